//! The one place that turns contributors' Markdown into HTML, and decides
//! what of it is allowed on the site.

use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;
use std::sync::OnceLock;

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION
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
            .link_rel(Some("noopener noreferrer"))
            .strip_comments(true);
        builder
    })
}

/// Markdown to sanitized HTML, safe to embed in any page.
///
/// Plain Markdown (no raw HTML, no images, only http(s) and mailto links)
/// renders to safe HTML by construction: pulldown-cmark escapes all text, and
/// links are written here with an escaped href and `rel`. Anything else goes
/// through the ammonia allow-list. Most descriptions take the fast path,
/// which skips parsing the HTML a second time.
pub fn to_html(markdown: &str) -> String {
    let events: Vec<Event> = Parser::new_ext(markdown, options())
        .map(demote_headings)
        .collect();
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    if events.iter().all(is_plain) {
        html::push_html(&mut out, events.into_iter().map(link_with_rel));
        return out;
    }
    html::push_html(&mut out, events.into_iter());
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

/// http(s) and mailto links, and links within the site (no scheme at all).
fn safe_link(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    let scheme_end = lower.find(|c: char| !(c.is_ascii_alphanumeric() || "+-.".contains(c)));
    match scheme_end.map(|i| (&lower[..i], &lower[i..])) {
        Some((scheme, rest)) if rest.starts_with(':') => {
            matches!(scheme, "http" | "https" | "mailto")
        }
        _ => !lower.contains(':') && !lower.starts_with("//"),
    }
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

/// The first sentence or so of a description, for previews.
pub fn summary(markdown: &str, max_chars: usize) -> String {
    shorten(&one_line(markdown), max_chars)
}

/// A description as one line of plain text, to shorten later.
pub fn one_line(markdown: &str) -> String {
    super::text::markdown_to_text(markdown, "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Cuts one-line text at a word boundary, with an ellipsis.
pub fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars).collect();
    let cut = cut.rsplit_once(' ').map(|(head, _)| head).unwrap_or(&cut);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
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
        assert!(safe_link("https://example.org") && safe_link("/events/x/") && safe_link("#top"));
    }

    #[test]
    fn keeps_formatting_and_marks_links() {
        let html = to_html("# Title\n\n**bold** and [a link](https://example.org)");
        assert!(html.contains("<h3>Title</h3>"), "{html}");
        assert!(html.contains("<strong>bold</strong>"));
        assert!(html.contains("rel=\"noopener noreferrer\""), "{html}");
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
}
