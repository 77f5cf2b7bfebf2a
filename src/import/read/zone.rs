//! A feed's VTIMEZONE definitions, read as written: each observance's
//! start, offsets, rule and dates. `zones.rs` turns them into instants.

use super::{parse_moment, Moment};
use chrono::NaiveDateTime;
use icalendar::parser::{Component, Property};

/// The most dates (RDATE) one time zone observance may list, and the most
/// observances one zone may have: real zones have a few dozen transitions
/// in all.
pub const MAX_ZONE_DATES: usize = 500;

/// One observance of a VTIMEZONE (a STANDARD or DAYLIGHT part).
#[derive(Debug, Clone)]
pub struct Observance {
    pub start: NaiveDateTime,
    /// Offsets from UTC in seconds.
    pub from: i32,
    pub to: i32,
    pub rrule: Option<String>,
    pub rdates: Vec<NaiveDateTime>,
}

/// A VTIMEZONE as the feed defines it.
#[derive(Debug, Clone)]
pub struct ZoneDefinition {
    pub tzid: String,
    pub observances: Vec<Observance>,
}

fn offset(text: &str) -> Option<i32> {
    let text = text.trim();
    let (sign, digits) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => (1, text),
    };
    if !(digits.len() == 4 || digits.len() == 6) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[0..2].parse().ok()?;
    let minutes: i32 = digits[2..4].parse().ok()?;
    let seconds: i32 = digits.get(4..6).map_or(Some(0), |s| s.parse().ok())?;
    Some(sign * (hours * 3600 + minutes * 60 + seconds))
}

pub(super) fn read_zone(component: &Component) -> Option<ZoneDefinition> {
    let tzid = component.find_prop("TZID")?.val.as_str().trim().to_string();
    let mut observances = Vec::new();
    for part in &component.components {
        if !matches!(part.name.as_str(), "STANDARD" | "DAYLIGHT") {
            continue;
        }
        let wall = |p: &Property| match parse_moment(p.val.as_str().trim(), None) {
            Some(Moment::Floating(t) | Moment::Utc(t)) => Some(t),
            Some(Moment::Date(d)) => d.and_hms_opt(0, 0, 0),
            _ => None,
        };
        let (Some(start), Some(from), Some(to)) = (
            part.find_prop("DTSTART").and_then(wall),
            part.find_prop("TZOFFSETFROM")
                .and_then(|p| offset(p.val.as_str())),
            part.find_prop("TZOFFSETTO")
                .and_then(|p| offset(p.val.as_str())),
        ) else {
            continue;
        };
        let rdates = part
            .properties
            .iter()
            .filter(|p| p.name == "RDATE")
            .flat_map(|p| {
                p.val
                    .as_str()
                    .split(',')
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .filter_map(|t| match parse_moment(t.trim(), None) {
                Some(Moment::Floating(t) | Moment::Utc(t)) => Some(t),
                _ => None,
            })
            .take(MAX_ZONE_DATES)
            .collect();
        if observances.len() == MAX_ZONE_DATES {
            break;
        }
        observances.push(Observance {
            start,
            from,
            to,
            rrule: part
                .find_prop("RRULE")
                .map(|p| p.val.as_str().to_string())
                .filter(|rule| rule.is_ascii()),
            rdates,
        });
    }
    Some(ZoneDefinition { tzid, observances })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_read_with_their_sign_and_seconds() {
        assert_eq!(offset("-0430"), Some(-(4 * 3600 + 30 * 60)));
        assert_eq!(offset("+013015"), Some(3600 + 30 * 60 + 15));
        assert_eq!(offset("0100"), Some(3600));
        assert_eq!(offset("+1"), None);
        assert_eq!(offset("+01:00"), None);
    }
}
