//! When each content file was first and last committed, and how often: what
//! the feeds' SEQUENCE, LAST-MODIFIED and DTSTAMP are made of, so that
//! calendar clients apply edits while rebuilds stay byte-identical.
//!
//! One `git log` over `content/` at build time (`serve` reads it again
//! only when the repository moved: [`HistoryCache`]). When the root is not a git
//! checkout (or git is missing), the history is empty and the feeds fall
//! back to DTSTAMP = `--now`, SEQUENCE 0 and no LAST-MODIFIED; never the
//! build clock. Commits are what count: uncommitted edits are not seen, and
//! a shallow clone only sees the commits it has.

mod cache;

pub use cache::HistoryCache;

use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

/// One file's commits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileHistory {
    /// The first commit's committer time.
    pub created: DateTime<Utc>,
    /// The latest commit's committer time.
    pub modified: DateTime<Utc>,
    /// How many commits changed it (at least 1).
    pub commits: u32,
    /// The position of the commit that created it, in the log.
    first: u32,
}

/// A commit that may change how events are published without touching
/// their files: to site.yaml, a group or a venue (an event's zone, place
/// and length come from them), or deleting an event's file (perhaps a
/// change to one date of a series).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SharedCommit {
    /// Its position in the log.
    at: u32,
    /// The latest committer time of this commit and the shared ones after it.
    latest_from_here: DateTime<Utc>,
    /// What this commit and the shared ones after it add to a SEQUENCE:
    /// see [`History::shared_since`].
    weight_from_here: u32,
}

/// Histories by path relative to the root (`content/events/x.md`).
/// Shared, not copied: `serve` keeps one across rebuilds, and compares it
/// with the next (the very one, most times, which compares at once).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    files: Arc<BTreeMap<PathBuf, FileHistory>>,
    /// In the log's order.
    shared: Arc<Vec<SharedCommit>>,
}

/// What to do when the root is in a shallow clone, whose oldest commit
/// would pass for the creation of every file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnShallow {
    /// Fetch the rest of the history, or fail saying how to fix the host:
    /// feeds must not change with the depth of a clone (`build`).
    Deepen,
    /// Read what is there (`serve`, a preview on the author's computer).
    Accept,
}

impl History {
    /// No history: the documented fallback.
    pub fn none() -> History {
        History::default()
    }

    /// Reads the history of `root/content` from git; empty when `root` is
    /// not in a git checkout or git cannot run. A shallow clone is deepened
    /// first, or refused, as `on_shallow` says.
    pub fn from_git(root: &Path, on_shallow: OnShallow) -> Result<History, String> {
        let shallow = git(root, &["rev-parse", "--is-shallow-repository"])
            .is_some_and(|out| out.trim() == "true");
        if shallow && on_shallow == OnShallow::Deepen {
            deepen(root)?;
        }
        let log = git(
            root,
            &[
                "log",
                "--reverse",
                // NUL-separated names: any file name survives, unquoted.
                "-z",
                "--format=commit %ct",
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
            ],
        );
        Ok(log.map(|log| History::parse_log(&log)).unwrap_or_default())
    }

    /// Parses the output of the `git log` above, oldest commit first: NUL
    /// separated fields, `commit <time>`, then per file a status and one
    /// name (two for a move). Names are taken by count, never by their
    /// content, so no name can pass for a commit; names with control
    /// characters are not content files and are skipped.
    pub fn parse_log(log: &str) -> History {
        let mut files: BTreeMap<PathBuf, FileHistory> = BTreeMap::new();
        // Each shared commit's position, time and weight.
        let mut shared: Vec<(u32, DateTime<Utc>, u32)> = Vec::new();
        let mut fields = log.split('\0').map(|f| f.trim_start_matches('\n'));
        let mut time = None;
        let mut at = 0;
        while let Some(field) = fields.next() {
            if let Some(stamp) = field.strip_prefix("commit ") {
                at += 1;
                time = stamp
                    .trim()
                    .parse::<i64>()
                    .ok()
                    .and_then(|t| DateTime::from_timestamp(t, 0));
                continue;
            }
            let Some(kind) = field.chars().next() else {
                continue;
            };
            let moved = matches!(kind, 'R' | 'C');
            let from = if moved { fields.next() } else { None };
            let Some(path) = fields.next() else { break };
            let Some(time) = time else { continue };
            if path.chars().any(char::is_control)
                || from.is_some_and(|f| f.chars().any(char::is_control))
            {
                continue;
            }
            if is_shared(kind, path) && shared.last().is_none_or(|(last, ..)| *last != at) {
                shared.push((at, time, 1));
            }
            let path = PathBuf::from(path);
            if kind == 'D' && is_shared(kind, &path.to_string_lossy()) {
                // Its series counted its commits in SEQUENCE (a change to
                // one date is one to the series): they count on, so that
                // the series given the date back outdoes the change.
                let deleted = files.get(&path).map_or(0, |h| h.commits);
                if let Some((.., weight)) = shared.last_mut() {
                    *weight = weight.saturating_add(deleted);
                }
            }
            // A moved file keeps its history: its SEQUENCE must never go down.
            let earlier = from
                .filter(|_| kind == 'R')
                .and_then(|f| files.remove(Path::new(f)));
            let entry = files.entry(path).or_insert(earlier.unwrap_or(FileHistory {
                created: time,
                modified: time,
                commits: 0,
                first: at,
            }));
            entry.created = entry.created.min(time);
            entry.modified = entry.modified.max(time);
            entry.commits += 1;
        }
        let mut latest = None;
        let mut weight_from_here = 0u32;
        let mut shared: Vec<SharedCommit> = (shared.into_iter().rev())
            .map(|(at, time, weight)| {
                let latest_from_here = latest.map_or(time, |l: DateTime<Utc>| l.max(time));
                latest = Some(latest_from_here);
                weight_from_here = weight_from_here.saturating_add(weight);
                SharedCommit {
                    at,
                    latest_from_here,
                    weight_from_here,
                }
            })
            .collect();
        shared.reverse();
        History {
            files: Arc::new(files),
            shared: Arc::new(shared),
        }
    }

