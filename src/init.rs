//! `meetcal init DIR`: a new calendar that checks and builds straight away.

use crate::recurrence::{Ending, Frequency, On, Rule};
use chrono::{Datelike, NaiveDate, Weekday};
use std::path::{Path, PathBuf};

/// What happened to each file of the new calendar.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Created(PathBuf),
    /// The file was there already and was left alone.
    Kept(PathBuf),
    /// An existing `.gitignore` that lacked some of the new calendar's
    /// rules: they were added at its end.
    Completed(PathBuf, Vec<String>),
    /// An example event, group or venue, not added to a calendar that
    /// exists (it would be published with the rest).
    Skipped(PathBuf),
}

pub struct Options {
    pub title: String,
    pub timezone: String,
    pub base_url: String,
    /// The day the example series starts from (the clock, or a test's date).
    pub today: NaiveDate,
}

/// Writes every file that does not exist yet; never overwrites (an
/// existing `.gitignore` only gets the rules it lacks at its end). In a
/// calendar that has its settings already, only the files around the
/// content (deployment, workflows): the examples would be published.
pub fn init(dir: &Path, options: &Options) -> Result<Vec<Outcome>, String> {
    if options.title.trim().is_empty() {
        return Err(
            "--title is empty: give the calendar's name, for example --title \"Lyon Web Meetups\""
                .into(),
        );
    }
    crate::when::parse_timezone(&options.timezone).map_err(|e| with_hint("--timezone", e))?;
    crate::parse::check_base_url(&options.base_url).map_err(|e| with_hint("--base-url", e))?;
    let settings = dir.join(TEMPLATES[0].0);
    let existing = settings.exists() || settings.is_symlink();
    let mut outcomes = Vec::new();
    for (path, text) in files(options) {
        let full = dir.join(&path);
        if path == Path::new(GITIGNORE) && full.is_file() && !full.is_symlink() {
            outcomes.push(complete_gitignore(&full, &text)?);
            continue;
        }
        if full.exists() || full.is_symlink() {
            outcomes.push(Outcome::Kept(path));
            continue;
        }
        if existing && is_example(&path) {
            outcomes.push(Outcome::Skipped(path));
            continue;
        }
        crate::output::create_new(&full, text.as_bytes())
            .map_err(|e| format!("cannot create {}: {e}", full.display()))?;
        outcomes.push(Outcome::Created(path));
    }
    Ok(outcomes)
}

const GITIGNORE: &str = ".gitignore";

/// Adds to an existing `.gitignore` the rules of ours it lacks, with their
/// comments, as `cargo new` does: a calendar made by an older `init` then
/// ignores what a build now leaves beside its site.
fn complete_gitignore(full: &Path, ours: &str) -> Result<Outcome, String> {
    let cannot = |e: std::io::Error| format!("cannot update {}: {e}", full.display());
    let theirs = std::fs::read_to_string(full).map_err(cannot)?;
    let rules: Vec<&str> = theirs.lines().map(str::trim).collect();
    // Our file is blocks of a comment then its rules: a block's missing
    // rules are added under its comment.
    let mut blocks: Vec<(Vec<&str>, Vec<&str>)> = Vec::new();
    for line in ours.lines().filter(|line| !line.is_empty()) {
        let comment = line.starts_with('#');
        match blocks.last_mut() {
            Some((_, block_rules)) if !comment => block_rules.push(line),
            Some((block_comment, block_rules)) if block_rules.is_empty() => {
                block_comment.push(line)
            }
            _ if comment => blocks.push((vec![line], Vec::new())),
            _ => blocks.push((Vec::new(), vec![line])),
        }
    }
    let mut added = Vec::new();
    let mut text = String::new();
    for (comment, block_rules) in blocks {
        let missing: Vec<&str> = block_rules
            .into_iter()
            .filter(|rule| !rules.contains(rule))
            .collect();
        if !missing.is_empty() {
            for line in comment.iter().chain(&missing) {
                text.push_str(line);
                text.push('\n');
            }
            added.extend(missing.iter().map(|rule| rule.to_string()));
        }
    }
    if added.is_empty() {
        return Ok(Outcome::Kept(GITIGNORE.into()));
    }
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(full)
        .map_err(cannot)?;
    let separator = match theirs.is_empty() || theirs.ends_with('\n') {
        true => "",
        false => "\n",
    };
    use std::io::Write;
    file.write_all(format!("{separator}{text}").as_bytes())
        .map_err(cannot)?;
    Ok(Outcome::Completed(GITIGNORE.into(), added))
}

