//! Finding and reading the content files. The only stage that reads `content/`.

use crate::diagnostics::{quote, Diagnostic};
use crate::fields::FileContext;
use crate::model::{is_reserved, is_slug, slugify, Site, Venue};
use crate::parse::{parse_event, parse_group, parse_site, parse_venue, EventFile, GroupFile};
use crate::source::{FileKind, Source};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Folders deeper than this under `content/events/` are refused.
pub const MAX_DEPTH: usize = 8;

mod cache;
mod read;

pub use cache::LoadCache;
pub use read::is_symlink;
use read::{read, symlink_refused};

/// Every file read and parsed on its own, with the problems found so far.
#[derive(Debug, Default, Clone)]
pub struct Loaded {
    pub site: Option<Site>,
    pub groups: Vec<(Source, GroupFile)>,
    pub venues: Vec<(Source, Venue)>,
    /// Boxed: an event file is large, and the list is moved from stage to
    /// stage; a box moves as a pointer.
    pub events: Vec<(Source, Box<EventFile>)>,
    /// Events with problems of their own: only their references are checked,
    /// so one run reports those too, without follow-on errors.
    pub events_with_problems: Vec<(Source, Box<EventFile>)>,
    pub problems: Vec<Diagnostic>,
}

/// The kinds of content file, each in its folder of `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Group,
    Venue,
    Event,
}

impl Kind {
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Event => "events",
            Kind::Group => "groups",
            Kind::Venue => "venues",
        }
    }
}

/// What a load with a cache read: the site and the problems found outside
/// the files (`loaded`), and each file, parsed on its own and shared with the
/// cache.
pub struct Shared {
    pub loaded: Loaded,
    pub parts: Vec<Arc<Loaded>>,
}

/// [`load`], reusing what `cache` holds of files that did not change since,
/// and leaving in it what this load read.
pub fn load_with(root: &Path, cache: &mut LoadCache) -> Result<Shared, String> {
    let (loaded, jobs) = load_site(root, |problems| cache.list(root, problems))?;
    let parts = match jobs {
        Some(jobs) => cache.load(root, jobs),
        None => {
            cache.forget_listing();
            Vec::new()
        }
    };
    Ok(Shared { loaded, parts })
}

/// The content files to read, with their kind.
type Jobs = Vec<(PathBuf, Kind)>;

/// site.yaml, read, and the other files to read, listed; `None` when
/// there is no `content/` folder to read them from.
fn load_site<Listed>(
    root: &Path,
    list: impl FnOnce(&mut Vec<Diagnostic>) -> Listed,
) -> Result<(Loaded, Option<Listed>), String> {
    if !root.is_dir() {
        return Err(format!("{} is not a folder", root.display()));
    }
    let content = root.join("content");
    let mut loaded = Loaded::default();
    // Links inside content/ are refused one by one below; a linked content/
    // itself would bring in a whole folder from elsewhere.
    if is_symlink(&content) {
        loaded.problems.push(symlink_refused(Path::new("content")));
        return Ok((loaded, None));
    }
    let site_path = Path::new("content").join("site.yaml");
    match read(root, &site_path, FileKind::Yaml) {
        Ok(source) => {
            let ctx = FileContext::new(&source);
            loaded.site = parse_site(&ctx);
            loaded.problems.extend(ctx.into_problems());
        }
        Err(d) => loaded.problems.push(d),
    }
    if !content.is_dir() {
        return Ok((loaded, None));
    }
    let jobs = list(&mut loaded.problems);
    if root.join(crate::output::MARKER).exists() {
        loaded.problems.push(
            Diagnostic::new(
                crate::output::MARKER,
                1,
                1,
                "this marker file would let `meetcal build` replace the calendar's folder".into(),
            )
            .with_hint(Some(
                "delete it: only meetcal writes it, into the site it builds".into(),
            )),
        );
    }
    Ok((loaded, Some(jobs)))
}

/// Reads `<root>/content`. Problems with the content are collected in
/// `Loaded::problems`; only a missing root is an `Err`.
pub fn load(root: &Path) -> Result<Loaded, String> {
    let (mut loaded, parts) = load_site(root, |problems| list_and_read(root, problems))?;
    let parts = parts.unwrap_or_default();
    let events: usize = parts.iter().map(|p| p.events.len()).sum();
    loaded.events.reserve_exact(events);
    for part in parts {
        loaded.groups.extend(part.groups);
        loaded.venues.extend(part.venues);
        loaded.events.extend(part.events);
        loaded
            .events_with_problems
            .extend(part.events_with_problems);
        loaded.problems.extend(part.problems);
    }
    Ok(loaded)
}

