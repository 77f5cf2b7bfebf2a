//! `/events/<slug>/`: everything about one event, its upcoming dates, links
//! to add it to a calendar, and schema.org data for search engines.

use super::event_html;
use super::layout::{self, Page};
use super::views::{link_label, EventView, Link};
use crate::expand::{moments, Moment, Occurrence};
use crate::model::{Event, Online, Status};
use crate::output::OutputFile;
use crate::prepare::Prepared;
use crate::text::locale::Language;
use crate::text::{json, plain};
use crate::urls;
use crate::when;
use chrono::Duration;

/// How many upcoming dates of a series the page lists, before the later
/// dates a file changes or cancels, which it lists all.
const DATES_SHOWN: usize = 12;

pub fn render(p: &Prepared, index: usize) -> Result<OutputFile, String> {
    let scope = p;
    let calendar = scope.calendar;
    let event = &calendar.events[index];
    // The page lists a series' next dates, then the later ones a file
    // changes: a date moved or cancelled months ahead is on the page too.
    let mut to_come = p.index.upcoming_of(&p.index.by_event[index]);
    let upcoming: Vec<&Occurrence> = to_come.by_ref().take(DATES_SHOWN).collect();
    let changed_later: Vec<&Occurrence> = match event.repeat {
        Some(_) => to_come.filter(|o| o.changed_by.is_some()).collect(),
        None => Vec::new(),
    };
    // The occurrence the page is about (`Prepared::featured`).
    let featured = p.featured(index);
    let shown = featured.map_or(event.shown(), |o| o.shown(event));
    let (start, end) = match featured {
        Some(o) => (o.start, o.end),
        None => moments(&event.timing, event.timezone),
    };
    let language = scope.language;
    let (when, until, all_day, duration) = match (&start, &end) {
        (Moment::At(s), Moment::At(e)) => {
            let until = if s.date_naive() == e.date_naive() {
                crate::when::hours_minutes(e)
            } else {
                language.date_time(e.naive_local())
            };
            // The time it really lasts: on the night the clocks change,
            // not the difference of the two clock times.
            let minutes = (*e - *s).num_minutes();
            (
                language.date_time(s.naive_local()),
                until,
                false,
                language.duration(minutes),
            )
        }
        (Moment::Day(first), Moment::Day(after)) => {
            let last = *after - Duration::days(1);
            let until = if last == *first {
                String::new()
            } else {
                language.date(last)
            };
            let days = (*after - *first).num_days();
            (
                language.date(*first),
                until,
                true,
                language.duration(days * 1440),
            )
        }
        _ => unreachable!("start and end are both timed or both all-day"),
    };
    let other_zone = event.timezone != scope.zone;
    let site_time = match (&start, other_zone) {
        (Moment::At(s), true) => Some(format!(
            "{} ({})",
            language.date_time(s.with_timezone(&scope.zone).naive_local()),
            scope.zone.name()
        )),
        _ => None,
    };
    let title = shown.title.to_string();
    // A series is cancelled only as a whole: one cancelled date, even the
    // next, is that date's status alone.
    let status = match event.repeat {
        Some(_) => event.status,
        None => shown.status,
    };
    let venue = shown.venue.map(|place| calendar.venue(place));
    let online = shown.online.and_then(Online::link).map(str::to_string);
    let description = p.description(index, featured.and_then(|o| o.changed_by));
    let page_url = scope.urls.absolute(&crate::urls::event_path(&event.slug));
    let ics_path = urls::event_ics_path(&event.slug);
    // While the theme keeps the event page's templates, the page is written
    // in Rust from views made for that writer.
    let written = event_html::is_builtin(p.theme);
    let listed = |dates: &[&Occurrence]| -> Vec<_> {
        (dates.iter())
            .map(|o| match written {
                true => scope.listed_date(o),
                false => scope.occurrence(o),
            })
            .collect()
    };
    let view = EventView {
        title: title.clone(),
        status,
        date_status: shown.status,
        over: upcoming.is_empty(),
        when,
        datetime: moment_attr(&start),
        end_datetime: end_attr(&end),
        until,
        site_time,
        timezone: other_zone.then(|| event.timezone.name().to_string()),
        zone: event.timezone.name().to_string(),
        utc_offset: match start {
            Moment::At(s) => Some(utc_offset(chrono::Offset::fix(s.offset()))),
            Moment::Day(_) => None,
        },
        end_utc_offset: match (&start, &end) {
            (Moment::At(s), Moment::At(e)) => changed_offset(s, e),
            _ => None,
        },
        duration,
        all_day,
        venue: venue.map(|v| scope.venue(v)),
        online: online.clone(),
        online_later: shown.online == Some(&Online::LinkToCome),
        links: shown
            .links
            .iter()
            .map(|(kind, url)| Link {
                label: link_label(scope.words(), kind).to_string(),
                url: url.clone(),
            })
            .collect(),
        website: shown.url.map(str::to_string),
        group: event.group.map(|g| scope.group_link(g)),
        tags: shown.tags.iter().map(|t| scope.tag_link(t)).collect(),
        description: &description.html,
        recurring: event.repeat.is_some(),
        repeats: event
            .repeat
            .as_ref()
            .map(|rule| super::repeats::describe(language, rule)),
        dates: match event.repeat {
            Some(_) => listed(&upcoming),
            None => Vec::new(),
        },
        later_dates: listed(&changed_later),
        ics_url: scope.urls.local(&ics_path),
        // A series is subscribed to, whole: a prefilled event would be
        // its next date alone, without its changes and cancellations.
        google_url: if event.repeat.is_some() {
            urls::google_subscribe_link(&urls::webcal_of(&p.urls.absolute(&ics_path)))
        } else {
            google_link(
                &title,
                &start,
                &end,
                event,
                &google_details(language, &description.text, venue.and(online.as_deref())),
                venue.map(location).or_else(|| online.clone()),
            )
        },
        edit_url: calendar
            .site
            .edit_url
            .as_deref()
            .and_then(|base| edit_link(base, &event.source)),
        json_ld: json_ld(p, index, upcoming.as_slice(), featured, &page_url),
    };
    let mut feeds = vec![layout::feed(p, title.clone(), &ics_path)];
    if let Some(g) = event.group {
        let group = &calendar.groups[g];
        feeds.push(layout::feed(
            p,
            group.name.clone(),
            &urls::calendar_ics_in(&urls::group_path(&group.slug)),
        ));
    }
    let page = Page {
        template: event_html::TEMPLATE,
        path: crate::urls::event_path(&event.slug),
        title: [title.as_str(), " · ", &calendar.site.title].concat(),
        description: Some(plain::shorten(&description.text, 160)).filter(|s| !s.is_empty()),
        feeds,
        // An event all of whose dates are past is not upcoming.
        section: if upcoming.is_empty() { "past" } else { "home" },
    };
    if written {
        return Ok(event_html::write(p, &view, page));
    }
    let mut context = tera::Context::new();
    context.insert("event", &view);
    layout::render(p, page, context)
}

