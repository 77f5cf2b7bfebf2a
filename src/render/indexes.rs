//! The index pages: every event to come (`/events/`), every group, venue
//! and tag, each with what it has coming.

use super::html::Html;
use super::layout::{self, Page};
use crate::expand::Occurrence;
use crate::model::Status;
use crate::output::OutputFile;
use crate::prepare::Prepared;
use crate::urls;
use rayon::prelude::*;
use serde::Serialize;

/// The index pages, in memory.
pub fn render(p: &Prepared) -> Result<Vec<OutputFile>, String> {
    let pages: [IndexPage; 4] = [events, groups, tags, venues];
    pages.par_iter().map(|page| page(p)).collect()
}

type IndexPage = fn(&Prepared) -> Result<OutputFile, String>;

/// `/events/`, where an event page's address leads when shortened: every
/// event still to come, by its next date, and the way to the archive.
fn events(p: &Prepared) -> Result<OutputFile, String> {
    let mut next: Vec<&Occurrence> = (0..p.calendar.events.len())
        .filter(|&i| p.has_upcoming(i))
        .filter_map(|i| p.featured(i))
        .collect();
    next.sort_by_key(|o| o.sort_key);
    let past_url = p.urls.local(urls::PAST_PAGE);
    let page = Page {
        template: EVENTS_TEMPLATE,
        path: urls::EVENTS_PAGE.into(),
        title: format!("{} · {}", p.words().all_events, p.calendar.site.title),
        description: None,
        feeds: vec![layout::whole_calendar_feed(p)],
        section: "home",
    };
    // A card is about 300 bytes.
    if EVENTS_READS.iter().all(|t| p.theme.is_builtin(t)) {
        let cards = EventCards {
            p,
            next: &next,
            past_url: &past_url,
        };
        return Ok(layout::write(p, page, &cards, 6 * 1024 + 320 * next.len()));
    }
    let events: Vec<_> = next.into_iter().map(|o| p.occurrence(o)).collect();
    let mut context = tera::Context::new();
    context.insert("events", &events);
    context.insert("past_url", &past_url);
    layout::render(p, page, context)
}

const EVENTS_TEMPLATE: &str = "events.html";

/// Every template `/events/` reads: its own and the one it extends.
const EVENTS_READS: [&str; 2] = [EVENTS_TEMPLATE, "base.html"];

/// What the built-in `events.html` makes of `/events/`, written in Rust:
/// a thousand upcoming events made into views for the template engine,
/// and interpreted, took a tenth of a `serve` rebuild. A theme's own
/// `events.html` or `base.html` always wins.
struct EventCards<'a> {
    p: &'a Prepared<'a>,
    next: &'a [&'a Occurrence],
    past_url: &'a str,
}

impl layout::Blocks for EventCards<'_> {
    fn head(&self, _html: &mut Html) {}

    fn main(&self, html: &mut Html) {
        let (p, words) = (self.p, self.p.words());
        html.raw("\n<h1>")
            .text(words.all_events)
            .raw("</h1>\n<ul class=\"cards\">\n");
        for o in self.next {
            // An event's card is the same on every render but when the
            // event changed: kept with its pieces (`plan::Reuse`).
            let card = p.reuse.card(o.event, || card(p, o));
            html.raw(&card);
        }
        if self.next.is_empty() {
            html.raw("<li>").text(words.no_upcoming).raw("</li>\n");
        }
        html.raw("</ul>\n<p>")
            .link(self.past_url, words.past)
            .raw("</p>\n");
    }
}

