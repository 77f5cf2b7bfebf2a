//! The iCalendar feeds as subscribers get them: where they are, what they
//! hold, that rebuilding changes nothing, and that UIDs survive edits.
//! SEQUENCE and the stamps from the content's git history:
//! tests/ical_history.rs.

mod common;

use common::ical::{build, ical_fixture, lines, read, uids, values};
use common::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const NOW: &str = "2027-01-05 12:00";

fn all_feeds(out: &Path) -> Vec<PathBuf> {
    let mut feeds: Vec<PathBuf> = walkdir::WalkDir::new(out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension() == Some("ics".as_ref()))
        .map(|e| e.path().strip_prefix(out).unwrap().to_path_buf())
        .collect();
    feeds.sort();
    feeds
}

#[test]
fn every_feed_is_at_its_public_url() {
    let site = ical_fixture();
    let out = build(site.path(), NOW);
    let feeds: BTreeSet<String> = all_feeds(out.path())
        .iter()
        .map(|p| p.to_str().unwrap().to_string())
        .collect();
    for feed in [
        "calendar.ics",
        "groups/breakfast-club/calendar.ics",
        "groups/nyc-friends/calendar.ics",
        "tags/talks/calendar.ics",
        "tags/party/calendar.ics",
        "venues/cafe-du-coin/calendar.ics",
        "venues/salle-polyvalente/calendar.ics",
        "events/weekly-breakfast/event.ics",
        "events/old-party/event.ics",
        "events/special-text/event.ics",
    ] {
        assert!(feeds.contains(feed), "{feed} in {feeds:#?}");
    }
    let events = feeds.iter().filter(|f| f.ends_with("/event.ics")).count();
    assert_eq!(events, 15, "one per event, overrides excepted");
}

/// Every feed is one iCalendar object as RFC 5545 has it: CRLF lines
/// folded at 75 octets, never inside a character; components nested only
/// where the RFC allows them, each with its required properties once and
/// no single property twice; each zone a TZID names defined in the feed.
/// And an `event.ics` is what a CalDAV server stores: one UID, no METHOD.
#[test]
fn every_feed_is_well_formed() {
    let site = ical_fixture();
    let out = build(site.path(), NOW);
    let (mut events, mut zones) = (0, 0);
    for path in all_feeds(out.path()) {
        let bytes = std::fs::read(out.path().join(&path)).unwrap();
        let feed = String::from_utf8(bytes.clone()).expect("UTF-8");
        let name = path.display();
        assert!(
            feed.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"),
            "{name}"
        );
        assert!(feed.ends_with("END:VCALENDAR\r\n"), "{name}");
        for line in bytes.split(|b| *b == b'\n') {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            assert!(line.len() <= 75, "{name}: {} octets", line.len());
            assert!(!line.contains(&b'\r'), "{name}: bare CR");
            assert!(
                std::str::from_utf8(line).is_ok(),
                "{name}: a fold split a character"
            );
        }
        assert_eq!(
            feed.matches('\n').count(),
            feed.matches("\r\n").count(),
            "{name}: bare LF"
        );
        let calendar = ical::parse(&feed).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut problems = ical::rfc5545_problems(&calendar);
        if path.ends_with("event.ics") {
            // A download that a client may store on a CalDAV server as it is.
            problems.extend(ical::caldav_problems(&calendar));
        }
        assert!(problems.is_empty(), "{name}:\n{}", problems.join("\n"));
        events += calendar.children("VEVENT").count();
        zones += calendar.children("VTIMEZONE").count();
    }
    // The fixture's feeds hold what the rules above apply to.
    assert!(
        events > 50 && zones > 20,
        "{events} VEVENTs, {zones} VTIMEZONEs"
    );
}

