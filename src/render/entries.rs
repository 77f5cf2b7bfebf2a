//! An occurrence's entries: its line in an agenda (`o.agenda_html`) and in
//! a month's cell (`o.month_html`).
//!
//! They come from `partials/agenda_entry.html` and
//! `partials/month_entry.html`. While a theme keeps the built-in ones,
//! meetcal writes them in Rust, byte for byte what those templates make: a
//! calendar of weekly series lists tens of thousands of dates, and
//! interpreting a template for each of them cost ten times the rest of the
//! build. A theme's own entry template always wins over the writer.

use super::entry_html::{agenda_entry, agenda_head, month_end, month_entry, Shared};
use super::html::Html;
use super::views::{DayView, OccurrenceView};
use crate::expand::Occurrence;
use crate::prepare::Prepared;
use crate::text::locale::Words;
use chrono::NaiveDate;
use rayon::prelude::*;
use std::sync::OnceLock;

pub const AGENDA_ENTRY: &str = "partials/agenda_entry.html";
pub const MONTH_ENTRY: &str = "partials/month_entry.html";

/// Makes entries, with the writers the theme allows.
pub struct Entries {
    /// Whether the theme keeps the built-in entry templates.
    builtin_agenda: bool,
    builtin_month: bool,
    /// Whether the theme replaces no template but the entries: then the
    /// pages' templates are the built-in ones, which print nothing of a
    /// listed occurrence but its entry. Lists then carry the entry alone:
    /// converting a whole occurrence for the template engine costs more
    /// than writing its line, and a month of weekly series has thousands.
    /// Any other template replaced (`base.html` included, which sees every
    /// page's variables) may read any field, so every list carries them all.
    builtin_pages: bool,
    /// Per series, the parts its unchanged dates share, once made.
    shared: Vec<OnceLock<Shared>>,
}

/// What the templates printing a list read of its occurrences, when they
/// are the built-in ones.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Reads {
    /// Only `agenda_html` or `month_html` (lists of days, month grids).
    Entries,
    /// Any field (`embed.html`).
    AnyField,
}

/// The two entries an occurrence has.
#[derive(Clone, Copy)]
enum Kind {
    /// In a list of days: `o.agenda_html`.
    Agenda,
    /// In a month's cell: `o.month_html`.
    Month,
}

impl Kind {
    fn template(self) -> &'static str {
        match self {
            Kind::Agenda => AGENDA_ENTRY,
            Kind::Month => MONTH_ENTRY,
        }
    }

    /// What the built-in list templates write between two entries:
    /// `partials/agenda.html` starts each on a line of its own.
    fn between(self) -> &'static str {
        match self {
            Kind::Agenda => "\n",
            Kind::Month => "",
        }
    }

    /// Room for one entry, more than the built-in ones usually take: a
    /// list sized once is written without being moved as it grows, and
    /// room never written costs no memory.
    fn room(self) -> usize {
        match self {
            Kind::Agenda => 1024,
            Kind::Month => 192,
        }
    }

    fn field(self) -> &'static str {
        match self {
            Kind::Agenda => "agenda_html",
            Kind::Month => "month_html",
        }
    }

    /// Whether the built-in template prints the occurrence's group, place
    /// and tags.
    fn prints_links(self) -> bool {
        matches!(self, Kind::Agenda)
    }

    /// What the built-in template makes for `view`.
    fn built_in(self, view: &OccurrenceView, words: &Words) -> String {
        match self {
            Kind::Agenda => agenda_entry(view, words),
            Kind::Month => month_entry(view, words),
        }
    }

    /// Likewise, from an event's shared parts and the date's own, written
    /// at the end of `html`. A month's entry shows no `<time datetime>`,
    /// which is then not made: a year of weekly series has a hundred
    /// thousand month entries.
    fn write_shared_parts(self, html: &mut Html, shared: &Shared, p: &Prepared, o: &Occurrence) {
        match self {
            Kind::Agenda => p.with_when_labels(o, |datetime, time| {
                agenda_head(html, o.status, datetime, time);
                html.raw(&shared.agenda_title).raw(&shared.agenda_meta);
            }),
            Kind::Month => p.with_time_label(o, |time| {
                html.raw(&shared.month_before_time)
                    .text(time)
                    .raw(&shared.month_after_time);
                month_end(html, None);
            }),
        }
    }
}

