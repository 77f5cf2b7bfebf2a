//! Footnotes in descriptions: numbered, linked to, and their ids kept
//! unique on the page.

use pulldown_cmark::{Event, Tag, TagEnd};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// Footnotes, numbered in the order they are first mentioned: a reference
/// is a superscript link to its note, a note a one-item list showing its
/// number, where it was written. Ids are `fn-` and a number: no id of the
/// page's own starts so.
#[derive(Default)]
pub(super) struct Notes {
    numbers: HashMap<String, (usize, bool)>,
    /// Open links: a reference inside one gets no link of its own.
    links: usize,
}

impl Notes {
    /// The note's number, and whether its definition was seen before.
    fn number(&mut self, name: &str, defining: bool) -> (usize, bool) {
        let next = self.numbers.len() + 1;
        let (number, defined) = self
            .numbers
            .entry(name.to_lowercase())
            .or_insert((next, false));
        let seen = *defined;
        *defined |= defining;
        (*number, seen)
    }

    pub(super) fn render<'a>(&mut self, event: Event<'a>) -> Event<'a> {
        match event {
            Event::Start(Tag::Link { .. }) => self.links += 1,
            Event::End(TagEnd::Link) => self.links = self.links.saturating_sub(1),
            Event::InlineHtml(ref html) | Event::Html(ref html) => {
                self.links = self
                    .links
                    .saturating_add_signed(super::links::raw_link_change(html));
            }
            Event::FootnoteReference(name) => {
                let (n, _) = self.number(&name, false);
                return Event::InlineHtml(if self.links > 0 {
                    format!("<sup>{n}</sup>").into()
                } else {
                    format!("<sup><a href=\"#fn-{n}\">{n}</a></sup>").into()
                });
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                // A second definition of a note keeps its text, not the id.
                return Event::Html(match self.number(&name, true) {
                    (n, false) => format!("<ol start=\"{n}\"><li id=\"fn-{n}\">\n").into(),
                    (n, true) => format!("<ol start=\"{n}\"><li>\n").into(),
                });
            }
            Event::End(TagEnd::FootnoteDefinition) => return Event::Html("</li></ol>\n".into()),
            _ => {}
        }
        event
    }
}

/// ammonia keeps one id for each footnote, but raw HTML may repeat it, and
/// a repeated id is invalid HTML: a second one is dropped. In ammonia's
/// output every `<` of text is escaped and no attribute value holds a `"`.
pub(super) fn drop_repeated_ids(html: String) -> String {
    const ID: &str = " id=\"";
    if !html.contains(ID) {
        return html;
    }
    let mut seen = HashSet::new();
    let mut out = String::with_capacity(html.len());
    let (mut copied, mut i) = (0, 0);
    let (mut in_tag, mut in_value) = (false, false);
    let bytes = html.as_bytes();
    while i < bytes.len() {
        match bytes[i] {
            b'<' if !in_tag => in_tag = true,
            b'>' if in_tag && !in_value => in_tag = false,
            b' ' if in_tag && !in_value && html[i..].starts_with(ID) => {
                let start = i + ID.len();
                let end = html[start..].find('"').map_or(html.len(), |n| start + n);
                if !seen.insert(&html[start..end]) {
                    out.push_str(&html[copied..i]);
                    copied = (end + 1).min(html.len());
                }
                i = end + 1;
                continue;
            }
            b'"' if in_tag => in_value = !in_value,
            _ => {}
        }
        i += 1;
    }
    out.push_str(&html[copied..]);
    out
}

/// A description's HTML for a reader away from its event page (a feed,
/// `events.json`): a link to a note, `#fn-1`, would resolve against the
/// feed's address, so it is made to point at the note on the page whose
/// address is `page`'s pieces joined. Only the sanitizer's output is read
/// here, where a note link is written just so.
pub fn notes_linked_to<'a>(html: &'a str, page: &[&str]) -> Cow<'a, str> {
    const NOTE_LINK: &str = "href=\"#fn-";
    // Raw HTML may have been sanitized to no note link at all.
    if memchr::memmem::find(html.as_bytes(), NOTE_LINK.as_bytes()).is_none() {
        return Cow::Borrowed(html);
    }
    let linked = format!("href=\"{}#fn-", page.concat());
    Cow::Owned(html.replace(NOTE_LINK, &linked))
}
