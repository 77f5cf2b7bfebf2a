//! The pipeline, top to bottom: load -> validate -> expand -> index ->
//! prepare -> render -> write, and the commands that run it.

use crate::diagnostics::Diagnostic;
use crate::expand::expand_for_site;
use crate::free::drop_at_end;
pub use crate::free::drop_elsewhere;
use crate::history::{History, OnShallow};
use crate::index::Index;
use crate::model::Calendar;
use crate::output::{check_out_dir, Sink, Staging};
pub use crate::plan::Plan;
use crate::prepare::{describe, prepare, DescriptionCache, Prepared};
use crate::render::render_site;
use crate::theme::Theme;
use crate::timing::stage;
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

/// Why a command failed; decides the exit code.
#[derive(Debug)]
pub enum Error {
    /// Mistakes in the content (exit 1).
    Content(Vec<Diagnostic>),
    /// A wrong command line (exit 2).
    Usage(String),
    /// The theme or the file system (exit 1).
    Build(String),
}

impl Error {
    /// What the terminal shows, as `check`, `build` and `serve` print it.
    pub fn report(&self) -> String {
        match self {
            Error::Content(problems) => {
                let n = problems.len();
                format!(
                    "{}{n} problem{} found\n",
                    crate::diagnostics::render(problems, crate::diagnostics::Format::Human),
                    if n == 1 { "" } else { "s" }
                )
            }
            Error::Build(message) | Error::Usage(message) => format!("error: {message}\n"),
        }
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            Error::Content(_) | Error::Build(_) => 1,
        }
    }
}

pub use crate::when::now::Now;

/// Load and validate: what every command starts with.
pub fn load_calendar(root: &Path) -> Result<Calendar, Error> {
    load_calendar_with(root, None, None)
}

/// What a read of the inputs keeps for the next (`serve`'s): the files it
/// parsed, the events it made of them, and the history it read.
#[derive(Default)]
pub struct Earlier {
    pub files: crate::load::LoadCache,
    pub events: crate::validate::EventMemo,
    pub history: crate::history::HistoryCache,
}

/// [`load_calendar`], reusing the files and events an earlier load made
/// (`serve`).
fn load_calendar_with(
    root: &Path,
    base_url: Option<&str>,
    earlier: Option<(&mut crate::load::LoadCache, &mut crate::validate::EventMemo)>,
) -> Result<Calendar, Error> {
    // The site's address is set before validation, which checks that no
    // `uid:` takes the UID another event derives from the address's host.
    let at_base_url = |site: &mut Option<crate::model::Site>| {
        if let (Some(site), Some(base_url)) = (site, base_url) {
            site.base_url = base_url.to_string();
        }
    };
    match earlier {
        None => {
            let mut loaded = stage("load", || crate::load::load(root)).map_err(Error::Usage)?;
            at_base_url(&mut loaded.site);
            stage("validate", || crate::validate::validate(loaded)).map_err(Error::Content)
        }
        Some((files, events)) => {
            let mut shared =
                stage("load", || crate::load::load_with(root, files)).map_err(Error::Usage)?;
            at_base_url(&mut shared.loaded.site);
            let calendar = stage("validate", || {
                crate::validate::validate_shared(shared.loaded, &shared.parts, events)
            });
            // The parts stay in the cache; only this load's hold on them goes.
            drop(shared.parts);
            calendar.map_err(Error::Content)
        }
    }
}

/// Everything a site is made from, read before anything is rendered: the
/// checked calendar, its theme, its git history and the time it is seen from.
pub struct Inputs {
    pub calendar: Calendar,
    pub theme: Theme,
    pub history: History,
    pub now: DateTime<Utc>,
}

impl Inputs {
    /// Reads the calendar under `root`, with `base_url` (for deploy
    /// previews and `serve`) in place of site.yaml's. A shallow clone is
    /// deepened or accepted as `on_shallow` says.
    pub fn read(
        root: &Path,
        base_url: Option<&str>,
        now: &Now,
        on_shallow: OnShallow,
    ) -> Result<Inputs, Error> {
        Inputs::read_with(root, base_url, now, on_shallow, None)
    }

