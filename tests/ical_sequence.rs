//! SEQUENCE across a history of changes to one date of a series: in every
//! feed, each VEVENT's SEQUENCE never goes down, and goes up whenever what
//! it says changes, since clients take a new version of an event only with
//! a higher SEQUENCE (RFC 5546 2.1.4).

mod common;

use common::ical::{build, lines};
use common::*;
use std::collections::BTreeMap;
use std::path::Path;

const NOW: &str = "2027-01-05 12:00";

/// A VEVENT in one feed: the feed's path, its UID and RECURRENCE-ID.
type Key = (String, String, String);

/// Each VEVENT of every `.ics` file under `out`: its SEQUENCE and its
/// lines but the stamps, which change with every commit.
fn versions(out: &Path) -> BTreeMap<Key, (u32, Vec<String>)> {
    let mut found = BTreeMap::new();
    for (path, bytes) in snapshot(out) {
        let feed = path.to_string_lossy().into_owned();
        if !feed.ends_with(".ics") {
            continue;
        }
        let mut current: Option<Vec<String>> = None;
        for line in lines(&String::from_utf8(bytes).unwrap()) {
            match line.as_str() {
                "BEGIN:VEVENT" => current = Some(Vec::new()),
                "END:VEVENT" => {
                    let event = current.take().unwrap();
                    let get = |name: &str| {
                        (event.iter())
                            .find_map(|l| {
                                let (key, value) = l.split_once(':')?;
                                let named = key == name || key.starts_with(&format!("{name};"));
                                named.then(|| value.to_string())
                            })
                            .unwrap_or_default()
                    };
                    let sequence = get("SEQUENCE").parse().unwrap();
                    let key = (feed.clone(), get("UID"), get("RECURRENCE-ID"));
                    let said = (event.iter())
                        .filter(|l| {
                            !["DTSTAMP:", "SEQUENCE:", "LAST-MODIFIED:", "CREATED:"]
                                .iter()
                                .any(|p| l.starts_with(p))
                        })
                        .cloned()
                        .collect();
                    assert!(found.insert(key, (sequence, said)).is_none());
                }
                _ => {
                    if let Some(event) = current.as_mut() {
                        event.push(line);
                    }
                }
            }
        }
    }
    found
}

/// Each VEVENT any build had: its last SEQUENCE and lines, and whether the
/// last build had it.
type Seen = BTreeMap<Key, (u32, Vec<String>, bool)>;

/// Commits `files` (a path under content/events/ and its text, or `None`
/// to delete it) and checks every VEVENT of the new build against the last
/// version of it any build had.
fn step(repo: &Path, seen: &mut Seen, date: &str, what: &str, files: &[(&str, Option<&str>)]) {
    for (path, text) in files {
        let path = format!("content/events/{path}");
        match text {
            Some(text) => std::fs::write(repo.join(&path), text).unwrap(),
            None => git(repo, &["rm", "-q", &path], date),
        }
    }
    commit_all(repo, what, date);
    let out = build(repo, NOW);
    let now = versions(out.path());
    // A date given back to its series: the series outdoes the VEVENT that
    // changed the date, or clients keep that.
    let gone = seen
        .iter()
        .filter(|(k, v)| v.2 && !k.2.is_empty() && !now.contains_key(k));
    for ((feed, uid, date), (before, ..)) in gone {
        if let Some((series, _)) = now.get(&(feed.clone(), uid.clone(), String::new())) {
            assert!(series > before, "{what}: {feed} {uid} {date} at {series}");
        }
    }
    for version in seen.values_mut() {
        version.2 = false;
    }
    for (key, (sequence, said)) in now {
        if let Some((before, said_before, _)) = seen.get(&key) {
            assert!(
                sequence >= *before,
                "{what}: {key:?} went down to {sequence}"
            );
            assert!(
                sequence > *before || said == *said_before,
                "{what}: {key:?} changed at SEQUENCE {sequence}:\n{said_before:#?}\n{said:#?}"
            );
        }
        seen.insert(key, (sequence, said, true));
    }
}

#[test]
fn sequence_never_goes_down_as_one_date_changes() {
    let site = site_from(&[&fixture("fixtures/base")]);
    let repo = site.path();
    std::fs::write(
        repo.join("content/venues/town-hall.md"),
        "---\nname: Town hall\n---\n",
    )
    .unwrap();
    git(repo, &["init", "-q"], "2027-01-01T10:00:00Z");
    let mut seen = Seen::new();
    step(repo, &mut seen, "2027-01-01T10:00:00Z", "first", &[]);
    let file = "open-coffee-2027-02-04.md";
    let moved = "coffee/open-coffee-2027-02-04.md";
    let change =
        |fields: &str| format!("---\noccurrence_of: open-coffee\ndate: 2027-02-04\n{fields}---\n");
    let steps: &[(&str, &str, &str, &str)] = &[
        ("edit", "02", file, "title: Coffee special\n"),
        (
            "move",
            "03",
            file,
            "title: Coffee special\nvenue: town-hall\n",
        ),
        // Back at the café by an edit, the file kept: the café's series
        // loses its EXDATE, a change its subscribers must take.
        ("unmove", "04", file, "title: Coffee special\n"),
        (
            "untag",
            "05",
            file,
            "title: Coffee special\ntags: [guests]\n",
        ),
        ("retag", "06", file, "title: Coffee special\n"),
        (
            "cancel",
            "07",
            file,
            "venue: town-hall\nstatus: cancelled\n",
        ),
        ("restore", "08", file, "venue: town-hall\n"),
        ("rename", "09", moved, ""),
        ("unmove again", "10", moved, "start: 2027-02-04 09:00\n"),
        ("delete", "11", moved, ""),
        ("again", "12", file, "venue: town-hall\n"),
    ];
    std::fs::create_dir_all(repo.join("content/events/coffee")).unwrap();
    for (what, day, path, fields) in steps {
        let date = format!("2027-01-{day}T10:00:00Z");
        let text = change(fields);
        let files: Vec<(&str, Option<&str>)> = match *what {
            "rename" => {
                // Its history goes with it.
                let from = format!("content/events/{file}");
                git(repo, &["mv", &from, "content/events/coffee/"], &date);
                vec![]
            }
            "delete" => vec![(path, None)],
            _ => vec![(path, Some(&text))],
        };
        step(repo, &mut seen, &date, what, &files);
    }
}
