//! A feed's events as meetcal event files: each VEVENT's properties mapped
//! to fields, its RRULE to `repeat:` (or to single events), its
//! RECURRENCE-ID instances to `occurrence_of` files. Pure: the files are
//! described here ([`Draft`]) and written by `write.rs`.

mod dates;
use dates::stamp_of;
mod fields;
mod timing;

use timing::{on_date, rezone, rules_moment, shift, shift_wall};

use super::read::{Feed, Item, Moment};
use super::rules::{self, midnight};
use super::text::{html_to_markdown, looks_like_html, one_line, plain_to_markdown, shortened};
use super::zones::Zones;
use crate::limits::{
    max_chars, MAX_DESCRIPTION_CHARS, MAX_SERIES_OCCURRENCE_DAYS, MAX_TAGS, MAX_TAG_CHARS,
    MAX_TITLE_CHARS,
};
use crate::model::{slugify, tag_slug, Status};
use crate::recurrence::Rule;
use crate::when::{local_time, LocalTime, When};
use chrono::{Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use std::collections::BTreeMap;

/// What the organizer gives for every imported event, and what the
/// calendar already holds.
#[derive(Debug, Clone)]
pub struct Defaults {
    pub group: Option<String>,
    /// The group has a usual venue, which an online-only event must refuse.
    pub group_meets_somewhere: bool,
    pub venue: Option<String>,
    pub tags: Vec<String>,
    /// The group's zone, else the site's.
    pub zone: Tz,
    /// Existing venues: slug, name, address.
    pub venues: Vec<(String, String, Option<String>)>,
}

/// How a file is found again at the next import.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    /// An event with this `uid:`.
    Uid(String),
    /// A file that changes the series with this UID on this date.
    Occurrence { series: String, date: NaiveDate },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    /// `venue: none`: online only, away from the group's usual venue.
    Nowhere,
    Slug(String),
    Inline {
        name: String,
        address: Option<String>,
        geo: Option<(f64, f64)>,
    },
}

/// Where an imported event is held online.
#[derive(Debug, Clone, PartialEq)]
pub enum Online {
    Link(String),
    /// A call named ("Microsoft Teams Meeting") with no link in the event:
    /// `online: true`, the link to come.
    Later,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Length {
    /// The site's default duration.
    Default,
    Minutes(i64),
    Days(i64),
}

/// One event (or one occurrence's changes) as meetcal fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Fields {
    pub title: String,
    pub start: When,
    pub length: Length,
    pub timezone: Option<Tz>,
    pub group: Option<String>,
    pub place: Option<Place>,
    pub online: Option<Online>,
    pub url: Option<String>,
    pub tags: Vec<String>,
    pub status: Status,
    pub description: String,
}

/// A file to write.
#[derive(Debug, Clone)]
pub struct Draft {
    pub key: Key,
    /// The slug a new file gets (made unique by `write.rs`).
    pub slug: String,
    pub fields: Fields,
    pub repeat: Option<Rule>,
    /// For an occurrence: the series' fields on that date, so only what
    /// differs is written.
    pub series: Option<Fields>,
    /// What did not come across, for the report.
    pub notes: Vec<String>,
}

/// An event not imported, and why.
#[derive(Debug, Clone)]
pub struct Skipped {
    pub what: String,
    pub why: String,
}

#[derive(Debug, Default)]
pub struct Converted {
    pub drafts: Vec<Draft>,
    pub skipped: Vec<Skipped>,
}

