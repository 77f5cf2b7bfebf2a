//! Dates, times, durations, zones and weekdays as contributors write them.

use crate::diagnostics::quote;
use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone,
    Timelike, Weekday,
};
use chrono_tz::Tz;

mod hints;
mod meant;
pub mod now;
mod rfc3339;
mod spaces;
mod zone;

pub use rfc3339::{
    basic_date, basic_date_time, hours_minutes, hours_minutes_bytes, push_date, push_rfc3339,
    rfc3339, usual_rfc3339, Written,
};
pub use zone::{current_zone, parse_timezone};

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

pub fn parse_date(text: &str) -> Result<NaiveDate, Invalid> {
    let text = text.trim();
    read_date(text).map_err(|invalid| spaces::unusual_space(text, " ").unwrap_or(invalid))
}

/// A trimmed `YYYY-MM-DD`. An unusual space makes it fail too: the caller
/// then names that space, without looking for one in every good value.
fn read_date(text: &str) -> Result<NaiveDate, Invalid> {
    let parts: Vec<&str> = text.split('-').collect();
    let numbers: Option<Vec<u32>> =
        (parts.len() == 3 && parts[0].len() == 4 && parts[1].len() == 2 && parts[2].len() == 2)
            .then(|| parts.iter().map(|p| p.parse::<u32>().ok()).collect())
            .flatten();
    let Some(numbers) = numbers else {
        return Err(Invalid::new(
            format!("{} is not a date", quote(text)),
            hints::not_a_date(text),
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
    when_of(None, text)
}

/// An event's `start`, as [`parse_when`] reads it; a hint writes the line.
pub fn parse_start(text: &str) -> Result<When, Invalid> {
    when_of(Some("start"), text)
}

/// The hint for a `start` that could not be read, without reading it again.
pub fn start_hint(text: &str) -> String {
    hints::when_hint(text.trim(), Some("start"))
}

fn when_of(field: Option<&str>, text: &str) -> Result<When, Invalid> {
    let text = text.trim();
    read_when(text, field).map_err(|invalid| spaces::unusual_space(text, " ").unwrap_or(invalid))
}

/// A trimmed start or end; see [`read_date`] for unusual spaces.
fn read_when(text: &str, field: Option<&str>) -> Result<When, Invalid> {
    let (date_text, time_text) = match text.find([' ', 'T']) {
        Some(i) => (&text[..i], Some(text[i + 1..].trim())),
        None => (text, None),
    };
    if date_text.len() != 10 || date_text.bytes().filter(|b| *b == b'-').count() != 2 {
        return Err(Invalid::new(
            format!("{} is not a date and time", quote(text)),
            hints::when_hint(text, field),
        ));
    }
    let date = read_date(date_text).map_err(|invalid| match time_text {
        // `14-01-2027 19:00`: the hint keeps the time.
        Some(_) if !meant::date_and_time(text).is_empty() => {
            Invalid::new(invalid.message, hints::when_hint(text, field))
        }
        _ => invalid,
    })?;
    let Some(time_text) = time_text else {
        return Ok(When::AllDay(date));
    };
    let time = clock(time_text).ok_or_else(|| hints::not_a_time(date, time_text))?;
    Ok(When::Timed(date.and_time(time)))
}

/// `HH:MM`, or `HH:MM:00` as other calendars export it. Pages and feeds
/// show minutes, so other seconds (and a leap second) are refused rather
/// than published as written.
fn clock(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text, "%H:%M").ok().or_else(|| {
        NaiveTime::parse_from_str(text, "%H:%M:%S")
            .ok()
            .filter(|at| at.second() == 0 && at.nanosecond() == 0)
    })
}

/// An event's `end`, as [`parse_when`] reads it; a time of day alone
/// (`end: 21:00`) gets a hint with the date of a timed `start`, and the
/// duration it makes.
pub fn parse_end(text: &str, start: Option<When>) -> Result<When, Invalid> {
    when_of(Some("end"), text).map_err(|invalid| hints::end_alone(text, start, invalid))
}

/// The longest an event may last: a year. Real events run for weeks or
/// months (a 62-day online challenge, a season's exhibition); longer ones
/// are usually a typo in the end's year.
pub const MAX_DURATION_DAYS: i64 = 366;

/// `90m`, `2h`, `1h30m`, `2d`.
pub fn parse_duration(text: &str) -> Result<Duration, Invalid> {
    let trimmed = text.trim();
    read_duration(trimmed).map_err(|invalid| spaces::unusual_space(trimmed, "").unwrap_or(invalid))
}

fn read_duration(trimmed: &str) -> Result<Duration, Invalid> {
    let invalid = || hints::not_a_duration(trimmed);
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
    Err(spaces::unusual_space(text.trim(), "")
        .unwrap_or_else(|| hints::unknown_weekday(text, &lowered)))
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

/// How a timed event's end was given, which says when it ends if the
/// clocks change while it lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ends {
    /// An `end:`: at the clock time written (a night out until 05:00 ends
    /// at 05:00 on the night the clocks go forward too).
    AtClockTime,
    /// A `duration:`, or the site's default length: that long after the
    /// start, in real time, whatever the clocks do meanwhile.
    AfterLength,
}

/// The start and end instants of a timed occurrence: `start` on the
/// zone's clock; with an `end:` ([`Ends::AtClockTime`]), ending at the
/// clock time `length` later, as the organizer wrote it (a night out from
/// 22:00 to 05:00 ends at 05:00 on the night the clocks change too); with
/// a `duration:` or the default ([`Ends::AfterLength`]), `length` later in
/// real time. A start the clocks skip or repeat is read as [`resolve`]
/// says, and the occurrence then lasts `length`: at 02:30 for an hour, on
/// the night 02:00 becomes 03:00, is 03:30 to 04:30.
pub fn span(
    tz: Tz,
    start: NaiveDateTime,
    length: Duration,
    ends: Ends,
) -> (DateTime<Tz>, DateTime<Tz>) {
    match (local_time(tz, start), ends) {
        (LocalTime::Exact(from), Ends::AtClockTime) => (from, resolve(tz, start + length)),
        (LocalTime::Exact(from) | LocalTime::Ambiguous(from, _), _) => (from, from + length),
        (LocalTime::Gap, _) => {
            let from = resolve(tz, start);
            (from, from + length)
        }
    }
}

/// Whether an occurrence of a series at `start` for `length` is not "that
/// clock time, for that long": its start or end is skipped or repeated by
/// the zone, or the clocks change while it lasts. Calendar apps disagree on
/// such a date: RFC 5545 repeats the first occurrence's exact length, and
/// ical.js, Python's icalendar and Sabre/VObject its length on the clock.
/// However its end was given, such an occurrence is given its own times.
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
mod tests;
