//! An event's page: its dates, its data for search engines, its links,
//! and what it lists of a series' dates.

mod common;

use common::pages::{build, json_ld, page};
use common::*;
use regex::Regex;
use std::path::Path;

/// A series' page lists its next dates, then, under a heading of their
/// own, every later date a file changes or cancels: a date moved months
/// ahead is on the page too.
#[test]
fn a_series_page_lists_its_later_changed_dates() {
    let site = sample_content_only();
    let events = site.path().join("content/events/breakfast");
    write_file(
        &events.join("breakfast.md"),
        "---\ntitle: Breakfast\nstart: 2026-12-03 08:00\nrepeat:\n  every: week\n  on: thursday\n---\nCoffee.\n".into(),
    );
    // The 20th and the 26th dates of the series.
    write_file(
        &events.join("breakfast-2027-04-15.md"),
        "---\noccurrence_of: breakfast\ndate: 2027-04-15\ntitle: Breakfast with guests\n---\nGuests.\n".into(),
    );
    write_file(
        &events.join("breakfast-2027-05-27.yaml"),
        "occurrence_of: breakfast\ndate: 2027-05-27\nstatus: cancelled\n".into(),
    );
    let pages = built_under(
        site.path(),
        "2026-12-01T12:00:00+01:00",
        "out",
        "events/breakfast",
    );
    let page = pages
        .iter()
        .find(|(path, _)| path.ends_with("index.html"))
        .map(|(_, bytes)| text(bytes))
        .expect("the series' page");
    let listed: Vec<&str> = page
        .split("<time datetime=\"")
        .skip(1)
        .filter_map(|rest| rest.get(..10))
        .collect();
    // The page's own date, the next 12, then the two changed later.
    assert!(listed.contains(&"2027-02-18"), "{listed:?}");
    assert!(!listed.contains(&"2027-02-25"), "{listed:?}");
    assert!(!listed.contains(&"2027-04-08"), "{listed:?}");
    assert!(listed.contains(&"2027-04-15"), "{listed:?}");
    assert!(listed.contains(&"2027-05-27"), "{listed:?}");
    assert!(page.contains("Breakfast with guests"));
    // The later ones under a heading of their own, after the next dates'
    // list closes: in one list, they read as the dates that follow.
    let (next, later) = page
        .split_once("<h3 id=\"later-dates\">Changed dates further ahead</h3>")
        .expect("a heading above the later changed dates");
    let next = &next[next.find("<h2 id=\"dates\">").expect("the dates")..];
    assert!(next.trim_end().ends_with("</ul>"), "{next}");
    assert!(!next.contains("2027-04-15") && !next.contains("2027-05-27"));
    let later = &later[..later.find("</ul>").expect("the later list")];
    assert!(later.contains("2027-04-15") && later.contains("2027-05-27"));
}

/// A series whose next date is years away (a yearly one from 29 February)
/// is not over: its page shows that date, and its news item says it.
#[test]
fn a_series_whose_next_date_is_years_away_shows_that_date() {
    let site = sample_content_only();
    write_file(
        &site.path().join("content/events/leap-party.yaml"),
        "title: Leap day party\nstart: 2024-02-29 19:00\nrepeat:\n  every: year\n".into(),
    );
    // Ended in the past: over, and its page says so.
    write_file(
        &site.path().join("content/events/old-party.yaml"),
        "title: Old party\nstart: 2020-02-29 19:00\nrepeat:\n  every: year\n  until: 2024-03-01\n"
            .into(),
    );
    let built = built_under(site.path(), "2026-12-01T12:00:00+01:00", "out", "");
    let file = |name: &str| {
        (built.iter())
            .find(|(path, _)| path.ends_with(name))
            .map(|(_, bytes)| text(bytes))
            .unwrap_or_else(|| panic!("no {name}"))
    };
    let page = file("events/leap-party/index.html");
    assert!(page.contains("datetime=\"2028-02-29"), "{page}");
    assert!(!page.contains("class=\"notice\""), "not over: {page}");
    let old = file("events/old-party/index.html");
    assert!(old.contains("class=\"notice\""), "over: {old}");

    let feed: serde_json::Value = serde_json::from_str(&file("feed.json")).unwrap();
    let item = (feed["items"].as_array().unwrap().iter())
        .find(|item| item["id"].as_str().unwrap().starts_with("leap-party@"))
        .expect("the series is news");
    let title = item["title"].as_str().unwrap();
    assert!(title.starts_with("Tue 29 Feb 2028"), "{title}");
    assert!(
        item["content_html"].as_str().unwrap().contains("2028"),
        "{item}"
    );
}

