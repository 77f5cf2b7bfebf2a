//! The site's scripts and framing rules at work in headless Chromium: the
//! search page as visitors use it (tests/browser/search.mjs), its reload
//! under `meetcal serve`, an event listed as to come until it has ended,
//! the time in the visitor's own zone, and embeds framed by other sites.
//!
//! Like tests/browser.rs, these need Debian's `chromium` and `npm ci` at
//! the repository root; in CI a missing tool fails the test, locally it is
//! reported loudly. Run them alone with
//! `cargo test --test browser_scripts -- --nocapture`.

mod common;

use common::browser::*;
use common::static_site::serve;
use common::*;
use regex::Regex;
use std::io::Write;
use std::net::TcpListener;

/// The search page in Chromium (tests/browser/search.mjs): typing narrows
/// the results, a shared address restores them, the keyboard alone is
/// enough, axe finds nothing, the page leads everywhere without JavaScript,
/// a French site's page is in French, and a hostile title stays text.
#[test]
fn the_search_page_works_as_visitors_use_it() {
    if !browser_ready() {
        return;
    }
    let english = TcpListener::bind("127.0.0.1:0").unwrap();
    let english_url = format!("http://{}/", english.local_addr().unwrap());
    let (_dir, public) = build_sample(&english_url);
    serve(english, public);

    let french = TcpListener::bind("127.0.0.1:0").unwrap();
    let french_url = format!("http://{}/", french.local_addr().unwrap());
    let content = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("content"), content.path());
    let site_yaml = content.path().join("site.yaml");
    let settings = std::fs::read_to_string(&site_yaml).unwrap();
    assert!(settings.contains("language: en\n"), "{settings}");
    std::fs::write(
        &site_yaml,
        settings.replace("language: en\n", "language: fr\n"),
    )
    .unwrap();
    let (_french_dir, french_public) = build_content(content.path(), &french_url);
    serve(french, french_public);

    let fixture_server = TcpListener::bind("127.0.0.1:0").unwrap();
    let fixture_url = format!("http://{}/", fixture_server.local_addr().unwrap());
    let (_fixture_dir, fixture_public) =
        build_content(&fixture("fixtures/pages/content"), &fixture_url);
    serve(fixture_server, fixture_public);

    // A folder of its own: the other test clears target/screenshots/ as it starts.
    let screenshots = repo().join("target/screenshots/search");
    let _ = std::fs::remove_dir_all(&screenshots);
    let out = browser_script("tests/browser/search.mjs")
        .arg(&english_url)
        .arg(&french_url)
        .arg(&fixture_url)
        .arg(&screenshots)
        .output()
        .expect("node runs");
    let report = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(
        out.status.success(),
        "the search page checks failed (each FAIL line says what):\n{report}"
    );
    println!("{report}");
}

/// `meetcal serve` adds its reload script to every page: it still runs, with
/// the search page's own, when the page has the site's policy (serve sends
/// none), and an edit reloads the page on the same search
/// (tests/browser/reload.mjs).
#[test]
fn under_serve_the_search_page_reloads_after_an_edit_within_the_sites_policy() {
    if !browser_ready() {
        return;
    }
    let site = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("content"), &site.path().join("content"));
    let server = common::server::Server::start(site.path(), NOW);
    let file = site
        .path()
        .join("content/events/xp/global-day-of-coderetreat-2026.md");
    let out = browser_script("tests/browser/reload.mjs")
        .arg(server.url())
        .arg(&file)
        .arg(meetcal::render::hosting::CONTENT_SECURITY_POLICY)
        .output()
        .expect("node runs");
    let report = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(
        out.status.success(),
        "the search page under meetcal serve failed:\n{report}\nserve said:\n{}",
        server.log()
    );
    println!("{report}");
}

/// The search page lists an event as to come until it has ended, by the
/// visitor's clock (or the build's, when that is later): an event over
/// this morning is past this afternoon, though the index counts days.
#[test]
fn the_search_page_lists_an_event_as_to_come_until_it_has_ended() {
    if !browser_ready() {
        return;
    }
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}/", listener.local_addr().unwrap());
    // Built for noon in Paris on 25 November 2026 (NOW).
    let (_dir, public) = build_content(&fixture("fixtures/search-today/content"), &base_url);
    serve(listener, public);
    let (noon, evening, early) = (
        "2026-11-25T12:00:00+01:00",
        "2026-11-25T18:00:00+01:00",
        "2026-11-25T06:00:00+01:00",
    );
    assert_eq!(noon, NOW);
    let out = browser_script("tests/browser/search_clock.mjs")
        .arg(format!("{base_url}search/"))
        .args([noon, evening, early])
        .output()
        .expect("node runs");
    let report = text(&out.stdout);
    assert!(out.status.success(), "{report}{}", text(&out.stderr));
    let listed = |instant: &str| {
        report
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{instant}\t")))
            .unwrap_or_else(|| panic!("no line for {instant}: {report}"))
            .to_string()
    };
    // At noon the morning's events are over; the afternoon's is to come.
    let at_noon = "upcoming: Afternoon workshop 2026-11-25, Tomorrow night 2026-11-26, \
                   Weekly standup 2026-12-02\t\
                   past: Morning coffee 2026-11-25, Overnight hackathon 2026-11-24";
    assert_eq!(listed(noon), at_noon);
    // At 18:00 the afternoon's is over too, the same day.
    assert_eq!(
        listed(evening),
        "upcoming: Tomorrow night 2026-11-26, Weekly standup 2026-12-02\t\
         past: Afternoon workshop 2026-11-25, Morning coffee 2026-11-25, \
         Overnight hackathon 2026-11-24"
    );
    // A clock behind the build's brings back nothing the pages list as past.
    assert_eq!(listed(early), at_noon);
}

