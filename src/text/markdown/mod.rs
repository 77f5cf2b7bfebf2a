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
mod tests {
    use super::*;

    #[test]
    fn bare_addresses_become_links_outside_links_and_code() {
        let html = to_html(
            "Slides: https://example.org/a_b_c.\n\n[named](https://example.org/x) \
             `https://in.code/` <a href=\"https://example.org/y\">https://example.org/y</a>\n\n\
             ```\nhttps://in.block/\n```",
        );
        assert!(
            html.contains("Slides: <a href=\"https://example.org/a_b_c\" rel=\"noopener noreferrer\">https://example.org/a_b_c</a>.</p>"),
            "{html}"
        );
        assert_eq!(html.matches("<a ").count(), 3, "{html}");
        assert!(html.contains("<code>https://in.code/</code>"), "{html}");
        assert!(html.contains("https://in.block/\n</code></pre>"), "{html}");
    }

    #[test]
    fn no_link_inside_a_raw_link() {
        for markdown in [
            "<a\nhref=\"https://a.org\">https://b.org and a note[^1]</a>\n\n[^1]: N.",
            "<A HREF=\"https://a.org\">https://b.org</A> then https://c.org",
        ] {
            let html = to_html(markdown);
            assert!(!html.contains("<a href=\"https://b.org"), "{html}");
            assert!(!html.contains("<a href=\"#fn-1"), "{html}");
            assert!(!html.contains("noreferrer\"></a>"), "an empty link: {html}");
        }
        // `</abbr>` closes no link.
        let html = to_html("<abbr>W</abbr> https://c.org");
        assert!(html.contains("<a href=\"https://c.org\""), "{html}");
        // An address pulldown-cmark hands over in two pieces.
        let html = to_html("See https://_x.example.org here");
        assert!(
            html.contains("<a href=\"https://_x.example.org\""),
            "{html}"
        );
    }

    #[test]
    fn removes_active_content() {
        let hostile = "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1)) <iframe src=\"https://evil.example\"></iframe>\n\n<a href=\"data:text/html,x\">d</a> <svg onload=alert(1)>\n\n<details open ontoggle=alert(1)><summary onclick=alert(1)>Q</summary>A</details>";
        let html = to_html(hostile);
        assert!(
            html.contains("<details><summary>Q</summary>A</details>"),
            "{html}"
        );
        for bad in [
            "<script",
            "onerror",
            "javascript:",
            "<iframe",
            "data:",
            "<svg",
            "onload",
            "<img",
            "ontoggle",
            "onclick",
        ] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
    }

    #[test]
    fn the_fast_path_and_the_sanitizer_agree() {
        for markdown in [
            "# Title\n\n**bold** and [a link](https://example.org/a?b=1&c=\"2\" \"T<i>\") and `<code>`",
            "- [mail](mailto:x@example.org)\n- [local](/events/x/)\n\n> quote & <escaped>",
            "Text with &amp; entities and <http://example.org/autolink>.",
            "### Notes[^a]\n\n#### More [b[^a]](https://example.org/a%2 b\\c)\n\n[^a]: *The* note.",
            "| Time | Talk |\n|:--|--:|\n| 19:00 | [Rust](https://example.org/) |",
        ] {
            let fast = to_html(markdown);
            let parsed = autolink::link_bare_urls(parse(markdown).events);
            let headings = Headings::under(Shape::of(&parsed).heading_levels);
            let mut notes = Notes::default();
            let events = parsed
                .into_iter()
                .map(|(e, _)| headings.map_or(e.clone(), |h| h.shift(e)));
            let mut raw = String::new();
            html::push_html(&mut raw, events.map(|e| notes.render(e)).flat_map(framed));
            let checked = drop_rel_without_href(&cleaner("/").clean(&raw).to_string());
            let normalise = |html: &str| cleaner("/").clean(html).to_string();
            assert_eq!(normalise(&fast), normalise(&checked), "{markdown}");
        }
        assert!(!safe_link("javascript:alert(1)"));
        assert!(!safe_link(" JavaScript:alert(1)"));
        assert!(!safe_link("//evil.example/x"));
        assert!(!safe_link("data:text/html,x"));
        assert!(safe_link("https://example.org") && safe_link("/events/x/"));
        assert!(safe_link("HTTPS://example.org") && safe_link("MailTo:x@example.org"));
        assert!(!safe_link("java\tscript:alert(1)") && !safe_link("java\nscript:x"));
        for elsewhere in [
            "#top",
            "events/x/",
            "/\\evil.example/x",
            "\\\\evil.example\\x",
            "/\t/evil.example",
            " //evil.example",
        ] {
            assert!(!safe_link(elsewhere), "{elsewhere:?}");
        }
    }