/// How many listed files one task reads and parses, into one part: a part
/// per file was lists of one, made and copied ten thousand times.
const FILES_PER_PART: usize = 64;

/// Lists content/ and reads its files as they are listed: each batch of
/// them is parsed on another core while the listing goes on, which took
/// milliseconds of one core before any file was read. The parts come back
/// in the listing's order, so the result does not depend on which thread
/// was quicker.
fn list_and_read(root: &Path, problems: &mut Vec<Diagnostic>) -> Vec<Loaded> {
    let (sender, parts) = std::sync::mpsc::channel();
    rayon::scope(|scope| {
        let mut sent = 0;
        let mut read_in_part = |jobs: Jobs| {
            let (sender, order) = (sender.clone(), sent);
            sent += 1;
            scope.spawn(move |_| {
                let mut part = Loaded::default();
                for (path, kind) in &jobs {
                    read_file(root, path, *kind, &mut part);
                }
                // The receiver outlives the scope.
                let _ = sender.send((order, part));
            });
        };
        let mut jobs = Vec::with_capacity(FILES_PER_PART);
        list_content_each(root, problems, |job| {
            jobs.push(job);
            if jobs.len() == FILES_PER_PART {
                read_in_part(std::mem::replace(
                    &mut jobs,
                    Vec::with_capacity(FILES_PER_PART),
                ));
            }
        });
        if !jobs.is_empty() {
            read_in_part(jobs);
        }
    });
    drop(sender);
    let mut parts: Vec<(usize, Loaded)> = parts.into_iter().collect();
    parts.sort_unstable_by_key(|(order, _)| *order);
    parts.into_iter().map(|(_, part)| part).collect()
}

/// Reads and parses one file on its own.
fn load_file(root: &Path, path: &Path, kind: Kind) -> Loaded {
    let mut part = Loaded::default();
    read_file(root, path, kind, &mut part);
    part
}

fn read_file(root: &Path, path: &Path, kind: Kind, loaded: &mut Loaded) {
    let Some(file_kind) = FileKind::from_path(path) else {
        return;
    };
    let slug = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !is_slug(&slug) {
        let suggestion = slugify(&slug);
        let renamed = format!(
            "{suggestion}.{}",
            path.extension().unwrap_or_default().to_string_lossy()
        );
        let hint = if suggestion.is_empty() {
            "name files with lowercase letters, digits and hyphens".to_string()
        } else if sibling_named(&root.join(path), &renamed) {
            // `Rust-Night.md` beside `rust-night.md`: one file on macOS and Windows.
            format!("`{renamed}` is already there, and the two are one file on macOS and Windows: keep one of them")
        } else {
            format!("rename the file to `{renamed}`")
        };
        loaded.problems.push(
            Diagnostic::new(
                path,
                1,
                1,
                format!(
                    "the file name {} is not a valid slug: it becomes the page's address",
                    quote(&slug)
                ),
            )
            .with_hint(Some(hint)),
        );
        return;
    }
    if is_reserved(&slug) {
        loaded.problems.push(
            Diagnostic::new(
                path,
                1,
                1,
                format!(
                    "the file name `{slug}` is reserved on Windows, where the calendar could not be checked out"
                ),
            )
            .with_hint(Some(format!(
                "add a word to it, such as `{slug}-2027.{}`",
                path.extension().unwrap_or_default().to_string_lossy()
            ))),
        );
        return;
    }
    let source = match read(root, path, file_kind) {
        Ok(source) => source,
        Err(d) => {
            loaded.problems.push(d);
            return;
        }
    };
    let ctx = FileContext::new(&source);
    match kind {
        // A group or venue that parsed is kept even with problems of its
        // own (a placeholder description, say): the events naming it must
        // not get a follow-on "no group" error.
        Kind::Group => {
            if let (Some(group), _) = keep(ctx, parse_group, &slug, &mut loaded.problems) {
                loaded.groups.push((source, group));
            }
        }
        Kind::Venue => {
            if let (Some(venue), _) = keep(ctx, parse_venue, &slug, &mut loaded.problems) {
                loaded.venues.push((source, venue));
            }
        }
        Kind::Event => {
            let (event, clean) = keep(ctx, parse_event, &slug, &mut loaded.problems);
            let Some(mut event) = event else { return };
            // Descriptions are most of a calendar's text: the body becomes
            // the event's, not a copy of it.
            let mut source = source;
            event.take_body(&mut source);
            let event = Box::new(event);
            if clean {
                loaded.events.push((source, event));
            } else {
                loaded.events_with_problems.push((source, event));
            }
        }
    }
}

