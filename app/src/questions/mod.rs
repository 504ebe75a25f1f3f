//! 网络问政 (public questions): residents submit, moderators route and answer within
//! working-day limits, the public reads published answers and statistics.
//! Server functions here check the session and role themselves; the REST handlers in
//! `rest` call the same service.
// A server function's arguments are its form's fields, one each; the submission form has
// eight. (An attribute on the function itself does not reach the browser-side stub.)
#![allow(clippy::too_many_arguments)]
pub mod mask;
pub mod overdue;
pub mod pages;
pub mod report;
pub mod state;
pub mod types;

#[cfg(feature = "ssr")]
pub mod rest;
#[cfg(feature = "ssr")]
pub mod service;

use crate::error::{AppError, FieldErrors};
use leptos::prelude::*;
use report::Stats;
use types::*;

#[cfg(feature = "ssr")]
use crate::auth::caps;

/// Parses list filters from query strings; a bad value is a field error, never a 500.
/// `public` refuses searching for phone numbers or e-mail addresses, which would reveal
/// whether masked text contains them.
pub fn parse_filters(
    kind: Option<&str>,
    department_id: Option<&str>,
    q: Option<&str>,
    status: Option<&str>,
    month: Option<&str>,
    overdue: Option<&str>,
    public: bool,
) -> Result<Filters, AppError> {
    let some = |v: Option<&str>| {
        v.map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let mut errors = FieldErrors::new();
    let mut f = Filters::default();
    if let Some(k) = some(kind) {
        f.kind = errors.check("kind", Kind::parse(&k));
    }
    if let Some(d) = some(department_id) {
        f.department_id = errors.check(
            "department_id",
            d.parse::<i32>().map_err(|_| "部门编号须为整数".to_string()),
        );
    }
    if let Some(s) = some(status) {
        f.status = errors.check("status", Status::parse(&s));
    }
    if let Some(m) = some(month) {
        f.month = errors.check("month", parse_month(&m));
    }
    if let Some(o) = some(overdue) {
        f.overdue = errors.check("overdue", Overdue::parse(&o));
    }
    if let Some(text) = some(q) {
        let longest_digits = text
            .split(|c: char| !c.is_ascii_digit())
            .map(str::len)
            .max()
            .unwrap_or(0);
        if text.chars().count() > 50 {
            errors.add("q", "检索词最多 50 个字");
        } else if public && (longest_digits >= 7 || text.contains('@')) {
            errors.add("q", "检索词不能包含手机号、证件号或电子邮箱");
        } else {
            f.q = Some(text);
        }
    }
    errors.into_result()?;
    Ok(f)
}

#[cfg(feature = "ssr")]
fn page_no(page: Option<u64>) -> u64 {
    crate::input::page_no(page.unwrap_or(1))
}

#[server]
pub async fn list_questions(
    kind: Option<String>,
    department_id: Option<String>,
    q: Option<String>,
    month: Option<String>,
    page: Option<u64>,
    after: Option<String>,
) -> Result<QuestionPage, AppError> {
    let state = crate::platform::AppState::from_context()?;
    let after = crate::input::Cursor::optional(after.as_deref())?;
    let f = parse_filters(
        kind.as_deref(),
        department_id.as_deref(),
        q.as_deref(),
        None,
        month.as_deref(),
        None,
        true,
    )?;
    let at = service::queries::At::new(page_no(page), after);
    service::queries::public_list(&state.reads, &f, at, 20).await
}

#[server]
pub async fn submit_question(
    kind: String,
    title: String,
    body: String,
    department_id: Option<String>,
    is_public: Option<String>,
    contact_name: Option<String>,
    contact_phone: Option<String>,
    contact_email: Option<String>,
    consent: Option<String>,
) -> Result<Submitted, AppError> {
    let (state, caller) = caps::caller().await?;
    // The service treats a contact whose fields are all empty as none.
    let contact = Some(Contact {
        name: contact_name.unwrap_or_default(),
        phone: contact_phone,
        email: contact_email,
    });
    let input = service::submit::SubmitInput {
        kind,
        title,
        body,
        department_id: department_id.map(Into::into),
        is_public: is_public.is_some(),
        contact,
        consent: crate::components::privacy::from_form(consent),
    };
    service::submit::submit(&state, &caller, input).await
}

/// One question for whoever asks: published ones for anyone, others for the submitter
/// (session or query code) and moderators; 404 for everyone else.
#[server]
pub async fn load_question(
    tracking_no: String,
    query_code: Option<String>,
) -> Result<QuestionView, AppError> {
    let (state, caller) = caps::caller().await?;
    service::queries::view(
        &state.db,
        &state.secrets,
        &caller,
        tracking_no.trim(),
        query_code.as_deref(),
    )
    .await
}

#[server]
pub async fn my_questions(page: Option<u64>) -> Result<QuestionPage, AppError> {
    let (state, user) = caps::require::<caps::SignedIn>().await?;
    service::queries::mine(&state.db, &user, page_no(page), 20).await
}

#[server]
pub async fn rate_question(
    tracking_no: String,
    rating: String,
    query_code: Option<String>,
) -> Result<Question, AppError> {
    feedback(
        tracking_no,
        query_code,
        service::feedback::Feedback::Rate(rating),
    )
    .await
}

#[server]
pub async fn follow_up_question(
    tracking_no: String,
    body: String,
    query_code: Option<String>,
) -> Result<Question, AppError> {
    feedback(
        tracking_no,
        query_code,
        service::feedback::Feedback::FollowUp(body),
    )
    .await
}

/// The submitter's rating or follow-up, by session or query code (both server functions).
#[cfg(feature = "ssr")]
async fn feedback(
    tracking_no: String,
    query_code: Option<String>,
    fb: service::feedback::Feedback,
) -> Result<Question, AppError> {
    let (state, caller) = caps::caller().await?;
    let code = query_code.as_deref();
    service::feedback::feedback(
        &state.db,
        &state.secrets,
        &caller,
        &tracking_no,
        code,
        fb,
        state.clock.today(),
    )
    .await
}

#[server]
pub async fn question_stats(year: Option<i32>) -> Result<Stats, AppError> {
    let state = crate::platform::AppState::from_context()?;
    service::stats::for_year_cached(&state, year).await
}

pub mod handling;
pub use handling::*;
pub mod moderation;
pub use moderation::*;