impl Entries {
    pub fn new(p: &Prepared) -> Entries {
        Entries {
            builtin_agenda: p.theme.is_builtin(AGENDA_ENTRY),
            builtin_month: p.theme.is_builtin(MONTH_ENTRY),
            builtin_pages: p.theme.replaces_only(&[AGENDA_ENTRY, MONTH_ENTRY]),
            shared: (0..p.calendar.events.len())
                .map(|_| OnceLock::new())
                .collect(),
        }
    }

    /// The shared parts of `o`'s entries, when it is a date of a series
    /// that no file changes and that takes a single day (no "day 2 of 3").
    /// Only for the built-in entries, which are made of them. An event of
    /// one date is in a few lists only: keeping its parts for the whole
    /// render held about 1 KB per event for little gain.
    fn shared(&self, o: &Occurrence, p: &Prepared) -> Option<&Shared> {
        let (first, last) = o.days;
        if o.changed_by.is_some() || first != last || p.index.by_event[o.event].len() < 2 {
            return None;
        }
        let shared =
            self.shared[o.event].get_or_init(|| Shared::of(&p.entry_view(o, true), p.words()));
        (shared.status == o.status).then_some(shared)
    }

    fn entries_only(&self, reads: Reads) -> bool {
        self.builtin_pages && reads == Reads::Entries
    }

    /// An empty cell of a month grid, for `month.html`, to hold `count`
    /// entries.
    pub fn cell(&self, count: usize) -> EntryList {
        EntryList::new(Kind::Month, self.entries_only(Reads::Entries), count)
    }

    /// An empty cell of a month grid written in Rust, which needs its
    /// entries' markup only, whatever the other templates are.
    pub fn written_cell(&self, count: usize) -> EntryList {
        EntryList::new(Kind::Month, true, count)
    }

    /// Writes `o`'s `kind` of entry as shown on `day`, one of the days it
    /// covers ([`Occurrence::days`]), at the end of `html`.
    fn write(
        &self,
        html: &mut Html,
        kind: Kind,
        (p, o): (&Prepared, &Occurrence),
        day: NaiveDate,
    ) -> Result<(), String> {
        let built_in = self.is_builtin(kind);
        if let Some(shared) = built_in.then(|| self.shared(o, p)).flatten() {
            kind.write_shared_parts(html, shared, p, o);
            return Ok(());
        }
        // The only date of an event, on a day of its own, has the same
        // entry in every list: `serve` keeps it with the event's pieces.
        let alone = (day, day) == o.days;
        if built_in && alone && p.reuse.keeps() && p.index.by_event[o.event].len() == 1 {
            let make = || kind.built_in(&p.entry_view_on(o, day, kind.prints_links()), p.words());
            let entry = match kind {
                Kind::Agenda => p.reuse.agenda_entry(o.event, make),
                Kind::Month => p.reuse.month_entry(o.event, make),
            };
            html.raw(&entry);
            return Ok(());
        }
        let entry = match built_in {
            true => kind.built_in(&p.entry_view_on(o, day, kind.prints_links()), p.words()),
            false => from_template(p, kind.template(), &p.occurrence_on(o, day))?,
        };
        html.raw(&entry);
        Ok(())
    }

    /// The occurrence as shown on `day` in its whole view, with its `kind`
    /// of entry. Made for each list rather than kept: at tens of thousands
    /// of dates, keeping them would double a build's memory.
    fn in_view(
        &self,
        kind: Kind,
        p: &Prepared,
        o: &Occurrence,
        day: NaiveDate,
    ) -> Result<tera::Value, String> {
        let mut view = p.occurrence_on(o, day);
        let html = match self.is_builtin(kind) {
            true => kind.built_in(&view, p.words()),
            false => from_template(p, kind.template(), &view)?,
        };
        match kind {
            Kind::Agenda => view.agenda_html = html,
            Kind::Month => view.month_html = html,
        }
        Ok(tera::Value::from_serializable(&view))
    }

    fn is_builtin(&self, kind: Kind) -> bool {
        match kind {
            Kind::Agenda => self.builtin_agenda,
            Kind::Month => self.builtin_month,
        }
    }

