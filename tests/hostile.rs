//! The corpus of hostile files: each case is one attack on a calendar, and
//! meetcal either rejects it with a located error or neutralises it. In
//! every case it does not panic, hang or use unbounded memory, and it writes
//! nothing outside the output folder.
//!
//! Each folder in tests/hostile/ is laid over tests/fixtures/base/ (its
//! `overlay/`, if any) and holds an `expect.txt`:
//!
//! ```text
//! attack: what the file tries, in one line
//! outcome: rejected            (or: neutralised)
//! file: content/events/x.md    (rejected: where `check` locates the error, as
//!                              messages print it: `\u{1b}` for invisible characters)
//! line: 3
//! column: 8                    (optional)
//! message: substring
//! hint: substring
//! problems: 51                 (optional, default 1: how many `check` reports)
//! stderr: substring            (rejected by `build` only, e.g. a theme: no file or line)
//! generate: name               (optional: files made at test time, see `generate`)
//! verify: name                 (optional: a check of its own, see `verify`)
//! window: 2027-03-01 2027-04-30
//! occurrence: slug 2027-03-28T03:30:00+02:00   (in `meetcal list` for the window)
//! no-occurrence: slug 2029-02-28               (a start that must not be listed)
//! contains: events/x/index.html | text         (a built file contains the text)
//! lacks: calendar.ics | text
//! seconds: 20                  (optional: the most check + build may take)
//! ```
//!
//! Files that cannot live in this repository (names that differ only in
//! case, names with control characters, symbolic links to temporary
//! folders, files of several megabytes) are made by `generate`.
//!
//! Every neutralised site is then read as a browser, a feed reader and a
//! calendar client would, by `scraper` here and by the Python validators of
//! tests/interop/ when they are installed (always in CI).

mod attacks;
mod common;

use attacks::run;

use common::*;
use meetcal::diagnostics::printable;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

const NOW: &str = "2027-01-05 12:00";

/// What a case may take by default, check and build together, in a debug build.
const DEFAULT_SECONDS: u64 = 30;

#[derive(Debug, Default)]
struct Expect {
    attack: String,
    outcome: String,
    file: String,
    line: u64,
    column: Option<u64>,
    message: String,
    hint: String,
    problems: usize,
    stderr: String,
    generate: Vec<String>,
    verify: Vec<String>,
    window: Option<(String, String)>,
    occurrences: Vec<(String, String)>,
    no_occurrences: Vec<(String, String)>,
    contains: Vec<(String, String)>,
    lacks: Vec<(String, String)>,
    seconds: u64,
}

fn read_expect(case: &Path) -> Expect {
    let text = std::fs::read_to_string(case.join("expect.txt"))
        .unwrap_or_else(|_| panic!("{} has no expect.txt", case.display()));
    let mut e = Expect {
        problems: 1,
        seconds: DEFAULT_SECONDS,
        ..Expect::default()
    };
    let pair = |value: &str, sep: &str| -> (String, String) {
        let (a, b) = value
            .split_once(sep)
            .unwrap_or_else(|| panic!("{}: `{value}` needs `{sep}`", case.display()));
        (a.trim().to_string(), b.trim().to_string())
    };
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (key, value) = line
            .split_once(": ")
            .unwrap_or_else(|| panic!("{}: bad line {line:?}", case.display()));
        let value = value.to_string();
        match key {
            "attack" => e.attack = value,
            "outcome" => e.outcome = value,
            "file" => e.file = value,
            "line" => e.line = value.parse().unwrap(),
            "column" => e.column = Some(value.parse().unwrap()),
            "message" => e.message = value,
            "hint" => e.hint = value,
            "problems" => e.problems = value.parse().unwrap(),
            "stderr" => e.stderr = value,
            "generate" => e.generate.push(value),
            "verify" => e.verify.push(value),
            "window" => e.window = Some(pair(&value, " ")),
            "occurrence" => e.occurrences.push(pair(&value, " ")),
            "no-occurrence" => e.no_occurrences.push(pair(&value, " ")),
            "contains" => e.contains.push(pair(&value, " | ")),
            "lacks" => e.lacks.push(pair(&value, " | ")),
            "seconds" => e.seconds = value.parse().unwrap(),
            other => panic!("unknown key {other} in {}", case.display()),
        }
    }
    assert!(
        !e.attack.is_empty(),
        "{}: say what the attack is",
        case.display()
    );
    match e.outcome.as_str() {
        "rejected" if !e.stderr.is_empty() => {}
        "rejected" => assert!(
            !e.file.is_empty() && e.line > 0 && !e.message.is_empty() && !e.hint.is_empty(),
            "{}: a rejected case needs file, line, message and hint",
            case.display()
        ),
        "neutralised" => {}
        other => panic!("{}: unknown outcome {other:?}", case.display()),
    }
    e
}

