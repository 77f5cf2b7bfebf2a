//! Rendering: the calendar and its index in, files in memory out.
//!
//! Templates never see the domain types; they get view structs made for them
//! (`views`) with every date already formatted in the site's language, so a
//! theme needs no date logic.

mod data;
mod event_page;
pub mod hosting;
pub mod ical;
pub mod news;
mod pages;
pub mod repeats;
pub mod views;

use crate::index::Index;
use crate::model::Calendar;
use crate::output::{OutputFile, Sink};
use crate::timing::stage;
use rayon::prelude::*;
use std::sync::Mutex;
use crate::text::locale;
use crate::theme::Theme;
use crate::urls;

/// Renders the whole site into `sink`: pages, feeds, data, static files and
/// the event schema, then the sitemap and `_headers`, which list what was
/// built. Returns the number of files.
pub fn render_site(
    calendar: &Calendar,
    index: &Index,
    theme: &Theme,
    history: &crate::history::History,
    sink: &dyn Sink,
) -> Result<usize, String> {
    let sink = Recorder {
        sink,
        paths: Mutex::new(Vec::new()),
    };
    let language = locale::Language::parse(&calendar.site.language).unwrap_or(locale::Language::En);
    let renderer = pages::Renderer {
        scope: views::Scope {
            calendar,
            descriptions: stage("markdown", || {
                calendar
                    .events
                    .par_iter()
                    .map(|e| views::Description::of(&e.description, &calendar.site.base_url))
                    .collect()
            }),
            assets: &theme.assets,
            urls: urls::Urls::new(&calendar.site.base_url),
            language,
            zone: calendar.site.timezone,
        },
        index,
        theme,
    };
    stage("pages", || renderer.all_pages(&sink))?;
    let host = calendar.host();
    let news = news::News::new(&renderer.scope, index, history, host.clone());
    stage("news+json", || {
        news_feeds(calendar, index)
            .into_par_iter()
            .try_for_each(|feed| news.files(&feed).into_iter().try_for_each(|f| sink.put(f)))?;
        sink.put(data::events_json(&renderer.scope, index, &host))
    })?;
    let texts: Vec<&str> = renderer
        .scope
        .descriptions
        .iter()
        .map(|d| d.text.as_str())
        .collect();
    stage("ical", || {
        crate::render::ical::feeds(calendar, history, index.now, &texts, &sink)
    })?;
    for file in &theme.static_files {
        sink.put(file.clone())?;
    }
    sink.put(hosting::event_schema())?;
    let paths = sink.paths.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut count = paths.len();
    let assets: Vec<&str> = theme.assets.values().map(String::as_str).collect();
    let mut closing = hosting::sitemap(&calendar.site.base_url, &paths);
    closing.push(hosting::headers_file(&paths, &assets));
    for file in closing {
        count += 1;
        sink.sink.put(file)?;
    }
    Ok(count)
}

/// Passes files on, remembering their paths for the sitemap and `_headers`.
struct Recorder<'a> {
    sink: &'a dyn Sink,
    paths: Mutex<Vec<String>>,
}

impl Sink for Recorder<'_> {
    fn put(&self, file: OutputFile) -> Result<(), String> {
        let path = file.path.to_string_lossy().replace('\\', "/");
        self.sink.put(file)?;
        self.paths
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(path);
        Ok(())
    }
}

/// The news feeds: the whole calendar, each group and each tag.
fn news_feeds<'a>(calendar: &'a Calendar, index: &Index) -> Vec<news::NewsFeed<'a>> {
    let site = &calendar.site;
    let description = site
        .description
        .clone()
        .unwrap_or_else(|| site.title.clone());
    let mut feeds = vec![news::NewsFeed {
        folder: String::new(),
        title: site.title.clone(),
        description: description.clone(),
        page: site.base_url.clone(),
        events: calendar.events.iter().collect(),
    }];
    for (i, group) in calendar.groups.iter().enumerate() {
        let folder = format!("groups/{}/", group.slug);
        feeds.push(news::NewsFeed {
            page: format!("{}{folder}", site.base_url),
            folder,
            title: format!("{} · {}", group.name, site.title),
            description: description.clone(),
            events: calendar
                .events
                .iter()
                .filter(|e| e.group == Some(i))
                .collect(),
        });
    }
    for (tag, positions) in &index.by_tag {
        let mut events: Vec<usize> = positions
            .iter()
            .map(|p| index.occurrences[*p].event)
            .collect();
        events.sort_unstable();
        events.dedup();
        let folder = format!("tags/{tag}/");
        feeds.push(news::NewsFeed {
            page: format!("{}{folder}", site.base_url),
            folder,
            title: format!("#{tag} · {}", site.title),
            description: description.clone(),
            events: events.into_iter().map(|e| &calendar.events[e]).collect(),
        });
    }
    feeds
}