/// A description written on several lines in a `.yaml` file keeps its
/// paragraphs, however it is written: YAML folds a blank line into one line
/// break, except in a `|` block, whose lines are kept as they are.
#[test]
fn a_yaml_description_keeps_its_paragraphs_however_it_is_written() {
    let site = sample_content_only();
    let events = site.path().join("content/events");
    let written = [
        (
            "plain",
            "description: First, the talks.\n\n  Then, the food.\n",
        ),
        (
            "folded",
            "description: >\n  First,\n  the talks.\n\n  Then, the food.\n",
        ),
        (
            "quoted",
            "description: \"First, the talks.\n\n  Then, the food.\"\n",
        ),
        (
            "below",
            "description:\n  First, the talks.\n\n  Then, the food.\n",
        ),
        (
            "literal",
            "description: |\n  First, the talks.\n\n  Then, the food.\n",
        ),
    ];
    for (slug, description) in written {
        write_file(
            &events.join(format!("{slug}.yaml")),
            format!("title: Night {slug}\nstart: 2027-03-12 19:00\n{description}"),
        );
    }
    // In a `|` block, a line break is a line break, and Markdown's.
    write_file(
        &events.join("lines.yaml"),
        "title: Lines\nstart: 2027-03-12 19:00\ndescription: |\n  One line,\n  the same paragraph.\n".into(),
    );
    let built = built_under(site.path(), "2027-01-01T12:00:00+01:00", "out", "events");
    let page = |slug: &str| {
        (built.iter())
            .find(|(path, _)| path.ends_with(format!("{slug}/index.html")))
            .map(|(_, bytes)| text(bytes))
            .unwrap_or_else(|| panic!("no page for {slug}"))
    };
    for (slug, _) in written {
        let page = page(slug);
        assert!(
            page.contains("<p>First, the talks.</p>\n<p>Then, the food.</p>"),
            "{slug}: {page}"
        );
    }
    assert!(page("lines").contains("<p>One line,\nthe same paragraph.</p>"));
}

#[test]
fn the_page_of_a_past_event_says_it_is_over() {
    // A visitor coming from a search engine or an old link.
    let site = build(None);
    let notice =
        r#"<p class="notice">This event is over. <a href="/">Back to the upcoming events</a></p>"#;
    let old = page(site.path(), "events/old-meetup-2026-12-01/index.html");
    assert!(old.contains(notice), "{old}");
    let next = page(site.path(), "events/rust-night-2027-01-12/index.html");
    assert!(!next.contains("This event is over"), "{next}");
    let french = build(Some("fr"));
    let old = page(french.path(), "events/old-meetup-2026-12-01/index.html");
    assert!(old.contains("Cet événement est passé."), "{old}");
}

