//! A calendar published under a path (`https://example.org/meetups/`): the
//! links contributors write to its pages (`/venues/x/`) follow it, in
//! every page and feed.

mod common;

use common::*;

const NOW: &str = "2027-01-05T12:00:00+01:00";

fn read(site: &std::path::Path, path: &str) -> String {
    std::fs::read_to_string(site.join("public").join(path))
        .unwrap_or_else(|_| panic!("{path} was not generated"))
}

#[test]
fn links_to_the_calendars_pages_follow_its_path() {
    let site = site_from(&[&fixture("fixtures/pages")]);
    let content = site.path().join("content");
    // The plain Markdown path and the sanitizer's (raw HTML) each make
    // links on their own.
    std::fs::write(
        content.join("events/plain-2027-01-20.md"),
        "---\ntitle: Plain\nstart: 2027-01-20 19:00\n---\n\
         At [the café](/venues/le-comptoir/), see [elsewhere](https://other.example/x) \
         and [away](//evil.example/x).\n",
    )
    .unwrap();
    std::fs::write(
        content.join("events/raw-2027-01-21.md"),
        "---\ntitle: Raw\nstart: 2027-01-21 19:00\n---\n\
         With <a href=\"/groups/rust-paris/\">Rust Paris</a> and <em>friends</em>.\n",
    )
    .unwrap();
    std::fs::write(
        content.join("venues/le-comptoir.md"),
        "---\nname: Le Comptoir\naddress: 12 rue Réaumur, 75003 Paris\n---\n\
         Next door to [La Cantine](/venues/la-cantine/).\n",
    )
    .unwrap();
    let out = meetcal(
        site.path(),
        &[
            "build",
            "--now",
            NOW,
            "--base-url",
            "https://example.org/meetups/",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));

    let plain = read(site.path(), "events/plain-2027-01-20/index.html");
    assert!(
        plain.contains("<a href=\"/meetups/venues/le-comptoir/\""),
        "{plain}"
    );
    assert!(plain.contains("<a href=\"https://other.example/x\""));
    assert!(!plain.contains("evil.example/x\""), "{plain}");
    let raw = read(site.path(), "events/raw-2027-01-21/index.html");
    assert!(
        raw.contains("<a href=\"/meetups/groups/rust-paris/\""),
        "{raw}"
    );
    let venue = read(site.path(), "venues/le-comptoir/index.html");
    assert!(
        venue.contains("<a href=\"/meetups/venues/la-cantine/\""),
        "{venue}"
    );
    for page in [&plain, &raw, &venue] {
        assert!(!page.contains("href=\"/venues/"), "left the calendar");
        assert!(!page.contains("href=\"/groups/"), "left the calendar");
    }

    // Calendar clients show the plain text, with absolute addresses.
    let ics = read(site.path(), "calendar.ics").replace("\r\n ", "");
    assert!(
        ics.contains("https://example.org/meetups/venues/le-comptoir/"),
        "{ics}"
    );
    assert!(ics.contains("https://example.org/meetups/groups/rust-paris/"));
    assert!(!ics.contains("https://example.org/venues/"), "{ics}");
    // Read away from the site, in a feed reader or on another site
    // (`events.json`), a link to a calendar page is absolute too: RSS has
    // no base address to resolve `/meetups/...` against.
    let feed = read(site.path(), "feed.xml");
    assert!(
        feed.contains("href=&quot;https://example.org/meetups/venues/le-comptoir/&quot;"),
        "{feed}"
    );
    assert!(!feed.contains("href=&quot;/meetups/"), "{feed}");
    for data in ["feed.json", "events.json"] {
        let json = read(site.path(), data);
        assert!(
            json.contains("href=\\\"https://example.org/meetups/venues/le-comptoir/\\\""),
            "{data}: {json}"
        );
        assert!(!json.contains("href=\\\"/meetups/"), "{data}");
    }
}

#[test]
fn at_the_top_of_a_host_links_are_as_written() {
    let site = site_from(&[&fixture("fixtures/pages")]);
    std::fs::write(
        site.path().join("content/events/plain-2027-01-20.md"),
        "---\ntitle: Plain\nstart: 2027-01-20 19:00\n---\n\
         At [the café](/venues/le-comptoir/) with <a href=\"/groups/rust-paris/\">us</a>.\n",
    )
    .unwrap();
    let out = meetcal(site.path(), &["build", "--now", NOW]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let page = read(site.path(), "events/plain-2027-01-20/index.html");
    assert!(page.contains("<a href=\"/venues/le-comptoir/\""), "{page}");
    assert!(page.contains("<a href=\"/groups/rust-paris/\""), "{page}");
    let ics = read(site.path(), "calendar.ics").replace("\r\n ", "");
    assert!(ics.contains("https://cal.example.org/venues/le-comptoir/"));
}
