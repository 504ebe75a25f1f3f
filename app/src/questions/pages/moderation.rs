//! 审核工作台 (/moderation): the queue, overdue first, with filters and the three-month
//! alarm; and one question (/moderation/questions/{tracking_no}) with every action,
//! internal notes and the full history.
use super::review::{DeclineExtensionForm, ReviewPanel};
use super::staff::{FollowUpAnswerForm, StaffInfo};
use super::{query_string, show_time, Pager, QuestionDetail, QuestionRow};
use crate::admin::list_departments;
use crate::components::{field_error, successes, ErrorNotice, Field, PageTitle, TextAreaField};
use crate::questions::types::{Kind, Note, Overdue, Question, QuestionView, Status};
use crate::questions::{
    load_question, moderation_alarm, moderation_queue, AcceptQuestion, AddQuestionNote,
    AnswerQuestion, AnswerQuestionFollowUp, ApproveQuestionAnswer, DeclineQuestionExtension,
    ExtendQuestion, PublishQuestion, RejectQuestion, SendBackQuestion, UnpublishQuestion,
};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

fn options<T: Copy>(
    all: &[T],
    as_str: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
    cur: &str,
) -> impl IntoView {
    all.iter()
        .map(|k| {
            let v = as_str(*k);
            view! { <option value=v selected=cur == v>{label(*k)}</option> }
        })
        .collect_view()
}

