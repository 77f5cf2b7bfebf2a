//! Which pages a render makes: every one (`build`), or only those an edit
//! can have changed (`serve`, after a save; see `serve::incremental`).
//!
//! A page of one event, group, venue, tag, month or past year lives in a
//! folder of its own (`events/<slug>/`, `calendar/2026/03/`), its feeds and
//! embed with it: that folder is the page's key. Every other file (home,
//! lists, the whole calendar's feeds, `events.json`, search) is made on
//! every render.

use crate::urls;
use std::collections::HashSet;

#[derive(Debug, Default)]
pub enum Scope {
    #[default]
    Everything,
    /// The keyed pages in these folders, and every file that has no key.
    Only(Dirty),
}

/// The page folders to make again.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Dirty {
    /// A fast hash: every file of the last build is looked up here.
    pub folders: HashSet<String, rustc_hash::FxBuildHasher>,
    /// Every month page: which months have a page, and so each page's
    /// links to the next month either side, changed.
    pub all_months: bool,
    /// Every past year: their pages link to each other.
    pub all_years: bool,
}

impl Scope {
    /// Whether the page whose folder is `folder` is made.
    pub fn wants(&self, folder: &str) -> bool {
        match self {
            Scope::Everything => true,
            Scope::Only(dirty) => {
                dirty.folders.contains(folder)
                    || dirty.all_months && folder.starts_with(urls::CALENDAR_PAGE)
                    || dirty.all_years && folder.starts_with(urls::PAST_PAGE)
            }
        }
    }

    /// Whether a file made by an earlier render is still right: it belongs
    /// to a keyed page this render does not make.
    pub fn keeps(&self, path: &str) -> bool {
        page_folder(path).is_some_and(|folder| !self.wants(folder))
    }
}

/// The folder of the keyed page `path` belongs to (`events/x/event.ics`
/// belongs to `events/x/`), or `None` for a file made on every render.
pub fn page_folder(path: &str) -> Option<&str> {
    // Segments of the folder: `calendar/<yyyy>/<mm>/`, else `<kind>/<name>/`.
    let depth = if path.starts_with(urls::CALENDAR_PAGE) {
        3
    } else if [
        urls::EVENTS_PAGE,
        urls::GROUPS_PAGE,
        urls::VENUES_PAGE,
        urls::TAGS_PAGE,
        urls::PAST_PAGE,
    ]
    .iter()
    .any(|kind| path.starts_with(kind))
    {
        2
    } else {
        return None;
    };
    let mut end = 0;
    for _ in 0..depth {
        let slash = path[end..].find('/')?;
        if slash == 0 {
            return None;
        }
        end += slash + 1;
    }
    // A folder's own files only: `events/index.html` is the list of events.
    (end < path.len()).then(|| &path[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyed_pages_are_their_folders() {
        assert_eq!(
            page_folder("events/rust-night/index.html"),
            Some("events/rust-night/")
        );
        assert_eq!(
            page_folder("events/rust-night/event.ics"),
            Some("events/rust-night/")
        );
        assert_eq!(
            page_folder("groups/paris-web/embed/index.html"),
            Some("groups/paris-web/")
        );
        assert_eq!(
            page_folder("calendar/2026/03/index.html"),
            Some("calendar/2026/03/")
        );
        assert_eq!(page_folder("past/2024/index.html"), Some("past/2024/"));
        assert_eq!(page_folder("tags/con_/feed.xml"), Some("tags/con_/"));
    }

    #[test]
    fn lists_and_whole_calendar_files_have_no_key() {
        for path in [
            "events/index.html",
            "calendar/index.html",
            "past/index.html",
            "groups/index.html",
            "calendar.ics",
            "events.json",
            "index.html",
            "search/index.html",
            "events//index.html",
        ] {
            assert_eq!(page_folder(path), None, "{path}");
        }
    }

    #[test]
    fn a_scope_keeps_only_keyed_files_it_does_not_make() {
        let mut dirty = Dirty::default();
        dirty.folders.insert("events/a/".into());
        let scope = Scope::Only(dirty.clone());
        assert!(!scope.keeps("events/a/index.html"));
        assert!(scope.keeps("events/b/index.html"));
        assert!(!scope.keeps("index.html"));
        assert!(scope.keeps("calendar/2026/03/index.html"));
        dirty.all_months = true;
        assert!(!Scope::Only(dirty).keeps("calendar/2026/03/index.html"));
        assert!(!Scope::Everything.keeps("events/b/index.html"));
    }
}
