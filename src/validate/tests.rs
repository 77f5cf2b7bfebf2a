//! The checks across files: slugs shared, references, series and their
//! changes, each reported where the contributor can fix it.

use super::*;
use chrono::{Duration, NaiveDate};

/// The problems of a calendar made of `files` and a site.yaml.
fn problems(files: &[(&str, String)]) -> Vec<Diagnostic> {
    let dir = crate::test_calendar::calendar_with(files);
    match validate(crate::load::load(dir.path()).unwrap()) {
        Ok(_) => Vec::new(),
        Err(problems) => problems,
    }
}

#[test]
fn each_file_sharing_a_slug_is_reported_naming_another() {
    let event = "title: A\nstart: 2027-01-04 10:00\n";
    let found = problems(&[
        ("content/events/b/rust.yaml", event.into()),
        ("content/events/a/rust.md", format!("---\n{event}---\n")),
        ("content/events/rust.yaml", event.into()),
        ("content/events/other.yaml", event.into()),
    ]);
    let mut named: Vec<(String, &str)> = found
        .iter()
        .map(|p| (p.file.display().to_string(), p.message.as_str()))
        .collect();
    named.sort();
    let names = |file: &str| {
        named
            .iter()
            .find(|(path, _)| path.ends_with(file))
            .map(|n| n.1)
    };
    assert_eq!(named.len(), 3, "{found:?}");
    // The first listed names the second; the others name the first.
    assert!(
        names("/a/rust.md")
            .unwrap()
            .contains("b/rust.yaml has the same"),
        "{named:?}"
    );
    assert!(
        names("/b/rust.yaml")
            .unwrap()
            .contains("a/rust.md has the same"),
        "{named:?}"
    );
    assert!(
        names("events/rust.yaml")
            .unwrap()
            .contains("a/rust.md has the same"),
        "{named:?}"
    );
}

#[test]
fn two_files_changing_one_date_are_both_reported_and_nothing_else() {
    let series = "title: S\nstart: 2027-01-04 10:00\nrepeat:\n  every: week\n";
    let change = "occurrence_of: weekly\ndate: 2027-01-11\nstatus: cancelled\n";
    let found = problems(&[
        ("content/events/weekly.yaml", series.into()),
        ("content/events/a.yaml", change.into()),
        ("content/events/b.yaml", change.into()),
        ("content/events/c.yaml", change.replace("01-11", "01-18")),
    ]);
    let mut named: Vec<String> = found
        .iter()
        .map(|p| format!("{}:{}:{} {}", p.file.display(), p.line, p.column, p.message))
        .collect();
    named.sort();
    assert_eq!(named.len(), 2, "{named:?}");
    assert!(named[0].ends_with("a.yaml:2:7 the occurrence of `weekly` on 2027-01-11 is also changed by content/events/b.yaml"), "{named:?}");
    assert!(named[1].ends_with("b.yaml:2:7 the occurrence of `weekly` on 2027-01-11 is also changed by content/events/a.yaml"), "{named:?}");
}

#[test]
fn a_change_to_a_shared_slug_is_not_checked_against_either() {
    let found = problems(&[
        (
            "content/events/x/weekly.yaml",
            "title: S\nstart: 2027-01-04 10:00\nrepeat:\n  every: week\n".into(),
        ),
        (
            "content/events/a/weekly.yaml",
            "title: One\nstart: 2027-01-04 10:00\n".into(),
        ),
        (
            "content/events/change.yaml",
            "occurrence_of: weekly\ndate: 2027-01-11\nstatus: cancelled\n".into(),
        ),
    ]);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found
            .iter()
            .all(|p| p.message.starts_with("duplicate slug `weekly`")),
        "{found:?}"
    );
}

