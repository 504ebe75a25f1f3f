//! `/admin/calendar` (系统管理：工作日历): the year's listed days, entering and removing one.
use super::*;
use crate::admin::pages::AdminNav;
use crate::calendar::notice::ArrangementWarning;
use crate::calendar::DayKind;
use crate::components::{field_error, ErrorNotice, Field, PageTitle, SelectField};
use leptos_router::hooks::use_query_map;

fn moved_note(c: Correction) -> String {
    match c.deadlines_moved {
        0 => "已保存。没有正在计时的办理期限受影响。".to_string(),
        n => {
            format!("已保存。{n} 件留言的答复期限已按调整后的日历重新计算，并记入各自的办理记录。")
        }
    }
}

#[component]
pub fn AdminCalendarPage() -> impl IntoView {
    let query = use_query_map();
    // Without ?year= the server picks the district's current year.
    let year = Memo::new(move |_| {
        query
            .get()
            .get("year")
            .and_then(|y| y.parse::<i32>().ok())
            .filter(|y| (2000..=2100).contains(y))
    });
    let save = ServerAction::<SaveCalendarDay>::new();
    let remove = ServerAction::<RemoveCalendarDay>::new();
    let days = Resource::new(
        move || (year.get(), save.version().get(), remove.version().get()),
        |(y, _, _)| calendar_year(y),
    );
    let kinds = Signal::derive(|| {
        vec![
            (
                DayKind::Holiday.as_str().to_string(),
                DayKind::Holiday.label().to_string(),
            ),
            (
                DayKind::Workday.as_str().to_string(),
                DayKind::Workday.label().to_string(),
            ),
        ]
    });
    view! {
        <section>
            <PageTitle text="系统管理：工作日历"/>
            <AdminNav/>
            <p>"周一至周五为工作日。此处登记法定节假日（放假）和周末调休上班日；所有办理时限按此日历计算。"</p>
            <h2>"登记日期"</h2>
            <ArrangementWarning/>
            <ActionForm action=save attr:class="form inline-form">
                <ErrorNotice action=save/>
                <Field label="日期" name="day" kind="date" required=true error=field_error(save, "day")/>
                <SelectField label="类型" name="kind" options=kinds error=field_error(save, "kind")/>
                <Field label="说明" name="name" required=true maxlength=30 error=field_error(save, "name")/>
                <button type="submit" class="primary">"保存"</button>
            </ActionForm>
            <ErrorNotice action=remove/>
            {move || save.value().get().or_else(|| remove.value().get()).and_then(Result::ok).map(|c| view! {
                <p class="notice ok" role="status">{moved_note(c)}</p>
            })}
            <Transition fallback=|| view! { <p>"正在加载…"</p> }>
                {move || days.get().map(|r| match r {
                    Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(ListedYear { year: y, days }) => view! {
                        <nav class="pager" aria-label="年份">
                            <a href=format!("/admin/calendar?year={}", y - 1)>{format!("{} 年", y - 1)}</a>
                            <strong aria-current="page">{format!("{y} 年")}</strong>
                            <a href=format!("/admin/calendar?year={}", y + 1)>{format!("{} 年", y + 1)}</a>
                        </nav>
                        <table class="data">
                            <caption>{format!("{y} 年登记的日期（{} 天）", days.len())}</caption>
                            <thead><tr><th scope="col">"日期"</th><th scope="col">"类型"</th><th scope="col">"说明"</th><th scope="col">"操作"</th></tr></thead>
                            <tbody>
                            {days.into_iter().map(|d| {
                                let day = d.day.to_string();
                                view! {
                                    <tr>
                                        <th scope="row">{day.clone()}</th>
                                        <td>{d.kind.label()}</td>
                                        <td>{d.name.clone()}</td>
                                        <td>
                                            <ActionForm action=remove attr:class="inline">
                                                <input type="hidden" name="day" value=day.clone()/>
                                                <button type="submit" aria-label=format!("删除 {day}")>"删除"</button>
                                            </ActionForm>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}
