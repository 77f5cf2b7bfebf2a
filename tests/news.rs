//! News feeds and open data: RSS 2.0, JSON Feed and events.json, read by
//! independent parsers, with dates from the content's history.

mod common;

use common::*;
use regex::Regex;
use std::path::Path;
use std::process::Command;

const NOW: &str = "2027-01-05T12:00:00+01:00";

fn build(root: &Path, now: &str) {
    let out = meetcal(root, &["build", "--now", now]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

fn read(root: &Path, path: &str) -> String {
    std::fs::read_to_string(root.join("public").join(path)).unwrap_or_else(|_| panic!("no {path}"))
}

/// (title, pubDate, guid) of each RSS item, in order.
fn items(xml: &str) -> Vec<(String, String, String)> {
    let item = Regex::new(
        r#"(?s)<item>\s*<title>([^<]*)</title>.*?<guid isPermaLink="false">([^<]*)</guid>\s*<pubDate>([^<]*)</pubDate>"#,
    )
    .unwrap();
    item.captures_iter(xml)
        .map(|c| (c[1].to_string(), c[3].to_string(), c[2].to_string()))
        .collect()
}

#[test]
fn feeds_and_events_json_pass_feedparser_xml_and_the_schema() {
    if !require_tool(
        python_has("feedparser, jsonschema"),
        "Python with feedparser and jsonschema",
    ) {
        return;
    }
    for source in [
        Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        fixture("fixtures/pages/content"),
    ] {
        let site = tempfile::tempdir().unwrap();
        copy_tree(&source, &site.path().join("content"));
        build(site.path(), NOW);
        let base = std::fs::read_to_string(site.path().join("content/site.yaml"))
            .unwrap()
            .lines()
            .find_map(|l| l.strip_prefix("base_url: "))
            .map(|u| format!("{}/", u.trim().trim_end_matches('/')))
            .unwrap();
        let out = Command::new("python3")
            .arg(fixture("interop/feeds_check.py"))
            .arg(site.path().join("public"))
            .arg(&base)
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/schema/events.schema.json"))
            .output()
            .unwrap();
        let report = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert_eq!(out.status.code(), Some(0), "{}: {report}", source.display());
        assert!(report.contains(" 0 failure(s)"), "{report}");
    }
}

#[test]
fn items_are_events_ordered_by_their_first_commit() {
    let site = site_from(&[&fixture("fixtures/base")]);
    let root = site.path();
    git(root, &["init", "-q"], "2026-09-01T10:00:00+02:00");
    std::fs::rename(
        root.join("content/events/rust-night-2027-02-10.md"),
        root.join("rust-night.md"),
    )
    .unwrap();
    git(root, &["add", "content"], "2026-10-01T10:00:00+02:00");
    git(
        root,
        &["commit", "-q", "-m", "start"],
        "2026-10-01T10:00:00+02:00",
    );
    std::fs::rename(
        root.join("rust-night.md"),
        root.join("content/events/rust-night-2027-02-10.md"),
    )
    .unwrap();
    git(root, &["add", "content"], "2026-11-15T18:30:00+01:00");
    git(
        root,
        &["commit", "-q", "-m", "rust night"],
        "2026-11-15T18:30:00+01:00",
    );
    build(root, NOW);
    let feed = read(root, "feed.xml");
    let found = items(&feed);
    assert_eq!(
        found,
        [
            (
                "Wed 10 Feb 2027 · Rust night".to_string(),
                "Sun, 15 Nov 2026 17:30:00 +0000".to_string(),
                "rust-night-2027-02-10@cal.example.org".to_string()
            ),
            (
                "Thu 7 Jan 2027 · Open Coffee".to_string(),
                "Thu, 1 Oct 2026 08:00:00 +0000".to_string(),
                "open-coffee@cal.example.org".to_string()
            ),
        ],
        "newest announcement first, dated by its first commit"
    );
    assert!(feed.contains("<lastBuildDate>Sun, 15 Nov 2026 17:30:00 +0000</lastBuildDate>"));
    assert!(!feed.contains("2027-01-05"), "nothing comes from --now");

    // An edit later does not move the announcement; a rebuild later changes nothing.
    let path = root.join("content/events/open-coffee.md");
    let edited = std::fs::read_to_string(&path)
        .unwrap()
        .replace("Coffee and code", "Coffee, tea and code");
    std::fs::write(&path, edited).unwrap();
    git(
        root,
        &["commit", "-q", "-am", "edit"],
        "2026-12-01T09:00:00+01:00",
    );
    build(root, "2027-01-06T12:00:00+01:00");
    let after = items(&read(root, "feed.xml"));
    assert_eq!(after[1].1, "Thu, 1 Oct 2026 08:00:00 +0000");
    let json: serde_json::Value = serde_json::from_str(&read(root, "feed.json")).unwrap();
    assert_eq!(
        json["items"][1]["date_published"],
        "2026-10-01T08:00:00+00:00"
    );
    assert_eq!(
        json["items"][1]["date_modified"],
        "2026-12-01T08:00:00+00:00"
    );
}

/// `count` events `{prefix}-NNN` of group rust-paris, tagged `busy`, one a
/// day from `first` (YYYY-MM-DD), each with the same 600-character description.
fn add_events(root: &Path, prefix: &str, first: &str, count: usize) {
    let first = chrono::NaiveDate::parse_from_str(first, "%Y-%m-%d").unwrap();
    let description = "Talks, questions and a drink afterwards. ".repeat(15);
    for i in 0..count {
        let day = first + chrono::Days::new(i as u64);
        std::fs::write(
            root.join(format!("content/events/{prefix}-{i:03}.md")),
            format!(
                "---\ntitle: {prefix} {i:03}\nstart: {day} 19:00\ngroup: rust-paris\ntags: [busy]\n---\n{description}\n"
            ),
        )
        .unwrap();
    }
}

/// The items of a JSON Feed, as (title, id).
fn json_items(text: &str) -> Vec<(String, String)> {
    let feed: serde_json::Value = serde_json::from_str(text).unwrap();
    feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["title"].as_str().unwrap().into(),
                i["id"].as_str().unwrap().into(),
            )
        })
        .collect()
}

