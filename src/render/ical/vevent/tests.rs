//! UNTIL, DURATION and RRULE as written, the words of a cancellation, and
//! the UID of an occurrence written on its own.

use super::*;
use crate::recurrence::{Ending, Frequency, On};
use chrono::Weekday;
use std::path::PathBuf;

fn series(start: &str, tz: Tz, ending: Ending) -> Event {
    let start = NaiveDateTime::parse_from_str(start, "%Y-%m-%d %H:%M").unwrap();
    Event {
        slug: "s".into(),
        source: PathBuf::from("content/events/s.md"),
        title: "S".into(),
        timing: Timing::Timed {
            start,
            length: Duration::hours(1),
            ends: crate::model::Ends::AtClockTime,
        },
        timezone: tz,
        group: None,
        venue: None,
        online: None,
        url: None,
        links: Vec::new(),
        tags: Vec::new(),
        status: Status::Confirmed,
        repeat: Some(Rule {
            every: Frequency::Week,
            interval: 1,
            on: None,
            ending,
            except: Vec::new(),
        }),
        uid: None,
        description: Default::default(),
        overrides: Vec::new(),
    }
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

#[test]
fn until_keeps_the_until_date_however_a_client_reads_it() {
    let paris = chrono_tz::Europe::Paris;
    let event = series("2027-10-03 02:30", paris, Ending::Never);
    // 02:30 on 2027-10-31 happens twice: the later reading, 01:30Z.
    assert_eq!(until(&event, day("2027-10-31")), "20271031T013000Z");
    let event = series("2027-03-07 02:30", paris, Ending::Never);
    // 02:30 on 2027-03-28 is skipped: read with the offset before, 01:30Z.
    assert_eq!(until(&event, day("2027-03-28")), "20270328T013000Z");
    let event = series("2027-01-07 08:30", paris, Ending::Count(3));
    assert_eq!(until(&event, day("2027-06-24")), "20270624T063000Z");
    let event = Event {
        timing: Timing::AllDay {
            first: day("2027-01-07"),
            days: 1,
        },
        ..event
    };
    assert_eq!(until(&event, day("2027-06-24")), "20270624");
}

#[test]
fn cancelled_titles_and_texts_say_so_once() {
    let event = series("2027-01-07 08:30", chrono_tz::UTC, Ending::Never);
    let mut shown = event.shown();
    shown.status = Status::Cancelled;
    assert_eq!(summary(Language::En, &shown), "Cancelled: S");
    assert_eq!(summary(Language::Fr, &shown), "Annulé\u{a0}: S");
    for (title, language) in [
        ("Cancelled: S", Language::En),
        ("CANCELLED : S", Language::En),
        ("canceled: S", Language::Fr),
        ("ANNULÉ : S", Language::Fr),
        ("Annulée: S", Language::Fr),
    ] {
        shown.title = title;
        assert_eq!(summary(language, &shown), title, "{title}");
    }
    // A title that starts with the word but does not say so before a
    // colon is still prefixed.
    shown.title = "Cancelled flights, a talk";
    assert_eq!(
        summary(Language::En, &shown),
        "Cancelled: Cancelled flights, a talk"
    );
    shown.status = Status::Confirmed;
    shown.title = "S";
    assert_eq!(summary(Language::En, &shown), "S");
}

#[test]
fn a_single_occurrence_has_a_uid_of_its_own() {
    let date = day("2027-05-06");
    assert_eq!(
        occurrence_uid("open-coffee@cal.example.org", date),
        "open-coffee.20270506@cal.example.org"
    );
    assert_eq!(
        occurrence_uid("a@b@legacy.example.com", date),
        "a@b.20270506@legacy.example.com"
    );
    assert_eq!(occurrence_uid("legacy-1234", date), "legacy-1234.20270506");
}

#[test]
fn durations_are_written_as_rfc_5545_says() {
    assert_eq!(duration(Duration::minutes(90)), "PT1H30M");
    assert_eq!(duration(Duration::hours(2)), "PT2H");
    assert_eq!(duration(Duration::days(2)), "P2D");
    assert_eq!(duration(Duration::hours(49)), "P2DT1H");
    assert_eq!(duration(Duration::seconds(45)), "PT45S");
}

#[test]
fn weekly_rules_say_where_the_week_starts_only_when_it_matters() {
    let event = series("2027-01-05 18:00", chrono_tz::UTC, Ending::Never);
    let mut rule = event.repeat.clone().unwrap();
    rule.on = Some(On::Weekdays(vec![Weekday::Tue, Weekday::Thu]));
    assert_eq!(rrule(&rule, &event), "FREQ=WEEKLY;BYDAY=TU,TH");
    rule.interval = 2;
    assert_eq!(
        rrule(&rule, &event),
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;WKST=MO"
    );
}
