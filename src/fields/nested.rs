//! Nested maps (`repeat:`, `links:`, an inline `venue:`), and the fields
//! of one written below it without the indentation that makes them its
//! own, which YAML reads as fields of the file.

use super::{Fields, FileContext};
use crate::yaml::{describe, position_of, Entries, FieldPath, Mapping, Position, Value};

impl<'c, 's> Fields<'c, 's> {
    /// Fields of a map found at `prefix` (an inline venue, say).
    pub fn nested_from(
        ctx: &'c FileContext<'s>,
        map: Mapping,
        prefix: FieldPath,
        known: &'static [&'static str],
    ) -> Self {
        Fields {
            ctx,
            map: map.into_iter().collect(),
            prefix,
            known,
        }
    }

    /// A nested map, read with its own list of known fields; `example` is
    /// one, written on one line, for the hint when it is something else.
    pub fn nested(
        &mut self,
        name: &str,
        known: &'static [&'static str],
        example: &str,
    ) -> Option<Fields<'c, 's>> {
        let path = self.path(name);
        match self.take_written(name)? {
            Value::Null => {
                self.empty_nested(name, known, example);
                None
            }
            Value::Mapping(map) => {
                // `until:` after `repeat:`'s fields, back at column 1:
                // YAML reads it as a field of the file.
                let ctx = self.ctx;
                let inside = || Some(ctx.source.positions().value(&path));
                self.unindented(name, known, inside);
                Some(Fields {
                    ctx: self.ctx,
                    map: map.into_iter().collect(),
                    prefix: path,
                    known,
                })
            }
            other => {
                let hint = match other.as_str().and_then(|text| text.split_once(':')) {
                    // `every:week`, indented below `repeat:`, is text to YAML.
                    Some((field, value)) if known.contains(&field.trim()) => format!(
                        "put a space after the `:`: `{}: {}`",
                        field.trim(),
                        value.trim()
                    ),
                    _ => format!(
                        "write its fields indented on the lines below `{name}:`, or on one line: `{name}: {example}`"
                    ),
                };
                self.ctx.error_at_value(
                    &path,
                    format!(
                        "`{name}` must be a map of fields, found {}",
                        describe(&other)
                    ),
                    Some(hint),
                );
                None
            }
        }
    }

    /// A nested map written with nothing after its `name:`: its fields
    /// were most likely written below it without their indentation, where
    /// they are taken (so they get no "unknown field" error of their own).
    fn empty_nested(&mut self, name: &str, known: &[&str], example: &str) {
        let is_its_own = |key: &Value| {
            key.as_str()
                .is_some_and(|k| known.contains(&k) && !self.known.contains(&k))
        };
        let (own, rest): (Entries, Entries) = std::mem::take(&mut self.map)
            .into_iter()
            .partition(|(key, _)| is_its_own(key));
        self.map = rest;
        if own.is_empty() {
            self.ctx.error(
                &self.path(name),
                format!("`{name}:` is empty"),
                Some(format!("write its fields indented on the lines below it, or on one line: `{name}: {example}`; or remove it")),
            );
            return;
        }
        let names: Vec<&str> = (known.iter().copied())
            .filter(|k| own.iter().any(|(key, _)| key.as_str() == Some(k)))
            .collect();
        self.ctx.error(
            &self.path(name),
            format!("the fields of `{name}:` are not indented below it"),
            Some(self.indent_hint(name, &names, None)),
        );
    }

    /// The fields of the nested map `name`, among `known`, written after
    /// it without their indentation: `venue:` (with fields below it or
    /// none), then `address:` at the level of `venue:`. Reports them at the
    /// first and takes them, so they get no "unknown field" error; `inside`
    /// is where the fields already below `name:` start, if any.
    pub fn unindented(
        &mut self,
        name: &str,
        known: &[&str],
        inside: impl FnOnce() -> Option<Position>,
    ) -> bool {
        // Positions cost a second reading of the file: asked for only when
        // one of the map's own fields is among the file's.
        let mut names: Vec<&str> = (known.iter().copied())
            .filter(|k| !self.known.contains(k) && position_of(&self.map, k).is_some())
            .collect();
        if names.is_empty() {
            return false;
        }
        let positions = self.ctx.source.positions();
        let below = positions.key(&self.path(name)).line;
        names.retain(|k| positions.key(&self.path(k)).line > below);
        if names.is_empty() {
            return false;
        }
        let inside = inside();
        self.map
            .retain(|(key, _)| !key.as_str().is_some_and(|k| names.contains(&k)));
        names.sort_by_key(|k| positions.key(&self.path(k)).line);
        let listed = names.iter().map(|k| format!("`{k}:`")).collect::<Vec<_>>();
        let message = match inside {
            None => format!("the fields of `{name}:` are not indented below it"),
            Some(_) if names.len() == 1 => {
                format!("{} is not indented below `{name}:`", listed[0])
            }
            Some(_) => format!("{} are not indented below `{name}:`", listed.join(" and ")),
        };
        let hint = self.indent_hint(name, &names, inside);
        self.ctx.error(&self.path(names[0]), message, Some(hint));
        true
    }

    /// How to indent the fields `names` (in the order written) below the
    /// nested map `name`, with the lines to write: as the fields already
    /// below it start (`inside`), else two spaces further than `name:`.
    fn indent_hint(&self, name: &str, names: &[&str], inside: Option<Position>) -> String {
        let positions = self.ctx.source.positions();
        let parent = positions.key(&self.path(name)).column;
        let column = inside.map_or(parent + 2, |at| at.column.max(parent + 1));
        let spaces = column - parent;
        let lines: Vec<String> = names
            .iter()
            .filter_map(|k| {
                let at = positions.key(&self.path(k));
                let line = self
                    .ctx
                    .source
                    .yaml
                    .split('\n')
                    .nth(at.line.checked_sub(1)?)?;
                Some(format!("`{}{}`", " ".repeat(column - 1), line.trim()))
            })
            .collect();
        let listed: Vec<String> = names.iter().map(|k| format!("`{k}:`")).collect();
        format!(
            "indent {} by {}, so that {} to `{name}:`: {}",
            listed.join(" and "),
            match spaces {
                1 => "one space".to_string(),
                2 => "two spaces".to_string(),
                n => format!("{n} spaces"),
            },
            if names.len() == 1 {
                "it belongs"
            } else {
                "they belong"
            },
            lines.join(", ")
        )
    }
}
