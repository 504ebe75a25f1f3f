//! `/reports/annual/{year}`: tables 2–4 and the column counts, printable, with CSV and Excel export;
//! staff enter the figures the data cannot give.
use super::types::{ReportSections, ReviewRow, FIGURES, SECTIONS};
use super::*;
use crate::auth::AuthContext;
use crate::components::{field_error, paragraphs, ErrorNotice, PageTitle, TextAreaField};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

fn review_row(name: &'static str, r: ReviewRow) -> impl IntoView {
    view! {
        <tr>
            <th scope="row">{name}</th>
            <td>{r.upheld}</td><td>{r.corrected}</td><td>{r.other}</td><td>{r.pending}</td><td>{r.total}</td>
        </tr>
    }
}

#[component]
pub fn AnnualReportPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let year = move || {
        params
            .with(|p| p.get("year").and_then(|y| y.parse::<i32>().ok()))
            .unwrap_or(0)
    };
    // Whose report: `?department_id=` a department's, none the district's.
    let department = move || query.with(|q| q.get("department_id"));
    let save = ServerAction::<SaveReportFigures>::new();
    let save_sections = ServerAction::<SaveReportSections>::new();
    let publish = ServerAction::<PublishAnnualReport>::new();
    let (saved, sections_saved, published) = (
        crate::components::successes(save),
        crate::components::successes(save_sections),
        crate::components::successes(publish),
    );
    let report = Resource::new(
        move || {
            (
                year(),
                department(),
                saved.get(),
                sections_saved.get(),
                published.get(),
            )
        },
        |(y, d, ..)| get_annual_report(y, d),
    );
    let auth = AuthContext::use_context();
    let staff = move || {
        auth.user()
            .is_some_and(|u| crate::auth::caps::edits_report(&u))
    };
    let admin = move || {
        auth.user()
            .is_some_and(|u| crate::auth::caps::holds(&u, crate::auth::Role::Admin))
    };
    view! {
        <Transition fallback=|| view! { <p>"正在加载…"</p> }>
            {move || report.get().map(|r| match r {
                Err(_) => view! {
                    <section><PageTitle text="年度报告不存在"/><p>"请检查年份。"</p></section>
                }.into_any(),
                Ok(r) => {
                    let y = r.year;
                    let scope = types::Scope::of(r.department.as_ref().map(|d| d.id));
                    let q = scope.query();
                    let who = r.department.as_ref().map(|d| format!("{} ", d.name)).unwrap_or_default();
                    let publish_label = format!("发布 {who}{y} 年度报告");
                    let publisher = r.department.as_ref().map(|d| d.name.clone()).unwrap_or_else(|| "本平台".into());
                    let t2 = r.table2.clone();
                    let t4 = r.table4.clone();
                    let r_form = r.clone();
                    let open = !r.published;
                    let sections = r.sections.clone();
                    let sections_form = r.sections.clone();
                    view! {
                        <article class="annual-report">
                            <PageTitle text=format!("{who}{y} 年政府信息公开工作年度报告")/>
                            {scope.department().map(|_| view! {
                                <p class="no-print"><a href=format!("/reports/annual/{y}")>{format!("返回全区 {y} 年度报告和各部门报告")}</a></p>
                            })}
                            <nav class="pager no-print" aria-label="年份">
                                <a href=format!("/reports/annual/{}{q}", y - 1)>{format!("{} 年", y - 1)}</a>
                                <strong aria-current="page">{format!("{y} 年")}</strong>
                                <a href=format!("/reports/annual/{}{q}", y + 1)>{format!("{} 年", y + 1)}</a>
                                <a href=format!("/api/v1/reports/annual/{y}/csv{q}") download="">"导出 CSV"</a>
                                <a href=format!("/api/v1/reports/annual/{y}/xlsx{q}") download="">"导出 Excel"</a>
                                <a href=format!("/api/v1/reports/annual/{y}{q}")>"JSON"</a>
                            </nav>
                            {if r.consistent {
                                view! { <p class="notice ok" role="status" data-testid="consistency">"表三核对一致：一 + 二 = 三 + 四。"</p> }.into_any()
                            } else {
                                view! { <p class="notice error" role="alert" data-testid="consistency">"表三核对不一致：一 + 二 ≠ 三 + 四，请检查数据。"</p> }.into_any()
                            }}
                            {r.published_at.map(|at| view! {
                                <p class="notice ok" role="status" data-testid="published">
                                    {format!("本报告已于 {} 发布，内容和数字不再变动。", (at + chrono::Duration::hours(8)).format("%Y-%m-%d %H:%M"))}
                                    {r.document_id.map(|id| view! { " "<a href=format!("/catalog/documents/{id}")>"在政府信息公开目录中查看"</a> })}
                                </p>
                            })}
                            <h2>"一、总体情况"</h2>
                            {paragraphs(&sections.overview)}
                            <p>{format!("{y} 年，{publisher}主动公开政府信息 {} 条。各栏目发布情况如下：", r.documents_total)}</p>
                            <table class="data">
                                <caption>"各栏目发布信息条数"</caption>
                                <thead><tr><th scope="col">"栏目"</th><th scope="col">"条数"</th></tr></thead>
                                <tbody>
                                    {r.column_counts.iter().map(|c| view! {
                                        <tr><th scope="row">{c.name.clone()}</th><td>{c.count}</td></tr>
                                    }).collect_view()}
                                    <tr><th scope="row">"合计"</th><td>{r.documents_total}</td></tr>
                                </tbody>
                            </table>
                            <h2>"二、主动公开政府信息情况"</h2>
                            <table class="data">
                                <caption>"表二 规章与行政规范性文件"</caption>
                                <thead><tr><th scope="col">"信息内容"</th><th scope="col">"本年制发件数"</th><th scope="col">"本年废止件数"</th><th scope="col">"现行有效件数"</th></tr></thead>
                                <tbody>
                                    <tr><th scope="row">"规章"</th><td>{t2.regulations.issued}</td><td>{t2.regulations.repealed}</td><td>{t2.regulations.in_force}</td></tr>
                                    <tr><th scope="row">"行政规范性文件"</th><td>{t2.normative.issued}</td><td>{t2.normative.repealed}</td><td>{t2.normative.in_force}</td></tr>
                                </tbody>
                            </table>
                            <table class="data">
                                <caption>"表二 行政许可、处罚、强制与收费"</caption>
                                <thead><tr><th scope="col">"信息内容"</th><th scope="col">"本年处理决定数量 / 收费金额"</th></tr></thead>
                                <tbody>
                                    <tr><th scope="row">"行政许可"</th><td>{t2.permits}</td></tr>
                                    <tr><th scope="row">"行政处罚"</th><td>{t2.penalties}</td></tr>
                                    <tr><th scope="row">"行政强制"</th><td>{t2.coercions}</td></tr>
                                    <tr><th scope="row">"行政事业性收费（万元）"</th><td>{t2.fees_wan.clone()}</td></tr>
                                </tbody>
                            </table>
                            <h2>"三、收到和处理政府信息公开申请情况"</h2>
                            <div class="table-scroll">
                            <table class="data table3">
                                <caption>"表三 申请情况（按申请人类型）"</caption>
                                <thead>
                                    <tr>
                                        <th scope="col" rowspan="2">"项目"</th>
                                        <th scope="col" rowspan="2">"自然人"</th>
                                        <th scope="colgroup" colspan="5">"法人或其他组织"</th>
                                        <th scope="col" rowspan="2">"总计"</th>
                                    </tr>
                                    <tr>
                                        {r.table3.columns[1..6].iter().map(|c| view! { <th scope="col">{c.clone()}</th> }).collect_view()}
                                    </tr>
                                </thead>
                                <tbody>
                                    {r.table3.rows.iter().map(|row| view! {
                                        <tr>
                                            <th scope="row">{row.label.clone()}</th>
                                            {row.values.iter().map(|v| view! { <td>{*v}</td> }).collect_view()}
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            </div>
                            <h2>"四、政府信息公开行政复议、行政诉讼情况"</h2>
                            <table class="data">
                                <caption>"表四 行政复议与行政诉讼"</caption>
                                <thead><tr><th scope="col">"类别"</th><th scope="col">"结果维持"</th><th scope="col">"结果纠正"</th><th scope="col">"其他结果"</th><th scope="col">"尚未审结"</th><th scope="col">"总计"</th></tr></thead>
                                <tbody>
                                    {review_row("行政复议", t4.review)}
                                    {review_row("行政诉讼（未经复议直接起诉）", t4.litigation_direct)}
                                    {review_row("行政诉讼（复议后起诉）", t4.litigation_after_review)}
                                </tbody>
                            </table>
                            <h2>"五、存在的主要问题及改进情况"</h2>
                            {written(&sections.problems)}
                            <h2>"六、其他需要报告的事项"</h2>
                            {written(&sections.other_matters)}
                            {scope.department().is_none().then(|| view! { <DepartmentList year=y/> })}
                            {move || (open && staff()).then(|| view! {
                                <SectionsForm year=y scope action=save_sections sections=sections_form.clone()/>
                            })}
                            {move || (open && admin()).then(|| {
                                let label = publish_label.clone();
                                view! {
                                <section class="no-print">
                                    <h2>"发布年度报告"</h2>
                                    <p>"发布后，本报告的数字和内容即冻结，不再随数据变动，并在政府信息公开目录“工作报告”栏目公开。请在核对无误后发布。"</p>
                                    <ActionForm action=publish attr:class="form">
                                        <ErrorNotice action=publish/>
                                        <input type="hidden" name="year" value=y/>
                                        {scope_input(scope)}
                                        <button type="submit" class="primary">{label}</button>
                                    </ActionForm>
                                </section>
                            }})}
                            {move || (open && staff()).then(|| {
                                let r = r_form.clone();
                                view! {
                                <section class="no-print">
                                    <h2>"填报统计数字（表二、表四）"</h2>
                                    <ActionForm action=save attr:class="form figures-form">
                                        <ErrorNotice action=save/>
                                        <input type="hidden" name="year" value=y/>
                                        {scope_input(scope)}
                                        {FIGURES.iter().map(|(key, label)| {
                                            let err = field_error(save, key);
                                            let current = r.figure(key);
                                            view! {
                                                <div class="field">
                                                    <label for=*key>{*label}</label>
                                                    <input id=*key name=*key inputmode="decimal" value=current
                                                        aria-invalid=move || err.get().is_some().then_some("true")/>
                                                    <p class="error" role="alert" hidden=move || err.get().is_none()>{move || err.get()}</p>
                                                </div>
                                            }
                                        }).collect_view()}
                                        <button type="submit" class="primary">"保存"</button>
                                    </ActionForm>
                                </section>
                            }})}
                        </article>
                    }.into_any()
                }
            })}
        </Transition>
    }
}

/// A written section, or a note that there is nothing to report yet.
fn written(text: &str) -> AnyView {
    if text.trim().is_empty() {
        view! { <p class="muted">"（尚未填写）"</p> }.into_any()
    } else {
        paragraphs(text).into_any()
    }
}

/// The hidden field that names a department's report in a staff form (none for the
/// district's).
fn scope_input(scope: types::Scope) -> Option<impl IntoView> {
    scope
        .department()
        .map(|d| view! { <input type="hidden" name="department_id" value=d/> })
}

/// The district report's list of the departments' reports of the same year.
#[component]
fn DepartmentList(year: i32) -> impl IntoView {
    let list = Resource::new(move || year, annual_report_departments);
    view! {
        <section class="no-print" aria-labelledby="department-reports">
            <h2 id="department-reports">"各部门年度报告"</h2>
            <Transition fallback=|| view! { <p>"正在加载…"</p> }>
                {move || list.get().map(|r| match r {
                    Err(_) => view! { <p class="notice error" role="alert">"各部门报告暂时无法加载。"</p> }.into_any(),
                    Ok(r) => view! {
                        <table class="data" data-testid="department-reports">
                            <caption>{format!("{year} 年度各部门政府信息公开工作年度报告")}</caption>
                            <thead><tr>
                                <th scope="col">"部门"</th>
                                <th scope="col">"承办的申请"</th>
                                <th scope="col">"状态"</th>
                            </tr></thead>
                            <tbody>
                                {r.items.into_iter().map(|d| view! {
                                    <tr>
                                        <th scope="row">
                                            <a href=format!("/reports/annual/{year}?department_id={}", d.department.id)>{d.department.name.clone()}</a>
                                        </th>
                                        <td>{d.applications}</td>
                                        <td>{match d.published_at {
                                            Some(at) => format!("已于 {} 发布", (at + chrono::Duration::hours(8)).format("%Y-%m-%d")),
                                            None => "未发布".to_string(),
                                        }}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        {(r.unassigned > 0).then(|| view! {
                            <p class="notice warn" data-testid="unassigned">
                                {format!("另有 {} 件申请未指定承办部门，只计入全区报告。依申请公开办理人员可在申请办理页指定。", r.unassigned)}
                            </p>
                        })}
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// Staff write sections 一, 五 and 六 until the report is published.
#[component]
fn SectionsForm(
    year: i32,
    scope: types::Scope,
    action: ServerAction<SaveReportSections>,
    sections: ReportSections,
) -> impl IntoView {
    view! {
        <section class="no-print">
            <h2>"填写报告正文（一、五、六）"</h2>
            <ActionForm action=action attr:class="form">
                <ErrorNotice action=action/>
                <input type="hidden" name="year" value=year/>
                {scope_input(scope)}
                {SECTIONS.iter().map(|(key, label)| view! {
                    <TextAreaField label=*label name=*key rows=6 maxlength=20000
                        value=sections.get(key).to_string()
                        error=field_error(action, key)/>
                }).collect_view()}
                <button type="submit" class="primary">"保存正文"</button>
            </ActionForm>
        </section>
    }
}
