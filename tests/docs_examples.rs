//! The files the documentation shows are files contributors copy: each one
//! is checked in a copy of tests/fixtures/base/, so an example with a stale
//! field or syntax fails here before it fails a contributor.
//!
//! A block that is a calendar file, or part of one, has a marker on the
//! line before it, an HTML comment that GitHub does not show:
//!
//! - `<!-- example: content/events/rust-night.md -->`: a whole file, which
//!   must pass `meetcal check`. `, with content/events/club.yaml` puts the
//!   example of that path from the same page beside it (a series for a
//!   file that changes one of its dates).
//! - `<!-- example (part of): content/groups/rust-paris.md -->`: fields that
//!   go into that file of the calendar, replacing its fields of the same
//!   names. Paragraphs of the block are alternatives, each checked alone.
//! - `<!-- example (mistake): content/events/x.md:4:8: no group `x` -->`: a
//!   wrong file, which must fail with that message at that line and column.
//!
//! A Markdown block that starts with `---`, or a YAML block made of
//! calendar fields, fails the test when it has no marker: a new example
//! cannot go untested.

mod common;

use common::{fixture, meetcal, site_from, text};
use meetcal::parse::{EVENT_FIELDS, GROUP_FIELDS, SITE_FIELDS, VENUE_FILE_FIELDS};
use std::path::{Path, PathBuf};

/// Files the examples refer to that the base fixture lacks.
const SUPPORTING_FILES: &[(&str, &str)] = &[(
    "content/venues/lumen-studio.md",
    "---\nname: Lumen Studio\naddress: 4 rue de la Lune, 75002 Paris\n---\n",
)];

/// Fewer examples than this means the markers or the reading broke.
const AT_LEAST: usize = 12;

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// A whole file, clean, with the paths of other examples beside it.
    Whole { with: Vec<String> },
    /// Fields added to a file of the calendar.
    PartOf,
    /// A wrong file: `check` reports `message` at `line` and `column`.
    Mistake {
        line: u64,
        column: u64,
        message: String,
    },
}

#[derive(Debug, Clone)]
struct Example {
    /// The documentation file, relative to the repository.
    doc: String,
    /// The line of the block's first line in `doc`, counting from 1.
    line: usize,
    /// Where the file goes in the calendar.
    path: String,
    kind: Kind,
    body: Vec<String>,
}

impl Example {
    fn whereabouts(&self) -> String {
        format!("{}:{}: {}", self.doc, self.line, self.path)
    }
}

/// README.md and every page of docs/, relative to the repository.
fn documentation() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages: Vec<String> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| format!("docs/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    pages.sort();
    pages.insert(0, "README.md".to_string());
    pages
}

fn is_calendar_field(key: &str) -> bool {
    [EVENT_FIELDS, GROUP_FIELDS, VENUE_FILE_FIELDS, SITE_FIELDS]
        .iter()
        .any(|fields| fields.contains(&key))
}

/// The keys of the lines that start a top-level field (`title: ...`).
fn top_level_keys(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .filter(|l| !l.starts_with([' ', '\t', '#', '-']))
        .filter_map(|l| l.split_once(':'))
        .map(|(key, _)| key.trim().to_string())
        .collect()
}

fn looks_like_a_calendar_file(language: &str, body: &[String]) -> bool {
    match language {
        "markdown" | "md" => body.first().is_some_and(|l| l.trim_end() == "---"),
        "yaml" | "yml" => {
            let keys = top_level_keys(body);
            !keys.is_empty() && keys.iter().all(|k| is_calendar_field(k))
        }
        _ => false,
    }
}

