//! Every feed of the sample calendar and of every fixture site, read and
//! expanded by two independent clients: Mozilla's ical.js (Thunderbird's
//! parser) and Python's icalendar with recurring-ical-events. What they
//! expand over a year must be what `meetcal list` says, occurrence by
//! occurrence, plus hand-written expectations for the iCalendar fixture.
//!
//! `.ci/run` installs both (`npm ci`, `pip install -r
//! tests/interop/requirements.txt`). In CI a missing client fails the test;
//! locally it is reported loudly.

mod common;

use chrono::{DateTime, NaiveDate, TimeZone};
use common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A site, the `--now` it is built for, and the year its feeds are expanded over.
struct Site {
    root: PathBuf,
    now: &'static str,
    from: &'static str,
    to: &'static str,
}

fn sites() -> Vec<Site> {
    vec![
        Site {
            root: manifest().to_path_buf(),
            now: "2026-11-25 12:00",
            from: "2026-11-01",
            to: "2027-11-01",
        },
        Site {
            root: fixture("fixtures/ical"),
            now: "2027-01-05 12:00",
            from: "2027-01-01",
            to: "2028-01-01",
        },
        Site {
            root: fixture("fixtures/recurrence"),
            now: "2027-01-05 12:00",
            from: "2027-01-01",
            to: "2028-01-01",
        },
        Site {
            root: fixture("fixtures/base"),
            now: "2027-01-05 12:00",
            from: "2027-01-01",
            to: "2028-01-01",
        },
    ]
}

/// One occurrence, as meetcal lists it or as a client expands it: times as
/// RFC 3339 in the event's zone (so an instant written in UTC or with a
/// skipped wall-clock time compares by the instant it means).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Seen {
    slug: String,
    occurrence: Option<String>,
    start: String,
    end: String,
    status: String,
    title: String,
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn in_zone(text: &str, tz: chrono_tz::Tz) -> String {
    match DateTime::parse_from_rfc3339(text) {
        Ok(t) => t.with_timezone(&tz).to_rfc3339(),
        Err(_) => text.to_string(), // a date
    }
}

struct Window {
    from: DateTime<chrono::Utc>,
    to: DateTime<chrono::Utc>,
    from_date: NaiveDate,
    to_date: NaiveDate,
}

