//! The built site checked as a browser and a validator see it.
//!
//! - Every generated page is valid HTML5 for the Nu HTML checker (vnu), and
//!   the stylesheet is valid CSS.
//! - The home, event, month and group pages, the indexes and the search
//!   page have no axe-core violations in headless Chromium, at phone and
//!   desktop widths, in light and dark mode, and show their content with
//!   JavaScript off. Screenshots of them land in `target/screenshots/`.
//! - The search page works as visitors use it (tests/browser/search.mjs).
//!
//! These need Java, Debian's `chromium` and `npm ci` at the repository root
//! (`.ci/run` installs them). In CI a missing tool fails the test; locally it
//! is reported loudly. Run them alone with
//! `cargo test --test browser -- --nocapture`.

mod common;

use common::*;
use regex::Regex;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const NOW: &str = "2026-11-25T12:00:00+01:00";
const CHROMIUM: &str = "/usr/bin/chromium";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
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
    let mut pages = files_with_extension(&public, "html");
    pages.extend(files_with_extension(&fixture_public, "html"));
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
    if !require_tool(Path::new(CHROMIUM).is_file(), CHROMIUM)
        || !require_tool(
            node_packages_installed(),
            "node with node_modules (`npm ci`: vnu-jar, axe-core, playwright-core)",
        )
    {
        return;
    }
    // The port must be known before the build, because pages link to the
    // stylesheet by its absolute URL.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}/", listener.local_addr().unwrap());
    let (_dir, public) = build_sample(&base_url);
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
    let out = Command::new("node")
        .current_dir(repo())
        .arg("tests/browser/check.mjs")
        .arg(&base_url)
        .arg(&screenshots)
        .args(pages.iter().map(|(name, path)| format!("{name}={path}")))
        .env("MEETCAL_CHROMIUM", CHROMIUM)
        .output()
        .expect("node runs");
    let report = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(
        out.status.success(),
        "the browser checks failed (each FAIL line names the page, viewport and rule):\n{report}"
    );
    println!("{report}");
    println!("screenshots: {}", screenshots.display());
}

/// The search page in Chromium (tests/browser/search.mjs): typing narrows
/// the results, a shared address restores them, the keyboard alone is
/// enough, axe finds nothing, the page leads everywhere without JavaScript,
/// a French site's page is in French, and a hostile title stays text.
#[test]
fn the_search_page_works_as_visitors_use_it() {
    if !require_tool(Path::new(CHROMIUM).is_file(), CHROMIUM)
        || !require_tool(
            node_packages_installed(),
            "node with node_modules (`npm ci`: vnu-jar, axe-core, playwright-core)",
        )
    {
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
    let out = Command::new("node")
        .current_dir(repo())
        .arg("tests/browser/search.mjs")
        .arg(&english_url)
        .arg(&french_url)
        .arg(&fixture_url)
        .arg(&screenshots)
        .env("MEETCAL_CHROMIUM", CHROMIUM)
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
    if !require_tool(Path::new(CHROMIUM).is_file(), CHROMIUM)
        || !require_tool(
            node_packages_installed(),
            "node with node_modules (`npm ci`: vnu-jar, axe-core, playwright-core)",
        )
    {
        return;
    }
    let site = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("content"), &site.path().join("content"));
    let server = common::server::Server::start(site.path(), NOW);
    let file = site
        .path()
        .join("content/events/xp/global-day-of-coderetreat-2026.md");
    let out = Command::new("node")
        .current_dir(repo())
        .arg("tests/browser/reload.mjs")
        .arg(server.url())
        .arg(&file)
        .arg(meetcal::render::hosting::CONTENT_SECURITY_POLICY)
        .env("MEETCAL_CHROMIUM", CHROMIUM)
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

/// Serves `root` on `listener` from a background thread for the rest of the
/// test: GET and HEAD, `index.html` for folder URLs, a redirect to add the
/// slash to a folder URL, `404.html` (or a plain text) for missing files.
fn serve(listener: TcpListener, root: PathBuf) {
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let root = root.clone();
            std::thread::spawn(move || {
                let _ = answer(stream, &root);
            });
        }
    });
}

/// The Content-Security-Policy line the built `_headers` file gives
/// `url_path` (exactly one rule sets it for any path), as the host would
/// send it.
fn policy_for(root: &Path, url_path: &str) -> String {
    let headers = std::fs::read_to_string(root.join("_headers")).unwrap_or_default();
    let mut rule = String::new();
    for line in headers.lines() {
        if line.starts_with('/') {
            rule = line.trim().to_string();
        } else if line.trim_start().starts_with("Content-Security-Policy:") {
            let matches = match rule.strip_suffix('*') {
                Some(prefix) => url_path.starts_with(prefix),
                None => rule == url_path || (rule == "/" && url_path == "/index.html"),
            };
            if matches {
                return format!("{}\r\n", line.trim());
            }
        }
    }
    String::new()
}