/// The kind and path a marker line gives, `None` for a line that is no
/// marker, an error for a marker that cannot be read.
fn read_marker(line: &str) -> Option<Result<(String, Kind), String>> {
    let inner = line
        .trim()
        .strip_prefix("<!-- example")?
        .strip_suffix("-->")?
        .trim();
    let unreadable = || Err(format!("cannot read the marker `{}`", line.trim()));
    Some(if let Some(rest) = inner.strip_prefix("(part of):") {
        Ok((rest.trim().to_string(), Kind::PartOf))
    } else if let Some(rest) = inner.strip_prefix("(mistake):") {
        // `path:line:column: message`, as `check` prints it.
        let mut parts = rest.trim().splitn(4, ':');
        let (Some(path), Some(line), Some(column), Some(message)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Some(unreadable());
        };
        let (Ok(line), Ok(column)) = (line.parse(), column.parse()) else {
            return Some(unreadable());
        };
        Ok((
            path.to_string(),
            Kind::Mistake {
                line,
                column,
                message: message.trim().to_string(),
            },
        ))
    } else if let Some(rest) = inner.strip_prefix(':') {
        let mut paths = rest.split(", with ").map(|p| p.trim().to_string());
        let path = paths.next().unwrap_or_default();
        Ok((
            path,
            Kind::Whole {
                with: paths.collect(),
            },
        ))
    } else {
        unreadable()
    })
}

/// The fenced blocks of a page that are calendar files, and what is wrong
/// with its markers: a file without one, a marker without a block.
fn examples_of(doc: &str, page: &str) -> (Vec<Example>, Vec<String>) {
    let lines: Vec<&str> = page.lines().collect();
    let mut examples = Vec::new();
    let mut errors = Vec::new();
    let mut used_markers = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let opening = lines[i].trim_start();
        let Some(language) = opening.strip_prefix("```") else {
            i += 1;
            continue;
        };
        let indent = lines[i].len() - opening.len();
        let language = language.trim().to_lowercase();
        let first = i + 1;
        let mut end = first;
        while end < lines.len() && lines[end].trim() != "```" {
            end += 1;
        }
        let body: Vec<String> = lines[first..end]
            .iter()
            .map(|l| l.get(indent..).unwrap_or(l.trim_start()).to_string())
            .collect();
        let marker_line = lines[..i].iter().rposition(|l| !l.trim().is_empty());
        let marker = marker_line.and_then(|m| Some((m, read_marker(lines[m])?)));
        let located = |what: String| format!("{doc}:{}: {what}", first + 1);
        match marker {
            Some((m, Ok((path, kind)))) => {
                used_markers.push(m);
                let example = Example {
                    doc: doc.to_string(),
                    line: first + 1,
                    path,
                    kind,
                    body,
                };
                match misfit(&example, &language) {
                    Some(why) => errors.push(located(why)),
                    None => examples.push(example),
                }
            }
            Some((m, Err(e))) => {
                used_markers.push(m);
                errors.push(located(e));
            }
            None if looks_like_a_calendar_file(&language, &body) => errors.push(located(
                "this block looks like a calendar file but has no \
                 `<!-- example: content/... -->` line before it"
                    .to_string(),
            )),
            None => {}
        }
        i = end + 1;
    }
    for (n, line) in lines.iter().enumerate() {
        if read_marker(line).is_some() && !used_markers.contains(&n) {
            errors.push(format!("{doc}:{}: a marker with no block below it", n + 1));
        }
    }
    (examples, errors)
}

/// Why a marked block cannot be the file its marker names, if it cannot.
fn misfit(example: &Example, language: &str) -> Option<String> {
    let path = &example.path;
    let in_content = path == "content/site.yaml"
        || ["content/events/", "content/groups/", "content/venues/"]
            .iter()
            .any(|folder| path.starts_with(folder));
    if !in_content {
        return Some(format!("`{path}` is not a file of content/"));
    }
    let is_markdown = matches!(language, "markdown" | "md");
    let is_yaml = matches!(language, "yaml" | "yml");
    let fits = match example.kind {
        // Fields go into a Markdown file's front matter as well.
        Kind::PartOf => is_yaml,
        _ if path.ends_with(".md") => is_markdown,
        _ => is_yaml && (path.ends_with(".yaml") || path.ends_with(".yml")),
    };
    if !fits {
        return Some(format!("a ```{language} block cannot be `{path}`"));
    }
    // A block that names its own path in a first comment names the same.
    let named = example
        .body
        .first()
        .and_then(|l| l.strip_prefix("# content/"));
    if named.is_some_and(|named| format!("content/{}", named.trim()) != *path) {
        return Some(format!(
            "the block's first line names another path than `{path}`"
        ));
    }
    None
}

