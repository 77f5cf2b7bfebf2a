//! `meetcal import` and `meetcal sync`: events published elsewhere (a
//! Meetup group, Google Calendar, Outlook) as ordinary event files.
//!
//! ```text
//! fetch -> read -> convert -> write
//! ```
//!
//! `fetch.rs` gets the bytes (a file or http(s), within limits), `read.rs`
//! parses them with the `icalendar` crate, `zones.rs` names each TZID's
//! IANA zone, `convert.rs` maps events to fields (`rules.rs`: RRULE to
//! `repeat:`, `text.rs`: descriptions to Markdown), and `write.rs` writes
//! the files, the only part that touches the disk. `sync.rs` runs an
//! import for every feed the group and venue files name.

mod convert;
mod event_file;
mod fetch;
mod read;
mod rules;
pub mod sync;
mod text;
mod write;
mod zones;

pub use fetch::{is_url, DEFAULT_TIMEOUT};

use crate::load::Loaded;
use convert::Defaults;
use std::path::{Path, PathBuf};
use std::time::Duration;
use write::{Change, Existing};

/// What `meetcal import` is asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// A file path or an http(s) URL.
    pub source: String,
    pub group: Option<String>,
    pub venue: Option<String>,
    pub tags: Vec<String>,
    /// The folder the files go in, relative to the root; see [`folder_for`].
    pub folder: Option<PathBuf>,
    pub dry_run: bool,
    pub prune: bool,
    pub timeout: Duration,
    /// Decides which events are over: those are never pruned.
    pub now: crate::when::now::Now,
}

/// What an import did (or, with `--dry-run`, would do).
#[derive(Debug, Default)]
pub struct Report {
    pub folder: PathBuf,
    pub created: Vec<PathBuf>,
    pub updated: Vec<PathBuf>,
    pub unchanged: Vec<PathBuf>,
    /// Gone from the feed and marked cancelled.
    pub cancelled: Vec<PathBuf>,
    /// Changes to one date that the feed no longer makes: removed.
    pub restored: Vec<PathBuf>,
    /// Gone from the feed, left as they are.
    pub gone: Vec<PathBuf>,
    /// An event and why it was not imported.
    pub skipped: Vec<(String, String)>,
    /// A file and what of its event did not come across.
    pub notes: Vec<(PathBuf, String)>,
    pub dry_run: bool,
}

impl Report {
    /// Whether any file was (or would be) written.
    pub fn changed(&self) -> bool {
        !(self.created.is_empty()
            && self.updated.is_empty()
            && self.cancelled.is_empty()
            && self.restored.is_empty())
    }

    /// One line per file written and per event skipped, then a count.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let verb = |done: &str, would: &str| {
            if self.dry_run {
                would.to_string()
            } else {
                done.to_string()
            }
        };
        for (list, done, would) in [
            (&self.created, "created  ", "would create"),
            (&self.updated, "updated  ", "would update"),
            (&self.cancelled, "cancelled", "would cancel"),
            (&self.restored, "restored ", "would restore"),
        ] {
            for path in list {
                out.push_str(&format!("{} {}\n", verb(done, would), path.display()));
            }
        }
        for (path, note) in &self.notes {
            out.push_str(&format!("note      {}: {note}\n", path.display()));
        }
        for (what, why) in &self.skipped {
            out.push_str(&format!("skipped   {what}: {why}\n"));
        }
        for path in &self.gone {
            out.push_str(&format!(
                "gone      {}: no longer in the feed (`--prune` marks it cancelled, or removes a change to one date)\n",
                path.display()
            ));
        }
        out.push_str(&format!(
            "{}: {} created, {} updated, {} unchanged, {} cancelled, {} restored, {} skipped, {} gone{}\n",
            self.folder.display(),
            self.created.len(),
            self.updated.len(),
            self.unchanged.len(),
            self.cancelled.len(),
            self.restored.len(),
            self.skipped.len(),
            self.gone.len(),
            if self.dry_run {
                " (dry run: nothing written)"
            } else {
                ""
            }
        ));
        out
    }
}