impl Window {
    fn new(site_zone: chrono_tz::Tz, from: &str, to: &str) -> Window {
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

    fn contains(&self, start: &str) -> bool {
        match DateTime::parse_from_rfc3339(start) {
            Ok(t) => self.from <= t && t < self.to,
            Err(_) => (self.from_date..self.to_date).contains(&date(start)),
        }
    }

    fn utc(t: DateTime<chrono::Utc>) -> String {
        t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    }
}

fn site_zone(root: &Path) -> chrono_tz::Tz {
    let site = std::fs::read_to_string(root.join("content/site.yaml")).unwrap();
    let line = site.lines().find(|l| l.starts_with("timezone:")).unwrap();
    line["timezone:".len()..].trim().parse().unwrap()
}

/// What `meetcal list` says, over a window three days wider on each side.
fn expected(site: &Site, window: &Window) -> (Vec<Seen>, BTreeMap<String, chrono_tz::Tz>) {
    let from = (window.from_date - chrono::Duration::days(3)).to_string();
    let to = (window.to_date + chrono::Duration::days(3)).to_string();
    let out = meetcal(
        &site.root,
        &["list", "--from", &from, "--to", &to, "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut zones = BTreeMap::new();
    let mut seen = Vec::new();
    for o in json["occurrences"].as_array().unwrap() {
        let s = |k: &str| o[k].as_str().unwrap_or_default().to_string();
        let tz: chrono_tz::Tz = s("timezone").parse().unwrap();
        zones.insert(s("slug"), tz);
        if !window.contains(&s("start")) {
            continue;
        }
        seen.push(Seen {
            slug: s("slug"),
            occurrence: o["occurrence"].as_str().map(str::to_string),
            start: in_zone(&s("start"), tz),
            end: in_zone(&s("end"), tz),
            status: s("status").to_uppercase(),
            title: s("title"),
        });
    }
    seen.sort();
    (seen, zones)
}

/// What a client found, by feed.
struct Found {
    feeds: u64,
    by_feed: BTreeMap<String, Vec<Seen>>,
    raw: Vec<Value>,
}

fn read_client(json: &[u8], zones: &BTreeMap<String, chrono_tz::Tz>, who: &str) -> Found {
    let json: Value = serde_json::from_slice(json)
        .unwrap_or_else(|e| panic!("{who} printed no JSON ({e}): {}", text(json)));
    let problems = json["problems"].as_array().unwrap();
    assert!(problems.is_empty(), "{who} found problems: {problems:#?}");
    let mut by_feed: BTreeMap<String, Vec<Seen>> = BTreeMap::new();
    let raw = json["occurrences"].as_array().unwrap().clone();
    for o in &raw {
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
        by_feed.entry(s("feed")).or_default().push(Seen {
            slug,
            occurrence: o["recurrence_id"].as_str().map(str::to_string),
            start: in_zone(&s("start"), tz),
            end: in_zone(&s("end"), tz),
            status: s("status"),
            title: s("summary"),
        });
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

fn python_ready() -> bool {
    Command::new("python3")
        .args(["-c", "import icalendar, recurring_ical_events"])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn node_ready() -> bool {
    Command::new("node")
        .arg("--input-type=module")
        .args(["-e", "await import('ical.js')"])
        .current_dir(manifest())
        .output()
        .is_ok_and(|o| o.status.success())
}

fn run_python(out: &Path, window: &Window) -> Vec<u8> {
    let run = Command::new("python3")
        .arg(fixture("interop/ical_check.py"))
        .arg(out)
        .args(["--from", &Window::utc(window.from)])
        .args(["--to", &Window::utc(window.to)])
        .output()
        .unwrap();
    assert!(
        matches!(run.status.code(), Some(0 | 1)),
        "{}",
        text(&run.stderr)
    );
    run.stdout
}

fn run_node(out: &Path, window: &Window) -> Vec<u8> {
    let run = Command::new("node")
        .arg(fixture("interop/icaljs_check.mjs"))
        .arg(out)
        .arg(Window::utc(window.from))
        .arg(Window::utc(window.to))
        .current_dir(manifest())
        .output()
        .unwrap();
    assert!(
        matches!(run.status.code(), Some(0 | 1)),
        "{}",
        text(&run.stderr)
    );
    run.stdout
}

/// Builds `site` and checks what `client` makes of every feed.
fn check_site(site: &Site, who: &str, client: fn(&Path, &Window) -> Vec<u8>) -> Found {
    let out = tempfile::tempdir().unwrap();
    let built = meetcal(
        &site.root,
        &[
            "build",
            "--out",
            out.path().to_str().unwrap(),
            "--now",
            site.now,
        ],
    );
    assert_eq!(built.status.code(), Some(0), "{}", text(&built.stderr));
    let window = Window::new(site_zone(&site.root), site.from, site.to);
    let (expected, zones) = expected(site, &window);
    let found = read_client(&client(out.path(), &window), &zones, who);
    let feed_files = walkdir::WalkDir::new(out.path())
        .into_iter()
        .filter(|e| e.as_ref().unwrap().path().extension() == Some("ics".as_ref()))
        .count() as u64;
    assert_eq!(found.feeds, feed_files, "{who} read every feed");
    let place = site.root.display();
    // The whole calendar: every occurrence meetcal lists, and nothing else.
    let all = found
        .by_feed
        .get("calendar.ics")
        .cloned()
        .unwrap_or_default();
    assert_same(&all, &expected, &format!("{place}: {who}'s calendar.ics"));
    // Every other feed: each event in it has all its occurrences, as listed.
    for (feed, seen) in &found.by_feed {
        let slugs: BTreeSet<&str> = seen.iter().map(|s| s.slug.as_str()).collect();
        let want: Vec<Seen> = expected
            .iter()
            .filter(|e| slugs.contains(e.slug.as_str()))
            .cloned()
            .collect();
        assert_same(seen, &want, &format!("{place}: {who}'s {feed}"));
        if let Some(slug) = feed
            .strip_prefix("events/")
            .and_then(|f| f.strip_suffix("/event.ics"))
        {
            assert_eq!(slugs, BTreeSet::from([slug]), "{feed} holds its event only");
        }
    }
    found
}

/// Fails with only the differences, not two whole lists.
fn assert_same(found: &[Seen], expected: &[Seen], what: &str) {
    let missing: Vec<&Seen> = expected.iter().filter(|e| !found.contains(e)).collect();
    let extra: Vec<&Seen> = found.iter().filter(|f| !expected.contains(f)).collect();
    assert!(
        missing.is_empty() && extra.is_empty() && found.len() == expected.len(),
        "{what} differs from `meetcal list`\nexpected but not found: {missing:#?}\nfound but not expected: {extra:#?}"
    );
}

/// Occurrences of one event in calendar.ics, as the client printed them.
fn raw<'a>(found: &'a Found, slug: &str) -> Vec<&'a Value> {
    found
        .raw
        .iter()
        .filter(|o| o["feed"] == "calendar.ics")
        .filter(|o| {
            o["url"]
                .as_str()
                .is_some_and(|u| u.ends_with(&format!("/events/{slug}/")))
        })
        .collect()
}

fn starts(found: &Found, slug: &str) -> Vec<String> {
    let zone = chrono_tz::Europe::Paris;
    let mut all: Vec<String> = raw(found, slug)
        .iter()
        .map(|o| {
            let start = o["start"].as_str().unwrap();
            match DateTime::parse_from_rfc3339(start) {
                Ok(_) if slug == "nyc-meetup" => in_zone(start, chrono_tz::America::New_York),
                Ok(_) => in_zone(start, zone),
                Err(_) => start.to_string(),
            }
        })
        .collect();
    all.sort();
    all
}

/// What the iCalendar fixture promises, written out by hand.
fn check_hand_written(found: &Found, who: &str) {
    let breakfast = starts(found, "weekly-breakfast");
    for want in [
        "2027-01-07T08:30:00+01:00",
        "2027-03-25T08:30:00+01:00",
        "2027-04-08T08:30:00+02:00",
        "2027-05-07T09:00:00+02:00",
        "2027-10-28T08:30:00+02:00",
        "2027-11-04T08:30:00+01:00",
        "2027-12-30T08:30:00+01:00",
    ] {
        assert!(
            breakfast.contains(&want.to_string()),
            "{who}: {want} in {breakfast:?}"
        );
    }
    for absent in ["2027-04-01", "2027-05-06", "2027-08-12"] {
        assert!(
            !breakfast.iter().any(|s| s.starts_with(absent)),
            "{who}: {absent}"
        );
    }
    assert_eq!(
        breakfast.len(),
        52 - 2,
        "{who}: 52 Thursdays less 2 exceptions"
    );
    let moved = raw(found, "weekly-breakfast")
        .into_iter()
        .find(|o| o["recurrence_id"] == "2027-05-06")
        .unwrap();
    assert_eq!(
        moved["summary"], "Weekly breakfast (moved to Friday)",
        "{who}"
    );
    assert_eq!(
        moved["location"],
        "Salle polyvalente, 10 avenue Parmentier, 75011 Paris"
    );
    let cancelled = raw(found, "weekly-breakfast")
        .into_iter()
        .find(|o| o["recurrence_id"] == "2027-06-10")
        .unwrap();
    assert_eq!(cancelled["status"], "CANCELLED", "{who}");

    let fridays: Vec<String> = starts(found, "last-friday")
        .iter()
        .map(|s| s[..10].to_string())
        .collect();
    assert_eq!(
        fridays,
        [
            "2027-01-29",
            "2027-02-26",
            "2027-03-26",
            "2027-04-30",
            "2027-05-28",
            "2027-06-25",
            "2027-07-30",
            "2027-08-27",
            "2027-09-24",
            "2027-10-29"
        ],
        "{who}: last Fridays, the until date included"
    );
    let wednesdays = starts(found, "first-wednesday");
    assert_eq!(wednesdays.len(), 10, "{who}: count 10");
    assert_eq!(wednesdays[9], "2027-10-06T19:00:00+02:00", "{who}");

    let nyc = starts(found, "nyc-meetup");
    for want in [
        "2027-01-05T18:00:00-05:00",
        "2027-01-07T18:00:00-05:00",
        "2027-01-19T18:00:00-05:00",
        "2027-03-04T18:00:00-05:00",
        "2027-03-16T18:00:00-04:00",
        "2027-10-28T18:00:00-04:00",
        "2027-11-09T18:00:00-05:00",
    ] {
        assert!(nyc.contains(&want.to_string()), "{who}: {want} in {nyc:?}");
    }
    assert!(
        !nyc.iter().any(|s| s.starts_with("2027-01-12")),
        "{who}: every other week"
    );

    let retreat = raw(found, "spring-retreat");
    assert_eq!(
        (retreat[0]["start"].as_str(), retreat[0]["end"].as_str()),
        (Some("2027-04-16"), Some("2027-04-19")),
        "{who}: all day, exclusive end"
    );
    assert_eq!(
        starts(found, "repair-weekend"),
        [
            "2027-01-15",
            "2027-02-15",
            "2027-04-15",
            "2027-05-22",
            "2027-06-15"
        ],
        "{who}: count before exceptions, one moved"
    );
    let night = raw(found, "night-shift");
    assert_eq!(
        in_zone(night[0]["end"].as_str().unwrap(), chrono_tz::Europe::Paris),
        "2027-02-14T03:00:00+01:00",
        "{who}"
    );

    let special = raw(found, "special-text");
    let special = special[0];
    let title = "Café, croissants; C:\\Users\\meetcal\\ — \"quotes\" & 🎉 émojis, with a title long enough to be folded more than once";
    assert_eq!(special["summary"], title, "{who}");
    let body = "Commas, semicolons; backslashes C:\\Users\\meetcal\\notes and a colon: here. Accents: àéîõü ÀÉÎÕÜ ç ñ ß œ. Emoji: 🎉👩🏽‍💻🇫🇷 — and a line that is much longer than seventy-five octets, so that it has to be folded twice or more: 🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉.\n\nSecond paragraph, with \"quotes\", 'apostrophes' and a link (https://example.org/a,b;c).\n\nDetails: https://feeds.example.org/details?a=1;b=2,c=3\nhttps://feeds.example.org/cal/events/special-text/";
    assert_eq!(special["description"], body, "{who}");
    assert_eq!(
        special["location"], "Le Bar; \"Chez Zoé\", 2e étage, 1, place du Marché; 75011 Paris",
        "{who}"
    );
    assert_eq!(
        special["categories"],
        serde_json::json!(["text", "talks"]),
        "{who}"
    );
    assert_eq!(special["status"], "TENTATIVE", "{who}");

    let custom = raw(found, "custom-uid");
    assert_eq!(custom[0]["uid"], "legacy-1234@old.example.com", "{who}");
    let hybrid = raw(found, "hybrid-workshop");
    let description = hybrid[0]["description"].as_str().unwrap();
    assert!(
        description.contains("\nOnline: https://meet.example.org/workshop\n"),
        "{description}"
    );
    let cancelled_talk = raw(found, "cancelled-talk");
    assert_eq!(cancelled_talk[0]["status"], "CANCELLED", "{who}");
}

#[test]
fn python_icalendar_reads_every_feed_as_meetcal_lists_it() {
    if !require_tool(
        python_ready(),
        "Python with icalendar and recurring-ical-events",
    ) {
        return;
    }
    for site in sites() {
        let found = check_site(&site, "icalendar", run_python);
        if site.root.ends_with("fixtures/ical") {
            check_hand_written(&found, "icalendar");
        }
    }
}

#[test]
fn icaljs_reads_every_feed_as_meetcal_lists_it() {
    if !require_tool(node_ready(), "Node.js with ical.js (npm ci)") {
        return;
    }
    for site in sites() {
        let found = check_site(&site, "ical.js", run_node);
        if site.root.ends_with("fixtures/ical") {
            check_hand_written(&found, "ical.js");
        }
    }
}
