//! The corpus of broken files: every mistake gets exactly one located error
//! with a hint, exit code 1, no panic, and no output folder.
//!
//! Each folder in tests/broken/ is laid over tests/fixtures/base/ and holds
//! an `expect.txt`:
//!
//! ```text
//! file: content/events/typo.md
//! line: 3
//! column: 1
//! message: unknown field `titel`
//! hint: did you mean `title`?
//! ```
//! `column` is optional; `message` and `hint` are substrings. A mistake
//! that is one in each of two files (two files with one slug) says so with
//! `problems: 2`.

mod common;

use common::corpus::{cases, check_all, expect_lines, Located};
use common::*;
use std::path::Path;

/// What a case expects: the located error, and how many problems in all.
fn read_expect(case: &Path) -> (Located, usize) {
    let mut expect = Located::default();
    let mut count = 1;
    for (key, value) in expect_lines(case) {
        if key == "problems" {
            count = value.parse().expect("`problems` is a number");
            continue;
        }
        assert!(
            expect.read(&key, &value),
            "unknown key {key} in {}",
            case.display()
        );
    }
    assert!(
        expect.is_complete(),
        "{}: expect.txt needs file, line, message and hint",
        case.display()
    );
    (expect, count)
}

fn check_case(case: &Path) -> Result<String, String> {
    let (expect, count) = read_expect(case);
    let overlay = case.join("overlay");
    let site = site_from(&[&fixture("fixtures/base"), &overlay]);
    let json = meetcal(site.path(), &["check", "--format", "json"]);
    let stderr = text(&json.stderr);
    if stderr.contains("panicked") {
        return Err(format!("panicked: {stderr}"));
    }
    // One mistake per case: follow-on errors would only bury the real one.
    expect.in_json(&json, count)?;
    // The human format prints the same located line.
    expect.in_human(&meetcal(site.path(), &["check"]))?;
    // A broken calendar builds nothing.
    let build = meetcal(site.path(), &["build", "--now", "2027-01-01 12:00"]);
    if build.status.code() != Some(1) || site.path().join("public").exists() {
        return Err("build did not fail cleanly".into());
    }
    Ok(String::new())
}

#[test]
fn every_broken_file_gets_a_located_error_with_a_hint() {
    check_all(&cases("broken", 20), check_case);
}

#[test]
fn the_base_fixture_is_clean() {
    let site = site_from(&[&fixture("fixtures/base")]);
    let out = meetcal(site.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}
