//! The `repeat:` rule: reading it, and listing the dates it produces.
//!
//! Dates come from the `rrule` crate. A series repeats in local wall-clock
//! time (a weekly 08:30 stays at 08:30 across daylight-saving changes), so
//! the rule runs on naive dates and the zone is applied afterwards
//! (`when::resolve`), where gaps and overlaps are handled on purpose.

use crate::diagnostics::quote;
use crate::fields::Fields;
use crate::suggest::did_you_mean;
use crate::when::{parse_date, parse_weekday, weekday_name, Invalid};
use crate::yaml::{Seg, Value};
use chrono::{Datelike, NaiveDate, Weekday};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    Day,
    Week,
    Month,
    Year,
}

const FREQUENCIES: [(&str, Frequency); 4] = [
    ("day", Frequency::Day),
    ("week", Frequency::Week),
    ("month", Frequency::Month),
    ("year", Frequency::Year),
];

/// Which days of the period the series falls on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum On {
    /// `every: week`, `on: [tuesday, thursday]`.
    Weekdays(Vec<Weekday>),
    /// `every: month`, `on: first wednesday` (`-1` is `last`).
    NthWeekday(i8, Weekday),
    /// `every: month`, `on: 15`.
    MonthDay(u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Never,
    /// Inclusive, in the event's zone.
    Until(NaiveDate),
    Count(u32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub every: Frequency,
    pub interval: u16,
    /// `None` repeats on the start's own weekday or day of the month.
    pub on: Option<On>,
    pub ending: Ending,
    /// Skipped dates, in the order written.
    pub except: Vec<NaiveDate>,
}

pub const REPEAT_FIELDS: &[&str] = &["every", "interval", "on", "until", "count", "except"];

/// The most occurrences one series may produce; see the limits in the docs.
pub const MAX_COUNT: u64 = 1000;
pub const MAX_INTERVAL: u64 = 366;
/// The most dates one series may skip.
pub const MAX_EXCEPT: usize = 1000;

const ORDINALS: [(&str, i8); 6] = [
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("last", -1),
];

impl Rule {
    /// Reads a `repeat:` map; problems go to the file's diagnostics.
    pub fn read(mut fields: Fields) -> Option<Rule> {
        let every_path = fields.path("every");
        let every =
            fields
                .required_text("every", "week")
                .and_then(|text| match parse_frequency(&text) {
                    Ok(every) => Some(every),
                    Err(e) => {
                        fields.ctx.error_at_value(&every_path, e.message, e.hint);
                        None
                    }
                });
        let interval = fields
            .whole_number(
                "interval",
                1,
                MAX_INTERVAL,
                "`interval: 2` means every other week (or day, month, year); leave it out for every one",
            )
            .unwrap_or(1) as u16;
        let on = match every {
            Some(every) => read_on(&mut fields, every),
            None => {
                // Without a valid `every`, `on` cannot be judged; drop it silently.
                fields.take("on");
                None
            }
        };
        let until_path = fields.path("until");
        let until = fields
            .text("until")
            .and_then(|text| match parse_date(&text) {
                Ok(date) => Some(date),
                Err(e) => {
                    fields.ctx.error_at_value(&until_path, e.message, e.hint);
                    None
                }
            });
        let count = fields.whole_number(
            "count",
            1,
            MAX_COUNT,
            "for a longer series, end it with `until: YYYY-MM-DD` or leave it open-ended",
        );
        let ending = match (until, count) {
            (Some(_), Some(_)) => {
                fields.ctx.error(
                    &fields.path("count"),
                    "give either `until` or `count`, not both".into(),
                    Some(
                        "`until: 2027-06-24` ends on a date; `count: 10` after ten occurrences"
                            .into(),
                    ),
                );
                Ending::Never
            }
            (Some(date), None) => Ending::Until(date),
            (None, Some(n)) => Ending::Count(n as u32),
            (None, None) => Ending::Never,
        };
        let mut except = Vec::new();
        let except_path = fields.path("except");
        let items = fields.text_list("except");
        if items.len() > MAX_EXCEPT {
            fields.ctx.error(
                &except_path,
                format!(
                    "{} dates in `except` is too many; at most {MAX_EXCEPT} are allowed",
                    items.len()
                ),
                Some("end the series with `until` and start a new one after the break".into()),
            );
        }
        for (text, path) in items.into_iter().take(MAX_EXCEPT) {
            match parse_date(&text) {
                Ok(date) => except.push(date),
                Err(e) => fields.ctx.error_at_value(&path, e.message, e.hint),
            }
        }
        fields.finish();
        Some(Rule {
            every: every?,
            interval,
            on,
            ending,
            except,
        })
    }

    /// Checks that the start is the series' first occurrence and the rule can
    /// produce one, so the feed and the site agree on the first date.
    pub fn check_start(&self, start: NaiveDate) -> Result<(), Invalid> {
        if let Ending::Until(until) = self.ending {
            if until < start {
                return Err(Invalid {
                    message: format!("`until` {until} is before the start {start}"),
                    hint: Some("`until` is the last date on which the series may happen".into()),
                });
            }
        }
        let matches = match &self.on {
            None => true,
            Some(On::Weekdays(days)) => days.contains(&start.weekday()),
            Some(On::MonthDay(day)) => start.day() == u32::from(*day),
            Some(On::NthWeekday(n, day)) => {
                start.weekday() == *day && nth_of_month(start).contains(n)
            }
        };
        if matches {
            return Ok(());
        }
        let first = self.first_date_from(start);
        Err(Invalid {
            message: format!(
                "the start {start} ({}) is not a date of this series",
                weekday_name(start.weekday())
            ),
            hint: Some(match first {
                Some(date) => format!("the first date of the series is {date}; start it there"),
                None => "make the start one of the dates the rule describes".into(),
            }),
        })
    }

    fn first_date_from(&self, start: NaiveDate) -> Option<NaiveDate> {
        let rule = Rule {
            ending: Ending::Never,
            except: Vec::new(),
            ..self.clone()
        };
        let set = rule.to_rrule(start).ok()?;
        set.into_iter()
            .map(|dt| dt.date_naive())
            .find(|date| *date > start)
    }

    /// The dates of the series from its start up to `last` (inclusive), without
    /// the `except` dates, at most `limit` of them (the latest are kept).
    pub fn dates(&self, start: NaiveDate, last: NaiveDate, limit: usize) -> Vec<NaiveDate> {
        let Ok(set) = self.to_rrule(start) else {
            return Vec::new();
        };
        let mut except = self.except.clone();
        except.sort_unstable();
        let mut dates: Vec<NaiveDate> = Vec::new();
        for dt in &set {
            let date = dt.date_naive();
            if date > last {
                break;
            }
            if except.binary_search(&date).is_err() {
                dates.push(date);
            }
        }
        if dates.len() > limit {
            dates.drain(..dates.len() - limit);
        }
        dates
    }

    pub fn is_date(&self, start: NaiveDate, date: NaiveDate) -> bool {
        self.dates(start, date, usize::MAX).last() == Some(&date)
    }

    /// The rule as an RFC 5545 RRULE value (3.3.10), with `until` writing
    /// UNTIL's value. The one encoding of a rule: the feeds carry it, and
    /// expansion reads it back, so the two cannot disagree.
    pub fn to_ical(&self, until: impl FnOnce(NaiveDate) -> String) -> String {
        let freq = match self.every {
            Frequency::Day => "DAILY",
            Frequency::Week => "WEEKLY",
            Frequency::Month => "MONTHLY",
            Frequency::Year => "YEARLY",
        };
        let mut parts = vec![format!("FREQ={freq}")];
        if self.interval > 1 {
            parts.push(format!("INTERVAL={}", self.interval));
        }
        match &self.on {
            Some(On::Weekdays(days)) => {
                let codes: Vec<&str> = days.iter().map(|d| weekday_code(*d)).collect();
                parts.push(format!("BYDAY={}", codes.join(",")));
                // Which weeks count for "every other week" depends on where
                // a week starts once it holds several days: Monday, said
                // outright since some clients assume Sunday. Elsewhere WKST
                // changes no date, and RFC 5545's default is Monday.
                if self.interval > 1 && days.len() > 1 {
                    parts.push("WKST=MO".into());
                }
            }
            Some(On::NthWeekday(n, day)) => parts.push(format!("BYDAY={n}{}", weekday_code(*day))),
            Some(On::MonthDay(day)) => parts.push(format!("BYMONTHDAY={day}")),
            None => {}
        }
        match self.ending {
            Ending::Never => {}
            Ending::Count(n) => parts.push(format!("COUNT={n}")),
            Ending::Until(date) => parts.push(format!("UNTIL={}", until(date))),
        }
        parts.join(";")
    }

    /// The rule for the `rrule` crate, read from [`Rule::to_ical`], on
    /// naive dates written as UTC: the series starts at noon on `start`,
    /// and ends at the last second of its until date.
    fn to_rrule(&self, start: NaiveDate) -> Result<rrule::RRuleSet, rrule::RRuleError> {
        let text = format!(
            "DTSTART:{}T120000Z\nRRULE:{}",
            start.format("%Y%m%d"),
            self.to_ical(|until| format!("{}T235959Z", until.format("%Y%m%d")))
        );
        text.parse()
    }
}

/// RFC 5545's two-letter weekday codes.
pub fn weekday_code(day: Weekday) -> &'static str {
    ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][day.num_days_from_monday() as usize]
}

