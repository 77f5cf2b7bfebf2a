//! The one place that turns contributors' Markdown into HTML, and decides
//! what of it is allowed on the site.

mod autolink;
mod links;
mod notes;
mod sanitizer;
mod shape;

use links::link_with_rel;
pub(crate) use links::{calendar_page, valid_href};
pub use links::{pages_linked_from, safe_link};
pub use notes::notes_linked_to;
use notes::{drop_repeated_ids, Notes};
use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};
pub(crate) use sanitizer::tag_length;
use sanitizer::{cleaner, drop_rel_without_href};
use shape::{images_as_text, Headings, Shape};
use std::ops::Range;

/// The Markdown extensions descriptions are read with. Smart punctuation
/// (curly quotes, dashes) is for the site's HTML: the plain text puts back
/// the characters the organizer typed (see [`super::plain`]). Task lists
/// are not read: `[ ]` and `[x]` stay text, as typed. Footnotes are: without
/// them, `[^1]: The note.` reads as a link definition and its text is lost.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_FOOTNOTES
}

/// A description read once, for the HTML and the plain text alike.
pub struct Parsed<'a> {
    /// The Markdown read.
    pub(crate) source: &'a str,
    /// Every event, with the bytes of `source` it came from.
    pub(crate) events: Vec<(Event<'a>, Range<usize>)>,
    /// Whether its raw HTML has more than [`MAX_RAW_HTML_TAGS`] tags, and
    /// is shown as text: on the page and in the plain text alike.
    pub(crate) html_shown_as_text: bool,
}

impl<'a> Parsed<'a> {
    /// `events` read from `source`, their raw HTML's tags counted on the way.
    pub(crate) fn new(
        source: &'a str,
        events: impl Iterator<Item = (Event<'a>, Range<usize>)>,
    ) -> Parsed<'a> {
        let mut raw_tags = 0;
        let events = events
            .inspect(|(event, _)| {
                if let Event::Html(html) | Event::InlineHtml(html) = event {
                    raw_tags += count_tags(html);
                }
            })
            .collect();
        Parsed {
            source,
            events,
            html_shown_as_text: raw_tags > MAX_RAW_HTML_TAGS,
        }
    }
}

/// Reads a description, flattening what nests too deep.
pub fn parse(markdown: &str) -> Parsed<'_> {
    let events = Parser::new_ext(markdown, options()).into_offset_iter();
    Parsed::new(markdown, limit_nesting(events))
}

/// Elements nested deeper than this lose their tags and keep their text. No
/// description needs more, and an HTML parser's work grows with the square
/// of the depth: 100,000 nested `>` would take minutes to sanitize.
pub const MAX_NESTING: usize = 32;

/// Past this many tags of raw HTML, a description's HTML is shown as text:
/// raw HTML nests as deep as it likes, and the sanitizer's parser slows
/// down with the square of the depth.
pub const MAX_RAW_HTML_TAGS: usize = 200;

/// Markdown to sanitized HTML, safe to embed in any page.
///
/// Plain Markdown (no raw HTML, only the links [`safe_link`] keeps; images
/// are their alt text) renders to safe HTML by construction: pulldown-cmark
/// escapes all text, and links are written here with an escaped href and
/// `rel`. Anything else goes through the ammonia allow-list. Most descriptions take the fast path,
/// which skips parsing the HTML a second time.
pub fn to_html(markdown: &str) -> String {
    html_of(parse(markdown), "/").html
}

/// [`to_html`] for a site published under `root` (`/meetups/`): links to
/// the calendar's pages (`/venues/x/`) are put under it.
pub fn to_html_under(markdown: &str, root: &str) -> String {
    html_of(parse(markdown), root).html
}

/// A description's HTML, and whether it may link to its own notes
/// (`href="#fn-1"`), which a feed must make absolute: most descriptions
/// have no notes, and are then not searched for a note link.
pub struct Html {
    pub html: String,
    pub may_link_notes: bool,
}