/// FNV-1a, 64 bits: the same on every machine and in every version, unlike
/// std's hasher, for names that must not change between imports.
pub(crate) fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Where imports go: a folder apart from the events written by hand.
pub const IMPORT_FOLDER: &str = "content/events/imported";

/// The folder a feed's files go in by default:
/// `content/events/imported/[<group>/]<feed>`, the feed named after its
/// file or its address, so each feed has a folder of its own and
/// `--prune` only ever looks at that feed's files. An address's name ends
/// with a hash of the whole address: two feeds that differ only in their
/// query or far into a long address get folders of their own.
pub fn folder_for(source: &str, owner: Option<&str>) -> PathBuf {
    let name = if is_url(source) {
        let rest = source.split_once("://").map_or(source, |(_, r)| r);
        let rest = rest.split(['?', '#']).next().unwrap_or(rest);
        crate::model::slugify(rest.trim_end_matches(".ics"))
    } else {
        let stem = Path::new(source)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("feed");
        crate::model::slugify(stem)
    };
    let name: String = name
        .chars()
        .take(60)
        .collect::<String>()
        .trim_end_matches('-')
        .to_string();
    let mut name = if name.is_empty() {
        "feed".to_string()
    } else {
        name
    };
    if is_url(source) {
        name = format!("{name}-{:08x}", stable_hash(source) as u32);
    }
    let mut folder = PathBuf::from(IMPORT_FOLDER);
    if let Some(owner) = owner {
        folder.push(owner);
    }
    folder.push(name);
    folder
}

/// The folder to give `--out` for `folder`, which is not under
/// `IMPORT_FOLDER`: its names after the part of that path it repeats
/// (`o2test`, `content/events/o2test`), under it; else the default.
fn inside_imports(folder: &Path, source: &str, owner: Option<&str>) -> PathBuf {
    use std::path::Component;
    let names: Vec<_> = folder
        .components()
        .filter_map(|c| match c {
            Component::Normal(name) => Some(name),
            _ => None,
        })
        .collect();
    let names = match folder.is_absolute() {
        true => &names[names.len().saturating_sub(1)..],
        false => &names[..],
    };
    let repeated = Path::new(IMPORT_FOLDER)
        .components()
        .zip(names)
        .take_while(|(ours, theirs)| ours.as_os_str() == **theirs)
        .count();
    match &names[repeated..] {
        [] => folder_for(source, owner),
        rest => rest
            .iter()
            .fold(PathBuf::from(IMPORT_FOLDER), |path, name| path.join(name)),
    }
}

/// The files a feed becomes in an empty calendar whose zone is `zone`, as
/// (path, text), without reading or writing anything: what an import would
/// write, for tools and for fuzzing the conversion.
pub fn files_for(bytes: &[u8], zone: chrono_tz::Tz) -> Result<Vec<(PathBuf, String)>, String> {
    let feed = read::read_feed(bytes)?;
    let defaults = Defaults {
        group: None,
        group_meets_somewhere: false,
        venue: None,
        tags: Vec::new(),
        zone,
        venues: Vec::new(),
    };
    let converted = convert::convert(&feed, &defaults);
    let folder = folder_for("feed.ics", None);
    let (planned, _) = write::plan(None, &folder, &converted.drafts, &Existing::default());
    Ok(planned
        .into_iter()
        .map(|file| (file.path, String::from_utf8_lossy(&file.bytes).into_owned()))
        .collect())
}

/// Imports one feed into the calendar at `root`.
pub fn import(root: &Path, options: &Options) -> Result<Report, String> {
    let bytes = fetch::fetch(&options.source, root, options.timeout)?;
    import_bytes(root, options, &bytes)
}

/// Imports a feed already read.
pub fn import_bytes(root: &Path, options: &Options, bytes: &[u8]) -> Result<Report, String> {
    let mut calendar = crate::load::load(root)?;
    import_into(root, &mut calendar, options, bytes)
}

