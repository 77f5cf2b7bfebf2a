//! The one place that turns contributors' Markdown into HTML, and decides
//! what of it is allowed on the site.

use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

/// The Markdown extensions descriptions are read with. Smart punctuation
/// (curly quotes, dashes) is for the site's HTML: the plain text puts back
/// the characters the organizer typed (see [`super::plain`]). Task lists
/// are not read: `[ ]` and `[x]` stay text, as typed.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION
}

/// A description read once, for the HTML and the plain text alike.
pub struct Parsed<'a> {
    /// The Markdown read.
    pub(crate) source: &'a str,
    /// Every event, with the bytes of `source` it came from.
    pub(crate) events: Vec<(Event<'a>, Range<usize>)>,
}

/// Reads a description, flattening what nests too deep.
pub fn parse(markdown: &str) -> Parsed<'_> {
    Parsed {
        source: markdown,
        events: limit_nesting(Parser::new_ext(markdown, options()).into_offset_iter()).collect(),
    }
}

/// The sanitizer: an allow-list of formatting, no script, no event
/// handlers, no frames, only http(s) and mailto links, which get
/// `rel="noopener noreferrer"`. Headings are shifted down so a description
/// never competes with the page's own `<h1>`.
fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let tags: HashSet<&str> = [
            "a",
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
            .link_rel(Some("noopener noreferrer"))
            .strip_comments(true);
        builder
    })
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
/// Plain Markdown (no raw HTML, no images, only http(s) and mailto links)
/// renders to safe HTML by construction: pulldown-cmark escapes all text, and
/// links are written here with an escaped href and `rel`. Anything else goes
/// through the ammonia allow-list. Most descriptions take the fast path,
/// which skips parsing the HTML a second time.
pub fn to_html(markdown: &str) -> String {
    html_of(parse(markdown))
}

/// [`to_html`] of a description already read.
pub fn html_of(parsed: Parsed<'_>) -> String {
    let mut out = String::with_capacity(parsed.source.len() * 3 / 2);
    let mut parsed = parsed.events;
    if parsed.iter().all(|(event, _)| is_plain(event)) {
        let events = parsed.into_iter().map(|(event, _)| event);
        html::push_html(&mut out, events.map(demote_headings).map(link_with_rel));
        return out;
    }
    let raw_tags: usize = parsed
        .iter()
        .map(|(event, _)| match event {
            Event::Html(html) | Event::InlineHtml(html) => count_tags(html),
            _ => 0,
        })
        .sum();
    if raw_tags > MAX_RAW_HTML_TAGS {
        for (event, _) in &mut parsed {
            if let Event::Html(html) | Event::InlineHtml(html) = event {
                *event = Event::Text(html.clone());
            }
        }
    }
    let events = parsed.into_iter().map(|(event, _)| demote_headings(event));
    html::push_html(&mut out, events);
    drop_rel_without_href(&cleaner().clean(&out).to_string())
}

/// An event the fast path can render without the sanitizer.
fn is_plain(event: &Event) -> bool {
    match event {
        Event::Html(_) | Event::InlineHtml(_) => false,
        Event::Start(Tag::Image { .. }) => false,
        Event::Start(Tag::Link { dest_url, .. }) => safe_link(dest_url),
        _ => true,
    }
}

/// The one rule for links in descriptions: absolute http, https and mailto
/// addresses, and paths on this site starting with a single `/`. Anything
/// else (`javascript:`, `//other.site/`, `\\other.site\`, a relative
/// path) loses its address and keeps its text. Browsers drop tabs and line
/// breaks inside URLs and read `\` as `/`, so this rule does too.
pub fn safe_link(url: &str) -> bool {
    let url = url.trim_matches(|c: char| c.is_ascii_whitespace() || c.is_control());
    // Copied only when a browser would read it otherwise: nearly never.
    let url: std::borrow::Cow<str> = if url.contains(['\t', '\n', '\r', '\\']) {
        url.chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .map(|c| if c == '\\' { '/' } else { c })
            .collect::<String>()
            .into()
    } else {
        url.into()
    };
    let scheme_end = url.find(|c: char| !(c.is_ascii_alphanumeric() || "+-.".contains(c)));
    match scheme_end.map(|i| (&url[..i], &url[i..])) {
        Some((scheme, rest)) if !scheme.is_empty() && rest.starts_with(':') => {
            ["http", "https", "mailto"]
                .iter()
                .any(|allowed| scheme.eq_ignore_ascii_case(allowed))
        }
        _ => url.starts_with('/') && !url.starts_with("//"),
    }
}

fn keep_if_safe(url: &str) -> Option<std::borrow::Cow<'_, str>> {
    safe_link(url).then(|| url.into())
}

fn link_with_rel(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Start(Tag::Link {
            dest_url, title, ..
        }) => {
            let mut tag = String::from("<a href=\"");
            let _ = pulldown_cmark_escape::escape_href(&mut tag, &dest_url);
            tag.push('"');
            if !title.is_empty() {
                tag.push_str(" title=\"");
                let _ = pulldown_cmark_escape::escape_html(&mut tag, &title);
                tag.push('"');
            }
            tag.push_str(" rel=\"noopener noreferrer\">");
            Event::InlineHtml(tag.into())
        }
        Event::End(TagEnd::Link) => Event::InlineHtml("</a>".into()),
        other => other,
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

/// ammonia adds `rel` to every `<a>`, also to one whose `javascript:` href
/// it removed, and `rel` without `href` is invalid HTML: take it off again.
fn drop_rel_without_href(html: &str) -> String {
    const REL: &str = " rel=\"noopener noreferrer\"";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<a ") {
        out.push_str(&rest[..start]);
        // Find the end of the tag, skipping `>` inside quoted values.
        let mut in_quotes = false;
        let end = rest[start..]
            .char_indices()
            .find(|&(_, c)| {
                if c == '"' {
                    in_quotes = !in_quotes;
                }
                c == '>' && !in_quotes
            })
            .map_or(rest.len(), |(i, _)| start + i + 1);
        let tag = &rest[start..end];
        if tag.contains(" href=") {
            out.push_str(tag);
        } else {
            out.push_str(&tag.replace(REL, ""));
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn demote_headings(event: Event<'_>) -> Event<'_> {
    use pulldown_cmark::HeadingLevel;
    let lower = |level: HeadingLevel| match level {
        HeadingLevel::H1 | HeadingLevel::H2 | HeadingLevel::H3 => HeadingLevel::H3,
        HeadingLevel::H4 => HeadingLevel::H4,
        HeadingLevel::H5 => HeadingLevel::H5,
        HeadingLevel::H6 => HeadingLevel::H6,
    };
    match event {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: lower(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(lower(level))),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_active_content() {
        let hostile = "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1)) <iframe src=\"https://evil.example\"></iframe>\n\n<a href=\"data:text/html,x\">d</a> <svg onload=alert(1)>";
        let html = to_html(hostile);
        for bad in [
            "<script",
            "onerror",
            "javascript:",
            "<iframe",
            "data:",
            "<svg",
            "onload",
            "<img",
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
        ] {
            let fast = to_html(markdown);
            let mut raw = String::new();
            html::push_html(&mut raw, Parser::new_ext(markdown, options()).map(demote_headings));
            let checked = drop_rel_without_href(&cleaner().clean(&raw).to_string());
            let normalise = |html: &str| cleaner().clean(html).to_string();
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
        assert!(html.contains("<h3>Title</h3>"), "{html}");
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
}
