//! Two files claiming one name: the same slug (so the same page), or the
//! same UID (so one event in every calendar app that subscribes).

use crate::diagnostics::{display_path, Diagnostic};
use crate::fields::FileContext;
use crate::model::{Event, Timing};
use crate::parse::EventFile;
use crate::source::Source;
use crate::yaml::key;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Files of one kind (`event`, `group`, `venue`) sharing a slug (in
/// different folders, or `.md` beside `.yaml`), in `files` sorted by slug.
/// Each is reported, naming another: the file a pull request adds is one
/// of them, and a reviewer sees the problem on it. Returns the slugs shared.
pub(super) fn duplicate_slugs<'a>(
    kind: &str,
    files: impl IntoIterator<Item = (&'a Source, &'a str)>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<&'a str> {
    let files: Vec<(&Source, &str)> = files.into_iter().collect();
    let mut shared = Vec::new();
    for same in files
        .chunk_by(|a, b| a.1 == b.1)
        .filter(|same| same.len() > 1)
    {
        let slug = same[0].1;
        shared.push(slug);
        for (n, (source, _)) in same.iter().enumerate() {
            let other = if n == 0 { same[1].0 } else { same[0].0 };
            problems.push(
                Diagnostic::new(
                    &source.path,
                    1,
                    1,
                    format!(
                        "duplicate slug `{slug}`: {} has the same file name",
                        display_path(&other.path)
                    ),
                )
                .with_hint(Some(if kind == "event" {
                    event_slug_hint(slug)
                } else {
                    format!(
                        "a {kind}'s slug is its file name, which events name in `{kind}:`: keep one of the two files"
                    )
                })),
            );
        }
    }
    shared
}

/// What to do about two event files named alike: the slug is the event
/// page's address. A name that ends with a date already needs a word.
fn event_slug_hint(slug: &str) -> String {
    let rename = match crate::model::date_in_name(slug).is_some() {
        true => "rename one with a word that tells them apart, before its date",
        false => "rename one, for example by adding its date: `<name>-YYYY-MM-DD`",
    };
    format!(
        "slugs are unique across all folders of content/events/, as each names an event's page: if the two files are one event, delete one; if they are two, {rename}"
    )
}

/// Files changing the same date of a series: each is reported, naming
/// another, and only the first is kept, so the date is not changed twice.
pub(super) fn overrides_of_one_date(overrides: &mut Vec<(&Source, EventFile)>) -> Vec<Diagnostic> {
    let date_of = |file: &EventFile| (file.occurrence_of.clone(), file.date);
    let mut by_date: BTreeMap<_, Vec<usize>> = BTreeMap::new();
    for (i, (_, file)) in overrides.iter().enumerate() {
        if let (Some(_), Some(_)) = date_of(file) {
            by_date.entry(date_of(file)).or_default().push(i);
        }
    }
    let mut problems = Vec::new();
    let mut dropped = vec![false; overrides.len()];
    for ((series, date), same) in by_date.into_iter().filter(|(_, same)| same.len() > 1) {
        let (series, date) = (series.unwrap_or_default(), date.unwrap_or_default());
        for (n, &i) in same.iter().enumerate() {
            let other = overrides[if n == 0 { same[1] } else { same[0] }].0;
            let ctx = FileContext::new(overrides[i].0);
            ctx.error_at_value(
                &key("date"),
                format!(
                    "the occurrence of `{series}` on {date} is also changed by {}",
                    display_path(&other.path)
                ),
                Some("keep one file per occurrence".into()),
            );
            problems.extend(ctx.into_problems());
            dropped[i] = n > 0;
        }
    }
    let mut i = 0;
    overrides.retain(|_| {
        i += 1;
        !dropped[i - 1]
    });
    problems
}

/// Events sharing a UID: a calendar client would merge them, so a new file
/// could replace or cancel another's event. Reported on the file that sets
/// `uid:` (the later one when both do), naming the other.
pub(super) fn duplicate_uids(
    events: &[Arc<Event>],
    host: &str,
    sources: &[&Source],
) -> Vec<Diagnostic> {
    // A derived UID is the event's slug at the host, and no two `events`
    // share a slug (they are in slug order, each slug once): only a file's
    // own `uid:` can claim a UID twice. So the own UIDs are gathered, each
    // with the event whose derived UID it is, if any, rather than writing
    // and sorting every event's UID.
    let mut claimed: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, event) in events.iter().enumerate() {
        if let Some(uid) = &event.uid {
            claimed.entry(uid).or_default().push(i);
        }
    }
    let mut problems = Vec::new();
    for (uid, mut same) in claimed {
        let slug = uid
            .strip_suffix(host)
            .and_then(|rest| rest.strip_suffix('@'));
        if let Some(slug) = slug {
            if let Ok(i) = events.binary_search_by(|e| e.slug.as_str().cmp(slug)) {
                if events[i].uid.is_none() {
                    same.push(i);
                }
            }
        }
        if same.len() < 2 {
            continue;
        }
        let mut claims: Vec<&Event> = same.iter().map(|i| &*events[*i]).collect();
        // Derived UIDs first, then explicit ones by path: the file that
        // claims a taken UID is the one reported.
        claims.sort_by(|a, b| (a.uid.is_some(), &a.source).cmp(&(b.uid.is_some(), &b.source)));
        let first = claims[0];
        for event in &claims[1..] {
            let message = format!(
                "the UID `{uid}` is already the UID of {}",
                display_path(&first.source)
            );
            problems.extend(uid_taken(sources, event, message));
        }
    }
    problems
}

