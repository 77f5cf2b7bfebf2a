//! The archive: `/past/<yyyy>/` with the past dates of a year, most
//! recent first, and `/past/` with the latest of them, by year. A series
//! has a line per year instead of one per date (see [`SeriesLine`]).
//!
//! While a theme keeps `past.html`, `partials/agenda.html` and
//! `base.html`, meetcal writes their bytes itself: a year of a busy
//! calendar lists tens of thousands of dates, and handing each day's
//! entries to the template engine copied the page three times over. A
//! theme's own templates always win over the writer.

use super::entries::{by_day, Entries, Reads};
use super::html::Html;
use super::layout::{self, Blocks, Page};
use super::views::{DayView, Link};
use crate::expand::{local_date, moments, Occurrence};
use crate::limits::SOON_MAX;
use crate::model::Status;
use crate::output::{Piece, Sink};
use crate::prepare::Prepared;
use crate::urls;
use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use serde::Serialize;
use std::cell::{Cell, RefCell};
use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap};

const TEMPLATE: &str = "past.html";

/// Every template an archive page reads.
const READS: [&str; 3] = [TEMPLATE, "partials/agenda.html", "base.html"];

/// Puts the archive pages the render wants.
pub fn render(p: &Prepared, entries: &Entries, sink: &dyn Sink) -> Result<(), String> {
    let words = p.words();
    let years = archive_years(p);
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
    let wanted: Vec<(&i32, &Year)> = years
        .iter()
        .rev()
        .filter(|(year, _)| p.scope.wants(&urls::past_year_path(**year)))
        .collect();
    wanted.into_par_iter().try_for_each(|(&year, listed)| {
        archive.put(
            sink,
            &[YearPart {
                year,
                dates: &listed.dates,
                series: &listed.series,
            }],
            None,
            Some(year),
        )
    })?;
    // The latest SOON_MAX dates, and the rest of the last day listed:
    // the link below must lead to earlier days only. The latest year is
    // shown even when its series' lines are all it has.
    let mut latest: BTreeMap<i32, Vec<&Occurrence>> = BTreeMap::new();
    if let Some(year) = years.keys().next_back() {
        latest.insert(*year, Vec::new());
    }
    let mut past = years
        .values()
        .rev()
        .flat_map(|year| year.dates.iter().copied())
        .peekable();
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
    let latest: Vec<YearPart> = latest
        .iter()
        .rev()
        .map(|(year, dates)| YearPart {
            year: *year,
            dates,
            series: years.get(year).map_or(&[], |y| &y.series),
        })
        .collect();
    archive.put(sink, &latest, more.as_ref(), None)
}

fn year_of(o: &Occurrence) -> i32 {
    o.days.0.year()
}

/// A year of the archive: the dates listed day by day, and a line for
/// each series that met in it.
#[derive(Default)]
struct Year<'o> {
    dates: Vec<&'o Occurrence>,
    series: Vec<SeriesLine>,
}

/// A series in a year of the archive, on one line: a weekly meetup listed
/// date by date filled a year with the same line fifty times (and a
/// calendar of many series with pages of tens of megabytes).
#[derive(Serialize)]
pub struct SeriesLine {
    url: String,
    title: String,
    /// "Every week on Tuesday · 48 dates, 7 January to 1 December", and
    /// "· since 21 August 2019" for a series older than its listed dates.
    summary: String,
}

/// Whether the archive sums `o` up in its series' line: a date of a rule
/// that took place, unchanged. A date a file changes or cancels keeps its
/// own line, on its day.
fn summed_up(p: &Prepared, o: &Occurrence) -> bool {
    o.changed_by.is_none()
        && o.status != Status::Cancelled
        && p.calendar.events[o.event].repeat.is_some()
}

