//! An event file, or a change to one date of a series: its fields, and
//! the checks of how they fit together (an end after the start, a rule the
//! start follows, what a change may not have).

use super::*;
use std::sync::Arc;

pub const EVENT_FIELDS: &[&str] = &[
    "title",
    "start",
    "end",
    "duration",
    "timezone",
    "group",
    "venue",
    "online",
    "url",
    "links",
    "tags",
    "status",
    "repeat",
    "uid",
    "description",
    "occurrence_of",
    "date",
];

/// An event or an override as written, before references are resolved.
#[derive(Debug, Clone, Default)]
pub struct EventFile {
    pub slug: String,
    pub title: Option<String>,
    pub start: Option<When>,
    pub end: Option<When>,
    pub duration: Option<Duration>,
    pub timezone: Option<Tz>,
    pub group: Option<String>,
    pub venue: Option<VenueField>,
    /// `Some(None)` for `online: false`.
    pub online: Option<Option<Online>>,
    pub url: Option<String>,
    pub links: Option<Links>,
    pub tags: Option<Vec<String>>,
    pub status: Option<Status>,
    pub repeat: Option<Rule>,
    pub uid: Option<String>,
    /// From the `description` field; see `description_is_body`. Shared:
    /// `serve` keeps the files it parsed, and the events made from them
    /// hold the same text.
    pub description: Option<Arc<String>>,
    /// The description is the body below the front matter, still in the
    /// file's `Source`: [`EventFile::take_body`] moves it here.
    pub description_is_body: bool,
    pub occurrence_of: Option<String>,
    pub date: Option<NaiveDate>,
}

impl EventFile {
    /// Moves the body of `source` into the description, when the
    /// description is the body.
    pub fn take_body(&mut self, source: &mut crate::source::Source) {
        if std::mem::take(&mut self.description_is_body) {
            self.description = source
                .body
                .take()
                .filter(|d| !d.trim().is_empty())
                .map(Arc::new);
        }
    }
}

/// Reports a title written wrapped in curly quotes (`title: “Forms”`, from
/// a word processor): YAML reads them as part of it, where straight
/// quotes would be taken off. In straight quotes, they are meant.
fn title_in_curly_quotes(f: &Fields, title: &str) -> bool {
    let Some(inside) = crate::yaml::inside_curly_quotes(title) else {
        return false;
    };
    let path = f.path("title");
    if f.ctx.first_written(&path) != title.chars().next() {
        return false;
    }
    f.ctx.error_at_value(
        &path,
        format!("the title is in curly quotes, which YAML keeps as part of it: {title}"),
        Some(format!(
            "write `title: {inside}`, or `title: '{}'` to show the quotes",
            title.replace('\'', "''")
        )),
    );
    true
}

/// Whether a file in content/events/ is a `venue`'s or a `group`'s: a
/// `name` and none of an event's own fields; a venue has one of a venue's
/// own (an address, coordinates, notes).
fn group_or_venue(f: &Fields) -> Option<&'static str> {
    let own = |fields: &'static [&'static str], others: [&'static [&'static str]; 2]| {
        (fields.iter()).filter(move |name| others.iter().all(|other| !other.contains(name)))
    };
    if !f.has("name") || own(EVENT_FIELDS, [GROUP_FIELDS, VENUE_FIELDS]).any(|name| f.has(name)) {
        return None;
    }
    Some(
        match own(VENUE_FIELDS, [GROUP_FIELDS, &[]]).any(|name| f.has(name)) {
            true => "venue",
            false => "group",
        },
    )
}

fn start_field(f: &mut Fields) -> Option<When> {
    parsed(f, "start", parse_start)
}

