//! The text of an event file written from a draft: its front matter,
//! in the order and the forms a contributor would write, and its body.

use super::convert::{Draft, Fields, Length, Online, Place};
use crate::model::Status;
use crate::recurrence::{Ending, Frequency, On, Rule};
use crate::when::{weekday_name, When};
use crate::yaml::scalar;
use std::fmt::Write as _;

fn when(value: When) -> String {
    match value {
        When::Timed(t) => t.format("%Y-%m-%d %H:%M").to_string(),
        When::AllDay(d) => d.to_string(),
    }
}

fn duration(minutes: i64) -> String {
    let (days, hours, rest) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    let mut out = String::new();
    for (n, unit) in [(days, 'd'), (hours, 'h'), (rest, 'm')] {
        if n > 0 {
            let _ = write!(out, "{n}{unit}");
        }
    }
    out
}

/// `start`, then `duration` or `end`, as the length says.
fn timing_lines(out: &mut String, start: When, length: &Length) {
    let _ = writeln!(out, "start: {}", when(start));
    length_line(out, start, length);
}

fn length_line(out: &mut String, start: When, length: &Length) {
    match (length, start) {
        (Length::Minutes(m), _) => {
            let _ = writeln!(out, "duration: {}", duration(*m));
        }
        (Length::Days(days), When::AllDay(first)) if *days > 1 => {
            let last = first + chrono::Duration::days(days - 1);
            let _ = writeln!(out, "end: {last}");
        }
        _ => {}
    }
}

fn place_lines(out: &mut String, place: &Place) {
    match place {
        Place::Nowhere => {
            let _ = writeln!(out, "venue: {}", crate::parse::NO_VENUE);
        }
        Place::Slug(slug) => {
            let _ = writeln!(out, "venue: {slug}");
        }
        Place::Inline { name, address, geo } => {
            let _ = writeln!(out, "venue:\n  name: {}", scalar(name));
            if let Some(address) = address {
                let _ = writeln!(out, "  address: {}", scalar(address));
            }
            if let Some((lat, lon)) = geo {
                let _ = writeln!(out, "  lat: {lat}\n  lon: {lon}");
            }
        }
    }
}

fn tags_line(tags: &[String]) -> String {
    // Quoted: `null`, `1e3` or `0x1f` are tags, not YAML's null and numbers.
    let tags: Vec<String> = tags.iter().map(|t| scalar(t)).collect();
    format!("tags: [{}]\n", tags.join(", "))
}

fn repeat_lines(out: &mut String, rule: &Rule) {
    let every = match rule.every {
        Frequency::Day => "day",
        Frequency::Week => "week",
        Frequency::Month => "month",
        Frequency::Year => "year",
    };
    let _ = writeln!(out, "repeat:\n  every: {every}");
    if rule.interval > 1 {
        let _ = writeln!(out, "  interval: {}", rule.interval);
    }
    match &rule.on {
        Some(On::Weekdays(days)) => {
            let names: Vec<&str> = days.iter().map(|d| weekday_name(*d)).collect();
            let _ = writeln!(out, "  on: [{}]", names.join(", "));
        }
        Some(On::NthWeekday(n, day)) => {
            let ordinal =
                ["last", "first", "second", "third", "fourth", "fifth"][(*n).max(0) as usize];
            let _ = writeln!(out, "  on: {ordinal} {}", weekday_name(*day));
        }
        Some(On::MonthDay(day)) => {
            let _ = writeln!(out, "  on: {day}");
        }
        None => {}
    }
    match rule.ending {
        Ending::Never => {}
        Ending::Until(date) => {
            let _ = writeln!(out, "  until: {date}");
        }
        Ending::Count(n) => {
            let _ = writeln!(out, "  count: {n}");
        }
    }
    if !rule.except.is_empty() {
        let dates: Vec<String> = rule.except.iter().map(|d| d.to_string()).collect();
        let _ = writeln!(out, "  except: [{}]", dates.join(", "));
    }
}

fn with_body(front: String, description: &str) -> String {
    let mut text = format!("---\n{front}---\n");
    if !description.is_empty() {
        text.push_str(description);
        text.push('\n');
    }
    text
}

