//! `/admin/catalog`: the catalog's columns and each publishing body's organisation code and
//! 索引号 pattern. Admin only; the server functions check the role themselves.
use crate::catalog::{
    admin_bodies, list_columns, list_subjects, CreateColumn, CreateSubject, SaveBody,
    SetSubjectActive,
};
use crate::components::{field_error, ErrorNotice, Field, PageTitle};
use leptos::prelude::*;

#[component]
pub fn AdminCatalogPage() -> impl IntoView {
    let create = ServerAction::<CreateColumn>::new();
    let save = ServerAction::<SaveBody>::new();
    let columns = Resource::new(move || create.version().get(), |_| list_columns());
    let bodies = Resource::new(move || save.version().get(), |_| admin_bodies());
    let add_subject = ServerAction::<CreateSubject>::new();
    let toggle_subject = ServerAction::<SetSubjectActive>::new();
    let subjects = Resource::new(
        move || add_subject.version().get() + toggle_subject.version().get(),
        |_| list_subjects(Some(true)),
    );
    view! {
        <section>
            <PageTitle text="系统管理：信息公开目录"/>
            <nav class="subnav" aria-label="系统管理">
                <ul>
                    <li><a href="/admin">"用户与角色"</a></li>
                    <li><a href="/admin/departments">"部门"</a></li>
                    <li><a href="/admin/calendar">"工作日历"</a></li>
                    <li><a href="/admin/catalog" aria-current="page">"信息公开目录"</a></li>
                </ul>
            </nav>
            <h2>"栏目"</h2>
            <Transition fallback=|| view! { <p>"正在加载…"</p> }>
                {move || columns.get().map(|r| match r {
                    Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(cs) => view! {
                        <ul class="plain-list">
                            {cs.into_iter().map(|c| view! { <li>{format!("{}（{}）", c.name, c.slug)}</li> }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
            <ActionForm action=create attr:class="form inline-form">
                <ErrorNotice action=create/>
                <Field label="栏目名称" name="name" required=true maxlength=20 error=field_error(create, "name")/>
                <Field label="栏目代码" name="slug" required=true maxlength=20 hint="小写字母、数字或连字符，用于网址" error=field_error(create, "slug")/>
                <button type="submit" class="primary">"新增栏目"</button>
            </ActionForm>
            <h2>"主题分类"</h2>
            <p>"默认为国务院公文主题分类。停用的分类不再供新文件选择，已归入该分类的文件保持不变。"</p>
            <ErrorNotice action=toggle_subject/>
            <Transition fallback=|| view! { <p>"正在加载…"</p> }>
                {move || subjects.get().map(|r| match r {
                    Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(ss) => view! {
                        <ul class="plain-list subjects">
                            {ss.into_iter().map(|c| view! {
                                <li>
                                    <ActionForm action=toggle_subject attr:class="row-form">
                                        <input type="hidden" name="id" value=c.id/>
                                        <input type="hidden" name="active" value=(!c.active).to_string()/>
                                        <span>{c.name.clone()}{(!c.active).then_some("（已停用）")}</span>
                                        <button type="submit" aria-label=format!("{}{}", if c.active { "停用" } else { "恢复" }, c.name)>
                                            {if c.active { "停用" } else { "恢复" }}
                                        </button>
                                    </ActionForm>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
            <ActionForm action=add_subject attr:class="form inline-form">
                <ErrorNotice action=add_subject/>
                <Field label="分类名称" name="name" id="subject-name" required=true maxlength=30 error=field_error(add_subject, "name")/>
                <button type="submit" class="primary">"新增主题分类"</button>
            </ActionForm>
            <h2>"发布机构与索引号"</h2>
            <p>"索引号格式可用占位符 {org}（机构代码）、{year}（成文年份）和 {serial}（5 位流水号）。已生成的索引号不会改变。"</p>
            <ErrorNotice action=save/>
            <Transition fallback=|| view! { <p>"正在加载…"</p> }>
                {move || bodies.get().map(|r| match r {
                    Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(rows) => view! {
                        <ul class="plain-list">
                        {rows.into_iter().map(|(id, name, org, pattern)| {
                            let org_id = format!("org-{id}");
                            let pat_id = format!("pattern-{id}");
                            view! {
                                <li>
                                    <ActionForm action=save attr:class="row-form">
                                        <input type="hidden" name="department_id" value=id/>
                                        <strong>{name.clone()}</strong>
                                        <label for=org_id.clone()>{format!("{name} 的机构代码")}</label>
                                        <input id=org_id name="org_code" value=org maxlength=18 required/>
                                        <label for=pat_id.clone()>"索引号格式"</label>
                                        <input id=pat_id name="index_pattern" value=pattern maxlength=60/>
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