pub fn parse_event(ctx: &FileContext, slug: &str) -> Option<EventFile> {
    let mut f = fields_of(ctx, EVENT_FIELDS)?;
    if let Some(folder) = group_or_venue(&f) {
        // One error, not one for each field an event does not have.
        f.ctx.error(
            &key("name"),
            format!("this is a {folder}'s file, in the events' folder: an event has `title` and `start`, where a {folder} has `name`"),
            Some(format!(
                "move it to content/{folder}s/; for an event {} this {folder}, write a file with `title:`, `start:` and `{folder}: {slug}`",
                if folder == "venue" { "at" } else { "of" }
            )),
        );
        return None;
    }
    // Asked before either is taken: a file that changes one occurrence
    // needs neither a title nor a start.
    let has_date = f.has("date");
    let has_occurrence_of = f.has("occurrence_of");
    // `date:` and `time:` in a file that changes nothing else: a one-off
    // event written as a form asks for it, whose start is one field.
    let date_for_start = has_date && !has_occurrence_of && !f.has("start") && !f.has("repeat");
    if date_for_start {
        start_from_date_and_time(&mut f);
    }
    time_beside_start_date(&mut f);
    let written = Override {
        occurrence_of: has_occurrence_of,
        date: has_date && !date_for_start,
    };
    let is_override = written.occurrence_of || written.date;
    // A field below the closing `---` is reported there, not as missing.
    let below = super::body::fields_below_front_matter(ctx, EVENT_FIELDS);
    let occurrence_of = slug_field(&mut f, "occurrence_of");
    let date = parsed(&mut f, "date", parse_date);
    let title = if is_override || below.contains(&"title") {
        f.line("title")
    } else {
        f.required_text("title", || {
            crate::model::name_from_slug(slug, false).unwrap_or_else(|| "Rust night".into())
        })
    };
    let title = title.filter(|title| !title_in_curly_quotes(&f, title));
    let start = if is_override
        || date_for_start
        || below.contains(&"start")
        || f.require("start", || start_example(slug))
    {
        start_field(&mut f)
    } else {
        None
    };
    let end = parsed(&mut f, "end", |text| parse_end(text, start));
    let duration = parsed(&mut f, "duration", parse_duration);
    let timezone = timezone_field(&mut f);
    let group = slug_field(&mut f, "group");
    let venue = read_venue_field(&mut f);
    let online = online_field(&mut f);
    let url = event_url_field(&mut f);
    let links = links_field(&mut f);
    let tags = slug_list(&mut f, "tags");
    let status = f.text("status").and_then(|text| {
        Status::parse(&text).or_else(|| {
            let one_of = format!("`status` is one of: {}", Status::NAMES.join(", "));
            let plain = crate::text::locale::unaccented(text.trim());
            let hint = match did_you_mean(&text, Status::NAMES) {
                _ if ["annule", "annulee"].contains(&plain.as_str()) => "did you mean `cancelled`?".to_string(),
                _ if ["confirme", "confirmee"].contains(&plain.as_str()) => "did you mean `confirmed`?".to_string(),
                // Not yet sure: what `tentative` says.
                _ if ["tbd", "tbc", "tba", "to be confirmed", "unconfirmed", "provisional", "a confirmer"].contains(&plain.as_str()) => "did you mean `tentative`?".to_string(),
                Some(close) => format!("did you mean `{close}`?"),
                // Subscribers' calendars move an event whose start changes.
                None if ["postponed", "rescheduled", "moved", "reporte", "reportee", "deplace", "deplacee"].contains(&plain.as_str()) => format!(
                    "to move the event, change its `start` (and keep the file): subscribers' calendars move it too; {one_of}"
                ),
                None => one_of,
            };
            f.ctx.error_at_value(
                &f.path("status"),
                format!("unknown status {}", quote(&text)),
                Some(hint),
            );
            None
        })
    });
    let repeat = repeat_field(&mut f).and_then(read_rule);
    let uid = f.text("uid").filter(|uid| {
        let ok = !uid.is_empty() && uid.len() <= 200 && uid.chars().all(|c| c.is_ascii_graphic());
        if !ok {
            f.ctx.error_at_value(
                &f.path("uid"),
                "`uid` must be up to 200 visible ASCII characters, without spaces".into(),
                Some("for example `open-coffee@paris-web.example`".into()),
            );
        }
        ok
    });
    let (description, description_is_body) = match description_at(&mut f) {
        Described::Field(text) => (
            Some(text).filter(|d| !d.trim().is_empty()).map(Arc::from),
            false,
        ),
        Described::Body => (None, true),
    };
    check_event_shape(&f, start, end, duration, written, &repeat, &uid);
    f.finish();
    Some(EventFile {
        slug: slug.to_string(),
        title,
        start,
        end,
        duration,
        timezone,
        group,
        venue,
        online,
        url,
        links,
        tags,
        status,
        repeat,
        uid,
        description,
        description_is_body,
        occurrence_of,
        date,
    })
}

