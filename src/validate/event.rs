//! The checks of one event file against the rest of the calendar: its
//! group and venue, its times in its zone, and, for an override, the
//! series and date it changes.

use super::find;
use crate::diagnostics::display_path;
use crate::fields::FileContext;
use crate::model::{Changes, Ends, Event, Group, Override, Place, Status, Timing};
use crate::parse::{check_end, EventFile, VenueField};
use crate::recurrence::{Ending, Rule};
use crate::when::{local_time, LocalTime, When};
use crate::yaml::{key, Seg};
use chrono::{Duration, NaiveDate};
use chrono_tz::Tz;

pub(super) struct Refs<'a> {
    pub site_zone: Tz,
    pub default_length: Duration,
    pub groups: &'a [Group],
    pub group_slugs: &'a [&'a str],
    pub venue_slugs: &'a [&'a str],
    pub unread_groups: &'a [&'a str],
    pub unread_venues: &'a [&'a str],
    /// Where the venue files are, for a venue written in an event file.
    pub venues_middle: Option<(f64, f64)>,
}

impl Refs<'_> {
    /// The group `slug` names, or an error on `group:`.
    fn group(&self, ctx: &FileContext, slug: &str) -> Option<usize> {
        let (known, unread) = (self.group_slugs, self.unread_groups);
        find(ctx, &key("group"), "group", slug, known, unread)
    }

    /// The venue `slug` names, or an error on `venue:`.
    fn venue(&self, ctx: &FileContext, slug: &str) -> Option<usize> {
        let (known, unread) = (self.venue_slugs, self.unread_venues);
        find(ctx, &key("venue"), "venue", slug, known, unread)
    }

    /// Only the group and venue references, for a file with other problems.
    pub(super) fn check_references(&self, ctx: &FileContext, file: &EventFile) {
        if let Some(slug) = &file.group {
            self.group(ctx, slug);
        }
        if let Some(VenueField::Slug(slug)) = &file.venue {
            self.venue(ctx, slug);
        }
    }

    pub(super) fn event(&self, ctx: &FileContext, file: EventFile) -> Option<Event> {
        let group = file.group.as_ref().and_then(|slug| self.group(ctx, slug));
        let group_ref = group.map(|i| &self.groups[i]);
        let timezone = file
            .timezone
            .or(group_ref.and_then(|g| g.timezone))
            .unwrap_or(self.site_zone);
        let venue = match &file.venue {
            Some(field) => self.place(ctx, field).flatten(),
            None => group_ref.and_then(|g| g.venue).map(Place::Shared),
        };
        let timing = self.timing(ctx, file.start?, file.end, file.duration)?;
        if file.repeat.is_some()
            && !fits_a_series(ctx, &file, &timing, "for one long event, remove `repeat:`")
        {
            return None;
        }
        if let Some(rule) = &file.repeat {
            if let Err(e) = rule.check_start(timing.date()) {
                // An `until` before the start is the `until`'s mistake, most times.
                let at = match rule.ending {
                    Ending::Until(until) if until < timing.date() => {
                        vec![Seg::Key("repeat".into()), Seg::Key("until".into())]
                    }
                    _ => key("start"),
                };
                ctx.error_at_value(&at, e.message, e.hint);
            }
            self.check_except(ctx, &file, timing.date());
            if rule.first_met(timing.date()).is_none() {
                ctx.error_at_value(
                    &[Seg::Key("repeat".into()), Seg::Key("except".into())],
                    "`except` skips every date of this series, so it never happens".into(),
                    Some(
                        "remove dates from `except`, or delete the file if the series is over"
                            .into(),
                    ),
                );
                return None;
            }
        } else {
            check_one_off_times(ctx, timezone, file.start?, file.end);
        }
        let tags = file
            .tags
            .or_else(|| group_ref.map(|g| g.tags.clone()))
            .unwrap_or_default();
        Some(Event {
            slug: file.slug,
            source: ctx.source.path.clone(),
            title: file.title?,
            timing,
            timezone,
            group,
            venue,
            online: file.online.flatten(),
            url: file.url,
            links: file.links.unwrap_or_default(),
            tags,
            status: file.status.unwrap_or(Status::Confirmed),
            repeat: file.repeat,
            uid: file.uid,
            description: file.description.unwrap_or_default(),
            overrides: Vec::new(),
        })
    }

    /// Where `field` puts the event: `Some(None)` for `venue: none`, and
    /// `None` for a venue the calendar does not have (an error).
    fn place(&self, ctx: &FileContext, field: &VenueField) -> Option<Option<Place>> {
        Some(match field {
            VenueField::Slug(slug) => Some(Place::Shared(self.venue(ctx, slug)?)),
            VenueField::Inline(venue) => {
                super::places::check_place(ctx, &key("venue"), venue, self.venues_middle);
                Some(Place::Inline(Box::new(venue.clone())))
            }
            VenueField::Nowhere => None,
        })
    }

    fn timing(
        &self,
        ctx: &FileContext,
        start: When,
        end: Option<When>,
        duration: Option<Duration>,
    ) -> Option<Timing> {
        match start {
            When::Timed(start) => {
                let (length, ends) = match (end, duration) {
                    (Some(When::Timed(end)), _) => (end - start, Ends::AtClockTime),
                    (Some(When::AllDay(_)), _) => return None,
                    (None, Some(d)) => (d, Ends::AfterLength),
                    (None, None) => (self.default_length, Ends::AfterLength),
                };
                // `duration` is bounded when read; an `end` can be years away.
                if length > Duration::days(crate::when::MAX_DURATION_DAYS) {
                    ctx.error_at_value(
                        &key("end"),
                        format!(
                            "the event lasts {} days, more than {}",
                            length.num_days(),
                            crate::when::MAX_DURATION_DAYS
                        ),
                        Some("check the end's year and month; for something that happens repeatedly, use `repeat:`".into()),
                    );
                    return None;
                }
                Some(Timing::Timed {
                    start,
                    length,
                    ends,
                })
            }
            When::AllDay(first) => {
                let days = match (end, duration) {
                    (Some(When::AllDay(last)), _) => (last - first).num_days() + 1,
                    (Some(When::Timed(_)), _) => return None,
                    (None, Some(d)) => d.num_days(),
                    (None, None) => 1,
                };
                if days > crate::when::MAX_DURATION_DAYS {
                    ctx.error_at_value(
                        &key("end"),
                        format!(
                            "the event lasts {days} days, more than {}",
                            crate::when::MAX_DURATION_DAYS
                        ),
                        Some("for something that happens repeatedly, use `repeat:`".into()),
                    );
                    return None;
                }
                Some(Timing::AllDay {
                    first,
                    days: days.max(1) as u32,
                })
            }
        }
    }

    fn check_except(&self, ctx: &FileContext, file: &EventFile, start: NaiveDate) {
        let Some(rule) = &file.repeat else { return };
        let Some(last) = rule.except.iter().max() else {
            return;
        };
        let without_except = Rule {
            except: Vec::new(),
            ..rule.clone()
        };
        // The series is listed once for all the dates, not once per date: a
        // daily series since 1970 with a thousand `except` dates took minutes.
        let dates = without_except.dates(start, *last + Duration::days(NEARBY_DAYS), usize::MAX);
        for (i, date) in rule.except.iter().enumerate() {
            if dates.binary_search(date).is_err() {
                let path = vec![
                    Seg::Key("repeat".into()),
                    Seg::Key("except".into()),
                    Seg::Index(i),
                ];
                ctx.error_at_value(
                    &path,
                    format!("{date} is not a date of this series, so there is nothing to skip"),
                    Some(nearby_hint(&dates, *date)),
                );
            }
        }
    }

    pub(super) fn attach_override(
        &self,
        ctx: &FileContext,
        file: EventFile,
        events: &mut [std::sync::Arc<Event>],
    ) {
        let (Some(series_slug), Some(date)) = (&file.occurrence_of, file.date) else {
            return;
        };
        // Events are sorted by slug; the list of series is made only to
        // report one that is not there: a one-off event would be refused.
        let Ok(index) = events.binary_search_by(|e| e.slug.as_str().cmp(series_slug)) else {
            let series: Vec<&str> = events
                .iter()
                .filter(|e| e.repeat.is_some())
                .map(|e| e.slug.as_str())
                .collect();
            find(
                ctx,
                &key("occurrence_of"),
                "series",
                series_slug,
                &series,
                &[],
            );
            return;
        };
        let series = &events[index];
        let Some(rule) = &series.repeat else {
            ctx.error_at_value(
                &key("occurrence_of"),
                format!("`{series_slug}` is not a recurring event: it has no `repeat`"),
                Some(format!(
                    "edit {} itself instead",
                    display_path(&series.source)
                )),
            );
            return;
        };
        if rule.except.contains(&date) {
            ctx.error_at_value(
                &key("date"),
                format!("{date} is skipped by the series' `except`, so there is nothing to change"),
                Some("remove the date from `except`, or delete this file".into()),
            );
            return;
        }
        if !rule.is_date(series.timing.date(), date) {
            ctx.error_at_value(
                &key("date"),
                format!("{date} is not a date of the series `{series_slug}`"),
                Some(nearby_hint(
                    &rule.dates(
                        series.timing.date(),
                        date + Duration::days(NEARBY_DAYS),
                        usize::MAX,
                    ),
                    date,
                )),
            );
            return;
        }
        for name in ["group", "timezone"] {
            let present = match name {
                "group" => file.group.is_some(),
                _ => file.timezone.is_some(),
            };
            if present {
                ctx.error(
                    &key(name),
                    format!("a file that changes one occurrence cannot change `{name}`"),
                    Some(format!(
                        "remove `{name}`: the occurrence keeps its series' group and zone"
                    )),
                );
            }
        }
        let timing = match (file.start, file.end, file.duration) {
            (None, None, None) => None,
            (Some(start), end, duration) => {
                self.timing_with_default(ctx, start, end, duration, &series.timing)
            }
            (None, end, duration) => {
                let own_start = match series.timing.on(date) {
                    Timing::Timed { start, .. } => When::Timed(start),
                    Timing::AllDay { first, .. } => When::AllDay(first),
                };
                // The file's own start is checked against its end when read;
                // the series' start only now.
                if let Some(end) = end {
                    check_end(ctx, own_start, end);
                }
                self.timing_with_default(ctx, own_start, end, duration, &series.timing)
            }
        };
        let hint = "check the end's date; for a longer event, write a file of its own";
        if timing
            .as_ref()
            .is_some_and(|t| !fits_a_series(ctx, &file, t, hint))
        {
            return;
        }
        if let Some(start) = file.start {
            check_exists(ctx, &key("start"), series.timezone, start);
        }
        let venue = file.venue.as_ref().and_then(|v| self.place(ctx, v));
        // A copy when an earlier validation's memo shares the event: it
        // keeps the series as its own file makes it.
        std::sync::Arc::make_mut(&mut events[index])
            .overrides
            .push(Override {
                slug: file.slug,
                source: ctx.source.path.clone(),
                date,
                changes: Changes {
                    title: file.title,
                    timing,
                    venue,
                    online: file.online,
                    url: file.url,
                    links: file.links,
                    tags: file.tags,
                    status: file.status,
                    description: file.description,
                },
            });
    }

    /// An override's timing: its own end or duration, or the series' length.
    fn timing_with_default(
        &self,
        ctx: &FileContext,
        start: When,
        end: Option<When>,
        duration: Option<Duration>,
        series: &Timing,
    ) -> Option<Timing> {
        if end.is_some() || duration.is_some() {
            return self.timing(ctx, start, end, duration);
        }
        match (start, series) {
            (When::Timed(start), Timing::Timed { length, ends, .. }) => Some(Timing::Timed {
                start,
                length: *length,
                ends: *ends,
            }),
            (When::AllDay(first), Timing::AllDay { days, .. }) => {
                Some(Timing::AllDay { first, days: *days })
            }
            // Most often a date moved with its time forgotten; a whole day
            // instead is said with an `end`.
            (When::AllDay(day), Timing::Timed { start, .. }) => {
                let time = start.format("%H:%M");
                ctx.error_at_value(
                    &key("start"),
                    format!("`start` is a date only, and the series' dates start at {time}"),
                    Some(format!(
                        "to move this date, write `start: {day} {time}`; to make it a whole day, add `end: {day}`"
                    )),
                );
                None
            }
            _ => self.timing(ctx, start, None, None),
        }
    }
}

