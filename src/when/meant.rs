//! What a date, time or duration written another way most likely means, so
//! that a hint can show it in meetcal's form: `10/02/2027` is `2027-02-10`
//! (or `2027-10-02`), `7pm` is `19:00`, `2 hours` is `2h`. Only the hints
//! read these forms; a file must still say it meetcal's way.

use crate::text::locale::{unaccented, Language};
use chrono::{NaiveDate, NaiveTime};

/// The dates `text` may mean, written `YYYY-MM-DD`: one, or two when the
/// day and the month could be either way round (`10/02/2027`).
pub fn dates(text: &str) -> Vec<NaiveDate> {
    // `2027年3月12日`, as Chinese and Japanese write a date.
    if let Some(date) = ideographic_date(text) {
        return vec![date];
    }
    // `mardi 14/01/2027 à`, `on Tuesday, Feb 10`: the words around the
    // date say nothing more.
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty() && !is_filler(w))
        .collect();
    match words.as_slice() {
        [numeric] => numeric_dates(numeric),
        _ => named_month_date(&words).into_iter().collect(),
    }
}

/// `2027年3月12日` (a weekday after it, `(金)`, says nothing more).
fn ideographic_date(text: &str) -> Option<NaiveDate> {
    let (year, rest) = text.trim().split_once('年')?;
    let (month, rest) = rest.split_once('月')?;
    let (day, _) = rest.split_once('日')?;
    let date = NaiveDate::from_ymd_opt(
        year.trim().parse().ok()?,
        month.trim().parse().ok()?,
        day.trim().parse().ok()?,
    )?;
    super::YEARS
        .contains(&chrono::Datelike::year(&date))
        .then_some(date)
}

/// `10/02/2027`, `10.02.2027`, `10-02-2027`, `2027/2/10`, `2027-2-5`.
fn numeric_dates(text: &str) -> Vec<NaiveDate> {
    let parts: Vec<&str> = text.split(['/', '.', '-']).collect();
    let [a, b, c] = parts.as_slice() else {
        return Vec::new();
    };
    let number = |part: &str| -> Option<u32> {
        (!part.is_empty() && part.len() <= 4 && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse().ok())
            .flatten()
    };
    let (Some(a_n), Some(b_n), Some(c_n)) = (number(a), number(b), number(c)) else {
        return Vec::new();
    };
    let date = |year: u32, month: u32, day: u32| {
        NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
            .filter(|d| super::YEARS.contains(&chrono::Datelike::year(d)))
    };
    let mut found: Vec<NaiveDate> = if a.len() == 4 {
        date(a_n, b_n, c_n).into_iter().collect()
    } else if c.len() == 4 {
        // Day first (most of the world), then month first (the US).
        [date(c_n, b_n, a_n), date(c_n, a_n, b_n)]
            .into_iter()
            .flatten()
            .collect()
    } else {
        Vec::new()
    };
    found.dedup();
    found
}

/// `Feb 10, 2027`, `10 February 2027`, `10 février 2027`, `1er mars 2027`.
fn named_month_date(words: &[&str]) -> Option<NaiveDate> {
    let mut month = None;
    let mut day = None;
    let mut year = None;
    for word in words {
        let word = word.trim_end_matches('.').to_lowercase();
        if let Some(m) = month_number(&word) {
            month = month.or(Some(m));
        } else if word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) {
            year = word.parse::<i32>().ok();
        } else {
            let digits = word.trim_end_matches(|c: char| c.is_alphabetic());
            let suffix = &word[digits.len()..];
            if !digits.is_empty()
                && digits.len() <= 2
                && matches!(suffix, "" | "st" | "nd" | "rd" | "th" | "er")
            {
                day = digits.parse::<u32>().ok();
            } else {
                return None;
            }
        }
    }
    NaiveDate::from_ymd_opt(year?, month?, day?)
        .filter(|d| super::YEARS.contains(&chrono::Datelike::year(d)))
}

