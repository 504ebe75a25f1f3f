//! `/personal-data` (个人信息保护: the periods, one's copy, a request for deletion) and
//! `/admin/personal-data` (the periods and the desk).
use super::types::*;
use super::{
    deletion_desk, load_retention, personal_data_overview, CopyOfItem, DecideDeletion,
    RequestDeletion, SaveRetention,
};
use crate::admin::pages::AdminNav;
use crate::components::{
    field_error, show_time, successes, ErrorNotice, Field, PageTitle, TextAreaField,
};
use crate::error::AppError;
use leptos::prelude::*;

fn periods_text(p: &RetentionPeriods) -> impl IntoView {
    view! {
        <ul>
            <li>{format!("网络问政：留言人的姓名、手机号码和电子邮箱，在留言办结（答复或不予受理）且此后 {} 个月内没有新的办理记录后删除。", p.questions_months)}</li>
            <li>{format!("依申请公开：申请人的姓名、证件号码、联系人、代表人和联系方式，在答复之日起 {} 个月后删除；法人或其他组织的名称保留。", p.applications_months)}</li>
            <li>"已发送的通知（含收件地址）随其中较短的期限删除。"</li>
            <li>"留言、答复和申请的内容作为政务记录保存；年度报告的统计只用申请人类型，不受删除影响。"</li>
        </ul>
    }
}

fn status_view(r: &DeletionRequest) -> String {
    let mut s = r.status.label().to_string();
    if r.overdue {
        s.push_str("（已超期）");
    }
    s
}

#[component]
pub fn PersonalDataPage() -> impl IntoView {
    let request = ServerAction::<RequestDeletion>::new();
    let item_request = ServerAction::<RequestDeletion>::new();
    let copy = ServerAction::<CopyOfItem>::new();
    let done = successes(request);
    let mine = Resource::new(move || done.get(), |_| personal_data_overview());
    view! {
        <article class="personal-data">
            <PageTitle text="个人信息保护"/>
            <p>"本网站依照《中华人民共和国个人信息保护法》处理您在留言和政府信息公开申请中留下的个人信息。您可以查阅、复制自己的个人信息，也可以在法律允许的范围内申请删除。删除申请在 15 个工作日内办理。"</p>
            <Transition fallback=|| view! { <p>"正在加载…"</p> }>
                {move || mine.get().map(|r| match r {
                    Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(d) => view! {
                        <section aria-labelledby="periods-heading">
                            <h2 id="periods-heading">"保存期限"</h2>
                            {periods_text(&d.periods)}
                        </section>
                        {match d.account.clone() {
                            None => view! {
                                <section aria-labelledby="account-heading">
                                    <h2 id="account-heading">"我的账号"</h2>
                                    <p><a href="/login?next=/personal-data">"登录"</a>"后可下载账号中的个人信息，或申请删除账号。"</p>
                                </section>
                            }.into_any(),
                            Some(name) => view! {
                                <AccountSection name staff=d.staff requests=d.requests.clone() request/>
                            }.into_any(),
                        }}
                    }.into_any(),
                })}
            </Transition>
            <ItemSection copy request=item_request/>
        </article>
    }
}

