//! 首页: the live or next interview (its badge kept current by the interview's event stream),
//! the latest answers, 通知公告, this month's figures, the newest documents by column, and the
//! three modules explained.
use super::home_overview;
use super::types::{ColumnNews, Featured, FeaturedInterview, HomeContent, MonthFigures};
use crate::components::PageTitle;
use crate::interviews::pages::{follow_stage, long_time};
use crate::interviews::types::{Guest, Stage};
use crate::questions::pages::{show_date, show_time};
use crate::questions::types::Question;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let overview = Resource::new(|| (), |_| home_overview());
    view! {
        <section class="hero">
            <PageTitle text="南川区政务公开平台"/>
            <p class="lead">"向政府提问并按时得到答复，在线参与政府访谈，查阅政府公开的每一份文件。"</p>
            <p class="hero-actions">
                <a href="/questions/new" class="button">"我要留言"</a>
                <a href="/questions/track">"查询办理进度"</a>
                <a href="/disclosure-requests/new">"申请政府信息公开"</a>
            </p>
        </section>
        <Transition fallback=|| view! { <p>"正在载入…"</p> }>
            {move || overview.get().map(|r| match r {
                Ok(o) => view! { <Overview o/> }.into_any(),
                Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
            })}
        </Transition>
        <section class="modules" aria-label="平台栏目">
            <article class="card">
                <h2><a href="/questions">"网络问政"</a></h2>
                <p>"提出意见、建议、求助和投诉。每件留言都有留言编号，在规定的工作日内办理答复，可随时查询进度。"</p>
                <p><a href="/questions/new" class="button">"我要留言"</a>" "<a href="/questions/track">"查询办理进度"</a></p>
            </article>
            <article class="card">
                <h2><a href="/interviews">"在线访谈"</a></h2>
                <p>"部门负责人走进直播间，回答网民提问。访谈前征集问题，访谈中实时直播，访谈后发布文字实录。"</p>
                <p><a href="/interviews">"查看访谈预告与实录"</a></p>
            </article>
            <article class="card">
                <h2><a href="/catalog">"政府信息公开目录"</a></h2>
                <p>"按栏目、主题、发布机构和年份查阅主动公开的政府信息；未公开的信息可以依申请公开。"</p>
                <p><a href="/catalog">"检索公开信息"</a>" "<a href="/disclosure-requests/new">"申请公开"</a></p>
            </article>
        </section>
    }
}

#[component]
fn Overview(o: HomeContent) -> impl IntoView {
    let HomeContent {
        interview,
        answers,
        notices,
        columns,
        month,
    } = o;
    view! {
        {interview.map(|f| view! { <InterviewBanner f/> })}
        <div class="home-grid">
            <LatestAnswers answers/>
            <ColumnList column=notices heading_id="home-notices" title="通知公告"/>
        </div>
        <MonthPanel month/>
        <section class="home-columns" aria-labelledby="home-columns-h">
            <h2 id="home-columns-h">"最新公开信息"</h2>
            <div class="home-grid">
                {columns.into_iter().map(|c| {
                    let id = format!("home-col-{}", c.slug);
                    let title = c.name.clone();
                    view! { <ColumnList column=c heading_id=id title level3=true/> }
                }).collect_view()}
            </div>
        </section>
    }
}

