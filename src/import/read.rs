//! An iCalendar feed read into the events it holds, each property taken as
//! it was written: times keep their TZID, rules their text. Deciding what
//! they mean in a meetcal calendar is `convert.rs`'s work.
//!
//! The syntax (unfolding, parameters, TEXT escapes) is the `icalendar`
//! crate's parser; this module only refuses what would make it costly
//! (see [`MAX_FEED_BYTES`], [`MAX_EVENTS`], [`MAX_NESTING`]).

use chrono::{Duration, NaiveDate, NaiveDateTime};
use icalendar::parser::{read_calendar, unfold, Component, Property};

mod shape;
mod zone;
use shape::{
    calendar_objects, check_shape, malformed_line, mismatched_end, not_utf8, unfold_bytes,
};
use zone::read_zone;
pub use zone::{Observance, ZoneDefinition};

/// The largest feed read: a busy group's feed over ten years is well under
/// a megabyte.
pub const MAX_FEED_BYTES: usize = 4 * 1024 * 1024;

/// The most events (VEVENTs, overrides included) one feed may hold.
pub const MAX_EVENTS: usize = 5_000;

/// Components nest at most this deep (VCALENDAR > VEVENT > VALARM); deeper
/// nesting is refused before parsing, which recurses on it.
pub const MAX_NESTING: usize = 4;

/// The most components a feed may hold in all (events, their alarms, time
/// zones and their observances).
pub const MAX_COMPONENTS: usize = 4 * MAX_EVENTS;

/// A time as the feed wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Moment {
    Date(NaiveDate),
    /// No zone: the calendar's own.
    Floating(NaiveDateTime),
    Utc(NaiveDateTime),
    /// Wall-clock time in the zone named by a TZID parameter.
    Zoned(NaiveDateTime, String),
}

impl Moment {
    pub fn is_date(&self) -> bool {
        matches!(self, Moment::Date(_))
    }
}

/// How an RDATE period ends: at a time, or after a length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodEnd {
    At(Moment),
    After(Duration),
}

/// A VEVENT, its properties read but not yet interpreted.
#[derive(Debug, Clone, Default)]
pub struct Item {
    pub uid: Option<String>,
    pub recurrence_id: Option<Moment>,
    pub sequence: i64,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// HTML from `X-ALT-DESC;FMTTYPE=text/html`.
    pub html: Option<String>,
    pub location: Option<String>,
    pub geo: Option<(f64, f64)>,
    pub url: Option<String>,
    /// CONFERENCE (RFC 7986) or a producer's meeting link.
    pub online: Option<String>,
    pub categories: Vec<String>,
    pub status: Option<String>,
    pub class: Option<String>,
    pub start: Option<Moment>,
    /// A DTSTART that is not a date and time, as written (`20270230T190000`).
    pub unread_start: Option<String>,
    pub end: Option<Moment>,
    pub duration: Option<Duration>,
    pub rrule: Option<String>,
    pub exdates: Vec<Moment>,
    pub rdates: Vec<Moment>,
    /// The RDATEs written as periods (`VALUE=PERIOD`), with their own end.
    pub periods: Vec<(Moment, PeriodEnd)>,
    /// Outlook's `X-MICROSOFT-CDO-ALLDAYEVENT:TRUE`.
    pub all_day_flag: bool,
    /// What the feed says that meetcal's format cannot: "2 attendees".
    pub left_out: Vec<String>,
}

/// What one feed holds.
#[derive(Debug, Clone, Default)]
pub struct Feed {
    /// `X-WR-CALNAME` or `NAME`.
    pub name: Option<String>,
    /// `X-WR-TIMEZONE`: the zone of floating times.
    pub timezone: Option<String>,
    pub zones: Vec<ZoneDefinition>,
    pub items: Vec<Item>,
    /// VTODOs and VJOURNALs, which are no events: counted for the report.
    pub tasks: usize,
    pub journal_entries: usize,
}

