//! iCalendar feeds (RFC 5545, with RFC 7986 calendar properties): what
//! people subscribe to in their calendar client.
//!
//! | file | events |
//! |---|---|
//! | `calendar.ics` | all |
//! | `groups/<slug>/calendar.ics` | the group's |
//! | `tags/<tag>/calendar.ics` | the occurrences with the tag |
//! | `venues/<slug>/calendar.ics` | the occurrences at the venue |
//! | `events/<slug>/event.ics` | that one, for "Add to calendar" |
//!
//! A series is one VEVENT with its RRULE, so subscribers get every future
//! occurrence. A tag's or a venue's feed holds exactly the occurrences with
//! that tag or at that venue: when one date of a series moves to another
//! venue, or changes its tags, see `vevent::vevents_where`. An event leaves
//! the subscription feeds 90 days after its last occurrence ended, so that
//! recent history stays in people's calendars; its own `event.ics` always
//! stays.
//!
//! No file has a METHOD. RFC 5546 (3.2.1) requires an ORGANIZER in every
//! VEVENT of a METHOD:PUBLISH object, and meetcal has no calendar address
//! to give: a made-up one would make clients treat each meetup as an
//! invitation to answer, and without one the object breaks iTIP (libical's
//! restriction checks, which Cyrus applies, reject it). Without METHOD,
//! RFC 5545 (3.7.2) reads the file as a snapshot of calendar data with no
//! scheduling meaning, which is what a feed and a download are; Outlook
//! imports a file without METHOD as if it were PUBLISH (Microsoft's
//! [MS-STANOICAL], V0078), and Google, Apple and Thunderbird subscribe
//! without it. And a CalDAV server must refuse a stored calendar object
//! with a METHOD (RFC 4791 4.1; Sabre/VObject, behind Nextcloud and Baïkal,
//! does): an `event.ics` that a client saves as it is must have none.

pub mod form;

mod unclear;
mod vevent;
pub mod vtimezone;

use crate::expand::moments;
use crate::model::{Calendar, Event, Place, Shown, Timing};
use crate::output::{OutputFile, Piece};
use crate::prepare::Prepared;
use crate::recurrence::Ending;
use crate::urls;
use chrono::{Datelike, Duration, NaiveDate};
use chrono_tz::Tz;
use ics::components::Property;
use ics::properties::{CalScale, Description, Name, RefreshInterval, Source, URL};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

/// How long past events stay in the subscription feeds.
pub const KEEP_PAST_DAYS: i64 = 90;

/// The last line of every file.
const END_CALENDAR: &str = "END:VCALENDAR\r\n";

/// How often clients are asked to fetch a feed again.
pub const REFRESH: &str = "PT6H";

const PRODID: &str = concat!("-//meetcal//meetcal ", env!("CARGO_PKG_VERSION"), "//EN");

