//! `meetcal serve`, as an organizer previews a calendar: the real binary on
//! a copy of a fixture, on a free loopback port, spoken to over raw TCP so
//! that no client tidies the paths we send.

mod common;

use common::server::{Server, PATIENCE};
use common::*;
use std::io::Read;
use std::time::Instant;

const NOW: &str = "2026-11-25T12:00:00+01:00";
const RELOAD_TAG: &str = "<script src=\"/__meetcal/reload.js\"";

fn base_site() -> tempfile::TempDir {
    site_from(&[&fixture("fixtures/base")])
}

fn generation(page: &str) -> String {
    let at = page.find("data-generation=\"").expect("a generation") + 17;
    page[at..].split('"').next().unwrap().to_string()
}

/// The address of the page's stylesheet (its name carries a hash).
fn stylesheet(page: &str) -> String {
    let at = page
        .find("<link rel=\"stylesheet\" href=\"")
        .expect("a stylesheet")
        + 29;
    page[at..].split('"').next().unwrap().to_string()
}

/// The media type `serve` gives each file `build` writes for the base
/// fixture, as its `_headers` tells the host for the feeds and the schema.
/// Every kind of file is named: a new one fails the test until its type is
/// decided here.
fn served_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap();
    match name {
        "feed.xml" => "application/rss+xml; charset=utf-8",
        "sitemap.xml" => "application/xml",
        "feed.json" => "application/feed+json; charset=utf-8",
        "events.json" => "application/json; charset=utf-8",
        "event.schema.json" => "application/schema+json; charset=utf-8",
        "robots.txt" => "text/plain; charset=utf-8",
        // Netlify's headers file, served like any file without an extension.
        "_headers" => "application/octet-stream",
        _ if name.ends_with(".html") => "text/html; charset=utf-8",
        _ if name.ends_with(".ics") => "text/calendar; charset=utf-8",
        "search.json" => "application/json; charset=utf-8",
        _ if name.starts_with("style.") && name.ends_with(".css") => "text/css; charset=utf-8",
        _ if (name.starts_with("local-time.") || name.starts_with("search."))
            && name.ends_with(".js") =>
        {
            "text/javascript; charset=utf-8"
        }
        _ => panic!("{path}: no expected content type; add one to served_type"),
    }
}

#[test]
fn serves_the_home_page_with_the_reload_script() {
    let site = base_site();
    let server = Server::start(site.path(), NOW);
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let page = home.text();
    assert!(page.contains("Open Coffee"), "{page}");
    assert_eq!(page.matches(RELOAD_TAG).count(), 1, "{page}");
    assert!(
        page.find(RELOAD_TAG) < page.rfind("</body>"),
        "the script is inside the body"
    );
    assert!(
        page.contains(&format!("href=\"{}\"", server.url())),
        "links are made for the server's address: {page}"
    );

    let script = server.get("/__meetcal/reload.js");
    assert_eq!(script.status, 200);
    assert_eq!(
        script.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(script
        .text()
        .contains("new EventSource(\"/__meetcal/reload"));

    let head = server.request("HEAD", "/");
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-length"), home.header("content-length"));
    assert!(head.body.is_empty());
    assert_eq!(server.request("POST", "/").status, 405);
    assert!(server
        .log()
        .contains(&format!("serving the calendar at {}", server.url())));

    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains(RELOAD_TAG),
        "the site's 404 page, reloading"
    );
    let folder = server.get("/events/open-coffee");
    assert_eq!(folder.status, 301);
    assert_eq!(folder.header("location"), Some("/events/open-coffee/"));
}