/// Reads a feed's bytes; the error says what the bytes are instead.
pub fn read_feed(bytes: &[u8]) -> Result<Feed, String> {
    if bytes.len() > MAX_FEED_BYTES {
        return Err(format!(
            "the feed is {} KiB, over the limit of {} KiB",
            bytes.len() / 1024,
            MAX_FEED_BYTES / 1024
        ));
    }
    // A line may be folded inside a character (RFC 5545 3.1): such bytes
    // are UTF-8 once unfolded.
    let refolded;
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            refolded = unfold_bytes(bytes);
            std::str::from_utf8(&refolded).map_err(|_| not_utf8(bytes, error))?
        }
    };
    // Spaces before the first line would make it continue a line before
    // it, which there is not.
    let text = text
        .trim_start_matches('\u{feff}')
        .trim_start_matches([' ', '\t']);
    let first = text.trim_start().lines().next().unwrap_or("").trim();
    if !first.eq_ignore_ascii_case("BEGIN:VCALENDAR") {
        let shown: String = first.chars().take(40).collect();
        return Err(format!(
            "this is not an iCalendar feed: it starts with `{shown}`, not `BEGIN:VCALENDAR`"
        ));
    }
    let unfolded = unfold(text);
    check_shape(&unfolded)?;
    let mut feed = Feed::default();
    // An `END:` that ends the wrong component is said where it is, when
    // the calendars cannot be told apart or the parser refuses one.
    let objects =
        calendar_objects(&unfolded).map_err(|other| mismatched_end(text).unwrap_or(other))?;
    for object in objects {
        let calendar = read_calendar(object).map_err(|_| {
            // The parser's own words name its grammar's rules, not the line.
            let malformed = || {
                let (line, shown) = malformed_line(text)?;
                Some(format!("the feed is not valid iCalendar: line {line} is not `NAME:value` or `NAME;PARAMETER=value:value`: `{shown}`"))
            };
            (mismatched_end(text).or_else(malformed))
                .unwrap_or_else(|| "the feed is not valid iCalendar".to_string())
        })?;
        for property in &calendar.properties {
            match property.name.as_str() {
                "X-WR-CALNAME" | "NAME" if feed.name.is_none() => {
                    feed.name = Some(text_of(property))
                }
                "X-WR-TIMEZONE" if feed.timezone.is_none() => {
                    feed.timezone = Some(text_of(property).trim().to_string())
                }
                _ => {}
            }
        }
        for component in &calendar.components {
            match component.name.as_str() {
                "VEVENT" => feed.items.push(read_event(component)),
                "VTIMEZONE" => {
                    if let Some(zone) = read_zone(component) {
                        feed.zones.push(zone);
                    }
                }
                "VTODO" => feed.tasks += 1,
                "VJOURNAL" => feed.journal_entries += 1,
                _ => {}
            }
        }
    }
    Ok(feed)
}

/// A feed's text as a message shows it: its first 40 characters, without
/// control characters (the feed is anyone's).
fn shown(text: &str) -> String {
    text.trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(40)
        .collect()
}

fn strip_prefix_ignore_case<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    let head = line.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &line[prefix.len()..])
}

fn param<'a>(property: &'a Property, name: &str) -> Option<&'a str> {
    property
        .params
        .iter()
        .find(|p| p.key.as_str().eq_ignore_ascii_case(name))
        .and_then(|p| p.val.as_ref())
        .map(|v| v.as_str().trim_matches('"'))
}

/// A TEXT value. The parser unescapes the properties it knows as TEXT;
/// others (`X-ALT-DESC`) are unescaped here.
fn text_of(property: &Property) -> String {
    let value = property.val.as_str();
    match property.name.as_str() {
        "SUMMARY" | "DESCRIPTION" | "LOCATION" | "NAME" | "STATUS" | "CLASS" | "UID" => {
            value.to_string()
        }
        _ => unescape(value),
    }
}

