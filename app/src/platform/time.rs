//! The district's clock: deadlines are dates in Asia/Shanghai (UTC+8, no daylight saving).
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

pub fn district_offset() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// Where services get today's date: the system clock in the district, or a date pinned by
/// a test so that deadlines and cards can be checked exactly. It lives in the application
/// state; services take the date (or the clock) as a parameter and never read the system
/// time for a date themselves.
#[derive(Clone, Copy, Debug, Default)]
pub struct Clock {
    pinned: Option<NaiveDate>,
}

impl Clock {
    pub fn system() -> Clock {
        Clock { pinned: None }
    }

    /// Always `day` (tests).
    pub fn pinned(day: NaiveDate) -> Clock {
        Clock { pinned: Some(day) }
    }

    /// Today's date in the district.
    pub fn today(&self) -> NaiveDate {
        self.pinned
            .unwrap_or_else(|| Utc::now().with_timezone(&district_offset()).date_naive())
    }
}

/// An instant as RFC 3339 with the district's offset, as the API prints times.
pub fn rfc3339(at: DateTime<Utc>) -> String {
    at.with_timezone(&district_offset()).to_rfc3339()
}
