//! What a feed's entries say of an event: a cancelled event says so in
//! its title, in the site's language, and once in its description; a
//! French calendar labels its entries in French; `venue: none` and
//! `online: false` take a place away; no file carries a METHOD.

mod common;

use common::ical::{build, has, ical_fixture, read, site_with, uids, values, vevents};
use common::*;
use std::collections::BTreeSet;
use std::path::Path;

const NOW: &str = "2027-01-05 12:00";

#[test]
fn a_french_calendar_labels_its_entries_in_french() {
    let file = "---\ntitle: Talk\nstart: 2027-03-03 19:00\ngroup: rust-paris\nurl: https://talk.example.org/\nonline: https://meet.example.org/talk\n---\nTwo talks.\n";
    let labels = |language: &str| {
        let site = site_with(language, &[("events/talk.md", file)]);
        let out = build(site.path(), NOW);
        let feed = read(out.path(), "events/talk/event.ics");
        let (_, description) = shown(out.path(), "talk", None);
        let group_feed = read(out.path(), "groups/rust-paris/calendar.ics");
        (description, feed, group_feed)
    };
    let (english, feed, _) = labels("en");
    for label in [
        "Online: https://meet.example.org/talk",
        "Details: https://talk.example.org/",
        "Organised by Rust Paris: ",
    ] {
        assert!(english.contains(label), "{label} in {english}");
    }
    assert!(feed.contains("LABEL=Join online"), "{feed}");
    let (french, feed, group_feed) = labels("fr");
    for label in [
        "En ligne\u{a0}: https://meet.example.org/talk",
        "Détails\u{a0}: https://talk.example.org/",
        "Organisé par Rust Paris\u{a0}: ",
    ] {
        assert!(french.contains(label), "{label} in {french}");
    }
    for english in ["Online", "Details", "Organised", "Join online", "Events by"] {
        assert!(!feed.contains(english), "{english} in {feed}");
        assert!(!group_feed.contains(english), "{english} in {group_feed}");
    }
}

/// SUMMARY and DESCRIPTION of an event's own VEVENT, and of its instance
/// on `date` when given, as written (escaped).
fn shown(out: &Path, slug: &str, date: Option<&str>) -> (String, String) {
    let feed = read(out, &format!("events/{slug}/event.ics"));
    let all = vevents(&feed, &format!("{slug}@cal.example.org"));
    let event = all
        .iter()
        .find(|e| match date {
            Some(date) => e
                .iter()
                .any(|l| l.starts_with("RECURRENCE-ID") && l.contains(&format!(":{date}"))),
            None => !e.iter().any(|l| l.starts_with("RECURRENCE-ID")),
        })
        .unwrap_or_else(|| panic!("{slug} {date:?} in {feed}"));
    let value = |name: &str| {
        event
            .iter()
            .find_map(|l| l.strip_prefix(&format!("{name}:")))
            .unwrap()
            .to_string()
    };
    (value("SUMMARY"), value("DESCRIPTION"))
}

const CANCELLED_DATE: &str =
    "---\noccurrence_of: open-coffee\ndate: 2027-02-04\nstatus: cancelled\n---\n";

