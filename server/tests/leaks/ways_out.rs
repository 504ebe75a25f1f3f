//! The matrix of (way out × secret) cells, and how each way out is read.
use super::common::{json, Client, SseEvent, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// The title every interview of `super::interviews_support::create_interview` has.
pub(crate) const INTERVIEW_TITLE: &str = "同打旅游牌共创旅游城";

// ---------------------------------------------------------------------------------------
// The matrix

pub(crate) struct Cell {
    pub(crate) path: String,
    pub(crate) secret: String,
    /// `None`: not applicable here, with the reason.
    pub(crate) problems: Option<Vec<String>>,
    pub(crate) note: String,
}

/// The (way out × secret) cells one test checked.
pub(crate) struct Matrix {
    pub(crate) title: &'static str,
    pub(crate) cells: Vec<Cell>,
}

/// Up to 60 characters either side of byte `at`, for a failure message.
pub(crate) fn excerpt(text: &str, at: usize) -> String {
    let start = text[..at]
        .char_indices()
        .rev()
        .nth(60)
        .map(|(i, _)| i)
        .unwrap_or(0);
    let end = text[at..]
        .char_indices()
        .nth(80)
        .map(|(i, _)| at + i)
        .unwrap_or(text.len());
    format!("…{}…", &text[start..end])
}

impl Matrix {
    pub(crate) fn new(title: &'static str) -> Matrix {
        Matrix {
            title,
            cells: Vec::new(),
        }
    }

    /// `text`, read from `path`, must hold every one of `present` and none of `absent`.
    pub(crate) fn text(
        &mut self,
        path: &str,
        secret: &str,
        text: &str,
        present: &[&str],
        absent: &[&str],
    ) {
        assert!(
            !present.is_empty() && !absent.is_empty(),
            "a cell needs something that must be present and something that must not ({path})"
        );
        let mut problems = Vec::new();
        for p in present {
            if !text.contains(p) {
                let head: String = text.chars().take(300).collect();
                problems.push(format!(
                    "missing {p:?} (so nothing was checked); starts: {head:?}"
                ));
            }
        }
        for a in absent {
            if let Some(at) = text.find(a) {
                problems.push(format!("LEAK {a:?}: {}", excerpt(text, at)));
            }
        }
        self.cells.push(Cell {
            path: path.to_string(),
            secret: secret.to_string(),
            problems: Some(problems),
            note: String::new(),
        });
    }

    /// A cell decided otherwise than by text (a status, a count, the shape of a stream).
    pub(crate) fn fact(&mut self, path: &str, secret: &str, ok: bool, what: impl Into<String>) {
        let what = what.into();
        self.cells.push(Cell {
            path: path.to_string(),
            secret: secret.to_string(),
            problems: Some(if ok { Vec::new() } else { vec![what.clone()] }),
            note: what,
        });
    }

    /// A way out this build does not have (the cell cannot be checked, and says why).
    pub(crate) fn not_applicable(&mut self, path: &str, secret: &str, why: &str) {
        self.cells.push(Cell {
            path: path.to_string(),
            secret: secret.to_string(),
            problems: None,
            note: why.to_string(),
        });
    }

    /// Prints the matrix (shown with `--nocapture`, and always when a cell failed) and
    /// fails the test if any cell did.
    pub(crate) fn finish(self) {
        let mut paths: Vec<&str> = Vec::new();
        let mut secrets: Vec<&str> = Vec::new();
        for c in &self.cells {
            if !paths.contains(&c.path.as_str()) {
                paths.push(&c.path);
            }
            if !secrets.contains(&c.secret.as_str()) {
                secrets.push(&c.secret);
            }
        }
        let mut out = format!("\n== {} ==\nsecrets: ", self.title);
        for (i, s) in secrets.iter().enumerate() {
            out.push_str(&format!("[{}] {s}  ", i + 1));
        }
        out.push('\n');
        for p in &paths {
            let mut row = String::new();
            for s in &secrets {
                let mine: Vec<&Cell> = self
                    .cells
                    .iter()
                    .filter(|c| c.path == *p && c.secret == *s)
                    .collect();
                let mark = if mine.is_empty() {
                    "  ·  "
                } else if mine.iter().all(|c| c.problems.is_none()) {
                    " n/a "
                } else if mine
                    .iter()
                    .any(|c| c.problems.as_ref().is_some_and(|v| !v.is_empty()))
                {
                    if mine.iter().any(|c| {
                        c.problems
                            .as_ref()
                            .is_some_and(|v| v.iter().any(|x| x.starts_with("LEAK")))
                    }) {
                        " LEAK"
                    } else {
                        " FAIL"
                    }
                } else {
                    "  ok "
                };
                row.push_str(mark);
            }
            out.push_str(&format!("{row}  {p}\n"));
        }
        let mut failures = 0;
        for c in &self.cells {
            match &c.problems {
                None => out.push_str(&format!("n/a  {} × {}: {}\n", c.path, c.secret, c.note)),
                Some(v) => {
                    for problem in v {
                        failures += 1;
                        out.push_str(&format!("FAIL {} × {}: {problem}\n", c.path, c.secret));
                    }
                }
            }
        }
        eprintln!("{out}");
        assert_eq!(failures, 0, "{out}");
    }
}

// ---------------------------------------------------------------------------------------
// Reading the ways out

pub(crate) fn stream_url(base: &str, id: i64) -> String {
    format!("{base}/api/v1/interviews/{id}/events")
}

/// The events as one text: number, kind and JSON data of each.
pub(crate) fn events_text(events: &[SseEvent]) -> String {
    events
        .iter()
        .map(|e| format!("{:?} {} {}\n", e.id, e.event, e.data))
        .collect()
}

/// `path` read by `c`, which must answer `status`; its body.
pub(crate) async fn read(c: &mut Client<'_>, path: &str, status: StatusCode) -> String {
    let res = c.get(path).await;
    let got = res.status();
    let body = res.text().await.unwrap();
    assert_eq!(got, status, "GET {path}; body: {body}");
    body
}

/// A public JSON answer, as text (whatever it nests, it is searched whole).
pub(crate) async fn read_json(c: &mut Client<'_>, path: &str) -> Value {
    json(c.get(path).await, StatusCode::OK).await
}

/// A query string with `pairs` encoded as a form encodes them.
pub(crate) fn query(pairs: &[(&str, &str)]) -> String {
    reqwest::Url::parse_with_params("http://x/", pairs)
        .unwrap()
        .query()
        .unwrap_or_default()
        .to_string()
}

/// Calls the server function the pages use, as a browser's form post does; its JSON.
pub(crate) async fn server_fn(c: &mut Client<'_>, name: &str, args: &str) -> String {
    let path = super::common::server_fns()
        .get(name)
        .unwrap_or_else(|| panic!("server function {name} is not registered"))
        .clone();
    let res = c
        .post_raw(&path, "application/x-www-form-urlencoded", args)
        .await;
    let status = res.status();
    let body = res.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{name}({args}): {body}");
    serde_json::from_str::<Value>(&body)
        .unwrap_or_else(|e| panic!("{name} answered no JSON ({e}): {body}"));
    body
}

/// The public facts every stream must satisfy: numbered one by one without holes (a hole
/// would be a number given to something withheld), never a rehearsal entry, never a move
/// into rehearsal.
pub(crate) fn stream_shape(
    m: &mut Matrix,
    path: &str,
    secret: &str,
    events: &[SseEvent],
    first: i32,
) {
    let ids: Vec<Option<i32>> = events.iter().map(|e| e.id).collect();
    let consecutive = ids
        .iter()
        .enumerate()
        .all(|(i, id)| *id == Some(first + i as i32));
    m.fact(
        path,
        secret,
        consecutive,
        format!("numbered from {first} without holes: {ids:?}"),
    );
    let rehearsal = events
        .iter()
        // A rehearsal entry, or any event (a stage move above all) naming the stage.
        .filter(|e| e.data["rehearsal"] != false || e.data["stage"] == "rehearsal")
        .count();
    m.fact(
        path,
        secret,
        rehearsal == 0,
        format!("{rehearsal} rehearsal entries or moves into rehearsal"),
    );
}

/// One search to try on every search box: `control`, words of the public text, must find
/// the item (its answers must hold all of `found` and `present`); each of `probes`, parts
/// only the secret holds, must find nothing — refused (422, as searching for a phone number
/// or an address is) or nothing found.
pub(crate) struct Search<'a> {
    pub(crate) secret: &'a str,
    pub(crate) control: &'a str,
    /// What names the item found: its tracking number, or the interview's title.
    pub(crate) found: &'a [&'a str],
    /// What else the JSON answer to `control` must hold (the masked forms).
    pub(crate) present: &'a [&'a str],
    pub(crate) absent: &'a [&'a str],
    pub(crate) probes: &'a [&'a str],
    /// The link to the item, which a page of results for a probe must not show.
    pub(crate) link: String,
    /// The item is an interview (else a 网络问政 question).
    pub(crate) interview: bool,
}

