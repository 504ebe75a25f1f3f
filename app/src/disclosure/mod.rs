//! 依申请公开: applications for disclosure, the statutory clock, replies and the 告知书.
// Server functions take one argument per form field.
#![allow(clippy::too_many_arguments)]
pub mod channel;
pub mod clock;
pub mod identity;
pub mod intake;
pub mod pages;
pub mod reply;
pub mod reply_files;
pub mod types;

#[cfg(feature = "ssr")]
pub mod department;
#[cfg(feature = "ssr")]
pub mod desk;
#[cfg(feature = "ssr")]
pub mod file_routes;
#[cfg(feature = "ssr")]
pub mod files;
#[cfg(feature = "ssr")]
mod records;
#[cfg(feature = "ssr")]
pub mod rest;
#[cfg(feature = "ssr")]
pub mod sealed_ids;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod steps;
pub mod third_party;

use crate::error::AppError;
use leptos::prelude::*;
use types::{DisclosureRequest, Receipt, RequestPage};

#[cfg(feature = "ssr")]
use crate::{
    auth::{caps, ctx},
    input::Number,
};

#[server]
pub async fn apply(
    applicant_type: String,
    name: String,
    id_number: String,
    phone: Option<String>,
    email: Option<String>,
    address: Option<String>,
    description: String,
    form: String,
    id_type: Option<String>,
    representative: Option<String>,
    contact_person: Option<String>,
    delivery: Option<String>,
    consent: Option<String>,
) -> Result<Receipt, AppError> {
    let state = crate::platform::AppState::from_context()?;
    let ip = ctx::client_ip().await;
    let input = service::ApplicationInput {
        applicant_type,
        name,
        id_type,
        id_number,
        representative,
        contact_person,
        phone,
        email,
        address,
        description,
        form,
        delivery,
        consent: crate::components::privacy::from_form(consent),
    };
    service::apply(&state, ip, &input).await
}

/// Staff record an application handed in, posted, faxed or e-mailed (条例第三十一条).
#[server]
pub async fn intake_application(
    channel: String,
    received_on: String,
    applicant_type: String,
    name: String,
    id_type: Option<String>,
    id_number: String,
    representative: Option<String>,
    contact_person: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    address: Option<String>,
    description: String,
    form: String,
    delivery: Option<String>,
    department_id: Option<String>,
) -> Result<Receipt, AppError> {
    let (state, officer) = caps::require::<caps::DisclosureOfficer>().await?;
    let input = service::ApplicationInput {
        applicant_type,
        name,
        id_type,
        id_number,
        representative,
        contact_person,
        phone,
        email,
        address,
        description,
        form,
        delivery,
        consent: None,
    };
    let department = Number::optional(department_id);
    service::intake(
        &state,
        &officer,
        &input,
        &channel,
        &received_on,
        department.as_ref(),
    )
    .await
}

/// The applicant with the query code, or staff without it.
#[server]
pub async fn track_request(
    tracking_no: String,
    query_code: Option<String>,
) -> Result<DisclosureRequest, AppError> {
    let (state, caller) = caps::caller().await?;
    let officer = caller.may::<caps::DisclosureOfficer>();
    service::track(
        &state.db,
        &state.secrets,
        &tracking_no,
        query_code.as_deref(),
        officer.as_ref(),
        caller.ip,
        state.clock.today(),
    )
    .await
}

/// The applicant's corrected application (补正), with the query code: the clock restarts.
#[server]
pub async fn submit_correction(
    tracking_no: String,
    query_code: String,
    description: String,
) -> Result<DisclosureRequest, AppError> {
    let (state, caller) = caps::caller().await?;
    steps::record_correction(
        &state.db,
        &state.secrets,
        None,
        &tracking_no,
        Some(&query_code),
        caller.ip,
        &description,
        state.clock.today(),
    )
    .await
}