/// Whether an occurrence of a series lasts no longer than one may; reports
/// it on `end` or `duration` otherwise.
fn fits_a_series(ctx: &FileContext, file: &EventFile, timing: &Timing, hint: &str) -> bool {
    let longest = Duration::days(crate::limits::MAX_SERIES_OCCURRENCE_DAYS);
    if timing.length() <= longest {
        return true;
    }
    let field = if file.end.is_some() {
        "end"
    } else {
        "duration"
    };
    ctx.error_at_value(
        &key(field),
        format!(
            "each occurrence lasts {} days; an occurrence of a series lasts at most {} days",
            timing.length().num_days(),
            longest.num_days()
        ),
        Some(hint.into()),
    );
    false
}

/// How far around a wrong date the hint looks for dates of the series.
const NEARBY_DAYS: i64 = 40;

/// "dates of the series near it: ...", for a date that is not one of them,
/// given the series' dates up to [`NEARBY_DAYS`] after it.
fn nearby_hint(dates: &[NaiveDate], date: NaiveDate) -> String {
    let nearby: Vec<String> = dates
        .iter()
        .filter(|d| (**d - date).num_days().abs() <= NEARBY_DAYS)
        .map(|d| d.to_string())
        .collect();
    if nearby.is_empty() {
        "check the date against the series' start, weekday and `until`".to_string()
    } else {
        format!("dates of the series near it: {}", nearby.join(", "))
    }
}

