//! (c) Personal data, masked on the way out, and contact data, never shown.
use super::common::{json, spawn_app, Sse, SseEvent};
use super::interviews_support::{
    accept, answer, create_interview, move_to, post_message, SENTINEL_WAIT,
};
use super::ways_out::*;
use app::auth::Role;
use reqwest::StatusCode;
use serde_json::json;

/// One piece of personal data: how it is written, how the public must read it, what else
/// of it must never show, and a word of it only the unmasked text holds (to search for).
pub(crate) struct Pii {
    pub(crate) kind: &'static str,
    pub(crate) raw: &'static str,
    pub(crate) masked: &'static str,
    pub(crate) also_absent: &'static [&'static str],
    pub(crate) probe: &'static str,
}

pub(crate) const PII: &[Pii] = &[
    Pii {
        kind: "mobile",
        raw: "13897314628",
        masked: "138****4628",
        also_absent: &[],
        probe: "9731",
    },
    Pii {
        kind: "mobile 138-xxxx-xxxx",
        raw: "137-2468-1357",
        masked: "137****1357",
        also_absent: &["1372468", "2468-1357"],
        probe: "2468",
    },
    Pii {
        kind: "mobile, full-width digits",
        raw: "１３６１１２２３３４４",
        masked: "136****3344",
        also_absent: &["13611223344", "１１２２"],
        probe: "1122",
    },
    Pii {
        kind: "landline 023-",
        raw: "023-71234567",
        masked: "023****4567",
        also_absent: &["71234567"],
        probe: "7123",
    },
    Pii {
        kind: "landline with spaces",
        raw: "010 6234 5678",
        masked: "010****5678",
        also_absent: &["6234 5678", "01062345678"],
        probe: "6234",
    },
    Pii {
        kind: "ID number, 18 digits",
        raw: "500101199001011234",
        masked: "5001**********1234",
        also_absent: &["199001011"],
        probe: "199001",
    },
    Pii {
        kind: "ID number, 15 digits",
        raw: "500101900101123",
        masked: "5001*******1123",
        also_absent: &["900101123"],
        probe: "900101",
    },
    Pii {
        kind: "e-mail",
        raw: "wxmimi@example.com",
        masked: "w***@example.com",
        also_absent: &["wxmimi"],
        probe: "wxmimi",
    },
    Pii {
        kind: "e-mail with ＠",
        raw: "qiaoxiu＠example.org",
        masked: "q***@example.org",
        also_absent: &["qiaoxiu"],
        probe: "qiaoxiu",
    },
];

/// Every piece of `PII` in one sentence, as a resident would write it.
pub(crate) fn pii_sentence() -> String {
    format!(
        "手机{}，另一个{}，全角{}，座机{}，北京{}，身份证{}，旧证{}，邮箱{}，还有{}，请联系。",
        PII[0].raw,
        PII[1].raw,
        PII[2].raw,
        PII[3].raw,
        PII[4].raw,
        PII[5].raw,
        PII[6].raw,
        PII[7].raw,
        PII[8].raw
    )
}

/// What must never show of `p`.
pub(crate) fn never(p: &Pii) -> Vec<&'static str> {
    let mut v = vec![p.raw];
    v.extend_from_slice(p.also_absent);
    v
}

/// One cell per piece of personal data: `text` must hold its masked form (and `present`)
/// and nothing of the original.
pub(crate) fn every_pii(m: &mut Matrix, path: &str, text: &str, present: &[&str]) {
    for p in PII {
        let mut want = vec![p.masked];
        want.extend_from_slice(present);
        m.text(path, p.kind, text, &want, &never(p));
    }
}

