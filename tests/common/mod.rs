//! Shared helpers: fixture calendars copied into temporary folders, and the
//! real `meetcal` binary run against them.
#![allow(dead_code)]

pub mod browser;
pub mod corpus;
pub mod feeds;
pub mod headers;
pub mod ical;
pub mod importing;
pub mod init;
pub mod pages;
pub mod reading;
pub mod server;
pub mod static_site;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(name)
}

/// A calendar holding the sample's `content/` alone (the built-in theme).
pub fn sample_content_only() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &dir.path().join("content"),
    );
    dir
}

/// Copies `from` into `to`, keeping the folder structure.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.path_is_symlink() {
            // Links are copied as links: meetcal must see them to refuse them.
            std::os::unix::fs::symlink(std::fs::read_link(entry.path()).unwrap(), &target).unwrap();
        } else if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary calendar holding a copy of the given fixture folders, in order.
pub fn site_from(layers: &[&Path]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for layer in layers {
        copy_tree(layer, dir.path());
    }
    dir
}

pub fn meetcal(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_meetcal"))
        .current_dir(if root.is_dir() {
            root.to_path_buf()
        } else {
            std::env::temp_dir()
        })
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("meetcal runs")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every file under `dir` with its bytes, sorted by path.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// How two files' bytes differ: their sizes and the first byte that is not
/// the same, with a few bytes of each around it.
pub fn compare_bytes(actual: &[u8], expected: &[u8]) -> String {
    let Some(at) = actual
        .iter()
        .zip(expected)
        .position(|(a, e)| a != e)
        .or_else(|| (actual.len() != expected.len()).then(|| actual.len().min(expected.len())))
    else {
        return "the same bytes".into();
    };
    let around = |bytes: &[u8]| {
        let start = at.saturating_sub(20);
        let end = (at + 40).min(bytes.len());
        format!("{:?}", String::from_utf8_lossy(&bytes[start.min(end)..end]))
    };
    format!(
        "{} bytes instead of {}, first difference at byte {at}: {} instead of {}",
        actual.len(),
        expected.len(),
        around(actual),
        around(expected)
    )
}

/// The first difference between two folders as [`snapshot`] lists them:
/// a file missing, a file too many, or the first file whose bytes differ
/// (see [`compare_bytes`]). `None` when they are the same.
pub fn tree_difference(
    actual: &[(PathBuf, Vec<u8>)],
    expected: &[(PathBuf, Vec<u8>)],
) -> Option<String> {
    let (mut a, mut e) = (actual.iter().peekable(), expected.iter().peekable());
    loop {
        match (a.peek(), e.peek()) {
            (None, None) => return None,
            (Some((path, _)), None) => {
                return Some(format!("{} is there, unexpected", path.display()))
            }
            (None, Some((path, _))) => return Some(format!("{} is missing", path.display())),
            (Some((pa, ba)), Some((pe, be))) => {
                if pa < pe {
                    return Some(format!("{} is there, unexpected", pa.display()));
                }
                if pe < pa {
                    return Some(format!("{} is missing", pe.display()));
                }
                if ba != be {
                    return Some(format!("{}: {}", pa.display(), compare_bytes(ba, be)));
                }
                a.next();
                e.next();
            }
        }
    }
}

/// Fails with `what`, the first differing file and how it differs, unless
/// the two folders (as [`snapshot`] lists them) are the same.
#[track_caller]
pub fn assert_same_tree(
    actual: &[(PathBuf, Vec<u8>)],
    expected: &[(PathBuf, Vec<u8>)],
    what: &str,
) {
    if let Some(difference) = tree_difference(actual, expected) {
        panic!(
            "{what}: {difference} ({} files, {} expected)",
            actual.len(),
            expected.len()
        );
    }
}

/// The names in `dir`, sorted.
pub fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Builds `root` for `now`, a build that must fail: exit 1, with `blame`
/// (what it fails on) on stderr. The previous output, `root/public`, must
/// still be `before`, and nothing may be left beside it (no staging folder).
#[track_caller]
pub fn assert_failed_build_kept_output(
    root: &Path,
    now: &str,
    blame: &str,
    before: &[(PathBuf, Vec<u8>)],
    what: &str,
) {
    let beside = entries(root);
    let out = meetcal(root, &["build", "--now", now]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{what}: {stderr}");
    assert!(
        stderr.contains(blame),
        "{what}: stderr does not name {blame:?}:\n{stderr}"
    );
    assert_same_tree(
        &snapshot(&root.join("public")),
        before,
        &format!("{what} changed the previous output"),
    );
    assert_eq!(
        entries(root),
        beside,
        "{what} left something beside the output"
    );
}

/// Validators must run in CI; locally a missing one is reported loudly.
pub fn require_tool(available: bool, what: &str) -> bool {
    if available {
        return true;
    }
    let message = format!(
        "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\
         !!! {what} is not installed: this interop test did NOT run.\n\
         !!! Run `bash .ci/run` (or install it) to run it.\n\
         !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
    );
    if std::env::var_os("MEETCAL_REQUIRE_INTEROP").is_some() || std::env::var_os("CI").is_some() {
        panic!("{message}");
    }
    eprintln!("{message}");
    false
}

/// Commits every change in `repo` at `date`, as [`git`] does.
pub fn commit_all(repo: &Path, message: &str, date: &str) {
    git(repo, &["add", "-A"], date);
    git(repo, &["commit", "-q", "-m", message], date);
}

/// Runs git in `repo` with a fixed author, committer and date, so history-
/// derived output is reproducible.
pub fn git(repo: &Path, args: &[&str], date: &str) {
    let out = std::process::Command::new("git")
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "core.hooksPath=/dev/null",
        ])
        .args(args)
        .current_dir(repo)
        .env("GIT_AUTHOR_NAME", "Organizer")
        .env("GIT_AUTHOR_EMAIL", "organizer@example.org")
        .env("GIT_COMMITTER_NAME", "Organizer")
        .env("GIT_COMMITTER_EMAIL", "organizer@example.org")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
}

