//! The application form's fieldsets, shared by the public form and the staff's intake page,
//! and that page: staff record an application handed in at the counter, posted, faxed or
//! e-mailed, with the day of receipt Art. 31 fixes for its channel.
use super::types::*;
use super::IntakeApplication;
use crate::components::{field_error, Field, LastError, PageTitle, SelectField, TextAreaField};
use leptos::prelude::*;

fn pairs<T: Copy>(
    all: &[T],
    f: impl Fn(T) -> (&'static str, &'static str),
) -> Vec<(String, String)> {
    all.iter()
        .map(|t| {
            let (v, l) = f(*t);
            (v.to_string(), l.to_string())
        })
        .collect()
}

/// 申请人信息: who applies, the identity document, an organisation's representative and
/// contact person, and how to reach them.
pub fn applicant_fieldset(action: impl LastError) -> impl IntoView {
    let types = Signal::derive(|| pairs(&ApplicantType::ALL, |t| (t.as_str(), t.label())));
    let docs = Signal::derive(|| pairs(&IdDocument::ALL, |d| (d.as_str(), d.label())));
    view! {
        <fieldset>
            <legend>"申请人信息"</legend>
            <SelectField label="申请人类型" name="applicant_type" required=true options=types error=field_error(action, "applicant_type")/>
            <Field label="姓名或名称" name="name" required=true maxlength=60 autocomplete="name" error=field_error(action, "name")/>
            <SelectField label="证件类型" name="id_type" required=true options=docs error=field_error(action, "id_type")/>
            <Field label="证件号码" name="id_number" required=true maxlength=30
                hint="自然人可用居民身份证、港澳台居民居住证、港澳或台湾居民通行证、外国人永久居留身份证或护照；法人或其他组织填写统一社会信用代码（没有的填写其他登记证照号码）。仅用于核实身份，任何页面都不会完整显示。"
                error=field_error(action, "id_number")/>
            <Field label="法定代表人或负责人" name="representative" maxlength=60 hint="法人或其他组织填写" error=field_error(action, "representative")/>
            <Field label="联系人" name="contact_person" maxlength=60 hint="法人或其他组织填写" error=field_error(action, "contact_person")/>
            <Field label="联系电话" name="phone" kind="tel" autocomplete="tel" maxlength=20 hint="电话、电子邮箱、通信地址至少填一项" error=field_error(action, "phone")/>
            <Field label="电子邮箱" name="email" kind="email" autocomplete="email" maxlength=100 error=field_error(action, "email")/>
            <Field label="通信地址" name="address" maxlength=200 autocomplete="street-address" error=field_error(action, "address")/>
        </fieldset>
    }
}

/// 所需信息: what is asked for, in which form, delivered how.
pub fn request_fieldset(action: impl LastError) -> impl IntoView {
    let forms = Signal::derive(|| {
        vec![
            (
                "electronic".to_string(),
                "电子（通过本平台或电子邮箱）".to_string(),
            ),
            ("paper".to_string(), "纸质".to_string()),
        ]
    });
    let deliveries = Signal::derive(|| {
        let mut v = vec![(String::new(), "未指定（按联系方式答复）".to_string())];
        v.extend(pairs(&Delivery::ALL, |d| (d.as_str(), d.label())));
        v
    });
    view! {
        <fieldset>
            <legend>"所需信息"</legend>
            <TextAreaField label="所需政府信息的描述" name="description" required=true maxlength=5000
                hint="信息名称、文号，或便于查询的其他特征性描述" error=field_error(action, "description")/>
            <SelectField label="获取信息的方式" name="form" required=true options=forms error=field_error(action, "form")/>
            <SelectField label="送达方式" name="delivery" options=deliveries error=field_error(action, "delivery")/>
        </fieldset>
    }
}

/// 承办部门: which department handles the application, and so whose annual report counts it.
/// Blank leaves it for later.
#[component]
pub fn DepartmentField(
    #[prop(into)] error: Signal<Option<String>>,
    current: Option<i32>,
) -> impl IntoView {
    let departments = Resource::new(|| (), |_| crate::admin::list_departments());
    let options = Signal::derive(move || {
        let mut v = vec![(String::new(), "未指定".to_string())];
        if let Some(Ok(ds)) = departments.get() {
            v.extend(ds.into_iter().map(|d| (d.id.to_string(), d.name)));
        }
        v
    });
    view! {
        <Suspense fallback=|| ()>
            <SelectField label="承办部门" name="department_id" options=options error=error
                selected=current.map(|d| d.to_string()).unwrap_or_default()/>
        </Suspense>
    }
}

/// `/editor/disclosure/intake`: the counter, the post room and the fax machine's way in.
#[component]
pub fn IntakePage() -> impl IntoView {
    let action = ServerAction::<IntakeApplication>::new();
    let channels = Signal::derive(|| {
        Channel::ALL
            .iter()
            .map(|c| (c.as_str().to_string(), c.label().to_string()))
            .collect::<Vec<_>>()
    });
    let receipt = move || action.value().get().and_then(|r| r.ok());
    view! {
        <section class="narrow-wide">
            <PageTitle text="登记政府信息公开申请"/>
            <p><a href="/editor/disclosure">"返回依申请公开办理"</a></p>
            {move || receipt().map(|r| view! {
                <div class="receipt" role="status">
                    <h2>"申请已登记"</h2>
                    <dl class="receipt-list">
                        <dt>"申请编号"</dt><dd data-testid="tracking-no">{r.tracking_no.clone()}</dd>
                        <dt>"查询码"</dt><dd data-testid="query-code">{r.query_code.clone()}</dd>
                        <dt>"收到日期"</dt><dd>{r.received_on.to_string()}</dd>
                        <dt>"答复期限"</dt><dd data-testid="due-date">{r.due_date.to_string()}</dd>
                    </dl>
                    <p class="notice warn">"请把申请编号和查询码随受理回执交给申请人：查询码只显示这一次。"</p>
                    <p><a href=format!("/editor/disclosure/{}", r.tracking_no)>"办理这件申请"</a></p>
                </div>
            })}
            <p>"依据《中华人民共和国政府信息公开条例》第三十一条，收到申请的时间按提交方式确定："</p>
            <ul>
                {[Channel::InPerson, Channel::Post, Channel::Fax].into_iter().map(|c| view! {
                    <li>{c.receipt_rule()}"。"</li>
                }).collect_view()}
            </ul>
            <p>"答复期限自收到申请之日起按工作日计算。"</p>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <crate::components::ErrorNotice action=action/>
                <fieldset>
                    <legend>"收到申请"</legend>
                    <SelectField label="提交方式" name="channel" required=true options=channels error=field_error(action, "channel")/>
                    <Field label="收到日期" name="received_on" kind="date" required=true
                        hint="邮寄的填签收之日；传真、电子邮件填与申请人确认之日；当面提交填当日"
                        error=field_error(action, "received_on")/>
                    <DepartmentField error=field_error(action, "department_id") current=None/>
                </fieldset>
                {applicant_fieldset(action)}
                {request_fieldset(action)}
                <button type="submit" class="primary" disabled=move || action.pending().get()>"登记申请"</button>
            </ActionForm>
        </section>
    }
}
