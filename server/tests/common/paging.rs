//! Walking a JSON list page by page: by page number, and by the `next` cursor each page
//! gives (keyset paging). `list` carries its own query string (`…?per_page=2`).
use super::{json, Client};
use reqwest::StatusCode;
use serde_json::Value;

/// Pages 1 to `pages` by number.
pub async fn by_number(c: &mut Client<'_>, list: &str, pages: u64) -> Vec<Value> {
    let mut out = Vec::new();
    for page in 1..=pages {
        out.push(json(c.get(&format!("{list}&page={page}")).await, StatusCode::OK).await);
    }
    out
}

/// From the first page, following `next` until a page has none.
pub async fn by_cursor(c: &mut Client<'_>, list: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut url = list.to_string();
    loop {
        let p = json(c.get(&url).await, StatusCode::OK).await;
        let next = p["next"].as_str().map(str::to_string);
        out.push(p);
        match next {
            Some(next) => url = format!("{list}&after={next}"),
            None => return out,
        }
    }
}

/// `field` of every item of every page, in order.
pub fn items(pages: &[Value], field: &str) -> Vec<String> {
    pages
        .iter()
        .flat_map(|p| p["items"].as_array().expect("a list").iter())
        .map(|item| item[field].to_string())
        .collect()
}

/// The page numbers the pages say they are.
pub fn numbers(pages: &[Value]) -> Vec<u64> {
    pages.iter().map(|p| p["page"].as_u64().unwrap()).collect()
}