/// An option's problem as one line: what is wrong, then how to fix it.
fn with_hint(option: &str, invalid: crate::when::Invalid) -> String {
    match invalid.hint {
        Some(hint) => format!("{option}: {}; {hint}", invalid.message),
        None => format!("{option}: {}", invalid.message),
    }
}

/// An example event, group or venue: content other than the settings.
fn is_example(path: &Path) -> bool {
    path.starts_with("content") && path != Path::new(TEMPLATES[0].0)
}

/// The first Tuesday of the next month: where the example series starts.
fn first_tuesday_after(today: NaiveDate) -> NaiveDate {
    let rule = Rule {
        every: Frequency::Month,
        interval: 1,
        on: Some(On::NthWeekday(1, Weekday::Tue)),
        ending: Ending::Never,
        except: Vec::new(),
    };
    let month_start = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).expect("valid");
    // Expand from a first Tuesday on or before today; take the first after it.
    let anchor = (0..7)
        .map(|d| month_start + chrono::Duration::days(d))
        .find(|d| d.weekday() == Weekday::Tue)
        .expect("a week has a Tuesday");
    rule.dates(anchor, today + chrono::Duration::days(70), usize::MAX)
        .into_iter()
        .find(|d| *d > today)
        .expect("a first Tuesday within 70 days")
}

/// The files of a new calendar: templates under `src/init/`, with `@NAME@`
/// placeholders.
const TEMPLATES: &[(&str, &str)] = &[
    // The settings first: whether they exist tells a new calendar.
    ("content/site.yaml", include_str!("init/site.yaml")),
    (
        "content/groups/our-group.md",
        include_str!("init/our-group.md"),
    ),
    (
        "content/venues/our-venue.md",
        include_str!("init/our-venue.md"),
    ),
    (
        "content/events/monthly-meetup.md",
        include_str!("init/monthly-meetup.md"),
    ),
    // Installs the pinned release; netlify.toml and the workflows run it.
    (INSTALL_SCRIPT, include_str!("init/install-meetcal.sh")),
    ("netlify.toml", include_str!("init/netlify.toml")),
    (
        ".github/workflows/check.yml",
        include_str!("init/check.yml"),
    ),
    (
        ".github/workflows/pages.yml",
        include_str!("init/pages.yml"),
    ),
    (".github/workflows/sync.yml", include_str!("init/sync.yml")),
    (GITIGNORE, include_str!("init/gitignore")),
    ("README.md", include_str!("init/README.md")),
];

/// Where `init` writes the script that installs meetcal.
pub const INSTALL_SCRIPT: &str = "scripts/install-meetcal.sh";

