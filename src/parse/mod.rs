//! Reading one file of each kind into its fields, checking everything that
//! can be checked without looking at other files.

mod addresses;
mod body;
mod event;
mod feeds;
mod repeat;
mod site;
use crate::diagnostics::quote;
use crate::fields::{Fields, FileContext};
use crate::model::{
    is_slug, slugify, tag_slug, Feed, Links, Online, Site, Status, Venue, LINK_KINDS,
};
use crate::recurrence::Rule;
use crate::suggest::did_you_mean;
use crate::when::{
    parse_date, parse_duration, parse_end, parse_start, parse_timezone, parse_when, Invalid, When,
};
use crate::yaml::{key, FieldPath, Mapping, Value};
pub use addresses::{check_base_url, check_url};
use addresses::{event_url_field, links_field, online_field, url_field};
use chrono::{Duration, NaiveDate};
use chrono_tz::Tz;
pub use event::{check_end, parse_event, EventFile, EVENT_FIELDS};
pub use feeds::{FEED_FIELDS, MAX_FEEDS};
use repeat::{read_rule, REPEAT_FIELDS};
pub use repeat::{MAX_COUNT, MAX_EXCEPT, MAX_INTERVAL};
pub use site::parse_site;

pub const SITE_FIELDS: &[&str] = &[
    "title",
    "base_url",
    "timezone",
    "description",
    "language",
    "theme",
    "default_duration",
    "edit_url",
    "uid_domain",
];
pub const GROUP_FIELDS: &[&str] = &[
    "name",
    "url",
    "tags",
    "timezone",
    "venue",
    "description",
    "import",
];
pub const VENUE_FIELDS: &[&str] = &[
    "name",
    "address",
    "lat",
    "lon",
    "url",
    "notes",
    "description",
];
/// A venue file's fields: a venue's, and the feeds it imports.
pub const VENUE_FILE_FIELDS: &[&str] = &[
    "name",
    "address",
    "lat",
    "lon",
    "url",
    "notes",
    "description",
    "import",
];

pub use crate::limits::MAX_TAGS;
use crate::limits::MAX_TAG_CHARS;

/// A group as written: its default venue is still a slug.
#[derive(Debug, Clone)]
pub struct GroupFile {
    pub slug: String,
    pub name: String,
    pub url: Option<String>,
    pub tags: Vec<String>,
    pub timezone: Option<Tz>,
    pub venue: Option<String>,
    pub description: String,
    /// Feeds `meetcal sync` imports for the group.
    pub imports: Vec<Feed>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum VenueField {
    Slug(String),
    Inline(Venue),
    /// `venue: none`: no venue, not even the group's usual one (an
    /// online-only evening of a group that meets somewhere).
    Nowhere,
}

/// The word that says an event, or one date of a series, has no venue.
pub const NO_VENUE: &str = "none";

fn fields_of<'c, 's>(
    ctx: &'c FileContext<'s>,
    known: &'static [&'static str],
) -> Option<Fields<'c, 's>> {
    match ctx.source.read_yaml() {
        Ok(map) => Some(Fields::new(ctx, map, known)),
        Err(err) => {
            let hint = err.hint.unwrap_or_else(|| {
                "check the indentation, and quote values that contain `: ` or `#` or start with a special character".to_string()
            });
            ctx.push(ctx.source.error_at(err.at, err.message, Some(hint)));
            None
        }
    }
}

/// Reads a value with `parse`, recording the error at the value.
fn parsed<T>(
    fields: &mut Fields,
    name: &str,
    parse: impl FnOnce(&str) -> Result<T, Invalid>,
) -> Option<T> {
    let text = fields.text(name)?;
    parse(&text)
        .map_err(|e| {
            fields
                .ctx
                .error_at_value(&fields.path(name), e.message, e.hint)
        })
        .ok()
}

fn timezone_field(fields: &mut Fields) -> Option<Tz> {
    parsed(fields, "timezone", parse_timezone)
}

