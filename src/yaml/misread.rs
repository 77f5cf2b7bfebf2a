//! The lines around a place where the YAML parser stopped, read again to
//! name what their writer meant: a field glued to its value or written with
//! `=`, a value holding `: `, a tab in the indentation, a quote left open.
//! These scans run only on a file that failed to parse.

use super::{field_name_len, is_field_name_byte, line_at, Position, YamlError};

/// Whether quoted text opened by `quote` ends in `rest`, the rest of its
/// line: `"` at an unescaped `"`, `'` at a `'` that is not doubled.
pub(super) fn closes(rest: &str, quote: char) -> bool {
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            '\'' if quote == '\'' && chars.peek() == Some(&'\'') => {
                chars.next();
            }
            c if c == quote => return true,
            _ => {}
        }
    }
    false
}

/// The first tab in the indentation of line `line` (1-based) or the line
/// after it, where the parser stops when a tab indents a line.
pub(super) fn indenting_tab(text: &str, line: usize) -> Option<Position> {
    text.split('\n')
        .enumerate()
        .skip(line.saturating_sub(1))
        .take(2)
        .find_map(|(i, content)| {
            let indent = &content[..content.len() - content.trim_start_matches([' ', '\t']).len()];
            indent.find('\t').map(|column| Position {
                line: i + 1,
                column: column + 1,
            })
        })
}

/// `title: Rust: the talk`: the field's name and its unquoted value, when
/// line `line` is a field whose value holds `: `.
pub(super) fn colon_in_value(text: &str, line: usize) -> Option<(&str, &str)> {
    let content = text
        .split('\n')
        .nth(line.checked_sub(1)?)?
        .trim_end_matches('\r');
    let item = content.trim_start_matches(' ');
    let (name, value) = item.split_once(": ")?;
    let value = value.trim();
    let named =
        name.starts_with(|c: char| c.is_ascii_alphabetic()) && name.bytes().all(is_field_name_byte);
    let plain = !value.starts_with(['"', '\'', '[', '{', '|', '>', '&', '*', '#']);
    (named && plain && value.contains(": ")).then_some((name, value))
}

/// Curly quotes as languages open and close a quotation: English “…”,
/// German „…“ (Polish „…”), Swedish ”…”, French «…», Danish »…«, and
/// their single forms.
const CURLY_QUOTES: &[(char, char)] = &[
    ('“', '”'),
    ('“', '“'),
    ('„', '“'),
    ('„', '”'),
    ('”', '”'),
    ('«', '»'),
    ('»', '«'),
    ('‘', '’'),
    ('‚', '‘'),
    ('‚', '’'),
    ('’', '’'),
];

/// The text inside the curly quotes that wrap all of `value`, without the
/// spaces French puts inside them. Only a pair is taken off: a hint that
/// kept one of the two would publish a quote left open.
pub(crate) fn inside_curly_quotes(value: &str) -> Option<&str> {
    let mut chars = value.chars();
    let (first, last) = (chars.next()?, chars.next_back()?);
    CURLY_QUOTES.contains(&(first, last)).then(|| {
        value[first.len_utf8()..value.len() - last.len_utf8()]
            .trim_matches([' ', '\u{a0}', '\u{202f}'])
    })
}

/// How a line meant as a field is written otherwise.
#[derive(Clone, Copy)]
enum NotAField {
    /// `name:value`.
    Glued,
    /// `name = value` or `name=value`.
    Equals,
    /// `name：value`, the full-width colon of Chinese and Japanese input.
    FullWidth,
}

/// A line meant as a field: where to fix it, its name and value, and how
/// it is written.
pub(super) struct MeantField<'t> {
    at: Position,
    name: &'t str,
    value: &'t str,
    kind: NotAField,
}

