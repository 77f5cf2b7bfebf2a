//! `serve`'s rebuilds. After a save that changed only event files, only the
//! pages those events appear in are made again (their own, their months,
//! past years, group, venue and tag pages with their feeds and embeds, and
//! every page of the whole calendar); every other file of the last build is
//! kept. Anything else changed (site.yaml, a group, a venue, the theme, the
//! content's history, the time the site is seen from) rebuilds it all.
//!
//! Only files that did change are parsed again ([`LoadCache`]).

use crate::build::{drop_elsewhere, render_planned, Built, Earlier, Error, Inputs, Now, Plan};
use crate::history::{History, OnShallow};
use crate::load::LoadCache;
use crate::model::{Event, Place};
use crate::output::{OutputFile, Piece};
use crate::plan::reuse::{Pieces, Reuse, SiteIndexes};
use crate::plan::scope::{page_folder, Dirty, Scope};
use crate::plan::Kept;
use crate::prepare::{DescriptionCache, Prepared};
use crate::timing::stage;
use crate::urls;
use chrono::{DateTime, Datelike, Utc};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// The site's files, by their path in the site (`events/x/index.html`).
/// A fast hash rather than a keyed one: the paths are the site's own, and
/// a rebuild puts twenty thousand of them in a new map.
pub type Files = HashMap<Arc<str>, Arc<Content>, rustc_hash::FxBuildHasher>;

/// A file of the site in memory: whole, or the pieces it was made in,
/// joined when first read. `events.json` is tens of megabytes, made of
/// entries most of which the last rebuild made: copying them into one
/// buffer after every save took a tenth of a rebuild.
pub struct Content {
    pieces: Vec<Piece>,
    joined: OnceLock<Vec<u8>>,
}

impl Content {
    pub fn whole(bytes: Vec<u8>) -> Content {
        Content::in_pieces(vec![Piece::Owned(bytes)])
    }

    fn in_pieces(pieces: Vec<Piece>) -> Content {
        Content {
            pieces,
            joined: OnceLock::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.pieces.iter().map(|p| p.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn bytes(&self) -> &[u8] {
        match &self.pieces[..] {
            [] => &[],
            [one] => one,
            pieces => self.joined.get_or_init(|| {
                let mut joined = Vec::with_capacity(self.len());
                for piece in pieces {
                    joined.extend_from_slice(piece);
                }
                joined
            }),
        }
    }
}

impl std::ops::Deref for Content {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        self.bytes()
    }
}

impl PartialEq for Content {
    fn eq(&self, other: &Content) -> bool {
        self.bytes() == other.bytes()
    }
}

impl std::fmt::Debug for Content {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Content({} bytes)", self.len())
    }
}

/// How long a serving session keeps the time its pages are made at: every
/// rebuild within it sees the same `now`, so it can keep the pages no edit
/// touched (which show, say, what is still to come). The first rebuild
/// after it reads the clock again and makes every page.
const CLOCK_KEPT: std::time::Duration = std::time::Duration::from_secs(600);

/// A calendar built in memory, and what its next rebuild can reuse.
pub struct Preview {
    root: PathBuf,
    base_url: String,
    now: Now,
    earlier: Earlier,
    descriptions: DescriptionCache,
    indexes: Arc<SiteIndexes>,
    /// The fingerprint of everything but event files, while only event
    /// files changed since it was taken.
    outside: Option<u64>,
    /// Whether the file watcher named every change since the last
    /// rebuild, all of them event files: `outside` still holds.
    only_event_files: bool,
    last: Option<Last>,
}

/// The last good build.
struct Last {
    files: Arc<Files>,
    /// Its files' paths, sorted, but the site's index files'.
    paths: Arc<[Arc<str>]>,
    /// Those of its files that belong to no page's folder, sorted: made
    /// on every render (see `plan::scope`).
    unkeyed: Vec<Arc<str>>,
    summary: Summary,
    /// When the clock was read for it, if `now` is the clock's.
    clock_read: Option<std::time::Instant>,
}

/// What a rebuild made.
pub struct Rebuilt {
    pub files: Arc<Files>,
    pub built: Built,
    /// Whether any file differs from the last build's.
    pub changed: bool,
    /// Whether pages of the last build were kept.
    pub incremental: bool,
}

impl Preview {
    pub fn new(root: &Path, base_url: &str, now: Now) -> Preview {
        Preview {
            root: root.to_path_buf(),
            base_url: base_url.to_string(),
            now,
            earlier: Earlier::default(),
            descriptions: DescriptionCache::default(),
            indexes: Arc::default(),
            outside: None,
            only_event_files: false,
            last: None,
        }
    }

