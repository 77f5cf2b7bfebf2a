//! The pipeline, top to bottom: load -> validate -> expand -> index -> render -> write.

use crate::diagnostics::Diagnostic;
use crate::expand::expand_for_site;
use crate::history::{History, OnShallow};
use crate::index::Index;
use crate::model::Calendar;
use crate::output::{check_out_dir, Sink, Staging};
use crate::render::render_site;
use crate::theme::Theme;
use crate::timing::stage;
use crate::when::{local_time, parse_when, LocalTime, When};
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

/// `--now`: the clock, an RFC 3339 instant, or a wall-clock time in the site's zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Now {
    Clock,
    Instant(DateTime<Utc>),
    SiteTime(chrono::NaiveDateTime),
}

impl std::str::FromStr for Now {
    type Err = String;

    fn from_str(text: &str) -> Result<Now, String> {
        if let Ok(t) = DateTime::parse_from_rfc3339(text) {
            return Ok(Now::Instant(t.with_timezone(&Utc)));
        }
        match parse_when(text) {
            Ok(When::Timed(t)) => Ok(Now::SiteTime(t)),
            _ => Err(format!(
                "`{text}` is not a time: use RFC 3339 (`2027-01-05T12:00:00+01:00`) or `YYYY-MM-DD HH:MM` in the site's zone"
            )),
        }
    }
}

impl Now {
    pub fn resolve(&self, calendar: &Calendar) -> Result<DateTime<Utc>, Error> {
        match self {
            Now::Clock => Ok(Utc::now()),
            Now::Instant(t) => Ok(*t),
            Now::SiteTime(wall) => match local_time(calendar.site.timezone, *wall) {
                LocalTime::Exact(t) | LocalTime::Ambiguous(t, _) => Ok(t.with_timezone(&Utc)),
                LocalTime::Gap => Err(Error::Usage(format!(
                    "--now {wall} does not exist in {}",
                    calendar.site.timezone.name()
                ))),
            },
        }
    }
}

/// Load and validate: the whole of `meetcal check`.
pub fn load_calendar(root: &Path) -> Result<Calendar, Error> {
    let loaded = stage("load", || crate::load::load(root)).map_err(Error::Usage)?;
    stage("validate", || crate::validate::validate(loaded)).map_err(Error::Content)
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

pub struct Built {
    pub files: usize,
    pub events: usize,
    pub occurrences: usize,
}

/// Expand, index and render the site into `sink`. Returns the number of
/// files and of occurrences. `history` dates the feeds' entries.
pub fn render(
    calendar: &Calendar,
    root: &Path,
    now: DateTime<Utc>,
    history: &History,
    sink: &dyn Sink,
) -> Result<(usize, usize), Error> {
    let theme = stage("theme", || Theme::load(root, &calendar.site.theme)).map_err(Error::Build)?;
    let occurrences = stage("expand", || expand_for_site(calendar, now));
    let count = occurrences.len();
    let index = stage("index", || Index::new(calendar, occurrences, now));
    let files = render_site(calendar, &index, &theme, history, sink).map_err(Error::Build)?;
    Ok((files, count))
}

pub fn build(options: &BuildOptions) -> Result<Built, Error> {
    check_out_dir(&options.out, &options.root).map_err(Error::Usage)?;
    crate::output::recover(&options.out);
    let mut calendar = load_calendar(&options.root)?;
    if let Some(base_url) = &options.base_url {
        calendar.site.base_url = normalise_base_url(base_url)?;
    }
    let now = options.now.resolve(&calendar)?;
    // The feeds' SEQUENCE and DTSTAMP come from the content's git history,
    // read whole before anything is written.
    let history = stage("history", || {
        History::from_git(&options.root, OnShallow::Deepen)
    })
    .map_err(Error::Build)?;
    // Files are written into a staging folder as they are rendered; it
    // replaces the output only when everything succeeded.
    let staging = Staging::new(&options.out).map_err(Error::Build)?;
    let (files, occurrences) = render(&calendar, &options.root, now, &history, &staging)?;
    stage("swap", || staging.finish(options.cleanup)).map_err(Error::Build)?;
    Ok(Built {
        files,
        events: calendar.events.len(),
        occurrences,
    })
}

fn normalise_base_url(text: &str) -> Result<String, Error> {
    let mut url = crate::parse::check_url(text)
        .map_err(|e| Error::Usage(format!("--base-url: {}", e.message)))?;
    if !url.ends_with('/') {
        url.push('/');
    }
    Ok(url)
}
