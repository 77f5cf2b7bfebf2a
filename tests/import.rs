//! `meetcal import`, run as an organizer runs it: into a calendar made by
//! `meetcal init`, from files shaped like real exports
//! (tests/fixtures/import/), again and again as the feed changes. How each
//! exporter's files come across: tests/import_exports.rs; how one event of
//! a feed becomes a file: tests/import_events.rs; feeds fetched and
//! `meetcal sync`: tests/sync.rs.

mod common;

use common::importing::*;
use common::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// When the tests import: before every event of the fixtures.
const NOW: &str = "2027-01-05 12:00";

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Occurrences of `calendar.ics` in a built site as Python's icalendar and
/// recurring-ical-events read them: (UID, start, end, status, summary).
fn python_occurrences(site: &Path) -> BTreeSet<(String, String, String, String, String)> {
    let report = common::ical::python_report(site, "2026-09-01T00:00:00Z", "2027-12-01T00:00:00Z");
    let json: Value = serde_json::from_slice(&report).unwrap();
    let problems = json["problems"].as_array().unwrap();
    assert!(problems.is_empty(), "{}: {problems:#?}", site.display());
    json["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["feed"] == "calendar.ics")
        .map(|o| {
            let s = |k: &str| o[k].as_str().unwrap_or_default().to_string();
            (s("uid"), s("start"), s("end"), s("status"), s("summary"))
        })
        .collect()
}

fn python_ready() -> bool {
    Command::new("python3")
        .args(["-c", "import icalendar, recurring_ical_events"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn the_sample_calendars_feed_imported_into_a_new_calendar_gives_the_same_occurrences() {
    if !require_tool(
        python_ready(),
        "Python's icalendar and recurring-ical-events",
    ) {
        return;
    }
    let now = "2026-11-25 12:00";
    // In French too: a cancelled title's prefix ("Annulé : ") is the
    // feed's, not the event's, and must not come back doubled.
    for language in ["en", "fr"] {
        let dir = tempfile::tempdir().unwrap();
        let sample = dir.path().join("sample");
        copy_tree(&manifest().join("content"), &sample.join("content"));
        in_language(&sample, language);
        let original = common::ical::build(&sample, now);
        let root = new_calendar(dir.path());
        in_language(&root, language);
        let feed = original.path().join("calendar.ics");
        ok(&root, &["import", feed.to_str().unwrap()]);
        ok(&root, &["check"]);
        let mut imported = Vec::new();
        for entry in walkdir::WalkDir::new(root.join("content/events/imported")) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                imported.push(std::fs::read_to_string(entry.path()).unwrap());
            }
        }
        assert!(imported.len() > 5, "{language}: {} files", imported.len());
        for file in &imported {
            let title = file.lines().find(|l| l.starts_with("title:"));
            assert!(
                !title.is_some_and(|t| t.contains("Cancelled") || t.contains("Annulé")),
                "{language}: the feed's prefix kept in {title:?}"
            );
        }
        let rebuilt = common::ical::build(&root, now);
        let before = python_occurrences(original.path());
        // The new calendar's own example event is not part of the comparison.
        let uids: BTreeSet<&String> = before.iter().map(|o| &o.0).collect();
        let after: BTreeSet<_> = python_occurrences(rebuilt.path())
            .into_iter()
            .filter(|o| uids.contains(&o.0))
            .collect();
        assert!(
            before.len() > 50,
            "too few occurrences to compare: {}",
            before.len()
        );
        let missing: Vec<_> = before.difference(&after).collect();
        let extra: Vec<_> = after.difference(&before).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{language}: occurrences lost: {missing:#?}\noccurrences gained: {extra:#?}"
        );
        // The statuses that make the round trip worth checking are there.
        for status in ["CANCELLED", "TENTATIVE", "CONFIRMED"] {
            assert!(
                after.iter().any(|o| o.3 == status),
                "{language}: no {status} occurrence"
            );
        }
    }
}

/// Sets the calendar's `language:`.
fn in_language(root: &Path, language: &str) {
    let settings = root.join("content/site.yaml");
    let yaml = std::fs::read_to_string(&settings).unwrap();
    let yaml = yaml
        .lines()
        .filter(|l| !l.starts_with("language:"))
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&settings, format!("{yaml}\nlanguage: {language}\n")).unwrap();
}

#[test]
fn a_second_import_of_the_same_feed_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_calendar(dir.path());
    let feed = fixture_feed("google.ics");
    let first = ok(&root, &["import", &feed]);
    assert!(first.contains("9 created"), "{first}");
    let before = snapshot(&root.join("content"));
    let modified: Vec<_> = walkdir::WalkDir::new(root.join("content/events/imported"))
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().to_path_buf(),
                e.metadata().unwrap().modified().unwrap(),
            )
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let second = ok(&root, &["import", &feed]);
    assert!(
        second.contains("0 created, 0 updated, 9 unchanged"),
        "{second}"
    );
    assert!(
        !second.contains("\ncreated") && !second.contains("\nupdated"),
        "{second}"
    );
    assert_same_tree(
        &snapshot(&root.join("content")),
        &before,
        "the second import",
    );
    for (path, time) in modified {
        assert_eq!(
            std::fs::metadata(&path).unwrap().modified().unwrap(),
            time,
            "{} was rewritten",
            path.display()
        );
    }
}

