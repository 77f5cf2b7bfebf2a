//! The work every output shares, done once before any renderer runs:
//! descriptions as HTML and as plain text (an override's own included), the
//! occurrence each event is featured with, URLs, the language, the host for
//! UIDs. Pages, news feeds, `events.json` and iCalendar all read
//! [`Prepared`]; none of them parses Markdown or applies an override itself.

use crate::expand::Occurrence;
use crate::history::History;
use crate::index::Index;
use crate::model::{Calendar, Status};
use crate::plan::reuse::Reuse;
use crate::plan::scope::Scope;
use crate::text::locale::Language;
use crate::text::{markdown, plain};
use crate::theme::Theme;
use crate::urls::Urls;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

pub struct Prepared<'a> {
    pub calendar: &'a Calendar,
    pub index: Index,
    /// Dates the feeds' entries (SEQUENCE, DTSTAMP, RSS dates).
    pub history: &'a History,
    pub theme: &'a Theme,
    pub urls: Urls,
    pub language: Language,
    /// The site's zone, in which pages show dates.
    pub zone: Tz,
    /// The site's host name, for UIDs.
    pub host: String,
    pub now: DateTime<Utc>,
    /// The site's variables as every page's template sees them
    /// (`render::views::SiteView`), converted for the template engine once:
    /// converting them for each of thousands of pages cost 4 % of a build.
    pub site_view: OnceLock<tera::Value>,
    /// What every page written in Rust shares of the built-in `base.html`,
    /// escaped once per build.
    pub(crate) chrome: OnceLock<Chrome>,
    /// Which pages to make: all of them but when `serve` remakes those an
    /// edit changed. Set with [`Prepared::set_scope`].
    pub scope: Scope,
    /// The events whose own page `scope` makes, when not all: found once,
    /// not by a folder's name made for each of ten thousand events.
    event_pages: Option<Vec<usize>>,
    /// Pieces of output an earlier render made for events no edit changed.
    pub reuse: Reuse,
    /// Per event (same order as the events): its own description, then
    /// each override's, when the override has one.
    descriptions: Vec<Descriptions>,
    /// Per event: the position in `index.occurrences` of the occurrence
    /// it is shown with (`Prepared::featured`), and whether it has
    /// one still to come.
    featured: Vec<(Option<usize>, bool)>,
}

/// An event's descriptions, rendered from its Markdown.
pub struct Descriptions {
    own: Arc<Description>,
    /// Same order as the event's overrides.
    overrides: Vec<Option<Arc<Description>>>,
}

/// Descriptions made by an earlier build, by their Markdown: `serve` makes
/// again only those of the files a save changed.
#[derive(Default)]
pub struct DescriptionCache {
    /// The site's address the links were made absolute against.
    base_url: String,
    /// By the address of the Markdown's text, which is shared with the
    /// parsed file `serve` keeps until the file changes: no text is hashed
    /// or compared. The text is held too, so its address is not reused.
    by_markdown: HashMap<TextAddress, (Arc<String>, Arc<Description>)>,
}

/// Where a text is in memory, and its length.
type TextAddress = (usize, usize);

fn address(text: &Arc<String>) -> TextAddress {
    (text.as_ptr() as usize, text.len())
}

/// A description as sanitized HTML and as plain text (links made absolute
/// against the site, as the feeds need them).
pub struct Description {
    pub html: String,
    pub text: String,
    /// Whether `html` may link to its own notes (see [`Description::html_away_from`]).
    may_link_notes: bool,
    /// Whether `html` may link to a page of the calendar (`/venues/x/`).
    may_link_pages: bool,
}

impl Description {
    /// `root` is `base_url`'s path, under which links to the calendar's
    /// pages are put.
    pub fn of(markdown: &str, base_url: &str, root: &str) -> Description {
        // Read once for both: the parse is most of the cost of either.
        let parsed = markdown::parse(markdown);
        let text = plain::text_of(&parsed, base_url);
        // Kept for the whole render, so in a string of its own length: the
        // room the renderer leaves to grow into was a third of every
        // description's memory, and the build's peak is here.
        let markdown::Html {
            html,
            may_link_notes,
        } = markdown::html_of(parsed, root);
        let html = if html.capacity() - html.len() > html.len() / 16 {
            html.as_str().to_owned()
        } else {
            html
        };
        // Found once: a feed or `events.json` looks only when there is one.
        let may_link_pages = memchr::memmem::find(html.as_bytes(), b"href=\"/").is_some();
        Description {
            html,
            text,
            may_link_notes,
            may_link_pages,
        }
    }

