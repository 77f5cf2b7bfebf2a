//! An event's page: what it lists of a series' dates.

mod common;

use common::*;

/// A series' page lists its next dates, then every later date a file
/// changes or cancels: a date moved months ahead is on the page too.
#[test]
fn a_series_page_lists_its_later_changed_dates() {
    let site = sample_content_only();
    let events = site.path().join("content/events/breakfast");
    write_file(
        &events.join("breakfast.md"),
        "---\ntitle: Breakfast\nstart: 2026-12-03 08:00\nrepeat:\n  every: week\n  on: thursday\n---\nCoffee.\n".into(),
    );
    // The 20th and the 26th dates of the series.
    write_file(
        &events.join("breakfast-2027-04-15.md"),
        "---\noccurrence_of: breakfast\ndate: 2027-04-15\ntitle: Breakfast with guests\n---\nGuests.\n".into(),
    );
    write_file(
        &events.join("breakfast-2027-05-27.yaml"),
        "occurrence_of: breakfast\ndate: 2027-05-27\nstatus: cancelled\n".into(),
    );
    let pages = built_under(
        site.path(),
        "2026-12-01T12:00:00+01:00",
        "out",
        "events/breakfast",
    );
    let page = pages
        .iter()
        .find(|(path, _)| path.ends_with("index.html"))
        .map(|(_, bytes)| text(bytes))
        .expect("the series' page");
    let listed: Vec<&str> = page
        .split("<time datetime=\"")
        .skip(1)
        .filter_map(|rest| rest.get(..10))
        .collect();
    // The page's own date, the next 12, then the two changed later.
    assert!(listed.contains(&"2027-02-18"), "{listed:?}");
    assert!(!listed.contains(&"2027-02-25"), "{listed:?}");
    assert!(!listed.contains(&"2027-04-08"), "{listed:?}");
    assert!(listed.contains(&"2027-04-15"), "{listed:?}");
    assert!(listed.contains(&"2027-05-27"), "{listed:?}");
    assert!(page.contains("Breakfast with guests"));
}
