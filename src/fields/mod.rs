//! Typed reading of a file's fields, collecting every problem with its line.
//!
//! A derived `Deserialize` would stop at the first error, so each field is
//! taken out of the map on its own and each mistake is recorded against the
//! key it came from, located with the positions the YAML reader kept.

use crate::diagnostics::quote;
use crate::limits::max_chars;
use crate::yaml::{describe, position_of, Entries, FieldPath, Seg, Value};

mod comments;
mod context;
mod controls;
mod nested;
mod unknown;
pub use context::{FileContext, MAX_PROBLEMS};
pub use controls::{invisible_control, INVISIBLE_CONTROL_HINT};

/// The fields of one YAML map (the file itself, or a nested map such as `repeat`).
pub struct Fields<'c, 's> {
    pub ctx: &'c FileContext<'s>,
    map: Entries,
    prefix: FieldPath,
    known: &'static [&'static str],
}

impl<'c, 's> Fields<'c, 's> {
    pub fn new(ctx: &'c FileContext<'s>, map: Entries, known: &'static [&'static str]) -> Self {
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
        position_of(&self.map, name).is_some()
    }

    /// A field's value, left in place.
    pub fn peek(&self, name: &str) -> Option<&Value> {
        Some(&self.map.get(position_of(&self.map, name)?)?.1)
    }

    /// A field's value, when it is text, left in place.
    pub fn peek_text(&self, name: &str) -> Option<&str> {
        self.map.get(position_of(&self.map, name)?)?.1.as_str()
    }

    /// Takes a field's raw value, if present and not null.
    pub fn take(&mut self, name: &str) -> Option<Value> {
        match self.take_written(name)? {
            Value::Null => None,
            value => Some(value),
        }
    }

    /// Takes a field's raw value, null included, if present.
    pub fn take_written(&mut self, name: &str) -> Option<Value> {
        debug_assert!(self.known.contains(&name), "{name} is not declared");
        // Swapped out, as a `Mapping` removes: unknown fields are reported
        // in the same order.
        Some(self.map.swap_remove(position_of(&self.map, name)?).1)
    }

    /// Takes a field that an error has already accounted for, known or not.
    pub fn forget(&mut self, name: &str) {
        if let Some(at) = position_of(&self.map, name) {
            self.map.swap_remove(at);
        }
    }

    /// A text field. Numbers and booleans are read as the text they were written as.
    pub fn text(&mut self, name: &str) -> Option<String> {
        let value = self.take(name)?;
        scalar_text(self.ctx, name, || self.path(name), value)
    }

    /// Free text, or `None` with the problem recorded when a comment took
    /// its value: `title: #rustparis night` is empty to YAML.
    fn free_text(&mut self, name: &str) -> Option<String> {
        match self.take_written(name)? {
            Value::Null => {
                self.comment_ate(name);
                None
            }
            value => scalar_text(self.ctx, name, || self.path(name), value),
        }
    }

    /// A text field on one line, such as a title.
    pub fn line(&mut self, name: &str) -> Option<String> {
        let value = self.free_text(name)?;
        if value.trim().contains('\n') {
            self.ctx.error_at_value(
                &self.path(name),
                format!("`{name}` must be one line"),
                Some("put longer text in the description".into()),
            );
            return None;
        }
        if self.cut_by_comment(name, &value) {
            return None;
        }
        Some(value.trim().to_string())
    }

    /// Free text, such as a description or a venue's notes, refused where
    /// a comment cut it short: `description: Join us #rustlang` would
    /// publish "Join us".
    pub fn prose(&mut self, name: &str) -> Option<String> {
        let value = self.free_text(name)?;
        if self.cut_by_comment(name, &value) {
            return None;
        }
        Some(self.paragraphs_kept(name, value))
    }

    /// Text written on several lines after `name:` other than as a `|`
    /// block (plain, in quotes, or `>`): YAML joins its lines, and a blank
    /// line between two paragraphs becomes a single line break, which
    /// Markdown reads as a space. Such a break comes from a blank line (or
    /// a `\n` in double quotes), so it is made a blank line again: the
    /// paragraphs the text was written in.
    fn paragraphs_kept(&self, name: &str, value: String) -> String {
        if !value.contains('\n') {
            return value;
        }
        let path = self.path(name);
        let literal = |c: Option<char>| c == Some('|');
        if literal(self.ctx.first_after_key(&path)) || literal(self.ctx.first_written(&path)) {
            return value;
        }
        value.replace('\n', "\n\n")
    }

    /// A one-line text field that must be present. `example` is a value
    /// for the hint, made only when the field is missing or empty (it may
    /// be read from the file's name).
    pub fn required_text(
        &mut self,
        name: &str,
        example: impl FnOnce() -> String,
    ) -> Option<String> {
        if !self.required(name, example, true) {
            return None;
        }
        self.line(name)
    }

    /// Whether a field that must be present has a value; reports it
    /// missing or empty (`start:` with nothing after it) otherwise.
    pub fn require(&mut self, name: &str, example: impl FnOnce() -> String) -> bool {
        self.required(name, example, false)
    }

    /// [`Fields::require`]; for a text field (`text`), a value a comment
    /// took is said so, with the line that keeps it.
    fn required(&mut self, name: &str, example: impl FnOnce() -> String, text: bool) -> bool {
        if !self.has(name) {
            self.missing(name, &example());
            return false;
        }
        let blank = match position_of(&self.map, name).map(|i| &self.map[i].1) {
            Some(Value::Null) => true,
            Some(Value::String(s)) => s.trim().is_empty(),
            _ => false,
        };
        if blank {
            self.forget(name);
            if text && self.comment_ate(name) {
                return false;
            }
            self.ctx.error(
                &self.path(name),
                format!("`{name}` is empty"),
                Some(format!("write it as `{name}: {}`", example())),
            );
            return false;
        }
        true
    }

    pub fn missing(&self, name: &str, example: &str) {
        // A misspelt key (`titel`), or another calendar's name (`name` for
        // `title`), is reported as unknown with "did you mean `title`?";
        // saying `title` is missing too would only add noise. A field of
        // its own (`status` beside a missing `start`) is no misspelling,
        // however close.
        let misspelt = self
            .map
            .iter()
            .filter_map(|(k, _)| k.as_str())
            .filter(|k| !self.known.contains(k))
            .any(|k| unknown::meant(k, self.known) == Some(name));
        if misspelt {
            return;
        }
        let message = format!("missing required field `{name}`");
        let simple = Some(format!("add a line `{name}: {example}`"));
        let parent = match self.prefix.last() {
            None => return self.ctx.error_in_file(message, simple),
            Some(Seg::Key(parent)) => parent,
            // An item of a list (`import:`'s), located at its first field.
            Some(Seg::Index(_)) => return self.ctx.error(&self.prefix, message, simple),
        };
        let positions = self.ctx.source.positions();
        let fields_at = positions.value(&self.prefix);
        let hint = match fields_at.line == positions.key(&self.prefix).line {
            // `repeat: {on: tuesday}`
            true => format!("add `{name}: {example}` to `{parent}:`"),
            // Below `repeat:`, indented as the fields already there, or the
            // line would be read as one of the file's own fields.
            false => format!(
                "add the line `{}{name}: {example}` below `{parent}:`, indented as its fields",
                " ".repeat(fields_at.column - 1)
            ),
        };
        self.ctx.error(&self.prefix, message, Some(hint));
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
                    scalar_text(self.ctx, name, || item_path.clone(), item)
                        .map(|text| (text, item_path))
                })
                .collect(),
            other => scalar_text(self.ctx, name, || path.clone(), other)
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
        if let Some(n) = value.as_f64().filter(|n| range.contains(n)) {
            return Some(n);
        }
        let text = value.as_str().map(str::trim).unwrap_or_default();
        let in_range = |text: &str| {
            text.parse::<f64>()
                .is_ok_and(|n| n.is_finite() && range.contains(&n))
        };
        let dotted = text.replacen(',', ".", 1);
        let (message, hint) = if in_range(text) {
            // `lat: "48.8672"`: a number in quotes is a text to YAML.
            (
                format!("`{name}` is in quotes, which makes it a text, not a number"),
                format!("remove the quotes: `{name}: {text}`"),
            )
        } else if in_range(&dotted) {
            // `lat: 48,8809`: a decimal comma, as French writes numbers.
            (
                format!("`{name}` has a decimal comma, found {}", shown(&value)),
                format!("write the decimals after a dot: `{name}: {dotted}`"),
            )
        } else {
            (
                format!(
                    "`{name}` must be a number from {} to {}, found {}",
                    range.start(),
                    range.end(),
                    shown(&value)
                ),
                hint.to_string(),
            )
        };
        self.ctx
            .error_at_value(&self.path(name), message, Some(hint));
        None
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

    /// Reports every field nobody took: unknown names, with a suggestion.
    pub fn finish(self) {
        for (key, value) in self.map {
            let name = match &key {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                other => {
                    // `[a, b]: x` or `{a: b}: x`: no name to suggest from.
                    self.ctx.error(
                        &self.prefix,
                        format!("a field's name must be a word, found {}", describe(other)),
                        Some("write one field a line, as `title: Rust night`".into()),
                    );
                    continue;
                }
            };
            let mut path = self.prefix.clone();
            path.push(Seg::Key(name.clone()));
            let hint = Some(unknown::hint(&name, &value, self.known));
            self.ctx
                .error(&path, format!("unknown field {}", quote(&name)), hint);
        }
    }
}

