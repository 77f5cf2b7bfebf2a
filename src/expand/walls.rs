//! The instants of the wall-clock times many series share, worked out
//! once for the whole window rather than for every date of every series.

use crate::model::{Calendar, Timing};
use crate::when::{local_time, resolve, LocalTime};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;
use rayon::prelude::*;
use std::collections::HashMap;

/// The instants of the wall-clock times that many series share, worked
/// out once for each day of the window: a hundred weekly meetups at 19:00
/// in one zone would otherwise resolve the same few hundred wall times
/// over and over. Each is [`resolve`]'s own answer, kept.
pub(super) struct SharedWalls {
    tables: HashMap<(Tz, NaiveTime), WallTable, rustc_hash::FxBuildHasher>,
}

/// How many series must start (or end) at a time of day, in one zone,
/// for its table to be made: a table costs a resolution for every day of
/// the window, a year either side of now.
const SHARED_WALL_MIN: usize = 8;

impl SharedWalls {
    /// Tables for the times of day of `calendar`'s series, from `first`
    /// to a couple of days past `last` (a series' last date may end then).
    pub(super) fn new(calendar: &Calendar, first: NaiveDate, last: NaiveDate) -> SharedWalls {
        let series = calendar.events.iter().filter(|e| e.repeat.is_some());
        let walls = series.flat_map(|event| match event.timing {
            Timing::Timed { start, length, .. } => vec![
                (event.timezone, start.time()),
                (event.timezone, (start + length).time()),
            ],
            Timing::AllDay { .. } => Vec::new(),
        });
        SharedWalls::of_walls(walls, first, last)
    }

    /// Tables for the times of day given often enough.
    fn of_walls(
        walls: impl Iterator<Item = (Tz, NaiveTime)>,
        first: NaiveDate,
        last: NaiveDate,
    ) -> SharedWalls {
        let mut uses: HashMap<(Tz, NaiveTime), usize, rustc_hash::FxBuildHasher> =
            HashMap::default();
        for wall in walls {
            *uses.entry(wall).or_default() += 1;
        }
        let days = (last - first).num_days().clamp(0, 3 * 366) as usize + 3;
        let tables = uses
            .into_iter()
            .filter(|(_, n)| *n >= SHARED_WALL_MIN)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|((tz, time), _)| {
                let (instants, exact) = first
                    .iter_days()
                    .take(days)
                    .map(|day| match local_time(tz, day.and_time(time)) {
                        LocalTime::Exact(t) => (t.fixed_offset(), true),
                        _ => (resolve(tz, day.and_time(time)).fixed_offset(), false),
                    })
                    .unzip();
                let table = WallTable {
                    time,
                    first,
                    instants,
                    exact,
                };
                ((tz, time), table)
            })
            .collect();
        SharedWalls { tables }
    }

    /// The tables for a series' start and end times, when both are kept.
    pub(super) fn of(&self, tz: Tz, timing: &Timing) -> Option<(&WallTable, &WallTable)> {
        let Timing::Timed { start, length, .. } = *timing else {
            return None;
        };
        let table = |wall: NaiveDateTime| self.tables.get(&(tz, wall.time()));
        table(start).zip(table(start + length))
    }
}

/// One zone's instants for one time of day, a day after another.
pub(super) struct WallTable {
    time: NaiveTime,
    first: NaiveDate,
    instants: Vec<DateTime<FixedOffset>>,
    /// Whether each day's time is on the clock once: not skipped or
    /// repeated by a change of the clocks.
    exact: Vec<bool>,
}

impl WallTable {
    /// The instant of `wall`, if the table holds it and the clocks neither
    /// skip nor repeat it.
    pub(super) fn get(&self, wall: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
        if wall.time() != self.time {
            return None;
        }
        let day = usize::try_from((wall.date() - self.first).num_days()).ok()?;
        self.exact
            .get(day)
            .filter(|exact| **exact)
            .and(self.instants.get(day).copied())
    }
}

#[cfg(test)]
mod tests {
    use super::super::{expand, moments, Moment};
    use super::*;
    use chrono::Duration;

