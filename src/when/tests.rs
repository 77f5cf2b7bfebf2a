use super::*;

fn wall(text: &str) -> NaiveDateTime {
    match parse_when(text).unwrap() {
        When::Timed(t) => t,
        When::AllDay(_) => panic!("not timed"),
    }
}

#[test]
fn a_duration_lasts_its_length_where_an_end_keeps_its_clock_time() {
    let paris = chrono_tz::Europe::Paris;
    let four = Duration::hours(4);
    let span_of = |start: &str, ends| {
        let (from, to) = span(paris, wall(start), four, ends);
        (from.to_rfc3339(), to.to_rfc3339())
    };
    // Paris springs forward at 02:00 on 2027-03-28, falls back at 03:00
    // on 2027-10-31.
    for (start, after_length, at_clock_time) in [
        (
            "2027-03-27 23:00",
            "2027-03-28T04:00:00+02:00",
            "2027-03-28T03:00:00+02:00",
        ),
        (
            "2027-10-30 23:00",
            "2027-10-31T02:00:00+01:00",
            "2027-10-31T03:00:00+01:00",
        ),
        (
            "2027-04-03 23:00",
            "2027-04-04T03:00:00+02:00",
            "2027-04-04T03:00:00+02:00",
        ),
    ] {
        assert_eq!(span_of(start, Ends::AfterLength).1, after_length, "{start}");
        assert_eq!(
            span_of(start, Ends::AtClockTime).1,
            at_clock_time,
            "{start}"
        );
        // Either way, a night the clocks change is written apart.
        let changes = span_of(start, Ends::AtClockTime).1 != after_length;
        assert_eq!(clocks_change_within(paris, wall(start), four), changes);
    }
    // So is a start the clocks skip.
    assert!(clocks_change_within(paris, wall("2027-03-28 02:30"), four));
}

#[test]
fn can_parse_both_forms_and_the_t_separator() {
    assert_eq!(
        parse_when("2027-02-10 19:00").unwrap(),
        parse_when("2027-02-10T19:00").unwrap()
    );
    assert_eq!(
        parse_when("2027-03-18").unwrap(),
        When::AllDay(NaiveDate::from_ymd_opt(2027, 3, 18).unwrap())
    );
}

#[test]
fn errors_on_impossible_dates_with_the_month_length() {
    let err = parse_when("2027-02-29 19:00").unwrap_err();
    assert!(err.message.contains("February 2027 has 28 days"), "{err:?}");
    assert!(parse_date("2028-02-29").is_ok(), "2028 is a leap year");
    assert!(parse_date("2100-02-29").is_err(), "2100 is not");
    assert!(parse_date("2027-13-01")
        .unwrap_err()
        .message
        .contains("no month 13"));
    assert!(parse_date("2027-04-31").is_err());
}

/// Dates as event sites and other languages write them, pasted whole.
#[test]
fn dates_pasted_from_elsewhere_get_the_start_they_mean() {
    for (written, hint) in [
        (
            "Thu, Mar 12, 2027, 7:00 PM - 9:00 PM EST",
            "write `start: 2027-03-12 19:00` and `end: 2027-03-12 21:00`, and give the event `timezone: America/New_York`",
        ),
        (
            "Thursday, March 12, 2027 7:00 PM UTC",
            "write `start: 2027-03-12 19:00`, and give the event `timezone: UTC`",
        ),
        ("Donnerstag, 12. März 2027 um 19:00 Uhr", "write `start: 2027-03-12 19:00`"),
        ("jueves, 12 de marzo de 2027, 19:00", "write `start: 2027-03-12 19:00`"),
        (
            "2027年3月12日(金) 19:00〜21:00",
            "write `start: 2027-03-12 19:00` and `end: 2027-03-12 21:00`",
        ),
    ] {
        assert_eq!(parse_start(written).unwrap_err().hint.as_deref(), Some(hint), "{written}");
    }
}

#[test]
fn a_word_for_oclock_is_not_a_zone() {
    for written in [
        "2027-02-10 19:00 Uhr",
        "2027-02-10 19:00 heures",
        "2027-02-10 19 Uhr",
    ] {
        let hint = parse_when(written).unwrap_err().hint.unwrap_or_default();
        assert!(
            hint.starts_with("write `2027-02-10 19:00`, without"),
            "{written}: {hint}"
        );
        assert!(!hint.contains("timezone"), "{written}: {hint}");
    }
}

#[test]
fn errors_on_bad_times_and_shapes() {
    assert!(parse_when("2027-02-10 25:00")
        .unwrap_err()
        .message
        .contains("not a time"));
    assert!(parse_when("10/02/2027").is_err());
    assert!(parse_when("2027-2-10").is_err());
    assert!(parse_when("2027-02-10 19:00+01:00").is_err());
    assert!(parse_date("3027-02-10")
        .unwrap_err()
        .message
        .contains("out of range"));
}

