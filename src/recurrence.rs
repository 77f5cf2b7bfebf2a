//! The `repeat:` rule: reading it, and listing the dates it produces.
//!
//! Daily and weekly rules are walked here (`Rule::walk_by_hand`); monthly
//! and yearly ones, and any walk not starting on one of the rule's dates,
//! go to the `rrule` crate, which the tests hold the hand walk to. A series repeats in local wall-clock
//! time (a weekly 08:30 stays at 08:30 across daylight-saving changes), so
//! the rule runs on naive dates and the zone is applied afterwards
//! (`when::resolve`), where gaps and overlaps are handled on purpose.

use crate::when::{weekday_name, Invalid};
use chrono::{Datelike, NaiveDate, Weekday};

mod resume;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    Day,
    Week,
    Month,
    Year,
}

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

impl Rule {
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

    /// The series' first date not in `except`: its start, unless the
    /// organizer skipped it. `None` when the rule skips every date it has.
    pub fn first_met(&self, start: NaiveDate) -> Option<NaiveDate> {
        if !self.except.contains(&start) {
            return Some(start);
        }
        let mut found = None;
        let mut seen = 0;
        let last = NaiveDate::from_ymd_opt(9998, 12, 31).expect("a valid date");
        self.each_date(start, last, &mut |date| {
            if !self.except.contains(&date) {
                found = Some(date);
                return false;
            }
            // Past `except`'s length of dates, one is not skipped.
            seen += 1;
            seen <= self.except.len()
        });
        found
    }

    /// Calls `keep` with each date of the rule from `from`, in order, until
    /// it returns false or the rule ends.
    fn each_date(
        &self,
        from: NaiveDate,
        last: NaiveDate,
        keep: &mut impl FnMut(NaiveDate) -> bool,
    ) {
        if self.walk_by_hand(from, last, keep) {
            return;
        }
        let Ok(set) = self.to_rrule(from) else {
            return;
        };
        for dt in &set {
            if !keep(dt.date_naive()) {
                break;
            }
        }
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
        self.walk(self, start, start, last, limit)
    }

    /// The dates of [`Rule::dates`] from `first` on: the same list, without
    /// walking every date before `first` when the rule allows a jump (see
    /// `Rule::resumed_before`). A weekly series ten years old has five
    /// hundred dates before a window of two years.
    pub fn dates_between(
        &self,
        start: NaiveDate,
        first: NaiveDate,
        last: NaiveDate,
        limit: usize,
    ) -> Vec<NaiveDate> {
        match self.resumed_before(start, first) {
            Some((rule, from)) => self.walk(&rule, from, first, last, limit),
            None => self.walk(self, start, first, last, limit),
        }
    }

    /// The series' first date from `first` to `last`, if it has one there:
    /// walks no further than that date.
    pub fn first_date_between(
        &self,
        start: NaiveDate,
        first: NaiveDate,
        last: NaiveDate,
    ) -> Option<NaiveDate> {
        let (rule, from) = match self.resumed_before(start, first) {
            Some((rule, from)) => (std::borrow::Cow::Owned(rule), from),
            None => (std::borrow::Cow::Borrowed(self), start),
        };
        let mut found = None;
        rule.each_date(from, last, &mut |date: NaiveDate| {
            if date > last {
                return false;
            }
            if date >= first && !self.except.contains(&date) {
                found = Some(date);
                return false;
            }
            true
        });
        found
    }

    /// `rule`'s dates from `from`, kept from `first` to `last`, without this
    /// rule's `except` dates; the latest `limit` of them.
    fn walk(
        &self,
        rule: &Rule,
        from: NaiveDate,
        first: NaiveDate,
        last: NaiveDate,
        limit: usize,
    ) -> Vec<NaiveDate> {
        let mut except = self.except.clone();
        except.sort_unstable();
        let mut dates: Vec<NaiveDate> = Vec::new();
        rule.each_date(from, last, &mut |date: NaiveDate| {
            if date > last {
                return false;
            }
            if date >= first && except.binary_search(&date).is_err() {
                dates.push(date);
            }
            true
        });
        if dates.len() > limit {
            dates.drain(..dates.len() - limit);
        }
        dates
    }

    /// Gives the dates of a daily or weekly rule from `from` to `keep`,
    /// until it says stop or they pass `last`, and says whether it could: the `rrule` crate
    /// takes about 300 ns a date, and a calendar of weekly series lists a
    /// hundred thousand. Only where a rule's dates are plain steps from
    /// `from`, one of them: otherwise (and for months and years) the crate
    /// walks. The test `hand_walk_matches_the_rrule_crate` compares the two.
    fn walk_by_hand(
        &self,
        from: NaiveDate,
        last: NaiveDate,
        keep: &mut impl FnMut(NaiveDate) -> bool,
    ) -> bool {
        // Days of the week, counted from Monday (RFC 5545's default WKST,
        // which `to_ical` also writes where it matters).
        let offsets: Vec<u64> = match (self.every, &self.on) {
            (Frequency::Day, None) => vec![0],
            (Frequency::Week, None) => vec![u64::from(from.weekday().num_days_from_monday())],
            (Frequency::Week, Some(On::Weekdays(days))) if days.contains(&from.weekday()) => {
                let mut offsets: Vec<u64> = days
                    .iter()
                    .map(|d| u64::from(d.num_days_from_monday()))
                    .collect();
                offsets.sort_unstable();
                offsets.dedup();
                offsets
            }
            _ => return false,
        };
        // Near the end of year 9999 the crate has limits of its own.
        if from.year() < 1 || last.year() > 9998 {
            return false;
        }
        let (period, period_start) = match self.every {
            Frequency::Day => (u64::from(self.interval.max(1)), from),
            _ => (
                7 * u64::from(self.interval.max(1)),
                from - chrono::Days::new(u64::from(from.weekday().num_days_from_monday())),
            ),
        };
        let mut left = match self.ending {
            Ending::Count(n) => n,
            _ => u32::MAX,
        };
        let until = match self.ending {
            Ending::Until(date) => date,
            _ => NaiveDate::MAX,
        };
        let mut start = Some(period_start);
        while let Some(period_start) = start {
            for &offset in &offsets {
                let Some(date) = period_start.checked_add_days(chrono::Days::new(offset)) else {
                    return true;
                };
                if date < from {
                    continue;
                }
                if left == 0 || date > until || date > last || !keep(date) {
                    return true;
                }
                left -= 1;
            }
            start = period_start.checked_add_days(chrono::Days::new(period));
        }
        true
    }

    pub fn is_date(&self, start: NaiveDate, date: NaiveDate) -> bool {
        self.dates_between(start, date, date, usize::MAX).last() == Some(&date)
    }

    /// The rule as an RFC 5545 RRULE value (3.3.10), with `until` writing
    /// UNTIL's value. The one encoding of a rule: the feeds carry it, and
    /// expansion reads it back, so the two cannot disagree.
    pub fn to_ical(&self, start: NaiveDate, until: impl FnOnce(NaiveDate) -> String) -> String {
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
            // A yearly series from 29 February has its dates in leap years
            // only; ical.js, given the start alone, moves them to 1 March.
            None if self.every == Frequency::Year && (start.month(), start.day()) == (2, 29) => {
                parts.push("BYMONTH=2;BYMONTHDAY=29".into());
            }
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
            self.to_ical(start, |until| format!("{}T235959Z", until.format("%Y%m%d")))
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

#[cfg(test)]
mod tests;
