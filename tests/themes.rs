//! A calendar's own theme: its files replace the built-in ones one by one,
//! each of its templates wins over the page writers meetcal uses while a
//! theme keeps the built-in ones (which make the same bytes), a copy of the
//! built-in templates builds the same site, and a layout of its own still
//! gets what pages need.

mod common;

use common::pages::{build, page, NOW};
use common::*;
use std::path::Path;

/// The moment the sample calendar is built at.
const SAMPLE_NOW: &str = "2026-11-25T12:00:00+01:00";

/// A theme's `base.html` still gets each feed's subscribe links on event
/// pages, which the built-in writer does not print.
#[test]
fn an_own_base_template_gets_the_feeds_subscribe_links() {
    let site = site_from(&[&fixture("fixtures/pages")]);
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html");
    let base = std::fs::read_to_string(theme).unwrap();
    let alternate = r#"href="{{ feed.url }}">"#;
    assert!(
        base.contains(alternate),
        "base.html changed: update this test"
    );
    write_file(
        &site.path().join("themes/default/templates/base.html"),
        base.replace(
            alternate,
            r#"href="{{ feed.url }}" data-webcal="{{ feed.webcal }}" data-google="{{ feed.google }}">"#,
        ),
    );
    let out = meetcal(site.path(), &["build", "--now", NOW]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let event = page(site.path(), "events/coffee/index.html");
    for (url, webcal, google) in [
        (
            "https://cal.example.org/events/coffee/event.ics",
            "webcal://cal.example.org/events/coffee/event.ics",
            "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Fcal.example.org%2Fevents%2Fcoffee%2Fevent.ics",
        ),
        (
            "https://cal.example.org/groups/rust-paris/calendar.ics",
            "webcal://cal.example.org/groups/rust-paris/calendar.ics",
            "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Fcal.example.org%2Fgroups%2Frust-paris%2Fcalendar.ics",
        ),
    ] {
        let link = format!(r#"href="{url}" data-webcal="{webcal}" data-google="{google}">"#);
        assert!(event.contains(&link), "no {link} in {event}");
    }
}

/// The default theme's lists and event pages are written without
/// interpreting their templates, and lists carry only the entries where the
/// built-in templates read nothing else. A theme that copies every built-in
/// template takes the general path (each page and entry from its template,
/// every field converted) and must build the very same site, in both
/// languages. Events beyond the fixture's give the event pages every branch
/// of `event.html`; the French site has no edit links.
#[test]
fn a_copy_of_the_built_in_templates_builds_the_same_site() {
    for language in [None, Some("fr")] {
        let site = build(language);
        add_events_for_every_branch(site.path());
        if language.is_some() {
            let path = site.path().join("content/site.yaml");
            let text = std::fs::read_to_string(&path).unwrap();
            let without: String = text
                .lines()
                .filter(|line| !line.starts_with("edit_url:"))
                .map(|line| format!("{line}\n"))
                .collect();
            std::fs::write(&path, without).unwrap();
        }
        let out = meetcal(site.path(), &["build", "--now", NOW]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let built_in = snapshot(&site.path().join("public"));
        // A cancelled event is not offered to add to a calendar; the others are.
        let cancelled_notice = format!(
            "<p class=\"notice\"><strong class=\"badge\">{}</strong>",
            if language.is_some() {
                "Annulé"
            } else {
                "Cancelled"
            }
        );
        let event_pages: Vec<String> = built_in
            .iter()
            .filter(|(path, _)| {
                path.starts_with("events/")
                    && path.ends_with("index.html")
                    && path.components().count() == 3
            })
            .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
            .collect();
        let (cancelled, others): (Vec<&String>, Vec<&String>) = event_pages
            .iter()
            .partition(|page| page.contains(&cancelled_notice));
        assert!(!cancelled.is_empty() && !others.is_empty());
        assert!(cancelled
            .iter()
            .all(|page| !page.contains("calendar.google.com")));
        assert!(others
            .iter()
            .all(|page| page.contains("calendar.google.com")));
        // A night past midnight shows, on its later days, when it ends,
        // not the start of the day before.
        let month = built_in
            .iter()
            .find(|(path, _)| path == Path::new("calendar/2027/03/index.html"))
            .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
            .unwrap();
        let (all_day, until) = match language {
            Some(_) => ("Toute la journée", "jusqu’à 02:00"),
            None => ("All day", "until 02:00"),
        };
        for shown in [
            ">20:00 <bdi>Hack night</bdi><".to_string(),
            format!(">{all_day} <bdi>Hack night</bdi><"),
            format!(">{until} <bdi>Hack night</bdi><"),
        ] {
            assert!(month.contains(&shown), "{shown}");
        }
        for branch in [
            "<p class=\"notice\"><strong class=\"badge\">",
            "<br><span class=\"muted\">",
            " data-zone=\"America/Toronto\"",
            "(America/Toronto, UTC−05:00) <strong class=\"badge\">",
            "<dd><a href=\"https://tickets.example.org/?a=1&amp;b=2\" rel=\"noopener\">",
            if language.is_some() {
                " · <bdi>Other &amp; &quot;title&quot;</bdi> · Lieu à annoncer</li>"
            } else {
                " · <bdi>Other &amp; &quot;title&quot;</bdi> · Place to be announced</li>"
            },
            " · La Cantine</li>",
            if language.is_some() {
                " · En ligne</li>"
            } else {
                " · Online</li>"
            },
            "<del>",
        ] {
            assert!(
                built_in
                    .iter()
                    .any(|(path, bytes)| path.starts_with("events/")
                        && String::from_utf8_lossy(bytes).contains(branch)),
                "no event page has {branch}"
            );
        }
        // `/events/`, written in Rust too, with each branch of its cards.
        let cards = built_in
            .iter()
            .find(|(path, _)| path == Path::new("events/index.html"))
            .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
            .expect("events/index.html");
        for branch in ["</time> · <a href=\"", "</time> <strong class=\"badge\">"] {
            assert!(cards.contains(branch), "no card of /events/ has {branch}");
        }
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates"),
            &site.path().join("themes/default/templates"),
        );
        let out = meetcal(
            site.path(),
            &["build", "--now", NOW, "--out", "copied-theme"],
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let copied = snapshot(&site.path().join("copied-theme"));
        assert!(copied.len() > 50, "{} files", copied.len());
        assert_same_tree(&copied, &built_in, "the site built with a copied theme");
    }
}

/// A series in another zone at a one-time venue with notes, whose dates
/// (the next one too) are cancelled, renamed (and taken from the venue) or
/// moved; one whose every date
/// is cancelled; and a cancelled event of two days at a venue with a page,
/// online with the link to come.
fn add_events_for_every_branch(site: &Path) {
    let events = site.join("content/events");
    let write = |name: &str, text: &str| std::fs::write(events.join(name), text).unwrap();
    write(
        "branches.md",
        "---\ntitle: Branches & \"more\"\nstart: 2027-03-04 12:00\ntimezone: America/Toronto\n\
         venue:\n  name: Salle <A>\n  address: 1 rue <B>\n  notes: Upstairs & left\n\
         links: {tickets: https://tickets.example.org/?a=1&b=2, cfp: https://cfp.example.org/}\n\
         repeat: {every: week, on: thursday, count: 5}\n---\nEvery **branch**.\n",
    );
    write(
        "branches-renamed.yaml",
        "occurrence_of: branches\ndate: 2027-03-18\ntitle: Other & \"title\"\nvenue: none\n",
    );
    write(
        "branches-moved.yaml",
        "occurrence_of: branches\ndate: 2027-03-25\nvenue: la-cantine\n",
    );
    // An online series meeting somewhere one date; the other way below.
    write(
        "online-series.md",
        "---\ntitle: Online series\nstart: 2027-03-03 12:00\nonline: true\n\
         repeat: {every: week, count: 3}\n---\nOnline.\n",
    );
    write(
        "online-series-met.yaml",
        "occurrence_of: online-series\ndate: 2027-03-10\nvenue: la-cantine\n",
    );
    write(
        "branches-cancelled.yaml",
        "occurrence_of: branches\ndate: 2027-04-01\nstatus: cancelled\n\
         venue: none\nonline: https://meet.example.org/b\n",
    );
    // Its next date: the page shows the date after.
    write(
        "branches-first.yaml",
        "occurrence_of: branches\ndate: 2027-03-04\nstatus: cancelled\n",
    );
    // A series with no date left on: the page says so of its next date,
    // beside its time.
    write(
        "once.md",
        "---\ntitle: Once\nstart: 2027-03-05 12:00\ntimezone: America/Toronto\n\
         repeat: {every: week, on: friday, count: 1}\n---\nOnce.\n",
    );
    write(
        "once-cancelled.yaml",
        "occurrence_of: once\ndate: 2027-03-05\nstatus: cancelled\n",
    );
    write(
        "called-off.md",
        "---\ntitle: Called off\nstart: 2027-03-09\nend: 2027-03-10\nstatus: cancelled\n\
         venue: la-cantine\nonline: true\n---\nNot this year.\n",
    );
    write(
        "hack-night.md",
        "---\ntitle: Hack night\nstart: 2027-03-12 20:00\nend: 2027-03-14 02:00\n---\nAll weekend.\n",
    );
    // The clocks change during it: its end has an offset of its own.
    write(
        "spring-night.md",
        "---\ntitle: Spring night\nstart: 2027-03-27 22:00\nend: 2027-03-28 05:00\n---\nShort.\n",
    );
}

#[test]
fn a_site_theme_overrides_the_default_file_by_file() {
    let site = sample_content_only();
    let templates = site.path().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("index.html"),
        "{% extends \"base.html\" %}{% block main %}<p>{{ days | length }} days</p>{% endblock main %}",
    )
    .unwrap();
    let out = meetcal(site.path(), &["build", "--now", SAMPLE_NOW]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let html = std::fs::read_to_string(site.path().join("public/index.html")).unwrap();
    assert!(
        html.contains(" days</p>") && html.contains("<!DOCTYPE html>"),
        "{html}"
    );
}

/// The default theme's entries are written without interpreting their
/// templates; a theme's own entry templates still win, in every list.
#[test]
fn a_theme_entry_template_wins_over_the_built_in_writer() {
    let site = sample_content_only();
    let partials = site.path().join("themes/default/templates/partials");
    std::fs::create_dir_all(&partials).unwrap();
    std::fs::write(
        partials.join("agenda_entry.html"),
        "<li class=\"mine\">{{ o.title }} · {{ site.words.cancelled }}</li>\n",
    )
    .unwrap();
    std::fs::write(
        partials.join("month_entry.html"),
        "<li class=\"my-cell\">{{ o.time }}</li>",
    )
    .unwrap();
    let out = meetcal(site.path(), &["build", "--now", SAMPLE_NOW]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let read = |page: &str| std::fs::read_to_string(site.path().join("public").join(page)).unwrap();
    for page in ["index.html", "past/index.html"] {
        let html = read(page);
        assert!(html.contains("<li class=\"mine\">"), "{page}: {html}");
        assert!(
            !html.contains("<li class=\"event"),
            "{page}: the built-in entry"
        );
    }
    let month = read("calendar/index.html");
    assert!(month.contains("<li class=\"my-cell\">"), "{month}");
    assert!(
        !month.contains("<li class=\"status-"),
        "the built-in cell entry"
    );
}

/// The default theme's event pages are written without interpreting their
/// templates; a theme's own `event.html` wins over the writer.
#[test]
fn a_theme_event_template_wins_over_the_built_in_writer() {
    let pages = event_pages_with(
        "event.html",
        "{% extends \"base.html\" %}{% block main %}<h1 class=\"mine\">{{ event.title }}</h1>{% endblock main %}",
    );
    for (path, html) in pages {
        assert!(html.contains("<h1 class=\"mine\">"), "{path}: {html}");
        assert!(html.contains("<!DOCTYPE html>"), "{path}: within base.html");
        assert!(
            !html.contains("<dl class=\"facts\">"),
            "{path}: the built-in page"
        );
    }
}

/// The writer of the event pages makes what the built-in `event.html` makes,
/// byte for byte, from views it fills only in part: a theme holding a copy
/// of the template (which then is interpreted, with every field of every
/// listed date) gets the same pages.
#[test]
fn the_event_page_writer_makes_what_its_template_makes() {
    let template = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/event.html"),
    )
    .unwrap();
    let site = sample_content_only();
    let out = meetcal(site.path(), &["build", "--now", SAMPLE_NOW]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = site.path().join("public/events");
    let interpreted = event_pages_with("event.html", &template);
    let mut series = 0;
    for (path, html) in &interpreted {
        let name = Path::new(path).parent().unwrap().file_name().unwrap();
        let by_writer = std::fs::read_to_string(written.join(name).join("index.html")).unwrap();
        assert_eq!(&by_writer, html, "{path}");
        series += usize::from(html.contains("<ul class=\"dates\">"));
    }
    assert!(series > 0, "no series page lists its dates");
}

/// `/events/` is written in Rust while the theme keeps `events.html`; a
/// theme's own wins, with every field of its events.
#[test]
fn a_theme_events_template_wins_over_the_built_in_writer() {
    let site = sample_content_only();
    let templates = site.path().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("events.html"),
        "{% extends \"base.html\" %}{% block main %}<ol class=\"mine\">\
         {% for e in events %}<li>{{ e.title }} {{ e.date }} {{ e.tags | length }}</li>{% endfor %}\
         </ol>{% endblock main %}\n",
    )
    .unwrap();
    let out = meetcal(site.path(), &["build", "--now", SAMPLE_NOW]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let page = std::fs::read_to_string(site.path().join("public/events/index.html")).unwrap();
    assert!(page.contains("<ol class=\"mine\"><li>"), "{page}");
    assert!(!page.contains("<ul class=\"cards\">"), "{page}");
    assert!(
        page.contains("<li>Open Coffee Club 2026-11-26 2</li>"),
        "the views carry their dates and tags: {page}"
    );
}

/// Likewise, the event pages are within a theme's own `base.html`.
#[test]
fn a_theme_layout_wins_over_the_built_in_event_page_writer() {
    let pages = event_pages_with(
        "base.html",
        "<html class=\"my-layout\"><head>{% block head %}{% endblock head %}</head>\n\
         <body>{% block main %}{% endblock main %}</body></html>\n",
    );
    for (path, html) in pages {
        assert!(
            html.starts_with(
                "<html class=\"my-layout\"><head><script type=\"application/ld+json\">"
            ),
            "{path}: {html}"
        );
        assert!(
            html.contains("<dl class=\"facts\">"),
            "{path}: event.html's own part"
        );
        assert!(
            !html.contains("<!DOCTYPE html>"),
            "{path}: the built-in layout"
        );
    }
}

/// Every event page of the site built in `site`: (path, HTML).
/// Every event page (path, HTML) of the sample calendar built with the
/// theme's `template` replaced by `text`.
fn event_pages_with(template: &str, text_of_template: &str) -> Vec<(String, String)> {
    let site = sample_content_only();
    let templates = site.path().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join(template), text_of_template).unwrap();
    let out = meetcal(site.path(), &["build", "--now", SAMPLE_NOW]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let events = site.path().join("public/events");
    let pages = std::fs::read_dir(&events)
        .unwrap()
        .map(|entry| entry.unwrap().path().join("index.html"))
        .filter(|page| page.is_file())
        .map(|page| {
            let html = std::fs::read_to_string(&page).unwrap();
            (page.display().to_string(), html)
        })
        .collect::<Vec<_>>();
    assert!(pages.len() > 5, "{} event pages", pages.len());
    pages
}

/// Any template a theme replaces may read every field of a listed date,
/// base.html included: the lists carry them all then, not the entries alone.
#[test]
fn a_replaced_layout_reads_every_field_of_the_listed_dates() {
    let site = sample_content_only();
    let templates = site.path().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"),
    )
    .unwrap();
    let next = "{% if days %}<meta name=\"next\" content=\"{{ days[0].occurrences[0].title }}\">{% endif %}";
    let (head, rest) = base.split_once("</head>").expect("base.html has a head");
    std::fs::write(
        templates.join("base.html"),
        format!("{head}{next}\n</head>{rest}"),
    )
    .unwrap();
    let out = meetcal(site.path(), &["build", "--now", SAMPLE_NOW]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let home = std::fs::read_to_string(site.path().join("public/index.html")).unwrap();
    let title = regex::Regex::new(r#"<meta name="next" content="([^"]+)">"#)
        .unwrap()
        .captures(&home)
        .map(|c| c[1].to_string())
        .unwrap_or_default();
    assert!(
        !title.is_empty(),
        "the first listed date has a title: {home}"
    );
    assert!(home.contains(&format!(">{title}</bdi></a>")), "{title}");
}

/// With the built-in pages, the entries of a day or of a month's cell
/// reach the template already written one after another: the pages are
/// those the templates make of each listed date, which they get when a
/// theme replaces a page's template (here with a copy of the built-in).
#[test]
fn lists_written_at_once_are_the_pages_the_templates_make() {
    let sites = [sample_content_only(), sample_content_only()];
    for site in &sites {
        let events = site.path().join("content/events/2026");
        std::fs::create_dir_all(&events).unwrap();
        for (slug, start, length) in [
            ("first", "2026-11-18 18:00", "1h"),
            ("second", "2026-11-18 19:00", "1h"),
            ("third", "2026-12-09 19:00", "1h"),
            ("fourth", "2026-12-09 20:00", "1h"),
            ("long", "2026-12-08 10:00", "3d"),
        ] {
            std::fs::write(
                events.join(format!("{slug}.md")),
                format!(
                    "---\ntitle: \"{slug} <&>\"\nstart: {start}\nduration: {length}\n---\nWords.\n"
                ),
            )
            .unwrap();
        }
    }
    let templates = sites[1].path().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"),
        templates.join("base.html"),
    )
    .unwrap();
    let built: Vec<_> = sites
        .iter()
        .map(|site| {
            let out = meetcal(site.path(), &["build", "--now", SAMPLE_NOW]);
            assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
            snapshot(&site.path().join("public"))
        })
        .collect();
    let month = built[0]
        .iter()
        .find(|(path, _)| path == Path::new("calendar/2026/12/index.html"))
        .map(|(_, bytes)| text(bytes))
        .expect("the month page");
    assert!(month.contains("fourth &lt;&amp;&gt;"), "{month}");
    assert_same_tree(&built[0], &built[1], "entries written at once");
}