/// The card of `/events/` for the occurrence an event is shown with.
fn card(p: &Prepared, o: &Occurrence) -> String {
    let words = p.words();
    let event = &p.calendar.events[o.event];
    let (datetime, time) = p.when_labels(o);
    let mut html = Html::with_capacity(320);
    html.raw("<li>\n<h2 dir=\"auto\">")
        .link(&p.urls.event(&event.slug), o.shown(event).title)
        .raw("</h2>\n<p class=\"meta\"><time datetime=\"")
        .text(&datetime)
        .raw("\">")
        .text(&p.language.date(o.days.0))
        .raw(", ")
        .text(&time)
        .raw("</time>");
    if let Some(group) = event.group {
        let group = p.group_link(group);
        html.raw(" · ").link(&group.url, &group.label);
    }
    if o.status == Status::Cancelled {
        html.raw(" <strong class=\"badge\">")
            .text(words.cancelled)
            .raw("</strong>");
    }
    html.raw("</p>\n</li>\n");
    html.finish()
}

fn groups(p: &Prepared) -> Result<OutputFile, String> {
    let groups: Vec<GroupSummary> = p
        .calendar
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let next = p.index.upcoming_of(&p.index.by_group[i]).next();
            GroupSummary {
                name: g.name.clone(),
                url: p.urls.group(&g.slug),
                summary: crate::text::plain::summary(&g.description, 160),
                next: next.map(|o| p.occurrence(o)),
            }
        })
        .collect();
    let mut context = tera::Context::new();
    context.insert("groups", &groups);
    layout::render(
        p,
        Page {
            template: "groups.html",
            path: urls::GROUPS_PAGE.into(),
            title: format!("{} · {}", p.words().groups, p.calendar.site.title),
            description: None,
            feeds: vec![layout::whole_calendar_feed(p)],
            section: "groups",
        },
        context,
    )
}

/// `/tags/`: every tag with a page, with how many events carry it and
/// how many of their dates are to come.
fn tags(p: &Prepared) -> Result<OutputFile, String> {
    let tags: Vec<Summary> = p
        .index
        .by_tag
        .iter()
        .map(|(tag, positions)| Summary {
            name: format!("#{tag}"),
            url: p.urls.tag(tag),
            detail: None,
            count: count(p, positions),
        })
        .collect();
    index_page(
        p,
        "tags.html",
        urls::TAGS_PAGE,
        p.words().tags,
        "tags",
        tags,
    )
}

/// `/venues/`: every shared venue, with its address and its events.
fn venues(p: &Prepared) -> Result<OutputFile, String> {
    let venues: Vec<Summary> = p
        .calendar
        .venues
        .iter()
        .zip(&p.index.by_venue)
        .filter_map(|(venue, positions)| {
            Some(Summary {
                name: venue.name.clone(),
                url: p.urls.venue(venue.slug.as_deref()?),
                detail: venue.address.clone(),
                count: count(p, positions),
            })
        })
        .collect();
    index_page(
        p,
        "venues.html",
        urls::VENUES_PAGE,
        p.words().venues,
        "venues",
        venues,
    )
}

fn index_page(
    p: &Prepared,
    template: &str,
    path: &str,
    heading: &str,
    section: &'static str,
    entries: Vec<Summary>,
) -> Result<OutputFile, String> {
    let mut context = tera::Context::new();
    context.insert("entries", &entries);
    layout::render(
        p,
        Page {
            template,
            path: path.into(),
            title: format!("{heading} · {}", p.calendar.site.title),
            description: None,
            feeds: vec![layout::whole_calendar_feed(p)],
            section,
        },
        context,
    )
}

/// "3 events, 5 dates to come", in the site's language.
fn count(p: &Prepared, positions: &[usize]) -> String {
    let (events, to_come) = p.index.tally(positions);
    let words = p.words();
    let events = match events {
        1 => words.one_event.to_string(),
        n => words.n_events.replace("{n}", &n.to_string()),
    };
    match to_come {
        0 => events,
        1 => format!("{events}, {}", words.one_to_come),
        n => format!(
            "{events}, {}",
            words.n_to_come.replace("{n}", &n.to_string())
        ),
    }
}

/// A line of an index: a tag or a venue.
#[derive(Serialize)]
struct Summary {
    name: String,
    url: String,
    detail: Option<String>,
    count: String,
}

#[derive(Serialize)]
struct GroupSummary {
    name: String,
    url: String,
    summary: String,
    next: Option<super::views::OccurrenceView>,
}