/// `word` as one word of a POSIX shell command: as it is when it holds
/// nothing a shell reads specially, else in single quotes (a `'` written
/// `'\''`), so that a command printed for people pastes as it reads.
pub fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_alphanumeric() || "/._-+,:@%".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        return word.to_string();
    }
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// Replaces each `@NAME@` of `values` in one pass, so a value that happens
/// to hold a placeholder is left as it is.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(at) = rest.find('@') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let found = values.iter().find_map(|(name, value)| {
            let token = format!("@{name}@");
            rest.starts_with(&token).then_some((token.len(), *value))
        });
        match found {
            Some((length, value)) => {
                out.push_str(value);
                rest = &rest[length..];
            }
            None => {
                out.push('@');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn files(options: &Options) -> Vec<(PathBuf, String)> {
    let start = first_tuesday_after(options.today).to_string();
    let quoted_title = crate::yaml::scalar(&options.title);
    let uid_domain = uid_domain_setting(&options.base_url);
    let (production, production_base_url) = netlify_production(&options.base_url);
    TEMPLATES
        .iter()
        .map(|(path, template)| {
            // YAML needs the title quoted; Markdown shows it as it is.
            let title = if path.ends_with(".yaml") {
                quoted_title.as_str()
            } else {
                options.title.as_str()
            };
            let values = [
                ("VERSION", env!("CARGO_PKG_VERSION")),
                ("REPOSITORY", env!("CARGO_PKG_REPOSITORY")),
                ("TITLE", title),
                ("BASE_URL", options.base_url.as_str()),
                ("UID_DOMAIN", uid_domain.as_str()),
                ("TIMEZONE", options.timezone.as_str()),
                ("START", start.as_str()),
                ("PRODUCTION", production),
                ("PRODUCTION_BASE_URL", production_base_url),
            ];
            (PathBuf::from(path), fill(template, &values))
        })
        .collect()
}

/// netlify.toml's production build: its comment, and what follows
/// `meetcal build`. Netlify's `$URL` is an address without a path, so a
/// site published under a path builds for site.yaml's `base_url` instead.
fn netlify_production(base_url: &str) -> (&'static str, &'static str) {
    match crate::urls::Urls::new(base_url).root() {
        "/" => (
            "# Production builds for $URL, the site's main address (its domain, once\n\
             # it has one). Published under a path, a site builds without --base-url\n\
             # (meetcal's docs/deploying.md, step 4).",
            r#" --base-url \"$URL\""#,
        ),
        _ => (
            "# Production builds for base_url of content/site.yaml, which has a path:\n\
             # $URL, this Netlify site's own address, has none. Netlify serves the\n\
             # site at the root of that address, as it serves the previews; the\n\
             # server of base_url's host forwards the path's requests to it (a proxy).",
            "",
        ),
    }
}

/// site.yaml's `uid_domain` line: the host of the address given, pinned
/// so that a later move keeps the events' UIDs, or an example for the
/// organizer to fill in while the address is a placeholder.
fn uid_domain_setting(base_url: &str) -> String {
    let host = crate::model::host_of(base_url);
    let reserved = crate::model::is_example_host(&host);
    match reserved {
        true => "# uid_domain: our-calendar.netlify.app".into(),
        false => format!("uid_domain: {host}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(title: &str) -> Options {
        Options {
            title: title.into(),
            timezone: "Europe/Paris".into(),
            base_url: "https://example.org/".into(),
            today: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
        }
    }

    fn file(options: &Options, path: &str) -> String {
        files(options)
            .into_iter()
            .find(|(p, _)| p == Path::new(path))
            .unwrap_or_else(|| panic!("no {path}"))
            .1
    }

    #[test]
    fn can_quote_a_shell_word_only_when_needed() {
        for plain in ["mycal", "../cals/lyon-2026", "café", "a_b.c+d,e:f@g%h"] {
            assert_eq!(shell_word(plain), plain);
        }
        assert_eq!(shell_word("my cal"), "'my cal'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word(""), "''");
        for special in ["$HOME", "a;b", "~x", "*", "a\tb", "a\\b", "`x`", "a\u{a0}b"] {
            assert!(shell_word(special).starts_with('\''), "{special}");
        }
    }

    #[test]
    fn adds_no_examples_to_a_calendar_that_exists() {
        let dir = tempfile::tempdir().unwrap();
        let fresh = init(dir.path(), &options("A")).unwrap();
        assert!(fresh.iter().all(|o| matches!(o, Outcome::Created(_))));
        // Its examples replaced by real content, and a workflow deleted.
        std::fs::remove_file(dir.path().join("content/events/monthly-meetup.md")).unwrap();
        std::fs::remove_file(dir.path().join(".github/workflows/sync.yml")).unwrap();
        let again = init(dir.path(), &options("A")).unwrap();
        let skipped = Outcome::Skipped("content/events/monthly-meetup.md".into());
        assert!(again.contains(&skipped), "{again:?}");
        assert!(again.contains(&Outcome::Created(".github/workflows/sync.yml".into())));
        assert!(!dir.path().join("content/events/monthly-meetup.md").exists());
        assert!(again.contains(&Outcome::Kept("content/site.yaml".into())));
    }

    #[test]
    fn errors_on_an_empty_title_and_writes_nothing() {
        for blank in ["", "  "] {
            let dir = tempfile::tempdir().unwrap();
            let err = init(dir.path(), &options(blank)).unwrap_err();
            assert!(err.starts_with("--title is empty"), "{err}");
            assert!(!dir.path().join("content").exists());
        }
    }

    #[test]
    fn errors_on_an_offset_for_timezone_with_the_hint() {
        let dir = tempfile::tempdir().unwrap();
        let mut offset = options("A");
        offset.timezone = "GMT+1".into();
        let err = init(dir.path(), &offset).unwrap_err();
        assert!(err.contains("`Europe/Paris`"), "{err}");
        assert!(!dir.path().join("content").exists());
    }

    #[test]
    fn can_fill_every_placeholder_once() {
        let values = [("A", "@B@"), ("B", "b")];
        assert_eq!(fill("x@A@y@B@z@C@ a@b", &values), "x@B@ybz@C@ a@b");
    }

    #[test]
    fn every_placeholder_of_every_template_is_filled() {
        for (path, text) in files(&options("A title with @TIMEZONE@ in it")) {
            let left = text.replace("@TIMEZONE@ in it", "");
            for name in [
                "VERSION",
                "REPOSITORY",
                "TITLE",
                "BASE_URL",
                "UID_DOMAIN",
                "TIMEZONE",
                "START",
                "PRODUCTION",
                "PRODUCTION_BASE_URL",
            ] {
                assert!(
                    !left.contains(&format!("@{name}@")),
                    "{}: @{name}@",
                    path.display()
                );
            }
        }
        let site = file(&options("Lyon: web"), "content/site.yaml");
        assert!(site.contains("title: 'Lyon: web'\n"), "{site}");
        let docs = format!("{}/blob/main/docs/", env!("CARGO_PKG_REPOSITORY"));
        assert!(site.contains(&format!("{docs}running.md")), "{site}");
        assert!(site.contains(&format!("{docs}events.md")), "{site}");
        assert!(!site.contains("every field"));
        let script = file(&options("x"), INSTALL_SCRIPT);
        assert!(script.contains(&format!("version={}\n", env!("CARGO_PKG_VERSION"))));
    }

    #[test]
    fn uid_domain_is_pinned_to_a_real_address_only() {
        let with = |base_url: &str| {
            let mut options = options("x");
            options.base_url = base_url.into();
            file(&options, "content/site.yaml")
        };
        let real = with("https://Our-Cal.netlify.app/meetups/");
        assert!(
            real.contains("\nuid_domain: our-cal.netlify.app\n"),
            "{real}"
        );
        for placeholder in [
            "https://example.org/",
            "https://cal.example.com/",
            "http://localhost:8000/",
        ] {
            let site = with(placeholder);
            assert!(
                site.contains("\n# uid_domain: ") && !site.contains("\nuid_domain:"),
                "{placeholder}: {site}"
            );
        }
    }

    #[test]
    fn the_example_series_starts_on_the_next_first_tuesday() {
        let date = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(first_tuesday_after(date("2026-11-25")), date("2026-12-01"));
        assert_eq!(first_tuesday_after(date("2026-12-01")), date("2027-01-05"));
        assert_eq!(first_tuesday_after(date("2026-11-02")), date("2026-11-03"));
    }
}
