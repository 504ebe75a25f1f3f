//! 依申请公开 pages: the application form with its one-time receipt, tracking, the staff's
//! desk with due dates and cards, and the printable reply notice (告知书).
use super::reply::ReplyKind;
use super::reply_files::{ApplicantFiles, DeskFiles};
use super::types::*;
use super::*;
use crate::catalog::attachments::human_size;
use crate::components::privacy::DISCLOSURE_NOTICE;
use crate::components::{
    field_error, query_string, ErrorNotice, Field, PageTitle, Pager, PrivacyConsent, SelectField,
    TextAreaField,
};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

fn card_badge(c: Card) -> impl IntoView {
    match c {
        Card::None => None,
        Card::Yellow => Some(view! { <span class="badge card-yellow">"黄牌 即将到期"</span> }),
        Card::Red => Some(view! { <span class="badge card-red">"红牌 已超期"</span> }),
    }
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "—".into())
}

#[component]
pub fn ApplyPage() -> impl IntoView {
    let action = ServerAction::<Apply>::new();
    let receipt = move || action.value().get().and_then(|r| r.ok());
    view! {
        <section class="narrow-wide">
            <PageTitle text="政府信息公开申请"/>
            {move || match receipt() {
                Some(r) => view! {
                    <div class="receipt" role="status">
                        <h2>"申请已收到"</h2>
                        <dl class="receipt-list">
                            <dt>"申请编号"</dt><dd data-testid="tracking-no">{r.tracking_no.clone()}</dd>
                            <dt>"查询码"</dt><dd data-testid="query-code">{r.query_code.clone()}</dd>
                            <dt>"收到日期"</dt><dd>{r.received_on.to_string()}</dd>
                            <dt>"答复期限"</dt><dd>{r.due_date.to_string()}</dd>
                        </dl>
                        <p class="notice warn">"请记下申请编号和查询码：查询码只显示这一次，凭它查询办理进度和答复告知书。"</p>
                        <p><a href=format!("/disclosure-requests/track?tracking_no={}", r.tracking_no)>"查询办理进度"</a></p>
                    </div>
                }.into_any(),
                None => view! {
                    <p>"依据《中华人民共和国政府信息公开条例》第二十九条，申请须载明申请人的姓名或名称、身份证明、联系方式，所需政府信息的名称、文号或便于查询的其他特征性描述，以及获取信息的方式。我们自收到申请之日起 20 个工作日内答复。"</p>
                    <ActionForm action=action attr:class="form" attr:novalidate=true>
                        <ErrorNotice action=action/>
                        {super::intake::applicant_fieldset(action)}
                        {super::intake::request_fieldset(action)}
                        <PrivacyConsent notice=DISCLOSURE_NOTICE action/>
                        <button type="submit" class="primary" disabled=move || action.pending().get()>"提交申请"</button>
                    </ActionForm>
                }.into_any(),
            }}
            <p>"已提交过申请？"<a href="/disclosure-requests/track">"查询办理进度"</a></p>
        </section>
    }
}