/// The end's UTC offset when the clocks changed since the start: one
/// offset for both would put the end an hour off.
fn changed_offset(
    start: &chrono::DateTime<chrono::FixedOffset>,
    end: &chrono::DateTime<chrono::FixedOffset>,
) -> Option<String> {
    (start.offset() != end.offset()).then(|| utc_offset(*end.offset()))
}

/// "UTC+01:00", "UTC−04:00", "UTC".
fn utc_offset(offset: chrono::FixedOffset) -> String {
    let seconds = offset.local_minus_utc();
    if seconds == 0 {
        return "UTC".into();
    }
    let sign = if seconds < 0 { "UTC−" } else { "UTC+" };
    let minutes = seconds.unsigned_abs() / 60;
    // Zones are less than a day from UTC: the offset is a time of day.
    let offset = chrono::NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0)
        .expect("an offset under a day");
    [sign, when::hours_minutes_bytes(&offset).as_str()].concat()
}

fn moment_attr(moment: &Moment) -> String {
    match moment {
        Moment::At(t) => crate::when::rfc3339(t),
        Moment::Day(d) => d.to_string(),
    }
}

/// An end for HTML `<time>` and schema.org: an all-day event ends on its
/// last day itself. Only iCalendar's DTEND is the day after.
fn end_attr(end: &Moment) -> String {
    match end {
        Moment::Day(after) => (*after - Duration::days(1)).to_string(),
        timed => moment_attr(timed),
    }
}

fn location(venue: &crate::model::Venue) -> String {
    plain::place_line(&venue.name, venue.address.as_deref())
}

/// The address that edits `source` (`content/events/a b.md`): `base`
/// followed by the file's path, each name percent-encoded, so a folder
/// named with a space, `#` or `?` still leads to the file.
fn edit_link(base: &str, source: &std::path::Path) -> Option<String> {
    let mut url = url::Url::parse(base).ok()?;
    {
        let mut segments = url.path_segments_mut().ok()?;
        segments.pop_if_empty();
        for part in source.components() {
            segments.push(&part.as_os_str().to_string_lossy());
        }
    }
    Some(url.into())
}

