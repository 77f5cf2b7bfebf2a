//! The hints for values that could not be read: what a value written
//! another way most likely means, shown in meetcal's form.

use super::{meant, month_name, parse_date, parse_duration, weekday_name, Invalid, When, WEEKDAYS};
use crate::diagnostics::quote;
use crate::suggest::did_you_mean;
use crate::text::locale::Language;
use chrono::{Datelike, Duration, NaiveDate, NaiveTime};

const WHEN_FORMS: &str = "write `YYYY-MM-DD HH:MM` (for example `2027-02-10 19:00`) or `YYYY-MM-DD` for an all-day event";

/// The hint for a value that is not `YYYY-MM-DD`: the date alone when a
/// time follows it, else the dates it may mean.
pub(super) fn not_a_date(text: &str) -> String {
    match text.split_once([' ', 'T']).map(|(day, _)| parse_date(day)) {
        Some(Ok(day)) => format!("write the date alone: `{day}`"),
        _ => date_hint(&meant::dates(text)),
    }
}

/// The hint for a date not written `YYYY-MM-DD`, showing the dates it may
/// mean in that form.
fn date_hint(meant: &[NaiveDate]) -> String {
    match meant {
        [date] => format!("write dates as `YYYY-MM-DD`: `{date}`"),
        [first, second] => format!(
            "write dates as `YYYY-MM-DD`: `{first}` for {}, `{second}` for {}",
            spoken(*first),
            spoken(*second)
        ),
        _ => "write dates as `YYYY-MM-DD`, for example `2027-02-10`".to_string(),
    }
}

/// `10 February`.
fn spoken(date: NaiveDate) -> String {
    format!("{} {}", date.day(), month_name(date.month()))
}

/// The hint for a start or end not written `YYYY-MM-DD HH:MM`: the line
/// to write when the `field` is known, else its value.
pub(super) fn when_hint(text: &str, field: Option<&str>) -> String {
    // `Thu, Mar 12, 2027, 7:00 PM - 9:00 PM CET`, as event sites show it:
    // the zone goes to `timezone:`, the rest is read without it.
    if let Some((rest, last)) = text.trim().rsplit_once(' ') {
        let rest = rest.trim_end_matches(',');
        if let Some(timezone) = super::zone::timezone_meant(last) {
            let hint = when_hint(rest, field);
            if hint != WHEN_FORMS {
                return format!("{hint}, and give the event {timezone}");
            }
        }
        // `um 19:00 Uhr`: "o'clock" says nothing more.
        if is_oclock(last) {
            return when_hint(rest, field);
        }
    }
    if let [(date, (from, to))] = meant::date_and_range(text).as_slice() {
        return range_hint(*date, *from, *to);
    }
    let timed = meant::date_and_time(text);
    let line = field.map(|name| format!("{name}: ")).unwrap_or_default();
    let shown =
        |(date, at): &(NaiveDate, NaiveTime)| format!("`{line}{date} {}`", at.format("%H:%M"));
    match timed.as_slice() {
        [one] => return format!("write {}", shown(one)),
        [first, second] => {
            return format!(
                "write {} for {}, {} for {}",
                shown(first),
                spoken(first.0),
                shown(second),
                spoken(second.0)
            )
        }
        _ => {}
    }
    match meant::dates(text).as_slice() {
        [date] => format!("write `{date}` for an all-day event, or `{date} HH:MM` with its time"),
        [first, second] => format!(
            "write `{first}` for {}, `{second}` for {} (`YYYY-MM-DD`, then `HH:MM` for a time)",
            spoken(*first),
            spoken(*second)
        ),
        _ => WHEN_FORMS.to_string(),
    }
}