#[test]
fn a_dry_run_writes_nothing_and_says_what_it_would_write() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_calendar(dir.path());
    let before = snapshot(&root);
    let out = ok(&root, &["import", &fixture_feed("meetup.ics"), "--dry-run"]);
    assert!(
        out.contains(
            "would create content/events/imported/meetup/rust-webassembly-night-2027-02-04.md"
        ),
        "{out}"
    );
    assert!(out.contains("dry run: nothing written"), "{out}");
    assert_same_tree(&snapshot(&root), &before, "a dry run");
}

#[test]
fn events_gone_from_the_feed_are_reported_and_pruned_as_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_calendar(dir.path());
    let feed = dir.path().join("meetup.ics");
    std::fs::copy(fixture_feed("meetup.ics"), &feed).unwrap();
    let feed = feed.to_str().unwrap();
    let folder = "--out=content/events/imported/meetup";
    ok(&root, &["import", feed, folder]);
    // The workshop leaves the feed.
    let text = std::fs::read_to_string(feed).unwrap();
    let start = text
        .find("BEGIN:VEVENT\r\nDTSTAMP:20261201T120000Z\r\nDTSTART;TZID=Europe/Paris:20270304")
        .unwrap();
    let end = start + text[start..].find("END:VEVENT\r\n").unwrap() + "END:VEVENT\r\n".len();
    std::fs::write(feed, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let workshop = "content/events/imported/meetup/embedded-rust-workshop-2027-03-04.md";
    let before = read(&root, workshop);
    let out = ok(&root, &["import", feed, folder, "--now", NOW]);
    assert!(
        out.contains(&format!("gone      {workshop}: no longer in the feed")),
        "{out}"
    );
    assert_eq!(read(&root, workshop), before, "reported, not changed");
    // Seen after it took place, its leaving the feed says nothing: feeds
    // often list only what is to come.
    let over = ok(
        &root,
        &["import", feed, folder, "--prune", "--now", "2027-03-05"],
    );
    assert!(
        !over.contains("gone      ") && over.contains("0 cancelled"),
        "{over}"
    );
    assert_eq!(
        read(&root, workshop),
        before,
        "an event that is over is kept"
    );
    let out = ok(&root, &["import", feed, folder, "--prune", "--now", NOW]);
    assert!(out.contains(&format!("cancelled {workshop}")), "{out}");
    let after = read(&root, workshop);
    assert_eq!(
        after,
        before.replace(
            "uid: event_298765499@meetup.com\n",
            "uid: event_298765499@meetup.com\nstatus: cancelled\n"
        )
    );
    ok(&root, &["check"]);
    // Pruned once: the next import leaves it alone.
    let out = ok(&root, &["import", feed, folder, "--prune", "--now", NOW]);
    assert!(
        out.contains("0 cancelled") && !out.contains("gone      "),
        "{out}"
    );
}
#[test]
fn a_location_that_names_a_venue_of_the_calendar_uses_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_calendar(dir.path());
    let venue = read(&root, "content/venues/our-venue.md");
    let name = venue
        .lines()
        .find_map(|l| l.strip_prefix("name: "))
        .unwrap()
        .trim_matches('\'')
        .to_string();
    let feed = read(
        Path::new("/"),
        fixture_feed("meetup.ics").trim_start_matches('/'),
    )
    .replace(
        "Le Comptoir Réaumur (51 Rue Réaumur\\, Paris)",
        &format!("{name} (somewhere)"),
    );
    let path = dir.path().join("feed.ics");
    std::fs::write(&path, feed).unwrap();
    ok(&root, &["import", path.to_str().unwrap()]);
    let night = read(
        &root,
        "content/events/imported/feed/rust-webassembly-night-2027-02-04.md",
    );
    assert!(night.contains("venue: our-venue\n"), "{night}");
}

