//! An RRULE as meetcal's `repeat:`, when `repeat:` can say it; otherwise
//! the dates it produces, when there are few enough to write one by one.

use crate::parse::{MAX_COUNT, MAX_INTERVAL};
use crate::recurrence::{Ending, Frequency, On, Rule};
use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};
use std::collections::BTreeMap;

/// The most single events one rule is expanded into.
pub const MAX_EXPANDED: usize = 500;

/// The parts of an RRULE, by upper-case name.
pub fn parts(rrule: &str) -> BTreeMap<String, String> {
    rrule
        .split(';')
        .filter_map(|part| part.split_once('='))
        .map(|(k, v)| (k.trim().to_uppercase(), v.trim().to_uppercase()))
        .collect()
}

/// Whether the rule ends (COUNT or UNTIL).
pub fn is_bounded(rrule: &str) -> bool {
    let parts = parts(rrule);
    parts.contains_key("COUNT") || parts.contains_key("UNTIL")
}

fn weekday(code: &str) -> Option<Weekday> {
    Some(match code {
        "MO" => Weekday::Mon,
        "TU" => Weekday::Tue,
        "WE" => Weekday::Wed,
        "TH" => Weekday::Thu,
        "FR" => Weekday::Fri,
        "SA" => Weekday::Sat,
        "SU" => Weekday::Sun,
        _ => return None,
    })
}

/// `1WE`, `-1FR`, `TU`: the ordinal (if any) and the weekday.
fn by_day(item: &str) -> Option<(Option<i8>, Weekday)> {
    let split = item.len().checked_sub(2)?;
    let day = weekday(item.get(split..)?)?;
    let ordinal = item.get(..split)?;
    if ordinal.is_empty() {
        return Some((None, day));
    }
    Some((Some(ordinal.trim_start_matches('+').parse().ok()?), day))
}

