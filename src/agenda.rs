//! `meetcal list`: the occurrences in a window, as text or JSON.

use crate::expand::{expand, local_midnight, Moment, Occurrence};
use crate::model::{Calendar, Status};
use chrono::NaiveDate;
use serde::Serialize;
use std::fmt::Write as _;

#[derive(Serialize)]
pub struct Listed<'a> {
    pub slug: &'a str,
    /// The date the occurrence has in its series (absent for one-off events).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occurrence: Option<NaiveDate>,
    pub title: &'a str,
    /// RFC 3339 with the zone's offset, or a date for all-day events.
    pub start: String,
    /// Exclusive end; for all-day events the day after the last.
    pub end: String,
    pub all_day: bool,
    pub timezone: &'a str,
    pub status: Status,
}

/// Occurrences starting from `from` 00:00 up to before `to` 00:00, both in
/// the site's zone.
pub fn window(calendar: &Calendar, from: NaiveDate, to: NaiveDate) -> Vec<Listed<'_>> {
    let zone = calendar.site.timezone;
    let (start, end) = (local_midnight(zone, from), local_midnight(zone, to));
    expand(calendar, from - chrono::Duration::days(1), to)
        .into_iter()
        .filter(|o| o.sort_key >= start && o.sort_key < end)
        .map(|o| listed(calendar, &o))
        .collect()
}

fn listed<'a>(calendar: &'a Calendar, o: &Occurrence) -> Listed<'a> {
    let event = &calendar.events[o.event];
    let show = |m: &Moment| match m {
        Moment::At(t) => crate::when::rfc3339(t),
        Moment::Day(d) => d.to_string(),
    };
    Listed {
        slug: &event.slug,
        occurrence: o.series_date,
        title: o.shown(event).title,
        start: show(&o.start),
        end: show(&o.end),
        all_day: matches!(o.start, Moment::Day(_)),
        timezone: event.timezone.name(),
        status: o.status,
    }
}

pub fn to_json(listed: &[Listed]) -> String {
    let mut text = serde_json::to_string_pretty(&serde_json::json!({ "occurrences": listed }))
        .expect("occurrences serialize");
    text.push('\n');
    text
}

pub fn to_text(listed: &[Listed]) -> String {
    let mut text = String::new();
    for l in listed {
        let status = match l.status {
            Status::Confirmed => "",
            Status::Tentative => " (tentative)",
            Status::Cancelled => " (cancelled)",
        };
        let _ = writeln!(text, "{}  {}{}  [{}]", l.start, l.title, status, l.slug);
    }
    text
}
