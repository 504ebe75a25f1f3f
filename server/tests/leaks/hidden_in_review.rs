//! (b) Entries a host hides in review.
use super::common::{spawn_app, Sse, SseEvent};
use super::interviews_support::{
    answer, collecting_with_question, hide, move_to, post_message, SENTINEL_WAIT,
};
use super::ways_out::*;
use app::auth::Role;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn entries_hidden_in_review_reach_no_public_way_out() {
    const SECRET: &str = "entry hidden in review";
    let opening = "访谈正式开始，欢迎各位网友";
    let slip = "审核隐藏机密丙：内部电话 023-7123 4567";
    let slip_answer = "审核隐藏机密丁：门票价格还没定";
    let after = "下面继续回答网友提问";
    let asked = "景区门票多少钱？老人有优惠吗？";
    let absent = ["审核隐藏机密丙", "审核隐藏机密丁", "023-7123", "还没定"];

    let app = spawn_app().await;
    let mut m = Matrix::new("(b) entries hidden in review × every public way out");
    let (mut host, id, qid) = collecting_with_question(&app, asked).await;
    move_to(&mut host, id, &["preparing", "rehearsal", "live"]).await;
    let url = stream_url(&app.addr, id);
    let mut early = Sse::connect(&url, None, None).await;
    let other = other_instance(&app).await;
    post_message(&mut host, id, opening).await;
    let slip_id = post_message(&mut host, id, slip).await["id"]
        .as_i64()
        .unwrap();
    let answer_id = answer(&mut host, id, qid, slip_answer).await["id"]
        .as_i64()
        .unwrap();
    // Pinned, then hidden: the pinned box must not bring it back.
    let res = host
        .post(
            &format!("/api/v1/interviews/{id}/pin"),
            &json!({"event_id": slip_id}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    post_message(&mut host, id, after).await;
    // While live the entries were public: the viewer saw them (so they exist).
    let live = early
        .until(SENTINEL_WAIT, |e| e.data["body"] == after)
        .await;
    let live_text = events_text(&live);
    assert!(
        live_text.contains(slip) && live_text.contains(slip_answer),
        "{live_text}"
    );
    move_to(&mut host, id, &["review"]).await;
    hide(&mut host, id, slip_id).await;
    hide(&mut host, id, answer_id).await;
    let hidden_ids = [slip_id as i32, answer_id as i32];

    // In review: the log ends with the move to review, the sentinel of every catch-up.
    let mut public = app.client();
    let is_review = |e: &SseEvent| e.event == "stage" && e.data["stage"] == "review";
    let mut catch_ups = vec![
        ("catch-up: Last-Event-ID: 0", url.clone(), Some(0), true),
        ("catch-up: ?after=0", format!("{url}?after=0"), None, true),
        (
            "catch-up: from just before the hidden message",
            format!("{url}?after={}", slip_id - 1),
            None,
            false,
        ),
        (
            "catch-up: from just before the hidden answer",
            url.clone(),
            Some(answer_id as i32 - 1),
            false,
        ),
    ];
    match &other {
        Some((b, _)) => catch_ups.push((
            "catch-up on another instance: Last-Event-ID: 0",
            stream_url(b, id),
            Some(0),
            true,
        )),
        None => m.not_applicable(
            "catch-up on another instance: Last-Event-ID: 0",
            SECRET,
            "SQLite serves one instance",
        ),
    }
    for (path, url, last_event_id, from_start) in catch_ups {
        let got = Sse::connect(&url, last_event_id, None)
            .await
            .until(SENTINEL_WAIT, is_review)
            .await;
        let mut present = vec![after, "\"stage\":\"review\""];
        if from_start {
            present.push(opening);
        }
        m.text(path, SECRET, &events_text(&got), &present, &absent);
        let sent_hidden: Vec<i32> = got
            .iter()
            .filter_map(|e| e.id)
            .filter(|i| hidden_ids.contains(i))
            .collect();
        m.fact(
            path,
            SECRET,
            sent_hidden.is_empty(),
            format!("hidden entries {sent_hidden:?} sent again"),
        );
    }
    let page = read(&mut public, &format!("/interviews/{id}"), StatusCode::OK).await;
    m.text(
        "page /interviews/{id} (review)",
        SECRET,
        &page,
        &[opening, after, "审核实录", "景区门票多少钱"],
        &[&absent[..], &["置顶消息"]].concat(),
    );
    let data = server_fn(&mut public, "/api/live_page", &format!("id={id}")).await;
    m.text(
        "server fn live_page (review)",
        SECRET,
        &data,
        &[opening, after, "\"stage\":\"review\""],
        &absent,
    );
    let t = read(
        &mut public,
        &format!("/api/v1/interviews/{id}/transcript"),
        StatusCode::NOT_FOUND,
    )
    .await;
    m.text(
        "transcript (review): not served before publishing",
        SECRET,
        &t,
        &["\"error\""],
        &absent,
    );
    let qs = read_json(&mut public, &format!("/api/v1/interviews/{id}/questions")).await;
    m.text(
        "JSON GET /api/v1/interviews/{id}/questions",
        SECRET,
        &qs.to_string(),
        &[asked],
        &absent,
    );

    // Published.
    move_to(&mut host, id, &["published"]).await;
    let is_published = |e: &SseEvent| e.event == "stage" && e.data["stage"] == "published";
    let rest = early.until(SENTINEL_WAIT, is_published).await;
    m.text(
        "event stream: viewer connected before the entries, after the hiding",
        SECRET,
        &events_text(&rest),
        &["\"stage\":\"review\"", "\"stage\":\"published\""],
        &absent,
    );
    let got = Sse::connect(&url, Some(0), None)
        .await
        .until(SENTINEL_WAIT, is_published)
        .await;
    m.text(
        "catch-up after publishing: Last-Event-ID: 0",
        SECRET,
        &events_text(&got),
        &[opening, after, "\"stage\":\"published\""],
        &absent,
    );
    let t = read_json(&mut public, &format!("/api/v1/interviews/{id}/transcript")).await;
    m.text(
        "transcript GET /api/v1/interviews/{id}/transcript",
        SECRET,
        &t.to_string(),
        &[opening, after],
        &absent,
    );
    let bodies: Vec<&str> = t["items"]
        .as_array()
        .map(|v| v.iter().filter_map(|e| e["body"].as_str()).collect())
        .unwrap_or_default();
    m.fact(
        "transcript GET /api/v1/interviews/{id}/transcript",
        SECRET,
        bodies == [opening, after],
        format!("exactly the entries left public: {bodies:?}"),
    );
    let page = read(&mut public, &format!("/interviews/{id}"), StatusCode::OK).await;
    m.text(
        "page /interviews/{id} (published)",
        SECRET,
        &page,
        &[opening, after, "已发布实录"],
        &[&absent[..], &["置顶消息"]].concat(),
    );
    let data = server_fn(&mut public, "/api/live_page", &format!("id={id}")).await;
    m.text(
        "server fn live_page (published)",
        SECRET,
        &data,
        &[opening, after, "\"stage\":\"published\""],
        &absent,
    );
    let i = read_json(&mut public, &format!("/api/v1/interviews/{id}")).await;
    m.text(
        "JSON GET /api/v1/interviews/{id}",
        SECRET,
        &i.to_string(),
        &[INTERVIEW_TITLE, "\"stage\":\"published\""],
        &absent,
    );
    // The search, with a published question to show that it finds what is public.
    let mut moderator = app.signed_in("shenhe", &[Role::Moderator]).await;
    let control = super::questions_support::answered(
        &app,
        &mut moderator,
        super::questions_support::anon_body("门票优惠", "审核对照：景区门票对老人有优惠吗？"),
        true,
    )
    .await;
    let probes = [
        "审核隐藏机密",
        "门票价格还没定",
        "内部电话",
        "7123",
        "继续回答 还没定",
    ];
    let by_question = Search {
        secret: SECRET,
        control: "审核对照",
        found: &[&control],
        present: &[],
        absent: &absent,
        probes: &probes,
        link: format!("/questions/{control}"),
        interview: false,
    };
    question_search(&mut m, &mut public, &by_question).await;
    site_search(&mut m, &mut public, &by_question).await;
    // The interview is found by its transcript as published, never by a hidden entry.
    let by_interview = Search {
        secret: SECRET,
        control: "继续回答",
        found: &[INTERVIEW_TITLE],
        present: &["继续回答"],
        absent: &absent,
        probes: &probes,
        link: format!("href=\"/interviews/{id}\""),
        interview: true,
    };
    site_search(&mut m, &mut public, &by_interview).await;
    feeds(&mut m, &mut public, SECRET, &absent).await;
    m.finish();
}

// ---------------------------------------------------------------------------------------
// (c) Personal data
