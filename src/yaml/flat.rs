//! The quick way through the YAML most files are: one `key: value` a line.
//!
//! An event's front matter is a handful of lines such as `title: "Rust
//! night"`, `start: 2027-03-10 19:00` and `tags: [rust, web]`. Reading them
//! through saphyr-parser's tokens and events costs tens of thousands of
//! instructions a file, most of a build's parsing. This reader takes such a
//! text in one pass over its lines and gives the same fields and the same
//! positions as `build`, and so for one level of indented `key: value`
//! lines under a top-level `key:` (`repeat:`). Anything else — deeper or
//! uneven indentation, block lists, blank lines or comments in an indented
//! map, comments after a value, escapes, tabs, anchors, tags, a key given
//! twice — makes it step aside (`None`) for `build`, which reads all of YAML
//! and words every error. So it never decides what a text means on its own:
//! the unit tests and the `event_file` fuzz target check that whatever it
//! reads, `build` reads alike.

use super::positions::{Mark, Positions, Step};
use super::{scalar, Document, Entries, Position};
use saphyr_parser::ScalarStyle;
use serde_yaml::Value;

/// The text's fields and positions, or `None` when it is not made of
/// simple lines alone.
pub(super) fn read(text: &str) -> Option<Document> {
    if text.bytes().any(|b| matches!(b, b'\r' | b'\t')) {
        return None;
    }
    let lines = text.bytes().filter(|&b| b == b'\n').count() + 1;
    let mut positions = Positions::with_capacity(lines + 1, text.len() / 8);
    let mut fields = Entries::new();
    let mut root = None;
    // A top-level key whose value is the indented map below it.
    let mut nested: Option<Nested> = None;
    for (index, line) in text.split('\n').enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        match line.as_bytes().get(indent) {
            // A blank line or a comment ends an indented map: YAML would
            // read more of it after one, which is left to `build`. YAML
            // refuses some characters even in a comment (a byte-order mark).
            None | Some(b'#') => {
                if !line.chars().all(ordinary) {
                    return None;
                }
                if let Some(done) = nested.take() {
                    done.close(&mut fields, &mut positions)?;
                }
                continue;
            }
            Some(first) if first.is_ascii_alphabetic() => {}
            _ => return None,
        }
        let entry = Entry::of(line, indent, index + 1)?;
        if indent > 0 {
            let map = nested.as_mut()?;
            if map.fields.is_empty() {
                // The map starts at its first key.
                map.indent = indent;
                positions.place_value(map.node, Mark::new(entry.key_at));
            } else if indent != map.indent {
                return None;
            }
            add(&mut map.fields, entry, &mut positions)?;
            continue;
        }
        if let Some(done) = nested.take() {
            done.close(&mut fields, &mut positions)?;
        }
        if root.is_none() {
            let at = Mark::new(entry.key_at);
            root = Some(positions.open(Step::Root, at, at));
        }
        if entry.value.is_empty() {
            let key = entry.key()?;
            let step = Step::Key(positions.name(entry.name));
            let at = Mark::new(entry.key_at);
            nested = Some(Nested {
                key,
                node: positions.open(step, at, at),
                indent: 0,
                fields: Entries::new(),
            });
        } else {
            add(&mut fields, entry, &mut positions)?;
        }
    }
    if let Some(done) = nested {
        done.close(&mut fields, &mut positions)?;
    }
    positions.close(root?);
    positions.shrink_to_fit();
    Some(Document { fields, positions })
}

/// Reads an entry's value into `fields`, recording where it is; `None` if
/// the key is there already.
fn add(fields: &mut Entries, entry: Entry, positions: &mut Positions) -> Option<()> {
    let key = entry.key()?;
    if fields.iter().any(|(given, _)| *given == key) {
        return None;
    }
    let step = Step::Key(positions.name(entry.name));
    let node = positions.open(step, Mark::new(entry.key_at), Mark::new(entry.value_at));
    // `key:` alone inside an indented map opens a deeper one.
    let value = match entry.value.as_bytes().first()? {
        b'[' => list(entry.value, entry.value_at, positions)?,
        b'"' => quoted(entry.value, '"', ScalarStyle::DoubleQuoted)?,
        b'\'' => quoted(entry.value, '\'', ScalarStyle::SingleQuoted)?,
        _ => plain(entry.value)?,
    };
    positions.close(node);
    fields.push((key, value));
    Some(())
}

/// A top-level key whose value is a map, open while its lines are read.
struct Nested {
    key: Value,
    node: usize,
    /// Its keys' indentation, once the first is read.
    indent: usize,
    fields: Entries,
}

impl Nested {
    /// Puts the finished map in `fields`; `None` if it has no key (the
    /// value is then nothing, or on lines this reader leaves to `build`)
    /// or its own key is there already.
    fn close(self, fields: &mut Entries, positions: &mut Positions) -> Option<()> {
        if self.fields.is_empty() || fields.iter().any(|(given, _)| *given == self.key) {
            return None;
        }
        positions.close(self.node);
        let map = Value::Mapping(self.fields.into_iter().collect());
        fields.push((self.key, map));
        Some(())
    }
}

/// One `key: value` line (the value empty for `key:`).
struct Entry<'t> {
    name: &'t str,
    value: &'t str,
    key_at: Position,
    value_at: Position,
}

impl<'t> Entry<'t> {
    fn of(line: &'t str, indent: usize, number: usize) -> Option<Entry<'t>> {
        let (name, rest) = line[indent..].split_once(':')?;
        if !name.bytes().all(super::is_field_name_byte) {
            return None;
        }
        let value = match rest {
            "" => "",
            _ => rest.strip_prefix(' ')?.trim_start_matches(' '),
        };
        // `key:  ` with nothing but spaces after it: rare, and left to `build`.
        if value.is_empty() && !rest.is_empty() {
            return None;
        }
        Some(Entry {
            name,
            value,
            key_at: Position {
                line: number,
                column: indent + 1,
            },
            value_at: Position {
                line: number,
                // All ASCII up to the value: one byte a character.
                column: line.len() - value.len() + 1,
            },
        })
    }

    fn key(&self) -> Option<Value> {
        scalar::resolve(self.name, ScalarStyle::Plain, None).ok()
    }
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
        // A `-` after a space may start a token of its own, which the full
        // reader refuses before `,` or `]` (`[2026-01 -, x]`).
        if first == '-'
            || item.contains(" -")
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
