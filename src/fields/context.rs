//! The problems of one file, each located at the line and column of the
//! field, value or character it is about.

use crate::diagnostics::Diagnostic;
use crate::source::Source;
use crate::yaml::{line_at, Position, Seg, Value};
use std::cell::{Cell, RefCell};

/// One file reports at most this many problems; the others are counted. A
/// contributor fixes the first ones and runs `check` again, and locating tens
/// of thousands of mistakes (a list of 60,000 bad weekdays) took seconds.
pub const MAX_PROBLEMS: usize = 50;

/// The problems of one file, and the means to locate them.
pub struct FileContext<'s> {
    pub source: &'s Source,
    problems: RefCell<Vec<Diagnostic>>,
    /// Problems past [`MAX_PROBLEMS`], counted but neither located nor kept.
    more: Cell<usize>,
}

impl<'s> FileContext<'s> {
    pub fn new(source: &'s Source) -> Self {
        FileContext {
            source,
            problems: RefCell::new(Vec::new()),
            more: Cell::new(0),
        }
    }

    /// False, and the problem counted, once the file has reported enough.
    fn has_room(&self) -> bool {
        let room = self.problems.borrow().len() < MAX_PROBLEMS;
        if !room {
            self.more.set(self.more.get() + 1);
        }
        room
    }

    /// Records a problem at the key of `path`.
    pub fn error(&self, path: &[Seg], message: String, hint: Option<String>) {
        self.record(message, hint, || self.source.positions().key(path));
    }

    /// Records a problem where `at` finds it, when the file has room for
    /// one: past that, it is not located at all.
    pub(super) fn record(
        &self,
        message: String,
        hint: Option<String>,
        at: impl FnOnce() -> Position,
    ) {
        if self.has_room() {
            let d = self.source.error_at(at(), message, hint);
            self.problems.borrow_mut().push(d);
        }
    }

    /// The text of `path`'s value as the file writes it, where YAML read
    /// it as `value`, a number or true/false: a title `1.80` stays `1.80`,
    /// not `1.8`. `None` if the text found does not read as `value`.
    pub fn as_written(&self, path: &[Seg], value: &Value) -> Option<String> {
        let text: String = (self.written_from(path)?)
            .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}' | '#'))
            .collect();
        let read: Value = serde_yaml::from_str(&text).ok()?;
        (read == *value).then_some(text)
    }

    /// The first character of `path`'s value as the file writes it: a
    /// quote when the value is in quotes.
    pub fn first_written(&self, path: &[Seg]) -> Option<char> {
        self.written_from(path)?.next()
    }

    /// The file's text from the start of `path`'s value to the end of its
    /// line.
    fn written_from(&self, path: &[Seg]) -> Option<impl Iterator<Item = char> + '_> {
        let at = self.source.positions().value(path);
        let line = line_at(&self.source.yaml, at.line)?;
        Some(line.chars().skip(at.column.checked_sub(1)?))
    }

    /// The first character written after `path`'s key and its `:` on the
    /// key's line (`|` for a block of text), `None` when the value starts
    /// on a later line.
    pub fn first_after_key(&self, path: &[Seg]) -> Option<char> {
        let at = self.source.positions().key(path);
        let line = line_at(&self.source.yaml, at.line)?;
        let (_, after) =
            line.split_at_checked(line.char_indices().nth(at.column.checked_sub(1)?)?.0)?;
        let (_, value) = after.split_once(':')?;
        value.trim_start().chars().next().filter(|c| *c != '#')
    }

    /// Records a problem at the value of `path`.
    pub fn error_at_value(&self, path: &[Seg], message: String, hint: Option<String>) {
        self.record(message, hint, || self.source.positions().value(path));
    }

    /// Records a problem at the first `character` written in `path`'s value,
    /// or at the value when it is not there as written (an escape such as
    /// `"\x07"`): a long `|` block is located at the line that has it.
    pub fn error_at_character(
        &self,
        path: &[Seg],
        character: char,
        message: String,
        hint: Option<String>,
    ) {
        self.record(message, hint, || {
            let start = self.source.positions().value(path);
            find_after(&self.source.yaml, start, character).unwrap_or(start)
        });
    }

    /// Records a problem about the file as a whole (its first field line).
    pub fn error_in_file(&self, message: String, hint: Option<String>) {
        let d = Diagnostic::new(&self.source.path, self.source.yaml_line, 1, message);
        self.push(d.with_hint(hint));
    }

    pub fn push(&self, diagnostic: Diagnostic) {
        if self.has_room() {
            self.problems.borrow_mut().push(diagnostic);
        }
    }

    pub fn has_problems(&self) -> bool {
        !self.problems.borrow().is_empty()
    }

    pub fn into_problems(self) -> Vec<Diagnostic> {
        let mut problems = self.problems.into_inner();
        let more = self.more.get();
        if more > 0 {
            // Placed after the problems shown, which messages are sorted by.
            let (line, column) = problems
                .iter()
                .map(|d| (d.line, d.column + 1))
                .max()
                .unwrap_or((1, 1));
            problems.push(
                Diagnostic::new(
                    &self.source.path,
                    line,
                    column,
                    format!("{more} more problems in this file are not shown"),
                )
                .with_hint(Some(
                    "fix the problems above, then run `meetcal check` again".into(),
                )),
            );
        }
        problems
    }
}

