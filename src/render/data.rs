//! `/events.json`: every event with its fields resolved, for other programs.
//! The format is versioned and described by docs/schema/events.schema.json.
//! Typed structs borrowing from the calendar serialize it directly, without
//! an intermediate JSON tree.

use crate::expand::{moments, Moment, Occurrence};
use crate::model::{Event, Online, Place, Status};
use crate::output::{Piece, Sink};
use crate::prepare::Prepared;
use crate::text::json;
use crate::urls;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::sync::OnceLock;

/// Bumped when a field changes meaning or disappears; adding fields keeps it.
pub const VERSION: u32 = 2;

/// The document's fields before `events`, which are written one by one.
#[derive(Serialize)]
struct Head<'a> {
    version: u32,
    now: String,
    site: Site<'a>,
}

#[derive(Serialize)]
struct Site<'a> {
    title: &'a str,
    url: &'a str,
    timezone: &'a str,
    language: &'a str,
}

#[derive(Serialize)]
struct VenueData<'a> {
    slug: Option<&'a str>,
    name: &'a str,
    address: Option<&'a str>,
    lat: Option<f64>,
    lon: Option<f64>,
    url: Option<&'a str>,
    notes: Option<&'a str>,
    page: Option<String>,
}

/// A date of a series. What a file changes (`changed`) it states in full;
/// otherwise its title, venue and online link are the event's, left out:
/// a weekly series lists fifty dates, and repeating the venue in each made
/// most of the document.
#[derive(Serialize)]
struct OccurrenceData<'a, 'v> {
    date: Option<String>,
    start: String,
    end: String,
    status: Status,
    changed: bool,
    #[serde(flatten)]
    changes: Option<Changed<'a, 'v>>,
}

/// The fields of a changed date that are otherwise the event's.
#[derive(Serialize)]
struct Changed<'a, 'v> {
    title: &'a str,
    venue: Option<VenueJson<'a, 'v>>,
    /// The address to join; `None` also when it is still to come.
    online: Option<&'a str>,
    is_online: bool,
}

/// An occurrence's venue: the event's own, serialized once for all its
/// dates there, or another.
#[derive(Serialize)]
#[serde(untagged)]
enum VenueJson<'a, 'v> {
    Own(&'v RawValue),
    Other(VenueData<'a>),
}

fn moment(m: &Moment) -> String {
    let mut text = Vec::with_capacity(25);
    push_moment(m, &mut text);
    String::from_utf8(text).expect("ASCII")
}

/// `m` as [`moment`] writes it, at the end of `out`.
fn push_moment(m: &Moment, out: &mut Vec<u8>) {
    match m {
        Moment::At(t) => crate::when::push_rfc3339(t, out),
        Moment::Day(d) => crate::when::push_date(d, out),
    }
}

fn venue<'a>(scope: &Prepared<'a>, place: &'a Place) -> VenueData<'a> {
    let v = scope.calendar.venue(place);
    VenueData {
        slug: v.slug.as_deref(),
        name: &v.name,
        address: v.address.as_deref(),
        lat: v.lat,
        lon: v.lon,
        url: v.url.as_deref(),
        notes: v.notes.as_deref(),
        page: v
            .slug
            .as_deref()
            .map(|s| scope.urls.absolute(&urls::venue_path(s))),
    }
}

/// An occurrence, sharing the event's venue (`own`) when it is there.
fn occurrence<'a, 'v>(
    scope: &Prepared<'a>,
    event: &'a Event,
    own: Option<&'v RawValue>,
    o: &Occurrence,
) -> OccurrenceData<'a, 'v> {
    let at_own = |place: &Place| event.venue.as_ref().is_some_and(|p| std::ptr::eq(p, place));
    let changes = o.changed_by.is_some().then(|| {
        let shown = o.shown(event);
        Changed {
            title: shown.title,
            venue: shown.venue.map(|p| match own {
                Some(own) if at_own(p) => VenueJson::Own(own),
                _ => VenueJson::Other(venue(scope, p)),
            }),
            online: shown.online.and_then(Online::link),
            is_online: shown.online.is_some(),
        }
    });
    OccurrenceData {
        date: o.series_date.map(|d| d.to_string()),
        start: moment(&o.start),
        end: moment(&o.end),
        status: o.status,
        changed: changes.is_some(),
        changes,
    }
}

/// The venue of event `i` as written in its file, serialized once and
/// shared by its occurrences there (a weekly series has dozens); a venue
/// of the calendar's is serialized once for all its events.
fn own_venue<'v>(scope: &Prepared, venues: &'v Venues, i: usize) -> Option<Cow<'v, RawValue>> {
    let serialize =
        |p: &Place| serde_json::value::to_raw_value(&venue(scope, p)).expect("JSON serializes");
    let place = scope.calendar.events[i].venue.as_ref()?;
    Some(match place {
        Place::Shared(v) => Cow::Borrowed(venues.0[*v].get_or_init(|| serialize(place))),
        Place::Inline(_) => Cow::Owned(serialize(place)),
    })
}

