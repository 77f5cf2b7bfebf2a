//! The archive pages (`/past/` and `/past/<yyyy>/`): written in Rust while
//! the theme keeps their templates, the same bytes as the templates make,
//! and a theme's own templates win.

mod common;

use common::*;
use std::path::{Path, PathBuf};

const NOW: &str = "2026-11-25T12:00:00+01:00";

/// The sample calendar, and a talk every other day from June 2025: more
/// past dates than `/past/` lists, over two years.
fn busy_archive() -> tempfile::TempDir {
    let site = sample_content_only();
    let first = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
    for i in 0..240 {
        let day = first + chrono::Duration::days(2 * i);
        write_file(
            &site
                .path()
                .join(format!("content/events/archive/talk-{i}.md")),
            format!("---\ntitle: \"Talk {i} <live> & more\"\nstart: {day} 19:00\n---\nWords.\n"),
        );
    }
    // A weekly series over both years, one date of it changed by a file
    // of its own and one cancelled.
    let archive = site.path().join("content/events/archive");
    write_file(
        &archive.join("weekly-tea.md"),
        "---\ntitle: \"Tea <&> code\"\nstart: 2025-09-02 18:00\nrepeat: { every: week, on: tuesday }\n---\nTea.\n".into(),
    );
    write_file(
        &archive.join("weekly-tea-2026-03-03.yaml"),
        "occurrence_of: weekly-tea\ndate: 2026-03-03\ntitle: Tea, a special <edition>\n".into(),
    );
    write_file(
        &archive.join("weekly-tea-2026-04-07.yaml"),
        "occurrence_of: weekly-tea\ndate: 2026-04-07\nstatus: cancelled\n".into(),
    );
    site
}

/// A calendar of one event, the file `name` in `content/events/`.
fn calendar_of_one(name: &str, event: &str) -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    write_file(
        &site.path().join("content/site.yaml"),
        "title: Calendar\nbase_url: https://cal.example.org\ntimezone: Europe/Paris\n".into(),
    );
    write_file(&site.path().join("content/events").join(name), event.into());
    site
}

/// The built site's archive pages, by path.
fn archive(site: &Path, out: &str) -> Vec<(PathBuf, Vec<u8>)> {
    built_under(site, NOW, out, "past")
}

/// Copies the built-in templates named into the site's theme, where they
/// are the theme's own: the engine then interprets them.
fn copy_templates(site: &Path, names: &[&str]) {
    let built_in = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    for name in names {
        let to = site.join("themes/default/templates").join(name);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(built_in.join(name), to).unwrap();
    }
}

/// The text of the page at `path` among `pages`.
fn page(pages: &[(PathBuf, Vec<u8>)], path: &str) -> String {
    let found = pages.iter().find(|(p, _)| p == Path::new(path));
    text(&found.unwrap_or_else(|| panic!("no {path}")).1)
}

/// Builds the archive again with the built-in templates as the theme's own,
/// and checks the engine makes what the writer made (`written`).
fn assert_templates_make(site: &Path, written: &[(PathBuf, Vec<u8>)], what: &str) {
    copy_templates(site, &["past.html", "partials/agenda.html"]);
    assert_same_tree(written, &archive(site, "interpreted"), what);
}

#[test]
fn the_archive_writer_makes_what_its_templates_make() {
    let site = busy_archive();
    let written = archive(site.path(), "written");
    let page = |path: &str| page(&written, path);
    // Every branch of the template is in these pages: the pager, the link
    // to earlier dates, years with days, escaped titles.
    let latest = page("past/index.html");
    assert!(latest.contains("<nav class=\"pager\""), "{latest}");
    assert!(
        latest.contains("<p class=\"more\"><a href=\"/past/2025/\">"),
        "{latest}"
    );
    assert!(page("past/2025/index.html").contains("Talk 0 &lt;live&gt; &amp; more"));
    assert!(page("past/2026/index.html")
        .contains("<section class=\"day\" aria-labelledby=\"2026-day-2026-01-01\">"));
    assert!(
        latest.contains(
            "<ul class=\"series\">\n<li><a href=\"/events/weekly-tea/\"><bdi>Tea &lt;&amp;&gt; code</bdi></a>"
        ),
        "{latest}"
    );
    // A year's page names its own year in the pager as the current page
    // and does not link its heading to itself; `/past/` links each year.
    let year = page("past/2025/index.html");
    assert!(
        year.contains("<li><a href=\"/past/2025/\" aria-current=\"page\">2025</a></li>"),
        "{year}"
    );
    assert!(year.contains("<h2 id=\"year-2025\">2025</h2>"), "{year}");
    assert!(
        year.contains("<li><a href=\"/past/2026/\">2026</a></li>"),
        "{year}"
    );
    assert!(
        latest.contains("<h2 id=\"year-2026\"><a href=\"/past/2026/\">2026</a></h2>"),
        "{latest}"
    );
    assert!(!latest.contains("aria-current=\"page\">20"), "{latest}");
    assert!(written.len() >= 3, "{} archive pages", written.len());
    assert_templates_make(site.path(), &written, "the archive by its templates");
}