#[component]
fn AccountSection(
    name: String,
    staff: bool,
    requests: Vec<DeletionRequest>,
    request: ServerAction<RequestDeletion>,
) -> impl IntoView {
    let pending = requests.iter().any(|r| r.status == RequestStatus::Pending);
    view! {
        <section aria-labelledby="account-heading">
            <h2 id="account-heading">"我的账号"</h2>
            <p>{format!("当前账号：{name}。")}</p>
            <p><a href="/api/v1/auth/me/personal-data" download="personal-data.json">"下载我的个人信息（JSON 文件）"</a>
                "：账号资料、以本账号提交的留言及其联系方式、删除申请。"</p>
            {if staff {
                view! { <p>"工作人员的账号由系统管理员停用，不在此申请删除。"</p> }.into_any()
            } else if pending {
                view! { <p>"您的删除申请正在办理中。"</p> }.into_any()
            } else {
                view! {
                    <h3>"申请删除账号"</h3>
                    <p>"删除后，账号无法再登录；以本账号提交的留言保留内容和答复，但删除其中的姓名和联系方式。留言尚在办理中的，办结后方可删除。"</p>
                    <ActionForm action=request attr:class="form" attr:novalidate=true>
                        <ErrorNotice action=request/>
                        <TextAreaField label="理由（选填）" name="reason" id="account-reason" maxlength=500 rows=3
                            error=field_error(request, "reason")/>
                        <button type="submit" class="primary" disabled=move || request.pending().get()>"提交删除申请"</button>
                    </ActionForm>
                }.into_any()
            }}
            {(!requests.is_empty()).then(|| view! {
                <RequestTable caption="我的删除申请" requests=requests.clone()/>
            })}
        </section>
    }
}