/// The calendar's venues as `events.json` writes them, each serialized
/// when first needed.
struct Venues(Vec<OnceLock<Box<RawValue>>>);

impl Venues {
    fn new(scope: &Prepared) -> Venues {
        Venues(
            scope
                .calendar
                .venues
                .iter()
                .map(|_| OnceLock::new())
                .collect(),
        )
    }
}

/// Event `i`, serialized at the end of `out`. Written a field at a time:
/// the document is tens of megabytes, and its strings (the description's
/// HTML most of all) are written by [`json::push_string`], faster than
/// serde's byte at a time. The fields are those of
/// docs/schema/events.schema.json, in this order.
fn write_event(scope: &Prepared, venues: &Venues, i: usize, out: &mut Vec<u8>) {
    let calendar = scope.calendar;
    let event = &calendar.events[i];
    let base = scope.urls.base();
    let own = own_venue(scope, venues, i);
    let (start, end) = moments(&event.timing, event.timezone);
    let optional = |text: Option<&str>, out: &mut Vec<u8>| match text {
        Some(text) => json::push_string(text, out),
        None => out.extend_from_slice(b"null"),
    };
    let boolean = |yes: bool| if yes { &b"true"[..] } else { b"false" };

    out.extend_from_slice(b"{\"slug\":");
    json::push_string(&event.slug, out);
    out.extend_from_slice(b",\"uid\":");
    match &event.uid {
        Some(uid) => json::push_string(uid, out),
        None => json::push_joined(&[&event.slug, "@", &scope.host], out),
    }
    out.extend_from_slice(b",\"title\":");
    json::push_string(&event.title, out);
    for (name, m) in [(&b",\"start\":\""[..], &start), (b",\"end\":\"", &end)] {
        out.extend_from_slice(name);
        push_moment(m, out);
        out.push(b'"');
    }
    out.extend_from_slice(b",\"all_day\":");
    out.extend_from_slice(boolean(matches!(start, Moment::Day(_))));
    out.extend_from_slice(b",\"timezone\":");
    json::push_string(event.timezone.name(), out);
    out.extend_from_slice(b",\"status\":\"");
    out.extend_from_slice(event.status.name().as_bytes());
    out.extend_from_slice(b"\",\"group\":");
    match event.group.map(|g| &calendar.groups[g]) {
        Some(group) => {
            out.extend_from_slice(b"{\"slug\":");
            json::push_string(&group.slug, out);
            out.extend_from_slice(b",\"name\":");
            json::push_string(&group.name, out);
            out.extend_from_slice(b",\"url\":");
            optional(group.url.as_deref(), out);
            out.extend_from_slice(b",\"page\":");
            json::push_joined(&[base, &urls::group_path(&group.slug)], out);
            out.push(b'}');
        }
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"venue\":");
    match &own {
        Some(venue) => out.extend_from_slice(venue.get().as_bytes()),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"online\":");
    optional(event.online.as_ref().and_then(Online::link), out);
    out.extend_from_slice(b",\"is_online\":");
    out.extend_from_slice(boolean(event.online.is_some()));
    // Typed links (tickets, cfp, ...) by kind, in the order of their names.
    let links: std::collections::BTreeMap<&str, &str> = event
        .links
        .iter()
        .map(|(kind, url)| (*kind, url.as_str()))
        .collect();
    out.extend_from_slice(b",\"links\":{");
    for (n, (kind, url)) in links.into_iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        json::push_string(kind, out);
        out.push(b':');
        json::push_string(url, out);
    }
    out.extend_from_slice(b"},\"url\":");
    optional(event.url.as_deref(), out);
    out.extend_from_slice(b",\"tags\":[");
    for (n, tag) in event.tags.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        json::push_string(tag, out);
    }
    let path = urls::event_path(&event.slug);
    out.extend_from_slice(b"],\"page\":");
    json::push_joined(&[base, &path], out);
    out.extend_from_slice(b",\"ics\":");
    json::push_joined(&[base, &urls::event_ics_path(&event.slug)], out);
    out.extend_from_slice(b",\"description_html\":");
    let html = scope.description(i, None).html_away_from(&[base, &path]);
    json::push_string(&html, out);
    out.extend_from_slice(b",\"recurring\":");
    out.extend_from_slice(boolean(event.repeat.is_some()));
    out.extend_from_slice(b",\"repeat\":");
    let repeat = (event.repeat.as_ref()).map(|rule| super::repeats::describe(scope.language, rule));
    optional(repeat.as_deref(), out);
    // Last, the series' dates.
    out.extend_from_slice(b",\"occurrences\":[");
    if event.repeat.is_some() {
        let upcoming = scope.index.upcoming_of(&scope.index.by_event[i]);
        for (n, o) in upcoming.enumerate() {
            if n > 0 {
                out.push(b',');
            }
            write_occurrence(scope, event, own.as_deref(), o, out);
        }
    }
    out.extend_from_slice(b"]}");
}