/// Every event of `feed` as drafts, or skipped with a reason.
pub fn convert(feed: &Feed, defaults: &Defaults) -> Converted {
    let zones = Zones::new(&feed.zones, defaults.zone);
    let floating = feed
        .timezone
        .as_deref()
        .and_then(|name| zones.zone(name).ok())
        .unwrap_or(defaults.zone);
    let cx = Context {
        zones,
        floating,
        defaults,
        date_budget: std::cell::Cell::new(DATE_BUDGET),
    };
    let mut out = Converted::default();
    // Masters and their instances by UID; of duplicates, the latest SEQUENCE.
    let mut masters: BTreeMap<String, &Item> = BTreeMap::new();
    let mut instances: BTreeMap<String, BTreeMap<String, &Item>> = BTreeMap::new();
    for item in &feed.items {
        let Some(uid) = item.uid.as_deref().filter(|u| !u.is_empty()).map(file_uid) else {
            out.skipped.push(Skipped {
                what: describe(item),
                why: "it has no UID, so a later import could not find it again".into(),
            });
            continue;
        };
        if matches!(item.class.as_deref(), Some("PRIVATE" | "CONFIDENTIAL")) {
            out.skipped.push(Skipped {
                what: describe(item),
                why: "it is marked private".into(),
            });
            continue;
        }
        match &item.recurrence_id {
            None => keep_latest(masters.entry(uid), item, &mut out),
            Some(id) => keep_latest(
                instances.entry(uid).or_default().entry(format!("{id:?}")),
                item,
                &mut out,
            ),
        }
    }
    // A feed of tasks imports nothing: the report says why.
    let others = [
        (feed.tasks, "task", "tasks", "VTODO"),
        (
            feed.journal_entries,
            "journal entry",
            "journal entries",
            "VJOURNAL",
        ),
    ];
    for (count, one, many, component) in others {
        if count > 0 {
            let kind = if count == 1 { one } else { many };
            out.skipped.push(Skipped {
                what: format!("{count} {kind} ({component})"),
                why: "meetcal imports events (VEVENT) only".into(),
            });
        }
    }
    for (uid, master) in &masters {
        let own = instances.remove(uid).unwrap_or_default();
        let own: Vec<&Item> = own.into_values().collect();
        cx.event(uid, master, &own, &mut out);
    }
    // Instances whose series is not in the feed: single events.
    for (uid, own) in instances {
        for item in own.into_values() {
            cx.single(
                &format!("{uid}#{}", stamp_of(item)),
                item,
                &mut out,
                Vec::new(),
            );
        }
    }
    out
}

/// The `uid:` an imported event's file carries for the feed's `uid`: the
/// same, when meetcal's format allows it with room for the date suffix of
/// an expanded series (`#20270107T1830`); else a name made from a hash of
/// it, the same at every import, so the file is found again.
pub fn file_uid(uid: &str) -> String {
    const ROOM_FOR_SUFFIX: usize = 180;
    if uid.len() <= ROOM_FOR_SUFFIX && uid.chars().all(|c| c.is_ascii_graphic()) {
        return uid.to_string();
    }
    format!("imported-{:016x}@meetcal", super::stable_hash(uid))
}

/// Of two copies of one event (one UID, one date), the later SEQUENCE is
/// kept, the first of equals; the other is reported.
fn keep_latest<'a>(
    slot: std::collections::btree_map::Entry<'_, String, &'a Item>,
    item: &'a Item,
    out: &mut Converted,
) {
    use std::collections::btree_map::Entry;
    match slot {
        Entry::Vacant(slot) => {
            slot.insert(item);
        }
        Entry::Occupied(mut slot) => {
            let dropped = if item.sequence > slot.get().sequence {
                slot.insert(item)
            } else {
                item
            };
            out.skipped.push(Skipped {
                what: describe(dropped),
                why: "the feed has another copy of it (same UID), which is imported instead".into(),
            });
        }
    }
}

fn describe(item: &Item) -> String {
    let title = item.summary.as_deref().map(one_line).unwrap_or_default();
    let date = match &item.start {
        Some(Moment::Date(d)) => d.to_string(),
        Some(Moment::Floating(t) | Moment::Utc(t) | Moment::Zoned(t, _)) => t.date().to_string(),
        None => "no date".into(),
    };
    format!("`{title}` ({date})")
}

struct Context<'d> {
    zones: Zones,
    floating: Tz,
    defaults: &'d Defaults,
    /// How many more series dates the conversion may compute: a feed of
    /// endless daily series with far EXDATEs costs no more than this.
    date_budget: std::cell::Cell<usize>,
}

/// The most series dates one feed's conversion computes.
const DATE_BUDGET: usize = 1_000_000;

/// An occurrence's time in its zone.
struct Timing {
    start: When,
    length: Length,
    zone: Option<Tz>,
}