/// Everything under `dir` but the output folder, with kinds and bytes.
fn tree(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut entries: Vec<(PathBuf, String)> = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| e.path() != dir.join("public"))
        .map(Result::unwrap)
        .map(|e| {
            let what = if e.path_is_symlink() {
                format!(
                    "link to {}",
                    std::fs::read_link(e.path()).unwrap().display()
                )
            } else if e.file_type().is_file() {
                format!(
                    "{:?}",
                    std::fs::read(e.path()).map(|b| (b.len(), fnv(&b))).ok()
                )
            } else {
                "folder".into()
            };
            (e.path().strip_prefix(dir).unwrap().to_path_buf(), what)
        })
        .collect();
    entries.sort();
    entries
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn check_case(case: &Path) -> Result<String, String> {
    let expect = read_expect(case);
    let overlay = case.join("overlay");
    let mut layers = vec![fixture("fixtures/base")];
    if overlay.is_dir() {
        layers.push(overlay);
    }
    let layers: Vec<&Path> = layers.iter().map(PathBuf::as_path).collect();
    let site = site_from(&layers);
    // Whatever a generator puts outside the calendar lives as long as the case.
    let outside = tempfile::tempdir().unwrap();
    for name in &expect.generate {
        generate(name, site.path(), outside.path());
    }
    let limit = Duration::from_secs(expect.seconds);
    let before = tree(site.path());

    let json = run(site.path(), &["check", "--format", "json"], limit);
    let human = run(site.path(), &["check"], limit);
    let github = run(site.path(), &["check", "--format", "github"], limit);
    let build = run(site.path(), &["build", "--now", NOW], limit);
    let took = json.took + build.took;
    for (what, r) in [
        ("check", &json),
        ("check", &human),
        ("check", &github),
        ("build", &build),
    ] {
        let stderr = text(&r.output.stderr);
        if stderr.contains("panicked") || r.output.status.code().is_none() {
            return Err(format!("{what} crashed ({:?}): {stderr}", r.output.status));
        }
    }
    if took > limit {
        return Err(format!("check and build took {took:?}, over {limit:?}"));
    }
    // Messages can never rewrite a terminal or a CI log.
    for out in [
        &human.output.stdout,
        &github.output.stdout,
        &build.output.stderr,
    ] {
        let out = text(out);
        if let Some(c) = out.chars().find(|c| {
            c.is_control() && *c != '\n'
                || ('\u{202A}'..='\u{202E}').contains(c)
                || ('\u{2066}'..='\u{2069}').contains(c)
        }) {
            return Err(format!("U+{:04X} printed raw: {out}", c as u32));
        }
    }
    if github
        .output
        .stdout
        .split(|b| *b == b'\n')
        .any(|l| !l.is_empty() && !l.starts_with(b"::error "))
    {
        return Err(format!(
            "a line that is no annotation: {}",
            text(&github.output.stdout)
        ));
    }
    // Never anything written or changed outside the output folder.
    let after = tree(site.path());
    if before != after {
        let changed: Vec<_> = after.iter().filter(|e| !before.contains(e)).collect();
        let gone: Vec<_> = before.iter().filter(|e| !after.contains(e)).collect();
        return Err(format!(
            "outside the output: new or changed {changed:?}, gone {gone:?}"
        ));
    }

    match expect.outcome.as_str() {
        "rejected" if !expect.stderr.is_empty() => {
            let stderr = text(&build.output.stderr);
            if build.output.status.code() != Some(1) || !stderr.contains(&expect.stderr) {
                return Err(format!(
                    "build: exit {:?}, expected 1 with `{}`: {stderr}",
                    build.output.status.code(),
                    expect.stderr
                ));
            }
        }
        "rejected" => rejected(&expect, &json.output, &human.output, &github.output)?,
        _ => {
            for (what, r) in [("check", &json), ("build", &build)] {
                if r.output.status.code() != Some(0) {
                    return Err(format!(
                        "{what} refused a case meant to be neutralised: {}{}",
                        text(&r.output.stdout),
                        text(&r.output.stderr)
                    ));
                }
            }
        }
    }
    let public = site.path().join("public");
    if expect.outcome == "rejected" {
        if public.exists() {
            return Err("a rejected calendar was built".into());
        }
    } else {
        neutralised(&public)?;
    }
    for (path, needle) in &expect.contains {
        let file =
            std::fs::read_to_string(public.join(path)).map_err(|e| format!("{path}: {e}"))?;
        if !file.contains(needle) {
            return Err(format!("{path} lacks `{needle}`"));
        }
    }
    for (path, needle) in &expect.lacks {
        let file =
            std::fs::read_to_string(public.join(path)).map_err(|e| format!("{path}: {e}"))?;
        if file.contains(needle) {
            return Err(format!("{path} contains `{needle}`"));
        }
    }
    if let Some((from, to)) = &expect.window {
        occurrences(site.path(), &expect, from, to, limit)?;
    }
    for name in &expect.verify {
        verify(name, site.path(), &public)?;
    }
    Ok(format!(
        "{:>6.2}s  check {:.2}s, build {:.2}s",
        took.as_secs_f64(),
        json.took.as_secs_f64(),
        build.took.as_secs_f64()
    ))
}