#[test]
fn event_pages_carry_schema_org_data() {
    let site = build(None);
    let night = json_ld(&page(
        site.path(),
        "events/rust-night-2027-01-12/index.html",
    ));
    assert_eq!(night["@type"], "Event");
    assert_eq!(night["name"], "Rust night");
    assert_eq!(night["startDate"], "2027-01-12T19:00:00+01:00");
    assert_eq!(night["endDate"], "2027-01-12T21:30:00+01:00");
    assert_eq!(night["eventStatus"], "https://schema.org/EventScheduled");
    assert_eq!(
        night["eventAttendanceMode"],
        "https://schema.org/MixedEventAttendanceMode"
    );
    assert_eq!(night["location"][0]["@type"], "Place");
    assert_eq!(night["location"][0]["address"]["@type"], "PostalAddress");
    assert_eq!(
        night["location"][0]["address"]["streetAddress"],
        "12 rue Réaumur, 75003 Paris"
    );
    let geo = &night["location"][0]["geo"];
    assert_eq!(geo["@type"], "GeoCoordinates");
    assert_eq!(
        (geo["latitude"].as_f64(), geo["longitude"].as_f64()),
        (Some(48.8667), Some(2.3553))
    );
    assert_eq!(night["location"][1]["@type"], "VirtualLocation");
    assert_eq!(night["location"][1]["url"], "https://meet.example.org/rust");
    assert_eq!(night["organizer"]["name"], "Rust Paris");
    assert_eq!(
        night["url"],
        "https://cal.example.org/events/rust-night-2027-01-12/"
    );

    let picnic = json_ld(&page(
        site.path(),
        "events/maybe-picnic-2027-01-10/index.html",
    ));
    // A one-day event ends on its day: schema.org dates are inclusive.
    assert_eq!(picnic["startDate"], "2027-01-10");
    assert_eq!(picnic["endDate"], "2027-01-10");
    assert_eq!(
        picnic["eventAttendanceMode"],
        "https://schema.org/OfflineEventAttendanceMode"
    );

    let series = json_ld(&page(site.path(), "events/coffee/index.html"));
    let dates = texts(&series, "startDate");
    assert_eq!(
        dates[..2],
        ["2027-01-07T08:30:00+01:00", "2027-01-15T09:00:00+01:00"]
    );
    let cancelled = series
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["startDate"] == "2027-01-28T08:30:00+01:00")
        .unwrap();
    assert_eq!(
        cancelled["eventStatus"],
        "https://schema.org/EventCancelled"
    );
    // Only the moved date is at La Cantine: an override's changes stay
    // in its own item.
    let items = series.as_array().unwrap();
    let at_cantine: Vec<&str> = items
        .iter()
        .filter(|e| e["location"]["name"] == "La Cantine")
        .map(|e| e["startDate"].as_str().unwrap())
        .collect();
    assert_eq!(at_cantine, ["2027-01-15T09:00:00+01:00"]);
    assert!(items
        .iter()
        .all(|e| e["name"] == "Coffee" && e["organizer"]["name"] == "Rust Paris"));

    let html = page(site.path(), "events/rust-night-2027-01-12/index.html");
    assert!(html.contains(r#"<meta property="og:title" content="Rust night · Pages fixture">"#));
    assert!(html.contains(r#"<meta name="twitter:card" content="summary">"#));
    assert!(html.contains(
        r#"href="https://github.com/example/cal/edit/main/content/events/rust-night-2027-01-12.md""#
    ));
    assert!(html.contains(r#"href="/events/rust-night-2027-01-12/event.ics""#));
    assert!(html.contains("https://calendar.google.com/calendar/render?action=TEMPLATE&amp;text=Rust+night&amp;dates=20270112T180000Z%2F20270112T203000Z"));
    assert!(html.contains("https://www.openstreetmap.org/?mlat=48.8667&amp;mlon=2.3553"));
}

#[test]
fn a_two_day_event_ends_on_its_last_day_in_html_and_json_ld() {
    let site = site_from(&[&fixture("fixtures/base")]);
    std::fs::write(
        site.path().join("content/events/conf.md"),
        "---\ntitle: Web conf\nstart: 2027-04-24\nend: 2027-04-25\n---\nTwo days.\n",
    )
    .unwrap();
    let out = meetcal(site.path(), &["build", "--now", "2027-01-05 12:00"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let html = page(site.path(), "events/conf/index.html");
    assert!(
        html.contains(r#"<time datetime="2027-04-24">Saturday 24 April 2027</time> – <time datetime="2027-04-25">Sunday 25 April 2027</time>"#),
        "{html}"
    );
    let data = json_ld(&html);
    assert_eq!(data["startDate"], "2027-04-24");
    assert_eq!(data["endDate"], "2027-04-25");
    // iCalendar's DTEND alone is the day after.
    let ics = std::fs::read_to_string(site.path().join("public/events/conf/event.ics")).unwrap();
    assert!(ics.contains("DTEND;VALUE=DATE:20270426"), "{ics}");
}

#[test]
fn a_night_the_clocks_change_shows_each_ends_offset_and_its_real_length() {
    let site = site_from(&[&fixture("fixtures/base")]);
    std::fs::write(
        site.path().join("content/events/spring-night.md"),
        "---\ntitle: Spring night\nstart: 2027-03-27 22:00\nend: 2027-03-28 05:00\n---\nDancing.\n",
    )
    .unwrap();
    let out = meetcal(site.path(), &["build", "--now", "2027-01-05 12:00"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let html = page(site.path(), "events/spring-night/index.html");
    // Paris moves from UTC+01:00 to UTC+02:00 at 02:00: one offset for
    // both times would end the night an hour late.
    assert!(
        html.contains(
            "Saturday 27 March 2027 at 22:00</time> (UTC+01:00) – \
             <time datetime=\"2027-03-28T05:00:00+02:00\">Sunday 28 March 2027 at 05:00</time> (UTC+02:00)</dd>"
        ),
        "{html}"
    );
    // 22:00 to 05:00 that night is six hours, not seven.
    assert!(html.contains("<dt>Duration</dt>\n<dd>6 h</dd>"), "{html}");
}

#[test]
fn a_deprecated_zone_name_is_published_as_the_current_zone() {
    let site = site_from(&[&fixture("fixtures/base")]);
    std::fs::write(
        site.path().join("content/events/mtl.md"),
        "---\ntitle: MTL web\nstart: 2027-04-24 18:00\ntimezone: America/Montreal\n---\nHi.\n",
    )
    .unwrap();
    let out = meetcal(site.path(), &["build", "--now", "2027-01-05 12:00"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let ics = std::fs::read_to_string(site.path().join("public/events/mtl/event.ics")).unwrap();
    assert!(
        ics.contains("DTSTART;TZID=America/Toronto:20270424T180000"),
        "{ics}"
    );
    assert!(ics.contains("TZID:America/Toronto"), "{ics}");
    assert!(!ics.contains("Montreal"), "{ics}");
    let html = page(site.path(), "events/mtl/index.html");
    assert!(html.contains("America/Toronto") && !html.contains("America/Montreal"));
}

#[test]
fn online_without_a_link_yet_and_typed_links() {
    let site = site_from(&[&fixture("fixtures/base")]);
    std::fs::write(
        site.path().join("content/events/devops-days.md"),
        "---\ntitle: 90 days of DevOps\nstart: 2027-03-01\nend: 2027-05-01\nonline: true\nlinks:\n  tickets: https://tickets.example.org/devops\n  cfp: https://cfp.example.org/devops\n  video: https://video.example.org/devops\n---\nEvery day.\n",
    )
    .unwrap();
    std::fs::write(
        site.path().join("content/events/stream.md"),
        "---\ntitle: Stream\nstart: 2027-03-02 19:00\nonline: https://meet.example.org/stream\n---\nOnline only.\n",
    )
    .unwrap();
    let out = meetcal(site.path(), &["build", "--now", "2027-01-05 12:00"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let html = page(site.path(), "events/devops-days/index.html");
    assert!(
        html.contains("<dt>Online</dt>\n<dd>The link will be announced here</dd>"),
        "{html}"
    );
    // Typed links in a fixed order: tickets, call for papers, ..., video.
    let labels: Vec<&str> = ["Tickets", "Call for papers", "Video"]
        .into_iter()
        .filter(|label| html.contains(&format!("<dt>{label}</dt>")))
        .collect();
    assert_eq!(labels.len(), 3, "{html}");
    let at = |s: &str| html.find(s).unwrap();
    assert!(at("<dt>Tickets</dt>") < at("<dt>Call for papers</dt>"));
    assert!(at("<dt>Call for papers</dt>") < at("<dt>Video</dt>"));
    assert!(html.contains(r#"<a href="https://cfp.example.org/devops" rel="noopener">"#));
    let data = json_ld(&html);
    assert_eq!(
        data["eventAttendanceMode"],
        "https://schema.org/OnlineEventAttendanceMode"
    );
    assert_eq!(data["offers"]["url"], "https://tickets.example.org/devops");
    assert!(!html.contains("VirtualLocation"), "no address to give yet");
    // No place and no link yet: an empty list of locations; a link alone:
    // the one location, not a list.
    assert_eq!(data["location"], serde_json::json!([]));
    let stream = json_ld(&page(site.path(), "events/stream/index.html"));
    assert_eq!(stream["location"]["@type"], "VirtualLocation");
    assert_eq!(stream["location"]["url"], "https://meet.example.org/stream");
    assert_eq!(
        stream["eventAttendanceMode"],
        "https://schema.org/OnlineEventAttendanceMode"
    );

    let ics =
        std::fs::read_to_string(site.path().join("public/events/devops-days/event.ics")).unwrap();
    let unfolded = ics.replace("\r\n ", "");
    assert!(unfolded.contains("LOCATION:Online\r\n"), "{unfolded}");
    assert!(!unfolded.contains("CONFERENCE"), "{unfolded}");
    assert!(
        unfolded.contains("Tickets: https://tickets.example.org/devops"),
        "{unfolded}"
    );
    assert!(
        unfolded.contains("Call for papers: https://cfp.example.org/devops"),
        "{unfolded}"
    );

    let events: serde_json::Value =
        serde_json::from_str(&page(site.path(), "events.json")).unwrap();
    let event = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["slug"] == "devops-days")
        .unwrap();
    assert_eq!(event["is_online"], true);
    assert!(event["online"].is_null());
    assert_eq!(event["links"]["cfp"], "https://cfp.example.org/devops");
    let feed = page(site.path(), "feed.xml");
    assert!(
        feed.contains("Online: The link will be announced here"),
        "{feed}"
    );
}

#[test]
fn google_calendar_adds_a_series_whole_and_a_one_off_event_prefilled() {
    let site = build(None);
    let google = |path: &str| {
        let html = page(site.path(), path);
        let link = Regex::new(r#"<a href="([^"]+)"[^>]*>Google Calendar</a>"#).unwrap();
        let captures = link
            .captures(&html)
            .unwrap_or_else(|| panic!("{path}: no link"));
        captures[1].replace("&amp;", "&")
    };
    // The series: subscribed to through its own feed, changes and all.
    assert_eq!(
        google("events/coffee/index.html"),
        "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Fcal.example.org%2Fevents%2Fcoffee%2Fevent.ics"
    );
    let ics = page(site.path(), "events/coffee/event.ics");
    assert!(ics.contains("RRULE:") && ics.contains("RECURRENCE-ID"));
    // A one-off event: its date and title, prefilled.
    let once = google("events/rust-night-2027-01-12/index.html");
    assert!(
        once.starts_with("https://calendar.google.com/calendar/render?action=TEMPLATE&text="),
        "{once}"
    );
    assert!(once.contains("&dates=20270112T"), "{once}");
}

/// Cancelling a series' next date cancels that date, not the series: its
/// page keeps its heading and its Google Calendar link, says when the next
/// date on is, and lists the one that is off. A series cancelled whole
/// still says so.
#[test]
fn a_series_whose_next_date_is_cancelled_is_not_itself_cancelled() {
    let site = site_from(&[&fixture("fixtures/pages")]);
    // The coffee's next date, 28 January, is cancelled; 4 and 11 February are on.
    let build = |site: &Path| {
        let out = meetcal(site, &["build", "--now", "2027-01-25T12:00:00+01:00"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        page(site, "events/coffee/index.html")
    };
    let series = build(site.path());
    assert!(
        series.contains(
            "<article class=\"event-page status-confirmed\">\n<h1 dir=\"auto\">Coffee</h1>\n"
        ),
        "{series}"
    );
    assert!(!series.contains("<p class=\"notice\">"), "{series}");
    assert!(
        series.contains(">Google Calendar</a>"),
        "the series is still to subscribe to"
    );
    let when = Regex::new(
        r#"<dt>When</dt>\n<dd><time datetime="2027-02-04T08:30:00\+01:00"[^>]*>[^<]+</time> – <time [^>]+>10:00</time> \(UTC\+01:00\)</dd>"#,
    )
    .unwrap();
    assert!(when.is_match(&series), "the date shown is on: {series}");
    assert!(series.contains("<del>Thursday 28 January 2027, 08:30</del></time> <strong class=\"badge\">Cancelled</strong>"));
    assert!(series.contains("<li class=\"status-confirmed\"><time datetime=\"2027-02-04T08:30:00+01:00\">Thursday 4 February 2027, 08:30</time>"));
    let dates = json_ld(&series);
    let status = |i: usize| dates[i]["eventStatus"].as_str().unwrap().to_string();
    assert_eq!(status(0), "https://schema.org/EventCancelled");
    assert_eq!(status(1), "https://schema.org/EventScheduled");

    let file = site.path().join("content/events/coffee.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace(
            "group: rust-paris\n",
            "group: rust-paris\nstatus: cancelled\n",
        ),
    )
    .unwrap();
    let cancelled = build(site.path());
    assert!(cancelled.contains("<article class=\"event-page status-cancelled\">\n<h1 dir=\"auto\"><del>Coffee</del></h1>\n<p class=\"notice\"><strong class=\"badge\">Cancelled</strong></p>"));
    assert!(!cancelled.contains(">Google Calendar</a>"));
    assert!(
        !cancelled.contains("</time> (UTC+01:00) <strong"),
        "said once, for the whole series"
    );
}
