//! The text of a block of raw HTML, for the plain text: what the page
//! shows of it, without its tags. A description pasted from another site
//! is often HTML (`<p>Doors open at 18:30.</p>`): its text is the event's.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Elements whose text is a block of its own, after a blank line.
const PARAGRAPHS: [&str; 18] = [
    "p",
    "div",
    "details",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
];
/// Elements whose text starts a line of its own.
const LINES: [&str; 6] = ["br", "li", "tr", "summary", "dt", "dd"];
/// A table's cells, apart by ` | ` on their row's line, as a Markdown
/// table's are in the plain text.
const CELLS: [&str; 2] = ["td", "th"];
const CELL_END: &str = " | ";

/// A sanitizer that keeps only the elements above and links, bare but for
/// a link's address, and drops scripts and styles with their content:
/// what it leaves is read with no HTML parser of its own.
fn reader() -> &'static ammonia::Builder<'static> {
    static READER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    READER.get_or_init(|| {
        let tags: HashSet<&str> = (PARAGRAPHS.into_iter().chain(LINES).chain(CELLS))
            .chain(["a"])
            .collect();
        let mut builder = ammonia::Builder::empty();
        builder
            .tags(tags)
            .generic_attributes(HashSet::new())
            .tag_attributes(HashMap::from([("a", HashSet::from(["href"]))]))
            .url_schemes(HashSet::from(["http", "https", "mailto"]))
            .link_rel(None);
        builder
    })
}

/// The text of `html`: blocks apart by a blank line, lines by a line
/// break, spaces as a browser shows them, and a link's address after its
/// text when they differ (as for a Markdown link).
pub(super) fn text(html: &str) -> String {
    let cleaned = reader().clean(html).to_string();
    let mut out = String::with_capacity(cleaned.len());
    let mut links: Vec<(String, usize)> = Vec::new();
    let mut rest = cleaned.as_str();
    while !rest.is_empty() {
        let (piece, tag) = match rest.find('<') {
            Some(at) => {
                // Every `<` is a tag the sanitizer wrote (text has `&lt;`).
                let end = at + crate::text::markdown::tag_length(&rest[at..]);
                (&rest[..at], Some(&rest[at..end]))
            }
            None => (rest, None),
        };
        push_spaced(&mut out, &unescape(piece));
        rest = &rest[piece.len() + tag.map_or(0, str::len)..];
        let Some(tag) = tag else { break };
        let closing = tag.starts_with("</");
        let name = tag
            .trim_start_matches(['<', '/'])
            .split([' ', '>', '/'])
            .next()
            .unwrap_or_default();
        if name == "a" {
            if closing {
                if let Some((address, from)) = links.pop() {
                    let shown = out[from..].trim();
                    let shown_as = address.strip_prefix("mailto:").unwrap_or(&address);
                    if !address.is_empty() && shown != shown_as {
                        out.push_str(&format!(" ({address})"));
                    }
                }
            } else {
                let address = tag
                    .split_once("href=\"")
                    .map_or("", |(_, value)| value.split('"').next().unwrap_or_default());
                links.push((unescape(address), out.len()));
            }
        } else if PARAGRAPHS.contains(&name) {
            new_line(&mut out, true);
        } else if LINES.contains(&name) {
            new_line(&mut out, false);
        } else if CELLS.contains(&name) && closing {
            let kept = out.trim_end_matches(' ').len();
            out.truncate(kept);
            out.push_str(CELL_END);
        }
    }
    drop_cell_end(&mut out);
    out.trim().to_string()
}

/// Takes off the separator after a row's last cell.
fn drop_cell_end(out: &mut String) {
    if out.ends_with(CELL_END) {
        out.truncate(out.len() - CELL_END.len());
    }
}

/// Text as a browser shows it: each run of spaces and line ends as one
/// space, none at the start of a line.
fn push_spaced(out: &mut String, text: &str) {
    for (i, run) in text.split(|c: char| c.is_ascii_whitespace()).enumerate() {
        let at_line_start = out.is_empty() || out.ends_with(['\n', ' ']);
        if i > 0 && !at_line_start {
            out.push(' ');
        }
        out.push_str(run);
    }
}

/// Ends the line, with a blank line after it for a new block.
fn new_line(out: &mut String, blank: bool) {
    drop_cell_end(out);
    let kept = out.trim_end_matches(' ').len();
    out.truncate(kept);
    if out.is_empty() {
        return;
    }
    let wanted = if blank { "\n\n" } else { "\n" };
    while !out.ends_with(wanted) {
        out.push('\n');
    }
}

/// The characters the sanitizer writes as entities.
fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn keeps_what_the_page_shows_of_raw_html() {
        assert_eq!(
            text("<p>Doors open at 18:30,\n  talks at 19:00.</p>\n<div>Free &amp; <b>open</b>.</div>"),
            "Doors open at 18:30, talks at 19:00.\n\nFree & open."
        );
        assert_eq!(
            text("<details><summary>FAQ</summary>Is it free? Yes.</details>"),
            "FAQ\nIs it free? Yes."
        );
        assert_eq!(text("<ul><li>One</li><li>Two</li></ul>"), "One\nTwo");
        assert_eq!(
            text("<table><thead><tr><th>Time</th><th>Talk</th></tr></thead><tr><td> 19:00 </td><td>Forms</td></tr></table><p>After.</p>"),
            "Time | Talk\n19:00 | Forms\n\nAfter."
        );
        assert_eq!(text("Line<br>next &lt;line&gt;"), "Line\nnext <line>");
        assert_eq!(
            text("<p><a href=\"https://example.org/?a=1&amp;b=2\">Register</a> <a href=\"https://x.org\">https://x.org</a></p>"),
            "Register (https://example.org/?a=1&b=2) https://x.org"
        );
        // What the page drops, the text drops too.
        assert_eq!(
            text("<p>Hi<script>track()</script><style>p{}</style> <a href=\"javascript:x\">there</a></p><!-- note -->"),
            "Hi there"
        );
    }
}