#[component]
pub fn ModerationPage() -> impl IntoView {
    let query = use_query_map();
    let get = move |k: &str| query.with(|q| q.get(k).unwrap_or_default());
    let keys = ["kind", "department_id", "q", "status", "month", "overdue"];
    let params = Memo::new(move |_| (keys.map(get), get("page").parse::<u64>().unwrap_or(1)));
    let list = Resource::new(
        move || params.get(),
        |([kind, dept, q, status, month, overdue], page)| {
            moderation_queue(
                Some(kind),
                Some(dept),
                Some(q),
                Some(status),
                Some(month),
                Some(overdue),
                Some(page),
            )
        },
    );
    let alarm = Resource::new(|| (), |_| moderation_alarm());
    let departments = Resource::new(|| (), |_| list_departments());
    view! {
        <section>
            <PageTitle text="审核工作台"/>
            <Suspense fallback=|| ()>
                {move || alarm.get().and_then(|r| r.ok()).filter(|a| !a.is_empty()).map(|a| view! {
                    <div class="notice error alarm" role="alert">
                        <h2>{format!("预警：{} 条留言超过 60 天未答复", a.len())}</h2>
                        <p>"留言三个月未答复，网站检查即不合格。请尽快办理："</p>
                        <ul>{a.into_iter().map(|q| view! {
                            <li><a href=format!("/moderation/questions/{}", q.tracking_no)>{format!("{} {}", q.tracking_no, q.title)}</a></li>
                        }).collect_view()}</ul>
                    </div>
                })}
            </Suspense>
            <form method="get" action="/moderation" class="search-form filters" role="search" aria-label="筛选留言">
                <label for="q">"关键词"</label>
                <input id="q" name="q" type="search" maxlength="50" value=move || get("q")/>
                <label for="status">"状态"</label>
                <select id="status" name="status">
                    <option value="">"全部"</option>
                    {move || options(Status::ALL, Status::as_str, Status::label, &get("status"))}
                </select>
                <label for="overdue">"督办"</label>
                <select id="overdue" name="overdue">
                    <option value="">"全部"</option>
                    {move || options(&[Overdue::Red, Overdue::Yellow], Overdue::as_str, Overdue::label, &get("overdue"))}
                </select>
                <label for="kind">"类型"</label>
                <select id="kind" name="kind">
                    <option value="">"全部"</option>
                    {move || options(Kind::ALL, Kind::as_str, Kind::label, &get("kind"))}
                </select>
                <label for="department_id">"部门"</label>
                <select id="department_id" name="department_id">
                    <option value="">"全部"</option>
                    <Suspense fallback=|| ()>
                        {move || departments.get().and_then(|r| r.ok()).map(|ds| {
                            let cur = get("department_id");
                            ds.into_iter().map(|d| {
                                let id = d.id.to_string();
                                let sel = cur == id;
                                view! { <option value=id selected=sel>{d.name}</option> }
                            }).collect_view()
                        })}
                    </Suspense>
                </select>
                <label for="month">"月份"</label>
                <input id="month" name="month" type="month" value=move || get("month")/>
                <button type="submit" class="primary">"筛选"</button>
            </form>
            <Transition fallback=|| view! { <p>"正在加载…"</p> }>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(p) if p.items.is_empty() => view! { <p class="notice">"没有符合条件的留言。"</p> }.into_any(),
                    Ok(p) => {
                        let (vals, _) = params.get();
                        let base = query_string(&keys.iter().zip(vals).map(|(k, v)| (*k, v)).collect::<Vec<_>>());
                        view! {
                            <ul class="question-list">
                                {p.items.into_iter().map(|q| {
                                    let href = format!("/moderation/questions/{}", q.tracking_no);
                                    view! { <QuestionRow q href staff=true/> }
                                }).collect_view()}
                            </ul>
                            <Pager path="/moderation" base page=p.page total=p.total per_page=p.per_page capped=p.total_capped/>
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

/// The actions of the detail page, shared by its panels.
#[derive(Clone, Copy)]
struct Actions {
    accept: ServerAction<AcceptQuestion>,
    reject: ServerAction<RejectQuestion>,
    answer: ServerAction<AnswerQuestion>,
    extend: ServerAction<ExtendQuestion>,
    publish: ServerAction<PublishQuestion>,
    unpublish: ServerAction<UnpublishQuestion>,
    note: ServerAction<AddQuestionNote>,
    approve: ServerAction<ApproveQuestionAnswer>,
    send_back: ServerAction<SendBackQuestion>,
    decline: ServerAction<DeclineQuestionExtension>,
    follow_up: ServerAction<AnswerQuestionFollowUp>,
}

#[component]
pub fn ModerationDetailPage() -> impl IntoView {
    let params = use_params_map();
    let no = Memo::new(move |_| params.with(|p| p.get("tracking_no").unwrap_or_default()));
    let acts = Actions {
        accept: ServerAction::new(),
        reject: ServerAction::new(),
        answer: ServerAction::new(),
        extend: ServerAction::new(),
        publish: ServerAction::new(),
        unpublish: ServerAction::new(),
        note: ServerAction::new(),
        approve: ServerAction::new(),
        send_back: ServerAction::new(),
        decline: ServerAction::new(),
        follow_up: ServerAction::new(),
    };
    // Reloaded after a move that succeeded only: a refused one keeps what was typed, with
    // the error beside it.
    let done = [
        successes(acts.accept),
        successes(acts.reject),
        successes(acts.answer),
        successes(acts.extend),
        successes(acts.publish),
        successes(acts.unpublish),
        successes(acts.note),
        successes(acts.approve),
        successes(acts.send_back),
        successes(acts.decline),
        successes(acts.follow_up),
    ];
    let versions = move || done.iter().map(|m| m.get()).sum::<u32>();
    let data = Resource::new(
        move || (no.get(), versions()),
        |(no, _)| load_question(no, None),
    );
    view! {
        <p><a href="/moderation">"← 返回审核工作台"</a></p>
        <Suspense fallback=|| view! { <p>"正在加载…"</p> }>
            {move || data.get().map(|r| match r {
                Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                Ok(v) if !v.is_moderator => view! { <p class="notice error" role="alert">"没有权限执行此操作"</p> }.into_any(),
                Ok(v) => view! { <Workbench v acts/> }.into_any(),
            })}
        </Suspense>
    }
}

// The workbench is split into small components with erased view types: one deeply
// nested view overflowed the stack of a debug build while rendering.
#[component]
fn Workbench(v: QuestionView, acts: Actions) -> impl IntoView {
    let q = v.question.clone();
    let n = StoredValue::new(q.tracking_no.clone());
    let panels: Vec<AnyView> = match q.status {
        Status::Pending => vec![
            view! { <AcceptForm n action=acts.accept current=q.department.as_ref().map(|d| d.id)/> }.into_any(),
            view! { <RejectForm n action=acts.reject/> }.into_any(),
        ],
        Status::Accepted => {
            let mut p = vec![view! { <AnswerForm n action=acts.answer/> }.into_any()];
            if !q.extended {
                let asked = q.extension_request.as_ref().map(|r| r.working_days.to_string());
                let declinable = asked.is_some();
                p.push(view! { <ExtendForm n action=acts.extend days=asked/> }.into_any());
                if declinable {
                    p.push(view! { <DeclineExtensionForm n action=acts.decline/> }.into_any());
                }
            }
            p
        }
        Status::AnswerReview => vec![
            view! { <ReviewPanel n approve=acts.approve send_back=acts.send_back/> }.into_any(),
            view! { <AnswerForm n action=acts.answer/> }.into_any(),
        ],
        Status::Answered => {
            let mut p = vec![view! { <PublishPanel n q=q.clone() acts/> }.into_any()];
            if q.follow_up_due.is_some() {
                p.push(view! { <FollowUpAnswerForm n action=acts.follow_up/> }.into_any());
            }
            p
        }
        Status::Rejected => Vec::new(),
    };
    let contact = match (v.contact.clone(), v.contacts_erased_at.clone()) {
        (_, Some(at)) => view! {
            <p class="muted">{format!("联系方式已于 {} 删除（保存期限届满或本人申请）", crate::components::show_date(&at))}</p>
        }
        .into_any(),
        (Some(c), None) if !c.name.is_empty() => {
            let line = [Some(c.name), c.phone, c.email]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("　");
            view! { <p>{line}</p> }.into_any()
        }
        _ => view! { <p class="muted">"登录用户提交，未另留联系方式"</p> }.into_any(),
    };
    let notes = v.notes.clone();
    view! {
        <div class="workbench">
            <div class="panel">{view! { <QuestionDetail view=v/> }.into_any()}</div>
            <aside class="panel actions" aria-label="办理">
                {view! { <StaffInfo q=q.clone()/> }.into_any()}
                <h2>"留言人联系方式（不公开）"</h2>
                {contact}
                {panels}
                <NotesPanel n notes action=acts.note/>
            </aside>
        </div>
    }
}

#[component]
fn Hidden(n: StoredValue<String>) -> impl IntoView {
    view! { <input type="hidden" name="tracking_no" value=n.get_value()/> }
}

#[component]
fn AcceptForm(
    n: StoredValue<String>,
    action: ServerAction<AcceptQuestion>,
    current: Option<i32>,
) -> impl IntoView {
    let departments = Resource::new(|| (), |_| list_departments());
    view! {
        <h2>"受理并转办"</h2>
        <ActionForm action=action attr:class="form">
            <ErrorNotice action=action/>
            <Hidden n/>
            <div class="field">
                <label for="accept-dept">"承办部门"</label>
                <select id="accept-dept" name="department_id" required=true>
                    <Suspense fallback=|| ()>
                        {move || departments.get().and_then(|r| r.ok()).map(|ds| {
                            ds.into_iter().map(|d| view! {
                                <option value=d.id.to_string() selected=current == Some(d.id)>{d.name}</option>
                            }).collect_view()
                        })}
                    </Suspense>
                </select>
            </div>
            <button type="submit" class="primary">"受理"</button>
        </ActionForm>
    }
}

#[component]
fn RejectForm(n: StoredValue<String>, action: ServerAction<RejectQuestion>) -> impl IntoView {
    view! {
        <h2>"不予受理"</h2>
        <ActionForm action=action attr:class="form">
            <Hidden n/>
            <TextAreaField label="理由（会告知留言人）" name="reason" required=true rows=3 maxlength=500
                error=field_error(action, "reason")/>
            <button type="submit">"不予受理"</button>
        </ActionForm>
    }
}

#[component]
fn AnswerForm(n: StoredValue<String>, action: ServerAction<AnswerQuestion>) -> impl IntoView {
    view! {
        <h2>"答复"</h2>
        <ActionForm action=action attr:class="form">
            <ErrorNotice action=action/>
            <Hidden n/>
            <TextAreaField label="答复内容" name="body" required=true rows=10 maxlength=10000
                hint="每行一段" error=field_error(action, "body")/>
            <button type="submit" class="primary">"提交答复"</button>
        </ActionForm>
    }
}

/// Extending; with `days` from a handler's request, this is granting it.
#[component]
fn ExtendForm(
    n: StoredValue<String>,
    action: ServerAction<ExtendQuestion>,
    days: Option<String>,
) -> impl IntoView {
    let title = if days.is_some() {
        "同意延期申请"
    } else {
        "延期（限一次）"
    };
    view! {
        <h2>{title}</h2>
        <ActionForm action=action attr:class="form">
            <ErrorNotice action=action/>
            <Hidden n/>
            <Field label="延长工作日" name="working_days" kind="number" required=true value=days.unwrap_or_default()
                hint="须在答复期限届满前；延期后总时限一般不超过 15 个工作日" error=field_error(action, "working_days")/>
            <TextAreaField label="延期理由" name="reason" required=true rows=3 maxlength=500
                error=field_error(action, "reason")/>
            <button type="submit">"延期"</button>
        </ActionForm>
    }
}

#[component]
fn PublishPanel(n: StoredValue<String>, q: Question, acts: Actions) -> impl IntoView {
    let body = if q.published {
        view! { <ActionForm action=acts.unpublish><Hidden n/><button type="submit">"撤回公开"</button></ActionForm> }.into_any()
    } else if q.is_public {
        view! { <ActionForm action=acts.publish><Hidden n/><button type="submit" class="primary">"公开"</button></ActionForm> }.into_any()
    } else {
        view! { <p class="muted">"留言人未同意公开"</p> }.into_any()
    };
    view! {
        <h2>"公开"</h2>
        <ErrorNotice action=acts.publish/>
        <ErrorNotice action=acts.unpublish/>
        {body}
    }
}

#[component]
fn NotesPanel(
    n: StoredValue<String>,
    notes: Vec<Note>,
    action: ServerAction<AddQuestionNote>,
) -> impl IntoView {
    view! {
        <h2>"内部备注"</h2>
        <ul class="notes">
            {notes.into_iter().map(|n| view! {
                <li><span class="muted">{format!("{} {}：", show_time(&n.at), n.author)}</span>{n.body}</li>
            }).collect_view()}
        </ul>
        <ActionForm action=action attr:class="form">
            <Hidden n/>
            <TextAreaField label="新增备注（仅审核员可见）" name="body" id="note-body" required=true rows=3 maxlength=3000
                error=field_error(action, "body")/>
            <button type="submit">"添加备注"</button>
        </ActionForm>
    }
}
