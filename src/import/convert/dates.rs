//! The dates an event adds to its series (RDATE), and the UID each date
//! made a file of its own gets.

use super::*;
use crate::import::read::PeriodEnd;

impl Context<'_> {
    /// The extra dates (RDATE) of `master` that no change replaces, and
    /// the suffix of each change's UID. A change names the date it
    /// replaces by its instant, whichever way it writes it: an RDATE in
    /// the series' zone is changed by a RECURRENCE-ID in UTC too, and the
    /// change then stands in for it, under its UID.
    pub(super) fn rdates_and_stamps<'a>(
        &self,
        master: &'a Item,
        instances: &[&Item],
        out: &mut Converted,
    ) -> (Vec<&'a Moment>, Vec<Stamp>) {
        let mut rdates = extra_dates(master, out);
        let instant = |moment: &Moment| self.wall_in(moment, Tz::UTC).ok();
        // Each date's instant worked out once: a feed may hold thousands
        // of changes to a series with hundreds of extra dates.
        let mut instants: Vec<Option<NaiveDateTime>> = rdates.iter().map(|r| instant(r)).collect();
        let stamps = instances
            .iter()
            .map(|instance| {
                let named = instance.recurrence_id.as_ref().and_then(|id| {
                    let at = instant(id)?;
                    instants.iter().position(|rdate| *rdate == Some(at))
                });
                match named {
                    Some(at) => {
                        instants.remove(at);
                        Stamp {
                            text: stamp(rdates.remove(at)),
                            extra: true,
                        }
                    }
                    None => Stamp {
                        text: stamp_of(instance),
                        extra: false,
                    },
                }
            })
            .collect();
        (rdates, stamps)
    }

    /// One more date of an event (an RDATE), as a single event.
    pub(super) fn extra_date(&self, uid: &str, master: &Item, rdate: &Moment, out: &mut Converted) {
        let mut copy = master.clone();
        copy.rrule = None;
        copy.exdates.clear();
        copy.rdates.clear();
        copy.periods.clear();
        let period = master.periods.iter().find(|(start, _)| start == rdate);
        if let Some((_, end)) = period {
            // A period has its own length, not the series'.
            match end {
                PeriodEnd::At(end) => copy.end = Some(end.clone()),
                PeriodEnd::After(length) => {
                    copy.end = None;
                    copy.duration = Some(*length);
                }
            }
        } else if let (Some(start), Some(end)) = (&master.start, &master.end) {
            let zone = self.zone_of(start, false).ok().flatten().unwrap_or(Tz::UTC);
            if let (Ok(s), Ok(e), Ok(r)) = (
                self.wall_in(start, zone),
                self.wall_in(end, zone),
                self.wall_in(rdate, zone),
            ) {
                copy.end = Some(rezone(Moment::Floating(r + (e - s)), zone));
            }
        }
        copy.start = Some(rdate.clone());
        let note = "an extra date of its series (RDATE): imported as a single event".to_string();
        self.single(&format!("{uid}#{}", stamp(rdate)), &copy, out, vec![note]);
    }
}

/// An event's RDATEs, each once, without its own start, at most
/// [`rules::MAX_EXPANDED`]: the rest are reported, not imported.
fn extra_dates<'a>(master: &'a Item, out: &mut Converted) -> Vec<&'a Moment> {
    let mut seen = std::collections::BTreeSet::new();
    let own = master.start.as_ref().map(stamp);
    let dates: Vec<&Moment> = master
        .rdates
        .iter()
        .filter(|m| {
            let key = stamp(m);
            Some(&key) != own.as_ref() && seen.insert(key)
        })
        .collect();
    if dates.len() > rules::MAX_EXPANDED {
        out.skipped.push(Skipped {
            what: describe(master),
            why: format!(
                "{} of its {} extra dates (RDATE): one feed event becomes at most {} files",
                dates.len() - rules::MAX_EXPANDED,
                dates.len(),
                rules::MAX_EXPANDED
            ),
        });
    }
    dates.into_iter().take(rules::MAX_EXPANDED).collect()
}

/// The suffix of the UID made for one date, and whether that date is an
/// extra one (RDATE).
pub(super) struct Stamp {
    pub(super) text: String,
    pub(super) extra: bool,
}

pub(super) fn stamp_of(item: &Item) -> String {
    item.recurrence_id
        .as_ref()
        .or(item.start.as_ref())
        .map_or_else(|| "x".into(), stamp)
}

/// A moment as the suffix of a UID made for one date: `20270107T1830`.
fn stamp(moment: &Moment) -> String {
    match moment {
        Moment::Date(d) => d.format("%Y%m%d").to_string(),
        Moment::Floating(t) | Moment::Utc(t) | Moment::Zoned(t, _) => {
            t.format("%Y%m%dT%H%M").to_string()
        }
    }
}
