//! The statutory clock of an application, in working days (Arts. 30–33): 20 working days
//! from receipt; a 补正 request stops it and the corrected application restarts it from the
//! day of correction; a third-party consultation pauses it for up to 15 working days; one
//! extension of at most 20 working days.
use super::types::Card;
use crate::calendar::{WorkingCalendar, WorkingDays};
use chrono::NaiveDate;

pub const REPLY_LIMIT: u32 = 20;
pub const CORRECTION_WINDOW: i64 = 7;
pub const CONSULTATION_MAX: i64 = 15;
pub const EXTENSION_MAX: u32 = 20;
/// Working days an applicant is given to correct an application (Art. 30 asks for a
/// reasonable time; the notice states the last day). Uncorrected after it, the application
/// is treated as abandoned.
pub const CORRECTION_DEADLINE: u32 = 15;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Clock {
    pub received_on: Option<NaiveDate>,
    pub correction_requested_on: Option<NaiveDate>,
    pub corrected_on: Option<NaiveDate>,
    pub consult_started_on: Option<NaiveDate>,
    pub consult_ended_on: Option<NaiveDate>,
    pub extension_days: Option<u32>,
}

impl Clock {
    pub fn received(on: NaiveDate) -> Clock {
        Clock {
            received_on: Some(on),
            ..Default::default()
        }
    }

    /// Working days the consultation has paused the clock, as of `today` (at most 15).
    pub fn paused_days(&self, cal: &WorkingCalendar, today: NaiveDate) -> i64 {
        match self.consult_started_on {
            None => 0,
            Some(start) => {
                let end = self.consult_ended_on.unwrap_or(today);
                cal.working_days_between(start, end)
                    .clamp(0, CONSULTATION_MAX)
            }
        }
    }

    /// The reply deadline; `None` while a 补正 request waits for the applicant. During a
    /// consultation it moves on day by day (those days do not count).
    pub fn due(&self, cal: &WorkingCalendar, today: NaiveDate) -> Option<NaiveDate> {
        let received = self.received_on?;
        let start = match (self.correction_requested_on, self.corrected_on) {
            (Some(_), None) => return None,
            (Some(_), Some(c)) => c,
            _ => received,
        };
        let days = REPLY_LIMIT as i64
            + self.extension_days.unwrap_or(0).min(EXTENSION_MAX) as i64
            + self.paused_days(cal, today);
        Some(cal.add_working_days(start, WorkingDays(days as u32)))
    }

    /// The last day to correct, while a 补正 request waits for the applicant.
    pub fn correction_due(&self, cal: &WorkingCalendar) -> Option<NaiveDate> {
        match (self.correction_requested_on, self.corrected_on) {
            (Some(asked), None) => {
                Some(cal.add_working_days(asked, WorkingDays(CORRECTION_DEADLINE)))
            }
            _ => None,
        }
    }

    /// The day an uncorrected application counts as abandoned (Art. 30): the day after the
    /// correction deadline; `None` unless a correction is awaited.
    pub fn abandoned_on(&self, cal: &WorkingCalendar) -> Option<NaiveDate> {
        self.correction_due(cal).and_then(|d| d.succ_opt())
    }

    /// Whether the one extension of Art. 33 may still be granted on `today`: only while the
    /// clock runs and the deadline has not passed, so that a late extension can never wipe a
    /// red card after the fact.
    pub fn may_extend(&self, cal: &WorkingCalendar, today: NaiveDate) -> Result<(), &'static str> {
        if self.extension_days.is_some() {
            return Err("答复期限只能延长一次");
        }
        match self.due(cal, today) {
            None => Err("申请正在等待补正，期限中止，不能延期"),
            Some(due) if today > due => Err("答复期限已过，不能再延期"),
            Some(_) => Ok(()),
        }
    }

    /// Whether a 补正 request made on `on` is still within 7 working days of receipt.
    pub fn may_request_correction(&self, cal: &WorkingCalendar, on: NaiveDate) -> bool {
        self.correction_requested_on.is_none()
            && self
                .received_on
                .is_some_and(|r| cal.working_days_between(r, on) <= CORRECTION_WINDOW)
    }
}

