//! The dates of a timed series whose start or end falls in a DST gap or
//! overlap, or that the clocks change during. Clients resolve such
//! wall-clock times differently (ical.js takes the offset after a gap and
//! the second of two readings; RFC 5545 says the offset before, and the
//! first), and disagree on the length of a date the clocks change during
//! (RFC 5545 repeats the first date's exact length; ical.js, Python's
//! icalendar and Sabre/VObject its length on the clock), where meetcal ends
//! it as its file says (at an `end:`'s clock time, or a `duration:` later):
//! these occurrences are written out with their own times.
//!
//! A series' wall-clock time can only be unclear on the few days its zone
//! changes its clocks, so those days are found from the zone's transitions
//! first, and the rule is walked only from the first of them: walking a
//! ten-year weekly series to test each of its five hundred dates cost more
//! than writing its feeds.

use super::vtimezone::Transition;
use crate::model::{Event, Timing};
use crate::recurrence::Ending;
use crate::when::clocks_change_within;
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};

/// The dates of `event`'s series on which its wall-clock start or end is
/// skipped or repeated by its zone, or its clocks change while it lasts
/// ([`clocks_change_within`]), given the zone's `transitions`, without
/// the dates a file changes. Open-ended series are looked at up to
/// `horizon`; later builds add the later ones.
pub fn unclear_dates(
    event: &Event,
    transitions: &[Transition],
    horizon: NaiveDate,
) -> Vec<NaiveDate> {
    let (Some(rule), Timing::Timed { start, length, .. }) = (&event.repeat, event.timing) else {
        return Vec::new();
    };
    let last = match rule.ending {
        Ending::Never => horizon,
        _ => NaiveDate::MAX,
    };
    let candidates = near_changes(transitions, start, length, last);
    let (Some(&first), Some(&last)) = (candidates.first(), candidates.last()) else {
        return Vec::new();
    };
    rule.dates_between(start.date(), first, last, usize::MAX)
        .into_iter()
        .filter(|date| candidates.binary_search(date).is_ok())
        .filter(|date| {
            event
                .overrides
                .binary_search_by_key(date, |o| o.date)
                .is_err()
        })
        .filter(|date| clocks_change_within(event.timezone, date.and_time(start.time()), length))
        .collect()
}

/// The dates from `start`'s to `last` on which the series' start or end
/// (`length` after it) falls between the two readings of a clock change,
/// or a change falls between the two, sorted: the only dates on which
/// either can be unclear, or the occurrence's length change.
fn near_changes(
    transitions: &[Transition],
    start: NaiveDateTime,
    length: Duration,
    last: NaiveDate,
) -> Vec<NaiveDate> {
    let since_midnight = start.time() - NaiveTime::MIN;
    // Clocks change by hours, and an occurrence lasts at most weeks: a
    // margin of both keeps every change that can touch the window.
    let margin = Duration::days(2) + length;
    let seconds = |date: NaiveDate| date.and_time(NaiveTime::MIN).and_utc().timestamp();
    let from = seconds(start.date()).saturating_sub(margin.num_seconds());
    let to = seconds(last).saturating_add(margin.num_seconds());
    let skip = transitions.partition_point(|t| t.at < from);
    let mut dates = Vec::new();
    for t in transitions[skip..].iter().take_while(|t| t.at <= to) {
        // The wall-clock times between the readings before and after.
        let wall = |offset: i32| local(t.at + i64::from(offset));
        let (low, high) = (wall(t.from.min(t.to)), wall(t.from.max(t.to)));
        // Every date whose occurrence, from its start to its end, reaches
        // into the readings' span: its start or end is in it, or it holds it.
        let mut date = (low - since_midnight - length).date();
        while date.and_time(NaiveTime::MIN) + since_midnight < high {
            if date.and_time(NaiveTime::MIN) + since_midnight + length >= low {
                dates.push(date);
            }
            date += Duration::days(1);
        }
    }
    dates.retain(|date| (start.date()..=last).contains(date));
    dates.sort_unstable();
    dates.dedup();
    dates
}

