//! Markdown as plain text, for feeds and summaries: calendar clients show it as
//! typed, so markup would show as noise and links would lose their address.

mod html;

use super::markdown::{parse, Parsed};
use pulldown_cmark::{Event, Tag, TagEnd};
use std::cell::OnceCell;

/// Readable text: paragraphs separated by a blank line, list items on lines
/// of their own, links followed by their address, HTML tags dropped and
/// their text kept (a script's or a style's dropped whole). Relative
/// links are made absolute against `base_url`.
pub fn markdown_to_text(markdown: &str, base_url: &str) -> String {
    text_of(&parse(markdown), base_url)
}

/// [`markdown_to_text`] of a description already read.
pub fn text_of(parsed: &Parsed<'_>, base_url: &str) -> String {
    let markdown = parsed.source;
    // The text is about as long as the Markdown: one allocation, kept.
    let mut w = Writer {
        out: String::with_capacity(markdown.len()),
        base_url,
        ..Writer::default()
    };
    // Past so many tags the page shows the raw HTML as text, which bounds
    // the sanitizer's work: so does the plain text.
    w.html_as_text = parsed.html_shown_as_text;
    for (event, range) in &parsed.events {
        match event {
            Event::Start(tag) => w.start(tag),
            Event::End(tag) => w.end(*tag),
            // The sanitizer drops a script's or a style's content: so does the text.
            Event::Text(_) | Event::Code(_) if w.hidden.is_some() => {}
            // A range off the text (none is known) keeps the parsed text.
            Event::Text(t) => w.push(as_typed(t, markdown.get(range.clone()).unwrap_or(""))),
            Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => w.push(t),
            Event::SoftBreak => w.push(" "),
            Event::HardBreak => w.line_break(),
            Event::Rule => w.block(true),
            Event::FootnoteReference(name) => w.push(&format!("[{name}]")),
            // Task lists are not read (see `options`): their markers are text.
            Event::TaskListMarker(_) => {}
            // A block of raw HTML comes in pieces, a line each: read whole.
            Event::Html(html) => w.html_block.push_str(html),
            // Past the bound on raw HTML, the page shows its tags as text.
            Event::InlineHtml(html) if w.html_as_text => w.push(html),
            Event::InlineHtml(html) => {
                if is_line_break(html) {
                    w.line_break();
                }
                w.hidden = hidden_after(w.hidden, html);
            }
        }
    }
    let kept = w.out.trim_end().len();
    w.out.truncate(kept);
    w.out
}

/// The elements whose content the sanitizer drops with them (ammonia's
/// `clean_content_tags`, left as they come).
const DROPPED_WITH_CONTENT: [&str; 2] = ["script", "style"];

