//! Bare addresses in descriptions (`https://example.org/talk`) become
//! links, as GitHub and most chat tools make them: organizers paste them so.

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};
use std::ops::Range;

type Events<'a> = Vec<(Event<'a>, Range<usize>)>;

/// Made once: a searcher per search was a tenth of the work.
static SEPARATOR: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new("://"));

/// Whether a description's text (not a link's address) may hold an
/// `http://` or `https://` address: the quick test before
/// [`link_bare_urls`] rebuilds its list. One search of the Markdown for
/// `://`, then only where each one found is.
pub(super) fn has_bare_url(source: &str, events: &Events<'_>) -> bool {
    // Any text holding one will do: [`link_bare_urls`] joins the pieces a
    // text may come in (`https://` apart from `_x.org`) and decides.
    SEPARATOR.find_iter(source.as_bytes()).any(|at| {
        events
            .iter()
            .any(|(event, range)| matches!(event, Event::Text(_)) && range.contains(&at))
    })
}

/// Each bare address in text outside links, code and raw `<a>` elements
/// becomes a link to itself. Text that pulldown-cmark handed over in
/// pieces (at an unmatched `_`, say) is joined first, so an address is
/// never cut.
pub(super) fn link_bare_urls(events: Events<'_>) -> Events<'_> {
    let mut out: Events = Vec::with_capacity(events.len() + 8);
    // Links open (Markdown or raw HTML), and code blocks.
    let mut links = 0usize;
    let mut code = 0usize;
    let mut pending: Option<(String, Range<usize>)> = None;
    let flush = |pending: &mut Option<(String, Range<usize>)>, out: &mut Events, link: bool| {
        if let Some((text, range)) = pending.take() {
            if link {
                push_linked(out, text, range);
            } else {
                out.push((Event::Text(text.into()), range));
            }
        }
    };
    for (event, range) in events {
        if let Event::Text(text) = &event {
            match &mut pending {
                Some((joined, joined_range)) => {
                    joined.push_str(text);
                    joined_range.end = range.end;
                }
                None => pending = Some((text.to_string(), range)),
            }
            continue;
        }
        flush(&mut pending, &mut out, links == 0 && code == 0);
        match &event {
            Event::Start(Tag::Link { .. }) => links += 1,
            Event::End(TagEnd::Link) => links = links.saturating_sub(1),
            Event::Start(Tag::CodeBlock(_)) => code += 1,
            Event::End(TagEnd::CodeBlock) => code = code.saturating_sub(1),
            Event::InlineHtml(html) | Event::Html(html) => {
                links = links.saturating_add_signed(super::links::raw_link_change(html));
            }
            _ => {}
        }
        out.push((event, range));
    }
    flush(&mut pending, &mut out, links == 0 && code == 0);
    out
}

/// `text` as text and links, onto `out`.
fn push_linked<'a>(out: &mut Events<'a>, text: String, range: Range<usize>) {
    let mut rest = text.as_str();
    if find_url(rest).is_none() {
        out.push((Event::Text(text.into()), range));
        return;
    }
    while let Some((start, end)) = find_url(rest) {
        if start > 0 {
            out.push((Event::Text(rest[..start].to_string().into()), range.clone()));
        }
        let url: CowStr = rest[start..end].to_string().into();
        out.push((
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink,
                dest_url: url.clone(),
                title: "".into(),
                id: "".into(),
            }),
            range.clone(),
        ));
        out.push((Event::Text(url), range.clone()));
        out.push((Event::End(TagEnd::Link), range.clone()));
        rest = &rest[end..];
    }
    if !rest.is_empty() {
        out.push((Event::Text(rest.to_string().into()), range));
    }
}

/// Where the first bare `http://` or `https://` address of `text` starts
/// and ends. It runs to a space, a `<` or a `>` (never part of an
/// address: `\<https://…\>`), less the punctuation that ends a
/// sentence (`.`, `,`, `:`, ...) and a `)` that closes no `(` of its own,
/// as GitHub's autolinks do; the scheme must start a word.
fn find_url(text: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(found) = SEPARATOR.find(&text.as_bytes()[from..]) {
        let separator = from + found;
        from = separator + 3;
        let before = &text[..separator];
        let Some(start) = before
            .strip_suffix("https")
            .or_else(|| before.strip_suffix("http"))
            .map(str::len)
        else {
            continue;
        };
        let rest = &text[separator + 3..];
        let starts_word = text[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        if !starts_word {
            continue;
        }
        let host_at = text.len() - rest.len();
        let mut end = host_at
            + rest
                .find(|c: char| c.is_whitespace() || c == '<' || c == '>' || c.is_control())
                .unwrap_or(rest.len());
        // Counted once, then as the end moves back.
        let mut unclosed = text[start..end].matches(')').count() as isize
            - text[start..end].matches('(').count() as isize;
        loop {
            match text[start..end].bytes().next_back() {
                Some(
                    b'.' | b',' | b':' | b';' | b'!' | b'?' | b'*' | b'_' | b'~' | b'\'' | b'"',
                ) => {
                    end -= 1;
                }
                Some(b')') if unclosed > 0 => {
                    unclosed -= 1;
                    end -= 1;
                }
                _ => break,
            }
        }
        if end > host_at {
            return Some((start, end));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(text: &str) -> Vec<&str> {
        let mut found = Vec::new();
        let mut rest = text;
        while let Some((start, end)) = find_url(rest) {
            found.push(&rest[start..end]);
            rest = &rest[end..];
        }
        found
    }

    #[test]
    fn finds_bare_addresses_without_the_punctuation_around_them() {
        assert_eq!(
            urls("See https://example.org/talk."),
            ["https://example.org/talk"]
        );
        assert_eq!(
            urls("(slides: https://example.org/a_(b)), and http://x.org/?q=1!"),
            ["https://example.org/a_(b)", "http://x.org/?q=1"]
        );
        assert_eq!(urls("https://a.org/<b>"), ["https://a.org/"]);
        // A feed's `Register<https://…>`, escaped as text.
        assert_eq!(urls("Register<https://a.org/r>."), ["https://a.org/r"]);
        // Not an address: no host, another scheme, inside a word.
        assert!(urls("https:// and ftp://x.org and xhttps://y.org").is_empty());
    }
}
