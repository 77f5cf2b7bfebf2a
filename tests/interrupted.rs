//! Builds that die midway (SIGKILL) or fail late (a template that breaks at
//! render time, one that is not text) leave the previous output exactly as
//! it was, never a staging folder inside it, and the next build removes what
//! a killed one left beside it.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const NOW: &str = "2027-01-05 12:00";
const LATER: &str = "2027-02-05 12:00";

/// A calendar big enough that a debug build takes a few seconds.
fn big_calendar() -> tempfile::TempDir {
    let site = site_from(&[&fixture("fixtures/base")]);
    many_events(site.path(), 600);
    site
}

fn build(root: &Path, now: &str) {
    let out = meetcal(root, &["build", "--now", now]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

fn start_build(root: &Path, now: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_meetcal"))
        .arg("--root")
        .arg(root)
        .args(["build", "--now", now])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Folders builds keep beside the output while they write or swap; those
/// of the build with process id `pid` only, if given.
fn beside(root: &Path, pid: Option<u32>) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            ["building", "previous"].iter().any(|what| {
                let prefix = format!(".public.{what}-");
                match pid {
                    Some(pid) => name.starts_with(&format!("{prefix}{pid}-")),
                    None => name.starts_with(&prefix),
                }
            })
        })
        .collect();
    found.sort();
    found
}

/// How a SIGKILL landed.
#[derive(Debug, PartialEq)]
enum Landed {
    /// The build had finished: the output is the new one.
    TooLate,
    /// Before anything was written.
    WhileRendering,
    /// While writing the new site beside the output, or preparing the swap:
    /// the output is still the previous one, untouched.
    WhileWriting,
    /// Between the two renames of the swap: the output is moved aside.
    WhileSwapping,
    /// After the new site was renamed into place, before the process ended:
    /// the output is the new one, whole.
    AfterSwap,
}

/// Kills `child`, then checks the output is one whole site, the previous one
/// or the new one, never a mix (and, if the kill fell inside the swap, that
/// the previous one waits intact beside it). Says where the kill landed,
/// from what it left: not from when it was sent.
fn kill_and_check(
    mut child: Child,
    root: &Path,
    before: &[(PathBuf, Vec<u8>)],
    after: &[(PathBuf, Vec<u8>)],
) -> Landed {
    let pid = child.id();
    child.kill().unwrap();
    let status = child.wait().unwrap();
    let public = root.join("public");
    let left = beside(root, Some(pid));
    if status.code().is_some() {
        assert_same_tree(&snapshot(&public), after, "a finished build's output");
        return Landed::TooLate;
    }
    for entry in std::fs::read_dir(&public).into_iter().flatten() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            !name.contains(".building-"),
            "a staging folder inside the output: {name}"
        );
    }
    if !public.exists() {
        let previous = left
            .iter()
            .find(|p| p.to_string_lossy().contains(".public.previous-"))
            .expect("the output is gone and not beside it");
        assert_same_tree(
            &snapshot(&previous.join("site")),
            before,
            "the output moved aside by a killed build",
        );
        return Landed::WhileSwapping;
    }
    let now = snapshot(&public);
    if tree_difference(&now, after).is_none() {
        return Landed::AfterSwap;
    }
    assert_same_tree(&now, before, "a killed build changed the previous output");
    if left.is_empty() {
        Landed::WhileRendering
    } else {
        Landed::WhileWriting
    }
}

/// Files in the staging folder of the build with process id `pid`.
fn staged_files(root: &Path, pid: u32) -> usize {
    beside(root, Some(pid))
        .iter()
        .filter(|p| p.to_string_lossy().contains(".public.building-"))
        .flat_map(|p| walkdir::WalkDir::new(p).into_iter().filter_map(Result::ok))
        .filter(|e| e.file_type().is_file())
        .count()
}

/// Whether the build with this process id has got to a point.
type Ready<'a> = dyn Fn(u32) -> bool + 'a;