/// Which element's content is being dropped after a piece of raw HTML,
/// given which was before it: raw HTML comes in pieces, a tag each when
/// inline, with the content between them as text.
fn hidden_after(mut hidden: Option<&'static str>, html: &str) -> Option<&'static str> {
    for (at, _) in html.match_indices('<') {
        let tag = &html[at + 1..];
        let (closing, tag) = match tag.strip_prefix('/') {
            Some(rest) => (true, rest),
            None => (false, tag),
        };
        let Some(name) = DROPPED_WITH_CONTENT.into_iter().find(|name| {
            tag.get(..name.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(name))
                && !tag[name.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-')
        }) else {
            continue;
        };
        hidden = match (hidden, closing) {
            (None, false) => Some(name),
            (Some(open), true) if open == name => None,
            (unchanged, _) => unchanged,
        };
    }
    hidden
}

/// Whether a piece of inline HTML is a line break, `<br>` or `<br/>`.
fn is_line_break(html: &str) -> bool {
    let tag = html
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim_end_matches('/');
    tag.trim().eq_ignore_ascii_case("br")
}

/// The text as typed: smart punctuation made `'` a curly quote, `--` a
/// dash and `...` an ellipsis for the page; the feeds keep what the
/// organizer wrote. Only a piece the parser made of such punctuation
/// alone is put back: an entity (`&rsquo;`) or a typed `’` stays.
fn as_typed<'t>(text: &'t str, source: &'t str) -> &'t str {
    let typographic = |c: char| matches!(c, '‘' | '’' | '“' | '”' | '–' | '—' | '…');
    let plain = |b: u8| matches!(b, b'\'' | b'"' | b'-' | b'.');
    if !text.is_empty()
        && text != source
        && !source.is_empty()
        && source.bytes().all(plain)
        && text.chars().all(typographic)
    {
        source
    } else {
        text
    }
}

#[derive(Default)]
struct Writer<'a> {
    out: String,
    /// One entry per open list: the next number, or `None` for bullets.
    lists: Vec<Option<u64>>,
    /// Open links: their address and where their text starts in `out`.
    links: Vec<(String, usize)>,
    /// Just after a list marker: the item's first block needs no break.
    at_marker: bool,
    /// Inside an image: its alt text is kept, its address is not.
    images: usize,
    /// Inside a `<script>` or `<style>` written in a paragraph.
    hidden: Option<&'static str>,
    /// The pieces of the block of raw HTML being read.
    html_block: String,
    /// Whether raw HTML blocks are shown as the text they are written as.
    html_as_text: bool,
    /// What relative links are made absolute against; read at the first
    /// link, as most descriptions have none.
    base_url: &'a str,
    base: OnceCell<Option<url::Url>>,
}

impl Writer<'_> {
    fn push(&mut self, text: &str) {
        self.at_marker = false;
        self.out.push_str(text);
    }

    fn indent(&self) -> String {
        "  ".repeat(self.lists.len())
    }

    /// Starts a block on a fresh line, after a blank line outside lists.
    fn block(&mut self, blank: bool) {
        if self.at_marker {
            self.at_marker = false;
            return;
        }
        let trimmed = self.out.trim_end_matches([' ', '\t']).len();
        self.out.truncate(trimmed);
        if self.out.is_empty() {
            return;
        }
        while !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        if blank && self.lists.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
        let indent = self.indent();
        self.out.push_str(&indent);
    }

    fn line_break(&mut self) {
        let indent = self.indent();
        self.out.push('\n');
        self.out.push_str(&indent);
    }

    fn start(&mut self, tag: &Tag) {
        match tag {
            Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::Table(_)
            | Tag::DefinitionList => self.block(true),
            Tag::FootnoteDefinition(name) => {
                // Shown as its references are, `[1]`, before its text.
                self.block(true);
                self.out.push_str(&format!("[{name}] "));
                self.at_marker = true;
            }
            Tag::TableRow | Tag::TableHead | Tag::DefinitionListTitle => self.block(false),
            Tag::DefinitionListDefinition => {
                self.block(false);
                self.out.push_str("  ");
            }
            Tag::List(first) => {
                self.block(true);
                // `block` indented for the list's own level: items indent themselves.
                let trimmed = self.out.trim_end_matches(' ').len();
                self.out.truncate(trimmed);
                self.lists.push(*first);
            }
            Tag::Item => {
                let depth = self.lists.len().saturating_sub(1);
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}. ", *n - 1)
                    }
                    _ => "- ".to_string(),
                };
                let trimmed = self.out.trim_end_matches([' ', '\t']).len();
                self.out.truncate(trimmed);
                if !self.out.is_empty() && !self.out.ends_with('\n') {
                    self.out.push('\n');
                }
                self.out.push_str(&"  ".repeat(depth));
                self.out.push_str(&marker);
                self.at_marker = true;
            }
            Tag::Link { dest_url, .. } => {
                // What the page would not link to, the feeds do not show:
                // only the link's text is kept.
                let address = if !super::markdown::safe_link(dest_url) {
                    String::new()
                } else {
                    let base = self
                        .base
                        .get_or_init(|| url::Url::parse(self.base_url).ok());
                    // A link to a page of the calendar is under the
                    // site's path, as on the page (`/venues/x/` on a site
                    // at `https://example.org/meetups/`).
                    let dest = dest_url
                        .trim_start_matches(|c: char| c.is_ascii_whitespace() || c.is_control());
                    let dest = super::markdown::calendar_page(dest).unwrap_or(dest);
                    match base.as_ref().and_then(|b| b.join(dest).ok()) {
                        Some(absolute) => absolute.to_string(),
                        None => dest_url.to_string(),
                    }
                };
                self.links.push((address, self.out.len()));
            }
            Tag::Image { .. } => self.images += 1,
            // Struck text is what changed (`~~19:00~~ 19:30`): shown as
            // typed, or the old time would read as still true.
            Tag::Strikethrough => self.push("~~"),
            Tag::HtmlBlock
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Superscript
            | Tag::Subscript
            | Tag::TableCell
            | Tag::MetadataBlock(_) => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::List(_) => {
                self.lists.pop();
            }
            TagEnd::HtmlBlock if self.html_as_text => {
                let block = std::mem::take(&mut self.html_block);
                self.block(true);
                self.push(block.trim_end());
            }
            TagEnd::HtmlBlock => {
                let block = std::mem::take(&mut self.html_block);
                if self.hidden.is_none() {
                    let text = html::text(&block);
                    if !text.is_empty() {
                        self.block(true);
                        self.push(&text);
                    }
                }
                self.hidden = hidden_after(self.hidden, &block);
            }
            TagEnd::Link => {
                let Some((address, from)) = self.links.pop() else {
                    return;
                };
                let shown = self.out[from..].trim();
                let same = address.is_empty()
                    || shown == address
                    || shown == address.trim_end_matches('/')
                    || address.strip_prefix("mailto:") == Some(shown);
                if !same && self.images == 0 {
                    self.push(&format!(" ({address})"));
                }
            }
            TagEnd::Image => self.images = self.images.saturating_sub(1),
            TagEnd::Strikethrough => self.push("~~"),
            TagEnd::TableCell => self.push(" | "),
            TagEnd::TableRow | TagEnd::TableHead => {
                let trimmed = self.out.trim_end_matches(" | ").len();
                self.out.truncate(trimmed);
            }
            _ => {}
        }
    }
}