#[test]
fn an_empty_archive_says_so_in_both_ways() {
    let site = calendar_of_one(
        "first.md",
        "---\ntitle: The first one\nstart: 2027-01-10 19:00\n---\nSoon.\n",
    );
    let written = archive(site.path(), "written");
    let latest = text(&written[0].1);
    assert!(latest.contains("<p>No past events"), "{latest}");
    assert_templates_make(site.path(), &written, "an empty archive");
}

#[test]
fn a_theme_past_template_wins_over_the_built_in_writer() {
    let site = busy_archive();
    let own = site.path().join("themes/default/templates/past.html");
    write_file(
        &own,
        "{% extends \"base.html\" %}{% block main %}<ol class=\"mine\">{% for y in years %}\
         <li>{{ y.year }}: {{ y.days | length }} days, first {{ y.days[0].date }}</li>{% endfor %}\
         </ol>{% endblock main %}\n"
            .into(),
    );
    let pages = archive(site.path(), "public");
    let year = page(&pages, "past/2025/index.html");
    assert!(
        year.contains("<ol class=\"mine\"><li>2025: 107 days, first 2025-12-30</li></ol>"),
        "{year}"
    );
    assert!(!year.contains("<section class=\"day\""), "{year}");
}

#[test]
fn an_entry_template_failing_in_the_archive_fails_the_build_and_keeps_the_last_site() {
    let site = busy_archive();
    assert!(!archive(site.path(), "public").is_empty());
    let before = snapshot(&site.path().join("public"));
    // Fails for past dates only: the archive, written while the page is
    // handed over, is the first page to list them.
    write_file(
        &site
            .path()
            .join("themes/default/templates/partials/agenda_entry.html"),
        "{% if o.datetime < \"2026-06\" %}{{ o.no_such_field.at_all }}{% endif %}<li>{{ o.title }}</li>\n"
            .into(),
    );
    assert_failed_build_kept_output(
        site.path(),
        NOW,
        "partials/agenda_entry.html",
        &before,
        "an entry template failing in the archive",
    );
}

#[test]
fn a_series_has_a_line_a_year_and_its_changed_dates_their_own() {
    let site = busy_archive();
    let pages = archive(site.path(), "public");
    let page = |path: &str| page(&pages, path);
    let line = |dates: &str| {
        format!(
            "<li><a href=\"/events/weekly-tea/\"><bdi>Tea &lt;&amp;&gt; code</bdi></a> · Every week on Tuesday · {dates}</li>"
        )
    };
    // The site lists a series' dates of the last year only, and says when
    // the series began.
    let year_2025 = page("past/2025/index.html");
    assert!(
        year_2025.contains(&line(
            "6 dates, 25 November to 30 December · since 2 September 2025"
        )),
        "{year_2025}"
    );
    // Tuesdays up to now, but the changed date and the cancelled one,
    // which are listed on their days.
    let year_2026 = page("past/2026/index.html");
    assert!(
        year_2026.contains(&line("45 dates, 6 January to 24 November")),
        "{year_2026}"
    );
    let day = |date: &str| {
        let start = format!("<section class=\"day\" aria-labelledby=\"2026-day-{date}\">");
        let from = year_2026
            .find(&start)
            .unwrap_or_else(|| panic!("no day {date}"));
        let end = year_2026[from..].find("</section>").unwrap() + from;
        year_2026[from..end].to_string()
    };
    assert!(day("2026-03-03").contains("Tea, a special &lt;edition&gt;"));
    let cancelled = day("2026-04-07");
    assert!(
        cancelled.contains("status-cancelled")
            && cancelled.contains("<del><bdi>Tea &lt;&amp;&gt; code</bdi></del>"),
        "{cancelled}"
    );
    // No other date of the series has a line of its own.
    assert_eq!(
        year_2026.matches("Tea &lt;&amp;&gt; code").count(),
        2,
        "{year_2026}"
    );
    assert_eq!(
        year_2025.matches("Tea &lt;&amp;&gt; code").count(),
        1,
        "{year_2025}"
    );
    // `/past/` shows the latest year's series too.
    assert!(page("past/index.html").contains(&line("45 dates, 6 January to 24 November")));
}

