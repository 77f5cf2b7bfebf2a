//! `meetcal check` runs everything `build` does but the writing: a pull
//! request that would break the deploy fails its check, theme included.

mod common;

use common::{fixture, meetcal, site_from, text};
use std::path::Path;

fn with_theme(root: &Path, theme: &str) {
    let site = root.join("content/site.yaml");
    let mut yaml = std::fs::read_to_string(&site).unwrap();
    yaml.push_str(&format!("theme: {theme}\n"));
    std::fs::write(site, yaml).unwrap();
}

fn template(root: &Path, theme: &str, name: &str, body: &str) {
    let path = root.join("themes").join(theme).join("templates").join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, body).unwrap();
}

#[test]
fn a_theme_that_does_not_exist_fails_the_check_on_its_line_of_site_yaml() {
    let site = site_from(&[&fixture("fixtures/base")]);
    std::fs::create_dir_all(site.path().join("themes/club/templates")).unwrap();
    with_theme(site.path(), "clb");
    let expected =
        "content/site.yaml:4:8: error: no theme `clb`: there is no folder themes/clb/\n  \
                    hint: did you mean `club`?\n";
    let check = meetcal(site.path(), &["check"]);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check.stderr));
    assert_eq!(text(&check.stdout), expected);
    let github = meetcal(site.path(), &["check", "--format", "github"]);
    assert!(
        text(&github.stdout).starts_with("::error file=content/site.yaml,line=4,col=8,"),
        "{}",
        text(&github.stdout)
    );
    let build = meetcal(site.path(), &["build", "--now", "2027-01-01 12:00"]);
    assert_eq!(build.status.code(), Some(1));
    assert!(
        text(&build.stderr).starts_with(expected),
        "{}",
        text(&build.stderr)
    );
    assert!(!site.path().join("public").exists());
}

/// `check` reports a mistake in a template of the theme on its line, in
/// every format, as it does a mistake in the content; `build` fails with
/// the same message and writes nothing.
fn theme_fails_at(root: &Path, location: &str, message: &str) {
    let check = meetcal(root, &["check"]);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check.stderr));
    let human = text(&check.stdout);
    assert!(
        human.starts_with(&format!("{location}: error: {message}")),
        "{human}"
    );
    let (file, line_col) = location.split_once(':').unwrap();
    let (line, col) = line_col.split_once(':').unwrap();
    let github = text(&meetcal(root, &["check", "--format", "github"]).stdout);
    assert!(
        github.starts_with(&format!("::error file={file},line={line},col={col},")),
        "{github}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&meetcal(root, &["check", "--format", "json"]).stdout).unwrap();
    assert_eq!(json[0]["file"], file, "{json}");
    assert_eq!(json[0]["line"].to_string(), line, "{json}");
    assert!(!root.join("public").exists(), "check wrote files");
    let build = meetcal(root, &["build", "--now", "2027-01-01 12:00"]);
    assert_eq!(build.status.code(), Some(1));
    assert!(
        text(&build.stderr).starts_with(&human),
        "{}",
        text(&build.stderr)
    );
    assert!(!root.join("public").exists(), "build wrote files");
}

#[test]
fn a_template_that_does_not_parse_fails_the_check_on_its_line() {
    let site = site_from(&[&fixture("fixtures/base")]);
    with_theme(site.path(), "club");
    template(
        site.path(),
        "club",
        "event.html",
        "<h1>{{ event.title }}</h1>\n{% if %}\n",
    );
    theme_fails_at(
        site.path(),
        "themes/club/templates/event.html:2:7",
        "Found `%}` but expected",
    );
}

#[test]
fn a_template_that_fails_while_rendering_fails_the_check_on_its_line() {
    // Parses, but names a variable no page has: only rendering finds it.
    let site = site_from(&[&fixture("fixtures/base")]);
    with_theme(site.path(), "club");
    template(
        site.path(),
        "club",
        "partials/agenda_entry.html",
        "<li>\n{{ o.title }} {{ o.no_such_field.inner }}</li>\n",
    );
    theme_fails_at(
        site.path(),
        "themes/club/templates/partials/agenda_entry.html:2:20",
        "Field `no_such_field` is not defined",
    );
}

#[test]
fn a_static_file_in_the_place_of_a_feed_fails_the_check() {
    let site = site_from(&[&fixture("fixtures/base")]);
    with_theme(site.path(), "club");
    let dir = site.path().join("themes/club/static");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("calendar.ics"), "BEGIN:VCALENDAR\n").unwrap();
    theme_fails_at(
        site.path(),
        "themes/club/static/calendar.ics:1:1",
        "the theme's file has the address of a file meetcal makes",
    );
}

