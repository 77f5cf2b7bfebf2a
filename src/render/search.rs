//! `/search/` and the index it reads, `/search.json`.
//!
//! The page is a form and, for visitors without JavaScript, links to every
//! tag, group, venue and month page. The theme's `search.js` fetches the
//! index and shows the events that match as the visitor types; the form's
//! state lives in the query string (`/search/?q=rust&tag=talks`).
//!
//! The index is made to be small, since every visitor of the page downloads
//! it whole: groups, venues and tags are listed once and referred to by
//! position, fields have one-letter names, dates are days counted from
//! 1970-01-01 and written as differences, and each event's entry is bounded
//! (`limits::SEARCH_*`). docs/data.md describes the format.

use super::layout::{self, Page};
use super::views::Link;
use crate::expand::Occurrence;
use crate::limits::{SEARCH_DATES, SEARCH_ENTRY_BYTES, SEARCH_TEXT_CHARS};
use crate::model::{Place, Shown, Status};
use crate::output::{OutputFile, Sink};
use crate::prepare::Prepared;
use crate::text::plain;
use crate::urls;
use chrono::{Datelike, NaiveDate, Weekday};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// Bumped when a field changes meaning or disappears.
pub const VERSION: u32 = 1;

/// The search page and its index.
pub fn render(p: &Prepared, sink: &dyn Sink) -> Result<(), String> {
    sink.put(index(p))?;
    sink.put(page(p)?)
}

/// The index's fields before `events`, which are written one by one (each
/// event's entry can be one an earlier render made: `Prepared::reuse`).
#[derive(Serialize)]
struct Head<'a> {
    version: u32,
    /// The day of the build in the site's zone: what ends after it is to come.
    today: i64,
    /// The build's `--now`, in seconds since 1970-01-01 UTC: what ended
    /// before it is past, whatever the visitor's clock says.
    now: i64,
    /// An event's page is this, its slug and `/`.
    event_url: String,
    /// `[slug, name]`; entries refer to them by position.
    groups: Vec<[&'a str; 2]>,
    /// Shared venues, `[slug, name]`.
    venues: Vec<[&'a str; 2]>,
    tags: Vec<&'a str>,
}

/// One event, as its featured occurrence (the next, else the latest) shows it.
#[derive(Serialize, Clone)]
struct Entry<'a> {
    /// Slug.
    s: &'a str,
    /// Title.
    t: &'a str,
    /// Group, by position.
    #[serde(skip_serializing_if = "Option::is_none")]
    g: Option<usize>,
    /// Where it happens and its tags.
    #[serde(flatten)]
    place: Where<'a>,
    /// The start of its description, as plain text.
    #[serde(skip_serializing_if = "String::is_empty")]
    x: String,
    /// The days its listed occurrences start on, in the site's zone: the
    /// first as days since 1970-01-01, each next one as the difference.
    d: Vec<i64>,
    /// Positions in `d` of the occurrences that are cancelled.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    c: Vec<usize>,
    /// `[position in d, days]` of the occurrences that cover more than one
    /// day.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    n: Vec<(usize, i64)>,
    /// `[position in d, where]` of the occurrences an override moves,
    /// retags or takes online differently from the entry's own fields.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    w: Vec<(usize, Where<'a>)>,
    /// `[position in d, end]` of the occurrences whose last day is `today`:
    /// the end in seconds since 1970-01-01 UTC, so that one is past once it
    /// has ended, not at midnight.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    e: Vec<(usize, i64)>,
}

/// Where an occurrence happens and how it is tagged: the fields the filters
/// read. A field left out is empty.
#[derive(Serialize, Clone, PartialEq)]
struct Where<'a> {
    /// Shared venue, by position.
    #[serde(skip_serializing_if = "Option::is_none")]
    v: Option<usize>,
    /// The name of a venue written in the event file.
    #[serde(skip_serializing_if = "Option::is_none")]
    p: Option<&'a str>,
    /// 1 when it happens online.
    #[serde(skip_serializing_if = "is_zero")]
    o: u8,
    /// Tags, by position.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    k: Vec<usize>,
}

/// One listed occurrence, as the index writes it.
#[derive(Clone)]
struct Day<'a> {
    /// Days since 1970-01-01.
    first: i64,
    /// How many days it covers.
    length: i64,
    cancelled: bool,
    /// Set when it differs from the entry's own fields.
    place: Option<Where<'a>>,
    /// Its end, in seconds since 1970-01-01 UTC, when it ends on the
    /// build's day.
    end: Option<i64>,
}

fn is_zero(n: &u8) -> bool {
    *n == 0
}

fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce() - 719_163)
}

