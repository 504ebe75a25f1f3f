//! `/editor` (文档管理): the document list with publish and validity actions, the form for
//! new documents, and the Art. 26 warning list; `/editor/documents/{id}` edits one and
//! manages its attachments.
use super::{validity_badge, AttachmentsEditor};
use crate::admin::list_departments;
use crate::catalog::types::{DocStatus, Document, Validity};
use crate::catalog::*;
use crate::components::{
    field_error, successes, ErrorNotice, Field, PageTitle, Pager, SelectField, TextAreaField,
};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
fn EditorNav() -> impl IntoView {
    view! {
        <nav class="subnav" aria-label="编辑工作台">
            <ul>
                <li><a href="/editor">"文档管理"</a></li>
                <li><a href="/editor/disclosure">"依申请公开办理"</a></li>
                <li><a href="/reports/annual/2026">"年度报告"</a></li>
            </ul>
        </nav>
    }
}

/// The document form, empty for a new document or filled from `doc`.
#[component]
fn DocumentForm(action: ServerAction<SaveDocument>, doc: Option<Document>) -> impl IntoView {
    let columns = Resource::new(|| (), |_| list_columns());
    let departments = Resource::new(|| (), |_| list_departments());
    let d = doc.clone();
    let column_options = Signal::derive(move || {
        let mut v = vec![(String::new(), "请选择栏目".to_string())];
        if let Some(Ok(cs)) = columns.get() {
            v.extend(cs.into_iter().map(|c| (c.slug, c.name)));
        }
        v
    });
    let publisher_options = Signal::derive(move || {
        let mut v = vec![(String::new(), "请选择发布机构".to_string())];
        if let Some(Ok(ds)) = departments.get() {
            v.extend(ds.into_iter().map(|d| (d.id.to_string(), d.name)));
        }
        v
    });
    let subjects = Resource::new(|| (), |_| list_subjects(None));
    let own_subject = d.as_ref().map(|d| d.subject.clone());
    let subject_options = Signal::derive(move || {
        let mut v: Vec<(String, String)> = match subjects.get() {
            Some(Ok(ss)) => ss.into_iter().map(|s| (s.name.clone(), s.name)).collect(),
            _ => Vec::new(),
        };
        // A category admins have since retired stays on the document it was given.
        if let Some(own) = own_subject
            .clone()
            .filter(|o| !v.iter().any(|(n, _)| n == o))
        {
            v.push((own.clone(), own));
        }
        v
    });
    let body_error = field_error(action, "body");
    let body_value = d.as_ref().map(|d| d.body.clone()).unwrap_or_default();
    let d_sel = d.clone();
    let published = d.as_ref().is_some_and(|d| d.status == DocStatus::Published);
    view! {
        <ActionForm action=action attr:class="form" attr:novalidate=true>
            <ErrorNotice action=action/>
            {d.as_ref().map(|d| view! { <input type="hidden" name="id" value=d.id/> })}
            <Transition fallback=|| view! { <p>"正在加载…"</p> }>
                {
                    move || {
                        let d = d_sel.clone();
                        view! {
                            <SelectField label="栏目" name="column" required=true options=column_options
                                selected=d.as_ref().map(|d| d.column.clone()).unwrap_or_default()
                                error=field_error(action, "column")/>
                            <SelectField label="发布机构" name="publisher_id" required=true options=publisher_options
                                selected=d.as_ref().map(|d| d.publisher.id.to_string()).unwrap_or_default()
                                error=field_error(action, "publisher_id")/>
                            <SelectField label="主题分类" name="subject" options=subject_options
                                selected=d.as_ref().map(|d| d.subject.clone()).unwrap_or_else(|| "综合政务".into())
                                error=field_error(action, "subject")/>
                        }
                    }
                }
            </Transition>
            <Field label="标题" name="title" required=true maxlength=200
                value=d.as_ref().map(|d| d.title.clone()).unwrap_or_default()
                error=field_error(action, "title")/>
            <div class="field" class:has-error=move || body_error.get().is_some()>
                <label for="body">"正文"<span class="req" aria-hidden="true">" *"</span></label>
                <p class="hint" id="body-hint">"每段一行；以 # 开头的行作为小标题显示。不支持 HTML。"</p>
                <textarea id="body" name="body" rows="14" required
                    aria-invalid=move || body_error.get().is_some().then_some("true")
                    aria-describedby=move || if body_error.get().is_some() { "body-hint body-error" } else { "body-hint" }
                >{body_value}</textarea>
                <p class="error" id="body-error" role="alert" hidden=move || body_error.get().is_none()>{move || body_error.get()}</p>
            </div>
            <Field label="成文日期" name="written_on" kind="date" required=true
                value=d.as_ref().map(|d| d.written_on.to_string()).unwrap_or_default()
                error=field_error(action, "written_on")/>
            <Field label="发布日期" name="published_on" kind="date"
                hint=if published { "文件已发布，发布日期不能更改" } else { "填写则发布，晚于今天则到期自动发布；留空保存为草稿" }
                readonly=published
                value=d.as_ref().and_then(|d| d.published_on).map(|x| x.to_string()).unwrap_or_default()
                error=field_error(action, "published_on")/>
            <Field label="文号" name="doc_no" maxlength=60 hint="如：南川府发〔2026〕3号"
                value=d.as_ref().and_then(|d| d.doc_no.clone()).unwrap_or_default()
                error=field_error(action, "doc_no")/>
            <Field label="主题词" name="keywords" hint="用空格或顿号分隔，最多 10 个"
                value=d.as_ref().map(|d| d.keywords.join(" ")).unwrap_or_default()
                error=field_error(action, "keywords")/>
            <TextAreaField label="内容概述" name="summary" maxlength=500 rows=3
                hint="可选：用一两句话概括文件的主要内容，在文件页面和目录中显示"
                value=d.as_ref().and_then(|d| d.summary.clone()).unwrap_or_default()
                error=field_error(action, "summary")/>
            <TextAreaField label="政策解读" name="interpretations" rows=3
                hint="可选，每行一项：“文字 文件编号”“图解 文件编号”或“视频 链接”，如：文字 12"
                value=d.as_ref().map(|d| d.interpretations.iter().map(|i| i.to_line()).collect::<Vec<_>>().join("\n")).unwrap_or_default()
                error=field_error(action, "interpretations")/>
            {published.then(|| view! {
                <Field label="修订说明" name="revision_note" required=true maxlength=200
                    hint="已发布的文件是公开记录：修改后记入修订记录，公众在文件页面可以看到"
                    error=field_error(action, "revision_note")/>
            })}
            <button type="submit" class="primary" disabled=move || action.pending().get()>"保存"</button>
        </ActionForm>
        {move || action.value().get().and_then(|r| r.ok()).map(|d| view! {
            <p class="notice ok" role="status">
                {format!("已保存（{}），索引号 {}。", d.status.label(), d.index_no)}
                <a href=format!("/catalog/documents/{}", d.id)>"查看"</a>
                " "
                <a href=format!("/editor/documents/{}#attachments", d.id)>"添加附件"</a>
            </p>
        })}
    }
}