/// Parses a file and reports its problems; says whether it is clean. An
/// event with problems is kept out of the calendar, so later checks do not
/// pile follow-on errors onto it.
fn keep<T>(
    ctx: FileContext,
    parse: fn(&FileContext, &str) -> Option<T>,
    slug: &str,
    problems: &mut Vec<Diagnostic>,
) -> (Option<T>, bool) {
    let parsed = parse(&ctx, slug);
    let clean = !ctx.has_problems();
    problems.extend(ctx.into_problems());
    (parsed, clean)
}

/// The content files to read, with their kind, in one walk of `content/`.
/// Everything else there is reported, so a contributor learns why a file
/// never appears: symbolic links, folders too deep, files meetcal does not
/// read, and output markers. Names starting with `.` or `_` are left out on
/// purpose (drafts, `.gitkeep`), but for an output marker, which would let
/// a build replace the folder it is in.
pub fn list_content(root: &Path, problems: &mut Vec<Diagnostic>) -> Vec<(PathBuf, Kind)> {
    let mut jobs = Vec::new();
    list_content_each(root, problems, |job| jobs.push(job));
    jobs
}

/// [`list_content`], handing each file to read to `found` as it is listed.
fn list_content_each(
    root: &Path,
    problems: &mut Vec<Diagnostic>,
    mut found: impl FnMut((PathBuf, Kind)),
) {
    // content/ is depth 0, events/ depth 1 and a file in it depth 2; one
    // level past the deepest files shows the folders too deep, to name them.
    let walker = walkdir::WalkDir::new(root.join("content"))
        .follow_links(false)
        .max_depth(MAX_DEPTH + 2)
        // By name: siblings' paths differ only after their parent's, and
        // comparing them as bytes skips splitting each into components at
        // every comparison (a tenth of a load of 10,000 files).
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0
                || name == crate::output::MARKER
                || !name.starts_with('.') && !name.starts_with('_')
        });
    // The folder under content/ the walk is in (`events`): the walk goes
    // depth first, so it is the last entry seen at depth 1.
    let mut folder = String::new();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| relative(root, p))
                    .unwrap_or_else(|| PathBuf::from("content"));
                problems.push(Diagnostic::new(path, 1, 1, format!("cannot read: {err}")));
                continue;
            }
        };
        match entry.depth() {
            0 => continue,
            1 => folder = entry.file_name().to_string_lossy().into_owned(),
            _ => {}
        }
        // Folders above the entry inside its kind's folder: 0 for
        // `content/events/x.md`, 1 for `content/events/2027/x.md`.
        let folders = entry.depth().saturating_sub(2);
        // Each kind, with how many folders deep its files may be.
        let kind = match folder.as_str() {
            "events" => Some((Kind::Event, MAX_DEPTH)),
            "groups" => Some((Kind::Group, 0)),
            "venues" => Some((Kind::Venue, 0)),
            _ => None,
        };
        if entry.path_is_symlink() {
            problems.push(symlink_refused(&relative(root, entry.path())));
        } else if entry.file_type().is_dir() {
            // Groups and venues in a sub-folder are named file by file.
            if folder == "events" && folders >= MAX_DEPTH {
                problems.push(
                    Diagnostic::new(
                        relative(root, entry.path()),
                        1,
                        1,
                        format!("folders may be nested at most {MAX_DEPTH} deep here"),
                    )
                    .with_hint(Some(
                        "move the files up: a folder per year, or per group, is deep enough".into(),
                    )),
                );
            }
        } else if entry.depth() == 1 && entry.file_name() == "site.yaml" {
            // Read on its own, first.
        } else if let Some((kind, _)) =
            kind.filter(|(_, most)| folders <= *most && FileKind::from_path(entry.path()).is_some())
        {
            found((relative(root, entry.path()), kind));
        } else {
            problems.push(unread(
                relative(root, entry.path()),
                &folder,
                kind.is_some(),
            ));
        }
    }
}