    #[test]
    fn tables_are_framed_and_only_the_frame_keeps_its_attributes() {
        let table = "| Time | Talk |\n|---|---|\n| 19:00 | Rust |\n";
        let frame_around = |html: &str| {
            let start = html.find(TABLE_FRAME).expect("a frame");
            let table = html.find("<table>").expect("a table");
            let end = html.find("</table>").expect("its end");
            start < table
                && html[end + "</table>".len()..]
                    .trim_start()
                    .starts_with("</div>")
        };
        // The fast path, and the sanitizer's (raw HTML elsewhere).
        let fast = to_html(table);
        let sanitized = to_html(&format!("<b>Programme</b>\n\n{table}"));
        assert!(frame_around(&fast), "{fast}");
        assert!(frame_around(&sanitized), "{sanitized}");
        assert_eq!(fast.matches("<div").count(), 1, "{fast}");
        // A frame written by hand is kept only as the frame.
        let forged = to_html(
            "<div class=\"table-frame\" tabindex=\"0\">a</div>\
             <div class=\"x\" tabindex=\"-1\" onclick=\"alert(1)\" style=\"position:fixed\">b</div>",
        );
        assert!(
            forged.contains(&format!("{TABLE_FRAME}a</div>")),
            "{forged}"
        );
        assert!(forged.contains("<div>b</div>"), "{forged}");
        assert!(!to_html("No table.").contains("<div"));
    }

    #[test]
    fn raw_html_tables_are_framed_once_as_markdown_tables_are() {
        let markdown_table = "| Time | Talk |\n|---|---|\n| 19:00 | Rust |\n";
        let raw = "<table><tr><td title=\"<table>\">a</td><td><table><tr><td>b</td></tr></table></td></tr></table>";
        let html = to_html(&format!("{raw}\n\n{markdown_table}"));
        // The raw table, the one inside it and the Markdown one: a frame each.
        assert_eq!(html.matches(TABLE_FRAME).count(), 3, "{html}");
        assert_eq!(html.matches("<table").count(), 3, "{html}");
        assert_eq!(
            html.matches("<div").count(),
            html.matches("</div>").count(),
            "{html}"
        );
        for (at, _) in html.match_indices("<table") {
            assert!(html[..at].ends_with(TABLE_FRAME), "{html}");
        }
        for (at, _) in html.match_indices("</table>") {
            let after = &html[at + "</table>".len()..];
            assert!(after.trim_start().starts_with("</div>"), "{html}");
        }
    }

    #[test]
    fn protocol_relative_and_backslash_links_lose_their_address() {
        let html = to_html(
            "[a](//evil.example/x) <a href=\"\\\\evil.example\\x\">b</a> <a href=\"/\\evil.example\">c</a> [d](/events/x/)",
        );
        assert!(!html.contains("evil.example"), "{html}");
        assert_eq!(html.matches("href=").count(), 1, "{html}");
        assert!(html.contains("href=\"/events/x/\""), "{html}");
    }

    #[test]
    fn links_without_a_scheme_stay_relative_and_disguised_schemes_go() {
        // Found by fuzzing (fuzz/fuzz_targets/markdown.rs): `:x` has no
        // scheme, so it is a relative address, as browsers read it.
        // Relative addresses are not site paths: they lose their address too.
        let html = to_html("[a](:%ba) [b](%6Aavascript:x) [c](java\tscript:x) [d](JAVASCRIPT:x)");
        assert_eq!(html.matches("href=").count(), 0, "{html}");
        assert!(html.contains('a') && html.contains('d'), "{html}");
    }

