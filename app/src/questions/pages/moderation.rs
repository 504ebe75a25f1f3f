//! 审核工作台 (/moderation): the queue, overdue first, with filters and the three-month
//! alarm; and one question (/moderation/questions/{tracking_no}) with every action,
//! internal notes and the full history.
use super::{query_string, show_time, Pager, QuestionDetail, QuestionRow};
use crate::admin::list_departments;
use crate::components::{field_error, ErrorNotice, Field, PageTitle, TextAreaField};
use crate::questions::types::{Kind, Overdue, Status};
use crate::questions::{
    load_question, moderation_alarm, moderation_queue, AcceptQuestion, AddQuestionNote,
    AnswerQuestion, ExtendQuestion, PublishQuestion, RejectQuestion, UnpublishQuestion,
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
                            <Pager path="/moderation" base page=p.page total=p.total per_page=p.per_page/>
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn ModerationDetailPage() -> impl IntoView {
    let params = use_params_map();
    let no = Memo::new(move |_| params.with(|p| p.get("tracking_no").unwrap_or_default()));
    let accept = ServerAction::<AcceptQuestion>::new();
    let reject = ServerAction::<RejectQuestion>::new();
    let answer = ServerAction::<AnswerQuestion>::new();
    let extend = ServerAction::<ExtendQuestion>::new();
    let publish = ServerAction::<PublishQuestion>::new();
    let unpublish = ServerAction::<UnpublishQuestion>::new();
    let note = ServerAction::<AddQuestionNote>::new();
    let versions = move || {
        (
            accept.version().get(),
            reject.version().get(),
            answer.version().get(),
            extend.version().get(),
            publish.version().get() + unpublish.version().get(),
            note.version().get(),
        )
    };
    let data = Resource::new(
        move || (no.get(), versions()),
        |(no, _)| load_question(no, None),
    );
    let departments = Resource::new(|| (), |_| list_departments());
    view! {
        <p><a href="/moderation">"← 返回审核工作台"</a></p>
        <Suspense fallback=|| view! { <p>"正在加载…"</p> }>
            {move || data.get().map(|r| match r {
                Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                Ok(v) if !v.is_moderator => view! { <p class="notice error" role="alert">"没有权限执行此操作"</p> }.into_any(),
                Ok(v) => {
                    let q = v.question.clone();
                    // Copy, so that every form below can carry the number.
                    let n = StoredValue::new(q.tracking_no.clone());
                    let hidden = move || view! { <input type="hidden" name="tracking_no" value=n.get_value()/> };
                    let contact = v.contact.clone();
                    let cur_dept = q.department.as_ref().map(|d| d.id);
                    let notes = v.notes.clone();
                    view! {
                        <div class="workbench">
                            <div class="panel">
                                <QuestionDetail view=v.clone()/>
                            </div>
                            <aside class="panel actions" aria-label="办理">
                                <h2>"留言人联系方式（不公开）"</h2>
                                {match contact {
                                    Some(c) if !c.name.is_empty() => view! {
                                        <p>{c.name}" "{c.phone.unwrap_or_default()}" "{c.email.unwrap_or_default()}</p>
                                    }.into_any(),
                                    _ => view! { <p class="muted">"登录用户提交，未另留联系方式"</p> }.into_any(),
                                }}
                                {(q.status == Status::Pending).then(|| view! {
                                    <h2>"受理并转办"</h2>
                                    <ActionForm action=accept attr:class="form">
                                        <ErrorNotice action=accept/>
                                        {hidden()}
                                        <div class="field">
                                            <label for="accept-dept">"承办部门"</label>
                                            <select id="accept-dept" name="department_id" required=true>
                                                <Suspense fallback=|| ()>
                                                    {move || departments.get().and_then(|r| r.ok()).map(|ds| {
                                                        ds.into_iter().map(|d| view! {
                                                            <option value=d.id.to_string() selected=cur_dept == Some(d.id)>{d.name}</option>
                                                        }).collect_view()
                                                    })}
                                                </Suspense>
                                            </select>
                                        </div>
                                        <button type="submit" class="primary">"受理"</button>
                                    </ActionForm>
                                    <h2>"不予受理"</h2>
                                    <ActionForm action=reject attr:class="form">
                                        {hidden()}
                                        <TextAreaField label="理由（会告知留言人）" name="reason" required=true rows=3 maxlength=500
                                            error=field_error(reject, "reason")/>
                                        <button type="submit">"不予受理"</button>
                                    </ActionForm>
                                })}
                                {(q.status == Status::Accepted).then(|| view! {
                                    <h2>"答复"</h2>
                                    <ActionForm action=answer attr:class="form">
                                        <ErrorNotice action=answer/>
                                        {hidden()}
                                        <TextAreaField label="答复内容" name="body" required=true rows=10 maxlength=10000
                                            hint="空行分段" error=field_error(answer, "body")/>
                                        <button type="submit" class="primary">"提交答复"</button>
                                    </ActionForm>
                                })}
                                {(q.status == Status::Accepted && !q.extended).then(|| view! {
                                    <h2>"延期（限一次）"</h2>
                                    <ActionForm action=extend attr:class="form">
                                        <ErrorNotice action=extend/>
                                        {hidden()}
                                        <Field label="延长工作日" name="working_days" kind="number" required=true
                                            hint="1–10 个工作日" error=field_error(extend, "working_days")/>
                                        <TextAreaField label="延期理由" name="reason" required=true rows=3 maxlength=500
                                            error=field_error(extend, "reason")/>
                                        <button type="submit">"延期"</button>
                                    </ActionForm>
                                })}
                                {(q.status == Status::Answered).then(|| view! {
                                    <h2>"公开"</h2>
                                    <ErrorNotice action=publish/>
                                    <ErrorNotice action=unpublish/>
                                    {if q.published {
                                        view! { <ActionForm action=unpublish>{hidden()}<button type="submit">"撤回公开"</button></ActionForm> }.into_any()
                                    } else if q.is_public {
                                        view! { <ActionForm action=publish>{hidden()}<button type="submit" class="primary">"公开"</button></ActionForm> }.into_any()
                                    } else {
                                        view! { <p class="muted">"留言人未同意公开"</p> }.into_any()
                                    }}
                                })}
                                <h2>"内部备注"</h2>
                                <ul class="notes">
                                    {notes.into_iter().map(|n| view! {
                                        <li><span class="muted">{format!("{} {}：", show_time(&n.at), n.author)}</span>{n.body}</li>
                                    }).collect_view()}
                                </ul>
                                <ActionForm action=note attr:class="form">
                                    {hidden()}
                                    <TextAreaField label="新增备注（仅审核员可见）" name="body" required=true rows=3 maxlength=3000
                                        error=field_error(note, "body")/>
                                    <button type="submit">"添加备注"</button>
                                </ActionForm>
                            </aside>
                        </div>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}
