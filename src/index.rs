//! The occurrences in the order pages list them, split around `now`.

use crate::expand::Occurrence;
use chrono::{DateTime, Utc};

pub struct Index {
    /// Sorted by start, then slug, then series date.
    pub occurrences: Vec<Occurrence>,
    pub now: DateTime<Utc>,
}

impl Index {
    pub fn new(occurrences: Vec<Occurrence>, now: DateTime<Utc>) -> Index {
        Index { occurrences, now }
    }

    /// Occurrences that have not ended yet, soonest first.
    pub fn upcoming(&self) -> impl Iterator<Item = &Occurrence> {
        self.occurrences.iter().filter(move |o| self.is_upcoming(o))
    }

    /// Occurrences that have ended, most recent first.
    pub fn past(&self) -> impl Iterator<Item = &Occurrence> {
        self.occurrences
            .iter()
            .rev()
            .filter(move |o| !self.is_upcoming(o))
    }

    fn is_upcoming(&self, occurrence: &Occurrence) -> bool {
        occurrence.end_key > self.now
    }
}
