//! The website built from a fixture calendar at a fixed `--now`: what a
//! visitor sees on its lists of events, its month grid and in its
//! language (an event's own page: tests/event_page.rs; themes:
//! tests/themes.rs; links and navigation: tests/navigation.rs).

mod common;

use common::pages::{build, json_ld, page, NOW};
use common::*;
use regex::Regex;

/// (datetime, title) of every agenda entry, in page order.
fn agenda(html: &str) -> Vec<(String, String)> {
    let entry = Regex::new(
        r#"(?s)<time class="when" datetime="([^"]+)">.*?<p class="title"><a href="[^"]+">(?:<del>)?<bdi>([^<]+)"#,
    )
    .unwrap();
    entry
        .captures_iter(html)
        .map(|c| (c[1].to_string(), c[2].to_string()))
        .collect()
}

#[test]
fn home_lists_upcoming_occurrences_in_order() {
    let site = build(None);
    let home = page(site.path(), "index.html");
    let entries = agenda(&home);
    let expected = [
        ("2027-01-07T08:30:00+01:00", "Coffee"),
        ("2027-01-10", "Maybe picnic"),
        (
            "2027-01-11T18:00:00+01:00",
            "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;",
        ),
        ("2027-01-12T19:00:00+01:00", "Rust night"),
        ("2027-01-15T09:00:00+01:00", "Coffee"),
        ("2027-01-28T08:30:00+01:00", "Coffee"),
        ("2027-02-04T08:30:00+01:00", "Coffee"),
        ("2027-02-11T08:30:00+01:00", "Coffee"),
    ];
    let found: Vec<(&str, &str)> = entries
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert_eq!(found, expected);
    // Days are headed in the site's language, with a machine-readable date.
    assert!(home.contains(r#"<time datetime="2027-01-07">Thursday 7 January 2027</time>"#));
}

#[test]
fn past_events_move_from_home_to_the_archive() {
    let site = build(None);
    assert!(!page(site.path(), "index.html").contains("Old meetup"));
    for archive in ["past/index.html", "past/2026/index.html"] {
        let html = page(site.path(), archive);
        assert!(html.contains(">Old meetup</bdi></a>"), "{archive}");
        assert!(
            !html.contains(">Rust night</bdi></a>"),
            "{archive} lists only past events"
        );
    }
    let group = page(site.path(), "groups/rust-paris/index.html");
    let (upcoming, past) = group
        .split_once(r#"<h2 id="past">"#)
        .expect("a past section");
    assert!(
        upcoming.contains(">Rust night</bdi></a>") && !upcoming.contains(">Old meetup</bdi></a>")
    );
    assert!(past.contains(">Old meetup</bdi></a>"));
}

/// An event with no group, no venue and no link has no line for them in
/// the lists, rather than an empty paragraph that screen readers stop on.
#[test]
fn an_entry_with_nothing_to_say_where_has_no_empty_line() {
    let site = site_from(&[&fixture("fixtures/base")]);
    std::fs::write(
        site.path().join("content/events/picnic-2027-01-20.md"),
        "---\ntitle: Picnic\nstart: 2027-01-20 12:00\n---\nBring food.\n",
    )
    .unwrap();
    let out = meetcal(site.path(), &["build", "--now", "2027-01-05 12:00"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let home = page(site.path(), "index.html");
    let entry = home
        .split("<li class=\"event")
        .find(|e| e.contains(">Picnic</bdi></a>"))
        .expect("the picnic is listed");
    assert!(!entry.contains("class=\"meta\""), "{entry}");
    assert!(home.contains("<p class=\"meta\">"), "others keep theirs");
    for file in walkdir::WalkDir::new(site.path().join("public")) {
        let file = file.unwrap();
        if file.path().extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(file.path()).unwrap();
            assert!(
                !html.contains("<p class=\"meta\"></p>"),
                "{}",
                file.path().display()
            );
        }
    }
}

/// On the day before a series' cancelled date, its card, page and news
/// item show the date after, and the news item names the cancelled one:
/// shown with that date, the series read as if it were cancelled.
#[test]
fn a_series_whose_next_date_is_cancelled_is_shown_with_the_date_after() {
    let site = site_from(&[&fixture("fixtures/pages")]);
    let out = meetcal(
        site.path(),
        &["build", "--now", "2027-01-27T12:00:00+01:00"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let next = r#"<time datetime="2027-02-04T08:30:00+01:00""#;
    let events = page(site.path(), "events/index.html");
    let card = Regex::new(
        r#"(?s)<li>\s*<h2 dir="auto"><a href="/events/coffee/">Coffee</a></h2>.*?</li>"#,
    )
    .unwrap()
    .find(&events)
    .expect("the series' card")
    .as_str();
    assert!(card.contains(next), "{card}");
    assert!(!card.contains("Cancelled"), "{card}");
    let series = page(site.path(), "events/coffee/index.html");
    let when = Regex::new(r#"(?s)<dt>When</dt>\s*<dd>.*?</dd>"#)
        .unwrap()
        .find(&series)
        .expect("the page says when")
        .as_str();
    assert!(when.contains(next), "{when}");
    assert!(!when.contains("Cancelled"), "{when}");
    let feed = page(site.path(), "feed.xml");
    let item = Regex::new(r#"(?s)<item>\s*<title>[^<]*Coffee</title>.*?</item>"#)
        .unwrap()
        .find(&feed)
        .expect("the series' news item")
        .as_str();
    assert!(
        item.contains("<title>Thu 4 Feb 2027 · Coffee</title>"),
        "{item}"
    );
    assert!(
        item.contains("&lt;strong&gt;Cancelled:&lt;/strong&gt; Thursday 28 January 2027"),
        "{item}"
    );
    // When every date to come is cancelled, the next one is still shown.
    let now = "2027-02-05T12:00:00+01:00";
    let only_cancelled = site_from(&[&fixture("fixtures/pages")]);
    std::fs::write(
        only_cancelled
            .path()
            .join("content/events/coffee-cancelled.yaml"),
        "occurrence_of: coffee\ndate: 2027-02-11\nstatus: cancelled\n",
    )
    .unwrap();
    let out = meetcal(only_cancelled.path(), &["build", "--now", now]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let events = page(only_cancelled.path(), "events/index.html");
    assert!(
        events.contains(r#"datetime="2027-02-11T08:30:00+01:00">Thursday 11 February 2027, 08:30</time> · <a href="/groups/rust-paris/">Rust Paris</a> <strong class="badge">Cancelled</strong>"#),
        "{events}"
    );
}

#[test]
fn cancelled_tentative_and_changed_occurrences_are_marked() {
    let site = build(None);
    let home = page(site.path(), "index.html");
    let cancelled = Regex::new(
        r#"(?s)<li class="event status-cancelled">\s*<time class="when" datetime="2027-01-28T08:30:00\+01:00">.*?<del><bdi>Coffee</bdi></del></a> <strong class="badge">Cancelled</strong>"#,
    )
    .unwrap();
    assert!(
        cancelled.is_match(&home),
        "the cancelled coffee is struck through and labelled"
    );
    assert!(
        home.contains(r#"Maybe picnic</bdi></a> <strong class="badge">To be confirmed</strong>"#)
    );
    // The moved occurrence shows its new day, time and venue, not the old ones.
    let moved = Regex::new(
        r#"(?s)datetime="2027-01-15T09:00:00\+01:00">09:00</time>.*?Coffee</bdi></a> <span class="badge changed">Changed</span>.*?<a href="/venues/la-cantine/">La Cantine</a>"#,
    )
    .unwrap();
    assert!(moved.is_match(&home));
    assert!(!home.contains("2027-01-14T08:30"));
    assert!(
        !home.contains("2027-01-21T08:30"),
        "the except date is skipped"
    );
    // The series page lists its dates with the same marks.
    let series = page(site.path(), "events/coffee/index.html");
    assert!(series.contains("<dd>Every week on Thursday, 6 times</dd>"));
    assert!(series.contains("Friday 15 January 2027, 09:00</time> <span class=\"badge changed\">Changed</span> · La Cantine"));
    assert!(series.contains("<del>Thursday 28 January 2027, 08:30</del></time> <strong class=\"badge\">Cancelled</strong>"));
    // So does the month, in words as well as struck through.
    let month = page(site.path(), "calendar/2027/01/index.html");
    assert!(month.contains(
        "<del>08:30 <bdi>Coffee</bdi></del></a> <strong class=\"badge\">Cancelled</strong>"
    ));
    assert!(
        month.contains("Maybe picnic</bdi></a> <strong class=\"badge\">To be confirmed</strong>")
    );
}

#[test]
fn french_sites_speak_french() {
    let site = build(Some("fr"));
    let home = page(site.path(), "index.html");
    assert!(home.contains(r#"<html lang="fr">"#));
    assert!(home.contains("<h1>Événements à venir</h1>"));
    assert!(home.contains(r#"<time datetime="2027-01-07">jeudi 7 janvier 2027</time>"#));
    let night = page(site.path(), "events/rust-night-2027-01-12/index.html");
    assert!(night.contains("mardi 12 janvier 2027 à 19:00"));
    let month = page(site.path(), "calendar/2027/01/index.html");
    assert!(month.contains("<h1>janvier 2027</h1>"));
    let first_weekday = Regex::new(r#"<th scope="col"><abbr title="([^"]+)">"#).unwrap();
    assert_eq!(
        &first_weekday.captures(&month).unwrap()[1],
        "lundi",
        "weeks start on Monday"
    );
    assert!(page(site.path(), "subscribe/index.html")
        .contains("Google met à jour les agendas abonnés toutes les 8 à 24 heures"));
    // A colon in the text of a page has a no-break space before it, as in
    // the calendar feeds: `Rust Paris\u{a0}: S’abonner`, never `Rust Paris:`.
    let tag = Regex::new(r"(?s)<script.*?</script>|<[^>]*>").unwrap();
    let bare_colon = Regex::new(r"(^|[^\x{a0}0-9]):(\s|$)").unwrap();
    let mut pages = 0;
    for file in walkdir::WalkDir::new(site.path().join("public")) {
        let file = file.unwrap();
        if file.path().extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(file.path()).unwrap();
            let words = tag.replace_all(&html, " ");
            let found = bare_colon.find(&words).map(|m| m.start());
            let around = found.map(|at| {
                let start = words.floor_char_boundary(at.saturating_sub(40));
                &words[start..words.ceil_char_boundary(at + 20)]
            });
            assert_eq!(around, None, "{}", file.path().display());
            pages += 1;
        }
    }
    assert!(pages > 20, "{pages} pages");
    // The news feeds' items too.
    for feed in ["feed.xml", "feed.json"] {
        let text = page(site.path(), feed);
        assert!(text.contains("Quand\u{a0}:"), "{feed}");
        for bare in ["Quand:", "Où:", "En ligne:", "Annulé:"] {
            assert!(!text.contains(bare), "{feed} has {bare}");
        }
    }
}

/// A region written the way locales are (`fr_CA`, `FR-ca`) is published
/// as the BCP 47 tag HTML and the feeds expect, in the region's language.
#[test]
fn a_regional_language_is_published_as_a_language_tag() {
    for written in ["fr_CA", "FR-ca"] {
        let site = build(Some(written));
        let home = page(site.path(), "index.html");
        assert!(home.contains(r#"<html lang="fr-CA">"#), "{written}");
        assert!(home.contains("<h1>Événements à venir</h1>"), "{written}");
        assert!(
            page(site.path(), "feed.xml").contains("<language>fr-CA</language>"),
            "{written}"
        );
    }
}

#[test]
fn the_month_grid_and_its_navigation() {
    let site = build(None);
    let january = page(site.path(), "calendar/2027/01/index.html");
    assert!(january.contains("<h1>January 2027</h1>"));
    // 2027-01-01 is a Friday: the grid starts on Monday 28 December.
    assert!(january.contains(r#"<time class="daynum" datetime="2026-12-28">28</time>"#));
    assert!(
        january.contains(r#"<td class=" today busy" aria-current="date">"#)
            || january.contains(r#"aria-current="date">"#)
    );
    assert!(january.contains(r#"<a href="/calendar/2026/12/" rel="prev">"#));
    assert!(january.contains(r#"<a href="/calendar/2027/02/" rel="next">"#));
    assert!(
        january.contains("18:00 <bdi>&lt;script&gt;"),
        "the hostile title is text in the grid too"
    );
    let main = |html: &str| html.split("<main").nth(1).unwrap().to_string();
    assert!(
        main(&page(site.path(), "calendar/index.html")) == main(&january),
        "/calendar/ shows the current month"
    );
}

#[test]
fn a_hostile_event_file_produces_no_active_content() {
    let site = build(None);
    // Read as a browser, a feed reader and a calendar client would, as
    // every neutralised hostile case is (tests/hostile.rs).
    if let Err(found) = common::reading::neutralised(&site.path().join("public")) {
        panic!("{found}");
    }
    let hostile = page(site.path(), "events/hostile-2027-01-11/index.html");
    let data = json_ld(&hostile);
    assert_eq!(
        data["name"], "<script>alert('title')</script><img src=x onerror=alert(1)>",
        "the title survives as text"
    );
    assert!(hostile.contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;"));
}

#[test]
fn the_events_address_lists_every_event_to_come_by_its_next_date() {
    // A visitor who shortens /events/<slug>/ to /events/ gets a page.
    let site = build(None);
    let html = page(site.path(), "events/index.html");
    assert!(html.contains("<h1>Events</h1>"), "{html}");
    let french = build(Some("fr"));
    let french = page(french.path(), "events/index.html");
    assert!(french.contains("<h1>Événements</h1>"), "{french}");
    let entry = Regex::new(r#"<h2 dir="auto"><a href="/events/([^/"]+)/">"#).unwrap();
    let slugs: Vec<&str> = entry
        .captures_iter(&html)
        .map(|c| c.get(1).unwrap().as_str())
        .collect();
    // Each event once, at its next occurrence: the coffee series first.
    assert_eq!(slugs[0], "coffee", "{slugs:?}");
    assert!(slugs.contains(&"rust-night-2027-01-12"), "{slugs:?}");
    let position = |slug| slugs.iter().position(|s| *s == slug).unwrap();
    assert!(position("maybe-picnic-2027-01-10") < position("rust-night-2027-01-12"));
    assert_eq!(slugs.iter().filter(|s| **s == "coffee").count(), 1);
    assert!(
        !html.contains("Old meetup"),
        "past events are in the archive"
    );
    assert!(html.contains(r#"<a href="/past/">"#));
    let sitemap = page(site.path(), "sitemap.xml");
    assert!(sitemap.contains("<loc>https://cal.example.org/events/</loc>"));
}

#[test]
fn an_event_of_several_days_is_on_every_day_it_covers() {
    let site = site_from(&[&fixture("fixtures/base")]);
    // 30 March to 2 April: two months' pages; running at --now.
    std::fs::write(
        site.path().join("content/events/conf.md"),
        "---\ntitle: Spring conf\nstart: 2027-03-30\nend: 2027-04-02\n---\nFour days.\n",
    )
    .unwrap();
    let out = meetcal(site.path(), &["build", "--now", "2027-03-31 12:00"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let day = |html: &str, date: &str| -> Option<String> {
        let cell = Regex::new(&format!(r#"(?s)datetime="{date}">.*?</td>"#)).unwrap();
        cell.find(html).map(|m| m.as_str().to_string())
    };
    let march = page(site.path(), "calendar/2027/03/index.html");
    let april = page(site.path(), "calendar/2027/04/index.html");
    for (html, date, n) in [
        (&march, "2027-03-30", 1),
        (&march, "2027-03-31", 2),
        (&april, "2027-04-01", 3),
        (&april, "2027-04-02", 4),
    ] {
        let cell = day(html, date).unwrap_or_else(|| panic!("no cell {date}"));
        assert!(cell.contains("Spring conf"), "{date}: {cell}");
        assert!(cell.contains(&format!("(day {n} of 4)")), "{date}: {cell}");
    }
    let after = day(&april, "2027-04-03").unwrap();
    assert!(!after.contains("Spring conf"), "{after}");
    // Lists show it once: running now, on today, as continuing.
    let home = page(site.path(), "index.html");
    assert_eq!(home.matches("Spring conf").count(), 1, "{home}");
    let today =
        Regex::new(r#"(?s)<h2 id="day-2027-03-31">[^\n]*\n<ul class="agenda">\s*<li[^>]*>.*?Spring conf</bdi></a> <span class="badge">day 2 of 4</span>"#)
            .unwrap();
    assert!(today.is_match(&home), "{home}");
}

/// An evening that runs past midnight is on both days of the month page,
/// but is not "day 1 of 2": its second day says when it ends.
#[test]
fn an_evening_past_midnight_is_not_an_event_of_two_days() {
    let site = site_from(&[&fixture("fixtures/base")]);
    std::fs::write(
        site.path().join("content/events/late-party.md"),
        "---\ntitle: Late party\nstart: 2027-03-30 22:00\nend: 2027-03-31 01:00\n---\nDancing.\n",
    )
    .unwrap();
    std::fs::write(
        site.path().join("content/events/hackathon.md"),
        "---\ntitle: Hackathon\nstart: 2027-03-26 18:00\nend: 2027-03-27 18:00\n---\nA whole day.\n",
    )
    .unwrap();
    let out = meetcal(site.path(), &["build", "--now", "2027-03-01 12:00"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let march = page(site.path(), "calendar/2027/03/index.html");
    let cell = |date: &str| -> String {
        let cell = Regex::new(&format!(r#"(?s)datetime="{date}">.*?</td>"#)).unwrap();
        cell.find(&march)
            .unwrap_or_else(|| panic!("no cell {date}"))
            .as_str()
            .to_string()
    };
    let (first, second) = (cell("2027-03-30"), cell("2027-03-31"));
    assert!(first.contains("Late party") && second.contains("Late party"));
    assert!(second.contains("until 01:00"), "{second}");
    for cell in [&first, &second] {
        assert!(!cell.contains(" of 2"), "{cell}");
    }
    // A day or more is still counted.
    assert!(cell("2027-03-27").contains("(day 2 of 2)"));
}

#[test]
fn a_full_list_says_what_it_leaves_out_and_where_it_is() {
    let site = site_from(&[&fixture("fixtures/base")]);
    // 230 events, one a day from 1 February: the home page shows 200
    // within its 90 days, and the rest is on the month pages.
    for i in 0..230 {
        let day =
            chrono::NaiveDate::from_ymd_opt(2027, 2, 1).unwrap() + chrono::Duration::days(i / 3);
        std::fs::write(
            site.path().join(format!("content/events/talk-{i}.md")),
            format!("---\ntitle: Talk {i}\nstart: {day} 19:00\n---\nWords.\n"),
        )
        .unwrap();
    }
    let out = meetcal(site.path(), &["build", "--now", "2027-01-31 12:00"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let home = page(site.path(), "index.html");
    let listed = home.matches(r#"<p class="title">"#).count();
    assert_eq!(listed, 200, "the home page's bound");
    assert!(!home.contains(">Talk 229<"), "the last talk is left out");
    // 230 in the window (77 days), plus the base calendar's own upcoming ones.
    let more = Regex::new(r#"<p class="more"><a href="(/calendar/2027/\d\d/)">(\d+) more events in the next 90 days: see the calendar</a></p>"#).unwrap();
    let found = more.captures(&home).expect("a notice of what is left out");
    let month_page = &found[1];
    assert_eq!(
        month_page, "/calendar/2027/04/",
        "where the first left-out talk is"
    );
    let left_out: usize = found[2].parse().unwrap();
    assert!(left_out >= 30, "{left_out}");
    let april = page(site.path(), "calendar/2027/04/index.html");
    assert!(
        april.contains("Talk 229"),
        "the last one is on its month page"
    );
}

#[test]
fn the_next_event_is_listed_however_far_away() {
    let site = site_from(&[&fixture("fixtures/base")]);
    std::fs::write(
        site.path().join("content/events/far.md"),
        "---\ntitle: Far away\nstart: 2027-09-01 19:00\ntags: [far]\n---\nLater.\n",
    )
    .unwrap();
    std::fs::write(
        site.path().join("content/events/farther.md"),
        "---\ntitle: Farther\nstart: 2027-10-01 19:00\ntags: [far]\n---\nLater still.\n",
    )
    .unwrap();
    let out = meetcal(site.path(), &["build", "--now", "2027-03-01 12:00"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Six months away, beyond the 90 days a list shows: the first is
    // listed, the next is a link away, and nothing says "no events".
    let tag = page(site.path(), "tags/far/index.html");
    let listed: Vec<String> = agenda(&tag).into_iter().map(|(_, t)| t).collect();
    assert_eq!(listed, ["Far away"], "{tag}");
    assert!(!tag.contains("No upcoming events"), "{tag}");
    assert!(
        tag.contains(r#"<a href="/calendar/2027/10/">"#),
        "the later one is a link away: {tag}"
    );
}

/// `/past/` stays small however long the archive: the latest 200 dates,
/// then a link to the year where the list leaves off; each year's page
/// has all of its dates.
#[test]
fn the_archive_page_lists_the_latest_dates_and_links_to_the_rest() {
    let site = site_from(&[&fixture("fixtures/pages")]);
    let last = chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    for i in 0..400 {
        let day = last - chrono::Duration::days(i);
        std::fs::write(
            site.path().join(format!("content/events/archive-{i}.md")),
            format!("---\ntitle: Archive {i}\nstart: {day} 19:00\n---\nTalks.\n"),
        )
        .unwrap();
    }
    let out = meetcal(site.path(), &["build", "--now", NOW]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let latest = agenda(&page(site.path(), "past/index.html"));
    assert_eq!(latest.len(), 200);
    assert_eq!(latest[0].1, "Archive 0", "the most recent first");
    assert!(
        latest.windows(2).all(|pair| pair[0].0 >= pair[1].0),
        "{latest:?}"
    );
    assert!(page(site.path(), "past/index.html")
        .contains(r#"<p class="more"><a href="/past/2026/">Earlier dates: see 2026</a></p>"#));
    let year = agenda(&page(site.path(), "past/2026/index.html"));
    assert!(year.iter().any(|(_, title)| title == "Archive 364"));
    assert!(!year.iter().any(|(_, title)| title == "Archive 365"));
    let earlier = page(site.path(), "past/2025/index.html");
    assert!(earlier.contains(">Archive 365</bdi></a>") && !earlier.contains("Earlier dates"));
}

/// `/past/` never cuts a day in two: past its 200 dates, it lists the rest
/// of the last day, so that the link leads to earlier days only.
#[test]
fn the_archive_page_ends_on_a_whole_day() {
    let site = site_from(&[&fixture("fixtures/base")]);
    let events = site.path().join("content/events");
    let last = chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    let write = |name: String, start: String| {
        std::fs::write(
            events.join(format!("{name}.md")),
            format!("---\ntitle: {name}\nstart: {start}\n---\nTalks.\n"),
        )
        .unwrap();
    };
    for i in 0..198 {
        write(
            format!("daily-{i}"),
            format!("{} 19:00", last - chrono::Duration::days(i)),
        );
    }
    for hour in [18, 19, 20] {
        write(format!("same-{hour}"), format!("2026-06-16 {hour}:00"));
    }
    write("earlier".into(), "2026-06-15 19:00".into());
    let out = meetcal(site.path(), &["build", "--now", NOW]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let html = page(site.path(), "past/index.html");
    let titles: Vec<String> = agenda(&html).into_iter().map(|(_, t)| t).collect();
    assert_eq!(titles.len(), 201, "{titles:?}");
    for hour in [18, 19, 20] {
        assert!(titles.contains(&format!("same-{hour}")), "{titles:?}");
    }
    assert!(!titles.contains(&"earlier".to_string()));
    assert!(html.contains(r#"<a href="/past/2026/">Earlier dates: see 2026</a>"#));
}

#[test]
fn the_subscribe_page_links_the_news_feeds_for_visitors() {
    let site = build(Some("fr"));
    let subscribe = page(site.path(), "subscribe/index.html");
    let section = &subscribe[subscribe.find("id=\"news-feeds\"").expect("a news section")..];
    assert!(section.contains("Dans un lecteur de flux"), "{section}");
    for file in ["feed.xml", "feed.json"] {
        assert!(
            section.contains(&format!("href=\"https://cal.example.org/{file}\"")),
            "{section}"
        );
        assert!(site.path().join("public").join(file).is_file());
    }
}
