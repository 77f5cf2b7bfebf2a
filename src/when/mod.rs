//! Dates, times, durations, zones and weekdays as contributors write them.

use crate::diagnostics::quote;
use crate::suggest::did_you_mean;
use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone,
    Weekday,
};
use chrono_tz::Tz;

mod links;
pub mod now;
mod rfc3339;

pub use rfc3339::{
    basic_date, basic_date_time, hours_minutes, hours_minutes_bytes, push_date, push_rfc3339,
    rfc3339, usual_rfc3339, Written,
};

/// A problem with a value: what is wrong, and how to write it instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub message: String,
    pub hint: Option<String>,
}

impl Invalid {
    fn new(message: String, hint: impl Into<Option<String>>) -> Self {
        Invalid {
            message,
            hint: hint.into(),
        }
    }
}

/// A start or end as written: a wall-clock time, or a whole day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum When {
    Timed(NaiveDateTime),
    AllDay(NaiveDate),
}

impl When {
    pub fn date(self) -> NaiveDate {
        match self {
            When::Timed(t) => t.date(),
            When::AllDay(d) => d,
        }
    }
}

/// Years outside this range are almost always typos (2207 for 2027).
pub const YEARS: std::ops::RangeInclusive<i32> = 1970..=2199;

const WHEN_FORMS: &str = "write `YYYY-MM-DD HH:MM` (for example `2027-02-10 19:00`) or `YYYY-MM-DD` for an all-day event";

pub fn parse_date(text: &str) -> Result<NaiveDate, Invalid> {
    let text = text.trim();
    let parts: Vec<&str> = text.split('-').collect();
    let numbers: Option<Vec<u32>> =
        (parts.len() == 3 && parts[0].len() == 4 && parts[1].len() == 2 && parts[2].len() == 2)
            .then(|| parts.iter().map(|p| p.parse::<u32>().ok()).collect())
            .flatten();
    let Some(numbers) = numbers else {
        return Err(Invalid::new(
            format!("{} is not a date", quote(text)),
            "write dates as `YYYY-MM-DD`, for example `2027-02-10`".to_string(),
        ));
    };
    let (year, month, day) = (numbers[0] as i32, numbers[1], numbers[2]);
    if !YEARS.contains(&year) {
        return Err(Invalid::new(
            format!("the year {year} is out of range"),
            format!(
                "meetcal accepts years {} to {}; is it a typo?",
                YEARS.start(),
                YEARS.end()
            ),
        ));
    }
    if !(1..=12).contains(&month) {
        return Err(Invalid::new(
            format!("{} is not a date: there is no month {month}", quote(text)),
            "the month comes second: `YYYY-MM-DD`".to_string(),
        ));
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
        let days = days_in_month(year, month);
        let hint = if month == 2 && day == 29 {
            format!("{year} is not a leap year")
        } else {
            format!(
                "the last day of {} {year} is the {days}th",
                month_name(month)
            )
        };
        Invalid::new(
            format!(
                "{} is not a date: {} {year} has {days} days",
                quote(text),
                month_name(month)
            ),
            hint,
        )
    })
}

pub fn parse_when(text: &str) -> Result<When, Invalid> {
    let text = text.trim();
    let (date_text, time_text) = match text.find([' ', 'T']) {
        Some(i) => (&text[..i], Some(text[i + 1..].trim())),
        None => (text, None),
    };
    if date_text.len() != 10 {
        return Err(Invalid::new(
            format!("{} is not a date and time", quote(text)),
            WHEN_FORMS.to_string(),
        ));
    }
    let date = parse_date(date_text)?;
    let Some(time_text) = time_text else {
        return Ok(When::AllDay(date));
    };
    let time = NaiveTime::parse_from_str(time_text, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(time_text, "%H:%M:%S"))
        .map_err(|_| {
            Invalid::new(
                format!("{} is not a time of day", quote(time_text)),
                "write the time as 24-hour `HH:MM`, for example `19:00`, without a zone (set `timezone:` instead)".to_string(),
            )
        })?;
    Ok(When::Timed(date.and_time(time)))
}

/// The longest an event may last: a year. Real events run for weeks or
/// months (a 62-day online challenge, a season's exhibition); longer ones
/// are usually a typo in the end's year.
pub const MAX_DURATION_DAYS: i64 = 366;

