//! The month grids: `/calendar/<yyyy>/<mm>/` for every month near now or
//! with something on, and `/calendar/` for the current month.
//!
//! While a theme keeps `month.html` and `base.html`, meetcal writes their
//! bytes itself: a month of weekly series has thousands of entries, and
//! handing each cell to the template engine copied them over and over. A
//! theme's own templates always win over the writer.

use super::entries::{Entries, EntryList};
use super::html::Html;
use super::layout::{self, Blocks, Page};
use super::views::Link;
use crate::expand::Occurrence;
use crate::limits::MONTHS_AROUND_NOW;
use crate::output::Sink;
use crate::prepare::Prepared;
use crate::urls::{self, month_path};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use rayon::prelude::*;
use serde::Serialize;
use std::cell::Cell;
use std::collections::BTreeMap;

const TEMPLATE: &str = "month.html";

/// Every template a month page reads.
const READS: [&str; 2] = [TEMPLATE, "base.html"];

/// Puts the month pages the render wants.
pub fn render(
    p: &Prepared,
    entries: &Entries,
    today: NaiveDate,
    sink: &dyn Sink,
) -> Result<(), String> {
    Months {
        p,
        entries,
        today,
        written: READS.iter().all(|t| p.theme.is_builtin(t)),
    }
    .all(sink)
}

struct Months<'a> {
    p: &'a Prepared<'a>,
    entries: &'a Entries,
    today: NaiveDate,
    /// Whether the theme keeps every template the page reads.
    written: bool,
}

/// A month and the pages either side of it.
#[derive(Clone, Copy)]
struct Around {
    month: (i32, u32),
    prev: Option<(i32, u32)>,
    next: Option<(i32, u32)>,
}

