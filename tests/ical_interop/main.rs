//! Every feed of the sample calendar and of every fixture site, read and
//! expanded by four independent clients: Mozilla's ical.js (Thunderbird's
//! parser), Python's icalendar with recurring-ical-events, libical (the
//! C library of Evolution and Cyrus, through a small program compiled here)
//! and Sabre/VObject (the PHP library of Nextcloud's CalDAV server and
//! subscriptions), whose validator must find nothing to say, not even a
//! warning.
//! What they expand over a year must be what `meetcal list` says,
//! occurrence by occurrence: `calendar.ics` all of it, a group's feed and
//! an event's `event.ics` every occurrence of their events, a venue's or a
//! tag's feed exactly the occurrences of `calendar.ics` at that venue or
//! with that tag. Plus hand-written expectations for the iCalendar fixture.
//!
//! `.ci/run` installs all four (`npm ci`, `pip install -r
//! tests/interop/requirements.txt`, Debian's libical-dev, php-cli and
//! php-sabre-vobject). In CI a missing client fails the test; locally it is
//! reported loudly.

mod clients;
#[path = "../common/mod.rs"]
mod common;
mod hand_written;

use clients::*;
use hand_written::check_hand_written;

use chrono::{DateTime, NaiveDate};
use common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

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
/// A field of the site's settings, as written.
fn site_field(root: &Path, name: &str) -> Option<String> {
    let site = std::fs::read_to_string(root.join("content/site.yaml")).unwrap();
    let fields: serde_yaml::Value = serde_yaml::from_str(&site).unwrap();
    fields[name].as_str().map(str::to_string)
}

fn site_zone(root: &Path) -> chrono_tz::Tz {
    site_field(root, "timezone").unwrap().parse().unwrap()
}

/// The title a feed gives a cancelled occurrence, in the site's language:
/// not every client shows STATUS, every one shows SUMMARY.
fn cancelled_title(root: &Path, title: &str) -> String {
    match site_field(root, "language").as_deref() {
        Some("fr") => format!("Annulé\u{a0}: {title}"),
        _ => format!("Cancelled: {title}"),
    }
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
        let title = match s("status").as_str() {
            "cancelled" => cancelled_title(&site.root, &s("title")),
            _ => s("title"),
        };
        seen.push(Seen {
            slug: s("slug"),
            occurrence: o["occurrence"].as_str().map(str::to_string),
            start: in_zone(&s("start"), tz),
            end: in_zone(&s("end"), tz),
            status: s("status").to_uppercase(),
            title,
        });
    }
    seen.sort();
    (seen, zones)
}

/// Builds `site` and checks what `client` makes of every feed, but for the
/// events of `misread`, which the client is known to expand wrong.
fn check_site(
    site: &Site,
    who: &str,
    client: fn(&Path, &Window) -> Vec<u8>,
    misread: &[&str],
) -> Found {
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
    let (mut expected, zones) = expected(site, &window);
    expected.retain(|e| !misread.contains(&e.slug.as_str()));
    let mut found = read_client(&client(out.path(), &window), &zones, who);
    found.leave_out(misread);
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
    let locations = venue_locations(&site.root);
    for (feed, seen) in &found.by_feed {
        let what = format!("{place}: {who}'s {feed}");
        let part = |keep: &dyn Fn(&Value) -> bool| -> Vec<Seen> {
            found
                .raw
                .iter()
                .filter(|o| o["feed"] == "calendar.ics" && keep(o))
                .map(|o| seen_of(o, &zones, who))
                .collect()
        };
        if let Some(venue) = feed_of(feed, "venues/") {
            // Exactly what happens at the venue, as calendar.ics has it.
            let location = &locations[venue];
            let want = part(&|o| o["location"].as_str() == Some(location));
            assert_same(&anonymous(seen), &anonymous(&want), &what);
        } else if let Some(tag) = feed_of(feed, "tags/") {
            // Exactly the occurrences with the tag.
            let want = part(&|o| o["categories"].as_array().unwrap().contains(&tag.into()));
            assert_same(&anonymous(seen), &anonymous(&want), &what);
        } else if feed != "calendar.ics" {
            // A group's feed or an event's: every occurrence of its events.
            let slugs: BTreeSet<&str> = seen.iter().map(|s| s.slug.as_str()).collect();
            let want: Vec<Seen> = expected
                .iter()
                .filter(|e| slugs.contains(e.slug.as_str()))
                .cloned()
                .collect();
            assert_same(seen, &want, &what);
            if let Some(slug) = feed
                .strip_prefix("events/")
                .and_then(|f| f.strip_suffix("/event.ics"))
            {
                assert_eq!(slugs, BTreeSet::from([slug]), "{feed} holds its event only");
            }
        }
    }
    // A venue's or tag's feed that the clients found empty must be so.
    for feed in feed_names(out.path()) {
        if feed_of(&feed, "venues/").is_some() || feed_of(&feed, "tags/").is_some() {
            if found.by_feed.contains_key(&feed) {
                continue;
            }
            let venue = feed_of(&feed, "venues/").map(|v| locations[v].clone());
            let tag = feed_of(&feed, "tags/");
            let stray = found.raw.iter().find(|o| {
                o["feed"] == "calendar.ics"
                    && (venue.as_deref().is_some_and(|l| o["location"] == l)
                        || tag.is_some_and(|t| {
                            o["categories"].as_array().unwrap().contains(&t.into())
                        }))
            });
            assert!(stray.is_none(), "{place}: {who}'s {feed} misses {stray:?}");
        }
    }
    found
}

