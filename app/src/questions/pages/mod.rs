//! Pages of 网络问政: the public list, submission, tracking, detail, "my questions", the
//! 审核工作台, statistics and the admin's time limits. Every page works with the keyboard;
//! cards and states are spelled out in text, never shown by colour alone.
mod admin;
mod detail;
mod handling;
mod list;
mod moderation;
mod review;
mod staff;
mod stats;
mod submit;
mod supervision;

pub use admin::TimeLimitsPage;
pub use detail::{QuestionDetail, QuestionPage};
pub use handling::{HandlingDetailPage, HandlingPage};
pub use list::{MyQuestionsPage, QuestionsPage};
pub use moderation::{ModerationDetailPage, ModerationPage};
pub use stats::StatsPage;
pub use submit::{NewQuestionPage, TrackPage};
pub use supervision::{SuperviseDetailPage, SupervisionPage};

use super::types::{Overdue, Question, Status};
use leptos::prelude::*;

pub(crate) use crate::components::{query_string, show_date, show_time, Pager};

/// Text in paragraphs: each line break starts a new paragraph. Text nodes are escaped by
/// the renderer, so nothing typed by a user ever becomes markup.
#[component]
pub fn Paragraphs(#[prop(into)] text: String) -> impl IntoView {
    text.split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| view! { <p>{l.to_string()}</p> })
        .collect_view()
}

#[component]
pub fn StatusBadge(status: Status) -> impl IntoView {
    let class = format!("badge status-{}", status.as_str());
    view! { <span class=class>{status.label()}</span> }
}

#[component]
pub fn CardBadge(card: Overdue) -> impl IntoView {
    (card != Overdue::None).then(|| {
        let class = format!("badge card-{}", card.as_str());
        view! { <span class=class>{card.label()}</span> }
    })
}

/// One row of a list of questions, linking to `href`.
#[component]
pub fn QuestionRow(q: Question, href: String, #[prop(optional)] staff: bool) -> impl IntoView {
    let dept = q.department.as_ref().map(|d| d.name.clone());
    let answered_at = q.answer.as_ref().map(|a| show_date(&a.answered_at));
    view! {
        <li class="question-row">
            <h3><a href=href>{q.title.clone()}</a></h3>
            <p class="meta">
                <span>{format!("编号 {}", q.tracking_no)}</span>
                <span>{q.kind.label()}</span>
                <StatusBadge status=q.status/>
                {staff.then(|| view! { <CardBadge card=q.overdue/> })}
                <span>{format!("收到 {}", show_date(&q.submitted_at))}</span>
                {dept.map(|d| view! { <span>{format!("承办 {d}")}</span> })}
                {staff.then(|| q.due_date.clone().map(|d| view! { <span>{format!("期限 {d}")}</span> })).flatten()}
                {staff.then(|| q.follow_up_due.clone().map(|d| view! { <span>{format!("追问期限 {d}")}</span> })).flatten()}
                {(staff && q.supervised).then(|| view! { <span class="badge card-yellow">"已督办"</span> })}
                {answered_at.map(|d| view! { <span>{format!("答复 {d}")}</span> })}
            </p>
        </li>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_show_to_the_minute() {
        assert_eq!(
            super::show_time("2026-11-26T09:30:00+08:00"),
            "2026-11-26 09:30"
        );
    }
}