/// A word beside a date that adds nothing to it: a weekday, or its first
/// three letters, in English or French (but `mar` is March, as in
/// `10 mar 2027`), and the little words before a date or a time.
fn is_filler(word: &str) -> bool {
    let word = word.trim_end_matches('.').to_lowercase();
    let weekday = Language::ALL
        .iter()
        .any(|language| language.weekday_named(&word, true).is_some());
    let other_weekday = OTHER_WEEKDAYS.contains(&unaccented(&word).as_str());
    ((weekday || other_weekday) && month_number(&word).is_none())
        || [
            "à", "a", "at", "@", "le", "on", "the", "of", "de", "am", "um", "el", "del",
        ]
        .contains(&word.as_str())
}

/// Weekdays in German and Spanish, without accents.
const OTHER_WEEKDAYS: [&str; 14] = [
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "lunes",
    "martes",
    "miercoles",
    "jueves",
    "viernes",
    "sabado",
    "domingo",
];

/// Months in German and Spanish, which the site does not speak but
/// contributors paste: `12. März 2027`, `12 de marzo de 2027`.
const OTHER_MONTHS: [[&str; 2]; 12] = [
    ["januar", "enero"],
    ["februar", "febrero"],
    ["märz", "marzo"],
    ["april", "abril"],
    ["mai", "mayo"],
    ["juni", "junio"],
    ["juli", "julio"],
    ["august", "agosto"],
    ["september", "septiembre"],
    ["oktober", "octubre"],
    ["november", "noviembre"],
    ["dezember", "diciembre"],
];

/// The month an English, French, German or Spanish name (or its first
/// three letters) says.
fn month_number(word: &str) -> Option<u32> {
    // Accents are often left out: `fevrier`, `aout`, `decembre`, `marz`.
    let word = unaccented(word);
    let is_name_of = |name: &str| {
        let name = unaccented(name);
        word == name || (word.chars().count() >= 3 && name.starts_with(&word))
    };
    (1..=12).find(|&month| {
        [Language::En, Language::Fr]
            .iter()
            .any(|language| is_name_of(language.month(month)))
            || OTHER_MONTHS[month as usize - 1]
                .iter()
                .any(|name| is_name_of(name))
    })
}

/// The time of day `text` means: `7pm`, `7:30 PM`, `12am`, `19h`, `19h30`,
/// `19 h 30`, `19.30`, `à 19h`.
pub fn time(text: &str) -> Option<NaiveTime> {
    let text = text.trim().to_lowercase();
    let text = ["à ", "a ", "at ", "@"]
        .iter()
        .find_map(|at| text.strip_prefix(at))
        .unwrap_or(&text)
        .trim()
        .replace(" h ", "h")
        .replace(" h", "h");
    let (clock, half) = if let Some(rest) = text.strip_suffix("pm") {
        (rest.trim_end().trim_end_matches('.'), Some(12))
    } else if let Some(rest) = text.strip_suffix("am") {
        (rest.trim_end().trim_end_matches('.'), Some(0))
    } else {
        (text.as_str(), None)
    };
    let (hours, minutes) = match clock.split_once([':', '.', 'h']) {
        Some((h, "")) => (h, "0"),
        Some((h, m)) if m.len() == 2 => (h, m),
        Some(_) => return None,
        None => (clock, "0"),
    };
    let number = |part: &str| -> Option<u32> {
        (!part.is_empty() && part.len() <= 2 && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse().ok())
            .flatten()
    };
    let (mut hours, minutes) = (number(hours)?, number(minutes)?);
    match half {
        Some(offset) if (1..=12).contains(&hours) => hours = hours % 12 + offset,
        Some(_) => return None,
        // `19` alone is too unlike a time to guess at.
        None if clock == text && !clock.contains([':', '.', 'h']) => return None,
        None => {}
    }
    NaiveTime::from_hms_opt(hours, minutes, 0)
}

