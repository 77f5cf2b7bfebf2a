//! Drafts planned as files of the import folder (their text is
//! [`super::event_file`]'s), and the one place import writes to disk.
//!
//! A file is found again by its `uid:` (or, for an occurrence, by the
//! series and date it changes), so a second import of the same feed
//! rewrites the same files, and writes nothing when nothing changed.

use super::convert::{Draft, Key};
use super::event_file::{event_file, occurrence_file, with_status_cancelled};
use crate::diagnostics::Diagnostic;
use crate::fields::FileContext;
use crate::load::Loaded;
use crate::model::{is_reserved, is_slug, Status};
use crate::parse::{parse_event, EventFile};
use crate::recurrence::Ending;
use crate::source::{FileKind, Source};
use crate::when::When;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A file of the import folder.
#[derive(Debug, Clone)]
pub struct Found {
    pub path: PathBuf,
    pub slug: String,
    pub status: Status,
    /// The last day it happens on; `None` for a series without end.
    pub last_day: Option<NaiveDate>,
}

/// What is already in the calendar, as far as an import cares.
#[derive(Debug, Default)]
pub struct Existing {
    /// Files of the import folder, by how they are found again.
    pub by_key: BTreeMap<Key, Found>,
    /// Every event slug of the calendar.
    pub slugs: BTreeSet<String>,
    /// Events outside the import folder (by UID) and the dates of series
    /// they change, and their file.
    pub elsewhere: BTreeMap<Key, PathBuf>,
}

impl Existing {
    /// What the loaded calendar holds, for an import into `folder`.
    pub fn of(loaded: &Loaded, folder: &Path) -> Existing {
        let files: Vec<_> = loaded
            .events
            .iter()
            .chain(&loaded.events_with_problems)
            .collect();
        let uid_of: BTreeMap<&str, &str> = files
            .iter()
            .filter_map(|(_, f)| Some((f.slug.as_str(), f.uid.as_deref()?)))
            .collect();
        // An event without `uid:` has its slug at the site's host in the
        // feeds: a feed carrying that UID (the calendar's own, say) must
        // not write a copy of it. Such a file is never the import's own,
        // so nothing updates, cancels or removes it.
        let host = loaded.site.as_ref().map(crate::model::Site::uid_host);
        let mut existing = Existing::default();
        for (source, file) in files {
            existing.slugs.insert(file.slug.clone());
            let inside = source.path.parent() == Some(folder);
            let key = match (&file.uid, &file.occurrence_of, file.date, &host) {
                (Some(uid), _, _, _) => Key::Uid(uid.clone()),
                (None, None, _, Some(host)) => {
                    let derived = format!("{}@{host}", file.slug);
                    existing
                        .elsewhere
                        .insert(Key::Uid(derived), source.path.clone());
                    continue;
                }
                (None, Some(series), Some(date), _) => match uid_of.get(series.as_str()) {
                    Some(uid) => Key::Occurrence {
                        series: uid.to_string(),
                        date,
                    },
                    None => continue,
                },
                _ => continue,
            };
            if inside {
                let found = Found {
                    path: source.path.clone(),
                    slug: file.slug.clone(),
                    status: file.status.unwrap_or(Status::Confirmed),
                    last_day: last_day(file),
                };
                existing.by_key.insert(key, found);
            } else {
                existing.elsewhere.insert(key, source.path.clone());
            }
        }
        existing
    }
}

/// What happens to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Create,
    Update,
    Unchanged,
    /// Gone from the feed and marked `status: cancelled` (`--prune`).
    Cancel,
    /// A change to one date of a series that the feed no longer makes:
    /// its file is removed, and the date is the series' own again.
    Restore,
}

/// A file and its new bytes.
#[derive(Debug, Clone)]
pub struct Planned {
    pub path: PathBuf,
    pub change: Change,
    pub bytes: Vec<u8>,
    pub notes: Vec<String>,
}

