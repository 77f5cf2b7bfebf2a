//! Text from a feed as meetcal's fields hold it: descriptions as Markdown
//! (HTML sanitized first, plain text escaped), titles on one line, every
//! text within its limit and free of invisible control characters.

use crate::diagnostics::is_bidi_control;

/// Whether a description is HTML (Google Calendar writes its descriptions
/// as HTML in DESCRIPTION itself).
pub fn looks_like_html(text: &str) -> bool {
    let lower = text.to_lowercase();
    [
        "<br", "<p>", "<p ", "<a href", "<b>", "<i>", "<strong>", "<em>", "<ul>", "<ol>", "<li>",
        "<div", "<span", "</",
    ]
    .iter()
    .any(|tag| lower.contains(tag))
}

/// HTML as Markdown: only text structure and http(s)/mailto links are kept,
/// then converted. Scripts, styles, images and attributes go.
pub fn html_to_markdown(html: &str) -> String {
    let clean = ammonia::Builder::default()
        .tags(
            [
                "a",
                "b",
                "blockquote",
                "br",
                "code",
                "em",
                "h1",
                "h2",
                "h3",
                "h4",
                "h5",
                "h6",
                "i",
                "li",
                "ol",
                "p",
                "pre",
                "strong",
                "ul",
                "div",
            ]
            .into_iter()
            .collect(),
        )
        .generic_attributes(Default::default())
        .tag_attributes(
            [("a", ["href"].into_iter().collect())]
                .into_iter()
                .collect(),
        )
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(None)
        .clean(html)
        .to_string();
    let markdown = htmd::convert(&clean).unwrap_or_default();
    tidy(&markdown)
}

/// Plain text as Markdown that shows the same text: characters Markdown
/// would read as formatting are escaped, and line breaks are kept.
pub fn plain_to_markdown(text: &str) -> String {
    let mut paragraphs = Vec::new();
    // A tab lines text up (`Doors:<tab>18:30`): a space, where the
    // control characters that go would join the words.
    for paragraph in text.replace("\r\n", "\n").replace('\t', " ").split("\n\n") {
        let lines: Vec<String> = paragraph
            .lines()
            .map(|line| escape_line(line.trim_end()))
            .filter(|line| !line.is_empty())
            .collect();
        if !lines.is_empty() {
            // A backslash at the end of a line is a hard line break.
            paragraphs.push(lines.join("\\\n"));
        }
    }
    tidy(&paragraphs.join("\n\n"))
}

fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    // Whether the line so far is a number (`1.` would start a list).
    let mut only_digits = false;
    let mut chars = line.char_indices();
    while let Some((at, c)) = chars.next() {
        let at_start = out.trim().is_empty();
        // Outlook's and Meetup's `Join here<https://…>` is already a
        // Markdown autolink, whose address escapes would change.
        if let Some(autolink) = (c == '<').then(|| autolink_at(&line[at..])).flatten() {
            out.push_str(autolink);
            chars.nth(autolink.chars().count() - 2);
            only_digits = false;
            continue;
        }
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '#' | '-' | '+' | '=' if at_start => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if only_digits => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        only_digits = c.is_ascii_digit() && (at_start || only_digits);
    }
    out
}

/// The `<https://…>` that `text` starts with: an address with no space
/// nor angle bracket inside.
fn autolink_at(text: &str) -> Option<&str> {
    let rest = text.strip_prefix('<')?;
    let address = rest
        .strip_prefix("https://")
        .or_else(|| rest.strip_prefix("http://"))?;
    let end =
        address.find(|c: char| c == '>' || c == '<' || c.is_whitespace() || c.is_control())?;
    let close = text.len() - address.len() + end;
    (address[end..].starts_with('>') && end > 0).then(|| &text[..=close])
}

/// No control characters (other than line breaks) nor bidirectional
/// controls, which `meetcal check` refuses; no blank lines at the ends.
pub fn tidy(text: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|c| *c == '\n' || !(c.is_control() || is_bidi_control(*c)))
        .collect();
    // Blank lines are empty, and a line break before one (two trailing
    // spaces) says nothing: `<br><br>` is a paragraph break.
    let lines: Vec<&str> = kept.lines().collect();
    let mut out: Vec<&str> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let next_blank = lines.get(i + 1).is_none_or(|l| l.trim().is_empty());
        let line = if line.trim().is_empty() {
            ""
        } else if next_blank {
            line.trim_end()
        } else {
            line
        };
        if !(line.is_empty() && out.last().is_some_and(|l| l.is_empty())) {
            out.push(line);
        }
    }
    out.join("\n").trim_matches('\n').to_string()
}

/// One line of text, such as a title.
pub fn one_line(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    tidy(&spaced.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// `text` cut to at most `max` characters, at a word if one ends near
/// there, with an ellipsis; `None` when it fits.
pub fn shortened(text: &str, max: usize) -> Option<String> {
    if text.chars().count() <= max {
        return None;
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let at_word = match cut.rfind(char::is_whitespace) {
        Some(i) if i > cut.len() * 3 / 4 => cut[..i].to_string(),
        _ => cut,
    };
    // An escape cut in two would escape the ellipsis.
    let trimmed = at_word.trim_end().trim_end_matches('\\');
    Some(format!("{trimmed}…"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_turn_html_into_sanitized_markdown() {
        let md = html_to_markdown(
            "<p>Talks <b>and</b> pizza.</p><script>alert(1)</script><a href=\"javascript:x()\">bad</a> <a href=\"https://example.org/\">good</a><img src=x onerror=y>",
        );
        assert!(md.contains("Talks **and** pizza."), "{md}");
        assert!(md.contains("[good](https://example.org/)"), "{md}");
        assert!(
            !md.contains("alert") && !md.contains("javascript") && !md.contains("img"),
            "{md}"
        );
        assert!(looks_like_html("Hello<br>world"));
        assert!(!looks_like_html("a < b and c > d"));
    }

    #[test]
    fn a_tab_between_words_is_a_space() {
        assert_eq!(
            plain_to_markdown("Doors:\t18:30\nTalks:\t19:00"),
            "Doors: 18:30\\\nTalks: 19:00"
        );
    }

    #[test]
    fn an_address_in_angle_brackets_stays_a_link() {
        let md = plain_to_markdown(
            "Join the meeting<https://teams.example.org/l/meetup_join/19%3a> or <https://a.example/x_y>\n<not a link> <https://> 1<b>",
        );
        assert_eq!(
            md,
            "Join the meeting<https://teams.example.org/l/meetup_join/19%3a> or <https://a.example/x_y>\\\n\\<not a link\\> \\<https://\\> 1\\<b\\>"
        );
    }

    #[test]
    fn plain_text_shows_as_written() {
        let md = plain_to_markdown(
            "# not a heading\n*stars* and [brackets]\n1. not a list\n\nNext paragraph",
        );
        assert_eq!(
            md,
            "\\# not a heading\\\n\\*stars\\* and \\[brackets\\]\\\n1\\. not a list\n\nNext paragraph"
        );
        let html = crate::text::markdown::to_html(&md);
        assert!(html.contains("# not a heading"), "{html}");
        assert!(html.contains("*stars*"), "{html}");
    }

    #[test]
    fn can_shorten_at_a_word_and_strip_controls() {
        assert_eq!(shortened("one two three", 9).as_deref(), Some("one two…"));
        assert_eq!(shortened("short", 9), None);
        assert_eq!(one_line("a\n b\u{202e}\tc"), "a b c");
    }
}