/// The rule as `repeat:`, or why `repeat:` cannot say it. `start` is the
/// first occurrence's wall-clock time; `until` turns UNTIL's value into a
/// wall-clock time in the event's zone.
pub fn to_repeat(
    rrule: &str,
    start: NaiveDateTime,
    all_day: bool,
    until: impl Fn(&str) -> Option<NaiveDateTime>,
) -> Result<Rule, String> {
    let parts = parts(rrule);
    if let Some(other) = parts.keys().find(|k| {
        !matches!(
            k.as_str(),
            "FREQ" | "INTERVAL" | "COUNT" | "UNTIL" | "BYDAY" | "BYMONTHDAY" | "BYMONTH" | "WKST"
        )
    }) {
        return Err(format!(
            "its rule uses {other}, which `repeat` cannot express"
        ));
    }
    let get = |k: &str| parts.get(k).map(String::as_str);
    let mut every = match get("FREQ") {
        Some("DAILY") => Frequency::Day,
        Some("WEEKLY") => Frequency::Week,
        Some("MONTHLY") => Frequency::Month,
        Some("YEARLY") => Frequency::Year,
        Some(other) => return Err(format!("it repeats {other}, which `repeat` cannot express")),
        None => return Err("its RRULE has no FREQ".into()),
    };
    let interval: u64 = get("INTERVAL")
        .map_or(Ok(1), str::parse)
        .map_err(|_| "its INTERVAL is not a number")?;
    if !(1..=MAX_INTERVAL).contains(&interval) {
        return Err(format!("its INTERVAL {interval} is over {MAX_INTERVAL}"));
    }
    let date = start.date();
    let days: Vec<(Option<i8>, Weekday)> = match get("BYDAY") {
        Some(list) => list
            .split(',')
            .map(|item| {
                by_day(item.trim()).ok_or_else(|| format!("BYDAY `{item}` is not a weekday"))
            })
            .collect::<Result<_, _>>()?,
        None => Vec::new(),
    };
    let month_days: Vec<i32> = match get("BYMONTHDAY") {
        Some(list) => list
            .split(',')
            .map(|d| {
                d.trim()
                    .parse()
                    .map_err(|_| format!("BYMONTHDAY `{d}` is not a day"))
            })
            .collect::<Result<_, _>>()?,
        None => Vec::new(),
    };
    if let Some(months) = get("BYMONTH") {
        if every != Frequency::Year || months != date.month().to_string() {
            return Err(format!(
                "its rule is limited to months {months}, which `repeat` cannot express"
            ));
        }
    }
    let plain_days = || -> Option<Vec<Weekday>> {
        days.iter()
            .map(|(n, d)| n.is_none().then_some(*d))
            .collect()
    };
    // Every weekday, as Google writes it, is a weekly rule.
    if every == Frequency::Day && !days.is_empty() && interval == 1 {
        every = Frequency::Week;
    }
    let on = match (every, days.as_slice(), month_days.as_slice()) {
        (_, [], []) => None,
        (Frequency::Week, _, []) => Some(On::Weekdays(
            plain_days().ok_or("its weekly rule names nth weekdays")?,
        )),
        (Frequency::Month, [(Some(n), day)], []) if (1..=5).contains(n) || *n == -1 => {
            Some(On::NthWeekday(*n, *day))
        }
        (Frequency::Month, [], [day]) if (1..=31).contains(day) => Some(On::MonthDay(*day as u8)),
        (Frequency::Year, [], [day]) if *day == date.day() as i32 => None,
        _ => {
            return Err(format!(
                "its rule ({}) picks days `repeat` cannot express",
                rrule.trim()
            ))
        }
    };
    if let Some(On::Weekdays(list)) = &on {
        let wkst = get("WKST").unwrap_or("MO");
        if interval > 1 && list.len() > 1 && wkst != "MO" {
            return Err(format!(
                "its weeks start on {wkst}, and `repeat` counts weeks from Monday"
            ));
        }
    }
    let ending = match (get("COUNT"), get("UNTIL")) {
        (Some(_), Some(_)) => return Err("its rule has both COUNT and UNTIL".into()),
        (Some(count), None) => {
            let n: u64 = count.parse().map_err(|_| "its COUNT is not a number")?;
            if !(1..=MAX_COUNT).contains(&n) {
                return Err(format!("its COUNT {n} is over {MAX_COUNT}"));
            }
            Ending::Count(n as u32)
        }
        (None, Some(text)) => {
            let wall = until(text).ok_or_else(|| format!("its UNTIL `{text}` is not a time"))?;
            let last = if all_day || wall.time() >= start.time() {
                wall.date()
            } else {
                wall.date().pred_opt().unwrap_or(wall.date())
            };
            if last < date {
                return Err("its UNTIL is before its start".into());
            }
            Ending::Until(last)
        }
        (None, None) => Ending::Never,
    };
    let rule = Rule {
        every,
        interval: interval as u16,
        on,
        ending,
        except: Vec::new(),
    };
    rule.check_start(date)
        .map_err(|_| "its start is not one of the dates its rule gives".to_string())?;
    Ok(rule)
}

/// The wall-clock times a bounded rule gives, DTSTART first, at most
/// [`MAX_EXPANDED`]; `None` with the reason when it cannot be expanded.
pub fn expand(
    rrule: &str,
    start: NaiveDateTime,
    until: impl Fn(&str) -> Option<NaiveDateTime>,
) -> Result<Vec<NaiveDateTime>, String> {
    if !is_bounded(rrule) {
        return Err("it has no end (COUNT or UNTIL) to write its dates one by one".into());
    }
    // Wall-clock times written as UTC, as recurrence.rs does: the rule runs
    // on local times and each date gets its zone afterwards.
    let mut rewritten = Vec::new();
    for part in rrule.split(';') {
        match part.split_once('=') {
            Some((key, value)) if key.trim().eq_ignore_ascii_case("UNTIL") => {
                let wall = until(value.trim())
                    .ok_or_else(|| format!("its UNTIL `{value}` is not a time"))?;
                rewritten.push(format!("UNTIL={}", wall.format("%Y%m%dT%H%M%SZ")));
            }
            _ => rewritten.push(part.to_string()),
        }
    }
    let text = format!(
        "DTSTART:{}\nRRULE:{}",
        start.format("%Y%m%dT%H%M%SZ"),
        rewritten.join(";")
    );
    // The rule reader slices its text by bytes: ASCII only.
    if !text.is_ascii() {
        return Err("its rule has characters no rule has".into());
    }
    let set: rrule::RRuleSet = text
        .parse()
        .map_err(|e| format!("its rule cannot be read: {e}"))?;
    let found = set.all(MAX_EXPANDED as u16 + 1);
    if found.dates.len() > MAX_EXPANDED {
        return Err(format!(
            "it gives more than {MAX_EXPANDED} dates, too many to write one by one"
        ));
    }
    let mut walls: Vec<NaiveDateTime> = found.dates.iter().map(|d| d.naive_utc()).collect();
    // RFC 5545: DTSTART is the first occurrence even off the rule.
    if !walls.contains(&start) {
        walls.insert(0, start);
    }
    Ok(walls)
}