    /// Tells the next rebuild that only the files at `changed` (relative
    /// to the root) changed since the last, as the file watcher saw: it
    /// reads those again and trusts the others (see
    /// [`LoadCache::expect_changes`]).
    pub fn expect_changes(&mut self, changed: impl IntoIterator<Item = PathBuf>) {
        let changed: Vec<PathBuf> = changed.into_iter().collect();
        let events = Path::new("content").join("events");
        self.only_event_files = changed.iter().all(|path| path.starts_with(&events));
        self.earlier.files.expect_changes(changed);
    }

    /// Builds the calendar again, keeping what it can of the last build.
    /// On failure the last good build stays, for the next rebuild.
    pub fn rebuild(&mut self) -> Result<Rebuilt, Error> {
        // Forgotten first: a rebuild that fails may have followed any change.
        if !std::mem::take(&mut self.only_event_files) {
            self.outside = None;
        }
        let (now, clock_read) = self.time();
        let inputs = Inputs::read_with(
            &self.root,
            Some(&self.base_url),
            &now,
            // A preview reads the history as the clone has it.
            OnShallow::Accept,
            Some(&mut self.earlier),
        )?;
        // The theme's files are read whole for it: not again after a save
        // of event files only.
        let outside = *self.outside.get_or_insert_with(|| {
            stage("serve:outside", || {
                outside_fingerprint(&self.root, &self.earlier.files, &self.base_url)
            })
        });
        let memory = Made::default();
        let last = self.last.as_ref();
        let mut summary = None;
        // The last build's files this render makes again, when it keeps the others.
        let mut dropped = None;
        let mut scoped = false;
        let built = render_planned(inputs, &memory, Some(&mut self.descriptions), |p| {
            let earlier = last.map(|last| &last.summary);
            let mut new = stage("serve:summary", || {
                Summary::of(p, &self.earlier.files, outside, earlier)
            });
            let dirty = last.and_then(|last| last.summary.dirty(&new));
            // The pieces of an event that did not change are the last
            // build's, but when every page may have changed, or the list of
            // tags did (search entries name tags by their position in it).
            if dirty.is_none() || last.is_some_and(|last| last.summary.tags != new.tags) {
                new.forget_pieces();
            }
            let reuse = Reuse::new(new.pieces(), Arc::clone(&self.indexes));
            summary = Some(new);
            let (Some(dirty), Some(last)) = (dirty, last) else {
                return Plan {
                    reuse,
                    ..Plan::default()
                };
            };
            scoped = true;
            let scope = Scope::Only(dirty);
            // The files of every page made again; those made on every
            // render; and the theme's files, put on every render wherever
            // they are.
            let mut again = scope.made_again(&last.paths);
            again.extend(last.unkeyed.iter().cloned());
            again.extend(
                p.theme
                    .static_files
                    .iter()
                    .map(|file| Arc::from(site_path(&file.path))),
            );
            let kept = Kept::new(Arc::clone(&last.paths), again);
            dropped = Some(kept.dropped.clone());
            Plan {
                scope,
                kept: Some(kept),
                reuse,
            }
        })?;
        let old = self.last.as_ref().map(|last| &*last.files);
        let (files, unkeyed, changed) = stage("serve:files", || {
            merge(memory.into_files(), old, dropped.as_deref(), built.files)
        });
        let files = Arc::new(files);
        let clock_read = clock_read.or(self.last.as_ref().and_then(|l| l.clock_read));
        let old = self.last.replace(Last {
            files: Arc::clone(&files),
            paths: Arc::clone(&built.paths),
            unkeyed,
            summary: summary.expect("the plan was asked for"),
            clock_read,
        });
        drop_elsewhere(old);
        Ok(Rebuilt {
            files,
            built,
            changed,
            incremental: scoped,
        })
    }