fn rejected(expect: &Expect, json: &Output, human: &Output, github: &Output) -> Result<(), String> {
    if json.status.code() != Some(1) {
        return Err(format!(
            "check: exit {:?}, expected 1; {}",
            json.status.code(),
            text(&json.stdout)
        ));
    }
    let problems: serde_json::Value = serde_json::from_slice(&json.stdout)
        .map_err(|e| format!("check --format json printed invalid JSON: {e}"))?;
    let problems = problems.as_array().unwrap();
    if problems.len() != expect.problems {
        return Err(format!(
            "expected {} problem(s), found {}: {problems:#?}",
            expect.problems,
            problems.len()
        ));
    }
    // File names are written in expect.txt as messages print them, with
    // control and invisible characters as `\u{1b}`.
    let found = problems.iter().any(|p| {
        printable(p["file"].as_str().unwrap_or_default()) == expect.file
            && p["line"] == expect.line
            && expect.column.is_none_or(|c| p["column"] == c)
            && p["message"]
                .as_str()
                .unwrap_or_default()
                .contains(&expect.message)
            && p["hint"]
                .as_str()
                .unwrap_or_default()
                .contains(&expect.hint)
    });
    if !found {
        return Err(format!("expected {expect:?}\nfound {problems:#?}"));
    }
    let located = format!("{}:{}:", expect.file, expect.line);
    let out = text(&human.stdout);
    if human.status.code() != Some(1) || !out.contains(&located) || !out.contains("  hint: ") {
        return Err(format!("human format lacks `{located}` or a hint:\n{out}"));
    }
    if github.status.code() != Some(1)
        || !text(&github.stdout).contains(&format!("line={}", expect.line))
    {
        return Err(format!("github format: {}", text(&github.stdout)));
    }
    Ok(())
}

