//! What templates see: plain structs with every date formatted and every
//! URL built, in the site's language. Documented in docs/themes.md.

use crate::expand::{Moment, Occurrence};
use crate::model::{Place, Status, Venue, LINK_KINDS};
use crate::prepare::Prepared;
use crate::text::locale::Words;
use crate::when::hours_minutes;
use chrono::{DateTime, Datelike, NaiveDate};
use chrono_tz::Tz;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize, Clone)]
pub struct Link {
    pub label: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub language: &'a str,
    /// The language of the UI strings: `en` or `fr`.
    pub lang: &'static str,
    /// Absolute, ending in `/`.
    pub base_url: &'a str,
    /// The path part of `base_url`, for links inside the site.
    pub root: &'a str,
    pub timezone: &'a str,
    pub words: &'static Words,
    pub calendar_ics: String,
    /// The navigation: the sections that have something to show.
    pub nav: Vec<NavItem>,
    /// Static files by their theme name, with the site's root:
    /// `site.assets["style.css"]` is `/style.0a1b2c3d.css`.
    pub assets: BTreeMap<&'a str, String>,
}

/// A section in the site's navigation.
#[derive(Serialize)]
pub struct NavItem {
    pub section: &'static str,
    pub label: &'static str,
    pub url: String,
    /// Relative to the site root, as `page.path` is: the one page
    /// the link is to.
    pub path: &'static str,
}

/// One occurrence in a list.
#[derive(Serialize)]
pub struct OccurrenceView {
    pub title: String,
    pub url: String,
    /// For `<time datetime>`: RFC 3339, or a date for all-day events.
    pub datetime: String,
    /// The local date in the site's zone, `YYYY-MM-DD`.
    pub date: String,
    pub date_label: String,
    /// "19:00", "All day", or "18:00 (12:00 America/Montreal)".
    pub time: String,
    pub group: Option<Link>,
    pub place: Option<Link>,
    pub online: bool,
    pub tags: Vec<Link>,
    pub status: Status,
    /// A file changes this occurrence of its series.
    pub changed: bool,
    /// Shown on one of the several days it covers: "day 2 of 3".
    pub span: Option<String>,
    /// Its line in an agenda (in lists of days) and in a month's cell (in
    /// month grids), made by `render::entries`; empty elsewhere.
    pub agenda_html: String,
    pub month_html: String,
}

/// Occurrences of one day, in the site's zone.
#[derive(Serialize)]
pub struct DayView {
    pub date: String,
    pub label: String,
    /// Occurrence views, shared with the other lists they are in.
    pub occurrences: Vec<tera::Value>,
}

#[derive(Serialize)]
pub struct VenueView {
    pub name: String,
    pub url: Option<String>,
    pub address: Option<String>,
    pub notes: Option<String>,
    pub website: Option<String>,
    pub map_url: Option<String>,
}

