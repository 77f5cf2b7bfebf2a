//! Files parsed by an earlier load, kept by `serve`: it loads again after
//! every save, and parsing ten thousand unchanged files again would cost
//! most of its time.

use super::{list_content, load_file, Kind, Loaded};
use crate::diagnostics::Diagnostic;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// Each file of the last load, by its path relative to the root.
#[derive(Default)]
pub struct LoadCache {
    /// By the path's text: hashing a `Path` splits it into components,
    /// and a load looks up every file three times.
    files: HashMap<OsString, Cached>,
    /// When the last load began.
    began: Option<SystemTime>,
    /// The files the last walk of `content/` found, and what it reported.
    listing: Option<Listing>,
    /// The only files changed since the last load, when a watcher told.
    told: Option<HashSet<PathBuf>>,
}

struct Listing {
    jobs: Vec<(PathBuf, Kind)>,
    problems: Vec<Diagnostic>,
}

struct Cached {
    stamp: Stamp,
    /// Of the file's text, if it was read.
    fingerprint: Option<u64>,
    /// Shared with the loads that reuse it: copying ten thousand parsed
    /// files cost most of a load.
    part: Arc<Loaded>,
}

/// A file modified this close to a load may change again without its
/// stamp showing it (a modification time is only as fine as the file
/// system's clock): it is read again by the next load too.
const RACY: Duration = Duration::from_secs(2);

/// What tells that a file changed without reading it: its size, its
/// modification time and its inode (an editor saving by renaming a new file
/// over the old one gives it a new inode).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    inode: u64,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            inode,
        })
    }
}

impl LoadCache {
    /// Tells the next load that only the files at `changed` (relative to
    /// the root) changed since the last one, as a file watcher reports
    /// them. While none of them adds, removes or moves a file it read,
    /// that load neither walks `content/` nor looks at the other files:
    /// it reads these again, and trusts the rest as they were.
    pub fn expect_changes(&mut self, changed: impl IntoIterator<Item = PathBuf>) {
        // With those told before, if no load has taken them yet.
        self.told.get_or_insert_with(HashSet::new).extend(changed);
    }

    /// For a load that found no `content/` folder to walk.
    pub(super) fn forget_listing(&mut self) {
        self.listing = None;
        self.told = None;
    }

    /// The content files to read: the last walk's, while the changes told
    /// leave them as they were; else from a new walk, after which every
    /// file is looked at.
    pub(super) fn list(
        &mut self,
        root: &Path,
        problems: &mut Vec<Diagnostic>,
    ) -> Vec<(PathBuf, Kind)> {
        if let (Some(listing), Some(told)) = (&self.listing, &self.told) {
            if told.iter().all(|path| listing.still_holds(root, path)) {
                problems.extend(listing.problems.iter().cloned());
                return listing.jobs.clone();
            }
        }
        self.told = None;
        let mut found = Vec::new();
        let jobs = list_content(root, &mut found);
        problems.extend(found.iter().cloned());
        self.listing = Some(Listing {
            jobs: jobs.clone(),
            problems: found,
        });
        jobs
    }
    /// A hash of the text `path` had when it was last loaded.
    pub fn fingerprint(&self, path: &Path) -> Option<u64> {
        self.files
            .get(path.as_os_str())
            .and_then(|cached| cached.fingerprint)
    }