/// `meetcal list` in the window holds (and lacks) the expected starts.
fn occurrences(
    root: &Path,
    expect: &Expect,
    from: &str,
    to: &str,
    limit: Duration,
) -> Result<(), String> {
    let list = run(
        root,
        &["list", "--from", from, "--to", to, "--format", "json"],
        limit,
    );
    if list.output.status.code() != Some(0) {
        return Err(format!("list failed: {}", text(&list.output.stderr)));
    }
    let json: serde_json::Value = serde_json::from_slice(&list.output.stdout).unwrap();
    let listed: Vec<(String, String)> = json["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["slug"].as_str().unwrap().to_string(),
                o["start"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for wanted in &expect.occurrences {
        if !listed.contains(wanted) {
            return Err(format!("{wanted:?} not listed; listed: {listed:?}"));
        }
    }
    for unwanted in &expect.no_occurrences {
        if listed
            .iter()
            .any(|(slug, start)| *slug == unwanted.0 && start.starts_with(&unwanted.1))
        {
            return Err(format!("{unwanted:?} listed"));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Reading a neutralised site as a browser, a feed reader and a calendar would.

/// Every element the default theme and the description sanitizer can write.
const ELEMENTS: &[&str] = &[
    "html",
    "head",
    "meta",
    "title",
    "link",
    "script",
    "body",
    "header",
    "nav",
    "main",
    "footer",
    "section",
    "article",
    "div",
    "span",
    "p",
    "a",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "time",
    "br",
    "hr",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "blockquote",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "abbr",
    "label",
    "input",
];

const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "cite",
    "srcset",
    "ping",
];

/// What in an HTML document (or fragment) could run script, load something
/// from elsewhere, or is not what meetcal writes.
fn active_content(html: &str, fragment: bool) -> Vec<String> {
    let document = if fragment {
        scraper::Html::parse_fragment(html)
    } else {
        scraper::Html::parse_document(html)
    };
    let mut found = Vec::new();
    let mut ld_json = 0;
    for element in document.tree.nodes().filter_map(|n| n.value().as_element()) {
        let name = element.name();
        if !ELEMENTS.contains(&name) {
            found.push(format!("<{name}>"));
        }
        match name {
            "script" if element.attr("type") == Some("application/ld+json") => ld_json += 1,
            "script" => found.push("<script> that is not JSON-LD".into()),
            "meta" if element.attr("http-equiv").is_some() => {
                found.push("<meta http-equiv>".into())
            }
            "link"
                if !matches!(
                    element.attr("rel"),
                    Some("canonical" | "alternate" | "stylesheet")
                ) =>
            {
                found.push(format!("<link rel={:?}>", element.attr("rel")))
            }
            "input" if element.attr("type") != Some("text") => found.push("<input>".into()),
            _ => {}
        }
        for (attribute, value) in element.attrs() {
            if attribute.starts_with("on") || matches!(attribute, "style" | "srcdoc") {
                found.push(format!("<{name} {attribute}>"));
            }
            if URL_ATTRIBUTES.contains(&attribute) && !safe_url(value) {
                found.push(format!("<{name} {attribute}={value:?}>"));
            }
        }
    }
    if ld_json > 1 {
        found.push(format!("{ld_json} JSON-LD scripts"));
    }
    found
}

/// A URL a browser would follow without running anything: relative, or
/// http(s), mailto or webcal, once tabs and line breaks are removed as
/// browsers do.
fn safe_url(value: &str) -> bool {
    let cleaned: String = value
        .trim_matches(|c: char| c.is_ascii_whitespace() || c.is_control())
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let lowered = cleaned.to_ascii_lowercase();
    match lowered.split_once(':') {
        Some((scheme, _))
            if !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !scheme.contains('/') =>
        {
            matches!(scheme, "http" | "https" | "mailto" | "webcal")
        }
        // No scheme: a relative address, or another site's (`//x.org/`).
        _ => true,
    }
}

/// The names of the properties meetcal writes in iCalendar feeds.
const ICS_PROPERTIES: &[&str] = &[
    "BEGIN",
    "END",
    "VERSION",
    "PRODID",
    "CALSCALE",
    "METHOD",
    "NAME",
    "X-WR-CALNAME",
    "DESCRIPTION",
    "X-WR-CALDESC",
    "URL",
    "SOURCE",
    "REFRESH-INTERVAL",
    "X-PUBLISHED-TTL",
    "TZID",
    "TZOFFSETFROM",
    "TZOFFSETTO",
    "TZNAME",
    "DTSTART",
    "RDATE",
    "RRULE",
    "UID",
    "DTSTAMP",
    "CREATED",
    "LAST-MODIFIED",
    "SEQUENCE",
    "DTEND",
    "DURATION",
    "SUMMARY",
    "STATUS",
    "LOCATION",
    "GEO",
    "CATEGORIES",
    "CONFERENCE",
    "X-MEETCAL-GROUP",
    "EXDATE",
    "RECURRENCE-ID",
];

const ICS_COMPONENTS: &[&str] = &["VCALENDAR", "VEVENT", "VTIMEZONE", "STANDARD", "DAYLIGHT"];

/// An iCalendar file's structure: every line a known property, components
/// nested and closed, one UID per VEVENT, no control character anywhere.
fn ics_problems(ics: &str) -> Vec<String> {
    let mut found = Vec::new();
    if !ics.ends_with("\r\n") || ics.contains(|c: char| c.is_control() && !"\r\n\t".contains(c)) {
        found.push("a control character, or no final CRLF".to_string());
    }
    let unfolded = ics.replace("\r\n ", "");
    let mut stack: Vec<&str> = Vec::new();
    let (mut vevents, mut uids, mut calendars) = (0, 0, 0);
    for line in unfolded.split_terminator("\r\n") {
        if line.contains(['\r', '\n']) {
            found.push(format!("a bare line break in {line:?}"));
        }
        let name = line.split([':', ';']).next().unwrap_or_default();
        if !ICS_PROPERTIES.contains(&name) {
            found.push(format!("unknown property in {line:?}"));
            continue;
        }
        let value = line.split_once(':').map(|(_, v)| v).unwrap_or_default();
        match name {
            "BEGIN" => {
                if !ICS_COMPONENTS.contains(&value) {
                    found.push(format!("component {value}"));
                }
                calendars += usize::from(value == "VCALENDAR");
                vevents += usize::from(value == "VEVENT");
                stack.push(value);
            }
            // The guard pops: every END closes the innermost component.
            "END" if stack.pop() != Some(value) => {
                found.push(format!("END:{value} closes nothing open"));
            }
            "UID" => uids += 1,
            _ => {}
        }
    }
    if !stack.is_empty() || calendars != 1 || uids != vevents {
        found.push(format!(
            "{calendars} VCALENDAR, {vevents} VEVENT, {uids} UID, left open {stack:?}"
        ));
    }
    found
}

fn xml_unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The checks every neutralised site passes, file by file.
fn neutralised(public: &Path) -> Result<(), String> {
    let mut problems = Vec::new();
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(public).follow_links(false) {
        let entry = entry.map_err(|e| e.to_string())?;
        let path = entry
            .path()
            .strip_prefix(public)
            .unwrap()
            .display()
            .to_string();
        if entry.path_is_symlink() {
            problems.push(format!("{path}: a symbolic link in the output"));
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let bytes = std::fs::read(entry.path()).unwrap();
        let Ok(content) = String::from_utf8(bytes) else {
            if !path.ends_with(".css") {
                problems.push(format!("{path}: not UTF-8"));
            }
            continue;
        };
        let mut found = Vec::new();
        if path.ends_with(".html") {
            pages += 1;
            found.extend(active_content(&content, false));
            for block in content
                .split(r#"<script type="application/ld+json">"#)
                .skip(1)
            {
                let json = block.split("</script>").next().unwrap();
                if json.contains('<') || serde_json::from_str::<serde_json::Value>(json).is_err() {
                    found.push("JSON-LD that is not plain JSON".into());
                }
            }
        } else if path.ends_with(".ics") {
            found.extend(ics_problems(&content));
        } else if path.ends_with("feed.xml") {
            for part in content.split("<description>").skip(1) {
                let html = xml_unescape(part.split("</description>").next().unwrap());
                found.extend(active_content(&html, true));
            }
            for part in content.split("<title>").skip(1) {
                let title = xml_unescape(part.split("</title>").next().unwrap());
                if title.contains('<') {
                    found.push(format!("markup in an RSS title: {title:?}"));
                }
            }
        } else if path.ends_with(".json") {
            let value: serde_json::Value =
                serde_json::from_str(&content).map_err(|e| format!("{path}: {e}"))?;
            let mut html = Vec::new();
            json_strings(&value, "", &mut html);
            for (key, text) in html {
                if key.ends_with("_html") {
                    found.extend(active_content(&text, true));
                } else if key == "title" && text.contains('<') && path.ends_with("feed.json") {
                    found.push(format!("markup in a JSON Feed title: {text:?}"));
                }
            }
        }
        problems.extend(found.into_iter().map(|f| format!("{path}: {f}")));
    }
    if pages < 5 {
        problems.push(format!("only {pages} pages built"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

fn json_strings(value: &serde_json::Value, key: &str, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::String(s) => out.push((key.to_string(), s.clone())),
        serde_json::Value::Array(items) => items.iter().for_each(|v| json_strings(v, key, out)),
        serde_json::Value::Object(map) => map.iter().for_each(|(k, v)| json_strings(v, k, out)),
        _ => {}
    }
}

// ---------------------------------------------------------------------------
// Files made at test time.

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

const EVENT: &str = "---\ntitle: Rust night\nstart: 2027-03-10 19:00\n---\nTwo talks.\n";

fn generate(name: &str, site: &Path, outside: &Path) {
    let events = site.join("content/events");
    match name {
        // Names that differ only in case are one file on macOS and Windows.
        "case-colliding-names" => {
            write(&events.join("Rust-Night-2027-03-10.md"), EVENT);
            write(&events.join("rust-night-2027-03-10.md"), EVENT);
        }
        "windows-device-name" => write(&events.join("con.md"), EVENT),
        "zero-width-file-name" => write(&events.join("rust\u{200B}night.md"), EVENT),
        "bidi-file-name" => write(&events.join("evil\u{202E}dm.txt.md"), EVENT),
        "control-character-file-name" => write(
            &events.join("x\u{1b}[2J\n::error file=README.md::pwned.md"),
            EVENT,
        ),
        "hostile-folder-name" => write(
            &events
                .join("\"><script>alert(1)<")
                .join("folder-2027-03-10.md"),
            EVENT,
        ),
        "backslash-file-name" => write(&events.join("x..\\..\\evil.md"), EVENT),
        "huge-file" => {
            let mut text = String::from("---\ntitle: Big\nstart: 2027-03-10 19:00\n---\n");
            text.push_str(&"All work and no play. ".repeat(500_000));
            write(&events.join("big-2027-03-10.md"), text);
        }
        "file-at-the-size-limit" => {
            // Descriptions are bounded well below the file size: the bulk
            // is YAML comments, which cost nothing past the parser.
            let mut text = String::from("---\ntitle: Big\nstart: 2027-03-10 19:00\n");
            let end = "---\nA big file.\n";
            let room = 256 * 1024 - text.len() - end.len();
            text.push_str(&"# a comment line\n".repeat(room / 17));
            text.push_str(end);
            write(&events.join("big-2027-03-10.md"), text);
        }
        "nested-blockquotes" => write(
            &events.join("deep-2027-03-10.md"),
            format!(
                "---\ntitle: Deep\nstart: 2027-03-10 19:00\n---\n{} deep\n",
                ">".repeat(3_990)
            ),
        ),
        "nested-lists" => write(
            &events.join("deep-2027-03-10.md"),
            format!(
                "---\ntitle: Deep\nstart: 2027-03-10 19:00\ntags: [a, b, c]\n---\n{}deep\n",
                "- ".repeat(1_990)
            ),
        ),
        "nested-raw-html" => write(
            &events.join("deep-2027-03-10.md"),
            format!(
                "---\ntitle: Deep\nstart: 2027-03-10 19:00\n---\n{}deep\n",
                "<div>".repeat(790)
            ),
        ),
        "yaml-nested-flow" => write(
            &events.join("flow-2027-03-10.yaml"),
            format!(
                "title: Flow\nstart: 2027-03-10 19:00\ntags: {}{}\n",
                "[".repeat(100_000),
                "]".repeat(100_000)
            ),
        ),
        "yaml-nested-block" => write(
            &events.join("block-2027-03-10.yaml"),
            format!(
                "title: Block\nstart: 2027-03-10 19:00\ntags:\n{}x\n",
                "- ".repeat(100_000)
            ),
        ),
        "problem-flood" => write(
            &events.join("flood.yaml"),
            format!(
                "title: Flood\nstart: 2027-01-04 10:00\nrepeat:\n  every: week\n  on: [{}]\n",
                vec!["x"; 60_000].join(",")
            ),
        ),
        "deep-folder-tree" => {
            let deep: PathBuf = std::iter::repeat_n("d", 1000).collect();
            write(&events.join(deep).join("deep-2027-03-10.md"), EVENT);
        }
        "linked-content" => {
            let elsewhere = outside.join("content");
            copy_tree(&site.join("content"), &elsewhere);
            write(&elsewhere.join("events/leak-2027-03-10.md"), EVENT);
            std::fs::remove_dir_all(site.join("content")).unwrap();
            std::os::unix::fs::symlink(&elsewhere, site.join("content")).unwrap();
        }
        "linked-events-folder" => {
            write(&outside.join("events/leak-2027-03-10.md"), EVENT);
            std::os::unix::fs::symlink(outside.join("events"), events.join("2027")).unwrap();
        }
        "linked-theme" => {
            write(&outside.join("static/secret.txt"), "secret");
            std::fs::create_dir_all(site.join("themes")).unwrap();
            std::os::unix::fs::symlink(outside, site.join("themes/default")).unwrap();
        }
        "linked-theme-file" => {
            write(&outside.join("secret.txt"), "secret");
            std::fs::create_dir_all(site.join("themes/default/static")).unwrap();
            std::os::unix::fs::symlink(
                outside.join("secret.txt"),
                site.join("themes/default/static/secret.txt"),
            )
            .unwrap();
        }
        "many-events" => many_events(site, 2000),
        // Aliases to a 5,000-character string, 830 × 830 times: 100 KB of text.
        "aliases-to-long-strings" => write(
            &events.join("aliases-2027-03-10.yaml"),
            format!(
                "title: A\nstart: 2027-03-10 19:00\nzz: {{a: &a '{}', b: &b [{}], c: [{}]}}\n",
                "y".repeat(5_000),
                vec!["*a"; 830].join(", "),
                vec!["*b"; 830].join(", "),
            ),
        ),
        // The longest title, tags, names and description the limits allow,
        // made of the characters that grow most when escaped, on a daily
        // series with every tag: the most output one accepted file can make.
        "largest-accepted-file" => {
            let tags: Vec<String> = (0..meetcal::limits::MAX_TAGS)
                .map(|i| format!("t{i}-{}", "a-".repeat(20))[..meetcal::limits::MAX_TAG_CHARS].to_string())
                .collect();
            let quotes = format!("\"{}\"", "\\\"".repeat(meetcal::limits::MAX_TITLE_CHARS));
            let url = format!("https://x.example/{}", "a".repeat(1_980));
            write(
                &events.join("largest.md"),
                format!(
                    "---\ntitle: {quotes}\nstart: 2027-01-01 10:00\nrepeat:\n  every: day\ntags: [{}]\ngroup: rust-paris\nurl: {url}\nonline: {url}\nvenue:\n  name: {quotes}\n  address: \"{}\"\n  notes: \"{}\"\n---\n{}\n",
                    tags.join(", "),
                    "&".repeat(200),
                    "&".repeat(500),
                    "&".repeat(meetcal::limits::MAX_DESCRIPTION_CHARS),
                ),
            );
        }
        // The same, ten times over every limit: a 255 KB file.
        "over-every-limit" => write(
            &events.join("over.md"),
            format!(
                "---\ntitle: {}\nstart: 2027-01-01 10:00\nrepeat:\n  every: day\ntags: [{}]\n---\n{}\n",
                "T".repeat(9_200),
                (0..20).map(|i| format!("tag-{i}")).collect::<Vec<_>>().join(", "),
                "word ".repeat(48_000),
            ),
        ),
        other => panic!("no generator {other}"),
    }
}

// ---------------------------------------------------------------------------
// Checks of their own.

fn verify(name: &str, site: &Path, public: &Path) -> Result<(), String> {
    let read =
        |path: &str| std::fs::read_to_string(public.join(path)).map_err(|e| format!("{path}: {e}"));
    match name {
        // The site lists the nearest dates of an open-ended daily series
        // only: 60 from now on (and 53 before).
        "bounded-by-the-horizon" => {
            let json: serde_json::Value = serde_json::from_str(&read("events.json")?).unwrap();
            let daily = json["events"]
                .as_array()
                .unwrap()
                .iter()
                .find(|e| e["slug"] == "every-day")
                .ok_or("no every-day in events.json")?;
            let listed = daily["occurrences"].as_array().unwrap();
            let (first, last) = (&listed[0]["start"], &listed[listed.len() - 1]["start"]);
            // events.json holds the coming dates; now is 2027-01-05 12:00.
            if listed.len() != meetcal::limits::SERIES_LISTED_AHEAD
                || !first.as_str().unwrap().starts_with("2027-01-06")
                || !last.as_str().unwrap().starts_with("2027-03-06")
            {
                return Err(format!(
                    "{} occurrences listed, from {first} to {last}",
                    listed.len()
                ));
            }
            // An upcoming list shows a series' next dates only.
            let home = read("index.html")?;
            let shown = home.matches(r#"href="/events/every-day/""#).count();
            if shown != meetcal::limits::SERIES_PER_LIST {
                return Err(format!("the home page shows {shown} dates of the series"));
            }
            let ics = read("events/every-day/event.ics")?;
            if !ics.contains("RRULE:FREQ=DAILY\r\n") {
                return Err("the feed does not carry the open rule".into());
            }
        }
        // A series since 1970 lists only its nearest past dates.
        "nearest-past-dates-only" => {
            let past = read("past/index.html")?;
            let listed = past.matches("/events/since-1970/").count();
            if listed == 0 || listed > meetcal::limits::SERIES_LISTED_PAST {
                return Err(format!("{listed} past occurrences listed"));
            }
        }
        // The output stays small, whatever the input's nesting.
        "output-under-10-mb" => {
            let total: u64 = walkdir::WalkDir::new(public)
                .into_iter()
                .filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum();
            if total > 10 * 1024 * 1024 {
                return Err(format!("{total} bytes of output"));
            }
        }
        // Pages for slugs named like the files meetcal writes are all there.
        "generated-names-do-not-collide" => {
            for page in [
                "events/index/index.html",
                "events/feed/index.html",
                "events/calendar/index.html",
                "events/404/event.ics",
                "groups/index/index.html",
                "groups/index/feed.xml",
                "groups/index.html",
                "venues/calendar/index.html",
                "venues/calendar/calendar.ics",
                "tags/feed/feed.xml",
                "tags/index/index.html",
                "tags/sitemap/index.html",
            ] {
                read(page)?;
            }
            let sitemap = read("sitemap.xml")?;
            let locs: Vec<&str> = sitemap.lines().filter(|l| l.contains("<loc>")).collect();
            if locs.len() != locs.iter().collect::<BTreeSet<_>>().len() {
                return Err("the sitemap lists a page twice".into());
            }
        }
        // The event of the hostile folder exists and links to its source escaped.
        "folder-name-is-text" => {
            let page = read("events/folder-2027-03-10/index.html")?;
            if !page.contains("&quot;&gt;&lt;script&gt;") {
                return Err("the edit link does not carry the escaped folder name".into());
            }
        }
        // One file costs at most its budget over the base calendar.
        "within-the-budget" => {
            let base = site_from(&[&fixture("fixtures/base")]);
            let report = attacks::within_the_budget(site, base.path())?;
            eprintln!("budget: {report}  {}", site.display());
        }
        // One event far ahead is a month page, not a page per month until
        // then, and every month page links only to month pages that exist.
        "few-month-pages" => {
            let months: Vec<PathBuf> = walkdir::WalkDir::new(public.join("calendar"))
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_name() == "index.html")
                .map(|e| e.into_path())
                .collect();
            if months.len() > 2 * 12 + 4 {
                return Err(format!("{} month pages", months.len()));
            }
            let link = regex::Regex::new(r#"href="/(calendar/\d{4}/\d{2}/)""#).unwrap();
            for page in &months {
                let html = std::fs::read_to_string(page).unwrap();
                for found in link.captures_iter(&html) {
                    if !public.join(&found[1]).join("index.html").is_file() {
                        return Err(format!(
                            "{} links to {}, which does not exist",
                            page.display(),
                            &found[1]
                        ));
                    }
                }
            }
        }
        "shallow-clone-same-feeds" => attacks::shallow_clone_same_feeds(site)?,
        "file-name-cannot-forge-history" => attacks::file_name_cannot_forge_history(site)?,
        "linked-out-folder-refused" => attacks::linked_out_folder_refused(site)?,
        "serve-follows-replaced-content" => attacks::serve_follows_replaced_content(site)?,
        "serve-redirects-stay-on-the-site" => attacks::serve_redirects_stay_on_the_site(site)?,
        "serve-drops-slow-clients" => attacks::serve_drops_slow_clients(site)?,
        // What the independent Python readers say (always run in CI).
        "python-readers" => python_readers(site, public)?,
        other => panic!("no verifier {other}"),
    }
    Ok(())
}

fn python_has(modules: &str) -> bool {
    Command::new("python3")
        .args(["-c", &format!("import {modules}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// feedparser, an XML parser and jsonschema read every feed; icalendar and
/// recurring-ical-events read every .ics.
fn python_readers(site: &Path, public: &Path) -> Result<(), String> {
    if !require_tool(
        python_has("feedparser, jsonschema, icalendar, recurring_ical_events"),
        "Python with feedparser, jsonschema, icalendar and recurring-ical-events",
    ) {
        return Ok(());
    }
    let _ = site;
    let feeds = Command::new("python3")
        .arg(fixture("interop/feeds_check.py"))
        .arg(public)
        .arg("https://cal.example.org/")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/schema/events.schema.json"))
        .output()
        .unwrap();
    if feeds.status.code() != Some(0) {
        return Err(format!(
            "feeds_check.py: {}{}",
            text(&feeds.stdout),
            text(&feeds.stderr)
        ));
    }
    let ical = Command::new("python3")
        .arg(fixture("interop/ical_check.py"))
        .arg(public)
        .args([
            "--from",
            "2026-01-01T00:00:00Z",
            "--to",
            "2028-01-01T00:00:00Z",
        ])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&ical.stdout)
        .map_err(|e| format!("ical_check.py: {e}: {}", text(&ical.stderr)))?;
    if !report["problems"].as_array().is_some_and(Vec::is_empty) {
        return Err(format!("ical_check.py: {:#}", report["problems"]));
    }
    Ok(())
}

#[test]
fn the_detectors_find_what_they_look_for() {
    let page = r#"<html><head><meta http-equiv="refresh" content="0"><base href="/"></head><body>
        <p onclick="x" style="color:red"><a href=" JaVa&#x09;Script:x">a</a><a href="data:text/html,x">b</a>
        <a href="https://x.org/">fine</a><a href="/events/">fine</a><a href="mailto:a@b.org">fine</a>
        <iframe></iframe><script>1</script><svg><a xlink:href="javascript:x"></a></svg></p></body></html>"#;
    let found = active_content(page, false);
    for wanted in [
        "<meta http-equiv>",
        "<base>",
        "<p onclick>",
        "<p style>",
        "<iframe>",
        "<script> that is not JSON-LD",
        "<svg>",
    ] {
        assert!(found.iter().any(|f| f == wanted), "{wanted} in {found:?}");
    }
    assert_eq!(
        found.iter().filter(|f| f.contains("href=")).count(),
        3,
        "{found:?}"
    );
    let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:x\r\nATTACH:evil\r\nBEGIN:VALARM\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let found = ics_problems(ics);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(ics_problems("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n").len() == 2);
}

#[test]
fn every_hostile_file_is_rejected_or_neutralised() {
    let dir = fixture("hostile");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 40,
        "the corpus has only {} cases",
        cases.len()
    );
    let queue = std::sync::Mutex::new(cases.iter());
    let results = std::sync::Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(4);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let Some(case) = queue.lock().unwrap().next() else {
                    break;
                };
                let name = case.file_name().unwrap().to_string_lossy().into_owned();
                let result = std::panic::catch_unwind(|| check_case(case))
                    .unwrap_or_else(|e| Err(format!("{:?}", e.downcast_ref::<String>())));
                results.lock().unwrap().push((name, result));
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort();
    let mut failures = Vec::new();
    for (name, result) in &results {
        match result {
            Ok(timing) => eprintln!("{timing}  {name}"),
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        results.len(),
        failures.join("\n\n")
    );
}