fn local(seconds: i64) -> NaiveDateTime {
    DateTime::<Utc>::from_timestamp(seconds, 0)
        .expect("a transition within chrono's range")
        .naive_utc()
}

#[cfg(test)]
mod tests {
    use super::super::vtimezone::transitions;
    use super::*;
    use crate::model::{Ends, Status};
    use crate::recurrence::{Frequency, On, Rule};
    use chrono::Weekday;
    use chrono_tz::Tz;

    fn series(tz: Tz, start: &str, length: Duration, rule: Rule) -> Event {
        Event {
            slug: "s".into(),
            source: "s.md".into(),
            title: "S".into(),
            timing: Timing::Timed {
                start: NaiveDateTime::parse_from_str(start, "%Y-%m-%d %H:%M").unwrap(),
                length,
                ends: Ends::AtClockTime,
            },
            timezone: tz,
            group: None,
            venue: None,
            online: None,
            url: None,
            links: Vec::new(),
            tags: Vec::new(),
            status: Status::Confirmed,
            repeat: Some(rule),
            uid: None,
            description: Default::default(),
            overrides: Vec::new(),
        }
    }

    /// What `unclear_dates` found before it looked at the transitions:
    /// every date of the series, each tested.
    fn walked(event: &Event, horizon: NaiveDate) -> Vec<NaiveDate> {
        let (Some(rule), Timing::Timed { start, length, .. }) = (&event.repeat, event.timing)
        else {
            return Vec::new();
        };
        let last = match rule.ending {
            Ending::Never => horizon,
            _ => NaiveDate::MAX,
        };
        rule.dates(start.date(), last, usize::MAX)
            .into_iter()
            .filter(|d| event.overrides.binary_search_by_key(d, |o| o.date).is_err())
            .filter(|d| clocks_change_within(event.timezone, d.and_time(start.time()), length))
            .collect()
    }

    #[test]
    fn finds_the_dates_the_walk_of_every_date_finds() {
        let weekly = |on: Option<On>, ending: Ending| Rule {
            every: Frequency::Week,
            interval: 1,
            on,
            ending,
            except: Vec::new(),
        };
        let daily = Rule {
            every: Frequency::Day,
            ..weekly(None, Ending::Never)
        };
        let last_sunday = Rule {
            every: Frequency::Month,
            ..weekly(Some(On::NthWeekday(-1, Weekday::Sun)), Ending::Never)
        };
        let counted = weekly(Some(On::Weekdays(vec![Weekday::Sun])), Ending::Count(300));
        let until = NaiveDate::from_ymd_opt(2031, 6, 1).unwrap();
        let mut except = weekly(None, Ending::Until(until));
        except.except = vec![NaiveDate::from_ymd_opt(2027, 3, 28).unwrap()];
        let horizon = NaiveDate::from_ymd_opt(2027, 12, 2).unwrap();
        let zones = [
            chrono_tz::Europe::Paris,
            chrono_tz::America::New_York,
            chrono_tz::Australia::Lord_Howe,
            chrono_tz::Pacific::Apia,
            chrono_tz::Pacific::Chatham,
            chrono_tz::Asia::Tokyo,
        ];
        let mut found = 0;
        for tz in zones {
            let changes = transitions(tz);
            for (start, length) in [
                ("2017-12-10 02:30", Duration::hours(1)),
                ("2017-12-10 01:15", Duration::minutes(90)),
                ("2017-12-10 19:00", Duration::hours(7)),
                ("2017-12-10 19:00", Duration::hours(3)),
                ("2017-12-10 00:00", Duration::minutes(30)),
                ("2017-12-10 23:45", Duration::days(2)),
                ("2017-12-10 03:30", Duration::days(30)),
            ] {
                for rule in [
                    &daily,
                    &last_sunday,
                    &counted,
                    &except,
                    &weekly(None, Ending::Never),
                ] {
                    let event = series(tz, start, length, rule.clone());
                    let expected = walked(&event, horizon);
                    found += expected.len();
                    assert_eq!(
                        unclear_dates(&event, &changes, horizon),
                        expected,
                        "{tz} {start} {length} {rule:?}"
                    );
                }
            }
        }
        assert!(found > 500, "{found}");
    }
}
