//! `serve`'s rebuilds. After a save that changed only event files, only the
//! pages those events appear in are made again (their own, their months,
//! past years, group, venue and tag pages with their feeds and embeds, and
//! every page of the whole calendar); every other file of the last build is
//! kept. Anything else changed (site.yaml, a group, a venue, the theme, the
//! content's history, the time the site is seen from) rebuilds it all.
//!
//! Only files that did change are parsed again ([`LoadCache`]).

use super::summary::Summary;
use crate::build::{drop_elsewhere, render_planned, Built, Earlier, Error, Inputs, Now, Plan};
use crate::history::OnShallow;
use crate::load::LoadCache;
use crate::output::{OutputFile, Piece};
use crate::plan::reuse::{Reuse, SiteIndexes};
use crate::plan::scope::{page_folder, Scope};
use crate::plan::Kept;
use crate::prepare::DescriptionCache;
use crate::timing::stage;
use chrono::Utc;
use std::collections::HashMap;
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
