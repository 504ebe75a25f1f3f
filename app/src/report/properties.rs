//! Property tests: random histories of applications, walked through the statutory clock
//! (补正 and its answer or abandonment, consultation, extension, a reply of any Art. 36
//! kind, or none yet), keep table 3's 一 + 二 = 三 + 四 in every column of every year, and
//! each row equals a count made here independently of `table3`; split among departments,
//! every department's table balances too and they add up to the district's.
use super::service::{consistent, table3, Case};
use crate::calendar::{seed, WorkingCalendar, WorkingDays};
use crate::disclosure::clock::Clock;
use crate::disclosure::types::{ApplicantType, OUTCOME_ROWS};
use chrono::{Duration, NaiveDate};
use proptest::prelude::*;

/// One application's history, as offsets and choices.
#[derive(Clone, Debug)]
struct History {
    kind: usize,
    received: i64,
    /// Working days after receipt a 补正 is asked for (at most 7), and whether it is answered.
    correction: Option<(u32, bool)>,
    /// Working days a consultation lasts, if any.
    consultation: Option<u32>,
    extension: Option<u32>,
    /// The reply: its row, and how many working days before the due date (or after it,
    /// negative: late replies happen); none while still open.
    reply: Option<(usize, i32)>,
}

fn history() -> impl Strategy<Value = History> {
    (
        0..6usize,
        0..1460i64,
        proptest::option::of((1..=7u32, any::<bool>())),
        proptest::option::of(1..=15u32),
        proptest::option::of(1..=20u32),
        proptest::option::of((0..OUTCOME_ROWS.len(), -10..20i32)),
    )
        .prop_map(
            |(kind, received, correction, consultation, extension, reply)| History {
                kind,
                received,
                correction,
                consultation,
                extension,
                reply,
            },
        )
}

fn day0() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).expect("a valid date")
}

/// Walks one history through the clock into what table 3 reads: when it was received, and
/// when and how it was closed (abandoned, answered) or `None` while open.
fn walk(h: &History, cal: &WorkingCalendar) -> Case {
    let received_on = day0() + Duration::days(h.received);
    let mut clock = Clock::received(received_on);
    let kind = ApplicantType::ALL[h.kind];
    let case = |replied_on: Option<NaiveDate>, outcome: Option<&str>| Case {
        kind,
        received_on,
        replied_on,
        outcome: outcome.map(str::to_string),
    };
    if let Some((after, answered)) = h.correction {
        let asked = cal.add_working_days(received_on, WorkingDays(after));
        clock.correction_requested_on = Some(asked);
        if !answered {
            // Art. 30: abandoned the day after the deadline.
            return case(clock.abandoned_on(cal), Some("other.no_correction"));
        }
        clock.corrected_on = Some(cal.add_working_days(asked, WorkingDays(3)));
    }
    let start = clock.corrected_on.unwrap_or(received_on);
    if let Some(days) = h.consultation {
        let from = cal.add_working_days(start, WorkingDays(1));
        clock.consult_started_on = Some(from);
        clock.consult_ended_on = Some(cal.add_working_days(from, WorkingDays(days)));
    }
    clock.extension_days = h.extension;
    let Some((row, before_due)) = h.reply else {
        return case(None, None);
    };
    let due = clock
        .due(cal, received_on + Duration::days(400))
        .expect("the clock runs once any correction is answered");
    let replied_on = due - Duration::days(before_due as i64);
    let replied_on = replied_on.max(start);
    case(Some(replied_on), Some(OUTCOME_ROWS[row].key))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn table_three_balances_every_year(histories in proptest::collection::vec(history(), 0..60)) {
        let cal = WorkingCalendar::new(seed::days().into_iter().map(|(d, k, _)| (d, k)));
        let cases: Vec<Case> = histories.iter().map(|h| walk(h, &cal)).collect();
        for year in 2024..=2029 {
            let start = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
            let end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap();
            let t = table3(start, end, &cases);
            prop_assert!(consistent(&t), "{year}: {t:?}");
            let total = |key: &str| t.row(key).unwrap().values[6] as usize;
            let count = |f: &dyn Fn(&Case) -> bool| cases.iter().filter(|c| f(c)).count();
            let closed_by = |c: &Case, d: NaiveDate| c.replied_on.is_some_and(|r| r <= d);
            prop_assert_eq!(total("new"), count(&|c| (start..=end).contains(&c.received_on)));
            prop_assert_eq!(
                total("carried_over"),
                count(&|c| c.received_on < start && !closed_by(c, start - Duration::days(1)))
            );
            prop_assert_eq!(
                total("results_total"),
                count(&|c| c.replied_on.is_some_and(|r| (start..=end).contains(&r)))
            );
            prop_assert_eq!(
                total("carried_forward"),
                count(&|c| c.received_on <= end && !closed_by(c, end))
            );
            prop_assert_eq!(
                total("other.no_correction"),
                count(&|c| c.outcome.as_deref() == Some("other.no_correction")
                    && c.replied_on.is_some_and(|r| (start..=end).contains(&r)))
            );
        }
    }

    #[test]
    fn department_tables_balance_and_add_up_to_the_districts(
        histories in proptest::collection::vec((history(), proptest::option::of(0..4u8)), 0..60)
    ) {
        let cal = WorkingCalendar::new(seed::days().into_iter().map(|(d, k, _)| (d, k)));
        let cases: Vec<(Case, Option<u8>)> =
            histories.iter().map(|(h, d)| (walk(h, &cal), *d)).collect();
        for year in 2024..=2029 {
            let start = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
            let end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap();
            let all: Vec<Case> = cases.iter().map(|(c, _)| c.clone()).collect();
            let district = table3(start, end, &all);
            let mut sum = table3(start, end, &[]);
            // Each department's, and those no department was named for.
            for department in [None, Some(0), Some(1), Some(2), Some(3)] {
                let own: Vec<Case> = cases
                    .iter()
                    .filter(|(_, d)| *d == department)
                    .map(|(c, _)| c.clone())
                    .collect();
                let t = table3(start, end, &own);
                prop_assert!(consistent(&t), "{year} {department:?}: {t:?}");
                for (total, row) in sum.rows.iter_mut().zip(&t.rows) {
                    for (a, b) in total.values.iter_mut().zip(&row.values) {
                        *a += b;
                    }
                }
            }
            prop_assert_eq!(&sum, &district, "{}", year);
        }
    }
}
