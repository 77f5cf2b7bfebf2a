//! What the iCalendar fixture promises, written out by hand.

use super::clients::Found;
use super::in_zone;
use chrono::DateTime;
use serde_json::Value;

/// Occurrences of one event in calendar.ics, as the client printed them.
fn raw<'a>(found: &'a Found, slug: &str) -> Vec<&'a Value> {
    found
        .raw
        .iter()
        .filter(|o| o["feed"] == "calendar.ics")
        .filter(|o| {
            o["url"]
                .as_str()
                .is_some_and(|u| u.ends_with(&format!("/events/{slug}/")))
        })
        .collect()
}

fn starts(found: &Found, slug: &str) -> Vec<String> {
    let zone = chrono_tz::Europe::Paris;
    let mut all: Vec<String> = raw(found, slug)
        .iter()
        .map(|o| {
            let start = o["start"].as_str().unwrap();
            match DateTime::parse_from_rfc3339(start) {
                Ok(_) if slug == "nyc-meetup" => in_zone(start, chrono_tz::America::New_York),
                Ok(_) => in_zone(start, zone),
                Err(_) => start.to_string(),
            }
        })
        .collect();
    all.sort();
    all
}

/// What the iCalendar fixture promises, written out by hand.
pub fn check_hand_written(found: &Found, who: &str) {
    let breakfast = starts(found, "weekly-breakfast");
    for want in [
        "2027-01-07T08:30:00+01:00",
        "2027-03-25T08:30:00+01:00",
        "2027-04-08T08:30:00+02:00",
        "2027-05-07T09:00:00+02:00",
        "2027-10-28T08:30:00+02:00",
        "2027-11-04T08:30:00+01:00",
        "2027-12-30T08:30:00+01:00",
    ] {
        assert!(
            breakfast.contains(&want.to_string()),
            "{who}: {want} in {breakfast:?}"
        );
    }
    for absent in ["2027-04-01", "2027-05-06", "2027-08-12"] {
        assert!(
            !breakfast.iter().any(|s| s.starts_with(absent)),
            "{who}: {absent}"
        );
    }
    assert_eq!(
        breakfast.len(),
        52 - 2,
        "{who}: 52 Thursdays less 2 exceptions"
    );
    let moved = raw(found, "weekly-breakfast")
        .into_iter()
        .find(|o| o["recurrence_id"] == "2027-05-06")
        .unwrap();
    assert_eq!(
        moved["summary"], "Weekly breakfast (moved to Friday)",
        "{who}"
    );
    assert_eq!(
        moved["location"],
        "Salle polyvalente, 10 avenue Parmentier, 75011 Paris"
    );
    let cancelled = raw(found, "weekly-breakfast")
        .into_iter()
        .find(|o| o["recurrence_id"] == "2027-06-10")
        .unwrap();
    assert_eq!(cancelled["status"], "CANCELLED", "{who}");
    assert_eq!(cancelled["summary"], "Cancelled: Weekly breakfast", "{who}");

    // The venue the breakfast moved to has that date and no other; the
    // café has every other date, and not that one.
    let dates = |feed: &str| -> Vec<String> {
        found.by_feed[feed]
            .iter()
            .filter(|s| s.slug == "weekly-breakfast")
            .map(|s| s.start[..10].to_string())
            .collect()
    };
    assert_eq!(
        dates("venues/salle-polyvalente/calendar.ics"),
        ["2027-05-07"],
        "{who}"
    );
    let cafe = dates("venues/cafe-du-coin/calendar.ics");
    assert_eq!(cafe.len(), 52 - 2 - 1, "{who}: {cafe:?}");
    assert!(!cafe.contains(&"2027-05-07".to_string()), "{who}");
    // One date that changes its tags joins one tag's feed alone, and leaves
    // another's.
    assert_eq!(
        dates("tags/guest-speaker/calendar.ics"),
        ["2027-09-16"],
        "{who}"
    );
    let networking = dates("tags/networking/calendar.ics");
    assert_eq!(networking.len(), 52 - 2 - 1, "{who}");
    assert!(!networking.contains(&"2027-09-16".to_string()), "{who}");

    let fridays: Vec<String> = starts(found, "last-friday")
        .iter()
        .map(|s| s[..10].to_string())
        .collect();
    assert_eq!(
        fridays,
        [
            "2027-01-29",
            "2027-02-26",
            "2027-03-26",
            "2027-04-30",
            "2027-05-28",
            "2027-06-25",
            "2027-07-30",
            "2027-08-27",
            "2027-09-24",
            "2027-10-29"
        ],
        "{who}: last Fridays, the until date included"
    );
    let wednesdays = starts(found, "first-wednesday");
    assert_eq!(wednesdays.len(), 10, "{who}: count 10");
    assert_eq!(wednesdays[9], "2027-10-06T19:00:00+02:00", "{who}");

    let nyc = starts(found, "nyc-meetup");
    for want in [
        "2027-01-05T18:00:00-05:00",
        "2027-01-07T18:00:00-05:00",
        "2027-01-19T18:00:00-05:00",
        "2027-03-04T18:00:00-05:00",
        "2027-03-16T18:00:00-04:00",
        "2027-10-28T18:00:00-04:00",
        "2027-11-09T18:00:00-05:00",
    ] {
        assert!(nyc.contains(&want.to_string()), "{who}: {want} in {nyc:?}");
    }
    assert!(
        !nyc.iter().any(|s| s.starts_with("2027-01-12")),
        "{who}: every other week"
    );

    let retreat = raw(found, "spring-retreat");
    assert_eq!(
        (retreat[0]["start"].as_str(), retreat[0]["end"].as_str()),
        (Some("2027-04-16"), Some("2027-04-19")),
        "{who}: all day, exclusive end"
    );
    assert_eq!(
        starts(found, "repair-weekend"),
        [
            "2027-01-15",
            "2027-02-15",
            "2027-04-15",
            "2027-05-22",
            "2027-06-15"
        ],
        "{who}: count before exceptions, one moved"
    );
    let night = raw(found, "night-shift");
    assert_eq!(
        in_zone(night[0]["end"].as_str().unwrap(), chrono_tz::Europe::Paris),
        "2027-02-14T03:00:00+01:00",
        "{who}"
    );

    let special = raw(found, "special-text");
    let special = special[0];
    let title = "Café, croissants; C:\\Users\\meetcal\\ — \"quotes\" & 🎉 émojis, with a title long enough to be folded more than once";
    assert_eq!(special["summary"], title, "{who}");
    let body = "Commas, semicolons; backslashes C:\\Users\\meetcal\\notes and a colon: here. Accents: àéîõü ÀÉÎÕÜ ç ñ ß œ. Emoji: 🎉👩🏽‍💻🇫🇷 — and a line that is much longer than seventy-five octets, so that it has to be folded twice or more: 🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉.\n\nSecond paragraph, with \"quotes\", 'apostrophes' and a link (https://example.org/a,b;c).\n\nDetails: https://feeds.example.org/details?a=1;b=2,c=3\nhttps://feeds.example.org/cal/events/special-text/";
    assert_eq!(special["description"], body, "{who}");
    assert_eq!(
        special["location"], "Le Bar; \"Chez Zoé\", 2e étage, 1, place du Marché; 75011 Paris",
        "{who}"
    );
    assert_eq!(
        special["categories"],
        serde_json::json!(["text", "talks"]),
        "{who}"
    );
    assert_eq!(special["status"], "TENTATIVE", "{who}");

    let custom = raw(found, "custom-uid");
    assert_eq!(custom[0]["uid"], "legacy-1234@old.example.com", "{who}");
    let hybrid = raw(found, "hybrid-workshop");
    let description = hybrid[0]["description"].as_str().unwrap();
    assert!(
        description.contains("\nOnline: https://meet.example.org/workshop\n"),
        "{description}"
    );
    let cancelled_talk = raw(found, "cancelled-talk");
    assert_eq!(cancelled_talk[0]["status"], "CANCELLED", "{who}");
    assert_eq!(
        cancelled_talk[0]["summary"], "Cancelled: Cancelled talk",
        "{who}: every client shows the title, not every one the status"
    );
    assert!(
        cancelled_talk[0]["description"]
            .as_str()
            .unwrap()
            .starts_with("Cancelled.\n\nOur speaker is ill."),
        "{who}"
    );
}
