//! JSON strings written by hand, for the documents written a field at a
//! time (`events.json`, the JSON Feed, the event pages' JSON-LD): the same
//! bytes `serde_json` writes, faster on the long runs of plain text a
//! description is.

use super::scan::Stops;

/// `text` as a JSON string, quotes included, at the end of `out`: `"` and
/// `\` escaped, control characters as `\n`, `\t`... or `\u00XX`, everything
/// else as it is (UTF-8, not `\u` escapes).
pub fn push_string(text: &str, out: &mut Vec<u8>) {
    out.reserve(text.len() + 2);
    out.push(b'"');
    push_escaped(text, out);
    out.push(b'"');
}

/// `text` as a JSON string that can sit in an HTML `<script>` element:
/// [`push_string`]'s, with `<`, `>` and `&` as `\u003c`, `\u003e` and
/// `\u0026`, so it can neither end the element nor open a comment in it.
pub fn push_script_safe_string(text: &str, out: &mut Vec<u8>) {
    out.reserve(text.len() + 2);
    out.push(b'"');
    push_escaped_for::<true>(text, out);
    out.push(b'"');
}

/// Several pieces as one JSON string, such as an address made of the
/// site's and a page's path.
pub fn push_joined(pieces: &[&str], out: &mut Vec<u8>) {
    out.push(b'"');
    for piece in pieces {
        push_escaped(piece, out);
    }
    out.push(b'"');
}

/// `text` escaped for a JSON string, without its quotes.
fn push_escaped(text: &str, out: &mut Vec<u8>) {
    push_escaped_for::<false>(text, out);
}

/// [`push_escaped`], with `<`, `>` and `&` escaped too when `SCRIPT_SAFE`.
#[inline(always)]
fn push_escaped_for<const SCRIPT_SAFE: bool>(text: &str, out: &mut Vec<u8>) {
    const PLAIN: Stops<2> = Stops {
        bytes: [b'"', b'\\'],
        below: 0x20,
    };
    const SCRIPT: Stops<5> = Stops {
        bytes: [b'"', b'\\', b'<', b'>', b'&'],
        below: 0x20,
    };
    let bytes = text.as_bytes();
    let mut copied = 0;
    loop {
        let found = match SCRIPT_SAFE {
            true => SCRIPT.find(bytes, copied),
            false => PLAIN.find(bytes, copied),
        };
        let Some(i) = found else {
            break;
        };
        let byte = bytes[i];
        out.extend_from_slice(&bytes[copied..i]);
        let short: &[u8] = match byte {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            b'<' => b"\\u003c",
            b'>' => b"\\u003e",
            b'&' => b"\\u0026",
            _ => b"",
        };
        if short.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(byte >> 4)]);
            out.push(HEX[usize::from(byte & 0xf)]);
        } else {
            out.extend_from_slice(short);
        }
        copied = i + 1;
    }
    out.extend_from_slice(&bytes[copied..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(text: &str) -> String {
        let mut out = Vec::new();
        push_string(text, &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn writes_what_serde_json_writes() {
        let every_ascii: String = (0..128u8).map(char::from).collect();
        let mut texts = vec![
            String::new(),
            every_ascii.clone(),
            "<a href=\"https://x.example/\" rel=\"noopener\">é 東京 🎉</a>\n".into(),
            "\\\\\"\u{7f}\u{80}\u{85}\u{2028}".into(),
        ];
        // Every ASCII character and a few others, at every position of a
        // sixteen-byte chunk, among plain text and multi-byte characters.
        let alphabet: Vec<char> = every_ascii
            .chars()
            .chain(['é', '€', '𝄞', '\u{a0}'])
            .collect();
        let mut next = crate::test_random::below(7);
        for _ in 0..20_000 {
            let text: String = (0..next(40))
                .map(|_| match next(3) {
                    0 => alphabet[next(alphabet.len() as u64) as usize],
                    _ => 'a',
                })
                .collect();
            texts.push(text);
        }
        for text in &texts {
            let serde = serde_json::to_string(text).unwrap();
            assert_eq!(written(text), serde, "{text:?}");
            // serde_json writes no `<`, `>` or `&` of its own.
            let script_safe = serde
                .replace('<', "\\u003c")
                .replace('>', "\\u003e")
                .replace('&', "\\u0026");
            let mut out = Vec::new();
            push_script_safe_string(text, &mut out);
            assert_eq!(String::from_utf8(out).unwrap(), script_safe, "{text:?}");
        }
        let mut joined = Vec::new();
        push_joined(&["https://x.example/", "a\"b/", "", "c\n"], &mut joined);
        assert_eq!(
            joined,
            serde_json::to_vec("https://x.example/a\"b/c\n").unwrap()
        );
    }
}
