//! The State Council's holiday arrangements (国务院办公厅关于部分节假日安排的通知) for
//! 2025 and 2026, and the statutory holidays of 2027. The 2027 make-up days are announced
//! late in the year before; until then 2027 lists the statutory days only and admins add
//! the arrangement on the calendar page when it is published.
use super::DayKind;
use chrono::{Duration, NaiveDate};

/// (start, end inclusive, name)
const HOLIDAYS: &[(&str, &str, &str)] = &[
    ("2025-01-01", "2025-01-01", "元旦"),
    ("2025-01-28", "2025-02-04", "春节"),
    ("2025-04-04", "2025-04-06", "清明节"),
    ("2025-05-01", "2025-05-05", "劳动节"),
    ("2025-05-31", "2025-06-02", "端午节"),
    ("2025-10-01", "2025-10-08", "国庆节、中秋节"),
    ("2026-01-01", "2026-01-03", "元旦"),
    ("2026-02-15", "2026-02-23", "春节"),
    ("2026-04-04", "2026-04-06", "清明节"),
    ("2026-05-01", "2026-05-05", "劳动节"),
    ("2026-06-19", "2026-06-21", "端午节"),
    ("2026-09-25", "2026-09-27", "中秋节"),
    ("2026-10-01", "2026-10-07", "国庆节"),
    ("2027-01-01", "2027-01-01", "元旦（待公布调休安排）"),
    ("2027-02-05", "2027-02-08", "春节（待公布调休安排）"),
    ("2027-04-05", "2027-04-05", "清明节（待公布调休安排）"),
    ("2027-05-01", "2027-05-02", "劳动节（待公布调休安排）"),
    ("2027-06-09", "2027-06-09", "端午节（待公布调休安排）"),
    ("2027-09-15", "2027-09-15", "中秋节（待公布调休安排）"),
    ("2027-10-01", "2027-10-03", "国庆节（待公布调休安排）"),
];

/// Weekend days worked in exchange (调休上班).
const MAKE_UP_DAYS: &[(&str, &str)] = &[
    ("2025-01-26", "春节调休上班"),
    ("2025-02-08", "春节调休上班"),
    ("2025-04-27", "劳动节调休上班"),
    ("2025-09-28", "国庆节调休上班"),
    ("2025-10-11", "国庆节调休上班"),
    ("2026-01-04", "元旦调休上班"),
    ("2026-02-14", "春节调休上班"),
    ("2026-02-28", "春节调休上班"),
    ("2026-05-09", "劳动节调休上班"),
    ("2026-09-20", "国庆节调休上班"),
    ("2026-10-10", "国庆节调休上班"),
];

fn date(s: &str) -> NaiveDate {
    s.parse().expect("seed dates are valid")
}

/// Every seeded day with its kind and name.
pub fn days() -> Vec<(NaiveDate, DayKind, String)> {
    let mut out = Vec::new();
    for (start, end, name) in HOLIDAYS {
        let (mut d, end) = (date(start), date(end));
        while d <= end {
            out.push((d, DayKind::Holiday, (*name).to_string()));
            d += Duration::days(1);
        }
    }
    for (day, name) in MAKE_UP_DAYS {
        out.push((date(day), DayKind::Workday, (*name).to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    #[test]
    fn make_up_days_fall_on_weekends_and_are_not_holidays() {
        let all = days();
        for (d, kind, _) in &all {
            if *kind == DayKind::Workday {
                assert!(
                    d.weekday().number_from_monday() >= 6,
                    "{d} is not a weekend day"
                );
                assert!(!all.iter().any(|(h, k, _)| h == d && *k == DayKind::Holiday));
            }
        }
    }

    #[test]
    fn spring_festival_2026_is_nine_days() {
        let n = days()
            .iter()
            .filter(|(d, k, n)| *k == DayKind::Holiday && d.year() == 2026 && n == "春节")
            .count();
        assert_eq!(n, 9);
    }
}
