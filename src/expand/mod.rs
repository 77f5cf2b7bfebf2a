//! Series become occurrences: dated, zoned, with their overrides applied.

use crate::limits::{SERIES_LISTED_AHEAD, SERIES_LISTED_PAST};
use crate::model::{Calendar, Ends, Event, Override, Shown, Status, Timing};
use crate::recurrence::Rule;
use crate::when::resolve;
use chrono::{DateTime, Days, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use rayon::prelude::*;

mod walls;
use walls::SharedWalls;

/// How far past `now` open-ended series are listed on the site (the feeds
/// carry the rule itself, so subscribers see every future date).
pub const HORIZON_DAYS: i64 = 366;

/// The most occurrences kept per series (the latest ones).
pub const MAX_OCCURRENCES: usize = 5_000;

/// A start or an end: an instant, or a date for all-day events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    /// With the offset its event's zone has then. The zone itself is the
    /// event's: a zone's offset record is twice a date and time, and a
    /// calendar of weekly series keeps a hundred thousand starts and ends.
    At(DateTime<FixedOffset>),
    /// All-day; for an end, the exclusive day after the last.
    Day(NaiveDate),
}

impl Moment {
    /// The instant, with whole days read in `tz`.
    pub fn instant(&self, tz: Tz) -> DateTime<Utc> {
        match self {
            Moment::At(t) => t.with_timezone(&Utc),
            Moment::Day(d) => {
                resolve(tz, d.and_hms_opt(0, 0, 0).expect("midnight")).with_timezone(&Utc)
            }
        }
    }
}

/// One happening of an event.
#[derive(Debug, Clone)]
pub struct Occurrence {
    /// Index into `Calendar::events`.
    pub event: usize,
    /// For a series, the date this occurrence has in the rule (its RECURRENCE-ID).
    pub series_date: Option<NaiveDate>,
    /// Index into the event's overrides, when a file changes this occurrence.
    pub changed_by: Option<usize>,
    pub start: Moment,
    pub end: Moment,
    pub status: Status,
    /// The start as an instant, all-day events at midnight in their zone.
    pub sort_key: DateTime<Utc>,
    /// The end as an instant, likewise.
    pub end_key: DateTime<Utc>,
    /// The first and last day it covers in the site's zone (see
    /// `covered_days`): every list it is in groups by them.
    pub days: (NaiveDate, NaiveDate),
}

impl Occurrence {
    pub fn changes<'a>(&self, event: &'a Event) -> Option<&'a Override> {
        self.changed_by.map(|i| &event.overrides[i])
    }

    /// The event as this occurrence shows it.
    pub fn shown<'a>(&self, event: &'a Event) -> Shown<'a> {
        match self.series_date {
            Some(date) => event.shown_on(date, self.changes(event)),
            None => event.shown(),
        }
    }
}

/// Turns timing into zoned start and end, as [`crate::when::span`] reads
/// them.
pub fn moments(timing: &Timing, tz: Tz) -> (Moment, Moment) {
    match *timing {
        Timing::Timed {
            start,
            length,
            ends,
        } => {
            let (from, to) = crate::when::span(tz, start, length, ends);
            (
                Moment::At(from.fixed_offset()),
                Moment::At(to.fixed_offset()),
            )
        }
        Timing::AllDay { first, days } => (
            Moment::Day(first),
            Moment::Day(first + Duration::days(i64::from(days))),
        ),
    }
}

/// Every occurrence up to `last` (a date in each event's zone), sorted by
/// start, then slug, then series date.
pub fn expand(calendar: &Calendar, first: NaiveDate, last: NaiveDate) -> Vec<Occurrence> {
    expand_with(calendar, first, last, None)
}

/// The occurrences the site lists, seen from `now`: series within a year
/// either side, and at most the nearest [`SERIES_LISTED_PAST`] and
/// [`SERIES_LISTED_AHEAD`] dates of each, so that one file's daily series
/// cannot fill every page of the site.
pub fn expand_for_site(calendar: &Calendar, now: DateTime<Utc>) -> Vec<Occurrence> {
    expand_with(calendar, series_history(now), horizon(now), Some(now))
}

