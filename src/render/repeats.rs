//! A series' rule in words, for its event page.

use crate::recurrence::{Ending, Frequency, On, Rule};
use crate::text::locale::Language;

/// "Every 2 weeks on Tuesday, until 29 June 2027" / "Toutes les 2 semaines le mardi, jusqu’au 29 juin 2027".
pub fn describe(language: Language, rule: &Rule) -> String {
    let fr = language == Language::Fr;
    let unit = match (rule.every, fr) {
        (Frequency::Day, false) => "day",
        (Frequency::Week, false) => "week",
        (Frequency::Month, false) => "month",
        (Frequency::Year, false) => "year",
        (Frequency::Day, true) => "jour",
        (Frequency::Week, true) => "semaine",
        (Frequency::Month, true) => "mois",
        (Frequency::Year, true) => "an",
    };
    let mut text = match (rule.interval, fr) {
        (1, false) => format!("Every {unit}"),
        (n, false) => format!("Every {n} {unit}s"),
        (1, true) if rule.every == Frequency::Week => "Chaque semaine".to_string(),
        (1, true) if rule.every == Frequency::Year => "Chaque année".to_string(),
        (1, true) => format!("Chaque {unit}"),
        (n, true) if unit == "mois" => format!("Tous les {n} mois"),
        (n, true) if rule.every == Frequency::Week => format!("Toutes les {n} semaines"),
        (n, true) => format!("Tous les {n} {unit}s"),
    };
    match &rule.on {
        Some(On::Weekdays(days)) => {
            let names: Vec<&str> = days.iter().map(|d| language.weekday(*d)).collect();
            let (on, and) = if fr { ("le", " et ") } else { ("on", " and ") };
            text.push_str(&format!(" {on} {}", names.join(and)));
        }
        Some(On::NthWeekday(n, day)) => {
            let ordinal = match (n, fr) {
                (-1, false) => "last",
                (-1, true) => "dernier",
                (n, false) => {
                    ["first", "second", "third", "fourth", "fifth"][(*n as usize).clamp(1, 5) - 1]
                }
                (n, true) => ["premier", "deuxième", "troisième", "quatrième", "cinquième"]
                    [(*n as usize).clamp(1, 5) - 1],
            };
            let on = if fr { "le" } else { "on the" };
            text.push_str(&format!(" {on} {ordinal} {}", language.weekday(*day)));
        }
        Some(On::MonthDay(day)) => {
            text.push_str(&if fr {
                format!(" le {day}")
            } else {
                format!(" on day {day}")
            });
        }
        None => {}
    }
    match rule.ending {
        Ending::Until(date) => {
            let until = if fr { "jusqu’au" } else { "until" };
            text.push_str(&format!(", {until} {}", language.short_date(date)));
        }
        Ending::Count(n) => {
            text.push_str(&match (n, fr) {
                (1, false) => ", once".to_string(),
                (2, false) => ", twice".to_string(),
                (n, false) => format!(", {n} times"),
                (1, true) => ", une fois".to_string(),
                (n, true) => format!(", {n} fois"),
            });
        }
        Ending::Never => {}
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, Weekday};

    #[test]
    fn describes_rules() {
        let rule = Rule {
            every: Frequency::Week,
            interval: 2,
            on: Some(On::Weekdays(vec![Weekday::Tue])),
            ending: Ending::Until(NaiveDate::from_ymd_opt(2027, 6, 29).unwrap()),
            except: Vec::new(),
        };
        assert_eq!(
            describe(Language::En, &rule),
            "Every 2 weeks on Tuesday, until 29 June 2027"
        );
        assert_eq!(
            describe(Language::Fr, &rule),
            "Toutes les 2 semaines le mardi, jusqu’au 29 juin 2027"
        );
        let monthly = Rule {
            every: Frequency::Month,
            interval: 1,
            on: Some(On::NthWeekday(1, Weekday::Wed)),
            ending: Ending::Never,
            except: Vec::new(),
        };
        assert_eq!(
            describe(Language::En, &monthly),
            "Every month on the first Wednesday"
        );
        assert_eq!(
            describe(Language::Fr, &monthly),
            "Chaque mois le premier mercredi"
        );
        let ending = |every, count| Rule {
            every,
            interval: 1,
            on: None,
            ending: Ending::Count(count),
            except: Vec::new(),
        };
        let year_once = ending(Frequency::Year, 1);
        assert_eq!(describe(Language::En, &year_once), "Every year, once");
        assert_eq!(describe(Language::Fr, &year_once), "Chaque année, une fois");
        assert_eq!(
            describe(Language::En, &ending(Frequency::Day, 2)),
            "Every day, twice"
        );
        assert_eq!(
            describe(Language::Fr, &ending(Frequency::Day, 2)),
            "Chaque jour, 2 fois"
        );
        assert_eq!(
            describe(Language::En, &ending(Frequency::Day, 3)),
            "Every day, 3 times"
        );
    }
}