impl Search<'_> {
    pub(crate) fn must_hold(&self) -> Vec<&str> {
        let mut v = self.found.to_vec();
        v.extend_from_slice(self.present);
        v
    }
}

/// A probe's JSON answer: refused with a field error, or `totals` (JSON pointers) all 0.
pub(crate) async fn found_nothing(
    c: &mut Client<'_>,
    path: &str,
    totals: &[&str],
) -> (bool, String) {
    let res = c.get(path).await;
    let status = res.status();
    let body = json(res, status).await;
    let nothing = match status {
        StatusCode::OK => totals.iter().all(|t| body.pointer(t) == Some(&json!(0))),
        StatusCode::UNPROCESSABLE_ENTITY => body["error"]["fields"]["q"].is_string(),
        _ => false,
    };
    (nothing, format!("{path}: {status} {body}"))
}

/// The 网络问政 search: `GET /api/v1/questions?q=` and the list page's search box.
pub(crate) async fn question_search(m: &mut Matrix, c: &mut Client<'_>, s: &Search<'_>) {
    assert!(!s.interview, "the question search finds questions");
    let q = query(&[("q", s.control)]);
    let found = read_json(c, &format!("/api/v1/questions?{q}")).await;
    m.text(
        &format!("search GET /api/v1/questions?q={}", s.control),
        s.secret,
        &found.to_string(),
        &s.must_hold(),
        s.absent,
    );
    let page = read(c, &format!("/questions?{q}"), StatusCode::OK).await;
    m.text(
        &format!("search page /questions?q={}", s.control),
        s.secret,
        &page,
        &s.must_hold(),
        s.absent,
    );
    for probe in s.probes {
        let q = query(&[("q", probe)]);
        let (nothing, what) =
            found_nothing(c, &format!("/api/v1/questions?{q}"), &["/total"]).await;
        m.fact(
            "search GET /api/v1/questions?q=<part only the secret holds>",
            s.secret,
            nothing,
            what,
        );
        let page = read(c, &format!("/questions?{q}"), StatusCode::OK).await;
        let said = page.contains("没有找到符合条件的留言") || page.contains("检索词不能包含");
        m.fact(
            "search page /questions?q=<part only the secret holds>",
            s.secret,
            said && !page.contains(&s.link),
            format!(
                "q={probe}: the page links the item, or says neither “none found” nor “refused”"
            ),
        );
    }
}

