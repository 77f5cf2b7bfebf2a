//! How one event of a feed becomes an event file: its place or call, its
//! dates and their changes, its tags, its length, its zone.

mod common;

use common::importing::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
