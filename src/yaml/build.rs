//! From saphyr-parser's events to the value tree and its positions, in one
//! pass, refusing what a calendar file never needs as soon as it appears.

use super::indent;
use super::misread::{
    after_closing_quote, brackets_then_text, closes, colon_in_value, indenting_tab,
    inside_curly_quotes, not_a_field, open_brackets, BracketsThenText,
};
use super::positions::{Mark, Name, Positions, Step};
use super::{describe, scalar, Document, Entries, Position, YamlError, MAX_NESTING};
use crate::diagnostics::quote;
use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError, Span};
use serde_yaml::value::{Tag, TaggedValue};
use serde_yaml::{Mapping, Value};

/// saphyr-parser counts the `[` and `{` still open in one byte: it refuses
/// the 256th before sending any event for them, so that refusal comes
/// before [`MAX_NESTING`] can be counted.
const PARSER_FLOW_LIMIT: usize = 255;

pub(super) fn build(text: &str) -> Result<Document, YamlError> {
    let mut builder = Builder {
        text,
        stack: Vec::new(),
        root: None,
        documents: 0,
        positions: Positions::default(),
        chars: None,
    };
    for item in Parser::new_from_str(text) {
        match item {
            Ok((event, span)) => builder.event(event, span)?,
            Err(err) => return Err(builder.scan_error(&err)),
        }
    }
    builder.finish()
}

struct Builder<'t> {
    text: &'t str,
    /// The lists and maps open around the next event, innermost last.
    stack: Vec<Frame>,
    /// The document's value and where it starts, once read.
    root: Option<(Value, Position)>,
    documents: usize,
    positions: Positions,
    /// The text's length in characters, once needed.
    chars: Option<usize>,
}

struct Frame {
    items: Items,
    tag: Option<Tag>,
    at: Position,
    /// Its entry in the position table; `None` within a key, which no
    /// field path names.
    node: Option<usize>,
    /// A map key that is itself a list or map.
    is_key: bool,
    /// Opened by `[` or `{` rather than by indentation.
    flow: bool,
}

enum Items {
    List(Vec<Value>),
    Map(Mapping, Option<Key>),
}

/// A map key read, waiting for its value.
struct Key {
    value: Value,
    at: Position,
    name: Name,
}

