//! YAML parsing with positions.
//!
//! serde_yaml reads the values; it knows where a syntax error is but keeps no
//! positions for the values it returns. When a value turns out to be wrong we
//! need the line of its key, so `Locator` re-reads the text with
//! saphyr-parser's event stream, which carries a span for every node. That
//! second pass only runs for files that have a problem.

use saphyr_parser::{Event, Parser};
use serde_yaml::{Mapping, Value};

/// One step into a YAML tree: a map key or a list index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    Key(String),
    Index(usize),
}

pub type FieldPath = Vec<Seg>;

pub fn key(name: &str) -> FieldPath {
    vec![Seg::Key(name.to_string())]
}

/// A 1-based line and column, relative to the start of the YAML text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Lists and maps may nest this deep. A file needs three levels (`repeat:`,
/// then `on:`, then a list); the YAML parser behind serde_yaml slows down with
/// the square of the depth, so deeper text is refused before it gets there.
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

/// Parses a YAML text into a map of fields. An empty text is an empty map.
pub fn parse_mapping(text: &str) -> Result<Mapping, YamlError> {
    prescan(text)?;
    let value: Value = match serde_yaml::from_str(text) {
        Ok(value) => value,
        Err(err) => {
            let position = err
                .location()
                .map(|l| Position {
                    line: l.line(),
                    column: l.column(),
                })
                .unwrap_or(Position { line: 1, column: 1 });
            let mut message = err.to_string();
            // serde_yaml appends " at line X column Y"; we print our own position.
            if let Some(cut) = message.find(" at line ") {
                message.truncate(cut);
            }
            // serde_yaml names the key but not where the second one is.
            if message.contains("duplicate entry with key") {
                if let Some((name, second)) = Locator::new(text).first_duplicate() {
                    let hint = format!("keep one of the two `{name}:` lines");
                    return Err(YamlError::new(
                        second,
                        format!("`{name}` is given twice"),
                        Some(&hint),
                    ));
                }
            }
            return Err(YamlError::new(
                position,
                format!("YAML syntax error: {message}"),
                None,
            ));
        }
    };
    match value {
        Value::Null => Ok(Mapping::new()),
        Value::Mapping(map) => Ok(map),
        other => Err(YamlError::new(
            Position { line: 1, column: 1 },
            format!(
                "expected fields like `title: ...`, found {}",
                describe(&other)
            ),
            None,
        )),
    }
}

