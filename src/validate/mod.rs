//! Checks across files: references, duplicates, series and their
//! overrides. Turns what the loader read into the checked `Calendar`.

use crate::diagnostics::Diagnostic;
use crate::fields::FileContext;
use crate::load::{Kind, Loaded};
use crate::model::{Calendar, Event, Group, Venue};
use crate::parse::EventFile;
use crate::source::Source;
use crate::suggest::{closest_first, did_you_mean, known_list};
use crate::yaml::{key, Seg};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

mod duplicates;
mod event;
mod places;

pub use event::check_one_off_times;

use duplicates::{
    duplicate_slugs, duplicate_uids, one_offs_on_series_dates, overrides_of_one_date,
    uids_of_series_dates,
};
use event::Refs;

/// Resolves references; returns the calendar, or every problem found.
pub fn validate(loaded: Loaded) -> Result<Calendar, Vec<Diagnostic>> {
    let Loaded {
        site,
        groups,
        venues,
        events,
        events_with_problems,
        unread,
        problems,
    } = loaded;
    let (sources, files): (Vec<Source>, Vec<Box<EventFile>>) = events.into_iter().unzip();
    let calendar = check(
        Files {
            site,
            problems,
            venues: venues.iter().map(|(s, v)| (s, v)).collect(),
            groups: groups.iter().map(|(s, g)| (s, g)).collect(),
            events: sources
                .iter()
                .zip(files)
                .map(|(s, e)| (s, Candidate::File(e, None)))
                .collect(),
            events_with_problems: events_with_problems
                .iter()
                .map(|(s, e)| (s, &**e))
                .collect(),
            unread: unread
                .iter()
                .map(|(kind, slug)| (*kind, slug.as_str()))
                .collect(),
        },
        &mut Vec::new(),
        &mut Vec::new(),
    );
    // Kept for messages only: ten thousand files' texts are freed beside
    // the rest of the build rather than before it goes on.
    crate::free::drop_elsewhere((sources, groups, venues, events_with_problems));
    calendar
}

/// [`validate`], for files a cache shares (`serve`): `loaded` holds the
/// site and the problems found outside the files, `parts` each file read.
/// Only what becomes the calendar is copied out of the parts, in parallel;
/// the files' sources, kept for messages, are not. An event `memo` made
/// from a part by the last validation is taken as it was, while the site,
/// groups and venues are those it was checked against.
pub fn validate_shared(
    loaded: Loaded,
    parts: &[Arc<Loaded>],
    memo: &mut EventMemo,
) -> Result<Calendar, Vec<Diagnostic>> {
    let mut problems = loaded.problems;
    problems.extend(parts.iter().flat_map(|p| p.problems.iter().cloned()));
    let context = Context {
        site: loaded.site.clone(),
        shared: parts
            .iter()
            .filter(|p| !p.groups.is_empty() || !p.venues.is_empty())
            .map(Arc::clone)
            .collect(),
    };
    let earlier = std::mem::take(memo);
    let mut order = earlier.order;
    let earlier = earlier
        .context
        .filter(|c| *c == context)
        .map(|_| earlier.by_part)
        .unwrap_or_default();
    let mut made = Vec::new();
    let calendar = check(
        Files {
            site: loaded.site,
            problems,
            venues: parts
                .iter()
                .flat_map(|p| p.venues.iter().map(|(s, v)| (s, v)))
                .collect(),
            groups: parts
                .iter()
                .flat_map(|p| p.groups.iter().map(|(s, g)| (s, g)))
                .collect(),
            events: parts
                .par_iter()
                .flat_map_iter(|p| {
                    let kept = earlier.get(&part_address(p)).map(|(_, event)| event);
                    p.events.iter().map(move |(s, e)| match kept {
                        Some(event) => (s, Candidate::Made(Arc::clone(event))),
                        None => (s, Candidate::File(e.clone(), Some(Arc::clone(p)))),
                    })
                })
                .collect(),
            events_with_problems: parts
                .iter()
                .flat_map(|p| p.events_with_problems.iter().map(|(s, e)| (s, &**e)))
                .collect(),
            unread: parts
                .iter()
                .flat_map(|p| p.unread.iter().map(|(kind, slug)| (*kind, slug.as_str())))
                .collect(),
        },
        &mut made,
        &mut order,
    );
    memo.context = Some(context);
    memo.order = order;
    memo.by_part = earlier;
    // Only this validation's: the memo does not grow with every edit.
    let kept: std::collections::HashSet<usize> = parts.iter().map(part_address).collect();
    memo.by_part.retain(|address, _| kept.contains(address));
    for (part, event) in made {
        memo.by_part.insert(part_address(&part), (part, event));
    }
    calendar
}

