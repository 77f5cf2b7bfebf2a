//! Text inside XML (RSS, the sitemap): one escaping for content and
//! attribute values.

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
    // byte scan never splits a character; the table finds the candidates.
    while let Some(found) = bytes[at..].iter().position(|&b| NOTABLE[usize::from(b)]) {
        let i = at + found;
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
            0xef => {
                at = i + 1;
                continue;
            }
            // Every other control character but tab and line breaks.
            _ => ("", 1),
        };
        out.push_str(&text[copied..i]);
        out.push_str(replacement);
        copied = i + width;
        at = copied;
    }
    out.push_str(&text[copied..]);
}

/// The bytes [`push_escaped_xml`] stops at: markup, the controls XML
/// refuses, and the first byte of U+FFFE and U+FFFF.
static NOTABLE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'\t' | b'\n' | b'\r' => false,
            0..=0x1f => true,
            c => matches!(c, b'&' | b'<' | b'>' | b'"' | b'\'' | 0xef),
        };
        b += 1;
    }
    table
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
    /// on every short string of the characters that matter.
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
                    let text = format!("{a}{b}{c}");
                    assert_eq!(escape_xml(&text), rule(&text), "{text:?}");
                }
            }
        }
    }
}
