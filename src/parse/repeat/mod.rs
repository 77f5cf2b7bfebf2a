//! `repeat:` as written in an event file, read into a [`Rule`]: every
//! mistake located at its key or value, with a hint.

use crate::diagnostics::quote;
use crate::fields::Fields;
use crate::recurrence::{Ending, Frequency, On, Rule};
use crate::suggest::did_you_mean;
use crate::when::{parse_date, parse_weekday, weekday_name, Invalid};
use crate::yaml::{Seg, Value};

mod words;

pub use words::{rules_each, rules_meant};

pub const REPEAT_FIELDS: &[&str] = &["every", "interval", "on", "until", "count", "except"];

/// The most occurrences one series may produce; see the limits in the docs.
pub const MAX_COUNT: u64 = 1000;
pub const MAX_INTERVAL: u64 = 366;
/// The most dates one series may skip.
pub const MAX_EXCEPT: usize = 1000;

const ORDINALS: [(&str, i8); 6] = [
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("last", -1),
];

const FREQUENCIES: [(&str, Frequency); 4] = [
    ("day", Frequency::Day),
    ("week", Frequency::Week),
    ("month", Frequency::Month),
    ("year", Frequency::Year),
];

/// Other words for a frequency, and the name `every` takes instead.
const FREQUENCY_ALIASES: [(&str, &str); 5] = [
    ("daily", "day"),
    ("weekly", "week"),
    ("monthly", "month"),
    ("yearly", "year"),
    ("annually", "year"),
];

/// `2nd`, as the ordinals' names say it.
const ORDINAL_NUMERALS: [(&str, &str); 5] = [
    ("1st", "first"),
    ("2nd", "second"),
    ("3rd", "third"),
    ("4th", "fourth"),
    ("5th", "fifth"),
];

/// Words for every two weeks, which `every` alone cannot say.
const EVERY_TWO_WEEKS: [&str; 3] = ["fortnight", "fortnightly", "biweekly"];

/// The name `every` takes for `word`: its own, or that of an alias.
fn frequency_name(word: &str) -> Option<&'static str> {
    let own = FREQUENCIES.iter().map(|(name, _)| (*name, *name));
    own.chain(FREQUENCY_ALIASES)
        .find(|(said, _)| *said == word)
        .map(|(_, name)| name)
}

pub(super) fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Reads a `repeat:` map; problems go to the file's diagnostics.
pub fn read_rule(mut fields: Fields) -> Option<Rule> {
    let every_path = fields.path("every");
    // Read as text, not as a line: a keyword is never cut short by a
    // comment after it (`every: week  # or month`), as a title would be.
    let every = fields
        .require("every", || "week".into())
        .then(|| fields.text("every"))
        .flatten()
        .and_then(|text| match parse_frequency(&text) {
            Ok(every) => Some(every),
            Err(e) => {
                fields.ctx.error_at_value(&every_path, e.message, e.hint);
                None
            }
        });
    let interval = fields
        .whole_number(
            "interval",
            1,
            MAX_INTERVAL,
            "`interval: 2` means every other week (or day, month, year); leave it out for every one",
        )
        .unwrap_or(1) as u16;
    let on = match every {
        Some(every) => read_on(&mut fields, every),
        None => {
            // Without a valid `every`, `on` cannot be judged; drop it silently.
            fields.take("on");
            None
        }
    };
    let until_path = fields.path("until");
    let until = fields
        .text("until")
        .and_then(|text| match parse_date(&text) {
            Ok(date) => Some(date),
            Err(e) => {
                fields.ctx.error_at_value(&until_path, e.message, e.hint);
                None
            }
        });
    let count_hint = match fields.peek("count") {
        Some(v) if v.as_u64().is_some_and(|n| n > MAX_COUNT) => {
            "for a longer series, end it with `until: YYYY-MM-DD` or leave it open-ended"
                .to_string()
        }
        Some(v) if v.as_f64().is_some() && v.as_u64().is_none() => {
            "`count` is how many dates the series has: a whole number, for example `count: 10`"
                .to_string()
        }
        _ => "`count` is how many dates the series has, for example `count: 10`".to_string(),
    };
    let count = fields.whole_number("count", 1, MAX_COUNT, &count_hint);
    let ending = match (until, count) {
        (Some(_), Some(_)) => {
            fields.ctx.error(
                &fields.path("count"),
                "give either `until` or `count`, not both".into(),
                Some(
                    "`until: 2027-06-24` ends on a date; `count: 10` after ten occurrences".into(),
                ),
            );
            Ending::Never
        }
        (Some(date), None) => Ending::Until(date),
        (None, Some(n)) => Ending::Count(n as u32),
        (None, None) => Ending::Never,
    };
    let mut except = Vec::new();
    let except_path = fields.path("except");
    let items = fields.text_list("except");
    if items.len() > MAX_EXCEPT {
        fields.ctx.error(
            &except_path,
            format!(
                "{} dates in `except` is too many; at most {MAX_EXCEPT} are allowed",
                items.len()
            ),
            Some("end the series with `until` and start a new one after the break".into()),
        );
    }
    for (text, path) in items.into_iter().take(MAX_EXCEPT) {
        match parse_date(&text) {
            Ok(date) => except.push(date),
            // `except: 2027-01-21, 2027-01-28`: one text to YAML.
            Err(e) if text.split(',').all(|part| parse_date(part.trim()).is_ok()) => {
                let dates: Vec<&str> = text.split(',').map(str::trim).collect();
                fields.ctx.error_at_value(
                    &path,
                    e.message,
                    Some(format!(
                        "several dates go in brackets: `except: [{}]`",
                        dates.join(", ")
                    )),
                )
            }
            Err(e) => fields.ctx.error_at_value(&path, e.message, e.hint),
        }
    }
    fields.finish();
    Some(Rule {
        every: every?,
        interval,
        on,
        ending,
        except,
    })
}