/// Where each draft goes and what it says; `Err` for a draft whose UID
/// belongs to a file outside the import folder. Without a `root`, every
/// file is new.
pub fn plan(
    root: Option<&Path>,
    folder: &Path,
    drafts: &[Draft],
    existing: &Existing,
) -> (Vec<Planned>, Vec<(String, String)>) {
    let mut slugs = existing.slugs.clone();
    let mut slug_of: BTreeMap<String, String> = BTreeMap::new();
    let mut planned = Vec::new();
    let mut refused = Vec::new();
    // Series first: their occurrences name them by slug.
    let mut order: Vec<&Draft> = drafts.iter().collect();
    order.sort_by_key(|d| matches!(d.key, Key::Occurrence { .. }));
    let mut keys = BTreeSet::new();
    for draft in order {
        // Two events of a feed that would carry one UID: the first is kept.
        if !keys.insert(&draft.key) {
            refused.push((
                format!("`{}`", draft.fields.title),
                "another event of the feed has the same UID and date".into(),
            ));
            continue;
        }
        // A file of the organizer's own (a date they cancelled by hand,
        // say) wins over the feed: two files may not change one date.
        if let Some(path) = existing.elsewhere.get(&draft.key) {
            let why = match &draft.key {
                Key::Uid(_) => format!("its UID is already the UID of {}", path.display()),
                Key::Occurrence { date, .. } => format!(
                    "it changes {date} of its series, which {} changes already",
                    path.display()
                ),
            };
            refused.push((format!("`{}`", draft.fields.title), why));
            continue;
        }
        let (path, slug) = match existing.by_key.get(&draft.key) {
            Some(found) => (found.path.clone(), found.slug.clone()),
            None => {
                let slug = unique_slug(&draft.slug, &mut slugs);
                (folder.join(format!("{slug}.md")), slug)
            }
        };
        let text = match &draft.key {
            Key::Uid(uid) => {
                slug_of.insert(uid.clone(), slug);
                event_file(draft, uid)
            }
            Key::Occurrence { series, date } => {
                let Some(series_slug) = slug_of.get(series) else {
                    continue;
                };
                match occurrence_file(draft, series_slug, *date) {
                    Some(text) => text,
                    // Nothing differs from the series any more.
                    None => {
                        if let Some(found) = existing.by_key.get(&draft.key) {
                            planned.push(restore(found));
                        }
                        continue;
                    }
                }
            }
        };
        // The file must read back as the same parser `check` uses reads it:
        // whatever a feed holds, an import never writes a file that fails.
        if let Some(problem) = problem_in(&path, &text) {
            refused.push((
                format!("`{}`", draft.fields.title),
                format!("its file would not pass `meetcal check`: {problem}"),
            ));
            continue;
        }
        let change = match root.map(|root| std::fs::read(root.join(&path))) {
            Some(Ok(bytes)) if bytes == text.as_bytes() => Change::Unchanged,
            Some(Ok(_)) => Change::Update,
            _ => Change::Create,
        };
        planned.push(Planned {
            path,
            change,
            bytes: text.into_bytes(),
            notes: draft.notes.clone(),
        });
    }
    (planned, refused)
}

/// The last day an event file says it happens on (its end, its series'
/// `until` or last counted date); `None` for a series without end.
fn last_day(file: &EventFile) -> Option<NaiveDate> {
    // A change to one date may give no start: its date is the one it changes.
    let start = file.start.map(When::date).or(file.date)?;
    let end = file.end.map_or(start, |end| end.date()).max(start);
    match &file.repeat {
        None => Some(end),
        Some(rule) => match rule.ending {
            Ending::Never => None,
            Ending::Until(until) => Some(until.max(end)),
            Ending::Count(n) => {
                let horizon = start + chrono::Duration::days(366 * 200);
                rule.dates(start, horizon, n as usize).last().copied()
            }
        },
    }
}

fn restore(found: &Found) -> Planned {
    Planned {
        path: found.path.clone(),
        change: Change::Restore,
        bytes: Vec::new(),
        notes: Vec::new(),
    }
}

/// Files of the folder whose event is gone from the feed: cancelled with
/// `prune`, reported either way. Events that are over are neither: feeds
/// often list only what is to come, and an event that took place was not
/// cancelled.
pub fn gone(
    root: &Path,
    drafts: &[Draft],
    existing: &Existing,
    prune: bool,
    today: NaiveDate,
) -> (Vec<Planned>, Vec<PathBuf>) {
    let keys: BTreeSet<&Key> = drafts.iter().map(|d| &d.key).collect();
    let mut cancelled = Vec::new();
    let mut reported = Vec::new();
    for (key, found) in &existing.by_key {
        let (path, status) = (&found.path, &found.status);
        if keys.contains(key) || found.last_day.is_some_and(|last| last < today) {
            continue;
        }
        let is_event = matches!(key, Key::Uid(_));
        if prune && !is_event {
            cancelled.push(restore(found));
            continue;
        }
        if prune && is_event && *status != Status::Cancelled {
            if let Ok(text) = std::fs::read_to_string(root.join(path)) {
                cancelled.push(Planned {
                    path: path.clone(),
                    change: Change::Cancel,
                    bytes: with_status_cancelled(&text).into_bytes(),
                    notes: Vec::new(),
                });
                continue;
            }
        }
        // An event cancelled already has nothing more to say; a change to
        // one date (a cancelled date among them) is there until removed.
        if !is_event || *status != Status::Cancelled {
            reported.push(path.clone());
        }
    }
    (cancelled, reported)
}