#[component]
pub fn EditorPage() -> impl IntoView {
    let query = use_query_map();
    let page = move || {
        query
            .with(|q| q.get("page").and_then(|p| p.parse::<u64>().ok()))
            .unwrap_or(1)
    };
    let save = ServerAction::<SaveDocument>::new();
    let publish = ServerAction::<PublishDocument>::new();
    let validity = ServerAction::<ChangeValidity>::new();
    // Reloaded after a change that succeeded only: a refused one keeps the form as typed.
    let (saved, published, marked) = (successes(save), successes(publish), successes(validity));
    let list = Resource::new(
        move || (page(), saved.get(), published.get(), marked.get()),
        |(p, _, _, _)| editor_documents(p),
    );
    let late = Resource::new(move || published.get(), |_| late_documents());
    view! {
        <section>
            <PageTitle text="文档管理"/>
            <EditorNav/>
            <h2>"文件列表"</h2>
            <ErrorNotice action=publish/>
            <ErrorNotice action=validity/>
            <Transition fallback=|| view! { <p>"正在加载…"</p> }>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(p) => {
                        view! {
                            <table class="data">
                                <caption>{format!("共 {} 份文件（草稿和定时发布在前）", p.total)}</caption>
                                <thead><tr>
                                    <th scope="col">"索引号"</th><th scope="col">"标题"</th><th scope="col">"栏目"</th>
                                    <th scope="col">"状态"</th><th scope="col">"操作"</th>
                                </tr></thead>
                                <tbody>
                                {p.items.into_iter().map(|d| {
                                    let id = d.id;
                                    let draft = d.status != DocStatus::Published;
                                    let sel_id = format!("validity-{id}");
                                    let rep_id = format!("replaced-{id}");
                                    view! {
                                        <tr>
                                            <td>{d.index_no.clone()}</td>
                                            <td><a href=format!("/catalog/documents/{id}")>{d.title.clone()}</a>" "{validity_badge(d.validity)}</td>
                                            <td>{d.column_name.clone()}</td>
                                            <td>{match (d.status, d.published_on) {
                                                (DocStatus::Draft, _) | (_, None) => d.status.label().to_string(),
                                                (status, Some(on)) => format!("{} {on}", status.label()),
                                            }}</td>
                                            <td class="actions">
                                                <a href=format!("/editor/documents/{id}")>"编辑"<span class="visually-hidden">{d.title.clone()}</span></a>
                                                {if draft {
                                                    view! {
                                                        <ActionForm action=publish attr:class="inline">
                                                            <input type="hidden" name="id" value=id/>
                                                            <button type="submit">{if d.status == DocStatus::Scheduled { "立即发布" } else { "发布" }}<span class="visually-hidden">{d.title.clone()}</span></button>
                                                        </ActionForm>
                                                    }.into_any()
                                                } else {
                                                    view! {
                                                        <ActionForm action=validity attr:class="row-form">
                                                            <input type="hidden" name="id" value=id/>
                                                            <label for=sel_id.clone() class="visually-hidden">{format!("{} 的有效性", d.title)}</label>
                                                            <select id=sel_id name="validity">
                                                                {Validity::ALL.into_iter().map(|v| view! {
                                                                    <option value=v.as_str() selected=v == d.validity>{v.label()}</option>
                                                                }).collect_view()}
                                                            </select>
                                                            <label for=rep_id.clone()>"替代文件编号"</label>
                                                            <input id=rep_id name="replaced_by" class="short" inputmode="numeric"/>
                                                            <button type="submit">"变更"</button>
                                                        </ActionForm>
                                                    }.into_any()
                                                }}
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                                </tbody>
                            </table>
                            <Pager path="/editor" base=String::new() page=p.page total=p.total per_page=p.per_page/>
                        }.into_any()
                    }
                })}
            </Transition>
            <h2>"超期发布预警（条例第二十六条：形成之日起 20 个工作日内公开）"</h2>
            <Transition fallback=|| view! { <p>"正在加载…"</p> }>
                {move || late.get().map(|r| match r {
                    Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(rows) if rows.is_empty() => view! { <p class="notice ok">"没有超期的文件。"</p> }.into_any(),
                    Ok(rows) => view! {
                        <table class="data late-table">
                            <caption>{format!("{} 份文件超过 20 个工作日", rows.len())}</caption>
                            <thead><tr><th scope="col">"标题"</th><th scope="col">"成文日期"</th><th scope="col">"发布日期"</th><th scope="col">"间隔（工作日）"</th></tr></thead>
                            <tbody>
                            {rows.into_iter().map(|l| view! {
                                <tr>
                                    <td><a href=format!("/catalog/documents/{}", l.id)>{l.title}</a></td>
                                    <td>{l.written_on.to_string()}</td>
                                    <td>{l.published_on.map(|x| x.to_string()).unwrap_or_else(|| "尚未发布".into())}</td>
                                    <td><span class="badge card-red">{l.working_days}</span></td>
                                </tr>
                            }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                })}
            </Transition>
            <h2>"新建文件"</h2>
            <DocumentForm action=save doc=None/>
        </section>
    }
}

#[component]
pub fn EditDocumentPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i32>().ok()));
    let save = ServerAction::<SaveDocument>::new();
    let doc = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_document(id).await,
            None => Err(crate::error::AppError::NotFound),
        }
    });
    view! {
        <section>
            <PageTitle text="编辑文件"/>
            <EditorNav/>
            <Transition fallback=|| view! { <p>"正在加载…"</p> }>
                {move || doc.get().map(|r| match r {
                    Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(d) => {
                        let id = d.id;
                        view! {
                            <p>{format!("索引号 {}（不可更改）", d.index_no)}</p>
                            <DocumentForm action=save doc=Some(d)/>
                            <AttachmentsEditor id=id/>
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}
