//! The site's language: its dates, times and durations, and its words
//! (the tables are in `words`).

use super::words;
pub use super::words::Words;
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike, Weekday};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    En,
    Fr,
}

pub const LANGUAGES: [&str; 2] = ["en", "fr"];

/// The days of the week, Monday first, as the tables below list them.
pub const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// `text` in lower case without its accents, as people often type French
/// words: `Annulé` and `annule`, `février` and `fevrier` compare equal.
pub fn unaccented(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(without_accent)
        .collect()
}

/// A lower-case letter without its accent (`é` is `e`, `ç` is `c`); any
/// other character as it is.
pub fn without_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

impl Language {
    pub const ALL: [Language; 2] = [Language::En, Language::Fr];

    pub fn parse(code: &str) -> Option<Language> {
        match code.to_lowercase().split(['-', '_']).next()? {
            "en" => Some(Language::En),
            "fr" => Some(Language::Fr),
            _ => None,
        }
    }

    /// `code` as a BCP 47 tag, what HTML's `lang` and the feeds expect:
    /// subtags joined by `-` (a locale's `fr_CA` is `fr-CA`), the language
    /// in lower case, a region in upper case, a script capitalised. `None`
    /// when a subtag is empty or not 1 to 8 letters and digits.
    pub fn tag(code: &str) -> Option<String> {
        let mut subtags = Vec::new();
        for (i, subtag) in code.trim().split(['-', '_']).enumerate() {
            if !(1..=8).contains(&subtag.len())
                || !subtag.chars().all(|c| c.is_ascii_alphanumeric())
            {
                return None;
            }
            let letters = subtag.chars().all(|c| c.is_ascii_alphabetic());
            subtags.push(match subtag.len() {
                2 if i > 0 && letters => subtag.to_ascii_uppercase(),
                4 if i > 0 && letters => {
                    let lower = subtag.to_ascii_lowercase();
                    lower[..1].to_ascii_uppercase() + &lower[1..]
                }
                _ => subtag.to_ascii_lowercase(),
            });
        }
        Some(subtags.join("-"))
    }

    /// The language a name in words stands for, in English or in itself
    /// (`French`, `français`): what is written by someone who does not
    /// know the code, and is then told the code.
    pub fn named(name: &str) -> Option<Language> {
        match name.trim().to_lowercase().as_str() {
            "english" | "anglais" => Some(Language::En),
            "french" | "français" | "francais" => Some(Language::Fr),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Fr => "fr",
        }
    }