/// The structure check above finds each way a feed can be built wrong.
#[test]
fn the_structure_check_finds_what_it_looks_for() {
    let zone = "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\nBEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";
    let event = "BEGIN:VEVENT\r\nUID:a@x\r\nDTSTAMP:20270101T000000Z\r\nDTSTART;TZID=Europe/Paris:20270107T083000\r\nDTEND;TZID=Europe/Paris:20270107T100000\r\nSTATUS:CONFIRMED\r\nEND:VEVENT\r\n";
    let calendar = |body: &str| {
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\n{body}END:VCALENDAR\r\n")
    };
    let good = calendar(&format!("{zone}{event}"));
    assert_eq!(ical::problems(&good), Vec::<String>::new());
    let parsed = ical::parse(&good).unwrap();
    assert_eq!(ical::caldav_problems(&parsed), Vec::<String>::new());

    for (what, ics, wanted) in [
        (
            "an END closing the wrong component",
            good.replacen("END:VEVENT", "END:VTIMEZONE", 1),
            "closes BEGIN:VEVENT",
        ),
        (
            "a component left open",
            good.replace("END:VCALENDAR\r\n", ""),
            "BEGIN:VCALENDAR is never closed",
        ),
        (
            "a VEVENT after the calendar",
            format!("{good}{event}"),
            "follows the end of the object",
        ),
        (
            "a property outside every component",
            format!("UID:b@x\r\n{good}"),
            "outside every component",
        ),
        (
            "a line that is no property",
            good.replace("STATUS:CONFIRMED", "Cancelled, sorry"),
            "is not a property",
        ),
        (
            "a VEVENT inside a VEVENT",
            calendar(&event.replace("END:VEVENT\r\n", &format!("{event}END:VEVENT\r\n"))),
            "VEVENT#1 > VEVENT#1: not allowed inside VEVENT",
        ),
        (
            "a STANDARD outside its VTIMEZONE",
            calendar(&format!(
                "{event}BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n"
            )),
            "STANDARD#2: not allowed inside VCALENDAR",
        ),
        (
            "a VTIMEZONE inside a VEVENT",
            calendar(&event.replace("END:VEVENT", &format!("{zone}END:VEVENT"))),
            "VTIMEZONE#1: not allowed inside VEVENT",
        ),
        (
            "a calendar holding nothing",
            calendar(""),
            "VCALENDAR: holds no component",
        ),
        (
            "a VTIMEZONE without STANDARD or DAYLIGHT",
            calendar(&format!(
                "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\nEND:VTIMEZONE\r\n{event}"
            )),
            "VTIMEZONE#1: holds no component",
        ),
        (
            "a VEVENT without a UID",
            calendar(&format!("{zone}{}", event.replace("UID:a@x\r\n", ""))),
            "UID 0 times",
        ),
        (
            "a VEVENT without a DTSTAMP",
            calendar(&format!(
                "{zone}{}",
                event.replace("DTSTAMP:20270101T000000Z\r\n", "")
            )),
            "DTSTAMP 0 times",
        ),
        (
            "a VEVENT with two starts",
            calendar(&format!(
                "{zone}{}",
                event.replace("STATUS", "DTSTART:20270108T083000\r\nSTATUS")
            )),
            "DTSTART 2 times",
        ),
        (
            "a VEVENT with two summaries",
            calendar(&format!(
                "{zone}{}",
                event.replace("STATUS", "SUMMARY:a\r\nSUMMARY:b\r\nSTATUS")
            )),
            "SUMMARY 2 times",
        ),
        (
            "a VEVENT with an end and a duration",
            calendar(&format!(
                "{zone}{}",
                event.replace("STATUS", "DURATION:PT1H\r\nSTATUS")
            )),
            "both DTEND and DURATION",
        ),
        (
            "a status RFC 5545 does not know",
            calendar(&format!("{zone}{}", event.replace("CONFIRMED", "MAYBE"))),
            "STATUS:MAYBE",
        ),
        (
            "a zone no VTIMEZONE defines",
            calendar(event),
            "TZID=Europe/Paris has no VTIMEZONE",
        ),
        (
            "a zone defined twice",
            calendar(&format!("{zone}{zone}{event}")),
            "VTIMEZONE Europe/Paris defined twice",
        ),
        (
            "two VEVENTs with one UID",
            calendar(&format!("{zone}{event}{event}")),
            "2 VEVENTs with UID a@x",
        ),
        (
            "an instance without its series",
            calendar(&format!(
                "{zone}{}",
                event.replace("STATUS", "RECURRENCE-ID;TZID=Europe/Paris:20270107T083000\r\nSTATUS")
            )),
            "without its series",
        ),
        (
            "a METHOD in what a CalDAV server would store",
            calendar(&format!("METHOD:PUBLISH\r\n{zone}{event}")),
            "METHOD:PUBLISH in a calendar object",
        ),
        (
            "two events in what a CalDAV server would store",
            calendar(&format!("{zone}{event}{}", event.replace("a@x", "b@x"))),
            "2 UIDs in a calendar object",
        ),
        (
            "a version other than 2.0",
            good.replace("VERSION:2.0", "VERSION:1.0"),
            "VERSION:1.0, must be 2.0",
        ),
        (
            "a calendar without PRODID",
            good.replace("PRODID:-//x//y//EN\r\n", ""),
            "VCALENDAR: PRODID 0 times",
        ),
    ] {
        let mut found = ical::problems(&ics);
        found.extend(ical::parse(&ics).map_or(Vec::new(), |c| ical::caldav_problems(&c)));
        assert!(
            found.iter().any(|f| f.contains(wanted)),
            "{what}: `{wanted}` not in {found:?}"
        );
    }
}

