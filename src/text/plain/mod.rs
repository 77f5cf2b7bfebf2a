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
mod tests {
    use super::super::markdown::{options, to_html};
    use super::*;

    fn plain(markdown: &str) -> String {
        markdown_to_text(markdown, "https://cal.example.org/")
    }

    #[test]
    fn struck_text_keeps_its_marks() {
        assert_eq!(
            plain("Doors at ~~19:00~~ 19:30."),
            "Doors at ~~19:00~~ 19:30."
        );
        assert_eq!(
            plain("- ~~Talk one~~\n- Talk two"),
            "- ~~Talk one~~\n- Talk two"
        );
        // A lone `~` is not a strikethrough, and stays as it was.
        assert_eq!(plain("~20 people"), "~20 people");
    }

    #[test]
    fn a_place_is_one_line() {
        assert_eq!(place_line("Café", None), "Café");
        assert_eq!(
            place_line("Town hall", Some("Place de la Mairie\n\n 75011 Paris\n")),
            "Town hall, Place de la Mairie, 75011 Paris"
        );
    }

    #[test]
    fn too_much_raw_html_is_text_as_on_the_page() {
        use crate::text::markdown::MAX_RAW_HTML_TAGS;
        let many = format!("{}x", "<div>".repeat(MAX_RAW_HTML_TAGS + 1));
        assert!(
            plain(&many).starts_with("<div><div>"),
            "{}",
            &plain(&many)[..20]
        );
        let few = format!("{}x", "<div>".repeat(MAX_RAW_HTML_TAGS));
        assert_eq!(plain(&few), "x");
    }

    #[test]
    fn keeps_paragraphs_and_drops_markup() {
        assert_eq!(
            plain("Some *very* **strong**\ntext with `code`.\n\nSecond paragraph."),
            "Some very strong text with code.\n\nSecond paragraph."
        );
        assert_eq!(plain("# Title\n\nBody"), "Title\n\nBody");
        // Tags go, their text and line breaks stay, as on the page.
        assert_eq!(
            plain("a<br>b <b>c</b>\n\n<div>kept</div>\n"),
            "a\nb c\n\nkept"
        );
    }

    #[test]
    fn lists_get_one_line_per_item() {
        assert_eq!(
            plain("Agenda:\n\n- 19:00 — pizza\n- 19:20 — kata\n  - nested\n\n1. one\n2. two\n\nAfter."),
            "Agenda:\n\n- 19:00 — pizza\n- 19:20 — kata\n  - nested\n\n1. one\n2. two\n\nAfter."
        );
    }

    #[test]
    fn links_keep_their_address() {
        assert_eq!(
            plain("See [our website](https://x.example/talks) or <https://y.example/>."),
            "See our website (https://x.example/talks) or https://y.example/."
        );
        assert_eq!(
            plain("The [venue](/venues/lumen/) page"),
            "The venue (https://cal.example.org/venues/lumen/) page"
        );
        assert_eq!(plain("![a map](map.png)"), "a map");
        assert_eq!(
            plain("See [![the logo](l.png)](https://x.example/)"),
            "See the logo (https://x.example/)"
        );
        assert_eq!(
            plain("[click](javascript:alert(1)) [x](data:text/html,x) [y](vbscript:z) [mail](mailto:a@b.org)"),
            "click x y mail (mailto:a@b.org)"
        );
    }

    #[test]
    fn footnotes_keep_their_text() {
        assert_eq!(
            plain("Text[^1] and[^note].\n\n[^1]: The note.\n[^note]: Another\n    on two lines."),
            "Text[1] and[note].\n\n[1] The note.\n\n[note] Another on two lines."
        );
    }

    #[test]
    fn keeps_special_characters_as_written() {
        let text = "Commas, semicolons; C:\\Users\\meetcal — café 🎉 \"quoted\"";
        assert_eq!(plain(text), text);
    }