impl Context<'_> {
    /// One VEVENT and the instances that change it.
    fn event(&self, uid: &str, master: &Item, instances: &[&Item], out: &mut Converted) {
        let mut notes: Vec<String> = master
            .left_out
            .iter()
            .map(|l| format!("not imported: {l}"))
            .collect();
        let (rdates, stamps) = self.rdates_and_stamps(master, instances, out);
        let Some(rrule) = master.rrule.as_deref() else {
            self.single(uid, master, out, Vec::new());
            for rdate in rdates {
                self.extra_date(uid, master, rdate, out);
            }
            for (instance, stamp) in instances.iter().zip(&stamps) {
                let id = format!("{uid}#{}", stamp.text);
                self.single(&id, instance, out, Vec::new());
            }
            return;
        };
        let timing = match self.timing(master, true) {
            Ok(t) => t,
            Err(why) => return skip(out, master, why),
        };
        let zone = timing.zone.unwrap_or(Tz::UTC);
        let all_day = matches!(timing.start, When::AllDay(_));
        let start = match timing.start {
            When::Timed(t) => t,
            When::AllDay(d) => midnight(d),
        };
        let until = |text: &str| {
            let moment = rules_moment(text)?;
            self.wall_in(&moment, zone).ok()
        };
        let too_long = match timing.length {
            Length::Minutes(m) => m > MAX_SERIES_OCCURRENCE_DAYS * 24 * 60,
            Length::Days(d) => d > MAX_SERIES_OCCURRENCE_DAYS,
            Length::Default => false,
        };
        let repeat = if too_long {
            Err(format!(
                "its occurrences last more than {MAX_SERIES_OCCURRENCE_DAYS} days"
            ))
        } else {
            rules::to_repeat(rrule, start, all_day, until)
        };
        let mut rule = match repeat {
            Ok(rule) => rule,
            Err(why) => {
                if self.expanded(uid, master, instances, rrule, start, zone, &why, out) {
                    // The extra dates, and their changes, as single events too.
                    for rdate in rdates {
                        self.extra_date(uid, master, rdate, out);
                    }
                    let changes = instances.iter().zip(&stamps).filter(|(_, s)| s.extra);
                    for (instance, stamp) in changes {
                        let id = format!("{uid}#{}", stamp.text);
                        self.single(&id, instance, out, Vec::new());
                    }
                }
                return;
            }
        };
        let fields = self.fields(master, timing, &mut notes);
        // The date a skipped or changed occurrence names; an all-day
        // series' dates are taken as written, whatever zone they carry.
        let date_of = |moment: &Moment| match (all_day, moment) {
            (true, Moment::Date(d)) => Ok(*d),
            (true, Moment::Floating(t) | Moment::Utc(t) | Moment::Zoned(t, _)) => Ok(t.date()),
            (false, moment) => self.wall_in(moment, zone).map(|wall| wall.date()),
        };
        // The series' dates up to the last one an EXDATE or a change
        // names, within the feed's budget of dates.
        let named = master
            .exdates
            .iter()
            .chain(instances.iter().filter_map(|i| i.recurrence_id.as_ref()))
            .filter_map(|m| date_of(m).ok())
            .max();
        let dates = match named {
            Some(last) => {
                let budget = self.date_budget.get();
                let dates = rule.dates(start.date(), last, budget.saturating_add(1));
                if dates.len() > budget {
                    return skip(
                        out,
                        master,
                        "checking the dates its EXDATEs and changes name would take too long"
                            .into(),
                    );
                }
                self.date_budget.set(budget - dates.len());
                dates
            }
            None => Vec::new(),
        };
        for exdate in &master.exdates {
            if let Ok(date) = date_of(exdate) {
                if dates.binary_search(&date).is_ok() && !rule.except.contains(&date) {
                    rule.except.push(date);
                }
            }
        }
        if rule.except.len() > crate::parse::MAX_EXCEPT {
            return skip(
                out,
                master,
                format!("it skips more than {} dates", crate::parse::MAX_EXCEPT),
            );
        }
        rule.except.sort();
        let slug = slugify(&fields.title);
        for (instance, stamp) in instances.iter().zip(&stamps) {
            let Some(id) = &instance.recurrence_id else {
                continue;
            };
            let date = match date_of(id) {
                Ok(date) => date,
                Err(why) => {
                    skip(out, instance, why);
                    continue;
                }
            };
            if dates.binary_search(&date).is_err() || rule.except.contains(&date) {
                let note = match stamp.extra {
                    true => format!("changes {date}, an extra date of its series (RDATE): imported as a single event"),
                    false => format!("changes {date}, which is not a date of its series: imported as a single event"),
                };
                let id = format!("{uid}#{}", stamp.text);
                self.single(&id, instance, out, vec![note]);
                continue;
            }
            let mut own: Vec<String> = instance
                .left_out
                .iter()
                .map(|l| format!("not imported: {l}"))
                .collect();
            let timing = match self.timing(instance, true) {
                Ok(t) => t,
                Err(why) => {
                    skip(out, instance, why);
                    continue;
                }
            };
            let mut changed = self.fields(instance, self.in_zone(timing, zone), &mut own);
            changed.group = fields.group.clone();
            // A moved date of a call whose entry names the call without its
            // link ("Microsoft Teams Meeting") is the series' call.
            if matches!(changed.online, Some(Online::Later))
                && matches!(fields.online, Some(Online::Link(_)))
            {
                changed.online = fields.online.clone();
            }
            let series = Fields {
                start: on_date(fields.start, date),
                ..fields.clone()
            };
            out.drafts.push(Draft {
                key: Key::Occurrence {
                    series: uid.to_string(),
                    date,
                },
                slug: format!("{slug}-{date}"),
                fields: changed,
                repeat: None,
                series: Some(series),
                notes: own,
            });
        }
        for rdate in rdates {
            self.extra_date(uid, master, rdate, out);
        }
        out.drafts.push(Draft {
            key: Key::Uid(uid.to_string()),
            slug,
            fields,
            repeat: Some(rule),
            series: None,
            notes,
        });
    }

    /// A series `repeat:` cannot express, written as its dates; whether
    /// it could be.
    #[allow(clippy::too_many_arguments)]
    fn expanded(
        &self,
        uid: &str,
        master: &Item,
        instances: &[&Item],
        rrule: &str,
        start: NaiveDateTime,
        zone: Tz,
        why: &str,
        out: &mut Converted,
    ) -> bool {
        let until = |text: &str| self.wall_in(&rules_moment(text)?, zone).ok();
        let walls = match rules::expand(rrule, start, until) {
            Ok(walls) => walls,
            Err(reason) => {
                skip(out, master, format!("{why}, and {reason}"));
                return false;
            }
        };
        let excluded: Vec<NaiveDateTime> = master
            .exdates
            .iter()
            .filter_map(|m| self.wall_in(m, zone).ok())
            .collect();
        let changed: BTreeMap<NaiveDateTime, &Item> = instances
            .iter()
            .filter_map(|i| Some((self.wall_in(i.recurrence_id.as_ref()?, zone).ok()?, *i)))
            .collect();
        let note = format!("{why}: imported as {} single events", walls.len());
        for wall in walls {
            if excluded.contains(&wall) && !changed.contains_key(&wall) {
                continue;
            }
            let stamp = if start.time() == chrono::NaiveTime::MIN
                && master.start.as_ref().is_some_and(Moment::is_date)
            {
                wall.format("%Y%m%d").to_string()
            } else {
                wall.format("%Y%m%dT%H%M").to_string()
            };
            let id = format!("{uid}#{stamp}");
            match changed.get(&wall) {
                Some(instance) => self.single(&id, instance, out, vec![note.clone()]),
                None => {
                    let mut copy = master.clone();
                    copy.rrule = None;
                    copy.start = Some(shift(master.start.as_ref(), wall));
                    copy.end = master.end.as_ref().map(|end| {
                        let offset = self.wall_in(end, zone).ok().map(|e| e - start);
                        shift_wall(end, offset.map(|o| wall + o))
                    });
                    copy.start = copy.start.map(|s| rezone(s, zone));
                    copy.end = copy.end.map(|e| rezone(e, zone));
                    self.single(&id, &copy, out, vec![note.clone()]);
                }
            }
        }
        true
    }

    /// One event with one date.
    fn single(&self, uid: &str, item: &Item, out: &mut Converted, mut notes: Vec<String>) {
        notes.extend(item.left_out.iter().map(|l| format!("not imported: {l}")));
        if item.rrule.is_some() {
            notes.push("its RRULE was left out".into());
        }
        let timing = match self.timing(item, false) {
            Ok(t) => t,
            Err(why) => return skip(out, item, why),
        };
        let too_long = match timing.length {
            Length::Minutes(m) => m > crate::when::MAX_DURATION_DAYS * 24 * 60,
            Length::Days(d) => d > crate::when::MAX_DURATION_DAYS,
            Length::Default => false,
        };
        if too_long {
            return skip(
                out,
                item,
                format!("it lasts more than {} days", crate::when::MAX_DURATION_DAYS),
            );
        }
        let fields = self.fields(item, timing, &mut notes);
        let date = fields.start.date();
        let title = slugify(&fields.title);
        // `ecrire-le-web-2027` on 2027-03-18 is `ecrire-le-web-2027-03-18`.
        let slug = match title.strip_suffix(&date.format("%Y").to_string()) {
            Some(_) => format!("{title}-{}", date.format("%m-%d")),
            None => format!("{title}-{date}"),
        };
        out.drafts.push(Draft {
            key: Key::Uid(uid.to_string()),
            slug,
            fields,
            repeat: None,
            series: None,
            notes,
        });
    }
}

fn skip(out: &mut Converted, item: &Item, why: String) {
    out.skipped.push(Skipped {
        what: describe(item),
        why,
    });
}
