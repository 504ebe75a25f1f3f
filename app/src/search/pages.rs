//! `/search`: the results of the portal's search box, grouped into 问政留言, 政府信息公开
//! and 在线访谈, each with its hits highlighted and a link to all of them. A plain GET form:
//! it works before (or without) the wasm bundle. `?group=interviews` lists every interview
//! found, since the interviews have no search page of their own.
use super::types::{InterviewHit, InterviewHitPage, QuestionHit, SearchResults};
use super::{site_search, site_search_interviews};
use crate::catalog::pages::{marked, validity_badge};
use crate::catalog::types::DocumentSummary;
use crate::components::{query_string, PageTitle, Pager};
use crate::error::AppError;
use crate::fulltext::Piece;
use crate::questions::pages::{show_date, show_time, StatusBadge};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// What the page shows for its query string.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
enum Found {
    /// No words yet: only the form.
    Nothing,
    Overview(Result<SearchResults, AppError>),
    Interviews(Result<InterviewHitPage, AppError>),
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let get = move |k: &str| query.with(|q| q.get(k).unwrap_or_default());
    let found = Resource::new(
        move || {
            (
                get("q"),
                get("group") == "interviews",
                get("page").parse::<u64>().unwrap_or(1).max(1),
            )
        },
        |(q, interviews, page)| async move {
            if q.trim().is_empty() {
                Found::Nothing
            } else if interviews {
                Found::Interviews(site_search_interviews(Some(q), Some(page)).await)
            } else {
                Found::Overview(site_search(Some(q)).await)
            }
        },
    );
    view! {
        <section class="site-search-page">
            <PageTitle text="全站搜索"/>
            <Transition fallback=|| view! { <p>"正在搜索…"</p> }>
                {move || found.get().map(|f| {
                    let q = get("q");
                    let error = match &f {
                        Found::Overview(Err(e)) | Found::Interviews(Err(e)) => Some(e.clone()),
                        _ => None,
                    };
                    let field = error.as_ref().and_then(|e| e.field("q"));
                    let other = error.filter(|e| e.field("q").is_none()).map(|e| e.to_string());
                    let body = match f {
                        Found::Nothing => view! {
                            <p class="lead">"输入字词，一次查找已公开的问政留言、政府信息公开目录中的文件和在线访谈。"</p>
                        }.into_any(),
                        Found::Overview(Ok(r)) => view! { <Overview r/> }.into_any(),
                        Found::Interviews(Ok(p)) => view! { <AllInterviews q=q.clone() p/> }.into_any(),
                        _ => ().into_any(),
                    };
                    view! {
                        <SearchForm q error=field/>
                        {other.map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
                        {body}
                    }
                })}
            </Transition>
        </section>
    }
}

/// The page's own box, with the words searched and, for bad words, the error in place.
#[component]
fn SearchForm(q: String, error: Option<String>) -> impl IntoView {
    let invalid = error.is_some();
    view! {
        <form method="get" action="/search" class="search-form search-page-form" role="search" aria-label="搜索本站内容">
            <label for="search-q">"搜索留言、公开文件和访谈"</label>
            <input
                id="search-q"
                name="q"
                type="search"
                maxlength="50"
                value=q
                placeholder="如：医保、路灯、养老"
                aria-invalid=invalid.then_some("true")
                aria-describedby=invalid.then_some("search-q-error")
            />
            <button type="submit" class="primary">"搜索"</button>
            {error.map(|m| view! { <p id="search-q-error" class="error" role="alert">{m}</p> })}
        </form>
    }
}

/// `1000` or `超过 1000`.
fn count(total: u64, capped: bool) -> String {
    if capped {
        format!("超过 {total}")
    } else {
        total.to_string()
    }
}

/// Highlighted text, or the plain text when there are no pieces.
fn title_view(pieces: Vec<Piece>, plain: String) -> AnyView {
    if pieces.is_empty() {
        plain.into_any()
    } else {
        marked(pieces).into_any()
    }
}

#[component]
fn Overview(r: SearchResults) -> impl IntoView {
    let SearchResults {
        q,
        questions,
        documents,
        interviews,
    } = r;
    let words = query_string(&[("q", q.clone())]);
    let summary = format!(
        "“{q}”：问政留言 {} 条，政府信息公开 {} 条，在线访谈 {} 条",
        count(questions.total, questions.total_capped),
        count(documents.total, documents.total_capped),
        count(interviews.total, interviews.total_capped),
    );
    view! {
        <p class="result-count" role="status">{summary}</p>
        <Group
            id="group-questions"
            heading="问政留言"
            total=questions.total
            capped=questions.total_capped
            more=format!("/questions?{words}")
        >
            <ol class="search-hits">
                {questions.items.into_iter().map(|h| view! { <QuestionItem h/> }).collect_view()}
            </ol>
        </Group>
        <Group
            id="group-documents"
            heading="政府信息公开"
            total=documents.total
            capped=documents.total_capped
            more=format!("/catalog?{words}")
        >
            <ol class="search-hits">
                {documents.items.into_iter().map(|d| view! { <DocumentItem d/> }).collect_view()}
            </ol>
        </Group>
        <Group
            id="group-interviews"
            heading="在线访谈"
            total=interviews.total
            capped=interviews.total_capped
            more=format!("/search?{words}&group=interviews")
        >
            <ol class="search-hits">
                {interviews.items.into_iter().map(|h| view! { <InterviewItem h/> }).collect_view()}
            </ol>
        </Group>
    }
}

/// One module's group: its heading with the count, the hits, and the link to all of them.
#[component]
fn Group(
    id: &'static str,
    heading: &'static str,
    total: u64,
    capped: bool,
    more: String,
    children: Children,
) -> impl IntoView {
    let n = count(total, capped);
    view! {
        <section class="search-group" aria-labelledby=id>
            <h2 id=id>{heading}<span class="group-count">{format!("（{n} 条）")}</span></h2>
            {if total == 0 {
                view! { <p class="muted">{format!("没有找到相关的{heading}。")}</p> }.into_any()
            } else {
                view! {
                    {children()}
                    <p class="more">
                        <a href=more>{format!("查看全部 {n} 条")}<span class="visually-hidden">{heading}</span></a>
                    </p>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn QuestionItem(h: QuestionHit) -> impl IntoView {
    let q = h.question;
    let dept = q.department.as_ref().map(|d| d.name.clone());
    view! {
        <li class="search-hit">
            <h3><a href=format!("/questions/{}", q.tracking_no)>{title_view(h.title_marked, q.title.clone())}</a></h3>
            <p class="meta">
                <span>{q.kind.label()}</span>
                <StatusBadge status=q.status/>
                <span>{format!("收到 {}", show_date(&q.submitted_at))}</span>
                {dept.map(|d| view! { <span>{format!("承办 {d}")}</span> })}
            </p>
            {(!h.snippet.is_empty()).then(|| view! { <p class="snippet">{marked(h.snippet)}</p> })}
        </li>
    }
}

#[component]
fn DocumentItem(d: DocumentSummary) -> impl IntoView {
    view! {
        <li class="search-hit">
            <h3>
                <a href=format!("/catalog/documents/{}", d.id)>{title_view(d.title_marked, d.title.clone())}</a>
                " "{validity_badge(d.validity)}
            </h3>
            <p class="meta">
                <span>{format!("索引号：{}", d.index_no)}</span>
                <span>{d.column_name}</span>
                <span>{d.publisher.name}</span>
                <span>{d.published_on.map(|x| x.to_string()).unwrap_or_default()}</span>
            </p>
            {(!d.snippet.is_empty()).then(|| view! { <p class="snippet">{marked(d.snippet)}</p> })}
        </li>
    }
}

#[component]
fn InterviewItem(h: InterviewHit) -> impl IntoView {
    let i = h.interview;
    view! {
        <li class="search-hit">
            <h3><a href=format!("/interviews/{}", i.id)>{title_view(h.title_marked, i.title.clone())}</a></h3>
            <p class="meta">
                <span class="badge">{i.stage.label()}</span>
                <span>{format!("访谈时间 {}", show_time(&i.scheduled_at))}</span>
                {i.department.map(|d| view! { <span>{d}</span> })}
            </p>
            {(!h.snippet.is_empty()).then(|| view! { <p class="snippet">{marked(h.snippet)}</p> })}
        </li>
    }
}

/// `?group=interviews`: every interview found, a page at a time.
#[component]
fn AllInterviews(q: String, p: InterviewHitPage) -> impl IntoView {
    let back = format!("/search?{}", query_string(&[("q", q.clone())]));
    let base = query_string(&[("q", q.clone()), ("group", "interviews".to_string())]);
    let n = count(p.total, p.total_capped);
    view! {
        <p><a href=back>"返回全部搜索结果"</a></p>
        <section class="search-group" aria-labelledby="group-interviews">
            <h2 id="group-interviews">"在线访谈"<span class="group-count">{format!("（{n} 条）")}</span></h2>
            <p class="result-count" role="status">{format!("“{q}”：在线访谈 {n} 条")}</p>
            {if p.items.is_empty() {
                view! { <p class="muted">"没有找到相关的在线访谈。"</p> }.into_any()
            } else {
                view! {
                    <ol class="search-hits">
                        {p.items.into_iter().map(|h| view! { <InterviewItem h/> }).collect_view()}
                    </ol>
                }.into_any()
            }}
            <Pager path="/search" base page=p.page total=p.total per_page=p.per_page capped=p.total_capped/>
        </section>
    }
}