fn answer(mut stream: TcpStream, root: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let url_path = percent_decode(target.split(['?', '#']).next().unwrap_or("/"));

    let policy = policy_for(root, &url_path);
    let respond = |stream: &mut TcpStream, status: &str, headers: &str, body: &[u8]| {
        write!(
            stream,
            "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n{policy}{headers}\r\n",
            body.len()
        )?;
        if method != "HEAD" {
            stream.write_all(body)?;
        }
        stream.flush()
    };
    if method != "GET" && method != "HEAD" {
        return respond(&mut stream, "405 Method Not Allowed", "", b"");
    }
    let relative = url_path.trim_start_matches('/');
    if !url_path.starts_with('/') || relative.split('/').any(|part| part == "..") {
        return respond(&mut stream, "400 Bad Request", "", b"");
    }
    let mut file = root.join(relative);
    if file.is_dir() {
        if !url_path.ends_with('/') {
            let location = format!("Location: {url_path}/\r\n");
            return respond(&mut stream, "301 Moved Permanently", &location, b"");
        }
        file = file.join("index.html");
    }
    match std::fs::read(&file) {
        Ok(body) => {
            let kind = format!("Content-Type: {}\r\n", content_type(&file));
            respond(&mut stream, "200 OK", &kind, &body)
        }
        Err(_) => match std::fs::read(root.join("404.html")) {
            Ok(body) => respond(
                &mut stream,
                "404 Not Found",
                "Content-Type: text/html; charset=utf-8\r\n",
                &body,
            ),
            Err(_) => respond(
                &mut stream,
                "404 Not Found",
                "Content-Type: text/plain; charset=utf-8\r\n",
                b"not found",
            ),
        },
    }
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "jsonld" => "application/ld+json",
        "xml" => "application/xml",
        "rss" => "application/rss+xml",
        "atom" => "application/atom+xml",
        "ics" => "text/calendar; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "webmanifest" => "application/manifest+json",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn an_event_page_adds_the_time_in_the_visitors_own_zone() {
    if !require_tool(Path::new(CHROMIUM).is_file(), CHROMIUM)
        || !require_tool(
            node_packages_installed(),
            "node with node_modules (`npm ci`: vnu-jar, axe-core, playwright-core)",
        )
    {
        return;
    }
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}/", listener.local_addr().unwrap());
    let (_dir, public) = build_sample(&base_url);
    // The sample's online exchange is held at 12:00 in Toronto.
    let event = "events/montreal-paris-a11y-exchange/";
    let html = std::fs::read_to_string(public.join(event).join("index.html")).unwrap();
    assert!(
        html.contains("(America/Toronto, UTC−05:00)"),
        "without JavaScript the page gives the event's zone and offset"
    );
    serve(listener, public);
    let out = Command::new("node")
        .current_dir(repo())
        .arg("tests/browser/local_time.mjs")
        .arg(format!("{base_url}{event}"))
        .args(["Asia/Tokyo", "America/Toronto", "Europe/Paris"])
        .env("MEETCAL_CHROMIUM", CHROMIUM)
        .output()
        .expect("node runs");
    let report = text(&out.stdout);
    assert!(out.status.success(), "{report}{}", text(&out.stderr));
    let note = |zone: &str| {
        report
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{zone}\t")))
            .unwrap_or_else(|| panic!("no line for {zone}: {report}"))
            .to_string()
    };
    // 12:00 in Toronto on 20 January is 02:00 the next day in Tokyo.
    assert!(note("Asia/Tokyo").contains("02:00"), "{report}");
    assert!(note("Asia/Tokyo").contains("your time"), "{report}");
    assert_eq!(
        note("America/Toronto"),
        "",
        "the visitor is in the event's zone"
    );
    assert!(note("Europe/Paris").contains("18:00"), "{report}");
}

#[test]
fn another_site_can_frame_an_embed_and_nothing_else() {
    if !require_tool(Path::new(CHROMIUM).is_file(), CHROMIUM)
        || !require_tool(
            node_packages_installed(),
            "node with node_modules (`npm ci`: vnu-jar, axe-core, playwright-core)",
        )
    {
        return;
    }
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}/", listener.local_addr().unwrap());
    let (_dir, public) = build_sample(&base_url);
    let group = std::fs::read_dir(public.join("embed/groups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .min()
        .expect("a group embed");
    // The group page offers the snippet that frames the embed.
    let group_page =
        std::fs::read_to_string(public.join("groups").join(&group).join("index.html")).unwrap();
    let embed_url = format!("{base_url}embed/groups/{group}/");
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
    let out = Command::new("node")
        .current_dir(repo())
        .arg("tests/browser/embed.mjs")
        .arg(&outer_url)
        .env("MEETCAL_CHROMIUM", CHROMIUM)
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
    let name = Regex::new(r"<h1>([^<]+)</h1>")
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