/// A fresh calendar: the base fixture and the files the examples need.
fn calendar() -> tempfile::TempDir {
    let site = site_from(&[&fixture("fixtures/base")]);
    for (path, contents) in SUPPORTING_FILES {
        write(site.path(), path, contents);
    }
    site
}

fn write(root: &Path, path: &str, contents: &str) {
    let target = root.join(path);
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    std::fs::write(target, contents).unwrap();
}

/// Removes the calendar's files with the slug of `path`, which an example
/// replaces: `rust-night.yaml` stands in for the fixture's `rust-night.md`.
fn remove_same_slug(root: &Path, path: &str) {
    let path = Path::new(path);
    let slug = path.file_stem().unwrap();
    let folder = if path.starts_with("content/events") {
        PathBuf::from("content/events")
    } else {
        path.parent().unwrap().to_path_buf()
    };
    for entry in walkdir::WalkDir::new(root.join(folder)) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() && entry.path().file_stem() == Some(slug) {
            std::fs::remove_file(entry.path()).unwrap();
        }
    }
}

fn contents(body: &[String]) -> String {
    body.iter().map(|l| format!("{l}\n")).collect()
}

/// `file` with the top-level fields of `part` in its front matter (or
/// its YAML), in place of its own fields of the same names.
fn with_fields(file: &str, is_markdown: bool, part: &[String]) -> Result<String, String> {
    let lines: Vec<String> = file.lines().map(str::to_string).collect();
    let (front, before, after) = if is_markdown {
        let close = lines
            .iter()
            .skip(1)
            .position(|l| l == "---")
            .ok_or("the file has no front matter")?
            + 1;
        (
            lines[1..close].to_vec(),
            vec!["---".to_string()],
            lines[close..].to_vec(),
        )
    } else {
        (lines, Vec::new(), Vec::new())
    };
    let replaced = top_level_keys(part);
    let mut kept = Vec::new();
    let mut skipping = false;
    for line in front {
        let continues = line.starts_with([' ', '\t', '-']);
        if !continues {
            skipping = top_level_keys(std::slice::from_ref(&line))
                .first()
                .is_some_and(|key| replaced.contains(key));
        }
        if !skipping {
            kept.push(line);
        }
    }
    Ok(contents(
        &[before, kept, part.to_vec(), after]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>(),
    ))
}

/// The problems `check --format json` reports, and whether it exited 0.
fn check(root: &Path) -> Result<(bool, Vec<serde_json::Value>), String> {
    let output = meetcal(root, &["check", "--format", "json"]);
    let problems: serde_json::Value = serde_json::from_slice(&output.stdout).map_err(|e| {
        format!(
            "check printed no JSON ({e}): {}{}",
            text(&output.stdout),
            text(&output.stderr)
        )
    })?;
    let problems = problems.as_array().cloned().unwrap_or_default();
    Ok((output.status.code() == Some(0), problems))
}

fn described(problems: &[serde_json::Value]) -> String {
    problems
        .iter()
        .map(|p| {
            format!(
                "\n    {}:{}:{}: {}\n      hint: {}",
                p["file"].as_str().unwrap_or_default(),
                p["line"],
                p["column"],
                p["message"].as_str().unwrap_or_default(),
                p["hint"].as_str().unwrap_or_default(),
            )
        })
        .collect()
}

fn passes(root: &Path) -> Result<(), String> {
    match check(root)? {
        (true, problems) if problems.is_empty() => Ok(()),
        (_, problems) => Err(format!("check fails:{}", described(&problems))),
    }
}

