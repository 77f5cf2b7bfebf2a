//! Output made for one event by the last render, taken again by the next
//! one for every event an edit left alone (`serve`): the whole calendar's
//! feeds hold every event, and writing ten thousand of them again after
//! each save would cost most of a rebuild.

use crate::output::{OutputFile, Piece, Sink};
use chrono::{DateTime, Utc};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

/// The pieces of an event's output that depend on no other event: only on
/// the event's files, and on what rebuilds everything when it changes (the
/// site, groups, venues, theme, history and time).
#[derive(Default)]
pub struct Pieces {
    /// Its VEVENTs, written and folded (`render::ical`).
    ical: OnceLock<Arc<str>>,
    /// From its first start to its last end (`render::ical::extent`):
    /// a series with an end date is read to its last date.
    extent: OnceLock<Extent>,
    /// When it was announced (`render::news::announced`): its first
    /// commit, which the history must be searched for.
    announced: OnceLock<DateTime<Utc>>,
    /// Its entries in lists of days and in month grids, when it has one
    /// date, on a day of its own (`render::entries`).
    agenda_entry: OnceLock<Arc<str>>,
    month_entry: OnceLock<Arc<str>>,
    /// Its card on `/events/`, while it has dates to come.
    card: OnceLock<Arc<str>>,
    /// Its item in the RSS feeds that list it.
    rss_item: OnceLock<Arc<str>>,
    /// Its entry in `events.json`.
    json: OnceLock<Arc<[u8]>>,
    /// Its entry in `search.json`. It refers to tags by their position in
    /// the list of all tags: `serve` reuses no piece when that list changes.
    search: OnceLock<Arc<[u8]>>,
}

/// An event's extent, from its first occurrence's start to its last one's
/// end (`render::ical::extent` finds it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extent {
    pub first: DateTime<Utc>,
    /// `None` for a series without end.
    pub last_end: Option<DateTime<Utc>>,
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
/// `_headers`), with what they were made from: an edited event rarely
/// adds or removes a file, and making them from twenty thousand paths
/// cost a tenth of a rebuild. Their bytes are shared with the site in
/// memory, not copied into each rebuild's.
#[derive(Default)]
pub struct SiteIndexes {
    made: Mutex<Option<(SiteInputs, Vec<SharedFile>)>>,
}

/// A file's path and bytes, shared by the renders that keep it.
type SharedFile = (PathBuf, Arc<[u8]>);

/// What the site's index files are made from.
#[derive(Debug, PartialEq, Eq)]
pub struct SiteInputs {
    pub base_url: String,
    /// Every file of the site, sorted: after most edits, the very list
    /// of the last render, which compares at once.
    pub paths: Arc<[Arc<str>]>,
    /// The theme's fingerprinted assets.
    pub assets: Vec<String>,
}

impl Reuse {
    pub fn new(by_event: Vec<Arc<Pieces>>, indexes: Arc<SiteIndexes>) -> Reuse {
        Reuse {
            by_event,
            indexes: Some(indexes),
        }
    }

    /// Puts the site's index files made from `inputs` into `sink`: those
    /// of the last render when its inputs were the same, else made.
    /// Returns how many there are. A render that keeps nothing (`build`)
    /// neither compares nor keeps.
    pub fn put_site_indexes(
        &self,
        sink: &dyn Sink,
        inputs: SiteInputs,
        make: impl FnOnce(&SiteInputs) -> Vec<OutputFile>,
    ) -> Result<usize, String> {
        let Some(indexes) = &self.indexes else {
            let files = make(&inputs);
            let count = files.len();
            for file in files {
                sink.put(file)?;
            }
            return Ok(count);
        };
        let mut made = indexes.made.lock().unwrap_or_else(|e| e.into_inner());
        if made
            .as_ref()
            .is_none_or(|(made_from, _)| *made_from != inputs)
        {
            let files = make(&inputs)
                .into_iter()
                .map(|file| (file.path, Arc::from(file.bytes)))
                .collect();
            *made = Some((inputs, files));
        }
        let (_, files) = made.as_ref().expect("made above");
        for (path, bytes) in files {
            let mut piece = std::iter::once(Piece::Shared(Arc::clone(bytes)));
            sink.put_in_pieces(path.clone(), &mut piece)?;
        }
        Ok(files.len())
    }

    /// The event's text kept in `piece`, made by `make` if it is not.
    fn text(
        &self,
        event: usize,
        piece: impl Fn(&Pieces) -> &OnceLock<Arc<str>>,
        make: impl FnOnce() -> String,
    ) -> Arc<str> {
        match self.by_event.get(event) {
            Some(pieces) => Arc::clone(piece(pieces).get_or_init(|| make().into())),
            None => make().into(),
        }
    }

    pub fn ical(&self, event: usize, make: impl FnOnce() -> String) -> Arc<str> {
        self.text(event, |pieces| &pieces.ical, make)
    }

    pub fn extent(&self, event: usize, make: impl FnOnce() -> Extent) -> Extent {
        match self.by_event.get(event) {
            Some(pieces) => *pieces.extent.get_or_init(make),
            None => make(),
        }
    }

    pub fn announced(&self, event: usize, make: impl FnOnce() -> DateTime<Utc>) -> DateTime<Utc> {
        match self.by_event.get(event) {
            Some(pieces) => *pieces.announced.get_or_init(make),
            None => make(),
        }
    }

    pub fn agenda_entry(&self, event: usize, make: impl FnOnce() -> String) -> Arc<str> {
        self.text(event, |pieces| &pieces.agenda_entry, make)
    }

    pub fn month_entry(&self, event: usize, make: impl FnOnce() -> String) -> Arc<str> {
        self.text(event, |pieces| &pieces.month_entry, make)
    }

    pub fn card(&self, event: usize, make: impl FnOnce() -> String) -> Arc<str> {
        self.text(event, |pieces| &pieces.card, make)
    }

    pub fn rss_item(&self, event: usize, make: impl FnOnce() -> String) -> Arc<str> {
        self.text(event, |pieces| &pieces.rss_item, make)
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
        let inputs = |paths: &[&str]| SiteInputs {
            base_url: "https://example.org/".into(),
            paths: paths
                .iter()
                .map(|p| Arc::from(*p))
                .collect::<Vec<_>>()
                .into(),
            assets: Vec::new(),
        };
        let made_of = |text: &str| {
            let text = text.to_string();
            move |_: &SiteInputs| vec![OutputFile::new(PathBuf::from("sitemap.xml"), text)]
        };
        let put = |reuse: &Reuse, paths: &[&str], text: &str| {
            let memory = crate::output::Memory::default();
            assert_eq!(
                reuse
                    .put_site_indexes(&memory, inputs(paths), made_of(text))
                    .unwrap(),
                1
            );
            let files = memory.into_files();
            String::from_utf8(files[0].bytes.clone()).unwrap()
        };
        let reuse = Reuse::new(Vec::new(), Arc::default());
        assert_eq!(put(&reuse, &["a/"], "A"), "A");
        assert_eq!(put(&reuse, &["a/"], "B"), "A");
        assert_eq!(put(&reuse, &["a/", "b/"], "C"), "C");
        assert_eq!(put(&reuse, &["a/"], "D"), "D");
        assert_eq!(put(&Reuse::default(), &["a/"], "E"), "E");
    }
}
