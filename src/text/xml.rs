//! Text inside XML (RSS, the sitemap): one escaping for content and
//! attribute values.

use super::scan::Stops;

/// Escapes text for XML content and attribute values, and drops characters
/// XML 1.0 cannot carry at all (most control characters).
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    push_escaped_xml(&mut out, text);
    out
}

/// [`escape_xml`] onto the end of `out`.
pub fn push_escaped_xml(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut at = 0;
    // Everything to replace is ASCII, or U+FFFE/U+FFFF (EF BF BE/BF), so a
    // byte scan never splits a character.
    while let Some(i) = STOPS.find(bytes, at) {
        let (replacement, width) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&apos;", 1),
            0xef if bytes.get(i + 1) == Some(&0xbf)
                && matches!(bytes.get(i + 2), Some(0xbe | 0xbf)) =>
            {
                ("", 3)
            }
            // Another character starting EF, and tab and line breaks.
            0xef | b'\t' | b'\n' | b'\r' => {
                at = i + 1;
                continue;
            }
            // Every other control character.
            _ => ("", 1),
        };
        out.push_str(&text[copied..i]);
        out.push_str(replacement);
        copied = i + width;
        at = copied;
    }
    out.push_str(&text[copied..]);
}

/// The bytes [`push_escaped_xml`] stops at: markup, control characters
/// (XML refuses all but tab and line breaks), and the first byte of U+FFFE
/// and U+FFFF.
const STOPS: Stops<6> = Stops {
    bytes: [b'&', b'<', b'>', b'"', b'\'', 0xef],
    below: 0x20,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(escape_xml("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&apos;");
        assert_eq!(escape_xml("é\u{FFFE}x\u{FFFF}\u{FFFD}"), "éx\u{FFFD}");
        assert_eq!(
            escape_xml("\t\n\r\u{1f}\u{ef}\u{FFFD}"),
            "\t\n\r\u{ef}\u{FFFD}"
        );
    }

    /// The scan and a character-by-character statement of the rule agree
    /// on every short string of the characters that matter, alone and
    /// across the end of the scan's sixteen-byte step.
    #[test]
    fn agrees_with_the_rule_byte_by_byte() {
        let rule = |text: &str| -> String {
            let mut out = String::new();
            for c in text.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '"' => out.push_str("&quot;"),
                    '\'' => out.push_str("&apos;"),
                    '\t' | '\n' | '\r' => out.push(c),
                    '\u{0}'..='\u{1f}' | '\u{FFFE}' | '\u{FFFF}' => {}
                    c => out.push(c),
                }
            }
            out
        };
        let pieces = [
            "a", "&", "<", "\u{1}", "\n", "\u{FFFE}", "\u{FFFF}", "\u{FFFD}", "\u{EFBF}", "é",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for lead in ["", "0123456789abcd"] {
                        let text = format!("{lead}{a}{b}{c}");
                        assert_eq!(escape_xml(&text), rule(&text), "{text:?}");
                    }
                }
            }
        }
    }
}
