//! A rule written in words where `repeat:` wants a map (`every other
//! tuesday`, `monthly on the 2nd friday`), read for the hint that writes
//! the map it means.

use super::{capitalized, frequency_name, EVERY_TWO_WEEKS, ORDINALS, ORDINAL_NUMERALS};
use crate::when::{parse_weekday, weekday_name};

/// A `repeat:` map that a rule written in words may mean, on one line, and
/// how that reading is said.
#[derive(Debug, PartialEq)]
pub struct RuleMeant {
    pub map: String,
    pub said: String,
}

/// The `repeat:` maps that a rule written in words may mean, on one line:
/// `every other tuesday` is `{every: week, interval: 2, on: tuesday}`,
/// `monthly on the 2nd friday` is `{every: month, on: second friday}`.
/// `every second tuesday` has two readings: the second Tuesday of each
/// month, or every other Tuesday.
pub fn rules_meant(text: &str) -> Vec<RuleMeant> {
    rules_read(text).unwrap_or_default()
}

/// What a rule written in words says, word by word.
struct RuleWords {
    every: Option<&'static str>,
    interval: u32,
    /// `first`, `third`, `last`: most rules have one, or none.
    ordinals: Vec<&'static str>,
    weekdays: Vec<&'static str>,
}

fn rule_words(text: &str) -> Option<RuleWords> {
    let mut words = RuleWords {
        every: None,
        interval: 1,
        ordinals: Vec::new(),
        weekdays: Vec::new(),
    };
    let lowered = text.to_lowercase();
    for word in lowered.split(|c: char| c.is_whitespace() || c == ',') {
        let singular = word.strip_suffix('s').unwrap_or(word);
        let numeral = ORDINAL_NUMERALS.iter().find(|(n, _)| *n == word);
        let word = numeral.map_or(word, |(_, name)| name);
        if ["", "every", "each", "on", "the", "of", "a", "and", "repeat"].contains(&word) {
            continue;
        }
        if ["other", "two", "2"].contains(&word)
            && words.every.is_none()
            && words.weekdays.is_empty()
        {
            words.interval = 2;
        } else if EVERY_TWO_WEEKS.contains(&word) {
            only_one(&mut words.every, "week")?;
            words.interval = 2;
        } else if let Some(name) = frequency_name(singular) {
            only_one(&mut words.every, name)?;
        } else if let Some((name, _)) = ORDINALS.iter().find(|(name, _)| *name == word) {
            words.ordinals.push(name);
        } else if ["weekday", "workday", "weeknight"].contains(&singular) {
            (words.weekdays).extend(["monday", "tuesday", "wednesday", "thursday", "friday"]);
        } else if singular == "weekend" {
            words.weekdays.extend(["saturday", "sunday"]);
        } else {
            let day = parse_weekday(word)
                .or_else(|_| parse_weekday(singular))
                .ok()?;
            words.weekdays.push(weekday_name(day));
        }
    }
    Some(words)
}

/// Rules in words that one `repeat:` cannot say, each one of its own:
/// `every 1st and 3rd tuesday` is the first Tuesday of each month and the
/// third. A file has one rule, so each is a file. Empty for anything else.
pub fn rules_each(text: &str) -> Vec<RuleMeant> {
    match rule_words(text) {
        Some(RuleWords {
            every: None | Some("month"),
            interval: 1,
            ordinals,
            weekdays,
        }) if ordinals.len() > 1 && weekdays.len() == 1 => (ordinals.iter())
            .map(|ordinal| monthly(ordinal, weekdays[0]))
            .collect(),
        _ => Vec::new(),
    }
}

/// The rule on the `ordinal` `day` of each month.
fn monthly(ordinal: &str, day: &str) -> RuleMeant {
    RuleMeant {
        map: format!("{{every: month, on: {ordinal} {day}}}"),
        said: format!("the {ordinal} {} of each month", capitalized(day)),
    }
}

fn rules_read(text: &str) -> Option<Vec<RuleMeant>> {
    let RuleWords {
        every,
        interval,
        ordinals,
        weekdays,
    } = rule_words(text)?;
    let ordinal = match ordinals.as_slice() {
        [] => None,
        [one] => Some(*one),
        _ => return None,
    };
    match (every, ordinal, weekdays.as_slice()) {
        // `every second tuesday`: each month's, or every other one.
        (None, Some("second"), [day]) if interval == 1 => {
            return Some(vec![monthly("second", day), weekly(2, &[day])]);
        }
        (Some("week"), Some("second"), [day]) if interval == 1 => {
            return Some(vec![weekly(2, &[day])]);
        }
        (None | Some("month"), Some(ordinal), [day]) if interval == 1 => {
            return Some(vec![monthly(ordinal, day)]);
        }
        (_, Some(_), _) => return None,
        (Some(every), None, []) => {
            let mut map = format!("{{every: {every}");
            if interval > 1 {
                map.push_str(&format!(", interval: {interval}"));
            }
            map.push('}');
            let said = match interval {
                1 => format!("every {every}"),
                _ => format!("every other {every}"),
            };
            return Some(vec![RuleMeant { map, said }]);
        }
        (None | Some("week"), None, days) if !days.is_empty() => {}
        _ => return None,
    }
    Some(vec![weekly(interval, &weekdays)])
}

