//! Resuming a series' walk near a date instead of at its start.
//!
//! A rule repeats by whole periods (`interval` days, weeks or months), so
//! the dates it has from the start of a later period are those of the same
//! rule started on that period: the walk to a window years after the start
//! can begin at the last such period before the window. The resumed rule
//! names what the original took from its start (the day of the month), and
//! a `count` cannot be resumed, since it counts from the start.

use super::{Ending, Frequency, On, Rule};
use chrono::{Datelike, Duration, Months, NaiveDate};

impl Rule {
    /// A rule and a date to walk it from that give the same dates as `self`
    /// from `start`, on and after `first`; `None` when the walk must begin
    /// at `start` (a `count`, a yearly rule, or `first` within the first
    /// period).
    pub(super) fn resumed_before(
        &self,
        start: NaiveDate,
        first: NaiveDate,
    ) -> Option<(Rule, NaiveDate)> {
        if matches!(self.ending, Ending::Count(_)) || first <= start {
            return None;
        }
        let interval = i64::from(self.interval.max(1));
        match self.every {
            Frequency::Day | Frequency::Week => {
                let period = match self.every {
                    Frequency::Day => interval,
                    _ => interval * 7,
                };
                // Whole periods keep the weekday, and the week's place in
                // an "every other week" rule.
                let periods = (first - start).num_days() / period;
                (periods > 0).then(|| (self.clone(), start + Duration::days(periods * period)))
            }
            Frequency::Month => {
                let months = month_number(first) - month_number(start);
                let periods = months / interval;
                if periods == 0 {
                    return None;
                }
                let shift = u32::try_from(periods * interval).ok()?;
                // The first of the month always exists; the day the rule
                // took from its start is then said outright.
                let from = start.with_day(1)?.checked_add_months(Months::new(shift))?;
                let on = match &self.on {
                    Some(on) => on.clone(),
                    None => On::MonthDay(u8::try_from(start.day()).ok()?),
                };
                let rule = Rule {
                    on: Some(on),
                    ..self.clone()
                };
                Some((rule, from))
            }
            // A year has too few dates to be worth it.
            Frequency::Year => None,
        }
    }
}

fn month_number(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 12 + i64::from(date.month0())
}

