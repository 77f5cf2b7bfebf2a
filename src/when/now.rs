//! `--now`: the moment a command sees the calendar from. Builds take it
//! from the command line so that the same content gives the same site.

use super::{local_time, parse_when, LocalTime, When};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

/// `--now`: the clock, an RFC 3339 instant, or a wall-clock time in the site's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Now {
    Clock,
    Instant(DateTime<Utc>),
    SiteTime(chrono::NaiveDateTime),
}

impl std::str::FromStr for Now {
    type Err = String;

    fn from_str(text: &str) -> Result<Now, String> {
        if let Ok(t) = DateTime::parse_from_rfc3339(text) {
            return Ok(Now::Instant(t.with_timezone(&Utc)));
        }
        match parse_when(text) {
            Ok(When::Timed(t)) => Ok(Now::SiteTime(t)),
            // A day alone: its start.
            Ok(When::AllDay(day)) => Ok(Now::SiteTime(day.and_time(chrono::NaiveTime::MIN))),
            _ => Err(format!(
                "`{text}` is not a time: use RFC 3339 (`2027-01-05T12:00:00+01:00`), or `YYYY-MM-DD HH:MM` or `YYYY-MM-DD` in the site's zone"
            )),
        }
    }
}

impl Now {
    /// The day it is in `zone`.
    pub fn today_in(&self, zone: Tz) -> NaiveDate {
        match self {
            Now::Clock => Utc::now().with_timezone(&zone).date_naive(),
            Now::Instant(t) => t.with_timezone(&zone).date_naive(),
            Now::SiteTime(wall) => wall.date(),
        }
    }

    /// The instant it is, a wall-clock time read in the site's `zone`.
    pub fn resolve(&self, zone: Tz) -> Result<DateTime<Utc>, String> {
        match self {
            Now::Clock => Ok(Utc::now()),
            Now::Instant(t) => Ok(*t),
            Now::SiteTime(wall) => match local_time(zone, *wall) {
                LocalTime::Exact(t) | LocalTime::Ambiguous(t, _) => Ok(t.with_timezone(&Utc)),
                LocalTime::Gap => Err(format!("--now {wall} does not exist in {}", zone.name())),
            },
        }
    }
}
