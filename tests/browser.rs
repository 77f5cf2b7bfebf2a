//! The built site checked as a browser and a validator see it.
//!
//! - Every generated page is valid HTML5 for the Nu HTML checker (vnu), and
//!   the stylesheet is valid CSS.
//! - The home, event, month and group pages, the indexes and the search
//!   page have no axe-core violations in headless Chromium, at phone and
//!   desktop widths, in light and dark mode, and show their content with
//!   JavaScript off. Screenshots of them land in `target/screenshots/`.
//! - Long words in names and titles wrap on phones and in embeds, a
//!   description's wide table scrolls without splitting its words, every
//!   page names its icon, and a page printed in dark mode prints dark on
//!   white (tests/browser/layout.mjs).
//!
//! These need Java, Debian's `chromium` and `npm ci` at the repository root
//! (`.ci/run` installs them). In CI a missing tool fails the test; locally it
//! is reported loudly. Run them alone with
//! `cargo test --test browser -- --nocapture`. The site's scripts at work
//! (search, local times, embeds) are tests/browser_scripts.rs's.

mod common;

use common::browser::*;
use common::static_site::serve;
use common::*;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

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