/// An event file: every field the draft has, in the order docs/events.md
/// lists them.
pub fn event_file(draft: &Draft, uid: &str) -> String {
    let f = &draft.fields;
    let mut out = String::new();
    let _ = writeln!(out, "title: {}", scalar(&f.title));
    timing_lines(&mut out, f.start, &f.length);
    if let Some(tz) = f.timezone {
        let _ = writeln!(out, "timezone: {}", tz.name());
    }
    if let Some(group) = &f.group {
        let _ = writeln!(out, "group: {group}");
    }
    if let Some(place) = &f.place {
        place_lines(&mut out, place);
    }
    if let Some(online) = &f.online {
        online_line(&mut out, online);
    }
    if let Some(url) = &f.url {
        let _ = writeln!(out, "url: {}", scalar(url));
    }
    if !f.tags.is_empty() {
        out.push_str(&tags_line(&f.tags));
    }
    if f.status != Status::Confirmed {
        let _ = writeln!(out, "status: {}", f.status.name());
    }
    if let Some(rule) = &draft.repeat {
        repeat_lines(&mut out, rule);
    }
    let _ = writeln!(out, "uid: {}", scalar(uid));
    with_body(out, &f.description)
}

/// A file that changes one occurrence: only what differs from the series
/// on that date; `None` when nothing does.
pub fn occurrence_file(
    draft: &Draft,
    series_slug: &str,
    date: chrono::NaiveDate,
) -> Option<String> {
    let (f, s): (&Fields, &Fields) = (&draft.fields, draft.series.as_ref()?);
    let mut out = String::new();
    if f.title != s.title {
        let _ = writeln!(out, "title: {}", scalar(&f.title));
    }
    if f.start != s.start {
        let _ = writeln!(out, "start: {}", when(f.start));
    }
    if f.length != s.length || f.start != s.start && matches!(f.length, Length::Days(_)) {
        length_line(&mut out, f.start, &f.length);
    }
    if let Some(place) = f.place.as_ref().filter(|p| Some(*p) != s.place.as_ref()) {
        place_lines(&mut out, place);
    }
    if let Some(online) = f.online.as_ref().filter(|o| Some(*o) != s.online.as_ref()) {
        online_line(&mut out, online);
    }
    if let Some(url) = f.url.as_ref().filter(|u| Some(*u) != s.url.as_ref()) {
        let _ = writeln!(out, "url: {}", scalar(url));
    }
    if !f.tags.is_empty() && f.tags != s.tags {
        out.push_str(&tags_line(&f.tags));
    }
    if f.status != s.status {
        let _ = writeln!(out, "status: {}", f.status.name());
    }
    let description = if f.description != s.description && !f.description.is_empty() {
        f.description.as_str()
    } else {
        ""
    };
    if out.is_empty() && description.is_empty() {
        return None;
    }
    let head = format!("occurrence_of: {series_slug}\ndate: {date}\n");
    Some(with_body(head + &out, description))
}

/// The file with `status: cancelled` in its fields, the rest as it was.
pub fn with_status_cancelled(text: &str) -> String {
    let front_end = match text.strip_prefix("---\n") {
        Some(rest) => rest.find("\n---").map(|i| i + 4 + 1),
        None => Some(text.len()),
    };
    let end = front_end.unwrap_or(text.len());
    let (front, rest) = text.split_at(end.min(text.len()));
    let mut lines: Vec<String> = front.lines().map(str::to_string).collect();
    if let Some(line) = lines.iter_mut().find(|l| l.starts_with("status:")) {
        *line = "status: cancelled".into();
    } else {
        lines.push("status: cancelled".into());
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out.push_str(rest.strip_prefix('\n').unwrap_or(rest));
    out
}

fn online_line(out: &mut String, online: &Online) {
    let _ = match online {
        Online::Link(link) => writeln!(out, "online: {}", scalar(link)),
        Online::Later => writeln!(out, "online: true"),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_write_durations_as_meetcal_reads_them() {
        assert_eq!(duration(90), "1h30m");
        assert_eq!(duration(120), "2h");
        assert_eq!(duration(45), "45m");
        assert_eq!(duration(2 * 1440), "2d");
        for m in [1, 59, 61, 1441, 3000] {
            let back = crate::when::parse_duration(&duration(m)).unwrap();
            assert_eq!(back.num_minutes(), m);
        }
    }

    #[test]
    fn cancelling_changes_only_the_status() {
        let md = "---\ntitle: A\nstatus: tentative\nuid: x\n---\nBody\n";
        assert_eq!(
            with_status_cancelled(md),
            "---\ntitle: A\nstatus: cancelled\nuid: x\n---\nBody\n"
        );
        let md = "---\ntitle: A\nuid: x\n---\nBody\n---\nmore\n";
        assert_eq!(
            with_status_cancelled(md),
            "---\ntitle: A\nuid: x\nstatus: cancelled\n---\nBody\n---\nmore\n"
        );
        assert_eq!(
            with_status_cancelled("title: A\nuid: x\n"),
            "title: A\nuid: x\nstatus: cancelled\n"
        );
    }
}