fn parse_frequency(text: &str) -> Result<Frequency, Invalid> {
    let lowered = text.trim().to_lowercase();
    if EVERY_TWO_WEEKS.contains(&lowered.as_str()) {
        return Err(Invalid {
            message: format!("unknown repetition {}", quote(text)),
            hint: Some("for every two weeks, write `every: week` and `interval: 2`".into()),
        });
    }
    if let Some((_, every)) = FREQUENCIES.iter().find(|(name, _)| *name == lowered) {
        return Ok(*every);
    }
    // `every: 2 weeks`.
    let with_interval = lowered.split_once(' ').and_then(|(number, unit)| {
        let n: u32 = number.parse().ok()?;
        let unit = unit.trim().trim_end_matches('s');
        let (name, _) = FREQUENCIES.iter().find(|(name, _)| *name == unit)?;
        Some((n, *name))
    });
    let hint = if let Some((n, name)) = with_interval {
        format!("write `every: {name}` and `interval: {n}`")
    } else if let Some((_, name)) = FREQUENCY_ALIASES
        .iter()
        .find(|(alias, _)| *alias == lowered)
    {
        format!("write `every: {name}`")
    } else if let Some(close) = did_you_mean(&lowered, FREQUENCIES.iter().map(|(n, _)| *n)) {
        format!("did you mean `{close}`?")
    } else {
        "`every` is one of: day, week, month, year".into()
    };
    Err(Invalid {
        message: format!("unknown repetition {}", quote(text)),
        hint: Some(hint),
    })
}

/// `on: first tuesday` under `every: week`: a day of each month, which
/// `every: month` says.
fn monthly_weekday(text: &str) -> Option<Invalid> {
    let (ordinal, day) = text.trim().split_once(' ')?;
    let ordinal = ordinal.to_lowercase();
    let numeral = ORDINAL_NUMERALS.iter().find(|(n, _)| *n == ordinal);
    let ordinal = numeral.map_or(ordinal.as_str(), |(_, name)| name);
    let (ordinal, _) = ORDINALS.iter().find(|(name, _)| *name == ordinal)?;
    let day = weekday_name(parse_weekday(day).ok()?);
    Some(Invalid {
        message: format!(
            "{} is a day of each month, and the series repeats every week",
            crate::diagnostics::quote(text.trim())
        ),
        hint: Some(format!(
            "write `every: month` for the {ordinal} {} of each month, or `on: {day}` for every week",
            capitalized(day)
        )),
    })
}

