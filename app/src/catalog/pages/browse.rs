//! `/catalog`: browse by column, subject, publishing body and year; search with highlights.
use super::{marked, query_string, validity_badge};
use crate::admin::list_departments;
use crate::catalog::types::{Validity, SUBJECTS};
use crate::catalog::{catalog_documents, list_columns};
use crate::components::{PageTitle, SelectField};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

const PER_PAGE: u64 = 20;

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
            )
        },
        |(column, publisher, year, validity, subject, q, page)| {
            catalog_documents(
                Some(column),
                Some(publisher),
                Some(year),
                Some(validity),
                Some(subject),
                Some(q),
                Some(page),
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
    let subject_options = Signal::derive(|| {
        let mut v = vec![(String::new(), "全部主题".to_string())];
        v.extend(SUBJECTS.iter().map(|s| (s.to_string(), s.to_string())));
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
                    }}
                </Transition>
                <SelectField label="年份" name="year" options=year_options selected=get("year")/>
                <SelectField label="主题分类" name="subject" options=subject_options selected=get("subject")/>
                <SelectField label="有效性" name="validity" options=validity_options selected=get("validity")/>
                <button type="submit" class="primary">"检索"</button>
            </form>
            <Transition fallback=|| view! { <p>"正在加载…"</p> }>
                {move || docs.get().map(|r| match r {
                    Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(p) => {
                        let pages = p.total.div_ceil(PER_PAGE).max(1);
                        let cur = p.page;
                        let base = [
                            ("q", get("q")), ("column", get("column")), ("publisher", get("publisher")),
                            ("year", get("year")), ("subject", get("subject")), ("validity", get("validity")),
                        ];
                        let link = move |page: u64| {
                            let mut pairs = base.to_vec();
                            pairs.push(("page", page.to_string()));
                            format!("/catalog{}", query_string(&pairs))
                        };
                        let prev = link(cur.saturating_sub(1).max(1));
                        let next = link(cur + 1);
                        view! {
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
                            <nav class="pager" aria-label="分页">
                                {(cur > 1).then(|| view! { <a href=prev>"上一页"</a> })}
                                <span>{format!("第 {cur} / {pages} 页")}</span>
                                {(cur < pages).then(|| view! { <a href=next>"下一页"</a> })}
                            </nav>
                        }.into_any()
                    }
                })}
            </Transition>
            <p class="feeds"><a href="/feeds/documents.atom">"订阅最新公开信息（Atom）"</a></p>
        </section>
    }
}
