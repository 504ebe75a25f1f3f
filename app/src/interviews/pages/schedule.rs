//! The console's section for changing an interview not yet live: a new time, or a
//! cancellation, each with the public notice its page will show.
use super::super::types::{Interview, Stage};
use super::super::{CancelInterview, RescheduleInterview};
use crate::components::{field_error, ErrorNotice, Field, TextAreaField};
use leptos::prelude::*;

/// `YYYY-MM-DDTHH:MM` of an RFC 3339 time, what a datetime-local input holds.
fn local_input(at: &str) -> String {
    at.get(0..16).unwrap_or(at).to_string()
}

#[component]
pub fn ScheduleChange(
    interview: Interview,
    reschedule: ServerAction<RescheduleInterview>,
    cancel: ServerAction<CancelInterview>,
) -> impl IntoView {
    let id = interview.id;
    let announced = interview.stage != Stage::Draft;
    view! {
        <section class="schedule-change" aria-labelledby="schedule-heading">
            <h2 id="schedule-heading">{if announced { "调整时间或取消访谈" } else { "调整时间" }}</h2>
            {announced.then(|| view! {
                <p class="hint">"预告已发布：调整时间或取消都会在访谈页面发布公告。"</p>
            })}
            <ActionForm action=reschedule attr:class="form">
                <ErrorNotice action=reschedule/>
                <input type="hidden" name="id" value=id/>
                <Field label="新的访谈时间" name="scheduled_at" kind="datetime-local" required=true
                    value=local_input(&interview.scheduled_at) id="reschedule-at"
                    hint="北京时间" error=field_error(reschedule, "scheduled_at")/>
                <Field label="新的时长（分钟）" name="duration_minutes" kind="number"
                    value=interview.duration_minutes.to_string() id="reschedule-minutes"
                    hint="一般 60–120 分钟" error=field_error(reschedule, "duration_minutes")/>
                {announced.then(|| view! {
                    <TextAreaField label="调整公告" name="notice" rows=3 maxlength=1000 id="reschedule-notice"
                        hint="10–1000 字，向网友说明调整的原因和新的安排" error=field_error(reschedule, "notice")/>
                    <TextAreaField label="超出常规时的理由" name="override_reason" rows=2 maxlength=500 id="reschedule-reason"
                        hint="新时间不在 3 天至 1 个月之后，或时长不在 60–120 分钟的，须写明理由" error=field_error(reschedule, "override_reason")/>
                })}
                <button type="submit">"调整时间"</button>
            </ActionForm>
            {announced.then(|| view! {
                <ActionForm action=cancel attr:class="form">
                    <ErrorNotice action=cancel/>
                    <input type="hidden" name="id" value=id/>
                    <TextAreaField label="取消公告" name="notice" rows=3 maxlength=1000 id="cancel-notice"
                        hint="10–1000 字，向网友说明取消的原因；取消后不再征集问题，不能恢复" error=field_error(cancel, "notice")/>
                    <button type="submit" class="danger">"取消访谈"</button>
                </ActionForm>
            })}
        </section>
    }
}
