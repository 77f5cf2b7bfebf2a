//! "What's new": RSS 2.0 and JSON Feed 1.1, one item per event file (not
//! per occurrence), the latest [`NEWS_ITEMS`] announcements, newest first.
//! Dates come from the content's history, never from the clock.

use crate::expand::{Moment, Occurrence};
use crate::history::History;
use crate::index::Index;
use crate::limits::NEWS_ITEMS;
use crate::model::{Calendar, Event, Online, Status};
use crate::output::{OutputFile, Sink};
use crate::plan::Scope;
use crate::prepare::Prepared;
use crate::text::xml::{escape_xml, push_escaped_xml};
use crate::urls;
use chrono::{DateTime, Utc};
use rayon::prelude::*;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::sync::OnceLock;

mod json_feed;

use json_feed::{json_feed, JsonFeedHead, JsonItem};

/// One feed: its address, its name, and the events it may carry.
pub struct NewsFeed {
    /// Folder of the feed, relative to the site: `""`, `groups/x/`, `tags/y/`.
    pub folder: String,
    pub title: String,
    pub description: String,
    /// The page the feed belongs to (absolute).
    pub page: String,
    /// Positions in `Calendar::events`, in any order.
    pub events: Vec<usize>,
}

/// When an event was announced: its file's first commit, or, outside git,
/// its first start (stable across rebuilds; documented in docs/data.md).
/// Items are ordered by it.
pub fn announced(event: &Event, history: &History, zone: chrono_tz::Tz) -> DateTime<Utc> {
    history
        .file(&event.source)
        .map(|h| h.created)
        .unwrap_or_else(|| {
            let (start, _) = crate::expand::moments(&event.timing, event.timezone);
            start.instant(zone)
        })
}

/// The dates an item prints: when it was announced and last edited. Outside
/// git the first start stands in for both, so it is capped at `now`: a feed
/// never dates an announcement in the future.
fn item_dates(
    event: &Event,
    history: &History,
    announced: DateTime<Utc>,
    now: DateTime<Utc>,
) -> (DateTime<Utc>, DateTime<Utc>) {
    match history.file(&event.source) {
        Some(h) => (announced, h.modified),
        None => (announced.min(now), announced.min(now)),
    }
}

pub struct News<'a> {
    scope: &'a Prepared<'a>,
    /// Per event (same order as the events), when it was announced.
    announced: Vec<DateTime<Utc>>,
    /// Per event, its item, made once and shared by every feed listing it.
    items: Vec<OnceLock<Item<'a>>>,
}

struct Item<'a> {
    event: &'a Event,
    title: String,
    link: String,
    guid: String,
    published: DateTime<Utc>,
    modified: DateTime<Utc>,
    /// When, where and the online link, as HTML: the item's content is this
    /// and then the event's description, which is not copied here (every
    /// feed's items together would hold thousands of them).
    head_html: String,
    /// The event's position in the calendar, for its description.
    index: usize,
}

