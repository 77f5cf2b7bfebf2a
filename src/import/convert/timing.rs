//! When an imported event happens: its moments as wall-clock times in a
//! zone meetcal knows, and a series' dates moved into its zone.

use super::*;

impl Context<'_> {
    /// The wall-clock time of a moment in `tz`.
    pub(super) fn wall_in(&self, moment: &Moment, tz: Tz) -> Result<NaiveDateTime, String> {
        let instant = match moment {
            Moment::Date(d) => return Ok(midnight(*d)),
            Moment::Floating(t) => crate::when::resolve(self.floating, *t).with_timezone(&Utc),
            Moment::Utc(t) => Utc.from_utc_datetime(t),
            Moment::Zoned(t, tzid) => {
                let zone = self.zones.zone(tzid)?;
                if zone == tz {
                    return Ok(*t);
                }
                crate::when::resolve(zone, *t).with_timezone(&Utc)
            }
        };
        Ok(instant.with_timezone(&tz).naive_local())
    }

    /// The zone an event is written in: its own, the calendar's for a
    /// floating time; a UTC time (or one at a fixed offset) is shown in
    /// the default zone when it can be said there exactly, and a series in
    /// UTC stays in UTC.
    pub(super) fn zone_of(&self, moment: &Moment, series: bool) -> Result<Option<Tz>, String> {
        let instant = match moment {
            Moment::Date(_) => return Ok(None),
            Moment::Floating(_) => return Ok(Some(self.floating)),
            Moment::Zoned(t, tzid) => {
                let zone = self.zones.zone(tzid)?;
                if !crate::import::zones::is_fixed(zone) {
                    return Ok(Some(zone));
                }
                // `Etc/GMT-2`: an offset, not a place: an instant, as UTC.
                crate::when::resolve(zone, *t).naive_utc()
            }
            Moment::Utc(t) => *t,
        };
        let local = Utc
            .from_utc_datetime(&instant)
            .with_timezone(&self.defaults.zone);
        let exact = matches!(
            local_time(self.defaults.zone, local.naive_local()),
            LocalTime::Exact(_)
        );
        Ok(Some(match series || !exact {
            true => Tz::UTC,
            false => self.defaults.zone,
        }))
    }

    pub(super) fn timing(&self, item: &Item, series: bool) -> Result<Timing, String> {
        let start = item
            .start
            .as_ref()
            .ok_or_else(|| match &item.unread_start {
                Some(written) => format!("its DTSTART `{written}` is not a date and time"),
                None => "it has no DTSTART".to_string(),
            })?;
        let all_day = start.is_date()
            || item.all_day_flag
                && matches!(start, Moment::Floating(t) | Moment::Zoned(t, _) if t.time() == chrono::NaiveTime::MIN);
        if all_day {
            let first = match start {
                Moment::Date(d) => *d,
                Moment::Floating(t) | Moment::Utc(t) | Moment::Zoned(t, _) => t.date(),
            };
            let days = match (&item.end, item.duration) {
                (Some(end), _) => {
                    let last = match end {
                        Moment::Date(d) => *d,
                        Moment::Floating(t) | Moment::Utc(t) | Moment::Zoned(t, _) => t.date(),
                    };
                    (last - first).num_days()
                }
                (None, Some(d)) => d.num_days(),
                (None, None) => 1,
            }
            .max(1);
            return Ok(Timing {
                start: When::AllDay(first),
                length: Length::Days(days),
                zone: None,
            });
        }
        let zone = self.zone_of(start, series)?.unwrap_or(self.defaults.zone);
        let wall = self.wall_in(start, zone)?;
        let wall = wall - Duration::seconds(i64::from(chrono::Timelike::second(&wall)));
        if !series && !matches!(local_time(zone, wall), LocalTime::Exact(_)) {
            return Err(format!(
                "{wall} does not exist or happens twice in {}",
                zone.name()
            ));
        }
        let minutes = match (&item.end, item.duration) {
            (Some(end), _) => Some((self.wall_in(end, zone)? - wall).num_minutes()),
            // A DURATION is exact time (RFC 5545); meetcal's length is
            // wall-clock time: they differ across a change of the clocks.
            (None, Some(d)) => {
                let end = crate::when::resolve(zone, wall) + d;
                Some((end.with_timezone(&zone).naive_local() - wall).num_minutes())
            }
            (None, None) => None,
        };
        let length = match minutes {
            Some(m) if m > 0 => Length::Minutes(m),
            _ => Length::Default,
        };
        Ok(Timing {
            start: When::Timed(wall),
            length,
            zone: Some(zone),
        })
    }

    /// An occurrence's timing written in its series' zone.
    pub(super) fn in_zone(&self, timing: Timing, zone: Tz) -> Timing {
        match (timing.start, timing.zone) {
            (When::Timed(t), Some(own)) if own != zone => {
                let instant = crate::when::resolve(own, t);
                Timing {
                    start: When::Timed(instant.with_timezone(&zone).naive_local()),
                    zone: Some(zone),
                    ..timing
                }
            }
            _ => timing,
        }
    }
}

/// UNTIL's value as a moment: UTC, a date, or (against the RFC) floating.
pub(super) fn rules_moment(text: &str) -> Option<Moment> {
    crate::import::read::parse_moment(text.trim(), None)
}

pub(super) fn on_date(start: When, date: NaiveDate) -> When {
    match start {
        When::Timed(t) => When::Timed(date.and_time(t.time())),
        When::AllDay(_) => When::AllDay(date),
    }
}

/// The same kind of moment at another wall-clock time.
pub(super) fn shift(like: Option<&Moment>, wall: NaiveDateTime) -> Moment {
    match like {
        Some(Moment::Date(_)) => Moment::Date(wall.date()),
        _ => Moment::Floating(wall),
    }
}

pub(super) fn shift_wall(like: &Moment, wall: Option<NaiveDateTime>) -> Moment {
    match (like, wall) {
        (Moment::Date(_), Some(w)) => Moment::Date(w.date()),
        (_, Some(w)) => Moment::Floating(w),
        (other, None) => other.clone(),
    }
}

/// A floating wall-clock time made a time in `zone`.
pub(super) fn rezone(moment: Moment, zone: Tz) -> Moment {
    match moment {
        Moment::Floating(t) => Moment::Zoned(t, zone.name().to_string()),
        other => other,
    }
}
