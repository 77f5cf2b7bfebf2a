//! The checked calendar: what every stage after validation may rely on.
//!
//! References are resolved to indexes, zones to `Tz`, times to `Timing`.
//! Lists are sorted by slug so that output never depends on the order in
//! which the file system listed the files.

use crate::recurrence::Rule;
pub use crate::urls::is_reserved;
pub use crate::when::Ends;
use chrono::{Duration, NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    pub title: String,
    /// Absolute, always ending in `/`.
    pub base_url: String,
    pub timezone: Tz,
    pub description: Option<String>,
    pub language: String,
    pub theme: String,
    pub default_duration: Duration,
    /// Prefix of "Edit this event" links; the file's path is appended.
    pub edit_url: Option<String>,
    /// The host in derived UIDs, kept when the site changes address.
    pub uid_domain: Option<String>,
}

impl Site {
    /// The host every UID meetcal derives ends with: `uid_domain`, or the
    /// host of the site's address.
    pub fn uid_host(&self) -> String {
        self.uid_domain
            .clone()
            .unwrap_or_else(|| host_of(&self.base_url))
    }
}

#[derive(Debug, Clone)]
pub struct Group {
    pub slug: String,
    pub source: PathBuf,
    pub name: String,
    pub url: Option<String>,
    pub tags: Vec<String>,
    pub timezone: Option<Tz>,
    /// Index into `Calendar::venues`.
    pub venue: Option<usize>,
    /// Markdown.
    pub description: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Venue {
    /// `None` for a venue written inline in an event.
    pub slug: Option<String>,
    pub source: PathBuf,
    pub name: String,
    pub address: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub url: Option<String>,
    pub notes: Option<String>,
    /// Markdown.
    pub description: String,
    /// Feeds `meetcal sync` imports for the venue (a venue file's only).
    pub imports: Vec<Feed>,
}

/// A feed `meetcal sync` imports (`import:` in a group or venue file):
/// its address, and tags its events get.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    pub url: String,
    pub tags: Vec<String>,
}

/// Where an event happens in person.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    /// Index into `Calendar::venues`.
    Shared(usize),
    Inline(Box<Venue>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Confirmed,
    Tentative,
    Cancelled,
}

impl Status {
    pub const NAMES: [&'static str; 3] = ["confirmed", "tentative", "cancelled"];

    pub fn parse(text: &str) -> Option<Status> {
        match text.trim().to_lowercase().as_str() {
            "confirmed" => Some(Status::Confirmed),
            "tentative" => Some(Status::Tentative),
            "cancelled" | "canceled" => Some(Status::Cancelled),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// When an event happens, in its own zone's wall-clock time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timing {
    Timed {
        start: NaiveDateTime,
        length: Duration,
        ends: Ends,
    },
    AllDay {
        first: NaiveDate,
        days: u32,
    },
}

impl Timing {
    pub fn date(&self) -> NaiveDate {
        match self {
            Timing::Timed { start, .. } => start.date(),
            Timing::AllDay { first, .. } => *first,
        }
    }

    /// How long it lasts; an all-day event lasts whole days.
    pub fn length(&self) -> Duration {
        match *self {
            Timing::Timed { length, .. } => length,
            Timing::AllDay { days, .. } => Duration::days(i64::from(days)),
        }
    }

    /// The same timing moved to another date (an occurrence of a series).
    pub fn on(&self, date: NaiveDate) -> Timing {
        match *self {
            Timing::Timed {
                start,
                length,
                ends,
            } => Timing::Timed {
                start: date.and_time(start.time()),
                length,
                ends,
            },
            Timing::AllDay { days, .. } => Timing::AllDay { first: date, days },
        }
    }
}

/// Where an event happens online.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Online {
    /// The address to join.
    At(String),
    /// Online, with the address announced later (`online: true`).
    LinkToCome,
}

impl Online {
    pub fn link(&self) -> Option<&str> {
        match self {
            Online::At(url) => Some(url),
            Online::LinkToCome => None,
        }
    }
}

/// The kinds of link an event may give besides its website (`url`), in the
/// order pages and feeds list them.
pub const LINK_KINDS: [&str; 6] = ["tickets", "cfp", "schedule", "slides", "video", "chat"];

/// An event's typed links: a kind of [`LINK_KINDS`] and its address, in
/// that order.
pub type Links = Vec<(&'static str, String)>;

/// Fields a single occurrence may change; `None` keeps the series' value.
#[derive(Debug, Clone, Default)]
pub struct Changes {
    pub title: Option<String>,
    pub timing: Option<Timing>,
    /// `Some(None)`: this date has no venue (`venue: none`).
    pub venue: Option<Option<Place>>,
    /// `Some(None)`: this date is not online (`online: false`).
    pub online: Option<Option<Online>>,
    pub url: Option<String>,
    pub links: Option<Links>,
    pub tags: Option<Vec<String>>,
    pub status: Option<Status>,
    /// Markdown.
    pub description: Option<std::sync::Arc<String>>,
}

/// A file that changes or cancels one occurrence of a series.
#[derive(Debug, Clone)]
pub struct Override {
    pub slug: String,
    pub source: PathBuf,
    /// The date of the occurrence it replaces (its RECURRENCE-ID).
    pub date: NaiveDate,
    pub changes: Changes,
}

#[derive(Debug, Clone)]
pub struct Event {
    pub slug: String,
    pub source: PathBuf,
    pub title: String,
    pub timing: Timing,
    pub timezone: Tz,
    /// Index into `Calendar::groups`.
    pub group: Option<usize>,
    pub venue: Option<Place>,
    pub online: Option<Online>,
    pub url: Option<String>,
    pub links: Links,
    pub tags: Vec<String>,
    pub status: Status,
    pub repeat: Option<Rule>,
    pub uid: Option<String>,
    /// Markdown, shared with the file it was read from while `serve`
    /// keeps that (its descriptions are cached by their text's address).
    pub description: std::sync::Arc<String>,
    /// Sorted by date.
    pub overrides: Vec<Override>,
}

impl Event {
    /// The calendar UID (and RSS guid): its own `uid`, or its slug at the
    /// site's UID host. Neither changes when the title, time or venue does.
    pub fn uid_at(&self, host: &str) -> String {
        self.uid
            .clone()
            .unwrap_or_else(|| format!("{}@{host}", self.slug))
    }
}

/// An event as one of its occurrences shows it: the series' fields, with
/// those an override changes replaced. The one place an override is applied.
#[derive(Debug, Clone, Copy)]
pub struct Shown<'a> {
    pub title: &'a str,
    pub timing: Timing,
    pub venue: Option<&'a Place>,
    pub online: Option<&'a Online>,
    pub url: Option<&'a str>,
    pub links: &'a [(&'static str, String)],
    pub tags: &'a [String],
    pub status: Status,
    /// Markdown.
    pub description: &'a str,
}

