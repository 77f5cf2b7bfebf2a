//! `meetcal new`: writes a valid starting file for an event, group or venue.
//!
//! The text is produced with serde_yaml (so quoting is always right), then
//! read back with the same parser `check` uses before anything is written.

use crate::diagnostics::Diagnostic;
use crate::fields::FileContext;
use crate::model::{is_slug, slugify};
use crate::parse::{parse_event, parse_group, parse_venue};
use crate::source::{FileKind, Source};
use crate::validate::check_one_off_times;
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

    /// [`Draft::problems`], and for a one-off event in the calendar at
    /// `root`, whether its start and end exist on the clock of its zone:
    /// its own `timezone`, else its group's, else the site's.
    pub fn problems_in(&self, root: &Path) -> Vec<Diagnostic> {
        self.checked(Some(root))
    }

    /// Parses the draft as `check` would, so `new` never writes an invalid file.
    pub fn problems(&self) -> Vec<Diagnostic> {
        self.checked(None)
    }

    fn checked(&self, root: Option<&Path>) -> Vec<Diagnostic> {
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
                let one_off = event.as_ref().filter(|e| e.repeat.is_none());
                if let Some((event, root)) = one_off.zip(root) {
                    let zone = event
                        .timezone
                        .or_else(|| event.group.as_deref().and_then(|g| group_zone(root, g)))
                        .or_else(|| zone_in(root, Path::new("content/site.yaml")));
                    if let (Some(zone), Some(start)) = (zone, event.start) {
                        check_one_off_times(&ctx, zone, start, event.end);
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

/// The `timezone:` of a calendar file, if it has one that reads.
fn zone_in(root: &Path, path: &Path) -> Option<chrono_tz::Tz> {
    let kind = FileKind::from_path(path)?;
    let bytes = std::fs::read(root.join(path)).ok()?;
    let source = Source::parse(path, &bytes, kind).ok()?;
    let fields = source.read_yaml().ok()?;
    let at = crate::yaml::position_of(&fields, "timezone")?;
    crate::when::parse_timezone(fields[at].1.as_str()?).ok()
}

fn group_zone(root: &Path, slug: &str) -> Option<chrono_tz::Tz> {
    files_of(root, Kind::Group)
        .into_iter()
        .find(|path| slug_of(path) == Some(slug))
        .and_then(|path| zone_in(root, &path))
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
    fn a_one_off_start_must_exist_on_its_zones_clock() {
        let root = tempfile::tempdir().unwrap();
        let write = |path: &str, text: &str| {
            let full = root.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        };
        write(
            "content/site.yaml",
            "title: T\nbase_url: https://example.org/\ntimezone: Europe/Paris\n",
        );
        write(
            "content/groups/mtl.md",
            "---\nname: M\ntimezone: America/Toronto\n---\n",
        );
        let messages = |fields: Vec<(&'static str, Value)>| -> Vec<String> {
            let draft = event(fields);
            assert!(draft.problems().is_empty(), "without the calendar, no zone");
            draft
                .problems_in(root.path())
                .into_iter()
                .map(|d| format!("{}:{}", d.line, d.message))
                .collect()
        };
        // The clocks skip 02:30 in Paris on 28 March 2027.
        let gap = messages(vec![
            ("title", text("A")),
            ("start", text("2027-03-28 02:30")),
        ]);
        assert_eq!(gap.len(), 1, "{gap:?}");
        assert!(
            gap[0].starts_with("3:2027-03-28 02:30 does not exist in Europe/Paris"),
            "{gap:?}"
        );
        // The group's zone, and the event's own, come first.
        let in_group = vec![
            ("title", text("A")),
            ("start", text("2027-03-28 02:30")),
            ("group", text("mtl")),
        ];
        assert!(messages(in_group).is_empty());
        let own = messages(vec![
            ("title", text("A")),
            ("start", text("2027-03-14 02:30")),
            ("timezone", text("America/Toronto")),
        ]);
        assert!(
            own[0].contains("does not exist in America/Toronto"),
            "{own:?}"
        );
        // A series may start on such a day: it keeps its length that day.
        let series = vec![
            ("title", text("A")),
            ("start", text("2027-03-28 02:30")),
            ("repeat", serde_yaml::from_str("{every: week}").unwrap()),
        ];
        assert!(messages(series).is_empty());
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