    #[test]
    fn punctuation_stays_as_typed_though_the_page_makes_it_typographic() {
        // The oracle: the same text from a reading without smart punctuation.
        let pieces = [
            "'",
            "\"",
            "--",
            "---",
            "----",
            "-",
            "...",
            "..",
            "don't",
            "'quoted'",
            "\"said\"",
            "&rsquo;",
            "&quot;",
            "’",
            "—",
            "`it's -- ...`",
            "*a*",
            "_b_",
            "[l](/x 'title')",
            "[it's](https://x.example/'a'--b)",
            "\n",
            "\n\n",
            "- ",
            "1. ",
            "> ",
            " ",
            "word",
            "\\'",
            "\\-",
            "<b>",
            "[x] ",
            "[ ] ",
            "|",
            "\n---\n",
            "    code -- 'q'\n",
        ];
        let without_smart = options().difference(pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION);
        let mut next = crate::test_random::below(5);
        for _ in 0..20_000 {
            let markdown: String = (0..next(12))
                .map(|_| pieces[next(pieces.len() as u64) as usize])
                .collect();
            let as_read = text_of(&parse(&markdown), "https://cal.example.org/");
            let oracle = Parsed::new(
                &markdown,
                pulldown_cmark::Parser::new_ext(&markdown, without_smart).into_offset_iter(),
            );
            let oracle = text_of(&oracle, "https://cal.example.org/");
            assert_eq!(as_read, oracle, "{markdown:?}");
        }
        assert_eq!(plain("It's -- \"ok\"..."), "It's -- \"ok\"...");
        assert_eq!(
            to_html("It's -- \"ok\"..."),
            "<p>It’s – “ok”…</p>\n",
            "the page's text is typographic"
        );
    }

    #[test]
    fn summaries_are_short_plain_text() {
        assert_eq!(
            summary("A long sentence, with many words in it.", 20),
            "A long sentence…"
        );
        assert_eq!(
            summary("**Two** talks:\n\n- pizza", 80),
            "Two talks: - pizza"
        );
    }

    #[test]
    fn deep_nesting_makes_bounded_text() {
        for deep in [
            format!("{} deep", ">".repeat(100_000)),
            format!("{}deep", "- ".repeat(100_000)),
        ] {
            let text = markdown_to_text(&deep, "");
            assert!(text.contains("deep"), "the text survives");
            assert!(text.len() < 10 * deep.len(), "{} bytes of text", text.len());
        }
    }

    #[test]
    fn finds_a_character_as_char_indices_does() {
        let mut next = crate::test_random::below(19);
        for _ in 0..3_000 {
            let text: String = (0..next(12))
                .map(|_| ['a', 'é', '€', '𝄞', ' '][next(5) as usize])
                .collect();
            let n = next(14) as usize;
            assert_eq!(
                char_start(&text, n),
                text.char_indices().nth(n).map(|(i, _)| i),
                "{text:?} {n}"
            );
        }
    }

    #[test]
    fn shorten_counts_characters_and_cuts_at_a_word() {
        // Exactly at the limit, in characters (not bytes): kept whole.
        assert_eq!(shorten("café crème", 10), "café crème");
        // One past it: cut at the last space, punctuation trimmed.
        assert_eq!(shorten("café, crème", 10), "café…");
        assert_eq!(shorten("éééééééééééé", 5), "ééééé…");
        assert_eq!(shorten("", 0), "");
    }

    #[test]
    fn a_script_or_style_in_a_paragraph_is_dropped_whole_as_in_the_html() {
        let markdown = "Bring snacks <style>.promo{color:red}</style> and <SCRIPT type=x>track(\"x\")</script > drinks <stylesheet>kept</stylesheet>.";
        assert_eq!(plain(markdown), "Bring snacks  and  drinks kept.");
        let html = to_html(markdown);
        assert!(!html.contains("promo") && !html.contains("track"), "{html}");
        // Not closed: the rest of the paragraph is dropped, as the sanitizer does.
        assert_eq!(plain("a <script>b\n\nc"), "a");
        assert_eq!(plain("a </style> b"), "a  b");
    }
}
