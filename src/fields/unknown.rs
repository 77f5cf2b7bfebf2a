//! What a field meetcal does not know most likely is: a typo, or another
//! calendar's name for one of meetcal's fields.

use crate::suggest::did_you_mean;
use crate::yaml::Value;

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

/// The hint for an unknown field `name`, holding `value`, among the
/// `known` ones: meetcal's name for it, else the list of known fields.
pub(super) fn hint(name: &str, value: &Value, known: &[&str]) -> String {
    if let Some(hint) = status_flag(name, value).filter(|_| known.contains(&"status")) {
        return hint;
    }
    match meant(name, known) {
        Some(close) => format!("did you mean `{close}`?"),
        None => format!("known fields: {}", known.join(", ")),
    }
}

/// The field among `known` that an unknown field `name` most likely is:
/// meetcal's name for another calendar's (`location` is `venue`), else a
/// known name or another calendar's spelt close to it.
pub(super) fn meant<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
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
    other_name
        .or_else(|| did_you_mean(name, known.iter().copied()))
        .or_else(misspelt_other)
}

/// `cancelled: true`: a status written as a yes-or-no field of its own,
/// and the `status:` line it means. "Did you mean `status`?" would lead
/// to `status: true`, and a second error.
fn status_flag(name: &str, value: &Value) -> Option<String> {
    let status = match name.to_lowercase().as_str() {
        "cancelled" | "canceled" => "cancelled",
        "tentative" => "tentative",
        "confirmed" => "confirmed",
        _ => return None,
    };
    let said = match value {
        Value::Bool(said) => *said,
        Value::String(text) => match text.trim().to_lowercase().as_str() {
            "true" | "yes" => true,
            "false" | "no" => false,
            _ => return None,
        },
        _ => return None,
    };
    Some(match said {
        true => format!("write `status: {status}`"),
        false => "remove the line: an event is `confirmed` unless its `status:` says otherwise"
            .to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: &[&str] = &["title", "start", "status"];

    #[test]
    fn a_status_written_as_a_field_of_its_own_gets_the_status_line() {
        let yes = Value::Bool(true);
        assert_eq!(hint("cancelled", &yes, KNOWN), "write `status: cancelled`");
        assert_eq!(hint("Canceled", &yes, KNOWN), "write `status: cancelled`");
        assert_eq!(
            hint("tentative", &Value::String("yes".into()), KNOWN),
            "write `status: tentative`"
        );
        assert!(hint("cancelled", &Value::Bool(false), KNOWN).starts_with("remove the line"));
        // Another value says nothing of the status.
        assert_eq!(
            hint("cancelled", &Value::String("rain".into()), KNOWN),
            "did you mean `status`?"
        );
        // A group has no status.
        assert!(!hint("cancelled", &yes, &["name", "url"]).contains("status"));
    }
}
