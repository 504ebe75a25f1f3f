//! One question (/questions/{tracking_no}): received date, reply date, replying department
//! and the reply; the timeline; rating and one follow-up for the submitter.
use super::{show_date, show_time, CardBadge, Paragraphs, StatusBadge};
use crate::components::{field_error, ErrorNotice, PageTitle};
use crate::error::AppError;
use crate::questions::types::{QuestionView, Rating, Status};
use crate::questions::{load_question, FollowUpQuestion, RateQuestion};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn QuestionPage() -> impl IntoView {
    let params = use_params_map();
    let no = Memo::new(move |_| params.with(|p| p.get("tracking_no").unwrap_or_default()));
    let view = Resource::new(move || no.get(), |no| load_question(no, None));
    view! {
        <Suspense fallback=|| view! { <p>"正在加载…"</p> }>
            {move || view.get().map(|r| match r {
                Ok(v) => view! { <QuestionDetail view=v/> }.into_any(),
                Err(AppError::NotFound) => view! { <crate::components::NotFound/> }.into_any(),
                Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
            })}
        </Suspense>
    }
}

/// The question as its viewer may see it. `query_code` lets an anonymous submitter rate
/// and follow up from the tracking page.
#[component]
pub fn QuestionDetail(
    view: QuestionView,
    #[prop(optional)] query_code: Option<String>,
) -> impl IntoView {
    let q = view.question.clone();
    let own = view.is_submitter;
    let answered = q.status == Status::Answered;
    let staff_link = if view.is_moderator {
        Some((
            format!("/moderation/questions/{}", q.tracking_no),
            "在审核工作台办理",
        ))
    } else if view.is_handler {
        Some((format!("/handling/{}", q.tracking_no), "在承办工作台办理"))
    } else if view.is_supervisor {
        Some((format!("/supervision/{}", q.tracking_no), "督办"))
    } else {
        None
    };
    let staff = view.is_moderator || view.is_handler || view.is_supervisor;
    view! {
        <article class="question-detail">
            <PageTitle text=q.title.clone()/>
            <dl class="facts">
                <dt>"留言编号"</dt><dd>{q.tracking_no.clone()}</dd>
                <dt>"类型"</dt><dd>{q.kind.label()}</dd>
                <dt>"状态"</dt><dd><StatusBadge status=q.status/>" "<CardBadge card=q.overdue/></dd>
                <dt>"收到日期"</dt><dd>{show_date(&q.submitted_at)}</dd>
                {q.department.clone().map(|d| view! { <dt>"承办部门"</dt><dd>{d.name}</dd> })}
                {(own || staff).then(|| q.due_date.clone().map(|d| view! {
                    <dt>"答复期限"</dt><dd>{d}{q.extended.then_some("（已延期）")}</dd>
                })).flatten()}
            </dl>
            {staff_link.map(|(href, label)| view! { <p><a href=href class="button">{label}</a></p> })}
            <section aria-labelledby="q-body">
                <h2 id="q-body">"留言内容"</h2>
                <div class="text"><Paragraphs text=q.body.clone()/></div>
            </section>
            {view.reject_reason.clone().map(|r| view! {
                <section class="notice warn"><h2>"不予受理"</h2><Paragraphs text=r/></section>
            })}
            {q.answer.clone().map(|a| view! {
                <section class="answer" aria-labelledby="q-answer">
                    <h2 id="q-answer">"答复"</h2>
                    <dl class="facts">
                        <dt>"答复单位"</dt><dd>{a.department}</dd>
                        <dt>"答复日期"</dt><dd>{show_date(&a.answered_at)}</dd>
                    </dl>
                    <div class="text"><Paragraphs text=a.body/></div>
                </section>
            })}
            {view.follow_up.clone().map(|f| view! {
                <section><h2>"追问"</h2><div class="text"><Paragraphs text=f/></div></section>
            })}
            {view.follow_up_answer.clone().map(|a| view! {
                <section class="answer"><h2>"追问的答复"</h2><div class="text"><Paragraphs text=a/></div></section>
            })}
            {q.rating.map(|r| view! { <p>{format!("留言人评价：{}", r.label())}</p> })}
            {(own && answered).then(|| view! {
                <Feedback tracking_no=q.tracking_no.clone() query_code=query_code.clone().unwrap_or_default()
                    can_rate=q.rating.is_none() can_follow_up=view.follow_up.is_none()/>
            })}
            <section aria-labelledby="q-timeline">
                <h2 id="q-timeline">"办理记录"</h2>
                <ol class="timeline">
                    {view.events.iter().map(|e| {
                        let label = action_label(&e.action);
                        view! {
                            <li>
                                <time>{show_time(&e.at)}</time>" "
                                <strong>{label}</strong>
                                {(!e.actor.is_empty()).then(|| view! { <span class="muted">{format!("（{}）", e.actor)}</span> })}
                                {(!e.detail.is_empty()).then(|| view! { <span>{format!("：{}", e.detail)}</span> })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </section>
        </article>
    }
}

pub fn action_label(action: &str) -> &'static str {
    match action {
        "submit" => "提交留言",
        "accept" => "受理转办",
        "reject" => "不予受理",
        "answer" => "答复",
        "extend" => "延期",
        "publish" => "公开",
        "unpublish" => "撤回公开",
        "rate" => "评价",
        "follow_up" => "追问",
        "draft_answer" => "提交答复稿",
        "approve_answer" => "审核通过并答复",
        "send_back" => "退回重办",
        "return" => "退回转办",
        "extension_request" => "申请延期",
        "decline_extension" => "不同意延期",
        "follow_up_answer" => "答复追问",
        "supervise" => "督办",
        "triage" => "待转办",
        "calendar_correction" => "期限随工作日历调整",
        _ => "办理",
    }
}

#[component]
fn Feedback(
    tracking_no: String,
    query_code: String,
    can_rate: bool,
    can_follow_up: bool,
) -> impl IntoView {
    let rate = ServerAction::<RateQuestion>::new();
    let follow = ServerAction::<FollowUpQuestion>::new();
    let rated = move || matches!(rate.value().get(), Some(Ok(_)));
    let asked = move || matches!(follow.value().get(), Some(Ok(_)));
    let (no1, code1) = (tracking_no.clone(), query_code.clone());
    view! {
        {can_rate.then(|| view! {
            <section class="feedback" aria-labelledby="q-rate">
                <h2 id="q-rate">"评价答复"</h2>
                <p class="notice ok" role="status" hidden=move || !rated()>"感谢您的评价。"</p>
                <ActionForm action=rate attr:class="form" attr:hidden=rated>
                    <ErrorNotice action=rate/>
                    <input type="hidden" name="tracking_no" value=no1.clone()/>
                    <input type="hidden" name="query_code" value=code1.clone()/>
                    <fieldset>
                        <legend>"您对答复是否满意？"</legend>
                        {Rating::ALL.iter().map(|r| {
                            let id = format!("rating-{}", r.as_str());
                            view! {
                                <div class="choice">
                                    <input type="radio" id=id.clone() name="rating" value=r.as_str() required=true/>
                                    <label for=id>{r.label()}</label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                    <p class="error" role="alert" hidden=move || field_error(rate, "rating").get().is_none()>{move || field_error(rate, "rating").get()}</p>
                    <button type="submit" class="primary">"提交评价"</button>
                </ActionForm>
            </section>
        })}
        {can_follow_up.then(|| view! {
            <section class="feedback" aria-labelledby="q-follow">
                <h2 id="q-follow">"追问（限一次）"</h2>
                <p class="notice ok" role="status" hidden=move || !asked()>"追问已提交。"</p>
                <ActionForm action=follow attr:class="form" attr:hidden=asked>
                    <ErrorNotice action=follow/>
                    <input type="hidden" name="tracking_no" value=tracking_no.clone()/>
                    <input type="hidden" name="query_code" value=query_code.clone()/>
                    <crate::components::TextAreaField label="追问内容" name="body" required=true maxlength=3000 rows=4
                        error=field_error(follow, "body")/>
                    <button type="submit">"提交追问"</button>
                </ActionForm>
            </section>
        })}
    }
}
