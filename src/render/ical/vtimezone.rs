//! VTIMEZONE components (RFC 5545 3.6.5) generated from the tz database.
//!
//! chrono-tz answers "what is the offset at this instant" but lists no
//! transitions, so they are found by probing: one offset a week from 1970
//! to 2100 (the end of chrono-tz's rules), and a binary search to the
//! second wherever two weeks differ. No zone of the database changes its
//! offset twice within a week in those years (a test asks every zone).
//!
//! Outlook and older clients want one STANDARD and one DAYLIGHT block with
//! yearly rules. Where the zone's transitions from the events' first year to
//! the end of the data follow such a pair of rules, that is what is written;
//! transitions before the rules took effect, and every transition of a zone
//! that keeps no yearly pattern, are written as observances of their own.

use super::form;
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Offset, TimeZone, Weekday};
use chrono_tz::{OffsetComponents, OffsetName, Tz};
use ics::properties::{RRule, TzName};

const DAY: i64 = 86_400;
/// The probes' step.
const WEEK: i64 = 7 * DAY;
/// 1970-01-01 and 2100-01-01: chrono-tz's yearly rules end in 2099.
const PROBE_FROM: i64 = 0;
const PROBE_TO: i64 = 4_102_444_800;

/// A change of a zone's UTC offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    /// The first second with the new offset (Unix time).
    pub at: i64,
    pub from: i32,
    pub to: i32,
    /// Whether the new offset is daylight-saving time.
    pub dst: bool,
    pub name: Option<String>,
}

impl Transition {
    /// The wall-clock time of the change, read in the old offset: what an
    /// observance's DTSTART says.
    fn onset(&self) -> NaiveDateTime {
        instant(self.at + i64::from(self.from)).naive_utc()
    }
}

fn instant(secs: i64) -> DateTime<chrono::Utc> {
    DateTime::from_timestamp(secs, 0).expect("in chrono's range")
}

fn offset_at(tz: Tz, secs: i64) -> i32 {
    tz.offset_from_utc_datetime(&instant(secs).naive_utc())
        .fix()
        .local_minus_utc()
}

/// [`transitions`], found once per zone for the life of the process: they
/// depend on the zone alone, and `serve` would find them again after
/// every save.
pub fn transitions_kept(tz: Tz) -> std::sync::Arc<[Transition]> {
    type Found = std::collections::HashMap<&'static str, std::sync::Arc<[Transition]>>;
    static FOUND: std::sync::OnceLock<std::sync::Mutex<Found>> = std::sync::OnceLock::new();
    let found = FOUND.get_or_init(Default::default);
    let kept = found
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(tz.name())
        .cloned();
    kept.unwrap_or_else(|| {
        // Found outside the lock: zones are found in parallel.
        let transitions: std::sync::Arc<[Transition]> = transitions(tz).into();
        found
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(tz.name(), std::sync::Arc::clone(&transitions));
        transitions
    })
}

/// Every change of offset from 1970 to 2100.
pub fn transitions(tz: Tz) -> Vec<Transition> {
    transitions_probed_every(tz, WEEK)
}

/// The changes of offset seen by probing every `step` seconds.
fn transitions_probed_every(tz: Tz, step: i64) -> Vec<Transition> {
    let mut found = Vec::new();
    let mut t = PROBE_FROM;
    let mut before = offset_at(tz, t);
    while t < PROBE_TO {
        let next = (t + step).min(PROBE_TO);
        let after = offset_at(tz, next);
        if after != before {
            let (mut lo, mut hi) = (t, next);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if offset_at(tz, mid) == before {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            let offset = tz.offset_from_utc_datetime(&instant(hi).naive_utc());
            found.push(Transition {
                at: hi,
                from: before,
                to: offset.fix().local_minus_utc(),
                dst: offset.dst_offset() > chrono::Duration::zero(),
                name: offset.abbreviation().map(str::to_string),
            });
        }
        t = next;
        before = after;
    }
    found
}

/// Which day of its month a yearly transition falls on, as narrowed down by
/// every year seen so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct DayRule {
    /// `None` once two years fall on different weekdays.
    weekday: Option<Weekday>,
    /// The n-th such weekday of the month every year (1 to 5).
    nth: Option<u32>,
    /// The last such weekday of the month every year.
    last: bool,
    min_day: u32,
    max_day: u32,
}

