//! The four readers: how each is found, run, and what it printed.

use super::common::*;
use super::{date, in_zone, manifest, Seen};
use chrono::{DateTime, NaiveDate, TimeZone};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

pub struct Window {
    pub from: DateTime<chrono::Utc>,
    pub to: DateTime<chrono::Utc>,
    pub from_date: NaiveDate,
    pub to_date: NaiveDate,
}

impl Window {
    pub fn new(site_zone: chrono_tz::Tz, from: &str, to: &str) -> Window {
        let midnight = |d: NaiveDate| {
            site_zone
                .from_local_datetime(&d.and_hms_opt(0, 0, 0).unwrap())
                .earliest()
                .unwrap()
                .with_timezone(&chrono::Utc)
        };
        Window {
            from: midnight(date(from)),
            to: midnight(date(to)),
            from_date: date(from),
            to_date: date(to),
        }
    }

    pub fn contains(&self, start: &str) -> bool {
        match DateTime::parse_from_rfc3339(start) {
            Ok(t) => self.from <= t && t < self.to,
            Err(_) => (self.from_date..self.to_date).contains(&date(start)),
        }
    }

    pub fn utc(t: DateTime<chrono::Utc>) -> String {
        t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    }
}

/// What a client found, by feed.
pub struct Found {
    pub feeds: u64,
    pub by_feed: BTreeMap<String, Vec<Seen>>,
    pub raw: Vec<Value>,
}

impl Found {
    /// Forgets the occurrences of the events `slugs`.
    pub fn leave_out(&mut self, slugs: &[&str]) {
        let left_out = |url: &str| {
            slugs
                .iter()
                .any(|slug| url.ends_with(&format!("/events/{slug}/")))
        };
        self.raw
            .retain(|o| !left_out(o["url"].as_str().unwrap_or_default()));
        for seen in self.by_feed.values_mut() {
            seen.retain(|s| !slugs.contains(&s.slug.as_str()));
        }
        self.by_feed.retain(|_, seen| !seen.is_empty());
    }
}

/// An occurrence as a client printed it.
pub fn seen_of(o: &Value, zones: &BTreeMap<String, chrono_tz::Tz>, who: &str) -> Seen {
    let s = |k: &str| o[k].as_str().unwrap_or_default().to_string();
    let url = s("url");
    let slug = url
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let tz = *zones
        .get(&slug)
        .unwrap_or_else(|| panic!("{who}: {slug} ({url}) is not an event meetcal lists"));
    Seen {
        slug,
        occurrence: o["recurrence_id"].as_str().map(str::to_string),
        start: in_zone(&s("start"), tz),
        end: in_zone(&s("end"), tz),
        status: s("status"),
        title: s("summary"),
    }
}

pub fn read_client(json: &[u8], zones: &BTreeMap<String, chrono_tz::Tz>, who: &str) -> Found {
    let json: Value = serde_json::from_slice(json)
        .unwrap_or_else(|e| panic!("{who} printed no JSON ({e}): {}", text(json)));
    let problems = json["problems"].as_array().unwrap();
    assert!(problems.is_empty(), "{who} found problems: {problems:#?}");
    let mut by_feed: BTreeMap<String, Vec<Seen>> = BTreeMap::new();
    let raw = json["occurrences"].as_array().unwrap().clone();
    for o in &raw {
        let feed = o["feed"].as_str().unwrap_or_default().to_string();
        by_feed
            .entry(feed)
            .or_default()
            .push(seen_of(o, zones, who));
    }
    for seen in by_feed.values_mut() {
        seen.sort();
    }
    Found {
        feeds: json["feeds"].as_u64().unwrap(),
        by_feed,
        raw,
    }
}

pub fn python_ready() -> bool {
    Command::new("python3")
        .args(["-c", "import icalendar, recurring_ical_events"])
        .output()
        .is_ok_and(|o| o.status.success())
}

pub fn node_ready() -> bool {
    Command::new("node")
        .arg("--input-type=module")
        .args(["-e", "await import('ical.js')"])
        .current_dir(manifest())
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The libical reader, compiled once per test run with the system's C
/// compiler: its path, or why it could not be built.
pub fn libical_reader() -> &'static Result<PathBuf, String> {
    static BUILT: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    BUILT.get_or_init(|| {
        let program = Path::new(env!("CARGO_TARGET_TMPDIR")).join("libical_check");
        let compiled = Command::new("cc")
            .args(["-O1", "-o"])
            .arg(&program)
            .arg(fixture("interop/libical_check.c"))
            .arg("-lical")
            .output()
            .map_err(|e| format!("cc: {e}"))?;
        if !compiled.status.success() {
            let error = text(&compiled.stderr);
            let first = error
                .lines()
                .find(|l| l.contains("error"))
                .unwrap_or(&error);
            return Err(format!("cc: {}", first.trim()));
        }
        Ok(program)
    })
}

/// What a reader prints of the feeds under `out` over `window`: it is
/// given the folder and the window's ends, and exits 0, or 1 when it found
/// a problem it prints.
fn read_feeds(mut reader: Command, out: &Path, window: &Window) -> Vec<u8> {
    let run = reader
        .arg(out)
        .arg(Window::utc(window.from))
        .arg(Window::utc(window.to))
        .output()
        .unwrap();
    assert!(
        matches!(run.status.code(), Some(0 | 1)),
        "{}{}",
        text(&run.stderr),
        text(&run.stdout)
    );
    run.stdout
}

pub fn run_libical(out: &Path, window: &Window) -> Vec<u8> {
    let program = libical_reader().as_ref().expect("checked by the test");
    read_feeds(Command::new(program), out, window)
}

pub fn run_python(out: &Path, window: &Window) -> Vec<u8> {
    ical::python_report(out, &Window::utc(window.from), &Window::utc(window.to))
}

pub fn run_node(out: &Path, window: &Window) -> Vec<u8> {
    let mut node = Command::new("node");
    node.arg(fixture("interop/icaljs_check.mjs"))
        .current_dir(manifest());
    read_feeds(node, out, window)
}

/// The version of Sabre/VObject that tests/interop/sabre_check.php finds,
/// if it finds PHP and Sabre: it exits 2 when it cannot run, and reads an
/// empty site otherwise.
pub fn sabre_version() -> Option<String> {
    let empty = tempfile::tempdir().unwrap();
    let run = Command::new("php")
        .arg(fixture("interop/sabre_check.php"))
        .arg(empty.path())
        .args(["2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z"])
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    let json: Value = serde_json::from_slice(&run.stdout).ok()?;
    json["sabre"].as_str().map(str::to_string)
}

pub fn run_sabre(out: &Path, window: &Window) -> Vec<u8> {
    let mut php = Command::new("php");
    php.arg(fixture("interop/sabre_check.php"));
    read_feeds(php, out, window)
}
