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
//! generate: name               (optional: files made at test time, see tests/attacks/generate.rs)
//! verify: name                 (optional: a check of its own, see tests/attacks/verify.rs)
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

use attacks::generate::generate;
use attacks::run;
use attacks::verify::verify;

use common::corpus::{cases, check_all, expect_lines, Located};
use common::reading::{active_content, ics_problems, neutralised};
use common::*;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

const NOW: &str = "2027-01-05 12:00";

/// What a case may take by default, check and build together, in a debug build.
const DEFAULT_SECONDS: u64 = 30;

#[derive(Debug, Default)]
struct Expect {
    attack: String,
    outcome: String,
    located: Located,
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
    for (key, value) in expect_lines(case) {
        if e.located.read(&key, &value) {
            continue;
        }
        match key.as_str() {
            "attack" => e.attack = value,
            "outcome" => e.outcome = value,
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
            e.located.is_complete(),
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
        .any(|l| !l.is_empty() && !l.starts_with(b"::error ") && !l.starts_with(b"::warning "))
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
    expect.located.in_json(json, expect.problems)?;
    expect.located.in_human(human)?;
    if github.status.code() != Some(1)
        || !text(&github.stdout).contains(&format!("line={}", expect.located.line))
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

#[test]
fn the_detectors_find_what_they_look_for() {
    let page = r#"<html><head><meta http-equiv="refresh" content="0"><base href="/"></head><body>
        <p onclick="x" style="color:red"><a href=" JaVa&#x09;Script:x">a</a><a href="data:text/html,x">b</a>
        <a href="https://x.org/">fine</a><a href="/events/">fine</a><a href="mailto:a@b.org">fine</a>
        <iframe></iframe><script>1</script><svg><a xlink:href="javascript:x"></a></svg></p>
        <script src="/search.0a1b2c3d.js" defer></script><script src="/local-time.0a1b2c3d.js" defer></script>
        <script src="//x.org/search.0a1b2c3d.js"></script><script src="https://evil.example/x.0a1b2c3d.js"></script>
        <script src="/events/x/event.ics"></script></body></html>"#;
    let found = active_content(page, false);
    for wanted in [
        "<meta http-equiv>",
        "<base>",
        "<p onclick>",
        "<p style>",
        "<iframe>",
        "<script> that is neither JSON-LD nor a theme file",
        "<svg>",
    ] {
        assert!(found.iter().any(|f| f == wanted), "{wanted} in {found:?}");
    }
    // The inline one, other sites', and a file of the site that is not a
    // theme script; the theme's own pass.
    assert_eq!(
        found
            .iter()
            .filter(|f| *f == "<script> that is neither JSON-LD nor a theme file")
            .count(),
        4,
        "{found:?}"
    );
    assert_eq!(
        found.iter().filter(|f| f.contains("href=")).count(),
        3,
        "{found:?}"
    );
    let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:x\r\nATTACH:evil\r\nBEGIN:VALARM\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let found = ics_problems(ics);
    for wanted in ["unknown property in \"ATTACH:evil\"", "component VALARM"] {
        assert!(found.iter().any(|f| f == wanted), "{wanted} in {found:?}");
    }
    let found = ics_problems("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n");
    assert!(
        found.iter().any(|f| f.contains("closes BEGIN:VEVENT")),
        "{found:?}"
    );
    let found = ics_problems("BEGIN:VCALENDAR\r\nSUMMARY:a\nb\r\nEND:VCALENDAR\r\n");
    assert!(found.iter().any(|f| f == "a bare line break"), "{found:?}");
}

#[test]
fn every_hostile_file_is_rejected_or_neutralised() {
    check_all(&cases("hostile", 40), check_case);
}