/// The slug in `venues/<slug>/calendar.ics` or `tags/<tag>/calendar.ics`.
fn feed_of<'a>(feed: &'a str, kind: &str) -> Option<&'a str> {
    feed.strip_prefix(kind)?.strip_suffix("/calendar.ics")
}

fn feed_names(out: &Path) -> Vec<String> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension() == Some("ics".as_ref()))
        .map(|e| e.path().strip_prefix(out).unwrap().display().to_string())
        .collect()
}

/// Occurrences without the date of the series they belong to: a venue's or
/// tag's feed writes an occurrence whose series it does not hold as an
/// event of its own, which no client can tell from a one-off event.
fn anonymous(seen: &[Seen]) -> Vec<Seen> {
    let mut all: Vec<Seen> = seen
        .iter()
        .map(|s| Seen {
            occurrence: None,
            ..s.clone()
        })
        .collect();
    all.sort();
    all
}

/// Each venue's LOCATION, from its file: its name, then its address.
fn venue_locations(root: &Path) -> BTreeMap<String, String> {
    let mut locations = BTreeMap::new();
    let Ok(files) = std::fs::read_dir(root.join("content/venues")) else {
        return locations;
    };
    for file in files {
        let path = file.unwrap().path();
        let content = std::fs::read_to_string(&path).unwrap();
        let yaml = match path.extension().and_then(|e| e.to_str()) {
            Some("md") => content.split("---").nth(1).unwrap().to_string(),
            _ => content,
        };
        let fields: serde_yaml::Value = serde_yaml::from_str(&yaml).unwrap();
        let field = |k: &str| fields[k].as_str().map(str::to_string);
        let name = field("name").unwrap();
        let location = match field("address") {
            Some(address) => format!("{name}, {address}"),
            None => name,
        };
        let slug = path.file_stem().unwrap().to_str().unwrap().to_string();
        locations.insert(slug, location);
    }
    locations
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

#[test]
fn python_icalendar_reads_every_feed_as_meetcal_lists_it() {
    if !require_tool(
        python_ready(),
        "Python with icalendar and recurring-ical-events",
    ) {
        return;
    }
    for site in sites() {
        let found = check_site(&site, "icalendar", run_python, &[]);
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
        let found = check_site(&site, "ical.js", run_node, &[]);
        if site.root.ends_with("fixtures/ical") {
            check_hand_written(&found, "ical.js");
        }
    }
}

#[test]
fn libical_reads_every_feed_as_meetcal_lists_it() {
    let reader = libical_reader();
    let why = reader
        .as_ref()
        .err()
        .map_or(String::new(), |e| format!(" ({e})"));
    if !require_tool(
        reader.is_ok(),
        &format!("libical (Debian's libical-dev) with a C compiler{why}"),
    ) {
        return;
    }
    for site in sites() {
        let found = check_site(&site, "libical", run_libical, &[]);
        if site.root.ends_with("fixtures/ical") {
            check_hand_written(&found, "libical");
        }
    }
}

#[test]
fn sabre_validates_and_expands_every_feed_as_meetcal_lists_it() {
    let version = sabre_version();
    if !require_tool(
        version.is_some(),
        "PHP with Sabre/VObject (Debian's php-cli and php-sabre-vobject)",
    ) {
        return;
    }
    let sabre_2 = version.is_some_and(|v| v.starts_with("2."));
    for site in sites() {
        // Sabre's own bugs, not the feed's (ical.js, libical and Python read
        // these as meetcal lists them). A date whose wall-clock time comes
        // twice as the clocks go back: Sabre 4 lists it twice, Sabre 2
        // gives it a wrong end. Sabre 2 (Debian's) also moves every date
        // after a skipped wall-clock time by the jump
        // (sabre-io/vobject#648), and ignores a change to a series' first
        // date.
        let mut misread = vec![];
        if site.root.ends_with("fixtures/recurrence") {
            misread.extend(["night-owls", "lord-howe-overlap"]);
            if sabre_2 {
                misread.push("spring-night");
            }
        }
        let found = check_site(&site, "Sabre/VObject", run_sabre, &misread);
        if site.root.ends_with("fixtures/ical") {
            check_hand_written(&found, "Sabre/VObject");
        }
    }
}
