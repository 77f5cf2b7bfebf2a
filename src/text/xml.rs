//! Text inside XML (RSS, the sitemap): one escaping for content and
//! attribute values.

/// Escapes text for XML content and attribute values, and drops characters
/// XML 1.0 cannot carry at all (most control characters).
pub fn escape_xml(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut run = 0;
    // Everything to replace is ASCII, or U+FFFE/U+FFFF (EF BF BE/BF), so a
    // byte scan never splits a character.
    for (i, &b) in bytes.iter().enumerate() {
        let (replacement, width) = match b {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&apos;", 1),
            b'\t' | b'\n' | b'\r' => continue,
            0..=0x1f => ("", 1),
            0xef if bytes.get(i + 1) == Some(&0xbf)
                && matches!(bytes.get(i + 2), Some(0xbe | 0xbf)) =>
            {
                ("", 3)
            }
            _ => continue,
        };
        if i < run {
            continue;
        }
        out.push_str(&text[run..i]);
        out.push_str(replacement);
        run = i + width;
    }
    out.push_str(&text[run..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(escape_xml("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&apos;");
        assert_eq!(escape_xml("é\u{FFFE}x\u{FFFF}\u{FFFD}"), "éx\u{FFFD}");
    }
}