/// Every feed of the site. Depends only on the calendar, the content's
/// history and `now`.
pub fn render(cx: &Prepared, sink: &dyn crate::output::Sink) -> Result<(), String> {
    let (calendar, now) = (cx.calendar, cx.now);
    // Each zone's transitions, found once per build: the VTIMEZONEs and
    // the series' unclear dates read them.
    // Gathered by a hash first: ten thousand events name a handful of zones.
    let zones: HashSet<Tz, rustc_hash::FxBuildHasher> = calendar
        .events
        .iter()
        .filter(|event| uses_zone(event))
        .map(|event| event.timezone)
        .chain([calendar.site.timezone])
        .collect();
    let zones: BTreeMap<&'static str, Tz> = zones.into_iter().map(|tz| (tz.name(), tz)).collect();
    let zones = Zones(crate::timing::stage("ical:zones", || {
        zones
            .into_par_iter()
            .map(|(name, tz)| (name, vtimezone::transitions_kept(tz)))
            .collect()
    }));
    let writer = Writer {
        cx,
        zones: &zones,
        made: Mutex::default(),
    };
    // Most events of a long-lived calendar are past and only in their own
    // `event.ics`: that file is written as soon as their VEVENTs are, and
    // only the events the subscription feeds list keep theirs.
    let built: Vec<Built> = crate::timing::stage("ical:built", || {
        calendar
            .events
            .par_iter()
            .enumerate()
            .map(|(i, event)| {
                let extent = cx.reuse.extent(i, || extent(event));
                let in_feeds = extent
                    .last_end
                    .is_none_or(|end| end + Duration::days(KEEP_PAST_DAYS) >= now);
                let wants_own = cx.wants_event_page(i);
                if !in_feeds && !wants_own {
                    return Ok(Built {
                        text: None,
                        zone: None,
                        extent,
                    });
                }
                let built = Built {
                    text: Some(cx.reuse.ical(i, || vevent::vevents(cx, &zones, i))),
                    zone: uses_zone(event).then_some(event.timezone),
                    extent,
                };
                if wants_own {
                    sink.put(writer.single(event, &built))?;
                }
                Ok(if in_feeds {
                    built
                } else {
                    Built {
                        text: None,
                        ..built
                    }
                })
            })
            .collect::<Result<_, String>>()
    })?;
    let kept: Vec<usize> = (0..built.len())
        .filter(|i| built[*i].text.is_some())
        .collect();
    let mut jobs: Vec<(Feed, Vec<Entry>)> = Vec::new();
    let site = &calendar.site;
    jobs.push((
        Feed {
            path: urls::CALENDAR_ICS.into(),
            name: site.title.clone(),
            description: site
                .description
                .clone()
                .unwrap_or_else(|| site.title.clone()),
            page: site.base_url.clone(),
        },
        kept.iter().map(|&i| Entry::Whole(i)).collect(),
    ));
    let words = cx.language.words();
    // A feed `serve` keeps from its last render is not made, nor are its
    // entries selected: that is a pass over every event per feed.
    let wanted = |page: &str| cx.scope.wants(page);
    for (g, group) in calendar.groups.iter().enumerate() {
        if !wanted(&urls::group_path(&group.slug)) {
            continue;
        }
        let events = select(&kept, calendar, |e| e.group == Some(g));
        let about = crate::text::plain::markdown_to_text(&group.description, &site.base_url);
        jobs.push((
            Feed {
                path: urls::calendar_ics_in(&urls::group_path(&group.slug)),
                name: format!("{} · {}", group.name, site.title),
                description: first_paragraph(&about)
                    .unwrap_or_else(|| words.feed_of_group.replace("{group}", &group.name)),
                page: cx.urls.absolute(&urls::group_path(&group.slug)),
            },
            events,
        ));
    }
    let tags: Vec<&str> = all_tags(calendar)
        .into_iter()
        .filter(|tag| wanted(&urls::tag_path(tag)))
        .collect();
    let venues: Vec<usize> = (0..calendar.venues.len())
        .filter(|&v| {
            let slug = calendar.venues[v].slug.as_deref();
            slug.is_some_and(|slug| wanted(&urls::venue_path(slug)))
        })
        .collect();
    let (with_tag, at_venue) = candidates(calendar, &kept, &tags, &venues);
    for (tag, candidates) in tags.into_iter().zip(with_tag) {
        let events = occurrences_where(cx, &zones, &candidates, &|s: &Shown| {
            s.tags.iter().any(|t| t == tag)
        });
        jobs.push((
            Feed {
                path: urls::calendar_ics_in(&urls::tag_path(tag)),
                name: format!("#{tag} · {}", site.title),
                description: words
                    .feed_of_tag
                    .replace("{site}", &site.title)
                    .replace("{tag}", tag),
                page: cx.urls.absolute(&urls::tag_path(tag)),
            },
            events,
        ));
    }
    for (v, candidates) in venues.into_iter().zip(at_venue) {
        let venue = &calendar.venues[v];
        let slug = venue.slug.as_deref().unwrap_or_default();
        let here = Place::Shared(v);
        let events =
            occurrences_where(cx, &zones, &candidates, &|s: &Shown| s.venue == Some(&here));
        jobs.push((
            Feed {
                path: urls::calendar_ics_in(&urls::venue_path(slug)),
                name: format!("{} · {}", venue.name, site.title),
                description: words
                    .feed_of_venue
                    .replace("{site}", &site.title)
                    .replace("{venue}", &venue.name),
                page: cx.urls.absolute(&urls::venue_path(slug)),
            },
            events,
        ));
    }
    jobs.into_par_iter().try_for_each(|(feed, events)| {
        let (path, pieces) = writer.feed(feed, events, &built);
        sink.put_in_pieces(path, &mut pieces.into_iter())
    })
}

