//! The public pages: the list of interviews and one interview's page (preview, question
//! collection, live session or published transcript, depending on the stage).
use super::super::types::{Guest, Interview, NetizenQuestion, Stage, NICKNAME_MAX, QUESTION_MAX};
use super::super::{list_interviews, live_page, AskQuestion, LivePageData, VoteQuestion};
use super::feed::{Live, Pinned, Transcript};
use super::long_time;
use crate::components::{field_error, ErrorNotice, Field, PageTitle, TextAreaField};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn InterviewListPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| list_interviews());
    view! {
        <section>
            <PageTitle text="在线访谈"/>
            <p class="lead">"部门负责人走进直播间回答网民提问。访谈前征集问题，访谈时实时直播，访谈后发布文字实录。"</p>
            <Suspense fallback=|| view! { <p>"正在加载…"</p> }>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(items) if items.is_empty() => view! { <p>"暂无访谈。"</p> }.into_any(),
                    Ok(items) => view! {
                        <ul class="interview-list">
                            {items.into_iter().map(|i| view! { <InterviewCard interview=i/> }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn InterviewCard(interview: Interview) -> impl IntoView {
    let guests = Guest::line(&interview.guests);
    view! {
        <li class="card interview-card">
            <p class="stage-badge" class:live=interview.stage == Stage::Live>
                {if interview.cancelled() { "已取消" } else { interview.stage.label() }}
            </p>
            <h2><a href=format!("/interviews/{}", interview.id)>{interview.title.clone()}</a></h2>
            <p class="meta">{format!("访谈时间：{}　嘉宾：{}", long_time(&interview.scheduled_at), guests)}</p>
            {interview.notice.clone().map(|n| view! { <p class="meta">{format!("{}（{}）", n.kind.label(), n.on)}</p> })}
            <p>{interview.summary.clone()}</p>
        </li>
    }
}

#[component]
pub fn InterviewLivePage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| p.get("id").and_then(|v| v.parse::<i32>().ok()).unwrap_or(0))
    });
    let ask = ServerAction::<AskQuestion>::new();
    let vote = ServerAction::<VoteQuestion>::new();
    let page = Resource::new(
        move || (id.get(), ask.version().get(), vote.version().get()),
        |(id, _, _)| live_page(id),
    );
    view! {
        <Suspense fallback=|| view! { <p>"正在加载…"</p> }>
            {move || page.get().map(|r| match r {
                Err(crate::error::AppError::NotFound) => view! { <crate::components::NotFound/> }.into_any(),
                Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                Ok(p) => view! { <LiveBody page=p ask vote/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn LiveBody(
    page: LivePageData,
    ask: ServerAction<AskQuestion>,
    vote: ServerAction<VoteQuestion>,
) -> impl IntoView {
    let i = page.interview.clone();
    // The stream state survives refetches of the page data (asking, voting).
    let live = Live::new(page.events.clone(), i.stage, i.pinned_event_id);
    let interview_id = i.id;
    Effect::new(move |_| live.connect(interview_id, false));
    let guests = Guest::line(&i.guests);
    let stage = live.stage;
    let cancelled = i.cancelled();
    view! {
        <article class="interview">
            <PageTitle text=i.title.clone()/>
            {i.notice.clone().map(|n| view! {
                <section class="notice warn interview-notice" aria-labelledby="interview-notice-heading" data-testid="interview-notice">
                    <h2 id="interview-notice-heading">{n.kind.label()}</h2>
                    <p>{n.text}</p>
                    <p class="meta">{format!("发布日期：{}", n.on)}</p>
                </section>
            })}
            <p class="stage-line">
                <span class="stage-badge" class:live=move || stage.get() == Stage::Live data-testid="stage">
                    {move || if cancelled { "已取消" } else { stage.get().label() }}
                </span>
                {move || live.viewers.get().map(|n| view! { <span class="viewers">{format!("　{n} 人在线观看")}</span> })}
            </p>
            <dl class="meta-list">
                <dt>"访谈时间"</dt><dd>{long_time(&i.scheduled_at)}{format!("（约 {} 分钟）", i.duration_minutes)}</dd>
                <dt>"嘉宾"</dt><dd>{guests}</dd>
                {i.department.clone().map(|d| view! { <dt>"部门"</dt><dd>{d}</dd> })}
            </dl>
            <p class="summary">{i.summary.clone()}</p>
            <Pinned live/>
            <h2>{move || if stage.get() == Stage::Published { "访谈实录" } else { "访谈直播" }}</h2>
            <Transcript live/>
            {move || (live.events.with(|v| !v.iter().any(|e| e.kind == "message" || e.kind == "answer"))).then(|| view! {
                <p class="muted">{if matches!(stage.get(), Stage::Live | Stage::Review | Stage::Published) { "暂无内容。" } else { "访谈开始后，这里将实时显示访谈内容。" }}</p>
            })}
            <QuestionsPanel interview_id=interview_id stage cancelled questions=page.questions mine=page.mine ask vote/>
        </article>
    }
}

#[component]
fn QuestionsPanel(
    interview_id: i32,
    stage: RwSignal<Stage>,
    /// A cancelled interview takes no more questions or votes.
    cancelled: bool,
    questions: Vec<NetizenQuestion>,
    mine: Vec<NetizenQuestion>,
    ask: ServerAction<AskQuestion>,
    vote: ServerAction<VoteQuestion>,
) -> impl IntoView {
    view! {
        <section class="ask" aria-labelledby="ask-heading">
            <h2 id="ask-heading">"网友提问"</h2>
            {move || (stage.get().accepts_questions() && !cancelled).then(|| view! {
                <ActionForm action=ask attr:class="form">
                    <input type="hidden" name="interview_id" value=interview_id/>
                    <ErrorNotice action=ask/>
                    <TextAreaField label="您的问题" name="body" required=true rows=4 maxlength=QUESTION_MAX as u32
                        hint="5–500 字。提问经主持人审核后公开" error=field_error(ask, "body")/>
                    <Field label="昵称（可不填）" name="nickname" maxlength=NICKNAME_MAX as u32 error=field_error(ask, "nickname")/>
                    <button type="submit" class="primary" disabled=move || ask.pending().get()>"提交问题"</button>
                    {move || matches!(ask.value().get(), Some(Ok(_))).then(|| view! {
                        <p class="notice ok" role="status">"问题已提交，待主持人审核。"</p>
                    })}
                </ActionForm>
            })}
            {(!mine.is_empty()).then(|| view! {
                <h3>"我的提问"</h3>
                <ul class="question-list mine">
                    {mine.into_iter().map(|q| view! {
                        <li><span class="status">{q.status.label()}</span>" "{q.body}</li>
                    }).collect_view()}
                </ul>
            })}
            <h3>"已采纳的网友问题"</h3>
            <ErrorNotice action=vote/>
            {if questions.is_empty() {
                view! { <p class="muted">"暂无。"</p> }.into_any()
            } else {
                view! {
                    <ul class="question-list">
                        {questions.into_iter().map(|q| {
                            let label = format!("支持这个问题（当前 {} 票）", q.votes);
                            let qid = q.id;
                            let can_vote = stage.get_untracked().accepts_questions() && !cancelled;
                            view! {
                                <li>
                                    <p><strong>{format!("{}：", q.nickname)}</strong>{q.body.clone()}</p>
                                    {q.forwarded_tracking_no.clone().map(|no| view! {
                                        <p class="meta">"访谈时未及回答，已转网络问政办理："
                                            <a href=format!("/questions/{no}")>{no.clone()}</a>
                                        </p>
                                    })}
                                    // A <div>: a <form> inside a <p> would close the paragraph in
                                    // the browser's parser, and the page would no longer match
                                    // what hydration expects (the 征集 page's panic).
                                    <div class="meta">
                                        <span>{q.status.label()}</span>" · "<span>{format!("{} 票", q.votes)}</span>
                                        {can_vote.then(|| view! {
                                            <ActionForm action=vote attr:class="inline">
                                                <input type="hidden" name="interview_id" value=interview_id/>
                                                <input type="hidden" name="question_id" value=qid/>
                                                <button type="submit" aria-label=label>"👍 支持"</button>
                                            </ActionForm>
                                        })}
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
