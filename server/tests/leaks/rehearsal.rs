//! (a) Entries of an interview's rehearsal (彩排).
use super::common::{spawn_app, Sse, SseEvent};
use super::interviews_support::{
    answer, collecting_with_question, move_to, post_message, SENTINEL_WAIT,
};
use super::ways_out::*;
use app::auth::Role;
use reqwest::StatusCode;

#[tokio::test]
async fn rehearsal_entries_reach_no_public_way_out() {
    const SECRET: &str = "rehearsal entry";
    let rehearsal_message = "彩排机密甲：试音，一二三";
    let rehearsal_answer = "彩排机密乙：停车场七点开放";
    let asked = "景区停车场几点开放？周末车位够不够？";
    let sentinel = "直播哨兵：各位网友，访谈正式开始";
    // In JSON: the rehearsal's entries and any sign of the stage itself.
    let json_absent = [
        "彩排机密甲",
        "彩排机密乙",
        "七点开放",
        "\"stage\":\"rehearsal\"",
        "\"rehearsal\":true",
    ];
    // In pages: the entries, and the stage's name.
    let page_absent = ["彩排机密甲", "彩排机密乙", "七点开放", "彩排"];

    let app = spawn_app().await;
    let mut m = Matrix::new("(a) rehearsal entries × every public way out");
    let (mut host, id, qid) = collecting_with_question(&app, asked).await;
    move_to(&mut host, id, &["preparing"]).await;
    let url = stream_url(&app.addr, id);
    // Viewers connected before anything of the rehearsal exists, here and on another instance.
    let mut early = Sse::connect(&url, None, None).await;
    let other = other_instance(&app).await;
    let mut early_elsewhere = match &other {
        Some((b, _)) => Some(Sse::connect(&stream_url(b, id), None, None).await),
        None => None,
    };
    move_to(&mut host, id, &["rehearsal"]).await;
    let mut private = Sse::connect(
        &format!("{url}?rehearsal=true"),
        None,
        host.cookie.as_deref(),
    )
    .await;
    post_message(&mut host, id, rehearsal_message).await;
    let rehearsed = answer(&mut host, id, qid, rehearsal_answer).await;
    assert_eq!(rehearsed["rehearsal"], true, "{rehearsed}");
    assert_eq!(rehearsed["type"], "answer", "{rehearsed}");
    // The host's stream has both, so their absence everywhere else means something.
    let seen = private
        .until(SENTINEL_WAIT, |e| e.data["body"] == rehearsal_answer)
        .await;
    assert!(
        seen.iter().any(|e| e.data["body"] == rehearsal_message),
        "{seen:?}"
    );

    // During the rehearsal.
    let mut public = app.client();
    let during = "(during rehearsal)";
    let i = read_json(&mut public, &format!("/api/v1/interviews/{id}")).await;
    m.text(
        &format!("JSON GET /api/v1/interviews/{{id}} {during}"),
        SECRET,
        &i.to_string(),
        &["\"stage\":\"preparing\"", INTERVIEW_TITLE],
        &json_absent,
    );
    let list = read_json(&mut public, "/api/v1/interviews").await;
    m.text(
        &format!("JSON GET /api/v1/interviews {during}"),
        SECRET,
        &list.to_string(),
        &["\"stage\":\"preparing\"", INTERVIEW_TITLE],
        &json_absent,
    );
    let qs = read_json(&mut public, &format!("/api/v1/interviews/{id}/questions")).await;
    m.text(
        &format!("JSON GET /api/v1/interviews/{{id}}/questions {during}"),
        SECRET,
        &qs.to_string(),
        &[asked, "\"status\":\"accepted\""],
        &[&json_absent[..], &["\"status\":\"answered\""]].concat(),
    );
    let page = read(&mut public, &format!("/interviews/{id}"), StatusCode::OK).await;
    m.text(
        &format!("page /interviews/{{id}} {during}"),
        SECRET,
        &page,
        &[INTERVIEW_TITLE, "准备资料", "景区停车场几点开放"],
        &[&page_absent[..], &["已回答"]].concat(),
    );
    let page = read(&mut public, "/interviews", StatusCode::OK).await;
    m.text(
        &format!("page /interviews {during}"),
        SECRET,
        &page,
        &[INTERVIEW_TITLE, "准备资料"],
        &page_absent,
    );
    let data = server_fn(&mut public, "/api/live_page", &format!("id={id}")).await;
    m.text(
        &format!("server fn live_page {during}"),
        SECRET,
        &data,
        &["\"stage\":\"preparing\"", asked, "\"status\":\"accepted\""],
        &[&json_absent[..], &["\"status\":\"answered\""]].concat(),
    );
    let data = server_fn(&mut public, "/api/list_interviews", "").await;
    m.text(
        &format!("server fn list_interviews {during}"),
        SECRET,
        &data,
        &["\"stage\":\"preparing\"", INTERVIEW_TITLE],
        &json_absent,
    );
    let t = read(
        &mut public,
        &format!("/api/v1/interviews/{id}/transcript"),
        StatusCode::NOT_FOUND,
    )
    .await;
    m.text(
        &format!("transcript {during}: not served before publishing"),
        SECRET,
        &t,
        &["\"error\""],
        &json_absent,
    );
    // Asking for the rehearsal stream without being a host is refused.
    let mut resident = app.signed_in("jumin", &[Role::Resident]).await;
    let refused = [
        public
            .get(&format!("/api/v1/interviews/{id}/events?rehearsal=true"))
            .await
            .status(),
        resident
            .get(&format!("/api/v1/interviews/{id}/events?rehearsal=true"))
            .await
            .status(),
    ];
    m.fact(
        "event stream ?rehearsal=true without the host role",
        SECRET,
        refused == [StatusCode::UNAUTHORIZED, StatusCode::FORBIDDEN],
        format!("anonymous and resident: {refused:?} (want 401, 403)"),
    );

    // Live: a public entry after the rehearsal is the sentinel every stream must reach.
    move_to(&mut host, id, &["live"]).await;
    let posted = post_message(&mut host, id, sentinel).await;
    assert_eq!(posted["rehearsal"], false);
    let is_sentinel = |e: &SseEvent| e.data["body"] == sentinel;
    let stream_present = [sentinel, "\"stage\":\"live\"", "\"stage\":\"preparing\""];
    let got = early.until(SENTINEL_WAIT, is_sentinel).await;
    let path = "event stream: viewer connected before the rehearsal";
    m.text(
        path,
        SECRET,
        &events_text(&got),
        &stream_present,
        &json_absent,
    );
    stream_shape(&mut m, path, SECRET, &got, 1);
    match early_elsewhere.as_mut() {
        Some(s) => {
            let got = s.until(SENTINEL_WAIT, is_sentinel).await;
            let path = "event stream: viewer on another instance (LISTEN/NOTIFY)";
            m.text(
                path,
                SECRET,
                &events_text(&got),
                &stream_present,
                &json_absent,
            );
            stream_shape(&mut m, path, SECRET, &got, 1);
        }
        None => m.not_applicable(
            "event stream: viewer on another instance (LISTEN/NOTIFY)",
            SECRET,
            "SQLite serves one instance",
        ),
    }
    for (path, url, last_event_id) in [
        ("catch-up: Last-Event-ID: 0", url.clone(), Some(0)),
        ("catch-up: ?after=0", format!("{url}?after=0"), None),
        (
            "catch-up: ?after=0&rehearsal=false",
            format!("{url}?after=0&rehearsal=false"),
            None,
        ),
    ] {
        let got = Sse::connect(&url, last_event_id, None)
            .await
            .until(SENTINEL_WAIT, is_sentinel)
            .await;
        m.text(
            path,
            SECRET,
            &events_text(&got),
            &stream_present,
            &json_absent,
        );
        stream_shape(&mut m, path, SECRET, &got, 1);
    }
    // An answer given in rehearsal left the question unanswered.
    let qs = read_json(&mut public, &format!("/api/v1/interviews/{id}/questions")).await;
    m.text(
        "JSON GET /api/v1/interviews/{id}/questions (live)",
        SECRET,
        &qs.to_string(),
        &[asked, "\"status\":\"accepted\""],
        &[&json_absent[..], &["\"status\":\"answered\""]].concat(),
    );
    let page = read(&mut public, &format!("/interviews/{id}"), StatusCode::OK).await;
    m.text(
        "page /interviews/{id} (live)",
        SECRET,
        &page,
        &[sentinel, "正在直播", "已采纳"],
        &[&page_absent[..], &["已回答"]].concat(),
    );

    // Published: the transcript, and the question left unanswered goes to 网络问政.
    move_to(&mut host, id, &["review", "published"]).await;
    let t = read_json(&mut public, &format!("/api/v1/interviews/{id}/transcript")).await;
    m.text(
        "transcript GET /api/v1/interviews/{id}/transcript",
        SECRET,
        &t.to_string(),
        &[sentinel],
        &json_absent,
    );
    let page = read(&mut public, &format!("/interviews/{id}"), StatusCode::OK).await;
    m.text(
        "page /interviews/{id} (published)",
        SECRET,
        &page,
        &[sentinel, "已发布实录", "访谈实录"],
        &page_absent,
    );
    let data = server_fn(&mut public, "/api/live_page", &format!("id={id}")).await;
    m.text(
        "server fn live_page (published)",
        SECRET,
        &data,
        &[sentinel, "\"stage\":\"published\""],
        &json_absent,
    );
    let got = Sse::connect(&url, Some(0), None)
        .await
        .until(SENTINEL_WAIT, |e| e.data["stage"] == "published")
        .await;
    let path = "catch-up after publishing: Last-Event-ID: 0";
    m.text(
        path,
        SECRET,
        &events_text(&got),
        &[sentinel, "\"stage\":\"published\""],
        &json_absent,
    );
    stream_shape(&mut m, path, SECRET, &got, 1);
    let qs = read_json(&mut public, &format!("/api/v1/interviews/{id}/questions")).await;
    let no = qs["items"][0]["forwarded_tracking_no"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    m.fact(
        "JSON GET /api/v1/interviews/{id}/questions (published)",
        SECRET,
        !no.is_empty() && qs["items"][0]["status"] == "accepted",
        format!("the question answered only in rehearsal is forwarded as unanswered: {qs}"),
    );
    assert!(!no.is_empty(), "{qs}");
    let mut moderator = app.signed_in("shenhe", &[Role::Moderator]).await;
    let forwarded = read_json(&mut moderator, &format!("/api/v1/questions/{no}")).await;
    m.fact(
        "网络问政 question forwarded from the interview (staff view)",
        SECRET,
        forwarded["answer"].is_null()
            && forwarded["status"] == "pending"
            && !forwarded.to_string().contains("彩排机密乙"),
        format!("the rehearsal's answer does not travel with the question: {forwarded}"),
    );
    let official = "正式答复：停车场早上八点开放";
    answer_and_publish(&mut moderator, &no, official).await;
    let one = read_json(&mut public, &format!("/api/v1/questions/{no}")).await;
    m.text(
        "JSON GET /api/v1/questions/{no} (forwarded)",
        SECRET,
        &one.to_string(),
        &[official, "景区停车场几点开放"],
        &json_absent,
    );
    let list = read_json(&mut public, "/api/v1/questions").await;
    m.text(
        "JSON GET /api/v1/questions",
        SECRET,
        &list.to_string(),
        &[&no, official],
        &json_absent,
    );
    let page = read(&mut public, &format!("/questions/{no}"), StatusCode::OK).await;
    m.text(
        "page /questions/{no} (forwarded)",
        SECRET,
        &page,
        &[official, "景区停车场几点开放"],
        &page_absent,
    );
    let page = read(&mut public, "/questions", StatusCode::OK).await;
    m.text("page /questions", SECRET, &page, &[&no], &page_absent);
    let data = server_fn(
        &mut public,
        "/api/load_question",
        &query(&[("tracking_no", &no)]),
    )
    .await;
    m.text(
        "server fn load_question",
        SECRET,
        &data,
        &[official],
        &json_absent,
    );
    let data = server_fn(&mut public, "/api/list_questions", "").await;
    m.text(
        "server fn list_questions",
        SECRET,
        &data,
        &[&no],
        &json_absent,
    );
    let probes = ["彩排机密", "七点开放", "试音", "哨兵 试音"];
    let by_question = Search {
        secret: SECRET,
        control: "停车场",
        found: &[&no],
        present: &[official],
        absent: &page_absent,
        probes: &probes,
        link: format!("/questions/{no}"),
        interview: false,
    };
    question_search(&mut m, &mut public, &by_question).await;
    site_search(&mut m, &mut public, &by_question).await;
    // The interview itself is found by its public transcript, never by its rehearsal.
    let by_interview = Search {
        secret: SECRET,
        control: "直播哨兵",
        found: &[INTERVIEW_TITLE],
        present: &["哨兵"],
        absent: &page_absent,
        probes: &probes,
        link: format!("href=\"/interviews/{id}\""),
        interview: true,
    };
    site_search(&mut m, &mut public, &by_interview).await;
    feeds(&mut m, &mut public, SECRET, &page_absent).await;
    m.finish();
}

// ---------------------------------------------------------------------------------------
// (b) Entries hidden in review
