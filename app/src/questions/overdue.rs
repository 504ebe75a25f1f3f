//! 黄牌 / 红牌: the overdue cards of items in progress, counted in working days.
//! Yellow when at most one working day is left, or the item is just overdue; red when it
//! is overdue by more than the configured number of working days.
use super::types::Overdue;
use crate::calendar::{WorkingCalendar, WorkingDays};
use chrono::{Duration, NaiveDate};

/// Default working days overdue after which the card turns red.
pub const DEFAULT_RED_AFTER: u32 = 3;
/// Unanswered items older than this many calendar days are listed in the alarm: a site
/// fails national inspection when any valid question stays unanswered three months.
pub const ALARM_AFTER_DAYS: i64 = 60;

/// The card of an accepted item due on `due`, seen on `today`.
pub fn card(cal: &WorkingCalendar, today: NaiveDate, due: NaiveDate, red_after: u32) -> Overdue {
    if due >= today {
        if cal.working_days_between(today, due) <= 1 {
            Overdue::Yellow
        } else {
            Overdue::None
        }
    } else if cal.working_days_between(due, today) > i64::from(red_after) {
        Overdue::Red
    } else {
        Overdue::Yellow
    }
}

/// The same rule as date cut-offs, so that the sweep is three plain UPDATEs:
/// red when `due < red_before`, yellow when `red_before <= due < yellow_before`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cutoffs {
    pub yellow_before: NaiveDate,
    pub red_before: NaiveDate,
}

pub fn cutoffs(cal: &WorkingCalendar, today: NaiveDate, red_after: u32) -> Cutoffs {
    Cutoffs {
        yellow_before: cal.add_working_days(today, WorkingDays(2)),
        red_before: nth_working_day_back(cal, today, red_after + 1),
    }
}

/// The `k`-th working day counting back from `today` (today itself counts when worked).
fn nth_working_day_back(cal: &WorkingCalendar, today: NaiveDate, k: u32) -> NaiveDate {
    let mut d = today;
    let mut seen = 0;
    // A year without k working days does not exist; the bound only guards bad data.
    for _ in 0..3660 {
        if cal.is_working_day(d) {
            seen += 1;
            if seen == k {
                return d;
            }
        }
        d -= Duration::days(1);
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::DayKind;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// October 2026: 1–7 National Day holiday, Saturday 10th a make-up working day.
    fn cal() -> WorkingCalendar {
        let mut days: Vec<(NaiveDate, DayKind)> = (1..=7)
            .map(|n| {
                (
                    NaiveDate::from_ymd_opt(2026, 10, n).unwrap(),
                    DayKind::Holiday,
                )
            })
            .collect();
        days.push((d("2026-10-10"), DayKind::Workday));
        WorkingCalendar::new(days)
    }

    #[test]
    fn due_date_skips_the_holiday_and_counts_the_make_up_day() {
        // Accepted on Wed 30 Sep with 5 working days: 8, 9, 10 (Sat, worked), 12, 13.
        let due = cal().add_working_days(d("2026-09-30"), WorkingDays(5));
        assert_eq!(due, d("2026-10-13"));
        // Complaint, 7 working days: … 13, 14, 15.
        let due = cal().add_working_days(d("2026-09-30"), WorkingDays(7));
        assert_eq!(due, d("2026-10-15"));
    }

    #[test]
    fn yellow_when_one_working_day_is_left() {
        let c = cal();
        // Due Tue 13 Oct; on Fri 9 Oct two working days are left (Sat 10, Mon 12… and 13).
        assert_eq!(card(&c, d("2026-10-09"), d("2026-10-13"), 3), Overdue::None);
        // On the make-up Saturday, Mon 12 and Tue 13 are left: still none.
        assert_eq!(card(&c, d("2026-10-10"), d("2026-10-13"), 3), Overdue::None);
        // On Sunday 11 the same two are left.
        assert_eq!(card(&c, d("2026-10-11"), d("2026-10-13"), 3), Overdue::None);
        // On Monday 12, one is left: yellow. On the due day itself: yellow.
        assert_eq!(
            card(&c, d("2026-10-12"), d("2026-10-13"), 3),
            Overdue::Yellow
        );
        assert_eq!(
            card(&c, d("2026-10-13"), d("2026-10-13"), 3),
            Overdue::Yellow
        );
    }

    #[test]
    fn holiday_keeps_the_card_yellow_over_the_break() {
        let c = cal();
        // Due Wed 30 Sep; during the holiday no working day passes: just overdue → yellow.
        assert_eq!(
            card(&c, d("2026-10-05"), d("2026-09-30"), 3),
            Overdue::Yellow
        );
        // 8, 9, 10 (make-up Saturday): 3 working days overdue, not more than 3 → yellow.
        assert_eq!(
            card(&c, d("2026-10-10"), d("2026-09-30"), 3),
            Overdue::Yellow
        );
        // Monday 12: the 4th working day overdue → red.
        assert_eq!(card(&c, d("2026-10-12"), d("2026-09-30"), 3), Overdue::Red);
        // Without the make-up day the Saturday would not count and Monday would be the 3rd.
        let plain = WorkingCalendar::new((1..=7).map(|n| {
            (
                NaiveDate::from_ymd_opt(2026, 10, n).unwrap(),
                DayKind::Holiday,
            )
        }));
        assert_eq!(
            card(&plain, d("2026-10-12"), d("2026-09-30"), 3),
            Overdue::Yellow
        );
    }

    #[test]
    fn red_threshold_is_configurable() {
        let c = cal();
        assert_eq!(card(&c, d("2026-10-09"), d("2026-09-30"), 1), Overdue::Red);
        assert_eq!(
            card(&c, d("2026-10-09"), d("2026-09-30"), 2),
            Overdue::Yellow
        );
    }

    #[test]
    fn cutoffs_agree_with_the_card_rule() {
        let c = cal();
        let mut today = d("2026-09-20");
        while today <= d("2026-10-25") {
            for red_after in [0, 1, 3, 5] {
                let cut = cutoffs(&c, today, red_after);
                let mut due = d("2026-09-01");
                while due <= d("2026-11-10") {
                    let by_cut = if due < cut.red_before {
                        Overdue::Red
                    } else if due < cut.yellow_before {
                        Overdue::Yellow
                    } else {
                        Overdue::None
                    };
                    assert_eq!(
                        by_cut,
                        card(&c, today, due, red_after),
                        "today {today} due {due} red_after {red_after}"
                    );
                    due += Duration::days(1);
                }
            }
            today += Duration::days(1);
        }
    }
}
