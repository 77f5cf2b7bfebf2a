//! What every HTML page shares: the site and page variables its template
//! gets, the feeds it offers, and the file it becomes; and, for pages
//! written without their templates, what the built-in `base.html` makes
//! around them.

use super::html::Html;
use crate::output::{OutputFile, Sink};
use crate::prepare::{Chrome, NavEntry, Prepared};
use crate::urls;
use serde::Serialize;

/// A feed a page offers, for `<link rel="alternate">` and subscribe links.
/// Templates see it with two more fields, made as it is handed to them:
/// `webcal`, the address with the `webcal://` scheme, and `google`,
/// Google Calendar's "add by URL" link. Pages written without their
/// templates print neither, and every event page offers two feeds.
pub struct Feed {
    pub title: String,
    /// Absolute `https://` address.
    pub url: String,
}

impl Serialize for Feed {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let webcal = urls::webcal_of(&self.url);
        let mut feed = serializer.serialize_struct("Feed", 4)?;
        feed.serialize_field("title", &self.title)?;
        feed.serialize_field("url", &self.url)?;
        feed.serialize_field("webcal", &webcal)?;
        feed.serialize_field("google", &urls::google_subscribe_link(&webcal))?;
        feed.end()
    }
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
    /// Relative to the site root: the navigation's link to this very page
    /// is `aria-current="page"`, the link to the section it is in `"true"`.
    pub path: String,
    /// Open Graph's kind of page: an event's is an article, every other a
    /// website.
    pub og_type: &'static str,
}

/// The template of an event's page, the one kind of page Open Graph calls
/// an article.
pub const EVENT_TEMPLATE: &str = "event.html";

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
    let template = page.template;
    let (view, path) = PageView::of(p, page);
    // A cheap copy: the engine's maps and lists are shared.
    context.insert_value("site", p.site_value().clone());
    context.insert("page", &view);
    let html = p.theme.render(template, &context)?;
    Ok(page_file(path, html))
}

/// The page written in Rust: what the built-in `base.html` makes around
/// the `head` and `main` blocks that `blocks` writes. Only for a theme that
/// keeps `base.html` and the page's own template.
pub fn write(p: &Prepared, page: Page, blocks: &dyn Blocks, capacity: usize) -> OutputFile {
    let (view, path) = PageView::of(p, page);
    let mut html = Html::with_capacity(capacity);
    write_base(&mut html, p, &view, blocks);
    page_file(path, html.finish())
}

/// [`write`], handed to `sink`: a page holding markup handed over whole
/// ([`Html::hand_over`]) goes in pieces, never joined in memory.
pub fn put(
    p: &Prepared,
    page: Page,
    blocks: &dyn Blocks,
    capacity: usize,
    sink: &dyn Sink,
) -> Result<(), String> {
    let (path, html) = unwritten(p, page, blocks, capacity);
    if !html.has_pieces() {
        return sink.put(page_file(path, html.finish()));
    }
    sink.put_in_pieces(file_path(path), &mut html.into_pieces().into_iter())
}

/// What [`write`] makes, not yet a file: the path and the markup.
pub fn unwritten(p: &Prepared, page: Page, blocks: &dyn Blocks, capacity: usize) -> (String, Html) {
    let (view, path) = PageView::of(p, page);
    let mut html = Html::with_capacity(capacity);
    write_base(&mut html, p, &view, blocks);
    (path, html)
}

/// The file at the path [`unwritten`] gives.
pub fn file_path(path: String) -> std::path::PathBuf {
    file_name(path).into()
}

/// A page's own parts of `base.html`, as its template's blocks make them.
pub trait Blocks {
    fn head(&self, html: &mut Html);
    fn main(&self, html: &mut Html);
}

impl PageView {
    /// The page's variables, and the path it is written at.
    fn of(p: &Prepared, page: Page) -> (PageView, String) {
        let view = PageView {
            title: page.title,
            url: p.urls.absolute(&page.path),
            description: page.description,
            news: news_links(p, &page.path),
            feeds: page.feeds,
            section: page.section,
            path: page.path.clone(),
            og_type: if page.template == EVENT_TEMPLATE {
                "article"
            } else {
                "website"
            },
        };
        (view, page.path)
    }
}