/// The first sentence or so of a description, for previews.
pub fn summary(markdown: &str, max_chars: usize) -> String {
    shorten(&one_line(markdown), max_chars)
}

/// A description as one line of plain text, to shorten later.
pub fn one_line(markdown: &str) -> String {
    markdown_to_text(markdown, "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A place's name and postal address as one line, for a calendar's
/// location (a feed's LOCATION, Google Calendar's form): clients show it in
/// a field of one line and look it up on a map, where a line break is a
/// separator, not text.
pub fn place_line(name: &str, address: Option<&str>) -> String {
    let mut line = String::with_capacity(name.len() + address.map_or(0, |a| a.len() + 2));
    for text in std::iter::once(name).chain(address) {
        // Most are one line already, and kept as they are.
        let several = text.contains('\n');
        for part in text.split('\n') {
            let part = if several { part.trim() } else { part };
            if several && part.is_empty() {
                continue;
            }
            if !line.is_empty() {
                line.push_str(", ");
            }
            line.push_str(part);
        }
    }
    line
}

/// Cuts one-line text at a word boundary, with an ellipsis.
pub fn shorten(text: &str, max_chars: usize) -> String {
    // Where the first character past the limit starts: only the start of
    // a long description is read.
    let Some(end) = char_start(text, max_chars) else {
        return text.to_string();
    };
    let cut = &text[..end];
    let cut = cut.rsplit_once(' ').map_or(cut, |(head, _)| head);
    let cut = cut.trim_end_matches([',', ';', ':', '.']);
    let mut short = String::with_capacity(cut.len() + '…'.len_utf8());
    short.push_str(cut);
    short.push('…');
    short
}

/// Where the character at position `n` starts, or `None` when `text` has
/// no more than `n` characters: a count of the bytes that start a
/// character, without decoding them.
fn char_start(text: &str, n: usize) -> Option<usize> {
    if text.len() <= n {
        return None;
    }
    // The usual case: `n` ASCII characters are `n` bytes.
    if text.as_bytes()[..n].is_ascii() {
        return Some(n);
    }
    let mut seen = 0;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        // Continuation bytes are 0b10xx_xxxx.
        if b & 0xc0 != 0x80 {
            if seen == n {
                return Some(i);
            }
            seen += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests;
