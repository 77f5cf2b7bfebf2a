//! The written form of iCalendar (RFC 5545 sections 3.1 to 3.3): values made
//! safe, and lines folded.
//!
//! The `ics` crate assembles the calendars' own properties and their
//! VTIMEZONEs, but it writes values as given: it neither escapes TEXT (its
//! `escape_text` must be called) nor removes control characters, and it
//! folds continuation lines at 76 octets (75 after the leading space). So
//! every value goes through [`text`], [`param`] or [`uri`] before it reaches
//! `ics`, and its output goes through [`fold`] afterwards. VEVENTs, tens of
//! thousands in a large calendar, are written by [`Lines`] instead, line by
//! line and folded as they are written; a test holds its lines to what
//! `ics` writes, refolded.

use crate::text::scan::Stops;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// The longest line in octets, CRLF excluded, counting the leading space of
/// a continuation line (RFC 5545 3.1).
pub const LINE_OCTETS: usize = 75;

/// Keeps line breaks as `\n` (so they can be escaped) and drops every other
/// control character: nothing in a value may end a line, which is what would
/// let it start a property or a component of its own.
fn without_controls(value: &str) -> String {
    if !has_controls(value.as_bytes()) {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            // NEL and the Unicode line and paragraph separators are line breaks too.
            '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether `without_controls` has anything to do: a quick scan of the bytes
/// for control characters (see [`is_control_at`]).
fn has_controls(bytes: &[u8]) -> bool {
    (0..bytes.len()).any(|i| is_control_at(bytes, i))
}

/// Whether a control character starts at `bytes[i]`: a C0 control (but tab
/// and LF), DEL, a C1 control (`C2 80`..`C2 9F`), or a line or paragraph
/// separator (`E2 80 A8`, `E2 80 A9`).
fn is_control_at(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\n' | b'\t' => false,
        0..=0x1f | 0x7f => true,
        0xc2 => bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)),
        0xe2 => bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0xa8 | 0xa9)),
        _ => false,
    }
}

/// A TEXT value (RFC 5545 3.3.11): control characters removed, then
/// backslash, semicolon, comma and newline escaped.
pub fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + value.len() / 32);
    push_text(value, &mut out);
    out
}

/// [`text`], written at the end of `out`.
pub fn push_text(value: &str, out: &mut String) {
    // The common case, in one pass over the bytes: no control character
    // (so no CR, which `ics::escape_text` would also handle), and the four
    // escaped characters are ASCII, never part of a longer UTF-8 character.
    let bytes = value.as_bytes();
    let written = out.len();
    out.reserve(value.len() + value.len() / 32);
    let mut copied = 0;
    let mut at = 0;
    while let Some(i) = NOTABLE.find(bytes, at) {
        at = i + 1;
        let escaped = match bytes[i] {
            b',' => "\\,",
            b';' => "\\;",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            _ if is_control_at(bytes, i) => {
                out.truncate(written);
                out.push_str(&ics::escape_text(without_controls(value)));
                return;
            }
            _ => continue,
        };
        out.push_str(&value[copied..i]);
        out.push_str(escaped);
        copied = i + 1;
    }
    out.push_str(&value[copied..]);
}

/// The bytes [`push_text`] stops at: the four it escapes, and those that
/// may start a control character (see [`is_control_at`]).
const NOTABLE: Stops<6> = Stops {
    bytes: [b',', b';', b'\\', 0x7f, 0xc2, 0xe2],
    below: 0x20,
};

/// Several TEXT values for one property, such as CATEGORIES, at the end
/// of `out`.
fn push_text_list<S: AsRef<str>>(values: &[S], out: &mut String) {
    for (n, value) in values.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        push_text(value.as_ref(), out);
    }
}

/// A parameter value (RFC 5545 3.2): no control characters and no double
/// quote (which cannot be escaped), quoted when it holds `:`, `;` or `,`.
pub fn param(value: &str) -> String {
    let clean: String = without_controls(value)
        .chars()
        .map(|c| match c {
            '\n' | '\t' => ' ',
            '"' => '\'',
            c => c,
        })
        .collect();
    if clean.contains([':', ';', ',']) {
        format!("\"{clean}\"")
    } else {
        clean
    }
}

/// A URI value: URLs were checked when loaded, but a value must never carry
/// a line break, whatever its source.
pub fn uri(value: &str) -> String {
    // Nearly always visible ASCII alone, kept as it is.
    if value.bytes().all(|b| b.is_ascii_graphic()) {
        return value.to_owned();
    }
    value
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect()
}

/// A GEO value (RFC 5545 3.8.1.6): latitude and longitude with six
/// decimals, as `{:.6}` writes them.
pub fn geo(lat: f64, lon: f64) -> String {
    let mut out = String::with_capacity(24);
    push_six_decimals(lat, &mut out);
    out.push(';');
    push_six_decimals(lon, &mut out);
    out
}

/// `x` with six decimals, as `format!("{x:.6}")` writes it. Formatting a
/// float to a precision costs a thousand instructions; a coordinate
/// scaled to millionths and rounded gives the same digits in integers,
/// unless the millionths fall near a half, where the product's rounding
/// could tip them: those few are formatted as usual.
fn push_six_decimals(x: f64, out: &mut String) {
    use std::fmt::Write;
    let scaled = x.abs() * 1e6;
    let near_half = (scaled.fract() - 0.5).abs() < 1e-6;
    if !x.is_finite() || near_half || scaled >= 1e15 {
        let _ = write!(out, "{x:.6}");
        return;
    }
    // `{:.6}` keeps the sign of a negative number that rounds to zero.
    if x.is_sign_negative() {
        out.push('-');
    }
    // Exact: below 2^53, and rounded to a whole number.
    let millionths = scaled.round() as u64;
    let _ = write!(
        out,
        "{}.{:06}",
        millionths / 1_000_000,
        millionths % 1_000_000
    );
}