impl Builder<'_> {
    fn event(&mut self, event: Event, span: Span) -> Result<(), YamlError> {
        let at = position(&span.start);
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(YamlError::new(
                        at,
                        "a second YAML document starts here, and a file holds one".into(),
                        Some("remove the `---` or `...` line: a file has one set of fields, and a `.yaml` file needs no `---` around them"),
                    ));
                }
            }
            Event::Alias(_) => return Err(reuse(at)),
            Event::Scalar(_, _, anchor, _)
            | Event::SequenceStart(anchor, _)
            | Event::MappingStart(anchor, _)
                if anchor != 0 =>
            {
                return Err(reuse(at))
            }
            Event::Scalar(mut text, style, _, tag) => {
                if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded)
                    && text.ends_with('\n')
                    && self.ends_unbroken(&span)
                {
                    // saphyr-parser reads the end of the text as the last
                    // line's break; that line has none to keep.
                    text.to_mut().pop();
                }
                let value = scalar::resolve(&text, style, tag.as_deref()).map_err(|wanted| {
                    YamlError::new(
                        at,
                        format!(
                            "{} is tagged `!!{}` but is not {wanted}",
                            quote(&text),
                            tag.as_deref().map_or("", |t| t.suffix.as_str())
                        ),
                        Some("remove the tag: meetcal tells text, numbers and dates apart itself"),
                    )
                })?;
                if self.expects_key() {
                    self.key(value, at, Some(&text))?;
                } else {
                    let node = self.open(at);
                    if let Some(node) = node {
                        self.positions.close(node);
                    }
                    self.add(value, at);
                }
            }
            Event::SequenceStart(_, tag) => {
                self.start(at, &span, tag.as_deref(), Items::List(Vec::new()))?
            }
            Event::MappingStart(_, tag) => {
                self.start(at, &span, tag.as_deref(), Items::Map(Mapping::new(), None))?
            }
            Event::SequenceEnd | Event::MappingEnd => self.end()?,
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
        Ok(())
    }

    /// True when `span` ends where the text does, in the middle of a line:
    /// the text's last line has something on it and no line break.
    fn ends_unbroken(&mut self, span: &Span) -> bool {
        let last_line = self.text.rsplit(['\n', '\r']).next().unwrap_or_default();
        if last_line.trim().is_empty() {
            return false;
        }
        let text = self.text;
        let chars = *self.chars.get_or_insert_with(|| text.chars().count());
        span.end.index() >= chars
    }

    /// The name of the key whose value is read next, and where it is.
    fn pending(&self) -> Option<(&str, Position)> {
        match self.stack.last() {
            Some(Frame {
                items: Items::Map(_, Some(key)),
                ..
            }) => Some((key.value.as_str()?, key.at)),
            _ => None,
        }
    }

    /// True when the next node is the key of a map entry.
    fn expects_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                items: Items::Map(_, None),
                ..
            })
        )
    }

    /// Records where a node starts, if a path can name it: not a key, nor
    /// anything within one.
    fn open(&mut self, at: Position) -> Option<usize> {
        let mark = Mark::new(at);
        let Some(parent) = self.stack.last() else {
            return Some(self.positions.open(Step::Root, mark, mark));
        };
        parent.node?;
        match &parent.items {
            Items::List(items) => Some(self.positions.open(Step::index(items.len()), mark, mark)),
            Items::Map(_, Some(key)) => Some(self.positions.open(
                Step::Key(key.name),
                Mark::new(key.at),
                mark,
            )),
            Items::Map(_, None) => None,
        }
    }

    fn start(
        &mut self,
        at: Position,
        span: &Span,
        tag: Option<&saphyr_parser::Tag>,
        items: Items,
    ) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_NESTING {
            return Err(too_deep(at));
        }
        let is_key = self.expects_key();
        let node = self.open(at);
        self.stack.push(Frame {
            items,
            tag: scalar::collection_tag(tag),
            at,
            node,
            is_key,
            flow: span.end.index() > span.start.index(),
        });
        Ok(())
    }

    fn end(&mut self) -> Result<(), YamlError> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        if let Some(node) = frame.node {
            self.positions.close(node);
        }
        let value = match frame.items {
            Items::List(items) => Value::Sequence(items),
            Items::Map(map, _) => Value::Mapping(map),
        };
        let value = match frame.tag {
            Some(tag) => Value::Tagged(Box::new(TaggedValue { tag, value })),
            None => value,
        };
        if frame.is_key {
            self.key(value, frame.at, None)
        } else {
            self.add(value, frame.at);
            Ok(())
        }
    }

    /// Takes a map's next key, refusing one the map already has.
    fn key(&mut self, value: Value, at: Position, text: Option<&str>) -> Result<(), YamlError> {
        let recorded = self.stack.last().is_some_and(|f| f.node.is_some());
        let name = match text {
            Some(text) if recorded => self.positions.name(text),
            _ => Name::default(),
        };
        let Some(Frame {
            items: Items::Map(map, pending),
            ..
        }) = self.stack.last_mut()
        else {
            return Ok(());
        };
        if map.contains_key(&value) {
            return Err(match text {
                Some(name) if !name.is_empty() => YamlError {
                    at,
                    message: format!("{} is given twice", quote(name)),
                    hint: Some(format!(
                        "keep one of the two {} lines",
                        quote(&format!("{name}:"))
                    )),
                },
                _ => YamlError::new(
                    at,
                    "the same key is given twice".into(),
                    Some("keep one of the two"),
                ),
            });
        }
        *pending = Some(Key { value, at, name });
        Ok(())
    }

    /// Puts a finished node in its list or map, or makes it the document.
    fn add(&mut self, value: Value, at: Position) {
        match self.stack.last_mut() {
            None => self.root = Some((value, at)),
            Some(frame) => match &mut frame.items {
                Items::List(items) => items.push(value),
                Items::Map(map, pending) => {
                    if let Some(key) = pending.take() {
                        map.insert(key.value, value);
                    }
                }
            },
        }
    }

    fn finish(self) -> Result<Document, YamlError> {
        let fields = match self.root {
            None | Some((Value::Null, _)) => Entries::new(),
            Some((Value::Mapping(map), _)) => map.into_iter().collect(),
            Some((other, at)) => {
                // `title:Rust night` as the first line: the whole text is
                // one value, so the parser never stopped on a later line.
                if let Some(line) = not_a_field(self.text, at.line) {
                    return Err(line.error());
                }
                return Err(YamlError::new(
                    at,
                    format!(
                        "expected fields like `title: ...`, found {}",
                        describe(&other)
                    ),
                    None,
                ));
            }
        };
        let mut positions = self.positions;
        // Kept with the file until the end of the build: no spare room.
        positions.shrink_to_fit();
        Ok(Document { fields, positions })
    }

    /// Says why the parser stopped. saphyr-parser describes an error only
    /// in words; which words is not meetcal's to rely on, so what it is
    /// about is told from where it is and what was read before it.
    fn scan_error(&self, err: &ScanError) -> YamlError {
        let at = self.within(position(err.marker()));
        let offset = self
            .text
            .char_indices()
            .nth(err.marker().index())
            .map_or(self.text.len(), |(offset, _)| offset);
        let (before, after) = self.text.split_at(offset);
        match after.chars().next() {
            // `*name` with no `&name` before it, or a `*` or `&` with no name.
            Some('*' | '&') => return reuse(at),
            Some('[' | '{') if open_brackets(before) >= PARSER_FLOW_LIMIT => return too_deep(at),
            _ => {}
        }
        let gap = before.trim_end_matches([' ', '\t']);
        if gap.ends_with(':') && before[gap.len()..].starts_with('\t') {
            let blanks = before[gap.len()..].chars().count();
            return YamlError::new(
                Position {
                    line: at.line,
                    column: at.column.saturating_sub(blanks).max(1),
                },
                "a tab follows the `:`, where YAML needs a space".into(),
                Some("replace the tab after the `:` with a space"),
            );
        }
        if let Some(quote) = after.chars().next().filter(|c| matches!(c, '"' | '\'')) {
            let line = &after[1..after.find('\n').unwrap_or(after.len())];
            if !closes(line, quote) {
                return YamlError::new(
                    at,
                    format!("the quote `{quote}` that starts here is not closed on its line"),
                    Some(&if quote == '"' {
                        "end the value with a `\"` (write a `\"` inside it as `\\\"`), or indent the lines that continue it".to_string()
                    } else {
                        "end the value with a `'` (write a `'` inside it as `''`), or indent the lines that continue it".to_string()
                    }),
                );
            }
        }
        if let Some(tab) = indenting_tab(self.text, at.line) {
            return indent::tab(self.text, tab);
        }
        if let Some(err) = self.misindented(at) {
            return err;
        }
        if let Some(line) = not_a_field(self.text, at.line) {
            return line.error();
        }
        match brackets_then_text(self.text, at.line) {
            Some(BracketsThenText::Link { name, address }) => {
                return YamlError::new(
                    at,
                    format!("the value of `{name}` is a Markdown link, which YAML reads as a list"),
                    Some(&format!("write the address alone, `{name}: {address}`, or put the whole value in quotes")),
                );
            }
            Some(BracketsThenText::Text { name, value }) => {
                let quoted = format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""));
                return YamlError::new(
                    at,
                    format!("the value of `{name}` starts with `[`, which YAML reads as the start of a list"),
                    Some(&format!("put the value in quotes: `{name}: {quoted}`")),
                );
            }
            None => {}
        }
        if let Some((name, value)) = colon_in_value(self.text, at.line) {
            let curly = inside_curly_quotes(value);
            let bare = curly.unwrap_or(value);
            let quoted = format!("\"{}\"", bare.replace('\\', "\\\\").replace('"', "\\\""));
            return YamlError::new(
                at,
                match curly.is_some() {
                    true => format!("the value of `{name}` is in curly quotes, which YAML does not read as quotes, and holds `: `"),
                    false => format!("the value of `{name}` holds `: `, which YAML reads as the start of another field"),
                },
                Some(&format!("put the value in straight quotes: `{name}: {quoted}`")),
            );
        }
        YamlError {
            at,
            message: format!("YAML syntax error: {}", err.info()),
            hint: self.syntax_hint(before, after.chars().next()),
        }
    }

    /// A line indented other than its block, or text after a closing
    /// quote, told from where the parser stopped and what it was reading.
    fn misindented(&self, at: Position) -> Option<YamlError> {
        let pending = self.pending();
        if let Some((name, key)) = pending {
            // A value in quotes read on this line, then more text.
            if key.line == at.line {
                return after_closing_quote(self.text, at, name);
            }
            // `description: |`, its text not indented: the parser reads a
            // field's name in its first line, and stops with no `:` found.
            if let Some(err) = indent::block_not_indented(self.text, key, name) {
                return Some(err);
            }
        }
        // Or it read the block as empty, and stopped in the text below.
        if let Some(err) = indent::block_above(self.text, at.line) {
            return Some(err);
        }
        match self.stack.last() {
            // A plain value read on from an earlier line, into a field's
            // line indented further than its map.
            Some(frame) if !frame.flow => {
                indent::field_too_far(self.text, at.line, frame.at.column)
            }
            Some(_) => None,
            // The first field indented alone: its map ended at the next.
            None => match &self.root {
                Some((Value::Mapping(_), first)) if first.column > 1 => {
                    indent::first_field_indented(self.text, *first, at.line)
                }
                _ => None,
            },
        }
    }

    /// What to check, from where the parser stopped and what it was in.
    fn syntax_hint(&self, before: &str, here: Option<char>) -> Option<String> {
        let line_before = before.rsplit('\n').next().unwrap_or_default().trim_end();
        match here {
            Some('"') => {
                return Some(
                    "text in quotes runs to its closing `\"`: indent the lines after the first, and write a `\"` inside it as `\\\"`"
                        .into(),
                )
            }
            Some('\'') => {
                return Some(
                    "text in quotes runs to its closing `'`: indent the lines after the first, and write a `'` inside it as `''`"
                        .into(),
                )
            }
            // More after a quoted value, as in `title: "Rust" night`.
            _ if line_before.ends_with(['"', '\'']) => {
                return Some(
                    "a value in quotes ends at its closing quote: put the whole value in quotes"
                        .into(),
                )
            }
            _ => {}
        }
        let frame = self.stack.last().filter(|f| f.flow)?;
        let (what, open, close, parts) = match frame.items {
            Items::List(_) => ("list", '[', ']', "items"),
            Items::Map(..) => ("map", '{', '}', "values"),
        };
        let of = frame
            .node
            .and_then(|node| self.positions.key_name(node))
            .filter(|name| !name.is_empty())
            .map(|name| format!(" of {}", quote(name)))
            .unwrap_or_default();
        Some(format!(
            "the {what}{of} runs from `{open}` to its closing `{close}`: indent the lines after the first, and quote {parts} that contain `,`, `: ` or `#`"
        ))
    }
}

impl Builder<'_> {
    /// `at`, or the text's last line when it is past it: the parser stops
    /// at the end of the text, on the line after its last line break.
    fn within(&self, at: Position) -> Position {
        let lines = self.text.trim_end_matches(['\n', '\r']).split('\n').count();
        if at.line <= lines {
            return at;
        }
        let last = self
            .text
            .trim_end_matches(['\n', '\r'])
            .rsplit('\n')
            .next()
            .unwrap_or_default();
        Position {
            line: lines.max(1),
            column: last.chars().count() + 1,
        }
    }
}

fn position(marker: &Marker) -> Position {
    Position {
        line: marker.line(),
        column: marker.col() + 1,
    }
}

fn reuse(at: Position) -> YamlError {
    YamlError::new(
        at,
        "YAML anchors and aliases (`&name`, `*name`) are not allowed".into(),
        Some("write each value out in full; if the text starts with `&` or `*`, put it in quotes"),
    )
}

fn too_deep(at: Position) -> YamlError {
    YamlError::new(
        at,
        format!("lists and maps are nested more than {MAX_NESTING} levels deep"),
        Some("a file needs three levels at most, as in `repeat:`, `on:` and a list: check the brackets and the indentation"),
    )
}
