//! The generated VTIMEZONEs read back by a small independent evaluator of
//! the forms they use, and compared with chrono-tz at every transition.

use super::*;
use chrono::NaiveTime;

fn utc(y: i32, m: u32, d: u32) -> DateTime<chrono::Utc> {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
        .and_utc()
}

fn written(tz: Tz, first: DateTime<chrono::Utc>, last: Option<DateTime<chrono::Utc>>) -> String {
    let text = vtimezone(tz, &transitions(tz), first, last).to_string();
    form::fold(&text).replace("\r\n ", "")
}

struct Block {
    start: NaiveDateTime,
    from: i32,
    to: i32,
    rrule: Option<String>,
}

fn parse_offset(text: &str) -> i32 {
    let sign = if text.starts_with('-') { -1 } else { 1 };
    let digits = &text[1..];
    let h: i32 = digits[0..2].parse().unwrap();
    let m: i32 = digits[2..4].parse().unwrap();
    let s: i32 = digits.get(4..6).map_or(0, |s| s.parse().unwrap());
    sign * (h * 3600 + m * 60 + s)
}

fn blocks(vtz: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    for line in vtz.lines() {
        let (key, value) = line.split_once(':').unwrap_or((line, ""));
        match key {
            "BEGIN" if value == "STANDARD" || value == "DAYLIGHT" => {
                current = Some(Block {
                    start: NaiveDateTime::MIN,
                    from: 0,
                    to: 0,
                    rrule: None,
                })
            }
            "DTSTART" => {
                current.as_mut().unwrap().start =
                    NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").unwrap()
            }
            "TZOFFSETFROM" => current.as_mut().unwrap().from = parse_offset(value),
            "TZOFFSETTO" => current.as_mut().unwrap().to = parse_offset(value),
            "RRULE" => current.as_mut().unwrap().rrule = Some(value.to_string()),
            "END" if value == "STANDARD" || value == "DAYLIGHT" => {
                out.push(current.take().unwrap())
            }
            _ => {}
        }
    }
    out
}

fn weekday(code: &str) -> Weekday {
    ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
        .iter()
        .position(|c| *c == code)
        .map(|i| Weekday::try_from(i as u8).unwrap())
        .unwrap()
}

/// The date a yearly rule of the forms we write gives in `year`.
fn date_in(rule: &str, year: i32) -> NaiveDate {
    let mut month = 0;
    let mut byday: Option<(i32, Weekday)> = None;
    let mut monthdays: Vec<u32> = Vec::new();
    for part in rule.split(';') {
        let (k, v) = part.split_once('=').unwrap();
        match k {
            "FREQ" => assert_eq!(v, "YEARLY"),
            "BYMONTH" => month = v.parse().unwrap(),
            "BYMONTHDAY" => monthdays = v.split(',').map(|d| d.parse().unwrap()).collect(),
            "BYDAY" => {
                let (n, code) = v.split_at(v.len() - 2);
                byday = Some((n.parse().unwrap_or(0), weekday(code)));
            }
            other => panic!("unexpected {other}"),
        }
    }
    let days: Vec<NaiveDate> = (1..=crate::when::days_in_month(year, month))
        .map(|d| NaiveDate::from_ymd_opt(year, month, d).unwrap())
        .filter(|d| monthdays.is_empty() || monthdays.contains(&d.day()))
        .filter(|d| byday.is_none_or(|(_, w)| d.weekday() == w))
        .collect();
    match byday {
        Some((n, _)) if n > 0 => days[n as usize - 1],
        Some((n, _)) if n < 0 => days[days.len() - n.unsigned_abs() as usize],
        _ => {
            assert_eq!(days.len(), 1, "{rule} in {year}");
            days[0]
        }
    }
}

/// Every onset the VTIMEZONE describes up to 2100: (UTC second, new offset).
fn onsets(vtz: &str) -> Vec<(i64, i32)> {
    let mut all = Vec::new();
    for b in blocks(vtz) {
        let at = |local: NaiveDateTime| local.and_utc().timestamp() - i64::from(b.from);
        match &b.rrule {
            None => all.push((at(b.start), b.to)),
            Some(rule) => {
                for year in b.start.year()..2100 {
                    all.push((at(date_in(rule, year).and_time(b.start.time())), b.to));
                }
            }
        }
    }
    all.sort();
    all
}

fn offset_from(onsets: &[(i64, i32)], secs: i64) -> Option<i32> {
    onsets
        .iter()
        .take_while(|(at, _)| *at <= secs)
        .last()
        .map(|(_, to)| *to)
}

/// Checks the VTIMEZONE against chrono-tz at noon every 5 days, and a second
/// either side of every real transition, from `first` to `until`.
fn assert_agrees(tz: Tz, first: DateTime<chrono::Utc>, until: DateTime<chrono::Utc>) -> String {
    let vtz = written(tz, first, None);
    let onsets = onsets(&vtz);
    let mut probes: Vec<i64> = (0..)
        .map(|i| first.timestamp() + i * 5 * DAY)
        .take_while(|t| *t < until.timestamp())
        .collect();
    for t in transitions(tz) {
        if t.at > first.timestamp() && t.at < until.timestamp() {
            probes.extend([t.at - 1, t.at]);
        }
    }
    for secs in probes {
        assert_eq!(
            offset_from(&onsets, secs),
            Some(offset_at(tz, secs)),
            "{} at {}\n{vtz}",
            tz.name(),
            instant(secs)
        );
    }
    vtz
}