/// DATE-TIME in UTC: `20270107T073000Z`.
pub fn utc(t: DateTime<Utc>) -> String {
    let mut text = crate::when::basic_date_time(&t.naive_utc());
    text.push('Z');
    text
}

/// DATE-TIME as a wall-clock time, read in a TZID or a VTIMEZONE offset.
pub fn local(t: NaiveDateTime) -> String {
    crate::when::basic_date_time(&t)
}

/// DATE: `20270107`.
pub fn date(d: NaiveDate) -> String {
    crate::when::basic_date(&d)
}

/// UTC-OFFSET: `+0100`, `-0430`, `+054500` only when there are seconds.
pub fn offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

/// Content lines written as they are made, each folded as [`fold`] folds
/// it: a component written this way needs no refolding, nor the copies
/// the `ics` crate's properties make of every value.
pub struct Lines {
    out: String,
    /// The line being written, before it is folded into `out`.
    line: String,
}

impl Lines {
    pub fn with_capacity(bytes: usize) -> Lines {
        Lines {
            out: String::with_capacity(bytes),
            line: String::with_capacity(256),
        }
    }

    /// `NAME;KEY=value...:value`, the value and the parameters' values as
    /// given (made with [`param`], [`uri`], [`utc`]...). Parameters come in
    /// the order given.
    pub fn property(&mut self, name: &str, params: &[(&str, &str)], value: &str) {
        self.start(name, params);
        self.line.push_str(value);
        fold_line(&self.line, &mut self.out);
    }

    /// A property with a TEXT value, escaped as [`text`] escapes it.
    pub fn text(&mut self, name: &str, value: &str) {
        self.start(name, &[]);
        push_text(value, &mut self.line);
        fold_line(&self.line, &mut self.out);
    }

    /// A property with several TEXT values, each escaped, separated by
    /// commas.
    pub fn text_list<S: AsRef<str>>(&mut self, name: &str, values: &[S]) {
        self.start(name, &[]);
        push_text_list(values, &mut self.line);
        fold_line(&self.line, &mut self.out);
    }

    fn start(&mut self, name: &str, params: &[(&str, &str)]) {
        self.line.clear();
        self.line.push_str(name);
        for (key, value) in params {
            self.line.push(';');
            self.line.push_str(key);
            self.line.push('=');
            self.line.push_str(value);
        }
        self.line.push(':');
    }

    /// The lines written, each ending in CRLF.
    pub fn finish(self) -> String {
        self.out
    }
}

/// Refolds what `ics` wrote: every content line is unfolded, then folded so
/// that no line exceeds [`LINE_OCTETS`] octets and no fold falls inside a
/// UTF-8 character or an escape sequence (`\,`, `\;`, `\n`, `\\`). Lines
/// end in CRLF.
///
/// RFC 5545 allows a fold anywhere, even between a backslash and the
/// character it escapes, but clients that unescape before they unfold read
/// such a line wrong: Google Calendar is reported to drop the event and
/// Outlook to garble the value. Keeping each escape whole costs at most one
/// octet of a line.
pub fn fold(written: &str) -> String {
    let mut out = String::with_capacity(written.len() + written.len() / 20);
    // Values never hold CR or LF (see `without_controls`), so a line that
    // starts with a space continues the one before: `ics` folded it there.
    // A line it left whole is folded where it lies, without a copy.
    let mut lines = crlf_lines(written).peekable();
    let mut unfolded = String::new();
    while let Some(first) = lines.next() {
        let line = match lines.peek() {
            Some(next) if next.starts_with(' ') => {
                unfolded.clear();
                unfolded.push_str(first);
                while let Some(continued) = lines.next_if(|next| next.starts_with(' ')) {
                    unfolded.push_str(&continued[1..]);
                }
                unfolded.as_str()
            }
            _ => first,
        };
        // Text ending in CRLF leaves an empty last piece, which is no line.
        if !line.is_empty() || lines.peek().is_some() {
            fold_line(line, &mut out);
        }
    }
    out
}

/// The pieces of `text` between CRLFs; found with a search for CR, which is
/// quicker than one for the two-byte pattern.
fn crlf_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let text = rest?;
        let mut from = 0;
        while let Some(cr) = memchr::memchr(b'\r', &text.as_bytes()[from..]).map(|i| from + i) {
            if text[cr + 1..].starts_with('\n') {
                rest = Some(&text[cr + 2..]);
                return Some(&text[..cr]);
            }
            from = cr + 1;
        }
        rest = None;
        Some(text)
    })
}

fn fold_line(line: &str, out: &mut String) {
    debug_assert!(
        !line.contains(|c: char| c.is_control() && c != '\t'),
        "a control character reached the output: {line:?}"
    );
    let mut rest = line;
    let mut room = LINE_OCTETS;
    while rest.len() > room {
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        if ends_in_escape(&rest.as_bytes()[..cut]) {
            // The backslash goes to the next line, with what it escapes.
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        // The leading space counts.
        room = LINE_OCTETS - 1;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

/// Whether `bytes` ends with the backslash that starts an escape sequence,
/// cut from the character it escapes. In escaped TEXT every backslash
/// starts a pair (`\\` is one backslash), so a run of backslashes ends
/// in the middle of a pair when its length is odd. Elsewhere (a URI that
/// holds a backslash, say) keeping a backslash with the next octet is
/// harmless.
fn ends_in_escape(bytes: &[u8]) -> bool {
    let run = bytes.iter().rev().take_while(|&&b| b == b'\\').count();
    run % 2 == 1
}

#[cfg(test)]
mod tests;
