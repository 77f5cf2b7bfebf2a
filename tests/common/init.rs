//! Calendars made by `meetcal init`, as an organizer makes one.

use super::{git, text};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A calendar made by `meetcal init`, committed as its organizer would.
pub fn new_calendar(parent: &Path) -> PathBuf {
    new_calendar_with(parent, &[])
}

/// A calendar made by `meetcal init` with more options, committed.
pub fn new_calendar_with(parent: &Path, options: &[&str]) -> PathBuf {
    let root = parent.join("origin");
    let out = Command::new(env!("CARGO_BIN_EXE_meetcal"))
        .arg("init")
        .arg(&root)
        .args(["--title", "Lyon: web & café", "--timezone", "Europe/Paris"])
        .args(options)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    git(
        &root,
        &["init", "-q", "-b", "main"],
        "2026-11-20T10:00:00+01:00",
    );
    git(&root, &["add", "-A"], "2026-11-20T10:00:00+01:00");
    git(
        &root,
        &["commit", "-q", "-m", "A new calendar"],
        "2026-11-20T10:00:00+01:00",
    );
    root
}
