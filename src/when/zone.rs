//! Time zones as contributors write them: a region and a city's IANA name,
//! with a suggestion for the usual mistakes (a city alone, an offset, an
//! abbreviation, a deprecated name).

use super::Invalid;
use crate::diagnostics::quote;
use crate::suggest::did_you_mean;
use chrono_tz::Tz;

mod links;

/// An IANA zone named after a region and a city (`Europe/Paris`), or
/// `UTC`. A deprecated one (`America/Montreal`) is read as the zone it now
/// names (`America/Toronto`), which is what every output says.
///
/// Offsets (`GMT+1`, `+01:00`, `Etc/GMT-1`) and abbreviations (`EST`,
/// `CET`) are refused even where the tz database knows them: they do not
/// follow a place's clock changes, so an event written with one is an hour
/// off for half the year (and `Etc/GMT+1` is UTC−1).
pub fn parse_timezone(name: &str) -> Result<Tz, Invalid> {
    let name = name.trim();
    read_timezone(name)
        .map_err(|invalid| super::spaces::unusual_space(name, "_").unwrap_or(invalid))
}

fn read_timezone(name: &str) -> Result<Tz, Invalid> {
    // Most files name a city's zone: read at once.
    if is_place_zone(name) {
        if let Ok(tz) = name.parse::<Tz>() {
            return Ok(current_zone(tz));
        }
    }
    if let Some(problem) = not_a_place(name) {
        return Err(problem);
    }
    if let Ok(tz) = name.parse::<Tz>() {
        return Ok(current_zone(tz));
    }
    let hint = if name.eq_ignore_ascii_case("UTC") {
        "write `UTC`, in capitals".to_string()
    } else if let Some(zone) = zone_of_city(name) {
        format!("a zone is named after its region and a city: did you mean `{zone}`?")
    } else if let Some(close) = did_you_mean(name, place_zones()) {
        format!("did you mean `{close}`?")
    } else {
        format!("use an IANA zone name such as {CITY_ZONES}")
    };
    Err(Invalid::new(
        format!("unknown time zone {}", quote(name)),
        hint,
    ))
}

/// The zones given as examples when no better one is known.
pub(super) const CITY_ZONES: &str = "`Europe/Paris` or `America/New_York`";

/// Zones a contributor may write: `Region/City` names and `UTC`.
fn is_place_zone(name: &str) -> bool {
    matches!(name, "UTC" | "Etc/UTC") || (name.contains('/') && !name.starts_with("Etc/"))
}

fn place_zones() -> impl Iterator<Item = &'static str> {
    chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| tz.name())
        .filter(|name| is_place_zone(name))
}

/// Usual abbreviations, and the zone of the city most people mean by each,
/// sorted by the abbreviation.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("AEDT", "`Australia/Sydney`"),
    ("AEST", "`Australia/Sydney`"),
    ("AKDT", "`America/Anchorage`"),
    ("AKST", "`America/Anchorage`"),
    ("BST", "`Europe/London`"),
    ("CDT", "`America/Chicago`"),
    ("CEST", "`Europe/Paris` or `Europe/Berlin`"),
    ("CET", "`Europe/Paris` or `Europe/Berlin`"),
    ("CST", "`America/Chicago`"),
    ("CST6CDT", "`America/Chicago`"),
    ("EDT", "`America/New_York`"),
    ("EEST", "`Europe/Athens`"),
    ("EET", "`Europe/Athens`"),
    ("EST", "`America/New_York`"),
    ("EST5EDT", "`America/New_York`"),
    ("HST", "`Pacific/Honolulu`"),
    ("JST", "`Asia/Tokyo`"),
    ("MDT", "`America/Denver`"),
    ("MEST", "`Europe/Paris` or `Europe/Berlin`"),
    ("MET", "`Europe/Paris` or `Europe/Berlin`"),
    (
        "MST",
        "`America/Denver` (or `America/Phoenix`, where the clocks do not change)",
    ),
    ("MST7MDT", "`America/Denver`"),
    ("PDT", "`America/Los_Angeles`"),
    ("PST", "`America/Los_Angeles`"),
    ("PST8PDT", "`America/Los_Angeles`"),
    ("WEST", "`Europe/Lisbon`"),
    ("WET", "`Europe/Lisbon`"),
];

/// The `timezone:` to give an event whose time was written with `zone`
/// after it: that zone when it names a place, or the city's zone an
/// abbreviation usually means, as a hint's words.
pub(super) fn timezone_meant(zone: &str) -> Option<String> {
    if is_place_zone(zone) && zone.parse::<Tz>().is_ok() {
        return Some(format!("`timezone: {zone}`"));
    }
    let upper = zone.to_ascii_uppercase();
    let i = ABBREVIATIONS
        .binary_search_by(|(short, _)| (*short).cmp(upper.as_str()))
        .ok()?;
    let cities = ABBREVIATIONS[i].1;
    Some(match cities.matches('`').count() {
        2 => format!("`timezone: {}`", cities.trim_matches('`')),
        _ => format!("the `timezone:` of its city, such as {cities}"),
    })
}