fn expand_with(
    calendar: &Calendar,
    first: NaiveDate,
    last: NaiveDate,
    listed_around: Option<DateTime<Utc>>,
) -> Vec<Occurrence> {
    // Events are expanded in parallel, each into a list of its own, so the
    // sort below sees the same lists whatever the threads did.
    let site_zone = calendar.site.timezone;
    let walls = SharedWalls::new(calendar, first, last);
    let per_event: Vec<Vec<Occurrence>> = calendar
        .events
        .par_iter()
        .enumerate()
        .map(|(index, event)| {
            let mut occurrences = Vec::new();
            let window = (first, last, &walls);
            expand_event((index, event), site_zone, window, &mut occurrences);
            if let (Some(now), Some(rule)) = (listed_around, &event.repeat) {
                let none_ahead = occurrences.iter().all(|o| o.end_key <= now);
                if let Some(next) = none_ahead.then(|| next_past(rule, event, last)).flatten() {
                    let window = (next, next, &walls);
                    expand_event((index, event), site_zone, window, &mut occurrences);
                }
                keep_nearest(&mut occurrences, now);
            }
            occurrences
        })
        .collect();
    in_time_order(&per_event)
}

/// Sorts occurrences by time, then by event slug (the calendar's events are
/// in slug order, so by position), then by date in the series. Sorts small
/// keys and copies each occurrence once, into a list of its final size: a
/// calendar of weekly series has a hundred thousand, and sorting them whole
/// moved each some twenty times.
fn in_time_order(per_event: &[Vec<Occurrence>]) -> Vec<Occurrence> {
    let mut order: Vec<u128> = per_event
        .iter()
        .flat_map(|list| (0..).zip(list).map(|(i, o)| order_key(o, i)))
        .collect();
    order.par_sort_unstable();
    order
        .par_iter()
        .map(|&key| {
            let (event, i) = ((key >> POSITION_BITS) as u32, key as usize & POSITION_MASK);
            per_event[event as usize][i].clone()
        })
        .collect()
}

/// Bits of [`order_key`] for an occurrence's position in its event's list,
/// which holds at most [`MAX_OCCURRENCES`].
const POSITION_BITS: u32 = 13;
const POSITION_MASK: usize = (1 << POSITION_BITS) - 1;
const _: () = assert!(MAX_OCCURRENCES <= 1 << POSITION_BITS);

/// `o`, the `i`th of its event's list, as one number that sorts as
/// (start, event, date in the series) does: an event's list is in date
/// order, so its position stands for its date. From the top: the start's
/// Unix seconds made positive (44 bits hold chrono's whole range), its
/// nanoseconds (31 bits, a leap second included), the event (32 bits),
/// the position.
fn order_key(o: &Occurrence, i: usize) -> u128 {
    const SECONDS_BIAS: i64 = 1 << 43;
    let seconds = (o.sort_key.timestamp() + SECONDS_BIAS) as u128;
    let nanos = u128::from(o.sort_key.timestamp_subsec_nanos());
    // Every event is a file held in memory: four billion cannot be loaded.
    let event = u32::try_from(o.event).expect("fewer than 2^32 events");
    (seconds << 76) | (nanos << 45) | (u128::from(event) << POSITION_BITS) | i as u128
}

/// One-off events are always listed; a series lists its dates from `first`
/// (a date in the event's zone) to `last`.
fn expand_event(
    (index, event): (usize, &Event),
    site_zone: Tz,
    (first, last, walls): (NaiveDate, NaiveDate, &SharedWalls),
    out: &mut Vec<Occurrence>,
) {
    let tz = event.timezone;
    let Some(rule) = &event.repeat else {
        let (start, end) = moments(&event.timing, tz);
        out.push(Occurrence {
            event: index,
            series_date: None,
            changed_by: None,
            start,
            end,
            status: event.status,
            sort_key: start.instant(tz),
            end_key: end.instant(tz),
            days: covered_days(&start, &end, tz, site_zone),
        });
        return;
    };
    let mut dates = rule.dates_between(event.timing.date(), first, last, MAX_OCCURRENCES);
    // A date moved into the window from a date outside it is listed too.
    let outside = |date: NaiveDate| date < first || date > last;
    let moved_in = (event.overrides.iter())
        .filter(|o| outside(o.date))
        .filter(|o| (o.changes.timing.as_ref()).is_some_and(|t| !outside(t.date())));
    let before = dates.len();
    let room = MAX_OCCURRENCES.saturating_sub(before);
    dates.extend(moved_in.map(|o| o.date).take(room));
    if dates.len() > before {
        dates.sort_unstable();
    }
    out.reserve_exact(dates.len());
    let tables = walls.of(tz, &event.timing);
    for date in dates {
        let changed_by = event.overrides.binary_search_by_key(&date, |o| o.date).ok();
        let shown = event.shown_on(date, changed_by.map(|i| &event.overrides[i]));
        let (start, end) = match (&shown.timing, tables) {
            (
                Timing::Timed {
                    start,
                    length,
                    ends: ended,
                },
                Some((starts, ends)),
            ) => {
                let end = *start + *length;
                // The tables hold only times the clocks neither skip nor
                // repeat: from a start they do, `moments` counts the length,
                // as it does for a length the clocks change during.
                let shared = starts
                    .get(*start)
                    .zip(ends.get(end))
                    .filter(|(from, to)| *ended == Ends::AtClockTime || *to - *from == *length);
                shared.map_or_else(
                    || moments(&shown.timing, tz),
                    |(start, end)| (Moment::At(start), Moment::At(end)),
                )
            }
            _ => moments(&shown.timing, tz),
        };
        out.push(Occurrence {
            event: index,
            series_date: Some(date),
            changed_by,
            start,
            end,
            status: shown.status,
            sort_key: start.instant(tz),
            end_key: end.instant(tz),
            days: covered_days(&start, &end, tz, site_zone),
        });
    }
}

