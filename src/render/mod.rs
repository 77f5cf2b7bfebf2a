//! Rendering: the calendar and its index in, files in memory out.
//!
//! Templates never see the domain types; they get view structs made for them
//! (`views`) with every date already formatted in the site's language, so a
//! theme needs no date logic.

mod data;
mod event_page;
pub mod hosting;
pub mod locale;
pub mod markdown;
pub mod news;
mod pages;
pub mod text;
pub mod theme;
pub mod urls;
pub mod views;

use crate::index::Index;
use crate::model::Calendar;
use crate::output::OutputFile;
use crate::timing::stage;
use rayon::prelude::*;
use theme::Theme;

/// Renders every page of the site, plus the theme's static files and the
/// iCalendar feeds (whose SEQUENCE and DTSTAMP come from `history`).
pub fn render_site(
    calendar: &Calendar,
    index: &Index,
    theme: &Theme,
    history: &crate::history::History,
) -> Result<Vec<OutputFile>, String> {
    let language = locale::Language::parse(&calendar.site.language).unwrap_or(locale::Language::En);
    let renderer = pages::Renderer {
        scope: views::Scope {
            calendar,
            descriptions: stage("markdown", || {
                calendar
                    .events
                    .par_iter()
                    .map(|e| views::Description::of(&e.description))
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
    let pages = stage("pages", || renderer.all_pages())?;
    let host = calendar.host();
    let news = news::News {
        scope: &renderer.scope,
        index,
        history,
        host: host.clone(),
    };
    let data_files = stage("news+json", || {
        let mut files = Vec::new();
        for feed in news_feeds(calendar, index) {
            files.extend(news.files(&feed));
        }
        files.push(data::events_json(&renderer.scope, index, &host));
        files
    });
    let mut files = pages::sitemap(&calendar.site.base_url, &pages);
    files.extend(pages);
    files.extend(theme.static_files.iter().cloned());
    files.extend(stage("ical", || {
        crate::ical::feeds(calendar, history, index.now)
    }));
    files.extend(data_files);
    let assets: Vec<&str> = theme.assets.values().map(String::as_str).collect();
    let headers = hosting::headers_file(&files, &assets);
    files.push(headers);
    Ok(files)
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
