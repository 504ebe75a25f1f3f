//! 办理统计 (/questions/stats): per month and per department, as an SVG bar chart drawn
//! here (no chart library, nothing from a CDN), tables, and a CSV download.
use crate::components::PageTitle;
use crate::questions::question_stats;
use crate::questions::report::{fmt_days, fmt_pct, StatRow, Stats, SMALL_SAMPLE};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

const W: f64 = 720.0;
const H: f64 = 240.0;
const LEFT: f64 = 40.0;
const BOTTOM: f64 = 30.0;

/// Received and answered per month as grouped bars; the table below carries the figures
/// for screen readers and print.
#[component]
fn MonthChart(rows: Vec<StatRow>) -> impl IntoView {
    let max = rows.iter().map(|r| r.received).max().unwrap_or(0).max(1) as f64;
    let slot = (W - LEFT) / 12.0;
    let bar = slot * 0.35;
    let scale = move |v: u64| (v as f64) / max * (H - BOTTOM - 10.0);
    let bars = rows
        .iter()
        .map(|r| {
            let m: f64 = r.label.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1.0);
            let x = LEFT + (m - 1.0) * slot + slot * 0.1;
            let (h1, h2) = (scale(r.received), scale(r.answered));
            view! {
                <g>
                    <rect class="bar-received" x=format!("{x:.1}") y=format!("{:.1}", H - BOTTOM - h1) width=format!("{bar:.1}") height=format!("{h1:.1}")>
                        <title>{format!("{} 收到 {}", r.label, r.received)}</title>
                    </rect>
                    <rect class="bar-answered" x=format!("{:.1}", x + bar) y=format!("{:.1}", H - BOTTOM - h2) width=format!("{bar:.1}") height=format!("{h2:.1}")>
                        <title>{format!("{} 答复 {}", r.label, r.answered)}</title>
                    </rect>
                </g>
            }
        })
        .collect_view();
    let labels = (1..=12)
        .map(|m| {
            let x = LEFT + (m as f64 - 0.5) * slot;
            view! { <text class="axis" x=format!("{x:.1}") y=format!("{:.1}", H - 10.0) text-anchor="middle">{format!("{m}月")}</text> }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-labelledby="chart-title">
                <title id="chart-title">"各月收到与答复的留言数"</title>
                <line class="axis-line" x1=LEFT.to_string() y1=(H - BOTTOM).to_string() x2=W.to_string() y2=(H - BOTTOM).to_string()/>
                <text class="axis" x="4" y="16">{format!("{}", max as u64)}</text>
                {bars}
                {labels}
            </svg>
            <figcaption>
                <span class="key key-received">"收到"</span>" "
                <span class="key key-answered">"答复"</span>
            </figcaption>
        </figure>
    }
}

fn row_cells(r: &StatRow) -> impl IntoView {
    view! {
        <td>{r.received}</td>
        <td>{r.answered}</td>
        <td>{fmt_pct(r.answered_pct())}</td>
        <td>{r.answered_on_time}</td>
        <td>{fmt_pct(r.on_time_pct())}</td>
        <td>{fmt_days(r.avg_working_days)}</td>
        <td>{fmt_pct(r.satisfaction_pct())}{format!("（{} 人评价）", r.rated)}</td>
    }
}

fn head(first: &'static str, ranked: bool) -> impl IntoView {
    view! {
        <thead><tr>
            {ranked.then(|| view! { <th scope="col">"名次"</th> })}
            <th scope="col">{first}</th><th scope="col">"收到"</th><th scope="col">"已答复"</th><th scope="col">"答复率"</th>
            <th scope="col">"按时答复"</th><th scope="col">"按时率"</th><th scope="col">"平均办理工作日"</th><th scope="col">"满意率"</th>
            {ranked.then(|| view! { <th scope="col">"退回"</th><th scope="col">"督办"</th> })}
        </tr></thead>
    }
}

#[component]
fn StatsTables(s: Stats) -> impl IntoView {
    let mut rank = 0;
    view! {
        <MonthChart rows=s.months.clone()/>
        <table class="data">
            <caption>{format!("{} 年各月办理情况", s.year)}</caption>
            {head("月份", false)}
            <tbody>
                {s.months.iter().map(|r| view! { <tr><th scope="row">{r.label.clone()}</th>{row_cells(r)}</tr> }).collect_view()}
                <tr class="total"><th scope="row">"合计"</th>{row_cells(&s.total)}</tr>
            </tbody>
        </table>
        <table class="data">
            <caption>{format!("各部门办理情况（按按时率排序；不足 {SMALL_SAMPLE} 件的部门标为“样本较少”，不参与排名）")}</caption>
            {head("部门", true)}
            <tbody>
                {s.departments.iter().map(|r| {
                    let place = if r.small_sample { "样本较少".to_string() } else { rank += 1; rank.to_string() };
                    view! { <tr class:small-sample=r.small_sample><td>{place}</td><th scope="row">{r.label.clone()}</th>{row_cells(r)}<td>{r.returns}</td><td>{r.supervised}</td></tr> }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn StatsPage() -> impl IntoView {
    let query = use_query_map();
    // No year: the server picks the current one in the district's time zone.
    let year = Memo::new(move |_| {
        query.with(|q| {
            q.get("year")
                .and_then(|y| y.parse::<i32>().ok())
                .filter(|y| (2000..=2100).contains(y))
        })
    });
    let stats = Resource::new(move || year.get(), question_stats);
    view! {
        <section>
            <PageTitle text="网络问政办理统计"/>
            <p>"按收到时间统计，不含不予受理的留言。“按时答复”指在答复期限（含延期）内答复；办理工作日按工作日历计算。"</p>
            <Transition fallback=|| view! { <p>"正在加载…"</p> }>
                {move || stats.get().map(|r| match r {
                    Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(s) => {
                        let y = s.year;
                        view! {
                            <nav class="pager" aria-label="年份">
                                <a href=format!("/questions/stats?year={}", y - 1)>{format!("{} 年", y - 1)}</a>
                                <strong aria-current="page">{format!("{y} 年")}</strong>
                                <a href=format!("/questions/stats?year={}", y + 1)>{format!("{} 年", y + 1)}</a>
                                <a href=format!("/questions/stats.csv?year={y}") download="">"下载 CSV 表格"</a>
                            </nav>
                            {if s.total.received == 0 {
                                view! { <p class="notice">"该年度没有留言。"</p> }.into_any()
                            } else {
                                view! { <StatsTables s/> }.into_any()
                            }}
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}