#[test]
fn names_a_space_that_only_looks_like_one() {
    let err = parse_when("2027-01-14\u{a0}19:00").unwrap_err();
    assert_eq!(
        err.message,
        "a non-breaking space (U+00A0) is between the date and the time"
    );
    assert_eq!(
        err.hint.as_deref(),
        Some("type a normal space: `2027-01-14 19:00`")
    );
    let err = parse_when("2027-01-14\t19:00").unwrap_err();
    assert_eq!(err.message, "a tab is between the date and the time");
    let err = parse_when("2027-01-14\u{202f}19:00").unwrap_err();
    assert!(
        err.message.starts_with("a narrow no-break space"),
        "{err:?}"
    );
    let err = parse_date("2027-01\u{200b}-14").unwrap_err();
    assert_eq!(
        err.message,
        "an invisible character (U+200B) is after `2027-01`"
    );
    assert_eq!(err.hint.as_deref(), Some("delete it: `2027-01-14`"));
}

#[test]
fn names_an_unusual_space_in_durations_zones_and_weekdays() {
    let err = parse_duration("2\u{a0}h").unwrap_err();
    assert_eq!(err.message, "a non-breaking space (U+00A0) is after `2`");
    assert_eq!(err.hint.as_deref(), Some("delete it: `2h`"));
    let err = parse_timezone("America/New\u{202f}York").unwrap_err();
    assert_eq!(
        err.message,
        "a narrow no-break space (U+202F) is after `America/New`"
    );
    assert_eq!(err.hint.as_deref(), Some("write `America/New_York`"));
    let err = parse_timezone("Europe/Paris\u{200b}").unwrap_err();
    assert_eq!(err.message, "an invisible character (U+200B) is at the end");
    let err = parse_weekday("\u{2060}tuesday").unwrap_err();
    assert_eq!(
        err.message,
        "an invisible character (U+2060) is at the start"
    );
    assert_eq!(err.hint.as_deref(), Some("delete it: `tuesday`"));
}

#[test]
fn a_start_in_another_form_gets_the_line_to_write() {
    let err = parse_start("mardi 14/01/2027 à 19h").unwrap_err();
    assert_eq!(err.hint.as_deref(), Some("write `start: 2027-01-14 19:00`"));
    let err = parse_start("14 janvier 2027 19h-21h").unwrap_err();
    assert_eq!(
        err.hint.as_deref(),
        Some("write `start: 2027-01-14 19:00` and `end: 2027-01-14 21:00`")
    );
    let err = parse_end("mardi 14/01/2027 à 21h", None).unwrap_err();
    assert_eq!(err.hint.as_deref(), Some("write `end: 2027-01-14 21:00`"));
}

#[test]
fn can_parse_durations() {
    assert_eq!(parse_duration("90m").unwrap(), Duration::minutes(90));
    assert_eq!(parse_duration("2h").unwrap(), Duration::hours(2));
    assert_eq!(parse_duration("1h30m").unwrap(), Duration::minutes(90));
    assert_eq!(parse_duration("2d").unwrap(), Duration::days(2));
    assert_eq!(parse_duration("62d").unwrap(), Duration::days(62));
    for bad in [
        "",
        "h",
        "30",
        "1m1h",
        "0m",
        "1.5h",
        "2 h",
        "99999999m",
        "367d",
    ] {
        assert!(parse_duration(bad).is_err(), "{bad}");
    }
}

#[test]
fn suggests_time_zones_and_weekdays() {
    let err = parse_timezone("Europe/Pariss").unwrap_err();
    assert_eq!(err.hint.as_deref(), Some("did you mean `Europe/Paris`?"));
    assert_eq!(parse_weekday("Thursday").unwrap(), Weekday::Thu);
    assert_eq!(parse_weekday("thu").unwrap(), Weekday::Thu);
    let err = parse_weekday("Mardi").unwrap_err();
    assert_eq!(err.hint.as_deref(), Some("did you mean `tuesday`?"));
    let err = parse_weekday("thursdy").unwrap_err();
    assert_eq!(err.hint.as_deref(), Some("did you mean `thursday`?"));
}

#[test]
fn knows_dst_gaps_and_overlaps() {
    let paris = chrono_tz::Europe::Paris;
    assert_eq!(local_time(paris, wall("2027-03-28 02:30")), LocalTime::Gap);
    assert!(matches!(
        local_time(paris, wall("2027-10-31 02:30")),
        LocalTime::Ambiguous(..)
    ));
    assert!(matches!(
        local_time(paris, wall("2027-10-31 08:30")),
        LocalTime::Exact(_)
    ));
}

#[test]
fn resolves_gaps_forward_and_overlaps_to_the_first_instant() {
    let paris = chrono_tz::Europe::Paris;
    let gap = resolve(paris, wall("2027-03-28 02:30"));
    assert_eq!(gap.to_rfc3339(), "2027-03-28T03:30:00+02:00");
    let overlap = resolve(paris, wall("2027-10-31 02:30"));
    assert_eq!(overlap.to_rfc3339(), "2027-10-31T02:30:00+02:00");
    let lord_howe = chrono_tz::Australia::Lord_Howe;
    // Lord Howe springs forward by 30 minutes at 02:00.
    let gap = resolve(lord_howe, wall("2027-10-03 02:15"));
    assert_eq!(gap.to_rfc3339(), "2027-10-03T02:45:00+11:00");
    let kathmandu = resolve(chrono_tz::Asia::Kathmandu, wall("2027-01-01 10:00"));
    assert_eq!(kathmandu.to_rfc3339(), "2027-01-01T10:00:00+05:45");
}