#[test]
fn cancelled_events_say_so_in_their_title_in_the_sites_language() {
    // Outlook reads STATUS:CANCELLED as free time and shows the event as
    // usual: the title is what every client shows.
    let files = [
        ("events/open-coffee-2027-02-04.md", CANCELLED_DATE),
        (
            "events/no-talk.md",
            "---\ntitle: Lightning talks\nstart: 2027-03-03 19:00\nstatus: cancelled\n---\nThe speaker is ill.\n",
        ),
    ];
    for (language, prefix, word) in [
        ("en", "Cancelled: ", "Cancelled."),
        ("fr", "Annulé\u{a0}: ", "Annulé."),
    ] {
        let site = site_with(language, &files);
        let out = build(site.path(), NOW);
        let (summary, description) = shown(out.path(), "no-talk", None);
        assert_eq!(summary, format!("{prefix}Lightning talks"), "{language}");
        assert_eq!(
            description.split("\\n\\n").take(2).collect::<Vec<_>>(),
            [word, "The speaker is ill."],
            "{language}"
        );
        let (summary, _) = shown(out.path(), "open-coffee", Some("20270204"));
        assert_eq!(
            summary,
            format!("{prefix}Open Coffee"),
            "{language}: one date"
        );
        let (summary, description) = shown(out.path(), "open-coffee", None);
        assert_eq!(summary, "Open Coffee", "{language}: the rest of the series");
        assert!(!description.starts_with(word), "{language}");
        let feed = read(out.path(), "events/no-talk/event.ics");
        assert_eq!(values(&feed, "STATUS"), ["CANCELLED"], "{language}");
    }
    // The iCalendar fixture: a cancelled event, and one cancelled date.
    let site = ical_fixture();
    let out = build(site.path(), NOW);
    let all = read(out.path(), "calendar.ics");
    let cancelled: BTreeSet<String> = values(&all, "SUMMARY")
        .into_iter()
        .filter(|s| s.starts_with("Cancelled: "))
        .collect();
    assert_eq!(
        cancelled,
        BTreeSet::from([
            "Cancelled: Cancelled talk".to_string(),
            "Cancelled: Weekly breakfast".to_string()
        ])
    );
}

#[test]
fn a_cancelled_event_says_so_once() {
    let event = |title: &str, body: &str| {
        format!("---\ntitle: {title}\nstart: 2027-03-03 19:00\nstatus: cancelled\n---\n{body}\n")
    };
    let cases = [
        ("said.md", event("Talk", "Cancelled. The speaker is ill.")),
        (
            "shouted.md",
            event("Talk", "CANCELLED: the room is flooded."),
        ),
        ("american.md", event("Talk", "Canceled, sorry.")),
        ("french.md", event("Talk", "Annulé : la salle est fermée.")),
        (
            "titled.md",
            event("'Cancelled: Talk'", "The speaker is ill."),
        ),
    ];
    let files: Vec<(String, String)> = cases
        .iter()
        .map(|(name, text)| (format!("events/{name}"), text.clone()))
        .collect();
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    for language in ["en", "fr"] {
        let site = site_with(language, &files);
        let out = build(site.path(), NOW);
        let description = |slug: &str| shown(out.path(), slug, None).1;
        assert!(description("said").starts_with("Cancelled. The speaker is ill.\\n\\n"));
        assert!(description("shouted").starts_with("CANCELLED: the room is flooded.\\n\\n"));
        assert!(description("american").starts_with("Canceled\\, sorry.\\n\\n"));
        let french = description("french");
        match language {
            // The site's own word counts, in either language.
            "fr" => assert!(french.starts_with("Annulé : la salle"), "{french}"),
            _ => assert!(
                french.starts_with("Cancelled.\\n\\nAnnulé : la salle"),
                "{french}"
            ),
        }
        // A title that already starts with the word and a colon keeps its own.
        let (summary, _) = shown(out.path(), "titled", None);
        assert_eq!(summary, "Cancelled: Talk", "{language}: said once");
    }
}

#[test]
fn no_file_has_a_method() {
    // RFC 5546 gives METHOD:PUBLISH an ORGANIZER in every VEVENT, which a
    // meetup calendar has not; a CalDAV server refuses a stored object with
    // a METHOD (RFC 4791 4.1). Without one, a file is a snapshot (RFC 5545).
    let site = ical_fixture();
    let out = build(site.path(), NOW);
    let mut feeds = 0;
    for entry in walkdir::WalkDir::new(out.path()) {
        let entry = entry.unwrap();
        if entry.path().extension() != Some("ics".as_ref()) {
            continue;
        }
        let feed = String::from_utf8(std::fs::read(entry.path()).unwrap()).unwrap();
        assert!(
            values(&feed, "METHOD").is_empty(),
            "{}",
            entry.path().display()
        );
        feeds += 1;
    }
    assert!(feeds > 30, "{feeds} files");
}