pub(crate) fn slug_list(fields: &mut Fields, name: &str) -> Option<Vec<String>> {
    if !fields.has(name) {
        return None;
    }
    if matches!(fields.peek(name), Some(Value::Null)) {
        fields.forget(name);
        if !slug_comment_ate(fields, name, true) {
            empty_field(fields, name, &format!("write `{name}: []` for none"));
        }
        return Some(Vec::new());
    }
    let items = fields.text_list(name);
    if items.len() > MAX_TAGS {
        fields.ctx.error(
            &fields.path(name),
            format!(
                "{} tags is too many; at most {MAX_TAGS} are allowed",
                items.len()
            ),
            Some("keep the few tags people would really follow".into()),
        );
        return Some(Vec::new());
    }
    let mut tags = Vec::new();
    // Tags that are not slugs, reported after the loop, with how many good
    // ones came before each: a hint writes the whole list as it was meant.
    let mut bad = Vec::new();
    for (text, path) in items {
        if text.chars().count() > MAX_TAG_CHARS {
            fields.ctx.error_at_value(
                &path,
                format!("the tag is longer than {MAX_TAG_CHARS} characters"),
                Some("a tag is a word or two, such as `web-accessibility`".into()),
            );
        } else if is_slug(&text) {
            if !tags.contains(&text) {
                tags.push(text);
            }
        } else {
            bad.push((tags.len(), text, path));
        }
    }
    if bad.is_empty() {
        return Some(tags);
    }
    let mut meant: Vec<String> = Vec::new();
    let mut taken = 0;
    for (before, text, _) in &bad {
        meant.extend_from_slice(&tags[taken..*before]);
        taken = *before;
        meant.extend(tags_meant(text).unwrap_or_else(|| vec![tag_slug(text)]));
    }
    meant.extend_from_slice(&tags[taken..]);
    meant.retain(|tag| !tag.is_empty());
    let mut seen = Vec::new();
    meant.retain(|tag| {
        let new = !seen.contains(tag);
        seen.push(tag.clone());
        new
    });
    // Several tags written as words (`[Rust, Web Dev]`): one mistake, one
    // error, whose hint writes the whole list.
    if bad.len() > 1 && bad.iter().all(|(_, text, _)| tags_meant(text).is_none()) {
        let quoted: Vec<String> = bad.iter().map(|(_, text, _)| quote(text)).collect();
        let (others, last) = quoted.split_at(quoted.len() - 1);
        fields.ctx.error_at_value(
            &bad[0].2,
            format!(
                "the tags {} and {} are not slugs",
                others.join(", "),
                last[0]
            ),
            Some(format!(
                "use lowercase letters, digits and hyphens: `{name}: [{}]`",
                meant.join(", ")
            )),
        );
        return Some(tags);
    }
    for (_, text, path) in bad {
        let hint = match tags_meant(&text) {
            Some(_) => Some(format!(
                "several tags are written as a list in brackets: `{name}: [{}]`",
                meant.join(", ")
            )),
            None => slug_hint(&text, tag_slug),
        };
        fields.ctx.error_at_value(
            &path,
            format!("the tag {} is not a slug", quote(&text)),
            hint,
        );
    }
    Some(tags)
}

/// The tags a text that YAML read as one tag meant, when it is several:
/// `tags: rust, web`; `[rust; web]`; `- rust` with `  - web` indented below
/// it, which YAML joins into `rust - web`; `-rust` and `-web` without the
/// space that makes an item, which YAML reads as the text `-rust -web`.
fn tags_meant(text: &str) -> Option<Vec<String>> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let parts: Vec<&str> = if text.contains([',', ';']) {
        text.split([',', ';']).collect()
    } else if text.contains(" - ") {
        text.split(" - ").collect()
    } else if words.len() > 1 && words.iter().all(|w| w.starts_with('-')) {
        words
    } else {
        return None;
    };
    let tags: Vec<String> = parts
        .into_iter()
        .map(tag_slug)
        .filter(|tag| !tag.is_empty())
        .collect();
    (tags.len() > 1).then_some(tags)
}

/// The name, without its folders and extension, of the content file that
/// `text` names where a slug was meant: `rust-night.md`,
/// `content/groups/paris-web.yaml`. `None` when `text` is not a file name.
pub(crate) fn file_named(text: &str) -> Option<&str> {
    let text = text.trim();
    let path = [".md", ".yaml", ".yml"]
        .iter()
        .find_map(|extension| text.strip_suffix(extension))?;
    path.rsplit(['/', '\\']).next()
}

/// The hint for `text` that is not a slug, with the slug `to_slug` makes
/// of it ([`tag_slug`] for a tag, [`slugify`] for a file's slug).
fn slug_hint(text: &str, to_slug: fn(&str) -> String) -> Option<String> {
    let suggestion = to_slug(file_named(text).unwrap_or(text));
    Some(if suggestion.is_empty() {
        "use lowercase letters, digits and hyphens".into()
    } else {
        format!("use lowercase letters, digits and hyphens, for example `{suggestion}`")
    })
}