/// Starts a build and returns it once `ready` holds or it has ended,
/// whichever comes first: the kill then lands at a point of the build, not
/// at a time that a loaded machine would stretch.
fn start_build_until(root: &Path, ready: impl Fn(u32) -> bool) -> Child {
    let mut child = start_build(root, LATER);
    let pid = child.id();
    let deadline = Instant::now() + PATIENCE;
    while !ready(pid) && child.try_wait().unwrap().is_none() {
        assert!(
            Instant::now() < deadline,
            "a build did not get there in {PATIENCE:?}"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    child
}

/// Generous for a loaded machine: only a build that hangs reaches it.
const PATIENCE: Duration = Duration::from_secs(300);

#[test]
fn a_build_killed_midway_leaves_the_previous_output_untouched() {
    let site = big_calendar();
    let root = site.path();
    build(root, NOW);
    let before = snapshot(&root.join("public"));

    // The output the killed builds would write.
    let scratch = tempfile::tempdir().unwrap();
    let out = meetcal(
        root,
        &[
            "build",
            "--now",
            LATER,
            "--out",
            &scratch.path().join("public").to_string_lossy(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let after = snapshot(&scratch.path().join("public"));
    assert!(
        tree_difference(&after, &before).is_some(),
        "the new build must differ from the previous one"
    );
    let total = after.len();

    // Puts the previous output back after a kill that let the new one in
    // (or left it moved aside), for the next kill to start from it.
    let restore = |how: &Landed| {
        if matches!(
            how,
            Landed::TooLate | Landed::AfterSwap | Landed::WhileSwapping
        ) {
            build(root, NOW);
            assert_same_tree(
                &snapshot(&root.join("public")),
                &before,
                "the previous output, built again",
            );
        }
    };

    // Kills at points of the build: at once; as soon as it writes; when it
    // has written a tenth, half, nine tenths of the site; when it starts
    // the swap. Wherever each lands, the output must be one whole site.
    let mut landed = Vec::new();
    let points: [(&str, Box<Ready>); 6] = [
        ("at once", Box::new(|_| true)),
        ("first file", Box::new(|pid| staged_files(root, pid) > 0)),
        (
            "a tenth",
            Box::new(|pid| staged_files(root, pid) * 10 >= total),
        ),
        ("half", Box::new(|pid| staged_files(root, pid) * 2 >= total)),
        (
            "nine tenths",
            Box::new(|pid| staged_files(root, pid) * 10 >= total * 9),
        ),
        (
            "swap",
            Box::new(|pid| {
                beside(root, Some(pid))
                    .iter()
                    .any(|p| p.to_string_lossy().contains(".public.previous-"))
            }),
        ),
    ];
    for (point, ready) in &points {
        let child = start_build_until(root, ready);
        let how = kill_and_check(child, root, &before, &after);
        restore(&how);
        landed.push((*point, how));
    }
    eprintln!("where the kills landed: {landed:?}");
    assert!(
        landed.iter().any(|(_, how)| *how == Landed::WhileWriting),
        "no kill landed while the new site was being written: {landed:?}"
    );

    // The last kill leaves its staging folder behind: a build killed while
    // writing cannot clean up after itself.
    let mut tries = 0;
    loop {
        let child = start_build_until(root, |pid| staged_files(root, pid) > 0);
        let how = kill_and_check(child, root, &before, &after);
        restore(&how);
        if how == Landed::WhileWriting {
            break;
        }
        tries += 1;
        assert!(tries < 5, "no kill landed while writing in 5 tries");
    }
    assert!(
        !beside(root, None).is_empty(),
        "killed builds leave their staging folders"
    );

    // The next build removes them (their processes are gone), and succeeds.
    build(root, LATER);
    assert_same_tree(
        &snapshot(&root.join("public")),
        &after,
        "the build after the killed ones",
    );
    // The output it replaced is deleted by a detached process: wait for it.
    let deadline = Instant::now() + PATIENCE;
    while !beside(root, None).is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        beside(root, None),
        Vec::<PathBuf>::new(),
        "left over after the next build"
    );
}

#[test]
fn a_build_failing_late_leaves_the_previous_output_untouched() {
    let site = site_from(&[&fixture("fixtures/base")]);
    let root = site.path();
    build(root, NOW);
    let before = snapshot(&root.join("public"));
    let templates = root.join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    for (template, blame, what) in [
        // Templates that fail when the theme loads, after the content...
        (
            &b"{% for x in %}"[..],
            "404.html",
            "a template that does not parse",
        ),
        (
            b"{{ page.title | no_such_filter }}",
            "404.html",
            "a template with an unknown filter",
        ),
        // ...one reading a field that does not exist only when the last
        // page (404.html) is rendered, after every other page...
        (
            b"{{ page.nothing.here }}",
            "404.html",
            "a template failing as it renders",
        ),
        // ...and one that is not text.
        (
            b"\xff\xfe{{ x }}",
            "not UTF-8",
            "a template that is not text",
        ),
    ] {
        std::fs::write(templates.join("404.html"), template).unwrap();
        assert_failed_build_kept_output(root, LATER, blame, &before, what);
    }
}