/// The details of a Google Calendar event: the description, shortened,
/// then the link to join a hybrid event, which shortening must not cut
/// (an online-only event's link is its location, as in the feeds).
fn google_details(language: Language, text: &str, join: Option<&str>) -> String {
    let mut details = plain::shorten(text, 500);
    if let Some(url) = join {
        if !details.is_empty() {
            details.push_str("\n\n");
        }
        details.push_str(language.words().online);
        details.push_str(language.label_end());
        details.push_str(url);
    }
    details
}

/// Google Calendar's "create event" link, prefilled.
fn google_link(
    title: &str,
    start: &Moment,
    end: &Moment,
    event: &Event,
    details: &str,
    location: Option<String>,
) -> String {
    let dates = match (start, end) {
        (Moment::At(s), Moment::At(e)) => [
            when::basic_date_time(&s.naive_utc()).as_str(),
            "Z/",
            &when::basic_date_time(&e.naive_utc()),
            "Z",
        ]
        .concat(),
        (Moment::Day(s), Moment::Day(e)) => {
            [when::basic_date(s).as_str(), "/", &when::basic_date(e)].concat()
        }
        _ => String::new(),
    };
    let mut link = String::with_capacity(120 + title.len() + details.len() * 3 / 2);
    link.push_str("https://calendar.google.com/calendar/render?action=TEMPLATE");
    for (key, value) in [
        ("text", title),
        ("dates", &dates),
        ("ctz", event.timezone.name()),
        ("details", details),
    ]
    .into_iter()
    .chain(location.as_deref().map(|l| ("location", l)))
    {
        link.push('&');
        link.push_str(key);
        link.push('=');
        urls::push_form_encoded(&mut link, value);
    }
    link
}

