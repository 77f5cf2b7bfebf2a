//! An event's page as the built-in `event.html`, within `base.html`, makes
//! it, written in Rust.
//!
//! While a theme keeps both templates, meetcal writes their bytes itself:
//! converting each event's view for the template engine and interpreting
//! the templates took most of the time of a calendar's event pages. A
//! theme's own `event.html` or `base.html` always wins over the writer.

use super::html::Html;
use super::layout::{self, Blocks, Page};
use super::views::EventView;
use super::views::{Link, OccurrenceView};
use crate::model::Status;
use crate::output::OutputFile;
use crate::prepare::Prepared;
use crate::text::locale::Words;
use crate::theme::Theme;

pub const TEMPLATE: &str = layout::EVENT_TEMPLATE;

/// Every template an event page reads: its own, the one it extends and the
/// one it includes.
const READS: [&str; 3] = [TEMPLATE, "base.html", "partials/listed_date.html"];

/// Whether the theme keeps every template an event page reads, so that the
/// writer makes what they would.
pub fn is_builtin(theme: &Theme) -> bool {
    READS.iter().all(|template| theme.is_builtin(template))
}

/// What the built-in templates make of `event`'s page.
pub fn write(p: &Prepared, event: &EventView, page: Page) -> OutputFile {
    // The page around them is about 5 kB with its links, and each of a
    // series' listed dates up to 200 bytes more: a page that outgrew its
    // buffer was copied into one twice its size.
    let capacity =
        6 * 1024 + 256 * event.dates.len() + event.description.len() + event.json_ld.len();
    layout::write(
        p,
        page,
        &EventBlocks {
            p,
            event,
            words: p.words(),
        },
        capacity,
    )
}

struct EventBlocks<'a> {
    p: &'a Prepared<'a>,
    event: &'a EventView<'a>,
    words: &'static Words,
}

impl Blocks for EventBlocks<'_> {
    fn head(&self, html: &mut Html) {
        html.raw("<script type=\"application/ld+json\">")
            .raw(&self.event.json_ld)
            .raw("</script>\n<script src=\"");
        layout::asset(html, self.p, "local-time.js").raw("\" defer></script>");
    }

    fn main(&self, html: &mut Html) {
        let (event, words) = (self.event, self.words);
        html.raw("\n<article class=\"event-page status-")
            .text(event.status.name())
            .raw("\">\n<h1 dir=\"auto\">");
        struck(html, event.status, &event.title);
        html.raw("</h1>\n");
        match event.status {
            Status::Cancelled => notice(html, words.cancelled),
            Status::Tentative => notice(html, words.tentative),
            Status::Confirmed => {}
        }
        // A visitor from a search engine or an old link learns it at once.
        if event.over {
            html.raw("\n<p class=\"notice\">")
                .text(words.event_over)
                .raw(" <a href=\"")
                .text(self.p.urls.root())
                .raw("\">")
                .text(words.home)
                .raw("</a></p>");
        }
        html.raw("\n<dl class=\"facts\">\n");
        when(html, event, words, self.p.calendar.site.timezone.name());
        place(html, event, words);
        links(html, event, words);
        html.raw("</dl>\n<div class=\"description\" dir=\"auto\">")
            .raw(event.description)
            .raw("</div>\n");
        dates(html, event, words);
        actions(html, event, words);
        html.raw("</article>\n");
    }
}

/// `{% if value %}` on an optional text: an empty one is false too.
fn filled(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|text| !text.is_empty())
}

/// The text, struck through when cancelled.
fn struck(html: &mut Html, status: Status, text: &str) {
    if status == Status::Cancelled {
        html.raw("<del>").text(text).raw("</del>");
    } else {
        html.text(text);
    }
}

fn badge(html: &mut Html, word: &str) {
    html.raw(" <strong class=\"badge\">")
        .text(word)
        .raw("</strong>");
}

fn notice(html: &mut Html, word: &str) {
    html.raw("<p class=\"notice\"><strong class=\"badge\">")
        .text(word)
        .raw("</strong></p>");
}

/// A fact of the list: its term, then its markup (already escaped).
fn fact<'h>(html: &'h mut Html, term: &str) -> &'h mut Html {
    html.raw("<dt>").text(term).raw("</dt>\n<dd>")
}