#[component]
fn RequestTable(caption: &'static str, requests: Vec<DeletionRequest>) -> impl IntoView {
    view! {
        <table class="data">
            <caption>{caption}</caption>
            <thead><tr>
                <th scope="col">"申请号"</th>
                <th scope="col">"事项"</th>
                <th scope="col">"收到日期"</th>
                <th scope="col">"办理期限"</th>
                <th scope="col">"状态"</th>
                <th scope="col">"办理结果"</th>
            </tr></thead>
            <tbody>
                {requests.into_iter().map(|r| view! {
                    <tr>
                        <th scope="row">{r.id}</th>
                        <td>{r.subject.label()}{r.tracking_no.clone().map(|n| format!("（{n}）"))}</td>
                        <td>{r.received_on.clone()}</td>
                        <td>{r.due_on.clone()}</td>
                        <td>{status_view(&r)}</td>
                        <td>{r.decision.clone().unwrap_or_default()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// For a question or an application, with its number and query code: a copy shown on the
/// page, or a request for deletion.
#[component]
fn ItemSection(
    copy: ServerAction<CopyOfItem>,
    request: ServerAction<RequestDeletion>,
) -> impl IntoView {
    view! {
        <section aria-labelledby="item-heading">
            <h2 id="item-heading">"留言或申请中的个人信息"</h2>
            <p>"凭留言编号或申请编号和查询码，可以查看其中您的个人信息，或申请删除。"</p>
            <h3>"查看副本"</h3>
            <ActionForm action=copy attr:class="form" attr:novalidate=true>
                <ErrorNotice action=copy/>
                <Field label="留言编号或申请编号" name="tracking_no" id="copy-tracking-no" required=true maxlength=40
                    error=field_error(copy, "tracking_no")/>
                <Field label="查询码" name="query_code" id="copy-query-code" required=true maxlength=20 autocomplete="off"
                    error=field_error(copy, "query_code")/>
                <button type="submit" disabled=move || copy.pending().get()>"查看"</button>
            </ActionForm>
            {move || copy.value().get().and_then(Result::ok).map(|c| view! { <CopyView c/> })}
            <h3>"申请删除"</h3>
            <p>"办结的留言删除姓名和联系方式；已答复的申请删除申请人的姓名、证件号码和联系方式。尚在办理中的，办结后方可删除。"</p>
            <ActionForm action=request attr:class="form" attr:novalidate=true>
                <ErrorNotice action=request/>
                <Field label="留言编号或申请编号" name="tracking_no" id="delete-tracking-no" required=true maxlength=40
                    error=field_error(request, "tracking_no")/>
                <Field label="查询码" name="query_code" id="delete-query-code" required=true maxlength=20 autocomplete="off"
                    error=field_error(request, "query_code")/>
                <TextAreaField label="理由（选填）" name="reason" id="item-reason" maxlength=500 rows=3
                    error=field_error(request, "reason")/>
                <button type="submit" disabled=move || request.pending().get()>"提交删除申请"</button>
            </ActionForm>
            {move || request.value().get().and_then(Result::ok).map(|r| view! {
                <p class="notice ok" role="status">{format!(
                    "已收到您的删除申请（申请号 {}），将在 {} 前办理完毕。办理结果会发送到您留下的电子邮箱，也可以再次凭编号和查询码查看副本了解删除情况。",
                    r.id, r.due_on
                )}</p>
            })}
        </section>
    }
}

fn or_none(v: &Option<String>) -> String {
    v.clone()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "（无）".into())
}

#[component]
fn CopyView(c: PersonalDataCopy) -> impl IntoView {
    view! {
        <section class="copy" aria-labelledby="copy-heading">
            <h4 id="copy-heading">{format!("个人信息副本（{}）", show_time(&c.generated_at))}</h4>
            {c.questions.iter().map(|q| view! {
                <dl class="facts">
                    <dt>"留言编号"</dt><dd>{q.tracking_no.clone()}</dd>
                    <dt>"标题"</dt><dd>{q.title.clone()}</dd>
                    <dt>"姓名"</dt><dd>{or_none(&q.contact_name)}</dd>
                    <dt>"手机号码"</dt><dd>{or_none(&q.contact_phone)}</dd>
                    <dt>"电子邮箱"</dt><dd>{or_none(&q.contact_email)}</dd>
                    <dt>"同意公开"</dt><dd>{if q.is_public { "是" } else { "否" }}</dd>
                    {q.contacts_erased_at.clone().map(|at| view! { <dt>"联系方式删除时间"</dt><dd>{show_time(&at)}</dd> })}
                </dl>
            }).collect_view()}
            {c.applications.iter().map(|a| view! {
                <dl class="facts">
                    <dt>"申请编号"</dt><dd>{a.tracking_no.clone()}</dd>
                    <dt>"申请人"</dt><dd>{a.applicant_name.clone()}</dd>
                    <dt>"证件号码"</dt><dd>{or_none(&a.id_number)}</dd>
                    <dt>"代表人"</dt><dd>{or_none(&a.representative)}</dd>
                    <dt>"联系人"</dt><dd>{or_none(&a.contact_person)}</dd>
                    <dt>"联系电话"</dt><dd>{or_none(&a.phone)}</dd>
                    <dt>"电子邮箱"</dt><dd>{or_none(&a.email)}</dd>
                    <dt>"通信地址"</dt><dd>{or_none(&a.address)}</dd>
                    {a.personal_data_erased_at.clone().map(|at| view! { <dt>"个人信息删除时间"</dt><dd>{show_time(&at)}</dd> })}
                </dl>
            }).collect_view()}
        </section>
    }
}

#[component]
pub fn AdminPersonalDataPage() -> impl IntoView {
    let save = ServerAction::<SaveRetention>::new();
    let decide = ServerAction::<DecideDeletion>::new();
    let periods = Resource::new(|| (), |_| load_retention());
    let decided = successes(decide);
    let desk = Resource::new(move || decided.get(), |_| deletion_desk());
    let stale =
        Signal::derive(move || matches!(decide.value().get(), Some(Err(AppError::ReauthRequired))));
    view! {
        <section>
            <PageTitle text="系统管理：个人信息"/>
            <AdminNav/>
            <h2>"保存期限"</h2>
            <p>"期满的个人信息由系统每天自动删除（可重复执行，不影响统计和公开记录）。保存后在"<a href="/personal-data">"个人信息保护"</a>"页面公布。"</p>
            <Transition fallback=|| view! { <p>"正在加载…"</p> }>
                {move || periods.get().map(|r| match r {
                    Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(p) => view! {
                        <ActionForm action=save attr:class="form" attr:novalidate=true>
                            <ErrorNotice action=save/>
                            <Field label="留言人的个人信息（办结后月数）" name="questions_months" kind="number" required=true
                                hint="6 至 120 个月" value=p.questions_months.to_string() error=field_error(save, "questions_months")/>
                            <Field label="申请人的个人信息（答复后月数）" name="applications_months" kind="number" required=true
                                value=p.applications_months.to_string() error=field_error(save, "applications_months")/>
                            <button type="submit" class="primary" disabled=move || save.pending().get()>"保存"</button>
                        </ActionForm>
                    }.into_any(),
                })}
            </Transition>
            {move || save.value().get().and_then(Result::ok).map(|_| view! {
                <p class="notice ok" role="status">"保存期限已保存。"</p>
            })}
            <h2>"删除申请"</h2>
            <p>"收到之日起 15 个工作日内办理。删除不可恢复；所涉留言或申请尚在办理中的，可不予删除并说明理由。"</p>
            <crate::auth::pages::ReauthPrompt needed=stale/>
            <ErrorNotice action=decide/>
            {move || decide.value().get().and_then(Result::ok).map(|r| view! {
                <p class="notice ok" role="status">{format!("第 {} 号申请已办理：{}。", r.id, r.status.label())}</p>
            })}
            <Transition fallback=|| view! { <p>"正在加载…"</p> }>
                {move || desk.get().map(|r| match r {
                    Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(items) if items.is_empty() => view! { <p>"没有删除申请。"</p> }.into_any(),
                    Ok(items) => view! { <DeskTable items decide/> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn DeskTable(items: Vec<DeletionRequest>, decide: ServerAction<DecideDeletion>) -> impl IntoView {
    view! {
        <table class="data">
            <caption>{format!("待办理 {} 件", items.iter().filter(|r| r.status == RequestStatus::Pending).count())}</caption>
            <thead><tr>
                <th scope="col">"申请号"</th>
                <th scope="col">"事项"</th>
                <th scope="col">"理由"</th>
                <th scope="col">"收到日期"</th>
                <th scope="col">"办理期限"</th>
                <th scope="col">"状态"</th>
                <th scope="col">"办理"</th>
            </tr></thead>
            <tbody>
                {items.into_iter().map(|r| {
                    let what = match (&r.account, &r.tracking_no) {
                        (_, Some(no)) => format!("{}（{no}）", r.subject.label()),
                        (Some(a), None) => format!("{}（账号 {a}）", r.subject.label()),
                        (None, None) => r.subject.label().to_string(),
                    };
                    let id = r.id;
                    view! {
                        <tr class:overdue=r.overdue>
                            <th scope="row">{id}</th>
                            <td>{what}</td>
                            <td>{r.reason.clone()}</td>
                            <td>{r.received_on.clone()}</td>
                            <td>{r.due_on.clone()}</td>
                            <td>{status_view(&r)}</td>
                            <td>{if r.status == RequestStatus::Pending {
                                view! { <DecideForm id decide/> }.into_any()
                            } else {
                                view! { <span>{r.decision.clone().unwrap_or_default()}</span> }.into_any()
                            }}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn DecideForm(id: i32, decide: ServerAction<DecideDeletion>) -> impl IntoView {
    let erase_id = format!("decision-{id}-erase");
    let refuse_id = format!("decision-{id}-refuse");
    let note_id = format!("decision-{id}-note");
    view! {
        <ActionForm action=decide attr:class="form compact">
            <input type="hidden" name="id" value=id.to_string()/>
            <fieldset>
                <legend>{format!("第 {id} 号申请的办理决定")}</legend>
                <input type="radio" name="decision" value="erase" id=erase_id.clone()/>
                <label for=erase_id>"删除"</label>
                <input type="radio" name="decision" value="refuse" id=refuse_id.clone()/>
                <label for=refuse_id>"不予删除"</label>
            </fieldset>
            <label for=note_id.clone()>"说明（不予删除时必填）"</label>
            <textarea id=note_id name="note" rows="2" maxlength="500"></textarea>
            <button type="submit" disabled=move || decide.pending().get()>"办理"</button>
        </ActionForm>
    }
}
