//! Feeds fetched over HTTP from a feed host on 127.0.0.1, and `meetcal
//! sync`, which imports every feed a group or venue names.

mod common;

use common::importing::*;
use common::*;
use std::collections::BTreeMap;
use std::process::Command;

#[test]
fn feeds_are_fetched_over_http_and_each_failure_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_calendar(dir.path());
    let meetup = std::fs::read(fixture_feed("meetup.ics")).unwrap();
    let base = feeds::serve(BTreeMap::from([("/meetup.ics".to_string(), meetup)]));
    let out = ok(
        &root,
        &[
            "import",
            &format!("{base}/meetup.ics"),
            "--out",
            "content/events/imported/web",
        ],
    );
    assert!(out.contains("2 created"), "{out}");
    for (path, expected) in [
        ("/slow.ics", "no complete answer within 1 s"),
        ("/huge.ics", "the feed is over the limit of 4096 KiB"),
        ("/loop.ics", "more than 5 redirects (a redirect loop?)"),
        (
            "/page.html",
            "this is not an iCalendar feed: it starts with `<!DOCTYPE html>",
        ),
        ("/missing.ics", "the server answered HTTP 404"),
    ] {
        let started = std::time::Instant::now();
        let out = meetcal(
            &root,
            &["import", &format!("{base}{path}"), "--timeout", "1"],
        );
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{path}: {stderr}");
        assert!(
            stderr.contains(&format!("error: {base}{path}: {expected}")),
            "{path}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(
            started.elapsed() < feeds::SLOW,
            "{path} took {:?}",
            started.elapsed()
        );
    }
    let out = meetcal(&root, &["import", "ftp://example.org/feed.ics"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("not an http(s) URL"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn sync_imports_every_feed_and_reports_the_one_that_fails() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_calendar(dir.path());
    let base = feeds::serve(BTreeMap::from([(
        "/meetup.ics".to_string(),
        std::fs::read(fixture_feed("meetup.ics")).unwrap(),
    )]));
    let group = root.join("content/groups/our-group.md");
    let text_before = std::fs::read_to_string(&group).unwrap();
    let with_feeds = text_before.replacen(
        "---\n",
        &format!("---\nimport:\n  - url: {base}/missing.ics\n  - url: {base}/meetup.ics\n    tags: [rust]\n"),
        1,
    );
    std::fs::write(&group, with_feeds).unwrap();
    ok(&root, &["check"]);
    let out = meetcal(&root, &["sync"]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stderr.contains(&format!(
            "error: groups/our-group {base}/missing.ics: the server answered HTTP 404"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("1 of 2 feeds failed"), "{stderr}");
    let folder = root.join("content/events/imported/our-group");
    let feed_folder = std::fs::read_dir(&folder)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let night =
        std::fs::read_to_string(feed_folder.join("rust-webassembly-night-2027-02-04.md")).unwrap();
    assert!(
        night.contains("group: our-group\n") && night.contains("tags: [rust]\n"),
        "{night}"
    );
    ok(&root, &["check"]);
}

#[test]
fn sync_takes_what_an_earlier_feed_wrote_into_account_and_a_dry_run_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_calendar(dir.path());
    // Both feeds list the shared event, and an event of their own with
    // the same title and date.
    let shared = "UID:shared@x\nSUMMARY:Shared night\nDTSTART:20270210T180000Z\nDURATION:PT2H";
    let own = |uid: &str| {
        format!("UID:{uid}\nSUMMARY:Rust night\nDTSTART:20270211T180000Z\nDURATION:PT2H")
    };
    let base = feeds::serve(BTreeMap::from([
        (
            "/a.ics".to_string(),
            feed_of(&[shared, &own("a@x")]).into_bytes(),
        ),
        (
            "/b.ics".to_string(),
            feed_of(&[shared, &own("b@x")]).into_bytes(),
        ),
    ]));
    let group = root.join("content/groups/our-group.md");
    let settings = std::fs::read_to_string(&group).unwrap();
    let imports = format!("import:\n  - url: {base}/a.ics\n  - url: {base}/b.ics\n");
    std::fs::write(
        &group,
        settings.replacen("---\n", &format!("---\n{imports}"), 1),
    )
    .unwrap();
    let before = snapshot(&root);
    let dry = ok(&root, &["sync", "--dry-run"]);
    assert_same_tree(&snapshot(&root), &before, "a dry run");
    let out = ok(&root, &["sync"]);
    // The second feed refuses the UID the first one wrote, and gives its
    // own event another slug than the first one's.
    let a = meetcal::import::folder_for(&format!("{base}/a.ics"), Some("our-group"));
    let a_shared = a.join("shared-night-2027-02-10.md");
    assert!(
        out.contains(&format!(
            "skipped   `Shared night`: its UID is already the UID of {}",
            a_shared.display()
        )),
        "{out}"
    );
    let b = meetcal::import::folder_for(&format!("{base}/b.ics"), Some("our-group"));
    let b_own = b.join("rust-night-2027-02-11-2.md");
    assert!(
        out.contains(&format!("created   {}", b_own.display())),
        "{out}"
    );
    ok(&root, &["check"]);
    // The dry run said all of it.
    let said = dry
        .replace("would create", "created  ")
        .replace(" (dry run: nothing written)", "");
    assert_eq!(said, out);
}

#[test]
fn sync_refuses_a_feed_named_twice() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_calendar(dir.path());
    let group = root.join("content/groups/our-group.md");
    let settings = std::fs::read_to_string(&group).unwrap();
    let twice = "import:\n  - url: https://example.org/a.ics\n  - url: https://example.org/a.ics\n";
    std::fs::write(
        &group,
        settings.replacen("---\n", &format!("---\n{twice}"), 1),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_meetcal"))
        .arg("--root")
        .arg(&root)
        .args(["sync", "--dry-run"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text_of(&out));
    assert!(
        text(&out.stderr).contains("both import https://example.org/a.ics"),
        "{}",
        text_of(&out)
    );
}

fn text_of(out: &std::process::Output) -> String {
    format!("{}{}", text(&out.stdout), text(&out.stderr))
}

#[test]
fn sync_says_what_became_of_the_feeds_that_did_not_fail() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_calendar(dir.path());
    let base = feeds::serve(BTreeMap::from([(
        "/meetup.ics".to_string(),
        std::fs::read(fixture_feed("meetup.ics")).unwrap(),
    )]));
    let group = root.join("content/groups/our-group.md");
    let settings = std::fs::read_to_string(&group).unwrap();
    let with = |feeds: &[&str]| {
        let list: String = feeds
            .iter()
            .map(|f| format!("  - url: {base}/{f}\n"))
            .collect();
        std::fs::write(
            &group,
            settings.replacen("---\n", &format!("---\nimport:\n{list}"), 1),
        )
        .unwrap();
    };
    let last_line = |args: &[&str]| {
        let out = meetcal(&root, args);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        text(&out.stderr).lines().last().unwrap().to_string()
    };
    // A dry run imports nothing, even of the feeds that answered.
    with(&["missing.ics", "meetup.ics"]);
    assert_eq!(
        last_line(&["sync", "--dry-run"]),
        "error: 1 of 2 feeds failed; the other was read, and nothing was written (dry run)"
    );
    assert_eq!(
        last_line(&["sync"]),
        "error: 1 of 2 feeds failed; the other was imported"
    );
    // When every feed failed, there are no others.
    with(&["missing.ics", "gone.ics"]);
    assert_eq!(
        last_line(&["sync"]),
        "error: every feed failed (2); nothing was imported"
    );
}
