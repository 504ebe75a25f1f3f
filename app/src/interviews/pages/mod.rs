//! 在线访谈 pages: the public list and live page, the host's list and console.
mod console;
mod feed;
mod host;
mod live;
mod schedule;
#[cfg(any(feature = "hydrate", test))]
mod stream_client;

pub use console::HostConsolePage;
pub use feed::follow_stage;
pub use host::HostPage;
pub use live::{InterviewListPage, InterviewLivePage};

/// `HH:MM` of an RFC 3339 time in the district's offset.
fn clock(at: &str) -> String {
    at.get(11..16).unwrap_or(at).to_string()
}

/// `YYYY年MM月DD日 HH:MM`
pub fn long_time(at: &str) -> String {
    match (at.get(0..4), at.get(5..7), at.get(8..10), at.get(11..16)) {
        (Some(y), Some(m), Some(d), Some(t)) => format!("{y}年{m}月{d}日 {t}"),
        _ => at.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_display_in_district_form() {
        assert_eq!(super::clock("2026-12-01T09:30:00+08:00"), "09:30");
        assert_eq!(
            super::long_time("2026-12-01T09:30:00+08:00"),
            "2026年12月01日 09:30"
        );
    }
}