impl MeantField<'_> {
    /// The error, with the line to write when it has a value.
    pub(super) fn error(&self) -> YamlError {
        let (name, value) = (self.name, self.value);
        let line = match value {
            "" => format!("`{name}: ` and then the value"),
            _ => format!("`{name}: {value}`"),
        };
        match self.kind {
            NotAField::Glued => YamlError::new(
                self.at,
                format!("`{name}:` needs a space after its `:`"),
                Some(&format!(
                    "write {line}: a field's name ends with a colon and a space"
                )),
            ),
            NotAField::Equals => YamlError::new(
                self.at,
                format!("`{name}` is followed by `=`, where a field takes `: `"),
                Some(&format!("write {line}")),
            ),
            NotAField::FullWidth => YamlError::new(
                self.at,
                format!(
                    "`{name}` is followed by a full-width colon `：`, where a field takes `: `"
                ),
                Some(&format!("write {line}, with a half-width `:` and a space")),
            ),
        }
    }
}

/// A line written `name:value`, `name = value` or `name：value`, which YAML reads as text
/// rather than a field, so the parser stops on a later line: the last line
/// before `line` (1-based) that is not blank or a comment, or else `line`
/// itself. Gives where the `:` or `=` is to be fixed, and the name. Lines
/// inside a `|` or `>` block are text as written.
pub(super) fn not_a_field<'t>(text: &'t str, line: usize) -> Option<MeantField<'t>> {
    let mut before = None;
    let mut block_indent: Option<usize> = None;
    for (i, content) in text.split('\n').enumerate().take(line) {
        let body = content.trim_start_matches(' ');
        let indent = content.len() - body.len();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        if let Some(block) = block_indent {
            if indent > block {
                continue;
            }
            block_indent = None;
        }
        let item = body.strip_prefix("- ").unwrap_or(body);
        let name_len = field_name_len(item);
        let (name, rest) = item.split_at(name_len);
        let glued = match rest
            .strip_prefix(':')
            .and_then(|value| value.chars().next())
        {
            Some(c) => !matches!(c, ' ' | '\t' | ':' | '/'),
            None => false,
        };
        let spaces = rest.len() - rest.trim_start_matches(' ').len();
        let equals = rest[spaces..].starts_with('=');
        let full_width = rest[spaces..].starts_with('：');
        let named = name.starts_with(|c: char| c.is_ascii_alphabetic());
        let at = |offset: usize| Position {
            line: i + 1,
            column: content.len() - item.len() + name_len + offset,
        };
        let meant = |at, value: &'t str, kind| MeantField {
            at,
            name,
            value: value.trim(),
            kind,
        };
        let here = match (named, glued, equals) {
            (true, true, _) => Some(meant(at(2), &rest[1..], NotAField::Glued)),
            (true, _, true) => Some(meant(
                at(spaces + 1),
                &rest[spaces + 1..],
                NotAField::Equals,
            )),
            (true, _, _) if full_width => Some(meant(
                at(spaces + 1),
                &rest[spaces + '：'.len_utf8()..],
                NotAField::FullWidth,
            )),
            _ => None,
        };
        if i + 1 == line {
            return before.or(here);
        }
        before = here;
        if rest.starts_with(':') && rest[1..].trim().starts_with(['|', '>']) {
            block_indent = Some(indent);
        }
    }
    before
}

/// A field's value on line `line` (1-based) that starts with `[` and goes
/// on after its `]`, which YAML reads as a list followed by text.
pub(super) enum BracketsThenText<'t> {
    /// `url: [Tickets](https://example.org/t)`: a Markdown link, and its address.
    Link { name: &'t str, address: &'t str },
    /// `title: [JS] night`.
    Text { name: &'t str, value: &'t str },
}

pub(super) fn brackets_then_text(text: &str, line: usize) -> Option<BracketsThenText<'_>> {
    let content = line_at(text, line)?;
    let (name, value) = content.trim_start().split_once(':')?;
    if name.is_empty() || !name.bytes().all(is_field_name_byte) {
        return None;
    }
    let value = value.split(" #").next().unwrap_or(value).trim();
    let (_, after) = value.strip_prefix('[')?.split_once(']')?;
    if let Some(address) = after.strip_prefix('(').and_then(|a| a.strip_suffix(')')) {
        let address = address.trim();
        if !address.is_empty() && !address.contains(char::is_whitespace) {
            return Some(BracketsThenText::Link { name, address });
        }
    }
    (!after.trim().is_empty()).then_some(BracketsThenText::Text { name, value })
}

