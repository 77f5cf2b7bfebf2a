//! The corpora of cases, tests/broken/ and tests/hostile/: a folder a case,
//! laid over tests/fixtures/base/ and described by an `expect.txt` of
//! `key: value` lines; every case checked, every failure reported at once.

use super::{fixture, text};
use meetcal::diagnostics::printable;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The case folders of `tests/<corpus>/`, sorted; at least `at_least` of
/// them, so that a corpus cannot go missing unnoticed.
pub fn cases(corpus: &str, at_least: usize) -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(fixture(corpus))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= at_least,
        "the corpus has only {} cases",
        cases.len()
    );
    cases
}

/// The `key: value` lines of a case's `expect.txt`, in order.
pub fn expect_lines(case: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(case.join("expect.txt"))
        .unwrap_or_else(|_| panic!("{} has no expect.txt", case.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let (key, value) = line
                .split_once(": ")
                .unwrap_or_else(|| panic!("{}: bad line {line:?}", case.display()));
            (key.to_string(), value.to_string())
        })
        .collect()
}

/// Where `check` must locate a case's error, and what it must say: the
/// `file`, `line`, `column` (optional), `message` and `hint` lines of an
/// `expect.txt`. `file` is written as messages print it, with control and
/// invisible characters as `\u{1b}`; `message` and `hint` are substrings.
#[derive(Debug, Default)]
pub struct Located {
    pub file: String,
    pub line: u64,
    pub column: Option<u64>,
    pub message: String,
    pub hint: String,
}

impl Located {
    /// Takes the value of one of its keys; false for any other key.
    pub fn read(&mut self, key: &str, value: &str) -> bool {
        let number = |value: &str| {
            value
                .parse()
                .unwrap_or_else(|_| panic!("{key}: {value:?} is not a number"))
        };
        match key {
            "file" => self.file = value.to_string(),
            "line" => self.line = number(value),
            "column" => self.column = Some(number(value)),
            "message" => self.message = value.to_string(),
            "hint" => self.hint = value.to_string(),
            _ => return false,
        }
        true
    }

    /// Whether it says all it must: a file, a line, a message and a hint.
    pub fn is_complete(&self) -> bool {
        !self.file.is_empty() && self.line > 0 && !self.message.is_empty() && !self.hint.is_empty()
    }

    /// `check --format json` exited with 1 and reported `count` problems,
    /// this one among them.
    pub fn in_json(&self, json: &Output, count: usize) -> Result<(), String> {
        if json.status.code() != Some(1) {
            return Err(format!(
                "check: exit {:?}, expected 1; {}",
                json.status.code(),
                text(&json.stdout)
            ));
        }
        let problems: serde_json::Value = serde_json::from_slice(&json.stdout)
            .map_err(|e| format!("check --format json printed invalid JSON: {e}"))?;
        let problems = problems.as_array().ok_or("check --format json: no list")?;
        if problems.len() != count {
            return Err(format!(
                "expected {count} problem(s), found {}: {problems:#?}",
                problems.len()
            ));
        }
        let found = problems.iter().any(|p| {
            let says =
                |field: &str, wanted: &str| p[field].as_str().is_some_and(|s| s.contains(wanted));
            printable(p["file"].as_str().unwrap_or_default()) == self.file
                && p["line"] == self.line
                && self.column.is_none_or(|c| p["column"] == c)
                && says("message", &self.message)
                && says("hint", &self.hint)
        });
        if !found {
            return Err(format!("expected {self:?}\nfound {problems:#?}"));
        }
        Ok(())
    }

    /// `check` in its own format exited with 1 and printed the located
    /// line, `file:line:`, with a hint.
    pub fn in_human(&self, human: &Output) -> Result<(), String> {
        let located = format!("{}:{}:", self.file, self.line);
        let out = text(&human.stdout);
        if human.status.code() != Some(1) || !out.contains(&located) || !out.contains("  hint: ") {
            return Err(format!("human format lacks `{located}` or a hint:\n{out}"));
        }
        Ok(())
    }
}

/// Runs `check` on every case, a few at a time, and fails listing each
/// case that failed (or panicked) with why; prints what each passing case
/// returns, if anything.
pub fn check_all(cases: &[PathBuf], check: impl Fn(&Path) -> Result<String, String> + Sync) {
    let queue = std::sync::Mutex::new(cases.iter());
    let results = std::sync::Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(4);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let Some(case) = queue.lock().unwrap().next() else {
                    break;
                };
                let name = case.file_name().unwrap().to_string_lossy().into_owned();
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(case)))
                    .unwrap_or_else(|panic| {
                        let message = panic
                            .downcast_ref::<String>()
                            .map(String::as_str)
                            .or_else(|| panic.downcast_ref::<&str>().copied())
                            .unwrap_or("a panic");
                        Err(format!("panicked: {message}"))
                    });
                results.lock().unwrap().push((name, result));
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort();
    let mut failures = Vec::new();
    for (name, result) in &results {
        match result {
            Ok(said) if said.is_empty() => {}
            Ok(said) => eprintln!("{said}  {name}"),
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        results.len(),
        failures.join("\n\n")
    );
}
