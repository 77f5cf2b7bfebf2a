//! `meetcal import` and `meetcal sync`, run as an organizer runs them: into
//! a calendar made by `meetcal init`, from files shaped like real exports
//! (tests/fixtures/import/) and from a feed host on 127.0.0.1.

mod common;

use common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// When the tests import: before every event of the fixtures.
const NOW: &str = "2027-01-05 12:00";

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A new calendar (Europe/Paris), as `meetcal init` writes it.
fn new_calendar(dir: &Path) -> PathBuf {
    let root = dir.join("calendar");
    let out = Command::new(env!("CARGO_BIN_EXE_meetcal"))
        .arg("init")
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    root
}

fn fixture_feed(name: &str) -> String {
    fixture(&format!("fixtures/import/{name}"))
        .to_str()
        .unwrap()
        .to_string()
}

/// Runs meetcal and insists on exit 0; its standard output.
#[track_caller]
fn ok(root: &Path, args: &[&str]) -> String {
    let out = meetcal(root, args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "meetcal {args:?}:\n{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

fn read(root: &Path, path: &str) -> String {
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The files of an import folder, by name.
fn files(root: &Path, folder: &str) -> BTreeMap<String, String> {
    std::fs::read_dir(root.join(folder))
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
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

/// Imports every fixture into one calendar; each must pass `meetcal check`.
fn imported_fixtures() -> (tempfile::TempDir, PathBuf, BTreeMap<String, String>) {
    let dir = tempfile::tempdir().unwrap();
    let root = new_calendar(dir.path());
    let mut reports = BTreeMap::new();
    for name in ["google", "outlook", "apple", "meetup"] {
        let out = ok(
            &root,
            &[
                "import",
                &fixture_feed(&format!("{name}.ics")),
                "--tag",
                "imported",
            ],
        );
        reports.insert(name.to_string(), out);
    }
    ok(&root, &["check"]);
    (dir, root, reports)
}

#[test]
fn google_calendar_exports_come_across_with_their_series_and_changes() {
    let (_dir, root, reports) = imported_fixtures();
    let google = files(&root, "content/events/imported/google");
    let series = &google["rust-paris-monthly.md"];
    for line in [
        "start: 2027-01-12 19:00\n",
        "duration: 2h30m\n",
        "timezone: Europe/Paris\n",
        "  on: second tuesday\n",
        "  except: [2027-04-13]\n",
        "uid: 3kq9v0b6r1s2t3u4v5w6x7y8z9@google.com\n",
        "  name: Le Comptoir Réaumur\n",
        "**Talks and pizza**",
        "[our site](https://rust-paris.example.org/)",
    ] {
        assert!(series.contains(line), "{line:?} not in:\n{series}");
    }
    assert!(
        !series.contains("alert") && !series.contains("script"),
        "{series}"
    );
    // The moved occurrence says only what changed; the cancelled one too.
    assert_eq!(
        google["rust-paris-monthly-2027-03-09.md"],
        "---\noccurrence_of: rust-paris-monthly\ndate: 2027-03-09\ntitle: Rust Paris monthly (on Thursday this time)\nstart: 2027-03-11 19:00\n---\n"
    );
    assert_eq!(
        google["rust-paris-monthly-2027-05-11.md"],
        "---\noccurrence_of: rust-paris-monthly\ndate: 2027-05-11\nstatus: cancelled\n---\n"
    );
    // Weekdays (FREQ=DAILY;BYDAY=MO..FR) until a UTC instant, online.
    let kata = &google["morning-rust-kata.md"];
    assert!(
        kata.contains(
            "  on: [monday, tuesday, wednesday, thursday, friday]\n  until: 2027-01-22\n"
        ),
        "{kata}"
    );
    assert!(
        kata.contains("online: https://meet.google.com/abc-defg-hij\n"),
        "{kata}"
    );
    // BYSETPOS with a COUNT: its three dates; without an end: skipped.
    for date in ["2027-01-29", "2027-02-26", "2027-03-31"] {
        assert!(
            google.contains_key(&format!("month-end-drinks-{date}.md")),
            "{date}: {:?}",
            google.keys()
        );
    }
    let report = &reports["google"];
    assert!(
        report.contains("skipped   `Organizers' call` (2027-02-01): its rule uses BYSETPOS"),
        "{report}"
    );
    assert!(
        report.contains("skipped   `Dentist` (2027-02-18): it is marked private"),
        "{report}"
    );
    assert!(
        report.contains("spring-planning-2027-02-15.md: not imported: 2 attendees"),
        "{report}"
    );
    // Nothing dropped silently: the organizer's address and the reminders.
    assert!(
        report.contains("spring-planning-2027-02-15.md: not imported: the organizer's address"),
        "{report}"
    );
    assert!(
        report.contains("rust-paris-monthly.md: not imported: 1 alarm"),
        "{report}"
    );
    // A UTC time in the calendar's zone; an all-day event over two days.
    assert!(google["spring-planning-2027-02-15.md"].contains("start: 2027-02-15 18:00\n"));
    let party = &google["rustweek-watch-party-2027-05-20.md"];
    assert!(
        party.contains("start: 2027-05-20\nend: 2027-05-21\n")
            && party.contains("status: tentative\n"),
        "{party}"
    );
}

#[test]
fn outlook_exports_with_windows_zone_names_and_custom_zones_come_across() {
    let (_dir, root, _) = imported_fixtures();
    let outlook = files(&root, "content/events/imported/outlook");
    let series = &outlook["weekly-study-group.md"];
    for line in [
        "start: 2027-01-06 18:30\n",
        "timezone: Europe/Paris\n",
        "  on: [wednesday]\n  until: 2027-03-31\n  except: [2027-02-03]\n",
    ] {
        assert!(series.contains(line), "{line:?} not in:\n{series}");
    }
    let moved = &outlook["weekly-study-group-2027-02-17.md"];
    assert!(moved.starts_with("---\noccurrence_of: weekly-study-group\ndate: 2027-02-17\nstart: 2027-02-18 18:30\n---\nMoved to Thursday"), "{moved}");
    // "Customized Time Zone" is defined with the US rules: New York's.
    let toronto = &outlook["toronto-exchange-2027-03-10.md"];
    assert!(
        toronto.contains("start: 2027-03-10 12:00\n")
            && toronto.contains("timezone: America/New_York\n"),
        "{toronto}"
    );
    assert!(
        !toronto.contains("venue"),
        "a Teams call is not a place:\n{toronto}"
    );
    assert!(
        toronto.contains(
            "online: https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0\n"
        ),
        "{toronto}"
    );
    assert!(outlook["hackathon-2027-02-15.md"].contains("start: 2027-02-15\nend: 2027-02-16\n"));
}

#[test]
fn apple_and_meetup_exports_come_across() {
    let (_dir, root, reports) = imported_fixtures();
    let apple = files(&root, "content/events/imported/apple");
    let club = &apple["book-club-the-pragmatic-programmer.md"];
    for line in [
        "title: 'Book club: The Pragmatic Programmer'\n",
        "  name: Librairie du Canal\n  address: 12 Quai de Valmy, 75010 Paris, France\n  lat: 48.8701\n  lon: 2.3635\n",
        "tags: [imported, books, reading-group]\n",
        "  on: last thursday\n",
    ] {
        assert!(club.contains(line), "{line:?} not in:\n{club}");
    }
    // A floating time is in the calendar's zone (X-WR-TIMEZONE).
    assert!(apple["author-talk-2027-03-01.md"]
        .contains("start: 2027-03-01 18:30\nduration: 1h30m\ntimezone: Europe/Paris\n"));
    // An RDATE is one more event; the attachment is reported.
    assert!(apple["summer-reading-list-published-2027-09-15.md"]
        .contains("uid: B2C3D4E5-F6A7-4890-B1C2-D3E4F5A6B7C8#20270915\n"));
    assert!(
        reports["apple"].contains("not imported: 1 attachment"),
        "{}",
        reports["apple"]
    );
    let meetup = files(&root, "content/events/imported/meetup");
    let night = &meetup["rust-webassembly-night-2027-02-04.md"];
    for line in [
        "title: Rust & WebAssembly night\n",
        "  name: Le Comptoir Réaumur\n  address: 51 Rue Réaumur, Paris\n",
        "url: https://www.meetup.com/paris-rust-meetup/events/298765432/\n",
        "uid: event_298765432@meetup.com\n",
        // Plain text stays plain: no emphasis, no list.
        "then \\*pizza\\*.",
        "1\\. Doors open at 19:00\\\n2\\. Talks at 19:30",
    ] {
        assert!(night.contains(line), "{line:?} not in:\n{night}");
    }
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
fn feeds_are_fetched_over_http_and_each_failure_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_calendar(dir.path());
    let meetup = std::fs::read(fixture_feed("meetup.ics")).unwrap();
    let base = feeds::serve(BTreeMap::from([("/meetup.ics".to_string(), meetup)]));
    let out = ok(
        &root,
        &[
            "import",
            &format!("{base}/meetup.ics"),
            "--out",
            "content/events/imported/web",
        ],
    );
    assert!(out.contains("2 created"), "{out}");
    for (path, expected) in [
        ("/slow.ics", "no complete answer within 1 s"),
        ("/huge.ics", "the feed is over the limit of 4096 KiB"),
        ("/loop.ics", "more than 5 redirects (a redirect loop?)"),
        (
            "/page.html",
            "this is not an iCalendar feed: it starts with `<!DOCTYPE html>",
        ),
        ("/missing.ics", "the server answered HTTP 404"),
    ] {
        let started = std::time::Instant::now();
        let out = meetcal(
            &root,
            &["import", &format!("{base}{path}"), "--timeout", "1"],
        );
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{path}: {stderr}");
        assert!(
            stderr.contains(&format!("error: {base}{path}: {expected}")),
            "{path}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(
            started.elapsed() < feeds::SLOW,
            "{path} took {:?}",
            started.elapsed()
        );
    }
    let out = meetcal(&root, &["import", "ftp://example.org/feed.ics"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("not an http(s) URL"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn sync_imports_every_feed_and_reports_the_one_that_fails() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_calendar(dir.path());
    let base = feeds::serve(BTreeMap::from([(
        "/meetup.ics".to_string(),
        std::fs::read(fixture_feed("meetup.ics")).unwrap(),
    )]));
    let group = root.join("content/groups/our-group.md");
    let text_before = std::fs::read_to_string(&group).unwrap();
    let with_feeds = text_before.replacen(
        "---\n",
        &format!("---\nimport:\n  - url: {base}/missing.ics\n  - url: {base}/meetup.ics\n    tags: [rust]\n"),
        1,
    );
    std::fs::write(&group, with_feeds).unwrap();
    ok(&root, &["check"]);
    let out = meetcal(&root, &["sync"]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stderr.contains(&format!(
            "error: groups/our-group {base}/missing.ics: the server answered HTTP 404"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("1 of 2 feeds failed"), "{stderr}");
    let folder = root.join("content/events/imported/our-group");
    let feed_folder = std::fs::read_dir(&folder)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let night =
        std::fs::read_to_string(feed_folder.join("rust-webassembly-night-2027-02-04.md")).unwrap();
    assert!(
        night.contains("group: our-group\n") && night.contains("tags: [rust]\n"),
        "{night}"
    );
    ok(&root, &["check"]);
}

#[test]
fn sync_takes_what_an_earlier_feed_wrote_into_account_and_a_dry_run_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_calendar(dir.path());
    // Both feeds list the shared event, and an event of their own with
    // the same title and date.
    let shared = "UID:shared@x\nSUMMARY:Shared night\nDTSTART:20270210T180000Z\nDURATION:PT2H";
    let own = |uid: &str| {
        format!("UID:{uid}\nSUMMARY:Rust night\nDTSTART:20270211T180000Z\nDURATION:PT2H")
    };
    let base = feeds::serve(BTreeMap::from([
        (
            "/a.ics".to_string(),
            feed_of(&[shared, &own("a@x")]).into_bytes(),
        ),
        (
            "/b.ics".to_string(),
            feed_of(&[shared, &own("b@x")]).into_bytes(),
        ),
    ]));
    let group = root.join("content/groups/our-group.md");
    let settings = std::fs::read_to_string(&group).unwrap();
    let imports = format!("import:\n  - url: {base}/a.ics\n  - url: {base}/b.ics\n");
    std::fs::write(
        &group,
        settings.replacen("---\n", &format!("---\n{imports}"), 1),
    )
    .unwrap();
    let before = snapshot(&root);
    let dry = ok(&root, &["sync", "--dry-run"]);
    assert_same_tree(&snapshot(&root), &before, "a dry run");
    let out = ok(&root, &["sync"]);
    // The second feed refuses the UID the first one wrote, and gives its
    // own event another slug than the first one's.
    let a = meetcal::import::folder_for(&format!("{base}/a.ics"), Some("our-group"));
    let a_shared = a.join("shared-night-2027-02-10.md");
    assert!(
        out.contains(&format!(
            "skipped   `Shared night`: its UID is already the UID of {}",
            a_shared.display()
        )),
        "{out}"
    );
    let b = meetcal::import::folder_for(&format!("{base}/b.ics"), Some("our-group"));
    let b_own = b.join("rust-night-2027-02-11-2.md");
    assert!(
        out.contains(&format!("created   {}", b_own.display())),
        "{out}"
    );
    ok(&root, &["check"]);
    // The dry run said all of it.
    let said = dry
        .replace("would create", "created  ")
        .replace(" (dry run: nothing written)", "");
    assert_eq!(said, out);
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

/// A feed as producers write it, events given by their own lines.
/// An online event imported for a group that meets somewhere stays
/// online only; one without a location is at the group's venue.
#[test]
fn an_online_event_imported_for_a_group_is_not_at_its_venue() {
    let dir = tempfile::tempdir().unwrap();
    let (root, written) = imported_for_our_group(
        dir.path(),
        &[
            "UID:call@feed.example\nSUMMARY:Call\nDTSTART:20270210T180000Z\n\
         LOCATION:https://meet.example.org/call",
            "UID:usual@feed.example\nSUMMARY:Usual\nDTSTART:20270212T180000Z",
            // Google leaves LOCATION out, or empty, for a Meet call.
            "UID:meet@feed.example\nSUMMARY:Meet\nDTSTART:20270213T180000Z\n\
             X-GOOGLE-CONFERENCE:https://meet.google.com/abc-defg-hij",
            "UID:empty@feed.example\nSUMMARY:Empty\nDTSTART:20270214T180000Z\nLOCATION:\n\
             X-GOOGLE-CONFERENCE:https://meet.google.com/abc-defg-hij",
        ],
    );
    let file = |title: &str| titled(&written, title);
    assert!(file("Call").contains("venue: none\n"), "{}", file("Call"));
    for call in ["Meet", "Empty"] {
        let text = file(call);
        assert!(
            text.contains("venue: none\n")
                && text.contains("online: https://meet.google.com/abc-defg-hij\n"),
            "{text}"
        );
    }
    assert!(!file("Usual").contains("venue:"), "{}", file("Usual"));
    ok(&root, &["check"]);
    let out = tempfile::tempdir().unwrap();
    let out_path = out.path().to_str().unwrap();
    ok(
        &root,
        &["build", "--out", out_path, "--now", "2027-01-05 12:00"],
    );
    let venue = std::fs::read_to_string(out.path().join("venues/our-venue/calendar.ics")).unwrap();
    assert!(venue.contains("UID:usual@feed.example"), "{venue}");
    assert!(!venue.contains("UID:call@feed.example"), "{venue}");
}

/// A LOCATION that names a call is not a place: its link comes from the
/// description when no property carries it, else it is to come. A place
/// whose name holds such a word inside another is still a place.
#[test]
fn a_call_named_as_the_location_is_online_with_its_link_from_the_description() {
    let dir = tempfile::tempdir().unwrap();
    let (root, written) = imported_for_our_group(dir.path(), &[
        "UID:teams@feed.example\nSUMMARY:Teams call\nDTSTART:20270210T180000Z\n\
         LOCATION:Microsoft Teams Meeting\n\
         DESCRIPTION:Join the meeting now<https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0> \\nMeeting ID: 123",
        "UID:zoom@feed.example\nSUMMARY:Zoom call\nDTSTART:20270211T180000Z\nLOCATION:Zoom",
        "UID:hall@feed.example\nSUMMARY:Hall talk\nDTSTART:20270212T180000Z\nLOCATION:Steamship Hall",
    ]);
    let file = |title: &str| titled(&written, title);
    let teams = file("Teams call");
    assert!(
        teams.contains(
            "online: https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0\n"
        ),
        "{teams}"
    );
    assert!(teams.contains("venue: none\n"), "{teams}");
    // Outlook's `text<address>` stays a link, its address unescaped.
    assert!(
        teams.contains(
            "Join the meeting now<https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0>"
        ),
        "{teams}"
    );
    let zoom = file("Zoom call");
    assert!(zoom.contains("online: true\n"), "{zoom}");
    assert!(zoom.contains("venue: none\n"), "{zoom}");
    let hall = file("Hall talk");
    assert!(hall.contains("  name: Steamship Hall\n"), "{hall}");
    assert!(!hall.contains("online:"), "{hall}");
    ok(&root, &["check"]);
}

/// A moved date of a call series whose entry names the call but not its
/// link keeps the series' link, not "to come".
#[test]
fn a_moved_date_of_a_call_series_keeps_its_link() {
    let dir = tempfile::tempdir().unwrap();
    let (_, written) = imported_for_our_group(dir.path(), &[
        "UID:board@feed.example\nSUMMARY:Board\nDTSTART:20270225T180000Z\nRRULE:FREQ=MONTHLY;COUNT=6\n\
         LOCATION:Microsoft Teams Meeting\n\
         X-MICROSOFT-SKYPETEAMSMEETINGURL:https://teams.microsoft.com/l/meetup-join/board",
        "UID:board@feed.example\nSUMMARY:Board\nRECURRENCE-ID:20270325T180000Z\n\
         DTSTART:20270401T180000Z\nLOCATION:Microsoft Teams Meeting\nDESCRIPTION:A week later.",
    ]);
    let moved = changing(&written, "2027-03-25");
    assert!(moved.contains("start: 2027-04-01 "), "{moved}");
    assert!(
        !moved.contains("online:"),
        "the series' link stays: {moved}"
    );
}

/// A change to an extra date (RDATE) names it by its instant: written in
/// UTC, it still replaces the date written in the series' zone, which is
/// then not published as well.
#[test]
fn a_change_to_an_extra_date_written_in_utc_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let (root, written) = imported_for_our_group(
        dir.path(),
        &[
            "UID:club@feed.example\nSUMMARY:Club\nDTSTART;TZID=Europe/Paris:20270105T190000\n\
             DURATION:PT2H\nRRULE:FREQ=MONTHLY;BYDAY=1TU;COUNT=3\n\
             RDATE;TZID=Europe/Paris:20270115T190000",
            "UID:club@feed.example\nSUMMARY:Club moved\nRECURRENCE-ID:20270115T180000Z\n\
             DTSTART;TZID=Europe/Paris:20270116T190000\nDURATION:PT2H",
        ],
    );
    let starts = starts_of(&written);
    assert!(starts.contains(&"start: 2027-01-16 19:00"), "{written:#?}");
    assert!(!starts.contains(&"start: 2027-01-15 19:00"), "{written:#?}");
    ok(&root, &["check"]);
}

/// A change "to this date and the later ones" is made to its own date: the
/// report says the later ones are not changed.
#[test]
fn a_change_to_this_and_future_dates_is_said_to_change_one() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_calendar(dir.path());
    let feed = dir.path().join("feed.ics");
    std::fs::write(
        &feed,
        feed_of(&[
            "UID:club@feed.example\nSUMMARY:Club\nDTSTART;TZID=Europe/Paris:20270401T190000\nRRULE:FREQ=WEEKLY;COUNT=4",
            "UID:club@feed.example\nSUMMARY:Club at eight\n\
             RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Paris:20270415T190000\n\
             DTSTART;TZID=Europe/Paris:20270415T200000",
        ]),
    )
    .unwrap();
    let report = ok(&root, &["import", feed.to_str().unwrap()]);
    assert!(
        report.contains(
            "not imported: its RANGE=THISANDFUTURE: the change is made to this date only"
        ),
        "{report}"
    );
}

/// CATEGORIES become tags that keep a language's name (`C++` is not `c`),
/// and one that makes no tag at all is reported, not dropped without a word.
#[test]
fn categories_keep_language_names_and_one_that_makes_no_tag_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_calendar(dir.path());
    let feed = dir.path().join("feed.ics");
    std::fs::write(
        &feed,
        feed_of(&["UID:langs@feed.example\nSUMMARY:Languages night\n\
             DTSTART;TZID=Europe/Paris:20270312T190000\nCATEGORIES:C++,C#,.NET,日本語"]),
    )
    .unwrap();
    let report = ok(&root, &["import", feed.to_str().unwrap()]);
    let written = files(&root, "content/events/imported/feed");
    let event = titled(&written, "Languages night");
    assert!(event.contains("tags: [cpp, csharp, dotnet]\n"), "{event}");
    assert!(
        report.contains("category `日本語` left out: a tag is written with the letters a to z"),
        "{report}"
    );
}

/// Tasks and journal entries are no events: the report says so rather
/// than importing nothing without a word.
#[test]
fn tasks_and_journal_entries_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_calendar(dir.path());
    let feed = dir.path().join("tasks.ics");
    std::fs::write(
        &feed,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTODO\r\nUID:t\r\nSUMMARY:Book the room\r\nEND:VTODO\r\n\
         BEGIN:VTODO\r\nUID:u\r\nSUMMARY:Order pizza\r\nEND:VTODO\r\n\
         BEGIN:VJOURNAL\r\nUID:j\r\nSUMMARY:Notes\r\nEND:VJOURNAL\r\nEND:VCALENDAR\r\n",
    )
    .unwrap();
    let report = ok(&root, &["import", feed.to_str().unwrap()]);
    assert!(
        report.contains("skipped   2 tasks (VTODO): meetcal imports events (VEVENT) only"),
        "{report}"
    );
    assert!(
        report
            .contains("skipped   1 journal entry (VJOURNAL): meetcal imports events (VEVENT) only"),
        "{report}"
    );
}

/// A series written out date by date, since `repeat` cannot say its rule,
/// keeps its extra dates (RDATE).
#[test]
fn a_series_written_date_by_date_keeps_its_extra_dates() {
    let dir = tempfile::tempdir().unwrap();
    let (root, written) = imported_for_our_group(
        dir.path(),
        &[
            "UID:club@feed.example\nSUMMARY:Club\nDTSTART;TZID=Europe/Paris:20270106T190000\n\
           RRULE:FREQ=MONTHLY;BYDAY=1WE;BYMONTH=1,2,3,9,10;COUNT=3\n\
           RDATE;TZID=Europe/Paris:20270115T190000",
        ],
    );
    let starts = starts_of(&written);
    assert_eq!(
        starts,
        [
            "start: 2027-01-06 19:00",
            "start: 2027-01-15 19:00",
            "start: 2027-02-03 19:00",
            "start: 2027-03-03 19:00"
        ]
    );
    ok(&root, &["check"]);
}

/// An extra date written as a period keeps the period's own length.
#[test]
fn an_extra_date_written_as_a_period_keeps_its_length() {
    let dir = tempfile::tempdir().unwrap();
    let (root, written) = imported_for_our_group(
        dir.path(),
        &[
            "UID:talk@feed.example\nSUMMARY:Talk\nDTSTART:20270403T170000Z\nDURATION:PT1H\n\
           RRULE:FREQ=WEEKLY;COUNT=2\n\
           RDATE;VALUE=PERIOD:20270411T170000Z/20270411T200000Z,20270420T170000Z/PT30M",
        ],
    );
    let on = |date: &str| {
        written
            .values()
            .find(|text| text.contains(&format!("start: {date} ")))
            .unwrap_or_else(|| panic!("{date} in {written:#?}"))
    };
    assert!(
        on("2027-04-11").contains("duration: 3h\n"),
        "{}",
        on("2027-04-11")
    );
    assert!(
        on("2027-04-20").contains("duration: 30m\n"),
        "{}",
        on("2027-04-20")
    );
    ok(&root, &["check"]);
}

/// An event that ends when it starts (a deadline in a feed) lasts the
/// calendar's default length, as an event without an end does, and the
/// report says so; one with a length keeps it, without a note.
#[test]
fn an_event_that_ends_when_it_starts_is_said_to_last_the_default_length() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_calendar(dir.path());
    let path = dir.path().join("feed.ics");
    let feed = feed_of(&[
        "UID:cfp@feed.example\nSUMMARY:Call for papers closes\n\
         DTSTART:20270310T220000Z\nDTEND:20270310T220000Z",
        "UID:talk@feed.example\nSUMMARY:Talk\nDTSTART:20270311T180000Z\nDTEND:20270311T193000Z",
    ]);
    std::fs::write(&path, feed).unwrap();
    let report = ok(
        &root,
        &["import", path.to_str().unwrap(), "--group", "our-group"],
    );
    let note = "it ends when it starts: it lasts the calendar's default length";
    let noted: Vec<&str> = report.lines().filter(|line| line.contains(note)).collect();
    assert_eq!(noted.len(), 1, "{report}");
    assert!(
        noted[0].contains("call-for-papers-closes-2027-03-10.md"),
        "{report}"
    );
    let written = files(&root, "content/events/imported/our-group/feed");
    let cfp = titled(&written, "Call for papers closes");
    assert!(!cfp.contains("duration:") && !cfp.contains("end:"), "{cfp}");
    assert!(titled(&written, "Talk").contains("duration: 1h30m\n"));
    ok(&root, &["check"]);
}

/// A time at a fixed offset (`GMT`, `Etc/GMT-2`, Windows' `UTC-11`) is
/// an instant, shown in the calendar's zone as a UTC time is.
#[test]
fn times_at_a_fixed_offset_are_imported_as_instants() {
    let dir = tempfile::tempdir().unwrap();
    let (root, written) = imported_for_our_group(
        dir.path(),
        &[
            "UID:a@feed.example\nSUMMARY:At GMT\nDTSTART;TZID=GMT:20270310T190000",
            "UID:b@feed.example\nSUMMARY:At Etc GMT\nDTSTART;TZID=Etc/GMT:20270311T190000",
            "UID:c@feed.example\nSUMMARY:At two hours east\nDTSTART;TZID=Etc/GMT-2:20270312T190000",
            "UID:d@feed.example\nSUMMARY:At eleven hours west\nDTSTART;TZID=UTC-11:20270313T190000",
        ],
    );
    for (title, start) in [
        ("At GMT", "2027-03-10 20:00"),
        ("At Etc GMT", "2027-03-11 20:00"),
        ("At two hours east", "2027-03-12 18:00"),
        ("At eleven hours west", "2027-03-14 07:00"),
    ] {
        let file = titled(&written, title);
        assert!(file.contains(&format!("start: {start}\n")), "{file}");
    }
    ok(&root, &["check"]);
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

/// The `start:` line of every file written, in order.
fn starts_of(written: &BTreeMap<String, String>) -> Vec<&str> {
    let mut starts: Vec<&str> = written
        .values()
        .filter_map(|text| text.lines().find(|l| l.starts_with("start: ")))
        .collect();
    starts.sort();
    starts
}

/// The file that changes the series' occurrence on `date`.
fn changing<'w>(written: &'w BTreeMap<String, String>, date: &str) -> &'w str {
    written
        .values()
        .find(|text| text.contains("occurrence_of: ") && text.contains(&format!("date: {date}\n")))
        .unwrap_or_else(|| panic!("a change of {date} in {written:#?}"))
}

/// A feed of `events` imported into a new calendar for its group, which
/// meets at its venue: the calendar's folder and the files written.
fn imported_for_our_group(dir: &Path, events: &[&str]) -> (PathBuf, BTreeMap<String, String>) {
    let root = new_calendar(dir);
    let path = dir.join("feed.ics");
    std::fs::write(&path, feed_of(events)).unwrap();
    ok(
        &root,
        &["import", path.to_str().unwrap(), "--group", "our-group"],
    );
    let written = files(&root, "content/events/imported/our-group/feed");
    (root, written)
}

/// The file written for the event titled `title`.
fn titled<'w>(written: &'w BTreeMap<String, String>, title: &str) -> &'w str {
    written
        .values()
        .find(|text| text.contains(&format!("title: {title}\n")))
        .unwrap_or_else(|| panic!("{title} in {written:#?}"))
}

fn feed_of(events: &[&str]) -> String {
    let mut feed = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n");
    for event in events {
        feed.push_str("BEGIN:VEVENT\r\nDTSTAMP:20261201T120000Z\r\n");
        for line in event.lines() {
            feed.push_str(line);
            feed.push_str("\r\n");
        }
        feed.push_str("END:VEVENT\r\n");
    }
    feed.push_str("END:VCALENDAR\r\n");
    feed
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
fn sync_refuses_a_feed_named_twice() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_calendar(dir.path());
    let group = root.join("content/groups/our-group.md");
    let settings = std::fs::read_to_string(&group).unwrap();
    let twice = "import:\n  - url: https://example.org/a.ics\n  - url: https://example.org/a.ics\n";
    std::fs::write(
        &group,
        settings.replacen("---\n", &format!("---\n{twice}"), 1),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_meetcal"))
        .arg("--root")
        .arg(&root)
        .args(["sync", "--dry-run"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text_of(&out));
    assert!(
        text(&out.stderr).contains("both import https://example.org/a.ics"),
        "{}",
        text_of(&out)
    );
}

fn text_of(out: &std::process::Output) -> String {
    format!("{}{}", text(&out.stdout), text(&out.stderr))
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

#[test]
fn a_duration_across_a_change_of_the_clocks_keeps_its_end() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_calendar(dir.path());
    let feed = dir.path().join("night.ics");
    // Four hours from 23:00 on the night the clocks go forward: 04:00.
    let night =
        "UID:night@x\nSUMMARY:Hack night\nDTSTART;TZID=Europe/Paris:20270327T230000\nDURATION:PT4H";
    let copy = "UID:night@x\nSUMMARY:Hack night (old copy)\nDTSTART;TZID=Europe/Paris:20270327T230000\nDURATION:PT4H";
    std::fs::write(&feed, feed_of(&[night, copy])).unwrap();
    let out = ok(
        &root,
        &[
            "import",
            feed.to_str().unwrap(),
            "--out=content/events/imported/night",
        ],
    );
    assert!(
        out.contains("skipped   `Hack night (old copy)`"),
        "a second copy is reported: {out}"
    );
    let files = files(&root, "content/events/imported/night");
    let night = files.values().next().unwrap();
    assert!(
        night.contains("start: 2027-03-27 23:00\nduration: 5h\n"),
        "{night}"
    );
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

#[test]
fn sync_says_what_became_of_the_feeds_that_did_not_fail() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_calendar(dir.path());
    let base = feeds::serve(BTreeMap::from([(
        "/meetup.ics".to_string(),
        std::fs::read(fixture_feed("meetup.ics")).unwrap(),
    )]));
    let group = root.join("content/groups/our-group.md");
    let settings = std::fs::read_to_string(&group).unwrap();
    let with = |feeds: &[&str]| {
        let list: String = feeds
            .iter()
            .map(|f| format!("  - url: {base}/{f}\n"))
            .collect();
        std::fs::write(
            &group,
            settings.replacen("---\n", &format!("---\nimport:\n{list}"), 1),
        )
        .unwrap();
    };
    let last_line = |args: &[&str]| {
        let out = meetcal(&root, args);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        text(&out.stderr).lines().last().unwrap().to_string()
    };
    // A dry run imports nothing, even of the feeds that answered.
    with(&["missing.ics", "meetup.ics"]);
    assert_eq!(
        last_line(&["sync", "--dry-run"]),
        "error: 1 of 2 feeds failed; the other was read, and nothing was written (dry run)"
    );
    assert_eq!(
        last_line(&["sync"]),
        "error: 1 of 2 feeds failed; the other was imported"
    );
    // When every feed failed, there are no others.
    with(&["missing.ics", "gone.ics"]);
    assert_eq!(
        last_line(&["sync"]),
        "error: every feed failed (2); nothing was imported"
    );
}
