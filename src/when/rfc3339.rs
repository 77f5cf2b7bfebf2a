//! Instants in RFC 3339, and times of day, written by hand: every listed
//! date prints one or two (a page's `<time datetime>`, `events.json`), and
//! the general formatters took a few percent of a calendar of weekly series.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Offset, TimeZone, Timelike};

/// `t` as chrono's `to_rfc3339` writes it (`2027-03-04T19:00:00+01:00`):
/// written here for the usual instant, left to chrono for the rest (a
/// fraction of a second, an offset with seconds, a year outside 0–9999).
pub fn rfc3339<Tz: TimeZone>(t: &DateTime<Tz>) -> String {
    let mut text = Vec::with_capacity(25);
    push_rfc3339(t, &mut text);
    String::from_utf8(text).expect("ASCII")
}

/// `t` as [`rfc3339`] writes it, at the end of `out`.
pub fn push_rfc3339<Tz: TimeZone>(t: &DateTime<Tz>, out: &mut Vec<u8>) {
    match usual_rfc3339(t) {
        Some(text) => out.extend_from_slice(text.as_bytes()),
        None => out.extend_from_slice(t.to_rfc3339().as_bytes()),
    }
}

/// `t` as [`rfc3339`] writes it, for the usual instant: whole seconds,
/// an offset of whole minutes, a year of four digits. `None` for the rest.
pub fn usual_rfc3339<Tz: TimeZone>(t: &DateTime<Tz>) -> Option<Written<25>> {
    let offset = t.offset().fix().local_minus_utc();
    let local = t.naive_local();
    if !(0..=9999).contains(&local.year()) || local.nanosecond() != 0 || offset % 60 != 0 {
        return None;
    }
    let (sign, offset) = match offset {
        o if o < 0 => (b'-', -o as u32),
        o => (b'+', o as u32),
    };
    let mut text = *b"0000-00-00T00:00:00+00:00";
    put_date(&mut text[..10], &local.date());
    put_digits(&mut text[11..13], local.hour());
    put_digits(&mut text[14..16], local.minute());
    put_digits(&mut text[17..19], local.second());
    text[19] = sign;
    put_digits(&mut text[20..22], offset / 3600);
    put_digits(&mut text[23..25], offset / 60 % 60);
    Some(Written(text))
}

/// `d` as chrono's `Display` writes it (`2027-03-04`), at the end of `out`.
pub fn push_date(d: &NaiveDate, out: &mut Vec<u8>) {
    if !(0..=9999).contains(&d.year()) {
        out.extend_from_slice(d.to_string().as_bytes());
        return;
    }
    let mut text = *b"0000-00-00";
    put_date(&mut text, d);
    out.extend_from_slice(&text);
}

/// `yyyy-mm-dd` into the first ten bytes of `place`, for a year of four digits.
fn put_date(place: &mut [u8], d: &impl Datelike) {
    put_digits(&mut place[0..4], d.year() as u32);
    put_digits(&mut place[5..7], d.month());
    put_digits(&mut place[8..10], d.day());
}

/// `hh:mm`, as `format!("{:02}:{:02}")` writes the time of `t`.
pub fn hours_minutes(t: &impl Timelike) -> String {
    hours_minutes_bytes(t).as_str().to_string()
}

/// [`hours_minutes`], kept on the stack.
pub fn hours_minutes_bytes(t: &impl Timelike) -> Written<5> {
    let mut text = *b"00:00";
    put_digits(&mut text[0..2], t.hour());
    put_digits(&mut text[3..5], t.minute());
    Written(text)
}

/// `t` as `format("%Y%m%dT%H%M%S")` writes it (iCalendar's and Google
/// Calendar's basic form), by hand for a year of four digits and no leap
/// second, by chrono for the rest.
pub fn basic_date_time(t: &NaiveDateTime) -> String {
    if !(0..=9999).contains(&t.year()) || t.nanosecond() >= 1_000_000_000 {
        return t.format("%Y%m%dT%H%M%S").to_string();
    }
    let mut text = *b"00000000T000000";
    put_basic_date(&mut text[..8], &t.date());
    put_digits(&mut text[9..11], t.hour());
    put_digits(&mut text[11..13], t.minute());
    put_digits(&mut text[13..15], t.second());
    String::from_utf8(text.to_vec()).expect("ASCII digits")
}

/// `d` as `format("%Y%m%d")` writes it.
pub fn basic_date(d: &NaiveDate) -> String {
    if !(0..=9999).contains(&d.year()) {
        return d.format("%Y%m%d").to_string();
    }
    let mut text = *b"00000000";
    put_basic_date(&mut text, d);
    String::from_utf8(text.to_vec()).expect("ASCII digits")
}

fn put_basic_date(place: &mut [u8], d: &impl Datelike) {
    put_digits(&mut place[0..4], d.year() as u32);
    put_digits(&mut place[4..6], d.month());
    put_digits(&mut place[6..8], d.day());
}

/// Digits and signs written on the stack: ASCII by construction, since
/// only this module makes one. Every listed date prints two (a `datetime`
/// and a time), and proving them UTF-8 each time was a few percent of a
/// calendar of weekly series' pages.
#[derive(Clone, Copy)]
pub struct Written<const N: usize>([u8; N]);