/// Why a file under content/ is not read, and where it belongs.
fn unread(path: PathBuf, folder: &str, in_its_folder: bool) -> Diagnostic {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let (message, hint) = if name == crate::output::MARKER {
        (
            "this marker file would let `meetcal build` replace the folder it is in".to_string(),
            "delete it: only meetcal writes it, into the site it builds".to_string(),
        )
    } else if in_its_folder && FileKind::from_path(&path).is_none() {
        (
            "meetcal does not read this file: content files end in `.md`, `.yaml` or `.yml`".to_string(),
            format!(
                "rename it to `{}.md` (lowercase), or start its name with `_` to keep it out of the calendar",
                path.file_stem().unwrap_or_default().to_string_lossy()
            ),
        )
    } else if folder == "events" {
        (
            format!("meetcal does not read this file: it is in more than {MAX_DEPTH} folders inside content/events/"),
            "move it up: a folder per year, or per group, is deep enough".to_string(),
        )
    } else if in_its_folder {
        (
            format!("meetcal does not read this file: {folder} are read from content/{folder}/ itself, not from folders inside it"),
            format!("move it to content/{folder}/"),
        )
    } else {
        (
            "meetcal does not read this file: events go in content/events/, groups in content/groups/, venues in content/venues/".to_string(),
            "move it there, or start its name with `_` to keep it out of the calendar".to_string(),
        )
    };
    Diagnostic::new(path, 1, 1, message).with_hint(Some(hint))
}

