//! `serve` rebuilds only what an edit changed: after every edit below, the
//! site it holds must be byte for byte what a full build of the same files
//! makes, and edits to events alone must not have rebuilt everything.

mod common;

use meetcal::build::Now;
use meetcal::serve::incremental::{Files, Preview};
use std::path::Path;
use std::sync::Arc;

const BASE_URL: &str = "http://127.0.0.1:1111/";

fn now() -> Now {
    "2026-12-01 12:00".parse().unwrap()
}

/// A full build of what `root` holds now.
fn full(root: &Path) -> Files {
    let rebuilt = Preview::new(root, BASE_URL, now()).rebuild().unwrap();
    assert!(!rebuilt.incremental);
    (*rebuilt.files).clone()
}

fn assert_same_site(incremental: &Files, full: &Files, edit: &str) {
    let mut missing: Vec<&Arc<str>> = full
        .keys()
        .filter(|p| !incremental.contains_key(*p))
        .collect();
    let mut extra: Vec<&Arc<str>> = incremental
        .keys()
        .filter(|p| !full.contains_key(*p))
        .collect();
    let mut differ: Vec<&Arc<str>> = full
        .iter()
        .filter(|(p, bytes)| incremental.get(*p).is_some_and(|b| b != *bytes))
        .map(|(p, _)| p)
        .collect();
    missing.sort();
    extra.sort();
    differ.sort();
    assert!(
        missing.is_empty() && extra.is_empty() && differ.is_empty(),
        "after {edit}: missing {missing:?}, extra {extra:?}, different {differ:?}"
    );
}

/// A copy of the sample calendar this repository publishes.
fn sample_calendar() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&common::fixture("../content"), &dir.path().join("content"));
    dir
}

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn replace(root: &Path, path: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(root.join(path)).unwrap();
    assert!(text.contains(from), "{path} has no {from:?}");
    write(root, path, &text.replace(from, to));
}

const MIXER: &str = "content/events/2026/winter-tech-mixer-2026.md";
const COFFEE: &str = "content/events/open-coffee/open-coffee-club.md";
const ASCENSION: &str = "content/events/open-coffee/open-coffee-club-ascension-2027.md";

