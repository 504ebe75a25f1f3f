//! The annual report as an Excel workbook: headers, and the figures read back out of it.
mod common;

use app::auth::Role;
use common::{json, spawn_app};
use reqwest::StatusCode;
use serde_json::json;
use std::io::Read;

fn part(xlsx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).expect("a zip archive");
    let mut out = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the workbook"))
        .read_to_string(&mut out)
        .unwrap();
    out
}

#[tokio::test]
async fn annual_report_exports_as_xlsx() {
    let app = spawn_app().await;
    let mut ed = app.signed_in("baobiao", &[Role::Editor]).await;
    json(
        ed.post(
            "/api/v1/reports/annual/2026/figures",
            &json!({"figures": {"permits": 4321, "fees_wan": "35.5", "review_upheld": 2}}),
        )
        .await,
        StatusCode::OK,
    )
    .await;

    let mut anon = app.client();
    let res = anon.get("/api/v1/reports/annual/2026/xlsx").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let cd = res.headers()["content-disposition"].to_str().unwrap();
    assert_eq!(cd, "attachment; filename=\"annual-report-2026.xlsx\"");
    let bytes = res.bytes().await.unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"));

    let strings = part(&bytes, "xl/sharedStrings.xml");
    for text in [
        "2026 年度政府信息公开工作报告",
        "申请人情况",
        "自然人",
        "法人或其他组织",
        "本年新收",
        "行政复议",
        "未经复议直接起诉",
        "核对：一 + 二 = 三 + 四，各列一致",
        "政府文件",
    ] {
        assert!(strings.contains(text), "{text} missing");
    }
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<v>4321</v>"), "行政许可 figure");
    assert!(sheet.contains("<v>35.5</v>"), "收费金额");
    assert!(sheet.contains("<mergeCell "), "grouped headers are merged");
    let book = part(&bytes, "xl/workbook.xml");
    assert!(book.contains("name=\"年度报告\""));

    assert_eq!(
        anon.get("/api/v1/reports/annual/1800/xlsx").await.status(),
        StatusCode::NOT_FOUND
    );
    let page = anon.get("/reports/annual/2026").await.text().await.unwrap();
    assert!(page.contains("/api/v1/reports/annual/2026/xlsx"));
    assert!(page.contains("导出 Excel"));
}