/// Where `character` is first written in `text` at or after `start`, in
/// the value that starts there.
fn find_after(text: &str, start: Position, character: char) -> Option<Position> {
    let line_start = text
        .split_inclusive('\n')
        .take(start.line.checked_sub(1)?)
        .map(str::len)
        .sum::<usize>();
    let from = line_start
        + text
            .get(line_start..)?
            .char_indices()
            .nth(start.column.checked_sub(1)?)
            .map_or(0, |(i, _)| i);
    // Within the value: up to the next line that starts a field of the
    // file's top level, so a later field's character is not taken for it.
    let value_end = text[from..]
        .match_indices('\n')
        .map(|(i, _)| from + i + 1)
        .find(|&next| text[next..].starts_with(|c: char| c != ' ' && c != '\n'))
        .unwrap_or(text.len());
    let at = from + text.get(from..value_end)?.find(character)?;
    Some(Position::at_offset(text, at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn a_character_is_found_in_its_own_value_only() {
        let text = "title: \"a\\eb\"\ndescription: |\n  one\n  two \u{1b}\nurl: x\n";
        let at = |line, column| Position { line, column };
        // In the block, on the line that has it.
        assert_eq!(find_after(text, at(2, 14), '\u{1b}'), Some(at(4, 7)));
        // Not in the title's value (written as an escape), so not found
        // there, though a later field has it.
        assert_eq!(find_after(text, at(1, 8), '\u{1b}'), None);
    }

    #[test]
    fn a_file_reports_its_first_problems_and_counts_the_rest() {
        let items = vec!["x"; 60_000].join(",");
        let text = format!("title: a\ntags: [{items}]\n");
        let source = Source::parse(
            Path::new("e.yaml"),
            text.as_bytes(),
            crate::source::FileKind::Yaml,
        )
        .unwrap();
        let ctx = FileContext::new(&source);
        let start = std::time::Instant::now();
        for i in 0..60_000 {
            let path = vec![Seg::Key("tags".into()), Seg::Index(i)];
            ctx.error_at_value(&path, "bad".into(), None);
        }
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
        let problems = ctx.into_problems();
        assert_eq!(problems.len(), MAX_PROBLEMS + 1);
        assert_eq!(problems[0].line, 2);
        let last = problems.last().unwrap();
        assert_eq!(
            last.message,
            format!(
                "{} more problems in this file are not shown",
                60_000 - MAX_PROBLEMS
            )
        );
    }
}