/// An event in a feed: all of it, or only some of its occurrences, with the
/// VEVENTs written for them (folded, as [`written`] makes them).
enum Entry {
    Whole(usize),
    Part(usize, String),
}

impl Entry {
    fn event(&self) -> usize {
        match self {
            Entry::Whole(i) | Entry::Part(i, _) => *i,
        }
    }
}

/// Of the `kept` events, those that may have dates with each of `tags`,
/// and at each of `venues`: an event's own, or one an override gives. One
/// pass over the events for every feed, in the events' order.
fn candidates(
    calendar: &Calendar,
    kept: &[usize],
    tags: &[&str],
    venues: &[usize],
) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
    let mut with_tag = vec![Vec::new(); tags.len()];
    let mut at_venue = vec![Vec::new(); venues.len()];
    if tags.is_empty() && venues.is_empty() {
        return (with_tag, at_venue);
    }
    let tag_feed: HashMap<&str, usize, rustc_hash::FxBuildHasher> =
        tags.iter().enumerate().map(|(i, t)| (*t, i)).collect();
    let mut venue_feed = vec![None; calendar.venues.len()];
    for (i, &v) in venues.iter().enumerate() {
        venue_feed[v] = Some(i);
    }
    let add = |list: &mut Vec<usize>, event: usize| {
        if list.last() != Some(&event) {
            list.push(event);
        }
    };
    for &i in kept {
        let event = &calendar.events[i];
        for tag in event.tags_anywhere() {
            if let Some(&feed) = tag_feed.get(tag.as_str()) {
                add(&mut with_tag[feed], i);
            }
        }
        for place in event.venues_anywhere() {
            if let Place::Shared(v) = place {
                if let Some(feed) = venue_feed[*v] {
                    add(&mut at_venue[feed], i);
                }
            }
        }
    }
    (with_tag, at_venue)
}

/// The `kept` events that `keep` accepts, whole.
fn select(kept: &[usize], calendar: &Calendar, keep: impl Fn(&Event) -> bool) -> Vec<Entry> {
    kept.iter()
        .copied()
        .filter(|i| keep(&calendar.events[*i]))
        .map(Entry::Whole)
        .collect()
}

/// The occurrences of the `kept` events that `keep` accepts: each event
/// whole when all its occurrences are accepted, and in part when only some
/// are.
fn occurrences_where(
    cx: &Prepared,
    zones: &Zones,
    kept: &[usize],
    keep: &(dyn Fn(&Shown) -> bool + Sync),
) -> Vec<Entry> {
    kept.par_iter()
        .filter_map(|&i| {
            if vevent::is_split(cx, i, keep) {
                let vevents = vevent::vevents_where(cx, zones, i, keep);
                (!vevents.is_empty()).then_some(Entry::Part(i, vevents))
            } else {
                keep(&cx.calendar.events[i].shown()).then_some(Entry::Whole(i))
            }
        })
        .collect()
}

/// Every tag of every event and override, past ones included, so that a
/// tag's feed URL keeps working after its last event has gone; sorted.
/// Gathered by a hash first: ten thousand events name a few dozen tags.
fn all_tags(calendar: &Calendar) -> Vec<&str> {
    let mut tags: HashSet<&str, rustc_hash::FxBuildHasher> = HashSet::default();
    for event in &calendar.events {
        tags.extend(event.tags_anywhere().map(String::as_str));
    }
    let mut tags: Vec<&str> = tags.into_iter().collect();
    tags.sort_unstable();
    tags
}

fn first_paragraph(text: &str) -> Option<String> {
    let first = text.split("\n\n").next()?.trim();
    (!first.is_empty()).then(|| first.replace('\n', " "))
}

/// An event's VEVENTs, written once and shared by every feed that lists it.
struct Built {
    /// Written and folded: a feed copies these bytes. `None` for an event
    /// no subscription feed lists.
    text: Option<Arc<str>>,
    /// The zone its TZIDs name, if it has timed parts.
    zone: Option<Tz>,
    extent: Extent,
}

/// Kept with an event's pieces, so defined beside them.
pub use crate::plan::reuse::Extent;