/// What the built-in `base.html` makes of `page`, around its `blocks`.
fn write_base(html: &mut Html, p: &Prepared, page: &PageView, blocks: &dyn Blocks) {
    let chrome = p.chrome.get_or_init(|| Chrome::new(p));
    // `{% if page.description %}`: an empty one is false too.
    let description = page.description.as_deref().filter(|d| !d.is_empty());
    html.raw(&chrome.top).text(&page.title).raw("</title>\n");
    if let Some(description) = description {
        html.raw("<meta name=\"description\" content=\"")
            .text(description)
            .raw("\">\n");
    }
    html.raw("<link rel=\"canonical\" href=\"")
        .text(&page.url)
        .raw(&chrome.site_name)
        .text(&page.title)
        .raw("\">\n<meta property=\"og:url\" content=\"")
        .text(&page.url)
        .raw("\">\n<meta property=\"og:type\" content=\"")
        .plain(page.og_type)
        .raw("\">\n");
    if let Some(description) = description {
        html.raw("<meta property=\"og:description\" content=\"")
            .text(description)
            .raw("\">\n");
    }
    html.raw("<meta name=\"twitter:card\" content=\"summary\">\n")
        .raw("<meta name=\"twitter:title\" content=\"")
        .text(&page.title)
        .raw("\">\n");
    if let Some(description) = description {
        html.raw("<meta name=\"twitter:description\" content=\"")
            .text(description)
            .raw("\">\n");
    }
    for feed in &page.feeds {
        html.raw("<link rel=\"alternate\" type=\"text/calendar\" title=\"")
            .text(&feed.title)
            .raw("\" href=\"")
            .text(&feed.url)
            .raw("\">\n");
    }
    for feed in &page.news {
        html.raw("<link rel=\"alternate\" type=\"application/rss+xml\" title=\"")
            .text(&feed.title)
            .raw("\" href=\"")
            .text(&feed.rss)
            .raw("\">\n<link rel=\"alternate\" type=\"application/feed+json\" title=\"")
            .text(&feed.title)
            .raw("\" href=\"")
            .text(&feed.json)
            .raw("\">\n");
    }
    html.raw(&chrome.stylesheet);
    blocks.head(html);
    html.raw(&chrome.header);
    for item in &chrome.nav {
        html.raw(match item.section == page.section {
            true if item.path == page.path => &item.this_page,
            true => &item.this_section,
            false => &item.other,
        });
    }
    html.raw("\n</ul>\n</nav>\n</header>\n<main id=\"main\">\n");
    blocks.main(html);
    html.raw(&chrome.footer);
}

/// Made once per build, kept by [`Prepared`].
impl Chrome {
    fn new(p: &Prepared) -> Chrome {
        let site = &p.calendar.site;
        let words = p.words();
        let mut top = Html::with_capacity(256);
        top.raw("<!DOCTYPE html>\n<html lang=\"")
            .text(&site.language)
            .raw("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .raw(
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
            );
        let mut site_name = Html::with_capacity(256);
        site_name
            .raw("\">\n<meta name=\"color-scheme\" content=\"light dark\">\n")
            // No icon: without one, browsers ask for /favicon.ico, which
            // the site does not have.
            .raw("<link rel=\"icon\" href=\"data:,\">\n")
            .raw("<meta property=\"og:site_name\" content=\"")
            .text(&site.title)
            .raw("\">\n<meta property=\"og:title\" content=\"");
        let mut stylesheet = Html::with_capacity(128);
        stylesheet.raw("<link rel=\"stylesheet\" href=\"");
        asset(&mut stylesheet, p, "style.css").raw("\">\n");
        let mut header = Html::with_capacity(512);
        header
            .raw("\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">")
            .text(words.skip)
            .raw("</a>\n<header class=\"site-header\">\n<p class=\"site-title\"><a href=\"")
            .text(p.urls.root())
            .raw("\">")
            .text(&site.title)
            .raw("</a></p>\n<nav aria-label=\"")
            .text(&site.title)
            .raw("\">\n<ul>\n");
        let nav = p
            .nav()
            .into_iter()
            .map(|item| {
                let link = |current: &str| {
                    let mut html = Html::with_capacity(128);
                    html.raw("<li><a href=\"").text(&item.url).raw("\"");
                    if !current.is_empty() {
                        html.raw(" aria-current=\"").raw(current).raw("\"");
                    }
                    html.raw(">").text(item.label).raw("</a></li>\n");
                    html.finish()
                };
                NavEntry {
                    section: item.section,
                    path: item.path,
                    this_page: link("page"),
                    this_section: link("true"),
                    other: link(""),
                }
            })
            .collect();
        let mut footer = Html::with_capacity(256);
        footer
            .raw("\n</main>\n<footer class=\"site-footer\">\n<p>")
            .text(words.times_in)
            .raw(" ")
            .text(site.timezone.name())
            .raw(". <a href=\"")
            .text(p.urls.root())
            .raw("subscribe/\">")
            .text(words.subscribe)
            .raw("</a></p>\n</footer>\n</body>\n</html>\n");
        Chrome {
            top: top.finish(),
            site_name: site_name.finish(),
            stylesheet: stylesheet.finish(),
            header: header.finish(),
            nav,
            footer: footer.finish(),
        }
    }
}

/// `{{ site.assets[name] }}`: a static file's fingerprinted address. The
/// default theme's files are always there (a theme can only replace them).
pub fn asset<'h>(html: &'h mut Html, p: &Prepared, name: &str) -> &'h mut Html {
    let path = p.theme.assets.get(name).map_or("", String::as_str);
    // Escaping the two parts is escaping the address they make.
    html.text(p.urls.root()).text(path)
}

/// The file a page at `path` becomes: a folder's `index.html`.
fn page_file(path: String, html: String) -> OutputFile {
    OutputFile::new(file_name(path), html)
}

/// A page's file: a folder's address is its `index.html`.
fn file_name(path: String) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path
    }
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
    Feed {
        title,
        url: p.urls.absolute(path),
    }
}

pub fn whole_calendar_feed(p: &Prepared) -> Feed {
    feed(p, p.calendar.site.title.clone(), urls::CALENDAR_ICS)
}