/// The first and last day from `start` to `end` (times in `tz`) in
/// `zone`. An event ending at midnight does not cover the day it ends on.
fn covered_days(start: &Moment, end: &Moment, tz: Tz, zone: Tz) -> (NaiveDate, NaiveDate) {
    let first = local_date(start, tz, zone);
    let last = match end {
        Moment::Day(after) => *after - Duration::days(1),
        // Already in the zone and well past midnight: the second before
        // is on the same day, whatever clock change happened in it (no
        // zone's moves by three hours), so no lookup of its offset. A
        // weekly series has a hundred dates.
        Moment::At(end) if tz == zone && end.time() >= CLEAR_OF_MIDNIGHT => end.date_naive(),
        Moment::At(end) => (end.to_utc() - Duration::seconds(1))
            .with_timezone(&zone)
            .date_naive(),
    };
    (first, last.max(first))
}

/// A local time after which the second before is on the same day.
const CLEAR_OF_MIDNIGHT: NaiveTime = NaiveTime::from_hms_opt(3, 0, 0).expect("a valid time");

/// The day of `moment` (a time in `tz`) in `zone`.
pub fn local_date(moment: &Moment, tz: Tz, zone: Tz) -> NaiveDate {
    match moment {
        // Already in the zone: no lookup of its offset.
        Moment::At(t) if tz == zone => t.date_naive(),
        Moment::At(t) => t.with_timezone(&zone).date_naive(),
        Moment::Day(d) => *d,
    }
}

/// Keeps, of a series' occurrences (in date order), the last
/// [`SERIES_LISTED_PAST`] that ended before `now` and the first
/// [`SERIES_LISTED_AHEAD`] after.
fn keep_nearest(series: &mut Vec<Occurrence>, now: DateTime<Utc>) {
    let split = series
        .iter()
        .position(|o| o.end_key > now)
        .unwrap_or(series.len());
    let keep =
        split.saturating_sub(SERIES_LISTED_PAST)..(split + SERIES_LISTED_AHEAD).min(series.len());
    series.truncate(keep.end);
    series.drain(..keep.start);
}

/// The first date of `event`'s series after `last`, within
/// [`NEXT_DATE_DAYS`]: a yearly series from 29 February may have none in
/// the site's window, and is not over.
fn next_past(rule: &Rule, event: &Event, last: NaiveDate) -> Option<NaiveDate> {
    let after = last.succ_opt()?;
    let until = last.checked_add_days(Days::new(NEXT_DATE_DAYS))?;
    rule.first_date_between(event.timing.date(), after, until)
}

/// How far past the window the site looks for the next date of a series
/// that has none in it: a leap day's yearly series waits up to eight years.
const NEXT_DATE_DAYS: u64 = 366 * 9;

/// The last date to expand open-ended series to, seen from `now`.
pub fn horizon(now: DateTime<Utc>) -> NaiveDate {
    (now + Duration::days(HORIZON_DAYS)).date_naive()
}

/// How far back the site lists the dates of a series: a weekly meetup's
/// ten-year history would bury the archive. Its event page and its feed
/// still carry the whole rule.
pub const SERIES_HISTORY_DAYS: i64 = 366;