/// A date of a series, as [`OccurrenceData`] serializes it. Most dates
/// change nothing and are written here field by field: their values are
/// digits and names that need no escaping, and going through serde was
/// most of the cost of a calendar of weekly series' document.
fn write_occurrence(
    scope: &Prepared,
    event: &Event,
    own: Option<&RawValue>,
    o: &Occurrence,
    out: &mut Vec<u8>,
) {
    if o.changed_by.is_some() {
        let data = occurrence(scope, event, own, o);
        serde_json::to_writer(out, &data).expect("JSON serializes");
        return;
    }
    out.extend_from_slice(b"{\"date\":");
    match &o.series_date {
        Some(date) => {
            out.push(b'"');
            crate::when::push_date(date, out);
            out.push(b'"');
        }
        None => out.extend_from_slice(b"null"),
    }
    for (name, m) in [(&b",\"start\":\""[..], &o.start), (b",\"end\":\"", &o.end)] {
        out.extend_from_slice(name);
        push_moment(m, out);
        out.push(b'"');
    }
    out.extend_from_slice(b",\"status\":\"");
    out.extend_from_slice(o.status.name().as_bytes());
    out.extend_from_slice(b"\",\"changed\":false}");
}

/// Room for event `i`'s entry: its description's HTML with room for its
/// escapes, a series' dates, and the other fields, which seldom take a
/// kilobyte.
fn entry_room(scope: &Prepared, i: usize) -> usize {
    let html = scope.description(i, None).html.len();
    let dates = match scope.calendar.events[i].repeat {
        Some(_) => scope.index.by_event[i].len(),
        None => 0,
    };
    1024 + html + html / 8 + 128 * dates
}

/// How many events are serialized together, in parallel, before they are
/// appended to `events.json`.
const EVENTS_PER_WINDOW: usize = 128;

/// How many events of a window one thread serializes into one piece of the
/// file, one after another: written where they go, without a copy.
const EVENTS_PER_PIECE: usize = 32;

/// `events.json`: the whole calendar as data.
pub fn render(scope: &Prepared, sink: &dyn Sink) -> Result<(), String> {
    let site = &scope.calendar.site;
    let head = Head {
        version: VERSION,
        now: scope.now.to_rfc3339(),
        site: Site {
            title: &site.title,
            url: &site.base_url,
            timezone: site.timezone.name(),
            language: &site.language,
        },
    };
    let mut start = serde_json::to_vec(&head).expect("JSON serializes");
    // `{"version":..,"site":{..}}` continues with the events before its `}`.
    start.pop();
    start.extend_from_slice(b",\"events\":[");
    let count = scope.calendar.events.len();
    let venues = Venues::new(scope);
    if scope.reuse.keeps() {
        // `serve` holds the site in memory: the document is its entries,
        // most of them kept from the last render, never copied into one.
        let entries: Vec<std::sync::Arc<[u8]>> = (0..count)
            .into_par_iter()
            .map(|i| {
                let write = |out: &mut Vec<u8>| write_event(scope, &venues, i, out);
                scope.reuse.json_entry(i, write)
            })
            .collect();
        let mut pieces = std::iter::once(Piece::Owned(start))
            .chain(entries.into_iter().enumerate().flat_map(|(i, entry)| {
                let comma = (i > 0).then_some(Piece::Static(b","));
                comma.into_iter().chain([Piece::Shared(entry)])
            }))
            .chain(std::iter::once(Piece::Static(b"]}\n")));
        return sink.put_in_pieces(urls::EVENTS_JSON.into(), &mut pieces);
    }
    // The events are serialized in parallel, a window of them at a time,
    // and handed to the sink in order: the document is tens of megabytes,
    // and never needs to be whole in memory.
    let windows = (0..count).step_by(EVENTS_PER_WINDOW).flat_map(|window| {
        let end = count.min(window + EVENTS_PER_WINDOW);
        let pieces: Vec<usize> = (window..end).step_by(EVENTS_PER_PIECE).collect();
        let pieces: Vec<Vec<u8>> = pieces
            .into_par_iter()
            .map(|first| {
                let events = first..end.min(first + EVENTS_PER_PIECE);
                // Sized once: grown by doubling, a piece was copied and its
                // memory first touched twice over.
                let room = events.clone().map(|i| entry_room(scope, i)).sum();
                let mut bytes = Vec::with_capacity(room);
                for i in events {
                    if i > 0 {
                        bytes.push(b',');
                    }
                    write_event(scope, &venues, i, &mut bytes);
                }
                bytes
            })
            .collect();
        pieces
    });
    let mut pieces = std::iter::once(start)
        .chain(windows)
        .map(Piece::Owned)
        .chain(std::iter::once(Piece::Static(b"]}\n")));
    sink.put_in_pieces(urls::EVENTS_JSON.into(), &mut pieces)
}
