//! 承办工作台 (/handling): the questions routed to the handler's departments, red, yellow and
//! 督办 first; and one question (/handling/{tracking_no}) where the department drafts its
//! answer, returns a wrong routing, asks for more time or answers a follow-up.
use super::staff::{FollowUpAnswerForm, StaffInfo};
use super::{query_string, Pager, QuestionDetail, QuestionRow};
use crate::components::{field_error, successes, ErrorNotice, Field, PageTitle, TextAreaField};
use crate::error::AppError;
use crate::questions::types::{Overdue, QuestionView, Status};
use crate::questions::{
    handling_queue, load_question, AnswerQuestionFollowUp, DraftQuestionAnswer,
    RequestQuestionExtension, ReturnQuestion,
};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn HandlingPage() -> impl IntoView {
    let query = use_query_map();
    let get = move |k: &str| query.with(|q| q.get(k).unwrap_or_default());
    let keys = ["q", "status", "overdue"];
    let params = Memo::new(move |_| (keys.map(get), get("page").parse::<u64>().unwrap_or(1)));
    let list = Resource::new(
        move || params.get(),
        |([q, status, overdue], page)| {
            handling_queue(None, Some(q), Some(status), Some(overdue), Some(page))
        },
    );
    let option = move |value: &'static str, label: &'static str, key: &'static str| {
        view! { <option value=value selected=move || get(key) == value>{label}</option> }
    };
    view! {
        <section>
            <PageTitle text="承办工作台"/>
            <p>"转交本单位办理的留言：红牌、黄牌和督办的排在前面。答复提交后由网站办审核，审核通过才对留言人可见；不属于本单位职责的，请退回并说明理由。"</p>
            <form method="get" action="/handling" class="search-form filters" role="search" aria-label="筛选留言">
                <label for="q">"关键词"</label>
                <input id="q" name="q" type="search" maxlength="50" value=move || get("q")/>
                <label for="status">"状态"</label>
                <select id="status" name="status">
                    <option value="">"全部"</option>
                    {option("accepted", Status::Accepted.label(), "status")}
                    {option("answer_review", Status::AnswerReview.label(), "status")}
                    {option("answered", Status::Answered.label(), "status")}
                </select>
                <label for="overdue">"督办"</label>
                <select id="overdue" name="overdue">
                    <option value="">"全部"</option>
                    {option("red", Overdue::Red.label(), "overdue")}
                    {option("yellow", Overdue::Yellow.label(), "overdue")}
                </select>
                <button type="submit" class="primary">"筛选"</button>
            </form>
            <Transition fallback=|| view! { <p>"正在加载…"</p> }>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(p) if p.items.is_empty() => view! { <p class="notice">"没有需要办理的留言。"</p> }.into_any(),
                    Ok(p) => {
                        let (vals, _) = params.get();
                        let base = query_string(&keys.iter().zip(vals).map(|(k, v)| (*k, v)).collect::<Vec<_>>());
                        view! {
                            <ul class="question-list">
                                {p.items.into_iter().map(|q| {
                                    let href = format!("/handling/{}", q.tracking_no);
                                    view! { <QuestionRow q href staff=true/> }
                                }).collect_view()}
                            </ul>
                            <Pager path="/handling" base page=p.page total=p.total per_page=p.per_page capped=p.total_capped/>
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

#[derive(Clone, Copy)]
struct Moves {
    draft: ServerAction<DraftQuestionAnswer>,
    back: ServerAction<ReturnQuestion>,
    extension: ServerAction<RequestQuestionExtension>,
    follow_up: ServerAction<AnswerQuestionFollowUp>,
}

#[component]
pub fn HandlingDetailPage() -> impl IntoView {
    let params = use_params_map();
    let no = Memo::new(move |_| params.with(|p| p.get("tracking_no").unwrap_or_default()));
    let moves = Moves {
        draft: ServerAction::new(),
        back: ServerAction::new(),
        extension: ServerAction::new(),
        follow_up: ServerAction::new(),
    };
    // Reloaded after a move that succeeded only: a refused one keeps what was typed.
    let done = [
        successes(moves.draft),
        successes(moves.back),
        successes(moves.extension),
        successes(moves.follow_up),
    ];
    let versions = move || done.iter().map(|m| m.get()).sum::<u32>();
    let data = Resource::new(
        move || (no.get(), versions()),
        |(no, _)| load_question(no, None),
    );
    view! {
        <p><a href="/handling">"← 返回承办工作台"</a></p>
        <p class="notice ok" role="status" hidden=move || !matches!(moves.back.value().get(), Some(Ok(_)))>
            "已退回网站办，由网站办重新转办。"
        </p>
        <Suspense fallback=|| view! { <p>"正在加载…"</p> }>
            {move || data.get().map(|r| match r {
                Err(AppError::NotFound) => view! { <crate::components::NotFound/> }.into_any(),
                Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                Ok(v) if !v.is_handler => view! {
                    <p class="notice">"该留言已不在本单位办理。"</p>
                }.into_any(),
                Ok(v) => view! { <HandlerBench v moves/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn HandlerBench(v: QuestionView, moves: Moves) -> impl IntoView {
    let q = v.question.clone();
    let n = StoredValue::new(q.tracking_no.clone());
    let mut panels: Vec<AnyView> = Vec::new();
    if q.status == Status::Accepted {
        let draft = q.draft.as_ref().map(|d| d.body.clone());
        panels.push(view! { <DraftForm n action=moves.draft draft/> }.into_any());
        if !q.extended && q.extension_request.is_none() {
            panels.push(view! { <ExtensionRequestForm n action=moves.extension/> }.into_any());
        }
        panels.push(view! { <ReturnForm n action=moves.back/> }.into_any());
    }
    if q.follow_up_due.is_some() {
        panels.push(view! { <FollowUpAnswerForm n action=moves.follow_up/> }.into_any());
    }
    if panels.is_empty() {
        let note = match q.status {
            Status::AnswerReview => "答复已提交，等待网站办审核。",
            _ => "该留言目前不需要本单位办理。",
        };
        panels.push(view! { <p class="muted">{note}</p> }.into_any());
    }
    view! {
        <div class="workbench">
            <div class="panel">{view! { <QuestionDetail view=v/> }.into_any()}</div>
            <aside class="panel actions" aria-label="承办">
                {view! { <StaffInfo q=q.clone()/> }.into_any()}
                {panels}
            </aside>
        </div>
    }
}

#[component]
fn DraftForm(
    n: StoredValue<String>,
    action: ServerAction<DraftQuestionAnswer>,
    draft: Option<String>,
) -> impl IntoView {
    view! {
        <h2>"起草答复"</h2>
        <ActionForm action=action attr:class="form">
            <ErrorNotice action=action/>
            <input type="hidden" name="tracking_no" value=n.get_value()/>
            <TextAreaField label="答复内容（以本单位名义）" name="body" id="draft-body" required=true rows=10 maxlength=10000
                hint="每行一段；提交后由网站办审核" value=draft.unwrap_or_default() error=field_error(action, "body")/>
            <button type="submit" class="primary">"提交审核"</button>
        </ActionForm>
    }
}

#[component]
fn ExtensionRequestForm(
    n: StoredValue<String>,
    action: ServerAction<RequestQuestionExtension>,
) -> impl IntoView {
    view! {
        <h2>"申请延期（限一次，须在期限届满前）"</h2>
        <ActionForm action=action attr:class="form">
            <ErrorNotice action=action/>
            <input type="hidden" name="tracking_no" value=n.get_value()/>
            <Field label="延长工作日" name="working_days" id="request-days" kind="number" required=true
                hint="延期后总时限一般不超过 15 个工作日" error=field_error(action, "working_days")/>
            <TextAreaField label="延期理由" name="reason" id="request-reason" required=true rows=3 maxlength=500
                error=field_error(action, "reason")/>
            <button type="submit">"提交延期申请"</button>
        </ActionForm>
    }
}

#[component]
fn ReturnForm(n: StoredValue<String>, action: ServerAction<ReturnQuestion>) -> impl IntoView {
    view! {
        <h2>"退回（不属于本单位职责）"</h2>
        <ActionForm action=action attr:class="form">
            <ErrorNotice action=action/>
            <input type="hidden" name="tracking_no" value=n.get_value()/>
            <TextAreaField label="退回理由（可注明应由哪个部门办理）" name="reason" id="return-reason" required=true rows=3 maxlength=500
                error=field_error(action, "reason")/>
            <button type="submit">"退回网站办"</button>
        </ActionForm>
    }
}