#[test]
fn feeds_carry_the_rules_in_rfc_5545_form() {
    let site = ical_fixture();
    let out = build(site.path(), NOW);
    let event = |slug: &str| read(out.path(), &format!("events/{slug}/event.ics"));
    // The VEVENTs' rules, not the VTIMEZONEs'.
    let rule = |slug: &str| {
        let feed = event(slug);
        values(&feed[feed.find("BEGIN:VEVENT").unwrap()..], "RRULE")
    };
    assert_eq!(
        rule("weekly-breakfast"),
        ["FREQ=WEEKLY;BYDAY=TH;UNTIL=20271230T073000Z"],
        "UNTIL: the until date at the series' time, in UTC"
    );
    assert_eq!(rule("first-wednesday"), ["FREQ=MONTHLY;BYDAY=1WE;COUNT=10"]);
    assert_eq!(
        rule("last-friday"),
        ["FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20271029T163000Z"]
    );
    assert_eq!(
        rule("nyc-meetup"),
        ["FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;WKST=MO"]
    );
    assert_eq!(
        rule("repair-weekend"),
        ["FREQ=MONTHLY;BYMONTHDAY=15;COUNT=6"]
    );
    assert_eq!(
        rule("late-jam"),
        ["FREQ=WEEKLY;BYDAY=SA;UNTIL=20271225T220000Z"]
    );
    let breakfast = lines(&event("weekly-breakfast"));
    for line in [
        "DTSTART;TZID=Europe/Paris:20270107T083000",
        "DTEND;TZID=Europe/Paris:20270107T100000",
        "EXDATE;TZID=Europe/Paris:20270401T083000",
        "EXDATE;TZID=Europe/Paris:20270812T083000",
        "RECURRENCE-ID;TZID=Europe/Paris:20270506T083000",
        "DTSTART;TZID=Europe/Paris:20270507T090000",
        "RECURRENCE-ID;TZID=Europe/Paris:20270610T083000",
        "STATUS:CANCELLED",
        "CATEGORIES:breakfast,networking",
        "X-MEETCAL-GROUP:Breakfast Club",
        "URL:https://feeds.example.org/cal/events/weekly-breakfast/",
        "GEO:48.857000;2.379500",
        "LOCATION:Café du Coin\\, 3\\, rue de l'Église\\; 75011 Paris",
    ] {
        assert!(
            breakfast.contains(&line.to_string()),
            "{line} in {breakfast:#?}"
        );
    }
    assert_eq!(
        uids(&event("weekly-breakfast")).len(),
        1,
        "overrides share the UID"
    );
    let repair = lines(&event("repair-weekend"));
    assert!(repair.contains(&"EXDATE;VALUE=DATE:20270315".to_string()));
    assert!(repair.contains(&"RECURRENCE-ID;VALUE=DATE:20270515".to_string()));
    let retreat = lines(&event("spring-retreat"));
    assert!(retreat.contains(&"DTSTART;VALUE=DATE:20270416".to_string()));
    assert!(
        retreat.contains(&"DTEND;VALUE=DATE:20270419".to_string()),
        "exclusive end"
    );
    let hybrid = lines(&event("hybrid-workshop"));
    assert!(hybrid.contains(
        &"CONFERENCE;FEATURE=VIDEO;LABEL=Join online;VALUE=URI:https://meet.example.org/workshop"
            .to_string()
    ));
    let nyc = event("nyc-meetup");
    assert!(values(&nyc, "TZID").contains(&"America/New_York".to_string()));
    assert_eq!(
        values(&nyc, "LOCATION"),
        ["https://meet.example.org/nyc?room=a\\;b\\,c"]
    );
}

