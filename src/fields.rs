//! Typed reading of a file's fields, collecting every problem with its line.
//!
//! A derived `Deserialize` stops at the first error and serde_yaml keeps no
//! positions, so each field is taken out of the map on its own and each
//! mistake is recorded against the key it came from.

use crate::diagnostics::{quote, Diagnostic};
use crate::source::Source;
use crate::suggest::did_you_mean;
use crate::yaml::{describe, FieldPath, Locator, Seg};
use serde_yaml::{Mapping, Value};
use std::cell::{OnceCell, RefCell};

/// The problems of one file, and the means to locate them.
pub struct FileContext<'s> {
    pub source: &'s Source,
    locator: OnceCell<Locator>,
    problems: RefCell<Vec<Diagnostic>>,
}

impl<'s> FileContext<'s> {
    pub fn new(source: &'s Source) -> Self {
        FileContext {
            source,
            locator: OnceCell::new(),
            problems: RefCell::new(Vec::new()),
        }
    }

    fn locator(&self) -> &Locator {
        self.locator.get_or_init(|| Locator::new(&self.source.yaml))
    }

    /// Records a problem at the key of `path`.
    pub fn error(&self, path: &[Seg], message: String, hint: Option<String>) {
        let at = self.locator().key(path);
        let d = self.source.error_at(at, message, hint);
        self.problems.borrow_mut().push(d);
    }

    /// Records a problem at the value of `path`.
    pub fn error_at_value(&self, path: &[Seg], message: String, hint: Option<String>) {
        let at = self.locator().value(path);
        let d = self.source.error_at(at, message, hint);
        self.problems.borrow_mut().push(d);
    }

    /// Records a problem about the file as a whole (its first field line).
    pub fn error_in_file(&self, message: String, hint: Option<String>) {
        let d = Diagnostic::new(&self.source.path, self.source.yaml_line, 1, message);
        self.problems.borrow_mut().push(d.with_hint(hint));
    }

    pub fn push(&self, diagnostic: Diagnostic) {
        self.problems.borrow_mut().push(diagnostic);
    }

    pub fn has_problems(&self) -> bool {
        !self.problems.borrow().is_empty()
    }

    pub fn into_problems(self) -> Vec<Diagnostic> {
        self.problems.into_inner()
    }
}

/// The fields of one YAML map (the file itself, or a nested map such as `repeat`).
pub struct Fields<'c, 's> {
    pub ctx: &'c FileContext<'s>,
    map: Mapping,
    prefix: FieldPath,
    known: &'static [&'static str],
}

