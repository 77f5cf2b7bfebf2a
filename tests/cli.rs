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
fn a_site_theme_overrides_the_default_file_by_file() {
    let site = sample_content_only();
    let templates = site.path().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("index.html"),
        "{% extends \"base.html\" %}{% block main %}<p>{{ days | length }} days</p>{% endblock main %}",
    )
    .unwrap();
    let out = meetcal(site.path(), &["build", "--now", NOW]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let html = std::fs::read_to_string(site.path().join("public/index.html")).unwrap();
    assert!(
        html.contains(" days</p>") && html.contains("<!DOCTYPE html>"),
        "{html}"
    );
}

/// The default theme's entries are written without interpreting their
/// templates; a theme's own entry templates still win, in every list.
#[test]
fn a_theme_entry_template_wins_over_the_built_in_writer() {
    let site = sample_content_only();
    let partials = site.path().join("themes/default/templates/partials");
    std::fs::create_dir_all(&partials).unwrap();
    std::fs::write(
        partials.join("agenda_entry.html"),
        "<li class=\"mine\">{{ o.title }} · {{ site.words.cancelled }}</li>\n",
    )
    .unwrap();
    std::fs::write(
        partials.join("month_entry.html"),
        "<li class=\"my-cell\">{{ o.time }}</li>",
    )
    .unwrap();
    let out = meetcal(site.path(), &["build", "--now", NOW]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let read = |page: &str| std::fs::read_to_string(site.path().join("public").join(page)).unwrap();
    for page in ["index.html", "past/index.html"] {
        let html = read(page);
        assert!(html.contains("<li class=\"mine\">"), "{page}: {html}");
        assert!(
            !html.contains("<li class=\"event"),
            "{page}: the built-in entry"
        );
    }
    let month = read("calendar/index.html");
    assert!(month.contains("<li class=\"my-cell\">"), "{month}");
    assert!(
        !month.contains("<li class=\"status-"),
        "the built-in cell entry"
    );
}

/// The default theme's event pages are written without interpreting their
/// templates; a theme's own `event.html` wins over the writer.
#[test]
fn a_theme_event_template_wins_over_the_built_in_writer() {
    let pages = event_pages_with(
        "event.html",
        "{% extends \"base.html\" %}{% block main %}<h1 class=\"mine\">{{ event.title }}</h1>{% endblock main %}",
    );
    for (path, html) in pages {
        assert!(html.contains("<h1 class=\"mine\">"), "{path}: {html}");
        assert!(html.contains("<!DOCTYPE html>"), "{path}: within base.html");
        assert!(
            !html.contains("<dl class=\"facts\">"),
            "{path}: the built-in page"
        );
    }
}

/// The writer of the event pages makes what the built-in `event.html` makes,
/// byte for byte, from views it fills only in part: a theme holding a copy
/// of the template (which then is interpreted, with every field of every
/// listed date) gets the same pages.
#[test]
fn the_event_page_writer_makes_what_its_template_makes() {
    let template = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/event.html"),
    )
    .unwrap();
    let site = sample_content_only();
    let out = meetcal(site.path(), &["build", "--now", NOW]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = site.path().join("public/events");
    let interpreted = event_pages_with("event.html", &template);
    let mut series = 0;
    for (path, html) in &interpreted {
        let name = Path::new(path).parent().unwrap().file_name().unwrap();
        let by_writer = std::fs::read_to_string(written.join(name).join("index.html")).unwrap();
        assert_eq!(&by_writer, html, "{path}");
        series += usize::from(html.contains("<ul class=\"dates\">"));
    }
    assert!(series > 0, "no series page lists its dates");
}

/// `/events/` is written in Rust while the theme keeps `events.html`; a
/// theme's own wins, with every field of its events.
#[test]
fn a_theme_events_template_wins_over_the_built_in_writer() {
    let site = sample_content_only();
    let templates = site.path().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("events.html"),
        "{% extends \"base.html\" %}{% block main %}<ol class=\"mine\">\
         {% for e in events %}<li>{{ e.title }} {{ e.date }} {{ e.tags | length }}</li>{% endfor %}\
         </ol>{% endblock main %}\n",
    )
    .unwrap();
    let out = meetcal(site.path(), &["build", "--now", NOW]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let page = std::fs::read_to_string(site.path().join("public/events/index.html")).unwrap();
    assert!(page.contains("<ol class=\"mine\"><li>"), "{page}");
    assert!(!page.contains("<ul class=\"cards\">"), "{page}");
    assert!(
        page.contains("<li>Open Coffee Club 2026-11-26 2</li>"),
        "the views carry their dates and tags: {page}"
    );
}

/// Likewise, the event pages are within a theme's own `base.html`.
#[test]
fn a_theme_layout_wins_over_the_built_in_event_page_writer() {
    let pages = event_pages_with(
        "base.html",
        "<html class=\"my-layout\"><head>{% block head %}{% endblock head %}</head>\n\
         <body>{% block main %}{% endblock main %}</body></html>\n",
    );
    for (path, html) in pages {
        assert!(
            html.starts_with(
                "<html class=\"my-layout\"><head><script type=\"application/ld+json\">"
            ),
            "{path}: {html}"
        );
        assert!(
            html.contains("<dl class=\"facts\">"),
            "{path}: event.html's own part"
        );
        assert!(
            !html.contains("<!DOCTYPE html>"),
            "{path}: the built-in layout"
        );
    }
}

/// Every event page of the site built in `site`: (path, HTML).
/// Every event page (path, HTML) of the sample calendar built with the
/// theme's `template` replaced by `text`.
fn event_pages_with(template: &str, text_of_template: &str) -> Vec<(String, String)> {
    let site = sample_content_only();
    let templates = site.path().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join(template), text_of_template).unwrap();
    let out = meetcal(site.path(), &["build", "--now", NOW]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let events = site.path().join("public/events");
    let pages = std::fs::read_dir(&events)
        .unwrap()
        .map(|entry| entry.unwrap().path().join("index.html"))
        .filter(|page| page.is_file())
        .map(|page| {
            let html = std::fs::read_to_string(&page).unwrap();
            (page.display().to_string(), html)
        })
        .collect::<Vec<_>>();
    assert!(pages.len() > 5, "{} event pages", pages.len());
    pages
}

/// Any template a theme replaces may read every field of a listed date,
/// base.html included: the lists carry them all then, not the entries alone.
#[test]
fn a_replaced_layout_reads_every_field_of_the_listed_dates() {
    let site = sample_content_only();
    let templates = site.path().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"),
    )
    .unwrap();
    let next = "{% if days %}<meta name=\"next\" content=\"{{ days[0].occurrences[0].title }}\">{% endif %}";
    let (head, rest) = base.split_once("</head>").expect("base.html has a head");
    std::fs::write(
        templates.join("base.html"),
        format!("{head}{next}\n</head>{rest}"),
    )
    .unwrap();
    let out = meetcal(site.path(), &["build", "--now", NOW]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let home = std::fs::read_to_string(site.path().join("public/index.html")).unwrap();
    let title = regex::Regex::new(r#"<meta name="next" content="([^"]+)">"#)
        .unwrap()
        .captures(&home)
        .map(|c| c[1].to_string())
        .unwrap_or_default();
    assert!(
        !title.is_empty(),
        "the first listed date has a title: {home}"
    );
    assert!(home.contains(&format!(">{title}</bdi></a>")), "{title}");
}

/// With the built-in pages, the entries of a day or of a month's cell
/// reach the template already written one after another: the pages are
/// those the templates make of each listed date, which they get when a
/// theme replaces a page's template (here with a copy of the built-in).
#[test]
fn lists_written_at_once_are_the_pages_the_templates_make() {
    let sites = [sample_content_only(), sample_content_only()];
    for site in &sites {
        let events = site.path().join("content/events/2026");
        std::fs::create_dir_all(&events).unwrap();
        for (slug, start, length) in [
            ("first", "2026-11-18 18:00", "1h"),
            ("second", "2026-11-18 19:00", "1h"),
            ("third", "2026-12-09 19:00", "1h"),
            ("fourth", "2026-12-09 20:00", "1h"),
            ("long", "2026-12-08 10:00", "3d"),
        ] {
            std::fs::write(
                events.join(format!("{slug}.md")),
                format!(
                    "---\ntitle: \"{slug} <&>\"\nstart: {start}\nduration: {length}\n---\nWords.\n"
                ),
            )
            .unwrap();
        }
    }
    let templates = sites[1].path().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"),
        templates.join("base.html"),
    )
    .unwrap();
    let built: Vec<_> = sites
        .iter()
        .map(|site| {
            let out = meetcal(site.path(), &["build", "--now", NOW]);
            assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
            snapshot(&site.path().join("public"))
        })
        .collect();
    let month = built[0]
        .iter()
        .find(|(path, _)| path == Path::new("calendar/2026/12/index.html"))
        .map(|(_, bytes)| text(bytes))
        .expect("the month page");
    assert!(month.contains("fourth &lt;&amp;&gt;"), "{month}");
    assert_same_tree(&built[0], &built[1], "entries written at once");
}

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