    /// Groups occurrences by their day in the site's zone, keeping their
    /// order. Each is listed once, on its first day; from `today` on (an
    /// upcoming list), one already running is listed on `today`, marked as
    /// continuing ("day 2 of 3").
    pub fn days<'o>(
        &self,
        p: &Prepared,
        occurrences: impl IntoIterator<Item = &'o Occurrence>,
        today: Option<NaiveDate>,
        reads: Reads,
    ) -> Result<Vec<DayView>, String> {
        let entry_only = self.entries_only(reads);
        // Grouped by day first, then the days written in parallel: a year
        // of weekly series lists tens of thousands of dates.
        by_day(occurrences, today)
            .into_par_iter()
            .map(|(day, on_day)| {
                let entries = self.agenda_of_day(p, day, &on_day, entry_only)?;
                Ok(DayView {
                    date: day.to_string(),
                    label: p.language.date(day),
                    occurrences: entries.into_values(),
                })
            })
            .collect()
    }

    /// The agenda entries of the occurrences listed on `day`.
    fn agenda_of_day(
        &self,
        p: &Prepared,
        day: NaiveDate,
        on_day: &[&Occurrence],
        entry_only: bool,
    ) -> Result<EntryList, String> {
        let mut entries = EntryList::new(Kind::Agenda, entry_only, on_day.len());
        for &o in on_day {
            entries.push(self, p, o, day)?;
        }
        Ok(entries)
    }

    /// What the built-in `partials/agenda.html` makes of each of `days`
    /// (grouped by [`by_day`]), with `prefix` before each day's id and
    /// headings of `level`: for pages written in Rust, which need no view of
    /// a day. The line break the partial ends with, after the last day, is
    /// the caller's to write.
    pub fn written_days(
        &self,
        p: &Prepared,
        days: &[(NaiveDate, Vec<&Occurrence>)],
        (prefix, level): (&str, u8),
    ) -> Result<Vec<WrittenDay>, String> {
        days.par_iter()
            .map(|(day, on_day)| {
                let entries = self.agenda_of_day(p, *day, on_day, true)?;
                let date = day.to_string();
                let mut head = Html::with_capacity(256);
                head.raw("\n<section class=\"day\" aria-labelledby=\"")
                    .text(prefix)
                    .raw("day-")
                    .text(&date)
                    .raw("\">\n<h")
                    .raw(&level.to_string())
                    .raw(" id=\"")
                    .text(prefix)
                    .raw("day-")
                    .text(&date)
                    .raw("\"><time datetime=\"")
                    .text(&date)
                    .raw("\">")
                    .text(&p.language.date(*day))
                    .raw("</time></h")
                    .raw(&level.to_string())
                    .raw(">\n<ul class=\"agenda\">\n");
                Ok(WrittenDay {
                    head: head.finish(),
                    entries: entries.into_markup(),
                })
            })
            .collect()
    }
}

/// A day of a list as `partials/agenda.html` writes it, in parts: a
/// year of a large calendar's archive lists megabytes of entries, handed over to
/// the page as they are rather than copied into each day's markup.
pub struct WrittenDay {
    /// Up to the list's opening tag.
    head: String,
    /// The entries one after another, if any.
    entries: Option<String>,
}

impl WrittenDay {
    /// Writes the day at the end of `html`.
    pub fn write(self, html: &mut Html) {
        html.raw(&self.head);
        if let Some(entries) = self.entries {
            html.raw("\n").hand_over(entries);
        }
        html.raw("\n</ul>\n</section>\n");
    }
}

/// Occurrences by their first day in the site's zone, in their order. From
/// `today` on (an upcoming list), one already running is listed on `today`.
pub fn by_day<'o>(
    occurrences: impl IntoIterator<Item = &'o Occurrence>,
    today: Option<NaiveDate>,
) -> Vec<(NaiveDate, Vec<&'o Occurrence>)> {
    let mut days: Vec<(NaiveDate, Vec<&Occurrence>)> = Vec::new();
    for o in occurrences {
        let first = o.days.0;
        let day = today.map_or(first, |today| first.max(today));
        match days.last_mut() {
            Some((listed, on_day)) if *listed == day => on_day.push(o),
            _ => days.push((day, vec![o])),
        }
    }
    days
}

/// The entries of one list (a day in an agenda, a month's cell) as its
/// template reads them: each occurrence's view, or, when the built-in
/// pages print nothing of them but their entries one after another, all
/// the entries as one, written once rather than given to the template
/// engine one by one.
pub struct EntryList {
    kind: Kind,
    /// The entries written so far, when the list carries only them.
    joined: Option<Html>,
    views: Vec<tera::Value>,
}