/// Checks one example in a calendar of its own.
fn check_example(example: &Example, page_examples: &[Example]) -> Result<(), String> {
    let site = calendar();
    let root = site.path();
    match &example.kind {
        Kind::Whole { with } => {
            for path in with {
                let other = page_examples
                    .iter()
                    .find(|e| &e.path == path && matches!(e.kind, Kind::Whole { .. }))
                    .ok_or(format!("no example on this page is `{path}`"))?;
                remove_same_slug(root, path);
                write(root, path, &contents(&other.body));
            }
            remove_same_slug(root, &example.path);
            write(root, &example.path, &contents(&example.body));
            passes(root)
        }
        Kind::PartOf => {
            let target = root.join(&example.path);
            let file = std::fs::read_to_string(&target)
                .map_err(|_| "the test calendar has no such file to add the fields to")?;
            // Paragraphs are alternatives: each is checked on its own.
            for paragraph in example.body.split(|l| l.trim().is_empty()) {
                if top_level_keys(paragraph).is_empty() {
                    continue;
                }
                let spliced = with_fields(&file, example.path.ends_with(".md"), paragraph)?;
                std::fs::write(&target, spliced).unwrap();
                passes(root).map_err(|e| format!("with `{}`: {e}", paragraph.join(" ")))?;
            }
            Ok(())
        }
        Kind::Mistake {
            line,
            column,
            message,
        } => {
            remove_same_slug(root, &example.path);
            write(root, &example.path, &contents(&example.body));
            let (clean, problems) = check(root)?;
            let found = problems.iter().any(|p| {
                p["file"] == example.path.as_str()
                    && p["line"] == *line
                    && p["column"] == *column
                    && p["message"]
                        .as_str()
                        .is_some_and(|m| m.contains(message.as_str()))
            });
            if clean || !found {
                return Err(format!(
                    "expected `{}:{line}:{column}: {message}`, found:{}",
                    example.path,
                    described(&problems)
                ));
            }
            Ok(())
        }
    }
}

#[test]
fn every_file_the_documentation_shows_passes_check_or_fails_as_it_says() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut failures = Vec::new();
    let mut checked = 0;
    for doc in documentation() {
        let page = std::fs::read_to_string(root.join(&doc)).unwrap();
        let (examples, errors) = examples_of(&doc, &page);
        failures.extend(errors);
        for example in &examples {
            checked += 1;
            if let Err(e) = check_example(example, &examples) {
                failures.push(format!("{}: {e}", example.whereabouts()));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} problem(s) with the documentation's examples:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(
        checked >= AT_LEAST,
        "only {checked} examples found in the documentation"
    );
}

#[test]
fn a_block_that_looks_like_a_file_needs_a_marker() {
    let page = "Text.\n\n```yaml\ntitle: Rust night\nstart: 2027-02-10 19:00\n```\n\n\
                ```yaml\nname: Daily rebuild\njobs:\n  rebuild: {}\n```\n";
    let (examples, errors) = examples_of("docs/page.md", page);
    assert!(examples.is_empty());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("docs/page.md:4: "), "{errors:?}");
}

#[test]
fn markers_are_read_with_their_kind() {
    let page = "<!-- example: content/events/a.yaml, with content/events/b.yaml -->\n\
                ```yaml\ntitle: A\n```\n\n\
                <!-- example (mistake): content/events/c.md:4:8: no group `x` -->\n\n\
                ```markdown\n---\ngroup: x\n---\n```\n\n\
                <!-- example (part of): content/groups/rust-paris.md -->\n\
                ```yaml\nimport: []\n```\n\n\
                <!-- example: content/events/stale.md -->\n\nText.\n";
    let (examples, errors) = examples_of("README.md", page);
    let kinds: Vec<_> = examples.iter().map(|e| (e.line, e.kind.clone())).collect();
    assert_eq!(
        kinds,
        [
            (
                3,
                Kind::Whole {
                    with: vec!["content/events/b.yaml".into()]
                }
            ),
            (
                9,
                Kind::Mistake {
                    line: 4,
                    column: 8,
                    message: "no group `x`".into()
                }
            ),
            (16, Kind::PartOf),
        ]
    );
    assert_eq!(errors, ["README.md:19: a marker with no block below it"]);
}

#[test]
fn fields_of_a_part_replace_those_of_the_same_name() {
    let file = "---\ntitle: A\nrepeat:\n  every: week\nstart: 2027-01-01\n---\nText.\n";
    let part = [
        "start: 2027-01-05".to_string(),
        "repeat: {every: day}".to_string(),
    ];
    assert_eq!(
        with_fields(file, true, &part).unwrap(),
        "---\ntitle: A\nstart: 2027-01-05\nrepeat: {every: day}\n---\nText.\n"
    );
}