// The formatting for templates, on the prepared calendar.
impl Prepared<'_> {
    pub fn words(&self) -> &'static Words {
        self.language.words()
    }

    /// [`SiteView`] as every template gets it, converted once.
    pub fn site_value(&self) -> &tera::Value {
        self.site_view
            .get_or_init(|| tera::Value::from_serializable(&self.site()))
    }

    pub fn site(&self) -> SiteView<'_> {
        let site = &self.calendar.site;
        SiteView {
            title: &site.title,
            description: site.description.as_deref(),
            language: &site.language,
            lang: self.language.code(),
            base_url: &site.base_url,
            root: self.urls.root(),
            timezone: site.timezone.name(),
            words: self.words(),
            calendar_ics: self.urls.absolute(crate::urls::CALENDAR_ICS),
            nav: self.nav(),
            assets: self
                .theme
                .assets
                .iter()
                .map(|(name, path)| (name.as_str(), self.urls.local(path)))
                .collect(),
        }
    }

    /// The sections of the site, without those that would be empty.
    pub fn nav(&self) -> Vec<NavItem> {
        use crate::urls;
        let words = self.words();
        let has_venues = self.calendar.venues.iter().any(|v| v.slug.is_some());
        [
            ("home", words.upcoming, "", true),
            ("calendar", words.calendar, urls::CALENDAR_PAGE, true),
            (
                "past",
                words.past,
                urls::PAST_PAGE,
                self.index.past().next().is_some(),
            ),
            (
                "groups",
                words.groups,
                urls::GROUPS_PAGE,
                !self.calendar.groups.is_empty(),
            ),
            ("venues", words.venues, urls::VENUES_PAGE, has_venues),
            (
                "tags",
                words.tags,
                urls::TAGS_PAGE,
                !self.index.by_tag.is_empty(),
            ),
            ("search", words.search, urls::SEARCH_PAGE, true),
            ("subscribe", words.subscribe, urls::SUBSCRIBE_PAGE, true),
        ]
        .into_iter()
        .filter(|(_, _, _, shown)| *shown)
        .map(|(section, label, path, _)| NavItem {
            section,
            label,
            url: self.urls.local(path),
            path,
        })
        .collect()
    }

    pub fn occurrence(&self, o: &Occurrence) -> OccurrenceView {
        let date = o.days.0;
        OccurrenceView {
            date: date.to_string(),
            date_label: self.language.date(date),
            ..self.entry_view(o, true)
        }
    }

    /// An occurrence with only what the built-in entry writers print: no
    /// date nor date label, and with `links` false (a month's cell) no
    /// group, place or tags either. An event is listed in several lists,
    /// and making what an entry does not print cost more than writing it.
    pub fn entry_view(&self, o: &Occurrence, links: bool) -> OccurrenceView {
        let event = &self.calendar.events[o.event];
        let (datetime, time) = self.when_labels(o);
        let shown = o.shown(event);
        OccurrenceView {
            title: shown.title.to_string(),
            url: self.urls.event(&event.slug),
            datetime,
            date: String::new(),
            date_label: String::new(),
            time,
            group: event.group.filter(|_| links).map(|g| self.group_link(g)),
            place: shown.venue.filter(|_| links).map(|p| self.place_link(p)),
            online: shown.online.is_some(),
            tags: match links {
                true => shown.tags.iter().map(|t| self.listed_tag_link(t)).collect(),
                false => Vec::new(),
            },
            status: o.status,
            changed: o.changed_by.is_some(),
            span: None,
            agenda_html: String::new(),
            month_html: String::new(),
        }
    }

    /// An occurrence as the built-in event page lists it among a series'
    /// dates: its time, date, status, title, place and whether it is
    /// online, the fields that list prints. The others, which only a theme's own `event.html`
    /// could read, are left empty: making them (links to every tag of
    /// every date) cost more than the rest of a series' page.
    pub fn listed_date(&self, o: &Occurrence) -> OccurrenceView {
        let shown = o.shown(&self.calendar.events[o.event]);
        let (datetime, time) = self.when_labels(o);
        OccurrenceView {
            title: shown.title.to_string(),
            url: String::new(),
            datetime,
            date: String::new(),
            date_label: self.language.date(o.days.0),
            time,
            group: None,
            place: shown.venue.map(|p| self.place_link(p)),
            online: shown.online.is_some(),
            tags: Vec::new(),
            status: o.status,
            changed: o.changed_by.is_some(),
            span: None,
            agenda_html: String::new(),
            month_html: String::new(),
        }
    }

    /// An occurrence's start for `<time datetime>` (RFC 3339, or the date
    /// of an all-day event) and as shown ("19:00", "All day").
    pub fn when_labels(&self, o: &Occurrence) -> (String, String) {
        self.with_when_labels(o, |datetime, time| (datetime.to_owned(), time.to_owned()))
    }

    /// [`Prepared::when_labels`], handed to `write` rather than kept: a
    /// calendar of weekly series lists a hundred thousand dates, and the
    /// usual ones are written on the stack.
    pub fn with_when_labels<R>(&self, o: &Occurrence, write: impl FnOnce(&str, &str) -> R) -> R {
        let t = match &o.start {
            Moment::At(t) => t,
            Moment::Day(_) => return write(&o.days.0.to_string(), self.words().all_day),
        };
        let usual = crate::when::usual_rfc3339(t);
        let written;
        let datetime = match &usual {
            Some(text) => text.as_str(),
            None => {
                written = crate::when::rfc3339(t);
                &written
            }
        };
        self.with_time_label(o, |time| write(datetime, time))
    }

    /// The time [`Prepared::with_when_labels`] shows, alone.
    pub fn with_time_label<R>(&self, o: &Occurrence, write: impl FnOnce(&str) -> R) -> R {
        let t = match &o.start {
            Moment::At(t) => t,
            Moment::Day(_) => return write(self.words().all_day),
        };
        let zone = self.calendar.events[o.event].timezone;
        if zone == self.zone {
            return write(crate::when::hours_minutes_bytes(t).as_str());
        }
        write(&self.time_label(&t.with_timezone(&zone)))
    }

    /// The occurrence as shown on `day`, one of the days it covers: an
    /// event of several days says which of them it is.
    pub fn occurrence_on(&self, o: &Occurrence, day: NaiveDate) -> OccurrenceView {
        let mut view = self.occurrence(o);
        if day != o.days.0 {
            view.date = day.to_string();
            view.date_label = self.language.date(day);
        }
        view.span = self.day_of(o, day);
        if let Some(time) = self.time_on_later_day(o, day) {
            view.time = time;
        }
        view
    }

    /// [`Prepared::entry_view`] as shown on `day`, one of the days it
    /// covers.
    pub fn entry_view_on(&self, o: &Occurrence, day: NaiveDate, links: bool) -> OccurrenceView {
        let view = self.entry_view(o, links);
        OccurrenceView {
            span: self.day_of(o, day),
            time: self.time_on_later_day(o, day).unwrap_or(view.time),
            ..view
        }
    }

    /// What a timed occurrence shows for its time on a day after its first,
    /// rather than a start that was the day before: "until 03:00" on its
    /// last day, "All day" on those between.
    fn time_on_later_day(&self, o: &Occurrence, day: NaiveDate) -> Option<String> {
        let Moment::At(end) = &o.end else {
            return None;
        };
        let (first, last) = o.days;
        if day == first {
            return None;
        }
        if day < last {
            return Some(self.words().all_day.to_string());
        }
        let end = end.with_timezone(&self.zone);
        Some(self.words().until.replace("{time}", &hours_minutes(&end)))
    }

    /// Which of its days `day` is, for an occurrence of several: "day 2
    /// of 3". An evening that runs past midnight is not "day 1 of 2": its
    /// later day says "until 01:00" alone.
    fn day_of(&self, o: &Occurrence, day: NaiveDate) -> Option<String> {
        let (first, last) = o.days;
        if last == first {
            return None;
        }
        if let (Moment::At(start), Moment::At(end)) = (&o.start, &o.end) {
            if *end - *start < chrono::Duration::hours(24) {
                return None;
            }
        }
        let n = (day - first).num_days() + 1;
        let total = (last - first).num_days() + 1;
        Some(
            self.words()
                .day_of
                .replace("{n}", &n.to_string())
                .replace("{total}", &total.to_string()),
        )
    }

    /// "19:00", or "18:00 (12:00 America/Montreal)" when the zone differs.
    pub fn time_label(&self, t: &DateTime<Tz>) -> String {
        if t.timezone() == self.zone {
            return hours_minutes(t);
        }
        let local = hours_minutes(&t.with_timezone(&self.zone));
        format!("{local} ({})", self.clock_there(t))
    }

    /// The time of an event in another zone as its own clock says, "07:00
    /// Asia/Tokyo", with the day there when it is not the site's: the
    /// event is listed under the site's day.
    pub fn clock_there(&self, t: &DateTime<Tz>) -> String {
        let (time, zone) = (hours_minutes(t), t.timezone().name());
        if t.with_timezone(&self.zone).date_naive() == t.date_naive() {
            return format!("{time} {zone}");
        }
        let day = self.language.weekday_short(t.weekday());
        format!("{day} {time} {zone}")
    }

    pub fn group_link(&self, group: usize) -> Link {
        let group = &self.calendar.groups[group];
        Link {
            label: group.name.clone(),
            url: self.urls.group(&group.slug),
        }
    }

    /// A tag, linked to its page when it has one: a tag that only a group
    /// gives, and none of the events listed, has none.
    pub fn tag_link(&self, tag: &str) -> Link {
        match self.index.by_tag.contains_key(tag) {
            true => self.listed_tag_link(tag),
            false => Link {
                label: tag.to_string(),
                url: String::new(),
            },
        }
    }

    /// A tag of a listed occurrence, linked: the index lists every such
    /// occurrence under its tags, so each has its page. Not asked of the
    /// index, as [`Prepared::tag_link`] does: the lists link tens of
    /// thousands of tags.
    fn listed_tag_link(&self, tag: &str) -> Link {
        Link {
            label: tag.to_string(),
            url: self.urls.tag(tag),
        }
    }

    pub fn place_link(&self, place: &Place) -> Link {
        let venue = self.calendar.venue(place);
        Link {
            label: venue.name.clone(),
            url: venue
                .slug
                .as_deref()
                .map(|s| self.urls.venue(s))
                .unwrap_or_default(),
        }
    }

    pub fn venue(&self, venue: &Venue) -> VenueView {
        VenueView {
            name: venue.name.clone(),
            url: venue.slug.as_deref().map(|s| self.urls.venue(s)),
            address: venue.address.clone(),
            notes: venue.notes.clone(),
            website: venue.url.clone(),
            map_url: map_url(venue),
        }
    }
}