#[test]
fn serves_what_build_writes_and_only_adds_the_script() {
    let site = base_site();
    let server = Server::start(site.path(), NOW);
    let out = tempfile::tempdir().unwrap();
    let out = out.path().join("public");
    let built = meetcal(
        site.path(),
        &[
            "build",
            "--now",
            NOW,
            "--base-url",
            &server.url(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(built.status.code(), Some(0), "{}", text(&built.stderr));
    let mut seen = std::collections::BTreeSet::new();
    for (path, bytes) in snapshot(&out) {
        let path = path.to_string_lossy().into_owned();
        if path == ".meetcal-output" {
            continue;
        }
        let reply = server.get(&format!("/{path}"));
        assert_eq!(reply.status, 200, "{path}");
        let extension = path.rsplit('.').next().unwrap().to_string();
        assert_eq!(
            reply.header("content-type"),
            Some(served_type(&path)),
            "{path}"
        );
        if extension == "html" {
            let html = text(&bytes);
            assert!(
                !html.contains("__meetcal"),
                "build output has no reload script: {path}"
            );
            let served = reply.text();
            let tag_start = served.find(RELOAD_TAG).expect("the script");
            let tag_end = tag_start + served[tag_start..].find("</script>\n").unwrap() + 10;
            assert_eq!(
                format!("{}{}", &served[..tag_start], &served[tag_end..]),
                html,
                "{path}"
            );
        } else {
            assert!(reply.body == bytes, "{path} is served as built");
        }
        seen.insert(extension);
    }
    for extension in ["html", "css", "js", "xml", "ics", "json", "txt"] {
        assert!(seen.contains(extension), "the site has a .{extension} file");
    }
}

#[test]
fn an_edit_appears_and_reloads_open_pages() {
    let site = base_site();
    let server = Server::start(site.path(), NOW);
    let page = server.get("/events/rust-night-2027-02-10/");
    assert!(page.text().contains("Rust night"));

    // An open page's reload stream, waiting for a newer site than its own.
    let since = generation(&page.text());
    let mut events = server.connect("GET", &format!("/__meetcal/reload?since={since}"));

    let file = site.path().join("content/events/rust-night-2027-02-10.md");
    let edited = std::fs::read_to_string(&file)
        .unwrap()
        .replace("title: Rust night", "title: Rust and Wasm night");
    std::fs::write(&file, edited).unwrap();

    server.poll("/events/rust-night-2027-02-10/", "showed the edit", |r| {
        r.status == 200 && r.text().contains("Rust and Wasm night")
    });
    let mut stream = Vec::new();
    let deadline = Instant::now() + PATIENCE;
    while !text(&stream).contains("data: reload") && Instant::now() < deadline {
        let mut chunk = [0; 1024];
        match events.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => stream.extend_from_slice(&chunk[..n]),
        }
    }
    let stream = text(&stream);
    assert!(
        stream
            .to_ascii_lowercase()
            .contains("content-type: text/event-stream"),
        "{stream}"
    );
    assert!(stream.contains("data: reload"), "{stream}");
    // The terminal says how long the rebuild took.
    server.wait_for_log("rebuilt in ");

    // A page served after the rebuild is told to reload only after the next one.
    let fresh = generation(&server.get("/").text());
    assert_ne!(fresh, since);
}

#[test]
fn a_broken_edit_shows_the_error_until_it_is_fixed() {
    let site = base_site();
    let server = Server::start(site.path(), NOW);
    let stylesheet = stylesheet(&server.get("/").text());
    let file = site.path().join("content/events/rust-night-2027-02-10.md");
    let good = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        good.replace("title: Rust night", "<i>titel</i>: Rust night"),
    )
    .unwrap();

    let message =
        "content/events/rust-night-2027-02-10.md:2:1: error: unknown field `<i>titel</i>`";
    let escaped = message.replace('<', "&lt;").replace('>', "&gt;");
    let broken = server.poll("/", "showed the error", |r| r.text().contains(&escaped));
    assert_eq!(broken.status, 500);
    assert_eq!(
        broken.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let page = broken.text();
    assert!(!page.contains("<i>"), "messages are escaped: {page}");
    assert!(
        page.contains(RELOAD_TAG),
        "fixing the file reloads the page"
    );
    assert!(
        server.get("/events/open-coffee/").text().contains(&escaped),
        "every page shows the error"
    );
    assert_eq!(
        server.get(&stylesheet).status,
        200,
        "the last good build's files are still served"
    );
    server.wait_for_log(message);

    std::fs::write(
        &file,
        good.replace("title: Rust night", "title: Rust night, fixed"),
    )
    .unwrap();
    let fixed = server.poll("/", "recovered", |r| r.status == 200);
    assert!(
        fixed.text().contains("Rust night, fixed"),
        "{}",
        fixed.text()
    );
    assert!(!fixed.text().contains("titel"));
}

#[test]
fn refuses_paths_outside_the_site() {
    let site = base_site();
    std::fs::write(site.path().join("secret.txt"), "TOP SECRET").unwrap();
    let server = Server::start(site.path(), NOW);
    for target in [
        "/../Cargo.toml",
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
        "/..%2f..%2fetc/passwd",
        "/..%2F..%2F..%2Fetc%2Fpasswd",
        "/events/..%5c..%5c",
        "/events/..\\..\\secret.txt",
        "/.%2e/secret.txt",
        "/../secret.txt",
        "/secret.txt",
        "/content/site.yaml",
        "/index.html%00.css",
        "//etc/passwd",
    ] {
        let reply = server.get(target);
        assert!(
            reply.status == 403 || reply.status == 404,
            "{target}: {}",
            reply.status
        );
        let body = reply.text();
        for leak in ["TOP SECRET", "root:", "[package]", "timezone: Europe/Paris"] {
            assert!(!body.contains(leak), "{target} leaked {leak}");
        }
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_theme_is_refused() {
    let site = base_site();
    let outside = site.path().join("secret.txt");
    std::fs::write(&outside, "TOP SECRET").unwrap();
    let server = Server::start(site.path(), NOW);
    let static_dir = site.path().join("themes/default/static");
    std::fs::create_dir_all(&static_dir).unwrap();
    std::os::unix::fs::symlink(&outside, static_dir.join("leak.txt")).unwrap();
    let page = server.poll("/", "refused the link", |r| {
        r.text().contains("symbolic links are not allowed")
    });
    assert_eq!(page.status, 500);
    let leak = server.get("/leak.txt");
    assert!(!leak.text().contains("TOP SECRET"));
    assert_ne!(leak.status, 200);
}