/// A scalar of the field `field` as text. Its `path` is made only for a
/// message: most fields have none, and a path is an allocation a step.
fn scalar_text(
    ctx: &FileContext,
    field: &str,
    path: impl Fn() -> FieldPath,
    value: Value,
) -> Option<String> {
    match value {
        Value::String(s) => match invisible_control(&s) {
            Some((at, message)) => {
                let character = s[at..].chars().next().unwrap_or_default();
                ctx.error_at_character(
                    &path(),
                    character,
                    message,
                    Some(INVISIBLE_CONTROL_HINT.into()),
                );
                None
            }
            None => within_length(ctx, field, path, s),
        },
        Value::Number(n) => Some(
            ctx.as_written(&path(), &Value::Number(n.clone()))
                .unwrap_or_else(|| n.to_string()),
        ),
        Value::Bool(b) => Some(
            ctx.as_written(&path(), &Value::Bool(b))
                .unwrap_or_else(|| b.to_string()),
        ),
        other => {
            ctx.error_at_value(
                &path(),
                format!("expected text here, found {}", describe(&other)),
                Some(one_value_hint(field, &other)),
            );
            None
        }
    }
}

/// The hint for a list or a map where `field` takes one value: a list of
/// words is most often several values (`venue: [a, b]`), else YAML read
/// brackets or a `: ` in the text.
fn one_value_hint(field: &str, value: &Value) -> String {
    let quoting = "if the text contains `: ` or starts with `[`, `{`, `&` or `*`, put it in quotes";
    let Value::Sequence(items) = value else {
        return quoting.into();
    };
    let words: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
    match words.as_slice() {
        [one] if items.len() == 1 => format!(
            "write `{field}: {one}` without the brackets, or `{field}: \"[{one}]\"` to keep them"
        ),
        [first, _, ..] if words.len() == items.len() => {
            format!("`{field}` takes one value, such as `{field}: {first}`; {quoting}")
        }
        _ => quoting.into(),
    }
}

fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => quote(s),
        Value::Number(n) => n.to_string(),
        other => describe(other).to_string(),
    }
}

/// The text, unless it is longer than its field allows ([`max_chars`]).
fn within_length(
    ctx: &FileContext,
    field: &str,
    path: impl Fn() -> FieldPath,
    text: String,
) -> Option<String> {
    check_length(field, &text)
        .map_err(|(message, hint)| ctx.error_at_value(&path(), message, Some(hint)))
        .ok()?;
    Some(text)
}

/// Whether `text` fits its field; the message and hint when it does not.
pub fn check_length(field: &str, text: &str) -> Result<(), (String, String)> {
    let Some(max) = max_chars(field) else {
        return Ok(());
    };
    // Counting stops past the limit: a long text costs no more than a short one.
    let text = text.trim();
    // A text has no more characters than bytes.
    if text.len() <= max {
        return Ok(());
    }
    let count = text.chars().take(max + 1).count();
    if count <= max {
        return Ok(());
    }
    let hint = match field {
        "description" => "keep the essentials here and link to a page with the details".to_string(),
        "title" | "name" => {
            "a title is shown in every list of the calendar: put the details in the description"
                .to_string()
        }
        _ => "shorten it".to_string(),
    };
    Err((
        format!(
            "`{field}` is longer than {max} characters ({} characters)",
            text.chars().count()
        ),
        hint,
    ))
}

#[cfg(test)]
mod tests;
