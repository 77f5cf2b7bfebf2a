//! What each feed holds and how clients read it: a venue's and a tag's
//! feed hold exactly the occurrences at the venue or with the tag, however
//! one date of a series changes, and keep them for 90 days after they end.
//! What each entry says of its event: tests/ical_entries.rs.

mod common;

use common::ical::{build, has, ical_fixture, read, site_with, uids, values, vevents};
use common::*;
use std::collections::BTreeSet;

const NOW: &str = "2027-01-05 12:00";

#[test]
fn group_tag_and_venue_feeds_hold_their_events() {
    let site = ical_fixture();
    let out = build(site.path(), NOW);
    let feed = |path: &str| -> BTreeSet<String> {
        uids(&read(out.path(), path))
            .into_iter()
            .map(|u| u.trim_end_matches("@feeds.example.org").to_string())
            .collect()
    };
    let set =
        |slugs: &[&str]| -> BTreeSet<String> { slugs.iter().map(|s| s.to_string()).collect() };
    assert_eq!(
        feed("groups/breakfast-club/calendar.ics"),
        set(&["weekly-breakfast"])
    );
    assert_eq!(
        feed("groups/nyc-friends/calendar.ics"),
        set(&["nyc-meetup"])
    );
    assert_eq!(
        feed("tags/talks/calendar.ics"),
        set(&["cancelled-talk", "first-wednesday", "special-text"])
    );
    // The breakfast that moved to the Salle polyvalente is there on its
    // own, not with its series.
    assert_eq!(
        feed("venues/salle-polyvalente/calendar.ics"),
        set(&[
            "cancelled-talk",
            "first-wednesday",
            "repair-weekend",
            "spring-retreat",
            "weekly-breakfast.20270506"
        ])
    );
    // So is the one date with the guest-speaker tag.
    assert_eq!(
        feed("tags/guest-speaker/calendar.ics"),
        set(&["weekly-breakfast.20270916"])
    );
    assert_eq!(
        feed("tags/networking/calendar.ics"),
        set(&["weekly-breakfast"])
    );
    // Only the zones a feed uses have a VTIMEZONE.
    let group = read(out.path(), "groups/breakfast-club/calendar.ics");
    assert_eq!(values(&group, "TZID"), ["Europe/Paris"]);
    let retreat = read(out.path(), "tags/retreat/calendar.ics");
    assert!(
        values(&retreat, "TZID").is_empty(),
        "all-day events name no zone"
    );
}

#[test]
fn feeds_keep_events_for_90_days_after_they_end() {
    let site = ical_fixture();
    let out = build(site.path(), NOW);
    let all = uids(&read(out.path(), "calendar.ics"));
    assert!(
        all.contains("recent-party@feeds.example.org"),
        "ended 77 days ago"
    );
    assert!(
        !all.contains("old-party@feeds.example.org"),
        "ended 199 days ago"
    );
    assert!(
        !all.contains("ended-series@feeds.example.org"),
        "last ended 131 days ago"
    );
    assert!(all.contains("weekly-breakfast@feeds.example.org"));
    let party = uids(&read(out.path(), "tags/party/calendar.ics"));
    assert_eq!(
        party,
        BTreeSet::from(["recent-party@feeds.example.org".to_string()])
    );
    // A feed whose events are all past is empty, yet valid: RFC 5545 wants
    // one component, so it holds the site's zone.
    let archive = read(out.path(), "tags/archive/calendar.ics");
    assert!(uids(&archive).is_empty());
    assert_eq!(values(&archive, "TZID"), ["Europe/Paris"]);
    // Its own download stays.
    let old = read(out.path(), "events/old-party/event.ics");
    assert_eq!(uids(&old).len(), 1);
    // The boundary: the recent party ended 2026-10-21 00:00 (+02:00); 90 days
    // later is 2027-01-18 23:00 (+01:00).
    let later = build(site.path(), "2027-01-18 22:30");
    assert!(uids(&read(later.path(), "calendar.ics")).contains("recent-party@feeds.example.org"));
    let later = build(site.path(), "2027-01-18 23:30");
    assert!(!uids(&read(later.path(), "calendar.ics")).contains("recent-party@feeds.example.org"));
}

