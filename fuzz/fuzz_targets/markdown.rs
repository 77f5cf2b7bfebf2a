//! Arbitrary text as a description: the HTML for pages (sanitized), the
//! plain text for feeds, and the summary for meta tags. Nothing may panic or
//! take long (run with `-timeout`), and no tag of the HTML may be other than
//! formatting, carry a handler, or link anywhere but http(s) and mailto.
#![no_main]

use libfuzzer_sys::fuzz_target;
use meetcal::text::{markdown, plain};

/// What the description sanitizer lets through (text::markdown).
const TAGS: &[&str] = &[
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
];

fuzz_target!(|data: &[u8]| {
    let Ok(description) = std::str::from_utf8(data) else {
        return;
    };
    let html = markdown::to_html(description);
    for (name, attributes) in tags(&html) {
        assert!(TAGS.contains(&name.as_str()), "<{name}> in {html}");
        for (attribute, value) in attributes {
            assert!(
                !attribute.starts_with("on") && !matches!(attribute.as_str(), "style" | "src"),
                "<{name} {attribute}> in {html}"
            );
            if attribute == "href" {
                assert!(
                    matches!(
                        scheme(&value).as_deref(),
                        None | Some("http" | "https" | "mailto")
                    ),
                    "href={value:?} in {html}"
                );
            }
        }
    }
    let _ = plain::markdown_to_text(description, "https://cal.example.org/");
    let _ = plain::summary(description, 160);
});

/// The scheme a browser reads in a URL (WHATWG URL): after dropping
/// surrounding spaces and controls and any tab or line break, a letter then
/// letters, digits, `+`, `-` or `.`, then `:`. `None` for a relative URL
/// (`:x`, `%6Aavascript:x` and `/a:b` have no scheme).
fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, _) = cleaned.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next()?.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

/// The start tags of serialized HTML, with their attributes. Text never holds
/// a raw `<` (it is written `&lt;`), and values are in double quotes.
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        if rest.starts_with('/') {
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        rest = &rest[name.len()..];
        let mut attributes = Vec::new();
        loop {
            rest = rest.trim_start();
            if rest.is_empty() || rest.starts_with('>') || rest.starts_with("/>") {
                break;
            }
            let attribute: String = rest
                .chars()
                .take_while(|c| !c.is_whitespace() && !matches!(c, '=' | '>' | '/'))
                .collect();
            rest = &rest[attribute.len()..];
            let mut value = String::new();
            if let Some(quoted) = rest.strip_prefix("=\"") {
                let end = quoted.find('"').unwrap_or(quoted.len());
                value = quoted[..end].replace("&amp;", "&");
                rest = &quoted[(end + 1).min(quoted.len())..];
            } else if attribute.is_empty() {
                // Not an attribute at all: skip one character.
                let skip = rest.chars().next().map_or(0, char::len_utf8);
                rest = &rest[skip..];
                continue;
            }
            attributes.push((attribute.to_ascii_lowercase(), value));
        }
        found.push((name.to_ascii_lowercase(), attributes));
    }
    found
}