/// Writes every planned file that changes, each replaced whole (written
/// beside it under a hidden name, then renamed over it), and keeps
/// `calendar` as the disk is after each one, so it stays true when a
/// write fails halfway.
pub fn apply(root: &Path, planned: &[Planned], calendar: &mut Loaded) -> Result<(), String> {
    for file in planned {
        write_one(root, file)?;
        record(calendar, file);
    }
    Ok(())
}

fn write_one(root: &Path, file: &Planned) -> Result<(), String> {
    let path = root.join(&file.path);
    match file.change {
        Change::Unchanged => Ok(()),
        Change::Restore => std::fs::remove_file(&path)
            .map_err(|e| format!("cannot remove {}: {e}", path.display())),
        Change::Create | Change::Update | Change::Cancel => {
            let dir = path.parent().ok_or("a file has no folder")?;
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("event");
            let temporary = dir.join(format!(".{name}.importing"));
            // Whatever is in the way goes (a link is removed, never followed),
            // and the new file is created, not opened: nothing is written
            // anywhere but here.
            let _ = std::fs::remove_file(&temporary);
            crate::output::create_new(&temporary, &file.bytes)
                .and_then(|()| std::fs::rename(&temporary, &path))
                .map_err(|e| format!("cannot write {}: {e}", path.display()))
        }
    }
}

/// The loaded calendar as it is once `file` is written: its event read
/// back as the loader would read it, in the place the loader would put it.
pub fn record(calendar: &mut Loaded, file: &Planned) {
    if file.change == Change::Unchanged {
        return;
    }
    for list in [&mut calendar.events, &mut calendar.events_with_problems] {
        list.retain(|(source, _)| source.path != file.path);
    }
    if file.change == Change::Restore {
        return;
    }
    let Ok(read) = read_back(&file.path, &file.bytes) else {
        return;
    };
    let Some(event) = read.event else { return };
    let list = if read.problems.is_empty() {
        &mut calendar.events
    } else {
        &mut calendar.events_with_problems
    };
    let at = list.partition_point(|(source, _)| source.path < file.path);
    list.insert(at, (read.source, Box::new(event)));
}

/// An event file read on its own, as `meetcal check` reads it.
struct ReadBack {
    source: Source,
    event: Option<EventFile>,
    problems: Vec<Diagnostic>,
}

fn read_back(path: &Path, bytes: &[u8]) -> Result<ReadBack, Diagnostic> {
    let source = Source::parse(path, bytes, FileKind::Markdown)?;
    let ctx = FileContext::new(&source);
    let slug = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    let event = parse_event(&ctx, slug.as_deref().unwrap_or_default());
    let problems = ctx.into_problems();
    Ok(ReadBack {
        source,
        event,
        problems,
    })
}

/// The first problem `meetcal check` would find in the event file `text`
/// on its own (its references to other files aside).
fn problem_in(path: &Path, text: &str) -> Option<String> {
    let read = match read_back(path, text.as_bytes()) {
        Ok(read) => read,
        Err(problem) => return Some(problem.message),
    };
    match (read.problems.into_iter().next(), read.event) {
        (Some(problem), _) => Some(problem.message),
        (None, None) => Some("it does not read as an event file".into()),
        (None, Some(_)) => None,
    }
}

fn unique_slug(base: &str, taken: &mut BTreeSet<String>) -> String {
    let base = if is_slug(base) && !is_reserved(base) {
        base.to_string()
    } else {
        let fixed = crate::model::slugify(base);
        if fixed.is_empty() || is_reserved(&fixed) {
            format!("event-{fixed}").trim_end_matches('-').to_string()
        } else {
            fixed
        }
    };
    let mut slug = base.clone();
    let mut n = 2;
    while taken.contains(&slug) {
        slug = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(slug.clone());
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_unique_and_never_reserved() {
        let mut taken: BTreeSet<String> = ["rust-night".to_string()].into();
        assert_eq!(unique_slug("rust-night", &mut taken), "rust-night-2");
        assert_eq!(unique_slug("rust-night", &mut taken), "rust-night-3");
        assert_eq!(unique_slug("con", &mut taken), "event-con");
        assert_eq!(unique_slug("", &mut taken), "event");
    }
}
