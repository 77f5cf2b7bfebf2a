use super::*;

fn date(text: &str) -> NaiveDate {
    crate::when::parse_date(text).unwrap()
}

fn rule(every: Frequency, on: Option<On>, ending: Ending) -> Rule {
    Rule {
        every,
        interval: 1,
        on,
        ending,
        except: Vec::new(),
    }
}

#[test]
fn a_series_first_meets_on_its_first_date_not_skipped() {
    let weekly = rule(Frequency::Week, None, Ending::Never);
    let start = date("2027-01-07");
    assert_eq!(weekly.first_met(start), Some(start));
    let skipping = |mut r: Rule, except: &[&str]| {
        r.except = except.iter().map(|d| date(d)).collect();
        r
    };
    let skipped = skipping(weekly.clone(), &["2027-01-14", "2027-01-07"]);
    assert_eq!(skipped.first_met(start), Some(date("2027-01-21")));
    // Monthly by weekday: the rrule crate's dates, not the hand walk.
    let monthly = rule(
        Frequency::Month,
        Some(On::NthWeekday(1, Weekday::Thu)),
        Ending::Never,
    );
    let monthly = skipping(monthly, &["2027-01-07"]);
    assert_eq!(monthly.first_met(start), Some(date("2027-02-04")));
    // A series whose every date is skipped never met.
    let counted = rule(Frequency::Week, None, Ending::Count(2));
    let counted = skipping(counted, &["2027-01-07", "2027-01-14"]);
    assert_eq!(counted.first_met(start), None);
    let until = rule(Frequency::Week, None, Ending::Until(date("2027-01-10")));
    assert_eq!(skipping(until, &["2027-01-07"]).first_met(start), None);
}

#[test]
fn weekly_dates_skip_exceptions_and_stop_at_until() {
    let mut r = rule(
        Frequency::Week,
        Some(On::Weekdays(vec![Weekday::Thu])),
        Ending::Until(date("2027-01-28")),
    );
    r.except = vec![date("2027-01-14")];
    let dates = r.dates(date("2027-01-07"), date("2030-01-01"), usize::MAX);
    assert_eq!(
        dates,
        vec![date("2027-01-07"), date("2027-01-21"), date("2027-01-28")]
    );
}

#[test]
fn count_is_applied_before_exceptions() {
    let mut r = rule(Frequency::Day, None, Ending::Count(3));
    r.except = vec![date("2027-01-02")];
    let dates = r.dates(date("2027-01-01"), date("2030-01-01"), usize::MAX);
    assert_eq!(dates, vec![date("2027-01-01"), date("2027-01-03")]);
}

#[test]
fn can_expand_nth_and_last_weekdays() {
    let first_wed = rule(
        Frequency::Month,
        Some(On::NthWeekday(1, Weekday::Wed)),
        Ending::Count(3),
    );
    let dates = first_wed.dates(date("2027-01-06"), date("2030-01-01"), usize::MAX);
    assert_eq!(
        dates,
        vec![date("2027-01-06"), date("2027-02-03"), date("2027-03-03")]
    );
    let last_fri = rule(
        Frequency::Month,
        Some(On::NthWeekday(-1, Weekday::Fri)),
        Ending::Count(3),
    );
    let dates = last_fri.dates(date("2027-01-29"), date("2030-01-01"), usize::MAX);
    assert_eq!(
        dates,
        vec![date("2027-01-29"), date("2027-02-26"), date("2027-03-26")]
    );
}

#[test]
fn fifth_weekdays_skip_months_without_one() {
    let fifth_fri = rule(
        Frequency::Month,
        Some(On::NthWeekday(5, Weekday::Fri)),
        Ending::Count(3),
    );
    let dates = fifth_fri.dates(date("2027-01-29"), date("2030-01-01"), usize::MAX);
    assert_eq!(
        dates,
        vec![date("2027-01-29"), date("2027-04-30"), date("2027-07-30")]
    );
}

#[test]
fn month_ends_and_leap_days_are_skipped_where_missing() {
    let day_31 = rule(Frequency::Month, Some(On::MonthDay(31)), Ending::Count(4));
    let dates = day_31.dates(date("2027-01-31"), date("2030-01-01"), usize::MAX);
    assert_eq!(
        dates,
        vec![
            date("2027-01-31"),
            date("2027-03-31"),
            date("2027-05-31"),
            date("2027-07-31")
        ]
    );
    let leap = rule(Frequency::Year, None, Ending::Count(3));
    let dates = leap.dates(date("2028-02-29"), date("2040-01-01"), usize::MAX);
    assert_eq!(
        dates,
        vec![date("2028-02-29"), date("2032-02-29"), date("2036-02-29")]
    );
}

#[test]
fn intervals_and_several_weekdays() {
    let mut r = rule(
        Frequency::Week,
        Some(On::Weekdays(vec![Weekday::Tue, Weekday::Thu])),
        Ending::Count(4),
    );
    r.interval = 2;
    let dates = r.dates(date("2027-01-05"), date("2030-01-01"), usize::MAX);
    assert_eq!(
        dates,
        vec![
            date("2027-01-05"),
            date("2027-01-07"),
            date("2027-01-19"),
            date("2027-01-21")
        ]
    );
}

