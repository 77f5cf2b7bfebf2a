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
//! `column` is optional; `message` and `hint` are substrings.

mod common;

use common::*;
use std::path::Path;

#[derive(Debug, Default)]
struct Expect {
    file: String,
    line: u64,
    column: Option<u64>,
    message: String,
    hint: String,
}

fn read_expect(case: &Path) -> Expect {
    let text = std::fs::read_to_string(case.join("expect.txt"))
        .unwrap_or_else(|_| panic!("{} has no expect.txt", case.display()));
    let mut expect = Expect::default();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (key, value) = line
            .split_once(": ")
            .unwrap_or_else(|| panic!("bad line {line:?}"));
        let value = value.to_string();
        match key {
            "file" => expect.file = value,
            "line" => expect.line = value.parse().unwrap(),
            "column" => expect.column = Some(value.parse().unwrap()),
            "message" => expect.message = value,
            "hint" => expect.hint = value,
            other => panic!("unknown key {other} in {}", case.display()),
        }
    }
    assert!(
        !expect.file.is_empty()
            && expect.line > 0
            && !expect.message.is_empty()
            && !expect.hint.is_empty(),
        "{}: expect.txt needs file, line, message and hint",
        case.display()
    );
    expect
}

fn check_case(case: &Path) -> Result<(), String> {
    let expect = read_expect(case);
    let overlay = case.join("overlay");
    let site = site_from(&[&fixture("fixtures/base"), &overlay]);
    let json = meetcal(site.path(), &["check", "--format", "json"]);
    let stderr = text(&json.stderr);
    if stderr.contains("panicked") {
        return Err(format!("panicked: {stderr}"));
    }
    if json.status.code() != Some(1) {
        return Err(format!(
            "exit code {:?}, expected 1; stdout: {}",
            json.status.code(),
            text(&json.stdout)
        ));
    }
    let problems: serde_json::Value = serde_json::from_slice(&json.stdout)
        .map_err(|e| format!("check --format json printed invalid JSON: {e}"))?;
    // One mistake per case: follow-on errors would only bury the real one.
    if problems.as_array().unwrap().len() != 1 {
        return Err(format!("expected exactly one problem, found {problems:#}"));
    }
    let found = problems.as_array().unwrap().iter().any(|p| {
        p["file"] == expect.file.as_str()
            && p["line"] == expect.line
            && expect.column.is_none_or(|c| p["column"] == c)
            && p["message"]
                .as_str()
                .unwrap_or_default()
                .contains(&expect.message)
            && p["hint"]
                .as_str()
                .unwrap_or_default()
                .contains(&expect.hint)
    });
    if !found {
        return Err(format!("expected {expect:?}\nfound {problems:#}"));
    }
    // The human format prints the same located line.
    let human = meetcal(site.path(), &["check"]);
    let out = text(&human.stdout);
    let located = format!("{}:{}:", expect.file, expect.line);
    if human.status.code() != Some(1) || !out.contains(&located) || !out.contains("  hint: ") {
        return Err(format!("human format lacks `{located}` or a hint:\n{out}"));
    }
    // A broken calendar builds nothing.
    let build = meetcal(site.path(), &["build", "--now", "2027-01-01 12:00"]);
    if build.status.code() != Some(1) || site.path().join("public").exists() {
        return Err("build did not fail cleanly".into());
    }
    Ok(())
}

#[test]
fn every_broken_file_gets_a_located_error_with_a_hint() {
    let dir = fixture("broken");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 20,
        "the corpus has only {} cases",
        cases.len()
    );
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            check_case(case)
                .err()
                .map(|e| format!("{}: {e}", case.file_name().unwrap().to_string_lossy()))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_base_fixture_is_clean() {
    let site = site_from(&[&fixture("fixtures/base")]);
    let out = meetcal(site.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}