/// `90m`, `2h`, `1h30m`, `2d`.
pub fn parse_duration(text: &str) -> Result<Duration, Invalid> {
    let trimmed = text.trim();
    let invalid = || {
        Invalid::new(
            format!("{} is not a duration", quote(trimmed)),
            "write a duration as `90m`, `2h`, `1h30m` or `2d`".to_string(),
        )
    };
    let mut total = Duration::zero();
    let mut number = String::new();
    let mut last_unit = 0;
    for c in trimmed.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let (rank, unit) = match c {
            'd' => (1, Duration::days(1)),
            'h' => (2, Duration::hours(1)),
            'm' => (3, Duration::minutes(1)),
            _ => return Err(invalid()),
        };
        if number.is_empty() || number.len() > 6 || rank <= last_unit {
            return Err(invalid());
        }
        let n: i32 = number.parse().map_err(|_| invalid())?;
        total += unit * n;
        number.clear();
        last_unit = rank;
    }
    if !number.is_empty() || last_unit == 0 {
        return Err(invalid());
    }
    if total <= Duration::zero() {
        return Err(Invalid::new(
            "a duration must be longer than zero".into(),
            "give the event's length (`duration: 90m`), or leave `duration` out when the end is not known".to_string(),
        ));
    }
    if total > Duration::days(MAX_DURATION_DAYS) {
        return Err(Invalid::new(
            format!("{} is longer than {MAX_DURATION_DAYS} days", quote(trimmed)),
            "for something that happens repeatedly, use `repeat:`".to_string(),
        ));
    }
    Ok(total)
}

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
    let hint = if let Some(zone) = zone_of_city(name) {
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
const CITY_ZONES: &str = "`Europe/Paris` or `America/New_York`";

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
    let wanted = city.replace(' ', "_").to_lowercase();
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

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

pub fn parse_weekday(text: &str) -> Result<Weekday, Invalid> {
    let lowered = text.trim().to_lowercase();
    if let Some((_, day)) = WEEKDAYS
        .iter()
        .find(|(name, _)| *name == lowered || (lowered.len() == 3 && name.starts_with(&lowered)))
    {
        return Ok(*day);
    }
    let hint = match did_you_mean(&lowered, WEEKDAYS.iter().map(|(n, _)| *n)) {
        Some(close) => format!("did you mean `{close}`?"),
        None => "weekdays are `monday` to `sunday`".into(),
    };
    Err(Invalid::new(
        format!("unknown weekday {}", quote(text)),
        hint,
    ))
}

pub fn weekday_name(day: Weekday) -> &'static str {
    WEEKDAYS[day.num_days_from_monday() as usize].0
}

fn month_name(month: u32) -> &'static str {
    crate::text::locale::Language::En.month(month)
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    let (next_year, next_month) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(next_year, next_month, 1)
        .and_then(|d| d.pred_opt())
        .map(|d| d.day())
        .unwrap_or(31)
}

/// How a wall-clock time maps onto a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalTime {
    Exact(DateTime<Tz>),
    /// The clocks jump over this time (spring forward).
    Gap,
    /// The time happens twice (fall back).
    Ambiguous(DateTime<Tz>, DateTime<Tz>),
}

pub fn local_time(tz: Tz, wall: NaiveDateTime) -> LocalTime {
    match tz.from_local_datetime(&wall) {
        LocalResult::Single(t) => LocalTime::Exact(t),
        LocalResult::Ambiguous(a, b) => LocalTime::Ambiguous(a.min(b), a.max(b)),
        LocalResult::None => LocalTime::Gap,
    }
}

/// The start and end instants of a timed occurrence: `start` on the
/// zone's clock, ending at the clock time `length` later, as the organizer
/// wrote it (a night out from 22:00 to 05:00 ends at 05:00 on the night the
/// clocks change too). A start the clocks skip or repeat is read as
/// [`resolve`] says, and the occurrence then lasts `length`: at 02:30 for an
/// hour, on the night 02:00 becomes 03:00, is 03:30 to 04:30.
pub fn span(tz: Tz, start: NaiveDateTime, length: Duration) -> (DateTime<Tz>, DateTime<Tz>) {
    match local_time(tz, start) {
        LocalTime::Exact(from) => (from, resolve(tz, start + length)),
        LocalTime::Ambiguous(from, _) => (from, from + length),
        LocalTime::Gap => {
            let from = resolve(tz, start);
            (from, from + length)
        }
    }
}

/// Whether an occurrence of a series at `start` for `length` is not "that
/// clock time, for that long": its start or end is skipped or repeated by
/// the zone, or the clocks change while it lasts. A calendar app repeats
/// the first occurrence's exact length; such an occurrence must be given
/// its own times.
pub fn clocks_change_within(tz: Tz, start: NaiveDateTime, length: Duration) -> bool {
    match (local_time(tz, start), local_time(tz, start + length)) {
        (LocalTime::Exact(from), LocalTime::Exact(to)) => to - from != length,
        _ => true,
    }
}