impl EntryList {
    /// A list for `count` entries.
    fn new(kind: Kind, entry_only: bool, count: usize) -> EntryList {
        EntryList {
            kind,
            joined: entry_only.then(|| Html::with_capacity(count * kind.room())),
            views: Vec::new(),
        }
    }

    /// Adds `o` as shown on `day`, one of the days it covers
    /// ([`Occurrence::days`]).
    pub fn push(
        &mut self,
        entries: &Entries,
        p: &Prepared,
        o: &Occurrence,
        day: NaiveDate,
    ) -> Result<(), String> {
        match &mut self.joined {
            Some(joined) => {
                if !joined.is_empty() {
                    joined.raw(self.kind.between());
                }
                entries.write(joined, self.kind, (p, o), day)?;
            }
            None => self.views.push(entries.in_view(self.kind, p, o, day)?),
        }
        Ok(())
    }

    /// The entries' markup, one after another, when the list carries only
    /// them and has any.
    pub fn into_markup(self) -> Option<String> {
        self.joined
            .filter(|joined| !joined.is_empty())
            .map(Html::finish)
    }

    /// The list for its template: a list of occurrences.
    pub fn into_values(self) -> Vec<tera::Value> {
        match self.joined {
            Some(joined) if !joined.is_empty() => vec![entry_alone(self.kind, joined.finish())],
            Some(_) => Vec::new(),
            None => self.views,
        }
    }
}

/// An occurrence as only its entry: `{"agenda_html": ...}`.
fn entry_alone(kind: Kind, html: String) -> tera::Value {
    tera::Value::from_serializable(&std::collections::BTreeMap::from([(kind.field(), html)]))
}

/// An entry from the theme's own template, which sees `o` and `site`.
fn from_template(p: &Prepared, template: &str, view: &OccurrenceView) -> Result<String, String> {
    let mut context = tera::Context::new();
    context.insert_value("site", p.site_value().clone());
    context.insert("o", view);
    p.theme.render(template, &context)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the writers make of an entry, from the lean view and the parts
    /// a series' dates share, is what the built-in templates make of the
    /// whole view: the lean view leaves out only what no entry prints.
    /// Every date of the sample calendar (series, a multi-day conference,
    /// cancellations, tags, venues, online events), on its first and last
    /// day, in both languages.
    #[test]
    fn entries_are_what_the_templates_make_of_the_whole_view() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let no_theme = tempfile::tempdir().unwrap();
        let theme = crate::theme::Theme::load(no_theme.path(), "default").unwrap();
        let now = chrono::DateTime::parse_from_rfc3339("2026-12-01T12:00:00+01:00")
            .unwrap()
            .to_utc();
        for language in ["en", "fr"] {
            let mut calendar = crate::build::load_calendar(root).unwrap();
            calendar.site.language = language.to_string();
            let markdown = crate::prepare::take_markdown(&mut calendar);
            let occurrences = crate::expand::expand_for_site(&calendar, now);
            let index = crate::index::Index::new(&calendar, occurrences, now);
            let history = crate::history::History::default();
            let descriptions = crate::prepare::describe(markdown, &calendar.site.base_url, None);
            let p = crate::prepare::prepare(&calendar, descriptions, index, &history, &theme);
            let entries = Entries::new(&p);
            let (mut shared, mut several_days, mut tagged) = (0, 0, 0);
            for o in &p.index.occurrences {
                shared += usize::from(entries.shared(o, &p).is_some());
                several_days += usize::from(o.days.0 != o.days.1);
                tagged += usize::from(!o.shown(&calendar.events[o.event]).tags.is_empty());
                for day in [o.days.0, o.days.1] {
                    for kind in [Kind::Agenda, Kind::Month] {
                        let mut written = Html::with_capacity(0);
                        entries.write(&mut written, kind, (&p, o), day).unwrap();
                        let whole = p.occurrence_on(o, day);
                        let made = from_template(&p, kind.template(), &whole).unwrap();
                        assert_eq!(written.finish(), made, "{} on {day}", whole.title);
                    }
                }
            }
            assert!(shared > 0 && several_days > 0 && tagged > 0);
        }
    }
}