/// The details both the applicant and staff see.
#[component]
fn RequestDetails(r: DisclosureRequest) -> impl IntoView {
    let replied = r.status == AppStatus::Replied;
    view! {
        <table class="data meta-table">
            <caption>{format!("申请编号 {}", r.tracking_no)}</caption>
            <tbody>
                <tr><th scope="row">"申请人"</th><td>{format!("{}（{}）", r.applicant_name, r.applicant_type_label)}</td></tr>
                <tr><th scope="row">"证件"</th><td>{format!("{} {}", r.id_type_label, r.id_number_masked)}</td></tr>
                {r.representative.clone().map(|p| view! { <tr><th scope="row">"法定代表人或负责人"</th><td>{p}</td></tr> })}
                {r.contact_person.clone().map(|p| view! { <tr><th scope="row">"联系人"</th><td>{p}</td></tr> })}
                <tr><th scope="row">"提交方式"</th><td>{r.channel_label.clone()}</td></tr>
                <tr><th scope="row">"承办部门"</th><td data-testid="department">{r.department.clone().unwrap_or_else(|| "未指定".into())}</td></tr>
                <tr><th scope="row">"状态"</th><td>{r.status_label.clone()}" "{card_badge(r.overdue)}</td></tr>
                <tr><th scope="row">"收到日期"</th><td>{r.received_on.to_string()}</td></tr>
                <tr><th scope="row">"答复期限"</th><td>{r.due_date.map(|d| d.to_string()).unwrap_or_else(|| "补正期间暂停计算".into())}</td></tr>
                <tr><th scope="row">"所需信息"</th><td class="pre">{r.description.clone()}</td></tr>
                <tr><th scope="row">"获取方式"</th><td>{form_label(&r.form)}{r.delivery_label.clone().map(|d| format!("，{d}"))}</td></tr>
                {r.correction_requested_on.map(|d| view! {
                    <tr><th scope="row">"补正告知"</th><td>{format!("{d}：{}", r.correction_note.clone().unwrap_or_default())}{r.corrected_on.map(|c| format!("（{c} 已补正）"))}{r.correction_due.map(|d| format!("（请于 {d} 前补正，逾期未补正视为放弃申请）"))}</td></tr>
                })}
                {r.consult_started_on.map(|d| view! {
                    <tr><th scope="row">"征求第三方意见"</th><td>{format!("{}，{d} 起{}{}{}", r.consult_third_party.clone().unwrap_or_default(), r.consult_ended_on.map(|e| format!("，{e} 止")).unwrap_or_default(), r.consult_answer.map(|a| format!("；第三方{}", a.label())).unwrap_or_default(), r.consult_note.clone().map(|n| format!("：{n}")).unwrap_or_default())}</td></tr>
                })}
                {r.extension_days.map(|n| view! {
                    <tr><th scope="row">"延期"</th><td>{format!("延长 {n} 个工作日（批准人：{}）", r.extension_approver.clone().unwrap_or_default())}</td></tr>
                })}
                {replied.then(|| view! {
                    <tr><th scope="row">"答复"</th><td>
                        {format!("{}（{}）", r.outcome_label.clone().unwrap_or_default(), date(r.replied_on))}
                        {r.reply_kind_label.clone().map(|k| view! { <br/><span class="reply-kind">{format!("答复类型：{k}")}</span> })}
                    </td></tr>
                })}
                {r.other_agency.clone().map(|a| view! {
                    <tr><th scope="row">"负责公开的机关"</th><td>{format!("{a}（联系方式：{}）", r.other_agency_contact.clone().unwrap_or_default())}</td></tr>
                })}
            </tbody>
        </table>
    }
}

