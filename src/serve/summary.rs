//! What a build's pages depend on, summarized per event, to tell which
//! pages an edit changed (`serve`'s rebuilds, see `super::incremental`).

use crate::history::History;
use crate::load::LoadCache;
use crate::model::{Event, Place};
use crate::plan::reuse::Pieces;
use crate::plan::scope::Dirty;
use crate::prepare::Prepared;
use crate::urls;
use chrono::{DateTime, Datelike, Utc};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// What a build's pages depend on, to tell which an edit changed.
pub(super) struct Summary {
    /// Everything but event files: site.yaml, groups, venues, the theme,
    /// the server's address.
    outside: u64,
    /// What every page shows of the whole calendar (its menu leaves out
    /// "Past" while nothing is past, "Tags" while no event has one).
    site: u64,
    pub(super) now: DateTime<Utc>,
    history: History,
    /// In the calendar's order, which is its slugs': the next summary
    /// pairs its events with these by slug, in one pass over both.
    events: Vec<Summarized>,
    /// Every tag, in order.
    pub(super) tags: Vec<String>,
    /// Months and years with a page for what happens in them, with how
    /// many events happen in each: counted again only for the events that
    /// changed.
    months: BTreeMap<(i32, u32), usize>,
    years: BTreeMap<i32, usize>,
}

/// An event of a summary: the event itself, which pages show it, and the
/// pieces of output made for it; the last two shared with the next
/// summary where the event did not change.
struct Summarized {
    /// Held, so that no later event has its address: an event of the next
    /// build at the same address is this one, kept by validation.
    event: Arc<Event>,
    summary: Arc<EventSummary>,
    pieces: Arc<Pieces>,
}

/// An event, as far as which pages show it.
#[derive(PartialEq, Eq)]
struct EventSummary {
    /// The text of its file and of its overrides' files.
    files: u64,
    /// The folders of its own page and of the pages and feeds that list
    /// it: its group's, and those of the venues and tags of the event, of
    /// its overrides and of its listed dates.
    pages: BTreeSet<String>,
    months: BTreeSet<(i32, u32)>,
    years: BTreeSet<i32>,
}

impl EventSummary {
    /// Event `i` of `p`, whose files hash to `files`.
    fn of(p: &Prepared, i: usize, files: u64) -> EventSummary {
        let calendar = p.calendar;
        let event = &calendar.events[i];
        let mut pages = BTreeSet::from([urls::event_path(&event.slug)]);
        if let Some(g) = event.group {
            pages.insert(urls::group_path(&calendar.groups[g].slug));
        }
        // The feeds read the event and its overrides out to their
        // horizon, past the dates the pages list.
        let mut tags: BTreeSet<&String> = event.tags_anywhere().collect();
        let mut venues: Vec<&Place> = event.venues_anywhere().collect();
        let mut months = BTreeSet::new();
        let mut years = BTreeSet::new();
        for &position in &p.index.by_event[i] {
            let o = &p.index.occurrences[position];
            let shown = o.shown(event);
            tags.extend(shown.tags.iter());
            venues.extend(shown.venue);
            months.extend(crate::render::months_covering(o.days));
            if !p.index.is_upcoming(o) {
                years.insert(o.days.0.year());
            }
        }
        pages.extend(tags.into_iter().map(|tag| urls::tag_path(tag)));
        for venue in venues {
            if let Place::Shared(v) = venue {
                if let Some(slug) = &calendar.venues[*v].slug {
                    pages.insert(urls::venue_path(slug));
                }
            }
        }
        EventSummary {
            files,
            pages,
            months,
            years,
        }
    }
}

/// Adds (or takes away) an event's months and years to the counts of
/// the events in each; a count that reaches zero goes.
fn count(
    months: &mut BTreeMap<(i32, u32), usize>,
    years: &mut BTreeMap<i32, usize>,
    event: &EventSummary,
    add: bool,
) {
    fn apply<K: Ord + Copy>(counts: &mut BTreeMap<K, usize>, keys: &BTreeSet<K>, add: bool) {
        for key in keys {
            let n = counts.entry(*key).or_default();
            if add {
                *n += 1;
            } else {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    counts.remove(key);
                }
            }
        }
    }
    apply(months, &event.months, add);
    apply(years, &event.years, add);
}

/// Pairs two lists of events in slug order by slug, in one pass: each
/// event of `before` and of `after` once, with its namesake if the other
/// list has one.
fn paired<'a>(
    before: &'a [Summarized],
    after: &'a [Summarized],
) -> impl Iterator<Item = (Option<&'a Summarized>, Option<&'a Summarized>)> {
    let (mut before, mut after) = (before.iter().peekable(), after.iter().peekable());
    std::iter::from_fn(move || {
        let order = match (before.peek(), after.peek()) {
            (None, None) => return None,
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(b), Some(a)) => b.event.slug.cmp(&a.event.slug),
        };
        Some(match order {
            std::cmp::Ordering::Less => (before.next(), None),
            std::cmp::Ordering::Greater => (None, after.next()),
            std::cmp::Ordering::Equal => (before.next(), after.next()),
        })
    })
}

