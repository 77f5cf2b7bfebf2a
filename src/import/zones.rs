//! A feed's TZID as an IANA zone, as producers write them:
//!
//! - an IANA name (`Europe/Paris`), also behind a prefix some producers add
//!   (`/mozilla.org/20050126_1/Europe/Paris`);
//! - a Windows name (`Romance Standard Time`), as Outlook and Exchange
//!   write, mapped by CLDR's windowsZones table (the `windows-timezones`
//!   crate);
//! - anything else defined by a VTIMEZONE in the feed (`(UTC+01:00)
//!   Amsterdam, Berlin...`, `Customized Time Zone`): the IANA zone whose
//!   UTC offsets are the same at every transition and through the years
//!   around now.

use super::read::{Observance, ZoneDefinition};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use std::collections::BTreeMap;

/// The years over which a VTIMEZONE is compared with IANA zones: recent
/// rules, since feeds hold recent events.
const FIRST_YEAR: i32 = 2020;
const LAST_YEAR: i32 = 2032;

/// The zones a feed's TZIDs name.
pub struct Zones {
    resolved: BTreeMap<String, Result<Tz, String>>,
    /// The calendar's zone, which a name for several zones means first.
    home: Tz,
}

impl Zones {
    /// The zones of a feed's `definitions`, for a calendar in `home`: a
    /// Windows name or a definition that fits it too means it (Outlook's
    /// `Eastern Standard Time` in Toronto is Toronto's zone, not New
    /// York's, with the same clocks).
    pub fn new(definitions: &[ZoneDefinition], home: Tz) -> Zones {
        let mut resolved = BTreeMap::new();
        for definition in definitions {
            let zone = by_name_for(&definition.tzid, home).ok_or(()).or_else(|()| {
                matching_zone(definition, home).ok_or_else(|| {
                    format!(
                        "the time zone `{}` is defined by the feed, and no IANA zone has its UTC offsets",
                        definition.tzid
                    )
                })
            });
            resolved.insert(definition.tzid.clone(), zone);
        }
        Zones { resolved, home }
    }

    /// The IANA zone of a TZID; an error that says why there is none.
    pub fn zone(&self, tzid: &str) -> Result<Tz, String> {
        if let Some(found) = self.resolved.get(tzid) {
            return found.clone();
        }
        by_name_for(tzid, self.home).ok_or_else(|| {
            format!("the time zone `{tzid}` is neither an IANA nor a Windows zone name, and the feed does not define it")
        })
    }
}

/// [`by_name`], but a Windows name means `home` when `home` is one of
/// its zones.
fn by_name_for(tzid: &str, home: Tz) -> Option<Tz> {
    let windows = tzid
        .trim()
        .trim_matches('"')
        .parse::<windows_timezones::WindowsTimezone>();
    match windows {
        Ok(windows) if windows_timezones::WindowsTimezone::try_from(home) == Ok(windows) => {
            Some(home)
        }
        _ => by_name(tzid),
    }
}

/// A zone known by its name: IANA (possibly behind a path prefix) or
/// Windows. A fixed offset (`GMT`, `Etc/GMT-2`, Windows' `UTC-11`) is a
/// zone of its own, whose times [`is_fixed`] says to read as instants.
pub fn by_name(tzid: &str) -> Option<Tz> {
    let tzid = tzid.trim().trim_matches('"');
    if let Ok(tz) = crate::when::parse_timezone(tzid) {
        return Some(tz);
    }
    if let Some(tz) = tzid.parse::<Tz>().ok().filter(|tz| is_fixed(*tz)) {
        return Some(tz);
    }
    if let Ok(windows) = tzid.parse::<windows_timezones::WindowsTimezone>() {
        let tzdb = windows.tzdb_id();
        return crate::when::parse_timezone(tzdb)
            .ok()
            .or_else(|| tzdb.parse::<Tz>().ok().filter(|tz| is_fixed(*tz)));
    }
    // `/mozilla.org/20050126_1/Europe/Paris`: the last two or three parts.
    let parts: Vec<&str> = tzid.split('/').filter(|p| !p.is_empty()).collect();
    (2..=3.min(parts.len()))
        .filter_map(|n| crate::when::parse_timezone(&parts[parts.len() - n..].join("/")).ok())
        .next()
}

