//! Rendering: the calendar and its index in, files in memory out.
//!
//! Templates never see the domain types; they get view structs made for them
//! with every date already formatted, so a theme needs no date logic.

pub mod theme;

use crate::expand::{Moment, Occurrence};
use crate::index::Index;
use crate::model::{Calendar, Status};
use crate::output::OutputFile;
use chrono::{DateTime, NaiveDate};
use chrono_tz::Tz;
use serde::Serialize;
use theme::Theme;

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    language: &'a str,
    base_url: &'a str,
    timezone: &'a str,
}

#[derive(Serialize)]
struct OccurrenceView<'a> {
    title: &'a str,
    slug: &'a str,
    /// `datetime` attribute: RFC 3339, or a date for all-day events.
    datetime: String,
    time: String,
    group: Option<&'a str>,
    place: Option<&'a str>,
    online: bool,
    tags: &'a [String],
    status: Status,
}

#[derive(Serialize)]
struct DayView<'a> {
    date: String,
    label: String,
    occurrences: Vec<OccurrenceView<'a>>,
}

/// Renders every page of the site.
pub fn render_site(
    calendar: &Calendar,
    index: &Index,
    theme: &Theme,
) -> Result<Vec<OutputFile>, String> {
    let mut files = theme.static_files.clone();
    files.push(home_page(calendar, index, theme)?);
    Ok(files)
}

fn site_view(calendar: &Calendar) -> SiteView<'_> {
    let site = &calendar.site;
    SiteView {
        title: &site.title,
        description: site.description.as_deref(),
        language: &site.language,
        base_url: &site.base_url,
        timezone: site.timezone.name(),
    }
}

fn home_page(calendar: &Calendar, index: &Index, theme: &Theme) -> Result<OutputFile, String> {
    let zone = calendar.site.timezone;
    let mut days: Vec<DayView> = Vec::new();
    for occurrence in index.upcoming() {
        let date = local_date(&occurrence.start, zone);
        let view = occurrence_view(calendar, occurrence, zone);
        match days.last_mut() {
            Some(day) if day.date == date.to_string() => day.occurrences.push(view),
            _ => days.push(DayView {
                date: date.to_string(),
                label: date.format("%A %-d %B %Y").to_string(),
                occurrences: vec![view],
            }),
        }
    }
    let mut context = tera::Context::new();
    context.insert("site", &site_view(calendar));
    context.insert("days", &days);
    let html = theme.render("index.html", &context)?;
    Ok(OutputFile::new("index.html", html))
}

fn local_date(moment: &Moment, zone: Tz) -> NaiveDate {
    match moment {
        Moment::At(t) => t.with_timezone(&zone).date_naive(),
        Moment::Day(d) => *d,
    }
}

fn occurrence_view<'a>(
    calendar: &'a Calendar,
    occurrence: &Occurrence,
    zone: Tz,
) -> OccurrenceView<'a> {
    let event = &calendar.events[occurrence.event];
    let (datetime, time) = match occurrence.start {
        Moment::At(t) => (t.to_rfc3339(), time_label(&t, zone)),
        Moment::Day(d) => (d.to_string(), "All day".to_string()),
    };
    OccurrenceView {
        title: occurrence.title(event),
        slug: &event.slug,
        datetime,
        time,
        group: event.group.map(|g| calendar.groups[g].name.as_str()),
        place: occurrence
            .venue(event)
            .map(|p| calendar.venue(p).name.as_str()),
        online: occurrence.online(event).is_some(),
        tags: occurrence.tags(event),
        status: occurrence.status,
    }
}

/// "19:00", or "18:00 (12:00 America/Montreal)" when the event's zone differs.
fn time_label(t: &DateTime<Tz>, zone: Tz) -> String {
    let local = t.with_timezone(&zone).format("%H:%M").to_string();
    if t.timezone() == zone {
        local
    } else {
        format!("{local} ({} {})", t.format("%H:%M"), t.timezone().name())
    }
}