impl Months<'_> {
    /// A page per month within [`MONTHS_AROUND_NOW`] of now and per month
    /// with occurrences, each linking to the next page either side, plus
    /// `/calendar/` showing the current month.
    fn all(&self, sink: &dyn Sink) -> Result<(), String> {
        let now = self.today;
        // An occurrence is on the page of every month it covers.
        let mut by_month: BTreeMap<(i32, u32), Vec<&Occurrence>> = BTreeMap::new();
        for o in &self.p.index.occurrences {
            for month in months_covering(o.days) {
                by_month.entry(month).or_default().push(o);
            }
        }
        // Every month near `now`, so the calendar can be paged through;
        // further away, only months that have something.
        let current = (now.year(), now.month());
        let mut months: std::collections::BTreeSet<(i32, u32)> = by_month.keys().copied().collect();
        let first = months.first().copied().unwrap_or(current).min(current);
        let last = months.last().copied().unwrap_or(current).max(current);
        let mut month = add_months(current, -MONTHS_AROUND_NOW).max(first);
        let near_end = add_months(current, MONTHS_AROUND_NOW).min(last);
        while month <= near_end {
            months.insert(month);
            month = add_months(month, 1);
        }
        let months: Vec<(i32, u32)> = months.into_iter().collect();
        // A month of weekly series lists thousands of dates: pages in parallel.
        (0..months.len()).into_par_iter().try_for_each(|i| {
            let around = Around {
                month: months[i],
                prev: i.checked_sub(1).map(|p| months[p]),
                next: months.get(i + 1).copied(),
            };
            let occurrences = by_month
                .get(&around.month)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let own = month_path(around.month.0, around.month.1);
            let mut paths = Vec::new();
            if self.p.scope.wants(&own) {
                paths.push(own);
            }
            if around.month == current {
                paths.push(urls::CALENDAR_PAGE.into());
            }
            paths
                .into_iter()
                .try_for_each(|path| self.month(around, occurrences, path, sink))
        })
    }

    /// Each day of the month's grid, Monday to Sunday, with its entries,
    /// in the order of `occurrences`, in lists made by `new_cell` for the
    /// number of entries they get.
    fn grid(
        &self,
        (year, month): (i32, u32),
        occurrences: &[&Occurrence],
        new_cell: impl Fn(usize) -> EntryList,
    ) -> Result<Vec<(NaiveDate, Option<EntryList>)>, String> {
        let first = NaiveDate::from_ymd_opt(year, month, 1).expect("valid month");
        let last = first + Duration::days(i64::from(crate::when::days_in_month(year, month)) - 1);
        // Weeks run Monday to Sunday, as in both supported languages.
        let grid_start = first - Duration::days(i64::from(first.weekday().num_days_from_monday()));
        let grid_end = last + Duration::days(i64::from(6 - last.weekday().num_days_from_monday()));
        let days: Vec<NaiveDate> = grid_start
            .iter_days()
            .take_while(|day| *day <= grid_end)
            .collect();
        // The grid's days each occurrence is on, as positions in `days`.
        let on_grid = |o: &Occurrence| {
            let (first, last) = o.days;
            let (from, to) = (first.max(grid_start), last.min(grid_end));
            let at = |day: NaiveDate| (day - grid_start).num_days() as usize;
            match from <= to {
                true => at(from)..at(to) + 1,
                false => 0..0,
            }
        };
        let mut counts = vec![0; days.len()];
        for &o in occurrences {
            for i in on_grid(o) {
                counts[i] += 1;
            }
        }
        let mut cells: Vec<Option<EntryList>> = counts
            .iter()
            .map(|&count| (count > 0).then(|| new_cell(count)))
            .collect();
        for &o in occurrences {
            for i in on_grid(o) {
                if let Some(cell) = &mut cells[i] {
                    cell.push(self.entries, self.p, o, days[i])?;
                }
            }
        }
        Ok(days.into_iter().zip(cells).collect())
    }

    fn month(
        &self,
        around: Around,
        occurrences: &[&Occurrence],
        path: String,
        sink: &dyn Sink,
    ) -> Result<(), String> {
        let language = self.p.language;
        let (year, month) = around.month;
        let today = self.today;
        let label = language.month_year(year, month);
        let link = |m: (i32, u32)| Link {
            label: language.month_year(m.0, m.1),
            url: self.p.urls.month(m.0, m.1),
        };
        let page = Page {
            template: TEMPLATE,
            path,
            title: format!("{label} · {}", self.p.calendar.site.title),
            description: None,
            feeds: vec![layout::whole_calendar_feed(self.p)],
            section: "calendar",
        };
        if self.written {
            let cells: Vec<(NaiveDate, Option<String>)> = self
                .grid(around.month, occurrences, |count| {
                    self.entries.written_cell(count)
                })?
                .into_iter()
                .map(|(day, entries)| (day, entries.and_then(EntryList::into_markup)))
                .collect();
            let copied: usize = cells
                .iter()
                .filter_map(|(_, markup)| markup.as_ref().map(String::len))
                .filter(|len| *len < super::html::PIECE_MIN)
                .sum();
            let main = MonthBlock {
                p: self.p,
                month,
                today,
                label: &label,
                prev: around.prev.map(link),
                next: around.next.map(link),
                empty: occurrences.is_empty(),
                cells: Cell::new(cells),
            };
            return layout::put(self.p, page, &main, 16 * 1024 + copied, sink);
        }
        let cells: Vec<DayCell> = self
            .grid(around.month, occurrences, |count| self.entries.cell(count))?
            .into_iter()
            .map(|(day, entries)| DayCell {
                date: day.to_string(),
                day: day.day(),
                label: language.date(day),
                in_month: day.month() == month,
                today: day == today,
                occurrences: entries.map(EntryList::into_values).unwrap_or_default(),
            })
            .collect();
        let mut weeks: Vec<Vec<DayCell>> = Vec::new();
        for cell in cells {
            match weeks.last_mut() {
                Some(week) if week.len() < 7 => week.push(cell),
                _ => weeks.push(vec![cell]),
            }
        }
        let weekdays: Vec<WeekdayName> = weekdays(language);
        let mut context = tera::Context::new();
        // Each occurrence here covers a day of the month.
        context.insert("empty", &occurrences.is_empty());
        context.insert("label", &label);
        context.insert("weekdays", &weekdays);
        context.insert("weeks", &weeks);
        context.insert("prev", &around.prev.map(link));
        context.insert("next", &around.next.map(link));
        sink.put(layout::render(self.p, page, context)?)
    }
}

/// Monday to Sunday, named.
fn weekdays(language: crate::text::locale::Language) -> Vec<WeekdayName> {
    (0..7)
        .map(|i| {
            let d = Weekday::try_from(i as u8).expect("0..7");
            WeekdayName {
                short: language.weekday_short(d),
                long: language.weekday(d),
            }
        })
        .collect()
}

