//! Reading a file's YAML: its fields, and where each of them is.
//!
//! Each text is parsed once. Most front matter is simple `key: value`
//! lines, which `flat` reads in one pass; it steps aside for anything else.
//! Then saphyr-parser's event stream (maintained, YAML 1.2) reads it:
//! `build` turns the events into the value tree the field readers take
//! apart and, in the same pass, a table of where every key and list item is
//! ([`Positions`]), which gives each message its line. The same pass
//! refuses anchors and aliases, nesting deeper than [`MAX_NESTING`] and a
//! key given twice, at the place they are written. Both ways give the same
//! fields and positions ([`both_ways`]); every error is `build`'s.
//!
//! The values are serde_yaml's `Value` and `Mapping`, built here rather than
//! by serde_yaml's parser: the field readers match on them, and their text
//! for numbers is what messages have always shown. serde_yaml is deprecated
//! upstream; nothing of it parses anymore, and beyond these two types meetcal
//! uses it only to write YAML (`meetcal new`, `meetcal init`). Replacing the
//! types means changing this module only.

mod build;
mod flat;
mod indent;
mod misread;
mod positions;
mod scalar;

pub(crate) use misread::inside_curly_quotes;
pub use positions::Positions;
pub use serde_yaml::{Mapping, Value};

/// A file's top-level fields in the order written, each key once. A list
/// rather than a [`Mapping`]: a front matter has a handful of keys, which a
/// look along the list finds in fewer steps than hashing each one (the
/// mapping's hashing was a fortieth of a build's instructions).
pub type Entries = Vec<(Value, Value)>;

/// The value of `name` among `entries`, as a key written as text.
pub fn position_of(entries: &Entries, name: &str) -> Option<usize> {
    entries
        .iter()
        .position(|(key, _)| matches!(key, Value::String(key) if key == name))
}

/// One step into a YAML tree: a map key or a list index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    Key(String),
    Index(usize),
}

pub type FieldPath = Vec<Seg>;

/// Line `number` (from 1) of `text`, without its line end.
pub(crate) fn line_at(text: &str, number: usize) -> Option<&str> {
    let content = text.split('\n').nth(number.checked_sub(1)?)?;
    Some(content.strip_suffix('\r').unwrap_or(content))
}

/// Whether byte `b` may be in a field's name: ASCII letters and digits,
/// `_` and `-`. Hints that guess where a field starts use it too.
pub(crate) fn is_field_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// How many bytes at the start of `text` make a field's name.
pub(crate) fn field_name_len(text: &str) -> usize {
    (text.bytes())
        .position(|b| !is_field_name_byte(b))
        .unwrap_or(text.len())
}

pub fn key(name: &str) -> FieldPath {
    vec![Seg::Key(name.to_string())]
}

/// A 1-based line and column, relative to the start of the YAML text.
/// Lines are counted as editors count them: only LF and CR end one, not
/// NEL (U+0085) or the Unicode line and paragraph separators, which YAML
/// 1.1 parsers counted. Columns count characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    /// Where byte `offset` of `text` is: lines counted at `\n`, columns
    /// in characters.
    pub fn at_offset(text: &str, offset: usize) -> Position {
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Position {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }
}

/// Lists and maps may nest this deep. A file needs three levels (`repeat:`,
/// then `on:`, then a list); deeper text is refused where the level past the
/// limit opens, before anything else is read, so no hostile file builds a
/// tree that takes long to walk, copy or drop.
pub const MAX_NESTING: usize = 32;

/// Why a YAML text is not a map of fields, where, and how to fix it (`None`:
/// the caller's general advice on YAML applies).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub at: Position,
    pub message: String,
    pub hint: Option<String>,
}

impl YamlError {
    fn new(at: Position, message: String, hint: Option<&str>) -> Self {
        YamlError {
            at,
            message,
            hint: hint.map(str::to_string),
        }
    }
}

/// A YAML text read: its fields, and where each key and value is.
#[derive(Debug, Clone)]
pub struct Document {
    pub fields: Entries,
    pub positions: Positions,
}

/// Parses a YAML text into a map of fields. An empty text is an empty map.
pub fn parse(text: &str) -> Result<Document, YamlError> {
    match flat::read(text) {
        Some(document) => Ok(document),
        None => build::build(text),
    }
}

/// What `parse` gives, in two ways: by its quick reader of simple lines
/// (`None` when that reader steps aside) and by the full YAML reader. They
/// must agree whenever the first reads the text; tests and the fuzzer
/// compare them.
#[doc(hidden)]
pub fn both_ways(text: &str) -> (Option<Document>, Result<Document, YamlError>) {
    (flat::read(text), build::build(text))
}

/// `text` as a YAML scalar, in quotes when YAML would read it otherwise.
pub fn scalar(text: &str) -> String {
    let written = serde_yaml::to_string(text).unwrap_or_else(|_| format!("{text:?}"));
    written.trim_end().to_string()
}

/// A short name for a YAML value's kind, for messages.
pub fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a true/false value",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a map of fields",
        Value::Tagged(_) => "a tagged value",
    }
}

#[cfg(test)]
mod tests;
