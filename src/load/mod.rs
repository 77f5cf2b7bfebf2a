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
mod list;
mod read;

pub use cache::LoadCache;
pub use list::list_content;
use list::list_content_each;
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
    /// The slugs of group and venue files that could not be read: events
    /// naming them get no follow-on "no group" error.
    pub unread: Vec<(Kind, String)>,
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
            if let Some(site) = &loaded.site {
                check_theme_folder(root, &site.theme, &ctx);
            }
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

/// A theme other than the built-in one is a folder of `themes/`: a name
/// that has none is a mistake in site.yaml, reported on its line.
fn check_theme_folder(root: &Path, theme: &str, ctx: &FileContext) {
    let themes = root.join("themes");
    if theme == "default" || themes.join(theme).is_dir() {
        return;
    }
    let folders: Vec<String> = std::fs::read_dir(&themes)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_dir()))
        .filter_map(|entry| entry.file_name().into_string().ok())
        .collect();
    let hint = match crate::suggest::did_you_mean(theme, folders.iter().map(String::as_str)) {
        Some(close) => format!("did you mean `{close}`?"),
        None => format!(
            "create the folder themes/{theme}/ for the theme's files, or remove `theme` to use the built-in one"
        ),
    };
    ctx.error_at_value(
        &[crate::yaml::Seg::Key("theme".into())],
        format!(
            "no theme {}: there is no folder themes/{theme}/",
            quote(theme)
        ),
        Some(hint),
    );
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
        loaded.unread.extend(part.unread);
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

/// A file name's stem without the calendar extensions it repeats
/// (`rust-night.md` of `rust-night.md.md`), if it repeats one.
fn without_extensions(stem: &str) -> Option<&str> {
    let mut rest = stem;
    while let Some((before, extension)) = rest.rsplit_once('.') {
        let known = ["md", "yaml", "yml"]
            .iter()
            .any(|e| e.eq_ignore_ascii_case(extension));
        if !known || before.is_empty() {
            break;
        }
        rest = before;
    }
    (rest != stem).then_some(rest)
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
        // `rust-night.md.md`: the extension written twice.
        let doubled = without_extensions(&slug);
        let suggestion = slugify(doubled.unwrap_or(&slug));
        let renamed = format!(
            "{suggestion}.{}",
            path.extension().unwrap_or_default().to_string_lossy()
        );
        let hint = if suggestion.is_empty() {
            "name files with lowercase letters, digits and hyphens".to_string()
        } else if doubled.is_some() && root.join(path).with_file_name(&renamed).exists() {
            format!("`{renamed}` is already there: keep one of them")
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
    if kind == Kind::Venue && slug == crate::parse::NO_VENUE {
        // Events write `venue: none` to have no venue at all.
        loaded.problems.push(
            Diagnostic::new(
                path,
                1,
                1,
                "a venue file cannot be named `none`: `venue: none` means an event has no venue"
                    .to_string(),
            )
            .with_hint(Some(
                "name the file after the place, such as `le-comptoir.md`".to_string(),
            )),
        );
        loaded.unread.push((kind, slug));
        return;
    }
    let source = match read(root, path, file_kind) {
        Ok(source) => source,
        Err(d) => {
            loaded.problems.push(d);
            if kind != Kind::Event {
                loaded.unread.push((kind, slug));
            }
            return;
        }
    };
    let ctx = FileContext::new(&source);
    match kind {
        // A group or venue that parsed is kept even with problems of its
        // own (a placeholder description, say): the events naming it must
        // not get a follow-on "no group" error.
        Kind::Group => match keep(ctx, parse_group, &slug, &mut loaded.problems) {
            (Some(group), _) => loaded.groups.push((source, group)),
            (None, _) => loaded.unread.push((kind, slug)),
        },
        Kind::Venue => match keep(ctx, parse_venue, &slug, &mut loaded.problems) {
            (Some(venue), _) => loaded.venues.push((source, venue)),
            (None, _) => loaded.unread.push((kind, slug)),
        },
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
mod tests;