impl<'c, 's> Fields<'c, 's> {
    pub fn new(ctx: &'c FileContext<'s>, map: Mapping, known: &'static [&'static str]) -> Self {
        Fields {
            ctx,
            map,
            prefix: Vec::new(),
            known,
        }
    }

    pub fn path(&self, name: &str) -> FieldPath {
        let mut path = self.prefix.clone();
        path.push(Seg::Key(name.to_string()));
        path
    }

    pub fn has(&self, name: &str) -> bool {
        self.map.contains_key(name)
    }

    /// Takes a field's raw value, if present and not null.
    pub fn take(&mut self, name: &str) -> Option<Value> {
        debug_assert!(self.known.contains(&name), "{name} is not declared");
        match self.map.remove(name)? {
            Value::Null => None,
            value => Some(value),
        }
    }

    /// A text field. Numbers and booleans are read as the text they were written as.
    pub fn text(&mut self, name: &str) -> Option<String> {
        let value = self.take(name)?;
        let path = self.path(name);
        scalar_text(self.ctx, &path, value)
    }

    /// A text field on one line, such as a title.
    pub fn line(&mut self, name: &str) -> Option<String> {
        let value = self.text(name)?;
        if value.trim().contains('\n') {
            self.ctx.error_at_value(
                &self.path(name),
                format!("`{name}` must be one line"),
                Some("put longer text in the description".into()),
            );
            return None;
        }
        Some(value.trim().to_string())
    }

    /// A one-line text field that must be present.
    pub fn required_text(&mut self, name: &str, example: &str) -> Option<String> {
        if !self.has(name) {
            self.missing(name, example);
            return None;
        }
        let blank = match self.map.get(name) {
            Some(Value::Null) => true,
            Some(Value::String(s)) => s.trim().is_empty(),
            _ => false,
        };
        if blank {
            self.map.remove(name);
            self.ctx.error(
                &self.path(name),
                format!("`{name}` is empty"),
                Some(format!("write it as `{name}: {example}`")),
            );
            return None;
        }
        self.line(name)
    }

    pub fn missing(&self, name: &str, example: &str) {
        // A misspelt key (`titel`) is reported as unknown with "did you mean
        // `title`?"; saying `title` is missing too would only add noise.
        let misspelt = self
            .map
            .keys()
            .filter_map(|k| k.as_str())
            .any(|k| did_you_mean(k, [name]).is_some());
        if misspelt {
            return;
        }
        let message = format!("missing required field `{name}`");
        let hint = Some(format!("add a line `{name}: {example}`"));
        if self.prefix.is_empty() {
            self.ctx.error_in_file(message, hint);
        } else {
            self.ctx.error(&self.prefix, message, hint);
        }
    }

    /// A list of text items; a single text is accepted as a list of one.
    pub fn text_list(&mut self, name: &str) -> Vec<(String, FieldPath)> {
        let Some(value) = self.take(name) else {
            return Vec::new();
        };
        let path = self.path(name);
        match value {
            Value::Sequence(items) => items
                .into_iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    let mut item_path = path.clone();
                    item_path.push(Seg::Index(i));
                    scalar_text(self.ctx, &item_path, item).map(|text| (text, item_path))
                })
                .collect(),
            other => scalar_text(self.ctx, &path, other)
                .map(|text| vec![(text, path)])
                .unwrap_or_default(),
        }
    }

    /// A number within `range`, such as a latitude.
    pub fn number(
        &mut self,
        name: &str,
        range: std::ops::RangeInclusive<f64>,
        hint: &str,
    ) -> Option<f64> {
        let value = self.take(name)?;
        match value.as_f64() {
            Some(n) if range.contains(&n) => Some(n),
            _ => {
                self.ctx.error_at_value(
                    &self.path(name),
                    format!(
                        "`{name}` must be a number from {} to {}, found {}",
                        range.start(),
                        range.end(),
                        shown(&value)
                    ),
                    Some(hint.to_string()),
                );
                None
            }
        }
    }

    pub fn whole_number(&mut self, name: &str, min: u64, max: u64, hint: &str) -> Option<u64> {
        let value = self.take(name)?;
        match value.as_u64() {
            Some(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                self.ctx.error_at_value(
                    &self.path(name),
                    format!(
                        "`{name}` must be a whole number from {min} to {max}, found {}",
                        shown(&value)
                    ),
                    Some(hint.to_string()),
                );
                None
            }
        }
    }

    /// Fields of a map found at `prefix` (an inline venue, say).
    pub fn nested_from(
        ctx: &'c FileContext<'s>,
        map: Mapping,
        prefix: FieldPath,
        known: &'static [&'static str],
    ) -> Self {
        Fields {
            ctx,
            map,
            prefix,
            known,
        }
    }

    /// A nested map, read with its own list of known fields.
    pub fn nested(&mut self, name: &str, known: &'static [&'static str]) -> Option<Fields<'c, 's>> {
        let value = self.take(name)?;
        let path = self.path(name);
        match value {
            Value::Mapping(map) => Some(Fields {
                ctx: self.ctx,
                map,
                prefix: path,
                known,
            }),
            other => {
                self.ctx.error_at_value(
                    &path,
                    format!(
                        "`{name}` must be a map of fields, found {}",
                        describe(&other)
                    ),
                    None,
                );
                None
            }
        }
    }

    /// Reports every field nobody took: unknown names, with a suggestion.
    pub fn finish(self) {
        for (key, _) in self.map {
            let name = match &key {
                Value::String(s) => s.clone(),
                other => format!("{other:?}"),
            };
            let mut path = self.prefix.clone();
            path.push(Seg::Key(name.clone()));
            let hint = match did_you_mean(&name, self.known.iter().copied()) {
                Some(close) => Some(format!("did you mean `{close}`?")),
                None => Some(format!("known fields: {}", self.known.join(", "))),
            };
            self.ctx
                .error(&path, format!("unknown field {}", quote(&name)), hint);
        }
    }
}

fn scalar_text(ctx: &FileContext, path: &[Seg], value: Value) -> Option<String> {
    match value {
        Value::String(s) => {
            // Line breaks and tabs are text; other control characters are
            // invisible, break terminals and feeds, and come from copy-paste.
            match s
                .chars()
                .find(|c| c.is_control() && !matches!(c, '\n' | '\t'))
            {
                Some(c) => {
                    ctx.error_at_value(
                        path,
                        format!(
                            "the text contains the invisible control character U+{:04X}",
                            c as u32
                        ),
                        Some("delete it: retype the text around it".into()),
                    );
                    None
                }
                None => Some(s),
            }
        }
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        other => {
            ctx.error_at_value(
                path,
                format!("expected text here, found {}", describe(&other)),
                Some("if the text contains `: ` or starts with `[`, `{`, `&` or `*`, put it in quotes".into()),
            );
            None
        }
    }
}

fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => quote(s),
        Value::Number(n) => n.to_string(),
        other => describe(other).to_string(),
    }
}