    /// The time to build at: the command line's, else the clock's as the
    /// last build read it while that is recent, else the clock's now.
    fn time(&self) -> (Now, Option<std::time::Instant>) {
        let Now::Clock = self.now else {
            return (self.now, None);
        };
        if let Some(last) = &self.last {
            if let Some(read) = last.clock_read.filter(|read| read.elapsed() < CLOCK_KEPT) {
                return (Now::Instant(last.summary.now), Some(read));
            }
        }
        (Now::Instant(Utc::now()), Some(std::time::Instant::now()))
    }
}

/// What a build's pages depend on, to tell which an edit changed.
struct Summary {
    /// Everything but event files: site.yaml, groups, venues, the theme,
    /// the server's address.
    outside: u64,
    /// What every page shows of the whole calendar (its menu leaves out
    /// "Past" while nothing is past, "Tags" while no event has one).
    site: u64,
    now: DateTime<Utc>,
    history: History,
    /// In the calendar's order, which is its slugs': the next summary
    /// pairs its events with these by slug, in one pass over both.
    events: Vec<Summarized>,
    /// Every tag, in order.
    tags: Vec<String>,
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
        let mut tags: BTreeSet<&String> = event.tags.iter().collect();
        let mut venues: Vec<&Place> = event.venue.iter().collect();
        for o in &event.overrides {
            tags.extend(o.changes.tags.iter().flatten());
            venues.extend(o.changes.venue.as_ref());
        }
        let mut months = BTreeSet::new();
        let mut years = BTreeSet::new();
        for &position in &p.index.by_event[i] {
            let o = &p.index.occurrences[position];
            let shown = o.shown(event);
            tags.extend(shown.tags.iter());
            venues.extend(shown.venue);
            months.extend(crate::render::months_covering(p.covered_days(o)));
            if !p.index.is_upcoming(o) {
                years.insert(p.local_date(&o.start).year());
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
    fn of(p: &Prepared, cache: &LoadCache, outside: u64, earlier: Option<&Summary>) -> Summary {
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
    fn pieces(&self) -> Vec<Arc<Pieces>> {
        self.events.iter().map(|e| Arc::clone(&e.pieces)).collect()
    }

    /// Makes every event's pieces again.
    fn forget_pieces(&mut self) {
        for summarized in &mut self.events {
            summarized.pieces = Arc::default();
        }
    }

    /// The pages to make again for `new`, or `None` if every page may have
    /// changed.
    fn dirty(&self, new: &Summary) -> Option<Dirty> {
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

/// The files a render made, with the files of `old` but those `dropped`
/// when it kept any; the paths of those it made that belong to no page's
/// folder; and whether the files differ from `old`.
fn merge(
    made: Vec<(PathBuf, Content)>,
    old: Option<&Files>,
    dropped: Option<&[Arc<str>]>,
    count: usize,
) -> (Files, Vec<Arc<str>>, bool) {
    // The last build's files but the dropped: the map copied whole, which
    // neither reads nor hashes the paths of the thousands of files kept.
    let mut files = match old.zip(dropped) {
        Some((old, dropped)) => {
            let mut files = old.clone();
            for path in dropped {
                files.remove(path);
            }
            files
        }
        None => Files::with_capacity_and_hasher(count, Default::default()),
    };
    let mut made_paths = Vec::with_capacity(made.len());
    let mut unkeyed = Vec::new();
    for (path, content) in made {
        let path: Arc<str> = site_path(&path).into();
        if page_folder(&path).is_none() {
            unkeyed.push(Arc::clone(&path));
        }
        made_paths.push((content.len(), Arc::clone(&path)));
        files.insert(path, Arc::new(content));
    }
    unkeyed.sort_unstable();
    let Some(old) = old else {
        return (files, unkeyed, true);
    };
    // Every file made was there before: the same paths if as many. Then
    // the smallest files first, where an edit shows (its event's page),
    // stopping at the first difference: `events.json` is tens of megabytes.
    let mut changed = files.len() != old.len();
    made_paths.sort_unstable();
    changed = changed
        || made_paths.iter().any(|(_, path)| {
            old.get(path).map(|b| b.bytes()) != files.get(path).map(|b| b.bytes())
        });
    (files, unkeyed, changed)
}

/// The files of a render, in memory; a file made in pieces is kept in its
/// pieces.
#[derive(Default)]
struct Made(Mutex<Vec<(PathBuf, Content)>>);

impl Made {
    fn into_files(self) -> Vec<(PathBuf, Content)> {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn keep(&self, path: PathBuf, content: Content) -> Result<(), String> {
        if !crate::output::is_inside(&path) {
            return Err(crate::output::outside(&path));
        }
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path, content));
        Ok(())
    }
}

impl crate::output::Sink for Made {
    fn put(&self, file: OutputFile) -> Result<(), String> {
        self.keep(file.path, Content::whole(file.bytes))
    }

    fn put_in_pieces(
        &self,
        path: PathBuf,
        pieces: &mut dyn Iterator<Item = Piece>,
    ) -> Result<(), String> {
        self.keep(path, Content::in_pieces(pieces.collect()))
    }
}

/// One number for every input that is not an event file: a change to any
/// of them rebuilds everything.
fn outside_fingerprint(root: &Path, cache: &LoadCache, base_url: &str) -> u64 {
    let events = Path::new("content").join("events");
    let mut parsed: Vec<(&Path, Option<u64>)> = cache
        .paths()
        .filter(|path| !path.starts_with(&events))
        .map(|path| (path, cache.fingerprint(path)))
        .collect();
    parsed.sort();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    parsed.hash(&mut hasher);
    base_url.hash(&mut hasher);
    // Small files, read whole: a stamp can miss a quick second save.
    let read = |path: &Path, hasher: &mut std::collections::hash_map::DefaultHasher| {
        path.hash(hasher);
        std::fs::read(path).ok().hash(hasher);
    };
    read(&root.join("content").join("site.yaml"), &mut hasher);
    for entry in walkdir::WalkDir::new(root.join("themes"))
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        read(entry.path(), &mut hasher);
    }
    hasher.finish()
}

/// An output path as the site addresses it: forward slashes.
pub fn site_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
