//! The month grids: `/calendar/<yyyy>/<mm>/` for every month near now or
//! with something on, and `/calendar/` for the current month.

use super::entries::{Entries, EntryList};
use super::layout::{self, Page};
use super::views::Link;
use crate::expand::Occurrence;
use crate::limits::MONTHS_AROUND_NOW;
use crate::output::OutputFile;
use crate::prepare::Prepared;
use crate::urls::{self, month_path};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

pub fn render(
    p: &Prepared,
    entries: &Entries,
    today: NaiveDate,
) -> Result<Vec<OutputFile>, String> {
    Months { p, entries, today }.all()
}

struct Months<'a> {
    p: &'a Prepared<'a>,
    entries: &'a Entries,
    today: NaiveDate,
}

impl Months<'_> {
    /// A page per month within [`MONTHS_AROUND_NOW`] of now and per month
    /// with occurrences, each linking to the next page either side, plus
    /// `/calendar/` showing the current month.
    fn all(&self) -> Result<Vec<OutputFile>, String> {
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
        let pages = (0..months.len())
            .into_par_iter()
            .map(|i| {
                let month = months[i];
                let occurrences = by_month.get(&month).map(Vec::as_slice).unwrap_or_default();
                let prev = i.checked_sub(1).map(|p| months[p]);
                let next = months.get(i + 1).copied();
                let own = month_path(month.0, month.1);
                let mut paths = Vec::new();
                if self.p.scope.wants(&own) {
                    paths.push(own);
                }
                if month == current {
                    paths.push(urls::CALENDAR_PAGE.into());
                }
                paths
                    .into_iter()
                    .map(|path| self.month(month, occurrences, prev, next, now, path))
                    .collect::<Result<Vec<_>, _>>()
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(pages.into_iter().flatten().collect())
    }

    fn month(
        &self,
        (year, month): (i32, u32),
        occurrences: &[&Occurrence],
        prev: Option<(i32, u32)>,
        next: Option<(i32, u32)>,
        today: NaiveDate,
        path: String,
    ) -> Result<OutputFile, String> {
        let language = self.p.language;
        let first = NaiveDate::from_ymd_opt(year, month, 1).expect("valid month");
        let last = first + Duration::days(i64::from(crate::when::days_in_month(year, month)) - 1);
        // Weeks run Monday to Sunday, as in both supported languages.
        let grid_start = first - Duration::days(i64::from(first.weekday().num_days_from_monday()));
        let grid_end = last + Duration::days(i64::from(6 - last.weekday().num_days_from_monday()));
        // Each day's entries, in the order of `occurrences`.
        let mut by_day: BTreeMap<NaiveDate, EntryList> = BTreeMap::new();
        for &o in occurrences {
            let (first, last) = o.days;
            let mut day = first.max(grid_start);
            while day <= last.min(grid_end) {
                by_day
                    .entry(day)
                    .or_insert_with(|| self.entries.cell())
                    .push(self.entries, self.p, o, day)?;
                day += Duration::days(1);
            }
        }
        let cells: Vec<DayCell> = grid_start
            .iter_days()
            .take_while(|day| *day <= grid_end)
            .map(|day| DayCell {
                date: day.to_string(),
                day: day.day(),
                label: language.date(day),
                in_month: day.month() == month,
                today: day == today,
                occurrences: by_day
                    .remove(&day)
                    .map(EntryList::into_values)
                    .unwrap_or_default(),
            })
            .collect();
        let mut weeks: Vec<Vec<DayCell>> = Vec::new();
        for cell in cells {
            match weeks.last_mut() {
                Some(week) if week.len() < 7 => week.push(cell),
                _ => weeks.push(vec![cell]),
            }
        }
        let weekdays: Vec<WeekdayName> = (0..7)
            .map(|i| {
                let d = Weekday::try_from(i as u8).expect("0..7");
                WeekdayName {
                    short: language.weekday_short(d),
                    long: language.weekday(d),
                }
            })
            .collect();
        let label = language.month_year(year, month);
        let link = |m: (i32, u32)| Link {
            label: language.month_year(m.0, m.1),
            url: self.p.urls.month(m.0, m.1),
        };
        let mut context = tera::Context::new();
        context.insert("label", &label);
        context.insert("weekdays", &weekdays);
        context.insert("weeks", &weeks);
        context.insert("prev", &prev.map(link));
        context.insert("next", &next.map(link));
        layout::render(
            self.p,
            Page {
                template: "month.html",
                path,
                title: format!("{label} · {}", self.p.calendar.site.title),
                description: None,
                feeds: vec![layout::whole_calendar_feed(self.p)],
                section: "calendar",
            },
            context,
        )
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