/// [`to_html_under`] of a description already read, and what it may link to.
pub fn html_of<'a>(parsed: Parsed<'a>, root: &str) -> Html {
    let mut out = String::with_capacity(parsed.source.len() * 3 / 2);
    let source = parsed.source;
    let html_shown_as_text = parsed.html_shown_as_text;
    let mut parsed = parsed.events;
    let shape = Shape::of(&parsed);
    if autolink::has_bare_url(source, &parsed) {
        parsed = autolink::link_bare_urls(parsed);
    }
    if shape.images {
        images_as_text(&mut parsed);
    }
    // Most descriptions have neither headings nor notes: no step for them.
    let headings = Headings::under(shape.heading_levels);
    let mut notes = shape.notes.then(Notes::default);
    let mut adjust = |event: Event<'a>| {
        let event = match headings {
            Some(headings) => headings.shift(event),
            None => event,
        };
        match &mut notes {
            Some(notes) => notes.render(event),
            None => event,
        }
    };
    if parsed.iter().all(|(event, _)| is_plain(event)) {
        let events = parsed.into_iter().map(|(event, _)| adjust(event));
        let events = events.map(|event| link_with_rel(event, root));
        push_html(&mut out, events, shape.tables);
        // Links the fast path keeps are never in-page: only notes link so.
        return Html {
            html: out,
            may_link_notes: shape.notes,
        };
    }
    if html_shown_as_text {
        for (event, _) in &mut parsed {
            if let Event::Html(html) | Event::InlineHtml(html) = event {
                *event = Event::Text(html.clone());
            }
        }
    }
    let events = parsed.into_iter().map(|(event, _)| match event {
        // As on the fast path: else `\` becomes `%5C` and ammonia drops the
        // address it no longer parses.
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: valid_href(&dest_url).into_owned().into(),
            title,
            id,
        }),
        other => other,
    });
    push_html(&mut out, events.map(adjust), shape.tables);
    let mut cleaned = drop_rel_without_href(&cleaner(root).clean(&out).to_string());
    if cleaned.contains("<table") {
        cleaned = sanitizer::frame_raw_tables(&cleaned);
    }
    Html {
        html: drop_repeated_ids(cleaned),
        // Raw HTML and links kept by the sanitizer may link a note.
        may_link_notes: true,
    }
}

/// The frame each table is put in: a table wider than the column scrolls
/// sideways inside it, keeping its words whole and its table semantics
/// (a table that scrolls itself is no longer a table to screen readers).
/// Focusable, so a keyboard can scroll it.
pub const TABLE_FRAME: &str = "<div class=\"table-frame\" tabindex=\"0\">";

/// Writes `events` as HTML, each table in a frame when there are `tables`
/// (most descriptions have none, and take no step for them).
fn push_html<'a>(out: &mut String, events: impl Iterator<Item = Event<'a>>, tables: bool) {
    if tables {
        html::push_html(out, events.flat_map(framed));
    } else {
        html::push_html(out, events);
    }
}

/// The table's own events with a [`TABLE_FRAME`] around it: as HTML
/// written verbatim on the fast path, kept by the sanitizer on the other.
fn framed(event: Event<'_>) -> impl Iterator<Item = Event<'_>> {
    let (before, after) = match &event {
        Event::Start(Tag::Table(_)) => (Some(Event::Html(TABLE_FRAME.into())), None),
        Event::End(TagEnd::Table) => (None, Some(Event::Html("</div>".into()))),
        _ => (None, None),
    };
    before.into_iter().chain([event]).chain(after)
}

/// An event the fast path can render without the sanitizer. Images are
/// text by now (see [`images_as_text`]).
fn is_plain(event: &Event) -> bool {
    match event {
        Event::Html(_) | Event::InlineHtml(_) => false,
        Event::Start(Tag::Link { dest_url, .. }) => safe_link(dest_url),
        _ => true,
    }
}

/// Parsed Markdown with everything below [`MAX_NESTING`] levels flattened:
/// the start and end of a too-deep element are dropped, its content kept.
/// Also bounds the plain-text rendering, which indents nested lists.
fn limit_nesting<'a>(
    events: impl Iterator<Item = (Event<'a>, Range<usize>)>,
) -> impl Iterator<Item = (Event<'a>, Range<usize>)> {
    // For every open element, whether its start was kept.
    let mut open: Vec<bool> = Vec::new();
    let mut depth = 0;
    events.filter(move |(event, _)| match event {
        Event::Start(_) => {
            let keep = depth < MAX_NESTING;
            depth += usize::from(keep);
            open.push(keep);
            keep
        }
        Event::End(_) => {
            let keep = open.pop().unwrap_or(false);
            depth -= usize::from(keep);
            keep
        }
        _ => true,
    })
}

/// Start and end tags in a piece of raw HTML (`<` then a letter or `/`).
fn count_tags(html: &str) -> usize {
    html.as_bytes()
        .windows(2)
        .filter(|pair| pair[0] == b'<' && (pair[1].is_ascii_alphabetic() || pair[1] == b'/'))
        .count()
}

#[cfg(test)]
mod tests;
