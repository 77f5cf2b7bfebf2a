//! An event's page: what it lists of a series' dates.

mod common;

use common::*;

/// A series' page lists its next dates, then, under a heading of their
/// own, every later date a file changes or cancels: a date moved months
/// ahead is on the page too.
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
    // The later ones under a heading of their own, after the next dates'
    // list closes: in one list, they read as the dates that follow.
    let (next, later) = page
        .split_once("<h3 id=\"later-dates\">Changed dates further ahead</h3>")
        .expect("a heading above the later changed dates");
    let next = &next[next.find("<h2 id=\"dates\">").expect("the dates")..];
    assert!(next.trim_end().ends_with("</ul>"), "{next}");
    assert!(!next.contains("2027-04-15") && !next.contains("2027-05-27"));
    let later = &later[..later.find("</ul>").expect("the later list")];
    assert!(later.contains("2027-04-15") && later.contains("2027-05-27"));
}

/// A series whose next date is years away (a yearly one from 29 February)
/// is not over: its page shows that date, and its news item says it.
#[test]
fn a_series_whose_next_date_is_years_away_shows_that_date() {
    let site = sample_content_only();
    write_file(
        &site.path().join("content/events/leap-party.yaml"),
        "title: Leap day party\nstart: 2024-02-29 19:00\nrepeat:\n  every: year\n".into(),
    );
    // Ended in the past: over, and its page says so.
    write_file(
        &site.path().join("content/events/old-party.yaml"),
        "title: Old party\nstart: 2020-02-29 19:00\nrepeat:\n  every: year\n  until: 2024-03-01\n"
            .into(),
    );
    let built = built_under(site.path(), "2026-12-01T12:00:00+01:00", "out", "");
    let file = |name: &str| {
        (built.iter())
            .find(|(path, _)| path.ends_with(name))
            .map(|(_, bytes)| text(bytes))
            .unwrap_or_else(|| panic!("no {name}"))
    };
    let page = file("events/leap-party/index.html");
    assert!(page.contains("datetime=\"2028-02-29"), "{page}");
    assert!(!page.contains("class=\"notice\""), "not over: {page}");
    let old = file("events/old-party/index.html");
    assert!(old.contains("class=\"notice\""), "over: {old}");

    let feed: serde_json::Value = serde_json::from_str(&file("feed.json")).unwrap();
    let item = (feed["items"].as_array().unwrap().iter())
        .find(|item| item["id"].as_str().unwrap().starts_with("leap-party@"))
        .expect("the series is news");
    let title = item["title"].as_str().unwrap();
    assert!(title.starts_with("Tue 29 Feb 2028"), "{title}");
    assert!(
        item["content_html"].as_str().unwrap().contains("2028"),
        "{item}"
    );
}

/// A description written on several lines in a `.yaml` file keeps its
/// paragraphs, however it is written: YAML folds a blank line into one line
/// break, except in a `|` block, whose lines are kept as they are.
#[test]
fn a_yaml_description_keeps_its_paragraphs_however_it_is_written() {
    let site = sample_content_only();
    let events = site.path().join("content/events");
    let written = [
        (
            "plain",
            "description: First, the talks.\n\n  Then, the food.\n",
        ),
        (
            "folded",
            "description: >\n  First,\n  the talks.\n\n  Then, the food.\n",
        ),
        (
            "quoted",
            "description: \"First, the talks.\n\n  Then, the food.\"\n",
        ),
        (
            "below",
            "description:\n  First, the talks.\n\n  Then, the food.\n",
        ),
        (
            "literal",
            "description: |\n  First, the talks.\n\n  Then, the food.\n",
        ),
    ];
    for (slug, description) in written {
        write_file(
            &events.join(format!("{slug}.yaml")),
            format!("title: Night {slug}\nstart: 2027-03-12 19:00\n{description}"),
        );
    }
    // In a `|` block, a line break is a line break, and Markdown's.
    write_file(
        &events.join("lines.yaml"),
        "title: Lines\nstart: 2027-03-12 19:00\ndescription: |\n  One line,\n  the same paragraph.\n".into(),
    );
    let built = built_under(site.path(), "2027-01-01T12:00:00+01:00", "out", "events");
    let page = |slug: &str| {
        (built.iter())
            .find(|(path, _)| path.ends_with(format!("{slug}/index.html")))
            .map(|(_, bytes)| text(bytes))
            .unwrap_or_else(|| panic!("no page for {slug}"))
    };
    for (slug, _) in written {
        let page = page(slug);
        assert!(
            page.contains("<p>First, the talks.</p>\n<p>Then, the food.</p>"),
            "{slug}: {page}"
        );
    }
    assert!(page("lines").contains("<p>One line,\nthe same paragraph.</p>"));
}