/// A property's values in one VEVENT's lines.
fn field(vevent: &[String], name: &str) -> Vec<String> {
    values(&(vevent.join("\r\n") + "\r\n"), name)
}

#[test]
fn a_venue_feed_raises_sequence_when_a_date_leaves_its_series() {
    // The café's feed keeps the series and gains an EXDATE when one date
    // moves elsewhere: a changed EXDATE is a new version of the series
    // (RFC 5546 2.1.4), which clients take only with a higher SEQUENCE.
    let site = site_from(&[&fixture("fixtures/base")]);
    let repo = site.path();
    std::fs::write(
        repo.join("content/venues/town-hall.md"),
        "---\nname: Town hall\n---\n",
    )
    .unwrap();
    git(repo, &["init", "-q"], "2027-01-01T10:00:00Z");
    commit_all(repo, "first", "2027-01-01T10:00:00Z");
    let feed = "venues/le-comptoir/calendar.ics";
    let uid = "open-coffee@cal.example.org";
    let before = build(repo, NOW);
    let series = vevents(&read(before.path(), feed), uid);
    assert_eq!(series.len(), 1, "{series:?}");
    assert_eq!(field(&series[0], "SEQUENCE"), ["0"]);

    std::fs::write(
        repo.join("content/events/open-coffee-2027-02-04.md"),
        "---\noccurrence_of: open-coffee\ndate: 2027-02-04\nvenue: town-hall\n---\n",
    )
    .unwrap();
    commit_all(repo, "elsewhere", "2027-01-02T10:00:00Z");
    let after = build(repo, NOW);
    let series = vevents(&read(after.path(), feed), uid);
    assert_eq!(series.len(), 1, "{series:?}");
    assert!(field(&series[0], "EXDATE").contains(&"20270204T083000".to_string()));
    assert_eq!(field(&series[0], "SEQUENCE"), ["1"], "{series:?}");
    assert_eq!(field(&series[0], "LAST-MODIFIED"), ["20270102T100000Z"]);
    assert_eq!(field(&series[0], "DTSTAMP"), ["20270102T100000Z"]);
    // The whole calendar's feed has the series without an EXDATE, and the
    // changed date on its own: both count the change's commit, as every
    // feed does, so that no feed's series goes down when a later edit of
    // the change gives the date back (tests/ical_sequence.rs).
    let whole = vevents(&read(after.path(), "calendar.ics"), uid);
    let sequences: Vec<Vec<String>> = whole.iter().map(|v| field(v, "SEQUENCE")).collect();
    assert_eq!(sequences, [["1"], ["1"]]);

    // Cancelled there, then given back to the series: every VEVENT that
    // was written for the date is outdone by the series, in both feeds.
    std::fs::write(
        repo.join("content/events/open-coffee-2027-02-04.md"),
        "---\noccurrence_of: open-coffee\ndate: 2027-02-04\nvenue: town-hall\nstatus: cancelled\n---\n",
    )
    .unwrap();
    git(
        repo,
        &["commit", "-q", "-am", "cancelled"],
        "2027-01-03T10:00:00Z",
    );
    let cancelled = build(repo, NOW);
    let series = vevents(&read(cancelled.path(), feed), uid);
    assert_eq!(field(&series[0], "SEQUENCE"), ["2"]);
    let whole = vevents(&read(cancelled.path(), "calendar.ics"), uid);
    let sequences: Vec<Vec<String>> = whole.iter().map(|v| field(v, "SEQUENCE")).collect();
    assert_eq!(sequences, [["2"], ["2"]]);
    git(
        repo,
        &["rm", "-q", "content/events/open-coffee-2027-02-04.md"],
        "2027-01-04T10:00:00Z",
    );
    git(
        repo,
        &["commit", "-q", "-m", "back"],
        "2027-01-04T10:00:00Z",
    );
    let back = build(repo, NOW);
    for feed in [feed, "calendar.ics"] {
        let series = vevents(&read(back.path(), feed), uid);
        assert_eq!(series.len(), 1, "{feed}: {series:?}");
        assert!(!field(&series[0], "EXDATE").contains(&"20270204T083000".to_string()));
        assert_eq!(field(&series[0], "SEQUENCE"), ["3"], "{feed}");
        assert_eq!(field(&series[0], "LAST-MODIFIED"), ["20270104T100000Z"]);
    }
}