/// Why `name` is refused although it may name a zone of the tz database:
/// an offset, an abbreviation, GMT, or an old name without a city.
fn not_a_place(name: &str) -> Option<Invalid> {
    if let Some(minutes) = offset_written(name) {
        if minutes == 0 && name.to_ascii_uppercase().contains("GMT") {
            return Some(gmt_refused(name));
        }
        let hint = if minutes == 0 {
            "write `UTC`".to_string()
        } else {
            format!(
                "an offset stays the same when the clocks change for summer time: write the zone of the city the event is in, such as {CITY_ZONES}"
            )
        };
        return Some(Invalid::new(
            format!("{} is a UTC offset, not a time zone", quote(name)),
            hint,
        ));
    }
    let upper = name.to_ascii_uppercase();
    if upper == "GMT" {
        return Some(gmt_refused(name));
    }
    if let Ok(i) = ABBREVIATIONS.binary_search_by(|(short, _)| (*short).cmp(upper.as_str())) {
        return Some(Invalid::new(
            format!(
                "{} is an abbreviation, not a time zone named after a region and a city",
                quote(name)
            ),
            format!(
                "an abbreviation does not follow a place's clock changes: write the zone of the city, such as {}",
                ABBREVIATIONS[i].1
            ),
        ));
    }
    let tz = name.parse::<Tz>().ok()?;
    if is_place_zone(name) {
        return None;
    }
    let current = current_zone(tz).name();
    if current == "Etc/UTC" {
        // `Zulu`, `Universal`, `Etc/UCT`: UTC by another name.
        return None;
    }
    if current == "Etc/GMT" {
        return Some(gmt_refused(name));
    }
    let hint = if is_place_zone(current) {
        format!("a zone is named after its region and a city: did you mean `{current}`?")
    } else {
        format!("write the zone of the city the event is in, such as {CITY_ZONES}")
    };
    Some(Invalid::new(
        format!(
            "{} is not a time zone named after a region and a city",
            quote(name)
        ),
        hint,
    ))
}

/// `GMT` is UTC all year, though many who write it mean London's clock.
fn gmt_refused(name: &str) -> Invalid {
    Invalid::new(
        format!(
            "{} is not a time zone named after a region and a city",
            quote(name)
        ),
        "London is on GMT in winter only: write `Europe/London` for its clock, or `UTC` for a time that never changes".to_string(),
    )
}

