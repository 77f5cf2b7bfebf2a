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
use std::sync::Arc;

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

    /// Whether the file at `path` belongs to a keyed page this render
    /// makes: a file of an earlier render it replaces.
    fn remakes(&self, path: &str) -> bool {
        page_folder(path).is_some_and(|folder| self.wants(folder))
    }

    /// The positions of the events whose own page this scope makes, of
    /// `count` events in slug order (`slug_of`), sorted; `None` for all.
    pub fn event_pages<'a>(
        &self,
        count: usize,
        slug_of: impl Fn(usize) -> &'a str,
    ) -> Option<Vec<usize>> {
        let Scope::Only(dirty) = self else {
            return None;
        };
        let mut wanted: Vec<usize> = dirty
            .folders
            .iter()
            .filter_map(|folder| {
                let slug = folder.strip_prefix(urls::EVENTS_PAGE)?.strip_suffix('/')?;
                // The first event whose slug is not before `slug`.
                let (mut low, mut high) = (0, count);
                while low < high {
                    let middle = low + (high - low) / 2;
                    if slug_of(middle) < slug {
                        low = middle + 1;
                    } else {
                        high = middle;
                    }
                }
                (low < count && slug_of(low) == slug).then_some(low)
            })
            .collect();
        wanted.sort_unstable();
        Some(wanted)
    }

    /// The files of keyed pages this scope makes, among the sorted `paths`
    /// of an earlier render: found by their folders, as ranges, without a
    /// look at the other files.
    pub fn made_again(&self, paths: &[Arc<str>]) -> Vec<Arc<str>> {
        let Scope::Only(dirty) = self else {
            return paths
                .iter()
                .filter(|path| self.remakes(path))
                .cloned()
                .collect();
        };
        let mut prefixes: Vec<&str> = dirty.folders.iter().map(String::as_str).collect();
        if dirty.all_months {
            prefixes.push(urls::CALENDAR_PAGE);
        }
        if dirty.all_years {
            prefixes.push(urls::PAST_PAGE);
        }
        let mut made = Vec::new();
        for prefix in prefixes {
            let first = paths.partition_point(|path| **path < *prefix);
            made.extend(
                paths[first..]
                    .iter()
                    .take_while(|path| path.starts_with(prefix))
                    .filter(|path| self.remakes(path))
                    .cloned(),
            );
        }
        made.sort_unstable();
        made.dedup();
        made
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

    /// Whether a file made by an earlier render is still right: it belongs
    /// to a keyed page the render does not make.
    fn keeps(scope: &Scope, path: &str) -> bool {
        page_folder(path).is_some_and(|folder| !scope.wants(folder))
    }

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
        assert!(!keeps(&scope, "events/a/index.html"));
        assert!(keeps(&scope, "events/b/index.html"));
        assert!(!keeps(&scope, "index.html"));
        assert!(keeps(&scope, "calendar/2026/03/index.html"));
        dirty.all_months = true;
        assert!(!keeps(&Scope::Only(dirty), "calendar/2026/03/index.html"));
        assert!(!keeps(&Scope::Everything, "events/b/index.html"));
    }

    #[test]
    fn the_event_pages_made_are_those_whose_folder_is_made() {
        let slugs = ["a", "a-b", "b", "c"];
        let mut dirty = Dirty::default();
        for folder in [
            "events/c/",
            "events/a/",
            "events/gone/",
            "groups/b/",
            "events/a-b/x/",
        ] {
            dirty.folders.insert(folder.into());
        }
        let pages = Scope::Only(dirty).event_pages(slugs.len(), |i| slugs[i]);
        assert_eq!(pages, Some(vec![0, 3]));
        assert_eq!(
            Scope::Everything.event_pages(slugs.len(), |i| slugs[i]),
            None
        );
        assert_eq!(
            Scope::Only(Dirty::default()).event_pages(0, |i| slugs[i]),
            Some(vec![])
        );
    }

    #[test]
    fn the_files_made_again_are_those_of_the_folders_made() {
        let mut paths: Vec<Arc<str>> = [
            "calendar/2026/03/index.html",
            "calendar/index.html",
            "events/a-b/index.html",
            "events/a/embed/index.html",
            "events/a/event.ics",
            "events/a/index.html",
            "events/b/index.html",
            "events/index.html",
            "index.html",
            "past/2024/index.html",
        ]
        .map(Arc::from)
        .to_vec();
        paths.sort();
        let made_again = |dirty: Dirty| -> Vec<String> {
            let scope = Scope::Only(dirty);
            let made = scope.made_again(&paths);
            // Exactly the keyed files the scope does not keep.
            let wanted: Vec<&Arc<str>> = paths
                .iter()
                .filter(|p| page_folder(p).is_some() && !keeps(&scope, p))
                .collect();
            assert_eq!(made.iter().collect::<Vec<_>>(), wanted);
            made.iter().map(|p| p.to_string()).collect()
        };
        let mut dirty = Dirty::default();
        dirty.folders.insert("events/a/".into());
        assert_eq!(
            made_again(dirty.clone()),
            [
                "events/a/embed/index.html",
                "events/a/event.ics",
                "events/a/index.html"
            ]
        );
        dirty.all_months = true;
        dirty.all_years = true;
        assert_eq!(made_again(dirty).len(), 5);
        assert!(made_again(Dirty::default()).is_empty());
    }
}
