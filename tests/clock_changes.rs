//! A series' dates in the feeds and lists as the clocks see them: across
//! changes to and from summer time, in zones that move by half an hour,
//! and on days that only some years have.

mod common;

use common::ical::{build, read};
use common::*;

/// A series' date keeps the times its file gives across a change of the
/// clocks: a night out ends at its clock time, one given a `duration`
/// lasts that long, a start the clocks skip or
/// repeat lasts its length from where RFC 5545 puts it; and the feed gives
/// every such date its own times, since calendar apps would repeat the
/// first occurrence's exact length.
#[test]
fn series_dates_keep_their_times_across_clock_changes() {
    let root = fixture("fixtures/recurrence");
    let listed = meetcal(
        &root,
        &[
            "list",
            "--from",
            "2026-09-01",
            "--to",
            "2027-11-10",
            "--format",
            "json",
        ],
    );
    assert_eq!(listed.status.code(), Some(0), "{}", text(&listed.stderr));
    let json: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let times = |slug: &str, date: &str| -> (String, String) {
        let o = json["occurrences"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["slug"] == slug && o["occurrence"] == date)
            .unwrap_or_else(|| panic!("{slug} on {date} is not listed"));
        let s = |k: &str| o[k].as_str().unwrap().to_string();
        (s("start"), s("end"))
    };
    for (slug, date, start, end) in [
        // 22:00 to 05:00 on the clock: 6 hours in spring, 8 in autumn.
        (
            "night-out",
            "2027-03-27",
            "2027-03-27T22:00:00+01:00",
            "2027-03-28T05:00:00+02:00",
        ),
        (
            "night-out",
            "2027-10-30",
            "2027-10-30T22:00:00+02:00",
            "2027-10-31T05:00:00+01:00",
        ),
        (
            "night-out",
            "2027-04-03",
            "2027-04-03T22:00:00+02:00",
            "2027-04-04T05:00:00+02:00",
        ),
        (
            "spring-night",
            "2027-03-27",
            "2027-03-27T22:00:00+01:00",
            "2027-03-28T05:00:00+02:00",
        ),
        (
            "spring-night",
            "2027-04-03",
            "2027-04-03T22:00:00+02:00",
            "2027-04-04T05:00:00+02:00",
        ),
        // 02:30 for two hours: skipped, it starts at 03:30 and lasts two
        // hours; repeated, it starts at the first 02:30 and lasts two hours.
        (
            "night-owls",
            "2027-03-28",
            "2027-03-28T03:30:00+02:00",
            "2027-03-28T05:30:00+02:00",
        ),
        (
            "night-owls",
            "2027-10-31",
            "2027-10-31T02:30:00+02:00",
            "2027-10-31T03:30:00+01:00",
        ),
        (
            "night-owls",
            "2027-11-07",
            "2027-11-07T02:30:00+01:00",
            "2027-11-07T04:30:00+01:00",
        ),
        // 23:00 for a `duration` of 4 hours: 4 real hours on either night.
        (
            "long-night",
            "2027-03-27",
            "2027-03-27T23:00:00+01:00",
            "2027-03-28T04:00:00+02:00",
        ),
        (
            "long-night",
            "2027-10-30",
            "2027-10-30T23:00:00+02:00",
            "2027-10-31T02:00:00+01:00",
        ),
        (
            "long-night",
            "2027-04-03",
            "2027-04-03T23:00:00+02:00",
            "2027-04-04T03:00:00+02:00",
        ),
        // Lord Howe moves by 30 minutes: 02:15 for an hour, skipped.
        (
            "lord-howe-gap",
            "2026-10-04",
            "2026-10-04T02:45:00+11:00",
            "2026-10-04T03:45:00+11:00",
        ),
    ] {
        assert_eq!(
            times(slug, date),
            (start.into(), end.into()),
            "{slug} on {date}"
        );
    }

    let out = build(&root, "2027-01-05 12:00");
    let feed = common::ical::parse(&read(out.path(), "calendar.ics")).unwrap();
    let vevents: Vec<_> = feed.children("VEVENT").collect();
    let of = |uid_start: &str, id: Option<&str>| {
        vevents
            .iter()
            .find(|e| {
                e.first("UID").unwrap().value().starts_with(uid_start)
                    && e.first("RECURRENCE-ID").map(|p| p.value()) == id
            })
            .unwrap_or_else(|| panic!("no VEVENT {uid_start} {id:?}"))
    };
    let value =
        |e: &common::ical::Component, name: &str| e.first(name).map(|p| p.value().to_string());
    // The night the clocks change is written with its own end.
    let changed = of("night-out@", Some("20271030T220000"));
    assert_eq!(value(changed, "DTEND").as_deref(), Some("20271031T050000"));
    assert!(of("night-out@", Some("20270327T220000"))
        .first("DTEND")
        .is_some());
    // An ordinary night is left to the rule.
    assert!(vevents
        .iter()
        .all(
            |e| e.first("RECURRENCE-ID").map(|p| p.value()) != Some("20270403T220000")
                || !e.first("UID").unwrap().value().starts_with("night-out@")
        ));
    // A `duration` lasts its length, and apps disagree on a night the
    // clocks change: those nights are written apart, with their real end.
    let long = of("long-night@", None);
    assert_eq!(value(long, "DTEND").as_deref(), Some("20270321T030000"));
    let spring = of("long-night@", Some("20270327T230000"));
    assert_eq!(value(spring, "DTEND").as_deref(), Some("20270328T040000"));
    // 02:00 happens twice that night: the second is said in UTC.
    let autumn = of("long-night@", Some("20271030T230000"));
    assert_eq!(value(autumn, "DTEND").as_deref(), Some("20271031T010000Z"));
    // A series whose first night is 6 hours gives its 7 as a DURATION.
    let spring = of("spring-night@", None);
    assert_eq!(value(spring, "DURATION").as_deref(), Some("PT7H"));
    assert_eq!(value(spring, "DTEND"), None);
    // A skipped 02:30 is written at the instant it means, for two hours.
    let skipped = of("night-owls@", Some("20270328T023000"));
    assert_eq!(
        value(skipped, "DTSTART").as_deref(),
        Some("20270328T013000Z")
    );
    assert_eq!(value(skipped, "DTEND").as_deref(), Some("20270328T053000"));
}