#[test]
fn a_feed_field_with_a_mistake_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_calendar(dir.path());
    let group = root.join("content/groups/our-group.md");
    let text_before = std::fs::read_to_string(&group).unwrap();
    std::fs::write(
        &group,
        text_before.replacen(
            "---\n",
            "---\nimport:\n  - url: webcal://example.org/a.ics\n  - tags: [x]\n",
            1,
        ),
    )
    .unwrap();
    let out = meetcal(&root, &["check"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("content/groups/our-group.md:3:10: error: `webcal://example.org/a.ics` is not an http(s) URL"), "{stdout}");
    assert!(
        stdout.contains("content/groups/our-group.md:4:5: error: missing required field `url`"),
        "{stdout}"
    );
}

/// A date the organizer changed by hand wins over the feed's change to
/// it: two files may not change one date, and an import never writes a
/// file that makes `check` fail.
#[test]
fn a_date_changed_by_hand_is_not_changed_again_by_the_feed() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_calendar(dir.path());
    let feed = dir.path().join("feed.ics");
    let series = "UID:python@feed.example\nSUMMARY:Python\nDTSTART:20270127T180000Z\nRRULE:FREQ=WEEKLY;COUNT=8";
    std::fs::write(&feed, feed_of(&[series])).unwrap();
    let feed_arg = feed.to_str().unwrap();
    ok(&root, &["import", feed_arg]);
    let by_hand = root.join("content/events/python-2027-02-03.md");
    std::fs::write(
        &by_hand,
        "---\noccurrence_of: python\ndate: 2027-02-03\nstatus: cancelled\n---\nNo workshop this week.\n",
    )
    .unwrap();
    ok(&root, &["check"]);
    let moved = "UID:python@feed.example\nSUMMARY:Python\nRECURRENCE-ID:20270203T180000Z\nDTSTART:20270204T180000Z";
    std::fs::write(&feed, feed_of(&[series, moved])).unwrap();
    let report = ok(&root, &["import", feed_arg]);
    assert!(
        report.contains(
            "skipped   `Python`: it changes 2027-02-03 of its series, which content/events/python-2027-02-03.md changes already"
        ),
        "{report}"
    );
    ok(&root, &["check"]);
    assert!(read(&root, "content/events/python-2027-02-03.md").contains("status: cancelled"));
}