/// Where venues and tags are in the index's lists.
struct Positions<'a> {
    calendar: &'a crate::model::Calendar,
    /// By the calendar's venue position: only venues with a page.
    venues: &'a [Option<usize>],
    tags: &'a BTreeMap<&'a str, usize>,
}

impl<'a> Positions<'a> {
    fn place(&self, shown: &Shown<'a>) -> Where<'a> {
        let (place, shared) = match shown.venue {
            Some(Place::Shared(v)) => (None, self.venues[*v]),
            Some(place @ Place::Inline(_)) => {
                (Some(self.calendar.venue(place).name.as_str()), None)
            }
            None => (None, None),
        };
        Where {
            v: shared,
            p: place,
            o: u8::from(shown.online.is_some()),
            k: shown
                .tags
                .iter()
                .filter_map(|t| self.tags.get(t.as_str()).copied())
                .collect(),
        }
    }
}

/// `search.json`.
fn index(p: &Prepared) -> OutputFile {
    let calendar = p.calendar;
    let tags: Vec<&str> = p.index.by_tag.keys().map(String::as_str).collect();
    let tag_position: BTreeMap<&str, usize> =
        tags.iter().enumerate().map(|(i, t)| (*t, i)).collect();
    // Only venues with a page can be filtered on; they keep their position.
    let mut venue_position = vec![None; calendar.venues.len()];
    let mut venues = Vec::new();
    for (i, venue) in calendar.venues.iter().enumerate() {
        if let Some(slug) = &venue.slug {
            venue_position[i] = Some(venues.len());
            venues.push([slug.as_str(), venue.name.as_str()]);
        }
    }
    let positions = Positions {
        calendar,
        venues: &venue_position,
        tags: &tag_position,
    };
    let events: Vec<std::sync::Arc<[u8]>> = (0..calendar.events.len())
        .into_par_iter()
        .map(|i| p.reuse.search(i, || entry(p, &positions, i).1))
        .collect();
    let head = Head {
        version: VERSION,
        today: day_number(today(p)),
        now: p.index.now.timestamp(),
        event_url: p.urls.local(urls::EVENTS_PAGE),
        groups: calendar
            .groups
            .iter()
            .map(|g| [g.slug.as_str(), g.name.as_str()])
            .collect(),
        venues,
        tags,
    };
    let mut bytes = serde_json::to_vec(&head).expect("JSON serializes");
    // `{"version":..,"tags":[..]}` continues with the events before its `}`.
    bytes.pop();
    bytes.reserve(events.iter().map(|e| e.len() + 1).sum::<usize>() + 16);
    bytes.extend_from_slice(b",\"events\":[");
    for (i, entry) in events.iter().enumerate() {
        if i > 0 {
            bytes.push(b',');
        }
        bytes.extend_from_slice(entry);
    }
    bytes.extend_from_slice(b"]}\n");
    OutputFile::new(urls::SEARCH_JSON, bytes)
}

/// The day of the build in the site's zone.
fn today(p: &Prepared) -> NaiveDate {
    p.index.now.with_timezone(&p.zone).date_naive()
}

/// The entry of event `i`, and its JSON.
fn entry<'a>(p: &'a Prepared, positions: &Positions<'a>, i: usize) -> (Entry<'a>, Vec<u8>) {
    let calendar = p.calendar;
    let event = &calendar.events[i];
    let occurrences: Vec<&Occurrence> = p.index.by_event[i]
        .iter()
        .map(|&at| &p.index.occurrences[at])
        .collect();
    let featured = p.featured(i);
    let shown = match featured {
        Some(o) => o.shown(event),
        None => event.shown(),
    };
    let text = p
        .description(i, featured.and_then(|o| o.changed_by))
        .text
        .as_str();
    let own = positions.place(&shown);
    let today = today(p);
    let days: Vec<Day> = occurrences
        .iter()
        .map(|o| {
            let (first, last) = o.days;
            let here = if o.changed_by.is_some() {
                Some(positions.place(&o.shown(event))).filter(|here| *here != own)
            } else {
                None
            };
            Day {
                first: day_number(first),
                length: (last - first).num_days() + 1,
                cancelled: o.status == Status::Cancelled,
                place: here,
                end: (last == today).then(|| o.end_key.timestamp()),
            }
        })
        .collect();
    fit(
        Entry {
            s: &event.slug,
            t: shown.title,
            g: event.group,
            place: own,
            x: short_text(text),
            d: Vec::new(),
            c: Vec::new(),
            n: Vec::new(),
            w: Vec::new(),
            e: Vec::new(),
        },
        &days,
    )
}

