//! 系统管理：审计日志 (/admin/audit): the trail with filters, paged, and its CSV export.
use super::audit_trail;
use crate::components::show_time;
use crate::components::{query_string, PageTitle, Pager};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The actions worth filtering by, as (value, label); a value ending in `.` is a prefix.
const ACTIONS: &[(&str, &str)] = &[
    ("auth.", "登录、退出与确认身份"),
    ("auth.login_failed", "登录失败"),
    ("access.refused", "被拒绝的访问"),
    ("user.", "账号变更（角色、停用、密码、设置）"),
    ("disclosure.read", "读取申请人个人信息"),
    ("question.", "网络问政办理"),
    ("interview.", "在线访谈"),
    ("document.", "信息公开目录"),
    ("audit.export", "导出审计日志"),
];

#[component]
pub fn AuditPage() -> impl IntoView {
    let query = use_query_map();
    let get = move |k: &str| query.with(|q| q.get(k).unwrap_or_default());
    let keys = ["actor", "action", "from", "to"];
    let params = Memo::new(move |_| (keys.map(get), get("page").parse::<u64>().unwrap_or(1)));
    let trail = Resource::new(
        move || params.get(),
        |([actor, action, from, to], page)| {
            audit_trail(Some(actor), Some(action), Some(from), Some(to), Some(page))
        },
    );
    view! {
        <section>
            <PageTitle text="系统管理：审计日志"/>
            <super::super::pages::AdminNav/>
            <p>"审计日志只能追加，不能修改或删除。记录登录（成功与失败）、退出、被拒绝的访问、角色与账号变更、工作人员读取申请人个人信息，以及各项办理操作。"</p>
            <form method="get" action="/admin/audit" class="search-form filters" role="search" aria-label="筛选审计日志">
                <label for="actor">"账号"</label>
                <input id="actor" name="actor" type="search" maxlength="32" value=move || get("actor")/>
                <label for="action">"操作"</label>
                <select id="action" name="action">
                    <option value="">"全部"</option>
                    {move || ACTIONS.iter().map(|(v, l)| {
                        let selected = get("action") == *v;
                        view! { <option value=*v selected=selected>{*l}</option> }
                    }).collect_view()}
                </select>
                <label for="from">"从"</label>
                <input id="from" name="from" type="date" value=move || get("from")/>
                <label for="to">"到"</label>
                <input id="to" name="to" type="date" value=move || get("to")/>
                <button type="submit" class="primary">"筛选"</button>
            </form>
            <Transition fallback=|| view! { <p>"正在加载…"</p> }>
                {move || trail.get().map(|r| match r {
                    Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(p) => {
                        let (vals, _) = params.get();
                        let base = query_string(&keys.iter().zip(vals).map(|(k, v)| (*k, v)).collect::<Vec<_>>());
                        let csv = format!("/api/v1/admin/audit/csv{}", if base.is_empty() { String::new() } else { format!("?{base}") });
                        view! {
                            <p><a href=csv download="audit.csv">"导出为 CSV（按当前条件）"</a></p>
                            <table class="data">
                                <caption>{format!("共 {} 条", p.total)}</caption>
                                <thead><tr>
                                    <th scope="col">"时间"</th><th scope="col">"账号"</th><th scope="col">"操作"</th>
                                    <th scope="col">"对象"</th><th scope="col">"地址"</th><th scope="col">"说明"</th>
                                </tr></thead>
                                <tbody>
                                    {p.items.into_iter().map(|i| view! {
                                        <tr>
                                            <td>{show_time(&i.at)}</td>
                                            <td>{i.actor.unwrap_or_else(|| "—".into())}</td>
                                            <td>{i.action}</td>
                                            <td>{i.target.unwrap_or_default()}</td>
                                            <td>{i.ip.unwrap_or_default()}</td>
                                            <td>{i.detail}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <Pager path="/admin/audit" base page=p.page total=p.total per_page=p.per_page/>
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}