#[test]
fn a_uid_claimed_twice_names_the_files_that_claim_it_after_the_first() {
    let event = |uid: &str| format!("title: A\nstart: 2027-01-04 10:00\nuid: {uid}\n");
    let found = problems(&[
        ("content/events/a.yaml", event("shared@elsewhere.org")),
        ("content/events/b.yaml", event("shared@elsewhere.org")),
        ("content/events/c.yaml", event("shared@elsewhere.org")),
        // The derived UID of `d`, and the own UID of `f` that is its own
        // derived one: only `e` takes another event's.
        (
            "content/events/d.yaml",
            "title: D\nstart: 2027-01-04 10:00\n".into(),
        ),
        ("content/events/e.yaml", event("d@cal.example.org")),
        ("content/events/f.yaml", event("f@cal.example.org")),
        ("content/events/g.yaml", event("unique@elsewhere.org")),
    ]);
    let mut named: Vec<(String, &str)> = found
        .iter()
        .map(|p| (p.file.display().to_string(), p.message.as_str()))
        .collect();
    named.sort();
    let files: Vec<&str> = named.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        files,
        [
            "content/events/b.yaml",
            "content/events/c.yaml",
            "content/events/e.yaml"
        ],
        "{found:?}"
    );
    assert!(
        named[0].1.contains("UID of content/events/a.yaml"),
        "{found:?}"
    );
    assert!(
        named[2].1.contains("UID of content/events/d.yaml"),
        "{found:?}"
    );
}

#[test]
fn errors_on_a_series_whose_occurrences_last_over_a_month() {
    let long = "title: A\nstart: 2027-01-04\nduration: 40d\nrepeat: {every: week}\n";
    let found = problems(&[("content/events/a.yaml", long.into())]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].line, found[0].column), (3, 11));
    assert!(found[0].message.contains("at most 31 days"), "{found:?}");
    let month = "title: A\nstart: 2027-01-04\nduration: 31d\nrepeat: {every: month}\n";
    assert!(problems(&[("content/events/a.yaml", month.into())]).is_empty());
}

#[test]
fn errors_on_a_timed_event_that_ends_years_later() {
    let event = "title: A\nstart: 2027-01-01 10:00\nend: 2199-01-01 10:00\n";
    let found = problems(&[("content/events/a.yaml", event.into())]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].line, 3);
    assert!(found[0].message.contains("more than 366"), "{found:?}");
    let month = "title: A\nstart: 2027-01-01 10:00\nend: 2027-01-31 10:00\n";
    assert!(problems(&[("content/events/a.yaml", month.into())]).is_empty());
    // A continuous two-month event is one event, not a series.
    let season = "title: A\nstart: 2027-01-01\nend: 2027-03-03\n";
    assert!(problems(&[("content/events/a.yaml", season.into())]).is_empty());
    let year = "title: A\nstart: 2027-01-01\nend: 2028-01-02\n";
    let found = problems(&[("content/events/a.yaml", year.into())]);
    assert!(
        found[0].message.contains("367 days, more than 366"),
        "{found:?}"
    );
}

#[test]
fn checks_a_thousand_except_dates_in_one_pass() {
    // A weekly series since 1970 and a thousand dates two centuries on, all
    // but the last of them dates of the series: each date used to expand
    // the series on its own.
    let mut event =
        String::from("title: A\nstart: 1970-01-01 10:00\nrepeat:\n  every: week\n  except:\n");
    let first = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    for i in 0..999 {
        event.push_str(&format!("    - {}\n", first + Duration::weeks(10_000 + i)));
    }
    let wrong = first + Duration::weeks(10_999) + Duration::days(1);
    event.push_str(&format!("    - {wrong}\n"));
    let start = std::time::Instant::now();
    let found = problems(&[("content/events/a.yaml", event)]);
    assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].line, 1005);
    let next = first + Duration::weeks(11_000);
    assert!(found[0]
        .hint
        .as_deref()
        .unwrap()
        .contains(&next.to_string()));
}

#[test]
fn a_missing_series_is_said_so_when_no_event_repeats() {
    let found = problems(&[
        (
            "content/events/talk-2027-01-04.yaml",
            "title: A\nstart: 2027-01-04 10:00\n".into(),
        ),
        (
            "content/events/talks-2027-01-11.yaml",
            "occurrence_of: talks\ndate: 2027-01-11\nstatus: cancelled\n".into(),
        ),
    ]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].message, "no series `talks`");
    let hint = found[0].hint.as_deref().unwrap_or_default();
    assert!(hint.starts_with("no event repeats"), "{hint}");
}