impl DayRule {
    fn of(date: NaiveDate) -> DayRule {
        DayRule {
            weekday: Some(date.weekday()),
            nth: Some((date.day() - 1) / 7 + 1),
            last: date.day() + 7 > crate::when::days_in_month(date.year(), date.month()),
            min_day: date.day(),
            max_day: date.day(),
        }
    }

    /// The rule that also fits `date`, if any form still does.
    fn and(self, date: NaiveDate) -> Option<DayRule> {
        let other = DayRule::of(date);
        let merged = DayRule {
            weekday: self.weekday.filter(|w| other.weekday == Some(*w)),
            nth: self.nth.filter(|n| other.nth == Some(*n)),
            last: self.last && other.last,
            min_day: self.min_day.min(other.min_day),
            max_day: self.max_day.max(other.max_day),
        };
        merged.rrule_part().map(|_| merged)
    }

    /// `BYDAY=-1SU`, `BYDAY=2SU`, `BYMONTHDAY=...;BYDAY=FR` or `BYMONTHDAY=15`.
    fn rrule_part(&self) -> Option<String> {
        match self.weekday {
            Some(day) => {
                let code = crate::recurrence::weekday_code(day);
                if let Some(n @ 1..=4) = self.nth {
                    Some(format!("BYDAY={n}{code}"))
                } else if self.last {
                    Some(format!("BYDAY=-1{code}"))
                } else if self.max_day - self.min_day <= 6 {
                    // "Friday on or after the 23rd": one weekday in a week of days.
                    let days: Vec<String> = (self.min_day..self.min_day + 7)
                        .map(|d| d.to_string())
                        .collect();
                    Some(format!("BYMONTHDAY={};BYDAY={code}", days.join(",")))
                } else {
                    None
                }
            }
            None if self.min_day == self.max_day => Some(format!("BYMONTHDAY={}", self.min_day)),
            None => None,
        }
    }
}

/// The yearly rule of one kind of transition (say, "to summer time").
#[derive(Debug, Clone)]
struct Yearly {
    first: Transition,
    days: DayRule,
}

impl Yearly {
    fn new(t: &Transition) -> Yearly {
        Yearly {
            first: t.clone(),
            days: DayRule::of(t.onset().date()),
        }
    }

    /// Takes in `t`, the same kind of change one year before `self.first`.
    fn extend_back(&mut self, t: &Transition) -> bool {
        let (onset, later) = (t.onset(), self.first.onset());
        let same = t.from == self.first.from
            && t.to == self.first.to
            && t.name == self.first.name
            && onset.month() == later.month()
            && onset.time() == later.time()
            && onset.year() + 1 == later.year();
        match self.days.and(onset.date()).filter(|_| same) {
            Some(days) => {
                self.days = days;
                self.first = t.clone();
                true
            }
            None => false,
        }
    }

    fn rrule(&self) -> String {
        let part = self.days.rrule_part().expect("kept only while it has one");
        format!("FREQ=YEARLY;BYMONTH={};{part}", self.first.onset().month())
    }
}

/// The longest run of transitions at the end of `ts` that alternates between
/// two kinds, each following one yearly rule; with where the run starts.
fn yearly_tail(ts: &[Transition]) -> Option<(usize, Yearly, Yearly)> {
    let n = ts.len();
    if n < 2 || ts[n - 2].from != ts[n - 1].to || ts[n - 2].to != ts[n - 1].from {
        return None;
    }
    let mut kinds = [Yearly::new(&ts[n - 2]), Yearly::new(&ts[n - 1])];
    let mut start = n - 2;
    for i in (0..n - 2).rev() {
        if !kinds[(n - i) % 2].extend_back(&ts[i]) {
            break;
        }
        start = i;
    }
    let [a, b] = kinds;
    Some((start, a, b))
}