/// Which "nth weekday of the month" a date is: 1..=5 from the start, -1 if last.
fn nth_of_month(date: NaiveDate) -> Vec<i8> {
    let mut ns = vec![((date.day() - 1) / 7 + 1) as i8];
    let days = crate::when::days_in_month(date.year(), date.month());
    if date.day() + 7 > days {
        ns.push(-1);
    }
    ns
}

fn parse_frequency(text: &str) -> Result<Frequency, Invalid> {
    let lowered = text.trim().to_lowercase();
    let aliases = [
        ("daily", "day"),
        ("weekly", "week"),
        ("monthly", "month"),
        ("yearly", "year"),
        ("annually", "year"),
    ];
    if ["fortnight", "fortnightly", "biweekly"].contains(&lowered.as_str()) {
        return Err(Invalid {
            message: format!("unknown repetition {}", quote(text)),
            hint: Some("for every two weeks, write `every: week` and `interval: 2`".into()),
        });
    }
    if let Some((_, every)) = FREQUENCIES.iter().find(|(name, _)| *name == lowered) {
        return Ok(*every);
    }
    let hint = if let Some((_, name)) = aliases.iter().find(|(alias, _)| *alias == lowered) {
        format!("write `every: {name}`")
    } else if let Some(close) = did_you_mean(&lowered, FREQUENCIES.iter().map(|(n, _)| *n)) {
        format!("did you mean `{close}`?")
    } else {
        "`every` is one of: day, week, month, year".into()
    };
    Err(Invalid {
        message: format!("unknown repetition {}", quote(text)),
        hint: Some(hint),
    })
}

