//! `/catalog`: browse by column, subject, publishing body and year; search with highlights.
use super::{marked, validity_badge};
use crate::admin::list_departments;
use crate::catalog::types::Validity;
use crate::catalog::{catalog_documents, list_columns, list_subjects};
use crate::components::{query_string, Pager};
use crate::components::{PageTitle, SelectField};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CatalogPage() -> impl IntoView {
    let query = use_query_map();
    let get = move |k: &str| query.with(|q| q.get(k).unwrap_or_default());
    let columns = Resource::new(|| (), |_| list_columns());
    let departments = Resource::new(|| (), |_| list_departments());
    let docs = Resource::new(
        move || {
            (
                get("column"),
                get("publisher"),
                get("year"),
                get("validity"),
                get("subject"),
                get("q"),
                get("page").parse::<u64>().unwrap_or(1).max(1),
                get("after"),
            )
        },
        |(column, publisher, year, validity, subject, q, page, after)| {
            catalog_documents(
                Some(column),
                Some(publisher),
                Some(year),
                Some(validity),
                Some(subject),
                Some(q),
                Some(page),
                Some(after),
            )
        },
    );
    let column_options = Signal::derive(move || {
        let mut v = vec![(String::new(), "全部栏目".to_string())];
        if let Some(Ok(cs)) = columns.get() {
            v.extend(cs.into_iter().map(|c| (c.slug, c.name)));
        }
        v
    });
    let publisher_options = Signal::derive(move || {
        let mut v = vec![(String::new(), "全部发布机构".to_string())];
        if let Some(Ok(ds)) = departments.get() {
            v.extend(ds.into_iter().map(|d| (d.id.to_string(), d.name)));
        }
        v
    });
    let year_options = Signal::derive(|| {
        let mut v = vec![(String::new(), "全部年份".to_string())];
        v.extend(
            (2010..=2026)
                .rev()
                .map(|y| (y.to_string(), format!("{y} 年"))),
        );
        v
    });
    let subjects = Resource::new(|| (), |_| list_subjects(None));
    let subject_options = Signal::derive(move || {
        let mut v = vec![(String::new(), "全部主题".to_string())];
        if let Some(Ok(ss)) = subjects.get() {
            v.extend(ss.into_iter().map(|s| (s.name.clone(), s.name)));
        }
        v
    });
    let validity_options = Signal::derive(|| {
        let mut v = vec![(String::new(), "全部".to_string())];
        v.extend(
            Validity::ALL
                .iter()
                .map(|x| (x.as_str().to_string(), x.label().to_string())),
        );
        v
    });
    view! {
        <section class="catalog">
            <PageTitle text="政府信息公开目录"/>
            <p class="lead">"按栏目、主题、发布机构和年份查阅主动公开的政府信息。未主动公开的信息可以"<a href="/disclosure-requests/new">"依申请公开"</a>"。"</p>
            <nav class="column-nav" aria-label="栏目">
                <Transition fallback=|| view! { <p>"正在加载栏目…"</p> }>
                    {move || columns.get().map(|r| match r {
                        Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                        Ok(cs) => {
                            let current = get("column");
                            view! {
                                <ul>
                                    <li><a href="/catalog" aria-current=current.is_empty().then_some("page")>"全部"</a></li>
                                    {cs.into_iter().map(|c| {
                                        let here = (current == c.slug).then_some("page");
                                        view! { <li><a href=format!("/catalog?column={}", c.slug) aria-current=here>{c.name}</a></li> }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }
                    })}
                </Transition>
            </nav>
            <form method="get" action="/catalog" class="catalog-search" role="search">
                <div class="field">
                    <label for="q">"检索标题和正文"</label>
                    <input id="q" name="q" type="search" value=move || get("q") placeholder="如：医保、养老"/>
                </div>
                <Transition fallback=|| ()>
                    {move || view! {
                        <SelectField label="栏目" name="column" options=column_options selected=get("column")/>
                        <SelectField label="发布机构" name="publisher" options=publisher_options selected=get("publisher")/>
                        <SelectField label="年份" name="year" options=year_options selected=get("year")/>
                        <SelectField label="主题分类" name="subject" options=subject_options selected=get("subject")/>
                    }}
                </Transition>
                <SelectField label="有效性" name="validity" options=validity_options selected=get("validity")/>
                <button type="submit" class="primary">"检索"</button>
            </form>
            <Transition fallback=|| view! { <p>"正在加载…"</p> }>
                {move || docs.get().map(|r| match r {
                    Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(p) => {
                        let base = query_string(&[
                            ("q", get("q")), ("column", get("column")), ("publisher", get("publisher")),
                            ("year", get("year")), ("subject", get("subject")), ("validity", get("validity")),
                        ]);
                        let updated = p.column_updated_on.map(|d| view! {
                            <p class="column-updated">"本栏目更新时间："<time datetime=d.to_string()>{d.to_string()}</time></p>
                        });
                        view! {
                            {updated}
                            <p class="result-count" role="status">{if p.total_capped {
                                format!("超过 {} 条，可增加检索词缩小范围", p.total)
                            } else {
                                format!("共 {} 条", p.total)
                            }}</p>
                            <ol class="doc-list">
                                {p.items.into_iter().map(|d| {
                                    let title = if d.title_marked.is_empty() {
                                        d.title.clone().into_any()
                                    } else {
                                        marked(d.title_marked).into_any()
                                    };
                                    let has_snippet = !d.snippet.is_empty();
                                    view! {
                                        <li>
                                            <h2 class="doc-title"><a href=format!("/catalog/documents/{}", d.id)>{title}</a>" "{validity_badge(d.validity)}</h2>
                                            <p class="doc-meta">
                                                <span>{format!("索引号：{}", d.index_no)}</span>
                                                <span>{d.column_name}</span>
                                                <span>{d.publisher.name}</span>
                                                <span>{d.published_on.map(|x| x.to_string()).unwrap_or_default()}</span>
                                            </p>
                                            {has_snippet.then(|| view! { <p class="snippet">{marked(d.snippet)}</p> })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                            <Pager path="/catalog" base page=p.page total=p.total per_page=p.per_page capped=p.total_capped next=p.next/>
                        }.into_any()
                    }
                })}
            </Transition>
            <p class="feeds"><a href="/feeds/documents.atom">"订阅最新公开信息（Atom）"</a></p>
        </section>
    }
}