    pub fn file(&self, path: &Path) -> Option<&FileHistory> {
        self.files.get(path)
    }

    /// The commits after `file` was created that changed site.yaml, a
    /// group or a venue, or deleted an event file: what they add to an
    /// event's SEQUENCE, and the latest's time. Each adds one, and a
    /// deletion as many more as the deleted file had commits, so that a
    /// series given back a date outdoes the VEVENT that changed it. The
    /// shared commits are the same whatever group or venue the event
    /// names, so its SEQUENCE never goes down.
    pub fn shared_since(&self, file: &FileHistory) -> (u32, Option<DateTime<Utc>>) {
        let after = self.shared.partition_point(|c| c.at <= file.first);
        self.shared.get(after).map_or((0, None), |c| {
            (c.weight_from_here, Some(c.latest_from_here))
        })
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Whether `other` is this very history, not read again.
    #[cfg(test)]
    fn is_same_read(&self, other: &History) -> bool {
        Arc::ptr_eq(&self.files, &other.files)
    }
}

/// Whether a change of `kind` (git's status letter) to `path` is a shared
/// commit's (see [`SharedCommit`]).
fn is_shared(kind: char, path: &str) -> bool {
    path == "content/site.yaml"
        || path.starts_with("content/groups/")
        || path.starts_with("content/venues/")
        || (kind == 'D' && path.starts_with("content/events/"))
}

/// A git command's output in `root`, if git ran and succeeded.
fn git(root: &Path, args: &[&str]) -> Option<String> {
    let out = run_git(root, args).ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// git in `root`, whatever the caller's environment points at, never
/// waiting for a password nobody will type.
fn run_git(root: &Path, args: &[&str]) -> std::io::Result<std::process::Output> {
    Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .stdin(std::process::Stdio::null())
        .output()
}

/// Fetches the whole history of a shallow clone, or says how to.
fn deepen(root: &Path) -> Result<(), String> {
    let out = run_git(root, &["fetch", "--unshallow", "--quiet"]);
    match out {
        Ok(out) if out.status.success() => Ok(()),
        failed => {
            let why = match failed {
                Ok(out) => String::from_utf8_lossy(&out.stderr).trim().to_string(),
                Err(err) => err.to_string(),
            };
            Err(format!(
                "the calendar is in a shallow git clone, and `git fetch --unshallow` failed ({why}).\n\
                 The feeds' SEQUENCE, DTSTAMP and LAST-MODIFIED come from each file's history; from a shallow clone \
                 they would change with the clone's depth, and calendar apps would see every event as edited.\n\
                 hint: build from a clone with the whole history: clone without `--depth` (on GitHub Actions, \
                 `fetch-depth: 0` in actions/checkout); or deepen this clone in a step where git can reach \
                 its remote, with the network and the credentials that needs, before `meetcal build`"
            ))
        }
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
        let log = "commit 100\0\nA\0content/events/a.md\0A\0content/site.yaml\0\
                   commit 200\0\nM\0content/events/a.md\0\
                   commit 300\0\nM\0content/events/a.md\0A\0content/events/dir with space/b é.md\0";
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
    fn shared_commits_count_after_a_file_is_created() {
        let log = "commit 100\0\nA\0content/site.yaml\0A\0content/events/a.md\0\
                   commit 300\0\nM\0content/groups/g.md\0M\0content/venues/v.md\0\
                   commit 200\0\nA\0content/events/b.md\0\
                   commit 150\0\nD\0content/events/c.md\0\
                   commit 400\0\nM\0content/events/a.md\0A\0content/events/d.md\0";
        let history = History::parse_log(log);
        let since = |name: &str| history.shared_since(history.file(Path::new(name)).unwrap());
        // One count per commit, whatever it touched; the latest time, not the last's.
        assert_eq!(since("content/events/a.md"), (2, Some(at(300))));
        assert_eq!(since("content/events/b.md"), (1, Some(at(150))));
        assert_eq!(since("content/events/d.md"), (0, None));
        assert_eq!(since("content/site.yaml"), (2, Some(at(300))));
    }

    #[test]
    fn a_moved_file_keeps_its_count() {
        let log = "commit 100\0\nA\0content/events/a.md\0\
                   commit 200\0\nM\0content/events/a.md\0\
                   commit 300\0\nR100\0content/events/a.md\0content/events/2027/a.md\0";
        let history = History::parse_log(log);
        assert!(history.file(Path::new("content/events/a.md")).is_none());
        let moved = history.file(Path::new("content/events/2027/a.md")).unwrap();
        assert_eq!(
            (moved.created, moved.modified, moved.commits),
            (at(100), at(300), 3)
        );
    }

    #[test]
    fn no_file_name_passes_for_a_commit() {
        // A committed name holding the old record separator, or spelling a
        // commit header, is read as the name it is (and skipped: it has
        // control characters or is not a content file).
        let log = "commit 100\0\nA\0content/events/a.md\0\
                   commit 200\0\nA\0content/events/_\x1e4102444800\0A\0commit 4102444800\0M\0content/events/a.md\0";
        let history = History::parse_log(log);
        let a = history.file(Path::new("content/events/a.md")).unwrap();
        assert_eq!((a.created, a.modified, a.commits), (at(100), at(200), 2));
        assert!(history.file(Path::new("commit 4102444800")).is_some());
        assert!(history
            .file(Path::new("content/events/_\x1e4102444800"))
            .is_none());
    }

    /// git in `dir`, with an author and dates that do not depend on who runs the test.
    fn git_ok(dir: &Path, args: &[&str]) {
        let out = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.org")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.org")
            .env("GIT_AUTHOR_DATE", "2026-08-01T10:00:00Z")
            .env("GIT_COMMITTER_DATE", "2026-08-01T10:00:00Z")
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {out:?}");
    }

    #[test]
    fn errors_on_a_shallow_clone_that_cannot_be_deepened_with_a_fix_that_is_not_the_failed_command()
    {
        let dir = tempfile::tempdir().unwrap();
        let (origin, clone) = (dir.path().join("origin"), dir.path().join("clone"));
        std::fs::create_dir_all(origin.join("content")).unwrap();
        git_ok(&origin, &["init", "-q"]);
        for n in ["1", "2"] {
            std::fs::write(origin.join("content/site.yaml"), n).unwrap();
            git_ok(&origin, &["add", "-A"]);
            git_ok(&origin, &["commit", "-q", "-m", n]);
        }
        let url = format!("file://{}", origin.display());
        git_ok(
            dir.path(),
            &["clone", "-q", "--depth", "1", &url, clone.to_str().unwrap()],
        );
        git_ok(
            &clone,
            &["remote", "set-url", "origin", "file:///nonexistent/meetcal"],
        );

        let err = History::from_git(&clone, OnShallow::Deepen).unwrap_err();
        // The explanation stays: what failed, and why it matters.
        assert!(
            err.contains("shallow git clone, and `git fetch --unshallow` failed"),
            "{err}"
        );
        assert!(err.contains("SEQUENCE"), "{err}");
        // The hint names fixes, not the command that just failed.
        let hint = &err[err.find("hint:").expect(&err)..];
        assert!(!hint.contains("git fetch --unshallow"), "{hint}");
        assert!(hint.contains("without `--depth`"), "{hint}");
        assert!(hint.contains("`fetch-depth: 0`"), "{hint}");
        // Serving reads what is there.
        assert!(!History::from_git(&clone, OnShallow::Accept)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn a_folder_outside_git_has_no_history() {
        let dir = tempfile::tempdir().unwrap();
        assert!(History::from_git(dir.path(), OnShallow::Deepen)
            .unwrap()
            .is_empty());
        assert_eq!(History::parse_log(""), History::none());
    }
}
