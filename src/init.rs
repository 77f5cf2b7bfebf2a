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
}

pub struct Options {
    pub title: String,
    pub timezone: String,
    pub base_url: String,
    /// The day the example series starts from (the clock, or a test's date).
    pub today: NaiveDate,
}

/// Writes every file that does not exist yet; never overwrites.
pub fn init(dir: &Path, options: &Options) -> Result<Vec<Outcome>, String> {
    crate::when::parse_timezone(&options.timezone)
        .map_err(|e| format!("--timezone: {}", e.message))?;
    crate::parse::check_url(&options.base_url).map_err(|e| format!("--base-url: {}", e.message))?;
    let mut outcomes = Vec::new();
    for (path, text) in files(options) {
        let full = dir.join(&path);
        if full.exists() || full.is_symlink() {
            outcomes.push(Outcome::Kept(path));
            continue;
        }
        crate::output::create_new(&full, text.as_bytes())
            .map_err(|e| format!("cannot create {}: {e}", full.display()))?;
        outcomes.push(Outcome::Created(path));
    }
    Ok(outcomes)
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

fn quoted(text: &str) -> String {
    serde_yaml::to_string(text)
        .expect("text serializes")
        .trim_end()
        .to_string()
}

fn files(options: &Options) -> Vec<(PathBuf, String)> {
    let version = env!("CARGO_PKG_VERSION");
    let start = first_tuesday_after(options.today);
    let install = format!("cargo install --locked meetcal --version {version} --root .meetcal");
    vec![
        (
            "content/site.yaml".into(),
            format!(
                "# The calendar's settings: see https://meetcal.netlify.app for every field.\ntitle: {}\nbase_url: {}\ntimezone: {}\ndescription: Meetups of our community. Add yours with a pull request!\nlanguage: en\n",
                quoted(&options.title),
                options.base_url,
                options.timezone
            ),
        ),
        (
            "content/groups/our-group.md".into(),
            "---\nname: Our group\nvenue: our-venue\ntags: [meetup]\n---\nWho the group is for, and what happens at its meetups. Rename this file to\nyour group's slug, and refer to it with `group:` in events.\n".into(),
        ),
        (
            "content/venues/our-venue.md".into(),
            "---\nname: Our venue\naddress: 1 Main Street\nnotes: Second floor; ring \"Meetup\" at the door.\n---\nHow to find the place, and what it is like.\n".into(),
        ),
        (
            "content/events/monthly-meetup.md".into(),
            format!(
                "---\ntitle: Monthly meetup\nstart: {start} 19:00\nduration: 2h\ngroup: our-group\nrepeat:\n  every: month\n  on: first tuesday\n---\nTalks, questions and drinks, on the first Tuesday of every month.\n"
            ),
        ),
        (
            "netlify.toml".into(),
            format!(
                "# Netlify installs meetcal, then builds the calendar. Every pull request\n# gets a deploy preview at its own address.\n[build]\n  command = \"{install} && .meetcal/bin/meetcal build --base-url \\\"$URL\\\"\"\n  publish = \"public\"\n\n[context.deploy-preview]\n  command = \"{install} && .meetcal/bin/meetcal build --base-url \\\"$DEPLOY_PRIME_URL\\\"\"\n\n[context.branch-deploy]\n  command = \"{install} && .meetcal/bin/meetcal build --base-url \\\"$DEPLOY_PRIME_URL\\\"\"\n"
            ),
        ),
        (
            ".github/workflows/check.yml".into(),
            format!(
                "# Shows each mistake in a pull request on its line.\nname: Check the calendar\non:\n  pull_request:\n    paths: [\"content/**\", \"themes/**\"]\npermissions:\n  contents: read\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: {install}\n      - run: .meetcal/bin/meetcal check --format github\n"
            ),
        ),
        (".gitignore".into(), "/public\n/.meetcal\n".into()),
        (
            "README.md".into(),
            format!(
                "# {}\n\nThe shared calendar of our community, built with meetcal.\n\n## Add an event\n\nAdd one file to `content/events/` in a pull request, for example\n`content/events/rust-night-2027-02-10.md`:\n\n```markdown\n---\ntitle: Rust night\nstart: 2027-02-10 19:00\nduration: 2h\ngroup: our-group\nvenue: our-venue\n---\nWhat will happen, who it is for, how to register.\n```\n\nThe pull request checks the file and shows any mistake on its line; a\npreview of the site is linked from the pull request.\n\n## Subscribe\n\nThe site's Subscribe page has the links for Google Calendar, Apple Calendar,\nOutlook and Thunderbird.\n\n## Preview locally\n\n```sh\n{install}\n.meetcal/bin/meetcal serve\n```\n",
                options.title
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_series_starts_on_the_next_first_tuesday() {
        let date = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(first_tuesday_after(date("2026-11-25")), date("2026-12-01"));
        assert_eq!(first_tuesday_after(date("2026-12-01")), date("2027-01-05"));
        assert_eq!(first_tuesday_after(date("2026-11-02")), date("2026-11-03"));
    }
}
