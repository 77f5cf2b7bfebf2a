//! Links in descriptions: which addresses are kept, and how they are
//! written.

use pulldown_cmark::{Event, Tag, TagEnd};
use std::borrow::Cow;

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

pub(super) fn keep_if_safe(url: &str) -> Option<Cow<'_, str>> {
    (safe_link(url) || is_note_href(url)).then(|| url.into())
}

/// The bytes that stand for themselves in a URL: printable ASCII but
/// `"<>\\^`{|}[]` and `%`, which [`valid_href`] looks at on its own.
const STANDS_IN_A_URL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0x21;
    while b < 0x7f {
        table[b] = !matches!(
            b as u8,
            b'%' | b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}' | b'[' | b']'
        );
        b += 1;
    }
    table
};

/// A safe link's address as a valid URL, as the HTML checker asks: tabs
/// and line breaks go and `\` is `/` (but in `mailto:`), as browsers read
/// them; what may not stand in a URL (`"`, `<`, spaces, a `%` that starts
/// no escape, ...) is percent-encoded, and an existing `%XX` is kept.
/// Idempotent: the sanitizer's path applies it again.
pub(crate) fn valid_href(url: &str) -> Cow<'_, str> {
    let url = url.trim_matches(|c: char| c.is_ascii_whitespace() || c.is_control());
    let bytes = url.as_bytes();
    let is_escape = |i: usize| {
        bytes
            .get(i + 1..i + 3)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    };
    let keep = |i: usize| match bytes[i] {
        b'%' => is_escape(i),
        b => STANDS_IN_A_URL[usize::from(b)],
    };
    // Nearly every address: a table look-up a byte, no copy.
    if bytes.iter().all(|&b| STANDS_IN_A_URL[usize::from(b)]) {
        return url.into();
    }
    if (0..bytes.len()).all(keep) {
        return url.into();
    }
    let mailto = url
        .get(..7)
        .is_some_and(|s| s.eq_ignore_ascii_case("mailto:"));
    let mut out = String::with_capacity(url.len() + 16);
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            _ if keep(i) => out.push(char::from(b)),
            b'\t' | b'\n' | b'\r' => {}
            b'\\' if !mailto => out.push('/'),
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 15)]));
            }
        }
    }
    out.into()
}

/// The path of a link to a page of the calendar, from the calendar's root
/// (`venues/x/` for `/venues/x/`); `None` for any other address, `//host/`
/// included. Contributors write such links without knowing where the
/// calendar is published.
pub(crate) fn calendar_page(url: &str) -> Option<&str> {
    url.strip_prefix('/').filter(|path| !path.starts_with('/'))
}

/// A link to a page of the calendar (`/venues/x/`) as the site serves it:
/// under its root path (`/meetups/venues/x/` on a site published at
/// `https://example.org/meetups/`). Other addresses are left as they are.
pub(crate) fn under_root<'a>(url: Cow<'a, str>, root: &str) -> Cow<'a, str> {
    match calendar_page(&url) {
        Some(path) if root != "/" => format!("{root}{path}").into(),
        _ => url,
    }
}

pub(super) fn link_with_rel<'e>(event: Event<'e>, root: &str) -> Event<'e> {
    match event {
        Event::Start(Tag::Link {
            dest_url, title, ..
        }) => {
            let mut tag = String::from("<a href=\"");
            let href = under_root(valid_href(&dest_url), root);
            let _ = pulldown_cmark_escape::escape_href(&mut tag, &href);
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

/// How raw HTML changes the number of open links: `<a` then a space, `/`
/// or `>` opens one, `</a` then a space or `>` closes one. A bare address
/// or a footnote inside one would be a link in a link.
pub(super) fn raw_link_change(html: &str) -> isize {
    let tag = html.trim_start().as_bytes();
    let name_ends = |rest: &[u8], closing: bool| match rest.first() {
        Some(b) if b.is_ascii_whitespace() || *b == b'>' => true,
        Some(b'/') => !closing,
        _ => false,
    };
    match tag {
        [b'<', b'/', b'a' | b'A', rest @ ..] if name_ends(rest, true) => -1,
        [b'<', b'a' | b'A', rest @ ..] if name_ends(rest, false) => 1,
        _ => 0,
    }
}

/// A footnote's id, `fn-` and its number: the only ids a description keeps.
pub(super) fn is_note_id(id: &str) -> bool {
    id.strip_prefix("fn-")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A link to a footnote on the same page, `#fn-1`.
pub(super) fn is_note_href(url: &str) -> bool {
    url.strip_prefix('#').is_some_and(is_note_id)
}

/// A description's HTML for a reader away from the site (a feed,
/// `events.json`): a link to a page of the calendar, `/venues/x/`, would
/// resolve against the reader's own address, or against none in RSS, so
/// it is made absolute at `origin` (`https://example.org`). Only the
/// sanitizer's output is read here, where such a link is written just so.
pub fn pages_linked_from<'a>(html: &'a str, origin: &str) -> Cow<'a, str> {
    const PAGE_LINK: &str = "href=\"/";
    let mut found = memchr::memmem::find_iter(html.as_bytes(), PAGE_LINK.as_bytes())
        // `href="//host/"` is another site's address.
        .filter(|&at| html.as_bytes().get(at + PAGE_LINK.len()) != Some(&b'/'))
        .peekable();
    if found.peek().is_none() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len() + 64);
    let mut copied = 0;
    for at in found {
        let path_at = at + PAGE_LINK.len() - 1;
        out.push_str(&html[copied..path_at]);
        out.push_str(origin);
        copied = path_at;
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_calendar_pages_are_made_absolute_for_readers_elsewhere() {
        let html = r#"<a href="/cal/venues/x/">x</a> <a href="//other.example/">o</a> <a href="https://a.example/">a</a> <a href="/cal/groups/g/">g</a>"#;
        assert_eq!(
            pages_linked_from(html, "https://example.org"),
            r#"<a href="https://example.org/cal/venues/x/">x</a> <a href="//other.example/">o</a> <a href="https://a.example/">a</a> <a href="https://example.org/cal/groups/g/">g</a>"#
        );
        let none = r#"<a href="https://a.example/">a</a>"#;
        assert!(matches!(
            pages_linked_from(none, "https://example.org"),
            Cow::Borrowed(_)
        ));
    }
}
