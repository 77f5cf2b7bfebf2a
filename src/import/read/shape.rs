//! A feed's bytes before its properties are read: the text they are, the
//! calendars they hold, and a shape small enough to parse.

use super::{shown, strip_prefix_ignore_case, MAX_COMPONENTS, MAX_EVENTS, MAX_NESTING};

/// Each `BEGIN:VCALENDAR` … `END:VCALENDAR` of an unfolded feed: a file
/// may hold several (RFC 5545 3.4), as some exports write one per event.
/// Anything but blank lines between or after them is refused.
pub(super) fn calendar_objects(unfolded: &str) -> Result<Vec<&str>, String> {
    let mut objects = Vec::new();
    let mut start = None;
    let mut at = 0;
    for line in unfolded.split_inclusive('\n') {
        let content = line.trim();
        match start {
            None if content.eq_ignore_ascii_case("BEGIN:VCALENDAR") => start = Some(at),
            None if content.is_empty() => {}
            None => {
                return Err(format!(
                    "the feed is not valid iCalendar: `{}` comes after `END:VCALENDAR`, outside any calendar",
                    shown(content)
                ))
            }
            Some(from) if content.eq_ignore_ascii_case("END:VCALENDAR") => {
                objects.push(&unfolded[from..at + line.len()]);
                start = None;
            }
            Some(_) => {}
        }
        at += line.len();
    }
    if start.is_some() || objects.is_empty() {
        return Err("the feed is not valid iCalendar: it has no `END:VCALENDAR`".into());
    }
    Ok(objects)
}

/// `bytes` with their folds (a line break, then a space or a tab) taken
/// out, before they are read as text.
pub(super) fn unfold_bytes(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let fold = match &bytes[i..] {
            [b'\r', b'\n', b' ' | b'\t', ..] => 3,
            [b'\n', b' ' | b'\t', ..] => 2,
            _ => 0,
        };
        if fold > 0 {
            i += fold;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// The error for bytes that are not UTF-8, with the line they are on.
pub(super) fn not_utf8(bytes: &[u8], error: std::str::Utf8Error) -> String {
    let at = error.valid_up_to();
    let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    format!(
        "the feed is not UTF-8 text, as iCalendar must be: line {line} has a byte (0x{:02X}) that is not; save or export it as UTF-8",
        bytes[at]
    )
}

/// Refuses nesting deeper than [`MAX_NESTING`], more than [`MAX_EVENTS`]
/// events and more than [`MAX_COMPONENTS`] components, counting BEGIN and
/// END lines before anything is parsed.
pub(super) fn check_shape(unfolded: &str) -> Result<(), String> {
    let (mut events, mut components) = (0usize, 0usize);
    // The components open, innermost last.
    let mut open: Vec<&str> = Vec::new();
    for line in unfolded.lines() {
        let line = line.trim_end_matches('\r');
        if let Some(name) = strip_prefix_ignore_case(line, "BEGIN:") {
            open.push(name.trim());
            let depth = open.len();
            components += 1;
            if components > MAX_COMPONENTS {
                return Err(format!(
                    "the feed holds more than {MAX_COMPONENTS} components, the most one import reads"
                ));
            }
            if depth > MAX_NESTING {
                return Err(format!(
                    "components are nested more than {MAX_NESTING} deep"
                ));
            }
            if name.eq_ignore_ascii_case("VEVENT") {
                events += 1;
                if events > MAX_EVENTS {
                    return Err(format!(
                        "the feed holds more than {MAX_EVENTS} events, the most one import reads"
                    ));
                }
            }
        } else if strip_prefix_ignore_case(line, "END:").is_some() {
            open.pop();
        }
    }
    match open.last().map(|name| shown(name)) {
        // What a download or a copy cut short looks like.
        Some(name) => Err(format!(
            "the feed stops inside a {name}, before its `END:{name}`: it looks cut short, as by an interrupted download; get the whole file again"
        )),
        None => Ok(()),
    }
}

/// The lines of `text` with the folds undone, each with the number of its
/// first line in the file (from 1).
fn logical_lines(text: &str) -> impl Iterator<Item = (usize, String)> + '_ {
    let mut lines = text.split('\n').enumerate().peekable();
    std::iter::from_fn(move || {
        let (i, first) = lines.next()?;
        let mut logical = first.trim_end_matches('\r').to_string();
        while let Some((_, next)) = lines.next_if(|(_, l)| l.starts_with([' ', '\t'])) {
            logical.push_str(&next.trim_end_matches('\r')[1..]);
        }
        Some((i + 1, logical))
    })
}

/// The first line of `text` (1-based, as the file counts them) that is no
/// content line, `NAME *(;PARAM=value) :value`, and its start as shown.
/// Lines starting with a space or a tab continue the one before.
pub(super) fn malformed_line(text: &str) -> Option<(usize, String)> {
    logical_lines(text)
        .find(|(_, logical)| !logical.is_empty() && !is_content_line(logical))
        .map(|(number, logical)| (number, shown(&logical)))
}

/// The first `END:` that does not close the component open there
/// (`END:VTODO` in a VEVENT, `END:VCALENDARD`), said with the lines of both
/// and the `END:` it should be.
pub(super) fn mismatched_end(text: &str) -> Option<String> {
    let mut open: Vec<(String, usize)> = Vec::new();
    for (number, line) in logical_lines(text) {
        if let Some(name) = strip_prefix_ignore_case(&line, "BEGIN:") {
            open.push((name.trim().to_string(), number));
        } else if let Some(name) = strip_prefix_ignore_case(&line, "END:") {
            let name = shown(name);
            match open.pop() {
                Some((begun, _)) if begun.eq_ignore_ascii_case(&name) => {}
                Some((begun, at)) => {
                    let begun = shown(&begun);
                    return Some(format!("the feed is not valid iCalendar: line {number} has `END:{name}`, but the {begun} that begins on line {at} is still open: write `END:{begun}`"));
                }
                None => {
                    return Some(format!("the feed is not valid iCalendar: line {number} has `END:{name}`, which ends nothing begun before it"));
                }
            }
        }
    }
    None
}

fn is_content_line(line: &str) -> bool {
    let is_name = |name: &str| {
        !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    let name_end = line.find([';', ':']).unwrap_or(line.len());
    if !is_name(&line[..name_end]) {
        return false;
    }
    let mut rest = &line[name_end..];
    while let Some(param) = rest.strip_prefix(';') {
        let Some((name, mut values)) = param.split_once('=') else {
            return false;
        };
        if !is_name(name) {
            return false;
        }
        // Values separated by commas, each quoted or free of `;:,"`.
        loop {
            if let Some(quoted) = values.strip_prefix('"') {
                let Some(end) = quoted.find('"') else {
                    return false;
                };
                values = &quoted[end + 1..];
            } else {
                let end = values.find([';', ':', ',', '"']).unwrap_or(values.len());
                values = &values[end..];
            }
            match values.strip_prefix(',') {
                Some(more) => values = more,
                None => break,
            }
        }
        rest = values;
    }
    rest.starts_with(':')
}
