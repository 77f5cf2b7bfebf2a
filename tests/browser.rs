//! The built site checked as a browser and a validator see it.
//!
//! - Every generated page is valid HTML5 for the Nu HTML checker (vnu), and
//!   the stylesheet is valid CSS.
//! - The home, event, month and group pages, the indexes and the search
//!   page have no axe-core violations in headless Chromium, at phone and
//!   desktop widths, in light and dark mode, and show their content with
//!   JavaScript off. Screenshots of them land in `target/screenshots/`.
//! - The search page works as visitors use it (tests/browser/search.mjs).
//! - Long words in names and titles wrap on phones and in embeds, a
//!   description's wide table scrolls without splitting its words, every
//!   page names its icon, and a page printed in dark mode prints dark on
//!   white (tests/browser/layout.mjs).
//!
//! These need Java, Debian's `chromium` and `npm ci` at the repository root
//! (`.ci/run` installs them). In CI a missing tool fails the test; locally it
//! is reported loudly. Run them alone with
//! `cargo test --test browser -- --nocapture`.

mod common;

use common::static_site::serve;
use common::*;
use regex::Regex;
use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

const NOW: &str = "2026-11-25T12:00:00+01:00";
const CHROMIUM: &str = "/usr/bin/chromium";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A script of tests/browser/, run by node against the system's Chromium.
fn browser_script(script: &str) -> Command {
    let mut node = Command::new("node");
    node.current_dir(repo())
        .arg(script)
        .env("MEETCAL_CHROMIUM", CHROMIUM);
    node
}

fn vnu_jar() -> PathBuf {
    repo().join("node_modules/vnu-jar/build/dist/vnu.jar")
}

fn java_runs() -> bool {
    Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn node_packages_installed() -> bool {
    vnu_jar().is_file()
        && ["axe-core", "playwright-core"]
            .iter()
            .all(|p| repo().join("node_modules").join(p).is_dir())
        && Command::new("node")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
}

/// The sample calendar (the repository's own `content/`) built with `--now`
/// fixed and the given base URL. Returns the temporary folder and the site.
fn build_sample(base_url: &str) -> (tempfile::TempDir, PathBuf) {
    build_content(&repo().join("content"), base_url)
}

/// The sample calendar in French.
fn build_french_sample(base_url: &str) -> (tempfile::TempDir, PathBuf) {
    build_sample_in("fr", base_url)
}

/// The sample calendar in `language`.
fn build_sample_in(language: &str, base_url: &str) -> (tempfile::TempDir, PathBuf) {
    let content = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("content"), content.path());
    let site = content.path().join("site.yaml");
    let yaml = std::fs::read_to_string(&site).unwrap();
    assert!(yaml.contains("language: en\n"), "the sample is in English");
    let written = format!("language: {language}\n");
    std::fs::write(&site, yaml.replace("language: en\n", &written)).unwrap();
    build_content(content.path(), base_url)
}

/// Any calendar's `content/` folder, built like the sample.
fn build_content(content: &Path, base_url: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(content, &dir.path().join("content"));
    let public = dir.path().join("public");
    let out = meetcal(
        dir.path(),
        &[
            "build",
            "--now",
            NOW,
            "--base-url",
            base_url,
            "--out",
            public.to_str().unwrap(),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "meetcal build failed:\n{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    (dir, public)
}

/// Chromium and the node packages, or a loud message (a failure in CI).
fn browser_ready() -> bool {
    require_tool(Path::new(CHROMIUM).is_file(), CHROMIUM)
        && require_tool(
            node_packages_installed(),
            "node with node_modules (`npm ci`: vnu-jar, axe-core, playwright-core)",
        )
}

/// The sample calendar built for a port of its own, and the listener to
/// serve it on: pages link to their stylesheet by its absolute URL, so the
/// port is known before the build.
fn sample_on_a_port() -> (TcpListener, String, tempfile::TempDir, PathBuf) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}/", listener.local_addr().unwrap());
    let (dir, public) = build_sample(&base_url);
    (listener, base_url, dir, public)
}

