//! The warning admins see while a year's 放假调休 arrangement is missing from the calendar.
use crate::error::AppError;
use leptos::prelude::*;

/// Years whose arrangement admins still have to enter (see `missing_arrangements`).
#[server]
pub async fn missing_arrangement_years() -> Result<Vec<i32>, AppError> {
    let (state, _) = crate::auth::caps::require::<crate::auth::caps::Admin>().await?;
    let cal = super::service::load(&state.db).await?;
    Ok(super::missing_arrangements(&cal, state.clock.today()))
}

/// Nothing while the calendar is complete; otherwise a warning naming the years.
#[component]
pub fn ArrangementWarning() -> impl IntoView {
    let years = Resource::new(|| (), |_| missing_arrangement_years());
    view! {
        <Transition fallback=|| ()>
            {move || years.get().and_then(Result::ok).filter(|y| !y.is_empty()).map(|years| {
                let names = years.iter().map(|y| format!("{y} 年")).collect::<Vec<_>>().join("、");
                view! {
                    <div class="notice warn" role="note">
                        <strong>{format!("工作日历尚未登记 {names}的放假调休安排。")}</strong>
                        "在登记之前，计入这些年份的办理期限只按周末计算，节假日不顺延、调休上班日不计入。请在国务院办公厅公布安排后，到"
                        <a href="/admin/calendar">"工作日历"</a>
                        "逐日登记。"
                    </div>
                }
            })}
        </Transition>
    }
}