impl Event {
    /// Its tags, and those its overrides give some of its dates (with
    /// repeats): every tag any of its dates can have.
    pub fn tags_anywhere(&self) -> impl Iterator<Item = &String> {
        let changed = self.overrides.iter();
        self.tags
            .iter()
            .chain(changed.flat_map(|o| o.changes.tags.iter().flatten()))
    }

    /// Its venue, and those its overrides give some of its dates: every
    /// venue any of its dates can be at.
    pub fn venues_anywhere(&self) -> impl Iterator<Item = &Place> {
        let changed = self.overrides.iter();
        self.venue
            .iter()
            .chain(changed.filter_map(|o| o.changes.venue.as_ref()?.as_ref()))
    }

    /// The event as written: a one-off, or a series' first date.
    pub fn shown(&self) -> Shown<'_> {
        Shown {
            title: &self.title,
            timing: self.timing,
            venue: self.venue.as_ref(),
            online: self.online.as_ref(),
            url: self.url.as_deref(),
            links: &self.links,
            tags: &self.tags,
            status: self.status,
            description: &self.description,
        }
    }

    /// The series' occurrence on `date`, as `changed_by` changes it.
    pub fn shown_on<'a>(&'a self, date: NaiveDate, changed_by: Option<&'a Override>) -> Shown<'a> {
        let series = Shown {
            timing: self.timing.on(date),
            ..self.shown()
        };
        let Some(c) = changed_by.map(|o| &o.changes) else {
            return series;
        };
        Shown {
            title: c.title.as_deref().unwrap_or(series.title),
            timing: c.timing.unwrap_or(series.timing),
            venue: c.venue.as_ref().map_or(series.venue, Option::as_ref),
            online: c.online.as_ref().map_or(series.online, Option::as_ref),
            url: c.url.as_deref().or(series.url),
            links: c.links.as_deref().unwrap_or(series.links),
            tags: c.tags.as_deref().unwrap_or(series.tags),
            status: c.status.unwrap_or(series.status),
            description: c
                .description
                .as_deref()
                .map_or(series.description, String::as_str),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Calendar {
    pub site: Site,
    pub groups: Vec<Group>,
    pub venues: Vec<Venue>,
    /// In the order of their slugs, which are unique: renderers break ties
    /// between events by position. Shared: `serve` keeps the events of
    /// files a save left alone for its next rebuild.
    pub events: Vec<std::sync::Arc<Event>>,
}

impl Calendar {
    pub fn venue<'a>(&'a self, place: &'a Place) -> &'a Venue {
        match place {
            Place::Shared(i) => &self.venues[*i],
            Place::Inline(venue) => venue,
        }
    }
}

/// The host name of a base URL (`meetcal.invalid` if it has none).
pub fn host_of(base_url: &str) -> String {
    url::Url::parse(base_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "meetcal.invalid".to_string())
}

/// Whether `host` is one of the names reserved for examples and tests
/// (RFC 2606, RFC 6761), as a placeholder address is.
pub fn is_example_host(host: &str) -> bool {
    ["example.org", "example.com", "example.net", "example"]
        .iter()
        .chain(&["invalid", "test", "localhost"])
        .any(|name| host == *name || host.ends_with(&format!(".{name}")))
}

/// Lowercase letters, digits and single hyphens inside: safe as a URL path
/// segment and as a file name on every system.
pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 100
        && !text.starts_with('-')
        && !text.ends_with('-')
        && !text.contains("--")
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The date a file name ends with, as `meetcal new event` names files:
/// `rust-night-2027-02-10` is on 10 February 2027.
pub fn date_in_name(name: &str) -> Option<chrono::NaiveDate> {
    let split = name.len().checked_sub(10)?;
    let (before, date) = (name.get(..split)?, name.get(split..)?);
    if !before.ends_with('-') || before.len() < 2 {
        return None;
    }
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

/// A name read back from a file's name, for a hint's example line:
/// `rust-night-2027-02-10` is "Rust night", or "Rust Night" with `every_word`
/// capitalized (a group's or a venue's name).
pub fn name_from_slug(slug: &str, every_word: bool) -> Option<String> {
    let words = match date_in_name(slug) {
        Some(_) => &slug[..slug.len() - 11],
        None => slug,
    };
    let mut name = String::new();
    for (i, word) in words.split('-').filter(|w| !w.is_empty()).enumerate() {
        if i > 0 {
            name.push(' ');
        }
        let mut chars = word.chars();
        match chars.next() {
            Some(first) if i == 0 || every_word => {
                name.extend(first.to_uppercase());
                name.push_str(chars.as_str());
            }
            _ => name.push_str(word),
        }
    }
    // `2027-02-10.md` has no name to read.
    name.chars().any(char::is_alphabetic).then_some(name)
}

/// The nearest slug to any text: "Rust Night!" becomes "rust-night".
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = crate::text::locale::without_accent(c);
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    slug.chars()
        .take(80)
        .collect::<String>()
        .trim_end_matches('-')
        .to_string()
}

/// The nearest slug to a tag, keeping what makes a language's name: `C++`
/// is `cpp`, `C#` `csharp`, `.NET` `dotnet`, where [`slugify`] would
/// leave `c`, `c` and `net`, another tag's name.
pub fn tag_slug(text: &str) -> String {
    let ends_in_letter = |word: &str| word.chars().last().is_some_and(char::is_alphabetic);
    let spelled: Vec<String> = text
        .split_whitespace()
        .map(|word| {
            if let Some(name) = word.strip_suffix("++").filter(|n| ends_in_letter(n)) {
                format!("{name}pp")
            } else if let Some(name) = word.strip_suffix('#').filter(|n| ends_in_letter(n)) {
                format!("{name}sharp")
            } else if let Some(name) = word
                .strip_prefix('.')
                .filter(|n| n.starts_with(char::is_alphabetic))
            {
                format!("dot{name}")
            } else {
                word.to_string()
            }
        })
        .collect();
    slugify(&spelled.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_keep_the_names_of_languages() {
        for (text, tag) in [
            ("c++", "cpp"),
            ("C#", "csharp"),
            ("f#", "fsharp"),
            (".NET", "dotnet"),
            (".net core", "dotnet-core"),
            ("Modern C++ talks", "modern-cpp-talks"),
            ("node.js", "node-js"),
            ("#rust", "rust"),
            ("Rust Night", "rust-night"),
            ("日本語", ""),
        ] {
            assert_eq!(tag_slug(text), tag, "{text}");
        }
    }

    #[test]
    fn a_name_ending_with_a_date_gives_it() {
        let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(date_in_name("rust-night-2027-02-10"), date(2027, 2, 10));
        assert_eq!(date_in_name("a-2027-12-31"), date(2027, 12, 31));
        for none in [
            "rust-night",
            "2027-02-10",
            "-2027-02-10",
            "rust-night2027-02-10",
            "rust-night-2027-02-30",
            "rust-night-2027-2-10",
            "café-2027-02-1é",
            "",
        ] {
            assert_eq!(date_in_name(none), None, "{none}");
        }
    }

    #[test]
    fn a_name_is_read_back_from_a_file_name() {
        let name = |slug, every| name_from_slug(slug, every);
        assert_eq!(
            name("rust-night-2027-02-10", false).as_deref(),
            Some("Rust night")
        );
        assert_eq!(name("lyon-js", true).as_deref(), Some("Lyon Js"));
        assert_eq!(name("café", true).as_deref(), Some("Café"));
        assert_eq!(name("2027-02-10", false), None);
        assert_eq!(name("", true), None);
    }

    #[test]
    fn slugs_are_lowercase_digits_and_hyphens() {
        assert!(is_slug("open-coffee-2027"));
        for bad in [
            "", "Open", "a_b", "-a", "a-", "a--b", "é", "a b", "..", "a/b",
        ] {
            assert!(!is_slug(bad), "{bad}");
        }
    }

    #[test]
    fn can_slugify_titles() {
        assert_eq!(slugify("Rust Night: Café & Code!"), "rust-night-cafe-code");
        assert!(is_slug(&slugify("  Élan -- 2027  ")));
    }
}
