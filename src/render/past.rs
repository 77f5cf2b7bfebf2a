//! The archive: `/past/<yyyy>/` with every past date of a year, most
//! recent first, and `/past/` with the latest of them, by year.
//!
//! While a theme keeps `past.html`, `partials/agenda.html` and
//! `base.html`, meetcal writes their bytes itself: a year of a busy
//! calendar lists tens of thousands of dates, and handing each day's
//! entries to the template engine copied the page three times over. A
//! theme's own templates always win over the writer.

use super::entries::{Entries, Reads};
use super::layout::{self, Blocks, Html, Page};
use super::views::{DayView, Link};
use crate::expand::Occurrence;
use crate::limits::SOON_MAX;
use crate::output::OutputFile;
use crate::prepare::Prepared;
use crate::urls;
use chrono::Datelike;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

const TEMPLATE: &str = "past.html";

/// Every template an archive page reads.
const READS: [&str; 3] = [TEMPLATE, "partials/agenda.html", "base.html"];

/// The archive pages the render wants, in memory.
pub fn render(p: &Prepared, entries: &Entries) -> Result<Vec<OutputFile>, String> {
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
    let mut files = wanted
        .into_par_iter()
        .map(|(&year, occurrences)| {
            archive.page(
                urls::past_year_path(year),
                format!("{} {year} · {}", words.past, p.calendar.site.title),
                &format!("{} · {year}", words.past),
                &[(year, occurrences)],
                None,
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
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
    files.push(archive.page(
        urls::PAST_PAGE.into(),
        format!("{} · {}", words.past, p.calendar.site.title),
        words.past,
        &latest,
        more.as_ref(),
    )?);
    Ok(files)
}

struct Archive<'a> {
    p: &'a Prepared<'a>,
    entries: &'a Entries,
    year_links: &'a [Link],
    /// Whether the theme keeps every template the page reads.
    written: bool,
}

impl Archive<'_> {
    /// A page of `years`, each with its past dates.
    fn page(
        &self,
        path: String,
        title: String,
        heading: &str,
        years: &[(i32, &Vec<&Occurrence>)],
        more: Option<&Link>,
    ) -> Result<OutputFile, String> {
        let page = Page {
            template: TEMPLATE,
            path,
            title,
            description: None,
            feeds: vec![layout::whole_calendar_feed(self.p)],
            section: "past",
        };
        if self.written {
            let main = self.main_block(heading, years, more)?;
            let capacity = 6 * 1024 + main.len();
            return Ok(layout::write(self.p, page, &main, capacity));
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
        layout::render(self.p, page, context)
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

    /// The `main` block of the built-in `past.html`, its days written.
    fn main_block<'y>(
        &self,
        heading: &'y str,
        years: &[(i32, &Vec<&Occurrence>)],
        more: Option<&'y Link>,
    ) -> Result<MainBlock<'_, 'y>, String> {
        let years = years
            .iter()
            .map(|(year, occurrences)| {
                let prefix = format!("{year}-");
                let days =
                    self.entries
                        .written_days(self.p, occurrences.iter().copied(), (&prefix, 3))?;
                Ok((*year, days))
            })
            .collect::<Result<_, String>>()?;
        Ok(MainBlock {
            archive: self,
            heading,
            years,
            more,
        })
    }
}

/// What the built-in `past.html` makes of its `main` block; it has no
/// `head` block.
struct MainBlock<'a, 'y> {
    archive: &'y Archive<'a>,
    heading: &'y str,
    /// Each year's days, as `partials/agenda.html` writes them.
    years: Vec<(i32, Vec<String>)>,
    more: Option<&'y Link>,
}

impl MainBlock<'_, '_> {
    fn len(&self) -> usize {
        let days: usize = self
            .years
            .iter()
            .flat_map(|(_, days)| days)
            .map(String::len)
            .sum();
        days + 1024 * (1 + self.years.len())
    }
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
        for (year, days) in &self.years {
            let number = year.to_string();
            html.raw("\n<section aria-labelledby=\"year-")
                .text(&number)
                .raw("\">\n<h2 id=\"year-")
                .text(&number)
                .raw("\">")
                .link(&p.urls.past_year(*year), &number)
                .raw("</h2>\n");
            for day in days {
                html.raw(day);
            }
            // The partial's closing line break, then the template's.
            html.raw("\n\n</section>\n");
        }
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
