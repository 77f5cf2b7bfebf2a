//! The month grids (`/calendar/` and `/calendar/<yyyy>/<mm>/`): written in
//! Rust while the theme keeps `month.html` and `base.html`, the same bytes
//! as the templates make, and a theme's own `month.html` wins.

mod common;

use common::*;
use std::path::{Path, PathBuf};

const NOW: &str = "2026-11-25T12:00:00+01:00";

/// The sample calendar, plus what every branch of the grid shows: a busy
/// day whose entries are long enough to be handed over whole, an escaped
/// title, an event over a month's end, and one on today.
fn busy_months() -> tempfile::TempDir {
    let site = sample_content_only();
    let events = site.path().join("content/events/grid");
    for i in 0..250 {
        write_file(
            &events.join(format!("talk-{i}.md")),
            format!(
                "---\ntitle: \"Talk {i} <live> & more\"\nstart: 2026-12-03 19:00\n---\nWords.\n"
            ),
        );
    }
    write_file(
        &events.join("across.md"),
        "---\ntitle: Across two months\nstart: 2026-12-30 10:00\nend: 2027-01-02 18:00\n---\nLong.\n"
            .into(),
    );
    // Before months with no event at all.
    write_file(
        &events.join("long-ago.md"),
        "---\ntitle: Long ago\nstart: 2025-12-09 19:00\n---\nEarlier.\n".into(),
    );
    write_file(
        &events.join("today.md"),
        "---\ntitle: Today's \"quoted\" one\nstart: 2026-11-25 18:00\n---\nNow.\n".into(),
    );
    site
}

/// The built site's month pages, by path.
fn months(site: &Path, out: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let mut pages = built_under(site, NOW, out, "calendar");
    pages.retain(|(path, _)| path.ends_with("index.html"));
    pages
}

fn page(pages: &[(PathBuf, Vec<u8>)], path: &str) -> String {
    let found = pages.iter().find(|(p, _)| p == Path::new(path));
    text(&found.unwrap_or_else(|| panic!("no {path}")).1)
}

fn use_own_month_template(site: &Path, template: &str) {
    write_file(
        &site.join("themes/default/templates/month.html"),
        template.into(),
    );
}

#[test]
fn the_month_writer_makes_what_its_template_makes() {
    let site = busy_months();
    let written = months(site.path(), "written");
    // The template is the theme's own now, byte for byte the built-in one.
    let built_in = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/month.html"),
    )
    .unwrap();
    use_own_month_template(site.path(), &built_in);
    let interpreted = months(site.path(), "interpreted");
    // Every branch of the template is in these pages.
    let december = page(&written, "calendar/2026/12/index.html");
    assert!(
        december.contains("rel=\"prev\">← November 2026</a>"),
        "{december}"
    );
    assert!(
        december.contains("rel=\"next\">January 2027 →</a>"),
        "{december}"
    );
    assert!(december.contains("<td class=\"outside\">"), "{december}");
    assert!(
        december.contains("Talk 7 &lt;live&gt; &amp; more"),
        "{december}"
    );
    assert!(december.contains("Across two months"), "{december}");
    let november = page(&written, "calendar/index.html");
    assert!(
        november.contains("<td class=\" today busy\" aria-current=\"date\">"),
        "{november}"
    );
    assert!(
        november.contains("Today&#39;s &quot;quoted&quot; one"),
        "{november}"
    );
    // `/calendar/` is the current month's page, at its own address.
    let main = |page: &str| page[page.find("<main").unwrap()..].to_string();
    assert_eq!(
        main(&november),
        main(&page(&written, "calendar/2026/11/index.html"))
    );
    assert!(page(&written, "calendar/2027/01/index.html").contains("Across two months"));
    // A phone shows only the busy days, so an empty month says it is.
    let nothing = "<p class=\"empty\">No events this month.</p>";
    let empty = page(&written, "calendar/2026/01/index.html");
    assert!(!empty.contains("busy"), "{empty}");
    assert!(empty.contains(nothing), "{empty}");
    assert!(!december.contains(nothing), "{december}");
    assert!(page(&written, "calendar/2025/12/index.html").contains("Long ago"));
    assert!(written.len() >= 10, "{} month pages", written.len());
    assert_same_tree(&written, &interpreted, "the months by their template");
}

#[test]
fn a_theme_month_template_wins_over_the_built_in_writer() {
    let site = busy_months();
    use_own_month_template(
        site.path(),
        "{% extends \"base.html\" %}{% block main %}<p class=\"mine\">{{ label }}: \
         {% for week in weeks %}{% for cell in week %}{{ cell.occurrences | length }}\
         {% endfor %}{% endfor %}</p>{% endblock main %}\n",
    );
    let pages = months(site.path(), "public");
    let december = page(&pages, "calendar/2026/12/index.html");
    assert!(
        december.contains("<p class=\"mine\">December 2026: "),
        "{december}"
    );
    assert!(!december.contains("<table class=\"month\">"), "{december}");
}