#[test]
fn paris_is_one_standard_and_one_daylight_block() {
    let vtz = assert_agrees(chrono_tz::Europe::Paris, utc(2026, 10, 1), utc(2099, 12, 1));
    assert_eq!(
        vtz,
        "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\n\
         BEGIN:DAYLIGHT\r\nDTSTART:20250330T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n\
         TZNAME:CEST\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n\
         BEGIN:STANDARD\r\nDTSTART:20251026T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n\
         TZNAME:CET\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n\
         END:VTIMEZONE\r\n"
    );
}

#[test]
fn new_york_uses_nth_sundays() {
    let vtz = assert_agrees(
        chrono_tz::America::New_York,
        utc(2027, 1, 1),
        utc(2099, 12, 1),
    );
    assert!(
        vtz.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU"),
        "{vtz}"
    );
    assert!(
        vtz.contains("RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU"),
        "{vtz}"
    );
    assert_eq!(vtz.matches("BEGIN:").count(), 3, "{vtz}");
}

#[test]
fn rules_that_changed_since_the_first_event_get_explicit_blocks_first() {
    // The United States moved its DST dates in 2007.
    let vtz = assert_agrees(
        chrono_tz::America::New_York,
        utc(2005, 6, 1),
        utc(2099, 12, 1),
    );
    assert!(
        vtz.contains("DTSTART:20060402T020000"),
        "2006 is explicit: {vtz}"
    );
    assert!(
        vtz.contains("DTSTART:20070311T020000\r\nTZOFFSETFROM:-0500"),
        "{vtz}"
    );
}

#[test]
fn zones_with_unusual_rules_still_agree() {
    for tz in [
        chrono_tz::Europe::Dublin,
        chrono_tz::Europe::London,
        chrono_tz::Australia::Lord_Howe,
        chrono_tz::Asia::Jerusalem,
        chrono_tz::America::Santiago,
        chrono_tz::Pacific::Auckland,
        chrono_tz::Antarctica::Troll,
        chrono_tz::America::Havana,
    ] {
        let vtz = assert_agrees(tz, utc(2026, 1, 1), utc(2099, 12, 1));
        assert!(vtz.matches("BEGIN:").count() <= 5, "{vtz}");
    }
    let jerusalem = written(chrono_tz::Asia::Jerusalem, utc(2027, 1, 1), None);
    assert!(
        jerusalem.contains("BYMONTHDAY=23,24,25,26,27,28,29;BYDAY=FR"),
        "Friday on or after the 23rd: {jerusalem}"
    );
}

#[test]
fn zones_without_daylight_saving_have_one_block() {
    for (tz, offset) in [
        (chrono_tz::Asia::Kathmandu, "+0545"),
        (chrono_tz::UTC, "+0000"),
        (chrono_tz::America::Sao_Paulo, "-0300"),
    ] {
        let vtz = assert_agrees(tz, utc(2027, 1, 1), utc(2099, 12, 1));
        assert_eq!(vtz.matches("BEGIN:STANDARD").count(), 1, "{vtz}");
        assert!(vtz.contains(&format!("TZOFFSETTO:{offset}")), "{vtz}");
        assert!(vtz.contains("DTSTART:20260101T"), "{vtz}");
    }
}

#[test]
fn zones_that_stopped_daylight_saving_are_explicit() {
    // São Paulo's last summer time ended in February 2019.
    let vtz = assert_agrees(
        chrono_tz::America::Sao_Paulo,
        utc(2018, 3, 1),
        utc(2030, 1, 1),
    );
    assert!(!vtz.contains("RRULE"), "{vtz}");
    assert!(vtz.contains("DTSTART:20190217T000000"), "{vtz}");
}

#[test]
fn irregular_zones_stop_at_the_last_event() {
    // Morocco suspends its offset during Ramadan: no yearly rule fits.
    let first = utc(2027, 1, 1);
    let all = assert_agrees(chrono_tz::Africa::Casablanca, first, utc(2087, 12, 1));
    let trimmed = written(chrono_tz::Africa::Casablanca, first, Some(utc(2028, 1, 1)));
    assert!(trimmed.len() < all.len() / 10, "{trimmed}");
    let onsets = onsets(&trimmed);
    let mut t = first.timestamp();
    while t < utc(2028, 1, 1).timestamp() {
        let zone = chrono_tz::Africa::Casablanca;
        assert_eq!(offset_from(&onsets, t), Some(offset_at(zone, t)));
        t += DAY / 4;
    }
}

#[test]
fn finds_transitions_to_the_second() {
    let paris = transitions(chrono_tz::Europe::Paris);
    let spring = paris
        .iter()
        .find(|t| instant(t.at).year() == 2027 && t.to == 7200)
        .unwrap();
    assert_eq!(instant(spring.at).to_rfc3339(), "2027-03-28T01:00:00+00:00");
    assert_eq!(
        spring.onset().time(),
        NaiveTime::from_hms_opt(2, 0, 0).unwrap()
    );
    assert_eq!(spring.name.as_deref(), Some("CEST"));
    assert!(spring.dst);
}

/// Probing a week at a time finds what probing every day does, in every
/// zone of the database.
#[test]
fn weekly_probes_find_every_transition_daily_probes_do() {
    for &tz in chrono_tz::TZ_VARIANTS.iter() {
        assert_eq!(
            transitions(tz),
            transitions_probed_every(tz, DAY),
            "{}",
            tz.name()
        );
    }
}