#[test]
fn a_postal_address_on_several_lines_is_one_location_line() {
    // Outlook's and Google's location is one line, which map look-ups
    // read: the address's lines are parts of it, not line breaks, and the
    // newline a YAML block keeps at its end is nothing; in the feeds and
    // in the event page's Google Calendar link and the news feeds alike.
    let site = site_with(
        "en",
        &[(
            "events/picnic.md",
            "---\ntitle: Picnic\nstart: 2027-06-05 12:00\nvenue:\n  name: Parc Montsouris\n  \
             address: |\n    2 rue Gazan\n\n    75014 Paris\n---\n",
        )],
    );
    let out = build(site.path(), NOW);
    let feed = read(out.path(), "calendar.ics");
    let picnic = vevents(&feed, "picnic@cal.example.org");
    assert_eq!(
        field(&picnic[0], "LOCATION"),
        ["Parc Montsouris\\, 2 rue Gazan\\, 75014 Paris"]
    );
    // So is the location of the event Google Calendar's link fills in.
    let page = read(out.path(), "events/picnic/index.html");
    assert!(
        page.contains("&amp;location=Parc+Montsouris%2C+2+rue+Gazan%2C+75014+Paris\""),
        "{page}"
    );
    // And the news feed's "Where", where a line break in HTML is a space.
    let news = read(out.path(), "feed.xml");
    assert!(
        news.contains("Where:&lt;/strong&gt; Parc Montsouris, 2 rue Gazan, 75014 Paris&lt;/p&gt;"),
        "{news}"
    );
}