#[test]
fn a_feed_holds_the_latest_announcements_only() {
    const N: usize = meetcal::limits::NEWS_ITEMS;
    let site = site_from(&[&fixture("fixtures/base")]);
    let root = site.path();
    // Twice as many events as a feed holds, all upcoming. Outside git an
    // event counts as announced at its first start: the latest start first.
    add_events(root, "up", "2027-03-01", 2 * N);
    build(root, NOW);
    let newest: Vec<String> = (N..2 * N).rev().map(|i| format!("up {i:03}")).collect();
    for folder in ["", "groups/rust-paris/", "tags/busy/"] {
        let rss = items(&read(root, &format!("{folder}feed.xml")));
        let titles: Vec<&str> = rss
            .iter()
            .map(|i| i.0.split(" · ").last().unwrap())
            .collect();
        assert_eq!(
            titles, newest,
            "{folder}feed.xml: the {N} newest, newest first"
        );
        let json = json_items(&read(root, &format!("{folder}feed.json")));
        assert_eq!(
            json.iter().map(|i| (&i.0, &i.1)).collect::<Vec<_>>(),
            rss.iter().map(|i| (&i.0, &i.2)).collect::<Vec<_>>(),
            "{folder}feed.json: the same items as feed.xml"
        );
    }
    let titles: Vec<String> = items(&read(root, "feed.xml"))
        .into_iter()
        .map(|i| i.0)
        .collect();
    assert!(
        !titles
            .iter()
            .any(|t| t.ends_with("· Open Coffee") || t.ends_with("· Rust night")),
        "older announcements drop out, upcoming or not: {titles:?}"
    );
    let tag = items(&read(root, "tags/rust/feed.xml"));
    assert_eq!(tag.len(), 2, "a feed with fewer events lists them all");

    // Twice the calendar again: the feeds stay the same size.
    let before = (read(root, "feed.xml").len(), read(root, "feed.json").len());
    let data_before = read(root, "events.json").len();
    add_events(root, "later", "2027-09-01", 2 * N);
    build(root, NOW);
    let after = (read(root, "feed.xml").len(), read(root, "feed.json").len());
    assert!(read(root, "events.json").len() > data_before * 19 / 10);
    // events.json is written in windows of events, each in pieces: every
    // event is there once, in slug order, across their seams.
    let data: serde_json::Value = serde_json::from_str(&read(root, "events.json")).unwrap();
    let slugs = texts(&data["events"], "slug");
    assert!(slugs.windows(2).all(|pair| pair[0] < pair[1]), "{slugs:?}");
    for prefix in ["up-", "later-"] {
        let count = slugs.iter().filter(|s| s.starts_with(prefix)).count();
        assert_eq!(count, 2 * N, "{prefix}");
    }
    for (what, b, a) in [
        ("feed.xml", before.0, after.0),
        ("feed.json", before.1, after.1),
    ] {
        assert!(
            a.abs_diff(b) * 50 < b,
            "{what} grew from {b} to {a} bytes with the calendar"
        );
    }
    assert_eq!(
        items(&read(root, "feed.xml"))[0].0,
        "Thu 9 Dec 2027 · later 099",
        "the newest event of the larger calendar comes first"
    );
}