/// RFC 5545 3.3.11: `\n`, `\N`, `\,`, `\;` and `\\`.
pub fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// A list value split at its commas, except escaped ones (CATEGORIES).
fn text_list(value: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut escaped = false;
    for c in value.chars() {
        if escaped {
            current.push('\\');
            current.push(c);
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == ',' {
            items.push(unescape(&std::mem::take(&mut current)));
        } else {
            current.push(c);
        }
    }
    items.push(unescape(&current));
    items.retain(|item| !item.trim().is_empty());
    items
}

fn read_event(component: &Component) -> Item {
    let mut item = Item::default();
    let (mut attendees, mut attachments, mut organizer) = (0, 0, false);
    for property in &component.properties {
        let value = property.val.as_str();
        match property.name.as_str() {
            "UID" => item.uid = Some(value.trim().to_string()),
            "RECURRENCE-ID" => {
                item.recurrence_id = moment(property);
                // meetcal's changes are to one date each.
                if param(property, "RANGE").is_some_and(|r| r.eq_ignore_ascii_case("THISANDFUTURE"))
                {
                    item.left_out.push(
                        "its RANGE=THISANDFUTURE: the change is made to this date only, not to the later ones"
                            .into(),
                    );
                }
            }
            "SEQUENCE" => item.sequence = value.trim().parse().unwrap_or(0),
            "SUMMARY" => item.summary = Some(text_of(property)),
            "DESCRIPTION" => item.description = Some(text_of(property)),
            "X-ALT-DESC"
                if param(property, "FMTTYPE")
                    .is_some_and(|t| t.eq_ignore_ascii_case("text/html")) =>
            {
                item.html = Some(unescape(value));
            }
            "LOCATION" => item.location = Some(text_of(property)),
            "GEO" => item.geo = geo(value),
            // Apple: `...;X-TITLE="Name":geo:48.87,2.36`.
            "X-APPLE-STRUCTURED-LOCATION" if item.geo.is_none() => {
                item.geo = value.trim().strip_prefix("geo:").and_then(geo)
            }
            "URL" => item.url = Some(value.trim().to_string()),
            "CONFERENCE"
            | "X-GOOGLE-CONFERENCE"
            | "X-MICROSOFT-SKYPETEAMSMEETINGURL"
            | "X-MICROSOFT-ONLINEMEETINGEXTERNALLINK"
                if item.online.is_none() =>
            {
                item.online = Some(value.trim().to_string());
            }
            "CATEGORIES" => item.categories.extend(text_list(value)),
            "STATUS" => item.status = Some(value.trim().to_uppercase()),
            "CLASS" => item.class = Some(value.trim().to_uppercase()),
            "DTSTART" => {
                item.start = moment(property);
                if item.start.is_none() {
                    item.unread_start = Some(shown(value.lines().next().unwrap_or_default()));
                }
            }
            "DTEND" => item.end = moment(property),
            "DURATION" => item.duration = parse_duration(value),
            "RRULE" => {
                if item.rrule.is_some() {
                    item.left_out.push("a second RRULE".into());
                } else if !value.is_ascii() {
                    // RFC 5545's rules are ASCII; the rule reader assumes it.
                    item.left_out
                        .push("an RRULE with characters no rule has".into());
                } else {
                    item.rrule = Some(value.trim().to_string());
                }
            }
            "EXRULE" => item.left_out.push("an EXRULE".into()),
            "EXDATE" => item.exdates.extend(moments(property)),
            "RDATE" => {
                item.rdates.extend(moments(property));
                item.periods.extend(periods(property));
            }
            "X-MICROSOFT-CDO-ALLDAYEVENT" => {
                item.all_day_flag = value.trim().eq_ignore_ascii_case("TRUE")
            }
            "ATTENDEE" => attendees += 1,
            "ATTACH" => attachments += 1,
            "ORGANIZER" => organizer = true,
            _ => {}
        }
    }
    if attendees > 0 {
        item.left_out
            .push(crate::diagnostics::counted(attendees, "attendee"));
    }
    if attachments > 0 {
        item.left_out
            .push(crate::diagnostics::counted(attachments, "attachment"));
    }
    if organizer {
        item.left_out.push("the organizer's address".into());
    }
    // Reminders belong to each subscriber's calendar, not to the event.
    let alarms = component
        .components
        .iter()
        .filter(|c| c.name.as_str().eq_ignore_ascii_case("VALARM"))
        .count();
    if alarms > 0 {
        item.left_out
            .push(crate::diagnostics::counted(alarms, "alarm"));
    }
    item
}

fn geo(value: &str) -> Option<(f64, f64)> {
    let (lat, lon) = value.split_once([';', ','])?;
    let (lat, lon) = (lat.trim().parse().ok()?, lon.trim().parse().ok()?);
    ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)).then_some((lat, lon))
}

fn moment(property: &Property) -> Option<Moment> {
    moments(property).into_iter().next()
}

/// Every time of a DTSTART, EXDATE or RDATE value (a list for the last two).
fn moments(property: &Property) -> Vec<Moment> {
    let tzid = param(property, "TZID").map(str::to_string);
    property
        .val
        .as_str()
        .split(',')
        // A PERIOD (RDATE;VALUE=PERIOD) starts at its first half.
        .filter_map(|part| parse_moment(part.split('/').next()?.trim(), tzid.as_deref()))
        .collect()
}

