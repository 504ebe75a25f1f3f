//! 系统管理：办理时限 (/admin/time-limits). The server functions check the admin role.
use crate::components::{field_error, successes, ErrorNotice, Field, PageTitle};
use crate::questions::types::TimeLimits;
use crate::questions::{get_time_limits, SaveTimeLimits};
use leptos::prelude::*;

#[component]
pub fn TimeLimitsPage() -> impl IntoView {
    let save = ServerAction::<SaveTimeLimits>::new();
    // Reloaded after a save that succeeded only: refused values stay as typed.
    let saved = successes(save);
    let limits = Resource::new(move || saved.get(), |_| get_time_limits());
    view! {
        <section class="narrow">
            <PageTitle text="系统管理：办理时限"/>
            <nav class="subnav" aria-label="系统管理">
                <ul>
                    <li><a href="/admin">"用户与角色"</a></li>
                    <li><a href="/admin/departments">"部门"</a></li>
                    <li><a href="/admin/calendar">"工作日历"</a></li>
                    <li><a href="/admin/time-limits" aria-current="page">"办理时限"</a></li>
                </ul>
            </nav>
            <p>"留言受理后，按类型的时限（工作日）计算答复期限；新时限只影响此后受理的留言。承办单位可在期限届满前申请延期一次，延期后的总时限不超过下面设定的工作日数。剩余 1 个工作日或刚超期亮黄牌，超期超过下面的工作日数亮红牌。"</p>
            <p class="notice ok" role="status" hidden=move || !matches!(save.value().get(), Some(Ok(_)))>"已保存。"</p>
            <Suspense fallback=|| view! { <p>"正在加载…"</p> }>
                {move || limits.get().map(|r| match r {
                    Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(t) => view! { <LimitsForm t save/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn LimitsForm(t: TimeLimits, save: ServerAction<SaveTimeLimits>) -> impl IntoView {
    let get = |kind: &str| {
        t.limits
            .iter()
            .find(|l| l.kind.as_str() == kind)
            .map(|l| l.working_days.to_string())
            .unwrap_or_default()
    };
    let [opinion, suggestion, help, complaint] =
        ["opinion", "suggestion", "help", "complaint"].map(get);
    let total = |kind: &str| {
        t.totals
            .iter()
            .find(|l| l.kind.as_str() == kind)
            .map(|l| l.working_days.to_string())
            .unwrap_or_default()
    };
    let [t_opinion, t_suggestion, t_help, t_complaint] =
        ["opinion", "suggestion", "help", "complaint"].map(total);
    view! {
        <ActionForm action=save attr:class="form" attr:novalidate=true>
            <ErrorNotice action=save/>
            <Field label="意见（工作日）" name="limit_opinion" kind="number" required=true value=opinion error=field_error(save, "limit_opinion")/>
            <Field label="建议（工作日）" name="limit_suggestion" kind="number" required=true value=suggestion error=field_error(save, "limit_suggestion")/>
            <Field label="求助（工作日）" name="limit_help" kind="number" required=true value=help error=field_error(save, "limit_help")/>
            <Field label="投诉（工作日）" name="limit_complaint" kind="number" required=true value=complaint error=field_error(save, "limit_complaint")/>
            <Field label="超期多少个工作日亮红牌" name="red_after" kind="number" required=true value=t.red_after.to_string() error=field_error(save, "red_after")/>
            <fieldset>
                <legend>"延期后的总时限（工作日，含一次延期）"</legend>
                <Field label="意见：总时限" name="total_opinion" kind="number" required=true value=t_opinion error=field_error(save, "total_opinion")/>
                <Field label="建议：总时限" name="total_suggestion" kind="number" required=true value=t_suggestion error=field_error(save, "total_suggestion")/>
                <Field label="求助：总时限" name="total_help" kind="number" required=true value=t_help error=field_error(save, "total_help")/>
                <Field label="投诉：总时限" name="total_complaint" kind="number" required=true value=t_complaint error=field_error(save, "total_complaint")/>
            </fieldset>
            <button type="submit" class="primary">"保存"</button>
        </ActionForm>
    }
}
