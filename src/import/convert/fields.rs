//! What an imported event says: title, description, place, links and tags,
//! with a note for everything cut or left out.

use super::*;
use crate::text::locale::Language;

impl Context<'_> {
    /// The fields of one VEVENT, with notes on what did not fit.
    pub(super) fn fields(&self, item: &Item, timing: Timing, notes: &mut Vec<String>) -> Fields {
        let status = match item.status.as_deref() {
            Some("CANCELLED") => Status::Cancelled,
            Some("TENTATIVE") => Status::Tentative,
            _ => Status::Confirmed,
        };
        // A DTEND at the DTSTART (a deadline, a reminder): meetcal has no
        // event without a length, so it lasts the calendar's default.
        let end_said = item.end.is_some() || item.duration.is_some();
        if end_said && timing.length == Length::Default {
            notes.push(
                "it ends when it starts: it lasts the calendar's default length (`default_duration`)"
                    .into(),
            );
        }
        let mut title = one_line(item.summary.as_deref().unwrap_or_default());
        if status == Status::Cancelled {
            // Feeds (meetcal's among them) prefix the title of a cancelled
            // event for clients that do not show STATUS, in their own
            // language, whatever the calendar's.
            while let Some(rest) = Language::ALL
                .iter()
                .find_map(|language| language.after_cancelled_label(&title))
            {
                title = rest.to_string();
            }
        }
        if title.is_empty() {
            title = "Untitled event".into();
            notes.push("it has no title: named `Untitled event`".into());
        }
        if let Some(short) = shortened(&title, MAX_TITLE_CHARS) {
            notes.push(format!("title shortened to {MAX_TITLE_CHARS} characters"));
            title = short;
        }
        let mut description = match (&item.html, &item.description) {
            (Some(html), _) => html_to_markdown(html),
            (None, Some(text)) if looks_like_html(text) => html_to_markdown(text),
            (None, Some(text)) => plain_to_markdown(text),
            (None, None) => String::new(),
        };
        if let Some(short) = shortened(&description, MAX_DESCRIPTION_CHARS) {
            notes.push(format!(
                "description shortened to {MAX_DESCRIPTION_CHARS} characters"
            ));
            description = short;
        }
        let mut online = item
            .online
            .as_deref()
            .and_then(|u| url(u, "online link", notes))
            .map(Online::Link);
        // Online only: not at the group's usual venue either.
        let nowhere = || {
            self.defaults
                .group_meets_somewhere
                .then_some(Place::Nowhere)
        };
        let place = match item.location.as_deref().filter(|l| !one_line(l).is_empty()) {
            Some(location) if is_link(location) => {
                if online.is_none() {
                    online = url(location.trim(), "location", notes).map(Online::Link);
                }
                online.as_ref().and_then(|_| nowhere())
            }
            // "Microsoft Teams Meeting", "Zoom": a call, not a place. Its
            // link is in a property, else in the description (Outlook's
            // "Join the meeting now"), else to come.
            Some(location) if names_a_call(location) => {
                if online.is_none() {
                    let described = [item.description.as_deref(), item.html.as_deref()];
                    let link = described.into_iter().flatten().find_map(call_link);
                    online = Some(match link.and_then(|l| url(l, "online link", notes)) {
                        Some(link) => Online::Link(link),
                        None => Online::Later,
                    });
                }
                nowhere()
            }
            Some(location) => Some(self.place(location, item.geo, notes)),
            // No place but a call (Google leaves LOCATION empty for a Meet
            // call): online only, unless `--venue` says where they meet.
            None => match (&self.defaults.venue, &online) {
                (Some(venue), _) => Some(Place::Slug(venue.clone())),
                (None, Some(_)) => nowhere(),
                (None, None) => None,
            },
        };
        Fields {
            title,
            start: timing.start,
            length: timing.length,
            timezone: timing.zone,
            group: self.defaults.group.clone(),
            place,
            online,
            url: item.url.as_deref().and_then(|u| url(u, "URL", notes)),
            tags: self.tags(&item.categories, notes),
            status,
            description,
        }
    }

    /// An existing venue whose name (or name and address) the LOCATION
    /// is; otherwise the place written inline.
    pub(super) fn place(
        &self,
        location: &str,
        geo: Option<(f64, f64)>,
        notes: &mut Vec<String>,
    ) -> Place {
        let (name, address) = split_location(location);
        let wanted = normalized(&name);
        if let Some((slug, _, _)) = self
            .defaults
            .venues
            .iter()
            .find(|(_, known, _)| normalized(known) == wanted)
        {
            return Place::Slug(slug.clone());
        }
        let limit = |text: String, field: &str, notes: &mut Vec<String>| {
            let max = max_chars(field).unwrap_or(usize::MAX);
            match shortened(&text, max) {
                Some(short) => {
                    notes.push(format!("venue {field} shortened to {max} characters"));
                    short
                }
                None => text,
            }
        };
        Place::Inline {
            name: limit(name, "name", notes),
            address: address.map(|a| limit(a, "address", notes)),
            geo,
        }
    }

    pub(super) fn tags(&self, categories: &[String], notes: &mut Vec<String>) -> Vec<String> {
        let mut tags: Vec<String> = Vec::new();
        let given = self.defaults.tags.iter().map(|tag| (tag.clone(), None));
        let categories = categories
            .iter()
            .map(|category| (tag_slug(category), Some(category.trim())));
        for (tag, category) in given.chain(categories) {
            let tag = match tag.char_indices().nth(MAX_TAG_CHARS) {
                Some((at, _)) => tag[..at].trim_end_matches('-').to_string(),
                None => tag,
            };
            if tag.is_empty() {
                // `日本語`: nothing of it can be written in a tag.
                if let Some(category) = category.filter(|c| !c.is_empty()) {
                    notes.push(format!(
                        "category {} left out: a tag is written with the letters a to z, digits and hyphens",
                        crate::diagnostics::quote(category)
                    ));
                }
                continue;
            }
            if tags.contains(&tag) {
                continue;
            }
            if tags.len() == MAX_TAGS {
                notes.push(format!(
                    "category `{tag}` left out: at most {MAX_TAGS} tags"
                ));
                continue;
            }
            tags.push(tag);
        }
        tags
    }
}