/// `repeat:` as a map of fields. A rule in words (`every other tuesday`)
/// gets the map it means as the hint's example, or each map it may mean.
fn repeat_field<'c, 's>(f: &mut Fields<'c, 's>) -> Option<Fields<'c, 's>> {
    let each = f
        .peek_text("repeat")
        .map(repeat::rules_each)
        .unwrap_or_default();
    if let [first, rest @ ..] = each.as_slice() {
        let others: Vec<String> = (rest.iter())
            .map(|rule| format!("`repeat: {}`", rule.map))
            .collect();
        f.ctx.error_at_value(
            &f.path("repeat"),
            "`repeat` must be a map of fields, found text".into(),
            Some(format!(
                "a file has one rule, so each of these is a series of its own: keep `repeat: {}` here, and copy the file under a new name for {}, with a start on one of its dates",
                first.map,
                others.join(" and ")
            )),
        );
        f.take("repeat");
        return None;
    }
    let meant = f
        .peek_text("repeat")
        .map(repeat::rules_meant)
        .unwrap_or_default();
    if let [first, second] = meant.as_slice() {
        f.ctx.error_at_value(
            &f.path("repeat"),
            "`repeat` must be a map of fields, found text".into(),
            Some(format!(
                "write `repeat: {}` for {}, or `repeat: {}` for {}",
                first.map, first.said, second.map, second.said
            )),
        );
        f.take("repeat");
        return None;
    }
    let example = meant
        .first()
        .map_or("{every: week, on: tuesday}", |m| &m.map);
    f.nested("repeat", REPEAT_FIELDS, example)
}

/// Reports `date:` (and `time:`) written for a one-off event's `start`,
/// with the `start` they make, and takes both: the one error says it all.
fn start_from_date_and_time(f: &mut Fields) {
    let date = f
        .peek_text("date")
        .unwrap_or("YYYY-MM-DD")
        .trim()
        .to_string();
    let time = f.peek_text("time").map(|t| t.trim().to_string());
    let written = match time.as_deref() {
        Some(time) => format!("{date} {time}"),
        None => date,
    };
    let line = start_line(&written);
    f.ctx.error(
        &key("date"),
        "`date` and `time` are written together in `start`".into(),
        Some(format!(
            "{} go in one `start:` line: {line}",
            if time.is_some() {
                "`date:` and `time:`"
            } else {
                "`date:`"
            }
        )),
    );
    f.forget("date");
    f.forget("time");
}

/// Reports `time:` beside a `start:` that holds a date alone, with the
/// `start` they make together, and takes `time`: "did you mean `start`?"
/// would lead to a second `start:` line, and one of the two lost.
fn time_beside_start_date(f: &mut Fields) {
    let (Some(date), Some(time)) = (f.peek_text("start"), f.peek_text("time")) else {
        return;
    };
    if parse_date(date.trim()).is_err() {
        return;
    }
    let line = start_line(&format!("{} {}", date.trim(), time.trim()));
    f.ctx.error(
        &key("time"),
        "`time` is written together with the date in `start`".into(),
        Some(format!(
            "`start:` and `time:` go in one `start:` line: {line}"
        )),
    );
    f.forget("time");
}

