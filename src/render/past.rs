//! The archive: `/past/<yyyy>/` with every past date of a year, most
//! recent first, and `/past/` with the latest of them, by year.
//!
//! While a theme keeps `past.html`, `partials/agenda.html` and
//! `base.html`, meetcal writes their bytes itself: a year of a busy
//! calendar lists tens of thousands of dates, and handing each day's
//! entries to the template engine copied the page three times over. A
//! theme's own templates always win over the writer.

use super::entries::{by_day, Entries, Reads};
use super::layout::{self, Blocks, Html, Page};
use super::views::{DayView, Link};
use crate::expand::Occurrence;
use crate::limits::SOON_MAX;
use crate::output::{Piece, Sink};
use crate::prepare::Prepared;
use crate::urls;
use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use serde::Serialize;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

const TEMPLATE: &str = "past.html";

/// Every template an archive page reads.
const READS: [&str; 3] = [TEMPLATE, "partials/agenda.html", "base.html"];

/// Puts the archive pages the render wants.
pub fn render(p: &Prepared, entries: &Entries, sink: &dyn Sink) -> Result<(), String> {
    let words = p.words();
    let year_of = |o: &Occurrence| o.days.0.year();
    let mut years: BTreeMap<i32, Vec<&Occurrence>> = BTreeMap::new();
    for o in p.index.past() {
        years.entry(year_of(o)).or_default().push(o);
    }
    let year_links: Vec<Link> = years
        .keys()
        .rev()
        .map(|y| Link {
            label: y.to_string(),
            url: p.urls.past_year(*y),
        })
        .collect();
    let archive = Archive {
        p,
        entries,
        year_links: &year_links,
        written: READS.iter().all(|t| p.theme.is_builtin(t)),
    };
    let wanted: Vec<(&i32, &Vec<&Occurrence>)> = years
        .iter()
        .rev()
        .filter(|(year, _)| p.scope.wants(&urls::past_year_path(**year)))
        .collect();
    wanted
        .into_par_iter()
        .try_for_each(|(&year, occurrences)| {
            archive.put(
                sink,
                urls::past_year_path(year),
                format!("{} {year} · {}", words.past, p.calendar.site.title),
                &format!("{} · {year}", words.past),
                &[(year, occurrences)],
                None,
            )
        })?;
    // The latest SOON_MAX dates, and the rest of the last day listed:
    // the link below must lead to earlier days only.
    let mut latest: BTreeMap<i32, Vec<&Occurrence>> = BTreeMap::new();
    let mut past = p.index.past().peekable();
    let mut listed = 0;
    while let Some(o) = past.next() {
        latest.entry(year_of(o)).or_default().push(o);
        listed += 1;
        let day = o.days.0;
        let same_day = |next: &&Occurrence| next.days.0 == day;
        if listed >= SOON_MAX && !past.peek().is_some_and(same_day) {
            break;
        }
    }
    let more = past.next().map(|o| {
        let year = year_of(o);
        Link {
            label: words.earlier_dates.replace("{year}", &year.to_string()),
            url: p.urls.past_year(year),
        }
    });
    let latest: Vec<(i32, &Vec<&Occurrence>)> = latest.iter().rev().map(|(y, o)| (*y, o)).collect();
    archive.put(
        sink,
        urls::PAST_PAGE.into(),
        format!("{} · {}", words.past, p.calendar.site.title),
        words.past,
        &latest,
        more.as_ref(),
    )
}

struct Archive<'a> {
    p: &'a Prepared<'a>,
    entries: &'a Entries,
    year_links: &'a [Link],
    /// Whether the theme keeps every template the page reads.
    written: bool,
}

