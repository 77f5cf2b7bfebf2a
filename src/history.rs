//! When each content file was first and last committed, and how often: what
//! the feeds' SEQUENCE, LAST-MODIFIED and DTSTAMP are made of, so that
//! calendar clients apply edits while rebuilds stay byte-identical.
//!
//! One `git log` over `content/` at build time. When the root is not a git
//! checkout (or git is missing), the history is empty and the feeds fall
//! back to DTSTAMP = `--now`, SEQUENCE 0 and no LAST-MODIFIED; never the
//! build clock. Commits are what count: uncommitted edits are not seen, and
//! a shallow clone only sees the commits it has.

use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One file's commits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileHistory {
    /// The first commit's committer time.
    pub created: DateTime<Utc>,
    /// The latest commit's committer time.
    pub modified: DateTime<Utc>,
    /// How many commits changed it (at least 1).
    pub commits: u32,
}

/// Histories by path relative to the root (`content/events/x.md`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    files: BTreeMap<PathBuf, FileHistory>,
}

impl History {
    /// No history: the documented fallback.
    pub fn none() -> History {
        History::default()
    }

    /// Reads the history of `root/content` from git; empty when `root` is
    /// not in a git checkout or git cannot run.
    pub fn from_git(root: &Path) -> History {
        let output = Command::new("git")
            .arg("-C")
            .arg(root)
            .args([
                "log",
                "--reverse",
                // NUL-separated names: any file name survives, unquoted.
                "-z",
                "--format=%x1e%ct",
                "--name-status",
                // Follow files moved inside content/, so their count goes on.
                "-M",
                // Names relative to the root, even when it is a sub-folder of the checkout.
                "--relative",
                "--no-color",
                // A user's `log.showSignature` would mix signatures into the output.
                "--no-show-signature",
                "--",
                "content/",
            ])
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .output();
        match output {
            Ok(out) if out.status.success() => {
                History::parse_log(&String::from_utf8_lossy(&out.stdout))
            }
            _ => History::none(),
        }
    }

    /// Parses the output of the `git log` above, oldest commit first.
    pub fn parse_log(log: &str) -> History {
        let mut files: BTreeMap<PathBuf, FileHistory> = BTreeMap::new();
        for commit in log.split('\x1e').filter(|c| !c.is_empty()) {
            let mut fields = commit.split('\0');
            let Some(time) = fields
                .next()
                .and_then(|t| t.trim().parse::<i64>().ok())
                .and_then(|t| DateTime::from_timestamp(t, 0))
            else {
                continue;
            };
            let mut fields = fields
                .map(|f| f.trim_start_matches('\n'))
                .filter(|f| !f.is_empty());
            while let Some(status) = fields.next() {
                let renamed = status.starts_with('R');
                let from = if renamed { fields.next() } else { None };
                let Some(path) = fields.next() else { break };
                let path = PathBuf::from(path);
                // A moved file keeps its history: its SEQUENCE must never go down.
                let earlier = from.and_then(|f| files.remove(Path::new(f)));
                let entry = files.entry(path).or_insert(earlier.unwrap_or(FileHistory {
                    created: time,
                    modified: time,
                    commits: 0,
                }));
                entry.created = entry.created.min(time);
                entry.modified = entry.modified.max(time);
                entry.commits += 1;
            }
        }
        History { files }
    }

    pub fn file(&self, path: &Path) -> Option<&FileHistory> {
        self.files.get(path)
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(t: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(t, 0).unwrap()
    }

    #[test]
    fn counts_commits_and_keeps_first_and_last_times() {
        let log = "\x1e100\0\nA\0content/events/a.md\0A\0content/site.yaml\0\
                   \x1e200\0\nM\0content/events/a.md\0\
                   \x1e300\0\nM\0content/events/a.md\0A\0content/events/dir with space/b é.md\0";
        let history = History::parse_log(log);
        let a = history.file(Path::new("content/events/a.md")).unwrap();
        assert_eq!((a.created, a.modified, a.commits), (at(100), at(300), 3));
        let b = history
            .file(Path::new("content/events/dir with space/b é.md"))
            .unwrap();
        assert_eq!(b.commits, 1);
        assert!(history.file(Path::new("content/events/c.md")).is_none());
    }

    #[test]
    fn a_moved_file_keeps_its_count() {
        let log = "\x1e100\0\nA\0content/events/a.md\0\
                   \x1e200\0\nM\0content/events/a.md\0\
                   \x1e300\0\nR100\0content/events/a.md\0content/events/2027/a.md\0";
        let history = History::parse_log(log);
        assert!(history.file(Path::new("content/events/a.md")).is_none());
        let moved = history.file(Path::new("content/events/2027/a.md")).unwrap();
        assert_eq!(
            (moved.created, moved.modified, moved.commits),
            (at(100), at(300), 3)
        );
    }

    #[test]
    fn a_folder_outside_git_has_no_history() {
        let dir = tempfile::tempdir().unwrap();
        assert!(History::from_git(dir.path()).is_empty());
        assert_eq!(History::parse_log(""), History::none());
    }
}
