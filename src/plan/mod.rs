//! What a render makes: every file (`build`), or, when `serve` rebuilds
//! after a save, only what the save can have changed, taking the rest from
//! the last build.

pub mod reuse;
pub mod scope;

pub use reuse::{Pieces, Reuse};
pub use scope::{Dirty, Scope};

use std::sync::Arc;

/// Which files a render makes, decided once the calendar is prepared.
#[derive(Default)]
pub struct Plan {
    pub scope: Scope,
    /// What stays of an earlier render: `None` when nothing does (`build`).
    pub kept: Option<Kept>,
    /// Pieces of output an earlier render made for events no edit changed.
    pub reuse: Reuse,
}

/// The files of an earlier render that stay in the site: every one it
/// made but those this render makes again. Told by their paths, sorted:
/// the files that go are found by folder, as ranges of `before`, so that a
/// rebuild after one edit never looks at the twenty thousand that stay.
pub struct Kept {
    /// Every file of the earlier render (but the site's index files).
    pub before: Arc<[Arc<str>]>,
    /// Those of `before` this render makes again.
    pub dropped: Vec<Arc<str>>,
}

impl Kept {
    /// `dropped` may name paths `before` has not: only those it has are kept.
    pub fn new(before: Arc<[Arc<str>]>, mut dropped: Vec<Arc<str>>) -> Kept {
        dropped.sort_unstable();
        dropped.dedup();
        dropped.retain(|path| contains(&before, path));
        Kept { before, dropped }
    }

    /// Whether the earlier render's file at `path` stays.
    pub fn keeps(&self, path: &str) -> bool {
        contains(&self.before, path) && !contains(&self.dropped, path)
    }

    /// Every file of the site once this render made `made` (sorted, and
    /// none of them kept): `before` itself when those are the ones it
    /// dropped, as after most edits.
    pub fn with(&self, made: Vec<Arc<str>>) -> Arc<[Arc<str>]> {
        if made == self.dropped {
            return Arc::clone(&self.before);
        }
        let mut dropped = self.dropped.iter().peekable();
        let mut made = made.into_iter().peekable();
        let mut all = Vec::with_capacity(self.before.len() + made.len());
        for path in self.before.iter() {
            if dropped.next_if(|d| *d == path).is_some() {
                continue;
            }
            while let Some(new) = made.next_if(|m| m < path) {
                all.push(new);
            }
            all.push(Arc::clone(path));
        }
        all.extend(made);
        all.into()
    }
}

/// Whether the sorted `paths` hold `path`.
fn contains(paths: &[Arc<str>], path: &str) -> bool {
    paths.binary_search_by(|p| (**p).cmp(path)).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(list: &[&str]) -> Vec<Arc<str>> {
        list.iter().map(|p| Arc::from(*p)).collect()
    }

    #[test]
    fn kept_files_are_those_before_but_the_dropped() {
        let before: Arc<[Arc<str>]> = paths(&["a", "c", "e"]).into();
        let kept = Kept::new(Arc::clone(&before), paths(&["e", "c", "x"]));
        assert_eq!(kept.dropped, paths(&["c", "e"]));
        assert!(kept.keeps("a"));
        assert!(!kept.keeps("c"));
        assert!(!kept.keeps("b"));
        // Made again: the very list before.
        assert!(Arc::ptr_eq(&kept.with(paths(&["c", "e"])), &before));
        // A file gone, and others new.
        assert_eq!(
            &*kept.with(paths(&["b", "e", "f"])),
            &paths(&["a", "b", "e", "f"])[..]
        );
        assert_eq!(&*kept.with(Vec::new()), &paths(&["a"])[..]);
    }
}
