//! Output made for one event by the last render, taken again by the next
//! one for every event an edit left alone (`serve`): the whole calendar's
//! feeds hold every event, and writing ten thousand of them again after
//! each save would cost most of a rebuild.

use crate::output::OutputFile;
use std::sync::{Arc, Mutex, OnceLock};

/// The pieces of an event's output that depend on no other event: only on
/// the event's files, and on what rebuilds everything when it changes (the
/// site, groups, venues, theme, history and time).
#[derive(Default)]
pub struct Pieces {
    /// Its VEVENTs, written and folded (`render::ical`).
    ical: OnceLock<Arc<str>>,
    /// Its entry in `events.json`.
    json: OnceLock<Arc<[u8]>>,
    /// Its entry in `search.json`. It refers to tags by their position in
    /// the list of all tags: `serve` reuses no piece when that list changes.
    search: OnceLock<Arc<[u8]>>,
}

/// Per event of a render, in the calendar's order: pieces made by an
/// earlier render, or empty ones this render fills. Empty for `build`,
/// which keeps nothing.
#[derive(Default)]
pub struct Reuse {
    by_event: Vec<Arc<Pieces>>,
    indexes: Option<Arc<SiteIndexes>>,
}

/// The files made from the list of every file of the site (`sitemap.xml`,
/// `_headers`), with a hash of what they were made from: an edited event
/// rarely adds or removes a file, and making them from twenty thousand
/// paths cost a tenth of a rebuild.
#[derive(Default)]
pub struct SiteIndexes {
    made: Mutex<Option<(u64, Vec<OutputFile>)>>,
}

impl Reuse {
    pub fn new(by_event: Vec<Arc<Pieces>>, indexes: Arc<SiteIndexes>) -> Reuse {
        Reuse {
            by_event,
            indexes: Some(indexes),
        }
    }

    /// The site's index files for the inputs `key` hashes: those of the
    /// last render when its key was the same, else made. A render that
    /// keeps nothing (`build`) neither hashes nor keeps.
    pub fn site_indexes(
        &self,
        key: impl FnOnce() -> u64,
        make: impl FnOnce() -> Vec<OutputFile>,
    ) -> Vec<OutputFile> {
        let Some(indexes) = &self.indexes else {
            return make();
        };
        let key = key();
        let mut made = indexes.made.lock().unwrap_or_else(|e| e.into_inner());
        match &*made {
            Some((made_for, files)) if *made_for == key => files.clone(),
            _ => {
                let files = make();
                *made = Some((key, files.clone()));
                files
            }
        }
    }

    pub fn ical(&self, event: usize, make: impl FnOnce() -> String) -> Arc<str> {
        match self.by_event.get(event) {
            Some(pieces) => Arc::clone(pieces.ical.get_or_init(|| make().into())),
            None => make().into(),
        }
    }

    /// Whether pieces are kept for a later render (`serve`, which holds
    /// the site in memory), rather than written once (`build`).
    pub fn keeps(&self) -> bool {
        !self.by_event.is_empty()
    }

    /// The event's `events.json` entry, as `write` makes it.
    pub fn json_entry(&self, event: usize, write: impl FnOnce(&mut Vec<u8>)) -> Arc<[u8]> {
        let make = || {
            let mut entry = Vec::new();
            write(&mut entry);
            Arc::<[u8]>::from(entry)
        };
        match self.by_event.get(event) {
            Some(pieces) => Arc::clone(pieces.json.get_or_init(make)),
            None => make(),
        }
    }

    /// The event's `search.json` entry, as `write` makes it.
    pub fn search(&self, event: usize, write: impl FnOnce() -> Vec<u8>) -> Arc<[u8]> {
        match self.by_event.get(event) {
            Some(pieces) => Arc::clone(pieces.search.get_or_init(|| write().into())),
            None => write().into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_piece_is_made_once_and_then_reused() {
        let pieces = Arc::new(Pieces::default());
        let first = Reuse::new(vec![Arc::clone(&pieces)], Arc::default());
        assert_eq!(&*first.ical(0, || "A".into()), "A");
        let second = Reuse::new(vec![pieces], Arc::default());
        assert_eq!(&*second.ical(0, || "B".into()), "A");
        assert_eq!(&*Reuse::default().ical(0, || "B".into()), "B");
    }

    #[test]
    fn site_indexes_are_made_again_when_their_inputs_change() {
        let file = |name: &str| {
            vec![OutputFile::new(
                std::path::PathBuf::from(name),
                name.to_string(),
            )]
        };
        let reuse = Reuse::new(Vec::new(), Arc::default());
        assert_eq!(
            reuse.site_indexes(|| 1, || file("a"))[0].path,
            file("a")[0].path
        );
        assert_eq!(
            reuse.site_indexes(|| 1, || file("b"))[0].path,
            file("a")[0].path
        );
        assert_eq!(
            reuse.site_indexes(|| 2, || file("c"))[0].path,
            file("c")[0].path
        );
        assert_eq!(
            Reuse::default().site_indexes(|| 2, || file("d"))[0].path,
            file("d")[0].path
        );
    }
}