#[test]
fn with_git_a_feed_holds_the_latest_commits_ties_by_slug() {
    const N: usize = meetcal::limits::NEWS_ITEMS;
    let site = site_from(&[&fixture("fixtures/base")]);
    let root = site.path();
    add_events(root, "old", "2026-03-01", N);
    git(root, &["init", "-q"], "2026-10-01T10:00:00+02:00");
    git(root, &["add", "content"], "2026-10-01T10:00:00+02:00");
    git(
        root,
        &["commit", "-q", "-m", "start"],
        "2026-10-01T10:00:00+02:00",
    );
    add_events(root, "new", "2026-02-01", 10);
    git(root, &["add", "content"], "2026-11-02T10:00:00+01:00");
    git(
        root,
        &["commit", "-q", "-m", "more"],
        "2026-11-02T10:00:00+01:00",
    );
    build(root, NOW);
    let found = items(&read(root, "feed.xml"));
    let guids: Vec<&str> = found.iter().map(|i| i.2.as_str()).collect();
    let mut expected: Vec<String> = (0..10)
        .map(|i| format!("new-{i:03}@cal.example.org"))
        .collect();
    // The first commit's files tie: the first slugs win.
    expected.extend((0..N - 10).map(|i| format!("old-{i:03}@cal.example.org")));
    assert_eq!(guids, expected, "the latest commit first, then by slug");
    assert_eq!(found[0].1, "Mon, 2 Nov 2026 09:00:00 +0000");
    assert_eq!(found[N - 1].1, "Thu, 1 Oct 2026 08:00:00 +0000");
}

