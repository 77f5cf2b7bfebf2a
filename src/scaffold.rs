//! `meetcal new`: writes a valid starting file for an event, group or venue.
//!
//! The text is produced with serde_yaml (so quoting is always right), then
//! read back with the same parser `check` uses before anything is written.

use crate::diagnostics::Diagnostic;
use crate::fields::FileContext;
use crate::model::{is_slug, slugify};
use crate::parse::{parse_event, parse_group, parse_venue};
use crate::source::{FileKind, Source};
use serde_yaml::{Mapping, Value};
use std::path::{Path, PathBuf};

pub use crate::load::Kind;

/// A new file: its fields in order, and where it goes.
#[derive(Debug, Clone)]
pub struct Draft {
    pub kind: Kind,
    pub slug: String,
    /// A sub-folder of `content/events/`, if any.
    pub folder: Option<PathBuf>,
    pub fields: Vec<(&'static str, Value)>,
    pub body: String,
}

impl Draft {
    /// The slug from the title or name: one-off events get their date appended,
    /// so that next year's edition does not collide.
    pub fn default_slug(kind: Kind, name: &str, start: Option<&str>, repeating: bool) -> String {
        let base = slugify(name);
        match (kind, start) {
            (Kind::Event, Some(start)) if !repeating => {
                let date: String = start.chars().take(10).collect();
                format!("{base}-{}", slugify(&date))
            }
            _ => base,
        }
    }

    pub fn path(&self) -> PathBuf {
        let mut path = PathBuf::from("content").join(self.kind.folder());
        if let Some(folder) = &self.folder {
            path.push(folder);
        }
        path.join(format!("{}.md", self.slug))
    }

    pub fn text(&self) -> String {
        let mut map = Mapping::new();
        for (name, value) in &self.fields {
            map.insert(Value::String(name.to_string()), value.clone());
        }
        let yaml = serde_yaml::to_string(&map).expect("a mapping of strings serializes");
        format!("---\n{yaml}---\n{}", self.body)
    }

    /// Parses the draft as `check` would, so `new` never writes an invalid file.
    pub fn problems(&self) -> Vec<Diagnostic> {
        if !is_slug(&self.slug) {
            return vec![Diagnostic::new(
                self.path(),
                1,
                1,
                format!("`{}` is not a valid slug", self.slug),
            )
            .with_hint(Some("use lowercase letters, digits and hyphens".into()))];
        }
        if let Some(folder) = self.folder.as_deref().filter(|f| !is_sub_folder(f)) {
            return vec![Diagnostic::new(
                self.path(),
                1,
                1,
                format!(
                    "`{}` is not a sub-folder of content/events/",
                    folder.display()
                ),
            )
            .with_hint(Some(
                "give a folder such as `2027` or `rust-paris`: no `..`, no absolute path, and no name starting with `.` or `_`, which meetcal does not read".into(),
            ))];
        }
        let path = self.path();
        // The fields are checked as `check` will check them; the placeholder
        // description is there for the organizer to replace, so it is left
        // out here.
        let fields_only = Draft {
            body: String::new(),
            ..self.clone()
        };
        let text = fields_only.text();
        let source = match Source::parse(&path, text.as_bytes(), FileKind::Markdown) {
            Ok(source) => source,
            Err(d) => return vec![d],
        };
        let ctx = FileContext::new(&source);
        match self.kind {
            Kind::Event => {
                // The one check of the calendar's that needs no other file:
                // a series starts on one of its own dates.
                let event = parse_event(&ctx, &self.slug);
                if let Some((rule, start)) =
                    event.as_ref().and_then(|e| e.repeat.as_ref().zip(e.start))
                {
                    if let Err(e) = rule.check_start(start.date()) {
                        ctx.error_at_value(&crate::yaml::key("start"), e.message, e.hint);
                    }
                }
            }
            Kind::Group => {
                parse_group(&ctx, &self.slug);
            }
            Kind::Venue => {
                parse_venue(&ctx, &self.slug);
            }
        }
        ctx.into_problems()
    }

    /// Writes the file under `root`, never replacing an existing one.
    pub fn write(&self, root: &Path) -> Result<PathBuf, String> {
        let relative = self.path();
        if let Some(existing) = existing_slug(root, self.kind, &self.slug) {
            return Err(format!(
                "the slug `{}` is already used by {}; choose another with --slug",
                self.slug,
                existing.display()
            ));
        }
        crate::output::create_new(&root.join(&relative), self.text().as_bytes())
            .map_err(|e| format!("cannot create {}: {e}", relative.display()))?;
        Ok(relative)
    }
}

/// Whether `folder` names a folder under `content/events/` that `load`
/// reads: plain names only, none hidden or a draft's.
fn is_sub_folder(folder: &Path) -> bool {
    let mut parts = folder.components().peekable();
    parts.peek().is_some()
        && parts.all(|part| match part {
            std::path::Component::Normal(name) => name
                .to_str()
                .is_some_and(|name| !name.starts_with(['.', '_'])),
            _ => false,
        })
}

/// The files of `kind` that `load` reads, found by the same walk, so a
/// slug is taken exactly when the calendar would see it.
fn files_of(root: &Path, kind: Kind) -> Vec<PathBuf> {
    crate::load::list_content(root, &mut Vec::new())
        .into_iter()
        .filter(|(_, k)| *k == kind)
        .map(|(path, _)| path)
        .collect()
}

fn slug_of(path: &Path) -> Option<&str> {
    path.file_stem().and_then(|s| s.to_str())
}

/// A file of the same kind with this slug, anywhere in its folder.
fn existing_slug(root: &Path, kind: Kind, slug: &str) -> Option<PathBuf> {
    files_of(root, kind)
        .into_iter()
        .find(|path| slug_of(path) == Some(slug))
}

/// Slugs of the files in `content/<folder>/`, for checking references.
pub fn known_slugs(root: &Path, kind: Kind) -> Vec<String> {
    let mut slugs: Vec<String> = files_of(root, kind)
        .iter()
        .filter_map(|path| slug_of(path).map(String::from))
        .collect();
    slugs.sort();
    slugs
}

pub fn text(value: &str) -> Value {
    Value::String(value.to_string())
}

pub fn list(values: &[String]) -> Value {
    Value::Sequence(values.iter().map(|v| text(v)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(fields: Vec<(&'static str, Value)>) -> Draft {
        Draft {
            kind: Kind::Event,
            slug: "rust-night-2027-02-10".into(),
            folder: None,
            fields,
            body: "\nWhat will happen, who it is for.\n".into(),
        }
    }

    #[test]
    fn drafts_quote_what_needs_quoting() {
        let draft = event(vec![
            ("title", text("Rust night: async # 3")),
            ("start", text("2027-02-10 19:00")),
        ]);
        assert!(draft.problems().is_empty(), "{:?}", draft.problems());
        assert!(draft.text().starts_with("---\n"));
    }

    #[test]
    fn drafts_with_bad_values_report_problems() {
        let draft = event(vec![
            ("title", text("A")),
            ("start", text("2027-02-30 19:00")),
        ]);
        let problems = draft.problems();
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("not a date"));
    }

    #[test]
    fn one_off_slugs_carry_their_date() {
        assert_eq!(
            Draft::default_slug(Kind::Event, "Rust Night", Some("2027-02-10 19:00"), false),
            "rust-night-2027-02-10"
        );
        assert_eq!(
            Draft::default_slug(Kind::Event, "Open Coffee", Some("2027-02-11 08:30"), true),
            "open-coffee"
        );
    }
}
