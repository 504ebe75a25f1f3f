//! What the portal's search answers, shared by the server and the browser.
use crate::catalog::types::DocumentSummary;
use crate::fulltext::Piece;
use crate::interviews::types::Interview;
use crate::questions::types::Question;
use serde::{Deserialize, Serialize};

/// How many items each group of the overview shows.
pub const PER_GROUP: u64 = 5;

/// A published question as the public list shows it (personal data masked), with the
/// words marked in its title and a snippet of its body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QuestionHit {
    #[serde(flatten)]
    pub question: Question,
    pub title_marked: Vec<Piece>,
    pub snippet: Vec<Piece>,
}

/// A public interview (from the preview on; rehearsal shows as preparing), with the words
/// marked in its title and a snippet of its summary or, once published, of its transcript.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InterviewHit {
    #[serde(flatten)]
    pub interview: Interview,
    pub title_marked: Vec<Piece>,
    pub snippet: Vec<Piece>,
}

/// 网络问政: the latest published questions that match, and how many match.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QuestionGroup {
    pub items: Vec<QuestionHit>,
    pub total: u64,
    /// More matched than `total`, which is then a lower bound (1000).
    pub total_capped: bool,
}

/// 政府信息公开: published documents, title matches first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DocumentGroup {
    pub items: Vec<DocumentSummary>,
    pub total: u64,
    /// More matched than `total`, which is then a lower bound (100: the catalog counts ten
    /// pages past the one shown, in hundreds).
    pub total_capped: bool,
}

/// 在线访谈: public interviews, title matches first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InterviewGroup {
    pub items: Vec<InterviewHit>,
    pub total: u64,
    /// More matched than `total`, which is then a lower bound (1000).
    pub total_capped: bool,
}

/// `GET /api/v1/search`: the first few hits of each module and each module's total.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SearchResults {
    /// The words searched for, trimmed.
    pub q: String,
    pub questions: QuestionGroup,
    pub documents: DocumentGroup,
    pub interviews: InterviewGroup,
}

/// A page of the interviews found (`GET /api/v1/search/interviews`), in the list shape.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InterviewHitPage {
    pub items: Vec<InterviewHit>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
    /// More matched than `total`, which is then a lower bound (1000).
    pub total_capped: bool,
}
