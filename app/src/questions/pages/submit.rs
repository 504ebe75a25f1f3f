//! 我要留言 (/questions/new) and 留言查询 (/questions/track).
use super::QuestionDetail;
use crate::admin::list_departments;
use crate::auth::AuthContext;
use crate::components::privacy::QUESTION_NOTICE;
use crate::components::{
    field_error, ErrorNotice, Field, PageTitle, PrivacyConsent, SelectField, TextAreaField,
};
use crate::questions::types::{Kind, BODY_MAX, TITLE_MAX};
use crate::questions::{LoadQuestion, SubmitQuestion};
use leptos::prelude::*;

#[component]
pub fn NewQuestionPage() -> impl IntoView {
    let auth = AuthContext::use_context();
    let action = ServerAction::<SubmitQuestion>::new();
    let departments = Resource::new(|| (), |_| list_departments());
    let kinds = Signal::derive(Kind::options);
    let done = move || action.value().get().and_then(|r| r.ok());
    view! {
        <section class="narrow-wide">
            <PageTitle text="我要留言"/>
            {move || done().map(|s| {
                let no = s.question.tracking_no.clone();
                view! {
                    <div class="notice ok receipt" role="status" tabindex="-1">
                        <h2>"留言已提交"</h2>
                        <dl>
                            <dt>"留言编号"</dt><dd class="code" data-testid="tracking-no">{no.clone()}</dd>
                            {s.query_code.clone().map(|c| view! {
                                <dt>"查询码"</dt><dd class="code" data-testid="query-code">{c}</dd>
                            })}
                        </dl>
                        {s.query_code.is_some().then(|| view! {
                            <p class="strong">"请记下留言编号和查询码：查询码只显示这一次，凭二者才能查询办理进度。"</p>
                        })}
                        <p>"审核通过后，留言将转交承办部门在规定的工作日内答复。"</p>
                        <p class="no-print">
                            <button type="button" on:click=move |_| { let _ = window().print(); }>"打印回执"</button>
                            " "
                            {if s.query_code.is_some() {
                                view! { <a href="/questions/track">"查询办理进度"</a> }.into_any()
                            } else {
                                view! { <a href=format!("/questions/{no}")>"查看留言"</a> }.into_any()
                            }}
                        </p>
                    </div>
                }
            })}
            <div hidden=move || done().is_some()>
                <p>"请如实填写。留言经审核后转交承办部门办理；您可以选择是否同意公开。公开时，手机号、身份证号和邮箱会被遮盖，联系方式不会公开。"</p>
                <ActionForm action=action attr:class="form" attr:novalidate=true>
                    <ErrorNotice action=action/>
                    <SelectField label="留言类型" name="kind" required=true options=kinds error=field_error(action, "kind")/>
                    <Field label="标题" name="title" required=true maxlength=TITLE_MAX as u32
                        hint="最多 60 个字" error=field_error(action, "title")/>
                    <TextAreaField label="留言内容" name="body" required=true maxlength=BODY_MAX as u32 rows=10
                        hint="最多 3000 个字；请写清事情经过、地点和诉求" error=field_error(action, "body")/>
                    <div class="field">
                        <label for="department_id">"希望由哪个部门办理（可不选）"</label>
                        <select id="department_id" name="department_id">
                            <option value="">"不确定，由审核员分派"</option>
                            <Suspense fallback=|| ()>
                                {move || departments.get().and_then(|r| r.ok()).map(|ds| ds.into_iter().map(|d| view! {
                                    <option value=d.id.to_string()>{d.name}</option>
                                }).collect_view())}
                            </Suspense>
                        </select>
                        <p class="error" role="alert" hidden=move || field_error(action, "department_id").get().is_none()>
                            {move || field_error(action, "department_id").get()}
                        </p>
                    </div>
                    <div class="field checkbox">
                        <input type="checkbox" id="is_public" name="is_public" value="on" checked=true/>
                        <label for="is_public">"同意在网站上公开我的留言和答复（不含联系方式）"</label>
                    </div>
                    <fieldset class="contact">
                        <legend>
                            <Transition fallback=|| "联系方式（不会公开）">
                                {move || if auth.user().is_some() { "联系方式（已登录，可不填）" } else { "联系方式（未登录时必填，不会公开）" }}
                            </Transition>
                        </legend>
                        <Field label="姓名" name="contact_name" maxlength=30 autocomplete="name" error=field_error(action, "contact.name")/>
                        <Field label="手机号码" name="contact_phone" kind="tel" maxlength=20 autocomplete="tel"
                            hint="手机号码和电子邮箱至少填一项" error=field_error(action, "contact.phone")/>
                        <Field label="电子邮箱" name="contact_email" kind="email" maxlength=120 autocomplete="email" error=field_error(action, "contact.email")/>
                    </fieldset>
                    <PrivacyConsent notice=QUESTION_NOTICE action/>
                    <button type="submit" class="primary" disabled=move || action.pending().get()>"提交留言"</button>
                </ActionForm>
            </div>
        </section>
    }
}

#[component]
pub fn TrackPage() -> impl IntoView {
    let action = ServerAction::<LoadQuestion>::new();
    // The code stays in the form and the page; it never goes into a URL or a log line.
    let code = RwSignal::new(String::new());
    view! {
        <section>
            <PageTitle text="留言查询"/>
            <p>"输入留言编号和查询码，查看办理进度和答复。登录后提交的留言可在"<a href="/questions/mine">"我的留言"</a>"中查看。"</p>
            <ActionForm action=action attr:class="form inline-form" attr:novalidate=true>
                <Field label="留言编号" name="tracking_no" required=true maxlength=15 hint="如 Q20261126-00042"/>
                <div class="field">
                    <label for="query_code">"查询码"</label>
                    <input id="query_code" name="query_code" maxlength="24" autocomplete="off"
                        on:input=move |ev| code.set(event_target_value(&ev))/>
                </div>
                <button type="submit" class="primary">"查询"</button>
            </ActionForm>
            {move || action.value().get().map(|r| match r {
                Err(crate::error::AppError::NotFound) => view! {
                    <p class="notice error" role="alert">"没有找到这条留言：请核对留言编号和查询码。"</p>
                }.into_any(),
                Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                Ok(v) => view! { <QuestionDetail view=v query_code=code.get_untracked()/> }.into_any(),
            })}
        </section>
    }
}