/// Whether the route table lists `path` (this build has that way out).
pub(crate) fn listed(path: &str) -> bool {
    app::api::access::ROUTES.iter().any(|r| r.path == path)
}

/// The portal's search: `GET /api/v1/search` (all modules), `GET /api/v1/search/interviews`,
/// the `/search` page and the server functions it calls.
pub(crate) async fn site_search(m: &mut Matrix, c: &mut Client<'_>, s: &Search<'_>) {
    let rows = [
        "search GET /api/v1/search",
        "search GET /api/v1/search/interviews",
        "search page /search",
        "search server fn site_search",
    ];
    if !listed("/api/v1/search") {
        for row in rows {
            m.not_applicable(
                row,
                s.secret,
                "app/src/api/access.rs lists no portal-wide search in this build",
            );
        }
        return;
    }
    let q = query(&[("q", s.control)]);
    let group = if s.interview {
        "/interviews/total"
    } else {
        "/questions/total"
    };
    let found = read_json(c, &format!("/api/v1/search?{q}")).await;
    m.text(
        rows[0],
        s.secret,
        &found.to_string(),
        &s.must_hold(),
        s.absent,
    );
    m.fact(
        rows[0],
        s.secret,
        found.pointer(group).is_some_and(|n| n != &json!(0)),
        format!("q={} finds the item: {found}", s.control),
    );
    let data = server_fn(c, "/api/site_search", &q).await;
    m.text(rows[3], s.secret, &data, &s.must_hold(), s.absent);
    let page = read(c, &format!("/search?{q}"), StatusCode::OK).await;
    m.text(
        rows[2],
        s.secret,
        &page,
        &[s.found, &[s.link.as_str()]].concat(),
        s.absent,
    );
    if s.interview {
        let found = read_json(c, &format!("/api/v1/search/interviews?{q}")).await;
        m.text(
            rows[1],
            s.secret,
            &found.to_string(),
            &s.must_hold(),
            s.absent,
        );
        let data = server_fn(c, "/api/site_search_interviews", &q).await;
        m.text(
            "search server fn site_search_interviews",
            s.secret,
            &data,
            &s.must_hold(),
            s.absent,
        );
        let page = read(c, &format!("/search?{q}&group=interviews"), StatusCode::OK).await;
        m.text(
            "search page /search?group=interviews",
            s.secret,
            &page,
            &[s.found, &[s.link.as_str()]].concat(),
            s.absent,
        );
    }
    for probe in s.probes {
        let q = query(&[("q", probe)]);
        let (nothing, what) = found_nothing(
            c,
            &format!("/api/v1/search?{q}"),
            &["/questions/total", "/interviews/total", "/documents/total"],
        )
        .await;
        m.fact(
            "search GET /api/v1/search?q=<part only the secret holds>",
            s.secret,
            nothing,
            what,
        );
        let (nothing, what) =
            found_nothing(c, &format!("/api/v1/search/interviews?{q}"), &["/total"]).await;
        m.fact(
            "search GET /api/v1/search/interviews?q=<part only the secret holds>",
            s.secret,
            nothing,
            what,
        );
        let page = read(c, &format!("/search?{q}"), StatusCode::OK).await;
        let said = page.contains("问政留言 0 条") && page.contains("在线访谈 0 条")
            || page.contains("检索词不能包含");
        m.fact(
            "search page /search?q=<part only the secret holds>",
            s.secret,
            said && !page.contains(&s.link),
            format!("q={probe}: the page links the item, or says neither “0 条” nor “refused”"),
        );
    }
}

