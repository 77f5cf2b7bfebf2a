//! What a description's Markdown holds, read before it is rendered: its
//! shallowest heading, which becomes the page's `<h2>`, and its images,
//! which become their alt text.

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
use std::ops::Range;

/// What [`super::html_of`] needs to know of a description before rendering it.
pub(super) struct Shape {
    pub(super) top_heading: Option<HeadingLevel>,
    pub(super) images: bool,
    /// Footnotes, referred to or written.
    pub(super) notes: bool,
}

impl Shape {
    pub(super) fn of(events: &[(Event<'_>, Range<usize>)]) -> Shape {
        let mut shape = Shape {
            top_heading: None,
            images: false,
            notes: false,
        };
        for (event, _) in events {
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    shape.top_heading =
                        Some(shape.top_heading.map_or(*level, |top| top.min(*level)));
                }
                Event::Start(Tag::Image { .. }) => shape.images = true,
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
/// the page's `<h1>`, keeping their order below it (axe's heading-order).
#[derive(Clone, Copy)]
pub(super) struct Headings {
    top: HeadingLevel,
}

impl Headings {
    pub(super) fn under(top: Option<HeadingLevel>) -> Headings {
        Headings {
            top: top.unwrap_or(HeadingLevel::H2),
        }
    }

    fn level(self, level: HeadingLevel) -> HeadingLevel {
        let shifted = (level as usize + 2).saturating_sub(self.top as usize);
        HeadingLevel::try_from(shifted.clamp(2, 6)).unwrap_or(HeadingLevel::H6)
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