/// Whether any DTSTART, DTEND, EXDATE or RECURRENCE-ID of the event names
/// its zone.
fn uses_zone(event: &Event) -> bool {
    let timed = |t: &Timing| matches!(t, Timing::Timed { .. });
    timed(&event.timing)
        || event
            .overrides
            .iter()
            .any(|o| o.changes.timing.as_ref().is_some_and(timed))
}

pub fn extent(event: &Event) -> Extent {
    let tz = event.timezone;
    let span = |timing: &Timing| {
        let (start, end) = moments(timing, tz);
        (start.instant(tz), end.instant(tz))
    };
    let (mut first, mut last) = span(&event.timing);
    for timing in event.overrides.iter().filter_map(|o| o.changes.timing) {
        let (start, end) = span(&timing);
        first = first.min(start);
        last = last.max(end);
    }
    let last_end = match &event.repeat {
        None => Some(last),
        Some(rule) if rule.ending == Ending::Never => None,
        Some(rule) => {
            let dates = rule.dates(event.timing.date(), NaiveDate::MAX, usize::MAX);
            let series_last = dates.last().map(|d| span(&event.timing.on(*d)).1);
            Some(last.max(series_last.unwrap_or(last)))
        }
    };
    Extent { first, last_end }
}

struct Feed {
    /// Relative to the output folder.
    path: String,
    name: String,
    description: String,
    page: String,
}