/// Whether `tz` is a fixed offset from UTC with no place (`Etc/GMT-2`,
/// `GMT`), which an event's `timezone:` cannot name: its times are
/// instants, written as UTC times are.
pub fn is_fixed(tz: Tz) -> bool {
    let name = tz.name();
    name.starts_with("Etc/")
        || [
            "GMT",
            "GMT0",
            "GMT+0",
            "GMT-0",
            "Greenwich",
            "UCT",
            "Universal",
            "Zulu",
        ]
        .contains(&name)
}

/// The instants at which a VTIMEZONE changes offset over the compared
/// years, with the offset from then on; the offset before the first.
/// Instants at which an offset (seconds from UTC) starts.
type Changes = Vec<(DateTime<Utc>, i32)>;

fn transitions(definition: &ZoneDefinition) -> Option<(i32, Changes)> {
    let mut changes = Vec::new();
    for observance in &definition.observances {
        for wall in onsets(observance)? {
            let instant =
                Utc.from_utc_datetime(&(wall - Duration::seconds(observance.from.into())));
            changes.push((instant, observance.to));
        }
    }
    changes.sort();
    let first = definition
        .observances
        .iter()
        .min_by_key(|o| o.start)
        .map(|o| o.from)?;
    Some((first, changes))
}

/// The local times an observance starts at, within the compared years.
fn onsets(observance: &Observance) -> Option<Vec<NaiveDateTime>> {
    let last = NaiveDate::from_ymd_opt(LAST_YEAR + 1, 1, 1)?.and_hms_opt(0, 0, 0)?;
    let first = NaiveDate::from_ymd_opt(FIRST_YEAR - 1, 1, 1)?.and_hms_opt(0, 0, 0)?;
    let mut walls = vec![observance.start];
    walls.extend(observance.rdates.iter().copied());
    if let Some(rule) = &observance.rrule {
        // Walls written as UTC, as recurrence.rs does: the rule runs on
        // wall-clock times. Old starts (1601, 1970) are moved to the first
        // compared year, which changes no yearly rule's dates.
        let mut start = observance.start;
        let until = rule_part(rule, "UNTIL")
            .and_then(|value| NaiveDate::parse_from_str(value.get(..8)?, "%Y%m%d").ok());
        // A rule that ended before the compared years (1987 to 2006, as
        // full-history zones write it) changes none of their offsets.
        if until.is_some_and(|until| until < first.date()) {
            walls.retain(|w| *w < last);
            return Some(walls);
        }
        // Moved, a counted rule would count from the wrong year.
        if start < first && rule_part(rule, "COUNT").is_none() {
            start = start.with_year_kept(FIRST_YEAR - 1)?;
        }
        let text = format!(
            "DTSTART:{}\nRRULE:{}",
            start.format("%Y%m%dT%H%M%SZ"),
            strip_until_zone(rule)
        );
        if !text.is_ascii() {
            return None;
        }
        let set: rrule::RRuleSet = text.parse().ok()?;
        let until = rrule::Tz::UTC.from_utc_datetime(&last);
        let found = set.before(until).all(200);
        walls.extend(found.dates.iter().map(|d| d.naive_utc()));
    }
    walls.retain(|w| *w < last);
    Some(walls)
}

/// The value of `key` in an RRULE (`UNTIL`, `COUNT`).
fn rule_part<'r>(rule: &'r str, key: &str) -> Option<&'r str> {
    rule.split(';').find_map(|part| {
        let (name, value) = part.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case(key)
            .then_some(value.trim())
    })
}

