//! VEVENTs: one per event (a series carries its RRULE and EXDATEs), and one
//! per changed or cancelled occurrence, with the series' UID and a
//! RECURRENCE-ID.
//!
//! A feed that holds only some occurrences of a series (a venue's, when one
//! date moves to another venue; a tag's, when one date adds or drops the
//! tag) gets them with [`vevents_where`]: the series with an EXDATE for
//! each date it leaves out, or, when the series itself is not in the feed,
//! each occurrence that is as a VEVENT of its own (see [`occurrence_uid`]).

use super::form::{self, Lines};
use super::unclear::unclear_dates;
use super::Zones;
use crate::history::FileHistory;
use crate::model::{Ends, Event, Online, Shown, Status, Timing};
use crate::prepare::Prepared;
use crate::recurrence::Rule;
use crate::text::locale::Language;
use crate::urls;
use crate::when::{clocks_change_within, local_time, resolve, span, LocalTime};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;

/// The component each event's lines open with `BEGIN` ([`Stamps::begin`])
/// and close with `END` (each of [`master`] and [`instance`]).
const VEVENT: &str = "VEVENT";

/// The master VEVENT, then one per changed occurrence, by date, written
/// and folded.
pub fn vevents(cx: &Prepared, zones: &Zones, index: usize) -> String {
    let mut lines = Lines::with_capacity(2048);
    let stamps = Stamps::of_series(cx, &cx.calendar.events[index]);
    master(&mut lines, cx, index, stamps, &[]);
    for (date, o) in instances(cx, zones, index) {
        instance(&mut lines, cx, index, stamps, date, o, Alone::No);
    }
    lines.finish()
}

/// Whether the occurrences `keep` accepts are not all or none of the
/// event's: then a feed of them needs [`vevents_where`].
pub fn is_split(cx: &Prepared, index: usize, keep: &dyn Fn(&Shown) -> bool) -> bool {
    let event = &cx.calendar.events[index];
    let series = keep(&event.shown());
    event
        .overrides
        .iter()
        .any(|o| keep(&event.shown_on(o.date, Some(o))) != series)
}

/// The VEVENTs of the occurrences `keep` accepts, for a feed that holds
/// only those: what happens at one venue, or with one tag.
///
/// When the series is in the feed, its master comes with an EXDATE for
/// each date that is not, so that the feed expands to exactly its own
/// occurrences. When it is not, each occurrence that is becomes a VEVENT of
/// its own, with a UID of its own and no RECURRENCE-ID: an instance whose
/// master is missing is allowed by RFC 5545, but clients differ on it
/// (some drop it, some invent a series around it), while a single VEVENT
/// shows exactly that date in every client. Those single occurrences leave
/// the feed, like events, [`super::KEEP_PAST_DAYS`] after they end.
pub fn vevents_where(
    cx: &Prepared,
    zones: &Zones,
    index: usize,
    keep: &dyn Fn(&Shown) -> bool,
) -> String {
    let event = &cx.calendar.events[index];
    let instances = instances(cx, zones, index);
    let mut lines = Lines::with_capacity(2048);
    let stamps = Stamps::of_series(cx, event);
    let kept = |(date, o): &(NaiveDate, Option<usize>)| {
        keep(&event.shown_on(*date, o.map(|i| &event.overrides[i])))
    };
    if keep(&event.shown()) {
        let (ours, left_out): (Vec<_>, Vec<_>) = instances.into_iter().partition(kept);
        let left_out: Vec<NaiveDate> = left_out.into_iter().map(|(date, _)| date).collect();
        master(&mut lines, cx, index, stamps, &left_out);
        for (date, o) in ours {
            instance(&mut lines, cx, index, stamps, date, o, Alone::No);
        }
        return lines.finish();
    }
    let alone = instances.into_iter().filter(kept).filter(|(date, o)| {
        let shown = event.shown_on(*date, o.map(|i| &event.overrides[i]));
        let end = crate::expand::moments(&shown.timing, event.timezone)
            .1
            .instant(event.timezone);
        end + Duration::days(super::KEEP_PAST_DAYS) >= cx.now
    });
    for (date, o) in alone {
        instance(&mut lines, cx, index, stamps, date, o, Alone::Yes);
    }
    lines.finish()
}

