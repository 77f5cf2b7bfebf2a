//! Files shaped like real exports (tests/fixtures/import/: Google
//! Calendar, Outlook, Apple Calendar, Meetup), imported into a calendar
//! made by `meetcal init`: their series, changed dates, zones and text come
//! across as each exporter writes them. The import itself, run again and
//! again as a feed changes: tests/import.rs.

mod common;

use common::importing::*;
use std::collections::BTreeMap;
use std::path::PathBuf;

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