fn read_on(fields: &mut Fields, every: Frequency) -> Option<On> {
    let path = fields.path("on");
    let value = fields.take("on")?;
    let ctx = fields.ctx;
    match every {
        Frequency::Day | Frequency::Year => {
            ctx.error(
                &path,
                "`on` applies only to `every: week` and `every: month`".into(),
                Some("remove `on`: the series repeats on the start's date".into()),
            );
            None
        }
        Frequency::Week => {
            let items: Vec<(Value, Vec<Seg>)> = match value {
                Value::Sequence(items) => items
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| {
                        let mut p = path.clone();
                        p.push(Seg::Index(i));
                        (v, p)
                    })
                    .collect(),
                other => vec![(other, path.clone())],
            };
            let mut days = Vec::new();
            for (item, item_path) in items {
                let text = item.as_str().unwrap_or_default();
                match parse_weekday(text) {
                    Ok(day) if !days.contains(&day) => days.push(day),
                    Ok(_) => {}
                    Err(e) => ctx.error_at_value(&item_path, e.message, e.hint),
                }
            }
            (!days.is_empty()).then_some(On::Weekdays(days))
        }
        Frequency::Month => {
            let parsed = match &value {
                Value::Number(n) => match n.as_u64() {
                    Some(day @ 1..=31) => Ok(On::MonthDay(day as u8)),
                    _ => Err(Invalid {
                        message: format!("there is no day {n} in a month"),
                        hint: Some("a day of the month is a number from 1 to 31".into()),
                    }),
                },
                Value::String(text) => parse_month_on(text),
                _ => Err(Invalid {
                    message: "`on` must be a text like `first wednesday` or a day number".into(),
                    hint: None,
                }),
            };
            parsed
                .map_err(|e| ctx.error_at_value(&path, e.message, e.hint))
                .ok()
        }
    }
}