/// The occurrences written on their own, by date: each changed one (with
/// the index of its override), and those of [`unclear_dates`].
fn instances(cx: &Prepared, zones: &Zones, index: usize) -> Vec<(NaiveDate, Option<usize>)> {
    let event = &cx.calendar.events[index];
    let mut instances: Vec<(NaiveDate, Option<usize>)> = event
        .overrides
        .iter()
        .enumerate()
        .map(|(i, o)| (o.date, Some(i)))
        .collect();
    let horizon = crate::expand::horizon(cx.now);
    let unclear = unclear_dates(event, &zones.of(event.timezone), horizon);
    instances.extend(unclear.into_iter().map(|d| (d, None)));
    instances.sort_by_key(|(date, _)| *date);
    instances
}

/// The event, or the series with its rule, its `except` dates and `left_out`
/// ones (occurrences that a feed does not hold) as EXDATEs.
fn master(lines: &mut Lines, cx: &Prepared, index: usize, stamps: Stamps, left_out: &[NaiveDate]) {
    let event = &cx.calendar.events[index];
    stamps.begin(lines, &event.uid_at(&cx.host));
    let shown = event.shown();
    let form = match event.repeat {
        Some(_) => Form::Series,
        None => Form::Single,
    };
    push_timing(lines, event.timezone, &shown.timing, form);
    if let Some(rule) = &event.repeat {
        lines.property("RRULE", &[], &rrule(rule, event));
        let mut except: Vec<NaiveDate> = rule.except.iter().chain(left_out).copied().collect();
        except.sort();
        except.dedup();
        for date in except {
            occurrence_id(lines, "EXDATE", event, date);
        }
    }
    let text = &cx.description(index, None).text;
    push_content(cx, event, &shown, text, lines);
    lines.property("END", &[], VEVENT);
}

/// Whether an occurrence is written without its series.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Alone {
    /// With the series' UID and a RECURRENCE-ID: its series is beside it.
    No,
    /// As a single event, with [`occurrence_uid`].
    Yes,
}

/// One occurrence of a series on its own: changed by an override (an index
/// into the event's overrides), or spelled out because its wall-clock time
/// is skipped or repeated. `stamps` are its series' ([`Stamps::of_series`]).
fn instance(
    lines: &mut Lines,
    cx: &Prepared,
    index: usize,
    stamps: Stamps,
    date: NaiveDate,
    changed_by: Option<usize>,
    alone: Alone,
) {
    let event = &cx.calendar.events[index];
    let changes = changed_by.map(|i| &event.overrides[i]);
    let stamps = match changes {
        Some(o) => stamps.created_by(cx.history.file(&o.source)),
        None => stamps,
    };
    let shown = event.shown_on(date, changes);
    let uid = event.uid_at(&cx.host);
    match alone {
        Alone::No => {
            stamps.begin(lines, &uid);
            occurrence_id(lines, "RECURRENCE-ID", event, date);
        }
        Alone::Yes => stamps.begin(lines, &occurrence_uid(&uid, date)),
    }
    push_timing(lines, event.timezone, &shown.timing, Form::Single);
    let text = &cx.description(index, changed_by).text;
    push_content(cx, event, &shown, text, lines);
    lines.property("END", &[], VEVENT);
}

/// The UID of a series' occurrence written as a single event: the series'
/// UID with the occurrence's date (its RECURRENCE-ID date) before the `@`,
/// `open-coffee.20270506@meetcal.example`. Stable, since neither changes
/// when the occurrence does; a slug has no `.`, so it is no other event's
/// UID.
pub fn occurrence_uid(series: &str, date: NaiveDate) -> String {
    let date = form::date(date);
    match series.rsplit_once('@') {
        Some((local, host)) => format!("{local}.{date}@{host}"),
        None => format!("{series}.{date}"),
    }
}

/// DTSTAMP, SEQUENCE, CREATED and LAST-MODIFIED, from the content's history.
#[derive(Clone, Copy)]
struct Stamps {
    dtstamp: DateTime<Utc>,
    sequence: u32,
    created: Option<DateTime<Utc>>,
    modified: Option<DateTime<Utc>>,
}