/// schema.org `Event`s (the next dates of a series, or the one event),
/// serialized so that no text can close the `<script>` element.
///
/// The dates of a series differ only in their times and status, and in
/// what an override changes: the rest of each item is serialized once per
/// override (or once for the series) and the dates spliced in, keys in
/// the order serde would write them.
fn json_ld(
    p: &Prepared,
    index: usize,
    upcoming: &[&Occurrence],
    featured: Option<&Occurrence>,
    page_url: &str,
) -> String {
    let calendar = p.calendar;
    let event = &calendar.events[index];
    let listed: Vec<&Occurrence> = if event.repeat.is_some() && !upcoming.is_empty() {
        upcoming.to_vec()
    } else {
        featured.into_iter().collect()
    };
    let organizer = event.group.map(|g| {
        let group = &calendar.groups[g];
        Organization {
            name: &group.name,
            url: group
                .url
                .clone()
                .unwrap_or_else(|| p.urls.absolute(&urls::group_path(&group.slug))),
        }
    });
    // Every date's item carries the event's own description.
    let description = plain::shorten(&p.description(index, None).text, 300);
    let mut head = Vec::with_capacity(description.len() + 96);
    head.extend_from_slice(br#"{"@context":"https://schema.org","@type":"Event","description":"#);
    json::push_script_safe_string(&description, &mut head);
    head.extend_from_slice(br#","endDate":""#);
    let head = String::from_utf8(head).expect("escaped UTF-8 is UTF-8");
    let mut tail = Vec::with_capacity(page_url.len() + 16);
    tail.extend_from_slice(br#"","url":"#);
    json::push_script_safe_string(page_url, &mut tail);
    tail.push(b'}');
    let tail = String::from_utf8(tail).expect("escaped UTF-8 is UTF-8");
    let mut shared: Vec<(Option<usize>, SharedParts)> = Vec::new();
    let mut json = String::new();
    if listed.len() != 1 {
        json.push('[');
    }
    for (i, o) in listed.iter().enumerate() {
        let parts = match shared.iter().position(|(key, _)| *key == o.changed_by) {
            Some(at) => &shared[at].1,
            None => {
                let parts = SharedParts::new(calendar, o.shown(event), organizer.as_ref());
                shared.push((o.changed_by, parts));
                &shared[shared.len() - 1].1
            }
        };
        let status = match o.status {
            Status::Cancelled => "EventCancelled",
            _ => "EventScheduled",
        };
        if i > 0 {
            json.push(',');
        }
        // The dates and the status are ASCII digits, letters and `-:+`:
        // nothing to escape.
        for piece in [
            head.as_str(),
            &end_attr(&o.end),
            &parts.mode,
            status,
            &parts.rest,
            &moment_attr(&o.start),
            &tail,
        ] {
            json.push_str(piece);
        }
    }
    if listed.len() != 1 {
        json.push(']');
    }
    json
}

/// An item's JSON from its attendance mode to the start of `startDate`,
/// in two parts around `eventStatus`, already script-safe.
struct SharedParts {
    mode: String,
    rest: String,
}

impl SharedParts {
    fn new(
        calendar: &crate::model::Calendar,
        shown: crate::model::Shown<'_>,
        organizer: Option<&Organization<'_>>,
    ) -> SharedParts {
        let venue = shown.venue.map(|p| calendar.venue(p));
        let mode = match (venue.is_some(), shown.online.is_some()) {
            (true, true) => "MixedEventAttendanceMode",
            (false, true) => "OnlineEventAttendanceMode",
            _ => "OfflineEventAttendanceMode",
        };
        // The keys from `location` to `organizer`, in the alphabetical
        // order the pages have always had: a place and an online location
        // are a list of two, and no location (or a link still to come) an
        // empty one.
        let online = shown.online.and_then(Online::link);
        let mut rest = Vec::with_capacity(256 + shown.title.len());
        let one_location = venue.is_some() != online.is_some();
        rest.extend_from_slice(br#"","location":"#);
        if !one_location {
            rest.push(b'[');
        }
        if let Some(v) = venue {
            rest.extend_from_slice(br#"{"@type":"Place""#);
            if let Some(address) = v.address.as_deref() {
                rest.extend_from_slice(br#","address":{"@type":"PostalAddress","streetAddress":"#);
                json::push_script_safe_string(address, &mut rest);
                rest.push(b'}');
            }
            if let (Some(latitude), Some(longitude)) = (v.lat, v.lon) {
                rest.extend_from_slice(br#","geo":{"@type":"GeoCoordinates","latitude":"#);
                push_number(latitude, &mut rest);
                rest.extend_from_slice(br#","longitude":"#);
                push_number(longitude, &mut rest);
                rest.push(b'}');
            }
            rest.extend_from_slice(br#","name":"#);
            json::push_script_safe_string(&v.name, &mut rest);
            rest.push(b'}');
        }
        if let Some(url) = online {
            if venue.is_some() {
                rest.push(b',');
            }
            rest.extend_from_slice(br#"{"@type":"VirtualLocation","url":"#);
            json::push_script_safe_string(url, &mut rest);
            rest.push(b'}');
        }
        if !one_location {
            rest.push(b']');
        }
        rest.extend_from_slice(br#","name":"#);
        json::push_script_safe_string(shown.title, &mut rest);
        if let Some((_, url)) = shown.links.iter().find(|(kind, _)| *kind == "tickets") {
            rest.extend_from_slice(br#","offers":{"@type":"Offer","url":"#);
            json::push_script_safe_string(url, &mut rest);
            rest.push(b'}');
        }
        if let Some(organizer) = organizer {
            rest.extend_from_slice(br#","organizer":{"@type":"Organization","name":"#);
            json::push_script_safe_string(organizer.name, &mut rest);
            rest.extend_from_slice(br#","url":"#);
            json::push_script_safe_string(&organizer.url, &mut rest);
            rest.push(b'}');
        }
        rest.extend_from_slice(br#","startDate":""#);
        SharedParts {
            mode: [
                r#"","eventAttendanceMode":"https://schema.org/"#,
                mode,
                r#"","eventStatus":"https://schema.org/"#,
            ]
            .concat(),
            rest: String::from_utf8(rest).expect("escaped UTF-8 is UTF-8"),
        }
    }
}

/// A coordinate as JSON writes it (the shortest digits that read back
/// as the same number).
fn push_number(value: f64, out: &mut Vec<u8>) {
    serde_json::to_writer(out, &value).expect("a number serializes");
}

/// The group organizing an event, in its JSON-LD.
struct Organization<'a> {
    name: &'a str,
    url: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_offsets_are_written_as_hours_and_minutes_with_a_true_minus() {
        let offset = |seconds: i32| utc_offset(chrono::FixedOffset::east_opt(seconds).unwrap());
        assert_eq!(offset(0), "UTC");
        assert_eq!(offset(3600), "UTC+01:00");
        assert_eq!(offset(-4 * 3600), "UTC−04:00");
        assert_eq!(offset(5 * 3600 + 1800), "UTC+05:30");
        assert_eq!(offset(-(9 * 3600 + 1800)), "UTC−09:30");
        assert_eq!(offset(14 * 3600), "UTC+14:00");
        assert_eq!(offset(5 * 3600 + 45 * 60), "UTC+05:45");
    }

    #[test]
    fn edit_links_encode_each_name_of_the_path() {
        let base = "https://github.com/org/cal/edit/main/";
        let link = |path: &str| edit_link(base, std::path::Path::new(path)).unwrap();
        assert_eq!(
            link("content/events/a.md"),
            "https://github.com/org/cal/edit/main/content/events/a.md"
        );
        assert_eq!(
            link("content/events/Nos soirées #1 ?/a%.md"),
            "https://github.com/org/cal/edit/main/content/events/Nos%20soir%C3%A9es%20%231%20%3F/a%25.md"
        );
    }
}