/// The offset in minutes that `name` spells (`GMT+1`, `UTC-05:30`,
/// `+0100`, `Etc/GMT-2`), if it spells one. Its sign is not kept: the
/// `Etc/GMT` names count it the other way round.
fn offset_written(name: &str) -> Option<u32> {
    let compact: String = name
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')'))
        .map(|c| if c == '\u{2212}' { '-' } else { c })
        .collect();
    let upper = compact.to_ascii_uppercase();
    let rest = upper.strip_prefix("ETC/").unwrap_or(&upper);
    let rest = ["GMT", "UTC", "UT", "Z"]
        .iter()
        .find_map(|prefix| rest.strip_prefix(prefix))
        .unwrap_or(rest);
    let digits = rest.strip_prefix(['+', '-'])?;
    let (hours, minutes) = match digits.split_once(':') {
        Some(parts) => parts,
        None if digits.len() == 4 => digits.split_at(2),
        None => (digits, "0"),
    };
    let number = |s: &str| {
        (!s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    Some(number(hours)? * 60 + number(minutes)?)
}

/// The zone a deprecated name now stands for, or the zone itself.
pub fn current_zone(tz: Tz) -> Tz {
    links::LINKS
        .binary_search_by(|(old, _)| (*old).cmp(tz.name()))
        .ok()
        .and_then(|i| links::LINKS[i].1.parse().ok())
        .unwrap_or(tz)
}

/// The current zone whose city is `city` (`Montreal`, `new york`).
fn zone_of_city(city: &str) -> Option<&'static str> {
    // `Montréal`, `São Paulo`: zone names are written without accents.
    let wanted = crate::text::locale::unaccented(&city.replace(' ', "_"));
    chrono_tz::TZ_VARIANTS
        .iter()
        .filter(|tz| {
            let name = tz.name();
            name.contains('/')
                && is_place_zone(name)
                && name
                    .rsplit('/')
                    .next()
                    .is_some_and(|c| c.to_lowercase() == wanted)
        })
        .map(|tz| current_zone(*tz).name())
        .next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_city_written_with_accents_or_utc_in_lowercase_gets_its_zone() {
        for (written, meant) in [
            ("Montréal", "`America/Toronto`"),
            ("São Paulo", "`America/Sao_Paulo`"),
            ("utc", "`UTC`"),
        ] {
            let hint = parse_timezone(written)
                .unwrap_err()
                .hint
                .unwrap_or_default();
            assert!(hint.contains(meant), "{written}: {hint}");
        }
    }

    #[test]
    fn deprecated_zone_names_are_read_as_the_current_zone() {
        assert_eq!(
            parse_timezone("America/Montreal").unwrap(),
            chrono_tz::America::Toronto
        );
        assert_eq!(
            parse_timezone("Europe/Kiev").unwrap(),
            chrono_tz::Europe::Kyiv
        );
        assert_eq!(
            parse_timezone("Europe/Paris").unwrap(),
            chrono_tz::Europe::Paris
        );
        let sorted = links::LINKS.windows(2).all(|w| w[0].0 < w[1].0);
        assert!(sorted, "LINKS is searched by halves");
        for (old, current) in links::LINKS {
            let tz: Tz = current.parse().unwrap();
            assert_eq!(current_zone(old.parse().unwrap()), tz, "{old}");
        }
    }

    #[test]
    fn a_city_alone_gets_its_zone_suggested() {
        for (city, zone) in [
            ("Montreal", "America/Toronto"),
            ("new york", "America/New_York"),
            ("Kiev", "Europe/Kyiv"),
            ("paris", "Europe/Paris"),
        ] {
            let err = parse_timezone(city).unwrap_err();
            assert!(
                err.hint
                    .as_deref()
                    .unwrap_or_default()
                    .contains(&format!("`{zone}`")),
                "{city}: {err:?}"
            );
        }
    }

    #[test]
    fn errors_on_offsets_with_a_city_zone_as_hint_never_etc_gmt() {
        for offset in [
            "GMT+1",
            "UTC+1",
            "utc-05:00",
            "+01:00",
            "-0500",
            "UTC +2",
            "Etc/GMT+1",
            "Etc/GMT-14",
            "GMT\u{2212}3",
        ] {
            let err = parse_timezone(offset).unwrap_err();
            let hint = err.hint.clone().unwrap_or_default();
            assert!(err.message.contains("UTC offset"), "{offset}: {err:?}");
            assert!(hint.contains("`Europe/Paris`"), "{offset}: {err:?}");
            assert!(!hint.contains("Etc/"), "{offset}: {err:?}");
        }
        assert_eq!(
            parse_timezone("UTC+0").unwrap_err().hint.unwrap(),
            "write `UTC`"
        );
        for gmt in ["GMT", "GMT+0", "Etc/GMT", "Greenwich", "Etc/GMT0"] {
            let hint = parse_timezone(gmt).unwrap_err().hint.unwrap();
            assert!(hint.contains("`Europe/London`"), "{gmt}: {hint}");
        }
    }

    #[test]
    fn errors_on_abbreviations_with_the_city_zone_they_usually_mean() {
        let sorted = ABBREVIATIONS.windows(2).all(|w| w[0].0 < w[1].0);
        assert!(sorted, "ABBREVIATIONS is searched by halves");
        for (short, zone) in [
            ("EST", "America/New_York"),
            ("EST5EDT", "America/New_York"),
            ("CST6CDT", "America/Chicago"),
            ("MST", "America/Denver"),
            ("MST", "America/Phoenix"),
            ("MST7MDT", "America/Denver"),
            ("PST8PDT", "America/Los_Angeles"),
            ("HST", "Pacific/Honolulu"),
            ("CET", "Europe/Paris"),
            ("MET", "Europe/Berlin"),
            ("EET", "Europe/Athens"),
            ("WET", "Europe/Lisbon"),
            ("pst", "America/Los_Angeles"),
            ("Japan", "Asia/Tokyo"),
            ("US/Eastern ", "America/New_York"),
        ] {
            let found = parse_timezone(short);
            if short.contains('/') {
                assert_eq!(found.unwrap().name(), zone, "a region and a place is kept");
                continue;
            }
            let err = found.unwrap_err();
            let hint = err.hint.clone().unwrap_or_default();
            assert!(hint.contains(&format!("`{zone}`")), "{short}: {err:?}");
        }
        for name in ["Factory", "EST", "CET", "WET", "HST"] {
            assert!(parse_timezone(name).is_err(), "{name}");
        }
        for utc in ["UTC", "Etc/UTC", "Zulu"] {
            assert_eq!(parse_timezone(utc).unwrap().name(), "Etc/UTC", "{utc}");
        }
    }
}
