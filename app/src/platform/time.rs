//! The district's clock: deadlines are dates in Asia/Shanghai (UTC+8, no daylight saving).
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Arc;

pub fn district_offset() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// Where services get today's date: the system clock in the district, or a date pinned by
/// a test so that deadlines and cards can be checked exactly. It lives in the application
/// state; services take the date (or the clock) as a parameter and never read the system
/// time for a date themselves.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    /// Days from the common era; shared by every clone, so that a test can move the day
    /// for the server it started (and for a second instance over the same database).
    pinned: Option<Arc<AtomicI32>>,
}

impl Clock {
    pub fn system() -> Clock {
        Clock { pinned: None }
    }

    /// Always `day` until moved (tests).
    pub fn pinned(day: NaiveDate) -> Clock {
        Clock {
            pinned: Some(Arc::new(AtomicI32::new(day.num_days_from_ce()))),
        }
    }

    /// Moves a pinned clock to `day`, for every holder of it: a test's "some days later".
    /// The system clock cannot be moved, and ignores this.
    pub fn move_to(&self, day: NaiveDate) {
        if let Some(p) = &self.pinned {
            p.store(day.num_days_from_ce(), Ordering::Relaxed);
        }
    }

    /// Today's date in the district.
    pub fn today(&self) -> NaiveDate {
        match &self.pinned {
            // Only ever stored from a valid date.
            Some(p) => {
                NaiveDate::from_num_days_from_ce_opt(p.load(Ordering::Relaxed)).unwrap_or_default()
            }
            None => Utc::now().with_timezone(&district_offset()).date_naive(),
        }
    }
}

/// An instant as RFC 3339 with the district's offset, as the API prints times.
pub fn rfc3339(at: DateTime<Utc>) -> String {
    at.with_timezone(&district_offset()).to_rfc3339()
}