#[test]
fn a_calendar_of_series_only_has_an_archive_of_their_lines() {
    let site = calendar_of_one(
        "coffee.md",
        "---\ntitle: Coffee\nstart: 2026-10-01 08:30\nrepeat: { every: week, on: thursday }\n---\nBeans.\n",
    );
    let written = archive(site.path(), "written");
    let latest = page(&written, "past/index.html");
    // Thursdays from 1 October to 19 November, before now.
    assert!(
        latest.contains(
            "<li><a href=\"/events/coffee/\"><bdi>Coffee</bdi></a> · Every week on Thursday · 8 dates, 1 October to 19 November</li>"
        ),
        "{latest}"
    );
    assert!(!latest.contains("No past events"), "{latest}");
    assert!(!latest.contains("<section class=\"day\""), "{latest}");
    assert_templates_make(site.path(), &written, "an archive of series only");
}

#[test]
fn a_series_older_than_its_listed_dates_says_since_when_in_the_site_language() {
    let site = calendar_of_one(
        "coffee.md",
        "---\ntitle: Coffee\nstart: 2024-01-04 08:30\nrepeat: { every: week, on: thursday }\n---\nBeans.\n",
    );
    write_file(
        &site.path().join("content/site.yaml"),
        "title: Calendar\nbase_url: https://cal.example.org\ntimezone: Europe/Paris\nlanguage: fr\n".into(),
    );
    // Saturday evenings in Toronto are Sunday nights in Paris: the series'
    // first date is the first the site lists, on the site's day.
    write_file(
        &site.path().join("content/events/late.md"),
        "---\ntitle: Late\nstart: 2026-05-23 20:00\ntimezone: America/Toronto\nrepeat: { every: week, on: saturday }\n---\nLate.\n".into(),
    );
    // A skipped start is not a date the series met.
    write_file(
        &site.path().join("content/events/skipped.md"),
        "---\ntitle: Skipped\nstart: 2024-01-04 08:30\nrepeat: { every: week, on: thursday, except: [2024-01-11, 2024-01-04] }\n---\nBeans.\n".into(),
    );
    let pages = archive(site.path(), "public");
    let page = |path: &str| page(&pages, path);
    let year_2025 = page("past/2025/index.html");
    let line_of = |slug: &str| {
        year_2025
            .lines()
            .find(|line| line.contains(&format!("href=\"/events/{slug}/\"")))
            .unwrap_or_else(|| panic!("no line for {slug}: {year_2025}"))
    };
    let coffee = line_of("coffee");
    assert!(
        coffee.starts_with(
            "<li><a href=\"/events/coffee/\"><bdi>Coffee</bdi></a> · Chaque semaine le jeudi · "
        ) && coffee.ends_with(" · depuis le 4 janvier 2024</li>"),
        "{coffee}"
    );
    let skipped = line_of("skipped");
    assert!(
        skipped.ends_with(" · depuis le 18 janvier 2024</li>"),
        "{skipped}"
    );
    let year_2026 = page("past/2026/index.html");
    assert!(!year_2026.contains("depuis"), "{year_2026}");
    assert!(
        year_2026.contains("<a href=\"/events/late/\"><bdi>Late</bdi></a>"),
        "{year_2026}"
    );
}