/// The periods of an RDATE (`start/end` or `start/length`), each with
/// its end.
fn periods(property: &Property) -> Vec<(Moment, PeriodEnd)> {
    let tzid = param(property, "TZID");
    property
        .val
        .as_str()
        .split(',')
        .filter_map(|part| {
            let (start, end) = part.split_once('/')?;
            let start = parse_moment(start.trim(), tzid)?;
            let end = end.trim();
            let end = match end.trim_start_matches(['+', '-']).starts_with('P') {
                true => PeriodEnd::After(parse_duration(end)?),
                false => PeriodEnd::At(parse_moment(end, tzid)?),
            };
            Some((start, end))
        })
        .collect()
}

pub fn parse_moment(text: &str, tzid: Option<&str>) -> Option<Moment> {
    if text.len() == 8 {
        return NaiveDate::parse_from_str(text, "%Y%m%d")
            .ok()
            .map(Moment::Date);
    }
    let (wall, utc) = match text.strip_suffix(['Z', 'z']) {
        Some(rest) => (rest, true),
        None => (text, false),
    };
    let wall = NaiveDateTime::parse_from_str(wall, "%Y%m%dT%H%M%S").ok()?;
    Some(match (utc, tzid) {
        (true, _) => Moment::Utc(wall),
        (false, Some(tzid)) => Moment::Zoned(wall, tzid.to_string()),
        (false, None) => Moment::Floating(wall),
    })
}