    /// The HTML for a reader away from the event's page, whose address is
    /// `page`'s pieces joined (a feed, `events.json`): links to notes point
    /// at that page, and links to the calendar's pages are absolute.
    pub fn html_away_from(&self, page: &[&str]) -> std::borrow::Cow<'_, str> {
        use std::borrow::Cow;
        let html = match self.may_link_notes {
            true => markdown::notes_linked_to(&self.html, page),
            false => Cow::Borrowed(self.html.as_str()),
        };
        if !self.may_link_pages {
            return html;
        }
        let address = page.concat();
        let origin = crate::urls::origin(&address);
        match markdown::pages_linked_from(&html, origin) {
            Cow::Borrowed(_) => html,
            Cow::Owned(linked) => Cow::Owned(linked),
        }
    }
}

/// Events' descriptions as Markdown, their overrides' own included, taken
/// out of the calendar: [`prepare`] renders them and lets them go, so a
/// build does not hold each description three times (20 MB of Markdown at
/// 10,000 events). Nothing after `prepare` reads the Markdown.
pub struct Markdown {
    own: Arc<String>,
    /// Same order as the event's overrides.
    overrides: Vec<Option<Arc<String>>>,
}

/// Takes every description out of `calendar`, leaving them empty; of an
/// event shared with a later build (`serve`'s), a copy of the handle.
pub fn take_markdown(calendar: &mut Calendar) -> Vec<Markdown> {
    calendar
        .events
        .iter_mut()
        .map(|event| match Arc::get_mut(event) {
            Some(event) => Markdown {
                own: std::mem::take(&mut event.description),
                overrides: event
                    .overrides
                    .iter_mut()
                    .map(|o| o.changes.description.take())
                    .collect(),
            },
            None => Markdown {
                own: Arc::clone(&event.description),
                overrides: event
                    .overrides
                    .iter()
                    .map(|o| o.changes.description.clone())
                    .collect(),
            },
        })
        .collect()
}

/// Prepares the calendar for every renderer, its events' descriptions
/// made by [`describe`].
pub fn prepare<'a>(
    calendar: &'a Calendar,
    descriptions: Vec<Descriptions>,
    index: Index,
    history: &'a History,
    theme: &'a Theme,
) -> Prepared<'a> {
    let base_url = &calendar.site.base_url;
    let featured = index
        .by_event
        .iter()
        .map(|positions| {
            let mut upcoming = index.upcoming_positions(positions).peekable();
            let next = upcoming.peek().copied();
            // A series whose next date is cancelled is shown with the date
            // after: its card and page would read as if it were cancelled.
            let happening = upcoming.find(|&i| index.occurrences[i].status != Status::Cancelled);
            (
                happening.or(next).or(positions.last().copied()),
                next.is_some(),
            )
        })
        .collect();
    Prepared {
        calendar,
        history,
        theme,
        urls: Urls::new(base_url),
        language: Language::parse(&calendar.site.language).unwrap_or(Language::En),
        zone: calendar.site.timezone,
        host: calendar.site.uid_host(),
        now: index.now,
        site_view: OnceLock::new(),
        chrome: OnceLock::new(),
        scope: Scope::Everything,
        event_pages: None,
        reuse: Reuse::default(),
        index,
        descriptions,
        featured,
    }
}

