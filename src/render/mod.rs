//! Rendering: the calendar and its index in, files in memory out.
//!
//! Templates never see the domain types; they get view structs made for them
//! (`views`) with every date already formatted in the site's language, so a
//! theme needs no date logic.

mod event_page;
pub mod hosting;
pub mod locale;
pub mod markdown;
mod pages;
pub mod theme;
pub mod urls;
pub mod views;

use crate::index::Index;
use crate::model::Calendar;
use crate::output::OutputFile;
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
            assets: &theme.assets,
            urls: urls::Urls::new(&calendar.site.base_url),
            language,
            zone: calendar.site.timezone,
        },
        index,
        theme,
    };
    let pages = renderer.all_pages()?;
    let mut files = pages::sitemap(&calendar.site.base_url, &pages);
    files.extend(pages);
    files.extend(theme.static_files.iter().cloned());
    files.extend(crate::ical::feeds(calendar, history, index.now));
    let assets: Vec<&str> = theme.assets.values().map(String::as_str).collect();
    let headers = hosting::headers_file(&files, &assets);
    files.push(headers);
    Ok(files)
}