/// Refuses what would cost more to parse than the text's size: lists and
/// maps nested deeper than [`MAX_NESTING`], and anchors and aliases, which
/// let a few kilobytes expand to gigabytes ("billion laughs"). A calendar
/// file never needs them, so any `&name` or `*name` is refused, at the first.
fn prescan(text: &str) -> Result<(), YamlError> {
    let too_deep = |at: Position| {
        Err(YamlError::new(
            at,
            format!("lists and maps are nested more than {MAX_NESTING} levels deep"),
            Some("a file needs three levels at most, as in `repeat:`, `on:` and a list: check the brackets and the indentation"),
        ))
    };
    let reuse = |at: Position| {
        Err(YamlError::new(
            at,
            "YAML anchors and aliases (`&name`, `*name`) are not allowed".into(),
            Some("write each value out in full; if the text starts with `&` or `*`, put it in quotes"),
        ))
    };
    let mut depth = 0usize;
    for item in Parser::new_from_str(text) {
        let (event, span) = match item {
            Ok(item) => item,
            // saphyr's own limit: 255 nested `[` or `{`, seen ahead of the events.
            Err(err) if err.info().contains("recursion limit") => {
                return too_deep(error_position(&err))
            }
            // Past a syntax error this parser sees no more events; the
            // other one may still read on, so an alias past that point must
            // not reach it.
            Err(err) => {
                let at = error_position(&err);
                if err.info().contains("anchor") {
                    // `*name` with no `&name` before it.
                    return reuse(at);
                }
                if !text.contains(['&', '*']) {
                    return Ok(()); // serde_yaml reports it, in its words
                }
                return Err(YamlError::new(
                    at,
                    format!("YAML syntax error: {}", err.info()),
                    None,
                ));
            }
        };
        match event {
            Event::Alias(_) => return reuse(position(&span)),
            Event::Scalar(_, _, anchor, _) if anchor != 0 => return reuse(position(&span)),
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if anchor != 0 {
                    return reuse(position(&span));
                }
                depth += 1;
                if depth > MAX_NESTING {
                    return too_deep(position(&span));
                }
            }
            Event::SequenceEnd | Event::MappingEnd => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
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

struct Entry {
    path: FieldPath,
    key: Position,
    value: Position,
}

/// Positions of every key and list item in a YAML text.
pub struct Locator {
    entries: Vec<Entry>,
}

/// Deeper documents are refused by serde_yaml anyway; this keeps the walk's
/// recursion bounded on hostile input.
const MAX_DEPTH: usize = 64;

impl Locator {
    pub fn new(text: &str) -> Self {
        let mut entries = Vec::new();
        let mut events = Parser::new_from_str(text).peekable();
        // Skip stream and document starts, then walk the first document.
        while let Some(Ok((event, _))) = events.peek() {
            match event {
                Event::StreamStart | Event::DocumentStart(_) => {
                    events.next();
                }
                _ => break,
            }
        }
        let _ = walk(&mut events, &mut Vec::new(), &mut entries, 0);
        Locator { entries }
    }

    /// Where the key of `path` is (or the item, for a list index). Falls back
    /// to the nearest enclosing key that exists.
    pub fn key(&self, path: &[Seg]) -> Position {
        self.find(path, |e| e.key)
    }

    /// Where the value of `path` starts.
    pub fn value(&self, path: &[Seg]) -> Position {
        self.find(path, |e| e.value)
    }

    /// The first key given twice in the same map: its name, and where it
    /// is the second time.
    fn first_duplicate(&self) -> Option<(String, Position)> {
        let mut seen = std::collections::HashSet::new();
        for entry in &self.entries {
            let Some(Seg::Key(name)) = entry.path.last() else {
                continue;
            };
            if name.is_empty() {
                continue;
            }
            if !seen.insert(&entry.path) {
                return Some((name.clone(), entry.key));
            }
        }
        None
    }

    fn find(&self, path: &[Seg], pick: impl Fn(&Entry) -> Position) -> Position {
        let mut len = path.len();
        while len > 0 {
            if let Some(entry) = self.entries.iter().find(|e| e.path == path[..len]) {
                return if len == path.len() {
                    pick(entry)
                } else {
                    entry.key
                };
            }
            len -= 1;
        }
        Position { line: 1, column: 1 }
    }
}

type Events<'a> = std::iter::Peekable<Parser<'a, saphyr_parser::StrInput<'a>>>;

fn error_position(err: &saphyr_parser::ScanError) -> Position {
    Position {
        line: err.marker().line(),
        column: err.marker().col() + 1,
    }
}

fn position(span: &saphyr_parser::Span) -> Position {
    Position {
        line: span.start.line(),
        column: span.start.col() + 1,
    }
}

fn peek_position(events: &mut Events) -> Option<Position> {
    match events.peek() {
        Some(Ok((_, span))) => Some(position(span)),
        _ => None,
    }
}

/// Walks one node, recording the positions of everything below `path`.
fn walk(
    events: &mut Events,
    path: &mut FieldPath,
    out: &mut Vec<Entry>,
    depth: usize,
) -> Option<()> {
    if depth > MAX_DEPTH {
        return None;
    }
    let (event, _) = events.next()?.ok()?;
    match event {
        Event::SequenceStart(..) => {
            let mut index = 0;
            loop {
                if matches!(events.peek()?.as_ref().ok()?.0, Event::SequenceEnd) {
                    events.next();
                    return Some(());
                }
                let at = peek_position(events)?;
                path.push(Seg::Index(index));
                out.push(Entry {
                    path: path.clone(),
                    key: at,
                    value: at,
                });
                walk(events, path, out, depth + 1)?;
                path.pop();
                index += 1;
            }
        }
        Event::MappingStart(..) => loop {
            let (key_event, key_span) = events.next()?.ok()?;
            let key_at = position(&key_span);
            let name = match key_event {
                Event::MappingEnd => return Some(()),
                Event::Scalar(name, ..) => name.into_owned(),
                _ => {
                    // A complex key: skip it, and its value below.
                    String::new()
                }
            };
            let value_at = peek_position(events)?;
            path.push(Seg::Key(name));
            out.push(Entry {
                path: path.clone(),
                key: key_at,
                value: value_at,
            });
            walk(events, path, out, depth + 1)?;
            path.pop();
        },
        _ => Some(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "title: Rust night\nrepeat:\n  every: week\n  on: [tuesday, thursdy]\n  except:\n    - 2027-01-01\n";

    #[test]
    fn can_locate_nested_keys_and_items() {
        let loc = Locator::new(TEXT);
        assert_eq!(loc.key(&key("title")), Position { line: 1, column: 1 });
        let on = vec![Seg::Key("repeat".into()), Seg::Key("on".into())];
        assert_eq!(loc.key(&on), Position { line: 4, column: 3 });
        let mut item = on.clone();
        item.push(Seg::Index(1));
        assert_eq!(
            loc.key(&item),
            Position {
                line: 4,
                column: 17
            }
        );
        let except = vec![
            Seg::Key("repeat".into()),
            Seg::Key("except".into()),
            Seg::Index(0),
        ];
        assert_eq!(loc.key(&except).line, 6);
    }

    #[test]
    fn falls_back_to_the_enclosing_key() {
        let loc = Locator::new(TEXT);
        let missing = vec![Seg::Key("repeat".into()), Seg::Key("until".into())];
        assert_eq!(loc.key(&missing), Position { line: 2, column: 1 });
    }

    #[test]
    fn reports_syntax_errors_with_a_position() {
        let err = parse_mapping("title: a\n  bad: [\n").unwrap_err();
        assert!(err.at.line >= 2, "{err:?}");
        assert!(err.message.starts_with("YAML syntax error"), "{err:?}");
    }

    #[test]
    fn refuses_alias_bombs() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for name in 'b'..='j' {
            text.push_str(&format!(
                "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
            prev = name;
        }
        let err = parse_mapping(&text).unwrap_err();
        assert!(err.message.contains("anchors and aliases"), "{err:?}");
        assert_eq!(err.at, Position { line: 1, column: 4 });
    }

    #[test]
    fn refuses_any_anchor_or_alias_at_the_first() {
        for (text, line) in [
            ("title: &t Rust\n", 1),
            ("title: Rust\ntags: [a, b]\nvenue: *v\n", 3),
            ("title: a\nrepeat: &r\n  every: week\n", 2),
        ] {
            let err = parse_mapping(text).unwrap_err();
            assert!(
                err.message.contains("anchors and aliases"),
                "{text}: {err:?}"
            );
            assert_eq!(err.at.line, line, "{text}: {err:?}");
        }
        // In quotes they are text.
        assert!(parse_mapping("title: \"*Rust* & friends\"\n").is_ok());
        // Past a syntax error, an alias is not read by the other parser either.
        let err = parse_mapping("a: [\nb: *x\n").unwrap_err();
        assert!(err.message.starts_with("YAML syntax error"), "{err:?}");
    }

    #[test]
    fn refuses_deep_nesting_quickly_and_where_it_starts() {
        let start = std::time::Instant::now();
        for deep in [
            format!(
                "title: a\nvenue: {}{}\n",
                "[".repeat(100_000),
                "]".repeat(100_000)
            ),
            format!(
                "title: a\nvenue: {}1{}\n",
                "{a: ".repeat(50_000),
                "}".repeat(50_000)
            ),
            format!("title: a\nvenue:\n{}x\n", "- ".repeat(100_000)),
        ] {
            let err = parse_mapping(&deep).unwrap_err();
            assert!(
                err.message.contains("nested more than 32 levels"),
                "{err:?}"
            );
            assert_eq!(
                err.at.line,
                2 + usize::from(deep.contains("- - ")),
                "{err:?}"
            );
        }
        // A quadratic parse took seconds in a release build.
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
        let fine = "repeat:\n  every: week\n  on: [monday, [x]]\n";
        assert!(parse_mapping(fine).is_ok());
    }

    #[test]
    fn a_list_is_not_a_map_of_fields() {
        let err = parse_mapping("- a\n- b\n").unwrap_err();
        assert!(err.message.contains("found a list"), "{err:?}");
    }

    #[test]
    fn locates_the_second_of_two_keys() {
        let err = parse_mapping("title: A\nstart: x\ntitle: B\n").unwrap_err();
        assert_eq!(err.at, Position { line: 3, column: 1 });
        assert_eq!(err.message, "`title` is given twice");
        let err = parse_mapping("repeat:\n  every: week\n  on: x\n  every: day\n").unwrap_err();
        assert_eq!(err.at, Position { line: 4, column: 3 });
        assert_eq!(
            err.hint.as_deref(),
            Some("keep one of the two `every:` lines")
        );
    }
}