#[cfg(unix)]
#[test]
fn a_link_in_the_theme_fails_the_check_on_its_path() {
    let site = site_from(&[&fixture("fixtures/base")]);
    with_theme(site.path(), "club");
    let dir = site.path().join("themes/club/static");
    std::fs::create_dir_all(&dir).unwrap();
    std::os::unix::fs::symlink("/etc/hostname", dir.join("host.txt")).unwrap();
    theme_fails_at(
        site.path(),
        "themes/club/static/host.txt:1:1",
        "symbolic links are not allowed in themes/",
    );
}

#[test]
fn a_template_that_is_not_text_fails_the_check_on_its_path() {
    let site = site_from(&[&fixture("fixtures/base")]);
    with_theme(site.path(), "club");
    let dir = site.path().join("themes/club/templates");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("event.html"), b"<h1>\xff\xfe</h1>").unwrap();
    theme_fails_at(
        site.path(),
        "themes/club/templates/event.html:1:1",
        "the template is not UTF-8 text",
    );
}

#[test]
fn a_working_theme_passes_and_check_names_what_it_read() {
    let site = site_from(&[&fixture("fixtures/base")]);
    with_theme(site.path(), "club");
    template(
        site.path(),
        "club",
        "404.html",
        "{% extends \"base.html\" %}{% block main %}<p>Lost? {{ site.title }}</p>{% endblock %}\n",
    );
    let check = meetcal(site.path(), &["check"]);
    let stderr = text(&check.stderr);
    assert!(check.status.success(), "{stderr}");
    // The base calendar: two events, one group, one venue.
    assert_eq!(stderr, "ok: 2 events, 1 group, 1 venue\n");
    assert!(!site.path().join("public").exists(), "check wrote files");
}

#[test]
fn a_comment_after_a_keyword_of_repeat_is_fine() {
    // Only text that a comment cuts short (a title, a name) is an error:
    // `every: week  # ...` still reads `week`, as it means to.
    let site = site_from(&[&fixture("fixtures/base")]);
    std::fs::write(
        site.path().join("content/events/open-coffee.md"),
        "---\ntitle: Open Coffee\nstart: 2027-01-07 08:30\nrepeat:\n  \
         every: week            # day | week | month | year\n  \
         on: thursday           # the start's weekday\n---\nCoffee and code.\n",
    )
    .unwrap();
    let check = meetcal(site.path(), &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
}

#[test]
fn a_language_written_as_its_name_gets_its_code_as_the_fix() {
    // meetcal speaks French: saying it does not, to someone who wrote
    // `language: French`, sends them looking for a translation.
    let site = site_from(&[&fixture("fixtures/base")]);
    for (written, code) in [("French", "fr"), ("français", "fr"), ("English", "en")] {
        let path = site.path().join("content/site.yaml");
        let yaml = std::fs::read_to_string(fixture("fixtures/base/content/site.yaml")).unwrap();
        std::fs::write(&path, format!("{yaml}language: {written}\n")).unwrap();
        let check = meetcal(site.path(), &["check"]);
        assert_eq!(check.status.code(), Some(1), "{}", text(&check.stderr));
        let human = text(&check.stdout);
        assert!(
            human.contains(&format!(
                "error: `{written}` is the name of a language, not its code\n  hint: write `language: {code}`"
            )),
            "{human}"
        );
        assert!(!human.contains("does not speak"), "{human}");
    }
}

#[test]
fn a_locale_that_is_no_language_tag_is_refused_with_the_tag_to_write() {
    // `$LANG` gives `fr_CA.UTF-8`: `fr_CA` alone is read as `fr-CA`, but
    // the encoding has no place in a language tag.
    let site = site_from(&[&fixture("fixtures/base")]);
    let path = site.path().join("content/site.yaml");
    let yaml = std::fs::read_to_string(fixture("fixtures/base/content/site.yaml")).unwrap();
    std::fs::write(&path, format!("{yaml}language: fr_CA.UTF-8\n")).unwrap();
    let check = meetcal(site.path(), &["check"]);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check.stderr));
    let human = text(&check.stdout);
    assert!(
        human.contains("error: `fr_CA.UTF-8` is not a language tag\n  hint:")
            && human.contains("`language: fr-CA`"),
        "{human}"
    );
}