#[test]
fn an_event_page_adds_the_time_in_the_visitors_own_zone() {
    if !browser_ready() {
        return;
    }
    let (listener, base_url, _dir, public) = sample_on_a_port();
    // The sample's online exchange is held at 12:00 in Toronto.
    let event = "events/montreal-paris-a11y-exchange/";
    let html = std::fs::read_to_string(public.join(event).join("index.html")).unwrap();
    assert!(
        html.contains("(America/Toronto, UTC−05:00)"),
        "without JavaScript the page gives the event's zone and offset"
    );
    serve(listener, public);
    let out = browser_script("tests/browser/local_time.mjs")
        .arg(format!("{base_url}{event}"))
        .args([
            "Asia/Tokyo",
            "America/Toronto",
            "Europe/Paris",
            "America/Los_Angeles",
        ])
        .output()
        .expect("node runs");
    let report = text(&out.stdout);
    assert!(out.status.success(), "{report}{}", text(&out.stderr));
    let fields = |zone: &str| {
        let line = report
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{zone}\t")))
            .unwrap_or_else(|| panic!("no line for {zone}: {report}"));
        let (note, when) = line.split_once('\t').unwrap_or_else(|| panic!("{line}"));
        (note.to_string(), when.to_string())
    };
    let note = |zone: &str| fields(zone).0;
    // 12:00 in Toronto on 20 January is 02:00 the next day in Tokyo, in the
    // site's order of day and month, though the visitor's browser is American.
    assert!(note("Asia/Tokyo").contains("02:00"), "{report}");
    assert!(note("Asia/Tokyo").contains("21 January"), "{report}");
    assert!(
        note("Asia/Tokyo").ends_with("(your time, Asia/Tokyo)"),
        "{report}"
    );
    // Below the event's own time, end and zone, not between start and end.
    let (tokyo, when) = fields("Asia/Tokyo");
    assert!(when.ends_with(&tokyo), "{when}");
    assert!(when.contains("UTC−05:00)"), "{when}");
    assert!(when.find("UTC−05:00)") < when.find(&tokyo), "{when}");
    assert_eq!(
        note("America/Toronto"),
        "",
        "the visitor is in the event's zone"
    );
    // The site's zone: the page gives its time already, below the event's.
    assert_eq!(note("Europe/Paris"), "", "{report}");
    assert!(
        fields("Europe/Paris").1.ends_with("18:00 (Europe/Paris)"),
        "{report}"
    );
    assert!(note("America/Los_Angeles").contains("09:00"), "{report}");

    // In Canadian French, whose own format is `02 h 00`, the time is
    // written as the page writes it.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}/", listener.local_addr().unwrap());
    let (_dir, public) = build_sample_in("fr-CA", &base_url);
    serve(listener, public);
    let out = browser_script("tests/browser/local_time.mjs")
        .arg(format!("{base_url}{event}"))
        .arg("Asia/Tokyo")
        .output()
        .expect("node runs");
    let report = text(&out.stdout);
    assert!(out.status.success(), "{report}{}", text(&out.stderr));
    assert!(
        report.contains("jeudi 21 janvier à 02:00 (votre heure, Asia/Tokyo)"),
        "{report}"
    );
}

#[test]
fn another_site_can_frame_an_embed_and_nothing_else() {
    if !browser_ready() {
        return;
    }
    let (listener, base_url, _dir, public) = sample_on_a_port();
    let group = std::fs::read_dir(public.join("groups"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|folder| folder.join("embed/index.html").is_file())
        .map(|folder| folder.file_name().unwrap().to_string_lossy().into_owned())
        .min()
        .expect("a group embed");
    // The group page offers the snippet that frames the embed.
    let group_page =
        std::fs::read_to_string(public.join("groups").join(&group).join("index.html")).unwrap();
    let embed_url = format!("{base_url}groups/{group}/embed/");
    assert!(
        group_page.contains(&format!("&lt;iframe src=&quot;{embed_url}&quot;")),
        "the snippet to copy"
    );
    serve(listener, public.clone());

    // Another origin: another port, with a page framing the calendar.
    let outer = TcpListener::bind("127.0.0.1:0").unwrap();
    let outer_url = format!("http://{}/", outer.local_addr().unwrap());
    let html = format!(
        "<!DOCTYPE html><title>A group's site</title>\
         <iframe name=\"embed\" src=\"{embed_url}\"></iframe>\
         <iframe name=\"page\" src=\"{base_url}groups/{group}/\"></iframe>"
    );
    std::thread::spawn(move || {
        for stream in outer.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buffer = [0u8; 2048];
            let _ = std::io::Read::read(&mut stream, &mut buffer);
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{html}",
                html.len()
            );
        }
    });
    let out = browser_script("tests/browser/embed.mjs")
        .arg(&outer_url)
        .output()
        .expect("node runs");
    let report = text(&out.stdout);
    assert!(out.status.success(), "{report}{}", text(&out.stderr));
    let framed = |name: &str| {
        report
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name}\t")))
            .unwrap_or_default()
            .to_string()
    };
    let embed = framed("embed");
    let name = Regex::new(r#"<h1 dir="auto">([^<]+)</h1>"#)
        .unwrap()
        .captures(&group_page)
        .unwrap()[1]
        .to_string();
    assert!(embed.contains(&name), "the embed renders: {report}");
    assert!(
        embed.contains("More events"),
        "with its link to the group page: {report}"
    );
    assert!(
        !framed("page").contains(&name),
        "an ordinary page refuses to be framed: {report}"
    );
}