/// When, how often, and how long.
fn when(html: &mut Html, event: &EventView, words: &Words, site_zone: &str) {
    let offset = filled(&event.utc_offset);
    fact(html, words.when)
        .raw("<time datetime=\"")
        .text(&event.datetime)
        .raw("\"");
    if offset.is_some() {
        html.raw(" data-zone=\"")
            .text(&event.zone)
            .raw("\" data-local-label=\"")
            .text(words.your_time)
            .raw("\"");
        if filled(&event.site_time).is_some() {
            html.raw(" data-site-zone=\"").text(site_zone).raw("\"");
        }
    }
    html.raw(">").text(&event.when).raw("</time>");
    // When the clocks change during the event, each end has its own offset.
    let end_offset = filled(&event.end_utc_offset);
    if let (Some(offset), Some(_)) = (offset, end_offset) {
        html.raw(" (").text(offset).raw(")");
    }
    let offset = end_offset.or(offset);
    if !event.until.is_empty() {
        html.raw(" – <time datetime=\"")
            .text(&event.end_datetime)
            .raw("\">")
            .text(&event.until)
            .raw("</time>");
    }
    match (filled(&event.timezone), offset) {
        (Some(zone), Some(offset)) => html.raw(" (").text(zone).raw(", ").text(offset).raw(")"),
        (Some(zone), None) => html.raw(" (").text(zone).raw(")"),
        (None, Some(offset)) => html.raw(" (").text(offset).raw(")"),
        (None, None) => html,
    };
    // The date alone is cancelled or tentative, not the event.
    if event.date_status != event.status {
        match event.date_status {
            Status::Cancelled => badge(html, words.cancelled),
            Status::Tentative => badge(html, words.tentative),
            Status::Confirmed => {}
        }
    }
    if let Some(site_time) = filled(&event.site_time) {
        html.raw("<br><span class=\"muted\">")
            .text(site_time)
            .raw("</span>");
    }
    html.raw("</dd>\n");
    if let Some(repeats) = filled(&event.repeats) {
        fact(html, words.repeats).text(repeats).raw("</dd>\n");
    }
    fact(html, words.duration)
        .text(&event.duration)
        .raw("</dd>\n");
}

/// Where: the venue, and online.
fn place(html: &mut Html, event: &EventView, words: &Words) {
    if let Some(venue) = &event.venue {
        fact(html, words.where_);
        match filled(&venue.url) {
            Some(url) => html.link(url, &venue.name),
            None => html.text(&venue.name),
        };
        if let Some(address) = filled(&venue.address) {
            html.raw("<br>").text(address);
        }
        if let Some(map) = filled(&venue.map_url) {
            html.raw("<br>");
            outside_link(html, map, words.map);
        }
        if let Some(notes) = filled(&venue.notes) {
            html.raw("<br><span class=\"muted\">")
                .text(notes)
                .raw("</span>");
        }
        html.raw("</dd>\n");
    }
    if let Some(online) = filled(&event.online) {
        fact(html, words.online);
        outside_link(html, online, words.join_online).raw("</dd>\n");
    } else if event.online_later {
        fact(html, words.online)
            .text(words.link_to_come)
            .raw("</dd>\n");
    }
}

/// The website, the typed links, the group and the tags.
fn links(html: &mut Html, event: &EventView, words: &Words) {
    if let Some(website) = filled(&event.website) {
        fact(html, words.website);
        outside_link(html, website, website).raw("</dd>\n");
    }
    for Link { label, url } in &event.links {
        fact(html, label);
        outside_link(html, url, url).raw("</dd>\n");
    }
    if let Some(group) = &event.group {
        fact(html, words.group);
        html.link(&group.url, &group.label).raw("</dd>\n");
    }
    if !event.tags.is_empty() {
        fact(html, words.tags).raw("<ul class=\"tags\">");
        for tag in &event.tags {
            html.raw("<li>");
            html.link_if(&tag.url, &tag.label).raw("</li>");
        }
        html.raw("</ul></dd>\n");
    }
}

/// The next dates of a series, each with what its date changes.
fn dates(html: &mut Html, event: &EventView, words: &Words) {
    if !event.dates.is_empty() {
        html.raw("<section aria-labelledby=\"dates\">\n<h2 id=\"dates\">")
            .text(words.upcoming_dates)
            .raw("</h2>\n");
        date_list(html, event, &event.dates, words);
        if !event.later_dates.is_empty() {
            html.raw("<h3 id=\"later-dates\">")
                .text(words.later_dates)
                .raw("</h3>\n");
            date_list(html, event, &event.later_dates, words);
        }
        html.raw("</section>");
    }
    html.raw("\n");
}

