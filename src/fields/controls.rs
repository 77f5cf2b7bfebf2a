//! Invisible control characters in contributors' text: pasted terminal
//! colours, page breaks, and bidirectional controls that make text read
//! differently from what it says.

use crate::diagnostics::is_bidi_control;

/// The first invisible control character of `text`, with its byte offset
/// and what to say of it. Line breaks and tabs are text; other control
/// characters are invisible, break terminals and feeds, and come from
/// copy-paste. Bidirectional controls make text read in another order than
/// it is written, on the site and in calendar clients.
pub fn invisible_control(text: &str) -> Option<(usize, String)> {
    // Every such character is an ASCII control or not ASCII at all: only
    // the characters starting at such a byte are looked at.
    let mut from = 0;
    let (at, c) = loop {
        let at = from + first_not_plain_ascii(&text.as_bytes()[from..])?;
        let c = text[at..].chars().next()?;
        if c.is_control() && !matches!(c, '\n' | '\t') || is_bidi_control(c) {
            break (at, c);
        }
        from = at + c.len_utf8();
    };
    let mut message = format!(
        "the text contains the invisible control character U+{:04X}",
        c as u32
    );
    if is_bidi_control(c) {
        message.push_str(", which changes the order text is shown in");
    }
    Some((at, message))
}

/// The position of the first byte that is neither printable ASCII nor a
/// line break or a tab. Descriptions are most of a calendar's text: each
/// block of bytes is checked whole, without a branch per byte, and only
/// the block with such a byte is searched.
fn first_not_plain_ascii(bytes: &[u8]) -> Option<usize> {
    const BLOCK: usize = 32;
    let notable = |b: u8| (b >= 0x7f) | ((b < 0x20) & (b != b'\n') & (b != b'\t'));
    let mut start = 0;
    for block in bytes.chunks_exact(BLOCK) {
        if block.iter().fold(false, |any, &b| any | notable(b)) {
            break;
        }
        start += BLOCK;
    }
    bytes[start..]
        .iter()
        .position(|&b| notable(b))
        .map(|i| start + i)
}

pub const INVISIBLE_CONTROL_HINT: &str = "delete it: retype the text around it";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_notable_byte_as_a_byte_by_byte_search_does() {
        let by_byte = |bytes: &[u8]| {
            bytes
                .iter()
                .position(|&b| !b.is_ascii() || b.is_ascii_control() && !matches!(b, b'\n' | b'\t'))
        };
        let mut next = crate::test_random::below(29);
        let alphabet = [b'a', b' ', b'\n', b'\t', 0x1f, 0x7f, 0x80, 0xc3, b'~', 0];
        for _ in 0..5_000 {
            let len = next(100) as usize;
            // Mostly plain text, so blocks of it are skipped whole.
            let bytes: Vec<u8> = (0..len)
                .map(|_| match next(60) {
                    0..=8 => alphabet[next(10) as usize],
                    _ => b'x',
                })
                .collect();
            assert_eq!(first_not_plain_ascii(&bytes), by_byte(&bytes), "{bytes:?}");
        }
    }
}