/// Files for an online-only evening of a group that meets at the café, an
/// online-only date of its weekly series, and a hybrid series with one date
/// in person only. `None` is read as `none`, whatever its case.
const ONLINE_ONLY: [(&str, &str); 4] = [
    (
        "content/events/winter-call.md",
        "---\ntitle: Winter call\nstart: 2027-02-20 10:00\nduration: 1h\ngroup: breakfast-club\nvenue: None\nonline: https://meet.example.org/winter\n---\n",
    ),
    (
        "content/events/weekly-breakfast-online.md",
        "---\noccurrence_of: weekly-breakfast\ndate: 2027-02-18\nvenue: none\nonline: https://meet.example.org/breakfast\n---\n",
    ),
    (
        "content/events/hybrid-lunch.md",
        "---\ntitle: Hybrid lunch\nstart: 2027-03-02 12:00\nduration: 1h\nvenue: cafe-du-coin\nonline: https://meet.example.org/lunch\nrepeat: {every: week, count: 4}\n---\n",
    ),
    (
        "content/events/hybrid-lunch-in-person.md",
        "---\noccurrence_of: hybrid-lunch\ndate: 2027-03-09\nonline: false\n---\n",
    ),
];

#[test]
fn venue_none_and_online_false_take_a_place_away() {
    let site = ical_fixture();
    for (path, text) in ONLINE_ONLY {
        write_file(&site.path().join(path), text.to_string());
    }
    let out = build(site.path(), NOW);
    let all = read(out.path(), "calendar.ics");
    let cafe_location = "LOCATION:Café du Coin";
    let at_cafe = |event: &[String]| event.iter().any(|l| l.starts_with(cafe_location));

    // The group's venue is not the online-only evening's.
    let call = &vevents(&all, "winter-call@feeds.example.org")[0];
    assert!(
        has(call, "LOCATION:https://meet.example.org/winter"),
        "{call:#?}"
    );
    assert!(!at_cafe(call), "{call:#?}");

    // Nor the online-only date's, while the series stays at the café.
    let breakfast = vevents(&all, "weekly-breakfast@feeds.example.org");
    let date = "RECURRENCE-ID;TZID=Europe/Paris:20270218T083000";
    let online = breakfast.iter().find(|e| has(e, date)).expect(date);
    assert!(
        has(online, "LOCATION:https://meet.example.org/breakfast"),
        "{online:#?}"
    );
    assert!(!at_cafe(online), "{online:#?}");
    assert!(at_cafe(&breakfast[0]), "{:#?}", breakfast[0]);

    // The café's feed and page leave both out.
    let cafe = read(out.path(), "venues/cafe-du-coin/calendar.ics");
    assert!(!uids(&cafe).contains("winter-call@feeds.example.org"));
    let series = vevents(&cafe, "weekly-breakfast@feeds.example.org");
    assert!(
        has(&series[0], "EXDATE;TZID=Europe/Paris:20270218T083000"),
        "{:#?}",
        series[0]
    );
    let page = read(out.path(), "venues/cafe-du-coin/index.html");
    assert!(!page.contains("Winter call"), "{page}");

    // The series' page says where that date is.
    let page = read(out.path(), "events/weekly-breakfast/index.html");
    let listed = page
        .lines()
        .find(|l| l.contains("<time datetime=\"2027-02-18T08:30:00+01:00\">"))
        .unwrap_or_else(|| panic!("2027-02-18 listed in {page}"));
    assert!(listed.ends_with(" · Online</li>"), "{listed}");

    // Search engines read an online event.
    let page = read(out.path(), "events/winter-call/index.html");
    assert!(
        page.contains("\"eventAttendanceMode\":\"https://schema.org/OnlineEventAttendanceMode\""),
        "{page}"
    );
    assert!(!page.contains("Café du Coin"), "{page}");

    // `online: false` takes one date of a hybrid series offline.
    let lunch = vevents(&all, "hybrid-lunch@feeds.example.org");
    let conference = |e: &[String]| e.iter().any(|l| l.starts_with("CONFERENCE"));
    assert!(conference(&lunch[0]), "{:#?}", lunch[0]);
    let date = "RECURRENCE-ID;TZID=Europe/Paris:20270309T120000";
    let in_person = lunch.iter().find(|e| has(e, date)).expect(date);
    assert!(!conference(in_person), "{in_person:#?}");
    assert!(at_cafe(in_person), "{in_person:#?}");
}