impl Stamps {
    /// A series or a single event: its file's commits, and the shared
    /// commits since it was created (a change to its group, venue or the
    /// site's settings can move it).
    fn series(cx: &Prepared, own: Option<&FileHistory>) -> Stamps {
        let (shared, shared_modified) = own.map_or((0, None), |h| cx.history.shared_since(h));
        let modified = own.map(|h| h.modified).max(shared_modified);
        Stamps {
            dtstamp: modified.unwrap_or(cx.now),
            sequence: own.map_or(0, |h| h.commits - 1) + shared,
            created: own.map(|h| h.created),
            modified,
        }
    }

    /// A series and every occurrence of it: its own stamps, with each
    /// override's commits in SEQUENCE and its latest in LAST-MODIFIED, in
    /// every feed. A feed that leaves an override's date out has an EXDATE
    /// for it, and loses it when the override is edited back: SEQUENCE
    /// must go up then too, which it does only when every commit of every
    /// override counts, whether or not this feed leaves its date out. A
    /// changed occurrence has the series' SEQUENCE, which went up when the
    /// override was made or edited; deleting it raises the series' past it
    /// ([`crate::history::History::shared_since`]).
    fn of_series(cx: &Prepared, event: &Event) -> Stamps {
        let mut stamps = Stamps::series(cx, cx.history.file(&event.source));
        for own in (event.overrides.iter()).filter_map(|o| cx.history.file(&o.source)) {
            stamps.sequence += own.commits;
            stamps.modified = stamps.modified.max(Some(own.modified));
        }
        stamps.dtstamp = stamps.modified.unwrap_or(cx.now);
        stamps
    }

    /// A changed occurrence was created with its override's file.
    fn created_by(self, own: Option<&FileHistory>) -> Stamps {
        Stamps {
            created: own.map(|h| h.created).or(self.created),
            ..self
        }
    }

    /// Opens a VEVENT with its UID and these stamps.
    fn begin(&self, lines: &mut Lines, uid: &str) {
        lines.property("BEGIN", &[], VEVENT);
        lines.text("UID", uid);
        lines.property("DTSTAMP", &[], &form::utc(self.dtstamp));
        lines.property("SEQUENCE", &[], &self.sequence.to_string());
        if let Some(created) = self.created {
            lines.property("CREATED", &[], &form::utc(created));
        }
        if let Some(modified) = self.modified {
            lines.property("LAST-MODIFIED", &[], &form::utc(modified));
        }
    }
}

/// How DTSTART and DTEND are written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    /// The master of a series: DTSTART in its zone, since the RRULE repeats
    /// that wall-clock time.
    Series,
    /// One occurrence: each time in its zone, or in UTC when the zone's
    /// clocks skip or repeat it, so every client reads the same instant.
    Single,
}

fn push_timing(lines: &mut Lines, tz: Tz, timing: &Timing, form: Form) {
    match *timing {
        Timing::Timed {
            start,
            length,
            ends,
        } => {
            let end = start + length;
            let at_start = local_time(tz, start);
            zoned_known(lines, "DTSTART", tz, start, at_start, form);
            let clock_time_later =
                matches!(at_start, LocalTime::Exact(_)) && ends == Ends::AtClockTime;
            match form {
                // Clients disagree on a length the clocks change: where they
                // make it differ from `length`, it is given as DURATION (and
                // the other dates they touch are written apart).
                Form::Series if clocks_change_within(tz, start, length) => {
                    lines.property("DURATION", &[], &duration(length));
                }
                // The end `span` gives: the clock time `length` later,
                _ if clock_time_later => zoned(lines, "DTEND", tz, end, form),
                // or `length` later in real time.
                _ => {
                    let (_, to) = span(tz, start, length, ends);
                    let wall = to.naive_local();
                    match local_time(tz, wall) {
                        exact @ LocalTime::Exact(_) => {
                            zoned_known(lines, "DTEND", tz, wall, exact, form)
                        }
                        // The second of two readings, which a TZID cannot say.
                        _ => lines.property("DTEND", &[], &form::utc(to.with_timezone(&Utc))),
                    }
                }
            }
        }
        Timing::AllDay { first, days } => {
            lines.property("DTSTART", DATE, &form::date(first));
            // DTEND is exclusive: the day after the last.
            let after = first + Duration::days(i64::from(days));
            lines.property("DTEND", DATE, &form::date(after));
        }
    }
}

