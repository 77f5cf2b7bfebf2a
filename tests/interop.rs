//! meetcal's output checked by independent implementations.
//!
//! These need Python with python-dateutil, PyYAML and jsonschema
//! (`.ci/run` installs them). In CI a missing validator fails the test;
//! locally it is reported loudly.

mod common;

use common::*;
use std::path::Path;
use std::process::Command;

#[test]
fn recurrence_expansion_agrees_with_python_dateutil() {
    if !require_tool(
        python_has("dateutil, yaml, zoneinfo"),
        "Python with python-dateutil and PyYAML",
    ) {
        return;
    }
    let root = fixture("fixtures/recurrence");
    let (from, to) = ("2026-01-01", "2029-01-01");
    let listed = meetcal(
        &root,
        &["list", "--from", from, "--to", to, "--format", "json"],
    );
    assert_eq!(listed.status.code(), Some(0), "{}", text(&listed.stderr));
    let json_file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(json_file.path(), &listed.stdout).unwrap();
    let compared = Command::new("python3")
        .arg(fixture("interop/rrule_dateutil.py"))
        .arg("--content")
        .arg(root.join("content"))
        .arg("--meetcal-json")
        .arg(json_file.path())
        .args(["--from", from, "--to", to])
        .output()
        .unwrap();
    let report = format!("{}{}", text(&compared.stdout), text(&compared.stderr));
    assert_eq!(compared.status.code(), Some(0), "{report}");
    assert!(report.contains("0 difference(s)"), "{report}");
}

#[test]
fn the_sample_calendar_validates_against_the_published_json_schema() {
    // The forms of a field meetcal accepts beyond the plainest (`on: [sat,
    // sun]`, `on: Tuesday`, a tag listed twice): an editor must not mark them.
    let forms = meetcal(&fixture("fixtures/written-forms"), &["check"]);
    assert_eq!(forms.status.code(), Some(0), "{}", text(&forms.stdout));
    assert_eq!(text(&forms.stdout), "", "no warning either");
    if !require_tool(
        python_has("jsonschema, yaml"),
        "Python with jsonschema and PyYAML",
    ) {
        return;
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("python3")
        .arg(fixture("interop/schema_check.py"))
        .arg(manifest.join("docs/schema/event.schema.json"))
        .arg(manifest.join("content"))
        .arg(fixture("fixtures/base/content"))
        .arg(fixture("fixtures/recurrence/content"))
        .arg(fixture("fixtures/written-forms/content"))
        .output()
        .unwrap();
    let report = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{report}");
    assert!(report.contains("0 failure(s)"), "{report}");
}
