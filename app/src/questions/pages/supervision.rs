//! 督办 (/supervision): every department's open, yellow and red counts and the late items;
//! one question (/supervision/{tracking_no}) with its history and the 督办 form.
use super::staff::StaffInfo;
use super::{CardBadge, QuestionDetail};
use crate::components::{field_error, successes, ErrorNotice, PageTitle, TextAreaField};
use crate::error::AppError;
use crate::questions::types::{QuestionView, SupervisionOverview};
use crate::questions::{load_question, load_supervision, SuperviseQuestion};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn SupervisionPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_supervision());
    view! {
        <section>
            <PageTitle text="督办"/>
            <p>"黄牌：剩余 1 个工作日或刚超期；红牌：严重超期。对超期的留言发出督办，承办单位和网站办会在留言上看到督办意见，承办人同时收到通知。"</p>
            <Suspense fallback=|| view! { <p>"正在加载…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(o) => view! { <Overview o/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Overview(o: SupervisionOverview) -> impl IntoView {
    let items = if o.items.is_empty() {
        view! { <p class="notice ok">"目前没有亮牌的留言。"</p> }.into_any()
    } else {
        view! {
            <table class="data">
                <caption>"亮牌留言（红牌在前，期限早的在前）"</caption>
                <thead><tr>
                    <th scope="col">"留言"</th><th scope="col">"承办部门"</th><th scope="col">"期限"</th>
                    <th scope="col">"督办牌"</th><th scope="col">"操作"</th>
                </tr></thead>
                <tbody>
                    {o.items.into_iter().map(|q| {
                        let href = format!("/supervision/{}", q.tracking_no);
                        let due = q.follow_up_due.clone().or(q.due_date.clone()).unwrap_or_default();
                        view! {
                            <tr>
                                <th scope="row">{format!("{} {}", q.tracking_no, q.title)}</th>
                                <td>{q.department.map(|d| d.name).unwrap_or_else(|| "待转办".into())}</td>
                                <td>{due}</td>
                                <td><CardBadge card=q.overdue/>{q.supervised.then_some("（已督办）")}</td>
                                <td><a href=href>{format!("督办 {}", q.tracking_no)}</a></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        }.into_any()
    };
    view! {
        <table class="data">
            <caption>"各部门办理情况"</caption>
            <thead><tr>
                <th scope="col">"部门"</th><th scope="col">"在办"</th><th scope="col">"黄牌"</th>
                <th scope="col">"红牌"</th><th scope="col">"已督办"</th>
            </tr></thead>
            <tbody>
                {o.departments.into_iter().map(|d| view! {
                    <tr>
                        <th scope="row">{d.department.name}</th>
                        <td>{d.open}</td><td>{d.yellow}</td><td>{d.red}</td><td>{d.supervised}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        {items}
    }
}

#[component]
pub fn SuperviseDetailPage() -> impl IntoView {
    let params = use_params_map();
    let no = Memo::new(move |_| params.with(|p| p.get("tracking_no").unwrap_or_default()));
    let action = ServerAction::<SuperviseQuestion>::new();
    // Reloaded after a 督办 that succeeded only: a refused note stays as typed.
    let done = successes(action);
    let data = Resource::new(
        move || (no.get(), done.get()),
        |(no, _)| load_question(no, None),
    );
    view! {
        <p><a href="/supervision">"← 返回督办"</a></p>
        <p class="notice ok" role="status" hidden=move || !matches!(action.value().get(), Some(Ok(_)))>
            "督办意见已发出，承办单位已收到通知。"
        </p>
        <Suspense fallback=|| view! { <p>"正在加载…"</p> }>
            {move || data.get().map(|r| match r {
                Err(AppError::NotFound) => view! { <crate::components::NotFound/> }.into_any(),
                Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                Ok(v) if !v.is_supervisor => view! { <p class="notice error" role="alert">"没有权限执行此操作"</p> }.into_any(),
                Ok(v) => view! { <SuperviseBench v action/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn SuperviseBench(v: QuestionView, action: ServerAction<SuperviseQuestion>) -> impl IntoView {
    let q = v.question.clone();
    let no = q.tracking_no.clone();
    view! {
        <div class="workbench">
            <div class="panel">{view! { <QuestionDetail view=v/> }.into_any()}</div>
            <aside class="panel actions" aria-label="督办">
                {view! { <StaffInfo q/> }.into_any()}
                <h2>"发出督办"</h2>
                <ActionForm action=action attr:class="form">
                    <ErrorNotice action=action/>
                    <input type="hidden" name="tracking_no" value=no/>
                    <TextAreaField label="督办意见" name="note" required=true rows=4 maxlength=500
                        error=field_error(action, "note")/>
                    <button type="submit" class="primary">"督办"</button>
                </ActionForm>
            </aside>
        </div>
    }
}