/// `first wednesday`, `last friday`, or a day number written as text.
fn parse_month_on(text: &str) -> Result<On, Invalid> {
    let lowered = text.trim().to_lowercase();
    if let Ok(day) = lowered.parse::<u8>() {
        if (1..=31).contains(&day) {
            return Ok(On::MonthDay(day));
        }
    }
    let words: Vec<&str> = lowered.split_whitespace().collect();
    let example = "write it as `first wednesday`, `last friday` (first, second, third, fourth, fifth or last) or a day number such as `15`";
    let [ordinal, weekday] = words[..] else {
        return Err(Invalid {
            message: format!("{} is not a day of the month", quote(text)),
            hint: Some(example.into()),
        });
    };
    let n = match ORDINALS.iter().find(|(name, _)| *name == ordinal) {
        Some((_, n)) => *n,
        None => {
            let hint = match did_you_mean(ordinal, ORDINALS.iter().map(|(n, _)| *n)) {
                Some(close) => format!("did you mean `{close}`?"),
                None => example.into(),
            };
            return Err(Invalid {
                message: format!("unknown ordinal {}", quote(ordinal)),
                hint: Some(hint),
            });
        }
    };
    let day = parse_weekday(weekday)?;
    Ok(On::NthWeekday(n, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        parse_date(text).unwrap()
    }

    fn rule(every: Frequency, on: Option<On>, ending: Ending) -> Rule {
        Rule {
            every,
            interval: 1,
            on,
            ending,
            except: Vec::new(),
        }
    }

    #[test]
    fn weekly_dates_skip_exceptions_and_stop_at_until() {
        let mut r = rule(
            Frequency::Week,
            Some(On::Weekdays(vec![Weekday::Thu])),
            Ending::Until(date("2027-01-28")),
        );
        r.except = vec![date("2027-01-14")];
        let dates = r.dates(date("2027-01-07"), date("2030-01-01"), usize::MAX);
        assert_eq!(
            dates,
            vec![date("2027-01-07"), date("2027-01-21"), date("2027-01-28")]
        );
    }

    #[test]
    fn count_is_applied_before_exceptions() {
        let mut r = rule(Frequency::Day, None, Ending::Count(3));
        r.except = vec![date("2027-01-02")];
        let dates = r.dates(date("2027-01-01"), date("2030-01-01"), usize::MAX);
        assert_eq!(dates, vec![date("2027-01-01"), date("2027-01-03")]);
    }

    #[test]
    fn can_expand_nth_and_last_weekdays() {
        let first_wed = rule(
            Frequency::Month,
            Some(On::NthWeekday(1, Weekday::Wed)),
            Ending::Count(3),
        );
        let dates = first_wed.dates(date("2027-01-06"), date("2030-01-01"), usize::MAX);
        assert_eq!(
            dates,
            vec![date("2027-01-06"), date("2027-02-03"), date("2027-03-03")]
        );
        let last_fri = rule(
            Frequency::Month,
            Some(On::NthWeekday(-1, Weekday::Fri)),
            Ending::Count(3),
        );
        let dates = last_fri.dates(date("2027-01-29"), date("2030-01-01"), usize::MAX);
        assert_eq!(
            dates,
            vec![date("2027-01-29"), date("2027-02-26"), date("2027-03-26")]
        );
    }

    #[test]
    fn fifth_weekdays_skip_months_without_one() {
        let fifth_fri = rule(
            Frequency::Month,
            Some(On::NthWeekday(5, Weekday::Fri)),
            Ending::Count(3),
        );
        let dates = fifth_fri.dates(date("2027-01-29"), date("2030-01-01"), usize::MAX);
        assert_eq!(
            dates,
            vec![date("2027-01-29"), date("2027-04-30"), date("2027-07-30")]
        );
    }

    #[test]
    fn month_ends_and_leap_days_are_skipped_where_missing() {
        let day_31 = rule(Frequency::Month, Some(On::MonthDay(31)), Ending::Count(4));
        let dates = day_31.dates(date("2027-01-31"), date("2030-01-01"), usize::MAX);
        assert_eq!(
            dates,
            vec![
                date("2027-01-31"),
                date("2027-03-31"),
                date("2027-05-31"),
                date("2027-07-31")
            ]
        );
        let leap = rule(Frequency::Year, None, Ending::Count(3));
        let dates = leap.dates(date("2028-02-29"), date("2040-01-01"), usize::MAX);
        assert_eq!(
            dates,
            vec![date("2028-02-29"), date("2032-02-29"), date("2036-02-29")]
        );
    }

    #[test]
    fn intervals_and_several_weekdays() {
        let mut r = rule(
            Frequency::Week,
            Some(On::Weekdays(vec![Weekday::Tue, Weekday::Thu])),
            Ending::Count(4),
        );
        r.interval = 2;
        let dates = r.dates(date("2027-01-05"), date("2030-01-01"), usize::MAX);
        assert_eq!(
            dates,
            vec![
                date("2027-01-05"),
                date("2027-01-07"),
                date("2027-01-19"),
                date("2027-01-21")
            ]
        );
    }

    #[test]
    fn open_ended_series_stop_at_the_horizon_and_the_limit() {
        let r = rule(Frequency::Day, None, Ending::Never);
        let dates = r.dates(date("2027-01-01"), date("2027-12-31"), usize::MAX);
        assert_eq!(dates.len(), 365);
        let limited = r.dates(date("2027-01-01"), date("2027-12-31"), 10);
        assert_eq!(limited.first(), Some(&date("2027-12-22")));
    }

    #[test]
    fn errors_when_the_start_is_not_a_date_of_the_series() {
        let r = rule(
            Frequency::Week,
            Some(On::Weekdays(vec![Weekday::Thu])),
            Ending::Never,
        );
        let err = r.check_start(date("2027-01-05")).unwrap_err();
        assert!(err.message.contains("(tuesday) is not a date"), "{err:?}");
        assert_eq!(
            err.hint.as_deref(),
            Some("the first date of the series is 2027-01-07; start it there")
        );
        let last = rule(
            Frequency::Month,
            Some(On::NthWeekday(-1, Weekday::Fri)),
            Ending::Never,
        );
        assert!(last.check_start(date("2027-01-29")).is_ok());
        assert!(last.check_start(date("2027-01-22")).is_err());
    }

    #[test]
    fn reads_month_forms_with_hints() {
        assert_eq!(
            parse_month_on("first Wednesday").unwrap(),
            On::NthWeekday(1, Weekday::Wed)
        );
        assert_eq!(parse_month_on("15").unwrap(), On::MonthDay(15));
        let err = parse_month_on("frist wednesday").unwrap_err();
        assert_eq!(err.hint.as_deref(), Some("did you mean `first`?"));
        assert!(parse_month_on("first").is_err());
        assert!(parse_month_on("32").is_err());
        let err = parse_frequency("weekly").unwrap_err();
        assert_eq!(err.hint.as_deref(), Some("write `every: week`"));
    }
}
