//! The host console for one interview: stage controls with confirmation, the moderated
//! question queue, posting as host or guest, pinning, and the review of the transcript.
use super::super::types::{Guest, NetizenQuestion, QuestionStatus, Stage};
use super::super::{
    host_console, AdvanceStage, CancelInterview, HostConsoleData, ModerateQuestion, PinEvent,
    PostMessage, RescheduleInterview, ReviewEntry, SaveBackground, SaveDraftAnswer,
};
use super::feed::{Entry, Live};
use super::schedule::ScheduleChange;
use crate::components::{field_error, ErrorNotice, PageTitle, TextAreaField};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[derive(Clone, Copy)]
struct Actions {
    advance: ServerAction<AdvanceStage>,
    moderate: ServerAction<ModerateQuestion>,
    post: ServerAction<PostMessage>,
    background: ServerAction<SaveBackground>,
    draft: ServerAction<SaveDraftAnswer>,
    pin: ServerAction<PinEvent>,
    review: ServerAction<ReviewEntry>,
    reschedule: ServerAction<RescheduleInterview>,
    cancel: ServerAction<CancelInterview>,
}

#[component]
pub fn HostConsolePage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| p.get("id").and_then(|v| v.parse::<i32>().ok()).unwrap_or(0))
    });
    let query = use_query_map();
    let by_time = Memo::new(move |_| query.with(|q| q.get("sort").as_deref() == Some("time")));
    let a = Actions {
        advance: ServerAction::new(),
        moderate: ServerAction::new(),
        post: ServerAction::new(),
        background: ServerAction::new(),
        draft: ServerAction::new(),
        pin: ServerAction::new(),
        review: ServerAction::new(),
        reschedule: ServerAction::new(),
        cancel: ServerAction::new(),
    };
    // A refused move or change keeps its form as typed: only a success redraws the console.
    let advanced = crate::components::successes(a.advance);
    let rescheduled = crate::components::successes(a.reschedule);
    let cancelled = crate::components::successes(a.cancel);
    // Posting does not refetch: the stream brings the new entry.
    let console = Resource::new(
        move || {
            (
                id.get(),
                by_time.get(),
                (advanced.get(), rescheduled.get(), cancelled.get()),
                a.moderate.version().get(),
                a.review.version().get(),
                a.post.version().get(),
            )
        },
        |(id, by_time, ..)| host_console(id, by_time),
    );
    view! {
        <Transition fallback=|| view! { <p>"正在加载…"</p> }>
            {move || console.get().map(|r| match r {
                Err(e) => view! { <section><PageTitle text="访谈控制台"/><p class="notice error" role="alert">{e.to_string()}</p></section> }.into_any(),
                Ok(c) => view! { <Console c a/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn Console(c: HostConsoleData, a: Actions) -> impl IntoView {
    let i = c.interview.clone();
    let id = i.id;
    let live = Live::new(c.events.clone(), i.stage, i.pinned_event_id);
    let rehearsal = c.rehearsal;
    // A draft has no stream yet (the public one answers 404 until the preview); the console
    // is drawn again, and connects, once the stage moves on.
    if i.stage != Stage::Draft {
        Effect::new(move |_| live.connect(id, rehearsal));
    }
    let speakers: Vec<String> = std::iter::once("主持人".to_string())
        .chain(i.guests.iter().map(Guest::label))
        .collect();
    let stage = i.stage;
    view! {
        <section class="console">
            <PageTitle text=format!("访谈控制台：{}", i.title)/>
            <p class="stage-line">
                "当前阶段：" <strong data-testid="host-stage">{stage.label()}</strong>
                {rehearsal.then(|| view! { <span class="notice warn inline-notice">"彩排中：内容只有主持人可见，不会出现在公开页面、直播流或实录中。"</span> })}
                {(stage == Stage::Live).then(|| view! { <span class="viewers">{format!("　本实例在线 {} 人", c.viewers)}</span> })}
            </p>
            <p><a href=format!("/interviews/{id}")>"查看公开页面"</a></p>
            {i.notice.clone().map(|n| view! {
                <p class="notice warn" data-testid="host-notice">{format!("{}（{}）：{}", n.kind.label(), n.on, n.text)}</p>
            })}
            {i.schedule_override.clone().map(|r| view! {
                <p class="meta">{format!("超出常规预告期或时长的理由：{r}")}</p>
            })}
            {(!i.cancelled()).then(|| view! { <StageControl id stage a/> })}
            {(!i.cancelled() && stage < Stage::Live).then(|| view! { <ScheduleChange interview=i.clone() reschedule=a.reschedule cancel=a.cancel/> })}
            {matches!(stage, Stage::Preparing | Stage::Rehearsal).then(|| view! {
                <h2>"背景资料"</h2>
                <ActionForm action=a.background attr:class="form">
                    <input type="hidden" name="id" value=id/>
                    <label for="background">"背景资料（仅主持人可见）"</label>
                    <textarea id="background" name="background" rows=6>{c.background.clone()}</textarea>
                    <button type="submit">"保存资料"</button>
                    {move || matches!(a.background.value().get(), Some(Ok(_))).then(|| view! { <p class="notice ok" role="status">"已保存。"</p> })}
                </ActionForm>
            })}
            {stage.accepts_messages().then(|| view! { <PostForm id speakers=speakers.clone() a/> })}
            <div class="console-grid">
                <section aria-labelledby="queue-heading">
                    <h2 id="queue-heading">"网友问题"</h2>
                    <p class="sort-links">"排序："
                        <a href=format!("/host/interviews/{id}") aria-current=(!c.by_time).then_some("true")>"按票数"</a>
                        " · "
                        <a href=format!("/host/interviews/{id}?sort=time") aria-current=c.by_time.then_some("true")>"按提问时间"</a>
                    </p>
                    <ErrorNotice action=a.moderate/>
                    <Queue id stage questions=c.queue.clone() speakers=speakers.clone() a/>
                </section>
                <section aria-labelledby="feed-heading">
                    <h2 id="feed-heading">{if rehearsal { "彩排内容" } else { "直播内容" }}</h2>
                    {if stage == Stage::Review {
                        view! { <ReviewList entries=c.events.clone() id a/> }.into_any()
                    } else {
                        view! { <HostFeed live id stage a/> }.into_any()
                    }}
                </section>
            </div>
        </section>
    }
}

#[component]
fn StageControl(id: i32, stage: Stage, a: Actions) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let Some(next) = stage.next() else {
        return view! { <p>"访谈实录已发布。"</p> }.into_any();
    };
    view! {
        <div class="stage-control">
            <ErrorNotice action=a.advance/>
            <button type="button" class="primary" on:click=move |_| confirming.set(true) aria-expanded=move || confirming.get().to_string()>
                {format!("进入下一阶段：{}", next.label())}
            </button>
            <div class="confirm" hidden=move || !confirming.get()>
                <p role="alert">{format!("确认将访谈从“{}”转到“{}”？此操作不能撤回。", stage.label(), next.label())}</p>
                <ActionForm action=a.advance attr:class="inline">
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="to" value=next.as_str()/>
                    {(next == Stage::Preview).then(|| view! {
                        <TextAreaField label="超出常规时的理由" name="override_reason" rows=2 maxlength=500
                            hint="预告一般提前 3 天至 1 个月发布，访谈一般 60–120 分钟；超出的须写明理由，记入审计日志"
                            error=field_error(a.advance, "override_reason")/>
                        <p class="error" role="alert" hidden=move || field_error(a.advance, "scheduled_at").get().is_none()>
                            {move || field_error(a.advance, "scheduled_at").get()}
                        </p>
                        <p class="error" role="alert" hidden=move || field_error(a.advance, "duration_minutes").get().is_none()>
                            {move || field_error(a.advance, "duration_minutes").get()}
                        </p>
                    })}
                    <button type="submit" class="primary">"确认"</button>
                </ActionForm>
                <button type="button" on:click=move |_| confirming.set(false)>"取消"</button>
            </div>
        </div>
    }
    .into_any()
}

#[component]
fn PostForm(id: i32, speakers: Vec<String>, a: Actions) -> impl IntoView {
    view! {
        <h2>"发布消息"</h2>
        <ActionForm action=a.post attr:class="form">
            <ErrorNotice action=a.post/>
            <input type="hidden" name="id" value=id/>
            <div class="field">
                <label for="speaker">"发言人"</label>
                <select id="speaker" name="speaker">
                    {speakers.into_iter().map(|s| view! { <option value=s.clone()>{s.clone()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="message-body">"消息内容"</label>
                <textarea id="message-body" name="body" rows=4 required
                    aria-invalid=move || field_error(a.post, "body").get().is_some().then_some("true")></textarea>
            </div>
            <button type="submit" class="primary">"发布"</button>
        </ActionForm>
    }
}

#[component]
fn Queue(
    id: i32,
    stage: Stage,
    questions: Vec<NetizenQuestion>,
    speakers: Vec<String>,
    a: Actions,
) -> impl IntoView {
    if questions.is_empty() {
        return view! { <p class="muted">"暂无网友提问。"</p> }.into_any();
    }
    view! {
        <ul class="question-list queue">
            {questions.into_iter().map(|q| {
                let qid = q.id;
                let can_answer = stage.accepts_messages() && q.status == QuestionStatus::Accepted;
                let speakers = speakers.clone();
                let draft = q.draft_answer.clone().unwrap_or_default();
                let draft2 = draft.clone();
                view! {
                    <li class=format!("q-{}", q.status.as_str())>
                        <p><strong>{format!("{}：", q.nickname)}</strong>{q.body.clone()}</p>
                        <p class="meta">{q.status.label()}" · "{format!("{} 票", q.votes)}
                            {q.forwarded_tracking_no.clone().map(|t| view! { " · 已转网络问政 "<a href=format!("/questions/{t}")>{t.clone()}</a> })}
                        </p>
                        {(q.status != QuestionStatus::Answered).then(|| view! {
                            <ActionForm action=a.moderate attr:class="inline">
                                <input type="hidden" name="id" value=id/>
                                <input type="hidden" name="question_id" value=qid/>
                                <button type="submit" name="decision" value="accept" aria-label=format!("采纳问题 {qid}")>"采纳"</button>
                                <button type="submit" name="decision" value="dismiss" aria-label=format!("不采纳问题 {qid}")>"不采纳"</button>
                            </ActionForm>
                        })}
                        {(stage == Stage::Preparing && q.status != QuestionStatus::Dismissed).then(|| view! {
                            <ActionForm action=a.draft attr:class="form">
                                <input type="hidden" name="id" value=id/>
                                <input type="hidden" name="question_id" value=qid/>
                                <label for=format!("draft-{qid}")>"答复草稿"</label>
                                <textarea id=format!("draft-{qid}") name="draft_answer" rows=2>{draft}</textarea>
                                <button type="submit">"保存草稿"</button>
                            </ActionForm>
                        })}
                        {can_answer.then(|| view! {
                            <ActionForm action=a.post attr:class="form answer-form">
                                <input type="hidden" name="id" value=id/>
                                <input type="hidden" name="answers" value=qid/>
                                <label for=format!("answer-speaker-{qid}")>"回答人"</label>
                                <select id=format!("answer-speaker-{qid}") name="speaker">
                                    {speakers.iter().map(|s| view! { <option value=s.clone()>{s.clone()}</option> }).collect_view()}
                                </select>
                                <label for=format!("answer-{qid}")>{format!("回答问题 {qid}")}</label>
                                <textarea id=format!("answer-{qid}") name="body" rows=3 required>{draft2}</textarea>
                                <button type="submit" class="primary">"发布回答"</button>
                            </ActionForm>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn HostFeed(live: Live, id: i32, stage: Stage, a: Actions) -> impl IntoView {
    view! {
        <div role="log" aria-label="直播内容" data-testid="host-feed">
        <ol class="transcript">
            <For
                each=move || {
                    live.events.get().into_iter().filter(|e| e.kind == "message" || e.kind == "answer").collect::<Vec<_>>()
                }
                key=|e| e.id
                children=move |e| {
                    let seq = e.id;
                    view! {
                        <Entry event=e>
                            {(stage == Stage::Live).then(|| view! {
                                <ActionForm action=a.pin attr:class="inline">
                                    <input type="hidden" name="id" value=id/>
                                    <input type="hidden" name="seq" value=seq/>
                                    <button type="submit" aria-label=format!("置顶第 {seq} 条")>"置顶"</button>
                                </ActionForm>
                            })}
                        </Entry>
                    }
                }
            />
        </ol>
        </div>
    }
}

#[component]
fn ReviewList(entries: Vec<super::super::types::Event>, id: i32, a: Actions) -> impl IntoView {
    view! {
        <p>"修改错字或隐藏不宜公开的内容，然后进入“已发布实录”。"</p>
        <ErrorNotice action=a.review/>
        <ol class="review-list">
            {entries.into_iter().filter(|e| e.kind == "message" || e.kind == "answer").map(|e| {
                let seq = e.id;
                view! {
                    <li>
                        <ActionForm action=a.review attr:class="form">
                            <input type="hidden" name="id" value=id/>
                            <input type="hidden" name="seq" value=seq/>
                            <label for=format!("review-{seq}")>{format!("第 {seq} 条（{}）", e.speaker)}</label>
                            <textarea id=format!("review-{seq}") name="body" rows=3>{e.body.clone()}</textarea>
                            <span>
                                <input type="checkbox" id=format!("hide-{seq}") name="hidden" value="on" checked=e.hidden/>
                                <label for=format!("hide-{seq}")>"不公开此条"</label>
                            </span>
                            <button type="submit">"保存"</button>
                        </ActionForm>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