/// Whether the folder of `path` holds a file named exactly `name` (not just
/// one a case-insensitive file system would find under that name).
fn sibling_named(path: &Path, name: &str) -> bool {
    path.parent()
        .and_then(|dir| std::fs::read_dir(dir).ok())
        .is_some_and(|mut entries| entries.any(|e| e.is_ok_and(|e| e.file_name() == name)))
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calendar() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/events")).unwrap();
        std::fs::write(
            dir.path().join("content/site.yaml"),
            "title: T\nbase_url: https://cal.example.org\ntimezone: Europe/Paris\n",
        )
        .unwrap();
        dir
    }

    #[test]
    fn files_come_in_the_order_listed_however_the_threads_share_them() {
        let dir = calendar();
        let events = dir.path().join("content/events");
        for i in 0..300 {
            // Every seventh has a problem of its own, every eleventh is no slug.
            let (name, title) = match i {
                i if i % 11 == 0 => (format!("Event_{i:03}.md"), "T"),
                i if i % 7 == 0 => (format!("event-{i:03}.md"), ""),
                _ => (format!("event-{i:03}.md"), "T"),
            };
            let text = format!("---\ntitle: \"{title}\"\nstart: 2027-01-01 10:00\n---\n");
            std::fs::write(events.join(name), text).unwrap();
        }
        let listed = |loaded: &Loaded| {
            let paths = |list: &[(Source, Box<EventFile>)]| {
                list.iter().map(|(s, _)| s.path.clone()).collect::<Vec<_>>()
            };
            let problems: Vec<String> = loaded.problems.iter().map(|d| format!("{d:?}")).collect();
            (
                paths(&loaded.events),
                paths(&loaded.events_with_problems),
                problems,
            )
        };
        let one_thread = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let expected = listed(&one_thread.install(|| load(dir.path())).unwrap());
        assert_eq!(expected.0.len(), 300 - 28 - 39);
        assert!(expected.0.windows(2).all(|w| w[0] < w[1]));
        assert!(expected.1.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(expected.2.len(), 28 + 39, "{:?}", expected.2);
        let many = rayon::ThreadPoolBuilder::new()
            .num_threads(8)
            .build()
            .unwrap();
        for _ in 0..5 {
            assert_eq!(
                listed(&many.install(|| load(dir.path())).unwrap()),
                expected
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_linked_content_folder() {
        let elsewhere = calendar();
        std::fs::write(
            elsewhere.path().join("content/events/leak.md"),
            "---\ntitle: Leak\nstart: 2027-01-01 10:00\n---\n",
        )
        .unwrap();
        let root = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(
            elsewhere.path().join("content"),
            root.path().join("content"),
        )
        .unwrap();
        let loaded = load(root.path()).unwrap();
        assert!(loaded.events.is_empty() && loaded.site.is_none());
        assert_eq!(loaded.problems.len(), 1, "{:?}", loaded.problems);
        assert_eq!(loaded.problems[0].file, Path::new("content"));
        assert!(loaded.problems[0].message.contains("symbolic links"));
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_named_pipe_instead_of_blocking_on_it() {
        use std::os::unix::fs::FileTypeExt;
        let root = calendar();
        let pipe = root.path().join("content/events/pipe.md");
        let made = std::process::Command::new("mkfifo")
            .arg(&pipe)
            .output()
            .expect("mkfifo runs: without it this test cannot make its pipe");
        assert!(
            made.status.success(),
            "mkfifo {}: {}",
            pipe.display(),
            String::from_utf8_lossy(&made.stderr)
        );
        assert!(std::fs::symlink_metadata(&pipe)
            .unwrap()
            .file_type()
            .is_fifo());
        // Nothing ever writes to the pipe: reading it would block for good,
        // so a load that has not returned in time has opened it.
        let (done, loaded) = std::sync::mpsc::channel();
        let at = root.path().to_path_buf();
        std::thread::spawn(move || {
            let _ = done.send(load(&at).unwrap());
        });
        let loaded = loaded
            .recv_timeout(std::time::Duration::from_secs(60))
            .unwrap_or_else(|e| match e {
                std::sync::mpsc::RecvTimeoutError::Timeout => {
                    panic!("load blocked reading the named pipe")
                }
                std::sync::mpsc::RecvTimeoutError::Disconnected => panic!("load panicked"),
            });
        assert_eq!(loaded.problems.len(), 1, "{:?}", loaded.problems);
        let problem = &loaded.problems[0];
        assert_eq!(problem.file, Path::new("content/events/pipe.md"));
        assert_eq!((problem.line, problem.column), (1, 1));
        assert_eq!(problem.message, "this is not a regular file");
        assert!(loaded.events.is_empty() && loaded.events_with_problems.is_empty());
        assert!(loaded.site.is_some(), "the rest of the calendar is read");
    }

    #[test]
    fn names_differing_only_in_case_get_their_own_hint() {
        let root = calendar();
        let event = "---\ntitle: A\nstart: 2027-01-01 10:00\n---\n";
        std::fs::write(root.path().join("content/events/Rust-Night.md"), event).unwrap();
        std::fs::write(root.path().join("content/events/rust-night.md"), event).unwrap();
        let loaded = load(root.path()).unwrap();
        assert_eq!(loaded.problems.len(), 1, "{:?}", loaded.problems);
        let hint = loaded.problems[0].hint.as_deref().unwrap();
        assert!(hint.contains("`rust-night.md` is already there"), "{hint}");
    }

    #[test]
    fn every_file_left_unread_is_named_once() {
        let root = calendar();
        let event = "---\ntitle: A\nstart: 2027-01-01 10:00\n---\n";
        let deepest: PathBuf = (1..=MAX_DEPTH).map(|i| format!("d{i}")).collect();
        let events = root.path().join("content/events");
        std::fs::create_dir_all(events.join(&deepest)).unwrap();
        std::fs::create_dir_all(root.path().join("content/groups/sub")).unwrap();
        for (path, text) in [
            ("content/events/x.MD", event),
            ("content/events/_draft.md", event),
            ("content/events/.gitkeep", ""),
            ("content/groups/sub/g.md", "---\nname: G\n---\n"),
            ("content/notes.txt", "x"),
            ("content/.meetcal-output", ""),
            (".meetcal-output", ""),
        ] {
            std::fs::write(root.path().join(path), text).unwrap();
        }
        std::fs::write(events.join(&deepest).join("read.md"), event).unwrap();
        std::fs::create_dir_all(events.join(&deepest).join("too-deep")).unwrap();
        let loaded = load(root.path()).unwrap();
        let mut named: Vec<String> = loaded
            .problems
            .iter()
            .map(|p| p.file.display().to_string())
            .collect();
        named.sort();
        let too_deep = format!("content/events/{}/too-deep", deepest.display());
        let mut expected = vec![
            ".meetcal-output",
            "content/.meetcal-output",
            "content/events/x.MD",
            "content/groups/sub/g.md",
            "content/notes.txt",
            too_deep.as_str(),
        ];
        expected.sort();
        assert_eq!(named, expected, "{:#?}", loaded.problems);
        assert_eq!(
            loaded.events.len(),
            1,
            "the file at the deepest level is read"
        );
    }

    #[test]
    fn too_deep_folders_are_named_with_a_hint() {
        let root = calendar();
        let deep: PathBuf = (0..=MAX_DEPTH).map(|i| format!("d{i}")).collect();
        std::fs::create_dir_all(root.path().join("content/events").join(&deep)).unwrap();
        let loaded = load(root.path()).unwrap();
        assert_eq!(loaded.problems.len(), 1, "{:?}", loaded.problems);
        assert!(loaded.problems[0].hint.is_some());
    }
}
