//! Document attachments over HTTP: upload (API and the editor's no-script form), listing,
//! download headers and bytes, type checks by content, size limits, drafts, deletion.
mod common;

use app::auth::Role;
use common::{json, spawn_app, spawn_app_with, Client, TestApp};
use gongkai::demo::pdf::minimal_pdf;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// A document by `c` (an editor): published unless `draft`. Returns its id.
async fn document(c: &mut Client<'_>, title: &str, draft: bool) -> i64 {
    let dept = common::catalog::first_department(c).await;
    let body = json!({
        "column": "zfwj", "title": title, "body": "正文", "publisher_id": dept,
        "written_on": "2026-03-02",
        "published_on": if draft { Value::Null } else { json!("2026-03-05") },
    });
    let d = json(
        c.post("/api/v1/documents", &body).await,
        StatusCode::CREATED,
    )
    .await;
    d["id"].as_i64().unwrap()
}

fn pdf() -> Vec<u8> {
    minimal_pdf(&["Attachment test"])
}

fn docx() -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, data) in [
        ("[Content_Types].xml", "<Types/>"),
        ("_rels/.rels", "<Relationships/>"),
        ("word/document.xml", "<w:document/>"),
    ] {
        w.start_file(name, opts).unwrap();
        w.write_all(data.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Every file under the attachments directory, relative to it.
fn stored_files(app: &TestApp) -> Vec<String> {
    let root = &app.state.config.attachments_dir;
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(root).unwrap().display().to_string());
            }
        }
    }
    out
}