/// Events an earlier [`validate_shared`] made, each from one file.
#[derive(Default)]
pub struct EventMemo {
    context: Option<Context>,
    /// By the address of the file's part, which is held so that the
    /// address is not reused. Events as their own file makes them, before
    /// any other file changes one of their dates.
    by_part: HashMap<usize, (Arc<Loaded>, Arc<Event>)>,
    /// The order the last validation put the event files in, by slug.
    order: Vec<usize>,
}

/// What an event is checked against beside its own file.
struct Context {
    site: Option<crate::model::Site>,
    /// The parts of every group and venue file.
    shared: Vec<Arc<Loaded>>,
}

impl PartialEq for Context {
    fn eq(&self, other: &Context) -> bool {
        self.site == other.site
            && self.shared.len() == other.shared.len()
            && self
                .shared
                .iter()
                .zip(&other.shared)
                .all(|(a, b)| Arc::ptr_eq(a, b))
    }
}

fn part_address(part: &Arc<Loaded>) -> usize {
    Arc::as_ptr(part) as usize
}

/// What became of a [`Candidate`]: an event kept from the last check, an
/// override to attach once every event is made, or an event made from its
/// file (none when the file has problems), with the part a memo keeps it
/// by and the file's problems.
enum Checked<'s> {
    Made(Arc<Event>),
    Override(&'s Source, Box<EventFile>),
    File(Option<Arc<Event>>, Option<Arc<Loaded>>, Vec<Diagnostic>),
}

/// An event file to check, or the event an earlier check made of it.
enum Candidate {
    /// With the part it comes from, when a memo may keep its event. Boxed:
    /// candidates are gathered and sorted, and a file is large.
    File(Box<EventFile>, Option<Arc<Loaded>>),
    Made(Arc<Event>),
}

impl Candidate {
    fn slug(&self) -> &str {
        match self {
            Candidate::File(file, _) => &file.slug,
            Candidate::Made(event) => &event.slug,
        }
    }
}