    #[test]
    fn keeps_formatting_and_marks_links() {
        let html = to_html("# Title\n\n**bold** and [a link](https://example.org)");
        assert!(html.contains("<h2>Title</h2>"), "{html}");
        assert!(html.contains("<strong>bold</strong>"));
        assert!(html.contains("rel=\"noopener noreferrer\""), "{html}");
    }

    #[test]
    fn deep_nesting_is_flattened_and_fast() {
        let start = std::time::Instant::now();
        for deep in [
            format!("{} deep", ">".repeat(100_000)),
            format!("{}deep", "- ".repeat(100_000)),
            format!("{}deep", "1. ".repeat(60_000)),
        ] {
            let html = to_html(&deep);
            assert!(html.contains("deep"), "the text survives");
            let opened = html.matches("<blockquote>").count()
                + html.matches("<ul>").count()
                + html.matches("<ol>").count();
            assert!(opened <= MAX_NESTING, "{opened} levels kept");
        }
        // Seconds in a debug build; a quadratic parse took minutes.
        assert!(start.elapsed().as_secs() < 60, "{:?}", start.elapsed());
    }

    #[test]
    fn too_much_raw_html_is_shown_as_text() {
        let few = to_html("<em>a</em> <strong>b</strong>");
        assert!(few.contains("<em>a</em>"), "{few}");
        let many = format!("{}x", "<div>".repeat(MAX_RAW_HTML_TAGS + 1));
        let html = to_html(&many);
        assert!(html.starts_with("&lt;div&gt;"), "{}", &html[..40]);
        assert!(!html.contains("<div"));
    }

    #[test]
    fn headings_start_at_h2_and_keep_their_order() {
        let levels = |markdown: &str| {
            let html = to_html(markdown);
            assert!(!html.contains("<h1"), "{html}");
            let mut found: Vec<(usize, usize)> = (1..=6)
                .flat_map(|n| {
                    let tag = format!("<h{n}>");
                    html.match_indices(&tag)
                        .map(|(at, _)| (at, n))
                        .collect::<Vec<_>>()
                })
                .collect();
            found.sort_unstable();
            found.into_iter().map(|(_, n)| n).collect::<Vec<_>>()
        };
        assert_eq!(
            levels("# Programme\n\n## Talks\n\n### One\n\n## Food"),
            [2, 3, 4, 3]
        );
        assert_eq!(levels("### Only\n\ntext\n\n### Third level"), [2, 2]);
        // No level is skipped, whatever levels the Markdown uses.
        assert_eq!(levels("## a\n\n#### b\n\n###### c"), [2, 3, 4]);
        assert_eq!(levels("# a\n\n###### b"), [2, 3]);
        assert_eq!(
            levels("# 1\n\n## 2\n\n### 3\n\n#### 4\n\n##### 5\n\n###### 6"),
            [2, 3, 4, 5, 6, 6]
        );
        // Raw HTML takes the sanitizer's path: same levels.
        assert_eq!(levels("# a <em>b</em>\n\n## c"), [2, 3]);
    }

    #[test]
    fn images_keep_their_alt_text_as_text() {
        assert_eq!(
            to_html("![A map of the venue](https://x.org/map.png)"),
            "<p>A map of the venue</p>\n"
        );
        let html = to_html(
            "See ![a <b> & *map*](https://x.org/m.png \"T\") [![Logo](l.png)](https://example.org)",
        );
        assert!(
            !html.contains("<img") && !html.contains("x.org") && !html.contains("l.png"),
            "{html}"
        );
        assert!(html.contains("See a &lt;b&gt; &amp; map "), "{html}");
        assert!(
            html.contains("<a href=\"https://example.org\" rel=\"noopener noreferrer\">Logo</a>"),
            "{html}"
        );
        // Without raw HTML, an image no longer needs the sanitizer.
        let mut parsed = parse("![a](b.png) [c](https://example.org)").events;
        images_as_text(&mut parsed);
        assert!(parsed.iter().all(|(event, _)| is_plain(event)));
        // With raw HTML, the same text.
        let html = to_html("![A *map*](m.png) <em>x</em>");
        assert_eq!(html, "<p>A map <em>x</em></p>\n");
    }