/// The problem with the time of `date`'s value that is not `HH:MM`: seconds,
/// a start and an end, the end of a day, another clock or a zone.
pub(super) fn not_a_time(date: NaiveDate, time_text: &str) -> Invalid {
    if let Ok(at) = NaiveTime::parse_from_str(time_text, "%H:%M:%S") {
        return Invalid::new(
            format!(
                "{} has seconds, and times are to the minute",
                quote(time_text)
            ),
            format!("write `{date} {}`", at.format("%H:%M")),
        );
    }
    let tomorrow = date.succ_opt().unwrap_or(date);
    // `2027-03-18 to 2027-03-20`: the days of an all-day event.
    if let Some(last) = last_day(time_text).filter(|last| *last > date) {
        return Invalid::new(
            format!("{} is a first and a last day", quote(&format!("{date} {time_text}"))),
            format!("write `start: {date}` and `end: {last}`: the end of an all-day event is its last day"),
        );
    }
    if let Some((from, to)) = meant::range(time_text) {
        return Invalid::new(
            format!("{} is a start and an end", quote(time_text)),
            range_hint(date, from, to),
        );
    }
    if let Some((from, to)) = meant::range_or_offset(time_text) {
        // Only a `-` joins a span that could be an offset.
        let offset = time_text.split_once('-').map_or("", |(_, after)| after);
        return Invalid::new(
            format!(
                "{} is a start and an end, or a time and its UTC offset",
                quote(time_text)
            ),
            format!(
                "from {} to {} the next day: {}; at {} UTC-{offset}: write `{date} {}` and give the event the `timezone:` of its city, such as {}",
                from.format("%H:%M"),
                to.format("%H:%M"),
                range_hint(date, from, to),
                from.format("%H:%M"),
                from.format("%H:%M"),
                super::zone::CITY_ZONES
            ),
        );
    }
    if ["24:00", "24h", "24h00", "24:00:00"].contains(&time_text) {
        return Invalid::new(
            format!("{} is not a time of day", quote(time_text)),
            format!(
                "midnight at the end of a day is `00:00` of the next: write `{tomorrow} 00:00`"
            ),
        );
    }
    let hint = match meant::time(time_text) {
        Some(at) => format!(
            "write the time as 24-hour `HH:MM`: `{date} {}`",
            at.format("%H:%M")
        ),
        None => match meant::zone_after(time_text) {
            // `19:00 Uhr`, `19:00 heures`: "o'clock", not a zone.
            Some((at, word)) if is_oclock(word) => {
                format!("write `{date} {at}`, without `{word}`: a time is `HH:MM` alone")
            }
            // The same clock in the event's zone would be another time.
            Some((at, zone)) if meant::is_utc(zone) => format!(
                "`{at}` with `{zone}` is UTC's clock: write the time as it is where the event happens, without the `{zone}` (its zone is its `timezone:`, by default its group's, else the site's), or write `{date} {at}` and add `timezone: UTC`"
            ),
            // The zone goes to `timezone:`, or the time would be the
            // site's clock.
            Some((at, zone)) => match super::zone::timezone_meant(zone) {
                Some(timezone) => format!(
                    "write `{date} {at}` without `{zone}`, and give the event {timezone}: an event's zone is its `timezone:`, not part of its time"
                ),
                None => format!(
                    "write `{date} {at}` without `{zone}`, and give the event the `timezone:` of its city, such as {}",
                    super::zone::CITY_ZONES
                ),
            },
            None => match meant::leading_time(time_text) {
                Some((at, rest)) if is_oclock(rest) => format!(
                    "write `{date} {}`, without `{rest}`: a time is `HH:MM` alone",
                    at.format("%H:%M")
                ),
                // `7:30 PM (Paris time)`: the clock is read, whatever
                // the words after it say.
                Some((at, rest)) => format!(
                    "write `{date} {}` without `{rest}`; an event's zone is its `timezone:` (by default its group's, else the site's)",
                    at.format("%H:%M")
                ),
                None => match oclock(time_text) {
                    Some((hour, word)) => format!(
                        "write `{date} {hour:02}:00`, without `{word}`: a time is `HH:MM` alone"
                    ),
                    None => "write the time as 24-hour `HH:MM`, for example `19:00`, without a zone (set `timezone:` instead)".to_string(),
                },
            },
        },
    };
    Invalid::new(format!("{} is not a time of day", quote(time_text)), hint)
}