/// The files to check, in the order they were listed: sources borrowed,
/// events owned (each becomes an [`Event`]).
struct Files<'a> {
    site: Option<crate::model::Site>,
    problems: Vec<Diagnostic>,
    venues: Vec<(&'a Source, &'a Venue)>,
    groups: Vec<(&'a Source, &'a crate::parse::GroupFile)>,
    events: Vec<(&'a Source, Candidate)>,
    events_with_problems: Vec<(&'a Source, &'a EventFile)>,
    unread: Vec<(Kind, &'a str)>,
}

/// Checks `loaded`; events made from a file with a part, without a problem
/// and before any override, are put in `made`.
/// `order` is the order of the event files by slug the last check found:
/// taken when it still sorts them, and left for the next.
fn check(
    loaded: Files,
    made: &mut Vec<(Arc<Loaded>, Arc<Event>)>,
    order: &mut Vec<usize>,
) -> Result<Calendar, Vec<Diagnostic>> {
    let mut problems = loaded.problems;
    let Some(site) = loaded.site else {
        problems.sort();
        return Err(problems);
    };

    let mut venue_files = loaded.venues;
    venue_files.sort_by(|a, b| a.1.slug.cmp(&b.1.slug));
    duplicate_slugs(
        "venue",
        venue_files
            .iter()
            .map(|(s, v)| (*s, v.slug.as_deref().unwrap_or_default())),
        &mut problems,
    );
    venue_files.dedup_by(|a, b| a.1.slug == b.1.slug);
    let venues_middle = places::middle_of(&venue_files);
    places::swapped_coordinates(&venue_files, venues_middle, &mut problems);
    let venues: Vec<Venue> = venue_files.iter().map(|(_, v)| (*v).clone()).collect();
    let venue_slugs: Vec<&str> = venues.iter().filter_map(|v| v.slug.as_deref()).collect();
    // A group or venue whose file could not be read has its own error:
    // the events naming it are not told it does not exist.
    let unread = |kind: Kind| -> Vec<&str> {
        let slugs = loaded.unread.iter().filter(move |(k, _)| *k == kind);
        slugs.map(|(_, slug)| *slug).collect()
    };
    let (unread_groups, unread_venues) = (unread(Kind::Group), unread(Kind::Venue));

    let mut group_files = loaded.groups;
    group_files.sort_by(|a, b| a.1.slug.cmp(&b.1.slug));
    duplicate_slugs(
        "group",
        group_files.iter().map(|(s, g)| (*s, g.slug.as_str())),
        &mut problems,
    );
    group_files.dedup_by(|a, b| a.1.slug == b.1.slug);
    let mut groups = Vec::new();
    for (source, file) in &group_files {
        let ctx = FileContext::new(source);
        let venue = file.venue.as_ref().and_then(|slug| {
            find(
                &ctx,
                &key("venue"),
                "venue",
                slug,
                &venue_slugs,
                &unread_venues,
            )
        });
        problems.extend(ctx.into_problems());
        groups.push(Group {
            slug: file.slug.clone(),
            source: source.path.clone(),
            name: file.name.clone(),
            url: file.url.clone(),
            tags: file.tags.clone(),
            timezone: file.timezone,
            venue,
            description: file.description.clone(),
        });
    }
    let group_slugs: Vec<&str> = groups.iter().map(|g| g.slug.as_str()).collect();

    // Sorted through their positions and borrowed slugs: moving the
    // (source, file) pairs at each step cost more than the other checks.
    let mut event_files: Vec<Option<(&Source, Candidate)>> =
        loaded.events.into_iter().map(Some).collect();
    // Of two files with one slug, the first listed comes first. The last
    // check's order, when it still sorts the files (after most saves), is
    // checked in one comparison per file rather than found by sorting.
    let key = |i: usize| (slug_of(&event_files[i]), i);
    let still_sorted = order.len() == event_files.len()
        && order.windows(2).all(|pair| key(pair[0]) < key(pair[1]));
    if !still_sorted {
        let mut keys: Vec<(&str, usize)> = (0..event_files.len()).map(key).collect();
        keys.sort_unstable();
        *order = keys.into_iter().map(|(_, i)| i).collect();
    }
    let (event_sources, event_files): (Vec<&Source>, Vec<Candidate>) =
        order.iter().filter_map(|&i| event_files[i].take()).unzip();
    let mut all_event_slugs: Vec<(&Source, &str)> = event_sources
        .iter()
        .copied()
        .zip(event_files.iter().map(Candidate::slug))
        .chain(
            loaded
                .events_with_problems
                .iter()
                .map(|(s, e)| (*s, e.slug.as_str())),
        )
        .collect();
    // The files without problems are in order already.
    if !loaded.events_with_problems.is_empty() {
        all_event_slugs.sort_by_key(|(_, slug)| *slug);
    }
    // A file naming a shared slug in `occurrence_of` is not checked
    // against either event: the duplicate is the problem to fix first.
    let shared_event_slugs: Vec<String> = duplicate_slugs("event", all_event_slugs, &mut problems)
        .into_iter()
        .map(str::to_owned)
        .collect();

    let refs = Refs {
        site_zone: site.timezone,
        default_length: site.default_duration,
        groups: &groups,
        group_slugs: &group_slugs,
        venue_slugs: &venue_slugs,
        unread_groups: &unread_groups,
        unread_venues: &unread_venues,
        venues_middle,
    };
    for (source, file) in &loaded.events_with_problems {
        let ctx = FileContext::new(source);
        refs.check_references(&ctx, file);
        problems.extend(ctx.into_problems());
    }
    // Each file is made an event on its own, in parallel; what they made is
    // then gathered in their order. A file is freed once made an event, so
    // the files and the events are not all held twice.
    let checked: Vec<Checked> = event_sources
        .par_iter()
        .copied()
        .zip(event_files)
        .map(|(source, candidate)| match candidate {
            Candidate::Made(event) => Checked::Made(event),
            Candidate::File(file, _) if file.occurrence_of.is_some() => {
                Checked::Override(source, file)
            }
            Candidate::File(file, part) => {
                let ctx = FileContext::new(source);
                let event = refs.event(&ctx, *file).map(Arc::new);
                let part = part.filter(|_| !ctx.has_problems());
                Checked::File(event, part, ctx.into_problems())
            }
        })
        .collect();
    let mut events: Vec<Arc<Event>> = Vec::with_capacity(checked.len());
    let mut overrides = Vec::new();
    for checked in checked {
        match checked {
            Checked::Made(event) => events.push(event),
            Checked::Override(source, file) => overrides.push((source, *file)),
            Checked::File(event, part, found) => {
                if let Some(event) = event {
                    if let Some(part) = part {
                        made.push((part, Arc::clone(&event)));
                    }
                    events.push(event);
                }
                problems.extend(found);
            }
        }
    }
    events.dedup_by(|a, b| a.slug == b.slug);
    problems.extend(overrides_of_one_date(&mut overrides));
    for (source, file) in overrides {
        if (file.occurrence_of.as_ref()).is_some_and(|slug| shared_event_slugs.contains(slug)) {
            continue;
        }
        let ctx = FileContext::new(source);
        refs.attach_override(&ctx, file, &mut events);
        problems.extend(ctx.into_problems());
    }
    for event in events.iter_mut().filter(|e| e.overrides.len() > 1) {
        Arc::make_mut(event).overrides.sort_by_key(|o| o.date);
    }
    let uid_host = site.uid_host();
    problems.extend(duplicate_uids(&events, &uid_host, &event_sources));
    problems.extend(uids_of_series_dates(&events, &uid_host, &event_sources));
    problems.extend(one_offs_on_series_dates(&events, &event_sources));

    if problems.is_empty() {
        Ok(Calendar {
            site,
            groups,
            venues,
            events,
        })
    } else {
        problems.sort();
        problems.dedup();
        Err(problems)
    }
}

fn slug_of<'a>(file: &'a Option<(&Source, Candidate)>) -> &'a str {
    file.as_ref().map_or("", |(_, e)| e.slug())
}

