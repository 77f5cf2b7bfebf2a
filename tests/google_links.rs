//! What a one-off event's Google Calendar link fills in: the event a
//! visitor adds must tell them where it happens, online too.

mod common;

use common::*;

/// The fields of the Google Calendar link on `slug`'s page, decoded.
fn google_fields(site: &std::path::Path, slug: &str) -> Vec<(String, String)> {
    let path = site.join(format!("public/events/{slug}/index.html"));
    let html = std::fs::read_to_string(path).unwrap();
    let start = html
        .find("https://calendar.google.com/calendar/render?")
        .expect("a Google Calendar link");
    let link = &html[start..];
    let link = link[..link.find('"').unwrap()].replace("&amp;", "&");
    let query = link.split_once('?').unwrap().1;
    url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect()
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

#[test]
fn an_online_event_added_to_google_calendar_keeps_its_link() {
    let site = site_from(&[&fixture("fixtures/base")]);
    let events = site.path().join("content/events");
    std::fs::write(
        events.join("call-2027-03-10.md"),
        "---\ntitle: Remote call\nstart: 2027-03-10 12:00\ntimezone: America/New_York\n\
         online: https://meet.example.org/call\n---\nA call across the ocean.\n",
    )
    .unwrap();
    std::fs::write(
        events.join("hybrid-2027-03-11.md"),
        "---\ntitle: Hybrid talk\nstart: 2027-03-11 19:00\nvenue: le-comptoir\n\
         online: https://meet.example.org/talk\n---\nIn the room or online.\n",
    )
    .unwrap();
    let out = meetcal(site.path(), &["build", "--now", "2027-01-05 12:00"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    // Online only: the link is where it happens, as in the feeds' LOCATION.
    let call = google_fields(site.path(), "call-2027-03-10");
    assert_eq!(
        field(&call, "dates"),
        Some("20270310T170000Z/20270310T190000Z")
    );
    assert_eq!(
        field(&call, "location"),
        Some("https://meet.example.org/call")
    );
    // Hybrid: the place, and the link to join in the details.
    let talk = google_fields(site.path(), "hybrid-2027-03-11");
    assert_eq!(
        field(&talk, "location"),
        Some("Le Comptoir, 12 rue Réaumur, 75003 Paris")
    );
    assert_eq!(
        field(&talk, "details"),
        Some("In the room or online.\n\nOnline: https://meet.example.org/talk")
    );
}