/// Reports a slug, or a list of them (`list`), that a comment took:
/// `venue: #le-comptoir`, `tags: #rust #web`. A slug never has a `#`, so
/// the hint drops it where a title's would quote it.
/// A field written with no value (`venue:`): left out, it would mean
/// something else (the group's venue or tags), so the file says which.
pub(crate) fn empty_field(fields: &Fields, name: &str, fill: &str) {
    fields.ctx.error(
        &fields.path(name),
        format!("`{name}` is empty"),
        Some(format!("{fill}, or remove the line")),
    );
}

pub(crate) fn slug_comment_ate(fields: &Fields, name: &str, list: bool) -> bool {
    fields.comment_took(name, |written| {
        let slugs: Vec<String> = written
            .split(|c: char| c.is_whitespace() || c == ',')
            .map(if list { tag_slug } else { slugify })
            .filter(|slug| !slug.is_empty())
            .collect();
        if list {
            format!("a tag has no `#`: write `{name}: [{}]`", slugs.join(", "))
        } else {
            format!("a slug has no `#`: write `{name}: {}`", slugs.join("-"))
        }
    })
}

fn slug_field(fields: &mut Fields, name: &str) -> Option<String> {
    if matches!(fields.peek(name), Some(Value::Null)) {
        fields.forget(name);
        if !slug_comment_ate(fields, name, false) {
            let fill = match name {
                "occurrence_of" => "write the slug of the recurring event".to_string(),
                _ => format!("write the {name}'s slug"),
            };
            empty_field(fields, name, &fill);
        }
        return None;
    }
    let text = fields.text(name)?;
    if is_slug(&text) {
        Some(text)
    } else {
        fields.ctx.error_at_value(
            &fields.path(name),
            format!(
                "`{name}` must be the slug of a file, found {}",
                quote(&text)
            ),
            slug_hint(&text, slugify),
        );
        None
    }
}

/// The lines `meetcal new` writes for the organizer to replace, in an
/// event's, a group's and a venue's description. A file still holding one
/// is not ready to publish.
pub const PLACEHOLDERS: [&str; 3] = [
    "Describe the event here: what will happen, who it is for, how to register.",
    "Describe the group here: who it is for and what happens at its meetups.",
    "Describe the place here: how to find it, and what it is like.",
];

/// How every placeholder starts.
const PLACEHOLDER_START: &str = "Describe the ";

/// The first line of `body` that is a placeholder, counted from 0.
fn placeholder_line(body: &str) -> Option<usize> {
    // Nearly every body has none: one search for the words they all start
    // with is faster than going through the lines. The searcher is built
    // once: building it costs more than a search of a short body.
    static START: std::sync::OnceLock<memchr::memmem::Finder<'static>> = std::sync::OnceLock::new();
    let start = START.get_or_init(|| memchr::memmem::Finder::new(PLACEHOLDER_START));
    start.find(body.as_bytes())?;
    body.lines()
        .position(|line| PLACEHOLDERS.contains(&line.trim()))
}

/// The Markdown description: the body of a `.md` file or the `description` field.
fn description(fields: &mut Fields) -> String {
    match description_at(fields) {
        Described::Field(text) => text,
        Described::Body => fields.ctx.source.body.clone().unwrap_or_default(),
    }
}

/// Where a file's description is, once checked.
pub(crate) enum Described {
    /// In the `description` field (empty when there is none, or when it
    /// was refused).
    Field(String),
    /// The body below the front matter, as it is.
    Body,
}

