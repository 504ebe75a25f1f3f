//! What every REST handler shares: the JSON and paging extractors that turn malformed
//! requests into the API's errors, path ids, and the list shape. A leaf: it imports no
//! feature, and the features import it (not `api`, which composes them).
mod extract;

pub use extract::{ApiJson, ApiPath, ApiQuery, PageParams, QueryCode};
use serde::Serialize;

/// `{"items": [...], "total": N, "page": P, "per_page": K}` as every list answers.
#[derive(Debug, Serialize)]
pub struct ListPage<T: Serialize> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
    /// Present (true) when a search matched more than `total`, which is then a lower bound.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub total_capped: bool,
    /// Lists paged by cursor: the `after` of the next page, present when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// Ids in paths: anything that is not a number names nothing, so 404.
pub fn path_id(raw: &str) -> Result<i32, crate::error::AppError> {
    raw.parse::<i32>()
        .map_err(|_| crate::error::AppError::NotFound)
}
