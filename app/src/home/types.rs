//! What the home page shows, shared by the server and the browser.
use crate::catalog::types::DocumentSummary;
use crate::interviews::types::Interview;
use crate::questions::types::Question;
use serde::{Deserialize, Serialize};

/// How many answers, and documents per column, the home page lists.
pub const LATEST: u64 = 6;
/// How many columns of documents it shows beside 通知公告.
pub const COLUMNS: usize = 4;
/// The column whose documents are the home page's 通知公告.
pub const NOTICES_SLUG: &str = "gggs";

/// Why this interview is the one on the home page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Featured {
    /// On air now.
    Live,
    /// The next one announced (preview, collecting questions, or being prepared).
    Next,
    /// None is live or announced: the latest one held.
    Latest,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeaturedInterview {
    pub why: Featured,
    pub interview: Interview,
}

/// The newest published documents of one column.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnNews {
    pub slug: String,
    pub name: String,
    pub items: Vec<DocumentSummary>,
}

/// 网络问政 this month so far (rejected questions are not counted, as in the statistics).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthFigures {
    pub year: i32,
    pub month: u32,
    pub received: u64,
    pub answered: u64,
    pub answered_on_time: u64,
    /// Mean working days from receipt to answer, over this month's answered ones.
    pub avg_working_days: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HomeContent {
    pub interview: Option<FeaturedInterview>,
    /// Published questions, the latest answer first (personal data masked).
    pub answers: Vec<Question>,
    /// 通知公告.
    pub notices: ColumnNews,
    pub columns: Vec<ColumnNews>,
    pub month: MonthFigures,
}