/// The parameter of a DATE value.
const DATE: &[(&str, &str)] = &[("VALUE", "DATE")];

/// A wall-clock time with its TZID; for one occurrence, in UTC when the
/// time is skipped or repeated, read as RFC 5545 says (`when::resolve`).
fn zoned(lines: &mut Lines, name: &str, tz: Tz, wall: NaiveDateTime, form: Form) {
    zoned_known(lines, name, tz, wall, local_time(tz, wall), form);
}

/// [`zoned`], with what `wall` is on the zone's clock already known.
fn zoned_known(
    lines: &mut Lines,
    name: &str,
    tz: Tz,
    wall: NaiveDateTime,
    local: LocalTime,
    form: Form,
) {
    let exact = matches!(local, LocalTime::Exact(_));
    if !exact && form == Form::Single {
        let instant = resolve(tz, wall).with_timezone(&Utc);
        return lines.property(name, &[], &form::utc(instant));
    }
    lines.property(
        name,
        &[("TZID", &form::param(tz.name()))],
        &form::local(wall),
    );
}

/// A DURATION value: `PT1H30M`, `P2D`; whole days are calendar days, as
/// meetcal adds them.
fn duration(length: Duration) -> String {
    let seconds = length.num_seconds();
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    let (h, m, s) = (rest / 3600, rest / 60 % 60, rest % 60);
    let mut text = String::from("P");
    if days > 0 {
        text.push_str(&format!("{days}D"));
    }
    if rest > 0 || days == 0 {
        text.push('T');
        for (n, unit) in [(h, 'H'), (m, 'M'), (s, 'S')] {
            if n > 0 {
                text.push_str(&format!("{n}{unit}"));
            }
        }
        if rest == 0 {
            text.push_str("0S");
        }
    }
    text
}

/// An EXDATE or RECURRENCE-ID for the series' occurrence on `date`: in the
/// same form and zone as DTSTART, at the series' wall-clock time.
fn occurrence_id(lines: &mut Lines, name: &str, event: &Event, date: NaiveDate) {
    match event.timing {
        Timing::Timed { start, .. } => {
            let tzid = form::param(event.timezone.name());
            let wall = form::local(date.and_time(start.time()));
            lines.property(name, &[("TZID", &tzid)], &wall);
        }
        Timing::AllDay { .. } => lines.property(name, DATE, &form::date(date)),
    }
}

/// The `repeat:` rule as an RRULE (RFC 5545 3.3.10).
pub fn rrule(rule: &Rule, event: &Event) -> String {
    rule.to_ical(event.timing.date(), |date| until(event, date))
}

/// UNTIL for an inclusive until date. A DATE for all-day series; for timed
/// ones the UTC instant of the series' time on that date, taking the later
/// reading when that time is ambiguous or skipped, so that every client
/// keeps an occurrence on the until date however it resolves it.
fn until(event: &Event, date: NaiveDate) -> String {
    match event.timing {
        Timing::AllDay { .. } => form::date(date),
        Timing::Timed { start, .. } => {
            let wall: NaiveDateTime = date.and_time(start.time());
            let instant = match local_time(event.timezone, wall) {
                LocalTime::Exact(t) | LocalTime::Ambiguous(_, t) => t.with_timezone(&Utc),
                // In a gap, the offset before it gives the latest instant.
                LocalTime::Gap => crate::when::resolve(event.timezone, wall).with_timezone(&Utc),
            };
            form::utc(instant)
        }
    }
}