    /// Enough series at one time of day to share their tables, and each
    /// date as `moments` makes it alone: a night the clocks change during
    /// ends at its clock time, a start they skip lasts its length.
    #[test]
    fn series_sharing_wall_times_expand_as_each_alone() {
        let night = "timezone: Europe/Paris\nrepeat: {every: week, count: 40}\n";
        let files: Vec<(String, String)> = (0..SHARED_WALL_MIN)
            .flat_map(|i| {
                [
                    (
                        format!("content/events/night-{i}.yaml"),
                        format!(
                            "title: N\nstart: 2027-03-06 22:00\nend: 2027-03-07 05:00\n{night}"
                        ),
                    ),
                    (
                        format!("content/events/early-{i}.yaml"),
                        format!("title: E\nstart: 2027-03-07 02:30\nduration: 1h\n{night}"),
                    ),
                ]
            })
            .collect();
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let dir = crate::test_calendar::calendar_with(&files);
        let calendar = crate::validate::validate(crate::load::load(dir.path()).unwrap()).unwrap();
        let (first, last) = (
            NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(2027, 12, 31).unwrap(),
        );
        let walls = SharedWalls::new(&calendar, first, last);
        assert_eq!(
            walls.tables.len(),
            4,
            "22:00, 05:00, 02:30 and 03:30 are shared"
        );
        let occurrences = expand(&calendar, first, last);
        assert_eq!(occurrences.len(), 2 * SHARED_WALL_MIN * 40);
        for o in &occurrences {
            let event = &calendar.events[o.event];
            let alone = moments(&event.timing.on(o.series_date.unwrap()), event.timezone);
            assert_eq!((o.start, o.end), alone, "{}", event.slug);
        }
        let on = |slug: &str, date: &str| {
            let o = occurrences
                .iter()
                .find(|o| {
                    calendar.events[o.event].slug == slug
                        && o.series_date.unwrap().to_string() == date
                })
                .unwrap();
            let text = |m: &Moment| match m {
                Moment::At(t) => t.to_rfc3339(),
                Moment::Day(d) => d.to_string(),
            };
            (text(&o.start), text(&o.end))
        };
        assert_eq!(
            on("night-0", "2027-03-27"),
            (
                "2027-03-27T22:00:00+01:00".into(),
                "2027-03-28T05:00:00+02:00".into()
            )
        );
        assert_eq!(
            on("early-0", "2027-03-28"),
            (
                "2027-03-28T03:30:00+02:00".into(),
                "2027-03-28T04:30:00+02:00".into()
            )
        );
    }

    #[test]
    fn shared_wall_times_are_the_clocks_own_and_leave_out_the_unclear() {
        let (first, last) = (
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(2027, 12, 31).unwrap(),
        );
        let time = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        // In gaps and overlaps (Paris at 02:30), changes at midnight
        // (Santiago, Havana), half-hour changes (Lord Howe), and the usual.
        let walls = [
            (chrono_tz::Europe::Paris, time(2, 30)),
            (chrono_tz::Europe::Paris, time(19, 0)),
            (chrono_tz::America::Santiago, time(0, 0)),
            (chrono_tz::America::Santiago, time(23, 30)),
            (chrono_tz::America::Havana, time(0, 15)),
            (chrono_tz::Australia::Lord_Howe, time(1, 45)),
        ];
        let often = walls
            .iter()
            .flat_map(|wall| std::iter::repeat_n(*wall, SHARED_WALL_MIN));
        let shared = SharedWalls::of_walls(often, first, last);
        for (tz, time) in walls {
            let table = &shared.tables[&(tz, time)];
            let mut unclear = 0;
            for day in first.iter_days().take_while(|day| *day <= last) {
                let wall = day.and_time(time);
                // A time the clocks skip or repeat is left to `moments`.
                let LocalTime::Exact(exact) = local_time(tz, wall) else {
                    assert_eq!(table.get(wall), None, "{tz} {wall}");
                    unclear += 1;
                    continue;
                };
                let kept = table.get(wall).expect("a day of the window");
                assert_eq!(kept, exact.fixed_offset(), "{tz} {wall}");
                assert_eq!(kept.offset(), exact.fixed_offset().offset(), "{tz} {wall}");
            }
            // Paris skips and repeats 02:30 once a year each.
            if (tz, time) == walls[0] {
                assert_eq!(unclear, 4);
            }
            // Other times of day, and days outside, are not the table's.
            assert_eq!(table.get(first.and_time(time) + Duration::minutes(1)), None);
            assert_eq!(table.get((first - Duration::days(1)).and_time(time)), None);
        }
        // A time too few series share gets no table.
        let rare = std::iter::repeat_n(walls[1], SHARED_WALL_MIN - 1);
        assert!(SharedWalls::of_walls(rare, first, last).tables.is_empty());
    }
}
