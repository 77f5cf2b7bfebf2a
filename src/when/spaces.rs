//! A space that only looks like one, or an invisible character, in a value
//! that could not be read: dates, durations, zones and weekdays alike.

use super::{parse_date, Invalid};
use crate::diagnostics::{is_invisible, quote};

/// A space that looks like one and is not (a French keyboard's
/// non-breaking space, a tab), or an invisible character: the value would
/// read as written, so the message names it and where it is. `space` is
/// what a space is written as in the value: ` ` in a date and time, `_` in
/// a zone's name (`America/New_York`), nothing in a duration or a weekday.
pub(super) fn unusual_space(text: &str, space: &str) -> Option<Invalid> {
    let invisible = |c: char| is_invisible(c) && !c.is_whitespace();
    let (at, found) = text
        .char_indices()
        // A line break is no space typed by mistake: the value's own
        // error says more (and a zone's would suggest keeping the line).
        .find(|&(_, c)| (c.is_whitespace() && c != ' ') || invisible(c))
        .filter(|&(_, c)| !matches!(c, '\n' | '\r'))?;
    let name = match found {
        '\t' => "a tab".to_string(),
        '\u{00A0}' => "a non-breaking space (U+00A0)".to_string(),
        '\u{202F}' => "a narrow no-break space (U+202F)".to_string(),
        '\u{2009}' => "a thin space (U+2009)".to_string(),
        c if invisible(c) => format!("an invisible character (U+{:04X})", u32::from(c)),
        c => format!("an unusual space (U+{:04X})", u32::from(c)),
    };
    let (before, after) = (&text[..at], &text[at + found.len_utf8()..]);
    let place = if before.len() == 10 && !after.trim().is_empty() && parse_date(before).is_ok() {
        "between the date and the time".to_string()
    } else if before.is_empty() {
        "at the start".to_string()
    } else if after
        .trim_matches(|c: char| c.is_whitespace() || invisible(c))
        .is_empty()
    {
        "at the end".to_string()
    } else {
        format!("after {}", quote(before))
    };
    let mut fixed = String::with_capacity(text.len());
    for c in text.trim().chars().filter(|&c| !invisible(c)) {
        match c.is_whitespace() {
            true => fixed.push_str(space),
            false => fixed.push(c),
        }
    }
    let fixed = fixed.trim();
    let hint = match space {
        _ if invisible(found) => format!("delete it: `{fixed}`"),
        " " => format!("type a normal space: `{fixed}`"),
        "" => format!("delete it: `{fixed}`"),
        _ => format!("write `{fixed}`"),
    };
    Some(Invalid::new(format!("{name} is {place}"), hint))
}