#[tokio::test]
pub(crate) async fn personal_data_in_questions_is_masked_on_every_way_out() {
    let app = spawn_app().await;
    let mut m = Matrix::new("(c) personal data in 网络问政 × every public way out");
    let title = "遮盖标题戊 请回电13897314628";
    let title_masked = "遮盖标题戊 请回电138****4628";
    let body = format!("遮盖正文己。{}", pii_sentence());
    let answer_body = format!("遮盖答复庚。已按您留的方式联系：{}", pii_sentence());
    // Contact data: for those who answer, never for the public, not even masked.
    let contact = [
        "联系人辛",
        "13512349876",
        "135****9876",
        "lianxiren@example.net",
        "l***@example.net",
        "lianxiren",
    ];
    const CONTACT: &str = "contact (name, phone, e-mail)";
    let q = json(
        app.client()
            .post(
                "/api/v1/questions",
                &json!({
                    "kind": "help", "title": title, "body": body, "is_public": true,
                    "contact": {"name": contact[0], "phone": contact[1], "email": contact[3]}
                }),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let no = q["tracking_no"].as_str().unwrap().to_string();
    let mut moderator = app.signed_in("shenhe", &[Role::Moderator]).await;
    answer_and_publish(&mut moderator, &no, &answer_body).await;
    // The office reads it as written (so the masks below are the public's alone).
    let staff = read_json(
        &mut moderator,
        &format!("/api/v1/moderation/questions/{no}"),
    )
    .await;
    assert!(
        staff.to_string().contains(PII[0].raw) && staff.to_string().contains(contact[1]),
        "{staff}"
    );

    let mut public = app.client();
    let one = read_json(&mut public, &format!("/api/v1/questions/{no}")).await;
    let one_text = one.to_string();
    m.fact(
        "JSON GET /api/v1/questions/{no}",
        "title",
        one["title"] == title_masked,
        format!("title {}", one["title"]),
    );
    every_pii(
        &mut m,
        "JSON GET /api/v1/questions/{no}",
        &one_text,
        &["遮盖正文己", "遮盖答复庚"],
    );
    for (field, text) in [
        ("body", one["body"].as_str().unwrap_or_default()),
        ("answer", one["answer"]["body"].as_str().unwrap_or_default()),
    ] {
        every_pii(
            &mut m,
            &format!("JSON GET /api/v1/questions/{{no}}: {field}"),
            text,
            &[],
        );
    }
    m.text(
        "JSON GET /api/v1/questions/{no}",
        CONTACT,
        &one_text,
        &[&no, "遮盖正文己"],
        &contact,
    );
    let list = read_json(&mut public, "/api/v1/questions").await;
    every_pii(
        &mut m,
        "JSON GET /api/v1/questions",
        &list.to_string(),
        &[title_masked, "遮盖答复庚"],
    );
    m.text(
        "JSON GET /api/v1/questions",
        CONTACT,
        &list.to_string(),
        &[&no],
        &contact,
    );
    let data = server_fn(&mut public, "/api/list_questions", "").await;
    every_pii(&mut m, "server fn list_questions", &data, &[title_masked]);
    m.text("server fn list_questions", CONTACT, &data, &[&no], &contact);
    let data = server_fn(
        &mut public,
        "/api/load_question",
        &query(&[("tracking_no", &no)]),
    )
    .await;
    every_pii(&mut m, "server fn load_question", &data, &[title_masked]);
    m.text("server fn load_question", CONTACT, &data, &[&no], &contact);
    let page = read(&mut public, &format!("/questions/{no}"), StatusCode::OK).await;
    every_pii(
        &mut m,
        "page /questions/{no}",
        &page,
        &["遮盖正文己", "遮盖答复庚"],
    );
    m.text("page /questions/{no}", CONTACT, &page, &[&no], &contact);
    let page = read(&mut public, "/questions", StatusCode::OK).await;
    every_pii(&mut m, "page /questions", &page, &[title_masked]);
    m.text("page /questions", CONTACT, &page, &[&no], &contact);
    // The home page's latest answers: this one, just answered, comes first.
    let data = server_fn(&mut public, "/api/home_overview", "").await;
    every_pii(&mut m, "server fn home_overview", &data, &[title_masked]);
    m.text("server fn home_overview", CONTACT, &data, &[&no], &contact);
    let page = read(&mut public, "/", StatusCode::OK).await;
    every_pii(&mut m, "page /", &page, &[title_masked]);
    m.text("page /", CONTACT, &page, &[&no], &contact);
    let link = format!("/questions/{no}");
    for p in PII {
        // Alone, and beside the words that do find the question.
        let with_control = format!("遮盖正文己 {}", p.probe);
        let search = Search {
            secret: p.kind,
            control: "遮盖正文己",
            found: &[&no],
            present: &[p.masked],
            absent: &never(p),
            probes: &[p.probe, &with_control, p.raw],
            link: link.clone(),
            interview: false,
        };
        question_search(&mut m, &mut public, &search).await;
        site_search(&mut m, &mut public, &search).await;
        feeds(&mut m, &mut public, p.kind, &never(p)).await;
    }
    let search = Search {
        secret: CONTACT,
        control: "遮盖正文己",
        found: &[&no],
        present: &[],
        absent: &contact,
        probes: &[
            "联系人辛",
            "lianxiren",
            "9876",
            "遮盖正文己 9876",
            contact[1],
        ],
        link,
        interview: false,
    };
    question_search(&mut m, &mut public, &search).await;
    site_search(&mut m, &mut public, &search).await;
    feeds(&mut m, &mut public, CONTACT, &contact).await;
    m.finish();
}

#[tokio::test]
pub(crate) async fn personal_data_in_interview_questions_is_masked_on_every_way_out() {
    let app = spawn_app().await;
    let mut m = Matrix::new("(c) personal data in interview questions × every public way out");
    let mut host = app.signed_in("host1", &[Role::Host]).await;
    let id = create_interview(&mut host).await;
    move_to(&mut host, id, &["preview", "collecting"]).await;
    // The nickname is shown too, so it is masked too.
    const NICKNAME: &str = "nickname with a mobile";
    let nickname = ("老乡13600001111", "136****1111", "13600001111");
    let asked = format!("遮盖访谈己：{}", pii_sentence());
    let to_forward = format!("转办遮盖癸：{}", pii_sentence());
    let mut netizen = app.client();
    let mut qids = Vec::new();
    for body in [&asked, &to_forward] {
        let q = json(
            netizen
                .post(
                    &format!("/api/v1/interviews/{id}/questions"),
                    &json!({"body": body, "nickname": nickname.0}),
                )
                .await,
            StatusCode::CREATED,
        )
        .await;
        let qid = q["id"].as_i64().unwrap();
        accept(&mut host, id, qid).await;
        qids.push(qid);
    }
    move_to(&mut host, id, &["preparing", "rehearsal", "live"]).await;
    let url = stream_url(&app.addr, id);
    let mut early = Sse::connect(&url, None, None).await;
    let other = other_instance(&app).await;
    let mut early_elsewhere = match &other {
        Some((b, _)) => Some(Sse::connect(&stream_url(b, id), None, None).await),
        None => None,
    };
    let said = answer(&mut host, id, qids[0], "感谢提问，遮盖答复：已记录。").await;
    // The host's own copy of the entry quotes the question as the public reads it.
    assert!(
        said["question"]
            .as_str()
            .is_some_and(|q| q.contains("遮盖访谈己")),
        "{said}"
    );
    let sentinel = "遮盖哨兵壬：下一个问题";
    post_message(&mut host, id, sentinel).await;
    let is_sentinel = |e: &SseEvent| e.data["body"] == sentinel;

    let mut streams = vec![(
        "event stream: viewer connected before the answer",
        early.until(SENTINEL_WAIT, is_sentinel).await,
    )];
    match early_elsewhere.as_mut() {
        Some(s) => streams.push((
            "event stream: viewer on another instance (LISTEN/NOTIFY)",
            s.until(SENTINEL_WAIT, is_sentinel).await,
        )),
        None => {
            for p in PII {
                m.not_applicable(
                    "event stream: viewer on another instance (LISTEN/NOTIFY)",
                    p.kind,
                    "SQLite serves one instance",
                );
            }
        }
    }
    for (path, url, last_event_id) in [
        ("catch-up: Last-Event-ID: 0", url.clone(), Some(0)),
        ("catch-up: ?after=0", format!("{url}?after=0"), None),
    ] {
        let got = Sse::connect(&url, last_event_id, None)
            .await
            .until(SENTINEL_WAIT, is_sentinel)
            .await;
        streams.push((path, got));
    }
    for (path, events) in &streams {
        let text = events_text(events);
        every_pii(&mut m, path, &text, &["遮盖访谈己", sentinel]);
        m.text(
            path,
            NICKNAME,
            &text,
            &[nickname.1, sentinel],
            &[nickname.2],
        );
    }
    let mut public = app.client();
    let qs = read_json(&mut public, &format!("/api/v1/interviews/{id}/questions")).await;
    let qs_text = qs.to_string();
    every_pii(
        &mut m,
        "JSON GET /api/v1/interviews/{id}/questions",
        &qs_text,
        &["遮盖访谈己", "转办遮盖癸"],
    );
    m.text(
        "JSON GET /api/v1/interviews/{id}/questions",
        NICKNAME,
        &qs_text,
        &[nickname.1],
        &[nickname.2],
    );
    let page = read(&mut public, &format!("/interviews/{id}"), StatusCode::OK).await;
    every_pii(
        &mut m,
        "page /interviews/{id} (live)",
        &page,
        &["遮盖访谈己", "转办遮盖癸"],
    );
    m.text(
        "page /interviews/{id} (live)",
        NICKNAME,
        &page,
        &[nickname.1],
        &[nickname.2],
    );
    let data = server_fn(&mut public, "/api/live_page", &format!("id={id}")).await;
    every_pii(
        &mut m,
        "server fn live_page",
        &data,
        &["遮盖访谈己", "转办遮盖癸"],
    );
    m.text(
        "server fn live_page",
        NICKNAME,
        &data,
        &[nickname.1],
        &[nickname.2],
    );

    move_to(&mut host, id, &["review", "published"]).await;
    let t = read_json(&mut public, &format!("/api/v1/interviews/{id}/transcript")).await;
    every_pii(
        &mut m,
        "transcript GET /api/v1/interviews/{id}/transcript",
        &t.to_string(),
        &["遮盖访谈己"],
    );
    m.text(
        "transcript GET /api/v1/interviews/{id}/transcript",
        NICKNAME,
        &t.to_string(),
        &[nickname.1],
        &[nickname.2],
    );
    let page = read(&mut public, &format!("/interviews/{id}"), StatusCode::OK).await;
    every_pii(
        &mut m,
        "page /interviews/{id} (published)",
        &page,
        &["遮盖访谈己", "访谈实录"],
    );
    m.text(
        "page /interviews/{id} (published)",
        NICKNAME,
        &page,
        &[nickname.1],
        &[nickname.2],
    );
    // The question not answered live went to 网络问政; published there, it is masked too.
    let qs = read_json(&mut public, &format!("/api/v1/interviews/{id}/questions")).await;
    let no = qs["items"]
        .as_array()
        .and_then(|v| v.iter().find_map(|q| q["forwarded_tracking_no"].as_str()))
        .expect("the unanswered question was forwarded")
        .to_string();
    let mut moderator = app.signed_in("shenhe", &[Role::Moderator]).await;
    answer_and_publish(
        &mut moderator,
        &no,
        &format!("转办答复：已按网友留下的方式联系，{}", pii_sentence()),
    )
    .await;
    let one = read_json(&mut public, &format!("/api/v1/questions/{no}")).await;
    every_pii(
        &mut m,
        "JSON GET /api/v1/questions/{no} (forwarded)",
        &one.to_string(),
        &["转办遮盖癸", "转办答复"],
    );
    m.text(
        "JSON GET /api/v1/questions/{no} (forwarded)",
        NICKNAME,
        &one.to_string(),
        &[nickname.1],
        &[nickname.2],
    );
    let page = read(&mut public, &format!("/questions/{no}"), StatusCode::OK).await;
    every_pii(
        &mut m,
        "page /questions/{no} (forwarded)",
        &page,
        &["转办遮盖癸", "转办答复"],
    );
    m.text(
        "page /questions/{no} (forwarded)",
        NICKNAME,
        &page,
        &[nickname.1],
        &[nickname.2],
    );
    let question_link = format!("/questions/{no}");
    let interview_link = format!("href=\"/interviews/{id}\"");
    for p in PII {
        let with_question = format!("转办遮盖癸 {}", p.probe);
        let with_interview = format!("遮盖答复 {}", p.probe);
        let probes = [p.probe, with_question.as_str(), with_interview.as_str()];
        let by_question = Search {
            secret: p.kind,
            control: "转办遮盖癸",
            found: &[&no],
            present: &[p.masked],
            absent: &never(p),
            probes: &probes,
            link: question_link.clone(),
            interview: false,
        };
        question_search(&mut m, &mut public, &by_question).await;
        site_search(&mut m, &mut public, &by_question).await;
        // The interview, found by its transcript: the questions quoted there are masked,
        // and what masking hid finds nothing.
        let by_interview = Search {
            secret: p.kind,
            control: "遮盖答复",
            found: &[INTERVIEW_TITLE],
            present: &[],
            absent: &never(p),
            probes: &probes,
            link: interview_link.clone(),
            interview: true,
        };
        site_search(&mut m, &mut public, &by_interview).await;
        feeds(&mut m, &mut public, p.kind, &never(p)).await;
    }
    let search = Search {
        secret: NICKNAME,
        control: "转办遮盖癸",
        found: &[&no],
        present: &[nickname.1],
        absent: &[nickname.2],
        probes: &["0000", "转办遮盖癸 0000", "遮盖答复 0000"],
        link: question_link,
        interview: false,
    };
    question_search(&mut m, &mut public, &search).await;
    site_search(&mut m, &mut public, &search).await;
    m.finish();
}