/// Each event's descriptions, from `cache` where it has them (made by an
/// earlier build; it is left with those of this one). Each
/// Markdown text is let go as soon as it is rendered, unless the cache
/// keeps it as a key: the build's peak memory is here.
pub fn describe(
    markdown: Vec<Markdown>,
    base_url: &str,
    cache: Option<&mut DescriptionCache>,
) -> Vec<Descriptions> {
    let earlier = cache
        .as_deref()
        .filter(|cache| cache.base_url == base_url)
        .map(|cache| &cache.by_markdown);
    let urls = Urls::new(base_url);
    let of = |text: &Arc<String>| match earlier.and_then(|earlier| earlier.get(&address(text))) {
        Some((_, made)) => Arc::clone(made),
        None => Arc::new(Description::of(text, base_url, urls.root())),
    };
    let keep_markdown = cache.is_some();
    let (descriptions, markdown): (Vec<Descriptions>, Vec<Option<Markdown>>) = markdown
        .into_par_iter()
        .map(|text| {
            let made = Descriptions {
                own: of(&text.own),
                overrides: text.overrides.iter().map(|o| o.as_ref().map(of)).collect(),
            };
            (made, keep_markdown.then_some(text))
        })
        .unzip();
    if let Some(cache) = cache {
        // Only this build's: the cache does not grow with every edit.
        let mut by_markdown = HashMap::with_capacity(markdown.len());
        for (text, made) in markdown.into_iter().flatten().zip(&descriptions) {
            by_markdown.insert(address(&text.own), (text.own, Arc::clone(&made.own)));
            for (text, made) in text.overrides.into_iter().zip(&made.overrides) {
                if let (Some(text), Some(made)) = (text, made) {
                    by_markdown.insert(address(&text), (text, Arc::clone(made)));
                }
            }
        }
        *cache = DescriptionCache {
            base_url: base_url.to_string(),
            by_markdown,
        };
    }
    descriptions
}

/// What a [`Prepared`] owns rather than borrows from the calendar: tens of
/// thousands of allocations, which can be freed on another thread.
pub struct PreparedParts {
    _index: Index,
    _descriptions: Vec<Descriptions>,
    _featured: Vec<(Option<usize>, bool)>,
    _reuse: Reuse,
}

impl Prepared<'_> {
    /// Gives up the borrows and keeps what is owned.
    pub fn into_parts(self) -> PreparedParts {
        PreparedParts {
            _index: self.index,
            _descriptions: self.descriptions,
            _featured: self.featured,
            _reuse: self.reuse,
        }
    }

    /// Makes only the pages `scope` wants.
    pub fn set_scope(&mut self, scope: Scope) {
        let events = &self.calendar.events;
        self.event_pages = scope.event_pages(events.len(), |i| &events[i].slug);
        self.scope = scope;
    }

    /// Whether event `i`'s own page (and `event.ics`) is made.
    pub fn wants_event_page(&self, i: usize) -> bool {
        self.event_pages
            .as_ref()
            .is_none_or(|wanted| wanted.binary_search(&i).is_ok())
    }

    /// The description an occurrence shows: its override's own, else the
    /// event's. `changed_by` indexes the event's overrides.
    pub fn description(&self, event: usize, changed_by: Option<usize>) -> &Description {
        let all = &self.descriptions[event];
        changed_by
            .and_then(|i| all.overrides[i].as_ref())
            .unwrap_or(&all.own)
    }

    /// The occurrence an event is shown with: the next one that is not
    /// cancelled, else the next one, else the latest.
    pub fn featured(&self, event: usize) -> Option<&Occurrence> {
        self.featured[event].0.map(|i| &self.index.occurrences[i])
    }

    /// Whether the event has an occurrence still to come.
    pub fn has_upcoming(&self, event: usize) -> bool {
        self.featured[event].1
    }
}

/// What every page shares of the built-in `base.html`: the site's parts of
/// it, escaped once per build (by `render::layout`, which makes them)
/// rather than on each of thousands of pages.
pub struct Chrome {
    /// From the doctype to the page's title.
    pub(crate) top: String,
    /// After the canonical address, up to the page's title again.
    pub(crate) site_name: String,
    /// The stylesheet's link.
    pub(crate) stylesheet: String,
    /// From the end of the head to the navigation's items.
    pub(crate) header: String,
    pub(crate) nav: Vec<NavEntry>,
    /// From the end of the main content to the end of the page.
    pub(crate) footer: String,
}

/// A section of the site's navigation, written as a link either way.
pub(crate) struct NavEntry {
    pub(crate) section: &'static str,
    /// The one page it links to, relative to the site root.
    pub(crate) path: &'static str,
    /// On that page: `aria-current="page"`.
    pub(crate) this_page: String,
    /// On the other pages of its section: `aria-current="true"`.
    pub(crate) this_section: String,
    pub(crate) other: String,
}
