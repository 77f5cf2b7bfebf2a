//! The sanitizer descriptions with raw HTML go through, and what it
//! leaves to tidy.

use super::links::{is_note_href, is_note_id, keep_if_safe, safe_link, under_root, valid_href};
use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

/// The sanitizer: an allow-list of formatting (and `<details>`, which
/// opens without script), no script, no event
/// handlers, no frames, no images, only http(s), mailto and this site's
/// `/` links (see [`safe_link`]), which get `rel="noopener noreferrer"` and
/// a valid address. Headings arrive shifted
/// (see [`super::shape::Headings`]) to start at `<h2>` under the page's own `<h1>`; `<h1>`
/// stays out. The only ids and in-page links are footnotes' (`fn-1`).
/// Links to the calendar's pages are put under `root`, the site's path.
pub(super) fn cleaner(root: &str) -> &'static ammonia::Builder<'static> {
    static AT_TOP: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    // One per root path a process builds with: nearly always one.
    static UNDER: Mutex<Vec<(String, &'static ammonia::Builder<'static>)>> = Mutex::new(Vec::new());
    if root == "/" {
        return AT_TOP.get_or_init(|| new_cleaner(root.to_string()));
    }
    let mut under = UNDER
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((_, cleaner)) = under.iter().find(|(r, _)| r == root) {
        return cleaner;
    }
    let cleaner = Box::leak(Box::new(new_cleaner(root.to_string())));
    under.push((root.to_string(), cleaner));
    cleaner
}

fn new_cleaner(root: String) -> ammonia::Builder<'static> {
    let tags: HashSet<&str> = [
        "a",
        "div",
        "details",
        "summary",
        "p",
        "br",
        "hr",
        "em",
        "strong",
        "del",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "sup",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    ]
    .into_iter()
    .collect();
    let mut builder = ammonia::Builder::default();
    builder
        .tags(tags)
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        // ammonia passes addresses without a scheme to this; the rule
        // is `safe_link`'s, for both kinds.
        .url_relative(ammonia::UrlRelative::Custom(Box::new(keep_if_safe)))
        .add_tag_attributes("li", ["id"])
        .add_tag_attributes("div", ["class", "tabindex"])
        .attribute_filter(
            move |element, attribute, value| match (element, attribute) {
                ("a", "href") if is_note_href(value) => Some(value.into()),
                ("a", "href") => safe_link(value).then(|| under_root(valid_href(value), &root)),
                (_, "id") => is_note_id(value).then(|| value.into()),
                // The frame tables are put in (`TABLE_FRAME`), and nothing else.
                ("div", "class") => (value == "table-frame").then(|| value.into()),
                ("div", "tabindex") => (value == "0").then(|| value.into()),
                _ => Some(value.into()),
            },
        )
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true);
    builder
}

/// Each `<table>` of raw HTML in a frame, as Markdown tables are put in
/// one before the sanitizer ([`super::TABLE_FRAME`]): it scrolls on its
/// own and stays a table to screen readers. `html` is the sanitizer's
/// output, so its text holds no `<` and its tags are balanced.
pub(super) fn frame_raw_tables(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    // For each table open, whether a frame was opened for it here.
    let mut framed: Vec<bool> = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let end = start + tag_length(&rest[start..]);
        let tag = &rest[start..end];
        let name = tag[1..]
            .split(|c: char| c.is_whitespace() || c == '>')
            .next();
        match name {
            Some("table") => {
                let in_frame = out.ends_with(super::TABLE_FRAME);
                if !in_frame {
                    out.push_str(super::TABLE_FRAME);
                }
                framed.push(!in_frame);
                out.push_str(tag);
            }
            Some("/table") => {
                out.push_str(tag);
                if framed.pop() == Some(true) {
                    out.push_str("</div>");
                }
            }
            _ => out.push_str(tag),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The length of the tag `text` starts with, up to its `>` outside quotes:
/// in a sanitizer's output, where every `<` starts a tag and values are in
/// double quotes.
pub(crate) fn tag_length(text: &str) -> usize {
    let mut in_quotes = false;
    text.char_indices()
        .find(|&(_, c)| {
            if c == '"' {
                in_quotes = !in_quotes;
            }
            c == '>' && !in_quotes
        })
        .map_or(text.len(), |(i, _)| i + 1)
}

/// ammonia adds `rel` to every `<a>`, also to one whose `javascript:` href
/// it removed, and `rel` without `href` is invalid HTML: take it off again.
/// A footnote's in-page link has no use for it either, as on the fast path.
pub(super) fn drop_rel_without_href(html: &str) -> String {
    const REL: &str = " rel=\"noopener noreferrer\"";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<a ") {
        out.push_str(&rest[..start]);
        // The end of the tag, skipping `>` inside quoted values.
        let end = start + tag_length(&rest[start..]);
        let tag = &rest[start..end];
        if tag.contains(" href=") && !tag.contains(" href=\"#") {
            out.push_str(tag);
        } else {
            out.push_str(&tag.replace(REL, ""));
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}