#[test]
fn open_ended_series_stop_at_the_horizon_and_the_limit() {
    let r = rule(Frequency::Day, None, Ending::Never);
    let dates = r.dates(date("2027-01-01"), date("2027-12-31"), usize::MAX);
    assert_eq!(dates.len(), 365);
    let limited = r.dates(date("2027-01-01"), date("2027-12-31"), 10);
    assert_eq!(limited.first(), Some(&date("2027-12-22")));
}

#[test]
fn errors_when_the_start_is_not_a_date_of_the_series() {
    let r = rule(
        Frequency::Week,
        Some(On::Weekdays(vec![Weekday::Thu])),
        Ending::Never,
    );
    let err = r.check_start(date("2027-01-05")).unwrap_err();
    assert!(err.message.contains("(tuesday) is not a date"), "{err:?}");
    assert_eq!(
        err.hint.as_deref(),
        Some("the first date of the series is 2027-01-07; start it there")
    );
    let last = rule(
        Frequency::Month,
        Some(On::NthWeekday(-1, Weekday::Fri)),
        Ending::Never,
    );
    assert!(last.check_start(date("2027-01-29")).is_ok());
    assert!(last.check_start(date("2027-01-22")).is_err());
}

/// The dates the `rrule` crate gives for `rule` from `from` to `last`.
fn crate_dates(rule: &Rule, from: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
    let Ok(set) = rule.to_rrule(from) else {
        return Vec::new();
    };
    set.into_iter()
        .map(|dt| dt.date_naive())
        .take_while(|d| *d <= last)
        .collect()
}

/// An ending drawn by `next`: none, up to `most` dates, or a last date
/// up to `within` days after `start`.
fn random_ending(
    next: &mut impl FnMut(u64) -> u64,
    start: NaiveDate,
    most: u64,
    within: u64,
) -> Ending {
    match next(3) {
        0 => Ending::Never,
        1 => Ending::Count(1 + next(most) as u32),
        _ => Ending::Until(start + chrono::Days::new(next(within))),
    }
}

#[test]
fn the_first_date_between_is_the_first_of_the_dates() {
    let mut next = crate::test_random::below(0x2545_f491_4f6c_dd1d);
    for _ in 0..2000 {
        let start = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Days::new(next(9000));
        let (every, on) = match next(4) {
            0 => (Frequency::Day, None),
            1 => (Frequency::Week, Some(On::Weekdays(vec![start.weekday()]))),
            2 => (Frequency::Month, Some(On::MonthDay(start.day() as u8))),
            _ => (Frequency::Year, None),
        };
        let ending = random_ending(&mut next, start, 20, 4000);
        let rule = Rule {
            every,
            interval: 1 + next(5) as u16,
            on,
            ending,
            except: vec![start + chrono::Days::new(next(3000))],
        };
        let first = start + chrono::Days::new(next(5000));
        let last = first + chrono::Days::new(next(3000));
        let expected = (rule.dates(start, last, usize::MAX).into_iter()).find(|d| *d >= first);
        assert_eq!(
            rule.first_date_between(start, first, last),
            expected,
            "{rule:?} from {start}, between {first} and {last}"
        );
    }
}

#[test]
fn hand_walk_matches_the_rrule_crate() {
    let mut next = crate::test_random::below(0x9e37_79b9_7f4a_7c15);
    let all = crate::text::locale::WEEK;
    let (mut walked, mut compared) = (0, 0);
    for case in 0..3000 {
        let from = if case % 100 == 0 {
            NaiveDate::from_ymd_opt(9997, 10, 1).unwrap() + chrono::Days::new(next(60))
        } else {
            NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + chrono::Days::new(next(20_000))
        };
        let every = if next(3) == 0 {
            Frequency::Day
        } else {
            Frequency::Week
        };
        let on = match (every, next(3)) {
            (Frequency::Week, 0) => None,
            (Frequency::Week, _) => {
                let mut days: Vec<Weekday> = all.iter().copied().filter(|_| next(3) == 0).collect();
                if days.is_empty() || next(4) != 0 {
                    days.push(from.weekday());
                }
                Some(On::Weekdays(days))
            }
            _ => None,
        };
        let ending = random_ending(&mut next, from, 40, 500);
        let rule = Rule {
            every,
            interval: 1 + next(4) as u16,
            on,
            ending,
            except: Vec::new(),
        };
        let last = from + chrono::Days::new(next(900));
        let mut by_hand = Vec::new();
        let handled = rule.walk_by_hand(from, last, &mut |d| {
            by_hand.push(d);
            true
        });
        compared += 1;
        if handled {
            walked += 1;
            assert_eq!(
                by_hand,
                crate_dates(&rule, from, last),
                "{rule:?} from {from} to {last}"
            );
        }
    }
    // Most cases take the hand walk; the others (a start the rule
    // does not give) are the crate's.
    assert!(walked > compared * 3 / 4, "{walked} of {compared}");
}