impl Summary {
    /// The summary of `p`; an event's is `earlier`'s when its files did
    /// not change, nor anything outside the events (`outside`), nor the time.
    pub(super) fn of(
        p: &Prepared,
        cache: &LoadCache,
        outside: u64,
        earlier: Option<&Summary>,
    ) -> Summary {
        let calendar = p.calendar;
        let earlier = earlier.filter(|e| e.outside == outside && e.now == p.now);
        // The earlier summary of each event with the same slug: the
        // calendar is in slug order, as the earlier one was.
        let mut namesakes: Vec<Option<&Summarized>> = vec![None; calendar.events.len()];
        if let Some(earlier) = earlier {
            let mut before = earlier.events.iter().peekable();
            for (i, event) in calendar.events.iter().enumerate() {
                while before.next_if(|b| b.event.slug < event.slug).is_some() {}
                namesakes[i] = before.next_if(|b| b.event.slug == event.slug);
            }
        }
        // Each event on its own, in parallel; then gathered in order.
        let events: Vec<Summarized> = (0..calendar.events.len())
            .into_par_iter()
            .map(|i| {
                let event = &calendar.events[i];
                let kept = |earlier: &Summarized| Summarized {
                    event: Arc::clone(event),
                    summary: Arc::clone(&earlier.summary),
                    pieces: Arc::clone(&earlier.pieces),
                };
                let namesake = namesakes[i];
                // Validation kept the very event: its files did not change.
                if let Some(earlier) = namesake.filter(|e| Arc::ptr_eq(&e.event, event)) {
                    return kept(earlier);
                }
                let mut hasher = std::collections::hash_map::DefaultHasher::new();
                for source in
                    std::iter::once(&event.source).chain(event.overrides.iter().map(|o| &o.source))
                {
                    source.as_os_str().hash(&mut hasher);
                    cache.fingerprint(source).hash(&mut hasher);
                }
                let files = hasher.finish();
                match namesake.filter(|e| e.summary.files == files) {
                    Some(earlier) => kept(earlier),
                    None => Summarized {
                        event: Arc::clone(event),
                        summary: Arc::new(EventSummary::of(p, i, files)),
                        pieces: Arc::default(),
                    },
                }
            })
            .collect();
        let (mut months, mut years) = Default::default();
        match earlier {
            Some(earlier) => {
                (months, years) = (earlier.months.clone(), earlier.years.clone());
                for (before, after) in paired(&earlier.events, &events) {
                    if let (Some(b), Some(a)) = (before, after) {
                        if Arc::ptr_eq(&b.summary, &a.summary) {
                            continue;
                        }
                    }
                    if let Some(before) = before {
                        count(&mut months, &mut years, &before.summary, false);
                    }
                    if let Some(after) = after {
                        count(&mut months, &mut years, &after.summary, true);
                    }
                }
            }
            None => {
                for summarized in &events {
                    count(&mut months, &mut years, &summarized.summary, true);
                }
            }
        }
        let mut site = std::collections::hash_map::DefaultHasher::new();
        // The typed view: the template engine's value orders keys at random.
        serde_json::to_string(&p.site())
            .unwrap_or_default()
            .hash(&mut site);
        Summary {
            outside,
            site: site.finish(),
            now: p.now,
            history: p.history.clone(),
            events,
            tags: p.index.by_tag.keys().cloned().collect(),
            months,
            years,
        }
    }

    /// The pieces of output made for each event, in the calendar's order.
    pub(super) fn pieces(&self) -> Vec<Arc<Pieces>> {
        self.events.iter().map(|e| Arc::clone(&e.pieces)).collect()
    }

    /// Makes every event's pieces again.
    pub(super) fn forget_pieces(&mut self) {
        for summarized in &mut self.events {
            summarized.pieces = Arc::default();
        }
    }

    /// The pages to make again for `new`, or `None` if every page may have
    /// changed.
    pub(super) fn dirty(&self, new: &Summary) -> Option<Dirty> {
        if self.outside != new.outside
            || self.site != new.site
            || self.now != new.now
            || self.history != new.history
        {
            return None;
        }
        let mut dirty = Dirty {
            all_months: !self.months.keys().eq(new.months.keys()),
            all_years: !self.years.keys().eq(new.years.keys()),
            ..Dirty::default()
        };
        // Each event that changed, was added or was removed, as it was and is.
        let changed =
            paired(&self.events, &new.events).filter(|(before, after)| match (before, after) {
                (Some(b), Some(a)) => b.summary != a.summary,
                _ => true,
            });
        for (before, after) in changed {
            for event in [before, after].into_iter().flatten() {
                let event = &event.summary;
                dirty.folders.extend(event.pages.iter().cloned());
                dirty
                    .folders
                    .extend(event.months.iter().map(|(y, m)| urls::month_path(*y, *m)));
                dirty
                    .folders
                    .extend(event.years.iter().map(|y| urls::past_year_path(*y)));
            }
        }
        Some(dirty)
    }
}