/// How many `[` and `{` are open at the end of `text`, counted as if no
/// quote or comment held any.
pub(super) fn open_brackets(text: &str) -> usize {
    text.bytes().fold(0usize, |open, b| match b {
        b'[' | b'{' => open + 1,
        b']' | b'}' => open.saturating_sub(1),
        _ => open,
    })
}

/// Where quoted text opened by `quote` at the start of `value` closes: the
/// byte after its closing quote.
fn closing(value: &str, quote: char) -> Option<usize> {
    let mut chars = value.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            '\'' if quote == '\'' && chars.peek().map(|&(_, c)| c) == Some('\'') => {
                chars.next();
            }
            c if c == quote => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// `title: 'Workshop: l'accessibilité'` or `title: "Rust" night`: a value
/// in quotes that close before its text ends, where the parser stops at
/// `at`, the text after the closing quote. `name` is the field, read on
/// line `at.line`. The hint writes the whole text in the quotes that keep
/// it as written.
pub(super) fn after_closing_quote(text: &str, at: Position, name: &str) -> Option<YamlError> {
    let content = line_at(text, at.line)?;
    let item = content.trim_start_matches(' ');
    let value = item.strip_prefix(name)?.strip_prefix(':')?.trim();
    let quote = value.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let closed = closing(value, quote)?;
    let rest = value[closed..].trim_start();
    // The parser stops after the closing quote, at text that is no comment.
    let start = value.as_ptr() as usize - content.as_ptr() as usize;
    let stop = content.char_indices().nth(at.column.checked_sub(1)?)?.0;
    if rest.is_empty() || rest.starts_with('#') || stop < start + closed {
        return None;
    }
    // The text meant: between the first and the last quote when the value
    // ends with the one it opens with, else all of it, quotes included.
    let meant = match value.strip_suffix(quote) {
        Some(inner) if inner.len() > 1 => &inner[1..],
        _ => value,
    };
    let fixed = if meant.contains('\'') && !meant.contains(['"', '\\']) {
        format!("\"{meant}\"")
    } else {
        format!("'{}'", meant.replace('\'', "''"))
    };
    let kind = if quote == '"' { "double" } else { "single" };
    Some(YamlError::new(
        at,
        format!(
            "the value of `{name}` is in {kind} quotes that close at `{}`, and YAML allows no text after them",
            &value[..closed]
        ),
        Some(&format!(
            "put the whole text in quotes: `{name}: {fixed}`{}",
            if fixed.starts_with('\'') && meant.contains('\'') {
                " (in single quotes, a `'` is written `''`)"
            } else {
                ""
            }
        )),
    ))
}

#[cfg(test)]
mod tests {
    use super::inside_curly_quotes;

    #[test]
    fn curly_quotes_come_off_in_pairs_as_each_language_writes_them() {
        for (value, inside) in [
            ("“Rust: the talk”", "Rust: the talk"),
            (
                "„Barrierefreiheit: Formulare“",
                "Barrierefreiheit: Formulare",
            ),
            (
                "‚Barrierefreiheit: Formulare‘",
                "Barrierefreiheit: Formulare",
            ),
            ("”Tillgänglighet: formulär”", "Tillgänglighet: formulär"),
            (
                "« Accessibilité : formulaires »",
                "Accessibilité : formulaires",
            ),
            ("»Tilgængelighed: formularer«", "Tilgængelighed: formularer"),
        ] {
            assert_eq!(inside_curly_quotes(value), Some(inside), "{value}");
        }
        for value in ["„Barrierefreiheit: Formulare", "Talk: “forms”", "“", ""] {
            assert_eq!(inside_curly_quotes(value), None, "{value}");
        }
    }
}