impl<'a> News<'a> {
    pub fn new(scope: &'a Prepared<'a>) -> Self {
        let events = &scope.calendar.events;
        News {
            scope,
            announced: events
                .par_iter()
                .enumerate()
                .map(|(i, e)| {
                    scope
                        .reuse
                        .announced(i, || announced(e, scope.history, scope.zone))
                })
                .collect(),
            items: (0..events.len()).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The items of a feed: its [`NEWS_ITEMS`] latest announcements.
    fn items(&self, events: &[usize]) -> Vec<&Item<'a>> {
        let latest = latest(events, &self.announced, NEWS_ITEMS);
        latest
            .into_iter()
            .map(|i| {
                let event = &self.scope.calendar.events[i];
                self.items[i].get_or_init(|| self.item(i, event))
            })
            .collect()
    }

    /// The item of the event at `index` in the calendar.
    fn item(&self, index: usize, event: &'a Event) -> Item<'a> {
        let scope = self.scope;
        let (published, modified) =
            item_dates(event, scope.history, self.announced[index], scope.now);
        let words = scope.words();
        // The occurrence the item is about (`Prepared::featured`).
        let featured = scope.featured(index);
        let title_text = featured
            .map(|o| o.shown(event).title)
            .unwrap_or(&event.title);
        let date = featured.map(|o| o.days.0).unwrap_or(event.timing.date());
        let mut title = format!("{} · {title_text}", scope.language.compact_date(date));
        let status = featured.map(|o| o.status).unwrap_or(event.status);
        if status == Status::Cancelled || event.status == Status::Cancelled {
            title = format!("{} · {title}", words.cancelled);
        }
        Item {
            event,
            head_html: self.item_head(index, event, featured),
            index,
            title: inert_title(&title),
            link: scope.urls.absolute(&crate::urls::event_path(&event.slug)),
            guid: event.uid_at(&self.scope.host),
            published,
            modified,
        }
    }

    /// When, where and the online link: sanitized HTML.
    fn item_head(&self, index: usize, event: &Event, featured: Option<&Occurrence>) -> String {
        let scope = self.scope;
        let words = scope.words();
        let esc = |text: &str| escape_xml(text);
        let mut html = String::new();
        // In the site's zone, as its pages and the item's title say, with
        // the event's own clock beside when it is elsewhere.
        let instant = |t: DateTime<chrono::FixedOffset>| {
            let here = (scope.language).date_time(t.with_timezone(&scope.zone).naive_local());
            match event.timezone != scope.zone {
                true => format!(
                    "{here} ({})",
                    scope.clock_there(&t.with_timezone(&event.timezone))
                ),
                false => here,
            }
        };
        // `: `, or French's `\u{a0}: `, the colon inside the bold label.
        let colon = scope.language.label_end().trim_end();
        if let Some(o) = featured {
            let when = match o.start {
                Moment::At(t) => instant(t),
                Moment::Day(d) => scope.language.date(d),
            };
            let _ = write!(
                html,
                "<p><strong>{}{colon}</strong> {}",
                words.when,
                esc(&when)
            );
            // An event of several days says when it ends, as its page does:
            // a three-day conference is not on its first day alone.
            let (first_day, last_day) = o.days;
            if last_day > first_day {
                let until = match o.end {
                    Moment::At(end) => instant(end),
                    Moment::Day(_) => scope.language.date(last_day),
                };
                let _ = write!(html, " – {}", esc(&until));
            }
            if let Some(rule) = &event.repeat {
                let _ = write!(
                    html,
                    " ({})",
                    esc(&super::repeats::describe(scope.language, rule))
                );
            }
            html.push_str("</p>");
            // The dates of a series cancelled before the one shown: the
            // reason the item changed.
            let skipped: Vec<String> = scope
                .index
                .upcoming_of(&scope.index.by_event[index])
                .take_while(|next| next.sort_key < o.sort_key)
                .filter(|next| next.status == Status::Cancelled)
                .map(|next| scope.language.date(next.days.0))
                .collect();
            if !skipped.is_empty() {
                let _ = write!(
                    html,
                    "<p><strong>{}{colon}</strong> {}</p>",
                    words.cancelled,
                    esc(&skipped.join(", "))
                );
            }
            if let Some(place) = o.shown(event).venue {
                let venue = scope.calendar.venue(place);
                // One line, as in the calendar feeds: a line break in HTML
                // is a space, and "Place de la Mairie 75011 Paris" misreads.
                let place = crate::text::plain::place_line(&venue.name, venue.address.as_deref());
                let _ = write!(
                    html,
                    "<p><strong>{}{colon}</strong> {}</p>",
                    words.where_,
                    esc(&place)
                );
            }
            match o.shown(event).online {
                Some(Online::At(url)) => {
                    let _ = write!(
                        html,
                        "<p><a href=\"{}\">{}</a></p>",
                        esc(url),
                        words.join_online
                    );
                }
                Some(Online::LinkToCome) => {
                    let _ = write!(
                        html,
                        "<p>{}{colon} {}</p>",
                        words.online, words.link_to_come
                    );
                }
                None => {}
            }
            for (kind, url) in o.shown(event).links {
                let label = super::views::link_label(words, kind);
                let _ = write!(
                    html,
                    "<p>{label}: <a href=\"{}\">{}</a></p>",
                    esc(url),
                    esc(url)
                );
            }
        }
        html
    }

    /// The description an item's content ends with, its notes linked on
    /// the event's page.
    fn description(&self, item: &Item) -> Cow<'a, str> {
        self.scope
            .description(item.index, None)
            .html_away_from(&[&item.link])
    }

    pub fn files(&self, feed: &NewsFeed) -> Vec<OutputFile> {
        let items = self.items(&feed.events);
        vec![self.rss(feed, &items), self.json_feed(feed, &items)]
    }

    fn rss(&self, feed: &NewsFeed, items: &[&Item]) -> OutputFile {
        let path = format!("{}{}", feed.folder, urls::NEWS_RSS);
        let self_url = self.scope.urls.absolute(&path);
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n");
        let _ = writeln!(
            xml,
            "<title>{}</title>",
            escape_xml(&inert_title(&feed.title))
        );
        let _ = writeln!(xml, "<link>{}</link>", escape_xml(&feed.page));
        let _ = writeln!(
            xml,
            "<description>{}</description>",
            escape_xml(&feed.description)
        );
        let _ = writeln!(
            xml,
            "<language>{}</language>",
            escape_xml(&self.scope.calendar.site.language)
        );
        let _ = writeln!(
            xml,
            "<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>",
            escape_xml(&self_url)
        );
        if let Some(latest) = items.iter().map(|i| i.modified.max(i.published)).max() {
            let _ = writeln!(
                xml,
                "<lastBuildDate>{}</lastBuildDate>",
                latest.to_rfc2822()
            );
        }
        let _ = writeln!(xml, "<generator>meetcal</generator>");
        let texts: Vec<_> = items
            .iter()
            .map(|item| {
                self.scope
                    .reuse
                    .rss_item(item.index, || self.rss_item(item))
            })
            .collect();
        // Sized once: a feed is hundreds of kilobytes, copied at each
        // doubling when grown.
        xml.reserve(texts.iter().map(|text| text.len()).sum::<usize>() + 32);
        for text in texts {
            xml.push_str(&text);
        }
        xml.push_str("</channel>\n</rss>\n");
        OutputFile::new(path, xml)
    }

    /// An item of an RSS feed, the same in every feed that lists it.
    fn rss_item(&self, item: &Item) -> String {
        let mut xml = String::from("<item>\n");
        let _ = writeln!(xml, "<title>{}</title>", escape_xml(&item.title));
        let _ = writeln!(xml, "<link>{}</link>", escape_xml(&item.link));
        let _ = writeln!(
            xml,
            "<guid isPermaLink=\"false\">{}</guid>",
            escape_xml(&item.guid)
        );
        let _ = writeln!(xml, "<pubDate>{}</pubDate>", item.published.to_rfc2822());
        for tag in &item.event.tags {
            let _ = writeln!(xml, "<category>{}</category>", escape_xml(tag));
        }
        let description = self.description(item);
        xml.reserve(item.head_html.len() + description.len() * 9 / 8 + 40);
        xml.push_str("<description>");
        push_escaped_xml(&mut xml, &item.head_html);
        push_escaped_xml(&mut xml, &description);
        xml.push_str("</description>\n</item>\n");
        xml
    }

    fn json_feed(&self, feed: &NewsFeed, items: &[&Item]) -> OutputFile {
        let path = format!("{}{}", feed.folder, urls::NEWS_JSON);
        let feed_url = self.scope.urls.absolute(&path);
        let title = inert_title(&feed.title);
        let head = JsonFeedHead {
            description: &feed.description,
            feed_url: &feed_url,
            home_page_url: &feed.page,
            language: &self.scope.calendar.site.language,
            title: &title,
        };
        let descriptions: Vec<_> = items.iter().map(|item| self.description(item)).collect();
        let items: Vec<JsonItem> = items
            .iter()
            .zip(&descriptions)
            .map(|(item, description)| JsonItem {
                content_html: [&item.head_html, description],
                date_modified: item.modified.to_rfc3339(),
                date_published: item.published.to_rfc3339(),
                id: &item.guid,
                tags: &item.event.tags,
                title: &item.title,
                url: &item.link,
            })
            .collect();
        OutputFile::new(path, json_feed(&head, &items))
    }
}

/// Every news feed of the site: RSS and JSON Feed for the whole calendar,
/// each group and each tag.
pub fn render(p: &Prepared, sink: &dyn Sink) -> Result<(), String> {
    let news = News::new(p);
    feeds(p.calendar, &p.index, &p.scope)
        .into_par_iter()
        .try_for_each(|feed| news.files(&feed).into_iter().try_for_each(|f| sink.put(f)))
}

/// The `n` latest announced of `events` (positions in the calendar), newest
/// first; a tie goes to the first slug. Selects before it sorts: a feed of
/// the whole calendar sorts `n` events, not all of them.
fn latest(events: &[usize], announced: &[DateTime<Utc>], n: usize) -> Vec<usize> {
    // Events are sorted by slug, so the position breaks ties by slug.
    let key = |&i: &usize| (std::cmp::Reverse(announced[i]), i);
    let mut chosen = events.to_vec();
    if chosen.len() > n {
        if n == 0 {
            return Vec::new();
        }
        chosen.select_nth_unstable_by_key(n - 1, key);
        chosen.truncate(n);
    }
    chosen.sort_unstable_by_key(key);
    chosen
}

/// The news feeds `scope` makes: the whole calendar's (always: it has no
/// page of its own), each group's and each tag's.
fn feeds(calendar: &Calendar, index: &Index, scope: &Scope) -> Vec<NewsFeed> {
    let site = &calendar.site;
    let description = site
        .description
        .clone()
        .unwrap_or_else(|| site.title.clone());
    let mut feeds = vec![NewsFeed {
        folder: String::new(),
        title: site.title.clone(),
        description: description.clone(),
        page: site.base_url.clone(),
        events: (0..calendar.events.len()).collect(),
    }];
    let mut by_group = vec![Vec::new(); calendar.groups.len()];
    for (i, event) in calendar.events.iter().enumerate() {
        if let Some(g) = event.group {
            by_group[g].push(i);
        }
    }
    for (group, events) in calendar.groups.iter().zip(by_group) {
        let folder = urls::group_path(&group.slug);
        if !scope.wants(&folder) {
            continue;
        }
        feeds.push(NewsFeed {
            page: format!("{}{folder}", site.base_url),
            folder,
            title: format!("{} · {}", group.name, site.title),
            description: description.clone(),
            events,
        });
    }
    for (tag, positions) in &index.by_tag {
        let folder = urls::tag_path(tag);
        if !scope.wants(&folder) {
            continue;
        }
        let mut events: Vec<usize> = positions
            .iter()
            .map(|p| index.occurrences[*p].event)
            .collect();
        events.sort_unstable();
        events.dedup();
        feeds.push(NewsFeed {
            page: format!("{}{folder}", site.base_url),
            folder,
            title: format!("#{tag} · {}", site.title),
            description: description.clone(),
            events,
        });
    }
    feeds
}

/// Feed readers disagree on whether a title is text or HTML, and some render
/// it as HTML: angle brackets become look-alike quotation marks, so a title
/// can never become markup, whichever way it is read.
pub fn inert_title(text: &str) -> String {
    text.replace('<', "‹").replace('>', "›")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, d, 12, 0, 0).unwrap()
    }

    #[test]
    fn can_keep_the_latest_announcements_newest_first() {
        // Positions 0..6 announced on days 3, 9, 1, 9, 7, 2.
        let announced = [day(3), day(9), day(1), day(9), day(7), day(2)];
        let all: Vec<usize> = (0..announced.len()).collect();
        assert_eq!(
            latest(&all, &announced, 3),
            [1, 3, 4],
            "a tie goes to the first slug"
        );
        assert_eq!(latest(&[5, 2, 0], &announced, 3), [0, 5, 2]);
        assert_eq!(latest(&[5, 2, 0], &announced, 10), [0, 5, 2]);
        assert_eq!(latest(&all, &announced, 1), [1]);
        assert!(latest(&all, &announced, 0).is_empty());
        assert!(latest(&[], &announced, 3).is_empty());
    }
}
