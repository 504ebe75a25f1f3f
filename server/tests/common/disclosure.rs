//! Shared by the 依申请公开 test files: valid ID numbers and an application.
use super::{json, Client};
use app::disclosure::types::{id_check_char, uscc_check_char};
use reqwest::StatusCode;
use serde_json::{json, Value};

pub fn resident_id() -> String {
    let first = "50011919900101123";
    format!("{first}{}", id_check_char(first).unwrap())
}

pub fn credit_code() -> String {
    let first = "91500119MA5U00001";
    format!("{first}{}", uscc_check_char(first).unwrap())
}

pub fn application(kind: &str, id: &str) -> Value {
    json!({
        "applicant": {"type": kind, "name": "张三", "id_number": id, "phone": "13800001234"},
        "description": "申请公开2025年南川区城乡居民医保基金收支情况。",
        "form": "electronic"
    })
}

pub async fn apply(c: &mut Client<'_>, kind: &str, id: &str) -> Value {
    json(
        c.post("/api/v1/disclosure-requests", &application(kind, id))
            .await,
        StatusCode::CREATED,
    )
    .await
}

/// An application as staff (or, with `?query_code=`, its applicant) read it.
pub async fn view(c: &mut Client<'_>, path_and_query: &str) -> Value {
    json(
        c.get(&format!("/api/v1/disclosure-requests/{path_and_query}"))
            .await,
        StatusCode::OK,
    )
    .await
}

/// The 总计 column of the table-3 row `key` of an annual report.
pub fn table3_total(report: &Value, key: &str) -> i64 {
    report["table3"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == key)
        .map(|r| r["values"][6].as_i64().unwrap())
        .unwrap_or_else(|| panic!("no row {key} in {}", report["table3"]))
}
