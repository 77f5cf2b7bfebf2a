//! `/events.json`: every event with its fields resolved, for other programs.
//! The format is versioned and described by docs/schema/events.schema.json.

use super::markdown;
use super::views::Scope;
use crate::expand::{moments, Moment, Occurrence};
use crate::index::Index;
use crate::model::{Event, Place};
use crate::output::OutputFile;
use serde_json::{json, Value};

/// Bumped when a field changes meaning or disappears; adding fields keeps it.
pub const VERSION: u32 = 1;

fn moment(m: &Moment) -> Value {
    match m {
        Moment::At(t) => json!(t.to_rfc3339()),
        Moment::Day(d) => json!(d.to_string()),
    }
}

fn venue(scope: &Scope, place: &Place) -> Value {
    let v = scope.calendar.venue(place);
    json!({
        "slug": v.slug,
        "name": v.name,
        "address": v.address,
        "lat": v.lat,
        "lon": v.lon,
        "url": v.url,
        "notes": v.notes,
        "page": v.slug.as_deref().map(|s| scope.urls.absolute(&format!("venues/{s}/"))),
    })
}

fn occurrence(scope: &Scope, event: &Event, o: &Occurrence) -> Value {
    json!({
        "date": o.series_date.map(|d| d.to_string()),
        "title": o.title(event),
        "start": moment(&o.start),
        "end": moment(&o.end),
        "status": o.status,
        "changed": o.changed_by.is_some(),
        "venue": o.venue(event).map(|p| venue(scope, p)),
        "online": o.online(event),
    })
}

pub fn events_json(scope: &Scope, index: &Index, host: &str) -> OutputFile {
    let calendar = scope.calendar;
    let site = &calendar.site;
    let events: Vec<Value> = calendar
        .events
        .iter()
        .enumerate()
        .map(|(i, event)| {
            let (start, end) = moments(&event.timing, event.timezone);
            let (upcoming, _) = index.split(&index.by_event[i]);
            let group = event.group.map(|g| {
                let group = &calendar.groups[g];
                json!({
                    "slug": group.slug,
                    "name": group.name,
                    "url": group.url,
                    "page": scope.urls.absolute(&format!("groups/{}/", group.slug)),
                })
            });
            json!({
                "slug": event.slug,
                "uid": calendar.uid(event, host),
                "title": event.title,
                "start": moment(&start),
                "end": moment(&end),
                "all_day": matches!(start, Moment::Day(_)),
                "timezone": event.timezone.name(),
                "status": event.status,
                "group": group,
                "venue": event.venue.as_ref().map(|p| venue(scope, p)),
                "online": event.online,
                "url": event.url,
                "tags": event.tags,
                "page": scope.urls.absolute(&super::urls::event_path(&event.slug)),
                "ics": scope.urls.absolute(&format!("{}event.ics", super::urls::event_path(&event.slug))),
                "description_html": markdown::to_html(&event.description),
                "recurring": event.repeat.is_some(),
                "repeat": event.repeat.as_ref().map(|rule| scope.language.rule(rule)),
                "occurrences": if event.repeat.is_some() {
                    upcoming.iter().map(|o| occurrence(scope, event, o)).collect::<Vec<_>>()
                } else {
                    Vec::new()
                },
            })
        })
        .collect();
    let value = json!({
        "version": VERSION,
        "now": index.now.to_rfc3339(),
        "site": {
            "title": site.title,
            "url": site.base_url,
            "timezone": site.timezone.name(),
            "language": site.language,
        },
        "events": events,
    });
    let mut text = serde_json::to_string_pretty(&value).expect("JSON serializes");
    text.push('\n');
    OutputFile::new("events.json", text)
}
