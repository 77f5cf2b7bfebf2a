//! Output made for one event by the last render, taken again by the next
//! one for every event an edit left alone (`serve`): the whole calendar's
//! feeds hold every event, and writing ten thousand of them again after
//! each save would cost most of a rebuild.

use std::sync::{Arc, OnceLock};

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
}

impl Reuse {
    pub fn new(by_event: Vec<Arc<Pieces>>) -> Reuse {
        Reuse { by_event }
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
        let first = Reuse::new(vec![Arc::clone(&pieces)]);
        assert_eq!(&*first.ical(0, || "A".into()), "A");
        let second = Reuse::new(vec![pieces]);
        assert_eq!(&*second.ical(0, || "B".into()), "A");
        assert_eq!(&*Reuse::default().ical(0, || "B".into()), "B");
    }
}
