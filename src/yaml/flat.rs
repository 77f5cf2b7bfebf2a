//! The quick way through the YAML most files are: one `key: value` a line.
//!
//! An event's front matter is a handful of lines such as `title: "Rust
//! night"`, `start: 2027-03-10 19:00` and `tags: [rust, web]`. Reading them
//! through saphyr-parser's tokens and events costs tens of thousands of
//! instructions a file, most of a build's parsing. This reader takes such a
//! text in one pass over its lines and gives the same fields and the same
//! positions as `build`. Anything else — indented lines, a key with no
//! value, comments after a value, escapes, tabs, anchors, tags, a key given
//! twice — makes it step aside (`None`) for `build`, which reads all of YAML
//! and words every error. So it never decides what a text means on its own:
//! the unit tests and the `event_file` fuzz target check that whatever it
//! reads, `build` reads alike.

use super::positions::{Mark, Positions, Step};
use super::{scalar, Document, Position};
use saphyr_parser::ScalarStyle;
use serde_yaml::{Mapping, Value};

/// The text's fields and positions, or `None` when it is not made of
/// simple lines alone.
pub(super) fn read(text: &str) -> Option<Document> {
    if text.bytes().any(|b| matches!(b, b'\r' | b'\t')) {
        return None;
    }
    let lines = text.bytes().filter(|&b| b == b'\n').count() + 1;
    let mut fields = Mapping::with_capacity(lines);
    let mut positions = Positions::with_capacity(lines + 1, text.len() / 8);
    let mut root = None;
    for (index, line) in text.split('\n').enumerate() {
        let number = index + 1;
        match line.as_bytes().first() {
            None => continue,
            // A comment line; YAML reads `#` after spaces alike, which is rare.
            Some(b'#') => continue,
            Some(b' ') if line.trim_start_matches(' ').is_empty() => continue,
            Some(first) if first.is_ascii_alphabetic() => {}
            _ => return None,
        }
        let (name, rest) = line.split_once(':')?;
        if !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return None;
        }
        let value_text = rest.strip_prefix(' ')?.trim_start_matches(' ');
        if value_text.is_empty() {
            return None;
        }
        let key_at = Position {
            line: number,
            column: 1,
        };
        let value_at = Position {
            line: number,
            // The key is ASCII: one byte a character, up to the value.
            column: line.len() - value_text.len() + 1,
        };
        let key = scalar::resolve(name, ScalarStyle::Plain, None).ok()?;
        if fields.contains_key(&key) {
            return None;
        }
        if root.is_none() {
            let at = Mark::new(key_at);
            root = Some(positions.open(Step::Root, at, at));
        }
        let step = Step::Key(positions.name(name));
        let node = positions.open(step, Mark::new(key_at), Mark::new(value_at));
        let value = match value_text.as_bytes()[0] {
            b'[' => list(value_text, value_at, &mut positions)?,
            b'"' => quoted(value_text, '"', ScalarStyle::DoubleQuoted)?,
            b'\'' => quoted(value_text, '\'', ScalarStyle::SingleQuoted)?,
            _ => plain(value_text)?,
        };
        positions.close(node);
        fields.insert(key, value);
    }
    let root = root?;
    positions.close(root);
    positions.shrink_to_fit();
    Some(Document { fields, positions })
}

/// A character that means nothing special in any YAML: printable, and not
/// a line break or byte-order mark in any YAML version.
fn ordinary(c: char) -> bool {
    c >= ' '
        && c != '\u{7f}'
        && !('\u{80}'..='\u{9f}').contains(&c)
        && !matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// An unquoted value that runs to the end of its line.
fn plain(text: &str) -> Option<Value> {
    let text = text.trim_end_matches(' ');
    let first = text.chars().next()?;
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) || !plain_safe(text) {
        return None;
    }
    scalar::resolve(text, ScalarStyle::Plain, None).ok()
}

/// No `: ` or `:` at the end (a map in the value), no ` #` (a comment),
/// and only ordinary characters.
fn plain_safe(text: &str) -> bool {
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b':' if bytes.get(i + 1).is_none_or(|&next| next == b' ') => return false,
            b'#' if i > 0 && bytes[i - 1] == b' ' => return false,
            _ => {}
        }
    }
    text.chars().all(ordinary)
}

/// A value in quotes with no escapes and nothing after its closing quote.
fn quoted(text: &str, quote: char, style: ScalarStyle) -> Option<Value> {
    let inside = &text[1..];
    let end = inside.find(quote)?;
    let (content, after) = (&inside[..end], &inside[end + 1..]);
    if !after.trim_end_matches(' ').is_empty()
        || content.contains('\\')
        || !content.chars().all(ordinary)
    {
        return None;
    }
    scalar::resolve(content, style, None).ok()
}

/// `[a, b, c]`: unquoted items on one line, each recorded where it starts.
fn list(text: &str, at: Position, positions: &mut Positions) -> Option<Value> {
    let text = text.trim_end_matches(' ');
    let inside = text.strip_prefix('[')?.strip_suffix(']')?;
    let mut items = Vec::new();
    if inside.trim_start_matches(' ').is_empty() {
        return Some(Value::Sequence(items));
    }
    // Characters from the line's start to `inside`'s, for the items' columns.
    let mut column = at.column + 1;
    for part in inside.split(',') {
        let item = part.trim_start_matches(' ');
        let item_column = column + part[..part.len() - item.len()].chars().count();
        column += part.chars().count() + 1;
        let item = item.trim_end_matches(' ');
        let first = item.chars().next()?;
        if first == '-'
            || !item
                .chars()
                .all(|c| ordinary(c) && !"[]{}#:'\"&*!|>%@`?".contains(c))
        {
            return None;
        }
        let item_at = Mark::new(Position {
            line: at.line,
            column: item_column,
        });
        let node = positions.open(Step::index(items.len()), item_at, item_at);
        positions.close(node);
        items.push(scalar::resolve(item, ScalarStyle::Plain, None).ok()?);
    }
    Some(Value::Sequence(items))
}