/// The staff desk: `status` all/open/replied, `card` yellow/red, `q` a tracking number
/// or name.
#[server]
pub async fn staff_requests(
    status: Option<String>,
    card: Option<String>,
    q: Option<String>,
    page: Option<u64>,
) -> Result<RequestPage, AppError> {
    let (state, officer) = caps::require::<caps::DisclosureOfficer>().await?;
    let filter = desk_filter(status.as_deref(), card.as_deref(), q)?;
    desk::staff_list(
        &state.db,
        &officer,
        &filter,
        page.unwrap_or(1),
        STAFF_PAGE_SIZE,
        state.clock.today(),
    )
    .await
}

/// Removes a file not yet given out with a reply (the staff desk).
#[server]
pub async fn delete_reply_file(tracking_no: String, file_id: i32) -> Result<(), AppError> {
    let (state, officer) = caps::require::<caps::DisclosureOfficer>().await?;
    files::delete(&state, &officer, &tracking_no, file_id).await
}

/// Applications per page of the staff desk.
pub const STAFF_PAGE_SIZE: u64 = 20;

/// The desk's filter from query parameters, with errors per field.
pub fn desk_filter(
    status: Option<&str>,
    card: Option<&str>,
    q: Option<String>,
) -> Result<types::DeskFilter, AppError> {
    let mut errors = crate::error::FieldErrors::new();
    let view = errors.check("status", types::DeskView::parse(status.unwrap_or_default()));
    let card = errors.check("card", types::Card::parse_filter(card.unwrap_or_default()));
    errors.into_result()?;
    Ok(types::DeskFilter {
        view: view.unwrap_or_default(),
        card: card.flatten(),
        q,
    })
}

/// One staff step on an application, chosen by `step`: correction, corrected, extend,
/// consult, consult_end, reply or department (承办部门). Fields not used by the step are
/// ignored.
#[server]
pub async fn staff_step(
    tracking_no: String,
    step: String,
    note: Option<String>,
    working_days: Option<String>,
    approver: Option<String>,
    third_party: Option<String>,
    outcome: Option<String>,
    reason: Option<String>,
    body: Option<String>,
    answer: Option<String>,
    consult_note: Option<String>,
    disclose_reason: Option<String>,
    other_agency: Option<String>,
    other_agency_contact: Option<String>,
    department_id: Option<String>,
) -> Result<DisclosureRequest, AppError> {
    let (state, user) = caps::require::<caps::DisclosureOfficer>().await?;
    let today = state.clock.today();
    let db = &state.db;
    let t = tracking_no.as_str();
    let s = |o: &Option<String>| o.clone().unwrap_or_default();
    match step.as_str() {
        "correction" => steps::request_correction(db, &user, t, &s(&note), today).await,
        "corrected" => {
            let ip = crate::auth::ctx::client_ip().await;
            steps::record_correction(
                db,
                &state.secrets,
                Some(&user),
                t,
                None,
                ip,
                &s(&note),
                today,
            )
            .await
        }
        "extend" => {
            let days = Number::from(s(&working_days));
            steps::extend(db, &user, t, &days, &s(&approver), today).await
        }
        "consult" => steps::consultation(db, &user, t, true, &s(&third_party), today).await,
        "consult_end" => {
            let (answer, note) = (answer.as_deref(), consult_note.as_deref());
            steps::end_consultation(db, &user, t, answer, note, today).await
        }
        "reply" => {
            let (outcome, body) = (s(&outcome), s(&body));
            let input = steps::ReplyInput {
                outcome: &outcome,
                reason: reason.as_deref(),
                body: &body,
                disclose_reason: disclose_reason.as_deref(),
                other_agency: other_agency.as_deref(),
                other_agency_contact: other_agency_contact.as_deref(),
            };
            steps::reply(db, &user, t, input, today).await
        }
        "department" => {
            let named = Number::optional(department_id);
            department::assign(db, &user, t, named.as_ref(), today).await
        }
        _ => Err(AppError::BadRequest("未知的操作".into())),
    }
}