/// Each edit, as a name and what it does to the calendar.
type Edit = (&'static str, fn(&Path), bool);

fn edits() -> Vec<Edit> {
    vec![
        (
            "a changed title",
            |r| {
                replace(
                    r,
                    MIXER,
                    "title: Winter Tech Mixer",
                    "title: Winter Tech Mixer and Quiz",
                )
            },
            true,
        ),
        (
            "a longer description",
            |r| {
                replace(
                    r,
                    MIXER,
                    "helps us plan the buffet.",
                    "helps us plan the buffet.\n\nBring a friend.",
                )
            },
            true,
        ),
        (
            "a date moved to another month",
            |r| replace(r, MIXER, "2026-12-10", "2027-01-14"),
            true,
        ),
        (
            "a date moved far out, where no month had a page",
            |r| replace(r, MIXER, "2027-01-14", "2031-06-05"),
            true,
        ),
        (
            "a date moved into a past year",
            |r| replace(r, MIXER, "2031-06-05", "2019-03-07"),
            true,
        ),
        (
            "a tag no event had",
            |r| {
                replace(
                    r,
                    MIXER,
                    "tags: [networking, community]",
                    "tags: [networking, community, quiz]",
                )
            },
            true,
        ),
        (
            "the last use of a tag removed",
            |r| {
                replace(
                    r,
                    MIXER,
                    "tags: [networking, community, quiz]",
                    "tags: [networking]",
                )
            },
            true,
        ),
        (
            "another group and venue",
            |r| {
                replace(r, MIXER, "group: paris-web-makers", "group: xp-paris");
                replace(r, MIXER, "venue: peniche-mirabelle", "venue: lumen-studio");
            },
            true,
        ),
        (
            "a new event",
            |r| {
                write(r, "content/events/2027/css-night-2027.md", "---\ntitle: CSS Night\nstart: 2027-02-18 19:00\ngroup: paris-web-makers\nvenue: comptoir-reaumur\ntags: [css]\n---\nSelectors, layers and container queries.\n")
            },
            true,
        ),
        (
            "an event file renamed",
            |r| {
                std::fs::rename(
                    r.join("content/events/2027/css-night-2027.md"),
                    r.join("content/events/2027/css-evening-2027.md"),
                )
                .unwrap()
            },
            true,
        ),
        (
            "an event file renamed before the others",
            |r| {
                // As many files, in another order of slugs.
                std::fs::rename(
                    r.join("content/events/2027/summer-picnic-2027.md"),
                    r.join("content/events/2027/a-summer-picnic-2027.md"),
                )
                .unwrap()
            },
            true,
        ),
        (
            "an event deleted",
            |r| std::fs::remove_file(r.join("content/events/2027/css-evening-2027.md")).unwrap(),
            true,
        ),
        (
            "a series' date skipped",
            |r| {
                replace(
                    r,
                    COFFEE,
                    "except: [2026-12-24]",
                    "except: [2026-12-24, 2026-12-31]",
                )
            },
            true,
        ),
        (
            "a series' changed date edited",
            |r| {
                replace(
                    r,
                    ASCENSION,
                    "start: 2027-05-07 08:30",
                    "start: 2027-05-07 09:00",
                )
            },
            true,
        ),
        (
            "a series' changed date removed",
            |r| std::fs::remove_file(r.join(ASCENSION)).unwrap(),
            true,
        ),
        (
            "a series cancelled",
            |r| {
                replace(
                    r,
                    COFFEE,
                    "tags: [networking, breakfast]",
                    "tags: [networking, breakfast]\nstatus: cancelled",
                )
            },
            true,
        ),
        (
            "site.yaml",
            |r| {
                replace(
                    r,
                    "content/site.yaml",
                    "title: Paris Web Meetups",
                    "title: Paris Web Meetups!",
                )
            },
            false,
        ),
        (
            "a group's page",
            |r| replace(r, "content/groups/xp-paris.md", "---\n", "---\n# edited\n"),
            false,
        ),
        (
            // An event without a venue of its own takes its group's: the
            // events kept from the last validation must follow.
            "a group's venue",
            |r| {
                replace(
                    r,
                    "content/groups/paris-web-makers.md",
                    "timezone: Europe/Paris\n",
                    "timezone: Europe/Paris\nvenue: lumen-studio\n",
                )
            },
            false,
        ),
        (
            "a theme's template",
            |r| {
                write(r, "themes/default/templates/404.html", "{% extends \"base.html\" %}{% block main %}<h1>Lost?</h1>{% endblock main %}\n")
            },
            false,
        ),
        (
            "an event after all that",
            |r| {
                replace(
                    r,
                    MIXER,
                    "title: Winter Tech Mixer and Quiz",
                    "title: Winter Mixer",
                )
            },
            true,
        ),
    ]
}

#[test]
fn every_rebuild_after_an_edit_is_a_full_build() {
    let dir = sample_calendar();
    let root = dir.path();
    let mut preview = Preview::new(root, BASE_URL, now());
    let first = preview.rebuild().unwrap();
    assert!(!first.incremental);
    let mut before = (*first.files).clone();
    for (name, edit, only_events) in edits() {
        edit(root);
        let rebuilt = preview
            .rebuild()
            .unwrap_or_else(|e| panic!("after {name}: {}", e.report()));
        assert_eq!(
            rebuilt.incremental, only_events,
            "after {name}: pages kept from the last build, or not"
        );
        assert!(rebuilt.changed, "after {name}: nothing changed");
        assert_ne!(*rebuilt.files, before, "after {name}: the site is the same");
        assert_same_site(&rebuilt.files, &full(root), name);
        before = (*rebuilt.files).clone();
    }
}

/// Every file under `root`, with its bytes.
fn tree(root: &Path) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let path = e.path().strip_prefix(root).unwrap().to_path_buf();
            (path, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn every_rebuild_told_what_changed_is_a_full_build() {
    // As `serve` rebuilds: its watcher tells which paths changed, and the
    // rebuild reads those again without walking or looking at the others.
    let dir = sample_calendar();
    let root = dir.path();
    let mut preview = Preview::new(root, BASE_URL, now());
    preview.rebuild().unwrap();
    for (name, edit, only_events) in edits() {
        let before = tree(root);
        edit(root);
        let after = tree(root);
        let changed: Vec<std::path::PathBuf> = before
            .keys()
            .chain(after.keys())
            .filter(|path| before.get(*path) != after.get(*path))
            .cloned()
            .collect();
        assert!(!changed.is_empty(), "{name} changed no file");
        // What an editor leaves beside a file it saves: in no walk.
        write(root, "content/events/.mixer.md.swp", "swap");
        preview.expect_changes(
            changed
                .into_iter()
                .chain(["content/events/.mixer.md.swp".into()]),
        );
        let rebuilt = preview
            .rebuild()
            .unwrap_or_else(|e| panic!("after {name}: {}", e.report()));
        assert_eq!(rebuilt.incremental, only_events, "after {name}");
        assert!(rebuilt.changed, "after {name}: nothing changed");
        assert_same_site(&rebuilt.files, &full(root), name);
    }
}

#[test]
fn a_rebuild_told_what_changed_reads_only_that() {
    let dir = sample_calendar();
    let root = dir.path();
    let mut preview = Preview::new(root, BASE_URL, now());
    let first = preview.rebuild().unwrap();
    // Changed, but the watcher named another file: not read.
    replace(
        root,
        MIXER,
        "title: Winter Tech Mixer",
        "title: Winter Mixer",
    );
    preview.expect_changes([std::path::PathBuf::from(COFFEE)]);
    let rebuilt = preview.rebuild().unwrap();
    assert!(!rebuilt.changed, "a file no one named was read again");
    assert_eq!(*rebuilt.files, *first.files);
    preview.expect_changes([std::path::PathBuf::from(MIXER)]);
    let rebuilt = preview.rebuild().unwrap();
    assert!(rebuilt.changed);
    assert_same_site(&rebuilt.files, &full(root), "the file named");
}

/// An hour no day has: the build fails.
fn break_the_mixer(root: &Path) {
    replace(
        root,
        MIXER,
        "start: 2026-12-10 19:00",
        "start: 2026-12-10 25:00",
    );
}

fn fix_the_mixer(root: &Path) {
    replace(
        root,
        MIXER,
        "start: 2026-12-10 25:00",
        "start: 2026-12-10 18:00",
    );
}

#[test]
fn a_theme_edit_in_a_failed_rebuild_is_not_forgotten() {
    // The theme is read again only when the watcher names a change outside
    // the event files; a rebuild that fails must not lose that news.
    let dir = sample_calendar();
    let root = dir.path();
    let mut preview = Preview::new(root, BASE_URL, now());
    preview.rebuild().unwrap();
    let template = "themes/default/templates/event.html";
    let text =
        std::fs::read_to_string(common::fixture("../themes/default/templates/event.html")).unwrap();
    let edited = text.replace(
        "{% endblock main %}",
        "<!-- edited theme -->{% endblock main %}",
    );
    assert_ne!(edited, text);
    write(root, template, &edited);
    break_the_mixer(root);
    preview.expect_changes([template.into(), std::path::PathBuf::from(MIXER)]);
    assert!(preview.rebuild().is_err());
    fix_the_mixer(root);
    preview.expect_changes([std::path::PathBuf::from(MIXER)]);
    let rebuilt = preview.rebuild().unwrap();
    assert!(
        !rebuilt.incremental,
        "every event page shows the theme edit"
    );
    assert_same_site(&rebuilt.files, &full(root), "the fix after a theme edit");
}

#[test]
fn a_broken_edit_then_its_fix_is_a_full_build() {
    let dir = sample_calendar();
    let root = dir.path();
    let mut preview = Preview::new(root, BASE_URL, now());
    preview.rebuild().unwrap();
    break_the_mixer(root);
    assert!(preview.rebuild().is_err());
    fix_the_mixer(root);
    let rebuilt = preview.rebuild().unwrap();
    assert!(rebuilt.incremental);
    assert_same_site(&rebuilt.files, &full(root), "a fixed mistake");
}

#[test]
fn a_rebuild_with_nothing_changed_says_so() {
    let dir = sample_calendar();
    let root = dir.path();
    let mut preview = Preview::new(root, BASE_URL, now());
    let first = preview.rebuild().unwrap();
    let again = preview.rebuild().unwrap();
    assert!(again.incremental);
    assert!(!again.changed);
    assert_eq!(*again.files, *first.files);
}

/// An edit, by name.
type NamedEdit<'a> = (&'a str, &'a dyn Fn(&Path));

/// A rebuild after each edit, held to a full build.
fn check_edits(root: &Path, edits: &[NamedEdit]) {
    let mut preview = Preview::new(root, BASE_URL, now());
    preview.rebuild().unwrap();
    for (name, edit) in edits {
        edit(root);
        let rebuilt = preview
            .rebuild()
            .unwrap_or_else(|e| panic!("after {name}: {}", e.report()));
        assert!(rebuilt.changed, "after {name}: nothing changed");
        assert_same_site(&rebuilt.files, &full(root), name);
    }
}

#[test]
fn the_menu_of_every_page_follows_the_whole_calendar() {
    // "Tags" shows only while an event has one, "Past" only while a date
    // has gone: pages of other events show the menu too.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "content/site.yaml",
        "title: T\nbase_url: https://cal.example.org\ntimezone: Europe/Paris\n",
    );
    write(
        root,
        "content/events/a.md",
        "---\ntitle: A\nstart: 2027-01-05 19:00\ntags: [x]\n---\nA.\n",
    );
    write(
        root,
        "content/events/b.md",
        "---\ntitle: B\nstart: 2027-01-20 19:00\n---\nB.\n",
    );
    check_edits(
        root,
        &[
            ("the last tag removed", &|r: &Path| {
                replace(r, "content/events/a.md", "tags: [x]\n", "")
            }),
            ("the first date in the past", &|r: &Path| {
                replace(r, "content/events/a.md", "2027-01-05", "2025-01-05")
            }),
        ],
    );
}

#[test]
fn feeds_follow_dates_no_page_lists_yet() {
    // A series starting years ahead is in its venue's feed long before any
    // page lists one of its dates.
    let dir = sample_calendar();
    let root = dir.path();
    const FAR: &str = "content/events/far-series.md";
    check_edits(
        root,
        &[
            ("a series starting in 2028", &|r: &Path| {
                write(r, FAR, "---\ntitle: Far\nstart: 2028-06-01 19:00\nvenue: lumen-studio\ntags: [later]\nrepeat:\n  every: week\n---\nFar.\n")
            }),
            ("its title", &|r: &Path| {
                replace(r, FAR, "title: Far", "title: Far away")
            }),
            ("its venue", &|r: &Path| {
                replace(r, FAR, "venue: lumen-studio", "venue: comptoir-reaumur")
            }),
        ],
    );
}

#[test]
fn a_theme_file_in_a_page_folder_is_put_once() {
    let dir = sample_calendar();
    let root = dir.path();
    write(
        root,
        "themes/default/static/events/badges/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    check_edits(
        root,
        &[("a title", &|r: &Path| {
            replace(r, MIXER, "title: Winter Tech Mixer", "title: Winter Mixer")
        })],
    );
}

/// What a fresh build of `root` reports, as `serve` prints it.
fn full_report(root: &Path) -> String {
    match Preview::new(root, BASE_URL, now()).rebuild() {
        Ok(_) => "built".into(),
        Err(e) => e.report(),
    }
}

#[test]
fn problems_across_files_are_reported_as_a_full_build_does() {
    // The checks that read every file (slugs, UIDs) see the files kept
    // from the last load as well as the one a save changed.
    let dir = sample_calendar();
    let root = dir.path();
    const COPY: &str = "content/events/2027/winter-tech-mixer-2026.md";
    let mut preview = Preview::new(root, BASE_URL, now());
    preview.rebuild().unwrap();
    let text = std::fs::read_to_string(root.join(MIXER)).unwrap();
    let report = |preview: &mut Preview, edit: &str, fails: bool| {
        let rebuilt = preview.rebuild();
        let full = full_report(root);
        match rebuilt {
            Ok(rebuilt) => {
                assert!(!fails, "after {edit}: no problem reported");
                assert_eq!(full, "built", "after {edit}");
                assert_same_site(&rebuilt.files, &self::full(root), edit);
            }
            Err(e) => {
                assert!(fails, "after {edit}: {}", e.report());
                assert_eq!(e.report(), full, "after {edit}");
            }
        }
    };
    write(root, COPY, &text);
    report(&mut preview, "a second file with a slug taken", true);
    std::fs::remove_file(root.join(COPY)).unwrap();
    report(&mut preview, "the second file removed", false);
    replace(
        root,
        MIXER,
        "title: Winter Tech Mixer",
        "title: Winter Tech Mixer\nuid: shared@example.org",
    );
    report(&mut preview, "a UID of its own", false);
    replace(
        root,
        COFFEE,
        "tags: [networking, breakfast]",
        "tags: [networking, breakfast]\nuid: shared@example.org",
    );
    report(&mut preview, "the same UID in another file", true);
    replace(root, COFFEE, "\nuid: shared@example.org", "");
    report(&mut preview, "that UID removed", false);
}

#[test]
fn a_tag_before_all_others_renumbers_the_search_index() {
    // search.json names tags by their position in the list of all tags:
    // every event's entry changes with the list.
    let dir = sample_calendar();
    let root = dir.path();
    check_edits(
        root,
        &[
            ("a tag first in the list", &|r: &Path| {
                replace(
                    r,
                    MIXER,
                    "tags: [networking, community]",
                    "tags: [aaa-first, networking, community]",
                )
            }),
            ("that tag removed", &|r: &Path| {
                replace(r, MIXER, "tags: [aaa-first, ", "tags: [")
            }),
        ],
    );
}
