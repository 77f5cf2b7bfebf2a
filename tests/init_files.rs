//! What `meetcal init` writes and says in the organizer's own folder: the
//! paths and the command it prints, the `.gitignore` it keeps up to date,
//! and the UIDs of a calendar made for its address.

mod common;

use common::init::new_calendar;
use common::*;
use std::process::Command;

#[test]
fn git_ignores_the_site_and_the_folders_a_build_keeps_beside_it() {
    // A build writes `.public.building-*` and deletes the previous site from
    // `.public.previous-*` in the background, after it has exited; a killed
    // build leaves either. An organizer's `git add -A` right after a build
    // must not commit them, nor fail on files that vanish meanwhile.
    let dir = tempfile::tempdir().unwrap();
    let origin = new_calendar(dir.path());
    let out = meetcal(&origin, &["build", "--now", "2026-11-25"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    for left in [
        ".public.building-4242-aB3dE9/site/index.html",
        ".public.previous-4242-Zz0000/site/calendar.ics",
    ] {
        let path = origin.join(left);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "x").unwrap();
    }
    let status = Command::new("git")
        .args(["status", "--porcelain", "--untracked-files=all"])
        .current_dir(&origin)
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", text(&status.stderr));
    assert_eq!(text(&status.stdout), "", "git would commit these");
}

#[test]
fn init_prints_paths_that_work_from_where_it_was_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_meetcal"))
        .args(["init", "mycal", "--title", "My meetups"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("created mycal/content/site.yaml\n"),
        "{stdout}"
    );
    // Every path printed names a file from the folder init was run in.
    for line in stdout.lines() {
        let path = line.strip_prefix("created ").expect(line);
        assert!(dir.path().join(path).is_file(), "{line}");
    }
    assert_eq!(
        text(&out.stderr),
        "next: edit mycal/content/site.yaml, then run `meetcal serve --root mycal`\n"
    );

    // Run inside the calendar's folder, the paths are the calendar's own.
    let calendar = dir.path().join("mycal");
    std::fs::remove_file(calendar.join("netlify.toml")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_meetcal"))
        .arg("init")
        .current_dir(&calendar)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("created netlify.toml\n"),
        "{}",
        text(&out.stdout)
    );
    assert!(text(&out.stdout).contains("kept    content/site.yaml (it exists already)\n"));
    assert_eq!(
        text(&out.stderr),
        "next: edit content/site.yaml, then run `meetcal serve`\n"
    );
}

/// The command `next:` gives pastes into a shell, whatever the folder's name.
#[test]
fn init_prints_a_serve_command_that_pastes_into_a_shell() {
    let dir = tempfile::tempdir().unwrap();
    for (name, printed) in [
        ("my cal", "meetcal serve --root 'my cal'"),
        ("it's", r"meetcal serve --root 'it'\''s'"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_meetcal"))
            .args(["init", name, "--title", "My meetups"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let stderr = text(&out.stderr);
        let command = stderr
            .strip_suffix("`\n")
            .and_then(|line| line.split_once(", then run `"))
            .map(|(_, command)| command)
            .expect(&stderr);
        assert_eq!(command, printed);
        // Through a shell, the folder is one word naming the new calendar.
        let words = Command::new("sh")
            .arg("-c")
            .arg(command.replacen("meetcal", "printf '%s\\n'", 1))
            .output()
            .unwrap();
        assert!(words.status.success(), "{}", text(&words.stderr));
        assert_eq!(text(&words.stdout), format!("serve\n--root\n{name}\n"));
        assert!(dir.path().join(name).join("content/site.yaml").is_file());
    }
}

/// A calendar made by an older `init` has a `.gitignore` without the rules
/// added since: running `init` in it again adds them, and keeps the
/// organizer's own.
#[test]
fn init_again_adds_the_rules_an_older_gitignore_lacks() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let init = || {
        let out = Command::new(env!("CARGO_BIN_EXE_meetcal"))
            .args(["init", "--title", "My meetups"])
            .current_dir(root)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    init();
    let ignore = root.join(".gitignore");
    // As an older init wrote it, with a rule of the organizer's own and no
    // line break at the end.
    std::fs::write(&ignore, "/public\n/.meetcal\n*.swp").unwrap();
    let said = init();
    assert!(
        said.contains("added   /.public.* to .gitignore\n"),
        "{said}"
    );
    let completed = std::fs::read_to_string(&ignore).unwrap();
    assert!(
        completed.starts_with("/public\n/.meetcal\n*.swp\n# The site meetcal builds"),
        "{completed}"
    );
    assert!(completed.ends_with("\n/.public.*\n"), "{completed}");
    assert_eq!(completed.matches("/public\n").count(), 1, "{completed}");
    // Nothing left to add: the file is kept as it is.
    let said = init();
    assert!(
        said.contains("kept    .gitignore (it exists already)"),
        "{said}"
    );
    assert_eq!(std::fs::read_to_string(&ignore).unwrap(), completed);
}

#[test]
fn a_calendar_made_for_its_address_keeps_its_uids_when_it_moves() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("cal");
    let out = Command::new(env!("CARGO_BIN_EXE_meetcal"))
        .arg("init")
        .arg(&root)
        .args(["--base-url", "https://our-cal.netlify.app/"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let settings = std::fs::read_to_string(root.join("content/site.yaml")).unwrap();
    assert!(
        settings.contains("\nuid_domain: our-cal.netlify.app\n"),
        "{settings}"
    );
    // Later, on its own domain.
    let out = Command::new(env!("CARGO_BIN_EXE_meetcal"))
        .args(["build", "--now", "2026-12-01", "--base-url"])
        .arg("https://meetups.example.org/")
        .current_dir(&root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let calendar = std::fs::read_to_string(root.join("public/calendar.ics")).unwrap();
    let uids: Vec<&str> = calendar
        .lines()
        .filter(|line| line.starts_with("UID:"))
        .collect();
    assert!(
        !uids.is_empty() && uids.iter().all(|uid| uid.ends_with("@our-cal.netlify.app")),
        "{uids:?}"
    );
}