/// The first date of a series the site lists, seen from `now`.
pub fn series_history(now: DateTime<Utc>) -> NaiveDate {
    (now - Duration::days(SERIES_HISTORY_DAYS)).date_naive()
}

/// `now` as a wall-clock date in `tz`, for windows given as local dates.
pub fn local_midnight(tz: Tz, date: NaiveDate) -> DateTime<Utc> {
    tz.from_local_datetime(&date.and_hms_opt(0, 0, 0).expect("midnight"))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| {
            resolve(tz, date.and_hms_opt(0, 0, 0).expect("midnight")).with_timezone(&Utc)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An occurrence of `event` starting at `start`.
    fn starting(event: usize, start: DateTime<Utc>) -> Occurrence {
        let day = start.date_naive();
        Occurrence {
            event,
            series_date: Some(day),
            changed_by: None,
            start: Moment::Day(day),
            end: Moment::Day(day),
            status: Status::Confirmed,
            sort_key: start,
            end_key: start,
            days: (day, day),
        }
    }

    /// The last day without a lookup is the one the lookup finds, for
    /// ends at every quarter hour around the clock changes of zones that
    /// change at midnight, by half an hour or by two hours.
    #[test]
    fn last_days_are_those_of_the_second_before_the_end() {
        let zones: [Tz; 5] = [
            chrono_tz::Europe::Paris,
            chrono_tz::America::Santiago,
            chrono_tz::Asia::Beirut,
            chrono_tz::Australia::Lord_Howe,
            chrono_tz::Antarctica::Troll,
        ];
        for zone in zones {
            let mut at = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
            let until = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap();
            while at < until {
                let end = at.with_timezone(&zone);
                let start = Moment::At((end - Duration::hours(1)).fixed_offset());
                let looked_up = (at - Duration::seconds(1))
                    .with_timezone(&zone)
                    .date_naive();
                let (first, last) =
                    covered_days(&start, &Moment::At(end.fixed_offset()), zone, zone);
                assert_eq!(last, looked_up.max(first), "{end}");
                at += Duration::minutes(15);
            }
        }
    }

    #[test]
    fn order_keys_sort_as_start_then_event_then_position() {
        let mut below = crate::test_random::below(17);
        // Starts bunched so that many are equal, across chrono's whole
        // range, before 1970, and with nanoseconds (a leap second too).
        let starts: Vec<DateTime<Utc>> = [
            DateTime::<Utc>::MIN_UTC,
            DateTime::<Utc>::MAX_UTC,
            DateTime::from_timestamp(-86_400 * 365 * 3000, 0).unwrap(),
            DateTime::from_timestamp(-1, 999_999_999).unwrap(),
            DateTime::from_timestamp(0, 0).unwrap(),
            DateTime::from_timestamp(1_800_000_000, 0).unwrap(),
            DateTime::from_timestamp(1_800_000_000, 1).unwrap(),
            DateTime::from_timestamp(1_800_000_059, 1_500_000_000).unwrap(),
            DateTime::from_timestamp(1_800_000_060, 0).unwrap(),
        ]
        .into();
        let cases: Vec<(Occurrence, usize)> = (0..5_000)
            .map(|_| {
                let start = starts[below(starts.len() as u64) as usize];
                let event = [0, 1, 7, u32::MAX as usize][below(4) as usize];
                let position = [0, 1, 2, MAX_OCCURRENCES - 1][below(4) as usize];
                (starting(event, start), position)
            })
            .collect();
        let mut by_key: Vec<&(Occurrence, usize)> = cases.iter().collect();
        by_key.sort_by_key(|(o, i)| order_key(o, *i));
        let mut by_fields = by_key.clone();
        by_fields.sort_by_key(|(o, i)| (o.sort_key, o.event, *i));
        let fields = |list: &[&(Occurrence, usize)]| -> Vec<(DateTime<Utc>, usize, usize)> {
            list.iter()
                .map(|(o, i)| (o.sort_key, o.event, *i))
                .collect()
        };
        assert_eq!(fields(&by_key), fields(&by_fields));
        // And the key gives back the event and the position.
        for (o, i) in &cases {
            let key = order_key(o, *i);
            assert_eq!((key >> POSITION_BITS) as u32 as usize, o.event);
            assert_eq!(key as usize & POSITION_MASK, *i);
        }
    }
}
