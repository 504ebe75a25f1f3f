//! `/catalog/documents/{id}`: the metadata table, the validity marking, the body and the
//! attachments.
use super::{validity_badge, AttachmentList};
use crate::catalog::get_document;
use crate::catalog::types::{paragraphs, DocStatus, Validity};
use crate::components::{show_time, PageTitle};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn DocumentPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i32>().ok()));
    let doc = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_document(id).await,
            None => Err(crate::error::AppError::NotFound),
        }
    });
    view! {
        <Transition fallback=|| view! { <p>"正在加载…"</p> }>
            {move || doc.get().map(|r| match r {
                Err(_) => view! {
                    <section>
                        <PageTitle text="文件不存在"/>
                        <p>"您查找的文件不存在或尚未公开。"</p>
                        <p><a href="/catalog">"返回信息公开目录"</a></p>
                    </section>
                }.into_any(),
                Ok(d) => {
                    let marking = (d.validity != Validity::Valid).then(|| {
                        let text = format!("本文件{}", d.validity.label());
                        let replaced = d.replaced_by.clone();
                        view! {
                            <div class=format!("notice warn validity-notice validity-{}", d.validity.as_str()) role="note">
                                <strong>{text}</strong>
                                {d.validity_changed_on.map(|x| format!("（{x}）"))}
                                {replaced.map(|r| view! {
                                    "，现行文件："<a href=format!("/catalog/documents/{}", r.id)>{r.title}</a>
                                })}
                            </div>
                        }
                    });
                    let keywords = d.keywords.join("　");
                    view! {
                        <article class="document">
                            <PageTitle text=d.title.clone()/>
                            {marking}
                            <table class="data meta-table">
                                <caption>"文件信息"</caption>
                                <tbody>
                                    <tr><th scope="row">"索引号"</th><td>{d.index_no.clone()}</td><th scope="row">"主题分类"</th><td>{d.subject.clone()}</td></tr>
                                    <tr><th scope="row">"发布机构"</th><td>{d.publisher.name.clone()}</td><th scope="row">"栏目"</th><td><a href=format!("/catalog?column={}", d.column)>{d.column_name.clone()}</a></td></tr>
                                    <tr><th scope="row">"成文日期"</th><td>{d.written_on.to_string()}</td><th scope="row">"发布日期"</th><td>{d.published_on.map(|x| x.to_string()).unwrap_or_else(|| "未发布".into())}{(d.status == DocStatus::Scheduled).then_some("（定时发布）")}</td></tr>
                                    <tr><th scope="row">"文号"</th><td>{d.doc_no.clone().unwrap_or_default()}</td><th scope="row">"有效性"</th><td>{d.validity.label()}" "{validity_badge(d.validity)}</td></tr>
                                    <tr><th scope="row">"主题词"</th><td colspan="3">{keywords}</td></tr>
                                    {d.summary.clone().map(|s| view! {
                                        <tr><th scope="row">"内容概述"</th><td colspan="3">{s}</td></tr>
                                    })}
                                </tbody>
                            </table>
                            <div class="doc-body">
                                {paragraphs(&d.body).into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
                            </div>
                            <AttachmentList attachments=d.attachments.clone()/>
                            {(!d.interpretations.is_empty()).then(|| view! {
                                <section class="interpretation" aria-labelledby="interpretations-h">
                                    <h2 id="interpretations-h">"政策解读"</h2>
                                    <ul>
                                        {d.interpretations.clone().into_iter().map(|i| {
                                            let label = format!("{}：", i.kind.label());
                                            match (i.document, i.url) {
                                                (Some(doc), _) => view! {
                                                    <li>{label}<a href=format!("/catalog/documents/{}", doc.id)>{doc.title}</a></li>
                                                }.into_any(),
                                                (None, Some(url)) => view! {
                                                    <li>{label}<a href=url.clone() rel="noopener noreferrer external">{format!("观看视频（{url}）")}</a></li>
                                                }.into_any(),
                                                (None, None) => ().into_any(),
                                            }
                                        }).collect_view()}
                                    </ul>
                                </section>
                            })}
                            {(!d.interprets.is_empty()).then(|| view! {
                                <section class="interprets" aria-labelledby="interprets-h">
                                    <h2 id="interprets-h">"本文解读的政策文件"</h2>
                                    <ul>
                                        {d.interprets.clone().into_iter().map(|r| view! {
                                            <li><a href=format!("/catalog/documents/{}", r.id)>{r.title}</a></li>
                                        }).collect_view()}
                                    </ul>
                                </section>
                            })}
                            {(!d.replaces.is_empty()).then(|| view! {
                                <section class="replaces" aria-labelledby="replaces-h">
                                    <h2 id="replaces-h">"本文件修改或废止的文件"</h2>
                                    <ul>
                                        {d.replaces.clone().into_iter().map(|r| view! {
                                            <li><a href=format!("/catalog/documents/{}", r.id)>{r.title}</a></li>
                                        }).collect_view()}
                                    </ul>
                                </section>
                            })}
                            {(!d.revisions.is_empty()).then(|| view! {
                                <section class="revisions" aria-labelledby="revisions-h">
                                    <h2 id="revisions-h">"修订记录"</h2>
                                    <ol>
                                        {d.revisions.clone().into_iter().map(|r| view! {
                                            <li><time datetime=r.at.clone()>{show_time(&r.at)}</time>" "{r.note}</li>
                                        }).collect_view()}
                                    </ol>
                                </section>
                            })}
                            <p class="no-print"><a href="/catalog">"返回信息公开目录"</a></p>
                        </article>
                    }.into_any()
                }
            })}
        </Transition>
    }
}
