//! The working-day calendar (工作日): Monday to Friday, minus public holidays, plus the
//! weekend make-up working days (调休) the State Council announces each year. Every deadline
//! of the portal is counted with it. The calendar is data, edited by admins.
pub mod seed;
#[cfg(feature = "ssr")]
pub mod service;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How a listed day departs from the weekday rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// 法定节假日 / 休息日 on what would be a working day.
    Holiday,
    /// 调休上班: a weekend day that is worked.
    Workday,
}

impl DayKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::Workday => "workday",
        }
    }
    pub fn parse(s: &str) -> Result<DayKind, String> {
        match s {
            "holiday" => Ok(DayKind::Holiday),
            "workday" => Ok(DayKind::Workday),
            _ => Err("类型须为“放假”或“调休上班”".into()),
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            DayKind::Holiday => "放假",
            DayKind::Workday => "调休上班",
        }
    }
}

/// One listed day, as the admin page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    pub day: NaiveDate,
    pub kind: DayKind,
    pub name: String,
}

/// A number of working days, e.g. a time limit (办理时限).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct WorkingDays(pub u32);

impl WorkingDays {
    /// Parses a limit typed by a user: a whole number from 1 to `max`.
    pub fn parse(raw: &str, max: u32) -> Result<WorkingDays, String> {
        match raw.trim().parse::<u32>() {
            Ok(n) if (1..=max).contains(&n) => Ok(WorkingDays(n)),
            _ => Err(format!("请填写 1–{max} 之间的整数（工作日）")),
        }
    }
}

/// The exceptions to the weekday rule, loaded from the database.
#[derive(Clone, Debug, Default)]
pub struct WorkingCalendar {
    exceptions: BTreeMap<NaiveDate, DayKind>,
}

impl WorkingCalendar {
    pub fn new(days: impl IntoIterator<Item = (NaiveDate, DayKind)>) -> Self {
        Self {
            exceptions: days.into_iter().collect(),
        }
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        match self.exceptions.get(&d) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::Workday) => true,
            None => !matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The date `n` working days after `from` (`from` itself does not count): an item
    /// received on `from` with a limit of `n` working days is due on the returned date.
    pub fn add_working_days(&self, from: NaiveDate, n: WorkingDays) -> NaiveDate {
        let mut d = from;
        let mut left = n.0;
        while left > 0 {
            d += Duration::days(1);
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// Working days in `(from, to]`; negative when `to` is before `from`. So
    /// `working_days_between(due, today) > 0` means overdue by that many working days.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to < from {
            return -self.working_days_between(to, from);
        }
        let mut n = 0;
        let mut d = from;
        while d < to {
            d += Duration::days(1);
            if self.is_working_day(d) {
                n += 1;
            }
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// The names are stored in `calendar_days.kind` and sent by the API: renaming one would
    /// orphan every stored day of that kind (cargo-mutants found nothing checked them here).
    #[test]
    fn day_kinds_keep_their_stored_names_and_labels() {
        for (kind, name, label) in [
            (DayKind::Holiday, "holiday", "放假"),
            (DayKind::Workday, "workday", "调休上班"),
        ] {
            assert_eq!(kind.as_str(), name);
            assert_eq!(DayKind::parse(name), Ok(kind));
            assert_eq!(kind.label(), label);
            assert_eq!(serde_json::to_value(kind).unwrap(), name);
        }
        assert_eq!(
            DayKind::parse("Holiday"),
            Err("类型须为“放假”或“调休上班”".to_string())
        );
        assert!(DayKind::parse("").is_err());
    }

    fn cal_2025() -> WorkingCalendar {
        WorkingCalendar::new(seed::days().into_iter().map(|(day, kind, _)| (day, kind)))
    }

    #[test]
    fn plain_week_counts_weekdays_only() {
        let c = WorkingCalendar::default();
        // Monday + 5 working days = next Monday.
        assert_eq!(
            c.add_working_days(d("2025-03-03"), WorkingDays(5)),
            d("2025-03-10")
        );
        // Friday + 1 = Monday.
        assert_eq!(
            c.add_working_days(d("2025-03-07"), WorkingDays(1)),
            d("2025-03-10")
        );
        assert_eq!(
            c.add_working_days(d("2025-03-07"), WorkingDays(0)),
            d("2025-03-07")
        );
    }

    #[test]
    fn national_day_holiday_week_is_skipped() {
        let c = cal_2025();
        // 2025-09-30 (Tue) + 1 working day: Oct 1–8 are holidays, so Oct 9 (Thu).
        assert_eq!(
            c.add_working_days(d("2025-09-30"), WorkingDays(1)),
            d("2025-10-09")
        );
        // Oct 9, Oct 10, Oct 11 (make-up Saturday), then Monday Oct 13.
        assert_eq!(
            c.add_working_days(d("2025-09-30"), WorkingDays(4)),
            d("2025-10-13")
        );
    }

    #[test]
    fn make_up_saturday_counts_as_working_day() {
        let c = cal_2025();
        assert!(c.is_working_day(d("2025-10-11")), "调休 Saturday is worked");
        assert!(
            !c.is_working_day(d("2025-10-12")),
            "the Sunday after is not"
        );
        // Friday Oct 10 + 1 working day = Saturday Oct 11.
        assert_eq!(
            c.add_working_days(d("2025-10-10"), WorkingDays(1)),
            d("2025-10-11")
        );
        // Spring Festival 2025: Sunday Jan 26 is a make-up working day.
        assert!(c.is_working_day(d("2025-01-26")));
        assert!(!c.is_working_day(d("2025-01-28")));
    }

    #[test]
    fn between_is_inverse_of_add() {
        let c = cal_2025();
        let from = d("2025-09-25");
        for n in 0..40 {
            let to = c.add_working_days(from, WorkingDays(n));
            assert_eq!(c.working_days_between(from, to), n as i64);
            assert_eq!(c.working_days_between(to, from), -(n as i64));
        }
    }

    #[test]
    fn working_days_parse() {
        assert_eq!(WorkingDays::parse(" 7 ", 15), Ok(WorkingDays(7)));
        assert!(WorkingDays::parse("0", 15).is_err());
        assert!(WorkingDays::parse("16", 15).is_err());
        assert!(WorkingDays::parse("七", 15).is_err());
    }
}
