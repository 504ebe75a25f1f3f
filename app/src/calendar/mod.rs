//! The working-day calendar (工作日): Monday to Friday, minus public holidays, plus the
//! weekend make-up working days (调休) the State Council announces each year. Every deadline
//! of the portal is counted with it. The calendar is data, edited by admins.
pub mod notice;
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

    /// A deadline `due` counted on this calendar, carried over to `corrected` as of `today`:
    /// the same number of working days left, counted on the corrected calendar. Days up to
    /// today are history and never move a deadline, and a deadline already past stays.
    pub fn carry_over(
        &self,
        corrected: &WorkingCalendar,
        due: NaiveDate,
        today: NaiveDate,
    ) -> NaiveDate {
        if due <= today {
            return due;
        }
        let left = self.working_days_between(today, due).max(0) as u32;
        corrected.add_working_days(today, WorkingDays(left))
    }

    /// Whether any day of `year` is listed: the year's 放假调休 arrangement has been entered.
    pub fn has_arrangement_for(&self, year: i32) -> bool {
        match (
            NaiveDate::from_ymd_opt(year, 1, 1),
            NaiveDate::from_ymd_opt(year, 12, 31),
        ) {
            (Some(first), Some(last)) => self.exceptions.range(first..=last).next().is_some(),
            _ => false,
        }
    }
}

/// From 1 November the next year's arrangement is due: the State Council announces it in
/// October or November.
const NEXT_YEAR_EXPECTED_FROM_MONTH: u32 = 11;

/// What admins are warned of on `today`: the years whose 放假调休 arrangement is not entered
/// (this year's at any time, next year's from November), since every deadline counted into
/// such a year would ignore its holidays and make-up days.
pub fn missing_arrangements(cal: &WorkingCalendar, today: NaiveDate) -> Vec<i32> {
    let this = today.year();
    let mut years = Vec::new();
    if !cal.has_arrangement_for(this) {
        years.push(this);
    }
    if today.month() >= NEXT_YEAR_EXPECTED_FROM_MONTH && !cal.has_arrangement_for(this + 1) {
        years.push(this + 1);
    }
    years
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
    fn a_correction_carries_deadlines_over_with_the_days_they_had_left() {
        // Monday 2 November 2026, a deadline on Friday 13 November: 9 working days left.
        let before = WorkingCalendar::default();
        let today = d("2026-11-02");
        let due = d("2026-11-13");
        // A holiday added on Wednesday the 11th pushes it to Monday the 16th.
        let holiday = WorkingCalendar::new([(d("2026-11-11"), DayKind::Holiday)]);
        assert_eq!(before.carry_over(&holiday, due, today), d("2026-11-16"));
        // A make-up Saturday on the 7th pulls it back to Thursday the 12th.
        let makeup = WorkingCalendar::new([(d("2026-11-07"), DayKind::Workday)]);
        assert_eq!(before.carry_over(&makeup, due, today), d("2026-11-12"));
        // Both: unchanged. A correction after the deadline: unchanged.
        let both = WorkingCalendar::new([
            (d("2026-11-07"), DayKind::Workday),
            (d("2026-11-11"), DayKind::Holiday),
        ]);
        assert_eq!(before.carry_over(&both, due, today), due);
        let later = WorkingCalendar::new([(d("2026-11-20"), DayKind::Holiday)]);
        assert_eq!(before.carry_over(&later, due, today), due);
        // A correction of a day already past moves nothing (the count starts from today).
        let past = WorkingCalendar::new([(d("2026-11-02"), DayKind::Holiday)]);
        assert_eq!(before.carry_over(&past, due, today), due);
        // A deadline due today or already past stays, whatever the correction.
        assert_eq!(before.carry_over(&holiday, today, today), today);
        assert_eq!(
            before.carry_over(&holiday, d("2026-10-30"), today),
            d("2026-10-30")
        );
        // Removing the holiday again brings the deadline back.
        assert_eq!(holiday.carry_over(&before, d("2026-11-16"), today), due);
    }

    #[test]
    fn admins_are_warned_of_a_year_without_its_arrangement() {
        let c = WorkingCalendar::new([(d("2026-10-01"), DayKind::Holiday)]);
        assert!(c.has_arrangement_for(2026));
        assert!(!c.has_arrangement_for(2027));
        assert!(!c.has_arrangement_for(2025));
        // Next year's is expected from 1 November.
        assert_eq!(missing_arrangements(&c, d("2026-10-31")), Vec::<i32>::new());
        assert_eq!(missing_arrangements(&c, d("2026-11-01")), vec![2027]);
        assert_eq!(missing_arrangements(&c, d("2026-12-31")), vec![2027]);
        // This year's at any time.
        assert_eq!(
            missing_arrangements(&WorkingCalendar::default(), d("2026-01-05")),
            vec![2026]
        );
        assert_eq!(
            missing_arrangements(&WorkingCalendar::default(), d("2026-11-05")),
            vec![2026, 2027]
        );
        // Edges of the year count.
        let edges = WorkingCalendar::new([
            (d("2027-01-01"), DayKind::Holiday),
            (d("2026-12-31"), DayKind::Holiday),
        ]);
        assert!(edges.has_arrangement_for(2027) && edges.has_arrangement_for(2026));
        assert!(!edges.has_arrangement_for(2028));
        assert_eq!(
            missing_arrangements(&edges, d("2026-11-01")),
            Vec::<i32>::new()
        );
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
