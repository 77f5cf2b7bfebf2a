//! The command line as contributors and organizers use it.

mod common;

use common::*;
use std::path::Path;

const NOW: &str = "2026-11-25T12:00:00+01:00";

#[test]
fn the_sample_calendar_passes_check() {
    let out = meetcal(Path::new(env!("CARGO_MANIFEST_DIR")), &["check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(text(&out.stderr).starts_with("ok: "));
}

#[test]
fn check_reports_every_problem_not_just_the_first() {
    let site = site_from(&[&fixture("fixtures/base")]);
    let events = site.path().join("content/events");
    std::fs::write(
        events.join("a.md"),
        "---\ntitel: A\nstart: 2027-01-01 10:00\n---\n",
    )
    .unwrap();
    std::fs::write(
        events.join("b.yaml"),
        "title: B\nstart: 2027-02-30 10:00\ngroup: rust-pariss\n",
    )
    .unwrap();
    let out = meetcal(site.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("content/events/a.md:2:1: error: unknown field `titel`"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("missing required field `title`"),
        "a misspelt field is not also reported missing: {stdout}"
    );
    assert!(
        stdout.contains("content/events/b.yaml:2:8: error: `2027-02-30` is not a date"),
        "{stdout}"
    );
    assert!(
        stdout.contains("content/events/b.yaml:3:8: error: no group `rust-pariss`"),
        "references are checked in a file with other problems: {stdout}"
    );
    assert_eq!(stdout.matches(": error: ").count(), 3, "{stdout}");
    assert!(text(&out.stderr).contains("3 problems found"));
}

#[test]
fn check_speaks_github_annotations_and_json() {
    let site = site_from(&[&fixture("fixtures/base")]);
    std::fs::write(
        site.path().join("content/events/c.md"),
        "---\ntitle: C\nstart: 2027-01-01 10:00\ntimezone: Europe/Pariss\n---\n",
    )
    .unwrap();
    let out = meetcal(site.path(), &["check", "--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        "::error file=content/events/c.md,line=4,col=11,title=meetcal::unknown time zone `Europe/Pariss`%0Ahint: did you mean `Europe/Paris`?\n"
    );
    let out = meetcal(site.path(), &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json[0]["line"], 4);
    assert_eq!(json[0]["hint"], "did you mean `Europe/Paris`?");
}

/// Mistakes in meetcal's own arguments exit with 2 and print nothing on
/// stdout; stderr names the argument and what is wrong with it (for a
/// value `new` would write, the option it came from, not a line of the file
/// it did not write).
#[test]
fn usage_errors_exit_with_2_and_say_what_is_wrong() {
    let site = site_from(&[&fixture("fixtures/base")]);
    std::fs::create_dir(site.path().join("notes")).unwrap();
    std::fs::write(site.path().join("notes/todo.txt"), "book the room").unwrap();
    let content = snapshot(site.path());
    // Output folders are named as they really are, links resolved.
    let real = site.path().canonicalize().unwrap();
    let real = real.display();
    let not_a_time = |text: &str| {
        format!(
            "`{text}` is not a time: use RFC 3339 (`2027-01-05T12:00:00+01:00`), or `YYYY-MM-DD HH:MM` or `YYYY-MM-DD` in the site's zone"
        )
    };
    let cases: Vec<(Vec<&str>, Vec<String>)> = vec![
        (
            vec!["build", "--now", "tomorrow"],
            vec![
                "'--now <TIME>'".into(),
                not_a_time("tomorrow"),
            ],
        ),
        (
            vec!["build", "--now", "2027-02-30 10:00"],
            vec!["'--now <TIME>'".into(), not_a_time("2027-02-30 10:00")],
        ),
        (
            // The clocks skip from 02:00 to 03:00 in the site's zone.
            vec!["build", "--now", "2027-03-28 02:30"],
            vec!["error: --now 2027-03-28 02:30:00 does not exist in Europe/Paris\n".into()],
        ),
        (
            vec!["build", "--base-url", "ftp://example.org"],
            vec!["error: --base-url: `ftp://example.org` is not an http(s) URL\n".into()],
        ),
        (
            // `--base-url "$URL"` where nothing sets `$URL`.
            vec!["build", "--base-url", ""],
            vec![
                "error: --base-url: the base URL is empty\n".into(),
                "hint: give the site's full address, like `--base-url https://meetups.example.org/`".into(),
                "on Netlify, `$URL` is set by Netlify itself".into(),
            ],
        ),
        (
            vec!["init", "--base-url", ""],
            vec!["error: --base-url: the URL is empty; write a full address starting with `https://`\n".into()],
        ),
        (
            vec!["build", "--base-url", "https://cal example.org/"],
            vec!["error: --base-url: the URL contains spaces or control characters\n".into()],
        ),
        (
            vec!["build", "--out", "content"],
            vec![format!(
                "error: refusing to write the site to {real}/content: it would replace {real}/content\n"
            )],
        ),
        (
            vec!["build", "--out", "notes"],
            vec![format!(
                "error: refusing to replace {real}/notes: it is not empty and was not written by meetcal; remove it or choose another --out\n"
            )],
        ),
        (
            vec!["new", "event", "--start", "2027-02-10 19:00"],
            vec!["error: missing --title\n".into()],
        ),
        (
            vec![
                "new", "event", "--title", "X", "--start", "2027-02-10 19:00", "--every",
                "fortnight",
            ],
            vec![
                "error: --every: unknown repetition `fortnight`\n".into(),
                "hint: for every two weeks, write `--every \"week\"` and `--interval \"2\"`\n"
                    .into(),
                "error: the file would not be valid, so nothing was written; fix the options above\n".into(),
            ],
        ),
        (
            vec!["new", "event", "--title", "X", "--start", "14 janvier 2027 19h-21h"],
            vec!["hint: write `--start \"2027-01-14 19:00\"` and `--end \"2027-01-14 21:00\"`\n".into()],
        ),
        (
            vec!["new", "event", "--title", "X", "--start", "14/01/2027 7pm"],
            vec![
                "error: --start: `14/01/2027 7pm` is not a date and time\n".into(),
                "hint: write `--start \"2027-01-14 19:00\"`\n".into(),
                "error: the file would not be valid, so nothing was written; fix the options above\n".into(),
            ],
        ),
        (
            vec![
                "new", "event", "--title", "X", "--start", "2027-02-10 19:00", "--on", "monday",
            ],
            vec!["error: --on needs --every\n".into()],
        ),
        (
            vec!["new", "venue", "--name", "V", "--lat", "200", "--lon", "2"],
            vec![
                "error: --lat: `lat` must be a number from -90 to 90, found 200.0\n".into(),
            ],
        ),
        (
            vec!["list", "--from", "01/04/2027"],
            vec!["`01/04/2027` is not a date; write dates as `YYYY-MM-DD`: `2027-04-01` for 1 April, `2027-01-04` for 4 January".into()],
        ),
        (
            vec!["list", "--from", "2027-02-01", "--to", "2027-01-01"],
            vec!["error: --to must be after --from".into()],
        ),
        // One day is listed with the day after as `--to`.
        (
            vec!["list", "--from", "2027-02-04", "--to", "2027-02-04"],
            vec!["so for 2027-02-04 alone write --to 2027-02-05\n".into()],
        ),
    ];
    for (args, expected) in &cases {
        let out = meetcal(site.path(), args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(text(&out.stdout), "", "{args:?} printed on stdout");
        for message in expected {
            assert!(
                stderr.contains(message.as_str()),
                "{args:?}: stderr lacks {message:?}:\n{stderr}"
            );
        }
    }
    assert_same_tree(
        &snapshot(site.path()),
        &content,
        "a refused command wrote or changed a file",
    );

    let nowhere = site.path().join("nowhere");
    let out = meetcal(&nowhere, &["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        format!("error: {} is not a folder\n", nowhere.display())
    );
}

#[test]
fn a_missing_site_yaml_is_a_located_content_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    let out = meetcal(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("content/site.yaml:1:1: error: the file is missing"));
    assert!(text(&out.stdout).contains("`meetcal init` writes one"));
}

/// Run in a folder of a calendar, meetcal names the calendar's folder,
/// where `init` would have made a calendar in a calendar.
#[test]
fn check_in_a_folder_of_a_calendar_names_the_calendars_folder() {
    let site = site_from(&[&fixture("fixtures/base")]);
    let events = site.path().join("content/events");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_meetcal"))
            .current_dir(&events)
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains(
            "hint: this folder is inside a calendar: run meetcal in its folder, `../..`, or pass `--root ../..`"
        ),
        "{}",
        text(&out.stdout)
    );
    let out = run(&["--root", "../..", "check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    // Given as `--root`, the folder is named by its path.
    let out = meetcal(&events, &["check"]);
    let calendar = site.path().canonicalize().unwrap();
    assert!(
        text(&out.stdout).contains(&format!("`--root {}`", calendar.display())),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn a_day_alone_is_its_start_in_the_sites_zone() {
    let site = sample_content_only();
    for (now, out) in [("2027-03-01", "day"), ("2027-03-01 00:00", "midnight")] {
        let built = meetcal(site.path(), &["build", "--now", now, "--out", out]);
        assert_eq!(built.status.code(), Some(0), "{}", text(&built.stderr));
    }
    assert_same_tree(
        &snapshot(&site.path().join("day")),
        &snapshot(&site.path().join("midnight")),
        "--now 2027-03-01 against --now \"2027-03-01 00:00\"",
    );
}

#[test]
fn builds_are_byte_identical_for_the_same_now() {
    let site = sample_content_only();
    let out = meetcal(site.path(), &["build", "--now", NOW, "--out", "one"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    meetcal(site.path(), &["build", "--now", NOW, "--out", "two"]);
    let one = snapshot(&site.path().join("one"));
    let two = snapshot(&site.path().join("two"));
    assert!(one.len() >= 2);
    assert_same_tree(&two, &one, "a second build with the same --now differs");
    // A different now is a different site: the clock is an input.
    meetcal(
        site.path(),
        &["build", "--now", "2027-03-01 12:00", "--out", "three"],
    );
    assert!(
        tree_difference(&snapshot(&site.path().join("three")), &one).is_some(),
        "a build for another --now is the same"
    );
}

#[test]
fn build_writes_an_index_of_upcoming_events() {
    let site = sample_content_only();
    let out = meetcal(site.path(), &["build", "--now", NOW]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let html = std::fs::read_to_string(site.path().join("public/index.html")).unwrap();
    assert!(
        html.contains("datetime=\"2026-11-26T08:30:00+01:00\">08:30</time>"),
        "the next Open Coffee"
    );
    assert!(
        !html.contains("2026-11-19T08:30"),
        "past occurrences are not upcoming"
    );
    assert!(
        !html.contains("datetime=\"2026-12-24T08:30"),
        "the skipped Christmas Eve coffee"
    );
    assert!(
        html.contains("<del><bdi>Web performance lightning talks</bdi></del>"),
        "cancelled events stay visible, struck through"
    );
    assert!(
        !html.contains("2027-03-"),
        "the home page looks 90 days ahead; the month pages have the rest"
    );
    let may =
        std::fs::read_to_string(site.path().join("public/calendar/2027/05/index.html")).unwrap();
    assert!(
        regex::Regex::new(
            r#"datetime="2027-05-07">7</time><span class="dayname">[^<]*</span>\s*<ul><li class="status-confirmed"><a href="/events/open-coffee-club/">08:30 <bdi>Open Coffee Club</bdi></a>"#
        )
        .unwrap()
        .is_match(&may),
        "the moved coffee is on its new date"
    );
    assert!(
        !may.contains(r#"datetime="2027-05-06">6</time><span"#),
        "and not on its old one"
    );
    assert!(
        html.contains("18:00 (12:00 America/Toronto)"),
        "another zone is shown in both"
    );
    let stylesheets = std::fs::read_dir(site.path().join("public"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("style.")
        })
        .count();
    assert_eq!(stylesheets, 1, "one fingerprinted stylesheet");
}

#[test]
fn base_url_can_be_replaced_for_previews() {
    let site = sample_content_only();
    meetcal(
        site.path(),
        &[
            "build",
            "--now",
            NOW,
            "--base-url",
            "https://deploy-preview-7--cal.netlify.app",
        ],
    );
    let html = std::fs::read_to_string(site.path().join("public/index.html")).unwrap();
    assert!(
        html.contains(
            "<link rel=\"canonical\" href=\"https://deploy-preview-7--cal.netlify.app/\">"
        ),
        "{html}"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = sample_content_only();
    let out = meetcal(site.path(), &["build", "--now", NOW]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let before = snapshot(&site.path().join("public"));
    // A broken event fails the build before it writes anything (builds
    // that fail late, or are killed: tests/interrupted.rs).
    std::fs::write(
        site.path().join("content/events/broken.md"),
        "---\ntitle: x\n",
    )
    .unwrap();
    assert_failed_build_kept_output(
        site.path(),
        "2027-02-01 12:00",
        "content/events/broken.md",
        &before,
        "a build failing on a broken event",
    );
}

#[test]
fn version_names_the_release_and_the_commit() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_meetcal"))
        .arg("--version")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let printed = text(&out.stdout);
    let shape =
        regex::Regex::new(r"^meetcal (\S+) \((?:([0-9a-f]{7,}) (\d{4}-\d\d-\d\d)|unknown)\)\n$")
            .unwrap();
    let found = shape
        .captures(&printed)
        .unwrap_or_else(|| panic!("`meetcal --version` printed {printed:?}"));
    assert_eq!(&found[1], env!("CARGO_PKG_VERSION"));
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let head = std::process::Command::new("git")
        .arg("-C")
        .arg(manifest)
        .args(["rev-parse", "--show-toplevel", "HEAD"])
        .output()
        .unwrap();
    let head = text(&head.stdout);
    let mut lines = head.lines();
    let in_git = lines
        .next()
        .is_some_and(|top| Path::new(top).canonicalize().ok() == manifest.canonicalize().ok());
    if in_git {
        let full = lines.next().expect("HEAD's hash");
        let short = found.get(2).map(|m| m.as_str()).unwrap_or_else(|| {
            panic!("built in a git checkout, but the version has no commit: {printed:?}")
        });
        assert!(
            full.starts_with(short),
            "the version names commit {short}, HEAD is {full}"
        );
    } else {
        assert!(printed.contains("(unknown)"), "{printed:?}");
    }
}

#[test]
fn import_and_sync_offer_the_same_feed_options() {
    let options = |command: &str| -> Vec<String> {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_meetcal"))
            .args([command, "--help"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let help = text(&out.stdout);
        [
            "--dry-run",
            "--prune",
            "--timeout <SECONDS>",
            "--now <TIME>",
        ]
        .iter()
        .map(|option| {
            help.lines()
                .find(|line| line.trim_start().starts_with(option))
                .unwrap_or_else(|| panic!("`{command} --help` has no {option}:\n{help}"))
                .trim()
                .to_string()
        })
        .collect()
    };
    assert_eq!(options("import"), options("sync"));
}

/// `meetcal list | head -3` and the like: a reader that has gone is not an
/// error, and certainly not a panic.
#[test]
fn output_to_a_closed_pipe_ends_quietly() {
    let site = site_from(&[&fixture("fixtures/base")]);
    let commands: [&[&str]; 3] = [
        &["list", "--from", "2027-01-01", "--to", "2028-01-01"],
        &["init"],
        &["check", "--format", "json"],
    ];
    for args in commands {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_meetcal"))
            .current_dir(site.path())
            .arg("--root")
            .arg(site.path())
            .args(args)
            .stdout(writer)
            .output()
            .unwrap();
        let stderr = text(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    }
}

/// A date of a series moved far from where the series had it is listed
/// where it now is, also when the series' own date is outside the range.
#[test]
fn list_shows_a_date_moved_into_the_range() {
    let site = site_from(&[&fixture("fixtures/base")]);
    let events = site.path().join("content/events");
    std::fs::write(
        events.join("old-series.yaml"),
        "title: Old series\nstart: 2026-01-06 19:00\nrepeat:\n  every: week\n  until: 2026-03-31\n",
    )
    .unwrap();
    std::fs::write(
        events.join("old-series-moved.yaml"),
        "occurrence_of: old-series\ndate: 2026-01-13\nstart: 2027-03-02 19:00\n",
    )
    .unwrap();
    let range = ["--from", "2027-03-01", "--to", "2027-03-03"];
    let out = meetcal(
        site.path(),
        &[&["list", "--format", "json"][..], &range].concat(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let moved: Vec<&serde_json::Value> = (listed["occurrences"].as_array().unwrap().iter())
        .filter(|o| o["slug"] == "old-series")
        .collect();
    assert_eq!(moved.len(), 1, "{listed:#}");
    assert!(
        moved[0].to_string().contains("2027-03-02T19:00"),
        "{listed:#}"
    );
    // Its own date's range no longer lists it there.
    let january = meetcal(
        site.path(),
        &["list", "--from", "2026-01-12", "--to", "2026-01-15"],
    );
    assert!(
        !text(&january.stdout).contains("Old series"),
        "{}",
        text(&january.stdout)
    );
}

/// The build's closing line counts in words a reader expects: "1 event".
#[test]
fn the_build_says_one_event_in_the_singular() {
    let site = site_from(&[&fixture("fixtures/base")]);
    std::fs::remove_file(site.path().join("content/events/open-coffee.md")).unwrap();
    let out = meetcal(site.path(), &["build", "--now", "2027-01-01 12:00"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let said = text(&out.stderr);
    assert!(
        said.contains("built 1 event (1 occurrence) into "),
        "{said}"
    );
}

/// The site is renamed into place: through a link as `--out`, it would
/// replace the link. The message names the folder to give instead.
#[cfg(unix)]
#[test]
fn an_output_folder_given_as_a_link_names_the_folder_it_points_to() {
    let site = site_from(&[&fixture("fixtures/base")]);
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), site.path().join("linked")).unwrap();
    let out = meetcal(site.path(), &["build", "--out", "linked"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let real = elsewhere.path().canonicalize().unwrap();
    assert!(
        text(&out.stderr).contains(&format!(
            "is a symbolic link, which the site would replace; give the folder it points to: --out {}\n",
            real.display()
        )),
        "{}",
        text(&out.stderr)
    );
    assert!(site.path().join("linked").is_symlink(), "the link is kept");
    assert_eq!(
        std::fs::read_dir(&real).unwrap().count(),
        0,
        "nothing written"
    );
}

/// `meetcal <command> -h` is where an organizer looks first: each option
/// says what it is for, not only its name.
#[test]
fn every_option_of_every_command_says_what_it_is_for() {
    let commands: [&[&str]; 10] = [
        &["check"],
        &["build"],
        &["serve"],
        &["list"],
        &["import"],
        &["sync"],
        &["init"],
        &["new", "event"],
        &["new", "group"],
        &["new", "venue"],
    ];
    let option = regex::Regex::new(r"^\s+(?:-\w, )?--[\w-]+(?: <[^>]+>)?(?:\s{2,}(.*))?$").unwrap();
    let mut silent = Vec::new();
    for command in commands {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_meetcal"))
            .args(command)
            .arg("-h")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        for line in text(&out.stdout).lines() {
            let Some(found) = option.captures(line) else {
                continue;
            };
            // A default or the values alone do not say what it is for.
            let says = found.get(1).map_or("", |m| m.as_str().trim());
            if says.is_empty() || says.starts_with('[') {
                silent.push(format!("{}: {}", command.join(" "), line.trim()));
            }
        }
    }
    assert!(
        silent.is_empty(),
        "options without help:\n{}",
        silent.join("\n")
    );
}