    pub fn weekday(self, day: Weekday) -> &'static str {
        let i = day.num_days_from_monday() as usize;
        match self {
            Language::En => [
                "Monday",
                "Tuesday",
                "Wednesday",
                "Thursday",
                "Friday",
                "Saturday",
                "Sunday",
            ][i],
            Language::Fr => [
                "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
            ][i],
        }
    }

    /// The day this language names `word`, in any case (`Mardi`), or by
    /// its first three letters when `abbreviated` (`mar`).
    pub fn weekday_named(self, word: &str, abbreviated: bool) -> Option<Weekday> {
        let word = word.to_lowercase();
        let short = abbreviated && word.chars().count() == 3;
        WEEK.into_iter().find(|&day| {
            let name = self.weekday(day).to_lowercase();
            name == word || (short && name.starts_with(&word))
        })
    }

    pub fn weekday_short(self, day: Weekday) -> &'static str {
        let i = day.num_days_from_monday() as usize;
        match self {
            Language::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][i],
            Language::Fr => ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."][i],
        }
    }

    pub fn month(self, month: u32) -> &'static str {
        let i = (month as usize + 11) % 12;
        match self {
            Language::En => [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ][i],
            Language::Fr => [
                "janvier",
                "février",
                "mars",
                "avril",
                "mai",
                "juin",
                "juillet",
                "août",
                "septembre",
                "octobre",
                "novembre",
                "décembre",
            ][i],
        }
    }

    /// "Wednesday 6 January 2027" / "mercredi 6 janvier 2027".
    pub fn date(self, date: NaiveDate) -> String {
        use std::fmt::Write;
        // Written piece by piece: every entry of every list has one.
        let mut text = String::with_capacity(32);
        text.push_str(self.weekday(date.weekday()));
        text.push(' ');
        match (self, date.day()) {
            (Language::Fr, 1) => text.push_str("1er"),
            (_, d) => {
                if d >= 10 {
                    text.push(char::from(b'0' + (d / 10) as u8));
                }
                text.push(char::from(b'0' + (d % 10) as u8));
            }
        }
        text.push(' ');
        text.push_str(self.month(date.month()));
        let _ = write!(text, " {}", date.year());
        text
    }

    /// "6 January" / "1er janvier": a date of a year named elsewhere.
    pub fn day_month(self, date: NaiveDate) -> String {
        match (self, date.day()) {
            (Language::Fr, 1) => format!("1er {}", self.month(date.month())),
            (_, day) => format!("{day} {}", self.month(date.month())),
        }
    }

    /// "6 Jan 2027"-style short date, without the weekday.
    pub fn short_date(self, date: NaiveDate) -> String {
        format!(
            "{} {} {}",
            date.day(),
            self.month(date.month()),
            date.year()
        )
    }

    /// "Wed 6 Jan 2027" / "mer. 6 janv. 2027": compact, for feed titles.
    pub fn compact_date(self, date: NaiveDate) -> String {
        let i = date.month0() as usize;
        let month = match self {
            Language::En => [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ][i],
            Language::Fr => [
                "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
                "nov.", "déc.",
            ][i],
        };
        format!(
            "{} {} {month} {}",
            self.weekday_short(date.weekday()),
            date.day(),
            date.year()
        )
    }

    /// "January 2027" / "janvier 2027".
    pub fn month_year(self, year: i32, month: u32) -> String {
        format!("{} {year}", self.month(month))
    }

    /// "Wednesday 6 January 2027 at 19:00" / "mercredi 6 janvier 2027 à 19:00".
    pub fn date_time(self, at: NaiveDateTime) -> String {
        let connector = match self {
            Language::En => "at",
            Language::Fr => "à",
        };
        let mut text = self.date(at.date());
        text.push(' ');
        text.push_str(connector);
        text.push(' ');
        let (hours, minutes) = (at.hour(), at.minute());
        for (i, n) in [hours, minutes].into_iter().enumerate() {
            if i > 0 {
                text.push(':');
            }
            text.push(char::from(b'0' + (n / 10) as u8));
            text.push(char::from(b'0' + (n % 10) as u8));
        }
        text
    }

    /// "1 h 30 min" / "1h30"-style duration.
    pub fn duration(self, minutes: i64) -> String {
        use std::fmt::Write;
        let (days, hours, mins) = (minutes / 1440, (minutes % 1440) / 60, minutes % 60);
        let day = match self {
            Language::En => "day",
            Language::Fr => "jour",
        };
        let plural = if days == 1 { "" } else { "s" };
        let mut text = String::with_capacity(16);
        for (n, unit, ending) in [(days, day, plural), (hours, "h", ""), (mins, "min", "")] {
            if n > 0 {
                let space = if text.is_empty() { "" } else { " " };
                let _ = write!(text, "{space}{n} {unit}{ending}");
            }
        }
        text
    }

    /// What a cancelled event's title starts with where the status alone
    /// may go unseen, as in calendar clients: "Cancelled: " / "Annulé : ".
    pub fn cancelled_prefix(self) -> String {
        self.label(self.words().cancelled)
    }

    /// What follows the first word of `text` when that word says the event
    /// is cancelled: "Cancelled" or "Canceled" in any language, or this
    /// language's word (French "Annulé", "annulée"...), in any case.
    pub fn after_cancelled(self, text: &str) -> Option<&str> {
        let text = text.trim_start();
        let end = text
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(text.len());
        let first = text[..end].to_lowercase();
        let word = self.words().cancelled.to_lowercase();
        let says = first == "cancelled"
            || first == "canceled"
            || first
                .strip_prefix(&word)
                .is_some_and(|ending| matches!(ending, "" | "e" | "s" | "es"));
        says.then(|| &text[end..])
    }

    /// The title after a label saying it is cancelled, as
    /// [`Language::cancelled_prefix`] writes it or a person types it:
    /// "Cancelled: ", "CANCELED : ", "Annulé : " (any space before the
    /// colon, a no-break one among them, or none).
    pub fn after_cancelled_label(self, title: &str) -> Option<&str> {
        let rest = self.after_cancelled(title)?.trim_start();
        rest.strip_prefix(':').map(str::trim_start)
    }

    /// `name` as the label of what follows: "Online: ", and in French with
    /// the no-break space that keeps the colon on its word's line,
    /// "En ligne\u{a0}: ".
    pub fn label(self, name: &str) -> String {
        format!("{name}{}", self.label_end())
    }

    /// What follows a label's name: French puts a (no-break) space before
    /// the colon.
    pub fn label_end(self) -> &'static str {
        self.words().label_end
    }

    pub fn words(self) -> &'static Words {
        match self {
            Language::En => &words::EN,
            Language::Fr => &words::FR,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// French writes a no-break space before a colon, as `label` does, in
    /// every word of the site; English none.
    #[test]
    fn every_french_colon_has_a_no_break_space_before_it() {
        for (language, before) in [(Language::Fr, Some('\u{a0}')), (Language::En, None)] {
            let words = serde_json::to_value(language.words()).unwrap();
            let mut texts = vec![words];
            while let Some(value) = texts.pop() {
                match value {
                    serde_json::Value::String(text) => {
                        let chars: Vec<char> = text.chars().collect();
                        for (i, _) in chars.iter().enumerate().filter(|(_, c)| **c == ':') {
                            let previous = i.checked_sub(1).map(|p| chars[p]);
                            match before {
                                Some(space) => assert_eq!(previous, Some(space), "{text:?}"),
                                None => {
                                    assert!(previous.is_none_or(|c| !c.is_whitespace()), "{text:?}")
                                }
                            }
                        }
                    }
                    serde_json::Value::Array(items) => texts.extend(items),
                    serde_json::Value::Object(fields) => texts.extend(fields.into_values()),
                    _ => {}
                }
            }
        }
        assert_eq!(Language::Fr.label("Quand"), "Quand\u{a0}: ");
    }

    #[test]
    fn formats_dates_in_french_and_english() {
        let at = NaiveDate::from_ymd_opt(2027, 1, 6)
            .unwrap()
            .and_hms_opt(19, 0, 0)
            .unwrap();
        assert_eq!(
            Language::Fr.date_time(at),
            "mercredi 6 janvier 2027 à 19:00"
        );
        assert_eq!(
            Language::En.date_time(at),
            "Wednesday 6 January 2027 at 19:00"
        );
        let first = NaiveDate::from_ymd_opt(2027, 9, 1).unwrap();
        assert_eq!(Language::Fr.date(first), "mercredi 1er septembre 2027");
        let christmas = NaiveDate::from_ymd_opt(2027, 12, 25).unwrap();
        assert_eq!(Language::En.date(christmas), "Saturday 25 December 2027");
        assert_eq!(Language::Fr.date(christmas), "samedi 25 décembre 2027");
        let tenth = NaiveDate::from_ymd_opt(2030, 2, 10).unwrap();
        assert_eq!(Language::En.date(tenth), "Sunday 10 February 2030");
        assert_eq!(Language::Fr.day_month(first), "1er septembre");
        assert_eq!(Language::En.day_month(first), "1 September");
        assert_eq!(Language::Fr.day_month(christmas), "25 décembre");
        assert_eq!(Language::En.duration(90), "1 h 30 min");
        assert_eq!(Language::En.compact_date(at.date()), "Wed 6 Jan 2027");
        assert_eq!(Language::Fr.compact_date(at.date()), "mer. 6 janv. 2027");
        assert_eq!(Language::Fr.duration(2 * 1440), "2 jours");
        assert_eq!(Language::En.duration(1441), "1 day 1 min");
        assert_eq!(Language::En.duration(2 * 1440 + 120), "2 days 2 h");
        assert_eq!(Language::Fr.duration(1440 + 61), "1 jour 1 h 1 min");
        assert_eq!(Language::En.duration(45), "45 min");
        assert_eq!(Language::parse("fr-FR"), Some(Language::Fr));
        assert_eq!(Language::parse("de"), None);
    }

    #[test]
    fn weekdays_are_read_by_name_and_accents_can_be_left_out() {
        assert_eq!(
            Language::Fr.weekday_named("Mardi", false),
            Some(Weekday::Tue)
        );
        assert_eq!(Language::Fr.weekday_named("mar", false), None);
        assert_eq!(Language::Fr.weekday_named("mar", true), Some(Weekday::Tue));
        assert_eq!(Language::En.weekday_named("thu", true), Some(Weekday::Thu));
        assert_eq!(unaccented("Annulée"), "annulee");
        assert_eq!(unaccented("AOÛT"), "aout");
    }

    #[test]
    fn cancelled_is_recognized_in_either_spelling_and_the_sites_language() {
        for (text, language, says) in [
            ("Cancelled. The speaker is ill.", Language::En, true),
            ("  cancelled, sorry", Language::En, true),
            ("Canceled!", Language::Fr, true),
            ("Annulé : salle fermée", Language::Fr, true),
            ("annulées toutes les deux", Language::Fr, true),
            ("Annulé : salle fermée", Language::En, false),
            ("Cancellation policy: none", Language::En, false),
            ("The talk is cancelled.", Language::En, false),
            ("", Language::En, false),
        ] {
            assert_eq!(language.after_cancelled(text).is_some(), says, "{text}");
        }
    }

    #[test]
    fn a_cancelled_label_is_recognized_as_written_and_as_typed() {
        for language in Language::ALL {
            let written = format!("{}Talk", language.cancelled_prefix());
            assert_eq!(language.after_cancelled_label(&written), Some("Talk"));
        }
        for (title, language) in [
            ("Cancelled: Talk", Language::En),
            ("CANCELLED : Talk", Language::En),
            ("canceled:Talk", Language::Fr),
            ("ANNULÉ : Talk", Language::Fr),
            ("Annulée: Talk", Language::Fr),
            ("Annulé\u{202f}: Talk", Language::Fr),
        ] {
            assert_eq!(
                language.after_cancelled_label(title),
                Some("Talk"),
                "{title}"
            );
        }
        for (title, language) in [
            ("Cancelled flights, a talk", Language::En),
            ("Cancelled. Talk", Language::En),
            ("Annulé : Talk", Language::En),
        ] {
            assert_eq!(language.after_cancelled_label(title), None, "{title}");
        }
    }
}