/// One STANDARD or DAYLIGHT block.
struct Observance {
    daylight: bool,
    onset: NaiveDateTime,
    from: i32,
    to: i32,
    name: Option<String>,
    rrule: Option<String>,
}

impl Observance {
    fn once(t: &Transition) -> Observance {
        Observance {
            daylight: t.dst,
            onset: t.onset(),
            from: t.from,
            to: t.to,
            name: t.name.clone(),
            rrule: None,
        }
    }

    fn yearly(rule: &Yearly) -> Observance {
        Observance {
            // The summer half of the pair, whatever tzdb calls it (Dublin's
            // winter time is its "negative" daylight saving).
            daylight: rule.first.to > rule.first.from,
            rrule: Some(rule.rrule()),
            ..Observance::once(&rule.first)
        }
    }
}

/// The VTIMEZONE for `tz`, covering every instant from `first` on (to
/// `last`, when the events using it end), from its precomputed transitions.
pub fn vtimezone(
    tz: Tz,
    transitions: &[Transition],
    first: DateTime<chrono::Utc>,
    last: Option<DateTime<chrono::Utc>>,
) -> ics::TimeZone<'static> {
    // From the start of the year before the first event, so the offset in
    // force at the first event is always defined.
    let new_year = NaiveDate::from_ymd_opt(first.year() - 1, 1, 1)
        .expect("valid date")
        .and_hms_opt(0, 0, 0)
        .expect("midnight");
    let since = new_year.and_utc().timestamp();
    let relevant: Vec<&Transition> = transitions.iter().filter(|t| t.at >= since).collect();
    let still_changing = transitions
        .last()
        .is_some_and(|t| t.at >= PROBE_TO - 2 * 366 * DAY);
    let owned: Vec<Transition> = relevant.iter().map(|t| (*t).clone()).collect();
    let mut observances = Vec::new();
    match yearly_tail(&owned).filter(|_| still_changing) {
        Some((start, a, b)) => {
            observances.extend(owned[..start].iter().map(Observance::once));
            observances.push(Observance::yearly(&a));
            observances.push(Observance::yearly(&b));
        }
        None => {
            let end = last.map_or(i64::MAX, |l| l.timestamp());
            observances.extend(owned.iter().filter(|t| t.at <= end).map(Observance::once));
        }
    }
    let covered = owned.first().is_some_and(|t| t.at <= first.timestamp());
    if !covered {
        // A zone that has not changed since: one block from `since`.
        let offset = tz.offset_from_utc_datetime(&instant(since).naive_utc());
        let fixed = offset.fix().local_minus_utc();
        observances.insert(
            0,
            Observance {
                daylight: offset.dst_offset() > chrono::Duration::zero(),
                onset: new_year,
                from: fixed,
                to: fixed,
                name: offset.abbreviation().map(str::to_string),
                rrule: None,
            },
        );
    }
    component(tz, observances)
}

fn component(tz: Tz, observances: Vec<Observance>) -> ics::TimeZone<'static> {
    let mut zone: Option<ics::TimeZone<'static>> = None;
    for o in observances {
        let (dtstart, from, to) = (
            form::local(o.onset),
            form::offset(o.from),
            form::offset(o.to),
        );
        let mut props = Vec::new();
        if let Some(name) = &o.name {
            props.push(ics::components::Property::from(TzName::new(form::text(
                name,
            ))));
        }
        if let Some(rule) = o.rrule {
            props.push(RRule::new(rule).into());
        }
        if o.daylight {
            let mut block = ics::Daylight::new(dtstart, from, to);
            props.into_iter().for_each(|p| block.push(p));
            match zone.as_mut() {
                Some(z) => z.add_daylight(block),
                None => zone = Some(ics::TimeZone::daylight(form::text(tz.name()), block)),
            }
        } else {
            let mut block = ics::Standard::new(dtstart, from, to);
            props.into_iter().for_each(|p| block.push(p));
            match zone.as_mut() {
                Some(z) => z.add_standard(block),
                None => zone = Some(ics::TimeZone::standard(form::text(tz.name()), block)),
            }
        }
    }
    zone.expect("at least one observance")
}

#[cfg(test)]
mod tests;
