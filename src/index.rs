//! The occurrences in the order pages list them, split around `now`, and
//! grouped by event, group, venue and tag. Lists hold positions in
//! `occurrences`, so no page copies the calendar.

use crate::expand::Occurrence;
use crate::model::{Calendar, Place};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap};

pub struct Index {
    /// Sorted by start, then slug, then series date.
    pub occurrences: Vec<Occurrence>,
    pub now: DateTime<Utc>,
    /// Per occurrence, whether it is still to come: the lists of positions
    /// below are split by it without reading the occurrences themselves,
    /// scattered over tens of megabytes in a calendar of weekly series.
    upcoming: Vec<bool>,
    /// Per occurrence, its event, for the same reason.
    event_of: Vec<u32>,
    /// Per event (same order as `Calendar::events`).
    pub by_event: Vec<Vec<usize>>,
    pub by_group: Vec<Vec<usize>>,
    /// Per shared venue (same order as `Calendar::venues`).
    pub by_venue: Vec<Vec<usize>>,
    pub by_tag: BTreeMap<String, Vec<usize>>,
}

impl Index {
    pub fn new(calendar: &Calendar, occurrences: Vec<Occurrence>, now: DateTime<Utc>) -> Index {
        // By a hash while gathering: tens of thousands of dates name a few
        // dozen tags; sorted once at the end. An event's own tags are
        // looked up once: only a date a file changes can have others.
        let mut tagged = TagLists::default();
        let own_tags: Vec<Vec<usize>> = calendar
            .events
            .iter()
            .map(|event| event.tags.iter().map(|tag| tagged.slot(tag)).collect())
            .collect();
        // Each list sized once, from its events' counts of dates (exact
        // but for the few dates a file moves to another venue or tags).
        let mut per_event = vec![0; calendar.events.len()];
        for o in &occurrences {
            per_event[o.event] += 1;
        }
        let mut per_group = vec![0; calendar.groups.len()];
        let mut per_venue = vec![0; calendar.venues.len()];
        let mut per_tag = vec![0; tagged.lists.len()];
        for ((event, tags), &count) in calendar.events.iter().zip(&own_tags).zip(&per_event) {
            if let Some(g) = event.group {
                per_group[g] += count;
            }
            if let Some(Place::Shared(v)) = event.venue {
                per_venue[v] += count;
            }
            for &slot in tags {
                per_tag[slot] += count;
            }
        }
        let lists = |sizes: &[usize]| -> Vec<Vec<usize>> {
            sizes.iter().map(|&n| Vec::with_capacity(n)).collect()
        };
        let mut by_event = lists(&per_event);
        let mut by_group = lists(&per_group);
        let mut by_venue = lists(&per_venue);
        for (list, n) in tagged.lists.iter_mut().zip(per_tag) {
            list.1.reserve_exact(n);
        }
        let mut upcoming = Vec::with_capacity(occurrences.len());
        let mut event_of = Vec::with_capacity(occurrences.len());
        for (i, o) in occurrences.iter().enumerate() {
            upcoming.push(o.end_key > now);
            // Every event is a file held in memory: four billion cannot be loaded.
            event_of.push(u32::try_from(o.event).expect("fewer than 2^32 events"));
            let event = &calendar.events[o.event];
            by_event[o.event].push(i);
            if let Some(g) = event.group {
                by_group[g].push(i);
            }
            // A date no file changes is where its event is, tagged as it is.
            let changed = o.changed_by.is_some().then(|| o.shown(event));
            let venue = changed.as_ref().map_or(event.venue.as_ref(), |s| s.venue);
            if let Some(Place::Shared(v)) = venue {
                by_venue[*v].push(i);
            }
            match changed.as_ref().map(|s| s.tags) {
                Some(tags) if !std::ptr::eq(tags, event.tags.as_slice()) => {
                    for tag in tags {
                        let slot = tagged.slot(tag);
                        tagged.lists[slot].1.push(i);
                    }
                }
                _ => {
                    for &slot in &own_tags[o.event] {
                        tagged.lists[slot].1.push(i);
                    }
                }
            }
        }
        let by_tag = tagged
            .lists
            .into_iter()
            .filter(|(_, positions)| !positions.is_empty())
            .map(|(tag, positions)| (tag.to_string(), positions))
            .collect();
        Index {
            occurrences,
            now,
            upcoming,
            event_of,
            by_event,
            by_group,
            by_venue,
            by_tag,
        }
    }

    pub fn is_upcoming(&self, occurrence: &Occurrence) -> bool {
        occurrence.end_key > self.now
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

    /// The upcoming and past occurrences among `positions`.
    pub fn split<'a>(
        &'a self,
        positions: &'a [usize],
    ) -> (Vec<&'a Occurrence>, Vec<&'a Occurrence>) {
        let (mut upcoming, mut past) = (Vec::new(), Vec::new());
        for &i in positions {
            match self.upcoming[i] {
                true => upcoming.push(&self.occurrences[i]),
                false => past.push(&self.occurrences[i]),
            }
        }
        past.reverse();
        (upcoming, past)
    }

    /// The positions among `positions` still to come, in order.
    pub fn upcoming_positions<'a>(
        &'a self,
        positions: &'a [usize],
    ) -> impl Iterator<Item = usize> + 'a {
        positions.iter().copied().filter(|&i| self.upcoming[i])
    }

    /// The occurrences among `positions` still to come, in order.
    pub fn upcoming_of<'a>(
        &'a self,
        positions: &'a [usize],
    ) -> impl Iterator<Item = &'a Occurrence> + 'a {
        self.upcoming_positions(positions)
            .map(|i| &self.occurrences[i])
    }

    /// How many events `positions` are dates of, and how many of those
    /// dates are still to come.
    pub fn tally(&self, positions: &[usize]) -> (usize, usize) {
        // A weekly series has dozens of dates under each of its tags: events
        // are told apart by a mark per event rather than by sorting the dates.
        let mut seen = vec![false; self.by_event.len()];
        let (mut events, mut to_come) = (0, 0);
        for &i in positions {
            if !std::mem::replace(&mut seen[self.event_of[i] as usize], true) {
                events += 1;
            }
            to_come += usize::from(self.upcoming[i]);
        }
        (events, to_come)
    }
}

/// Positions by tag while they are gathered, each tag in a slot of its own.
#[derive(Default)]
struct TagLists<'a> {
    slots: HashMap<&'a str, usize, rustc_hash::FxBuildHasher>,
    lists: Vec<(&'a str, Vec<usize>)>,
}

impl<'a> TagLists<'a> {
    fn slot(&mut self, tag: &'a str) -> usize {
        let lists = &mut self.lists;
        *self.slots.entry(tag).or_insert_with(|| {
            lists.push((tag, Vec::new()));
            lists.len() - 1
        })
    }
}