/// Imports a feed already read into `calendar`, the calendar at `root` as
/// loaded once for the whole command. `calendar` is kept as the import
/// leaves the disk (in a dry run, as it would leave it), so a next feed of
/// `sync` sees this one's slugs and UIDs as taken.
fn import_into(
    root: &Path,
    calendar: &mut Loaded,
    options: &Options,
    bytes: &[u8],
) -> Result<Report, String> {
    let feed = read::read_feed(bytes)?;
    let defaults = defaults(calendar, options)?;
    let folder = options
        .folder
        .clone()
        .unwrap_or_else(|| folder_for(&options.source, options.group.as_deref()));
    if folder.is_absolute()
        || !folder.starts_with(IMPORT_FOLDER)
        || folder
            .components()
            .any(|c| matches!(c, std::path::Component::ParentDir))
    {
        return Err(format!(
            "the import folder {} must be inside {IMPORT_FOLDER}/, the only folder whose files imports may change: write `--out {}`",
            folder.display(),
            inside_imports(&folder, &options.source, options.group.as_deref()).display()
        ));
    }
    let converted = convert::convert(&feed, &defaults);
    let existing = Existing::of(calendar, &folder);
    let (mut planned, refused) = write::plan(Some(root), &folder, &converted.drafts, &existing);
    // A feed with no event at all is more likely broken than emptied: it
    // cancels nothing.
    let prune = options.prune && !converted.drafts.is_empty();
    let today = options.now.today_in(defaults.zone);
    let (cancelled, gone) = write::gone(root, &converted.drafts, &existing, prune, today);
    planned.extend(cancelled);
    if options.dry_run {
        for file in &planned {
            write::record(calendar, file);
        }
    } else {
        write::apply(root, &planned, calendar)?;
    }
    let mut report = Report {
        folder,
        dry_run: options.dry_run,
        gone,
        ..Report::default()
    };
    for file in planned {
        let list = match file.change {
            Change::Create => &mut report.created,
            Change::Update => &mut report.updated,
            Change::Unchanged => &mut report.unchanged,
            Change::Cancel => &mut report.cancelled,
            Change::Restore => &mut report.restored,
        };
        list.push(file.path.clone());
        for note in file.notes {
            report.notes.push((file.path.clone(), note));
        }
    }
    report.skipped = converted
        .skipped
        .into_iter()
        .map(|s| (s.what, s.why))
        .collect();
    report.skipped.extend(refused);
    for list in [
        &mut report.created,
        &mut report.updated,
        &mut report.unchanged,
        &mut report.cancelled,
    ] {
        list.sort();
    }
    report.notes.sort();
    Ok(report)
}

