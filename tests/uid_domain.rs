//! Calendar apps know an event by its UID. A calendar that moves to a new
//! address keeps its events' UIDs with `uid_domain`, and `--base-url`'s
//! host is the one UIDs are checked against.

mod common;

use common::*;
use std::path::Path;

const NOW: &str = "2027-01-05T12:00:00+01:00";

fn build(root: &Path, base_url: &str) -> std::process::Output {
    let out = meetcal(root, &["build", "--now", NOW, "--base-url", base_url]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    out
}

/// The UIDs and guids of every feed that carries them, in order.
fn identities(root: &Path) -> Vec<String> {
    let public = root.join("public");
    let read = |path: &str| std::fs::read_to_string(public.join(path)).unwrap();
    let mut found: Vec<String> = ["calendar.ics", "events/open-coffee/event.ics"]
        .iter()
        .flat_map(|path| {
            read(path)
                .lines()
                .filter(|line| line.starts_with("UID:"))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    let feed = read("feed.xml");
    found.extend(
        feed.split("<guid")
            .skip(1)
            .map(|rest| rest.split("</guid>").next().unwrap().to_string()),
    );
    let events: serde_json::Value = serde_json::from_str(&read("events.json")).unwrap();
    found.extend(
        events["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|event| event["uid"].as_str().unwrap().to_string()),
    );
    found
}

#[test]
fn a_calendar_that_moves_keeps_its_uids_with_uid_domain() {
    let site = site_from(&[&fixture("fixtures/base")]);
    let first = build(site.path(), "https://our-cal.netlify.app/");
    let before = identities(site.path());
    // Every build without uid_domain says so, with the line that keeps
    // the UIDs it published.
    let said = text(&first.stderr);
    assert!(
        said.contains("content/site.yaml:2:1: warning: no `uid_domain`: the events' UIDs end with `our-cal.netlify.app`")
            && said.contains("hint: add `uid_domain: our-cal.netlify.app` to content/site.yaml"),
        "{said}"
    );
    assert!(
        before.len() >= 6 && before.iter().all(|id| id.contains("@our-cal.netlify.app")),
        "{before:#?}"
    );

    // Without uid_domain, the new address changes every UID.
    let out = build(site.path(), "https://meetups.example.org/");
    let moved = identities(site.path());
    assert!(
        moved.iter().all(|id| id.contains("@meetups.example.org")),
        "{moved:#?}"
    );
    let said = text(&out.stderr);
    assert!(
        said.contains("warning: no `uid_domain`: the events' UIDs end with `meetups.example.org`")
            && said.contains("hint: add `uid_domain:` with the host subscribers will use"),
        "{said}"
    );
    // `check`, the pull requests' check, says it too, but passes.
    let check = meetcal(site.path(), &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
    assert!(
        text(&check.stdout).starts_with("content/site.yaml:2:1: warning: no `uid_domain`: the events' UIDs end with `cal.example.org`"),
        "{}",
        text(&check.stdout)
    );
    let github = text(&meetcal(site.path(), &["check", "--format", "github"]).stdout);
    assert!(
        github.starts_with("::warning file=content/site.yaml,line=2,col=1,"),
        "{github}"
    );
    let json = meetcal(site.path(), &["check", "--format", "json"]);
    assert_eq!(text(&json.stdout), "[]\n", "JSON lists problems only");

    let settings = site.path().join("content/site.yaml");
    let yaml = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(
        &settings,
        format!("{yaml}uid_domain: Our-Cal.Netlify.App\n"),
    )
    .unwrap();
    let out = build(site.path(), "https://meetups.example.org/");
    assert_eq!(identities(site.path()), before);
    assert!(
        !text(&out.stderr).contains("warning"),
        "{}",
        text(&out.stderr)
    );
    let check = meetcal(site.path(), &["check"]);
    assert_eq!(text(&check.stdout), "", "pinned: nothing to say");
    let page = std::fs::read_to_string(site.path().join("public/index.html")).unwrap();
    assert!(
        page.contains("https://meetups.example.org/"),
        "the pages still use the new address"
    );
}

#[test]
fn a_uid_is_checked_against_the_host_the_build_publishes() {
    let site = site_from(&[&fixture("fixtures/base")]);
    // The open-coffee series derives `open-coffee@preview.example` from the
    // address the build is given, not from site.yaml's.
    std::fs::write(
        site.path().join("content/events/taker-2027-02-01.md"),
        "---\ntitle: Taker\nstart: 2027-02-01 19:00\nuid: open-coffee@preview.example\n---\n",
    )
    .unwrap();
    let out = meetcal(
        site.path(),
        &[
            "build",
            "--now",
            NOW,
            "--base-url",
            "https://preview.example/",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let said = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(
        said.contains("content/events/taker-2027-02-01.md:")
            && said.contains("the UID `open-coffee@preview.example` is already the UID of"),
        "{said}"
    );
    assert!(!site.path().join("public").exists());

    // Pinned elsewhere, the derived UIDs no longer end in that host.
    let settings = site.path().join("content/site.yaml");
    let yaml = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(&settings, format!("{yaml}uid_domain: cal.example.org\n")).unwrap();
    build(site.path(), "https://preview.example/");
}

#[test]
fn uid_domain_is_a_host_name() {
    let site = site_from(&[&fixture("fixtures/base")]);
    let settings = site.path().join("content/site.yaml");
    let yaml = std::fs::read_to_string(&settings).unwrap();
    let line = yaml.lines().count() + 1;
    for (written, hint) in [
        (
            "https://our-cal.netlify.app/",
            "hint: write the host alone: `uid_domain: our-cal.netlify.app`",
        ),
        (
            "our cal",
            "hint: write a host name, such as `uid_domain: meetups.example.org`",
        ),
        ("-cal.example", "hint: write a host name"),
    ] {
        std::fs::write(&settings, format!("{yaml}uid_domain: {written}\n")).unwrap();
        let out = meetcal(site.path(), &["check"]);
        let said = text(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{written}: {said}");
        assert!(
            said.contains(&format!(
                "content/site.yaml:{line}:13: error: `{written}` is not a host name"
            )) && said.contains(hint),
            "{written}: {said}"
        );
    }
}