/// The time of day in the first word or two of `text` (`7:30 PM`,
/// `19h30`), and the words after it.
pub fn leading_time(text: &str) -> Option<(NaiveTime, &str)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    (1..=2.min(words.len().saturating_sub(1)))
        .rev()
        .find_map(|n| {
            let at = time(&words[..n].join(" "))?;
            // After the clock's words and the spaces between them.
            let after = words[..n].iter().fold(text, |left, word| {
                left.trim_start().strip_prefix(word).unwrap_or(left)
            });
            // `7:30` of `7:30 PM` is not the time meant.
            (half_day_before(after).is_none() && !after.trim().is_empty())
                .then(|| (at, after.trim()))
        })
}

/// The start and end of a span of time written as one (`19:00 - 21:00`,
/// `19h-21h`, `10:00-12:00`). `19:00-05:00` could be an offset, and is read
/// as one: an offset's hours go to 14, and an end before its start would
/// be the next day's. An end later the same day is a range: few places
/// have an offset of −10:00 to −12:00, many meetups run from 10:00 to 12:00.
pub fn range(text: &str) -> Option<(NaiveTime, NaiveTime)> {
    let (span, offset_like) = span(text)?;
    (!offset_like).then_some(span)
}

/// A span that reads as a time and its offset too: `22:00-02:00` is 22:00
/// at UTC−02:00, or 22:00 to 02:00 the next day.
pub fn range_or_offset(text: &str) -> Option<(NaiveTime, NaiveTime)> {
    let (span, offset_like) = span(text)?;
    offset_like.then_some(span)
}

/// The two times of a span, and whether it could be a time and an offset.
fn span(text: &str) -> Option<((NaiveTime, NaiveTime), bool)> {
    // `〜` and `~`: a span as Japanese writes it.
    let (from, to) = text.split_once(['-', '–', '—', '〜', '~'])?;
    let spaced = from.ends_with(' ') || to.starts_with(' ');
    let from_at = time(from)?;
    let to_at = time(to)?;
    let offset_like = !spaced
        && !text.contains(['h', 'H', '–', '—', '〜', '~'])
        && to_at <= from_at
        && to.trim().split(':').next()?.parse::<u32>().ok()? <= 14;
    Some(((from_at, to_at), offset_like))
}

/// The `HH:MM` of a time written with a zone or an offset after it
/// (`19:00+01:00`, `19:00:00Z`, `19:00 CET`, `7:30 PM Europe/Paris`), and
/// that zone as written.
pub fn zone_after(text: &str) -> Option<(String, &str)> {
    let clock_end = text
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(text.len());
    let (clock, rest) = text.split_at(clock_end);
    // `PM` belongs to the clock: read as part of the zone, it would be
    // dropped with it, and 7:30 PM shown as 07:30.
    let (at, zone) = match half_day_before(rest) {
        Some((half, zone)) => (time(&format!("{clock}{half}"))?, zone),
        None => (
            NaiveTime::parse_from_str(clock, "%H:%M")
                .or_else(|_| NaiveTime::parse_from_str(clock, "%H:%M:%S"))
                .ok()?,
            rest,
        ),
    };
    let zone = zone.trim();
    let is_zone = zone.eq_ignore_ascii_case("z")
        || (zone.len() >= 3
            && zone.starts_with(['+', '-'])
            && zone[1..].bytes().all(|b| b.is_ascii_digit() || b == b':'))
        || (2..=5).contains(&zone.len()) && zone.bytes().all(|b| b.is_ascii_alphabetic())
        || zone.contains('/');
    (is_zone && !zone.is_empty()).then(|| (at.format("%H:%M").to_string(), zone))
}