#[test]
fn what_a_feed_holds_never_makes_a_file_that_fails_check() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_calendar(dir.path());
    let feed = dir.path().join("odd.ics");
    let write_feed = |uid_space: &str| {
        std::fs::write(
            &feed,
            feed_of(&[
                // A UID meetcal's format cannot carry, twice over.
                &format!("UID:my event {uid_space}é\nSUMMARY:Odd UID\nDTSTART:20270210T180000Z\nDTEND:20270210T200000Z"),
                // Tags YAML would read as null and numbers.
                "UID:tags@x\nSUMMARY:Odd tags\nDTSTART:20270211T180000Z\nCATEGORIES:null,1e3,0x1F",
                // The same extra date three times, and the start again.
                "UID:dates@x\nSUMMARY:Extra dates\nDTSTART:20270212T180000Z\nRDATE:20270219T180000Z,20270219T180000Z\nRDATE:20270219T180000Z,20270212T180000Z",
            ]),
        )
        .unwrap();
    };
    write_feed("42 ");
    let folder = "--out=content/events/imported/odd";
    let out = ok(&root, &["import", feed.to_str().unwrap(), folder]);
    ok(&root, &["check"]);
    let files = files(&root, "content/events/imported/odd");
    assert_eq!(files.len(), 4, "{out}\n{files:#?}");
    let odd = files.values().find(|t| t.contains("Odd UID")).unwrap();
    assert!(odd.contains("uid: imported-"), "{odd}");
    let tags = files.values().find(|t| t.contains("Odd tags")).unwrap();
    assert!(tags.contains("tags: ['null', '1e3', '0x1f']\n"), "{tags}");
    assert_eq!(
        files.values().filter(|t| t.contains("Extra dates")).count(),
        2,
        "the event and its one extra date"
    );
    // The same feed again: the odd UID finds its file.
    let again = ok(&root, &["import", feed.to_str().unwrap(), folder]);
    assert!(
        again.contains("0 created, 0 updated, 4 unchanged"),
        "{again}"
    );
}

#[test]
fn imports_stay_in_their_own_folders() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_calendar(dir.path());
    let fixture = fixture_feed("meetup.ics");
    // Only under content/events/imported/: --prune changes what is there.
    let out = Command::new(env!("CARGO_BIN_EXE_meetcal"))
        .arg("--root")
        .arg(&root)
        .args(["import", &fixture, "--out", "content/events", "--prune"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("must be inside content/events/imported/"),
        "{}",
        text(&out.stderr)
    );
    // The folder to write instead, in full: the one named, or the default.
    let refused = |out_folder: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_meetcal"))
            .arg("--root")
            .arg(&root)
            .args(["import", &fixture, "--out", out_folder])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{out_folder}");
        text(&out.stderr)
    };
    for (written, instead) in [
        ("o2test", "content/events/imported/o2test"),
        ("content/events/o2test", "content/events/imported/o2test"),
        ("../o2test", "content/events/imported/o2test"),
        ("content/events", "content/events/imported/meetup"),
    ] {
        let error = refused(written);
        assert!(
            error.contains(&format!("write `--out {instead}`")),
            "{error}"
        );
        assert!(!error.contains("--prune"), "not given: {error}");
    }
    // Two addresses that differ in their query only: two folders.
    let a = meetcal::import::folder_for("https://example.org/events.ics?cat=rust", Some("g"));
    let b = meetcal::import::folder_for("https://example.org/events.ics?cat=go", Some("g"));
    assert_ne!(a, b);
    assert!(
        a.to_string_lossy()
            .starts_with("content/events/imported/g/example-org-events-"),
        "{a:?}"
    );
    assert_eq!(
        a,
        meetcal::import::folder_for("https://example.org/events.ics?cat=rust", Some("g")),
        "the same address, the same folder"
    );
}

