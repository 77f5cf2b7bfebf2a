//! Finding one's way: every page and site file is built, every link within
//! the site leads to a built file, and the navigation marks where a
//! visitor is.

mod common;

use common::pages::{build, page, NOW};
use common::*;
use regex::Regex;
use std::path::Path;

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