impl Archive<'_> {
    /// Puts a page of `years`, each with its past dates.
    fn put(
        &self,
        sink: &dyn Sink,
        path: String,
        title: String,
        heading: &str,
        years: &[(i32, &Vec<&Occurrence>)],
        more: Option<&Link>,
    ) -> Result<(), String> {
        let page = Page {
            template: TEMPLATE,
            path,
            title,
            description: None,
            feeds: vec![layout::whole_calendar_feed(self.p)],
            section: "past",
        };
        if self.written {
            return self.put_written(sink, page, heading, years, more);
        }
        let views = years
            .iter()
            .map(|(year, occurrences)| self.year_view(*year, occurrences))
            .collect::<Result<Vec<_>, _>>()?;
        let mut context = tera::Context::new();
        context.insert("years", &views);
        context.insert("year_links", self.year_links);
        context.insert("heading", heading);
        context.insert("more", &more);
        sink.put(layout::render(self.p, page, context)?)
    }

    fn year_view(&self, year: i32, occurrences: &[&Occurrence]) -> Result<YearView, String> {
        Ok(YearView {
            year,
            url: self.p.urls.past_year(year),
            days: self
                .entries
                .days(self.p, occurrences.iter().copied(), None, Reads::Entries)?,
        })
    }

    /// The page as the built-in `past.html` makes it, written while it is
    /// handed to `sink`: a window of days at a time, each window's days in
    /// parallel. A year of weekly series lists tens of megabytes of days;
    /// made whole, they all had to be in memory at once.
    fn put_written(
        &self,
        sink: &dyn Sink,
        page: Page,
        heading: &str,
        years: &[(i32, &Vec<&Occurrence>)],
        more: Option<&Link>,
    ) -> Result<(), String> {
        let main = MainBlock {
            archive: self,
            heading,
            years: years.iter().map(|(year, _)| *year).collect(),
            before_days: Cell::default(),
            more,
        };
        let (path, after) = layout::unwritten(self.p, page, &main, 8 * 1024);
        let before_days = main.before_days.take();
        // The first error, if a theme's entry template fails: the page
        // is abandoned, and the render with it.
        let failed: RefCell<Option<String>> = RefCell::default();
        let failed = &failed;
        let mut pieces = before_days
            .into_iter()
            .zip(years)
            .flat_map(|(before, (year, occurrences))| {
                let prefix = format!("{year}-");
                let windows = windows(by_day(occurrences.iter().copied(), None));
                let days = windows.into_iter().flat_map(move |window| {
                    if failed.borrow().is_some() {
                        return Vec::new();
                    }
                    let mut html = Html::with_capacity(4 * 1024);
                    match self.entries.written_days(self.p, &window, (&prefix, 3)) {
                        Ok(days) => days.into_iter().for_each(|day| day.write(&mut html)),
                        Err(error) => *failed.borrow_mut() = Some(error),
                    }
                    html.into_pieces()
                });
                before.into_iter().chain(days)
            })
            .chain(after.into_pieces());
        let put = sink.put_in_pieces(layout::file_path(path), &mut pieces);
        match failed.take() {
            Some(error) => Err(error),
            None => put,
        }
    }
}

/// How many dates a window of the archive holds, about: enough to keep
/// both cores busy, few enough that a window's markup (some hundreds of
/// bytes a date) is reused by the next.
const DATES_PER_WINDOW: usize = 2048;

/// `days` in windows of whole days, each of about [`DATES_PER_WINDOW`].
fn windows(days: Vec<(NaiveDate, Vec<&Occurrence>)>) -> Vec<Vec<(NaiveDate, Vec<&Occurrence>)>> {
    let mut windows = vec![Vec::new()];
    let mut dates = 0;
    for day in days {
        if dates >= DATES_PER_WINDOW {
            windows.push(Vec::new());
            dates = 0;
        }
        dates += day.1.len();
        windows.last_mut().expect("one at least").push(day);
    }
    windows
}

/// What the built-in `past.html` makes of its `main` block, but the days
/// of each year: `main` leaves them out, keeping what comes before each
/// year's days, and the page writes them in their places. It has no
/// `head` block.
struct MainBlock<'a, 'y> {
    archive: &'y Archive<'a>,
    heading: &'y str,
    years: Vec<i32>,
    /// Per year, the markup up to its days: taken from the page by `main`.
    before_days: Cell<Vec<Vec<Piece>>>,
    more: Option<&'y Link>,
}

impl Blocks for MainBlock<'_, '_> {
    fn head(&self, _html: &mut Html) {}

    fn main(&self, html: &mut Html) {
        let p = self.archive.p;
        let words = p.words();
        html.raw("\n<h1>").text(self.heading).raw("</h1>\n");
        if self.archive.year_links.len() > 1 {
            html.raw("<nav class=\"pager\" aria-label=\"")
                .text(words.year)
                .raw("\"><ul>");
            for link in self.archive.year_links {
                html.raw("<li>").link(&link.url, &link.label).raw("</li>");
            }
            html.raw("</ul></nav>");
        }
        html.raw("\n");
        let mut before_days = Vec::new();
        for year in &self.years {
            let number = year.to_string();
            html.raw("\n<section aria-labelledby=\"year-")
                .text(&number)
                .raw("\">\n<h2 id=\"year-")
                .text(&number)
                .raw("\">")
                .link(&p.urls.past_year(*year), &number)
                .raw("</h2>\n");
            let before = std::mem::replace(html, Html::with_capacity(4 * 1024));
            before_days.push(before.into_pieces());
            // The partial's closing line break, then the template's.
            html.raw("\n\n</section>\n");
        }
        self.before_days.set(before_days);
        if self.years.is_empty() {
            html.raw("\n<p>").text(words.no_past).raw("</p>\n");
        }
        html.raw("\n");
        if let Some(more) = self.more {
            html.raw("<p class=\"more\">")
                .link(&more.url, &more.label)
                .raw("</p>");
        }
        html.raw("\n");
    }
}

#[derive(Serialize)]
struct YearView {
    year: i32,
    url: String,
    days: Vec<DayView>,
}
