//! SEQUENCE, LAST-MODIFIED and DTSTAMP as subscribers' calendar apps
//! read them: from the content's git history, so that an edit updates an
//! event in place, and without a history, from the build's `--now`.

mod common;

use common::ical::{build, ical_fixture, read, values};
use common::*;
use std::path::Path;

const NOW: &str = "2027-01-05 12:00";

fn stamps(out: &Path, feed: &str) -> (Vec<String>, Vec<String>, Vec<String>) {
    let feed = read(out, feed);
    (
        values(&feed, "SEQUENCE"),
        values(&feed, "LAST-MODIFIED"),
        values(&feed, "DTSTAMP"),
    )
}

#[test]
fn sequence_and_last_modified_follow_the_git_history() {
    let site = site_from(&[&fixture("fixtures/base")]);
    let repo = site.path();
    git(repo, &["init", "-q"], "2027-01-01T10:00:00Z");
    commit_all(repo, "first", "2027-01-01T10:00:00Z");
    let feed = "events/open-coffee/event.ics";
    let first = build(repo, NOW);
    assert_eq!(
        stamps(first.path(), feed),
        (
            vec!["0".into()],
            vec!["20270101T100000Z".into()],
            vec!["20270101T100000Z".into()]
        )
    );
    // DTSTAMP comes from the history, not from --now: still identical.
    let other_now = build(repo, "2027-01-06 09:00");
    assert_eq!(read(first.path(), feed), read(other_now.path(), feed));

    let path = repo.join("content/events/open-coffee.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("08:30", "09:00")).unwrap();
    git(
        repo,
        &["commit", "-q", "-am", "later"],
        "2027-01-02T10:00:00Z",
    );
    let second = build(repo, NOW);
    assert_eq!(
        stamps(second.path(), feed),
        (
            vec!["1".into()],
            vec!["20270102T100000Z".into()],
            vec!["20270102T100000Z".into()]
        ),
        "a commit that changes the time raises SEQUENCE"
    );
    let other = stamps(second.path(), "events/rust-night-2027-02-10/event.ics");
    assert_eq!(other.0, ["0"], "other events are untouched");

    // Moving the file keeps its history: SEQUENCE never goes down.
    std::fs::create_dir_all(repo.join("content/events/weekly")).unwrap();
    git(
        repo,
        &[
            "mv",
            "content/events/open-coffee.md",
            "content/events/weekly/open-coffee.md",
        ],
        "2027-01-03T10:00:00Z",
    );
    git(
        repo,
        &["commit", "-q", "-m", "move"],
        "2027-01-03T10:00:00Z",
    );
    let third = build(repo, NOW);
    assert_eq!(stamps(third.path(), feed).0, ["2"]);

    // A change to one date is a change to the series too: both count the
    // override's commits, in every feed, so that a feed whose series
    // leaves the date out (a venue's, when it moves) and takes it back by
    // a later edit of the override still goes up (tests/ical_sequence.rs).
    std::fs::write(
        repo.join("content/events/weekly/open-coffee-2027-02-04.md"),
        "---\noccurrence_of: open-coffee\ndate: 2027-02-04\nstart: 2027-02-04 10:00\n---\n",
    )
    .unwrap();
    commit_all(repo, "moved one", "2027-01-04T10:00:00Z");
    let fourth = build(repo, NOW);
    let (sequence, modified, _) = stamps(fourth.path(), feed);
    assert_eq!(
        sequence,
        ["3", "3"],
        "series 2 + 1, and its changed occurrence with it"
    );
    assert_eq!(modified, ["20270104T100000Z", "20270104T100000Z"]);

    // A group's zone or a venue's address moves every event without a
    // commit to its file: SEQUENCE goes up, never down, for all of them.
    let group = repo.join("content/groups/rust-paris.md");
    let text = std::fs::read_to_string(&group).unwrap();
    std::fs::write(&group, format!("{text}\n")).unwrap();
    git(
        repo,
        &["commit", "-q", "-am", "group"],
        "2027-01-05T10:00:00Z",
    );
    let fifth = build(repo, NOW);
    let (sequence, modified, dtstamp) = stamps(fifth.path(), feed);
    assert_eq!(sequence, ["4", "4"]);
    assert_eq!(modified, ["20270105T100000Z", "20270105T100000Z"]);
    assert_eq!(dtstamp, modified);
    let other = stamps(fifth.path(), "events/rust-night-2027-02-10/event.ics");
    assert_eq!(other.0, ["1"], "every event created before the change");

    // Deleting the change gives the date back to the series, whose
    // SEQUENCE goes up past the change's (4) so that clients take it:
    // the deletion counts one, and the deleted file's commit, which the
    // series no longer counts.
    git(
        repo,
        &[
            "rm",
            "-q",
            "content/events/weekly/open-coffee-2027-02-04.md",
        ],
        "2027-01-06T10:00:00Z",
    );
    git(
        repo,
        &["commit", "-q", "-m", "unmoved"],
        "2027-01-06T10:00:00Z",
    );
    let sixth = build(repo, NOW);
    let (sequence, modified, _) = stamps(sixth.path(), feed);
    assert_eq!(sequence, ["5"]);
    assert_eq!(modified, ["20270106T100000Z"]);
}

#[test]
fn without_git_dtstamp_is_now_and_sequence_zero() {
    let site = ical_fixture();
    let out = build(site.path(), "2027-01-05T12:00:00+01:00");
    let feed = read(out.path(), "calendar.ics");
    assert!(values(&feed, "DTSTAMP")
        .iter()
        .all(|v| v == "20270105T110000Z"));
    assert!(values(&feed, "SEQUENCE").iter().all(|v| v == "0"));
    assert!(values(&feed, "LAST-MODIFIED").is_empty());
    assert!(values(&feed, "CREATED").is_empty());
}