/// The start of a description as one line, cut at a word within
/// [`SEARCH_TEXT_CHARS`]; only as much of it is read.
fn short_text(text: &str) -> String {
    let (mut line, mut chars) = (String::new(), 0);
    for word in text.split_whitespace() {
        if chars > SEARCH_TEXT_CHARS {
            break;
        }
        if !line.is_empty() {
            line.push(' ');
            chars += 1;
        }
        line.push_str(word);
        chars += word.chars().count();
    }
    plain::shorten(&line, SEARCH_TEXT_CHARS)
}

/// The entry with the given days (sorted), within [`SEARCH_DATES`] dates
/// and [`SEARCH_ENTRY_BYTES`]: past the budget, the text goes first, then
/// the oldest dates. With its JSON, which measured it: most entries are
/// within the budget at once and are serialized once.
fn fit<'a>(mut entry: Entry<'a>, days: &[Day<'a>]) -> (Entry<'a>, Vec<u8>) {
    let set_days = |entry: &mut Entry<'a>, days: &[Day<'a>]| {
        let mut previous = 0;
        entry.d = days
            .iter()
            .map(|day| {
                let delta = day.first - previous;
                previous = day.first;
                delta
            })
            .collect();
        let positions = || days.iter().enumerate();
        entry.c = positions()
            .filter(|(_, day)| day.cancelled)
            .map(|(i, _)| i)
            .collect();
        entry.n = positions()
            .filter(|(_, day)| day.length > 1)
            .map(|(i, day)| (i, day.length))
            .collect();
        entry.w = positions()
            .filter_map(|(i, day)| Some((i, day.place.clone()?)))
            .collect();
        entry.e = positions()
            .filter_map(|(i, day)| Some((i, day.end?)))
            .collect();
    };
    let json = |entry: &Entry| serde_json::to_vec(entry).expect("JSON serializes");
    let mut days = &days[days.len().saturating_sub(SEARCH_DATES)..];
    set_days(&mut entry, days);
    let whole = json(&entry);
    if whole.len() <= SEARCH_ENTRY_BYTES {
        return (entry, whole);
    }
    entry.x.clear();
    loop {
        let bytes = json(&entry);
        if bytes.len() <= SEARCH_ENTRY_BYTES || days.is_empty() {
            return (entry, bytes);
        }
        days = &days[1..];
        set_days(&mut entry, days);
    }
}

/// A choice of a filter, which is also a link to its page.
#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
    url: String,
}

#[derive(Serialize)]
struct Year {
    year: i32,
    months: Vec<Link>,
}

/// The site's words for dates, for the script to write dates as pages do.
#[derive(Serialize)]
struct DateWords {
    weekdays: String,
    months: String,
    first_day: String,
}

/// `/search/`.
fn page(p: &Prepared) -> Result<OutputFile, String> {
    let calendar = p.calendar;
    let tags: Vec<Choice> = p
        .index
        .by_tag
        .keys()
        .map(|t| Choice {
            value: t.clone(),
            label: t.clone(),
            url: p.urls.tag(t),
        })
        .collect();
    let mut groups: Vec<Choice> = calendar
        .groups
        .iter()
        .map(|g| Choice {
            value: g.slug.clone(),
            label: g.name.clone(),
            url: p.urls.group(&g.slug),
        })
        .collect();
    let mut venues: Vec<Choice> = calendar
        .venues
        .iter()
        .filter_map(|v| {
            let slug = v.slug.as_ref()?;
            Some(Choice {
                value: slug.clone(),
                label: v.name.clone(),
                url: p.urls.venue(slug),
            })
        })
        .collect();
    // By name, "Écrire" among the E's.
    for list in [&mut groups, &mut venues] {
        list.sort_by_cached_key(|c| (crate::model::slugify(&c.label), c.value.clone()));
    }
    // Every month an occurrence starts in has a page (render/pages.rs).
    let mut years: BTreeMap<i32, std::collections::BTreeSet<u32>> = BTreeMap::new();
    for o in &p.index.occurrences {
        let (first, _) = o.days;
        years.entry(first.year()).or_default().insert(first.month());
    }
    let years: Vec<Year> = years
        .into_iter()
        .map(|(year, months)| Year {
            year,
            months: months
                .into_iter()
                .map(|m| Link {
                    label: p.language.month_year(year, m),
                    url: p.urls.month(year, m),
                })
                .collect(),
        })
        .collect();
    let language = p.language;
    let list = |names: Vec<&str>| names.join(",");
    let dates = DateWords {
        weekdays: list(
            (0..7)
                .map(|i| language.weekday(Weekday::try_from(i as u8).expect("0..7")))
                .collect(),
        ),
        months: list((1..=12).map(|m| language.month(m)).collect()),
        // How the first day of a month is written: "1", or "1er" in French.
        first_day: language
            .date(NaiveDate::from_ymd_opt(2027, 1, 1).expect("a date"))
            .split(' ')
            .nth(1)
            .unwrap_or("1")
            .to_string(),
    };
    let mut context = tera::Context::new();
    context.insert("action", &p.urls.local(urls::SEARCH_PAGE));
    context.insert("index_url", &p.urls.local(urls::SEARCH_JSON));
    context.insert("tags", &tags);
    context.insert("groups", &groups);
    context.insert("venues", &venues);
    context.insert("years", &years);
    context.insert("dates", &dates);
    context.insert("shown", &RESULTS_SHOWN);
    layout::render(
        p,
        Page {
            template: "search.html",
            path: urls::SEARCH_PAGE.into(),
            title: format!("{} · {}", p.words().search, calendar.site.title),
            description: None,
            feeds: vec![layout::whole_calendar_feed(p)],
            section: "search",
        },
        context,
    )
}