/// A word for "o'clock" written after a time, in the languages of
/// calendars meetcal has seen: German, French, Spanish, Dutch, Italian,
/// Polish, English.
fn is_oclock(word: &str) -> bool {
    let word = word.trim_end_matches('.').to_lowercase();
    [
        "uhr", "h", "heure", "heures", "horas", "hs", "uur", "ore", "godz", "hrs", "hours",
        "o'clock",
    ]
    .contains(&word.as_str())
}

/// `19 Uhr`: an hour and a word for "o'clock".
fn oclock(text: &str) -> Option<(u32, &str)> {
    let (hour, word) = text.trim().split_once(' ')?;
    let hour: u32 = hour.parse().ok().filter(|hour| *hour < 24)?;
    is_oclock(word.trim()).then_some((hour, word.trim()))
}

/// The last day of a span of days written after its first: `to 2027-03-20`,
/// `- 2027-03-20`, `au 2027-03-20`.
fn last_day(text: &str) -> Option<NaiveDate> {
    let (joint, day) = text.split_once(' ')?;
    ["to", "-", "–", "—", "until", "through", "au", "jusqu'au"]
        .contains(&joint.to_lowercase().as_str())
        .then(|| parse_date(day.trim()).ok())
        .flatten()
}

/// The `start` and `end` to write for a span of `date` written as one.
fn range_hint(date: NaiveDate, from: NaiveTime, to: NaiveTime) -> String {
    // `22:00-02:00` ends the next day.
    let end_day = match to <= from {
        true => date.succ_opt().unwrap_or(date),
        false => date,
    };
    format!(
        "write `start: {date} {}` and `end: {end_day} {}`",
        from.format("%H:%M"),
        to.format("%H:%M")
    )
}

/// An `end` that could not be read: a length (`end: 2h`) gets the
/// `duration:` to write, and a time of day alone (`end: 21:00`) the date of
/// a timed `start` and the duration it makes.
pub(super) fn end_alone(text: &str, start: Option<When>, invalid: Invalid) -> Invalid {
    // `end: 2h` is a length; `end: 23h` the French for 23:00.
    let length = parse_duration(text).ok();
    if length.is_some_and(|l| l <= Duration::hours(12)) {
        return Invalid::new(
            invalid.message,
            format!(
                "`{}` is a length: write `duration: {}` instead of `end:`, or give the end's date and time",
                text.trim(),
                text.trim()
            ),
        );
    }
    let at = NaiveTime::parse_from_str(text.trim(), "%H:%M")
        .ok()
        .or_else(|| meant::time(text));
    let (Some(When::Timed(start)), Some(at)) = (start, at) else {
        return invalid;
    };
    let mut end = start.date().and_time(at);
    if end <= start {
        // Past midnight.
        end += Duration::days(1);
    }
    let minutes = u32::try_from((end - start).num_minutes()).unwrap_or(0);
    let hint = match meant::written(0, minutes / 60, minutes % 60) {
        Some(length) => format!(
            "an end needs its date too: `end: {}`, or give `duration: {length}` instead",
            end.format("%Y-%m-%d %H:%M")
        ),
        None => return invalid,
    };
    Invalid::new(invalid.message, hint)
}

pub(super) fn not_a_duration(text: &str) -> Invalid {
    let hint = match meant::duration(text) {
        Some(meant) => {
            format!("write `{meant}`: durations are written `90m`, `2h`, `1h30m` or `2d`")
        }
        None => "write a duration as `90m`, `2h`, `1h30m` or `2d`".to_string(),
    };
    Invalid::new(format!("{} is not a duration", quote(text)), hint)
}

/// `lowered` is not a weekday: the English for a French one, or the
/// closest name.
pub(super) fn unknown_weekday(text: &str, lowered: &str) -> Invalid {
    // `mardi`: the days in French, as a French calendar's organizer writes them.
    let french = Language::Fr.weekday_named(lowered, false).map(weekday_name);
    let hint = match french.or_else(|| did_you_mean(lowered, WEEKDAYS.iter().map(|(n, _)| *n))) {
        Some(close) => format!("did you mean `{close}`?"),
        None => "weekdays are `monday` to `sunday`".into(),
    };
    Invalid::new(format!("unknown weekday {}", quote(text)), hint)
}
