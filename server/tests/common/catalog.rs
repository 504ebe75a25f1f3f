//! Shared by the catalog's test files: the first department and a document body.
use super::{json, Client};
use reqwest::StatusCode;
use serde_json::{json, Value};

pub async fn first_department(c: &mut Client<'_>) -> i64 {
    let d = json(c.get("/api/v1/departments").await, StatusCode::OK).await;
    d["items"][0]["id"].as_i64().unwrap()
}

pub fn doc(publisher: i64, title: &str, body: &str) -> Value {
    json!({
        "column": "zfwj",
        "title": title,
        "body": body,
        "publisher_id": publisher,
        "written_on": "2026-03-02",
        "published_on": "2026-03-05",
        "doc_no": "南川府发〔2026〕3号",
        "subject": "卫生、体育",
        "keywords": ["医保", "民生"]
    })
}