/// A one-off event's start and end, each on the clock of its zone: what
/// `check` and `meetcal new` both ask.
pub fn check_one_off_times(ctx: &FileContext, tz: Tz, start: When, end: Option<When>) {
    check_exists(ctx, &key("start"), tz, start);
    if let Some(end) = end {
        check_exists(ctx, &key("end"), tz, end);
    }
}

/// A one-off time must exist exactly once on the clock of its zone.
fn check_exists(ctx: &FileContext, path: &[Seg], tz: Tz, when: When) {
    let When::Timed(wall) = when else { return };
    match local_time(tz, wall) {
        LocalTime::Exact(_) => {}
        LocalTime::Gap => ctx.error_at_value(
            path,
            format!(
                "{} does not exist in {}: the clocks skip it when daylight-saving time starts",
                wall.format("%Y-%m-%d %H:%M"),
                tz.name()
            ),
            Some(format!(
                "pick a time outside the skipped hour, such as {}",
                crate::when::resolve(tz, wall).format("%H:%M")
            )),
        ),
        LocalTime::Ambiguous(first, second) => ctx.error_at_value(
            path,
            format!(
                "{} happens twice in {} ({} and {}): the clocks go back that night",
                wall.format("%Y-%m-%d %H:%M"),
                tz.name(),
                first.format("%:z"),
                second.format("%:z")
            ),
            Some("pick a time outside the repeated hour".into()),
        ),
    }
}