#[test]
fn a_change_to_one_date_that_the_feed_drops_is_undone() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_calendar(dir.path());
    let feed = dir.path().join("series.ics");
    let series = "UID:weekly@x\nSUMMARY:Weekly\nDTSTART;TZID=Europe/Paris:20270107T183000\nDURATION:PT2H\nRRULE:FREQ=WEEKLY;COUNT=6";
    let cancelled = "UID:weekly@x\nRECURRENCE-ID;TZID=Europe/Paris:20270121T183000\nSUMMARY:Weekly\nDTSTART;TZID=Europe/Paris:20270121T183000\nDURATION:PT2H\nSTATUS:CANCELLED";
    std::fs::write(&feed, feed_of(&[series, cancelled])).unwrap();
    let folder = "--out=content/events/imported/series";
    ok(
        &root,
        &["import", feed.to_str().unwrap(), folder, "--now", NOW],
    );
    let changed = files(&root, "content/events/imported/series");
    assert_eq!(changed.len(), 2, "{changed:#?}");
    // The date is restored in the feed: the change goes.
    std::fs::write(&feed, feed_of(&[series])).unwrap();
    let out = ok(
        &root,
        &["import", feed.to_str().unwrap(), folder, "--now", NOW],
    );
    assert!(out.contains("gone      "), "reported first: {out}");
    let out = ok(
        &root,
        &[
            "import",
            feed.to_str().unwrap(),
            folder,
            "--prune",
            "--now",
            NOW,
        ],
    );
    assert!(out.contains("restored "), "{out}");
    let restored = files(&root, "content/events/imported/series");
    assert_eq!(restored.len(), 1, "{restored:#?}");
    assert!(!restored.values().any(|t| t.contains("cancelled")));
    ok(&root, &["check"]);
}

/// A calendar's own feed holds its own events, whose UIDs are their slugs
/// at the site's host when the files have no `uid:`: importing it must
/// find them, not write copies that `check` refuses as duplicate UIDs.
#[test]
fn importing_a_calendars_own_feed_writes_no_copy_of_its_events() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_calendar(dir.path());
    ok(&root, &["build", "--now", "2026-12-02 12:00"]);
    let feed = root.join("public/calendar.ics");
    let events = read(&root, "public/calendar.ics")
        .matches("BEGIN:VEVENT")
        .count();
    assert!(events > 0);
    let report = ok(&root, &["import", feed.to_str().unwrap()]);
    assert!(report.contains(": 0 created"), "{report}");
    assert!(report.contains("its UID is already the UID of"), "{report}");
    assert!(!root.join("content/events/imported").exists() || files_in(&root).is_empty());
    ok(&root, &["check"]);
}

fn files_in(root: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(root.join("content/events/imported"))
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

/// A file someone wrote by hand in an import folder, without `uid:`, is not
/// the feed's: a prune neither cancels it nor takes it for a feed event,
/// and a feed event carrying its site UID is refused, not written over it.
#[test]
fn a_hand_written_file_in_an_import_folder_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_calendar(dir.path());
    let folder = "content/events/imported/feed";
    let hand = format!("{folder}/hand.md");
    let text = "---\ntitle: Written by hand\nstart: 2027-03-01 19:00\n---\nTalks.\n";
    std::fs::create_dir_all(root.join(folder)).unwrap();
    std::fs::write(root.join(&hand), text).unwrap();
    let host = read(&root, "content/site.yaml")
        .lines()
        .find_map(|l| l.strip_prefix("base_url:"))
        .map(|url| {
            let url = url.trim().trim_matches('"');
            url.split("://")
                .nth(1)
                .unwrap()
                .split('/')
                .next()
                .unwrap()
                .to_string()
        })
        .expect("site.yaml has a base_url");
    let feed = dir.path().join("feed.ics");
    std::fs::write(
        &feed,
        feed_of(&[
            "UID:other@example.net\nSUMMARY:Other\nDTSTART:20270310T180000Z\nDTEND:20270310T200000Z",
            &format!("UID:hand@{host}\nSUMMARY:Copy\nDTSTART:20270301T180000Z\nDTEND:20270301T200000Z"),
        ]),
    )
    .unwrap();
    let out = ok(
        &root,
        &[
            "import",
            feed.to_str().unwrap(),
            &format!("--out={folder}"),
            "--prune",
            "--now",
            "2026-12-02",
        ],
    );
    assert!(out.contains("1 created"), "{out}");
    assert!(
        out.contains(&format!("its UID is already the UID of {hand}")),
        "{out}"
    );
    assert!(
        !out.contains("cancelled ") && !out.contains("gone "),
        "{out}"
    );
    assert_eq!(
        read(&root, &hand),
        text,
        "the hand-written file is untouched"
    );
    ok(&root, &["check"]);
}