/// Every year with past dates, newest last: its dates listed one by one,
/// and its series' lines, the latest first.
fn archive_years<'p>(p: &'p Prepared) -> BTreeMap<i32, Year<'p>> {
    let mut years: BTreeMap<i32, Year> = BTreeMap::new();
    // Per year and series: how many dates, the first and the last.
    let mut tallies: BTreeMap<(i32, usize), (usize, NaiveDate, NaiveDate)> = BTreeMap::new();
    for o in p.index.past() {
        let year = year_of(o);
        let listed = years.entry(year).or_default();
        if !summed_up(p, o) {
            listed.dates.push(o);
            continue;
        }
        let day = o.days.0;
        let tally = tallies.entry((year, o.event)).or_insert((0, day, day));
        tally.0 += 1;
        tally.1 = tally.1.min(day);
        tally.2 = tally.2.max(day);
    }
    // Each series' first listed date: the site lists a series' past dates
    // only so far back, and a year before that is not the series' first.
    let mut first_listed: HashMap<usize, NaiveDate> = HashMap::new();
    for (&(_, event), &(_, first, _)) in &tallies {
        first_listed.entry(event).or_insert(first);
    }
    let language = p.language;
    let words = p.words();
    let mut lines: Vec<(i32, NaiveDate, usize, SeriesLine)> = tallies
        .into_iter()
        .map(|((year, event), (count, first, last))| {
            let series = &p.calendar.events[event];
            let rule = series
                .repeat
                .as_ref()
                .map_or_else(String::new, |rule| super::repeats::describe(language, rule));
            let dates = if count == 1 {
                words
                    .one_series_date
                    .replace("{first}", &language.day_month(first))
            } else {
                words
                    .n_series_dates
                    .replace("{n}", &count.to_string())
                    .replace("{first}", &language.day_month(first))
                    .replace("{last}", &language.day_month(last))
            };
            // On its earliest listed year's line only: its first date's day
            // where the site is, as the archive counts days; a skipped
            // (`except`) start is not a date it met.
            let began = (first_listed[&event] == first)
                .then_some(series.repeat.as_ref())
                .flatten()
                .and_then(|rule| rule.first_met(series.timing.date()))
                .map(|date| {
                    local_date(
                        &moments(&series.timing.on(date), series.timezone).0,
                        series.timezone,
                        p.zone,
                    )
                });
            let summary = if let Some(began) = began.filter(|&b| b < first) {
                let since = format!("{} {}", language.day_month(began), began.year());
                let since = words.series_since.replace("{date}", &since);
                format!("{rule} · {dates} · {since}")
            } else {
                format!("{rule} · {dates}")
            };
            let line = SeriesLine {
                url: p.urls.event(&series.slug),
                title: series.title.clone(),
                summary,
            };
            (year, last, event, line)
        })
        .collect();
    lines.sort_by_key(|&(year, last, event, _)| (year, Reverse(last), event));
    for (year, _, _, line) in lines {
        years.entry(year).or_default().series.push(line);
    }
    years
}

/// What a page shows of a year.
struct YearPart<'a> {
    year: i32,
    dates: &'a [&'a Occurrence],
    series: &'a [SeriesLine],
}

struct Archive<'a> {
    p: &'a Prepared<'a>,
    entries: &'a Entries,
    year_links: &'a [Link],
    /// Whether the theme keeps every template the page reads.
    written: bool,
}