fn files_with_extension(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    files
}

#[test]
fn every_generated_page_is_valid_html_for_the_nu_checker() {
    if !require_tool(java_runs(), "Java (for the Nu HTML checker)")
        || !require_tool(
            node_packages_installed(),
            "node with node_modules (`npm ci`: vnu-jar, axe-core, playwright-core)",
        )
    {
        return;
    }
    let (_dir, public) = build_sample("http://127.0.0.1:8000/");
    // The page fixture adds hostile text, a moved and a cancelled occurrence.
    let (_fixture_dir, fixture_public) =
        build_content(&fixture("fixtures/pages/content"), "http://127.0.0.1:8000/");
    let (_french_dir, french_public) = build_french_sample("http://127.0.0.1:8000/");
    let mut pages = files_with_extension(&public, "html");
    pages.extend(files_with_extension(&fixture_public, "html"));
    pages.extend(files_with_extension(&french_public, "html"));
    assert!(!pages.is_empty(), "the build wrote no HTML page");
    let stylesheets = files_with_extension(&public, "css");

    let out = Command::new("java")
        .arg("-jar")
        .arg(vnu_jar())
        .args(["--errors-only", "--format", "json", "--also-check-css"])
        .args(&pages)
        .args(&stylesheets)
        .output()
        .expect("java runs");
    // vnu writes its JSON report to stderr.
    let report: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap_or_else(|e| {
        panic!(
            "vnu printed no JSON report ({e}):\n{}{}",
            text(&out.stdout),
            text(&out.stderr)
        )
    });
    let errors: Vec<String> = report["messages"]
        .as_array()
        .expect("vnu's report has messages")
        .iter()
        .filter(|m| m["type"] != "info")
        .map(|m| {
            let url = m["url"].as_str().unwrap_or("?");
            let file = url
                .strip_prefix("file:")
                .map(Path::new)
                .and_then(|p| {
                    p.strip_prefix(&public)
                        .or_else(|_| p.strip_prefix(&fixture_public))
                        .ok()
                })
                .map_or(url.to_string(), |p| p.display().to_string());
            format!(
                "{file}:{}:{}: {}: {}\n    {}",
                m["lastLine"],
                m["firstColumn"].as_u64().unwrap_or(0),
                m["type"].as_str().unwrap_or("error"),
                m["message"].as_str().unwrap_or("?"),
                m["extract"].as_str().unwrap_or("").replace('\n', "⏎"),
            )
        })
        .collect();
    assert!(
        errors.is_empty(),
        "the Nu HTML checker found {} error(s) in the built site:\n{}",
        errors.len(),
        errors.join("\n")
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    println!(
        "vnu: 0 errors in {} page(s) and {} stylesheet(s)",
        pages.len(),
        stylesheets.len()
    );
}

/// The pages a visitor meets first, found in the built site: the home page,
/// then the first event, month and group page, and the indexes of events,
/// tags and venues. A kind the site does not have
/// yet is skipped with a loud message.
fn pages_to_check(public: &Path) -> Vec<(&'static str, String)> {
    fn first_page(public: &Path, pattern: &[&str]) -> Option<String> {
        // `pattern` is a folder path where "*" matches any one folder name.
        let mut folders = vec![PathBuf::new()];
        for part in pattern {
            let mut next = Vec::new();
            for folder in &folders {
                if *part == "*" {
                    let Ok(entries) = std::fs::read_dir(public.join(folder)) else {
                        continue;
                    };
                    let mut names: Vec<_> = entries
                        .map(Result::unwrap)
                        .filter(|e| e.file_type().unwrap().is_dir())
                        .map(|e| folder.join(e.file_name()))
                        .collect();
                    names.sort();
                    next.extend(names);
                } else {
                    next.push(folder.join(part));
                }
            }
            folders = next;
        }
        folders
            .into_iter()
            .find(|f| public.join(f).join("index.html").is_file())
            .map(|f| format!("/{}/", f.display()))
    }

    let mut pages = vec![("home", "/".to_string())];
    // The month of `--now` shows upcoming events; any month will do otherwise.
    let month = Some(format!("/calendar/{}/{}/", &NOW[..4], &NOW[5..7]))
        .filter(|m| public.join(&m[1..]).join("index.html").is_file())
        .or_else(|| first_page(public, &["calendar", "*", "*"]));
    for (kind, found) in [
        ("event", first_page(public, &["events", "*"])),
        ("month", month),
        ("group", first_page(public, &["groups", "*"])),
        ("events", first_page(public, &["events"])),
        ("tags", first_page(public, &["tags"])),
        ("venues", first_page(public, &["venues"])),
        ("embed", first_page(public, &["groups", "*", "embed"])),
        ("search", first_page(public, &["search"])),
    ] {
        match found {
            Some(path) => pages.push((kind, path)),
            None => eprintln!(
                "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\
                 !!! The site has no {kind} page yet: it was NOT checked in Chromium.\n\
                 !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
            ),
        }
    }
    pages
}

#[test]
fn key_pages_have_no_axe_violations_in_chromium_and_work_without_javascript() {
    if !browser_ready() {
        return;
    }
    let (listener, base_url, _dir, public) = sample_on_a_port();
    let pages = pages_to_check(&public);
    serve(listener, public.clone());

    let screenshots = repo().join("target/screenshots");
    if let Ok(old) = std::fs::read_dir(&screenshots) {
        for entry in old.map(Result::unwrap) {
            if entry.path().extension().is_some_and(|e| e == "png") {
                std::fs::remove_file(entry.path()).unwrap();
            }
        }
    }
    // The same pages of the French site, served on a port of its own.
    let french = TcpListener::bind("127.0.0.1:0").unwrap();
    let french_url = format!("http://{}/", french.local_addr().unwrap());
    let (_french_dir, french_public) = build_french_sample(&french_url);
    let french_pages = pages_to_check(&french_public);
    assert_eq!(
        french_pages.len(),
        pages.len(),
        "the French site has every page"
    );
    serve(french, french_public);
    let mut report = String::new();
    for (base, pages, prefix) in [(&base_url, &pages, ""), (&french_url, &french_pages, "fr-")] {
        let out = browser_script("tests/browser/check.mjs")
            .arg(base)
            .arg(&screenshots)
            .args(
                pages
                    .iter()
                    .map(|(name, path)| format!("{prefix}{name}={path}")),
            )
            .output()
            .expect("node runs");
        let said = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert!(
            out.status.success(),
            "the browser checks failed (each FAIL line names the page, viewport and rule):\n{said}"
        );
        report.push_str(&said);
    }
    println!("{report}");
    println!("screenshots: {}", screenshots.display());
}

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

/// A name or a title that is one long word, 120 letters without a
/// hyphen to break at: what a visitor cannot be trusted not to type.
fn long_word() -> String {
    "Supercalifragilisticexpialidocious".repeat(4)[..120].to_string()
}

/// Pages that show long group and venue names and event titles, where a
/// flex item or a block of code used to widen the page past a phone's
/// width or an embed's frame (tests/browser/layout.mjs): at any width, no
/// page scrolls sideways or leaves the browser to ask for a missing
/// /favicon.ico, a description's table keeps its words whole, a title or
/// description in Arabic reads right to left, and printed from a screen in
/// dark mode, pages are dark text on white.
#[test]
fn long_words_wrap_no_page_lacks_an_icon_and_pages_print_dark_on_white() {
    if !browser_ready() {
        return;
    }
    let long = long_word();
    let content = tempfile::tempdir().unwrap();
    copy_tree(&fixture("fixtures/pages/content"), content.path());
    let write = |path: &str, text: String| std::fs::write(content.path().join(path), text).unwrap();
    write(
        "groups/long.md",
        format!("---\nname: {long}\n---\nA group.\n"),
    );
    write(
        "venues/long.yaml",
        format!("name: {long}\naddress: 1 rue {long}\n"),
    );
    write(
        "events/long-2027-01-13.md",
        format!(
            "---\ntitle: {long}\nstart: 2027-01-13 19:00\ngroup: long\nvenue: long\n\
             tags: [talks]\n---\nA talk.\n"
        ),
    );
    // A programme wider than a phone: its words stay whole, and it
    // scrolls on its own.
    write(
        "events/programme-2027-01-14.md",
        format!(
            "---\ntitle: Programme\nstart: 2027-01-14 18:30\n---\n{long}\n\n\
             | Heure | Présentation | Conférencière | Salle | Langue |\n\
             |---|---|---|---|---|\n\
             | 18:30 | Interopérabilité des systèmes gouvernementaux | Marie-Ève Tremblay | Amphithéâtre | français |\n\
             | 19:15 | L’apprentissage automatique responsable | Anne-Sophie Bérubé | Bibliothèque | anglais |\n"
        ),
    );
    // The same programme pasted as HTML: framed as the Markdown one is.
    write(
        "events/raw-programme-2027-01-16.md",
        format!(
            "---\ntitle: Raw programme\nstart: 2027-01-16 18:30\n---\n{long}\n\n\
             <table><tr><th>Heure</th><th>Présentation</th><th>Conférencière</th><th>Salle</th></tr>\
             <tr><td>18:30</td><td>Interopérabilité des systèmes gouvernementaux</td><td>Marie-Ève Tremblay</td><td>Amphithéâtre</td></tr></table>\n"
        ),
    );
    // Arabic with a word in Latin letters: read right to left all the same,
    // in an event's title, a group's and a venue's name, and their
    // descriptions.
    write(
        "groups/arabic.md",
        format!("---\nname: مجتمع Rust في باريس\n---\nلقاءات شهرية حول Rust. {long}\n"),
    );
    write(
        "venues/arabic.yaml",
        format!("name: بيت البرمجة\naddress: 12 rue de Rivoli, 75004 Paris\ndescription: قاعة في الطابق الأول. {long}\n"),
    );
    write(
        "events/arabic-2027-01-15.md",
        format!(
            "---\ntitle: أمسية Rust في باريس\nstart: 2027-01-15 19:00\ngroup: arabic\nvenue: arabic\n---\n\
             محاضرتان عن Rust، ثم نقاش مفتوح. {long}\n"
        ),
    );
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}/", listener.local_addr().unwrap());
    let (_dir, public) = build_content(content.path(), &base_url);
    let pages = [
        "/",
        "/events/long-2027-01-13/",
        "/events/arabic-2027-01-15/",
        "/events/programme-2027-01-14/",
        "/events/raw-programme-2027-01-16/",
        "/groups/long/",
        "/venues/long/",
        "/groups/arabic/",
        "/venues/arabic/",
        "/tags/talks/",
        "/groups/long/embed/",
        "/venues/long/embed/",
        "/tags/talks/embed/",
        "/search/",
        "/subscribe/",
        "/calendar/2027/01/",
    ];
    for path in pages {
        let file = public.join(&path[1..]).join("index.html");
        let html = std::fs::read_to_string(&file).unwrap_or_else(|_| panic!("{path}"));
        assert!(html.contains(&long), "{path} shows the long word");
    }
    serve(listener, public);
    let out = browser_script("tests/browser/layout.mjs")
        .arg(&base_url)
        .args(pages)
        .output()
        .expect("node runs");
    let report = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(
        out.status.success(),
        "the layout checks failed (each FAIL line names the page and width):\n{report}"
    );
    println!("{report}");
}
