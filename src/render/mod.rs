//! Rendering: the calendar and its index in, files in memory out.
//!
//! Templates never see the domain types; they get view structs made for them
//! (`views`) with every date already formatted in the site's language, so a
//! theme needs no date logic.

mod data;
mod embeds;
mod entries;
mod entry_html;
mod event_html;
mod event_page;
pub mod hosting;
pub mod html;
pub mod ical;
mod indexes;
mod layout;
mod months;
pub mod news;
mod pages;
mod past;
pub mod repeats;
mod search;
pub mod views;

pub use months::months_covering;

use crate::diagnostics::Diagnostic;
use crate::output::{OutputFile, Sink};
use crate::plan::reuse::SiteInputs;
use crate::plan::Kept;
use crate::prepare::Prepared;
use crate::timing::stage;
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Renders the whole site into `sink`: pages, news feeds, data, calendar
/// feeds, static files and the event schema, then the sitemap and
/// `_headers`, which list what was built. The renderers are siblings: each
/// reads the prepared calendar and puts files. `kept` are files of an
/// earlier render still in the site (`Prepared::scope`), which the sitemap
/// and `_headers` list too.
pub fn render_site(p: &Prepared, sink: &dyn Sink, kept: Option<Kept>) -> Result<Site, String> {
    let sink = Recorder {
        sink,
        kept,
        made: Mutex::default(),
    };
    // The pages and the feeds are made side by side: neither keeps both
    // cores busy alone (the largest pages are each one thread's work), and
    // rayon gives the idle one to the other side.
    let (pages, feeds) = rayon::join(
        || {
            let entries = entries::Entries::new(p);
            stage("pages", || pages::render(p, &entries, &sink))
        },
        || {
            // The calendar feeds, an entry per event, end this side as the
            // event pages end the other.
            stage("search", || search::render(p, &sink))?;
            stage("news+json", || {
                news::render(p, &sink)?;
                data::render(p, &sink)
            })?;
            stage("ical", || ical::render(p, &sink))
        },
    );
    // The pages' error first, whichever side failed first.
    pages?;
    feeds?;
    sink.put(hosting::event_schema(&p.calendar.site.base_url))?;
    for file in &p.theme.static_files {
        sink.put(file.clone()).map_err(|error| {
            if error.contains(ALREADY_MADE) {
                let static_file = Path::new("themes")
                    .join(&p.calendar.site.theme)
                    .join("static")
                    .join(&file.path);
                let message = "the theme's file has the address of a file meetcal makes";
                p.theme.failed_at(
                    Diagnostic::new(&static_file, 1, 1, message.into()).with_hint(Some(
                        "rename it, or move it into a folder of its own under static/".into(),
                    )),
                );
                format!("{}: {message}", static_file.display())
            } else {
                error
            }
        })?;
    }
    stage("site-indexes", || put_site_indexes(p, sink))
}

/// What a render made of the site.
pub struct Site {
    /// How many files the site has.
    pub files: usize,
    /// Their paths, sorted, but the index files' made from them
    /// (`sitemap.xml`, `_headers`): what the next render keeps files of.
    pub paths: Arc<[Arc<str>]>,
}

/// Puts `sitemap.xml` and `_headers`, which list every file `sink` was
/// given or kept.
fn put_site_indexes(p: &Prepared, sink: Recorder) -> Result<Site, String> {
    let made: Vec<Arc<str>> = sink
        .made
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .collect();
    let paths = match &sink.kept {
        Some(kept) => kept.with(made),
        None => made.into(),
    };
    let inputs = SiteInputs {
        base_url: p.calendar.site.base_url.clone(),
        paths: Arc::clone(&paths),
        assets: p.theme.assets.values().cloned().collect(),
    };
    let closing = p.reuse.put_site_indexes(sink.sink, inputs, |inputs| {
        // Side by side: each goes through every path of the site.
        let (mut closing, headers) = rayon::join(
            || hosting::sitemap(&inputs.base_url, &inputs.paths),
            || {
                let mut all: Vec<&str> = inputs.paths.iter().map(AsRef::as_ref).collect();
                all.extend(hosting::SITEMAP_FILES);
                // The output folder's marker (`output::MARKER`) is served too.
                all.extend(["_headers", crate::output::MARKER]);
                let assets: Vec<&str> = inputs.assets.iter().map(String::as_str).collect();
                hosting::headers_file(&all, &assets)
            },
        );
        closing.push(headers);
        closing
    })?;
    Ok(Site {
        files: paths.len() + closing,
        paths,
    })
}

/// Passes files on, remembering their paths for the sitemap and `_headers`.
struct Recorder<'a> {
    sink: &'a dyn Sink,
    /// The files an earlier render made that stay in the site.
    kept: Option<Kept>,
    made: Mutex<BTreeSet<Arc<str>>>,
}

impl Recorder<'_> {
    fn record(&self, path: &std::path::Path) -> Result<(), String> {
        let path = path.to_string_lossy();
        // Only a Windows path has backslashes to turn.
        let path: Arc<str> = match path.contains('\\') {
            true => path.replace('\\', "/").into(),
            false => path.into(),
        };
        let kept = self.kept.as_ref().is_some_and(|kept| kept.keeps(&path));
        let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        if kept || !made.insert(Arc::clone(&path)) {
            return Err(format!("{path} {ALREADY_MADE}"));
        }
        Ok(())
    }
}

/// What `Recorder` says of a path put twice.
const ALREADY_MADE: &str = "is made twice";

impl Sink for Recorder<'_> {
    /// Two files at one path would leave one of them lost, whatever the
    /// sink: refused, so that `check` and `serve` fail as `build` does.
    fn put(&self, file: OutputFile) -> Result<(), String> {
        self.record(&file.path)?;
        self.sink.put(file)
    }

    fn put_in_pieces(
        &self,
        path: std::path::PathBuf,
        pieces: &mut dyn Iterator<Item = crate::output::Piece>,
    ) -> Result<(), String> {
        self.record(&path)?;
        self.sink.put_in_pieces(path, pieces)
    }
}