/// Tracking by number and code. The code travels in a POST body and stays in the page,
/// never in a URL (where logs, history and the Referer header would keep it); the 告知书 is
/// shown here, in the page, for the same reason.
#[component]
pub fn TrackPage() -> impl IntoView {
    let track = ServerAction::<TrackRequest>::new();
    let correct = ServerAction::<SubmitCorrection>::new();
    let code = RwSignal::new(String::new());
    let letter = RwSignal::new(false);
    // What the page shows: the latest answer, from tracking or from a correction.
    let shown = RwSignal::new(None::<Result<DisclosureRequest, AppError>>);
    Effect::new(move |_| {
        if let Some(r) = track.value().get() {
            letter.set(false);
            shown.set(Some(r));
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(r)) = correct.value().get() {
            shown.set(Some(Ok(r)));
        }
    });
    view! {
        <section>
            <PageTitle text="依申请公开 办理进度查询"/>
            <ActionForm action=track attr:class="form inline-form">
                <div class="field">
                    <label for="tracking_no">"申请编号"</label>
                    <input id="tracking_no" name="tracking_no" required maxlength="20"/>
                </div>
                <div class="field">
                    <label for="query_code">"查询码"</label>
                    <input id="query_code" name="query_code" required maxlength="24" autocomplete="off"
                        on:input=move |ev| code.set(event_target_value(&ev))/>
                </div>
                <button type="submit" class="primary" disabled=move || track.pending().get()>"查询"</button>
            </ActionForm>
            {move || shown.get().map(|r| match r {
                Err(AppError::RateLimited { .. }) => view! {
                    <p class="notice error" role="alert">"查询码错误次数过多，请一小时后再试。"</p>
                }.into_any(),
                Err(_) => view! { <p class="notice error" role="alert">"没有找到该申请，请核对申请编号和查询码。"</p> }.into_any(),
                Ok(r) => {
                    let replied = r.status == AppStatus::Replied;
                    let awaiting = (r.status == AppStatus::AwaitingCorrection).then(|| r.tracking_no.clone());
                    let for_letter = r.clone();
                    view! {
                        <RequestDetails r=r.clone()/>
                        <ApplicantFiles tracking_no=r.tracking_no.clone() files=r.files.clone() code=code/>
                        {replied.then(|| view! {
                            <p class="no-print">
                                <button type="button" class="button" aria-expanded=move || letter.get().to_string()
                                    on:click=move |_| letter.update(|v| *v = !*v)>"查看答复告知书"</button>
                            </p>
                        })}
                        {move || (replied && letter.get()).then(|| view! { <NoticeLetter r=for_letter.clone()/> })}
                        {awaiting.map(|no| view! {
                            <ActionForm action=correct attr:class="form step">
                                <h2>"提交补正"</h2>
                                <ErrorNotice action=correct/>
                                <input type="hidden" name="tracking_no" value=no/>
                                <input type="hidden" name="query_code" value=move || code.get()/>
                                <TextAreaField label="补正内容" name="description" rows=4 required=true
                                    hint="按补正告知的要求说明；提交后自当日起重新计算 20 个工作日"
                                    error=field_error(correct, "description")/>
                                <button type="submit" class="primary">"提交补正"</button>
                            </ActionForm>
                        })}
                    }.into_any()
                }
            })}
        </section>
    }
}

/// The 告知书 itself, printable.
#[component]
fn NoticeLetter(r: DisclosureRequest) -> impl IntoView {
    view! {
        <article class="notice-letter" data-testid="notice-letter">
            <h2 class="letter-title">"政府信息公开申请答复告知书"</h2>
            <p class="letter-no">{format!("编号：{}", r.tracking_no)}</p>
            <p>{format!("{}：", r.applicant_name)}</p>
            <p>{format!("本机关于 {} 收到您（单位）提出的政府信息公开申请，所需信息为：“{}”。", r.received_on, r.description.lines().next().unwrap_or_default())}</p>
            <p>{format!("经审查，答复如下（{}）：", r.outcome_label.clone().unwrap_or_default())}</p>
            {r.reply_kind.and_then(|k| k.statement()).map(|s| view! { <p>{s}</p> })}
            {r.other_agency.clone().map(|a| view! {
                <p>{format!("负责公开该政府信息的行政机关为：{a}，联系方式：{}。", r.other_agency_contact.clone().unwrap_or_default())}</p>
            })}
            <div class="letter-body">
                {r.reply_body.clone().unwrap_or_default().lines().filter(|l| !l.trim().is_empty()).map(|l| view! { <p>{l.to_string()}</p> }).collect_view()}
            </div>
            {(!r.files.is_empty()).then(|| view! {
                <p>"随本告知书向您提供以下政府信息："</p>
                <ol class="letter-files">
                    {r.files.iter().map(|f| view! { <li>{format!("{}（{}）", f.name, human_size(f.size))}</li> }).collect_view()}
                </ol>
            })}
            <p>"如对本答复不服，可以自收到本告知书之日起 60 日内依法申请行政复议，或者在 6 个月内依法向人民法院提起行政诉讼。"</p>
            <p class="signature">"重庆市南川区人民政府办公室"<br/>{date(r.replied_on)}</p>
            <p class="no-print">"使用浏览器的“打印”功能可打印本告知书。"</p>
        </article>
    }
}