impl<const N: usize> Written<N> {
    pub fn as_str(&self) -> &str {
        debug_assert!(self.0.is_ascii());
        // SAFETY: the bytes are ASCII (the type's invariant: only this
        // module's writers make one), and ASCII is UTF-8.
        unsafe { std::str::from_utf8_unchecked(&self.0) }
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

/// Writes `value`'s last decimal digits into `place`, zero-padded: every
/// listed date prints its times, and the general formatter is slow at it.
/// Two digits a step, from a table: one division by 100 rather than two
/// by 10; an odd width's first digit on its own.
fn put_digits(place: &mut [u8], mut value: u32) {
    let mut pairs = place.rchunks_exact_mut(2);
    for pair_place in &mut pairs {
        let pair = (value % 100) as usize * 2;
        pair_place.copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
        value /= 100;
    }
    if let [first] = pairs.into_remainder() {
        *first = b'0' + (value % 10) as u8;
    }
}

/// "00" to "99", one after another.
static DIGIT_PAIRS: [u8; 200] = {
    let mut pairs = [0; 200];
    let mut n = 0;
    while n < 100 {
        pairs[2 * n] = b'0' + (n / 10) as u8;
        pairs[2 * n + 1] = b'0' + (n % 10) as u8;
        n += 1;
    }
    pairs
};

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, Utc};
    use chrono_tz::Tz;

    /// Every width, odd or even, is the value's last digits, zero-padded,
    /// as `format!` writes them.
    #[test]
    fn digits_are_the_last_ones_zero_padded() {
        for width in 1..=6 {
            for value in [0, 7, 42, 305, 1999, 86_399, 123_456, 9_876_543, u32::MAX] {
                let mut place = vec![b'x'; width];
                put_digits(&mut place, value);
                let all = format!("{value:0width$}");
                assert_eq!(
                    String::from_utf8(place).unwrap(),
                    all[all.len() - width..],
                    "{value} in {width}"
                );
            }
        }
    }

    #[test]
    fn writes_what_chrono_writes() {
        let zones: [Tz; 8] = [
            chrono_tz::Europe::Paris,
            chrono_tz::America::St_Johns,
            chrono_tz::America::Los_Angeles,
            chrono_tz::Asia::Kathmandu,
            chrono_tz::Pacific::Chatham,
            chrono_tz::UTC,
            // An offset with seconds, before 1972.
            chrono_tz::Africa::Monrovia,
            chrono_tz::Europe::Amsterdam,
        ];
        let mut next = crate::test_random::below(7);
        let origin = Utc.with_ymd_and_hms(1900, 1, 1, 0, 0, 0).unwrap();
        let mut by_hand = 0;
        for case in 0..20_000 {
            let mut instant = origin + Duration::minutes(next(200 * 365 * 24 * 60) as i64);
            if case % 10 == 0 {
                instant += Duration::milliseconds(next(60_000) as i64);
            }
            let zone = zones[next(zones.len() as u64) as usize];
            let t = instant.with_timezone(&zone);
            assert_eq!(rfc3339(&t), t.to_rfc3339(), "{instant} in {zone}");
            by_hand +=
                usize::from(t.nanosecond() == 0 && t.offset().fix().local_minus_utc() % 60 == 0);
        }
        assert!(by_hand > 15_000, "{by_hand}");
        let far = Utc.with_ymd_and_hms(12345, 6, 7, 8, 9, 10).unwrap();
        assert_eq!(rfc3339(&far), far.to_rfc3339());
    }

    #[test]
    fn dates_as_chrono_writes_them() {
        let mut next = crate::test_random::below(11);
        let origin = NaiveDate::from_ymd_opt(1, 1, 1).unwrap();
        for _ in 0..20_000 {
            let d = origin + Duration::days(next(12_000 * 365) as i64);
            let mut text = Vec::new();
            push_date(&d, &mut text);
            assert_eq!(String::from_utf8(text).unwrap(), d.to_string());
        }
    }

    #[test]
    fn basic_forms_as_chrono_writes_them() {
        let mut next = crate::test_random::below(13);
        let origin = NaiveDate::from_ymd_opt(-20, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        for case in 0..20_000 {
            let mut t = origin + Duration::seconds(next(10_100 * 365 * 86_400) as i64);
            if case % 100 == 0 {
                // A leap second: chrono writes `60`.
                t = t.date().and_hms_milli_opt(23, 59, 59, 1_500).unwrap();
            }
            assert_eq!(basic_date_time(&t), t.format("%Y%m%dT%H%M%S").to_string());
            assert_eq!(basic_date(&t.date()), t.format("%Y%m%d").to_string());
        }
    }

    #[test]
    fn hours_and_minutes_as_the_formatter_writes_them() {
        for minutes in 0..24 * 60 {
            let t = chrono::NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 7).unwrap();
            assert_eq!(
                hours_minutes(&t),
                format!("{:02}:{:02}", t.hour(), t.minute())
            );
        }
    }
}
