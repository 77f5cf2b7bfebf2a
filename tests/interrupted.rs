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
    /// While writing the new site beside the output.
    WhileWriting,
    /// Between the two renames of the swap: the output is moved aside.
    WhileSwapping,
}

/// Kills `child`, then checks the output is the previous one (or, if the
/// kill fell inside the swap, that the previous one waits intact beside it).
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
        assert_eq!(
            snapshot(&public),
            after,
            "a finished build wrote its output"
        );
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
        assert_eq!(
            snapshot(&previous.join("site")),
            before,
            "the moved output changed"
        );
        return Landed::WhileSwapping;
    }
    let now = snapshot(&public);
    assert!(now == before, "a killed build changed the previous output");
    if left.is_empty() {
        Landed::WhileRendering
    } else {
        Landed::WhileWriting
    }
}

#[test]
fn a_build_killed_midway_leaves_the_previous_output_untouched() {
    let site = big_calendar();
    let root = site.path();
    build(root, NOW);
    let before = snapshot(&root.join("public"));

    // The output the killed builds would write, and how long one takes.
    let scratch = tempfile::tempdir().unwrap();
    let started = Instant::now();
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
    let full = started.elapsed();
    let after = snapshot(&scratch.path().join("public"));
    assert_ne!(
        before, after,
        "the new build must differ from the previous one"
    );

    // Kills after shorter and shorter delays, until one lands mid-build.
    let mut landed = Vec::new();
    for percent in [150, 110, 90, 70, 50, 30, 10] {
        let delay = full * percent / 100;
        let child = start_build(root, LATER);
        std::thread::sleep(delay);
        let how = kill_and_check(child, root, &before, &after);
        if how == Landed::TooLate {
            // Put the previous output back for the next try.
            build(root, NOW);
            assert_eq!(snapshot(&root.join("public")), before);
        }
        landed.push((percent, how));
        if landed
            .last()
            .is_some_and(|(_, how)| *how != Landed::TooLate)
        {
            break;
        }
    }
    eprintln!("a build takes {full:?}; kills after a delay (% of that): {landed:?}");
    assert!(
        landed.iter().any(|(_, how)| *how != Landed::TooLate),
        "no kill landed before the build ended: {landed:?} (a build takes {full:?})"
    );

    // Kills while the new site is being written beside the output: watch
    // for the build's staging folder, then kill at once or a little later.
    // The last tries wait for a kill that leaves its folder behind.
    let mut while_writing = 0;
    for pause in [0, 2, 5, 10, 20, 40, 0, 0, 0, 0, 0, 0] {
        if while_writing >= 3 && !beside(root, None).is_empty() {
            break;
        }
        let child = start_build(root, LATER);
        let pid = child.id();
        let deadline = Instant::now() + full * 3;
        while beside(root, Some(pid)).is_empty() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_micros(200));
        }
        std::thread::sleep(Duration::from_millis(pause));
        match kill_and_check(child, root, &before, &after) {
            Landed::TooLate => build(root, NOW),
            Landed::WhileWriting | Landed::WhileSwapping => while_writing += 1,
            Landed::WhileRendering => {}
        }
    }
    eprintln!("{while_writing} kills landed while writing or swapping");
    assert!(while_writing > 0, "no kill landed while writing");
    assert!(
        !beside(root, None).is_empty(),
        "killed builds leave their staging folders"
    );

    // The next build removes them (their processes are gone), and succeeds.
    build(root, LATER);
    assert_eq!(snapshot(&root.join("public")), after);
    // The output it replaced is deleted by a detached process: give it time.
    let deadline = Instant::now() + Duration::from_secs(20);
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
    let entries = || {
        let mut names: Vec<String> = std::fs::read_dir(root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let listed = entries();
    let templates = root.join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();

    // A template with an unknown filter fails when the theme loads...
    std::fs::write(
        templates.join("404.html"),
        "{{ page.title | no_such_filter }}",
    )
    .unwrap();
    let out = meetcal(root, &["build", "--now", LATER]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("404.html"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(snapshot(&root.join("public")), before);

    // ...one reading a field that does not exist only when the last page
    // (404.html) is rendered, after every other page.
    std::fs::write(templates.join("404.html"), "{{ page.nothing.here }}").unwrap();
    let out = meetcal(root, &["build", "--now", LATER]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("404.html"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(snapshot(&root.join("public")), before);

    // A template that is not text.
    std::fs::write(templates.join("404.html"), b"\xff\xfe{{ x }}").unwrap();
    let out = meetcal(root, &["build", "--now", LATER]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("not UTF-8"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(snapshot(&root.join("public")), before);

    // Nothing left beside the output either: only the theme was added.
    let mut expected = listed;
    expected.push("themes".into());
    expected.sort();
    assert_eq!(entries(), expected);
}