/// `AM` or `PM` (`pm`, `p.m.`) at the start of `text`, as a whole word,
/// and what follows it.
fn half_day_before(text: &str) -> Option<(&'static str, &str)> {
    let text = text.trim_start();
    ["am", "pm", "a.m.", "p.m."].iter().find_map(|written| {
        let head = text.get(..written.len())?;
        let rest = &text[written.len()..];
        let whole_word = !rest.starts_with(|c: char| c.is_alphanumeric());
        (head.eq_ignore_ascii_case(written) && whole_word)
            .then(|| (if written.starts_with('a') { "am" } else { "pm" }, rest))
    })
}

/// Whether a zone written after a time is UTC's clock.
pub fn is_utc(zone: &str) -> bool {
    ["z", "utc", "gmt", "+00:00", "+0000", "+00"]
        .iter()
        .any(|name| zone.eq_ignore_ascii_case(name))
}

/// `text` as a date and a time: the date's words, then the time's.
pub fn date_and_time(text: &str) -> Vec<(NaiveDate, NaiveTime)> {
    date_then(text, time)
}

/// `text` as a date, then a start and an end (`14 janvier 2027 19h-21h`).
pub fn date_and_range(text: &str) -> Vec<(NaiveDate, (NaiveTime, NaiveTime))> {
    date_then(text, range)
}

/// The date's words, then what `clock` reads in the last word, or the last
/// two (`7 pm`), three (`19 h 30`, `19h - 21h`) or up to five (`7:00 PM -
/// 9:00 PM`).
fn date_then<T: Copy>(text: &str, clock: impl Fn(&str) -> Option<T>) -> Vec<(NaiveDate, T)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    (1..=5.min(words.len().saturating_sub(1)))
        .find_map(|n| {
            let (date, last) = words.split_at(words.len() - n);
            let at = clock(&last.join(" "))?;
            let dates = dates(&date.join(" "));
            (!dates.is_empty()).then(|| dates.into_iter().map(|d| (d, at)).collect())
        })
        .unwrap_or_default()
}

/// The duration `text` means, written meetcal's way: `2 hours` is `2h`,
/// `1 h 30 min` is `1h30m`, `1.5h` is `1h30m`, `1:30` is `1h30m`.
pub fn duration(text: &str) -> Option<String> {
    let text = text.trim().to_lowercase();
    if let Some((h, m)) = text.split_once(':') {
        let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
        return (m < 60).then(|| written(0, h, m)).flatten();
    }
    let (mut days, mut hours, mut minutes) = (0.0, 0.0, 0.0);
    let mut rest = text.as_str();
    let mut any = false;
    let mut after_hours = false;
    while !rest.is_empty() {
        let number_end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .unwrap_or(rest.len());
        let number: f64 = rest[..number_end].replace(',', ".").parse().ok()?;
        rest = rest[number_end..].trim_start();
        let unit_end = rest
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(rest.len());
        let unit = &rest[..unit_end];
        rest = rest[unit_end..].trim_start_matches([' ', ',']);
        rest = rest.strip_prefix("and ").unwrap_or(rest).trim_start();
        match unit {
            "w" | "week" | "weeks" | "semaine" | "semaines" => days += 7.0 * number,
            "d" | "day" | "days" | "j" | "jour" | "jours" => days += number,
            "h" | "hr" | "hrs" | "hour" | "hours" | "heure" | "heures" => hours += number,
            "m" | "min" | "mins" | "minute" | "minutes" => minutes += number,
            // `1h30`, as a clock is read: the minutes after the hours.
            "" if after_hours && rest.is_empty() && number < 60.0 => minutes += number,
            _ => return None,
        }
        after_hours = unit.starts_with('h');
        any = true;
    }
    if !any {
        return None;
    }
    let total = ((days * 24.0 + hours) * 60.0 + minutes).round();
    if !(1.0..=(366.0 * 24.0 * 60.0)).contains(&total) {
        return None;
    }
    // In range, so a whole number of minutes that fits.
    let total = total as u32;
    written(total / (24 * 60), total / 60 % 24, total % 60)
}