/// Whether the Python modules (comma-separated) can be imported.
pub fn python_has(modules: &str) -> bool {
    std::process::Command::new("python3")
        .args(["-c", &format!("import {modules}")])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

pub fn write_file(path: &Path, text: String) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// `n` events with a few paragraphs each, for a calendar that takes a while.
pub fn many_events(site: &Path, n: usize) {
    for i in 0..n {
        let day = 1 + i % 28;
        let month = 1 + (i / 28) % 12;
        write_file(
            &site.join(format!("content/events/{}/talk-{i}.md", 2027 + i / 336)),
            format!(
                "---\ntitle: Talk {i}\nstart: {}-{month:02}-{day:02} 19:00\ntags: [t{}]\n---\n{}",
                2027 + i / 336,
                i % 50,
                "Some words about the talk, with a [link](https://example.org/). ".repeat(20)
            ),
        );
    }
}

/// Builds `site` for `now` into `out`, which must succeed; the files built
/// under `folder`, by path.
pub fn built_under(site: &Path, now: &str, out: &str, folder: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let built = meetcal(site, &["build", "--now", now, "--out", out]);
    assert_eq!(built.status.code(), Some(0), "{}", text(&built.stderr));
    snapshot(&site.join(out))
        .into_iter()
        .filter(|(path, _)| path.starts_with(folder))
        .collect()
}

/// The text of `field` in each item of the JSON array `list`: every item
/// must have it, as a string.
pub fn texts<'a>(list: &'a serde_json::Value, field: &str) -> Vec<&'a str> {
    let items = list.as_array().expect("a JSON array");
    items
        .iter()
        .map(|item| {
            item[field]
                .as_str()
                .unwrap_or_else(|| panic!("no text `{field}` in {item}"))
        })
        .collect()
}
