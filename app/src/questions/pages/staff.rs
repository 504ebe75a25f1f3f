//! What every staff desk shows about a question besides its public face: 督办 notes,
//! returns (退回), the draft under review, the reason it was sent back, an open extension
//! request; and the form that answers a follow-up (追问), for handlers and the office alike.
use super::show_time;
use crate::components::{field_error, ErrorNotice, TextAreaField};
use crate::questions::types::Question;
use crate::questions::AnswerQuestionFollowUp;
use leptos::prelude::*;

#[component]
pub fn StaffInfo(q: Question) -> impl IntoView {
    let supervisions = (!q.supervisions.is_empty()).then(|| {
        view! {
            <section class="notice warn" aria-labelledby="staff-supervision">
                <h2 id="staff-supervision">"督办意见"</h2>
                <ul>
                    {q.supervisions.iter().map(|s| view! {
                        <li><span class="muted">{format!("{} {}：", show_time(&s.at), s.by)}</span>{s.note.clone()}</li>
                    }).collect_view()}
                </ul>
            </section>
        }
    });
    let returns = (!q.returns.is_empty()).then(|| {
        view! {
            <section aria-labelledby="staff-returns">
                <h2 id="staff-returns">"退回记录"</h2>
                <ul>
                    {q.returns.iter().map(|r| view! {
                        <li><span class="muted">{format!("{} {}：", show_time(&r.at), r.department)}</span>{r.reason.clone()}</li>
                    }).collect_view()}
                </ul>
            </section>
        }
    });
    let sent_back = q.send_back_reason.clone().map(|r| {
        view! {
            <section class="notice warn" aria-labelledby="staff-sent-back">
                <h2 id="staff-sent-back">"网站办退回重办的意见"</h2>
                <p>{r}</p>
            </section>
        }
    });
    let draft = q.draft.clone().map(|d| {
        view! {
            <section aria-labelledby="staff-draft">
                <h2 id="staff-draft">{format!("承办单位的答复稿（{}）", show_time(&d.at))}</h2>
                <div class="text"><super::Paragraphs text=d.body/></div>
            </section>
        }
    });
    let request = q.extension_request.clone().map(|r| {
        view! {
            <section class="notice" aria-labelledby="staff-extension">
                <h2 id="staff-extension">"延期申请（待网站办决定）"</h2>
                <p>{format!("申请延长 {} 个工作日：{}", r.working_days, r.reason)}</p>
            </section>
        }
    });
    let follow_up = q.follow_up_due.clone().map(|d| {
        view! { <p class="notice">{format!("留言人追问待答复，期限 {d}")}</p> }
    });
    view! { {supervisions}{follow_up}{request}{sent_back}{draft}{returns} }
}

/// The answer to an open follow-up; shown to the handlers and the office.
#[component]
pub fn FollowUpAnswerForm(
    n: StoredValue<String>,
    action: ServerAction<AnswerQuestionFollowUp>,
) -> impl IntoView {
    view! {
        <h2>"答复追问"</h2>
        <ActionForm action=action attr:class="form">
            <ErrorNotice action=action/>
            <input type="hidden" name="tracking_no" value=n.get_value()/>
            <TextAreaField label="追问的答复" name="body" id="follow-up-answer" required=true rows=6 maxlength=10000
                error=field_error(action, "body")/>
            <button type="submit" class="primary">"提交答复"</button>
        </ActionForm>
    }
}
