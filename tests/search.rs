//! The search page and its index as the build writes them: what the index
//! holds and what it may cost, the page's links for visitors without
//! JavaScript, its words in French, and that only it loads a script. How it
//! behaves in a browser is tests/browser.rs's.

mod common;

use common::pages::{build_fixture, page, NOW};
use common::*;
use regex::Regex;
use std::collections::BTreeSet;
use std::path::Path;

fn index(site: &Path) -> serde_json::Value {
    serde_json::from_str(&page(site, "search.json")).expect("search.json is JSON")
}

/// The entry of the event `slug`.
fn entry<'a>(index: &'a serde_json::Value, slug: &str) -> &'a serde_json::Value {
    index["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["s"] == slug)
        .unwrap_or_else(|| panic!("{slug} is not in the index"))
}

/// An entry's dates, as `YYYY-MM-DD`.
fn dates(entry: &serde_json::Value) -> Vec<String> {
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    let mut day = 0;
    entry["d"]
        .as_array()
        .unwrap()
        .iter()
        .map(|delta| {
            day += delta.as_i64().unwrap();
            (epoch + chrono::Duration::days(day)).to_string()
        })
        .collect()
}

/// The event folders of the built site.
fn event_slugs(site: &Path) -> BTreeSet<String> {
    std::fs::read_dir(site.join("public/events"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().join("index.html").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn the_index_holds_every_event_with_its_listed_dates() {
    let site = build_fixture("fixtures/pages", None);
    let index = index(site.path());
    assert_eq!(index["version"], 1);
    assert_eq!(index["event_url"], "/events/");
    let slugs: BTreeSet<String> = index["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["s"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(slugs, event_slugs(site.path()), "one entry per event page");
    // `today` is the day of --now in the site's zone.
    assert_eq!(
        dates(&serde_json::json!({ "d": [index["today"]] })),
        ["2027-01-05"]
    );

    // A series: its dates as listed, the moved one on its new day, the
    // skipped one absent, the cancelled one marked.
    let coffee = entry(&index, "coffee");
    assert_eq!(
        dates(coffee),
        [
            "2027-01-07",
            "2027-01-15",
            "2027-01-28",
            "2027-02-04",
            "2027-02-11"
        ]
    );
    assert_eq!(coffee["c"], serde_json::json!([2]));
    let group = coffee["g"].as_u64().unwrap() as usize;
    assert_eq!(
        index["groups"][group],
        serde_json::json!(["rust-paris", "Rust Paris"])
    );
    let tags: Vec<&str> = coffee["k"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            index["tags"][k.as_u64().unwrap() as usize]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(tags, ["coffee"]);

    // The moved date is at another venue: filters read it from `w`.
    let cantine = index["venues"]
        .as_array()
        .unwrap()
        .iter()
        .position(|v| v[0] == "la-cantine")
        .unwrap();
    assert_eq!(
        index["venues"][coffee["v"].as_u64().unwrap() as usize][0],
        "le-comptoir",
        "the series meets at its group's venue"
    );
    assert_eq!(
        coffee["w"],
        serde_json::json!([[1, { "v": cantine, "k": coffee["k"] }]]),
        "the occurrence moved to La Cantine, second in the list"
    );
    assert!(coffee.get("n").is_none(), "each date is one day");

    let night = entry(&index, "rust-night-2027-01-12");
    assert_eq!(night["t"], "Rust night");
    assert_eq!(night["o"], 1, "it is online");
    assert_eq!(night["x"], "Two talks.", "the description as plain text");
    assert_eq!(dates(night), ["2027-01-12"]);
    // A venue written in the file is named; shared venues are referred to.
    let picnic = entry(&index, "maybe-picnic-2027-01-10");
    assert_eq!(picnic["p"], "Parc Monceau");
    assert!(picnic.get("v").is_none() && picnic.get("o").is_none());
    let venues: Vec<&str> = index["venues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v[0].as_str().unwrap())
        .collect();
    assert_eq!(venues, ["la-cantine", "le-comptoir"]);
    // Hostile text is data, kept as written: the page's script shows it as text.
    assert_eq!(
        entry(&index, "hostile-2027-01-11")["t"],
        "<script>alert('title')</script><img src=x onerror=alert(1)>"
    );

    let headers = page(site.path(), "_headers");
    assert!(
        headers.contains("/search.json\n  Content-Type: application/json; charset=utf-8\n"),
        "{headers}"
    );
}

#[test]
fn an_event_of_several_days_says_how_many() {
    let site = tempfile::tempdir().unwrap();
    copy_tree(&fixture("../content"), &site.path().join("content"));
    let out = meetcal(site.path(), &["build", "--now", NOW]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let index = index(site.path());
    let conference = entry(&index, "ecrire-le-web-2027");
    assert_eq!(dates(conference), ["2027-03-18"]);
    assert_eq!(
        conference["n"],
        serde_json::json!([[0, 2]]),
        "18 and 19 March"
    );
}

#[test]
fn every_entry_keeps_within_its_budget() {
    let site = build_fixture("fixtures/pages", None);
    let index = index(site.path());
    for entry in index["events"].as_array().unwrap() {
        let bytes = serde_json::to_vec(entry).unwrap().len();
        assert!(
            bytes <= meetcal::limits::SEARCH_ENTRY_BYTES,
            "{}: {bytes} bytes",
            entry["s"]
        );
        let text = entry["x"].as_str().unwrap_or_default();
        assert!(text.chars().count() <= meetcal::limits::SEARCH_TEXT_CHARS + 1);
        assert!(entry["d"].as_array().unwrap().len() <= meetcal::limits::SEARCH_DATES);
    }
    // A long description is cut at a word, with an ellipsis.
    let long = site_from(&[&fixture("fixtures/pages")]);
    std::fs::write(
        long.path().join("content/events/long-2027-02-01.md"),
        format!(
            "---\ntitle: Long\nstart: 2027-02-01 19:00\n---\n{}\n",
            "word ".repeat(700)
        ),
    )
    .unwrap();
    let out = meetcal(long.path(), &["build", "--now", NOW]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let text = entry(&self::index(long.path()), "long-2027-02-01")["x"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(text.ends_with("word…"), "{text}");
    assert!(text.chars().count() <= meetcal::limits::SEARCH_TEXT_CHARS + 1);
}

#[test]
fn without_javascript_the_page_links_to_every_tag_group_venue_and_month() {
    let site = build_fixture("fixtures/pages", None);
    let html = page(site.path(), "search/index.html");
    let main = html.split("<main").nth(1).unwrap();
    let links: BTreeSet<String> = Regex::new(r#"<a href="([^"]+)""#)
        .unwrap()
        .captures_iter(main)
        .map(|c| c[1].to_string())
        .collect();
    for folder in ["tags", "groups", "venues"] {
        for entry in std::fs::read_dir(site.path().join("public").join(folder)).unwrap() {
            let entry = entry.unwrap();
            if entry.path().is_dir() {
                let link = format!("/{folder}/{}/", entry.file_name().to_string_lossy());
                assert!(links.contains(&link), "no link to {link}");
            }
        }
    }
    // Every month with an event, and only pages that exist.
    for month in [
        "/calendar/2026/12/",
        "/calendar/2027/01/",
        "/calendar/2027/02/",
    ] {
        assert!(links.contains(month), "no link to {month}");
    }
    for link in &links {
        assert!(
            site.path()
                .join("public")
                .join(link.trim_start_matches('/'))
                .join("index.html")
                .is_file(),
            "{link} leads nowhere"
        );
    }
    // Each choice of a filter is one of those links.
    let choice =
        Regex::new(r#"<select id="search-(tag|group|venue)" name="[a-z]+">(?s:(.*?))</select>"#)
            .unwrap();
    let option = Regex::new(r#"<option value="([^"]+)">"#).unwrap();
    let mut choices = 0;
    for select in choice.captures_iter(main) {
        for value in option.captures_iter(&select[2]) {
            choices += 1;
            let link = format!("/{}s/{}/", &select[1], &value[1]);
            assert!(
                links.contains(&link),
                "the choice {} is not a link",
                &value[1]
            );
        }
    }
    assert!(choices >= 6, "{choices} choices");
    // The form sends to the page itself, and says why it shows no results.
    assert!(main.contains(r#"action="/search/" method="get""#));
    assert!(main.contains("<noscript><p class=\"note\">Results appear here when JavaScript is on."));
}

#[test]
fn the_search_script_and_index_load_on_the_search_page_only() {
    let site = build_fixture("fixtures/pages", None);
    let public = site.path().join("public");
    let scripts: Vec<String> = std::fs::read_dir(&public)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".js"))
        .collect();
    // The search page's script, and local-time.js for event pages.
    assert_eq!(scripts.len(), 2, "{scripts:?}");
    let name = |pattern: &str| {
        let pattern = Regex::new(pattern).unwrap();
        scripts.iter().find(|s| pattern.is_match(s)).cloned()
    };
    let search_js = name(r"^search\.[0-9a-f]{8}\.js$").expect("search.js");
    let local_time_js = name(r"^local-time\.[0-9a-f]{8}\.js$").expect("local-time.js");
    let tag = format!(r#"<script src="/{search_js}" defer></script>"#);
    let local_time = format!(r#"<script src="/{local_time_js}" defer></script>"#);
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        pages += 1;
        let html = std::fs::read_to_string(entry.path()).unwrap();
        let path = entry.path().strip_prefix(&public).unwrap();
        let search = path == Path::new("search/index.html");
        let event = path.starts_with("events") && path.components().count() == 3;
        assert_eq!(html.contains(&tag), search, "{}", path.display());
        assert_eq!(html.contains(&local_time), event, "{}", path.display());
        assert_eq!(html.contains("/search.json"), search, "{}", path.display());
        assert_eq!(
            html.matches("<script").count(),
            html.matches(r#"<script type="application/ld+json">"#)
                .count()
                + usize::from(search)
                + usize::from(event),
            "{}: a script other than the search page's or local time's",
            path.display()
        );
        // Every page offers the search in its navigation, but the embeds,
        // which have none: they are parts of other sites' pages.
        assert!(
            meetcal::urls::is_embed(&path.to_string_lossy())
                || html.contains(r#"<li><a href="/search/""#),
            "{}: no Search in the navigation",
            path.display()
        );
    }
    assert!(pages > 10);
    let page = page(site.path(), "search/index.html");
    assert!(page.contains(r#"<a href="/search/" aria-current="page">Search</a>"#));
    assert!(page.contains(r#"data-index="/search.json""#));
}

#[test]
fn a_french_site_searches_in_french() {
    let site = build_fixture("fixtures/pages", Some("fr"));
    let page = page(site.path(), "search/index.html");
    for french in [
        "<title>Recherche · Pages fixture</title>",
        r#"<a href="/search/" aria-current="page">Recherche</a>"#,
        "<h1>Recherche</h1>",
        r#"<label for="search-q">Titre, lieu, groupe, thème ou description</label>"#,
        r#"<option value="">Tous les thèmes</option>"#,
        r#"<option value="in-person">Sur place</option>"#,
        r#"<button type="submit">Rechercher</button>"#,
        r#"data-months="janvier,février,mars,"#,
        r#"data-weekdays="lundi,mardi,"#,
        r#"data-first-day="1er""#,
        r#"data-many="{n} événements""#,
        r#"data-upcoming="Événements à venir""#,
        "<h2 id=\"browse\">Parcourir</h2>",
        "<li><a href=\"/calendar/2027/01/\">janvier 2027</a></li>",
    ] {
        assert!(page.contains(french), "no {french} in {page}");
    }
    for english in [
        "Search", "All tags", "Upcoming", "Browse", "January", "Monday",
    ] {
        assert!(!page.contains(english), "{english} in the French page");
    }
}

/// The search page lists an event as to come until it has ended: the
/// index gives the end of the occurrences that end on the build's day, and
/// of no others (every visitor downloads it). tests/browser.rs checks the
/// page with the browser's clock.
#[test]
fn the_index_gives_the_end_of_what_ends_on_the_day_of_the_build() {
    let site = site_from(&[&fixture("fixtures/search-today")]);
    let now = "2026-11-25T12:00:00+01:00";
    let out = meetcal(site.path(), &["build", "--now", now]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let index = index(site.path());
    let at = |t: &str| chrono::DateTime::parse_from_rfc3339(t).unwrap().timestamp();
    assert_eq!(index["now"], at(now));
    let ends = |slug: &str| entry(&index, slug).get("e").cloned();
    assert_eq!(
        ends("morning-coffee"),
        Some(serde_json::json!([[0, at("2026-11-25T10:00:00+01:00")]]))
    );
    assert_eq!(
        ends("afternoon-workshop"),
        Some(serde_json::json!([[0, at("2026-11-25T16:00:00+01:00")]]))
    );
    // Of two days, the second the build's.
    assert_eq!(
        ends("overnight-hackathon"),
        Some(serde_json::json!([[0, at("2026-11-25T11:00:00+01:00")]]))
    );
    // Of a series, the date on the build's day only.
    let standup = entry(&index, "weekly-standup");
    let position = dates(standup)
        .iter()
        .position(|d| d == "2026-11-25")
        .unwrap();
    assert_eq!(
        standup["e"],
        serde_json::json!([[position, at("2026-11-25T10:00:00+01:00")]])
    );
    assert_eq!(ends("tomorrow-night"), None);

    // The same content and --now give the same bytes.
    let again = site_from(&[&fixture("fixtures/search-today")]);
    let out = meetcal(again.path(), &["build", "--now", now]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        page(site.path(), "search.json"),
        page(again.path(), "search.json")
    );
}