/// SUMMARY, STATUS, DESCRIPTION, LOCATION, GEO, URL, CATEGORIES, CONFERENCE
/// and the group.
fn push_content(cx: &Prepared, event: &Event, shown: &Shown, text: &str, lines: &mut Lines) {
    lines.text("SUMMARY", &summary(cx.language, shown));
    let status = match shown.status {
        Status::Confirmed => "CONFIRMED",
        Status::Tentative => "TENTATIVE",
        Status::Cancelled => "CANCELLED",
    };
    lines.property("STATUS", &[], status);
    lines.text("DESCRIPTION", &description(cx, event, shown, text));
    let venue = shown.venue.map(|p| cx.calendar.venue(p));
    if let Some(venue) = venue {
        let place = crate::text::plain::place_line(&venue.name, venue.address.as_deref());
        lines.text("LOCATION", &place);
        if let (Some(lat), Some(lon)) = (venue.lat, venue.lon) {
            lines.property("GEO", &[], &form::geo(lat, lon));
        }
    } else if let Some(online) = shown.online {
        // Online only: the link is where it happens.
        let words = cx.language.words();
        lines.text("LOCATION", online.link().unwrap_or(words.online));
    }
    let page = cx.urls.absolute(&urls::event_path(&event.slug));
    lines.property("URL", &[], &form::uri(&page));
    if !shown.tags.is_empty() {
        lines.text_list("CATEGORIES", shown.tags);
    }
    if let Some(online) = shown.online.and_then(Online::link) {
        // Parameters by name, as RFC 7986 gives them; VALUE=URI is required.
        let label = form::param(cx.language.words().join_online);
        let params = [("FEATURE", "VIDEO"), ("LABEL", &label), ("VALUE", "URI")];
        lines.property("CONFERENCE", &params, &form::uri(online));
    }
    if let Some(group) = event.group.map(|g| &cx.calendar.groups[g]) {
        lines.text("X-MEETCAL-GROUP", &group.name);
    }
}

/// The title, said to be cancelled when it is: clients show STATUS
/// differently, and some not at all (Outlook reads STATUS:CANCELLED as
/// free time and shows the event as usual), but every one shows SUMMARY.
/// A title that already starts with the word and a colon keeps its own.
fn summary(language: Language, shown: &Shown) -> String {
    let prefixed = language.after_cancelled_label(shown.title).is_some();
    if shown.status == Status::Cancelled && !prefixed {
        format!("{}{}", language.cancelled_prefix(), shown.title)
    } else {
        shown.title.to_string()
    }
}

/// The Markdown as text, then the links a calendar entry needs: a line
/// each, after a blank line. Written into one string sized for the text,
/// which is most of it, rather than gathered in pieces and joined.
fn description(cx: &Prepared, event: &Event, shown: &Shown, text: &str) -> String {
    let (language, words) = (cx.language, cx.language.words());
    let mut out = String::with_capacity(text.len() + 512);
    // Unless the text says so first ("Cancelled: the speaker is ill.").
    if shown.status == Status::Cancelled && language.after_cancelled(text).is_none() {
        out.push_str(words.cancelled);
        out.push_str(".\n\n");
    }
    if !text.is_empty() {
        out.push_str(text);
        out.push_str("\n\n");
    }
    let mut line = |label: &str, value: &str| {
        out.push_str(label);
        out.push_str(language.label_end());
        out.push_str(value);
        out.push('\n');
    };
    if let Some(notes) = shown
        .venue
        .and_then(|p| cx.calendar.venue(p).notes.as_deref())
    {
        line(words.getting_there, notes);
    }
    match shown.online {
        Some(Online::At(url)) => line(words.online, url),
        Some(Online::LinkToCome) => line(words.online, words.link_later),
        None => {}
    }
    if let Some(url) = shown.url {
        line(words.details, url);
    }
    for (kind, url) in shown.links {
        line(crate::render::views::link_label(words, kind), url);
    }
    if let Some(group) = event.group.map(|g| &cx.calendar.groups[g]) {
        let organiser = words.organised_by.replace("{group}", &group.name);
        line(
            &organiser,
            &cx.urls.absolute(&urls::group_path(&group.slug)),
        );
    }
    out.push_str(&cx.urls.absolute(&urls::event_path(&event.slug)));
    out
}

#[cfg(test)]
mod tests;