    /// The files of the last load, relative to the root.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.files.keys().map(Path::new)
    }

    /// Each of `jobs` loaded, in their order: from the cache when the file
    /// did not change, else read and parsed. The cache is left with this
    /// load's files only.
    pub(super) fn load(&mut self, root: &Path, jobs: Vec<(PathBuf, Kind)>) -> Vec<Arc<Loaded>> {
        if let Some(told) = self.told.take() {
            return self.load_told(root, jobs, &told);
        }
        let began = SystemTime::now();
        let listing = self.listing.take();
        let earlier = std::mem::take(self);
        let parts: Vec<(Option<Stamp>, Arc<Loaded>, bool)> = jobs
            .par_iter()
            .map(|(path, kind)| {
                let cached = earlier.files.get(path.as_os_str());
                let stamp = Stamp::of(&root.join(path));
                if let (Some(cached), Some(stamp)) = (cached, stamp) {
                    if earlier.reusable(cached, stamp) {
                        return (Some(stamp), Arc::clone(&cached.part), true);
                    }
                }
                (stamp, Arc::new(load_file(root, path, *kind)), false)
            })
            .collect();
        let mut earlier = earlier.files;
        self.began = Some(began);
        self.listing = listing;
        jobs.into_iter()
            .zip(parts)
            .map(|((path, _), (stamp, part, reused))| {
                if let Some(stamp) = stamp {
                    let cached = match earlier.remove(path.as_os_str()) {
                        Some(cached) if reused => cached,
                        _ => Cached {
                            stamp,
                            fingerprint: fingerprint(&part),
                            part: Arc::clone(&part),
                        },
                    };
                    self.files.insert(path.into_os_string(), cached);
                }
                part
            })
            .collect()
    }

    /// [`LoadCache::load`] of the last walk's files, of which only those
    /// `told` changed: they are read again, and so is a file that had
    /// problems (they may name other files); the others are taken as they
    /// were, without a look at the file.
    fn load_told(
        &mut self,
        root: &Path,
        jobs: Vec<(PathBuf, Kind)>,
        told: &HashSet<PathBuf>,
    ) -> Vec<Arc<Loaded>> {
        // A few paths, compared as bytes: hashing a path splits it.
        let told: Vec<&OsStr> = told.iter().map(|p| p.as_os_str()).collect();
        let parts: Vec<(Arc<Loaded>, Option<Option<Stamp>>)> = jobs
            .par_iter()
            .map(|(path, kind)| {
                let path = path.as_path();
                match self.files.get(path.as_os_str()) {
                    Some(cached)
                        if cached.part.problems.is_empty() && !told.contains(&path.as_os_str()) =>
                    {
                        (Arc::clone(&cached.part), None)
                    }
                    _ => {
                        // Before the read: a save during it shows next time.
                        let stamp = Stamp::of(&root.join(path));
                        (Arc::new(load_file(root, path, *kind)), Some(stamp))
                    }
                }
            })
            .collect();
        jobs.into_iter()
            .zip(parts)
            .map(|((path, _), (part, read))| {
                match read {
                    None => {}
                    Some(Some(stamp)) => {
                        let cached = Cached {
                            stamp,
                            fingerprint: fingerprint(&part),
                            part: Arc::clone(&part),
                        };
                        self.files.insert(path.into_os_string(), cached);
                    }
                    Some(None) => {
                        self.files.remove(path.as_os_str());
                    }
                }
                part
            })
            .collect()
    }

    /// Whether the part loaded from a file may stand for the file as it is
    /// now, with stamp `now`.
    fn reusable(&self, cached: &Cached, now: Stamp) -> bool {
        let settled = match (cached.stamp.modified, self.began) {
            (Some(modified), Some(began)) => modified + RACY < began,
            _ => false,
        };
        // A file with problems is read again: they may name others.
        cached.stamp == now && settled && cached.part.problems.is_empty()
    }
}

impl Listing {
    /// Whether a change at `path` leaves the files to read as they were:
    /// it is one of them, still a plain file, or a path no walk reads.
    fn still_holds(&self, root: &Path, path: &Path) -> bool {
        let Ok(inside) = path.strip_prefix("content") else {
            return true;
        };
        let name = |c: std::path::Component| c.as_os_str().to_string_lossy().into_owned();
        if path.file_name().is_some_and(|n| n == crate::output::MARKER) {
            return false;
        }
        // Left out of every walk (drafts, an editor's swap files).
        if inside
            .components()
            .map(name)
            .any(|n| n.starts_with('.') || n.starts_with('_'))
        {
            return true;
        }
        if path == Path::new("content").join("site.yaml") {
            return true;
        }
        // A walk's order is not the order of the paths' bytes.
        let listed = self.jobs.iter().any(|(job, _)| job == path);
        listed
            && std::fs::symlink_metadata(root.join(path))
                .is_ok_and(|meta| meta.file_type().is_file())
    }
}

/// A hash of the text of the one file `part` was loaded from.
fn fingerprint(part: &Loaded) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    // An event's body is its description by now, out of its source.
    let event = part.events.iter().chain(&part.events_with_problems).next();
    let source = event
        .map(|(source, _)| source)
        .or(part.groups.first().map(|(source, _)| source))
        .or(part.venues.first().map(|(source, _)| source))?;
    (&source.yaml, &source.body).hash(&mut hasher);
    event.map(|(_, file)| &file.description).hash(&mut hasher);
    Some(hasher.finish())
}
