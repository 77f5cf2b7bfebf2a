//! Values a YAML comment took: ` #` starts a comment, so `title: Meetup
//! #12` reads "Meetup" and `venue: #le-comptoir` reads nothing.

use super::Fields;
use crate::diagnostics::quote;
use crate::yaml::Position;

impl Fields<'_, '_> {
    /// Reports a value that a comment cut short: `title: Meetup #12` reads
    /// as "Meetup", since ` #` starts a YAML comment, and a title, an
    /// address or a description never means to end in one.
    pub fn cut_by_comment(&self, name: &str, value: &str) -> bool {
        // Most files have no `#` at all: one search, not a lookup a field.
        if !self.ctx.source.yaml.contains('#') {
            return false;
        }
        let path = self.path(name);
        let at = self.ctx.source.positions().value(&path);
        let Some((comment_at, written)) = comment_after_plain(&self.ctx.source.yaml, at) else {
            return false;
        };
        // A block (`|`, `>`) is located at its first line, where a `#` is
        // text: the value read has it, where a comment would have cut it.
        let cut = written
            .char_indices()
            .nth(comment_at.column - at.column)
            .map_or("", |(i, _)| &written[i..]);
        if value.contains(cut) {
            return false;
        }
        self.ctx.record(
            format!(
                "`{name}` ends before ` #`, which starts a YAML comment: it would read {}",
                quote(value.trim())
            ),
            Some(format!(
                "put the whole value in quotes: `{name}: {}`",
                crate::yaml::scalar(written)
            )),
            || comment_at,
        );
        true
    }

    /// Reports a field that reads as empty because its value starts with
    /// `#`: `title: #rustparis night` is a comment to YAML, not a title.
    /// Runs only on a field written with nothing YAML reads after it.
    pub(super) fn comment_ate(&self, name: &str) -> bool {
        self.comment_took(name, |written| {
            format!(
                "put the value in quotes: `{name}: {}`",
                crate::yaml::scalar(written)
            )
        })
    }

    /// Reports a field a comment took, as `comment_ate` does for text,
    /// with the `hint` made from the text the comment took.
    pub fn comment_took(&self, name: &str, hint: impl FnOnce(&str) -> String) -> bool {
        let text = &self.ctx.source.yaml;
        if !text.contains('#') {
            return false;
        }
        let at = self.ctx.source.positions().key(&self.path(name));
        let Some((column, written)) = comment_as_value(text, at, name) else {
            return false;
        };
        self.ctx.record(
            format!(
                "`{name}` is empty: the `#` after `: ` starts a YAML comment, so {} is not read",
                quote(written)
            ),
            Some(hint(written)),
            || Position {
                line: at.line,
                column,
            },
        );
        true
    }
}

/// `title: #rustparis night`, the line of the key `name` at `at`: the column
/// of the `#` that YAML took for a comment's, and the text from it on. A
/// `# ` with a space after it is a comment as YAML means it.
fn comment_as_value<'t>(text: &'t str, at: Position, name: &str) -> Option<(usize, &'t str)> {
    let line = crate::yaml::line_at(text, at.line)?;
    let (start, _) = line.char_indices().nth(at.column.checked_sub(1)?)?;
    let rest = line[start..].strip_prefix(name)?.strip_prefix(':')?;
    let value = rest.trim_start_matches([' ', '\t']);
    let written = value.trim_end();
    let after = written.strip_prefix('#')?;
    if value.len() == rest.len() || !after.starts_with(|c: char| !c.is_whitespace()) {
        return None;
    }
    // Blanks are one byte, one character each.
    let column = at.column + name.chars().count() + 1 + (rest.len() - value.len());
    Some((column, written))
}

/// Where a comment that cuts a plain (unquoted) value short starts, on the
/// line of the value that starts at `at`, and the line's text from the
/// value on: `Meetup #12`.
pub(super) fn comment_after_plain(text: &str, at: Position) -> Option<(Position, &str)> {
    let line = crate::yaml::line_at(text, at.line)?;
    let (start, _) = line.char_indices().nth(at.column.checked_sub(1)?)?;
    let written = line[start..].trim_end();
    if written.starts_with(['"', '\'', '|', '>', '[', '{']) {
        return None;
    }
    let hash = written.find(" #").or_else(|| written.find("\t#"))? + 1;
    // `# the usual` is a comment as YAML means it; `#12`, against its
    // word, is the value's own text.
    if !written[hash + 1..].starts_with(|c: char| !c.is_whitespace()) {
        return None;
    }
    let column = at.column + written[..hash].chars().count();
    Some((
        Position {
            line: at.line,
            column,
        },
        written,
    ))
}
