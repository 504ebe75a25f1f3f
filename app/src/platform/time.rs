//! The district's clock: deadlines are dates in Asia/Shanghai (UTC+8, no daylight saving).
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

pub fn district_offset() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// Today's date in the district.
pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&district_offset()).date_naive()
}

/// An instant as RFC 3339 with the district's offset, as the API prints times.
pub fn rfc3339(at: DateTime<Utc>) -> String {
    at.with_timezone(&district_offset()).to_rfc3339()
}