#[test]
fn subscription_feeds_name_themselves_and_ask_for_refreshes() {
    let site = ical_fixture();
    let out = build(site.path(), NOW);
    let all = lines(&read(out.path(), "calendar.ics"));
    for line in [
        "CALSCALE:GREGORIAN",
        "NAME:Interop\\; \"feeds\"\\, commas \\\\ and 🎉",
        "X-WR-CALNAME:Interop\\; \"feeds\"\\, commas \\\\ and 🎉",
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
        "X-PUBLISHED-TTL:PT6H",
        "SOURCE;VALUE=URI:https://feeds.example.org/cal/calendar.ics",
    ] {
        assert!(all.contains(&line.to_string()), "{line}");
    }
    assert!(all
        .iter()
        .any(|l| l.starts_with("X-WR-CALDESC:Fixture for")));
    let group = lines(&read(out.path(), "groups/breakfast-club/calendar.ics"));
    assert!(group
        .contains(&"NAME:Breakfast Club · Interop\\; \"feeds\"\\, commas \\\\ and 🎉".to_string()));
    // Importing one event must not create a calendar named after it.
    let single = read(out.path(), "events/night-shift/event.ics");
    assert!(values(&single, "NAME").is_empty() && values(&single, "X-WR-CALNAME").is_empty());
}

#[test]
fn two_builds_are_byte_identical() {
    let site = ical_fixture();
    let (first, second) = (build(site.path(), NOW), build(site.path(), NOW));
    let feeds = all_feeds(first.path());
    assert_eq!(feeds, all_feeds(second.path()));
    for feed in feeds {
        assert_eq!(
            std::fs::read(first.path().join(&feed)).unwrap(),
            std::fs::read(second.path().join(&feed)).unwrap(),
            "{}",
            feed.display()
        );
    }
}