/// UNTIL in a VTIMEZONE's RRULE is UTC; read as a wall time it moves by
/// hours at most, which changes no yearly transition.
fn strip_until_zone(rule: &str) -> String {
    rule.split(';')
        .map(|part| match part.split_once('=') {
            Some((key, value)) if key.eq_ignore_ascii_case("UNTIL") => {
                let value = value.trim_end_matches(['Z', 'z']);
                let value = if value.len() == 8 {
                    format!("{value}T000000")
                } else {
                    value.to_string()
                };
                format!("UNTIL={value}Z")
            }
            _ => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join(";")
}

trait WithYear: Sized {
    fn with_year_kept(self, year: i32) -> Option<Self>;
}

impl WithYear for NaiveDateTime {
    fn with_year_kept(self, year: i32) -> Option<Self> {
        use chrono::Datelike;
        // A start on 29 February would not exist in most years.
        let date = NaiveDate::from_ymd_opt(year, self.month(), self.day().min(28))?;
        Some(date.and_time(self.time()))
    }
}

/// The instants at which two zones are compared: just before and after
/// each transition, and the first of every month.
fn samples(changes: &[(DateTime<Utc>, i32)]) -> Vec<DateTime<Utc>> {
    let mut at = Vec::new();
    use chrono::Datelike;
    for (instant, _) in changes {
        // A VTIMEZONE's first onset (often 1601) is no transition of today's zone.
        if instant.year() < FIRST_YEAR {
            continue;
        }
        at.push(*instant - Duration::minutes(1));
        at.push(*instant + Duration::minutes(1));
    }
    for year in FIRST_YEAR..=LAST_YEAR {
        for month in 1..=12 {
            if let Some(day) = NaiveDate::from_ymd_opt(year, month, 1) {
                at.push(Utc.from_utc_datetime(&day.and_hms_opt(12, 0, 0).expect("noon")));
            }
        }
    }
    at
}

fn offset_at(first: i32, changes: &[(DateTime<Utc>, i32)], at: DateTime<Utc>) -> i32 {
    changes
        .iter()
        .take_while(|(instant, _)| *instant <= at)
        .last()
        .map_or(first, |(_, to)| *to)
}

/// The IANA zone with the same offsets as a VTIMEZONE. Of several (Paris,
/// Berlin, Madrid...), one whose city the TZID names, else `home`, else
/// CLDR's for a Windows zone, else the first by name.
fn matching_zone(definition: &ZoneDefinition, home: Tz) -> Option<Tz> {
    let (first, changes) = transitions(definition)?;
    let at = samples(&changes);
    let wanted: Vec<i32> = at.iter().map(|t| offset_at(first, &changes, *t)).collect();
    let named = definition.tzid.to_lowercase();
    let mut candidates: Vec<Tz> = chrono_tz::TZ_VARIANTS
        .iter()
        .copied()
        .filter(|tz| tz.name().contains('/') && !tz.name().starts_with("Etc/"))
        .filter(|tz| crate::when::current_zone(*tz) == *tz)
        .filter(|tz| {
            at.iter().zip(&wanted).all(|(t, offset)| {
                tz.offset_from_utc_datetime(&t.naive_utc())
                    .fix()
                    .local_minus_utc()
                    == *offset
            })
        })
        .collect();
    candidates.sort_by_key(|tz| tz.name());
    let city = |tz: &Tz| {
        tz.name()
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .replace('_', " ")
            .to_lowercase()
    };
    if let Some(tz) = candidates.iter().find(|tz| named.contains(&city(tz))) {
        return Some(*tz);
    }
    if candidates.contains(&home) {
        return Some(home);
    }
    // CLDR's zone for a Windows zone is the one Outlook users mean; of
    // several, the first by Windows name ("Eastern Standard Time" before
    // "Turks And Caicos Standard Time").
    candidates
        .iter()
        .filter_map(|tz| {
            let windows = windows_timezones::WindowsTimezone::try_from(*tz).ok()?;
            (windows.tzdb_id() == tz.name()).then_some((windows.name(), *tz))
        })
        .min_by_key(|(name, _)| *name)
        .map(|(_, tz)| tz)
        .or(candidates.first().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn observance(start: &str, from: i32, to: i32, rrule: &str) -> Observance {
        Observance {
            start: NaiveDateTime::parse_from_str(start, "%Y%m%dT%H%M%S").unwrap(),
            from: from * 3600,
            to: to * 3600,
            rrule: Some(rrule.into()),
            rdates: Vec::new(),
        }
    }

    #[test]
    fn can_name_iana_windows_and_prefixed_zones() {
        assert_eq!(by_name("Europe/Paris"), Some(Tz::Europe__Paris));
        assert_eq!(by_name("Romance Standard Time"), Some(Tz::Europe__Paris));
        assert_eq!(
            by_name("Eastern Standard Time"),
            Some(Tz::America__New_York)
        );
        assert_eq!(
            by_name("/mozilla.org/20050126_1/Europe/Berlin"),
            Some(Tz::Europe__Berlin)
        );
        assert_eq!(by_name("Customized Time Zone"), None);
        // The calendar's own zone, where the Windows name covers it.
        let toronto = Zones::new(&[], Tz::America__Toronto);
        assert_eq!(
            toronto.zone("Eastern Standard Time"),
            Ok(Tz::America__Toronto)
        );
        assert_eq!(toronto.zone("Romance Standard Time"), Ok(Tz::Europe__Paris));
    }

    #[test]
    fn a_custom_vtimezone_is_the_iana_zone_with_its_transitions() {
        // Outlook's definition of central Europe, under a display name.
        let definition = ZoneDefinition {
            tzid: "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna".into(),
            observances: vec![
                observance("16010101T030000", 2, 1, "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"),
                observance("16010101T020000", 1, 2, "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"),
            ],
        };
        let zones = Zones::new(&[definition], Tz::UTC);
        let tz = zones
            .zone("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna")
            .unwrap();
        assert_eq!(tz, Tz::Europe__Amsterdam);
        // Eastern time, with the 2007 US rules.
        let eastern = ZoneDefinition {
            tzid: "Customized Time Zone".into(),
            observances: vec![
                observance(
                    "16010101T020000",
                    -4,
                    -5,
                    "FREQ=YEARLY;BYDAY=1SU;BYMONTH=11",
                ),
                observance("16010101T020000", -5, -4, "FREQ=YEARLY;BYDAY=2SU;BYMONTH=3"),
            ],
        };
        let in_toronto = Zones::new(std::slice::from_ref(&eastern), Tz::America__Toronto);
        assert_eq!(
            in_toronto.zone("Customized Time Zone"),
            Ok(Tz::America__Toronto)
        );
        let tz = Zones::new(&[eastern], Tz::UTC)
            .zone("Customized Time Zone")
            .unwrap();
        assert_eq!(tz, Tz::America__New_York);
        let probe = NaiveDate::from_ymd_opt(2027, 3, 20)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        assert_eq!(
            tz.offset_from_utc_datetime(&probe).fix().local_minus_utc(),
            -4 * 3600
        );
        assert_eq!(
            tz.offset_from_utc_datetime(&(probe - Duration::days(10)))
                .fix()
                .local_minus_utc(),
            -5 * 3600
        );
    }

    /// Full-history definitions keep rules that ended long ago, by a date
    /// or a count: they change none of today's offsets.
    #[test]
    fn a_vtimezone_with_ended_rules_is_its_iana_zone() {
        let eastern = |ended: Observance| ZoneDefinition {
            tzid: "My Eastern".into(),
            observances: vec![
                ended,
                observance("20070311T020000", -5, -4, "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU"),
                observance(
                    "20071104T020000",
                    -4,
                    -5,
                    "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU",
                ),
            ],
        };
        for ended in [
            observance(
                "20061029T020000",
                -4,
                -5,
                "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU;COUNT=1",
            ),
            observance(
                "19871025T020000",
                -4,
                -5,
                "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU;UNTIL=20061029T060000Z",
            ),
        ] {
            let tz = Zones::new(&[eastern(ended)], Tz::UTC).zone("My Eastern");
            assert_eq!(tz, Ok(Tz::America__New_York));
        }
    }

    #[test]
    fn errors_on_a_vtimezone_no_iana_zone_matches() {
        let odd = ZoneDefinition {
            tzid: "Somewhere".into(),
            observances: vec![
                observance("16010101T020000", 1, 2, "FREQ=YEARLY;BYDAY=1SU;BYMONTH=2"),
                observance("16010101T020000", 2, 1, "FREQ=YEARLY;BYDAY=1SU;BYMONTH=9"),
            ],
        };
        let err = Zones::new(&[odd], Tz::UTC).zone("Somewhere").unwrap_err();
        assert!(err.contains("no IANA zone has its UTC offsets"), "{err}");
        assert!(Zones::new(&[], Tz::UTC).zone("Nowhere").is_err());
    }
}