/// The date itself, for rules of all-day events.
pub fn midnight(date: NaiveDate) -> NaiveDateTime {
    date.and_hms_opt(0, 0, 0).expect("midnight exists")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    fn no_until(_: &str) -> Option<NaiveDateTime> {
        None
    }

    #[test]
    fn can_express_the_rules_repeat_knows() {
        let rule = to_repeat(
            "FREQ=WEEKLY;BYDAY=TH",
            at("2026-10-01 08:30"),
            false,
            no_until,
        )
        .unwrap();
        assert_eq!(rule.on, Some(On::Weekdays(vec![Weekday::Thu])));
        let rule = to_repeat(
            "FREQ=MONTHLY;BYDAY=-1FR;COUNT=5",
            at("2026-10-30 14:00"),
            false,
            no_until,
        )
        .unwrap();
        assert_eq!(rule.on, Some(On::NthWeekday(-1, Weekday::Fri)));
        assert_eq!(rule.ending, Ending::Count(5));
        let weekdays = to_repeat(
            "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR",
            at("2027-01-04 09:00"),
            false,
            no_until,
        )
        .unwrap();
        assert_eq!(weekdays.every, Frequency::Week);
        let yearly = to_repeat(
            "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=18",
            at("2027-03-18 00:00"),
            true,
            no_until,
        )
        .unwrap();
        assert_eq!((yearly.every, yearly.on), (Frequency::Year, None));
    }

    #[test]
    fn until_is_the_last_date_whose_occurrence_starts_by_then() {
        // 17:00 UTC is 19:00 in Paris: the 2 June occurrence at 19:00 is in.
        let rule = to_repeat(
            "FREQ=MONTHLY;BYDAY=1WE;UNTIL=20270602T170000Z",
            at("2026-10-07 19:00"),
            false,
            |_| Some(at("2027-06-02 19:00")),
        )
        .unwrap();
        assert_eq!(
            rule.ending,
            Ending::Until(NaiveDate::from_ymd_opt(2027, 6, 2).unwrap())
        );
        let rule = to_repeat("FREQ=DAILY;UNTIL=x", at("2027-01-01 19:00"), false, |_| {
            Some(at("2027-01-05 18:00"))
        })
        .unwrap();
        assert_eq!(
            rule.ending,
            Ending::Until(NaiveDate::from_ymd_opt(2027, 1, 4).unwrap())
        );
    }

    #[test]
    fn errors_on_rules_repeat_cannot_say() {
        for rule in [
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
            "FREQ=HOURLY",
            "FREQ=MONTHLY;BYDAY=-2FR",
            "FREQ=MONTHLY;BYMONTHDAY=1,15",
            "FREQ=YEARLY;BYMONTH=6",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;WKST=SU",
        ] {
            assert!(
                to_repeat(rule, at("2027-01-05 19:00"), false, no_until).is_err(),
                "{rule}"
            );
        }
        // The start is not a date of the rule.
        assert!(to_repeat(
            "FREQ=WEEKLY;BYDAY=TH",
            at("2027-01-05 19:00"),
            false,
            no_until
        )
        .is_err());
    }

    #[test]
    fn can_expand_a_bounded_rule_and_refuses_an_endless_one() {
        let walls = expand(
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=3",
            at("2027-01-29 18:00"),
            no_until,
        )
        .unwrap();
        assert_eq!(
            walls,
            vec![
                at("2027-01-29 18:00"),
                at("2027-02-26 18:00"),
                at("2027-03-31 18:00")
            ]
        );
        assert!(expand(
            "FREQ=MONTHLY;BYSETPOS=1;BYDAY=MO",
            at("2027-01-04 18:00"),
            no_until
        )
        .is_err());
        let err = expand("FREQ=DAILY;COUNT=900", at("2027-01-04 18:00"), no_until).unwrap_err();
        assert!(err.contains("more than 500"), "{err}");
    }
}
