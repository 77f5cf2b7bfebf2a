//! The HTML pages, one function per kind. Each returns files in memory.

use super::embeds;
use super::entries::{Entries, Reads};
use super::event_page;
use super::indexes;
use super::layout::{self, Feed, Page};
use super::months;
use super::past;
use super::views::Link;
use crate::expand::Occurrence;
use crate::limits::{SERIES_PER_LIST, SOON_DAYS, SOON_MAX};
use crate::output::{OutputFile, Sink};
use crate::prepare::Prepared;
use crate::timing::stage;
use crate::urls;
use chrono::{Datelike, Duration, NaiveDate};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Renders every page into `sink`, each as soon as it is ready.
pub fn render(p: &Prepared, entries: &Entries, sink: &dyn Sink) -> Result<(), String> {
    Pages { p, entries }.all(sink)
}

struct Pages<'a> {
    p: &'a Prepared<'a>,
    entries: &'a Entries,
}

impl Pages<'_> {
    fn all(&self, sink: &dyn Sink) -> Result<(), String> {
        // The pages that are each one thread's work (the archive's years,
        // the largest lists) come first, and the ten thousand event pages
        // last: while the feeds are made beside them, no core waits for a
        // single large page at the end.
        stage("pages:home", || sink.put(self.home()?))?;
        stage("pages:past", || past::render(self.p, self.entries, sink))?;
        stage("pages:months", || {
            months::render(self.p, self.entries, self.today(), sink)
        })?;
        stage("pages:indexes", || put_all(sink, indexes::render(self.p)?))?;
        stage("pages:embeds", || {
            embeds::render(self.p, self.entries, sink)
        })?;
        stage("pages:lists", || {
            let calendar = self.p.calendar;
            (0..calendar.groups.len())
                .into_par_iter()
                .filter(|&i| {
                    self.p
                        .scope
                        .wants(&urls::group_path(&calendar.groups[i].slug))
                })
                .try_for_each(|i| sink.put(self.group(i)?))?;
            (0..calendar.venues.len())
                .into_par_iter()
                .filter(|&i| {
                    // An inline venue has no page: `venue` says so.
                    let slug = calendar.venues[i].slug.as_deref();
                    slug.is_none_or(|slug| self.p.scope.wants(&urls::venue_path(slug)))
                })
                .try_for_each(|i| sink.put(self.venue(i)?))?;
            self.p
                .index
                .by_tag
                .keys()
                .filter(|tag| self.p.scope.wants(&urls::tag_path(tag)))
                .collect::<Vec<_>>()
                .into_par_iter()
                .try_for_each(|tag| sink.put(self.tag(tag)?))
        })?;
        sink.put(self.subscribe()?)?;
        sink.put(self.not_found()?)?;
        // Event pages are most of the work and independent of each other.
        stage("pages:events", || {
            (0..self.p.calendar.events.len())
                .into_par_iter()
                .filter(|&i| self.p.wants_event_page(i))
                .try_for_each(|i| sink.put(event_page::render(self.p, i)?))
        })
    }

    /// Today in the site's zone.
    fn today(&self) -> NaiveDate {
        self.p.index.now.with_timezone(&self.p.zone).date_naive()
    }

    fn home(&self) -> Result<OutputFile, String> {
        let mut context = tera::Context::new();
        let soon = self.soon(self.p.index.upcoming());
        let days = self
            .entries
            .days(self.p, soon.shown, Some(self.today()), Reads::Entries)?;
        context.insert("days", &days);
        context.insert("more", &soon.more);
        let site = &self.p.calendar.site;
        layout::render(
            self.p,
            Page {
                template: "index.html",
                path: String::new(),
                title: site.title.clone(),
                description: site.description.clone(),
                feeds: vec![layout::whole_calendar_feed(self.p)],
                section: "home",
            },
            context,
        )
    }

    /// The upcoming occurrences a list page shows: those of the next
    /// `SOON_DAYS` (or the next one, when it is later), at most `SOON_MAX`;
    /// the month pages and the feeds have the rest. A busy calendar's home
    /// page stays readable and small.
    /// A series shows at most [`SERIES_PER_LIST`] of its dates in a list,
    /// so a daily series cannot fill the home page and each of its tag pages.
    /// Nothing is cut silently: what is left out is counted, and the list
    /// links to the month page where it is.
    fn soon<'o>(&self, upcoming: impl IntoIterator<Item = &'o Occurrence>) -> Soon<'o> {
        let mut upcoming = upcoming.into_iter().peekable();
        // The next event is always shown, however far away: an empty
        // window must not read as "no upcoming events".
        let until = (self.p.index.now + Duration::days(SOON_DAYS)).max(
            upcoming
                .peek()
                .map_or(self.p.index.now, |o| o.sort_key + Duration::seconds(1)),
        );
        let mut per_event: BTreeMap<usize, usize> = BTreeMap::new();
        let mut soon = Soon {
            shown: Vec::new(),
            more: Vec::new(),
        };
        let (mut left_out, mut first_left_out, mut later) = (0, None, None);
        for o in upcoming {
            if o.sort_key >= until {
                later = Some(o);
                break;
            }
            let of_event = per_event.entry(o.event).or_default();
            *of_event += 1;
            if *of_event > SERIES_PER_LIST || soon.shown.len() >= SOON_MAX {
                left_out += 1;
                first_left_out.get_or_insert(o);
            } else {
                soon.shown.push(o);
            }
        }
        let words = self.p.words();
        let month_of = |o: &Occurrence| {
            let (first, _) = o.days;
            self.p.urls.month(first.year(), first.month())
        };
        if let Some(o) = first_left_out {
            soon.more.push(Link {
                label: words
                    .more_soon
                    .replace("{n}", &left_out.to_string())
                    .replace("{days}", &SOON_DAYS.to_string()),
                url: month_of(o),
            });
        }
        if let Some(o) = later {
            soon.more.push(Link {
                label: words.later_events.to_string(),
                url: month_of(o),
            });
        }
        soon
    }

    /// The upcoming and past lists of a group's, venue's or tag's page.
    fn upcoming_and_past(
        &self,
        positions: &[usize],
        context: &mut tera::Context,
    ) -> Result<(), String> {
        const PAST_SHOWN: usize = 20;
        let (upcoming, past) = self.p.index.split(positions);
        let soon = self.soon(upcoming);
        let upcoming = self
            .entries
            .days(self.p, soon.shown, Some(self.today()), Reads::Entries)?;
        context.insert("upcoming", &upcoming);
        context.insert("upcoming_more", &soon.more);
        let past_more = (past.len() > PAST_SHOWN).then(|| Link {
            label: self
                .p
                .words()
                .more_past
                .replace("{shown}", &PAST_SHOWN.to_string()),
            url: self.p.urls.local(urls::PAST_PAGE),
        });
        context.insert(
            "past",
            &self.entries.days(
                self.p,
                past.into_iter().take(PAST_SHOWN),
                None,
                Reads::Entries,
            )?,
        );
        context.insert("past_more", &past_more);
        Ok(())
    }

    fn group(&self, i: usize) -> Result<OutputFile, String> {
        let group = &self.p.calendar.groups[i];
        let mut context = tera::Context::new();
        context.insert("name", &group.name);
        context.insert(
            "embed",
            &embeds::snippet(self.p, &urls::group_path(&group.slug), &group.name),
        );
        context.insert("website", &group.url);
        context.insert(
            "description",
            &crate::text::markdown::to_html_under(&group.description, self.p.urls.root()),
        );
        context.insert(
            "tags",
            &group
                .tags
                .iter()
                .map(|t| self.p.tag_link(t))
                .collect::<Vec<_>>(),
        );
        context.insert(
            "venue",
            &group
                .venue
                .map(|v| self.p.venue(&self.p.calendar.venues[v])),
        );
        self.upcoming_and_past(&self.p.index.by_group[i], &mut context)?;
        let path = urls::group_path(&group.slug);
        layout::render(
            self.p,
            Page {
                template: "group.html",
                path: path.clone(),
                title: format!("{} · {}", group.name, self.p.calendar.site.title),
                description: Some(crate::text::plain::summary(&group.description, 160))
                    .filter(|s| !s.is_empty()),
                feeds: vec![layout::feed(
                    self.p,
                    group.name.clone(),
                    &urls::calendar_ics_in(&path),
                )],
                section: "groups",
            },
            context,
        )
    }

    fn venue(&self, i: usize) -> Result<OutputFile, String> {
        let venue = &self.p.calendar.venues[i];
        let slug = venue.slug.as_deref().unwrap_or_default();
        let mut context = tera::Context::new();
        context.insert("venue", &self.p.venue(venue));
        context.insert(
            "embed",
            &embeds::snippet(self.p, &urls::venue_path(slug), &venue.name),
        );
        context.insert(
            "description",
            &crate::text::markdown::to_html_under(&venue.description, self.p.urls.root()),
        );
        self.upcoming_and_past(&self.p.index.by_venue[i], &mut context)?;
        let path = urls::venue_path(slug);
        layout::render(
            self.p,
            Page {
                template: "venue.html",
                path: path.clone(),
                title: format!("{} · {}", venue.name, self.p.calendar.site.title),
                description: venue.address.clone(),
                feeds: vec![layout::feed(
                    self.p,
                    venue.name.clone(),
                    &urls::calendar_ics_in(&path),
                )],
                section: "venues",
            },
            context,
        )
    }

    fn tag(&self, tag: &str) -> Result<OutputFile, String> {
        let mut context = tera::Context::new();
        context.insert("tag", tag);
        context.insert(
            "embed",
            &embeds::snippet(self.p, &urls::tag_path(tag), &format!("#{tag}")),
        );
        self.upcoming_and_past(&self.p.index.by_tag[tag], &mut context)?;
        let path = urls::tag_path(tag);
        layout::render(
            self.p,
            Page {
                template: "tag.html",
                path: path.clone(),
                title: format!("#{tag} · {}", self.p.calendar.site.title),
                description: None,
                feeds: vec![layout::feed(
                    self.p,
                    format!("#{tag}"),
                    &urls::calendar_ics_in(&path),
                )],
                section: "tags",
            },
            context,
        )
    }

    fn subscribe(&self) -> Result<OutputFile, String> {
        let calendar = self.p.calendar;
        let groups: Vec<Feed> = calendar
            .groups
            .iter()
            .map(|g| {
                layout::feed(
                    self.p,
                    g.name.clone(),
                    &urls::calendar_ics_in(&urls::group_path(&g.slug)),
                )
            })
            .collect();
        let tags: Vec<Feed> = self
            .p
            .index
            .by_tag
            .keys()
            .map(|t| {
                layout::feed(
                    self.p,
                    format!("#{t}"),
                    &urls::calendar_ics_in(&urls::tag_path(t)),
                )
            })
            .collect();
        // Every shared venue has a feed, as docs/subscribe.md says.
        let venues: Vec<Feed> = (calendar.venues.iter())
            .filter_map(|v| {
                let path = urls::venue_path(v.slug.as_deref()?);
                Some(layout::feed(
                    self.p,
                    v.name.clone(),
                    &urls::calendar_ics_in(&path),
                ))
            })
            .collect();
        let mut context = tera::Context::new();
        context.insert("calendar_feed", &layout::whole_calendar_feed(self.p));
        context.insert("group_feeds", &groups);
        context.insert("tag_feeds", &tags);
        context.insert("venue_feeds", &venues);
        layout::render(
            self.p,
            Page {
                template: "subscribe.html",
                path: urls::SUBSCRIBE_PAGE.into(),
                title: format!("{} · {}", self.p.words().subscribe, calendar.site.title),
                description: None,
                feeds: vec![layout::whole_calendar_feed(self.p)],
                section: "subscribe",
            },
            context,
        )
    }

    fn not_found(&self) -> Result<OutputFile, String> {
        layout::render(
            self.p,
            Page {
                template: "404.html",
                path: "404.html".into(),
                title: format!(
                    "{} · {}",
                    self.p.words().not_found,
                    self.p.calendar.site.title
                ),
                description: None,
                feeds: Vec::new(),
                section: "",
            },
            tera::Context::new(),
        )
    }
}

fn put_all(sink: &dyn Sink, files: Vec<OutputFile>) -> Result<(), String> {
    files.into_iter().try_for_each(|file| sink.put(file))
}

/// An upcoming list, and links to what it leaves out.
struct Soon<'o> {
    shown: Vec<&'o Occurrence>,
    more: Vec<Link>,
}
