//! The website built from a fixture calendar at a fixed `--now`: what a
//! visitor sees on each page.

mod common;

use common::*;
use regex::Regex;
use std::path::Path;

const NOW: &str = "2027-01-05T12:00:00+01:00";

fn build(language: Option<&str>) -> tempfile::TempDir {
    let site = site_from(&[&fixture("fixtures/pages")]);
    if let Some(language) = language {
        let path = site.path().join("content/site.yaml");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{text}language: {language}\n")).unwrap();
    }
    let out = meetcal(site.path(), &["build", "--now", NOW]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    site
}

fn page(site: &Path, path: &str) -> String {
    std::fs::read_to_string(site.join("public").join(path))
        .unwrap_or_else(|_| panic!("{path} was not generated"))
}

/// (datetime, title) of every agenda entry, in page order.
fn agenda(html: &str) -> Vec<(String, String)> {
    let entry = Regex::new(
        r#"(?s)<time class="when" datetime="([^"]+)">.*?<p class="title"><a href="[^"]+">(?:<del>)?<bdi>([^<]+)"#,
    )
    .unwrap();
    entry
        .captures_iter(html)
        .map(|c| (c[1].to_string(), c[2].to_string()))
        .collect()
}

#[test]
fn home_lists_upcoming_occurrences_in_order() {
    let site = build(None);
    let home = page(site.path(), "index.html");
    let entries = agenda(&home);
    let expected = [
        ("2027-01-07T08:30:00+01:00", "Coffee"),
        ("2027-01-10", "Maybe picnic"),
        (
            "2027-01-11T18:00:00+01:00",
            "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;",
        ),
        ("2027-01-12T19:00:00+01:00", "Rust night"),
        ("2027-01-15T09:00:00+01:00", "Coffee"),
        ("2027-01-28T08:30:00+01:00", "Coffee"),
        ("2027-02-04T08:30:00+01:00", "Coffee"),
        ("2027-02-11T08:30:00+01:00", "Coffee"),
    ];
    let found: Vec<(&str, &str)> = entries
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert_eq!(found, expected);
    // Days are headed in the site's language, with a machine-readable date.
    assert!(home.contains(r#"<time datetime="2027-01-07">Thursday 7 January 2027</time>"#));
}

#[test]
fn past_events_move_from_home_to_the_archive() {
    let site = build(None);
    assert!(!page(site.path(), "index.html").contains("Old meetup"));
    for archive in ["past/index.html", "past/2026/index.html"] {
        let html = page(site.path(), archive);
        assert!(html.contains(">Old meetup</bdi></a>"), "{archive}");
        assert!(
            !html.contains(">Rust night</bdi></a>"),
            "{archive} lists only past events"
        );
    }
    let group = page(site.path(), "groups/rust-paris/index.html");
    let (upcoming, past) = group
        .split_once(r#"<h2 id="past">"#)
        .expect("a past section");
    assert!(
        upcoming.contains(">Rust night</bdi></a>") && !upcoming.contains(">Old meetup</bdi></a>")
    );
    assert!(past.contains(">Old meetup</bdi></a>"));
}

/// An event with no group, no venue and no link has no line for them in
/// the lists, rather than an empty paragraph that screen readers stop on.
#[test]
fn an_entry_with_nothing_to_say_where_has_no_empty_line() {
    let site = site_from(&[&fixture("fixtures/base")]);
    std::fs::write(
        site.path().join("content/events/picnic-2027-01-20.md"),
        "---\ntitle: Picnic\nstart: 2027-01-20 12:00\n---\nBring food.\n",
    )
    .unwrap();
    let out = meetcal(site.path(), &["build", "--now", "2027-01-05 12:00"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let home = page(site.path(), "index.html");
    let entry = home
        .split("<li class=\"event")
        .find(|e| e.contains(">Picnic</bdi></a>"))
        .expect("the picnic is listed");
    assert!(!entry.contains("class=\"meta\""), "{entry}");
    assert!(home.contains("<p class=\"meta\">"), "others keep theirs");
    for file in walkdir::WalkDir::new(site.path().join("public")) {
        let file = file.unwrap();
        if file.path().extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(file.path()).unwrap();
            assert!(
                !html.contains("<p class=\"meta\"></p>"),
                "{}",
                file.path().display()
            );
        }
    }
}

#[test]
fn the_page_of_a_past_event_says_it_is_over() {
    // A visitor coming from a search engine or an old link.
    let site = build(None);
    let notice =
        r#"<p class="notice">This event is over. <a href="/">Back to the upcoming events</a></p>"#;
    let old = page(site.path(), "events/old-meetup-2026-12-01/index.html");
    assert!(old.contains(notice), "{old}");
    let next = page(site.path(), "events/rust-night-2027-01-12/index.html");
    assert!(!next.contains("This event is over"), "{next}");
    let french = build(Some("fr"));
    let old = page(french.path(), "events/old-meetup-2026-12-01/index.html");
    assert!(old.contains("Cet événement est passé."), "{old}");
}

/// On the day before a series' cancelled date, its card, page and news
/// item show the date after, and the news item names the cancelled one:
/// shown with that date, the series read as if it were cancelled.
#[test]
fn a_series_whose_next_date_is_cancelled_is_shown_with_the_date_after() {
    let site = site_from(&[&fixture("fixtures/pages")]);
    let out = meetcal(
        site.path(),
        &["build", "--now", "2027-01-27T12:00:00+01:00"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let next = r#"<time datetime="2027-02-04T08:30:00+01:00""#;
    let events = page(site.path(), "events/index.html");
    let card = Regex::new(
        r#"(?s)<li>\s*<h2 dir="auto"><a href="/events/coffee/">Coffee</a></h2>.*?</li>"#,
    )
    .unwrap()
    .find(&events)
    .expect("the series' card")
    .as_str();
    assert!(card.contains(next), "{card}");
    assert!(!card.contains("Cancelled"), "{card}");
    let series = page(site.path(), "events/coffee/index.html");
    let when = Regex::new(r#"(?s)<dt>When</dt>\s*<dd>.*?</dd>"#)
        .unwrap()
        .find(&series)
        .expect("the page says when")
        .as_str();
    assert!(when.contains(next), "{when}");
    assert!(!when.contains("Cancelled"), "{when}");
    let feed = page(site.path(), "feed.xml");
    let item = Regex::new(r#"(?s)<item>\s*<title>[^<]*Coffee</title>.*?</item>"#)
        .unwrap()
        .find(&feed)
        .expect("the series' news item")
        .as_str();
    assert!(
        item.contains("<title>Thu 4 Feb 2027 · Coffee</title>"),
        "{item}"
    );
    assert!(
        item.contains("&lt;strong&gt;Cancelled:&lt;/strong&gt; Thursday 28 January 2027"),
        "{item}"
    );
    // When every date to come is cancelled, the next one is still shown.
    let now = "2027-02-05T12:00:00+01:00";
    let only_cancelled = site_from(&[&fixture("fixtures/pages")]);
    std::fs::write(
        only_cancelled
            .path()
            .join("content/events/coffee-cancelled.yaml"),
        "occurrence_of: coffee\ndate: 2027-02-11\nstatus: cancelled\n",
    )
    .unwrap();
    let out = meetcal(only_cancelled.path(), &["build", "--now", now]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let events = page(only_cancelled.path(), "events/index.html");
    assert!(
        events.contains(r#"datetime="2027-02-11T08:30:00+01:00">Thursday 11 February 2027, 08:30</time> · <a href="/groups/rust-paris/">Rust Paris</a> <strong class="badge">Cancelled</strong>"#),
        "{events}"
    );
}

#[test]
fn cancelled_tentative_and_changed_occurrences_are_marked() {
    let site = build(None);
    let home = page(site.path(), "index.html");
    let cancelled = Regex::new(
        r#"(?s)<li class="event status-cancelled">\s*<time class="when" datetime="2027-01-28T08:30:00\+01:00">.*?<del><bdi>Coffee</bdi></del></a> <strong class="badge">Cancelled</strong>"#,
    )
    .unwrap();
    assert!(
        cancelled.is_match(&home),
        "the cancelled coffee is struck through and labelled"
    );
    assert!(
        home.contains(r#"Maybe picnic</bdi></a> <strong class="badge">To be confirmed</strong>"#)
    );
    // The moved occurrence shows its new day, time and venue, not the old ones.
    let moved = Regex::new(
        r#"(?s)datetime="2027-01-15T09:00:00\+01:00">09:00</time>.*?Coffee</bdi></a> <span class="badge changed">Changed</span>.*?<a href="/venues/la-cantine/">La Cantine</a>"#,
    )
    .unwrap();
    assert!(moved.is_match(&home));
    assert!(!home.contains("2027-01-14T08:30"));
    assert!(
        !home.contains("2027-01-21T08:30"),
        "the except date is skipped"
    );
    // The series page lists its dates with the same marks.
    let series = page(site.path(), "events/coffee/index.html");
    assert!(series.contains("<dd>Every week on Thursday, 6 times</dd>"));
    assert!(series.contains("Friday 15 January 2027, 09:00</time> <span class=\"badge changed\">Changed</span> · La Cantine"));
    assert!(series.contains("<del>Thursday 28 January 2027, 08:30</del></time> <strong class=\"badge\">Cancelled</strong>"));
    // So does the month, in words as well as struck through.
    let month = page(site.path(), "calendar/2027/01/index.html");
    assert!(month.contains(
        "<del>08:30 <bdi>Coffee</bdi></del></a> <strong class=\"badge\">Cancelled</strong>"
    ));
    assert!(
        month.contains("Maybe picnic</bdi></a> <strong class=\"badge\">To be confirmed</strong>")
    );
}

fn json_ld(html: &str) -> serde_json::Value {
    let script = Regex::new(r#"(?s)<script type="application/ld\+json">(.*?)</script>"#).unwrap();
    let json = &script.captures(html).expect("JSON-LD")[1];
    serde_json::from_str(json).unwrap()
}

#[test]
fn event_pages_carry_schema_org_data() {
    let site = build(None);
    let night = json_ld(&page(
        site.path(),
        "events/rust-night-2027-01-12/index.html",
    ));
    assert_eq!(night["@type"], "Event");
    assert_eq!(night["name"], "Rust night");
    assert_eq!(night["startDate"], "2027-01-12T19:00:00+01:00");
    assert_eq!(night["endDate"], "2027-01-12T21:30:00+01:00");
    assert_eq!(night["eventStatus"], "https://schema.org/EventScheduled");
    assert_eq!(
        night["eventAttendanceMode"],
        "https://schema.org/MixedEventAttendanceMode"
    );
    assert_eq!(night["location"][0]["@type"], "Place");
    assert_eq!(night["location"][0]["address"]["@type"], "PostalAddress");
    assert_eq!(
        night["location"][0]["address"]["streetAddress"],
        "12 rue Réaumur, 75003 Paris"
    );
    let geo = &night["location"][0]["geo"];
    assert_eq!(geo["@type"], "GeoCoordinates");
    assert_eq!(
        (geo["latitude"].as_f64(), geo["longitude"].as_f64()),
        (Some(48.8667), Some(2.3553))
    );
    assert_eq!(night["location"][1]["@type"], "VirtualLocation");
    assert_eq!(night["location"][1]["url"], "https://meet.example.org/rust");
    assert_eq!(night["organizer"]["name"], "Rust Paris");
    assert_eq!(
        night["url"],
        "https://cal.example.org/events/rust-night-2027-01-12/"
    );

    let picnic = json_ld(&page(
        site.path(),
        "events/maybe-picnic-2027-01-10/index.html",
    ));
    // A one-day event ends on its day: schema.org dates are inclusive.
    assert_eq!(picnic["startDate"], "2027-01-10");
    assert_eq!(picnic["endDate"], "2027-01-10");
    assert_eq!(
        picnic["eventAttendanceMode"],
        "https://schema.org/OfflineEventAttendanceMode"
    );

    let series = json_ld(&page(site.path(), "events/coffee/index.html"));
    let dates = texts(&series, "startDate");
    assert_eq!(
        dates[..2],
        ["2027-01-07T08:30:00+01:00", "2027-01-15T09:00:00+01:00"]
    );
    let cancelled = series
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["startDate"] == "2027-01-28T08:30:00+01:00")
        .unwrap();
    assert_eq!(
        cancelled["eventStatus"],
        "https://schema.org/EventCancelled"
    );
    // Only the moved date is at La Cantine: an override's changes stay
    // in its own item.
    let items = series.as_array().unwrap();
    let at_cantine: Vec<&str> = items
        .iter()
        .filter(|e| e["location"]["name"] == "La Cantine")
        .map(|e| e["startDate"].as_str().unwrap())
        .collect();
    assert_eq!(at_cantine, ["2027-01-15T09:00:00+01:00"]);
    assert!(items
        .iter()
        .all(|e| e["name"] == "Coffee" && e["organizer"]["name"] == "Rust Paris"));

    let html = page(site.path(), "events/rust-night-2027-01-12/index.html");
    assert!(html.contains(r#"<meta property="og:title" content="Rust night · Pages fixture">"#));
    assert!(html.contains(r#"<meta name="twitter:card" content="summary">"#));
    assert!(html.contains(
        r#"href="https://github.com/example/cal/edit/main/content/events/rust-night-2027-01-12.md""#
    ));
    assert!(html.contains(r#"href="/events/rust-night-2027-01-12/event.ics""#));
    assert!(html.contains("https://calendar.google.com/calendar/render?action=TEMPLATE&amp;text=Rust+night&amp;dates=20270112T180000Z%2F20270112T203000Z"));
    assert!(html.contains("https://www.openstreetmap.org/?mlat=48.8667&amp;mlon=2.3553"));
}

#[test]
fn french_sites_speak_french() {
    let site = build(Some("fr"));
    let home = page(site.path(), "index.html");
    assert!(home.contains(r#"<html lang="fr">"#));
    assert!(home.contains("<h1>Événements à venir</h1>"));
    assert!(home.contains(r#"<time datetime="2027-01-07">jeudi 7 janvier 2027</time>"#));
    let night = page(site.path(), "events/rust-night-2027-01-12/index.html");
    assert!(night.contains("mardi 12 janvier 2027 à 19:00"));
    let month = page(site.path(), "calendar/2027/01/index.html");
    assert!(month.contains("<h1>janvier 2027</h1>"));
    let first_weekday = Regex::new(r#"<th scope="col"><abbr title="([^"]+)">"#).unwrap();
    assert_eq!(
        &first_weekday.captures(&month).unwrap()[1],
        "lundi",
        "weeks start on Monday"
    );
    assert!(page(site.path(), "subscribe/index.html")
        .contains("Google met à jour les agendas abonnés toutes les 8 à 24 heures"));
    // A colon in the text of a page has a no-break space before it, as in
    // the calendar feeds: `Rust Paris\u{a0}: S’abonner`, never `Rust Paris:`.
    let tag = Regex::new(r"(?s)<script.*?</script>|<[^>]*>").unwrap();
    let bare_colon = Regex::new(r"(^|[^\x{a0}0-9]):(\s|$)").unwrap();
    let mut pages = 0;
    for file in walkdir::WalkDir::new(site.path().join("public")) {
        let file = file.unwrap();
        if file.path().extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(file.path()).unwrap();
            let words = tag.replace_all(&html, " ");
            let found = bare_colon.find(&words).map(|m| m.start());
            let around = found.map(|at| {
                let start = words.floor_char_boundary(at.saturating_sub(40));
                &words[start..words.ceil_char_boundary(at + 20)]
            });
            assert_eq!(around, None, "{}", file.path().display());
            pages += 1;
        }
    }
    assert!(pages > 20, "{pages} pages");
    // The news feeds' items too.
    for feed in ["feed.xml", "feed.json"] {
        let text = page(site.path(), feed);
        assert!(text.contains("Quand\u{a0}:"), "{feed}");
        for bare in ["Quand:", "Où:", "En ligne:", "Annulé:"] {
            assert!(!text.contains(bare), "{feed} has {bare}");
        }
    }
}

/// A region written the way locales are (`fr_CA`, `FR-ca`) is published
/// as the BCP 47 tag HTML and the feeds expect, in the region's language.
#[test]
fn a_regional_language_is_published_as_a_language_tag() {
    for written in ["fr_CA", "FR-ca"] {
        let site = build(Some(written));
        let home = page(site.path(), "index.html");
        assert!(home.contains(r#"<html lang="fr-CA">"#), "{written}");
        assert!(home.contains("<h1>Événements à venir</h1>"), "{written}");
        assert!(
            page(site.path(), "feed.xml").contains("<language>fr-CA</language>"),
            "{written}"
        );
    }
}

#[test]
fn the_month_grid_and_its_navigation() {
    let site = build(None);
    let january = page(site.path(), "calendar/2027/01/index.html");
    assert!(january.contains("<h1>January 2027</h1>"));
    // 2027-01-01 is a Friday: the grid starts on Monday 28 December.
    assert!(january.contains(r#"<time class="daynum" datetime="2026-12-28">28</time>"#));
    assert!(
        january.contains(r#"<td class=" today busy" aria-current="date">"#)
            || january.contains(r#"aria-current="date">"#)
    );
    assert!(january.contains(r#"<a href="/calendar/2026/12/" rel="prev">"#));
    assert!(january.contains(r#"<a href="/calendar/2027/02/" rel="next">"#));
    assert!(
        january.contains("18:00 <bdi>&lt;script&gt;"),
        "the hostile title is text in the grid too"
    );
    let main = |html: &str| html.split("<main").nth(1).unwrap().to_string();
    assert!(
        main(&page(site.path(), "calendar/index.html")) == main(&january),
        "/calendar/ shows the current month"
    );
}

#[test]
fn every_page_and_the_site_files_exist() {
    let site = build(None);
    for path in [
        "index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "_headers",
        "past/index.html",
        "groups/index.html",
        "groups/rust-paris/index.html",
        "venues/le-comptoir/index.html",
        "venues/la-cantine/index.html",
        "tags/coffee/index.html",
        "tags/rust/index.html",
        "subscribe/index.html",
        "calendar/index.html",
        "calendar/2026/12/index.html",
        "calendar/2027/02/index.html",
        "events/coffee/index.html",
    ] {
        page(site.path(), path);
    }
    // Editors fetch the event schema from the address docs/events.md gives;
    // its `$id` is where this site publishes it, and the rest is docs/'s.
    let json = |bytes: &[u8], name: &str| -> serde_json::Value {
        serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    let mut published = json(
        &std::fs::read(site.path().join("public/schema/event.schema.json"))
            .expect("schema/event.schema.json was not generated"),
        "public/schema/event.schema.json",
    );
    let mut source = json(
        &std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/schema/event.schema.json"))
            .unwrap(),
        "docs/schema/event.schema.json",
    );
    assert_eq!(
        published["$id"],
        "https://cal.example.org/schema/event.schema.json"
    );
    assert_eq!(
        source["$id"],
        "https://meetcal.netlify.app/schema/event.schema.json"
    );
    published["$id"].take();
    source["$id"].take();
    assert!(
        published == source,
        "public/schema/event.schema.json differs from docs/schema/event.schema.json beyond its $id"
    );
    assert!(page(site.path(), "_headers").contains(
        "/schema/event.schema.json\n  Content-Type: application/schema+json; charset=utf-8\n"
    ));
    let sitemap = page(site.path(), "sitemap.xml");
    assert!(sitemap.contains("<loc>https://cal.example.org/events/coffee/</loc>"));
    assert!(!sitemap.contains("404"));
    assert!(
        page(site.path(), "robots.txt").contains("Sitemap: https://cal.example.org/sitemap.xml")
    );
    let subscribe = page(site.path(), "subscribe/index.html");
    assert!(subscribe.contains(r#"href="webcal://cal.example.org/calendar.ics""#));
    assert!(subscribe.contains(r#"href="webcal://cal.example.org/groups/rust-paris/calendar.ics""#));
    assert!(subscribe.contains(r#"href="webcal://cal.example.org/tags/coffee/calendar.ics""#));
    // Every feed docs/subscribe.md lists: a venue's too.
    assert!(
        subscribe.contains(r#"href="webcal://cal.example.org/venues/le-comptoir/calendar.ics""#),
        "{subscribe}"
    );
    assert!(subscribe.contains(
        "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Fcal.example.org%2Fcalendar.ics"
    ));
    assert!(page(site.path(), "groups/rust-paris/index.html").contains(r#"<link rel="alternate" type="text/calendar" title="Rust Paris" href="https://cal.example.org/groups/rust-paris/calendar.ics">"#));
}

/// A theme's `base.html` still gets each feed's subscribe links on event
/// pages, which the built-in writer does not print.
#[test]
fn an_own_base_template_gets_the_feeds_subscribe_links() {
    let site = site_from(&[&fixture("fixtures/pages")]);
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html");
    let base = std::fs::read_to_string(theme).unwrap();
    let alternate = r#"href="{{ feed.url }}">"#;
    assert!(
        base.contains(alternate),
        "base.html changed: update this test"
    );
    write_file(
        &site.path().join("themes/default/templates/base.html"),
        base.replace(
            alternate,
            r#"href="{{ feed.url }}" data-webcal="{{ feed.webcal }}" data-google="{{ feed.google }}">"#,
        ),
    );
    let out = meetcal(site.path(), &["build", "--now", NOW]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let event = page(site.path(), "events/coffee/index.html");
    for (url, webcal, google) in [
        (
            "https://cal.example.org/events/coffee/event.ics",
            "webcal://cal.example.org/events/coffee/event.ics",
            "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Fcal.example.org%2Fevents%2Fcoffee%2Fevent.ics",
        ),
        (
            "https://cal.example.org/groups/rust-paris/calendar.ics",
            "webcal://cal.example.org/groups/rust-paris/calendar.ics",
            "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Fcal.example.org%2Fgroups%2Frust-paris%2Fcalendar.ics",
        ),
    ] {
        let link = format!(r#"href="{url}" data-webcal="{webcal}" data-google="{google}">"#);
        assert!(event.contains(&link), "no {link} in {event}");
    }
}

#[test]
fn a_hostile_event_file_produces_no_active_content() {
    let site = build(None);
    // Read as a browser, a feed reader and a calendar client would, as
    // every neutralised hostile case is (tests/hostile.rs).
    if let Err(found) = common::reading::neutralised(&site.path().join("public")) {
        panic!("{found}");
    }
    let hostile = page(site.path(), "events/hostile-2027-01-11/index.html");
    let data = json_ld(&hostile);
    assert_eq!(
        data["name"], "<script>alert('title')</script><img src=x onerror=alert(1)>",
        "the title survives as text"
    );
    assert!(hostile.contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;"));
}

#[test]
fn a_two_day_event_ends_on_its_last_day_in_html_and_json_ld() {
    let site = site_from(&[&fixture("fixtures/base")]);
    std::fs::write(
        site.path().join("content/events/conf.md"),
        "---\ntitle: Web conf\nstart: 2027-04-24\nend: 2027-04-25\n---\nTwo days.\n",
    )
    .unwrap();
    let out = meetcal(site.path(), &["build", "--now", "2027-01-05 12:00"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let html = page(site.path(), "events/conf/index.html");
    assert!(
        html.contains(r#"<time datetime="2027-04-24">Saturday 24 April 2027</time> – <time datetime="2027-04-25">Sunday 25 April 2027</time>"#),
        "{html}"
    );
    let data = json_ld(&html);
    assert_eq!(data["startDate"], "2027-04-24");
    assert_eq!(data["endDate"], "2027-04-25");
    // iCalendar's DTEND alone is the day after.
    let ics = std::fs::read_to_string(site.path().join("public/events/conf/event.ics")).unwrap();
    assert!(ics.contains("DTEND;VALUE=DATE:20270426"), "{ics}");
}

#[test]
fn a_night_the_clocks_change_shows_each_ends_offset_and_its_real_length() {
    let site = site_from(&[&fixture("fixtures/base")]);
    std::fs::write(
        site.path().join("content/events/spring-night.md"),
        "---\ntitle: Spring night\nstart: 2027-03-27 22:00\nend: 2027-03-28 05:00\n---\nDancing.\n",
    )
    .unwrap();
    let out = meetcal(site.path(), &["build", "--now", "2027-01-05 12:00"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let html = page(site.path(), "events/spring-night/index.html");
    // Paris moves from UTC+01:00 to UTC+02:00 at 02:00: one offset for
    // both times would end the night an hour late.
    assert!(
        html.contains(
            "Saturday 27 March 2027 at 22:00</time> (UTC+01:00) – \
             <time datetime=\"2027-03-28T05:00:00+02:00\">Sunday 28 March 2027 at 05:00</time> (UTC+02:00)</dd>"
        ),
        "{html}"
    );
    // 22:00 to 05:00 that night is six hours, not seven.
    assert!(html.contains("<dt>Duration</dt>\n<dd>6 h</dd>"), "{html}");
}

#[test]
fn the_events_address_lists_every_event_to_come_by_its_next_date() {
    // A visitor who shortens /events/<slug>/ to /events/ gets a page.
    let site = build(None);
    let html = page(site.path(), "events/index.html");
    assert!(html.contains("<h1>Events</h1>"), "{html}");
    let french = build(Some("fr"));
    let french = page(french.path(), "events/index.html");
    assert!(french.contains("<h1>Événements</h1>"), "{french}");
    let entry = Regex::new(r#"<h2 dir="auto"><a href="/events/([^/"]+)/">"#).unwrap();
    let slugs: Vec<&str> = entry
        .captures_iter(&html)
        .map(|c| c.get(1).unwrap().as_str())
        .collect();
    // Each event once, at its next occurrence: the coffee series first.
    assert_eq!(slugs[0], "coffee", "{slugs:?}");
    assert!(slugs.contains(&"rust-night-2027-01-12"), "{slugs:?}");
    let position = |slug| slugs.iter().position(|s| *s == slug).unwrap();
    assert!(position("maybe-picnic-2027-01-10") < position("rust-night-2027-01-12"));
    assert_eq!(slugs.iter().filter(|s| **s == "coffee").count(), 1);
    assert!(
        !html.contains("Old meetup"),
        "past events are in the archive"
    );
    assert!(html.contains(r#"<a href="/past/">"#));
    let sitemap = page(site.path(), "sitemap.xml");
    assert!(sitemap.contains("<loc>https://cal.example.org/events/</loc>"));
}

#[test]
fn a_deprecated_zone_name_is_published_as_the_current_zone() {
    let site = site_from(&[&fixture("fixtures/base")]);
    std::fs::write(
        site.path().join("content/events/mtl.md"),
        "---\ntitle: MTL web\nstart: 2027-04-24 18:00\ntimezone: America/Montreal\n---\nHi.\n",
    )
    .unwrap();
    let out = meetcal(site.path(), &["build", "--now", "2027-01-05 12:00"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let ics = std::fs::read_to_string(site.path().join("public/events/mtl/event.ics")).unwrap();
    assert!(
        ics.contains("DTSTART;TZID=America/Toronto:20270424T180000"),
        "{ics}"
    );
    assert!(ics.contains("TZID:America/Toronto"), "{ics}");
    assert!(!ics.contains("Montreal"), "{ics}");
    let html = page(site.path(), "events/mtl/index.html");
    assert!(html.contains("America/Toronto") && !html.contains("America/Montreal"));
}

#[test]
fn online_without_a_link_yet_and_typed_links() {
    let site = site_from(&[&fixture("fixtures/base")]);
    std::fs::write(
        site.path().join("content/events/devops-days.md"),
        "---\ntitle: 90 days of DevOps\nstart: 2027-03-01\nend: 2027-05-01\nonline: true\nlinks:\n  tickets: https://tickets.example.org/devops\n  cfp: https://cfp.example.org/devops\n  video: https://video.example.org/devops\n---\nEvery day.\n",
    )
    .unwrap();
    std::fs::write(
        site.path().join("content/events/stream.md"),
        "---\ntitle: Stream\nstart: 2027-03-02 19:00\nonline: https://meet.example.org/stream\n---\nOnline only.\n",
    )
    .unwrap();
    let out = meetcal(site.path(), &["build", "--now", "2027-01-05 12:00"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let html = page(site.path(), "events/devops-days/index.html");
    assert!(
        html.contains("<dt>Online</dt>\n<dd>The link will be announced here</dd>"),
        "{html}"
    );
    // Typed links in a fixed order: tickets, call for papers, ..., video.
    let labels: Vec<&str> = ["Tickets", "Call for papers", "Video"]
        .into_iter()
        .filter(|label| html.contains(&format!("<dt>{label}</dt>")))
        .collect();
    assert_eq!(labels.len(), 3, "{html}");
    let at = |s: &str| html.find(s).unwrap();
    assert!(at("<dt>Tickets</dt>") < at("<dt>Call for papers</dt>"));
    assert!(at("<dt>Call for papers</dt>") < at("<dt>Video</dt>"));
    assert!(html.contains(r#"<a href="https://cfp.example.org/devops" rel="noopener">"#));
    let data = json_ld(&html);
    assert_eq!(
        data["eventAttendanceMode"],
        "https://schema.org/OnlineEventAttendanceMode"
    );
    assert_eq!(data["offers"]["url"], "https://tickets.example.org/devops");
    assert!(!html.contains("VirtualLocation"), "no address to give yet");
    // No place and no link yet: an empty list of locations; a link alone:
    // the one location, not a list.
    assert_eq!(data["location"], serde_json::json!([]));
    let stream = json_ld(&page(site.path(), "events/stream/index.html"));
    assert_eq!(stream["location"]["@type"], "VirtualLocation");
    assert_eq!(stream["location"]["url"], "https://meet.example.org/stream");
    assert_eq!(
        stream["eventAttendanceMode"],
        "https://schema.org/OnlineEventAttendanceMode"
    );

    let ics =
        std::fs::read_to_string(site.path().join("public/events/devops-days/event.ics")).unwrap();
    let unfolded = ics.replace("\r\n ", "");
    assert!(unfolded.contains("LOCATION:Online\r\n"), "{unfolded}");
    assert!(!unfolded.contains("CONFERENCE"), "{unfolded}");
    assert!(
        unfolded.contains("Tickets: https://tickets.example.org/devops"),
        "{unfolded}"
    );
    assert!(
        unfolded.contains("Call for papers: https://cfp.example.org/devops"),
        "{unfolded}"
    );

    let events: serde_json::Value =
        serde_json::from_str(&page(site.path(), "events.json")).unwrap();
    let event = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["slug"] == "devops-days")
        .unwrap();
    assert_eq!(event["is_online"], true);
    assert!(event["online"].is_null());
    assert_eq!(event["links"]["cfp"], "https://cfp.example.org/devops");
    let feed = page(site.path(), "feed.xml");
    assert!(
        feed.contains("Online: The link will be announced here"),
        "{feed}"
    );
}

#[test]
fn an_event_of_several_days_is_on_every_day_it_covers() {
    let site = site_from(&[&fixture("fixtures/base")]);
    // 30 March to 2 April: two months' pages; running at --now.
    std::fs::write(
        site.path().join("content/events/conf.md"),
        "---\ntitle: Spring conf\nstart: 2027-03-30\nend: 2027-04-02\n---\nFour days.\n",
    )
    .unwrap();
    let out = meetcal(site.path(), &["build", "--now", "2027-03-31 12:00"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let day = |html: &str, date: &str| -> Option<String> {
        let cell = Regex::new(&format!(r#"(?s)datetime="{date}">.*?</td>"#)).unwrap();
        cell.find(html).map(|m| m.as_str().to_string())
    };
    let march = page(site.path(), "calendar/2027/03/index.html");
    let april = page(site.path(), "calendar/2027/04/index.html");
    for (html, date, n) in [
        (&march, "2027-03-30", 1),
        (&march, "2027-03-31", 2),
        (&april, "2027-04-01", 3),
        (&april, "2027-04-02", 4),
    ] {
        let cell = day(html, date).unwrap_or_else(|| panic!("no cell {date}"));
        assert!(cell.contains("Spring conf"), "{date}: {cell}");
        assert!(cell.contains(&format!("(day {n} of 4)")), "{date}: {cell}");
    }
    let after = day(&april, "2027-04-03").unwrap();
    assert!(!after.contains("Spring conf"), "{after}");
    // Lists show it once: running now, on today, as continuing.
    let home = page(site.path(), "index.html");
    assert_eq!(home.matches("Spring conf").count(), 1, "{home}");
    let today =
        Regex::new(r#"(?s)<h2 id="day-2027-03-31">[^\n]*\n<ul class="agenda">\s*<li[^>]*>.*?Spring conf</bdi></a> <span class="badge">day 2 of 4</span>"#)
            .unwrap();
    assert!(today.is_match(&home), "{home}");
}

/// An evening that runs past midnight is on both days of the month page,
/// but is not "day 1 of 2": its second day says when it ends.
#[test]
fn an_evening_past_midnight_is_not_an_event_of_two_days() {
    let site = site_from(&[&fixture("fixtures/base")]);
    std::fs::write(
        site.path().join("content/events/late-party.md"),
        "---\ntitle: Late party\nstart: 2027-03-30 22:00\nend: 2027-03-31 01:00\n---\nDancing.\n",
    )
    .unwrap();
    std::fs::write(
        site.path().join("content/events/hackathon.md"),
        "---\ntitle: Hackathon\nstart: 2027-03-26 18:00\nend: 2027-03-27 18:00\n---\nA whole day.\n",
    )
    .unwrap();
    let out = meetcal(site.path(), &["build", "--now", "2027-03-01 12:00"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let march = page(site.path(), "calendar/2027/03/index.html");
    let cell = |date: &str| -> String {
        let cell = Regex::new(&format!(r#"(?s)datetime="{date}">.*?</td>"#)).unwrap();
        cell.find(&march)
            .unwrap_or_else(|| panic!("no cell {date}"))
            .as_str()
            .to_string()
    };
    let (first, second) = (cell("2027-03-30"), cell("2027-03-31"));
    assert!(first.contains("Late party") && second.contains("Late party"));
    assert!(second.contains("until 01:00"), "{second}");
    for cell in [&first, &second] {
        assert!(!cell.contains(" of 2"), "{cell}");
    }
    // A day or more is still counted.
    assert!(cell("2027-03-27").contains("(day 2 of 2)"));
}

#[test]
fn a_full_list_says_what_it_leaves_out_and_where_it_is() {
    let site = site_from(&[&fixture("fixtures/base")]);
    // 230 events, one a day from 1 February: the home page shows 200
    // within its 90 days, and the rest is on the month pages.
    for i in 0..230 {
        let day =
            chrono::NaiveDate::from_ymd_opt(2027, 2, 1).unwrap() + chrono::Duration::days(i / 3);
        std::fs::write(
            site.path().join(format!("content/events/talk-{i}.md")),
            format!("---\ntitle: Talk {i}\nstart: {day} 19:00\n---\nWords.\n"),
        )
        .unwrap();
    }
    let out = meetcal(site.path(), &["build", "--now", "2027-01-31 12:00"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let home = page(site.path(), "index.html");
    let listed = home.matches(r#"<p class="title">"#).count();
    assert_eq!(listed, 200, "the home page's bound");
    assert!(!home.contains(">Talk 229<"), "the last talk is left out");
    // 230 in the window (77 days), plus the base calendar's own upcoming ones.
    let more = Regex::new(r#"<p class="more"><a href="(/calendar/2027/\d\d/)">(\d+) more events in the next 90 days: see the calendar</a></p>"#).unwrap();
    let found = more.captures(&home).expect("a notice of what is left out");
    let month_page = &found[1];
    assert_eq!(
        month_page, "/calendar/2027/04/",
        "where the first left-out talk is"
    );
    let left_out: usize = found[2].parse().unwrap();
    assert!(left_out >= 30, "{left_out}");
    let april = page(site.path(), "calendar/2027/04/index.html");
    assert!(
        april.contains("Talk 229"),
        "the last one is on its month page"
    );
}

#[test]
fn the_next_event_is_listed_however_far_away() {
    let site = site_from(&[&fixture("fixtures/base")]);
    std::fs::write(
        site.path().join("content/events/far.md"),
        "---\ntitle: Far away\nstart: 2027-09-01 19:00\ntags: [far]\n---\nLater.\n",
    )
    .unwrap();
    std::fs::write(
        site.path().join("content/events/farther.md"),
        "---\ntitle: Farther\nstart: 2027-10-01 19:00\ntags: [far]\n---\nLater still.\n",
    )
    .unwrap();
    let out = meetcal(site.path(), &["build", "--now", "2027-03-01 12:00"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Six months away, beyond the 90 days a list shows: the first is
    // listed, the next is a link away, and nothing says "no events".
    let tag = page(site.path(), "tags/far/index.html");
    let listed: Vec<String> = agenda(&tag).into_iter().map(|(_, t)| t).collect();
    assert_eq!(listed, ["Far away"], "{tag}");
    assert!(!tag.contains("No upcoming events"), "{tag}");
    assert!(
        tag.contains(r#"<a href="/calendar/2027/10/">"#),
        "the later one is a link away: {tag}"
    );
}

#[test]
fn tags_and_venues_have_indexes_and_the_navigation_marks_the_section() {
    let site = build(None);
    let tags = page(site.path(), "tags/index.html");
    let entry = Regex::new(r#"(?s)<h2><a href="/tags/coffee/">#coffee</a></h2>\s*<p class="meta">(\d+) events?(, (\d+) dates? to come)?</p>"#).unwrap();
    let found = entry
        .captures(&tags)
        .expect("coffee is listed with its counts");
    assert_eq!(&found[1], "1", "one series carries the tag");
    assert!(found.get(3).is_some(), "and it has dates to come");
    let venues = page(site.path(), "venues/index.html");
    assert!(
        venues.contains(r#"<h2 dir="auto"><a href="/venues/"#),
        "{venues}"
    );
    let current = |html: &str| {
        Regex::new(r#"<a href="([^"]+)" aria-current="(?:page|true)">"#)
            .unwrap()
            .captures(html)
            .map(|c| c[1].to_string())
    };
    assert_eq!(current(&tags).as_deref(), Some("/tags/"));
    assert_eq!(
        current(&page(site.path(), "tags/coffee/index.html")).as_deref(),
        Some("/tags/")
    );
    let venue = std::fs::read_dir(site.path().join("public/venues"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_dir())
        .unwrap();
    let venue_page = std::fs::read_to_string(venue.join("index.html")).unwrap();
    assert_eq!(
        current(&venue_page).as_deref(),
        Some("/venues/"),
        "not Groups"
    );

    // A calendar without groups, venues or tags has no such sections.
    let bare = site_from(&[&fixture("fixtures/base")]);
    for folder in ["groups", "venues"] {
        std::fs::remove_dir_all(bare.path().join("content").join(folder)).unwrap();
    }
    std::fs::write(
        bare.path().join("content/events/lone.md"),
        "---\ntitle: Lone\nstart: 2027-02-10 19:00\n---\nHi.\n",
    )
    .unwrap();
    for entry in std::fs::read_dir(bare.path().join("content/events")).unwrap() {
        let path = entry.unwrap().path();
        if !path.ends_with("lone.md") {
            std::fs::remove_file(path).unwrap();
        }
    }
    let out = meetcal(bare.path(), &["build", "--now", NOW]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let home = std::fs::read_to_string(bare.path().join("public/index.html")).unwrap();
    for absent in ["/groups/\"", "/venues/\"", "/tags/\"", "/past/\""] {
        assert!(
            !home.contains(&format!("href={absent}")),
            "{absent} in {home}"
        );
    }
    assert!(home.contains(r#"href="/calendar/""#));
}

/// `/past/` stays small however long the archive: the latest 200 dates,
/// then a link to the year where the list leaves off; each year's page
/// has all of its dates.
#[test]
fn the_archive_page_lists_the_latest_dates_and_links_to_the_rest() {
    let site = site_from(&[&fixture("fixtures/pages")]);
    let last = chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    for i in 0..400 {
        let day = last - chrono::Duration::days(i);
        std::fs::write(
            site.path().join(format!("content/events/archive-{i}.md")),
            format!("---\ntitle: Archive {i}\nstart: {day} 19:00\n---\nTalks.\n"),
        )
        .unwrap();
    }
    let out = meetcal(site.path(), &["build", "--now", NOW]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let latest = agenda(&page(site.path(), "past/index.html"));
    assert_eq!(latest.len(), 200);
    assert_eq!(latest[0].1, "Archive 0", "the most recent first");
    assert!(
        latest.windows(2).all(|pair| pair[0].0 >= pair[1].0),
        "{latest:?}"
    );
    assert!(page(site.path(), "past/index.html")
        .contains(r#"<p class="more"><a href="/past/2026/">Earlier dates: see 2026</a></p>"#));
    let year = agenda(&page(site.path(), "past/2026/index.html"));
    assert!(year.iter().any(|(_, title)| title == "Archive 364"));
    assert!(!year.iter().any(|(_, title)| title == "Archive 365"));
    let earlier = page(site.path(), "past/2025/index.html");
    assert!(earlier.contains(">Archive 365</bdi></a>") && !earlier.contains("Earlier dates"));
}

/// The default theme's lists and event pages are written without
/// interpreting their templates, and lists carry only the entries where the
/// built-in templates read nothing else. A theme that copies every built-in
/// template takes the general path (each page and entry from its template,
/// every field converted) and must build the very same site, in both
/// languages. Events beyond the fixture's give the event pages every branch
/// of `event.html`; the French site has no edit links.
#[test]
fn a_copy_of_the_built_in_templates_builds_the_same_site() {
    for language in [None, Some("fr")] {
        let site = build(language);
        add_events_for_every_branch(site.path());
        if language.is_some() {
            let path = site.path().join("content/site.yaml");
            let text = std::fs::read_to_string(&path).unwrap();
            let without: String = text
                .lines()
                .filter(|line| !line.starts_with("edit_url:"))
                .map(|line| format!("{line}\n"))
                .collect();
            std::fs::write(&path, without).unwrap();
        }
        let out = meetcal(site.path(), &["build", "--now", NOW]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let built_in = snapshot(&site.path().join("public"));
        // A cancelled event is not offered to add to a calendar; the others are.
        let cancelled_notice = format!(
            "<p class=\"notice\"><strong class=\"badge\">{}</strong>",
            if language.is_some() {
                "Annulé"
            } else {
                "Cancelled"
            }
        );
        let event_pages: Vec<String> = built_in
            .iter()
            .filter(|(path, _)| {
                path.starts_with("events/")
                    && path.ends_with("index.html")
                    && path.components().count() == 3
            })
            .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
            .collect();
        let (cancelled, others): (Vec<&String>, Vec<&String>) = event_pages
            .iter()
            .partition(|page| page.contains(&cancelled_notice));
        assert!(!cancelled.is_empty() && !others.is_empty());
        assert!(cancelled
            .iter()
            .all(|page| !page.contains("calendar.google.com")));
        assert!(others
            .iter()
            .all(|page| page.contains("calendar.google.com")));
        // A night past midnight shows, on its later days, when it ends,
        // not the start of the day before.
        let month = built_in
            .iter()
            .find(|(path, _)| path == Path::new("calendar/2027/03/index.html"))
            .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
            .unwrap();
        let (all_day, until) = match language {
            Some(_) => ("Toute la journée", "jusqu’à 02:00"),
            None => ("All day", "until 02:00"),
        };
        for shown in [
            ">20:00 <bdi>Hack night</bdi><".to_string(),
            format!(">{all_day} <bdi>Hack night</bdi><"),
            format!(">{until} <bdi>Hack night</bdi><"),
        ] {
            assert!(month.contains(&shown), "{shown}");
        }
        for branch in [
            "<p class=\"notice\"><strong class=\"badge\">",
            "<br><span class=\"muted\">",
            " data-zone=\"America/Toronto\"",
            "(America/Toronto, UTC−05:00) <strong class=\"badge\">",
            "<dd><a href=\"https://tickets.example.org/?a=1&amp;b=2\" rel=\"noopener\">",
            if language.is_some() {
                " · <bdi>Other &amp; &quot;title&quot;</bdi> · Lieu à annoncer</li>"
            } else {
                " · <bdi>Other &amp; &quot;title&quot;</bdi> · Place to be announced</li>"
            },
            " · La Cantine</li>",
            if language.is_some() {
                " · En ligne</li>"
            } else {
                " · Online</li>"
            },
            "<del>",
        ] {
            assert!(
                built_in
                    .iter()
                    .any(|(path, bytes)| path.starts_with("events/")
                        && String::from_utf8_lossy(bytes).contains(branch)),
                "no event page has {branch}"
            );
        }
        // `/events/`, written in Rust too, with each branch of its cards.
        let cards = built_in
            .iter()
            .find(|(path, _)| path == Path::new("events/index.html"))
            .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
            .expect("events/index.html");
        for branch in ["</time> · <a href=\"", "</time> <strong class=\"badge\">"] {
            assert!(cards.contains(branch), "no card of /events/ has {branch}");
        }
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates"),
            &site.path().join("themes/default/templates"),
        );
        let out = meetcal(
            site.path(),
            &["build", "--now", NOW, "--out", "copied-theme"],
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let copied = snapshot(&site.path().join("copied-theme"));
        assert!(copied.len() > 50, "{} files", copied.len());
        assert_same_tree(&copied, &built_in, "the site built with a copied theme");
    }
}

/// A series in another zone at a one-time venue with notes, whose dates
/// (the next one too) are cancelled, renamed (and taken from the venue) or
/// moved; one whose every date
/// is cancelled; and a cancelled event of two days at a venue with a page,
/// online with the link to come.
fn add_events_for_every_branch(site: &Path) {
    let events = site.join("content/events");
    let write = |name: &str, text: &str| std::fs::write(events.join(name), text).unwrap();
    write(
        "branches.md",
        "---\ntitle: Branches & \"more\"\nstart: 2027-03-04 12:00\ntimezone: America/Toronto\n\
         venue:\n  name: Salle <A>\n  address: 1 rue <B>\n  notes: Upstairs & left\n\
         links: {tickets: https://tickets.example.org/?a=1&b=2, cfp: https://cfp.example.org/}\n\
         repeat: {every: week, on: thursday, count: 5}\n---\nEvery **branch**.\n",
    );
    write(
        "branches-renamed.yaml",
        "occurrence_of: branches\ndate: 2027-03-18\ntitle: Other & \"title\"\nvenue: none\n",
    );
    write(
        "branches-moved.yaml",
        "occurrence_of: branches\ndate: 2027-03-25\nvenue: la-cantine\n",
    );
    // An online series meeting somewhere one date; the other way below.
    write(
        "online-series.md",
        "---\ntitle: Online series\nstart: 2027-03-03 12:00\nonline: true\n\
         repeat: {every: week, count: 3}\n---\nOnline.\n",
    );
    write(
        "online-series-met.yaml",
        "occurrence_of: online-series\ndate: 2027-03-10\nvenue: la-cantine\n",
    );
    write(
        "branches-cancelled.yaml",
        "occurrence_of: branches\ndate: 2027-04-01\nstatus: cancelled\n\
         venue: none\nonline: https://meet.example.org/b\n",
    );
    // Its next date: the page shows the date after.
    write(
        "branches-first.yaml",
        "occurrence_of: branches\ndate: 2027-03-04\nstatus: cancelled\n",
    );
    // A series with no date left on: the page says so of its next date,
    // beside its time.
    write(
        "once.md",
        "---\ntitle: Once\nstart: 2027-03-05 12:00\ntimezone: America/Toronto\n\
         repeat: {every: week, on: friday, count: 1}\n---\nOnce.\n",
    );
    write(
        "once-cancelled.yaml",
        "occurrence_of: once\ndate: 2027-03-05\nstatus: cancelled\n",
    );
    write(
        "called-off.md",
        "---\ntitle: Called off\nstart: 2027-03-09\nend: 2027-03-10\nstatus: cancelled\n\
         venue: la-cantine\nonline: true\n---\nNot this year.\n",
    );
    write(
        "hack-night.md",
        "---\ntitle: Hack night\nstart: 2027-03-12 20:00\nend: 2027-03-14 02:00\n---\nAll weekend.\n",
    );
    // The clocks change during it: its end has an offset of its own.
    write(
        "spring-night.md",
        "---\ntitle: Spring night\nstart: 2027-03-27 22:00\nend: 2027-03-28 05:00\n---\nShort.\n",
    );
}

/// `/past/` never cuts a day in two: past its 200 dates, it lists the rest
/// of the last day, so that the link leads to earlier days only.
#[test]
fn the_archive_page_ends_on_a_whole_day() {
    let site = site_from(&[&fixture("fixtures/base")]);
    let events = site.path().join("content/events");
    let last = chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    let write = |name: String, start: String| {
        std::fs::write(
            events.join(format!("{name}.md")),
            format!("---\ntitle: {name}\nstart: {start}\n---\nTalks.\n"),
        )
        .unwrap();
    };
    for i in 0..198 {
        write(
            format!("daily-{i}"),
            format!("{} 19:00", last - chrono::Duration::days(i)),
        );
    }
    for hour in [18, 19, 20] {
        write(format!("same-{hour}"), format!("2026-06-16 {hour}:00"));
    }
    write("earlier".into(), "2026-06-15 19:00".into());
    let out = meetcal(site.path(), &["build", "--now", NOW]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let html = page(site.path(), "past/index.html");
    let titles: Vec<String> = agenda(&html).into_iter().map(|(_, t)| t).collect();
    assert_eq!(titles.len(), 201, "{titles:?}");
    for hour in [18, 19, 20] {
        assert!(titles.contains(&format!("same-{hour}")), "{titles:?}");
    }
    assert!(!titles.contains(&"earlier".to_string()));
    assert!(html.contains(r#"<a href="/past/2026/">Earlier dates: see 2026</a>"#));
}

/// Every page's own: one Open Graph type, and a navigation that calls a
/// link the current page only on the page it leads to. Elsewhere in its
/// section the link is `aria-current="true"`: a screen reader saying
/// "current page" of "Tags" on the page of one tag misleads.
#[test]
fn the_navigation_says_current_page_only_of_the_page_itself() {
    let site = build(None);
    let public = site.path().join("public");
    let marked = Regex::new(r#"<a href="([^"]+)" aria-current="(page|true)">"#).unwrap();
    let og_type = Regex::new(r#"<meta property="og:type" content="([a-z]+)">"#).unwrap();
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&public) {
        let path = entry.unwrap().into_path();
        if path.file_name().is_none_or(|n| n != "index.html") {
            continue;
        }
        pages += 1;
        let html = std::fs::read_to_string(&path).unwrap();
        let folder = path.parent().unwrap().strip_prefix(&public).unwrap();
        let own = if folder.as_os_str().is_empty() {
            "/".to_string()
        } else {
            format!("/{}/", folder.to_string_lossy())
        };
        let types: Vec<&str> = og_type
            .captures_iter(&html)
            .map(|c| c.get(1).unwrap().as_str())
            .collect();
        // Embeds are framed in other sites' pages: no head of a page of their own.
        let expected: &[&str] = if own.ends_with("/embed/") {
            &[]
        } else if own.starts_with("/events/") && own != "/events/" {
            &["article"]
        } else {
            &["website"]
        };
        assert_eq!(types, expected, "{own}");
        let links: Vec<(String, String)> = marked
            .captures_iter(&html)
            .map(|c| (c[1].to_string(), c[2].to_string()))
            .collect();
        assert!(links.len() <= 1, "{own}: {links:?}");
        for (href, current) in &links {
            assert_eq!(
                current == "page",
                *href == own,
                "{own}: {href} is {current}"
            );
        }
    }
    assert!(pages > 20, "{pages} pages");
    let marks = |path: &str| {
        let html = page(site.path(), path);
        marked
            .captures(&html)
            .map(|c| (c[1].to_string(), c[2].to_string()))
    };
    let mark = |href: &str, current: &str| Some((href.to_string(), current.to_string()));
    assert_eq!(marks("index.html"), mark("/", "page"));
    assert_eq!(marks("tags/index.html"), mark("/tags/", "page"));
    assert_eq!(marks("tags/coffee/index.html"), mark("/tags/", "true"));
    // An event with dates to come is upcoming; one whose dates are all past is not.
    assert_eq!(
        marks("events/rust-night-2027-01-12/index.html"),
        mark("/", "true")
    );
    assert_eq!(
        marks("events/old-meetup-2026-12-01/index.html"),
        mark("/past/", "true")
    );
}

/// Every link and source on every page of the sample calendar, and of the
/// pages fixture, leads to a file of the site: no page links to a tag, a
/// month or a feed that was not built.
#[test]
fn every_link_within_the_site_leads_to_a_built_file() {
    let attribute = Regex::new(r#"(?:href|src)="([^"]*)""#).unwrap();
    let sample = sample_content_only();
    let built = meetcal(sample.path(), &["build", "--now", "2026-11-25 12:00"]);
    assert_eq!(built.status.code(), Some(0), "{}", text(&built.stderr));
    let pages = build(None);
    for (site, base) in [
        (sample.path(), "https://meetcal.netlify.app"),
        (pages.path(), "https://example.org"),
    ] {
        let out = site.join("public");
        let mut checked = 0;
        for page in walkdir::WalkDir::new(&out) {
            let page = page.unwrap();
            if page.path().extension() != Some("html".as_ref()) {
                continue;
            }
            let html = std::fs::read_to_string(page.path()).unwrap();
            for link in attribute.captures_iter(&html) {
                let url = link[1].replace("&amp;", "&");
                let Some(path) = url
                    .strip_prefix(base)
                    .or(Some(url.as_str()))
                    .filter(|u| u.starts_with('/') && !u.starts_with("//"))
                else {
                    continue;
                };
                let path = path.split(['#', '?']).next().unwrap();
                let file = match path.ends_with('/') {
                    true => out.join(&path[1..]).join("index.html"),
                    false => out.join(&path[1..]),
                };
                assert!(
                    file.is_file(),
                    "{} links to {url}, which was not built",
                    page.path().strip_prefix(&out).unwrap().display()
                );
                checked += 1;
            }
        }
        assert!(
            checked > 500,
            "{checked} links checked in {}",
            site.display()
        );
    }
}

#[test]
fn google_calendar_adds_a_series_whole_and_a_one_off_event_prefilled() {
    let site = build(None);
    let google = |path: &str| {
        let html = page(site.path(), path);
        let link = Regex::new(r#"<a href="([^"]+)"[^>]*>Google Calendar</a>"#).unwrap();
        let captures = link
            .captures(&html)
            .unwrap_or_else(|| panic!("{path}: no link"));
        captures[1].replace("&amp;", "&")
    };
    // The series: subscribed to through its own feed, changes and all.
    assert_eq!(
        google("events/coffee/index.html"),
        "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Fcal.example.org%2Fevents%2Fcoffee%2Fevent.ics"
    );
    let ics = page(site.path(), "events/coffee/event.ics");
    assert!(ics.contains("RRULE:") && ics.contains("RECURRENCE-ID"));
    // A one-off event: its date and title, prefilled.
    let once = google("events/rust-night-2027-01-12/index.html");
    assert!(
        once.starts_with("https://calendar.google.com/calendar/render?action=TEMPLATE&text="),
        "{once}"
    );
    assert!(once.contains("&dates=20270112T"), "{once}");
}

/// Cancelling a series' next date cancels that date, not the series: its
/// page keeps its heading and its Google Calendar link, says when the next
/// date on is, and lists the one that is off. A series cancelled whole
/// still says so.
#[test]
fn a_series_whose_next_date_is_cancelled_is_not_itself_cancelled() {
    let site = site_from(&[&fixture("fixtures/pages")]);
    // The coffee's next date, 28 January, is cancelled; 4 and 11 February are on.
    let build = |site: &Path| {
        let out = meetcal(site, &["build", "--now", "2027-01-25T12:00:00+01:00"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        page(site, "events/coffee/index.html")
    };
    let series = build(site.path());
    assert!(
        series.contains(
            "<article class=\"event-page status-confirmed\">\n<h1 dir=\"auto\">Coffee</h1>\n"
        ),
        "{series}"
    );
    assert!(!series.contains("<p class=\"notice\">"), "{series}");
    assert!(
        series.contains(">Google Calendar</a>"),
        "the series is still to subscribe to"
    );
    let when = Regex::new(
        r#"<dt>When</dt>\n<dd><time datetime="2027-02-04T08:30:00\+01:00"[^>]*>[^<]+</time> – <time [^>]+>10:00</time> \(UTC\+01:00\)</dd>"#,
    )
    .unwrap();
    assert!(when.is_match(&series), "the date shown is on: {series}");
    assert!(series.contains("<del>Thursday 28 January 2027, 08:30</del></time> <strong class=\"badge\">Cancelled</strong>"));
    assert!(series.contains("<li class=\"status-confirmed\"><time datetime=\"2027-02-04T08:30:00+01:00\">Thursday 4 February 2027, 08:30</time>"));
    let dates = json_ld(&series);
    let status = |i: usize| dates[i]["eventStatus"].as_str().unwrap().to_string();
    assert_eq!(status(0), "https://schema.org/EventCancelled");
    assert_eq!(status(1), "https://schema.org/EventScheduled");

    let file = site.path().join("content/events/coffee.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace(
            "group: rust-paris\n",
            "group: rust-paris\nstatus: cancelled\n",
        ),
    )
    .unwrap();
    let cancelled = build(site.path());
    assert!(cancelled.contains("<article class=\"event-page status-cancelled\">\n<h1 dir=\"auto\"><del>Coffee</del></h1>\n<p class=\"notice\"><strong class=\"badge\">Cancelled</strong></p>"));
    assert!(!cancelled.contains(">Google Calendar</a>"));
    assert!(
        !cancelled.contains("</time> (UTC+01:00) <strong"),
        "said once, for the whole series"
    );
}

#[test]
fn the_subscribe_page_links_the_news_feeds_for_visitors() {
    let site = build(Some("fr"));
    let subscribe = page(site.path(), "subscribe/index.html");
    let section = &subscribe[subscribe.find("id=\"news-feeds\"").expect("a news section")..];
    assert!(section.contains("Dans un lecteur de flux"), "{section}");
    for file in ["feed.xml", "feed.json"] {
        assert!(
            section.contains(&format!("href=\"https://cal.example.org/{file}\"")),
            "{section}"
        );
        assert!(site.path().join("public").join(file).is_file());
    }
}