/// An RFC 5545 DURATION (3.3.6): `PT1H30M`, `P1D`, `P2W`, `-PT15M`.
pub fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let text = text.strip_prefix('P')?;
    let mut total = Duration::zero();
    let mut number = String::new();
    let mut in_time = false;
    for c in text.chars() {
        match c {
            '0'..='9' => number.push(c),
            'T' if number.is_empty() => in_time = true,
            'W' | 'D' | 'H' | 'M' | 'S' => {
                let n: i64 = number.parse().ok().filter(|_| number.len() <= 6)?;
                number.clear();
                total += match (c, in_time) {
                    ('W', false) => Duration::weeks(n),
                    ('D', false) => Duration::days(n),
                    ('H', true) => Duration::hours(n),
                    ('M', true) => Duration::minutes(n),
                    ('S', true) => Duration::seconds(n),
                    _ => return None,
                };
            }
            _ => return None,
        }
    }
    number
        .is_empty()
        .then_some(if negative { -total } else { total })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_read_durations_as_rfc_5545_writes_them() {
        assert_eq!(parse_duration("PT1H30M"), Some(Duration::minutes(90)));
        assert_eq!(parse_duration("P1DT2H"), Some(Duration::hours(26)));
        assert_eq!(parse_duration("P2W"), Some(Duration::days(14)));
        assert_eq!(parse_duration("-PT15M"), Some(Duration::minutes(-15)));
        assert_eq!(parse_duration("PT"), Some(Duration::zero()));
        assert_eq!(parse_duration("P1H"), None);
        assert_eq!(parse_duration("1H"), None);
    }

    #[test]
    fn can_split_categories_at_unescaped_commas() {
        assert_eq!(
            text_list("Rust,Web\\, and more, Talks"),
            vec!["Rust", "Web, and more", " Talks"]
        );
    }

    #[test]
    fn errors_on_what_is_not_a_calendar() {
        let err = read_feed(b"<!DOCTYPE html><html>").unwrap_err();
        assert!(err.contains("not an iCalendar feed"), "{err}");
        let deep = "BEGIN:VCALENDAR\r\n".to_string() + &"BEGIN:X\r\n".repeat(10);
        assert!(read_feed(deep.as_bytes()).unwrap_err().contains("nested"));
        assert!(read_feed(&[0xff, 0xfe]).unwrap_err().contains("UTF-8"));
    }

    const EVENT: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART;TZID=Europe/Paris:20270210T190000\r\nSUMMARY:Rust\r\n night\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    #[test]
    fn says_what_is_wrong_with_a_broken_feed() {
        assert_eq!(read_feed(EVENT.as_bytes()).unwrap().items.len(), 1);
        // Cut short, as by an interrupted download.
        let cut = &EVENT[..EVENT.find("SUMMARY").unwrap()];
        let err = read_feed(cut.as_bytes()).unwrap_err();
        assert!(
            err.contains("stops inside a VEVENT, before its `END:VEVENT`"),
            "{err}"
        );
        // A line that is not `NAME:value`, counted as the file counts lines.
        let broken = EVENT
            .replace("TZID=Europe/Paris:", "")
            .replace("UID:a", "UID:a\r\n folded");
        let err = read_feed(broken.as_bytes()).unwrap_err();
        assert!(err.contains("line 6 is not `NAME:value`"), "{err}");
        assert!(err.ends_with("`DTSTART;20270210T190000`"), "{err}");
        // An `END:` that ends another component than the one open, on the
        // file's lines (the summary is folded over two): the calendar's or
        // the event's.
        let err =
            read_feed(EVENT.replace("END:VCALENDAR", "END:VCALENDARD").as_bytes()).unwrap_err();
        assert!(err.contains("line 9 has `END:VCALENDARD`, but the VCALENDAR that begins on line 1 is still open: write `END:VCALENDAR`"), "{err}");
        let err = read_feed(EVENT.replace("END:VEVENT", "END:VTODO").as_bytes()).unwrap_err();
        assert!(err.contains("line 8 has `END:VTODO`, but the VEVENT that begins on line 3 is still open: write `END:VEVENT`"), "{err}");
        // A date that does not exist is told as such, not as missing.
        let feed = read_feed(EVENT.replace("0210T", "0230T").as_bytes()).unwrap();
        assert_eq!(feed.items[0].start, None);
        assert_eq!(
            feed.items[0].unread_start.as_deref(),
            Some("20270230T190000")
        );
    }

    #[test]
    fn reads_every_calendar_of_a_stream_and_folds_inside_a_character() {
        let two = format!("{EVENT}\r\n{}", EVENT.replace("UID:a", "UID:b"));
        let feed = read_feed(two.as_bytes()).unwrap();
        let uids: Vec<_> = feed.items.iter().map(|i| i.uid.as_deref()).collect();
        assert_eq!(uids, [Some("a"), Some("b")]);
        let after = format!("{EVENT}Sent from my phone\r\n");
        let err = read_feed(after.as_bytes()).unwrap_err();
        assert!(
            err.contains("`Sent from my phone` comes after `END:VCALENDAR`"),
            "{err}"
        );
        // `☕` folded between its first and second byte.
        let cup = "☕".as_bytes();
        let mut folded = EVENT
            .replace("SUMMARY:Rust\r\n night", "SUMMARY:Caf")
            .into_bytes();
        let at = folded.windows(3).position(|w| w == b"Caf").unwrap() + 3;
        let split = [&cup[..1], b"\r\n ", &cup[1..]].concat();
        folded.splice(at..at, split);
        let feed = read_feed(&folded).unwrap();
        assert_eq!(feed.items[0].summary.as_deref(), Some("Caf☕"));
        // Spaces before the first line are not a continuation.
        assert_eq!(
            read_feed(format!("  {EVENT}").as_bytes())
                .unwrap()
                .items
                .len(),
            1
        );
        // Not UTF-8 at all: the line and the byte.
        let latin = EVENT
            .replace("Rust", "Caf\u{e9}")
            .replace('\u{e9}', "\u{1}");
        let mut bytes = latin.into_bytes();
        let one = bytes.iter().position(|&b| b == 1).unwrap();
        bytes[one] = 0xe9;
        let err = read_feed(&bytes).unwrap_err();
        assert!(err.contains("line 6 has a byte (0xE9)"), "{err}");
    }

    #[test]
    fn can_read_times_with_their_zone() {
        assert_eq!(
            parse_moment("20270210T190000", Some("Europe/Paris")),
            Some(Moment::Zoned(
                NaiveDate::from_ymd_opt(2027, 2, 10)
                    .unwrap()
                    .and_hms_opt(19, 0, 0)
                    .unwrap(),
                "Europe/Paris".into()
            ))
        );
        assert!(matches!(
            parse_moment("20270210T180000Z", Some("x")),
            Some(Moment::Utc(_))
        ));
        assert!(matches!(
            parse_moment("20270210", None),
            Some(Moment::Date(_))
        ));
    }
}