/// A typed link's label in the site's language.
pub fn link_label(words: &Words, kind: &str) -> &'static str {
    let i = LINK_KINDS.iter().position(|k| *k == kind).unwrap_or(0);
    words.link_kinds[i]
}

/// OpenStreetMap at the coordinates, or a search for the address.
pub fn map_url(venue: &Venue) -> Option<String> {
    if let (Some(lat), Some(lon)) = (venue.lat, venue.lon) {
        // Each number written once, though used twice.
        let (lat, lon) = (lat.to_string(), lon.to_string());
        return Some(
            [
                "https://www.openstreetmap.org/?mlat=",
                &lat,
                "&mlon=",
                &lon,
                "#map=18/",
                &lat,
                "/",
                &lon,
            ]
            .concat(),
        );
    }
    let address = venue.address.as_deref()?;
    let mut link = String::from("https://www.openstreetmap.org/search?query=");
    crate::urls::push_form_encoded(&mut link, address);
    Some(link)
}

/// What `event.html` sees as `event` (made by `event_page`); the page's
/// writer (`event_html`) reads it too.
#[derive(Serialize)]
pub(super) struct EventView<'a> {
    pub(super) title: String,
    /// The event's own status: a series' is the whole series', whatever
    /// one of its dates says.
    pub(super) status: Status,
    /// The status of the date `when` gives (a series' next date).
    pub(super) date_status: Status,
    /// Every date is past: `when` gives the latest.
    pub(super) over: bool,
    /// "Wednesday 6 January 2027 at 19:00", in the event's zone.
    pub(super) when: String,
    pub(super) datetime: String,
    pub(super) end_datetime: String,
    /// "until 21:00" / "to Friday 19 March 2027".
    pub(super) until: String,
    /// The time in the site's zone when the event's zone differs.
    pub(super) site_time: Option<String>,
    pub(super) timezone: Option<String>,
    /// The event's zone, for the visitor's local time (local-time.js).
    pub(super) zone: String,
    /// "UTC+01:00" at the start of a timed event.
    pub(super) utc_offset: Option<String>,
    /// The end's offset, only when the clocks change during the event.
    pub(super) end_utc_offset: Option<String>,
    /// How long it really lasts, whatever the clocks do meanwhile.
    pub(super) duration: String,
    pub(super) all_day: bool,
    pub(super) venue: Option<VenueView>,
    /// The address to join.
    pub(super) online: Option<String>,
    /// Online, the address still to come.
    pub(super) online_later: bool,
    pub(super) website: Option<String>,
    /// Tickets, call for papers, ...: `label`, `url`.
    pub(super) links: Vec<Link>,
    pub(super) group: Option<Link>,
    pub(super) tags: Vec<Link>,
    pub(super) description: &'a str,
    pub(super) recurring: bool,
    /// "Every week on Thursday", in the site's language.
    pub(super) repeats: Option<String>,
    /// A series' next dates.
    pub(super) dates: Vec<OccurrenceView>,
    /// A series' dates after `dates` that a file changes or cancels.
    pub(super) later_dates: Vec<OccurrenceView>,
    pub(super) ics_url: String,
    pub(super) google_url: String,
    pub(super) edit_url: Option<String>,
    pub(super) json_ld: String,
}