/// Looks up a slug among known ones, reporting an unknown one with a
/// suggestion, unless it is one whose file could not be read (`unread`).
fn find(
    ctx: &FileContext,
    path: &[Seg],
    kind: &str,
    slug: &str,
    known: &[&str],
    unread: &[&str],
) -> Option<usize> {
    if let Ok(i) = known.binary_search(&slug) {
        return Some(i);
    }
    if unread.contains(&slug) {
        return None;
    }
    let online = ["online", "en-ligne", "virtual", "remote", "zoom", "visio"];
    // A renamed series is seldom a typo of its new name: the closest
    // names lead its list.
    let listed = match kind {
        "series" => closest_first(slug, known.iter().copied()),
        _ => known.to_vec(),
    };
    let hint = match did_you_mean(slug, known.iter().copied()) {
        _ if kind == "venue" && online.contains(&slug) => {
            "for an online-only event write `venue: none` (or leave `venue` out when its group has no usual venue) and set `online:` to the address of the call, or `online: true` until it is known".to_string()
        }
        // Only a group reaches here with `none`: an event's means no venue.
        _ if kind == "venue" && slug == crate::parse::NO_VENUE => {
            "a group with no usual venue leaves `venue` out".to_string()
        }
        _ if kind == "series" && known.is_empty() => {
            "no event repeats: `occurrence_of` names a recurring event, one with `repeat`".into()
        }
        Some(close) => format!("did you mean `{close}`? ({})", known_list(listed)),
        None => format!(
            "{} ({})",
            known_list(listed),
            match kind {
                "group" => "add the group in content/groups/",
                "venue" => "add the venue in content/venues/, or write the venue inline",
                _ => "check the file name of the recurring event",
            }
        ),
    };
    ctx.error_at_value(path, format!("no {kind} `{slug}`"), Some(hint));
    None
}

#[cfg(test)]
mod tests;
