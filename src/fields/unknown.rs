//! What a field meetcal does not know most likely is: a typo, or another
//! calendar's name for one of meetcal's fields.

use crate::suggest::did_you_mean;

/// Names other calendars and forms give a field, and meetcal's name for
/// it: `location:` is `venue:`, where spelling alone would suggest nothing
/// (or `timezone` for `time`).
const OTHER_NAMES: &[(&str, &str)] = &[
    ("location", "venue"),
    ("lieu", "venue"),
    ("adresse", "venue"),
    ("address", "venue"),
    ("salle", "venue"),
    ("titre", "title"),
    ("debut", "start"),
    ("début", "start"),
    ("fin", "end"),
    ("duree", "duration"),
    ("durée", "duration"),
    ("lien", "url"),
    ("en_ligne", "online"),
    ("inscription", "tickets"),
    ("inscriptions", "tickets"),
    ("billetterie", "tickets"),
    ("billets", "tickets"),
    ("registration", "tickets"),
    ("register", "tickets"),
    ("rsvp", "tickets"),
    ("place", "venue"),
    ("where", "venue"),
    ("time", "start"),
    ("begin", "start"),
    ("begins", "start"),
    ("starts", "start"),
    ("start_time", "start"),
    ("datetime", "start"),
    ("when", "start"),
    ("ends", "end"),
    ("end_time", "end"),
    ("finish", "end"),
    ("length", "duration"),
    ("link", "url"),
    ("website", "url"),
    ("web", "url"),
    ("page", "url"),
    ("registration", "url"),
    ("category", "tags"),
    ("categories", "tags"),
    ("keywords", "tags"),
    ("topics", "tags"),
    ("organizer", "group"),
    ("organiser", "group"),
    ("community", "group"),
    ("zone", "timezone"),
    ("tz", "timezone"),
    ("time_zone", "timezone"),
    ("recurrence", "repeat"),
    ("recurring", "repeat"),
    ("rrule", "repeat"),
    ("details", "description"),
    ("body", "description"),
    ("summary", "title"),
    ("name", "title"),
    ("cancelled", "status"),
    ("canceled", "status"),
    ("lng", "lon"),
    ("long", "lon"),
    ("longitude", "lon"),
    ("latitude", "lat"),
];

/// The hint for an unknown field `name` among the `known` ones: meetcal's
/// name for it, else the list of known fields.
pub(super) fn hint(name: &str, known: &[&str]) -> String {
    let other_names = || OTHER_NAMES.iter().filter(|(_, ours)| known.contains(ours));
    let other_name = other_names()
        .find(|(other, _)| name.to_lowercase() == *other)
        .map(|(_, ours)| *ours);
    // `locaton`: a typo of another calendar's name.
    let misspelt_other = || {
        let other = did_you_mean(name, other_names().map(|(other, _)| *other))?;
        other_names()
            .find(|(o, _)| *o == other)
            .map(|(_, ours)| *ours)
    };
    match other_name
        .or_else(|| did_you_mean(name, known.iter().copied()))
        .or_else(misspelt_other)
    {
        Some(close) => format!("did you mean `{close}`?"),
        None => format!("known fields: {}", known.join(", ")),
    }
}
