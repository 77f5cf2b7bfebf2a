//! Files parsed by an earlier load, kept by `serve`: it loads again after
//! every save, and parsing ten thousand unchanged files again would cost
//! most of its time.

use super::{load_file, Kind, Loaded};
use rayon::prelude::*;
use std::collections::HashMap;
use std::ffi::OsString;
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
        let began = SystemTime::now();
        let earlier = std::mem::take(self);
        let parts: Vec<(Option<Stamp>, Arc<Loaded>, bool)> = jobs
            .par_iter()
            .map(|(path, kind)| {
                let stamp = Stamp::of(&root.join(path));
                let cached = earlier.files.get(path.as_os_str());
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

/// A hash of the text of the one file `part` was loaded from.
fn fingerprint(part: &Loaded) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    let source = part
        .events
        .iter()
        .chain(&part.events_with_problems)
        .map(|(source, _)| source)
        .chain(part.groups.iter().map(|(source, _)| source))
        .chain(part.venues.iter().map(|(source, _)| source))
        .next()?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (&source.yaml, &source.body).hash(&mut hasher);
    Some(hasher.finish())
}
