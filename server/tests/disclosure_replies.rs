//! Art. 36 over HTTP: each of its seven kinds is a reply of its own, counted in its table-3
//! row; "held by another agency" names the agency and how to reach it; a 予以公开 reply
//! gives files, which the applicant downloads with the query code and nobody else can.
//! On SQLite or PostgreSQL.
mod common;

use app::auth::Role;
use common::disclosure::{apply, resident_id, table3_total, view};
use common::{json, spawn_app_on, Client};
use gongkai::demo::pdf::minimal_pdf;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn day(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

async fn reply(c: &mut Client<'_>, no: &str, body: Value, status: StatusCode) -> Value {
    json(
        c.post(&format!("/api/v1/disclosure-requests/{no}/reply"), &body)
            .await,
        status,
    )
    .await
}

async fn applied(anon: &mut Client<'_>) -> (String, String) {
    let a = apply(anon, "natural_person", &resident_id()).await;
    (
        a["tracking_no"].as_str().unwrap().to_string(),
        a["query_code"].as_str().unwrap().to_string(),
    )
}

#[tokio::test]
async fn each_kind_of_article_36_is_a_reply_of_its_own_in_its_row() {
    let app = spawn_app_on(day("2026-11-02")).await;
    let mut anon = app.client();
    let mut officer = app.signed_in("dafu", &[Role::DisclosureOfficer]).await;

    // 36(5) without the agency: both fields refused by name, the application still open.
    let (no, code) = applied(&mut anon).await;
    let bad = reply(
        &mut officer,
        &no,
        json!({"outcome": "other_agency", "body": "请向有关机关申请。", "other_agency": " "}),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let fields = &bad["error"]["fields"];
    assert!(
        fields["other_agency"]
            .as_str()
            .unwrap()
            .contains("机关名称"),
        "{bad}"
    );
    assert!(
        fields["other_agency_contact"]
            .as_str()
            .unwrap()
            .contains("联系方式"),
        "{bad}"
    );
    assert_eq!(view(&mut officer, &no).await["status"], "received");

    let r = reply(
        &mut officer,
        &no,
        json!({"outcome": "other_agency", "body": "经核查，该信息由区市场监管局制作并保存。",
               "other_agency": "重庆市南川区市场监督管理局", "other_agency_contact": "023-71422315，南川区东城街道办事处南大街"}),
        StatusCode::OK,
    )
    .await;
    assert_eq!(r["reply_kind"], "other_agency");
    assert_eq!(r["outcome"], "unavailable.not_held");
    assert_eq!(r["other_agency"], "重庆市南川区市场监督管理局");
    // The applicant reads the same with the code.
    let seen = view(&mut anon, &format!("{no}?query_code={code}")).await;
    assert_eq!(
        seen["other_agency_contact"],
        "023-71422315，南川区东城街道办事处南大街"
    );
    assert!(seen["reply_kind_label"]
        .as_str()
        .unwrap()
        .contains("第三十六条（五）"));
    // The 告知书 states the clause and names the agency.
    let notice = officer
        .get(&format!("/disclosure-requests/{no}/notice"))
        .await
        .text()
        .await
        .unwrap();
    assert!(notice.contains("不属于本机关负责公开"), "{notice}");
    assert!(notice.contains("负责公开该政府信息的行政机关为：重庆市南川区市场监督管理局"));

    // The other three kinds the 条例 words itself, each in its row.
    for (kind, row, clause) in [
        ("not_exist", "unavailable.not_held", "第三十六条第四项"),
        ("repeated", "not_processed.repeated", "第三十六条第六项"),
        (
            "special_law",
            "withheld.administrative_query",
            "第三十六条第七项",
        ),
    ] {
        let (no, _) = applied(&mut anon).await;
        let r = reply(
            &mut officer,
            &no,
            // A stray agency on another kind is not kept.
            json!({"outcome": kind, "body": "特此告知。", "other_agency": "某局", "other_agency_contact": "1"}),
            StatusCode::OK,
        )
        .await;
        assert_eq!(r["reply_kind"], kind, "{r}");
        assert_eq!(r["outcome"], row, "{r}");
        assert!(r["other_agency"].is_null(), "{r}");
        let notice = officer
            .get(&format!("/disclosure-requests/{no}/notice"))
            .await
            .text()
            .await
            .unwrap();
        assert!(notice.contains(clause), "{kind}: {notice}");
    }
    // The older spelling still lands where it did, and reads as the kind it was.
    let (no, _) = applied(&mut anon).await;
    let r = reply(
        &mut officer,
        &no,
        json!({"outcome": "unavailable", "reason": "needs_creation", "body": "需另行制作。"}),
        StatusCode::OK,
    )
    .await;
    assert_eq!(r["outcome"], "unavailable.needs_creation");
    assert_eq!(r["reply_kind"], "unavailable");
    // An unknown kind is refused on its field.
    let (no, _) = applied(&mut anon).await;
    let bad = reply(
        &mut officer,
        &no,
        json!({"outcome": "maybe", "body": "x"}),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(bad["error"]["fields"]["outcome"], "请选择答复类型");

    let mut editor = app.signed_in("nianbao", &[Role::Editor]).await;
    let report = json(
        editor.get("/api/v1/reports/annual/2026").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(table3_total(&report, "unavailable.not_held"), 2);
    assert_eq!(table3_total(&report, "not_processed.repeated"), 1);
    assert_eq!(table3_total(&report, "withheld.administrative_query"), 1);
    assert_eq!(table3_total(&report, "unavailable.needs_creation"), 1);
}

/// How many files are stored under `root`, in any of its folders.
fn stored_files(root: &std::path::Path) -> usize {
    let mut n = 0;
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                n += 1;
            }
        }
    }
    n
}

async fn upload(c: &mut Client<'_>, no: &str, name: &str, bytes: &[u8]) -> reqwest::Response {
    c.upload(
        &format!("/api/v1/disclosure-requests/{no}/files"),
        name,
        "application/pdf",
        bytes,
    )
    .await
}

#[tokio::test]
async fn a_disclosing_reply_gives_its_files_to_the_applicant_alone() {
    let app = spawn_app_on(day("2026-11-02")).await;
    let mut anon = app.client();
    let mut officer = app.signed_in("dafu", &[Role::DisclosureOfficer]).await;
    let (no, code) = applied(&mut anon).await;
    let bytes = minimal_pdf(&["2025 medical insurance fund"]);

    let f = json(
        upload(&mut officer, &no, "2025年医保基金收支情况.pdf", &bytes).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(f["name"], "2025年医保基金收支情况.pdf");
    assert_eq!(f["media_type"], "application/pdf");
    let fid = f["id"].as_i64().unwrap();
    let file_url = format!("/api/v1/disclosure-requests/{no}/files/{fid}");
    // A second one, removed again before the reply: its bytes go from the disk too.
    let extra = json(
        upload(&mut officer, &no, "草稿.pdf", &bytes).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(stored_files(&app.state.config.attachments_dir), 2);
    let res = officer
        .send(
            Method::DELETE,
            &format!("/api/v1/disclosure-requests/{no}/files/{}", extra["id"]),
            &json!({}),
            &[],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        view(&mut officer, &no).await["files"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(stored_files(&app.state.config.attachments_dir), 1);

    // Before the reply the applicant sees no files and cannot fetch one; staff can.
    let seen = view(&mut anon, &format!("{no}?query_code={code}")).await;
    assert_eq!(seen["files"], json!([]));
    assert_eq!(
        anon.get(&format!("{file_url}?query_code={code}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(officer.get(&file_url).await.status(), StatusCode::OK);

    // A reply that gives nothing out cannot carry the files: refused, nothing changed.
    let bad = reply(
        &mut officer,
        &no,
        json!({"outcome": "withheld", "reason": "process_info", "body": "属于过程性信息。"}),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        bad["error"]["fields"]["outcome"]
            .as_str()
            .unwrap()
            .contains("已上传 1 个"),
        "{bad}"
    );
    assert_eq!(view(&mut officer, &no).await["status"], "received");

    let r = reply(
        &mut officer,
        &no,
        json!({"outcome": "disclosed", "body": "现将所申请的信息随本告知书提供。"}),
        StatusCode::OK,
    )
    .await;
    assert_eq!(r["files"][0]["id"], fid);

    // The applicant: listed with the code, downloaded intact by header, query or form.
    let seen = view(&mut anon, &format!("{no}?query_code={code}")).await;
    assert_eq!(seen["files"][0]["name"], "2025年医保基金收支情况.pdf");
    let res = anon
        .send(
            Method::GET,
            &file_url,
            &json!(null),
            &[("x-query-code", &code)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(res.headers()["cache-control"], "private, no-store");
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment;"));
    assert_eq!(res.bytes().await.unwrap().as_ref(), bytes.as_slice());
    let res = anon
        .post_raw(
            &format!("/disclosure-requests/{no}/files/{fid}"),
            "application/x-www-form-urlencoded",
            &format!("query_code={code}"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.bytes().await.unwrap().as_ref(), bytes.as_slice());

    // Anyone else: no code, a wrong code, another application's file.
    assert_eq!(anon.get(&file_url).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        anon.get(&format!("{file_url}?query_code=AAAA-BBBB-CCCC"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let res = anon
        .post_raw(
            &format!("/disclosure-requests/{no}/files/{fid}"),
            "application/x-www-form-urlencoded",
            "query_code=",
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let (other, other_code) = applied(&mut anon).await;
    assert_eq!(
        anon.get(&format!(
            "/api/v1/disclosure-requests/{other}/files/{fid}?query_code={other_code}"
        ))
        .await
        .status(),
        StatusCode::NOT_FOUND
    );

    // What was given stays as given.
    assert_eq!(
        upload(&mut officer, &no, "补充.pdf", &bytes).await.status(),
        StatusCode::CONFLICT
    );
    let res = officer
        .send(Method::DELETE, &file_url, &json!({}), &[])
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);

    // Uploads, the removal and the applicant's downloads are on the record.
    let mut admin = app.signed_in("shenji", &[Role::Admin]).await;
    for (action, n) in [
        ("disclosure.file.add", 2),
        ("disclosure.file.delete", 1),
        // The officer's look before the reply, the applicant's two after.
        ("disclosure.file.download", 3),
    ] {
        let audit = json(
            admin
                .get(&format!("/api/v1/admin/audit?action={action}"))
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(audit["total"], n, "{action}: {audit}");
    }
}

#[tokio::test]
async fn the_desk_form_uploads_and_leads_back_and_refuses_what_is_not_a_document() {
    let app = spawn_app_on(day("2026-11-02")).await;
    let mut anon = app.client();
    let mut officer = app.signed_in("dafu", &[Role::DisclosureOfficer]).await;
    let (no, _) = applied(&mut anon).await;
    let form = format!("/editor/disclosure/{no}/files");
    let pdf = minimal_pdf(&["reply"]);
    let (ct, body) = common::multipart_file("file", "答复附件.pdf", "application/pdf", &pdf);
    let res = officer.post_bytes(&form, &ct, body, &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert!(
        to.starts_with(&format!("/editor/disclosure/{no}?attached="))
            && to.ends_with("#reply-files"),
        "{to}"
    );
    // A script is not a document: refused by its content, back to the desk with the reason.
    let (ct, body) =
        common::multipart_file("file", "x.pdf", "application/pdf", b"#!/bin/sh\nrm -rf /\n");
    let res = officer.post_bytes(&form, &ct, body, &[]).await;
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(
        to,
        format!("/editor/disclosure/{no}?file_error=type#reply-files")
    );
    // Signed out: back with the reason, nothing stored.
    let (ct, body) = common::multipart_file("file", "y.pdf", "application/pdf", &pdf);
    let res = anon.post_bytes(&form, &ct, body, &[]).await;
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(
        to,
        format!("/editor/disclosure/{no}?file_error=auth#reply-files")
    );
    assert_eq!(
        view(&mut officer, &no).await["files"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}