/// Checks the description of a file and says where it is, without
/// copying the body: an event's is moved out of its source later
/// (`validate`), since descriptions are most of a calendar's text.
fn description_at(fields: &mut Fields) -> Described {
    let field = fields.prose("description");
    match (&fields.ctx.source.body, field) {
        (Some(body), Some(_)) if !body.trim().is_empty() => {
            fields.ctx.error(
                &key("description"),
                "the description is given twice: in `description` and below the front matter"
                    .into(),
                Some("keep one of them".into()),
            );
            Described::Body
        }
        (_, Some(text)) => Described::Field(text),
        (Some(body), None) => {
            // A body has no key to point at: the error is on its first line.
            if let Err((message, hint)) = crate::fields::check_length("description", body) {
                let line = fields.ctx.source.body_line;
                fields.ctx.push(
                    crate::diagnostics::Diagnostic::new(&fields.ctx.source.path, line, 1, message)
                        .with_hint(Some(hint)),
                );
                return Described::Field(String::new());
            }
            if let Some((at, message)) = crate::fields::invisible_control(body) {
                let at = crate::yaml::Position::at_offset(body, at);
                fields.ctx.push(
                    crate::diagnostics::Diagnostic::new(
                        &fields.ctx.source.path,
                        fields.ctx.source.body_line + at.line - 1,
                        at.column,
                        message,
                    )
                    .with_hint(Some(crate::fields::INVISIBLE_CONTROL_HINT.into())),
                );
                return Described::Field(String::new());
            }
            if let Some(n) = placeholder_line(body) {
                let line = fields.ctx.source.body_line + n;
                fields.ctx.push(
                    crate::diagnostics::Diagnostic::new(
                        &fields.ctx.source.path,
                        line,
                        1,
                        "the description is still the text `meetcal new` wrote".into(),
                    )
                    .with_hint(Some(
                        "replace this line with what people need to know before they come".into(),
                    )),
                );
            }
            Described::Body
        }
        (None, None) => Described::Field(String::new()),
    }
}

/// The `name:` a group or venue file without one is told to add: read
/// from its file's name (`lyon-js.yaml` is "Lyon Js"), else `otherwise`.
fn name_example(slug: Option<&str>, otherwise: &str) -> String {
    slug.and_then(|slug| crate::model::name_from_slug(slug, true))
        .unwrap_or_else(|| otherwise.into())
}

pub fn parse_group(ctx: &FileContext, slug: &str) -> Option<GroupFile> {
    let mut f = fields_of(ctx, GROUP_FIELDS)?;
    let name = f.required_text("name", || name_example(Some(slug), "Rust Paris"));
    let url = url_field(&mut f, "url");
    let tags = slug_list(&mut f, "tags").unwrap_or_default();
    let timezone = timezone_field(&mut f);
    let venue = slug_field(&mut f, "venue");
    let description = description(&mut f);
    let imports = feeds::read_feeds(&mut f);
    f.finish();
    Some(GroupFile {
        slug: slug.to_string(),
        name: name?,
        url,
        tags,
        timezone,
        venue,
        description,
        imports,
    })
}

pub fn parse_venue(ctx: &FileContext, slug: &str) -> Option<Venue> {
    let mut f = fields_of(ctx, VENUE_FILE_FIELDS)?;
    let imports = feeds::read_feeds(&mut f);
    let mut venue = read_venue(f, Some(slug.to_string()))?;
    venue.imports = imports;
    Some(venue)
}

fn read_venue(mut f: Fields, slug: Option<String>) -> Option<Venue> {
    let name = f.required_text("name", || name_example(slug.as_deref(), "Le Comptoir"));
    let address = f.prose("address");
    let (has_lat, has_lon) = (f.has("lat"), f.has("lon"));
    let coordinates = "decimal degrees, latitude first: Paris is `lat: 48.8566`, `lon: 2.3522`";
    let lat = f.number("lat", -90.0..=90.0, coordinates);
    let lon = f.number("lon", -180.0..=180.0, coordinates);
    if has_lat != has_lon {
        let (given, missing) = if has_lat {
            ("lat", "lon")
        } else {
            ("lon", "lat")
        };
        f.ctx.error(
            &f.path(given),
            format!("`{given}` is given without `{missing}`"),
            Some("give both `lat` and `lon`, or neither".into()),
        );
    }
    let url = url_field(&mut f, "url");
    let notes = f.prose("notes");
    let description = description(&mut f);
    let source = f.ctx.source.path.clone();
    f.finish();
    Some(Venue {
        slug,
        source,
        name: name?,
        address,
        lat,
        lon,
        url,
        notes,
        description,
        imports: Vec::new(),
    })
}

fn nested_fields<'c, 's>(f: &Fields<'c, 's>, map: Mapping, path: FieldPath) -> Fields<'c, 's> {
    Fields::nested_from(f.ctx, map, path, VENUE_FIELDS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placeholder_is_found_by_the_search_for_their_start() {
        for (n, placeholder) in PLACEHOLDERS.iter().enumerate() {
            assert!(placeholder.starts_with(PLACEHOLDER_START), "{placeholder}");
            let body = format!("Intro.\n\n  {placeholder}\nMore.\n");
            assert_eq!(placeholder_line(&body), Some(2), "placeholder {n}");
        }
        assert_eq!(placeholder_line("Describe the room.\n"), None);
    }
}