#[cfg(test)]
mod tests {
    use super::super::{Ending, Frequency, On, Rule};
    use crate::when::{local_time, parse_date, LocalTime};
    use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Timelike, Weekday};
    use chrono_tz::Tz;

    fn date(text: &str) -> NaiveDate {
        parse_date(text).unwrap()
    }

    fn rule(every: Frequency, interval: u16, on: Option<On>, ending: Ending) -> Rule {
        Rule {
            every,
            interval,
            on,
            ending,
            except: Vec::new(),
        }
    }

    /// Rules of every shape, each with the start it must have.
    fn rules() -> Vec<(Rule, NaiveDate)> {
        use Frequency::{Day, Month, Week, Year};
        use Weekday::{Fri, Mon, Sat, Sun, Thu, Tue, Wed};
        let until = Ending::Until(date("2031-03-30"));
        let mut all = vec![
            (rule(Week, 1, None, Ending::Never), date("2017-12-15")),
            (
                rule(Week, 1, Some(On::Weekdays(vec![Tue])), Ending::Never),
                date("2018-01-02"),
            ),
            (
                rule(Week, 2, Some(On::Weekdays(vec![Thu])), Ending::Never),
                date("2019-03-07"),
            ),
            // Several days, every other week: which weeks count depends on
            // where the start's week begins.
            (
                rule(
                    Week,
                    2,
                    Some(On::Weekdays(vec![Sun, Tue, Sat])),
                    Ending::Never,
                ),
                date("2018-06-03"),
            ),
            (
                rule(Week, 3, Some(On::Weekdays(vec![Mon, Fri])), until),
                date("2018-06-08"),
            ),
            (
                rule(Week, 1, Some(On::Weekdays(vec![Mon, Wed])), until),
                date("2019-12-30"),
            ),
            (rule(Day, 1, None, Ending::Never), date("2018-02-27")),
            (rule(Day, 3, None, until), date("2018-02-27")),
            (rule(Day, 10, None, Ending::Never), date("2020-02-29")),
            (rule(Month, 1, None, Ending::Never), date("2018-01-31")),
            (rule(Month, 1, None, until), date("2018-01-15")),
            (rule(Month, 2, None, Ending::Never), date("2019-08-30")),
            (
                rule(Month, 1, Some(On::MonthDay(31)), Ending::Never),
                date("2018-01-31"),
            ),
            (
                rule(Month, 5, Some(On::MonthDay(29)), until),
                date("2018-01-29"),
            ),
            (
                rule(Month, 1, Some(On::NthWeekday(1, Wed)), Ending::Never),
                date("2018-01-03"),
            ),
            (
                rule(Month, 1, Some(On::NthWeekday(-1, Fri)), Ending::Never),
                date("2018-01-26"),
            ),
            (
                rule(Month, 3, Some(On::NthWeekday(5, Sat)), until),
                date("2018-03-31"),
            ),
            (rule(Year, 1, None, Ending::Never), date("2016-02-29")),
            (rule(Year, 2, None, until), date("2016-03-14")),
            (rule(Week, 1, None, Ending::Count(700)), date("2018-01-01")),
            (rule(Month, 1, None, Ending::Count(90)), date("2018-01-31")),
            (rule(Day, 2, None, Ending::Count(1000)), date("2024-01-01")),
        ];
        // The same rules with skipped dates, before and inside the windows.
        let excepted: Vec<(Rule, NaiveDate)> = all
            .iter()
            .map(|(r, start)| {
                let dates = r.dates(*start, date("2032-01-01"), usize::MAX);
                let mut r = r.clone();
                r.except = dates.iter().step_by(7).copied().collect();
                (r, *start)
            })
            .collect();
        all.extend(excepted);
        all
    }

    /// Windows starting years after the rules' starts, and at them.
    fn windows() -> Vec<(NaiveDate, NaiveDate)> {
        let mut windows = vec![
            (date("2017-01-01"), date("2019-01-01")),
            (date("2018-01-01"), date("2018-01-01")),
            (date("2025-11-30"), date("2027-12-02")),
            (date("2028-03-01"), date("2031-04-15")),
        ];
        let mut first = date("2020-01-01");
        while first < date("2031-01-01") {
            windows.push((first, first + Duration::days(45)));
            first += Duration::days(97);
        }
        windows
    }

    #[test]
    fn a_resumed_walk_gives_the_dates_of_the_walk_from_the_start() {
        for (rule, start) in rules() {
            assert!(rule.check_start(start).is_ok(), "{rule:?} from {start}");
            let whole = rule.dates(start, date("2032-01-01"), usize::MAX);
            assert!(!whole.is_empty(), "{rule:?}");
            for (first, last) in windows() {
                for limit in [usize::MAX, 5] {
                    let mut expected = rule.dates(start, last, limit);
                    expected.retain(|d| *d >= first);
                    assert_eq!(
                        rule.dates_between(start, first, last, limit),
                        expected,
                        "{rule:?} from {start}, {first} to {last}, at most {limit}"
                    );
                }
            }
            for day in whole.iter().step_by(5) {
                let next = *day + Duration::days(1);
                assert!(rule.is_date(start, *day), "{rule:?}: {day}");
                assert_eq!(rule.is_date(start, next), whole.contains(&next), "{next}");
            }
        }
    }

    /// Dates become zoned times after the walk: a resumed walk lands on the
    /// same wall-clock times, those that daylight saving skips or repeats
    /// included, in Paris and in New York.
    #[test]
    fn resumed_walks_keep_the_dates_that_daylight_saving_makes_unclear() {
        let zones: [(Tz, NaiveTime); 4] = [
            (
                chrono_tz::Europe::Paris,
                NaiveTime::from_hms_opt(2, 30, 0).unwrap(),
            ),
            (
                chrono_tz::Europe::Paris,
                NaiveTime::from_hms_opt(19, 0, 0).unwrap(),
            ),
            (
                chrono_tz::America::New_York,
                NaiveTime::from_hms_opt(1, 30, 0).unwrap(),
            ),
            (
                chrono_tz::America::New_York,
                NaiveTime::from_hms_opt(2, 15, 0).unwrap(),
            ),
        ];
        let unclear = |tz: Tz, time: NaiveTime, dates: &[NaiveDate]| -> Vec<NaiveDate> {
            dates
                .iter()
                .copied()
                .filter(|d| !matches!(local_time(tz, d.and_time(time)), LocalTime::Exact(_)))
                .collect()
        };
        // Sundays, when both zones change their clocks.
        let sundays = rule(Frequency::Week, 1, None, Ending::Never);
        let last_sunday = rule(
            Frequency::Month,
            1,
            Some(On::NthWeekday(-1, Weekday::Sun)),
            Ending::Until(date("2030-12-31")),
        );
        let daily = rule(Frequency::Day, 1, None, Ending::Never);
        for (r, start) in [
            (sundays, date("2018-01-07")),
            (last_sunday, date("2018-01-28")),
            (daily, date("2018-01-01")),
        ] {
            for (tz, time) in zones {
                let (first, last) = (date("2026-01-01"), date("2029-12-31"));
                let mut whole = r.dates(start, last, usize::MAX);
                whole.retain(|d| *d >= first);
                let resumed = r.dates_between(start, first, last, usize::MAX);
                assert_eq!(resumed, whole, "{r:?} in {tz}");
                let found = unclear(tz, time, &resumed);
                assert_eq!(found, unclear(tz, time, &whole));
                // The time changes twice a year: the rules that hold a
                // change's Sunday find it.
                let sundays_only = r.every != Frequency::Month;
                let at_night = time.hour() < 5;
                if at_night && (sundays_only || tz == chrono_tz::Europe::Paris) {
                    assert!(found.len() >= 4, "{r:?} {tz} {time}: {found:?}");
                    assert!(found.iter().all(|d| d.weekday() == Weekday::Sun));
                }
            }
        }
    }
}