#[test]
fn pages_link_their_feeds_and_feeds_have_their_own_folders() {
    let site = site_from(&[&fixture("fixtures/pages")]);
    build(site.path(), NOW);
    let group = read(site.path(), "groups/rust-paris/index.html");
    assert!(group.contains(r#"<link rel="alternate" type="application/rss+xml" title="Pages fixture" href="https://cal.example.org/feed.xml">"#));
    assert!(group.contains(r#"href="https://cal.example.org/groups/rust-paris/feed.xml">"#));
    let tag = read(site.path(), "tags/coffee/feed.xml");
    assert_eq!(
        items(&tag).len(),
        1,
        "the tag feed has the one coffee series"
    );
    let events: serde_json::Value =
        serde_json::from_str(&read(site.path(), "events.json")).unwrap();
    let coffee = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["slug"] == "coffee")
        .unwrap();
    assert_eq!(coffee["start"], "2027-01-07T08:30:00+01:00");
    assert_eq!(coffee["recurring"], true);
    let dates = texts(&coffee["occurrences"], "start");
    assert_eq!(
        dates,
        [
            "2027-01-07T08:30:00+01:00",
            "2027-01-15T09:00:00+01:00",
            "2027-01-28T08:30:00+01:00",
            "2027-02-04T08:30:00+01:00",
            "2027-02-11T08:30:00+01:00"
        ]
    );
    assert_eq!(coffee["occurrences"][1]["venue"]["name"], "La Cantine");
    assert_eq!(coffee["occurrences"][2]["status"], "cancelled");
    // A changed date states what it shows; the others leave out what they
    // share with the event.
    let changed: Vec<bool> = coffee["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["changed"].as_bool().unwrap())
        .collect();
    assert_eq!(changed, [false, true, true, false, false]);
    for o in coffee["occurrences"].as_array().unwrap() {
        let fields = o.as_object().unwrap();
        for shared in ["title", "venue", "online", "is_online"] {
            assert_eq!(
                fields.contains_key(shared),
                o["changed"] == true,
                "{shared} in {o}"
            );
        }
    }
    assert_eq!(coffee["occurrences"][2]["title"], coffee["title"]);
    // An unchanged date, written field by field.
    assert_eq!(
        coffee["occurrences"][0],
        serde_json::json!({
            "date": "2027-01-07",
            "start": "2027-01-07T08:30:00+01:00",
            "end": coffee["end"],
            "status": "confirmed",
            "changed": false
        })
    );
    let picnic = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["slug"] == "maybe-picnic-2027-01-10")
        .unwrap();
    assert_eq!(picnic["all_day"], true);
    assert_eq!(picnic["end"], "2027-01-11");
    let headers = read(site.path(), "_headers");
    assert!(headers.contains("/events.json\n  Content-Type: application/json; charset=utf-8\n  Access-Control-Allow-Origin: *"));
    assert!(headers.contains("/feed.xml\n  Content-Type: application/rss+xml; charset=utf-8"));
}

#[test]
fn pages_offer_both_news_formats_titled_with_the_group_name() {
    let site = site_from(&[&fixture("fixtures/pages")]);
    build(site.path(), NOW);
    let group = read(site.path(), "groups/rust-paris/index.html");
    for (kind, file) in [
        ("application/rss+xml", "feed.xml"),
        ("application/feed+json", "feed.json"),
    ] {
        assert!(
            group.contains(&format!(r#"<link rel="alternate" type="{kind}" title="Pages fixture" href="https://cal.example.org/{file}">"#)),
            "the site's {file}"
        );
        assert!(
            group.contains(&format!(r#"<link rel="alternate" type="{kind}" title="Rust Paris · Pages fixture" href="https://cal.example.org/groups/rust-paris/{file}">"#)),
            "the group's {file}, named as the group is"
        );
    }
    let tag = read(site.path(), "tags/coffee/index.html");
    assert!(tag.contains(r##"type="application/feed+json" title="#coffee · Pages fixture" href="https://cal.example.org/tags/coffee/feed.json">"##));
}

#[test]
fn outside_git_no_feed_dates_an_announcement_in_the_future() {
    // Events starting after the build: their first start would be a date
    // in the future, which validators call implausible.
    let site = site_from(&[&fixture("fixtures/pages")]);
    let now = "2026-12-01T12:00:00+01:00";
    build(site.path(), now);
    let now = chrono::DateTime::parse_from_rfc3339(now).unwrap();
    let dates = Regex::new(r"<(pubDate|lastBuildDate)>([^<]*)</").unwrap();
    for feed in [
        "feed.xml",
        "groups/rust-paris/feed.xml",
        "tags/coffee/feed.xml",
    ] {
        let xml = read(site.path(), feed);
        let found: Vec<_> = dates.captures_iter(&xml).collect();
        assert!(found.len() > 1, "{feed} has dates");
        for date in found {
            let at = chrono::DateTime::parse_from_rfc2822(&date[2]).unwrap();
            assert!(
                at <= now,
                "{feed}: {} {} is after the build",
                &date[1],
                &date[2]
            );
        }
    }
    let json: serde_json::Value = serde_json::from_str(&read(site.path(), "feed.json")).unwrap();
    for item in json["items"].as_array().unwrap() {
        for key in ["date_published", "date_modified"] {
            let at = chrono::DateTime::parse_from_rfc3339(item[key].as_str().unwrap()).unwrap();
            assert!(at <= now, "feed.json {key} {at}");
        }
    }
}

/// events.json writes its strings by hand: whatever an organizer types
/// (quotes, backslashes, markup, any character) reads back the same.
#[test]
fn events_json_keeps_every_string_as_typed() {
    let site = site_from(&[&fixture("fixtures/base")]);
    let title = r#"Quote " and back\slash </script> \u0041 é 東京 🎉"#;
    std::fs::write(
        site.path().join("content/events/typed.md"),
        format!(
            "---\ntitle: '{title}'\nstart: 2027-01-14 19:00\nuid: 'odd\"uid\\@x.example'\n\
             url: https://x.example/?a=\"1\"&b=\\2\nlinks:\n  tickets: https://t.example/\"t\"\n  \
             cfp: https://c.example/\n---\nSay \"hi\" with a \\\\ and\ta tab.\n"
        ),
    )
    .unwrap();
    build(site.path(), NOW);
    let data: serde_json::Value = serde_json::from_str(&read(site.path(), "events.json")).unwrap();
    let event = data["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["slug"] == "typed")
        .expect("the event is listed");
    assert_eq!(event["title"], title);
    assert_eq!(event["uid"], "odd\"uid\\@x.example");
    assert_eq!(event["url"], "https://x.example/?a=\"1\"&b=\\2");
    assert_eq!(event["links"]["tickets"], "https://t.example/\"t\"");
    let raw = read(site.path(), "events.json");
    assert!(
        raw.contains(r#""links":{"cfp":"https://c.example/","tickets":"#),
        "links in the order of their kinds"
    );
    assert_eq!(
        event["description_html"],
        "<p>Say “hi” with a \\ and\ta tab.</p>\n"
    );
    assert_eq!(event["page"], "https://cal.example.org/events/typed/");
    assert_eq!(
        event["ics"],
        "https://cal.example.org/events/typed/event.ics"
    );
}

/// An item says when in the site's zone, as its title and the pages do,
/// with the event's own clock beside it when the event is elsewhere, and
/// the day there when it is not the site's day.
#[test]
fn an_item_in_another_zone_gives_both_clocks() {
    let site = sample_content_only();
    std::fs::write(
        site.path().join("content/events/tokyo-breakfast.md"),
        "---\ntitle: Tokyo breakfast\nstart: 2027-01-23 07:00\ntimezone: Asia/Tokyo\nonline: true\n---\nEarly.\n",
    )
    .unwrap();
    build(site.path(), "2026-11-25 12:00");
    let tokyo = "Friday 22 January 2027 at 23:00 (Sat 07:00 Asia/Tokyo)";
    assert!(read(site.path(), "feed.xml").contains(tokyo));
    assert!(read(site.path(), "feed.json").contains(tokyo));
    // Listed under Friday in the site's zone: the day there is Saturday.
    let home = read(site.path(), "index.html");
    let friday = home
        .split("<h2 ")
        .find(|day| day.contains("Friday 22 January"))
        .expect("a Friday 22 January in the agenda");
    assert!(
        friday.contains(">23:00 (Sat 07:00 Asia/Tokyo)</time>"),
        "{friday}"
    );
    let feed = read(site.path(), "feed.xml");
    assert!(
        feed.contains("Wednesday 20 January 2027 at 18:00 (12:00 America/Toronto)"),
        "the Montréal exchange's item"
    );
    assert!(!feed.contains("Wednesday 20 January 2027 at 12:00"));
    let json = read(site.path(), "feed.json");
    assert!(json.contains("Wednesday 20 January 2027 at 18:00 (12:00 America/Toronto)"));
}

/// A footnote's link is `#fn-1` on the event's page; in a feed or in
/// `events.json`, read away from that page, it points at the page's note.
#[test]
fn footnote_links_away_from_the_page_point_at_the_page() {
    let site = site_from(&[&fixture("fixtures/base")]);
    std::fs::write(
        site.path().join("content/events/noted.md"),
        "---\ntitle: Noted\nstart: 2027-01-14 19:00\n---\nBring ID.[^id]\n\n[^id]: A passport will do.\n",
    )
    .unwrap();
    // A link written to a note, in Markdown and in HTML, with no note.
    std::fs::write(
        site.path().join("content/events/pointed.md"),
        "---\ntitle: Pointed\nstart: 2027-01-15 19:00\n---\nSee [this](#fn-2), <a href=\"#fn-3\">that</a>.\n",
    )
    .unwrap();
    build(site.path(), NOW);
    let rss = read(site.path(), "feed.xml");
    for n in [2, 3] {
        let link = format!("a href=&quot;https://cal.example.org/events/pointed/#fn-{n}&quot;");
        assert!(rss.contains(&link), "{rss}");
    }
    let note = "https://cal.example.org/events/noted/#fn-1";
    let page = read(site.path(), "events/noted/index.html");
    assert!(page.contains("<a href=\"#fn-1\">1</a>"), "{page}");
    assert!(page.contains("id=\"fn-1\""), "{page}");
    let rss = read(site.path(), "feed.xml");
    assert!(rss.contains(&format!("a href=&quot;{note}&quot;")), "{rss}");
    assert!(!rss.contains("href=&quot;#fn-"), "{rss}");
    let feed: serde_json::Value = serde_json::from_str(&read(site.path(), "feed.json")).unwrap();
    let item = feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["url"] == "https://cal.example.org/events/noted/")
        .expect("the event has an item");
    assert!(
        item["content_html"]
            .as_str()
            .unwrap()
            .contains(&format!("<a href=\"{note}\">1</a>")),
        "{item}"
    );
    let data: serde_json::Value = serde_json::from_str(&read(site.path(), "events.json")).unwrap();
    let event = data["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["slug"] == "noted")
        .expect("the event is listed");
    let html = event["description_html"].as_str().unwrap();
    assert!(
        html.contains(&format!("<a href=\"{note}\">1</a>")),
        "{html}"
    );
    assert!(html.contains("<li id=\"fn-1\">"), "{html}");
}

/// An event of several days says when it ends: a conference is not on its
/// first day alone.
#[test]
fn an_item_of_several_days_says_when_it_ends() {
    let site = sample_content_only();
    let events = site.path().join("content/events");
    std::fs::write(
        events.join("spring-conference.md"),
        "---\ntitle: Spring conference\nstart: 2027-03-18\nend: 2027-03-20\nonline: true\n---\nThree days.\n",
    )
    .unwrap();
    std::fs::write(
        events.join("hackathon.md"),
        "---\ntitle: Hackathon\nstart: 2027-02-05 18:00\nend: 2027-02-06 18:00\nonline: true\n---\nA night.\n",
    )
    .unwrap();
    // Elsewhere: the event's own clock beside each end, as on its page.
    std::fs::write(
        events.join("new-york-jam.md"),
        "---\ntitle: New York jam\nstart: 2027-02-10 20:00\nend: 2027-02-11 20:00\n\
         timezone: America/New_York\nonline: true\n---\nA day.\n",
    )
    .unwrap();
    build(site.path(), "2026-11-25 12:00");
    for feed in ["feed.xml", "feed.json"] {
        let feed = read(site.path(), feed);
        assert!(
            feed.contains("Thursday 18 March 2027 – Saturday 20 March 2027"),
            "{feed}"
        );
        assert!(
            feed.contains(
                "Thursday 11 February 2027 at 02:00 (Wed 20:00 America/New_York) – \
                 Friday 12 February 2027 at 02:00 (Thu 20:00 America/New_York)"
            ),
            "{feed}"
        );
        assert!(
            feed.contains("Friday 5 February 2027 at 18:00 – Saturday 6 February 2027 at 18:00"),
            "{feed}"
        );
    }
    // One day: its date alone.
    let feed = read(site.path(), "feed.xml");
    assert!(!feed.contains("at 19:00 – "), "{feed}");
}
