//! Art. 32 over HTTP: the third party's answer is recorded when the consultation ends; a
//! disclosure over its objection needs a reason, and the written notice to the third party
//! states it. On SQLite or PostgreSQL.
mod common;

use app::auth::Role;
use common::disclosure::{apply, resident_id, view};
use common::{json, spawn_app_on, Client};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn day(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

async fn post(c: &mut Client<'_>, no: &str, step: &str, body: Value, status: StatusCode) -> Value {
    json(
        c.post(&format!("/api/v1/disclosure-requests/{no}/{step}"), &body)
            .await,
        status,
    )
    .await
}

#[tokio::test]
async fn disclosing_over_an_objection_takes_a_reason_and_a_notice_to_the_third_party() {
    let app = spawn_app_on(day("2026-11-02")).await;
    let mut anon = app.client();
    let mut officer = app.signed_in("zhengqiu", &[Role::DisclosureOfficer]).await;
    let a = apply(&mut anon, "natural_person", &resident_id()).await;
    let no = a["tracking_no"].as_str().unwrap().to_string();
    let code = a["query_code"].as_str().unwrap().to_string();

    post(
        &mut officer,
        &no,
        "consultation",
        json!({"third_party": "重庆某建设工程有限公司"}),
        StatusCode::OK,
    )
    .await;
    // An answer that is none of the three is refused on its field; the consultation goes on.
    let bad = post(
        &mut officer,
        &no,
        "consultation/end",
        json!({"answer": "maybe"}),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(bad["error"]["fields"]["answer"].is_string(), "{bad}");
    app.state.clock.move_to(day("2026-11-09"));
    let ended = post(
        &mut officer,
        &no,
        "consultation/end",
        json!({"answer": "objected", "note": "涉及本公司商业秘密。"}),
        StatusCode::OK,
    )
    .await;
    assert_eq!(ended["status"], "received");
    assert_eq!(ended["consult_answer"], "objected");
    assert_eq!(ended["consult_note"], "涉及本公司商业秘密。");
    assert_eq!(ended["consult_ended_on"], "2026-11-09");

    // Disclosing over the objection without a reason: refused, and nothing is replied.
    let refused = post(
        &mut officer,
        &no,
        "reply",
        json!({"outcome": "disclosed", "body": "现予公开。"}),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(refused["error"]["fields"]["disclose_reason"]
        .as_str()
        .unwrap()
        .contains("第三十二条"));
    let still = view(&mut officer, &no).await;
    assert_eq!(still["status"], "received");

    let reason = "该工程涉及公共安全，不公开可能对公共利益造成重大影响。";
    let replied = post(
        &mut officer,
        &no,
        "reply",
        json!({"outcome": "disclosed", "body": "现将工程质量检测报告予以公开。", "disclose_reason": reason}),
        StatusCode::OK,
    )
    .await;
    assert_eq!(replied["disclose_reason"], reason);

    // The notice to the third party: staff print it; nobody else sees it.
    let page = format!("/editor/disclosure/{no}/third-party-notice");
    let html = officer.get(&page).await.text().await.unwrap();
    assert!(html.contains("政府信息公开第三方告知书"), "{html}");
    assert!(html.contains("重庆某建设工程有限公司"));
    assert!(html.contains(reason));
    assert!(html.contains("不同意公开"));
    let outsider = app.client().get(&page).await.text().await.unwrap();
    assert!(!outsider.contains(reason));
    // The applicant reads the reply, not the third party's reasons' notice.
    let mine = view(&mut app.client(), &format!("{no}?query_code={code}")).await;
    assert_eq!(mine["outcome"], "disclosed");
}

#[tokio::test]
async fn without_an_objection_no_reason_is_asked_for() {
    let app = spawn_app_on(day("2026-11-02")).await;
    let mut anon = app.client();
    let mut officer = app.signed_in("zhengqiu2", &[Role::DisclosureOfficer]).await;
    for (answer, outcome, reason) in [
        (Some("agreed"), "disclosed", None),
        (Some("no_reply"), "partially_disclosed", None),
        (None, "disclosed", None),
        // Withholding what the third party objected to needs no notice.
        (Some("objected"), "withheld", Some("third_party_rights")),
    ] {
        let a = apply(&mut anon, "natural_person", &resident_id()).await;
        let no = a["tracking_no"].as_str().unwrap().to_string();
        post(
            &mut officer,
            &no,
            "consultation",
            json!({"third_party": "第三方单位"}),
            StatusCode::OK,
        )
        .await;
        // A client that says nothing (a JSON null) still ends the consultation.
        let end = match answer {
            Some(a) => json!({"answer": a}),
            None => Value::Null,
        };
        let ended = post(&mut officer, &no, "consultation/end", end, StatusCode::OK).await;
        assert_eq!(ended["consult_answer"], json!(answer));
        let r = post(
            &mut officer,
            &no,
            "reply",
            json!({"outcome": outcome, "reason": reason, "body": "答复如下。", "disclose_reason": "不应保存"}),
            StatusCode::OK,
        )
        .await;
        assert_eq!(r["disclose_reason"], Value::Null, "{answer:?} {outcome}");
    }
}

/// The desk's form door (the `staff_step` server function) records the same.
#[tokio::test]
async fn the_desk_form_records_the_answer_and_the_reason() {
    let app = spawn_app_on(day("2026-11-02")).await;
    let mut anon = app.client();
    let mut officer = app.signed_in("zhengqiu3", &[Role::DisclosureOfficer]).await;
    let a = apply(&mut anon, "natural_person", &resident_id()).await;
    let no = a["tracking_no"].as_str().unwrap().to_string();
    let step = common::server_fns()["/api/staff_step"].clone();
    let form = "application/x-www-form-urlencoded";
    for body in [
        format!("tracking_no={no}&step=consult&third_party=%E7%AC%AC%E4%B8%89%E6%96%B9"),
        format!("tracking_no={no}&step=consult_end&answer=objected&consult_note=%E4%B8%8D%E5%90%8C%E6%84%8F"),
        format!("tracking_no={no}&step=reply&outcome=disclosed&reason=&body=%E5%85%AC%E5%BC%80&disclose_reason=%E5%85%AC%E5%85%B1%E5%88%A9%E7%9B%8A"),
    ] {
        let res = officer.post_raw(&step, form, &body).await;
        assert_eq!(res.status(), StatusCode::OK, "{body}: {}", res.text().await.unwrap());
    }
    let got = view(&mut officer, &no).await;
    assert_eq!(got["consult_answer"], "objected");
    assert_eq!(got["consult_note"], "不同意");
    assert_eq!(got["disclose_reason"], "公共利益");
}