#[test]
fn a_venue_feed_holds_only_what_happens_there() {
    let site = ical_fixture();
    let out = build(site.path(), NOW);
    let breakfast = "weekly-breakfast@feeds.example.org";
    let moved = "weekly-breakfast.20270506@feeds.example.org";

    // Where it moved: that date alone, as an event of its own.
    let salle = read(out.path(), "venues/salle-polyvalente/calendar.ics");
    assert!(
        vevents(&salle, breakfast).is_empty(),
        "no series at the salle"
    );
    let alone = vevents(&salle, moved);
    assert_eq!(alone.len(), 1, "{salle}");
    let alone = &alone[0];
    for line in [
        "DTSTART;TZID=Europe/Paris:20270507T090000",
        "DTEND;TZID=Europe/Paris:20270507T103000",
        "SUMMARY:Weekly breakfast (moved to Friday)",
        "LOCATION:Salle polyvalente\\, 10 avenue Parmentier\\, 75011 Paris",
        "URL:https://feeds.example.org/cal/events/weekly-breakfast/",
    ] {
        assert!(has(alone, line), "{line} in {alone:#?}");
    }
    assert!(
        !alone
            .iter()
            .any(|l| l.starts_with("RRULE") || l.starts_with("RECURRENCE-ID")),
        "{alone:#?}"
    );

    // Where the series is: every date but that one.
    let cafe = read(out.path(), "venues/cafe-du-coin/calendar.ics");
    let series = vevents(&cafe, breakfast);
    assert!(has(&series[0], "EXDATE;TZID=Europe/Paris:20270506T083000"));
    assert!(!series
        .iter()
        .any(|e| has(e, "RECURRENCE-ID;TZID=Europe/Paris:20270506T083000")));
    assert!(
        series
            .iter()
            .any(|e| has(e, "RECURRENCE-ID;TZID=Europe/Paris:20270610T083000")),
        "the date cancelled at the café stays in its feed, cancelled"
    );
    assert!(!uids(&cafe).contains(moved));

    // The whole calendar is unchanged: the series with its moved date.
    let all = read(out.path(), "calendar.ics");
    let series = vevents(&all, breakfast);
    assert!(!has(&series[0], "EXDATE;TZID=Europe/Paris:20270506T083000"));
    assert!(series
        .iter()
        .any(|e| has(e, "RECURRENCE-ID;TZID=Europe/Paris:20270506T083000")));
    assert!(!uids(&all).contains(moved));

    // The single occurrence keeps its UID when it changes again.
    let path = site.path().join("content/events/weekly-breakfast-moved.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text
        .replace("start: 2027-05-07 09:00", "start: 2027-05-07 09:30")
        .replace("(moved to Friday)", "(on Friday)");
    std::fs::write(&path, text).unwrap();
    let again = build(site.path(), NOW);
    let salle = read(again.path(), "venues/salle-polyvalente/calendar.ics");
    let alone = vevents(&salle, moved);
    assert!(has(&alone[0], "SUMMARY:Weekly breakfast (on Friday)"));
    assert!(has(&alone[0], "DTSTART;TZID=Europe/Paris:20270507T093000"));
}

#[test]
fn a_single_occurrence_leaves_a_venue_feed_90_days_after_it_ends() {
    let site = ical_fixture();
    let moved = "weekly-breakfast.20270506@feeds.example.org";
    // It ends on 2027-05-07 at 10:30 (+02:00); the series goes on.
    for (now, kept) in [("2027-08-05 10:00", true), ("2027-08-05 11:00", false)] {
        let out = build(site.path(), now);
        let salle = uids(&read(out.path(), "venues/salle-polyvalente/calendar.ics"));
        assert_eq!(salle.contains(moved), kept, "{now}");
        let all = uids(&read(out.path(), "calendar.ics"));
        assert!(all.contains("weekly-breakfast@feeds.example.org"), "{now}");
    }
}

#[test]
fn a_tag_feed_holds_only_the_occurrences_with_the_tag() {
    let site = ical_fixture();
    let out = build(site.path(), NOW);
    let breakfast = "weekly-breakfast@feeds.example.org";
    let guest = "weekly-breakfast.20270916@feeds.example.org";
    let rid = "RECURRENCE-ID;TZID=Europe/Paris:20270916T083000";
    let exdate = "EXDATE;TZID=Europe/Paris:20270916T083000";

    // The tag that date adds: that date alone.
    let added = read(out.path(), "tags/guest-speaker/calendar.ics");
    assert!(vevents(&added, breakfast).is_empty());
    let alone = vevents(&added, guest);
    assert_eq!(alone.len(), 1);
    assert!(has(&alone[0], "SUMMARY:Weekly breakfast with a guest"));
    assert!(has(&alone[0], "CATEGORIES:breakfast,guest-speaker"));
    assert!(has(&alone[0], "DTSTART;TZID=Europe/Paris:20270916T083000"));

    // The tag that date drops: the series without it.
    let dropped = read(out.path(), "tags/networking/calendar.ics");
    let series = vevents(&dropped, breakfast);
    assert!(has(&series[0], exdate));
    assert!(!series.iter().any(|e| has(e, rid)));
    assert!(!uids(&dropped).contains(guest));

    // The tag it keeps: the series whole, that date changed.
    let kept = read(out.path(), "tags/breakfast/calendar.ics");
    let series = vevents(&kept, breakfast);
    assert!(!has(&series[0], exdate));
    assert!(series.iter().any(|e| has(e, rid)));
    assert!(!uids(&kept).contains(guest));
}