/// The interview on air, or the next one, or the latest. The badge follows the stream: it
/// turns to 直播中 when the host goes live and on when the interview ends.
#[component]
fn InterviewBanner(f: FeaturedInterview) -> impl IntoView {
    let i = f.interview;
    let stage = RwSignal::new(i.stage);
    let (id, after) = (i.id, i.last_event_id);
    if f.why != Featured::Latest {
        Effect::new(move |_| follow_stage(id, after, stage));
    }
    let heading = match f.why {
        Featured::Live => "正在直播",
        Featured::Next => "访谈预告",
        Featured::Latest => "最近访谈",
    };
    let action = move || match stage.get() {
        Stage::Live => "进入直播间",
        Stage::Collecting => "提交问题",
        Stage::Review | Stage::Published => "查看文字实录",
        _ => "查看详情",
    };
    let guests = Guest::line(&i.guests);
    view! {
        <section class="home-live" class:on-air=move || stage.get() == Stage::Live aria-labelledby="home-live-h">
            <h2 id="home-live-h">{heading}</h2>
            <p class="home-live-title">
                // Announced politely: the badge changes while the page is open.
                <span class="stage-badge" class:live=move || stage.get() == Stage::Live aria-live="polite" data-testid="home-stage">
                    {move || stage.get().label()}
                </span>
                " "
                <a href=format!("/interviews/{id}")>{i.title.clone()}</a>
            </p>
            <p class="meta">
                <time datetime=i.scheduled_at.clone()>{long_time(&i.scheduled_at)}</time>
                {i.department.clone().map(|d| format!("　{d}"))}
                {(!guests.is_empty()).then(|| format!("　嘉宾：{guests}"))}
            </p>
            <p>{i.summary.clone()}</p>
            <p><a class="button" href=format!("/interviews/{id}")>{action}</a></p>
        </section>
    }
}

#[component]
fn LatestAnswers(answers: Vec<Question>) -> impl IntoView {
    view! {
        <section class="home-list" aria-labelledby="home-answers-h">
            <h2 id="home-answers-h">"最新答复"</h2>
            {if answers.is_empty() {
                view! { <p>"暂无已公开的答复。"</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {answers.into_iter().map(|q| {
                            let (dept, at) = q.answer.as_ref()
                                .map(|a| (a.department.clone(), a.answered_at.clone()))
                                .unwrap_or_default();
                            view! {
                                <li>
                                    <a href=format!("/questions/{}", q.tracking_no)>{q.title.clone()}</a>
                                    <span class="meta">
                                        {dept}" 答复于 "<time datetime=at.clone()>{show_time(&at)}</time>
                                    </span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <p class="more"><a href="/questions">"更多问政留言"</a></p>
        </section>
    }
}

#[component]
fn ColumnList(
    column: ColumnNews,
    #[prop(into)] heading_id: String,
    #[prop(into)] title: String,
    /// Inside 最新公开信息: the column headings sit one level down.
    #[prop(optional)]
    level3: bool,
) -> impl IntoView {
    let more = format!("/catalog?column={}", column.slug);
    let heading = if level3 {
        view! { <h3 id=heading_id.clone()><a href=more.clone()>{title.clone()}</a></h3> }.into_any()
    } else {
        view! { <h2 id=heading_id.clone()>{title.clone()}</h2> }.into_any()
    };
    view! {
        <section class="home-list" aria-labelledby=heading_id>
            {heading}
            {if column.items.is_empty() {
                view! { <p>"暂无。"</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {column.items.into_iter().map(|d| {
                            let date = d.published_on.map(|p| p.to_string()).unwrap_or_default();
                            view! {
                                <li>
                                    <a href=format!("/catalog/documents/{}", d.id)>{d.title}</a>
                                    <time class="meta" datetime=date.clone()>{show_date(&date)}</time>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <p class="more"><a href=more>{format!("更多{}", column.name)}</a></p>
        </section>
    }
}

#[component]
fn MonthPanel(month: MonthFigures) -> impl IntoView {
    let on_time = (month.answered > 0).then(|| {
        format!(
            "{:.0}%",
            month.answered_on_time as f64 * 100.0 / month.answered as f64
        )
    });
    let days = month
        .avg_working_days
        .map(|d| format!("{d:.1} 个工作日"))
        .unwrap_or_else(|| "—".into());
    view! {
        <section class="home-figures" aria-labelledby="home-figures-h">
            <h2 id="home-figures-h">{format!("{}年{}月网络问政", month.year, month.month)}</h2>
            <dl>
                <div><dt>"收到留言"</dt><dd data-testid="month-received">{month.received}</dd></div>
                <div><dt>"已答复"</dt><dd>{month.answered}</dd></div>
                <div>
                    <dt>"按期答复"</dt>
                    <dd data-testid="month-on-time">{month.answered_on_time}{on_time.map(|p| format!("（{p}）"))}</dd>
                </div>
                <div><dt>"平均办理"</dt><dd>{days}</dd></div>
            </dl>
            <p class="more"><a href="/questions/stats">"查看统计"</a></p>
        </section>
    }
}
