//! What every HTML page shares: the site and page variables its template
//! gets, the feeds it offers, and the file it becomes.

use crate::output::OutputFile;
use crate::prepare::Prepared;
use crate::urls;
use serde::Serialize;

/// A feed a page offers, for `<link rel="alternate">` and subscribe links.
#[derive(Serialize)]
pub struct Feed {
    pub title: String,
    /// Absolute `https://` address.
    pub url: String,
    pub webcal: String,
    /// Google Calendar's "add by URL" link.
    pub google: String,
}

#[derive(Serialize)]
pub struct PageView {
    pub title: String,
    /// Absolute canonical address.
    pub url: String,
    pub description: Option<String>,
    pub feeds: Vec<Feed>,
    /// News feeds for `<link rel="alternate">`: the site's, and the group's or tag's.
    pub news: Vec<NewsLink>,
    /// Which navigation entry is current: home, calendar, past, groups, subscribe.
    pub section: &'static str,
}

/// A news feed, as RSS and as JSON Feed.
#[derive(Serialize)]
pub struct NewsLink {
    pub title: String,
    pub rss: String,
    pub json: String,
}

/// What a page needs besides its own variables.
pub struct Page<'a> {
    pub template: &'a str,
    /// Relative to the site root: `""`, `events/x/`, `404.html`.
    pub path: String,
    pub title: String,
    pub description: Option<String>,
    pub feeds: Vec<Feed>,
    pub section: &'static str,
}

pub fn render(p: &Prepared, page: Page, context: tera::Context) -> Result<OutputFile, String> {
    let mut context = context;
    // A cheap copy: the engine's maps and lists are shared.
    context.insert_value("site", p.site_value().clone());
    context.insert(
        "page",
        &PageView {
            title: page.title,
            url: p.urls.absolute(&page.path),
            description: page.description,
            news: news_links(p, &page.path),
            feeds: page.feeds,
            section: page.section,
        },
    );
    let html = p.theme.render(page.template, &context)?;
    let file = if page.path.is_empty() || page.path.ends_with('/') {
        format!("{}index.html", page.path)
    } else {
        page.path
    };
    Ok(OutputFile::new(file, html))
}

/// The site's news feeds, and the page's own when it is a group's or a
/// tag's, titled as the feeds title themselves.
fn news_links(p: &Prepared, path: &str) -> Vec<NewsLink> {
    let site = &p.calendar.site;
    let link = |title: String, folder: &str| NewsLink {
        title,
        rss: p.urls.absolute(&format!("{folder}{}", urls::NEWS_RSS)),
        json: p.urls.absolute(&format!("{folder}{}", urls::NEWS_JSON)),
    };
    let mut links = vec![link(site.title.clone(), "")];
    let own = match path.split('/').collect::<Vec<_>>()[..] {
        ["groups", slug, ""] => p
            .calendar
            .groups
            .iter()
            .find(|g| g.slug == slug)
            .map(|g| g.name.clone()),
        // A reserved tag's folder ends in `_` (urls::tag_path).
        ["tags", tag, ""] => Some(format!("#{}", tag.trim_end_matches('_'))),
        _ => None,
    };
    if let Some(name) = own {
        links.push(link(format!("{name} · {}", site.title), path));
    }
    links
}

/// The calendar feed at `path` (e.g. `groups/x/calendar.ics`), as links.
pub fn feed(p: &Prepared, title: String, path: &str) -> Feed {
    let url = p.urls.absolute(path);
    let webcal = p.urls.webcal(path);
    let encoded: String = url::form_urlencoded::byte_serialize(webcal.as_bytes()).collect();
    Feed {
        title,
        url,
        webcal,
        google: format!("https://calendar.google.com/calendar/r?cid={encoded}"),
    }
}

pub fn whole_calendar_feed(p: &Prepared) -> Feed {
    feed(p, p.calendar.site.title.clone(), urls::CALENDAR_ICS)
}