/// The calendar's zone, groups and venues, and the organizer's defaults,
/// checked against them.
fn defaults(loaded: &Loaded, options: &Options) -> Result<Defaults, String> {
    let site = loaded
        .site
        .as_ref()
        .ok_or("content/site.yaml is missing or has problems: run `meetcal check`")?;
    let mut zone = site.timezone;
    let mut group_meets_somewhere = false;
    if let Some(group) = &options.group {
        let (_, file) = loaded
            .groups
            .iter()
            .find(|(_, g)| &g.slug == group)
            .ok_or_else(|| format!("--group: there is no group `{group}` in content/groups/"))?;
        zone = file.timezone.unwrap_or(zone);
        group_meets_somewhere = file.venue.is_some();
    }
    if let Some(venue) = &options.venue {
        if !loaded
            .venues
            .iter()
            .any(|(_, v)| v.slug.as_deref() == Some(venue))
        {
            return Err(format!(
                "--venue: there is no venue `{venue}` in content/venues/"
            ));
        }
    }
    for tag in &options.tags {
        if !crate::model::is_slug(tag) {
            return Err(format!(
                "--tag: `{tag}` is not a slug (lowercase letters, digits and hyphens)"
            ));
        }
    }
    let venues = loaded
        .venues
        .iter()
        .filter_map(|(_, v)| Some((v.slug.clone()?, v.name.clone(), v.address.clone())))
        .collect();
    Ok(Defaults {
        group: options.group.clone(),
        group_meets_somewhere,
        venue: options.venue.clone(),
        tags: options.tags.clone(),
        zone,
        venues,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(events: &[&str]) -> Vec<u8> {
        let events: String = events
            .iter()
            .map(|e| format!("BEGIN:VEVENT\r\nDTSTAMP:20261201T120000Z\r\n{e}END:VEVENT\r\n"))
            .collect();
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{events}END:VCALENDAR\r\n").into_bytes()
    }

    #[test]
    fn a_cancelled_events_title_loses_the_feeds_prefix_in_any_language() {
        for (summary, status, title) in [
            ("Cancelled: Talk", "CANCELLED", "Talk"),
            ("CANCELED : Talk", "CANCELLED", "Talk"),
            ("Annulé\u{a0}: Talk", "CANCELLED", "Talk"),
            ("annulée : Talk", "CANCELLED", "Talk"),
            ("Cancelled: Annulé : Talk", "CANCELLED", "Talk"),
            ("Cancelled flights", "CANCELLED", "Cancelled flights"),
            ("Cancelled: Talk", "CONFIRMED", "'Cancelled: Talk'"),
        ] {
            let event = format!(
                "UID:t@x\r\nSUMMARY:{summary}\r\nSTATUS:{status}\r\nDTSTART:20270210T180000Z\r\n"
            );
            let files = files_for(&feed(&[&event]), chrono_tz::Europe::Paris).unwrap();
            let text = &files[0].1;
            assert!(
                text.contains(&format!("\ntitle: {title}\n")),
                "{summary}: {text}"
            );
        }
    }

    /// What an import reads of a calendar, for the folder it writes and
    /// for another one.
    fn seen(calendar: &Loaded) -> String {
        let events = |list: &[(crate::source::Source, Box<crate::parse::EventFile>)]| {
            list.iter().map(|(s, _)| s.path.clone()).collect::<Vec<_>>()
        };
        format!(
            "{:?}\n{:?}\n{:?}\n{:?}",
            events(&calendar.events),
            events(&calendar.events_with_problems),
            Existing::of(calendar, Path::new("content/events/imported/a")),
            Existing::of(calendar, Path::new("content/events/imported/b")),
        )
    }

    #[test]
    fn the_calendar_an_import_keeps_is_the_one_a_new_load_reads() {
        let root = crate::test_calendar::calendar_with::<&str>(&[]);
        let series = "UID:weekly@x\r\nSUMMARY:Weekly\r\nDTSTART:20270107T180000Z\r\nDURATION:PT2H\r\nRRULE:FREQ=WEEKLY;COUNT=6\r\n";
        let moved = "UID:weekly@x\r\nRECURRENCE-ID:20270114T180000Z\r\nSUMMARY:Weekly\r\nDTSTART:20270115T180000Z\r\nDURATION:PT2H\r\n";
        let once = "UID:once@x\r\nSUMMARY:Once\r\nDTSTART:20270210T180000Z\r\n";
        let mut calendar = crate::load::load(root.path()).unwrap();
        let mut import = |folder: &str, events: &[&str]| {
            let options = Options {
                source: "feed.ics".into(),
                group: None,
                venue: None,
                tags: Vec::new(),
                folder: Some(PathBuf::from(IMPORT_FOLDER).join(folder)),
                dry_run: false,
                prune: true,
                timeout: DEFAULT_TIMEOUT,
                now: "2027-01-01".parse().unwrap(),
            };
            import_into(root.path(), &mut calendar, &options, &feed(events)).unwrap();
            let fresh = crate::load::load(root.path()).unwrap();
            assert_eq!(seen(&calendar), seen(&fresh), "after {folder} {events:?}");
        };
        // Created, then updated and restored, then cancelled; the other
        // folder sees each step.
        import("a", &[series, moved, once]);
        import("b", &[&once.replace("once@x", "other@x")]);
        import("a", &[&series.replace("Weekly", "Weekly!"), once]);
        import("a", &[series]);
    }
}