/// A weekly rule on `days`, every `interval` weeks.
fn weekly(interval: u32, days: &[&str]) -> RuleMeant {
    let mut parts = vec!["every: week".to_string()];
    if interval > 1 {
        parts.push(format!("interval: {interval}"));
    }
    match days {
        [] => {}
        [day] => parts.push(format!("on: {day}")),
        days => parts.push(format!("on: [{}]", days.join(", "))),
    }
    let days_said: Vec<String> = days.iter().map(|d| capitalized(d)).collect();
    RuleMeant {
        map: format!("{{{}}}", parts.join(", ")),
        said: match interval {
            2 => format!("every other {}", days_said.join(" and ")),
            _ => format!("every {}", days_said.join(" and ")),
        },
    }
}

/// Sets `slot`, unless it says something else already (`daily, weekly`).
fn only_one(slot: &mut Option<&'static str>, value: &'static str) -> Option<()> {
    match slot {
        Some(set) if *set != value => None,
        _ => {
            *slot = Some(value);
            Some(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_in_words_are_shown_as_the_map_they_mean() {
        for (words, meant) in [
            ("weekly", "{every: week}"),
            ("every day", "{every: day}"),
            ("Monthly", "{every: month}"),
            ("annually", "{every: year}"),
            ("every tuesday", "{every: week, on: tuesday}"),
            (
                "Tuesdays and Thursdays",
                "{every: week, on: [tuesday, thursday]}",
            ),
            ("every other week", "{every: week, interval: 2}"),
            (
                "every weekday",
                "{every: week, on: [monday, tuesday, wednesday, thursday, friday]}",
            ),
            ("weekends", "{every: week, on: [saturday, sunday]}"),
            ("fortnightly", "{every: week, interval: 2}"),
            (
                "weekly on the second tuesday",
                "{every: week, interval: 2, on: tuesday}",
            ),
            (
                "monthly on the 2nd tuesday",
                "{every: month, on: second tuesday}",
            ),
            ("every 3rd thursday", "{every: month, on: third thursday}"),
            (
                "every two weeks on wed",
                "{every: week, interval: 2, on: wednesday}",
            ),
            (
                "first wednesday of the month",
                "{every: month, on: first wednesday}",
            ),
            (
                "monthly on the last friday",
                "{every: month, on: last friday}",
            ),
            (
                "the second tuesday of the month",
                "{every: month, on: second tuesday}",
            ),
        ] {
            let maps: Vec<String> = rules_meant(words).into_iter().map(|m| m.map).collect();
            assert_eq!(maps, [meant], "{words}");
        }
        for nothing in [
            "",
            "sometimes",
            "every full moon",
            "yearly on tuesday",
            "first of the month",
            "daily, weekly",
            "every 2nd",
        ] {
            assert_eq!(rules_meant(nothing), [], "{nothing}");
        }
    }

    /// Two dates of each month on one weekday: a file each.
    #[test]
    fn several_ordinals_are_a_rule_each() {
        let each =
            |words: &str| -> Vec<String> { rules_each(words).into_iter().map(|m| m.map).collect() };
        assert_eq!(
            each("every 1st and 3rd tuesday"),
            [
                "{every: month, on: first tuesday}",
                "{every: month, on: third tuesday}"
            ]
        );
        assert_eq!(
            each("monthly on the second and last friday"),
            [
                "{every: month, on: second friday}",
                "{every: month, on: last friday}"
            ]
        );
        for one in [
            "every 3rd tuesday",
            "every tuesday",
            "first tuesday and thursday",
        ] {
            assert_eq!(each(one), Vec::<String>::new(), "{one}");
        }
        assert_eq!(rules_meant("every 1st and 3rd tuesday"), []);
    }

    /// `every second tuesday` is said both ways: both readings, each said.
    #[test]
    fn every_second_weekday_has_two_readings() {
        for words in [
            "every second tuesday",
            "every 2nd Tuesday",
            "on the second tuesday",
        ] {
            assert_eq!(
                rules_meant(words),
                [
                    RuleMeant {
                        map: "{every: month, on: second tuesday}".into(),
                        said: "the second Tuesday of each month".into(),
                    },
                    RuleMeant {
                        map: "{every: week, interval: 2, on: tuesday}".into(),
                        said: "every other Tuesday".into(),
                    },
                ],
                "{words}"
            );
        }
    }
}