/// A yearly series from 29 February names its month and day: given only
/// its start, ical.js (Thunderbird) puts the other years on 1 March.
#[test]
fn a_yearly_series_from_29_february_names_its_day() {
    let out = build(&fixture("fixtures/recurrence"), "2027-01-05 12:00");
    let rule = |slug: &str| {
        let feed = common::ical::parse(&read(out.path(), &format!("events/{slug}/event.ics")));
        let feed = feed.unwrap();
        let event = feed.children("VEVENT").next().unwrap();
        event.first("RRULE").unwrap().value().to_string()
    };
    assert_eq!(
        rule("leap-day"),
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;COUNT=3"
    );
    assert_eq!(
        rule("weekly-coffee"),
        "FREQ=WEEKLY;BYDAY=TH;UNTIL=20271216T073000Z"
    );
}

/// A file that changes one date of a `duration:` series without giving an
/// end keeps the series' length in real time on the nights the clocks
/// change: four hours from 23:00 end at 04:00 in spring, not 03:00, and
/// from a start moved to 23:30 in autumn, at 02:30, not 03:30.
#[test]
fn a_changed_date_keeps_its_series_duration_across_a_clock_change() {
    let site = site_from(&[&fixture("fixtures/recurrence")]);
    let events = site.path().join("content/events");
    write_file(
        &events.join("long-night-spring.yaml"),
        "occurrence_of: long-night\ndate: 2027-03-27\ntitle: Long night, spring edition\n".into(),
    );
    write_file(
        &events.join("long-night-autumn.yaml"),
        "occurrence_of: long-night\ndate: 2027-10-30\nstart: 2027-10-30 23:30\n".into(),
    );
    let out = build(site.path(), "2027-01-05 12:00");
    let feed = common::ical::parse(&read(out.path(), "calendar.ics")).unwrap();
    let changed = |id: &str| {
        (feed.children("VEVENT"))
            .find(|e| {
                e.first("UID").unwrap().value().starts_with("long-night@")
                    && e.first("RECURRENCE-ID").map(|p| p.value()) == Some(id)
            })
            .unwrap_or_else(|| panic!("the date {id} has no VEVENT of its own"))
    };
    let value = |id: &str, name: &str| changed(id).first(name).map(|p| p.value().to_string());
    let spring = "20270327T230000";
    assert_eq!(
        value(spring, "SUMMARY").as_deref(),
        Some("Long night\\, spring edition")
    );
    assert_eq!(value(spring, "DTSTART").as_deref(), Some(spring));
    assert_eq!(value(spring, "DTEND").as_deref(), Some("20270328T040000"));
    // 02:30 happens twice that night: the second is said in UTC.
    let autumn = "20271030T230000";
    assert_eq!(value(autumn, "DTSTART").as_deref(), Some("20271030T233000"));
    assert_eq!(value(autumn, "DTEND").as_deref(), Some("20271031T013000Z"));

    let listed = meetcal(
        site.path(),
        &[
            "list",
            "--from",
            "2027-03-01",
            "--to",
            "2027-11-01",
            "--format",
            "json",
        ],
    );
    assert_eq!(listed.status.code(), Some(0), "{}", text(&listed.stderr));
    let json: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let end = |date: &str| {
        let night = (json["occurrences"].as_array().unwrap().iter())
            .find(|o| o["slug"] == "long-night" && o["occurrence"] == date)
            .unwrap_or_else(|| panic!("the night of {date} is not listed"));
        night["end"].as_str().unwrap().to_string()
    };
    assert_eq!(end("2027-03-27"), "2027-03-28T04:00:00+02:00");
    assert_eq!(end("2027-10-30"), "2027-10-31T02:30:00+01:00");
}