/// What the built-in `month.html` makes of its `main` block; it has no
/// `head` block.
struct MonthBlock<'a> {
    p: &'a Prepared<'a>,
    month: u32,
    today: NaiveDate,
    label: &'a str,
    prev: Option<Link>,
    next: Option<Link>,
    /// No day of the month has an entry: said in words, as a phone shows
    /// only the busy days.
    empty: bool,
    /// The grid's days with their entries: taken by `main`, which hands
    /// them over to the page whole.
    cells: Cell<Vec<(NaiveDate, Option<String>)>>,
}

impl Blocks for MonthBlock<'_> {
    fn head(&self, _html: &mut Html) {}

    fn main(&self, html: &mut Html) {
        let language = self.p.language;
        html.raw("\n<h1>")
            .text(self.label)
            .raw("</h1>\n<nav class=\"pager\" aria-label=\"")
            .text(self.p.words().calendar)
            .raw("\">\n");
        let pager = |html: &mut Html, link: &Option<Link>, rel: &str, (before, after)| {
            if let Some(link) = link {
                html.raw("<a href=\"")
                    .text(&link.url)
                    .raw("\" rel=\"")
                    .raw(rel)
                    .raw("\">")
                    .raw(before)
                    .text(&link.label)
                    .raw(after)
                    .raw("</a>");
            }
        };
        pager(html, &self.prev, "prev", ("← ", ""));
        html.raw("\n");
        pager(html, &self.next, "next", ("", " →"));
        html.raw("\n</nav>\n<table class=\"month\">\n<caption>")
            .text(self.label)
            .raw("</caption>\n<thead><tr>");
        for day in weekdays(language) {
            html.raw("<th scope=\"col\"><abbr title=\"")
                .text(day.long)
                .raw("\">")
                .text(day.short)
                .raw("</abbr></th>");
        }
        html.raw("</tr></thead>\n<tbody>\n");
        for (i, (day, entries)) in self.cells.take().into_iter().enumerate() {
            if i % 7 == 0 {
                html.raw("<tr>\n");
            }
            self.cell(html, day, entries);
            if i % 7 == 6 {
                html.raw("</tr>\n");
            }
        }
        html.raw("</tbody>\n</table>\n");
        if self.empty {
            html.raw("<p class=\"empty\">")
                .text(self.p.words().no_events_this_month)
                .raw("</p>\n");
        }
    }
}

impl MonthBlock<'_> {
    /// A day of the grid, as the template's `td` writes it.
    fn cell(&self, html: &mut Html, day: NaiveDate, entries: Option<String>) {
        let in_month = day.month() == self.month;
        let today = day == self.today;
        html.raw("<td class=\"");
        if !in_month {
            html.raw("outside");
        }
        if today {
            html.raw(" today");
        }
        if entries.is_some() {
            html.raw(" busy");
        }
        html.raw("\"");
        if today {
            html.raw(" aria-current=\"date\"");
        }
        let date = day.to_string();
        html.raw(">\n<time class=\"daynum\" datetime=\"")
            .text(&date)
            .raw("\">")
            .raw(&day.day().to_string())
            .raw("</time>");
        match entries.filter(|_| in_month) {
            Some(markup) => {
                html.raw("<span class=\"dayname\">")
                    .text(&self.p.language.date(day))
                    .raw("</span>\n<ul>")
                    .hand_over(markup)
                    .raw("</ul>");
            }
            None => {
                html.raw("\n");
            }
        }
        html.raw("\n</td>\n");
    }
}

#[derive(Serialize)]
struct DayCell {
    date: String,
    day: u32,
    label: String,
    in_month: bool,
    today: bool,
    occurrences: Vec<tera::Value>,
}

#[derive(Serialize)]
struct WeekdayName {
    short: &'static str,
    long: &'static str,
}

/// The months from `first`'s to `last`'s: the month pages an occurrence
/// covering those days is on.
pub fn months_covering((first, last): (NaiveDate, NaiveDate)) -> impl Iterator<Item = (i32, u32)> {
    let end = (last.year(), last.month());
    std::iter::successors(Some((first.year(), first.month())), |m| {
        Some(add_months(*m, 1))
    })
    .take_while(move |m| *m <= end)
}

/// The month `n` months after (or before, for negative `n`) the given one.
fn add_months((year, month): (i32, u32), n: i32) -> (i32, u32) {
    let index = year * 12 + month as i32 - 1 + n;
    (index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
}