    /// [`Inputs::read`], reusing what an earlier read made.
    pub fn read_with(
        root: &Path,
        base_url: Option<&str>,
        now: &Now,
        on_shallow: OnShallow,
        earlier: Option<&mut Earlier>,
    ) -> Result<Inputs, Error> {
        let (caches, history_cache) = match earlier {
            Some(Earlier {
                files,
                events,
                history,
            }) => (Some((files, events)), Some(history)),
            None => (None, None),
        };
        let base_url = base_url.map(normalise_base_url).transpose()?;
        // The feeds' SEQUENCE and DTSTAMP come from the content's history.
        // Reading it is mostly waiting for `git log`, so it runs on a thread
        // of its own beside the load, which keeps both cores for parsing.
        let (calendar, history) = std::thread::scope(|threads| {
            let history = threads.spawn(|| {
                stage("history", || match history_cache {
                    Some(cache) => cache.read(root, on_shallow),
                    None => History::from_git(root, on_shallow),
                })
            });
            let calendar = load_calendar_with(root, base_url.as_deref(), caches);
            let history = history
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (calendar, history)
        });
        let calendar = calendar?;
        let history = history.map_err(Error::Build)?;
        let now = now.resolve(calendar.site.timezone).map_err(Error::Usage)?;
        let theme =
            stage("theme", || Theme::load(root, &calendar.site.theme)).map_err(|failure| {
                match failure {
                    crate::theme::Failure::Located(located) => Error::Content(vec![located]),
                    crate::theme::Failure::Other(message) => Error::Build(message),
                }
            })?;
        Ok(Inputs {
            calendar,
            theme,
            history,
            now,
        })
    }
}

/// What a build made.
pub struct Built {
    pub files: usize,
    /// Every file's path, sorted, but `sitemap.xml` and `_headers`.
    pub paths: std::sync::Arc<[std::sync::Arc<str>]>,
    pub events: usize,
    pub groups: usize,
    pub venues: usize,
    pub occurrences: usize,
    /// The host the events' UIDs end with, when site.yaml does not pin it
    /// with `uid_domain`: they change with the site's address.
    pub unpinned_uid_host: Option<String>,
}

/// The pipeline after loading, shared by `build`, `serve` and `check`:
/// expand, index, prepare, then every renderer into `sink`.
pub fn render(inputs: Inputs, sink: &dyn Sink) -> Result<Built, Error> {
    render_planned(inputs, sink, None, |_| Plan::default())
}

/// [`render`], making only the files `plan` says, and descriptions only
/// where `descriptions` has none (`serve`'s rebuilds).
pub fn render_planned(
    inputs: Inputs,
    sink: &dyn Sink,
    descriptions: Option<&mut DescriptionCache>,
    plan: impl FnOnce(&Prepared) -> Plan,
) -> Result<Built, Error> {
    let Inputs {
        mut calendar,
        theme,
        history,
        now,
    } = inputs;
    let markdown = crate::prepare::take_markdown(&mut calendar);
    // Expanding and indexing the dates mostly keep one thread busy: the
    // descriptions' Markdown, which does not depend on dates, is rendered
    // beside them.
    let (index, descriptions) = rayon::join(
        || {
            let occurrences = stage("expand", || expand_for_site(&calendar, now));
            stage("index", || Index::new(&calendar, occurrences, now))
        },
        || {
            let base_url = &calendar.site.base_url;
            stage("markdown", || describe(markdown, base_url, descriptions))
        },
    );
    let count = index.occurrences.len();
    let mut prepared = stage("prepare", || {
        prepare(&calendar, descriptions, index, &history, &theme)
    });
    let Plan { scope, kept, reuse } = stage("plan", || plan(&prepared));
    prepared.set_scope(scope);
    prepared.reuse = reuse;
    // A file of the theme's own that failed is reported on its line, as a
    // mistake in the content is.
    let site = render_site(&prepared, sink, kept).map_err(|message| {
        match theme.take_located_failure() {
            Some(located) => Error::Content(vec![located]),
            None => Error::Build(message),
        }
    })?;
    drop_at_end(prepared.into_parts());
    let built = Built {
        files: site.files,
        paths: site.paths,
        events: calendar.events.len(),
        groups: calendar.groups.len(),
        venues: calendar.venues.len(),
        occurrences: count,
        unpinned_uid_host: calendar
            .site
            .uid_domain
            .is_none()
            .then(|| calendar.site.uid_host()),
    };
    drop_at_end(calendar);
    Ok(built)
}

pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    /// Replaces site.yaml's `base_url`, for deploy previews.
    pub base_url: Option<String>,
    pub now: Now,
    /// How the previous output is deleted.
    pub cleanup: crate::output::Cleanup,
}

/// `meetcal build`: the site, written into `out` only when all of it was
/// made.
pub fn build(options: &BuildOptions) -> Result<Built, Error> {
    check_out_dir(&options.out, &options.root).map_err(Error::Usage)?;
    crate::output::recover(&options.out);
    let inputs = Inputs::read(
        &options.root,
        options.base_url.as_deref(),
        &options.now,
        OnShallow::Deepen,
    )?;
    // Files are written into a staging folder as they are rendered; it
    // replaces the output only when everything succeeded.
    let staging = Staging::new(&options.out).map_err(Error::Build)?;
    let built = render(inputs, &staging)?;
    stage("swap", || staging.finish(options.cleanup)).map_err(Error::Build)?;
    Ok(built)
}

/// `meetcal check`: everything `build` does except writing, so that a pull
/// request that would break the deploy (a broken theme template included)
/// fails here. A shallow clone is read as it is.
pub fn check(root: &Path) -> Result<Built, Error> {
    let inputs = Inputs::read(root, None, &Now::Clock, OnShallow::Accept)?;
    render(inputs, &crate::output::Discard)
}

/// The warning for a calendar whose events' UIDs end with `host`, the
/// host of the address it was built for, since site.yaml has no
/// `uid_domain`: a site moved to a domain of its own would have new UIDs,
/// and calendar apps would show each event twice. Located on the
/// `base_url:` line, where the host comes from without `--base-url`.
pub fn unpinned_uid_warning(root: &Path, host: &str) -> Diagnostic {
    let site_yaml = Path::new("content/site.yaml");
    let line = std::fs::read_to_string(root.join(site_yaml))
        .ok()
        .and_then(|text| text.lines().position(|line| line.starts_with("base_url:")))
        .map_or(1, |index| index + 1);
    let hint = match crate::model::is_example_host(host) {
        false => format!(
            "add `uid_domain: {host}` to content/site.yaml, and keep it whatever address the site has later"
        ),
        true => "add `uid_domain:` with the host subscribers will use, such as `uid_domain: our-calendar.netlify.app`, and keep it whatever address the site has later".into(),
    };
    Diagnostic::new(
        site_yaml,
        line,
        1,
        format!("no `uid_domain`: the events' UIDs end with `{host}`, this build's host, so a new address would make calendar apps show every event twice"),
    )
    .with_hint(Some(hint))
}

fn normalise_base_url(text: &str) -> Result<String, Error> {
    if text.trim().is_empty() {
        // What `--base-url "$URL"` gives where nothing sets `$URL`.
        return Err(Error::Usage(
            "--base-url: the base URL is empty\n  \
             hint: give the site's full address, like `--base-url https://meetups.example.org/`, \
             or leave out --base-url to use `base_url` of content/site.yaml; \
             on Netlify, `$URL` is set by Netlify itself"
                .into(),
        ));
    }
    let mut url = crate::parse::check_base_url(text).map_err(|e| {
        Error::Usage(match e.hint {
            Some(hint) => format!("--base-url: {}\n  hint: {hint}", e.message),
            None => format!("--base-url: {}", e.message),
        })
    })?;
    if !url.ends_with('/') {
        url.push('/');
    }
    Ok(url)
}