/// Own UIDs of the form a series gives one of its dates when that date is
/// written as an event of its own (`weekly.20270121@host`, see
/// `occurrence_uid` in the iCalendar writer): a feed could then hold the UID
/// twice. Reported on the file that sets `uid:`, naming the series.
pub(super) fn uids_of_series_dates(
    events: &[Arc<Event>],
    host: &str,
    sources: &[&Source],
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for event in events.iter().filter(|e| e.uid.is_some()) {
        let uid = event.uid.as_deref().unwrap_or_default();
        let (local, at_host) = match uid.rsplit_once('@') {
            Some((local, uid_host)) => (local, Some(uid_host)),
            None => (uid, None),
        };
        let Some((series_local, date)) = local.rsplit_once('.') else {
            continue;
        };
        if date.len() != 8 || !date.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let series_uid = match at_host {
            Some(uid_host) => format!("{series_local}@{uid_host}"),
            None => series_local.to_string(),
        };
        let derived = (at_host == Some(host))
            .then(|| events.binary_search_by(|e| e.slug.as_str().cmp(series_local)))
            .and_then(Result::ok)
            .map(|i| &events[i])
            .filter(|series| series.uid.is_none());
        let series = derived.or_else(|| {
            events
                .iter()
                .find(|series| series.uid.as_deref() == Some(series_uid.as_str()))
        });
        let Some(series) = series.filter(|series| series.repeat.is_some()) else {
            continue;
        };
        let message = format!(
            "the UID `{uid}` is the one a date of the series {} has in the feeds",
            display_path(&series.source)
        );
        problems.extend(uid_taken(sources, event, message));
    }
    problems
}

/// The problem of `event`'s own `uid:`, located in its file.
fn uid_taken(sources: &[&Source], event: &Event, message: String) -> Vec<Diagnostic> {
    let hint = "calendar apps would merge the two events: remove `uid:`, or make it unique";
    problem_at(sources, event, "uid", message, hint.into())
}

/// A problem with `event`'s `field`, located at its value in the event's
/// file (nothing when the file is not among `sources`).
fn problem_at(
    sources: &[&Source],
    event: &Event,
    field: &str,
    message: String,
    hint: String,
) -> Vec<Diagnostic> {
    let Some(source) = sources.iter().find(|s| s.path == event.source) else {
        return Vec::new();
    };
    let ctx = FileContext::new(source);
    ctx.error_at_value(&key(field), message, Some(hint));
    ctx.into_problems()
}

/// One-off events that are a date of a series: that date again, at the
/// series' time, under its slug with the date (`weekly-2027-02-04`) or its
/// title. Published beside the series' date, they would not change it: a
/// "cancelled" one left the date happening in every calendar app.
/// Reported on the one-off's `start`, with the file that changes a date.
pub(super) fn one_offs_on_series_dates(
    events: &[Arc<Event>],
    sources: &[&Source],
) -> Vec<Diagnostic> {
    let mut by_title: HashMap<&str, Vec<&Event>> = HashMap::new();
    for series in events.iter().filter(|e| e.repeat.is_some()) {
        by_title
            .entry(series.title.as_str())
            .or_default()
            .push(series);
    }
    if by_title.is_empty() {
        return Vec::new();
    }
    let mut problems = Vec::new();
    for event in events.iter().filter(|e| e.repeat.is_none()) {
        let date = event.timing.date();
        let suffix = format!("-{date}");
        let by_slug = (event.slug.strip_suffix(&suffix))
            .and_then(|slug| events.binary_search_by(|e| e.slug.as_str().cmp(slug)).ok())
            .map(|i| &*events[i]);
        let titled = by_title
            .get(event.title.as_str())
            .into_iter()
            .flatten()
            .copied();
        let Some(series) = by_slug.into_iter().chain(titled).find(|series| {
            let same_time = match (series.timing, event.timing) {
                (Timing::Timed { start, .. }, Timing::Timed { start: at, .. }) => {
                    start.time() == at.time()
                }
                (Timing::AllDay { .. }, Timing::AllDay { .. }) => true,
                _ => false,
            };
            same_time
                && series.timezone == event.timezone
                && (series.repeat.as_ref())
                    .is_some_and(|rule| rule.is_date(series.timing.date(), date))
        }) else {
            continue;
        };
        problems.extend(problem_at(
            sources,
            event,
            "start",
            format!(
                "this is the {date} date of the series {} (`{}`): as an event of its own, it would be published beside that date, not change it",
                display_path(&series.source),
                series.slug
            ),
            format!(
                "to change or cancel that date, write `occurrence_of: {}` and `date: {date}` in place of `title:` and `start:`, then only what changes, such as `status: cancelled`",
                series.slug
            ),
        ));
    }
    problems
}