/// A LOCATION that names a video call rather than a place: "Microsoft
/// Teams Meeting", "Zoom", "Online".
pub(super) fn names_a_call(location: &str) -> bool {
    let lower = location.to_lowercase();
    // Whole words: "Steamship Hall" is a place.
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    !lower.contains(',')
        && (words.windows(2).any(|pair| pair == ["google", "meet"])
            || words
                .iter()
                .any(|word| ["teams", "zoom", "webex", "jitsi", "online", "skype"].contains(word)))
}

/// Hosts of the video-call services whose links calendars carry.
const CALL_HOSTS: [&str; 8] = [
    "teams.microsoft.com",
    "teams.live.com",
    "zoom.us",
    "meet.google.com",
    "webex.com",
    "meet.jit.si",
    "join.skype.com",
    "whereby.com",
];

/// The first link to a video call in a description, plain text or HTML.
fn call_link(text: &str) -> Option<&str> {
    text.match_indices("https://").find_map(|(at, _)| {
        let rest = &text[at..];
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | ')' | ']'))
            .unwrap_or(rest.len());
        let link = &rest[..end];
        let host = url::Url::parse(link).ok()?.host_str()?.to_ascii_lowercase();
        CALL_HOSTS
            .iter()
            .any(|call| host == *call || host.ends_with(&format!(".{call}")))
            .then_some(link)
    })
}

pub(super) fn is_link(location: &str) -> bool {
    let location = location.trim();
    (location.starts_with("http://") || location.starts_with("https://"))
        && !location.contains(char::is_whitespace)
}

/// A LOCATION as a place's name and address, as producers write it:
/// `Name, street, city` (Google, meetcal), `Name\nstreet, city` (Apple),
/// `Name (street, city)` (Meetup).
pub(super) fn split_location(location: &str) -> (String, Option<String>) {
    let location = location.trim();
    if let Some((name, rest)) = location.split_once('\n') {
        let rest: Vec<String> = rest
            .lines()
            .map(one_line)
            .filter(|l| !l.is_empty())
            .collect();
        return (
            one_line(name),
            Some(rest.join(", ")).filter(|r| !r.is_empty()),
        );
    }
    let location = one_line(location);
    if let Some(inner) = location.strip_suffix(')') {
        if let Some((name, address)) = inner.split_once(" (") {
            return (name.to_string(), Some(address.to_string()));
        }
    }
    match location.split_once(", ") {
        Some((name, rest)) => (name.to_string(), Some(rest.to_string())),
        None => (location, None),
    }
}

pub(super) fn normalized(text: &str) -> String {
    one_line(text).to_lowercase()
}

pub(super) fn url(text: &str, what: &str, notes: &mut Vec<String>) -> Option<String> {
    match crate::parse::check_url(text) {
        Ok(url) if url.chars().count() <= max_chars("url").unwrap_or(usize::MAX) => Some(url),
        Ok(_) => {
            notes.push(format!("{what} left out: it is too long"));
            None
        }
        Err(e) => {
            notes.push(format!("{what} left out: {}", e.message));
            None
        }
    }
}