/// Yellow when at most one working day is left, red once the due date has passed.
pub fn card(cal: &WorkingCalendar, due: Option<NaiveDate>, today: NaiveDate) -> Card {
    match due {
        None => Card::None,
        Some(d) if today > d => Card::Red,
        Some(d) if cal.working_days_between(today, d) <= 1 => Card::Yellow,
        Some(_) => Card::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{seed, DayKind};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn cal() -> WorkingCalendar {
        WorkingCalendar::new(seed::days().into_iter().map(|(day, kind, _)| (day, kind)))
    }

    #[test]
    fn twenty_working_days_from_receipt() {
        let c = WorkingCalendar::default();
        // Monday 2026-03-02 + 20 working days = Monday 2026-03-30.
        assert_eq!(
            Clock::received(d("2026-03-02")).due(&c, d("2026-03-02")),
            Some(d("2026-03-30"))
        );
    }

    #[test]
    fn holidays_are_skipped_and_make_up_days_count() {
        let c = WorkingCalendar::new([
            (d("2026-03-03"), DayKind::Holiday),
            (d("2026-03-07"), DayKind::Workday),
        ]);
        // One holiday out, one Saturday in: the same due date as a plain month.
        assert_eq!(
            Clock::received(d("2026-03-02")).due(&c, d("2026-03-02")),
            Some(d("2026-03-30"))
        );
        let holiday_only = WorkingCalendar::new([(d("2026-03-03"), DayKind::Holiday)]);
        assert_eq!(
            Clock::received(d("2026-03-02")).due(&holiday_only, d("2026-03-02")),
            Some(d("2026-03-31"))
        );
        // The seeded 2025 National Day week: received on Sept 30, nothing counts until Oct 9.
        let due = Clock::received(d("2025-09-30"))
            .due(&cal(), d("2025-09-30"))
            .unwrap();
        assert_eq!(cal().working_days_between(d("2025-09-30"), due), 20);
        assert!(due > d("2025-10-28"));
    }

    #[test]
    fn an_uncorrected_application_is_abandoned_the_day_after_its_deadline() {
        // Asked on Monday 28 September 2026; 15 working days: 29, 30 Sep (1–2), 8, 9 Oct
        // (3–4), Saturday 10 (调休, 5), 12–16 (6–10), 19–23 (11–15). Calendar days would
        // give 13 October; weekdays without the holidays 23 October only by chance, and
        // without the 调休 Saturday 26 October.
        let asked = Clock {
            correction_requested_on: Some(d("2026-09-28")),
            ..Clock::received(d("2026-09-25"))
        };
        assert_eq!(asked.correction_due(&cal()), Some(d("2026-10-23")));
        assert_eq!(asked.abandoned_on(&cal()), Some(d("2026-10-24")));
        // Corrected in time: nothing is awaited, nothing is abandoned.
        let corrected = Clock {
            corrected_on: Some(d("2026-10-20")),
            ..asked.clone()
        };
        assert_eq!(corrected.correction_due(&cal()), None);
        assert_eq!(corrected.abandoned_on(&cal()), None);
        assert_eq!(Clock::received(d("2026-09-25")).abandoned_on(&cal()), None);
    }

    #[test]
    fn receipt_dates_by_channel_across_national_day() {
        use crate::disclosure::channel::parse_received_on;
        // Each channel fixes which day is the receipt (签收之日, 双方确认之日, …); the intake
        // desk records that day, and the clock runs from it whatever the calendar says of it.
        let today = d("2026-10-12");
        let due = |raw: &str| {
            let on = parse_received_on(raw, today).unwrap();
            Clock::received(on).due(&cal(), on).unwrap()
        };
        // Handed in on Wednesday 30 September: 8 Oct (1), 9 (2), Saturday 10 (调休, 3),
        // 12–16 (4–8), 19–23 (9–13), 26–30 (14–18), 2 Nov (19), 3 Nov (20).
        assert_eq!(due("2026-09-30"), d("2026-11-03"));
        // A letter signed for on Saturday 3 October, inside 国庆: counting starts on the
        // first working day after it, so the same day as an application of 30 September.
        assert_eq!(due("2026-10-03"), d("2026-11-03"));
        // An e-mail confirmed with the applicant on Friday 9 October: Saturday 10 (1),
        // 12–16 (2–6), 19–23 (7–11), 26–30 (12–16), 2–5 Nov (17–20).
        assert_eq!(due("2026-10-09"), d("2026-11-05"));
        // A fax confirmed on the 调休 Saturday itself: 12–16 (1–5) … 6 Nov (20).
        assert_eq!(due("2026-10-10"), d("2026-11-06"));
    }

    #[test]
    fn an_extension_only_before_the_deadline_and_only_once() {
        let c = WorkingCalendar::default();
        // Received Monday 2 March 2026, due Monday 30 March.
        let mut k = Clock::received(d("2026-03-02"));
        assert_eq!(k.may_extend(&c, d("2026-03-02")), Ok(()));
        assert_eq!(k.may_extend(&c, d("2026-03-30")), Ok(()), "on the due date");
        assert_eq!(
            k.may_extend(&c, d("2026-03-31")),
            Err("答复期限已过，不能再延期")
        );
        k.correction_requested_on = Some(d("2026-03-04"));
        assert_eq!(
            k.may_extend(&c, d("2026-03-05")),
            Err("申请正在等待补正，期限中止，不能延期")
        );
        k.corrected_on = Some(d("2026-03-16"));
        // Restarted from 16 March: due 13 April, so 31 March is in time again.
        assert_eq!(k.may_extend(&c, d("2026-03-31")), Ok(()));
        k.extension_days = Some(5);
        assert_eq!(
            k.may_extend(&c, d("2026-03-31")),
            Err("答复期限只能延长一次")
        );
    }

    #[test]
    fn correction_stops_the_clock_and_restarts_it_from_the_correction() {
        let c = WorkingCalendar::default();
        let mut k = Clock::received(d("2026-03-02"));
        assert!(
            k.may_request_correction(&c, d("2026-03-11")),
            "7th working day"
        );
        assert!(
            !k.may_request_correction(&c, d("2026-03-12")),
            "8th is too late"
        );
        k.correction_requested_on = Some(d("2026-03-04"));
        assert_eq!(k.due(&c, d("2026-03-20")), None, "stopped while waiting");
        assert!(!k.may_request_correction(&c, d("2026-03-05")), "only once");
        k.corrected_on = Some(d("2026-03-16"));
        // 20 working days from Monday March 16: Monday April 13.
        assert_eq!(k.due(&c, d("2026-03-16")), Some(d("2026-04-13")));
    }

    #[test]
    fn consultation_pauses_up_to_fifteen_working_days() {
        let c = WorkingCalendar::default();
        let mut k = Clock::received(d("2026-03-02"));
        k.consult_started_on = Some(d("2026-03-09"));
        k.consult_ended_on = Some(d("2026-03-16"));
        // Five working days paused: due moves from March 30 to April 6.
        assert_eq!(k.due(&c, d("2026-03-20")), Some(d("2026-04-06")));
        // An open consultation pauses as the days pass, but never beyond 15.
        k.consult_ended_on = None;
        assert_eq!(k.paused_days(&c, d("2026-03-11")), 2);
        assert_eq!(k.paused_days(&c, d("2026-06-01")), 15);
        assert_eq!(k.due(&c, d("2026-06-01")), Some(d("2026-04-20")));
    }

    #[test]
    fn extension_adds_at_most_twenty() {
        let c = WorkingCalendar::default();
        let mut k = Clock::received(d("2026-03-02"));
        k.extension_days = Some(20);
        assert_eq!(k.due(&c, d("2026-03-02")), Some(d("2026-04-27")));
        k.extension_days = Some(45);
        assert_eq!(
            k.due(&c, d("2026-03-02")),
            Some(d("2026-04-27")),
            "capped at 20"
        );
    }

    #[test]
    fn cards() {
        let c = WorkingCalendar::default();
        let due = Some(d("2026-03-30"));
        assert_eq!(card(&c, due, d("2026-03-25")), Card::None);
        assert_eq!(
            card(&c, due, d("2026-03-27")),
            Card::Yellow,
            "Friday before"
        );
        assert_eq!(card(&c, due, d("2026-03-30")), Card::Yellow, "due today");
        assert_eq!(card(&c, due, d("2026-03-31")), Card::Red);
        assert_eq!(card(&c, None, d("2026-03-31")), Card::None);
    }
}
