//! `meetcal new`: the event file it scaffolds from its options or its
//! questions, checked as `check` would, and the mistakes it refuses.

mod common;

use common::*;
use std::path::Path;

/// What `check` prints for the placeholder `meetcal new` wrote in `path`.
fn placeholder_problem(path: &std::path::Path, shown: &str) -> String {
    let line = std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .position(|l| meetcal::parse::PLACEHOLDERS.contains(&l))
        .expect("a placeholder line")
        + 1;
    format!(
        "{shown}:{line}:1: error: the description is still the text `meetcal new` wrote\n  hint: replace this line with what people need to know before they come\n"
    )
}

/// Writes a description in place of the placeholder, as an organizer does.
fn describe(path: &std::path::Path) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut written = String::new();
    for line in text.lines() {
        if meetcal::parse::PLACEHOLDERS.contains(&line) {
            written.push_str("Talks, then pizza. Free, register on the website.");
        } else {
            written.push_str(line);
        }
        written.push('\n');
    }
    std::fs::write(path, written).unwrap();
}

#[test]
fn new_event_writes_a_valid_file_and_prints_its_path() {
    let site = site_from(&[&fixture("fixtures/base")]);
    let out = meetcal(
        site.path(),
        &[
            "new",
            "event",
            "--title",
            "Rust night: async",
            "--start",
            "2027-03-10 19:00",
            "--group",
            "rust-paris",
            "--tags",
            "rust,async",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "content/events/rust-night-async-2027-03-10.md\n"
    );
    // The placeholder description is not ready to publish: check says
    // where it is, and passes once the organizer has written one.
    let written = "content/events/rust-night-async-2027-03-10.md";
    let check = meetcal(site.path(), &["check"]);
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(
        text(&check.stdout),
        placeholder_problem(&site.path().join(written), written)
    );
    describe(&site.path().join(written));
    let check = meetcal(site.path(), &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
    let listed = meetcal(
        site.path(),
        &[
            "list",
            "--from",
            "2027-03-10",
            "--to",
            "2027-03-11",
            "--format",
            "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let titles = texts(&json["occurrences"], "title");
    assert_eq!(titles, ["Rust night: async"]);

    // Never overwrites, and refuses a slug used elsewhere.
    let again = meetcal(
        site.path(),
        &[
            "new",
            "event",
            "--title",
            "Rust night: async",
            "--start",
            "2027-03-10 19:00",
        ],
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again.stderr).contains("already used"));
}

#[test]
fn new_trims_tags_and_refuses_a_title_with_no_file_name() {
    let site = site_from(&[&fixture("fixtures/base")]);
    let new_event = |title: &str, more: &[&str]| {
        let mut args = vec![
            "new",
            "event",
            "--title",
            title,
            "--start",
            "2027-02-21 19:00",
        ];
        args.extend_from_slice(more);
        meetcal(site.path(), &args)
    };
    let out = new_event("T1", &["--tags", "rust, web"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(site.path().join("content/events/t1-2027-02-21.md"));
    assert!(written.unwrap().contains("tags:\n- rust\n- web\n"));
    for (title, said) in [
        ("", "--title is empty"),
        (" ", "--title is empty"),
        ("日本語", "--title `日本語` gives no file name"),
    ] {
        let out = new_event(title, &[]);
        assert_eq!(out.status.code(), Some(2), "{title}");
        let stderr = text(&out.stderr);
        assert!(stderr.contains(said), "{title}: {stderr}");
        assert!(!stderr.contains("not a valid slug"), "{title}: {stderr}");
    }
    let out = new_event("日本語", &["--slug", "tokyo-rust"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn new_checks_references_and_values() {
    let site = site_from(&[&fixture("fixtures/base")]);
    let out = meetcal(
        site.path(),
        &[
            "new",
            "event",
            "--title",
            "X",
            "--start",
            "2027-03-10 19:00",
            "--group",
            "rust-pari",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains(
            "error: --group: no group `rust-pari`; did you mean `rust-paris`? known: rust-paris\n"
        ),
        "{}",
        text(&out.stderr)
    );
    let out = meetcal(
        site.path(),
        &[
            "new",
            "event",
            "--title",
            "X",
            "--start",
            "2027-02-30 19:00",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("error: --start: `2027-02-30` is not a date"),
        "{}",
        text(&out.stderr)
    );
    assert!(text(&out.stderr).contains("February 2027 has 28 days"));
    // A series that does not start on one of its dates.
    let new_event = |extra: &[&str]| {
        let mut args = vec![
            "new",
            "event",
            "--title",
            "X",
            "--start",
            "2027-02-10 19:00",
        ];
        args.extend_from_slice(extra);
        meetcal(site.path(), &args)
    };
    let out = new_event(&["--every", "week", "--on", "friday"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("error: --start: "),
        "{}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stderr).contains("the first date of the series is 2027-02-12"),
        "{}",
        text(&out.stderr)
    );
    let out = new_event(&["--tags", "rust,Web Perf"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("error: --tags: "),
        "{}",
        text(&out.stderr)
    );
    // A folder outside content/events/, or one meetcal does not read.
    for folder in [
        "../../outside",
        "/tmp/meetcal-new-outside",
        "_drafts",
        ".hidden",
    ] {
        let out = new_event(&["--folder", folder]);
        assert_eq!(out.status.code(), Some(2), "{folder}");
        assert!(
            text(&out.stderr).contains("is not a sub-folder of content/events/"),
            "{folder}: {}",
            text(&out.stderr)
        );
    }
    assert!(!site.path().join("outside").exists());
    assert!(!Path::new("/tmp/meetcal-new-outside").exists());
    assert_eq!(
        snapshot(&site.path().join("content/events")).len(),
        2,
        "nothing written"
    );
    let out = new_event(&["--folder", "2027/rust-paris"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(site
        .path()
        .join("content/events/2027/rust-paris/x-2027-02-10.md")
        .is_file());
}

/// On a terminal, `new event` asks for what is missing, and asks again for
/// an answer it cannot take, saying why: one mistake loses nothing typed.
/// `script` (util-linux, in every Debian) gives meetcal its terminal.
#[test]
fn new_on_a_terminal_asks_again_for_a_wrong_answer() {
    let site = site_from(&[&fixture("fixtures/base")]);
    let command = format!(
        "{} --root {} new event",
        env!("CARGO_BIN_EXE_meetcal"),
        site.path().display()
    );
    let mut script = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("`script`, from util-linux, gives meetcal a terminal");
    let answers = "Tea night\n10/02/2027 19h\n2027-02-10 19:00\nrust-pari\nrust-paris\nnone\n";
    std::io::Write::write_all(script.stdin.as_mut().unwrap(), answers.as_bytes()).unwrap();
    let out = script.wait_with_output().unwrap();
    let said = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{said}");
    for asked in [
        "`10/02/2027 19h` is not a date and time\r\n  hint: write `start: 2027-02-10 19:00` for 10 February",
        "--group: no group `rust-pari`; did you mean `rust-paris`?",
        "content/events/tea-night-2027-02-10.md",
    ] {
        assert!(said.contains(asked), "{asked:?} not in {said}");
    }
    let written =
        std::fs::read_to_string(site.path().join("content/events/tea-night-2027-02-10.md"))
            .unwrap();
    for line in [
        "start: 2027-02-10 19:00\n",
        "group: rust-paris\n",
        "venue: none\n",
    ] {
        assert!(written.contains(line), "{line:?} not in {written}");
    }
}

/// A series' every option: how often, on which day, and until when or how
/// many times; each needs `--every`, and a hint about one names its option.
#[test]
fn new_series_with_interval_count_and_until() {
    let site = site_from(&[&fixture("fixtures/base")]);
    let new_series = |extra: &[&str]| {
        let mut args = vec![
            "new",
            "event",
            "--title",
            "Every other",
            "--start",
            "2027-02-09 19:00",
        ];
        args.extend_from_slice(extra);
        meetcal(site.path(), &args)
    };
    for (extra, said) in [
        (&["--count", "3"][..], "error: --count needs --every"),
        (
            &["--every", "2 weeks", "--on", "tuesday"],
            "`--every \"week\"` and `--interval \"2\"`",
        ),
        (
            &["--every", "week", "--until", "2027-02-30"],
            "error: --until: ",
        ),
    ] {
        let out = new_series(extra);
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        assert!(
            text(&out.stderr).contains(said),
            "{extra:?}: {}",
            text(&out.stderr)
        );
    }
    assert_eq!(
        snapshot(&site.path().join("content/events")).len(),
        2,
        "nothing written"
    );
    for (slug, extra) in [
        ("six-dates", ["--count", "6"]),
        ("until-march", ["--until", "2027-03-23"]),
    ] {
        let out = new_series(
            &[
                &["--every", "week", "--interval", "2", "--on", "tuesday"][..],
                &extra,
                &["--slug", slug],
            ]
            .concat(),
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        describe(&site.path().join(text(&out.stdout).trim()));
    }
    let listed = meetcal(
        site.path(),
        &[
            "list",
            "--from",
            "2027-01-01",
            "--to",
            "2028-01-01",
            "--format",
            "json",
        ],
    );
    assert_eq!(listed.status.code(), Some(0), "{}", text(&listed.stderr));
    let json: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let dates = |slug: &str| -> Vec<String> {
        json["occurrences"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o["slug"] == slug)
            .map(|o| o["occurrence"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        dates("six-dates"),
        [
            "2027-02-09",
            "2027-02-23",
            "2027-03-09",
            "2027-03-23",
            "2027-04-06",
            "2027-04-20"
        ]
    );
    assert_eq!(
        dates("until-march"),
        ["2027-02-09", "2027-02-23", "2027-03-09", "2027-03-23"]
    );
}

#[test]
fn new_recurring_event_group_and_venue() {
    let site = site_from(&[&fixture("fixtures/base")]);
    let venue = meetcal(
        site.path(),
        &[
            "new",
            "venue",
            "--name",
            "La Cantine",
            "--address",
            "151 rue Montmartre, Paris",
            "--lat",
            "48.87",
            "--lon",
            "2.34",
        ],
    );
    assert_eq!(
        text(&venue.stdout),
        "content/venues/la-cantine.md\n",
        "{}",
        text(&venue.stderr)
    );
    let group = meetcal(
        site.path(),
        &[
            "new",
            "group",
            "--name",
            "Paris.js",
            "--venue",
            "la-cantine",
            "--tags",
            "javascript",
        ],
    );
    assert_eq!(
        text(&group.stdout),
        "content/groups/paris-js.md\n",
        "{}",
        text(&group.stderr)
    );
    let event = meetcal(
        site.path(),
        &[
            "new",
            "event",
            "--title",
            "Paris.js monthly",
            "--start",
            "2027-01-27 19:00",
            "--group",
            "paris-js",
            "--every",
            "month",
            "--on",
            "last wednesday",
            "--folder",
            "parisjs",
        ],
    );
    assert_eq!(
        text(&event.stdout),
        "content/events/parisjs/paris-js-monthly.md\n",
        "{}",
        text(&event.stderr)
    );
    let written = [
        "content/events/parisjs/paris-js-monthly.md",
        "content/groups/paris-js.md",
        "content/venues/la-cantine.md",
    ];
    let check = meetcal(site.path(), &["check"]);
    assert_eq!(check.status.code(), Some(1));
    let expected: String = written
        .iter()
        .map(|file| placeholder_problem(&site.path().join(file), file))
        .collect();
    assert_eq!(text(&check.stdout), expected);
    for file in written {
        describe(&site.path().join(file));
    }
    let check = meetcal(site.path(), &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
    let listed = meetcal(
        site.path(),
        &[
            "list",
            "--from",
            "2027-01-01",
            "--to",
            "2027-04-01",
            "--format",
            "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let dates: Vec<&str> = json["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["slug"] == "paris-js-monthly")
        .map(|o| o["occurrence"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2027-01-27", "2027-02-24", "2027-03-31"]);

    // An online-only evening of a group that meets somewhere: `--venue
    // none` in any case, as the file's `venue:` is read.
    let online = meetcal(
        site.path(),
        &[
            "new",
            "event",
            "--title",
            "Online evening",
            "--start",
            "2027-02-10 19:00",
            "--group",
            "paris-js",
            "--venue",
            "None",
            "--online",
            "https://meet.example.org/parisjs",
        ],
    );
    assert_eq!(online.status.code(), Some(0), "{}", text(&online.stderr));
    let path = site.path().join(text(&online.stdout).trim());
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("\nvenue: none\n"));
    describe(&path);
    let build = meetcal(site.path(), &["build", "--now", "2027-01-01T00:00:00Z"]);
    assert_eq!(build.status.code(), Some(0), "{}", text(&build.stderr));
    let venue_page =
        std::fs::read_to_string(site.path().join("public/venues/la-cantine/index.html")).unwrap();
    assert!(venue_page.contains("Paris.js monthly"), "{venue_page}");
    assert!(!venue_page.contains("Online evening"), "{venue_page}");
    // A group has no `venue: none`: it leaves the venue out.
    let group = meetcal(
        site.path(),
        &["new", "group", "--name", "Elsewhere", "--venue", "none"],
    );
    assert_eq!(group.status.code(), Some(2));
    assert!(
        text(&group.stderr)
            .contains("--venue none: a group with no usual venue leaves --venue out"),
        "{}",
        text(&group.stderr)
    );
    assert!(!site.path().join("content/groups/elsewhere.md").exists());
}
