//! `/guide` (政府信息公开指南) for everyone, and `/admin/guide` where admins keep it.
use super::types::Guide;
use super::{load_guide, SaveGuide};
use crate::admin::pages::AdminNav;
use crate::components::{
    field_error, paragraphs, show_date, ErrorNotice, Field, PageTitle, TextAreaField,
};
use leptos::prelude::*;

#[component]
pub fn GuidePage() -> impl IntoView {
    let guide = Resource::new(|| (), |_| load_guide());
    view! {
        <article class="guide">
            <PageTitle text="政府信息公开指南"/>
            <Transition fallback=|| view! { <p>"正在加载…"</p> }>
                {move || guide.get().map(|r| match r {
                    Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(g) => view! { <GuideBody g/> }.into_any(),
                })}
            </Transition>
        </article>
    }
}

/// A contact line the site has not filled in yet says so rather than showing nothing.
fn or_unset(s: &str) -> String {
    if s.trim().is_empty() {
        "（尚未公布）".to_string()
    } else {
        s.to_string()
    }
}

#[component]
fn GuideBody(g: Guide) -> impl IntoView {
    view! {
        <p>"为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》第十二条，编制本指南。"</p>
        <section aria-labelledby="guide-office">
            <h2 id="guide-office">"一、政府信息公开工作机构"</h2>
            <dl class="facts">
                <dt>"机构名称"</dt><dd>{g.office.clone()}</dd>
                <dt>"办公地址"</dt><dd>{or_unset(&g.address)}</dd>
                <dt>"办公时间"</dt><dd>{g.hours.clone()}</dd>
                <dt>"联系电话"</dt><dd>{or_unset(&g.phone)}</dd>
                {g.fax.clone().map(|f| view! { <dt>"传真号码"</dt><dd>{f}</dd> })}
                {g.email.clone().map(|m| view! { <dt>"电子邮箱"</dt><dd><a href=format!("mailto:{m}")>{m.clone()}</a></dd> })}
            </dl>
        </section>
        <section aria-labelledby="guide-classification">
            <h2 id="guide-classification">"二、政府信息的分类与编排"</h2>
            {paragraphs(&g.classification)}
            <p><a href="/catalog">"进入政府信息公开目录"</a></p>
        </section>
        <section aria-labelledby="guide-access">
            <h2 id="guide-access">"三、获取政府信息的方式"</h2>
            <h3>"（一）主动公开"</h3>
            {paragraphs(&g.proactive)}
            <h3>"（二）依申请公开"</h3>
            {paragraphs(&g.on_request)}
            <p><a href="/disclosure-requests/new">"在线申请政府信息公开"</a>" · "<a href="/disclosure-requests/track">"申请办理查询"</a></p>
        </section>
        <section aria-labelledby="guide-remedies">
            <h2 id="guide-remedies">"四、监督和救济"</h2>
            {paragraphs(&g.remedies)}
        </section>
        {g.updated_at.as_deref().map(|at| view! { <p class="small">{format!("更新日期：{}", show_date(at))}</p> })}
    }
}

#[component]
pub fn AdminGuidePage() -> impl IntoView {
    let save = ServerAction::<SaveGuide>::new();
    // Loaded once: after a save, refused or not, the form keeps what the admin typed.
    let guide = Resource::new(|| (), |_| load_guide());
    view! {
        <section>
            <PageTitle text="系统管理：政府信息公开指南"/>
            <AdminNav/>
            <p>"依照条例第十二条，指南须写明政府信息的分类、编排体系、获取方式，以及政府信息公开工作机构的名称、办公地址、办公时间、联系电话、传真号码和互联网联系方式。保存后即在"<a href="/guide">"公开指南"</a>"页面公布。"</p>
            <Transition fallback=|| view! { <p>"正在加载…"</p> }>
                {move || guide.get().map(|r| match r {
                    Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(g) => view! {
                        <ActionForm action=save attr:class="form" attr:novalidate=true>
                            <ErrorNotice action=save/>
                            <Field label="公开工作机构名称" name="office" required=true maxlength=60 value=g.office error=field_error(save, "office")/>
                            <Field label="办公地址" name="address" required=true maxlength=100 value=g.address error=field_error(save, "address")/>
                            <Field label="办公时间" name="hours" required=true maxlength=100 value=g.hours error=field_error(save, "hours")/>
                            <Field label="联系电话" name="phone" required=true maxlength=60 value=g.phone error=field_error(save, "phone")/>
                            <Field label="传真号码" name="fax" maxlength=60 value=g.fax.unwrap_or_default() error=field_error(save, "fax")/>
                            <Field label="电子邮箱" name="email" kind="email" maxlength=100 value=g.email.unwrap_or_default() error=field_error(save, "email")/>
                            <TextAreaField label="分类与编排" name="classification" required=true maxlength=4000 rows=5 value=g.classification hint="每段一行" error=field_error(save, "classification")/>
                            <TextAreaField label="主动公开的获取方式" name="proactive" required=true maxlength=4000 rows=5 value=g.proactive hint="每段一行" error=field_error(save, "proactive")/>
                            <TextAreaField label="依申请公开的程序" name="on_request" required=true maxlength=4000 rows=8 value=g.on_request hint="每段一行" error=field_error(save, "on_request")/>
                            <TextAreaField label="监督与救济" name="remedies" required=true maxlength=4000 rows=4 value=g.remedies hint="每段一行" error=field_error(save, "remedies")/>
                            <button type="submit" class="primary" disabled=move || save.pending().get()>"保存并公布"</button>
                        </ActionForm>
                    }.into_any(),
                })}
            </Transition>
            {move || save.value().get().and_then(Result::ok).map(|_| view! {
                <p class="notice ok" role="status">"已保存，"<a href="/guide">"公开指南"</a>"已更新。"</p>
            })}
        </section>
    }
}
