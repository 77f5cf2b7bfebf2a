//! What a description's Markdown holds, read before it is rendered: its
//! shallowest heading, which becomes the page's `<h2>`, and its images,
//! which become their alt text.

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
use std::ops::Range;

/// What [`super::html_of`] needs to know of a description before rendering it.
pub(super) struct Shape {
    /// The heading levels used, as bits (`1 << 3` for `###`).
    pub(super) heading_levels: u8,
    pub(super) images: bool,
    /// Footnotes, referred to or written.
    pub(super) notes: bool,
    pub(super) tables: bool,
}

impl Shape {
    pub(super) fn of(events: &[(Event<'_>, Range<usize>)]) -> Shape {
        let mut shape = Shape {
            heading_levels: 0,
            images: false,
            notes: false,
            tables: false,
        };
        for (event, _) in events {
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    shape.heading_levels |= 1 << (*level as u8);
                }
                Event::Start(Tag::Image { .. }) => shape.images = true,
                Event::Start(Tag::Table(_)) => shape.tables = true,
                Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_)) => {
                    shape.notes = true
                }
                _ => {}
            }
        }
        shape
    }
}

/// Images are not shown (the site loads nothing from elsewhere), but what
/// they say is: each becomes its alt text, as plain text.
pub(super) fn images_as_text(events: &mut Vec<(Event<'_>, Range<usize>)>) {
    let mut depth = 0usize;
    let mut start = 0;
    let mut alt = String::new();
    for i in 0..events.len() {
        let inside = depth > 0;
        match &events[i].0 {
            Event::Start(Tag::Image { .. }) => {
                if depth == 0 {
                    start = i;
                }
                depth += 1;
            }
            Event::End(TagEnd::Image) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    events[start].0 = Event::Text(std::mem::take(&mut alt).into());
                }
            }
            // As pulldown-cmark writes an alt: raw HTML in it is text.
            Event::Text(text) | Event::Code(text) | Event::Html(text) | Event::InlineHtml(text)
                if inside =>
            {
                alt.push_str(text)
            }
            Event::SoftBreak | Event::HardBreak if inside => alt.push(' '),
            _ => {}
        }
        if inside {
            // Marked for removal below; the image's start holds its text.
            events[i].0 = Event::Text("".into());
        }
    }
    events.retain(|(event, _)| !matches!(event, Event::Text(text) if text.is_empty()));
}

/// A description's headings, shifted so its shallowest is an `<h2>` under
/// the page's `<h1>`, and each level it uses the next one down: `#`, `##`
/// and `####` become h2, h3 and h4, with no level skipped (axe's
/// heading-order), up to h6.
#[derive(Clone, Copy)]
pub(super) struct Headings {
    /// The levels the description uses, as bits (see [`Shape`]).
    used: u8,
}

impl Headings {
    /// `None` when the description has no heading: no step is needed.
    pub(super) fn under(used: u8) -> Option<Headings> {
        (used != 0).then_some(Headings { used })
    }

    fn level(self, level: HeadingLevel) -> HeadingLevel {
        let shallower = (self.used & ((1u8 << (level as u8)) - 1)).count_ones() as usize;
        HeadingLevel::try_from((2 + shallower).min(6)).unwrap_or(HeadingLevel::H6)
    }

    pub(super) fn shift(self, event: Event<'_>) -> Event<'_> {
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => Event::Start(Tag::Heading {
                level: self.level(level),
                id,
                classes,
                attrs,
            }),
            Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(self.level(level))),
            other => other,
        }
    }
}
