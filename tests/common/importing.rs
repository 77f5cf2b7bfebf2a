//! What the tests of `meetcal import` and `meetcal sync` share: a calendar
//! as `meetcal init` writes it, feeds written from a few events, and the
//! files an import wrote.

use super::{fixture, meetcal, text};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A new calendar (Europe/Paris), as `meetcal init` writes it.
pub fn new_calendar(dir: &Path) -> PathBuf {
    let root = dir.join("calendar");
    let out = Command::new(env!("CARGO_BIN_EXE_meetcal"))
        .arg("init")
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    root
}

pub fn fixture_feed(name: &str) -> String {
    fixture(&format!("fixtures/import/{name}"))
        .to_str()
        .unwrap()
        .to_string()
}

/// Runs meetcal and insists on exit 0; its standard output.
#[track_caller]
pub fn ok(root: &Path, args: &[&str]) -> String {
    let out = meetcal(root, args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "meetcal {args:?}:\n{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

pub fn read(root: &Path, path: &str) -> String {
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The files of an import folder, by name.
pub fn files(root: &Path, folder: &str) -> BTreeMap<String, String> {
    std::fs::read_dir(root.join(folder))
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

pub fn feed_of(events: &[&str]) -> String {
    let mut feed = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n");
    for event in events {
        feed.push_str("BEGIN:VEVENT\r\nDTSTAMP:20261201T120000Z\r\n");
        for line in event.lines() {
            feed.push_str(line);
            feed.push_str("\r\n");
        }
        feed.push_str("END:VEVENT\r\n");
    }
    feed.push_str("END:VCALENDAR\r\n");
    feed
}