fn date_list(html: &mut Html, event: &EventView, dates: &[OccurrenceView], words: &Words) {
    html.raw("<ul class=\"dates\">\n");
    for date in dates {
        listed_date(html, event, date, words);
    }
    html.raw("</ul>\n");
}

fn listed_date(html: &mut Html, event: &EventView, o: &OccurrenceView, words: &Words) {
    let cancelled = o.status == Status::Cancelled;
    html.raw("<li class=\"status-")
        .plain(o.status.name())
        .raw("\"><time datetime=\"")
        .plain(&o.datetime)
        .raw("\">");
    if cancelled {
        html.raw("<del>");
    }
    html.text(&o.date_label).raw(", ").text(&o.time);
    if cancelled {
        html.raw("</del>");
    }
    html.raw("</time>");
    if cancelled {
        html.raw(" <strong class=\"badge\">")
            .text(words.cancelled)
            .raw("</strong>");
    } else if o.changed {
        html.raw(" <span class=\"badge changed\">")
            .text(words.changed)
            .raw("</span>");
    }
    if o.title != event.title {
        html.raw(" · <bdi>").text(&o.title).raw("</bdi>");
    }
    // Where the date is, when it is not where the event is.
    match (&o.place, &event.venue) {
        (Some(place), Some(venue)) if place.label == venue.name => {}
        (Some(place), _) => {
            html.raw(" · ").text(&place.label);
        }
        (None, Some(_)) if o.online => {
            html.raw(" · ").text(words.online);
        }
        // Saying nothing would read as the series' venue.
        (None, Some(_)) => {
            html.raw(" · ").text(words.place_to_come);
        }
        (None, _) => {}
    }
    html.raw("</li>\n");
}

/// Adding the event to a calendar, and editing its file.
fn actions(html: &mut Html, event: &EventView, words: &Words) {
    html.raw("<section aria-labelledby=\"add\">\n<h2 id=\"add\">")
        .text(words.add_to_calendar)
        .raw("</h2>\n<ul class=\"actions\">\n<li><a href=\"")
        .text(&event.ics_url)
        .raw("\" download>")
        .text(words.download_ics)
        .raw("</a></li>\n");
    // A cancelled event is for calendars that have it already, as the .ics
    // says; not one to add.
    if event.status != Status::Cancelled {
        html.raw("<li>");
        outside_link(html, &event.google_url, words.google_calendar).raw("</li>\n");
    }
    if let Some(edit) = filled(&event.edit_url) {
        html.raw("<li>");
        outside_link(html, edit, words.edit_event).raw("</li>");
    }
    html.raw("\n</ul>\n</section>\n");
}

