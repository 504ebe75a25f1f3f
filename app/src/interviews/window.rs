//! When an interview may be announced, and for how long it runs. A preview goes out 3 days
//! to a month before the interview, so that people can plan to watch and send questions, and
//! an interview runs 60–120 minutes. A host may go outside either with a reason, which is
//! kept with the interview and in the audit log.
use chrono::{Months, NaiveDate};
use std::ops::RangeInclusive;

/// The preview goes out at least this many days ahead.
pub const NOTICE_MIN_DAYS: u64 = 3;
/// And at most this many calendar months ahead.
pub const NOTICE_MAX_MONTHS: u32 = 1;
/// How long an interview usually runs, in minutes.
pub const USUAL_LENGTH: RangeInclusive<i32> = 60..=120;
/// The longest override reason kept.
pub const REASON_MAX: usize = 500;

/// The first and last day an interview announced on `on` may be held on.
pub fn window(on: NaiveDate) -> (NaiveDate, NaiveDate) {
    let earliest = on
        .checked_add_days(chrono::Days::new(NOTICE_MIN_DAYS))
        .unwrap_or(on);
    let latest = on
        .checked_add_months(Months::new(NOTICE_MAX_MONTHS))
        .unwrap_or(on);
    (earliest, latest)
}

/// What is unusual about an interview on `day` lasting `minutes`, announced on `on`, field
/// by field; empty when nothing is.
pub fn unusual(on: NaiveDate, day: NaiveDate, minutes: i32) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let (earliest, latest) = window(on);
    if day < earliest {
        out.push((
            "scheduled_at",
            format!("访谈预告应至少提前 {NOTICE_MIN_DAYS} 天发布：访谈定于 {day}，今天发布预告，访谈最早应在 {earliest}"),
        ));
    } else if day > latest {
        out.push((
            "scheduled_at",
            format!(
                "访谈预告最多提前 1 个月发布：访谈定于 {day}，今天发布预告，访谈最晚应在 {latest}"
            ),
        ));
    }
    if !USUAL_LENGTH.contains(&minutes) {
        out.push((
            "duration_minutes",
            format!(
                "访谈时长一般为 {}–{} 分钟，现为 {minutes} 分钟",
                USUAL_LENGTH.start(),
                USUAL_LENGTH.end()
            ),
        ));
    }
    out
}

/// The reason kept for going outside the usual window or length: None when nothing is
/// unusual (a reason given anyway is not kept), the reason when one is given, and otherwise
/// the problems with a request for a reason, field by field.
pub fn override_reason(
    problems: Vec<(&'static str, String)>,
    reason: Option<&str>,
) -> Result<Option<String>, Vec<(&'static str, String)>> {
    if problems.is_empty() {
        return Ok(None);
    }
    let reason = reason.map(str::trim).unwrap_or_default();
    let mut problems = problems;
    if reason.is_empty() {
        problems.push((
            "override_reason",
            "如确需在此时间或以此时长举行，请填写理由（记入访谈记录和审计日志）".into(),
        ));
        Err(problems)
    } else if reason.chars().count() > REASON_MAX {
        Err(vec![(
            "override_reason",
            format!("理由最多 {REASON_MAX} 个字"),
        )])
    } else {
        Ok(Some(reason.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    #[test]
    fn the_window_runs_from_three_days_to_a_calendar_month() {
        assert_eq!(window(d("2026-12-06")), (d("2026-12-09"), d("2027-01-06")));
        // A month from 31 January is the end of February.
        assert_eq!(window(d("2027-01-31")).1, d("2027-02-28"));
        let on = d("2026-12-06");
        assert!(unusual(on, d("2026-12-09"), 60).is_empty());
        assert!(unusual(on, d("2027-01-06"), 120).is_empty());
        let early = unusual(on, d("2026-12-08"), 90);
        assert_eq!(early.len(), 1);
        assert_eq!(early[0].0, "scheduled_at");
        assert!(early[0].1.contains("至少提前 3 天"), "{}", early[0].1);
        assert!(early[0].1.contains("最早应在 2026-12-09"));
        let late = unusual(on, d("2027-01-07"), 90);
        assert!(late[0].1.contains("最晚应在 2027-01-06"), "{}", late[0].1);
        // An interview in the past is early, not fine.
        assert_eq!(unusual(on, d("2026-11-01"), 90)[0].0, "scheduled_at");
    }

    #[test]
    fn the_length_is_sixty_to_a_hundred_and_twenty_minutes() {
        let on = d("2026-12-06");
        let day = d("2026-12-15");
        assert!(unusual(on, day, 60).is_empty());
        assert!(unusual(on, day, 120).is_empty());
        for m in [59, 121, 10, 300] {
            let p = unusual(on, day, m);
            assert_eq!(p.len(), 1, "{m}");
            assert_eq!(p[0].0, "duration_minutes");
            assert!(p[0].1.contains(&format!("现为 {m} 分钟")));
        }
        let both = unusual(on, d("2026-12-07"), 30);
        let fields: Vec<_> = both.iter().map(|p| p.0).collect();
        assert_eq!(fields, ["scheduled_at", "duration_minutes"]);
    }

    #[test]
    fn going_outside_takes_a_reason_which_is_kept() {
        assert_eq!(override_reason(vec![], Some("不需要")), Ok(None));
        let problems = || vec![("duration_minutes", "x".to_string())];
        let err = override_reason(problems(), Some("  ")).unwrap_err();
        let fields: Vec<_> = err.iter().map(|p| p.0).collect();
        assert_eq!(fields, ["duration_minutes", "override_reason"]);
        assert_eq!(
            override_reason(problems(), Some(" 市政府统一安排的专题访谈 ")),
            Ok(Some("市政府统一安排的专题访谈".into()))
        );
        let long = "长".repeat(REASON_MAX + 1);
        assert_eq!(
            override_reason(problems(), Some(&long)).unwrap_err()[0].0,
            "override_reason"
        );
        assert!(override_reason(problems(), Some(&"长".repeat(REASON_MAX))).is_ok());
    }
}