/// The instant for a wall-clock time, as RFC 5545 (3.3.5) says: a time in a
/// gap is read with the offset from before the gap, so it moves forward by the
/// gap's length; an ambiguous time is the first of its two instants.
pub fn resolve(tz: Tz, wall: NaiveDateTime) -> DateTime<Tz> {
    match local_time(tz, wall) {
        LocalTime::Exact(t) | LocalTime::Ambiguous(t, _) => t,
        LocalTime::Gap => {
            // Gaps last hours, not days: the offset a day earlier is the one before it.
            let before = tz.offset_from_utc_datetime(&(wall - Duration::days(1)));
            let utc =
                wall - Duration::seconds(i64::from(chrono::Offset::fix(&before).local_minus_utc()));
            tz.from_utc_datetime(&utc)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wall(text: &str) -> NaiveDateTime {
        match parse_when(text).unwrap() {
            When::Timed(t) => t,
            When::AllDay(_) => panic!("not timed"),
        }
    }

    #[test]
    fn can_parse_both_forms_and_the_t_separator() {
        assert_eq!(
            parse_when("2027-02-10 19:00").unwrap(),
            parse_when("2027-02-10T19:00").unwrap()
        );
        assert_eq!(
            parse_when("2027-03-18").unwrap(),
            When::AllDay(NaiveDate::from_ymd_opt(2027, 3, 18).unwrap())
        );
    }

    #[test]
    fn errors_on_impossible_dates_with_the_month_length() {
        let err = parse_when("2027-02-29 19:00").unwrap_err();
        assert!(err.message.contains("February 2027 has 28 days"), "{err:?}");
        assert!(parse_date("2028-02-29").is_ok(), "2028 is a leap year");
        assert!(parse_date("2100-02-29").is_err(), "2100 is not");
        assert!(parse_date("2027-13-01")
            .unwrap_err()
            .message
            .contains("no month 13"));
        assert!(parse_date("2027-04-31").is_err());
    }

    #[test]
    fn errors_on_bad_times_and_shapes() {
        assert!(parse_when("2027-02-10 25:00")
            .unwrap_err()
            .message
            .contains("not a time"));
        assert!(parse_when("10/02/2027").is_err());
        assert!(parse_when("2027-2-10").is_err());
        assert!(parse_when("2027-02-10 19:00+01:00").is_err());
        assert!(parse_date("3027-02-10")
            .unwrap_err()
            .message
            .contains("out of range"));
    }

    #[test]
    fn can_parse_durations() {
        assert_eq!(parse_duration("90m").unwrap(), Duration::minutes(90));
        assert_eq!(parse_duration("2h").unwrap(), Duration::hours(2));
        assert_eq!(parse_duration("1h30m").unwrap(), Duration::minutes(90));
        assert_eq!(parse_duration("2d").unwrap(), Duration::days(2));
        assert_eq!(parse_duration("62d").unwrap(), Duration::days(62));
        for bad in [
            "",
            "h",
            "30",
            "1m1h",
            "0m",
            "1.5h",
            "2 h",
            "99999999m",
            "367d",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad}");
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

    #[test]
    fn suggests_time_zones_and_weekdays() {
        let err = parse_timezone("Europe/Pariss").unwrap_err();
        assert_eq!(err.hint.as_deref(), Some("did you mean `Europe/Paris`?"));
        assert_eq!(parse_weekday("Thursday").unwrap(), Weekday::Thu);
        assert_eq!(parse_weekday("thu").unwrap(), Weekday::Thu);
        let err = parse_weekday("thursdy").unwrap_err();
        assert_eq!(err.hint.as_deref(), Some("did you mean `thursday`?"));
    }

    #[test]
    fn knows_dst_gaps_and_overlaps() {
        let paris = chrono_tz::Europe::Paris;
        assert_eq!(local_time(paris, wall("2027-03-28 02:30")), LocalTime::Gap);
        assert!(matches!(
            local_time(paris, wall("2027-10-31 02:30")),
            LocalTime::Ambiguous(..)
        ));
        assert!(matches!(
            local_time(paris, wall("2027-10-31 08:30")),
            LocalTime::Exact(_)
        ));
    }

    #[test]
    fn resolves_gaps_forward_and_overlaps_to_the_first_instant() {
        let paris = chrono_tz::Europe::Paris;
        let gap = resolve(paris, wall("2027-03-28 02:30"));
        assert_eq!(gap.to_rfc3339(), "2027-03-28T03:30:00+02:00");
        let overlap = resolve(paris, wall("2027-10-31 02:30"));
        assert_eq!(overlap.to_rfc3339(), "2027-10-31T02:30:00+02:00");
        let lord_howe = chrono_tz::Australia::Lord_Howe;
        // Lord Howe springs forward by 30 minutes at 02:00.
        let gap = resolve(lord_howe, wall("2027-10-03 02:15"));
        assert_eq!(gap.to_rfc3339(), "2027-10-03T02:45:00+11:00");
        let kathmandu = resolve(chrono_tz::Asia::Kathmandu, wall("2027-01-01 10:00"));
        assert_eq!(kathmandu.to_rfc3339(), "2027-01-01T10:00:00+05:45");
    }
}