#[tokio::test]
async fn editor_uploads_a_pdf_that_is_listed_and_downloads_intact() {
    let app = spawn_app().await;
    let mut ed = app.signed_in("fujian", &[Role::Editor]).await;
    let id = document(&mut ed, "关于医保缴费的通知", false).await;
    let bytes = pdf();
    let path = format!("/api/v1/documents/{id}/attachments");
    // The client's claimed type is ignored: the content decides.
    let a = json(
        ed.upload(
            &path,
            "关于医保的通知.pdf",
            "application/octet-stream",
            &bytes,
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(a["name"], "关于医保的通知.pdf");
    assert_eq!(a["media_type"], "application/pdf");
    assert_eq!(a["size"], bytes.len());
    let url = a["url"].as_str().unwrap().to_string();
    assert_eq!(
        url,
        format!("/api/v1/documents/{id}/attachments/{}", a["id"])
    );
    assert_eq!(a["sha256"].as_str().unwrap().len(), 64);

    let mut anon = app.client();
    let doc = json(
        anon.get(&format!("/api/v1/documents/{id}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(doc["attachments"][0]["id"], a["id"]);
    assert_eq!(doc["attachments"][0]["url"], url.as_str());
    let list = json(anon.get(&path).await, StatusCode::OK).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);

    let res = anon.get(&url).await;
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers().clone();
    assert_eq!(h["content-type"], "application/pdf");
    assert_eq!(h["x-content-type-options"], "nosniff");
    let cd = h["content-disposition"].to_str().unwrap();
    assert!(cd.starts_with("attachment;"), "{cd}");
    assert!(
        cd.contains(
            "filename*=UTF-8''%E5%85%B3%E4%BA%8E%E5%8C%BB%E4%BF%9D%E7%9A%84%E9%80%9A%E7%9F%A5.pdf"
        ),
        "{cd}"
    );
    assert!(
        cd.contains(&format!("filename=\"attachment-{}.pdf\"", a["id"])),
        "{cd}"
    );
    assert_eq!(res.bytes().await.unwrap().as_ref(), bytes.as_slice());

    // A docx is recognised by its parts, whatever it is called.
    let w = json(
        ed.upload(&path, "报告.docx", "application/pdf", &docx())
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        w["media_type"],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );

    // The public page lists it with its type and size.
    let html = anon
        .get(&format!("/catalog/documents/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("关于医保的通知.pdf"), "listed on the page");
    assert!(html.contains(&format!("href=\"{url}\"")));
    assert!(html.contains("（PDF，"), "type shown");

    // Published attachments stay as published.
    let res = ed.send(Method::DELETE, &url, &Value::Null, &[]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);

    let spec = json(anon.get("/api/v1/openapi.json").await, StatusCode::OK).await;
    for p in [
        "/api/v1/documents/{id}/attachments",
        "/api/v1/documents/{id}/attachments/{aid}",
    ] {
        assert!(spec["paths"][p].is_object(), "{p} missing from OpenAPI");
    }
}

#[tokio::test]
async fn only_editors_and_admins_upload() {
    let app = spawn_app().await;
    let mut ed = app.signed_in("bianji2", &[Role::Editor]).await;
    let id = document(&mut ed, "通知", false).await;
    let path = format!("/api/v1/documents/{id}/attachments");
    let mut anon = app.client();
    let res = anon.upload(&path, "a.pdf", "application/pdf", &pdf()).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let mut resident = app.signed_in("jumin2", &[Role::Resident]).await;
    let res = resident
        .upload(&path, "a.pdf", "application/pdf", &pdf())
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Another site's page posting with the editor's cookie.
    let (ct, body) = common::multipart_file("file", "a.pdf", "application/pdf", &pdf());
    let res = ed
        .post_bytes(&path, &ct, body, &[("origin", "https://evil.example")])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let mut admin = app.signed_in("guanli2", &[Role::Admin]).await;
    let res = admin
        .upload(&path, "a.pdf", "application/pdf", &pdf())
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(
        ed.upload(
            "/api/v1/documents/99999/attachments",
            "a.pdf",
            "application/pdf",
            &pdf()
        )
        .await
        .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(stored_files(&app).len(), 1);
}

#[tokio::test]
async fn types_are_checked_by_content() {
    let app = spawn_app().await;
    let mut ed = app.signed_in("leixing", &[Role::Editor]).await;
    let id = document(&mut ed, "通知", false).await;
    let path = format!("/api/v1/documents/{id}/attachments");
    for (name, bytes) in [
        (
            "report.pdf",
            b"<!DOCTYPE html><script>alert(1)</script>".to_vec(),
        ),
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00".to_vec()),
        ("table.xlsx", b"PK\x03\x04not really a workbook".to_vec()),
    ] {
        let res = json(
            ed.upload(&path, name, "application/pdf", &bytes).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        let msg = res["error"]["fields"]["file"].as_str().unwrap();
        assert!(
            msg.starts_with("仅支持 PDF、Word、Excel、PowerPoint"),
            "{msg}"
        );
    }
    let res = json(
        ed.upload(&path, "empty.pdf", "application/pdf", b"").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(res["error"]["fields"]["file"], "请选择要上传的文件");
    let res = ed.post(&path, &json!({"file": "%PDF-1.4"})).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let (ct, body) = common::multipart_file("other", "a.pdf", "application/pdf", &pdf());
    let res = json(
        ed.post_bytes(&path, &ct, body, &[]).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(res["error"]["fields"]["file"].is_string());
    assert!(stored_files(&app).is_empty(), "nothing refused is kept");
}

#[tokio::test]
async fn files_over_the_limit_are_refused_with_413() {
    let app = spawn_app_with(|c| c.attachment_max_bytes = 4096).await;
    let mut ed = app.signed_in("daxiao", &[Role::Editor]).await;
    let id = document(&mut ed, "通知", false).await;
    let path = format!("/api/v1/documents/{id}/attachments");
    let mut big = pdf();
    big.resize(5000, b' ');
    // Just over: read and refused by the handler.
    let res = json(
        ed.upload(&path, "big.pdf", "application/pdf", &big).await,
        StatusCode::PAYLOAD_TOO_LARGE,
    )
    .await;
    assert_eq!(res["error"]["message"], "附件不能超过 4 KB");
    // Far over: refused from its Content-Length before it is read.
    big.resize(300_000, b' ');
    let res = json(
        ed.upload(&path, "big.pdf", "application/pdf", &big).await,
        StatusCode::PAYLOAD_TOO_LARGE,
    )
    .await;
    assert_eq!(res["error"]["code"], "payload_too_large");
    let mut small = pdf();
    small.resize(4000, b' ');
    let res = ed.upload(&path, "ok.pdf", "application/pdf", &small).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    // Other requests keep the general 1 MB limit.
    let huge = "x".repeat(1_100_000);
    let res = ed.post("/api/v1/documents", &json!({"title": huge})).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn file_names_never_reach_the_file_system() {
    let app = spawn_app().await;
    let mut ed = app.signed_in("lujing", &[Role::Editor]).await;
    let id = document(&mut ed, "通知", false).await;
    let path = format!("/api/v1/documents/{id}/attachments");
    let escape = std::env::temp_dir().join("gk-escaped.pdf");
    let _ = std::fs::remove_file(&escape);
    let sneaky = format!("../../../../../..{}", escape.display());
    for (name, shown) in [
        (sneaky.as_str(), "gk-escaped.pdf"),
        ("..\\..\\windows\\win.pdf", "win.pdf"),
        ("..", "附件.pdf"),
        ("a\u{202e}fdp.exe", "afdp.exe.pdf"),
    ] {
        let a = json(
            ed.upload(&path, name, "application/pdf", &pdf()).await,
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(a["name"], shown);
    }
    assert!(!escape.exists(), "nothing written outside the store");
    let files = stored_files(&app);
    assert_eq!(files.len(), 4);
    for f in files {
        let (dir, name) = f.split_once('/').unwrap();
        assert_eq!(name.len(), 32 + 4, "{f}");
        assert!(name.ends_with(".pdf") && name.starts_with(dir), "{f}");
    }
}

#[tokio::test]
async fn drafts_attachments_are_hidden_and_deletable() {
    let app = spawn_app().await;
    let mut ed = app.signed_in("caogao", &[Role::Editor]).await;
    let draft = document(&mut ed, "草稿", true).await;
    let other = document(&mut ed, "另一份", false).await;
    let a = json(
        ed.upload(
            &format!("/api/v1/documents/{draft}/attachments"),
            "送审稿.pdf",
            "application/pdf",
            &pdf(),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let url = a["url"].as_str().unwrap().to_string();
    let mut anon = app.client();
    assert_eq!(anon.get(&url).await.status(), StatusCode::NOT_FOUND);
    let mut resident = app.signed_in("jumin3", &[Role::Resident]).await;
    assert_eq!(resident.get(&url).await.status(), StatusCode::NOT_FOUND);
    let res = ed.get(&url).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "private, no-store");
    // The attachment belongs to its own document only.
    let wrong = format!("/api/v1/documents/{other}/attachments/{}", a["id"]);
    assert_eq!(ed.get(&wrong).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        ed.send(Method::DELETE, &wrong, &Value::Null, &[])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        resident
            .send(Method::DELETE, &url, &Value::Null, &[])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(stored_files(&app).len(), 1);
    let res = ed.send(Method::DELETE, &url, &Value::Null, &[]).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(stored_files(&app).is_empty(), "the file is removed");
    assert_eq!(ed.get(&url).await.status(), StatusCode::NOT_FOUND);
    let doc = json(
        ed.get(&format!("/api/v1/documents/{draft}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(doc["attachments"], json!([]));
}

#[tokio::test]
async fn the_editor_form_uploads_without_script_and_redirects_back() {
    let app = spawn_app().await;
    let mut ed = app.signed_in("biaodan", &[Role::Editor]).await;
    let id = document(&mut ed, "通知", false).await;
    let page = ed
        .get(&format!("/editor/documents/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("enctype=\"multipart/form-data\""),
        "the form is rendered"
    );
    assert!(page.contains(&format!("action=\"/editor/documents/{id}/attachments\"")));
    let form = format!("/editor/documents/{id}/attachments");
    let res = ed
        .upload(&form, "附件一.pdf", "application/pdf", &pdf())
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let loc = res.headers()["location"].to_str().unwrap().to_string();
    assert!(
        loc.starts_with(&format!("/editor/documents/{id}?attached=")),
        "{loc}"
    );
    let res = ed
        .upload(&form, "page.pdf", "application/pdf", b"<html></html>")
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers()["location"],
        format!("/editor/documents/{id}?attachment_error=type#attachments").as_str()
    );
    let page = ed
        .get(&format!("/editor/documents/{id}?attachment_error=type"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("仅支持 PDF、Word、Excel、PowerPoint"),
        "error beside the field"
    );
    assert!(page.contains("附件一.pdf"));
    let mut anon = app.client();
    let res = anon.upload(&form, "a.pdf", "application/pdf", &pdf()).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(res.headers()["location"]
        .to_str()
        .unwrap()
        .contains("attachment_error=auth"));
    assert_eq!(stored_files(&app).len(), 1);
}