fn read_on(fields: &mut Fields, every: Frequency) -> Option<On> {
    let path = fields.path("on");
    let value = fields.take("on")?;
    let ctx = fields.ctx;
    match every {
        Frequency::Day | Frequency::Year => {
            ctx.error(
                &path,
                "`on` applies only to `every: week` and `every: month`".into(),
                Some("remove `on`: the series repeats on the start's date".into()),
            );
            None
        }
        Frequency::Week => {
            let items: Vec<(Value, Vec<Seg>)> = match value {
                Value::Sequence(items) => items
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| {
                        let mut p = path.clone();
                        p.push(Seg::Index(i));
                        (v, p)
                    })
                    .collect(),
                other => vec![(other, path.clone())],
            };
            let mut days = Vec::new();
            for (item, item_path) in items {
                let text = item.as_str().unwrap_or_default();
                match parse_weekday(text) {
                    Ok(day) if !days.contains(&day) => days.push(day),
                    Ok(_) => {}
                    Err(e) => {
                        let e = several_weekdays(text)
                            .or_else(|| monthly_weekday(text))
                            .unwrap_or(e);
                        ctx.error_at_value(&item_path, e.message, e.hint)
                    }
                }
            }
            (!days.is_empty()).then_some(On::Weekdays(days))
        }
        Frequency::Month => {
            let parsed = match &value {
                Value::Number(n) => match n.as_u64() {
                    Some(day @ 1..=31) => Ok(On::MonthDay(day as u8)),
                    _ => Err(Invalid {
                        message: format!("there is no day {n} in a month"),
                        hint: Some("a day of the month is a number from 1 to 31".into()),
                    }),
                },
                Value::String(text) => parse_month_on(text),
                _ => Err(Invalid {
                    message: "`on` must be a text like `first wednesday` or a day number".into(),
                    hint: None,
                }),
            };
            parsed
                .map_err(|e| ctx.error_at_value(&path, e.message, e.hint))
                .ok()
        }
    }
}

/// `on: tuesday, thursday` is one text to YAML: suggest the list it meant
/// (the first weekday alone would lose the others).
fn several_weekdays(text: &str) -> Option<Invalid> {
    let parts: Vec<&str> = text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|part| !part.is_empty() && !part.eq_ignore_ascii_case("and"))
        .collect();
    let days: Vec<String> = parts
        .iter()
        .map(|part| match parse_weekday(part) {
            Ok(day) => weekday_name(day).to_string(),
            Err(_) => part.to_lowercase(),
        })
        .collect();
    let all_days = parts.iter().all(|part| parse_weekday(part).is_ok());
    (parts.len() > 1 && (all_days || text.contains(','))).then(|| Invalid {
        message: format!(
            "{} is several weekdays written as one text",
            quote(text.trim())
        ),
        hint: Some(format!(
            "several weekdays are written as a list in brackets: `on: [{}]`",
            days.join(", ")
        )),
    })
}

/// `first wednesday`, `last friday`, or a day number written as text.
fn parse_month_on(text: &str) -> Result<On, Invalid> {
    let lowered = text.trim().to_lowercase();
    if let Ok(day) = lowered.parse::<u8>() {
        if (1..=31).contains(&day) {
            return Ok(On::MonthDay(day));
        }
    }
    let words: Vec<&str> = lowered.split_whitespace().collect();
    let example = "write it as `first wednesday`, `last friday` (first, second, third, fourth, fifth or last) or a day number such as `15`";
    let [ordinal, weekday] = words[..] else {
        return Err(Invalid {
            message: format!("{} is not a day of the month", quote(text)),
            hint: Some(example.into()),
        });
    };
    let n = match ORDINALS.iter().find(|(name, _)| *name == ordinal) {
        Some((_, n)) => *n,
        None => {
            let numbered = ["1st", "2nd", "3rd", "4th", "5th"]
                .iter()
                .position(|n| *n == ordinal)
                .map(|i| ORDINALS[i].0);
            let hint = match numbered
                .or_else(|| did_you_mean(ordinal, ORDINALS.iter().map(|(n, _)| *n)))
            {
                Some(close) if numbered.is_some() => {
                    format!("write it in words: `{close} {weekday}`")
                }
                Some(close) => format!("did you mean `{close}`?"),
                None => example.into(),
            };
            return Err(Invalid {
                message: format!("unknown ordinal {}", quote(ordinal)),
                hint: Some(hint),
            });
        }
    };
    let day = parse_weekday(weekday)?;
    Ok(On::NthWeekday(n, day))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;

    #[test]
    fn reads_month_forms_with_hints() {
        assert_eq!(
            parse_month_on("first Wednesday").unwrap(),
            On::NthWeekday(1, Weekday::Wed)
        );
        assert_eq!(parse_month_on("15").unwrap(), On::MonthDay(15));
        let err = parse_month_on("frist wednesday").unwrap_err();
        assert_eq!(err.hint.as_deref(), Some("did you mean `first`?"));
        assert!(parse_month_on("first").is_err());
        assert!(parse_month_on("32").is_err());
        let err = parse_frequency("weekly").unwrap_err();
        assert_eq!(err.hint.as_deref(), Some("write `every: week`"));
    }
}