/// The `start:` line to write for a date and time `written` in one, shown
/// as meetcal writes it: values written another way (`10/02/2027`, `19h`)
/// get the line they mean, as a `start:` of theirs would.
fn start_line(written: &str) -> String {
    match parse_when(written) {
        Ok(When::Timed(at)) => format!("write `start: {}`", at.format("%Y-%m-%d %H:%M")),
        Ok(When::AllDay(day)) => format!("write `start: {day}`"),
        Err(_) => crate::when::start_hint(written),
    }
}

/// Which of the fields of a file that changes one occurrence are written,
/// whether or not their values could be read (those have errors of their own).
#[derive(Clone, Copy)]
struct Override {
    occurrence_of: bool,
    date: bool,
}

fn check_event_shape(
    f: &Fields,
    start: Option<When>,
    end: Option<When>,
    duration: Option<Duration>,
    written: Override,
    repeat: &Option<Rule>,
    uid: &Option<String>,
) {
    let ctx = f.ctx;
    if end.is_some() && duration.is_some() {
        ctx.error(
            &key("duration"),
            "give either `end` or `duration`, not both".into(),
            Some("keep `end` for a fixed end time, or `duration` such as `2h`".into()),
        );
    }
    if let (Some(start), Some(end)) = (start, end) {
        check_end(ctx, start, end);
    }
    if let (Some(When::AllDay(_)), Some(d)) = (start, duration) {
        if d.num_minutes() % (24 * 60) != 0 {
            ctx.error(
                &key("duration"),
                "an all-day event lasts whole days".into(),
                Some("write the duration in days, such as `2d`, or give `start` a time".into()),
            );
        }
    }
    if written.occurrence_of || written.date {
        if !written.occurrence_of {
            ctx.error(
                &key("date"),
                "`date` is for a file that changes one occurrence, but `occurrence_of` is missing"
                    .into(),
                Some("add `occurrence_of: <slug of the recurring event>`".into()),
            );
        }
        if !written.date {
            ctx.error(
                &key("occurrence_of"),
                "missing required field `date`: which occurrence does this file change?".into(),
                Some("add `date: YYYY-MM-DD`, the date the occurrence had in the series".into()),
            );
        }
        for (name, present) in [("repeat", repeat.is_some()), ("uid", uid.is_some())] {
            if present {
                ctx.error(
                    &key(name),
                    format!("a file that changes one occurrence cannot have `{name}`"),
                    Some(format!(
                        "remove `{name}`: the occurrence takes it from its series"
                    )),
                );
            }
        }
    }
}

/// An `end` must come after the start, and be a date when the start is one.
pub fn check_end(ctx: &FileContext, start: When, end: When) {
    let path: FieldPath = key("end");
    match (start, end) {
        (When::Timed(s), When::Timed(e)) if e <= s => ctx.error_at_value(
            &path,
            format!(
                "the end {} is not after the start {}",
                e.format("%Y-%m-%d %H:%M"),
                s.format("%Y-%m-%d %H:%M")
            ),
            Some(match s.date() == e.date() && e + chrono::Duration::days(1) - s <= chrono::Duration::hours(12) {
                // 23:00 to 01:00: an evening that ends after midnight.
                true => format!(
                    "for an event past midnight the end is on the next day: `end: {}`",
                    (e + chrono::Duration::days(1)).format("%Y-%m-%d %H:%M")
                ),
                false => "check the date and the time; for an event past midnight the end is on the next day".into(),
            }),
        ),
        (When::AllDay(s), When::AllDay(e)) if e < s => ctx.error_at_value(
            &path,
            format!("the end {e} is before the start {s}"),
            Some("for an all-day event `end` is the last day, inclusive".into()),
        ),
        (When::Timed(s), When::AllDay(e)) => ctx.error_at_value(
            &path,
            "`start` and `end` must both have a time, or both be dates".into(),
            Some(format!(
                "over whole days, write `start: {}`; to end at a set time, give the end its time too, such as `end: {}`",
                s.date(),
                timed_example(e, s, chrono::Duration::hours(1)).format("%Y-%m-%d %H:%M")
            )),
        ),
        (When::AllDay(s), When::Timed(e)) => ctx.error_at_value(
            &path,
            "`start` and `end` must both have a time, or both be dates".into(),
            Some(format!(
                "over whole days, write `end: {}`; to start at a set time, give the start its time too, such as `start: {}`",
                e.date(),
                timed_example(s, e, chrono::Duration::hours(-1)).format("%Y-%m-%d %H:%M")
            )),
        ),
        _ => {}
    }
}