#[test]
fn editing_title_time_and_venue_keeps_every_uid() {
    let site = ical_fixture();
    let before = build(site.path(), NOW);
    let events = site.path().join("content/events");
    for (file, from, to) in [
        (
            "weekly-breakfast.md",
            "title: Weekly breakfast",
            "title: Thursday breakfast",
        ),
        (
            "weekly-breakfast.md",
            "start: 2027-01-07 08:30",
            "start: 2027-01-07 09:00",
        ),
        (
            "first-wednesday.md",
            "venue: salle-polyvalente",
            "venue: cafe-du-coin",
        ),
        (
            "spring-retreat.md",
            "title: Spring retreat",
            "title: Retraite de printemps",
        ),
        (
            "custom-uid.md",
            "title: Event with its own UID",
            "title: Renamed",
        ),
    ] {
        let path = events.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file}");
        std::fs::write(&path, text.replace(from, to)).unwrap();
    }
    let after = build(site.path(), NOW);
    for feed in all_feeds(before.path()) {
        if feed.starts_with("venues") || feed.starts_with("tags") {
            continue; // the venue change moves an event between venue feeds
        }
        let (a, b) = (
            read(before.path(), feed.to_str().unwrap()),
            read(after.path(), feed.to_str().unwrap()),
        );
        assert_eq!(uids(&a), uids(&b), "{}", feed.display());
        let dates = |feed: &str| -> Vec<String> {
            values(feed, "RECURRENCE-ID")
                .iter()
                .map(|v| v[..8].to_string())
                .collect()
        };
        assert_eq!(dates(&a), dates(&b), "{}", feed.display());
    }
    let renamed = read(after.path(), "events/weekly-breakfast/event.ics");
    assert!(values(&renamed, "SUMMARY").contains(&"Thursday breakfast".to_string()));
}

#[test]
fn control_characters_cannot_inject_properties_or_components() {
    let site = site_from(&[&fixture("fixtures/base")]);
    // check refuses control characters in fields outright...
    std::fs::write(
        site.path().join("content/events/evil.md"),
        "---\ntitle: \"Evil\\r\\nEND:VEVENT\\r\\nBEGIN:VEVENT\\rUID:x\\u0085\\u0000\\u001b\"\nstart: 2027-03-01 10:00\n---\n",
    )
    .unwrap();
    let refused = meetcal(site.path(), &["build", "--now", NOW]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(text(&refused.stderr).contains("invisible control character"));
    // ...in a Markdown body too, at their line and column...
    std::fs::write(
        site.path().join("content/events/evil.md"),
        "---\ntitle: Evil\nstart: 2027-03-01 10:00\n---\nBody\r\nEND:VCALENDAR\r\nred: \u{1b}[31m\u{85}\n",
    )
    .unwrap();
    let refused = meetcal(site.path(), &["build", "--now", NOW]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        text(&refused.stderr).contains(
            "content/events/evil.md:7:6: error: the text contains the invisible control character U+001B"
        ),
        "{}",
        text(&refused.stderr)
    );
    // ...and what it lets through (line separators in a title, line breaks
    // and iCalendar lines in a Markdown body) cannot break the feed either.
    std::fs::write(
        site.path().join("content/events/evil.md"),
        "---\ntitle: \"Evil\\u2028END:VEVENT\\u2028BEGIN:VEVENT\\u2029UID:x\\u2028DTSTART:1\"\nstart: 2027-03-01 10:00\n---\nBody\r\nEND:VCALENDAR\r\nBEGIN:VEVENT\rUID:y\n",
    )
    .unwrap();
    let out = build(site.path(), NOW);
    let feed = read(out.path(), "events/evil/event.ics");
    assert_eq!(ical::problems(&feed), Vec::<String>::new(), "{feed}");
    let lines = lines(&feed);
    let count = |line: &str| lines.iter().filter(|l| *l == line).count();
    assert_eq!(count("BEGIN:VEVENT"), 1, "{feed}");
    assert_eq!(count("END:VEVENT"), 1, "{feed}");
    assert_eq!(count("END:VCALENDAR"), 1, "{feed}");
    assert_eq!(uids(&feed).len(), 1);
    assert!(!feed.contains(|c: char| c.is_control() && c != '\r' && c != '\n' && c != '\t'));
    for line in &lines {
        let name = line.split([':', ';']).next().unwrap();
        assert!(
            name.chars().all(|c| c.is_ascii_uppercase() || c == '-'),
            "a line that is no property: {line:?}"
        );
    }
    assert_eq!(
        values(&feed, "SUMMARY"),
        ["Evil\\nEND:VEVENT\\nBEGIN:VEVENT\\nUID:x\\nDTSTART:1"]
    );
}