/// A link out of the site.
fn outside_link<'h>(html: &'h mut Html, url: &str, label: &str) -> &'h mut Html {
    html.raw("<a href=\"")
        .text(url)
        .raw("\" rel=\"noopener\">")
        .text(label)
        .raw("</a>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::views::VenueView;

    /// A calendar to render pages in: its site title and address need
    /// escaping, and it has a past event, so the navigation lists `past`.
    fn calendar(language: &str) -> (tempfile::TempDir, crate::model::Calendar) {
        let root = tempfile::tempdir().unwrap();
        let content = root.path().join("content");
        std::fs::create_dir_all(content.join("events")).unwrap();
        std::fs::write(
            content.join("site.yaml"),
            format!(
                "title: Rust & <Friends> 'cal'\nbase_url: https://cal.example.org/a&b/\n\
                 timezone: Europe/Paris\nlanguage: {language}\n"
            ),
        )
        .unwrap();
        std::fs::write(
            content.join("events/old.md"),
            "---\ntitle: Old\nstart: 2026-01-06 19:00\n---\nTalks.\n",
        )
        .unwrap();
        let calendar = crate::build::load_calendar(root.path()).unwrap();
        (root, calendar)
    }

    fn link(label: &str, url: &str) -> Link {
        Link {
            label: label.into(),
            url: url.into(),
        }
    }

    fn some(text: &str) -> Option<String> {
        Some(text.into())
    }

    /// The next dates of a series at "La \"Cantine\"": cancelled, changed,
    /// with another title, at another place, online only.
    fn dates(title: &str) -> Vec<OccurrenceView> {
        let date = |status, changed, title: &str, place: Option<Link>| OccurrenceView {
            title: title.into(),
            url: "/events/talks/".into(),
            datetime: "2027-01-06T19:00:00+01:00".into(),
            date: "2027-01-06".into(),
            date_label: "Wednesday 6 January <2027>".into(),
            time: "18:00 (12:00 America/Toronto)".into(),
            group: None,
            place,
            online: false,
            tags: vec![],
            status,
            changed,
            span: None,
            agenda_html: String::new(),
            month_html: String::new(),
        };
        let here = || Some(link("La \"Cantine\"", "/venues/la-cantine/"));
        vec![
            date(Status::Confirmed, false, title, here()),
            date(Status::Cancelled, false, title, here()),
            date(Status::Cancelled, true, "Other & <title>", here()),
            date(Status::Tentative, true, title, here()),
            date(Status::Confirmed, false, "Other & <title>", here()),
            date(
                Status::Confirmed,
                true,
                title,
                some("Chez Léa's").map(|l| link(&l, "")),
            ),
            date(Status::Confirmed, false, title, None),
        ]
    }

    fn venues() -> Vec<Option<VenueView>> {
        let venue = |url: Option<String>, address, notes, map_url| VenueView {
            name: "La \"Cantine\"".into(),
            url,
            address,
            notes,
            website: some("https://cantine.example/"),
            map_url,
        };
        vec![
            None,
            Some(venue(
                some("/venues/la-cantine/"),
                some("1 rue <A> & B"),
                some("Ring 'twice'"),
                some("https://osm.example/?mlat=1&mlon=2#map=18/1/2"),
            )),
            Some(venue(None, None, None, None)),
            Some(venue(some(""), some(""), some(""), some(""))),
        ]
    }

    /// (timezone, UTC offset, time in the site's zone, until).
    type Zones = (Option<String>, Option<String>, Option<String>, &'static str);

    fn zones() -> Vec<Zones> {
        vec![
            (None, some("UTC+01:00"), None, "21:00"),
            (
                some("America/Toronto"),
                some("UTC−05:00"),
                some("Thursday 7 January 2027 at 01:00 (Europe/Paris)"),
                "Friday 8 January <2027>",
            ),
            (some("America/Toronto"), None, None, ""),
            (None, None, some(""), ""),
            (some(""), some(""), None, ""),
        ]
    }

    /// Event views over every branch of `event.html`, their text needing
    /// escaping, each with what else varies chosen by its number.
    fn views() -> Vec<EventView<'static>> {
        let mut views = Vec::new();
        for status in [Status::Confirmed, Status::Tentative, Status::Cancelled] {
            for venue_at in 0..venues().len() {
                for (online, online_later) in [
                    (None, false),
                    (some("https://meet.example/?a=1&b=2"), false),
                    (None, true),
                    (some(""), true),
                    (some(""), false),
                ] {
                    for (timezone, utc_offset, site_time, until) in zones() {
                        let i = views.len();
                        let title = "Talks <b>& 'pizza'</b>";
                        views.push(EventView {
                            title: title.into(),
                            status,
                            // A series' next date may differ from the series.
                            date_status: [
                                Status::Confirmed,
                                Status::Tentative,
                                Status::Cancelled,
                            ][(i / 5) % 3],
                            over: i % 4 == 1,
                            when: "Wednesday 6 January 2027 at 19:00".into(),
                            datetime: "2027-01-06T19:00:00+01:00".into(),
                            end_datetime: "2027-01-06T21:00:00+01:00".into(),
                            until: until.into(),
                            site_time,
                            timezone,
                            zone: "America/Toronto".into(),
                            utc_offset,
                            // The clocks may change during the event.
                            end_utc_offset: [None, some("UTC+02:00"), some("")][(i / 11) % 3]
                                .clone(),
                            duration: "2 h".into(),
                            all_day: false,
                            venue: venues().swap_remove(venue_at),
                            online: online.clone(),
                            online_later,
                            website: [None, some("https://talks.example/?x=<1>"), some("")]
                                [i % 3]
                                .clone(),
                            links: vec![
                                link("Tickets", "https://tickets.example/?a&b"),
                                link("Call for <papers>", "https://cfp.example/"),
                            ][..(i / 2) % 3]
                                .to_vec(),
                            group: (!i.is_multiple_of(5)).then(|| link("Rust & <Friends>", "/groups/rust/")),
                            tags: vec![link("rust", "/tags/rust/"), link("a&b", "/tags/a-b/")]
                                [..(i / 3) % 3]
                                .to_vec(),
                            description: ["", "<p>Bring <em>&amp;</em> a laptop.</p>\n"][i % 2],
                            recurring: i.is_multiple_of(4),
                            repeats: [None, some("Every week on <Wednesday>"), some("")][i % 3]
                                .clone(),
                            dates: if i.is_multiple_of(4) { dates(title) } else { vec![] },
                            // Changed dates further ahead, with or without
                            // the next ones.
                            later_dates: match i % 8 {
                                0 | 3 => dates(title).into_iter().take(2).collect(),
                                _ => vec![],
                            },
                            ics_url: "/events/talks/event.ics".into(),
                            google_url: "https://calendar.google.com/calendar/render?action=TEMPLATE&text=Talks".into(),
                            edit_url: [None, some("https://github.com/o/c/edit/main/a%20b.md"), some("")]
                                [(i / 7) % 3]
                                .clone(),
                            json_ld: r#"{"@type":"Event","name":"Talks \u003cb\u003e"}"#.into(),
                        });
                    }
                }
            }
        }
        views
    }

    /// A page as the event page makes one; what it lacks varies by `i`.
    fn page(p: &Prepared, i: usize) -> Page<'static> {
        let mut feeds = vec![layout::feed(
            p,
            "Talks & <more>".into(),
            "events/talks/event.ics",
        )];
        if i.is_multiple_of(2) {
            feeds.push(layout::feed(p, "Rust".into(), "groups/rust/calendar.ics"));
        }
        Page {
            template: TEMPLATE,
            path: "events/talks/".into(),
            title: "Talks <b>& 'pizza'</b> · Rust & <Friends>".into(),
            description: [None, some(""), some("Bring \"a laptop\" & <snacks>")][i % 3].clone(),
            feeds,
            section: ["home", "calendar", "nowhere"][(i / 3) % 3],
        }
    }

    /// The writer makes what the built-in templates make, in both languages.
    #[test]
    fn the_writer_matches_the_built_in_templates() {
        for language in ["en", "fr"] {
            let (root, mut calendar) = calendar(language);
            let theme = Theme::load(root.path(), "default").unwrap();
            assert!(is_builtin(&theme));
            let markdown = crate::prepare::take_markdown(&mut calendar);
            let now = chrono::DateTime::parse_from_rfc3339("2027-01-05T12:00:00+01:00")
                .unwrap()
                .to_utc();
            let occurrences = crate::expand::expand_for_site(&calendar, now);
            let index = crate::index::Index::new(&calendar, occurrences, now);
            let history = crate::history::History::default();
            let descriptions = crate::prepare::describe(markdown, &calendar.site.base_url, None);
            let p = crate::prepare::prepare(&calendar, descriptions, index, &history, &theme);
            let views = views();
            assert!(views.len() >= 300, "{} views", views.len());
            for (i, view) in views.iter().enumerate() {
                let written = write(&p, view, page(&p, i));
                let mut context = tera::Context::new();
                context.insert("event", view);
                let rendered = layout::render(&p, page(&p, i), context).unwrap();
                assert_eq!(written.path, rendered.path);
                assert_eq!(
                    String::from_utf8_lossy(&written.bytes),
                    String::from_utf8_lossy(&rendered.bytes),
                    "view {i} in {language}"
                );
            }
        }
    }

    #[test]
    fn a_theme_event_page_or_layout_is_not_built_in() {
        for template in READS {
            let root = tempfile::tempdir().unwrap();
            let path = root.path().join("themes/default/templates").join(template);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            // A layout keeps the blocks its pages fill.
            let own = "{% block head %}{% endblock head %}{% block main %}{% endblock main %}";
            std::fs::write(path, own).unwrap();
            let theme = Theme::load(root.path(), "default").unwrap();
            assert!(!is_builtin(&theme), "{template} replaced");
        }
        let root = tempfile::tempdir().unwrap();
        let partials = root.path().join("themes/default/templates/partials");
        std::fs::create_dir_all(&partials).unwrap();
        std::fs::write(partials.join("agenda_entry.html"), "<li></li>").unwrap();
        let theme = Theme::load(root.path(), "default").unwrap();
        assert!(is_builtin(&theme), "an entry template is not read");
    }
}