    #[test]
    fn footnotes_keep_their_text_and_link_to_it() {
        let html = to_html(
            "Text[^1] and[^n].\n\n[^1]: The note.\n[^n]: Another, [linked](https://example.org).",
        );
        assert!(
            html.contains("The note.") && html.contains("Another"),
            "{html}"
        );
        assert!(
            html.contains("<sup><a href=\"#fn-1\">1</a></sup>"),
            "{html}"
        );
        assert!(
            html.contains("<li id=\"fn-1\">\n<p>The note.</p>"),
            "{html}"
        );
        assert!(html.contains("<ol start=\"2\"><li id=\"fn-2\">"), "{html}");
        // Through the sanitizer too; a forged or repeated id is dropped, and
        // a reference inside a link is not a link in a link.
        let html = to_html("<em>a</em>[^1]\n\n[^1]: The note.\n\n[^1]: Again.\n\n<ul><li id=\"fn-1\">forged</li><li id=\"dates\">x</li></ul>");
        assert!(
            html.contains("<sup><a href=\"#fn-1\">1</a></sup>"),
            "{html}"
        );
        assert!(
            html.contains("The note.") && html.contains("Again."),
            "{html}"
        );
        assert_eq!(html.matches(" id=").count(), 1, "{html}");
        assert!(html.contains("<li id=\"fn-1\">\n<p>The note."), "{html}");
        let mut notes = Notes::default();
        let in_link = [
            Event::Start(Tag::Link {
                link_type: pulldown_cmark::LinkType::Inline,
                dest_url: "https://example.org".into(),
                title: "".into(),
                id: "".into(),
            }),
            Event::FootnoteReference("1".into()),
        ];
        let rendered: Vec<_> = in_link.into_iter().map(|e| notes.render(e)).collect();
        assert_eq!(rendered[1], Event::InlineHtml("<sup>1</sup>".into()));
        // Only the footnotes' own in-page links are kept.
        let html = to_html("[a](#fn-1) <a href=\"#dates\">b</a> <a href=\"#fn-x\">c</a>");
        assert_eq!(html.matches("href=").count(), 1, "{html}");
    }

    #[test]
    fn link_addresses_are_valid_urls() {
        let href = |html: &str| {
            let start = html.find("href=\"").expect("a link") + 6;
            html[start..start + html[start..].find('"').unwrap()].to_string()
        };
        for (markdown, expected) in [
            (
                "[x](<https://example.org/a\"b c>)",
                "https://example.org/a%22b%20c",
            ),
            (
                "[x](https://example.org/a%22%3E)",
                "https://example.org/a%22%3E",
            ),
            (
                "[x](https://example.org/100%)",
                "https://example.org/100%25",
            ),
            (
                "[x](https://example.org/%zz%4)",
                "https://example.org/%25zz%254",
            ),
            (
                "[x](https://example.org/é?a=1&b=2)",
                "https://example.org/%C3%A9?a=1&amp;b=2",
            ),
            ("[x](https://example.org\\a)", "https://example.org/a"),
            ("[x](mailto:a\\b@example.org)", "mailto:a%5Cb@example.org"),
            (
                "<a href='https://example.org/a\"<b> c%'>x</a>",
                "https://example.org/a%22%3Cb%3E%20c%25",
            ),
            (
                "<a href=\"https://example.org/a&#10;b{|}\">x</a>",
                "https://example.org/ab%7B%7C%7D",
            ),
            (
                "<em>a</em> [x](https://example.org/100%)",
                "https://example.org/100%25",
            ),
            (
                "<em>a</em> [x](https://example.org\\a)",
                "https://example.org/a",
            ),
        ] {
            assert_eq!(href(&to_html(markdown)), expected, "{markdown}");
        }
        for url in [
            "https://a.org/%41%",
            "mailto:x\\y",
            "/a b\\c\"<>",
            "https://a.org/é%zz",
        ] {
            let once = valid_href(url);
            assert_eq!(valid_href(&once), once, "{url}");
        }
    }
}
