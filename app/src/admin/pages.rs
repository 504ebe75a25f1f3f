//! 系统管理: accounts and roles, departments. Every server function
//! behind these pages checks the admin role itself.
use super::*;
use crate::components::{field_error, query_string, ErrorNotice, Field, PageTitle, Pager};
use leptos_router::hooks::use_query_map;

#[component]
pub(crate) fn AdminNav() -> impl IntoView {
    view! {
        <nav class="subnav" aria-label="系统管理">
            <ul>
                <li><a href="/admin">"用户与角色"</a></li>
                <li><a href="/admin/departments">"部门"</a></li>
                <li><a href="/admin/calendar">"工作日历"</a></li>
                <li><a href="/admin/time-limits">"办理时限"</a></li>
                <li><a href="/admin/catalog">"信息公开目录"</a></li>
                <li><a href="/admin/guide">"公开指南"</a></li>
                <li><a href="/admin/personal-data">"个人信息"</a></li>
                <li><a href="/admin/audit">"审计日志"</a></li>
            </ul>
        </nav>
    }
}

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let query = use_query_map();
    let q = Memo::new(move |_| query.get().get("q").unwrap_or_default());
    let page = Memo::new(move |_| {
        query
            .get()
            .get("page")
            .and_then(|p| p.parse::<u64>().ok())
            .unwrap_or(1)
    });
    let toggle = ServerAction::<SetUserRole>::new();
    let disable = ServerAction::<SetUserDisabled>::new();
    let users = Resource::new(
        move || {
            (
                q.get(),
                page.get(),
                toggle.version().get() + disable.version().get(),
            )
        },
        |(q, page, _)| admin_users(q, page),
    );
    // Role grants and disabling need a recent sign-in; past 15 minutes the page asks for
    // the password and the admin repeats the change.
    let stale = Signal::derive(move || {
        matches!(toggle.value().get(), Some(Err(AppError::ReauthRequired)))
            || matches!(disable.value().get(), Some(Err(AppError::ReauthRequired)))
    });
    let departments = Resource::new(|| (), |_| admin_departments());
    view! {
        <section>
            <PageTitle text="系统管理：用户与角色"/>
            <AdminNav/>
            <crate::calendar::notice::ArrangementWarning/>
            <form method="get" action="/admin" class="search-form" role="search">
                <label for="q">"查找用户"</label>
                <input id="q" name="q" type="search" value=move || q.get() placeholder="用户名或显示名称"/>
                <button type="submit">"查找"</button>
            </form>
            <ErrorNotice action=toggle/>
            <ErrorNotice action=disable/>
            <crate::auth::pages::ReauthPrompt needed=stale/>
            <Transition fallback=|| view! { <p>"正在加载…"</p> }>
                {move || users.get().map(|r| match r {
                    Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(p) => {
                        let base = query_string(&[("q", q.get())]);
                        view! {
                            <table class="data">
                                <caption>{format!("共 {} 个账号", p.total)}</caption>
                                <thead><tr>
                                    <th scope="col">"用户名"</th>
                                    <th scope="col">"显示名称"</th>
                                    {site_roles().map(|r| view! { <th scope="col">{r.label()}</th> }).collect_view()}
                                    <th scope="col">"承办部门"</th>
                                    <th scope="col">"账号"</th>
                                </tr></thead>
                                <tbody>
                                {p.items.into_iter().map(|u| {
                                    let uid = u.id;
                                    let name = u.display_name.clone();
                                    view! {
                                        <tr>
                                            <th scope="row">{u.username.clone()}</th>
                                            <td>{u.display_name.clone()}</td>
                                            {site_roles().map(|r| {
                                                let id = format!("role-{uid}-{}", r.as_str());
                                                let label = format!("{} 的{}角色", name, r.label());
                                                let has = u.roles.contains(&r);
                                                view! {
                                                    <td class="center">
                                                        <input type="checkbox" id=id.clone() checked=has
                                                            aria-label=label
                                                            on:change=move |ev| {
                                                                toggle.dispatch(SetUserRole {
                                                                    user_id: uid,
                                                                    role: r.as_str().to_string(),
                                                                    granted: event_target_checked(&ev),
                                                                    department_id: None,
                                                                });
                                                            }/>
                                                    </td>
                                                }
                                            }).collect_view()}
                                            <td>
                                                <HandlerDepartments user=u.clone() toggle departments/>
                                            </td>
                                            <td>
                                                <ActionForm action=disable attr:class="inline">
                                                    <input type="hidden" name="user_id" value=uid.to_string()/>
                                                    {(!u.disabled).then(|| view! { <input type="hidden" name="disabled" value="on"/> })}
                                                    <span>{if u.disabled { "已停用 " } else { "" }}</span>
                                                    <button type="submit" aria-label=format!("{}{}", if u.disabled { "启用 " } else { "停用 " }, name)>
                                                        {if u.disabled { "启用" } else { "停用" }}
                                                    </button>
                                                </ActionForm>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                                </tbody>
                            </table>
                            <Pager path="/admin" base page=p.page total=p.total per_page=20/>
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

/// The roles granted site-wide; `handler` is granted per department in its own column.
fn site_roles() -> impl Iterator<Item = Role> {
    Role::ALL.into_iter().filter(|r| !r.per_department())
}

/// The departments a user handles for (承办人), each removable, and a choice to add one.
#[component]
fn HandlerDepartments(
    user: User,
    toggle: ServerAction<SetUserRole>,
    departments: Resource<Result<Vec<crate::admin::types::Department>, AppError>>,
) -> impl IntoView {
    let uid = user.id;
    let select_id = format!("handler-dept-{uid}");
    let label = format!("为 {} 添加承办部门", user.display_name);
    let chosen = RwSignal::new(String::new());
    view! {
        <ul class="handler-departments">
            {user.departments.iter().map(|d| {
                let (id, name) = (d.id, d.name.clone());
                let remove = format!("移除 {} 在{}的承办人角色", user.display_name, name);
                view! {
                    <li>
                        {name.clone()}" "
                        <button type="button" aria-label=remove on:click=move |_| {
                            toggle.dispatch(SetUserRole {
                                user_id: uid,
                                role: Role::Handler.as_str().to_string(),
                                granted: false,
                                department_id: Some(id),
                            });
                        }>"移除"</button>
                    </li>
                }
            }).collect_view()}
        </ul>
        <label for=select_id.clone() class="visually-hidden">{label}</label>
        <select id=select_id on:change=move |ev| chosen.set(event_target_value(&ev))>
            <option value="">"选择部门"</option>
            <Suspense fallback=|| ()>
                {move || departments.get().and_then(|r| r.ok()).map(|list| {
                    list.into_iter().filter(|d| d.active).map(|d| {
                        view! { <option value=d.id.to_string()>{d.name}</option> }
                    }).collect_view()
                })}
            </Suspense>
        </select>
        " "
        <button type="button" on:click=move |_| {
            if let Ok(id) = chosen.get_untracked().parse::<i32>() {
                toggle.dispatch(SetUserRole {
                    user_id: uid,
                    role: Role::Handler.as_str().to_string(),
                    granted: true,
                    department_id: Some(id),
                });
            }
        }>"添加"</button>
    }
}

#[component]
pub fn AdminDepartmentsPage() -> impl IntoView {
    let create = ServerAction::<CreateDepartment>::new();
    let update = ServerAction::<UpdateDepartment>::new();
    let list = Resource::new(
        move || (create.version().get(), update.version().get()),
        |_| admin_departments(),
    );
    view! {
        <section>
            <PageTitle text="系统管理：部门"/>
            <AdminNav/>
            <h2>"新增部门"</h2>
            <ActionForm action=create attr:class="form inline-form">
                <Field label="部门名称" name="name" required=true maxlength=40 error=field_error(create, "name")/>
                <button type="submit" class="primary">"新增"</button>
            </ActionForm>
            <h2>"部门列表"</h2>
            <ErrorNotice action=update/>
            <Transition fallback=|| view! { <p>"正在加载…"</p> }>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(items) => view! {
                        <ul class="plain-list">
                        {items.into_iter().map(|d| {
                            let name_id = format!("dept-name-{}", d.id);
                            let active_id = format!("dept-active-{}", d.id);
                            view! {
                                <li>
                                    <ActionForm action=update attr:class="row-form">
                                        <input type="hidden" name="id" value=d.id/>
                                        <label for=name_id.clone() class="visually-hidden">{format!("{} 的名称", d.name)}</label>
                                        <input id=name_id name="name" value=d.name.clone() maxlength=40 required/>
                                        <input type="checkbox" id=active_id.clone() name="active" value="on" checked=d.active/>
                                        <label for=active_id>"启用"</label>
                                        <button type="submit">"保存"</button>
                                    </ActionForm>
                                </li>
                            }
                        }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}