/// The feeds: the Atom feed of documents and the sitemap.
pub(crate) async fn feeds(m: &mut Matrix, c: &mut Client<'_>, secret: &str, absent: &[&str]) {
    let atom = read(c, "/feeds/documents.atom", StatusCode::OK).await;
    m.text(
        "feed /feeds/documents.atom",
        secret,
        &atom,
        &["<feed"],
        absent,
    );
    let sitemap = read(c, "/sitemap.xml", StatusCode::OK).await;
    m.text(
        "feed /sitemap.xml",
        secret,
        &sitemap,
        &["<urlset", "/questions", "/interviews"],
        absent,
    );
}

/// The moderator routes, answers and publishes question `no`.
pub(crate) async fn answer_and_publish(m: &mut Client<'_>, no: &str, body: &str) {
    let dept = super::questions_support::department_id(m, "区卫生局").await;
    let path = |a: &str| format!("/api/v1/questions/{no}/{a}");
    json(
        m.post(&path("accept"), &json!({"department_id": dept}))
            .await,
        StatusCode::OK,
    )
    .await;
    json(
        m.post(&path("answer"), &json!({"body": body})).await,
        StatusCode::OK,
    )
    .await;
    json(m.post(&path("publish"), &json!({})).await, StatusCode::OK).await;
}

/// A second instance on the same database (PostgreSQL only: one SQLite process serves its
/// own viewers).
pub(crate) async fn other_instance(app: &TestApp) -> Option<(String, tokio::task::JoinHandle<()>)> {
    if app.is_postgres() {
        Some(app.second_instance().await)
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------------
// (a) Rehearsal