/// Days, hours and minutes as meetcal writes a duration.
pub fn written(days: u32, hours: u32, minutes: u32) -> Option<String> {
    let mut out = String::new();
    if days > 0 && hours == 0 && minutes == 0 {
        return Some(format!("{days}d"));
    }
    let hours = hours + days * 24;
    if hours > 0 {
        out.push_str(&format!("{hours}h"));
    }
    if minutes > 0 {
        out.push_str(&format!("{minutes}m"));
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(dates: Vec<NaiveDate>) -> Vec<String> {
        dates.iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn dates_written_day_or_month_first_offer_each_reading() {
        assert_eq!(shown(dates("10/02/2027")), ["2027-02-10", "2027-10-02"]);
        assert_eq!(shown(dates("25/02/2027")), ["2027-02-25"]);
        assert_eq!(shown(dates("02/25/2027")), ["2027-02-25"]);
        assert_eq!(shown(dates("05.05.2027")), ["2027-05-05"]);
        assert_eq!(shown(dates("2027/2/5")), ["2027-02-05"]);
        assert_eq!(shown(dates("2027-2-5")), ["2027-02-05"]);
        assert_eq!(shown(dates("Feb 10, 2027")), ["2027-02-10"]);
        assert_eq!(shown(dates("10 February 2027")), ["2027-02-10"]);
        assert_eq!(shown(dates("1er mars 2027")), ["2027-03-01"]);
        assert_eq!(shown(dates("10 févr. 2027")), ["2027-02-10"]);
        assert_eq!(shown(dates("March 3rd 2027")), ["2027-03-03"]);
        assert_eq!(shown(dates("15 aout 2027")), ["2027-08-15"]);
        assert_eq!(shown(dates("mardi 14 janvier 2027")), ["2027-01-14"]);
        assert_eq!(shown(dates("Tuesday, Feb 10, 2027")), ["2027-02-10"]);
        assert_eq!(shown(dates("10 mar 2027")), ["2027-03-10"]);
        assert_eq!(shown(dates("mar 10 mar 2027")), ["2027-03-10"]);
        assert_eq!(shown(dates("mardi 14/01/2027 à")), ["2027-01-14"]);
        assert_eq!(shown(dates("sam. 16 janv. 2027")), ["2027-01-16"]);
        for nothing in [
            "",
            "tomorrow",
            "10/02",
            "31/02/2027",
            "10/02/27",
            "Feb 2027",
            "next Feb 10 2027",
        ] {
            assert!(dates(nothing).is_empty(), "{nothing}");
        }
    }

    #[test]
    fn times_on_a_twelve_hour_clock_or_with_an_h_read_as_24_hours() {
        let at = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        assert_eq!(time("7pm"), at(19, 0));
        assert_eq!(time("7:30 PM"), at(19, 30));
        assert_eq!(time("7.30p.m."), None);
        assert_eq!(time("12am"), at(0, 0));
        assert_eq!(time("12pm"), at(12, 0));
        assert_eq!(time("9 am"), at(9, 0));
        assert_eq!(time("19h"), at(19, 0));
        assert_eq!(time("19h30"), at(19, 30));
        assert_eq!(time("19.30"), at(19, 30));
        assert_eq!(time("19 h 30"), at(19, 30));
        assert_eq!(time("à 19h"), at(19, 0));
        for nothing in ["19", "13pm", "0am", "7:3pm", "25h", "evening", "19:300"] {
            assert_eq!(time(nothing), None, "{nothing}");
        }
    }

    #[test]
    fn a_time_with_a_zone_is_read_without_it() {
        for text in [
            "19:00+01:00",
            "19:00:00Z",
            "19:00 CET",
            "19:00 Europe/Paris",
            "19:00-0500",
        ] {
            let (at, zone) = zone_after(text).expect(text);
            assert_eq!(at, "19:00", "{text}");
            assert_eq!(is_utc(zone), text.ends_with('Z'), "{text}");
        }
        assert_eq!(zone_after("19:30 UTC"), Some(("19:30".into(), "UTC")));
        assert_eq!(zone_after("12:00 EST"), Some(("12:00".into(), "EST")));
        for (text, at, zone) in [
            ("7:30 PM Europe/Paris", "19:30", "Europe/Paris"),
            ("8:00 AM Asia/Tokyo", "08:00", "Asia/Tokyo"),
            ("7:30pm CET", "19:30", "CET"),
            ("7pm CEST", "19:00", "CEST"),
            ("7 PM PST", "19:00", "PST"),
            ("12 a.m. UTC", "00:00", "UTC"),
        ] {
            assert_eq!(zone_after(text), Some((at.into(), zone)), "{text}");
        }
        for nothing in [
            "19:00",
            "7pm",
            "7:30 PM",
            "13pm CET",
            "7:30 PM (Paris time)",
            "19:00 tonight",
            "25:00Z",
            "19:00 +",
        ] {
            assert_eq!(zone_after(nothing), None, "{nothing}");
        }
    }

    #[test]
    fn a_date_and_a_time_are_read_together() {
        let found = date_and_time("Feb 10, 2027 7 pm");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0.to_string(), "2027-02-10");
        assert_eq!(found[0].1, NaiveTime::from_hms_opt(19, 0, 0).unwrap());
        assert_eq!(date_and_time("10/02/2027 19h").len(), 2);
        assert!(date_and_time("10/02/2027").is_empty());
        let found = date_and_time("mardi 14/01/2027 à 19h");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0.to_string(), "2027-01-14");
        let found = date_and_range("14 janvier 2027 19h-21h");
        let at = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, (at(19), at(21)));
    }

    #[test]
    fn a_time_is_read_before_the_words_after_it() {
        let at = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        assert_eq!(
            leading_time("7:30 PM (Paris time)"),
            Some((at(19, 30), "(Paris time)"))
        );
        assert_eq!(
            leading_time("19h30 heure de Paris"),
            Some((at(19, 30), "heure de Paris"))
        );
        assert_eq!(leading_time("7:30 PM"), None);
        assert_eq!(leading_time("evening at 7"), None);
    }

    #[test]
    fn a_range_is_told_from_an_offset_by_its_end() {
        let at = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
        assert_eq!(range("10:00-12:00"), Some((at(10), at(12))));
        assert_eq!(range("19:00-21:00"), Some((at(19), at(21))));
        assert_eq!(range("22:00 - 02:00"), Some((at(22), at(2))));
        // An end before the start, within an offset's hours: an offset,
        // or a range that ends the next day.
        assert_eq!(range("19:00-05:00"), None);
        assert_eq!(range_or_offset("19:00-05:00"), Some((at(19), at(5))));
        assert_eq!(range_or_offset("19:00-21:00"), None);
    }

    #[test]
    fn durations_in_words_read_as_meetcal_writes_them() {
        for (text, meant) in [
            ("2 hours", "2h"),
            ("2 hrs", "2h"),
            ("90 minutes", "1h30m"),
            ("90 min", "1h30m"),
            ("1.5h", "1h30m"),
            ("1,5 heures", "1h30m"),
            ("1 h 30 min", "1h30m"),
            ("1 hour and 30 minutes", "1h30m"),
            ("1:30", "1h30m"),
            ("1h30", "1h30m"),
            ("2 h 15", "2h15m"),
            ("2 days", "2d"),
            ("1 day 2 hours", "26h"),
            ("2H", "2h"),
            ("2 weeks", "14d"),
        ] {
            assert_eq!(duration(text).as_deref(), Some(meant), "{text}");
        }
        for nothing in [
            "",
            "long",
            "0 minutes",
            "400 days",
            "1:75",
            "2 hours later",
            "30",
            "2d30",
        ] {
            assert_eq!(duration(nothing), None, "{nothing}");
        }
    }
}