/// The `start:` a file without one is told to add: on the date its name
/// ends with (`rust-night-2027-02-10.md`), when it has one.
fn start_example(slug: &str) -> String {
    let date = crate::model::date_in_name(slug);
    let date = date.map_or("2027-02-10".into(), |date| date.to_string());
    format!("{date} 19:00")
}

/// `day` at a time that keeps it on the right side of `other`, the end
/// (or start) that has a time: the same time of day on another day, else
/// `shift` away from it, within the day. A hint's example, pasted as is,
/// must not make the end come before the start.
fn timed_example(
    day: chrono::NaiveDate,
    other: chrono::NaiveDateTime,
    shift: chrono::Duration,
) -> chrono::NaiveDateTime {
    if day != other.date() {
        return day.and_time(other.time());
    }
    let shifted = other + shift;
    match (shifted.date() == day, shift < chrono::Duration::zero()) {
        (true, _) => shifted,
        (false, true) => day.and_time(chrono::NaiveTime::MIN),
        (false, false) => day.and_hms_opt(23, 59, 0).unwrap_or(shifted),
    }
}

fn read_venue_field(f: &mut Fields) -> Option<VenueField> {
    let value = f.take_written("venue")?;
    // `venue:` then `address:` at its level: the fields meant for it are
    // looked for only when it is empty or a map, as an inline venue is.
    let has_fields = matches!(&value, Value::Mapping(map) if !map.is_empty());
    let ctx = f.ctx;
    let venue_at = f.path("venue");
    let inside = || has_fields.then(|| ctx.source.positions().value(&venue_at));
    if matches!(value, Value::Null | Value::Mapping(_))
        && f.unindented("venue", VENUE_FIELDS, inside)
    {
        return None;
    }
    match value {
        Value::Null => {
            if !slug_comment_ate(f, "venue", false) {
                empty_field(
                    f,
                    "venue",
                    "write a venue's slug, or `venue: none` while the place is not known",
                );
            }
            None
        }
        Value::Mapping(map) => {
            let nested = nested_fields(f, map, f.path("venue"));
            read_venue(nested, None).map(VenueField::Inline)
        }
        Value::String(text) if text.trim().eq_ignore_ascii_case(NO_VENUE) => {
            Some(VenueField::Nowhere)
        }
        Value::String(text) if is_slug(&text) => Some(VenueField::Slug(text)),
        Value::String(text) => {
            // `venue: Town Hall`: the venue's name, whose file is most
            // likely named after it; `lumen-studio.md` or a path: the file.
            let slug = crate::model::slugify(super::file_named(&text).unwrap_or(text.trim()));
            let slug = if slug.is_empty() {
                "le-comptoir"
            } else {
                &slug
            };
            f.ctx.error_at_value(
                &f.path("venue"),
                format!("`venue` must be the slug of a venue file, found {}", quote(&text)),
                Some(format!("write the venue file's name without `.md`, such as `venue: {slug}`, or a map with `name:` and `address:` for a one-time place")),
            );
            None
        }
        other => {
            f.ctx.error_at_value(
                &f.path("venue"),
                format!(
                    "`venue` must be a slug or a map of venue fields, found {}",
                    crate::yaml::describe(&other)
                ),
                (other.as_sequence().and_then(|list| list.first()?.as_str())).map(|first| {
                    format!("an event has one venue: write `venue: {first}`, and name the others in the description")
                }),
            );
            None
        }
    }
}