/// The printable 告知书 for staff (applicants see it on the tracking page, by their code).
#[component]
pub fn NoticePage() -> impl IntoView {
    let params = use_params_map();
    let found = Resource::new(
        move || params.with(|p| p.get("tracking_no").unwrap_or_default()),
        |no| track_request(no, None),
    );
    view! {
        <Transition fallback=|| view! { <p>"正在加载…"</p> }>
            {move || found.get().map(|r| match r {
                Ok(r) if r.status == AppStatus::Replied => view! {
                    <section>
                        <PageTitle text="答复告知书"/>
                        <NoticeLetter r=r/>
                    </section>
                }.into_any(),
                Ok(_) => view! {
                    <section><PageTitle text="尚未答复"/><p>"该申请正在办理，答复后可在此查看告知书。"</p></section>
                }.into_any(),
                Err(_) => view! {
                    <section><PageTitle text="未找到告知书"/><p>"申请人请凭申请编号和查询码在进度查询页查看告知书。"</p><p><a href="/disclosure-requests/track">"查询办理进度"</a></p></section>
                }.into_any(),
            })}
        </Transition>
    }
}

/// The staff desk: open applications by due date with their cards, then replied ones;
/// filters by state, card and number or name, paged.
#[component]
pub fn StaffRequestsPage() -> impl IntoView {
    let query = use_query_map();
    let get = move |k: &str| query.with(|q| q.get(k).unwrap_or_default());
    let keys = ["status", "card", "q"];
    let params = Memo::new(move |_| (keys.map(get), get("page").parse::<u64>().unwrap_or(1)));
    let list = Resource::new(
        move || params.get(),
        |([status, card, q], page)| staff_requests(Some(status), Some(card), Some(q), Some(page)),
    );
    let selected = move |k: &str, v: &str| get(k) == v;
    view! {
        <section>
            <PageTitle text="依申请公开办理"/>
            <p>"答复期限按工作日计算：剩余 1 个工作日以内亮黄牌，超过期限亮红牌。"</p>
            <p><a href="/editor/disclosure/intake" class="button">"登记当面、邮寄、传真或电子邮件提交的申请"</a></p>
            <form method="get" action="/editor/disclosure" class="search-form filters" role="search" aria-label="筛选申请">
                <label for="q">"申请编号或申请人"</label>
                <input id="q" name="q" type="search" maxlength="50" value=move || get("q")/>
                <label for="status">"状态"</label>
                <select id="status" name="status">
                    <option value="">"全部"</option>
                    {DeskView::ALL.into_iter().map(|v| view! {
                        <option value=v.as_str() selected=move || selected("status", v.as_str())>{v.label()}</option>
                    }).collect_view()}
                </select>
                <label for="card">"督办"</label>
                <select id="card" name="card">
                    <option value="">"全部"</option>
                    <option value="red" selected=move || selected("card", "red")>"红牌（已超期）"</option>
                    <option value="yellow" selected=move || selected("card", "yellow")>"黄牌（即将到期）"</option>
                </select>
                <button type="submit" class="primary">"筛选"</button>
            </form>
            <Transition fallback=|| view! { <p>"正在加载…"</p> }>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(p) => {
                        let (vals, _) = params.get();
                        let base = query_string(&keys.iter().zip(vals).map(|(k, v)| (*k, v)).collect::<Vec<_>>());
                        view! {
                            <p class="desk-summary" role="status">
                                {format!("办理中 {} 件，其中 ", p.open)}
                                <a href="/editor/disclosure?card=red">{format!("红牌 {} 件", p.red)}</a>
                                "、"
                                <a href="/editor/disclosure?card=yellow">{format!("黄牌 {} 件", p.yellow)}</a>
                                "。"
                            </p>
                            {if p.items.is_empty() {
                                view! { <p class="notice">"没有符合条件的申请。"</p> }.into_any()
                            } else {
                                view! {
                                    <table class="data">
                                        <caption>{format!("共 {} 件申请（办理中的按答复期限在前）", p.total)}</caption>
                                        <thead><tr>
                                            <th scope="col">"申请编号"</th><th scope="col">"申请人类型"</th><th scope="col">"收到日期"</th>
                                            <th scope="col">"答复期限"</th><th scope="col">"承办部门"</th><th scope="col">"状态"</th>
                                        </tr></thead>
                                        <tbody>
                                        {p.items.into_iter().map(|r| view! {
                                            <tr>
                                                <td><a href=format!("/editor/disclosure/{}", r.tracking_no)>{r.tracking_no.clone()}</a></td>
                                                <td>{r.applicant_type_label.clone()}</td>
                                                <td>{r.received_on.to_string()}</td>
                                                <td>{r.due_date.map(|d| d.to_string()).unwrap_or_else(|| "暂停".into())}</td>
                                                <td>{r.department.clone().unwrap_or_else(|| "未指定".into())}</td>
                                                <td>{r.status_label.clone()}" "{card_badge(r.overdue)}</td>
                                            </tr>
                                        }).collect_view()}
                                        </tbody>
                                    </table>
                                    <Pager path="/editor/disclosure" base page=p.page total=p.total per_page=p.per_page/>
                                }.into_any()
                            }}
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn StaffRequestPage() -> impl IntoView {
    let params = use_params_map();
    let no = move || params.with(|p| p.get("tracking_no").unwrap_or_default());
    let step = ServerAction::<StaffStep>::new();
    let done = crate::components::successes(step);
    let remove = ServerAction::<DeleteReplyFile>::new();
    let removed = crate::components::successes(remove);
    let found = Resource::new(
        move || (no(), done.get(), removed.get()),
        |(no, _, _)| track_request(no, None),
    );
    let outcomes = Signal::derive(|| {
        ReplyKind::ALL
            .iter()
            .map(|k| (k.as_str().to_string(), k.label().to_string()))
            .collect::<Vec<_>>()
    });
    let reasons = Signal::derive(|| {
        let mut v = vec![(
            String::new(),
            "（仅不予公开、无法提供、不予处理、其他处理需选择）".to_string(),
        )];
        v.extend(
            OUTCOME_ROWS
                .iter()
                .filter_map(|r| r.reason.map(|x| (x.to_string(), r.label.to_string()))),
        );
        v
    });
    let answers = Signal::derive(|| {
        super::third_party::ConsultAnswer::ALL
            .iter()
            .map(|a| (a.as_str().to_string(), a.label().to_string()))
            .collect::<Vec<_>>()
    });
    view! {
        <section>
            <PageTitle text="办理依申请公开"/>
            <p><a href="/editor/disclosure">"返回申请列表"</a></p>
            <ErrorNotice action=step/>
            <Transition fallback=|| view! { <p>"正在加载…"</p> }>
                {move || found.get().map(|r| match r {
                    Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(r) => {
                        let t = r.tracking_no.clone();
                        let (t1, t2, t3, t4, t5, t6) = (t.clone(), t.clone(), t.clone(), t.clone(), t.clone(), t.clone());
                        let t7 = t.clone();
                        let open = r.status != AppStatus::Replied;
                        let awaiting = r.status == AppStatus::AwaitingCorrection;
                        let consulting = r.status == AppStatus::Consulting;
                        view! {
                            <RequestDetails r=r.clone()/>
                            <DeskFiles tracking_no=r.tracking_no.clone() files=r.files.clone() open=r.status != AppStatus::Replied remove=remove/>
                            {(!open).then(|| view! { <p><a href=format!("/disclosure-requests/{t}/notice")>"查看答复告知书"</a></p> })}
                            {r.disclose_reason.is_some().then(|| view! { <p><a href=format!("/editor/disclosure/{}/third-party-notice", r.tracking_no)>"打印第三方告知书"</a></p> })}
                            // Any time, replied or not: the department's annual report counts it.
                            <ActionForm action=step attr:class="form step inline-form">
                                <h2>"承办部门"</h2>
                                <input type="hidden" name="tracking_no" value=t7/>
                                <input type="hidden" name="step" value="department"/>
                                <super::intake::DepartmentField error=field_error(step, "department_id") current=r.department_id/>
                                <button type="submit">"保存承办部门"</button>
                            </ActionForm>
                            {open.then(|| view! {
                                <div class="steps">
                                    {(r.status == AppStatus::Received && r.correction_requested_on.is_none()).then(|| view! {
                                        <ActionForm action=step attr:class="form step">
                                            <h2>"补正告知（收到后 7 个工作日内，仅一次）"</h2>
                                            <input type="hidden" name="tracking_no" value=t1.clone()/>
                                            <input type="hidden" name="step" value="correction"/>
                                            <TextAreaField label="需补正的内容" name="note" rows=3 error=field_error(step, "note")/>
                                            <button type="submit">"发出补正告知"</button>
                                        </ActionForm>
                                    })}
                                    {awaiting.then(|| view! {
                                        <ActionForm action=step attr:class="form step">
                                            <h2>"登记申请人补正"</h2>
                                            <input type="hidden" name="tracking_no" value=t2.clone()/>
                                            <input type="hidden" name="step" value="corrected"/>
                                            <TextAreaField label="补正内容" name="note" rows=3 error=field_error(step, "description")/>
                                            <button type="submit">"登记补正（重新计算期限）"</button>
                                        </ActionForm>
                                    })}
                                    {(r.status == AppStatus::Received && r.consult_started_on.is_none()).then(|| view! {
                                        <ActionForm action=step attr:class="form step">
                                            <h2>"征求第三方意见（不计入期限，最多 15 个工作日）"</h2>
                                            <input type="hidden" name="tracking_no" value=t3.clone()/>
                                            <input type="hidden" name="step" value="consult"/>
                                            <Field label="第三方名称" name="third_party" maxlength=60 error=field_error(step, "third_party")/>
                                            <button type="submit">"开始征求意见"</button>
                                        </ActionForm>
                                    })}
                                    {consulting.then(|| view! {
                                        <ActionForm action=step attr:class="form step">
                                            <input type="hidden" name="tracking_no" value=t4.clone()/>
                                            <input type="hidden" name="step" value="consult_end"/>
                                            <h2>"第三方意见"</h2>
                                            <SelectField label="第三方的意见" name="answer" options=answers error=field_error(step, "answer")/>
                                            <TextAreaField label="第三方的理由" name="consult_note" rows=3 maxlength=2000 error=field_error(step, "consult_note")/>
                                            <button type="submit">"登记第三方意见，恢复计时"</button>
                                        </ActionForm>
                                    })}
                                    // Art. 33: once, while the clock runs, before the deadline.
                                    {(r.extension_days.is_none() && r.due_date.is_some() && r.overdue != Card::Red).then(|| view! {
                                        <ActionForm action=step attr:class="form step">
                                            <h2>"延长答复期限（仅一次，最多 20 个工作日）"</h2>
                                            <input type="hidden" name="tracking_no" value=t5.clone()/>
                                            <input type="hidden" name="step" value="extend"/>
                                            <Field label="延长工作日数" name="working_days" kind="number" error=field_error(step, "working_days")/>
                                            <Field label="批准人" name="approver" maxlength=30 error=field_error(step, "approver")/>
                                            <button type="submit">"延期"</button>
                                        </ActionForm>
                                    })}
                                    <ActionForm action=step attr:class="form step">
                                        <h2>"答复"</h2>
                                        <input type="hidden" name="tracking_no" value=t6.clone()/>
                                        <input type="hidden" name="step" value="reply"/>
                                        <SelectField label="答复类型（条例第三十六条）" name="outcome" options=outcomes error=field_error(step, "outcome")/>
                                        <SelectField label="具体理由（年度报告表三）" name="reason" options=reasons error=field_error(step, "reason")/>
                                        <TextAreaField label="答复内容" name="body" rows=6 error=field_error(step, "body")/>
                                        <fieldset class="subfields">
                                            <legend>"不属于本机关负责公开的（第三十六条第五项）"</legend>
                                            <Field label="负责公开该信息的机关" name="other_agency" maxlength=100 error=field_error(step, "other_agency")/>
                                            <Field label="该机关的联系方式" name="other_agency_contact" maxlength=200
                                                hint="电话、地址或网址" error=field_error(step, "other_agency_contact")/>
                                        </fieldset>
                                        {(r.consult_answer == Some(super::third_party::ConsultAnswer::Objected)).then(|| view! {
                                            <TextAreaField label="决定公开的理由（第三方不同意公开时，条例第三十二条）" name="disclose_reason" rows=3 maxlength=5000
                                                hint="予以公开或部分公开的，须写明理由，并将书面告知第三方" error=field_error(step, "disclose_reason")/>
                                        })}
                                        <button type="submit" class="primary">"答复"</button>
                                    </ActionForm>
                                </div>
                            })}
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}