/// A zone's name, and the first and last years a VTIMEZONE must cover.
type ZoneYears = (&'static str, i32, Option<i32>);

/// The transitions of every zone the events name, and the site's.
struct Zones(BTreeMap<&'static str, Arc<[vtimezone::Transition]>>);

impl Zones {
    /// `tz`'s transitions, found now if the build has not.
    fn of(&self, tz: Tz) -> Arc<[vtimezone::Transition]> {
        match self.0.get(tz.name()) {
            Some(found) => Arc::clone(found),
            None => vtimezone::transitions_kept(tz),
        }
    }
}

/// A calendar file's first lines, written and folded: VERSION, PRODID and
/// CALSCALE, then a subscription feed's name, description and addresses
/// (`None` for an event's own file: a single event imported on its own
/// must not make Outlook or Apple Calendar create a new calendar named
/// after it, so it has no NAME). A subscription feed's own address is its
/// path after `base_url`.
fn calendar_head(subscription: Option<(&Feed, &str)>) -> String {
    let mut calendar = ics::ICalendar::new("2.0", PRODID);
    calendar.push(CalScale::new("GREGORIAN"));
    // No METHOD: see the module's documentation.
    if let Some((feed, base_url)) = subscription {
        // RFC 7986 names, and the X-WR- ones that Google and Apple read.
        calendar.push(Name::new(form::text(&feed.name)));
        calendar.push(Property::new("X-WR-CALNAME", form::text(&feed.name)));
        calendar.push(Description::new(form::text(&feed.description)));
        calendar.push(Property::new("X-WR-CALDESC", form::text(&feed.description)));
        calendar.push(URL::new(form::uri(&feed.page)));
        calendar.push(Source::new(form::uri(&[base_url, &feed.path].concat())));
        calendar.push(RefreshInterval::new(REFRESH));
        calendar.push(Property::new("X-PUBLISHED-TTL", REFRESH));
    }
    // `ics` would write the components after the calendar's properties,
    // then END:VCALENDAR; they were written once, and are copied there.
    let head = calendar.to_string();
    let head = head
        .strip_suffix(END_CALENDAR)
        .expect("ics ends a calendar with END:VCALENDAR");
    form::fold(head)
}

struct Writer<'a> {
    cx: &'a Prepared<'a>,
    zones: &'a Zones,
    /// VTIMEZONEs already made, by zone and the years they cover, written
    /// and folded: thousands of single-event files share a handful of them.
    made: Mutex<HashMap<ZoneYears, Arc<str>, rustc_hash::FxBuildHasher>>,
}

impl Writer<'_> {
    /// A subscription feed of `events`, whose VEVENTs are in `built`.
    /// A feed, in pieces: the events' VEVENTs are not copied into it, a
    /// whole calendar's feed holds thousands of them.
    fn feed(&self, feed: Feed, events: Vec<Entry>, built: &[Built]) -> (PathBuf, Vec<Piece>) {
        let zones = self.zones(events.iter().map(|entry| &built[entry.event()]));
        let components = events.into_iter().map(|entry| match entry {
            Entry::Whole(i) => Piece::Shared(
                built[i]
                    .text
                    .clone()
                    .expect("the feeds list only events that keep their VEVENTs")
                    .into(),
            ),
            Entry::Part(_, text) => Piece::Owned(text.into_bytes()),
        });
        self.write(feed, zones, components)
    }

    /// An event's own `event.ics`, to import rather than subscribe to: the
    /// same head for every event, its zone's VTIMEZONE and its VEVENTs.
    fn single(&self, event: &Event, built: &Built) -> OutputFile {
        static HEAD: OnceLock<String> = OnceLock::new();
        let head = HEAD.get_or_init(|| calendar_head(None));
        let zone = built.zone.map(|tz| self.vtimezone(tz, built.extent));
        // Never without a component: an event has its VEVENT at least.
        let vevents = built.text.as_deref().unwrap_or_default();
        let zone_text = zone.as_deref().unwrap_or_default();
        let mut bytes =
            Vec::with_capacity(head.len() + zone_text.len() + vevents.len() + END_CALENDAR.len());
        for part in [head.as_str(), zone_text, vevents, END_CALENDAR] {
            bytes.extend_from_slice(part.as_bytes());
        }
        OutputFile::new(PathBuf::from(urls::event_ics_path(&event.slug)), bytes)
    }

    /// A calendar file of `events`, already written and folded.
    fn write(
        &self,
        feed: Feed,
        mut zones: BTreeMap<&'static str, (Tz, Extent)>,
        events: impl Iterator<Item = Piece>,
    ) -> (PathBuf, Vec<Piece>) {
        let events: Vec<Piece> = events.collect();
        if zones.is_empty() && events.is_empty() {
            // RFC 5545 wants at least one component: an empty feed (a group
            // whose events are all past) carries the site's zone.
            let tz = self.cx.calendar.site.timezone;
            let now = Extent {
                first: self.cx.now,
                last_end: Some(self.cx.now),
            };
            zones.insert(tz.name(), (tz, now));
        }
        let mut text = calendar_head(Some((&feed, &self.cx.calendar.site.base_url)));
        for (tz, extent) in zones.into_values() {
            text.push_str(&self.vtimezone(tz, extent));
        }
        let mut pieces = Vec::with_capacity(events.len() + 2);
        pieces.push(Piece::Owned(text.into_bytes()));
        pieces.extend(events);
        pieces.push(Piece::Static(END_CALENDAR.as_bytes()));
        (PathBuf::from(feed.path), pieces)
    }

    /// The VTIMEZONE covering `extent`, widened to whole years so that it
    /// can be shared; written and folded.
    fn vtimezone(&self, tz: Tz, extent: Extent) -> Arc<str> {
        let key = (
            tz.name(),
            extent.first.year(),
            extent.last_end.map(|l| l.year()),
        );
        if let Some(zone) = self
            .made
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return Arc::clone(zone);
        }
        let year_start = |year: i32| {
            NaiveDate::from_ymd_opt(year, 1, 1)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|t| t.and_utc())
        };
        let first = year_start(key.1).unwrap_or(extent.first);
        let last = key
            .2
            .map(|year| {
                year_start(year + 1).map_or(extent.last_end, |t| Some(t - Duration::seconds(1)))
            })
            .unwrap_or(None);
        let zone = vtimezone::vtimezone(tz, &self.zones.of(tz), first, last);
        let zone: Arc<str> = form::fold(&zone.to_string()).into();
        self.made
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, Arc::clone(&zone));
        zone
    }

    /// The zones the events name, each with the span it must cover.
    fn zones<'b>(
        &self,
        events: impl Iterator<Item = &'b Built>,
    ) -> BTreeMap<&'static str, (Tz, Extent)> {
        let mut zones: BTreeMap<&'static str, (Tz, Extent)> = BTreeMap::new();
        for built in events {
            let Some(tz) = built.zone else { continue };
            let entry = zones.entry(tz.name()).or_insert((tz, built.extent));
            entry.1.first = entry.1.first.min(built.extent.first);
            // `None` is "no end", and wins.
            entry.1.last_end = match (entry.1.last_end, built.extent.last_end) {
                (Some(a), Some(b)) => Some(a.max(b)),
                _ => None,
            };
        }
        zones
    }
}