/// The most results the page lists in each of its two lists (to come,
/// past): it says so, and the visitor narrows the search.
const RESULTS_SHOWN: usize = 100;

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(text: &str) -> Entry<'static> {
        Entry {
            s: "e",
            t: "T",
            g: None,
            place: Where {
                v: None,
                p: None,
                o: 0,
                k: Vec::new(),
            },
            x: text.to_string(),
            d: Vec::new(),
            c: Vec::new(),
            n: Vec::new(),
            w: Vec::new(),
            e: Vec::new(),
        }
    }

    fn day(first: i64, cancelled: bool) -> Day<'static> {
        Day {
            first,
            length: 1,
            cancelled,
            place: None,
            end: None,
        }
    }

    #[test]
    fn dates_are_differences_and_cancelled_ones_are_marked() {
        let moved = Where {
            v: Some(2),
            p: None,
            o: 0,
            k: vec![1],
        };
        let (fitted, _) = fit(
            entry("x"),
            &[
                day(20_000, false),
                day(20_007, true),
                Day {
                    length: 3,
                    place: Some(moved.clone()),
                    end: Some(1_729_000_000),
                    ..day(20_014, false)
                },
            ],
        );
        assert_eq!(fitted.d, [20_000, 7, 7]);
        assert_eq!(fitted.c, [1]);
        assert_eq!(fitted.n, [(2, 3)]);
        assert_eq!(fitted.e, [(2, 1_729_000_000)]);
        assert!(fitted.w == [(2, moved)]);
        assert_eq!(
            serde_json::to_string(&fitted.w).unwrap(),
            r#"[[2,{"v":2,"k":[1]}]]"#
        );
        assert_eq!(fitted.x, "x");
        assert_eq!(day_number(NaiveDate::from_ymd_opt(1970, 1, 2).unwrap()), 1);
    }

    #[test]
    fn the_text_is_the_start_of_the_description_on_one_line() {
        assert_eq!(
            short_text("Two  talks.\n\nThen\tpizza."),
            "Two talks. Then pizza."
        );
        let long = short_text(&"word ".repeat(1000));
        assert!(long.ends_with("word…") && long.chars().count() <= SEARCH_TEXT_CHARS + 1);
        let one_word = short_text(&"&".repeat(4000));
        assert_eq!(one_word.chars().count(), SEARCH_TEXT_CHARS + 1);
    }

    #[test]
    fn an_entry_over_its_budget_loses_its_text_then_its_oldest_dates() {
        let days: Vec<Day> = (0..SEARCH_DATES as i64)
            .map(|i| day(i * 100_000, i % 2 == 0))
            .collect();
        // Longer than any title may be: the dates must give way too.
        let title: &'static str = Box::leak("\"".repeat(1_700).into_boxed_str());
        let text = "\"".repeat(SEARCH_TEXT_CHARS);
        let (fitted, json) = fit(
            Entry {
                t: title,
                ..entry(&text)
            },
            &days,
        );
        assert_eq!(json, serde_json::to_vec(&fitted).unwrap());
        let size = json.len();
        assert!(size <= SEARCH_ENTRY_BYTES, "{size}");
        assert!(fitted.x.is_empty());
        assert!(fitted.d.len() < SEARCH_DATES && !fitted.d.is_empty());
        // The newest date is kept, and the first is still absolute.
        let last: i64 = fitted.d.iter().sum();
        assert_eq!(last, (SEARCH_DATES as i64 - 1) * 100_000);
        let many: Vec<Day> = (0..1000).map(|i| day(i, false)).collect();
        let (fitted, json) = fit(entry(""), &many);
        assert_eq!(fitted.d.len(), SEARCH_DATES);
        assert_eq!(json, serde_json::to_vec(&fitted).unwrap());
    }
}
