//! The public list (/questions) with search and filters, and 我的留言 (/questions/mine).
use super::{query_string, Pager, QuestionRow};
use crate::admin::list_departments;
use crate::components::PageTitle;
use crate::questions::types::Kind;
use crate::questions::{list_questions, my_questions};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn QuestionsPage() -> impl IntoView {
    let query = use_query_map();
    let get = move |k: &str| query.with(|q| q.get(k).unwrap_or_default());
    let params = Memo::new(move |_| {
        (
            get("kind"),
            get("department_id"),
            get("q"),
            get("month"),
            get("page").parse::<u64>().unwrap_or(1),
            get("after"),
        )
    });
    let list = Resource::new(
        move || params.get(),
        |(kind, dept, q, month, page, after)| {
            list_questions(
                Some(kind),
                Some(dept),
                Some(q),
                Some(month),
                Some(page),
                Some(after),
            )
        },
    );
    let departments = Resource::new(|| (), |_| list_departments());
    view! {
        <section>
            <PageTitle text="网络问政"/>
            <p class="lead">"已答复并经留言人同意公开的留言。"<a href="/questions/new" class="button">"我要留言"</a>" "<a href="/questions/track">"查询办理进度"</a>" "<a href="/questions/stats">"办理统计"</a></p>
            <form method="get" action="/questions" class="search-form filters" role="search" aria-label="检索留言">
                <label for="q">"关键词"</label>
                <input id="q" name="q" type="search" maxlength="50" value=move || get("q") placeholder="如：医保、路灯"/>
                <label for="kind">"类型"</label>
                <select id="kind" name="kind">
                    <option value="">"全部"</option>
                    {move || {
                        let cur = get("kind");
                        Kind::ALL.iter().map(|k| view! {
                            <option value=k.as_str() selected=cur == k.as_str()>{k.label()}</option>
                        }).collect_view()
                    }}
                </select>
                <label for="department_id">"承办部门"</label>
                <select id="department_id" name="department_id">
                    <option value="">"全部"</option>
                    <Suspense fallback=|| ()>
                        {move || departments.get().and_then(|r| r.ok()).map(|ds| {
                            let cur = get("department_id");
                            ds.into_iter().map(|d| {
                                let id = d.id.to_string();
                                let sel = cur == id;
                                view! { <option value=id selected=sel>{d.name}</option> }
                            }).collect_view()
                        })}
                    </Suspense>
                </select>
                <label for="month">"月份"</label>
                <input id="month" name="month" type="month" value=move || get("month")/>
                <button type="submit" class="primary">"检索"</button>
            </form>
            <Transition fallback=|| view! { <p>"正在加载…"</p> }>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <p class="notice error" role="alert">{e.field("q").or_else(|| e.field("month")).unwrap_or_else(|| e.to_string())}</p> }.into_any(),
                    Ok(p) if p.items.is_empty() => view! { <p class="notice">"没有找到符合条件的留言。"</p> }.into_any(),
                    Ok(p) => {
                        let (kind, dept, q, month, _, _) = params.get();
                        let base = query_string(&[("kind", kind), ("department_id", dept), ("q", q), ("month", month)]);
                        view! {
                            <ul class="question-list">
                                {p.items.into_iter().map(|q| {
                                    let href = format!("/questions/{}", q.tracking_no);
                                    view! { <QuestionRow q href/> }
                                }).collect_view()}
                            </ul>
                            <Pager path="/questions" base page=p.page total=p.total per_page=p.per_page capped=p.total_capped next=p.next/>
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn MyQuestionsPage() -> impl IntoView {
    let query = use_query_map();
    let page = Memo::new(move |_| {
        query.with(|q| {
            q.get("page")
                .and_then(|p| p.parse::<u64>().ok())
                .unwrap_or(1)
        })
    });
    let list = Resource::new(move || page.get(), |p| my_questions(Some(p)));
    view! {
        <section>
            <PageTitle text="我的留言"/>
            <p><a href="/questions/new" class="button">"我要留言"</a></p>
            <Transition fallback=|| view! { <p>"正在加载…"</p> }>
                {move || list.get().map(|r| match r {
                    Err(crate::error::AppError::Unauthorized) => view! {
                        <p class="notice">"请先"<a href="/login?next=/questions/mine">"登录"</a>"。匿名留言请用留言编号和查询码"<a href="/questions/track">"查询"</a>"。"</p>
                    }.into_any(),
                    Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(p) if p.items.is_empty() => view! { <p class="notice">"您还没有提交过留言。"</p> }.into_any(),
                    Ok(p) => view! {
                        <ul class="question-list">
                            {p.items.into_iter().map(|q| {
                                let href = format!("/questions/{}", q.tracking_no);
                                view! { <QuestionRow q href/> }
                            }).collect_view()}
                        </ul>
                        <Pager path="/questions/mine" base=String::new() page=p.page total=p.total per_page=p.per_page/>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}