impl Archive<'_> {
    /// Puts a page of `years`, each with its past dates: the page of
    /// `this_year`, or `/past/` with the latest dates.
    fn put(
        &self,
        sink: &dyn Sink,
        years: &[YearPart],
        more: Option<&Link>,
        this_year: Option<i32>,
    ) -> Result<(), String> {
        let words = self.p.words();
        let site = &self.p.calendar.site.title;
        let (path, title, heading) = match this_year {
            Some(year) => (
                urls::past_year_path(year),
                format!("{} {year} · {site}", words.past),
                format!("{} · {year}", words.past),
            ),
            None => (
                urls::PAST_PAGE.into(),
                format!("{} · {site}", words.past),
                words.past.to_string(),
            ),
        };
        let heading = heading.as_str();
        let page = Page {
            template: TEMPLATE,
            path,
            title,
            description: None,
            feeds: vec![layout::whole_calendar_feed(self.p)],
            section: "past",
        };
        if self.written {
            return self.put_written(sink, page, heading, years, more, this_year);
        }
        let views = years
            .iter()
            .map(|part| self.year_view(part))
            .collect::<Result<Vec<_>, _>>()?;
        let mut context = tera::Context::new();
        context.insert("years", &views);
        context.insert("year_links", self.year_links);
        // A year's own page neither links to itself nor leaves the pager
        // without a current year.
        context.insert(
            "this_year",
            &this_year.map_or(String::new(), |y| y.to_string()),
        );
        context.insert("heading", heading);
        context.insert("more", &more);
        sink.put(layout::render(self.p, page, context)?)
    }

    fn year_view<'y>(&self, part: &YearPart<'y>) -> Result<YearView<'y>, String> {
        Ok(YearView {
            year: part.year,
            url: self.p.urls.past_year(part.year),
            series: part.series,
            days: self
                .entries
                .days(self.p, part.dates.iter().copied(), None, Reads::Entries)?,
        })
    }

    /// The page as the built-in `past.html` makes it, written while it is
    /// handed to `sink`: a window of days at a time, each window's days in
    /// parallel. A year of a large calendar lists megabytes of days (2.7
    /// MB a year for 50,000 one-off events over ten years); made whole,
    /// they all had to be in memory at once.
    fn put_written(
        &self,
        sink: &dyn Sink,
        page: Page,
        heading: &str,
        years: &[YearPart],
        more: Option<&Link>,
        this_year: Option<i32>,
    ) -> Result<(), String> {
        let main = MainBlock {
            archive: self,
            heading,
            this_year,
            years: years.iter().map(|part| (part.year, part.series)).collect(),
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
            .flat_map(|(before, part)| {
                let prefix = format!("{}-", part.year);
                let windows = windows(by_day(part.dates.iter().copied(), None));
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
    /// The year of a year's page; `None` on the archive's first page.
    this_year: Option<i32>,
    /// Each year, with its series' lines.
    years: Vec<(i32, &'y [SeriesLine])>,
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
            let this_year = self.this_year.map(|y| y.to_string());
            for link in self.archive.year_links {
                if this_year.as_deref() == Some(link.label.as_str()) {
                    html.raw("<li><a href=\"")
                        .text(&link.url)
                        .raw("\" aria-current=\"page\">")
                        .text(&link.label)
                        .raw("</a></li>");
                } else {
                    html.raw("<li>").link(&link.url, &link.label).raw("</li>");
                }
            }
            html.raw("</ul></nav>");
        }
        html.raw("\n");
        let mut before_days = Vec::new();
        for (year, series) in &self.years {
            let number = year.to_string();
            html.raw("\n<section aria-labelledby=\"year-")
                .text(&number)
                .raw("\">\n<h2 id=\"year-")
                .text(&number)
                .raw("\">");
            if self.this_year == Some(*year) {
                html.text(&number);
            } else {
                html.link(&p.urls.past_year(*year), &number);
            }
            html.raw("</h2>\n");
            if !series.is_empty() {
                html.raw("<h3 id=\"")
                    .text(&number)
                    .raw("-series\">")
                    .text(words.regular_meetups)
                    .raw("</h3>\n<ul class=\"series\">");
                for line in *series {
                    html.raw("\n<li><a href=\"")
                        .text(&line.url)
                        .raw("\"><bdi>")
                        .text(&line.title)
                        .raw("</bdi></a> · ")
                        .text(&line.summary)
                        .raw("</li>");
                }
                html.raw("\n</ul>\n");
            }
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
struct YearView<'y> {
    year: i32,
    url: String,
    series: &'y [SeriesLine],
    days: Vec<DayView>,
}
