//! An application as stored and as shown: finding it by number, its statutory clock, and the
//! view every door returns. Shared by the intake (`service`), the staff steps and the desk.
use super::clock::{self, Clock};
use super::reply::ReplyKind;
use super::types::*;
use crate::calendar::WorkingCalendar;
use crate::entities::disclosure_requests as dr;
use crate::error::AppError;
use crate::platform::db::stored;
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// Where a stored application stands; an unknown value is an error, never a default.
pub fn status_of(m: &dr::Model) -> Result<AppStatus, AppError> {
    stored(
        AppStatus::parse(&m.status),
        "disclosure_requests",
        m.id,
        &m.status,
    )
}

pub async fn find(db: &impl ConnectionTrait, tracking_no: &str) -> Result<dr::Model, AppError> {
    dr::Entity::find()
        .filter(dr::Column::TrackingNo.eq(tracking_no.trim()))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The application as staff, or the applicant holding its query code, may reach it; 404 for
/// anyone else. A code is checked within its guessing budget.
pub async fn find_as(
    db: &impl ConnectionTrait,
    secrets: &crate::platform::Secrets,
    tracking_no: &str,
    staff: bool,
    ip: crate::platform::ClientIp,
    query_code: Option<&str>,
) -> Result<dr::Model, AppError> {
    let m = find(db, tracking_no).await?;
    let stored = Some(m.query_code_hash.as_str());
    if staff
        || crate::platform::query_code::check(db, secrets, &m.tracking_no, ip, stored, query_code)
            .await?
    {
        Ok(m)
    } else {
        Err(AppError::NotFound)
    }
}

pub fn clock_of(m: &dr::Model) -> Clock {
    Clock {
        received_on: Some(m.received_on),
        correction_requested_on: m.correction_requested_on,
        corrected_on: m.corrected_on,
        consult_started_on: m.consult_started_on,
        consult_ended_on: m.consult_ended_on,
        extension_days: m.extension_days.map(|d| d.max(0) as u32),
    }
}

pub fn to_view(
    m: dr::Model,
    cal: &WorkingCalendar,
    today: NaiveDate,
) -> Result<DisclosureRequest, AppError> {
    let status = status_of(&m)?;
    let replied = status == AppStatus::Replied;
    let due = if replied {
        clock_of(&m).due(cal, m.replied_on.unwrap_or(today))
    } else {
        clock_of(&m).due(cal, today)
    };
    let kind = ApplicantType::parse(&m.applicant_type);
    let kind = stored(kind, "disclosure_requests", m.id, &m.applicant_type)?;
    let id_number_masked = super::sealed_ids::masked(&m);
    let id_type = IdDocument::stored(kind, m.id_type.as_deref());
    // An unknown stored way of delivery reads as none named, never as another one.
    let delivery = Delivery::parse(m.delivery.as_deref()).ok().flatten();
    let channel = Channel::stored(&m.channel);
    let reply_kind = if replied {
        ReplyKind::stored(m.reply_kind.as_deref(), m.outcome.as_deref())
    } else {
        None
    };
    let correction_due = if status == AppStatus::AwaitingCorrection {
        clock_of(&m).correction_due(cal)
    } else {
        None
    };
    Ok(DisclosureRequest {
        tracking_no: m.tracking_no,
        applicant_type: kind,
        applicant_type_label: kind.label().to_string(),
        applicant_name: m.applicant_name,
        id_type,
        id_type_label: id_type.label().to_string(),
        id_number_masked,
        representative: m.representative,
        contact_person: m.contact_person,
        delivery,
        delivery_label: delivery.map(|d| d.label().to_string()),
        channel,
        channel_label: channel.label().to_string(),
        phone_masked: m.phone.as_deref().map(mask_phone),
        email: m.email,
        address: m.address,
        description: m.description,
        form: m.form,
        status_label: status.label().to_string(),
        overdue: if replied {
            crate::disclosure::types::Card::None
        } else {
            clock::card(cal, due, today)
        },
        status,
        // Named by `department::name`, which reads the names in one query.
        department_id: m.department_id,
        department: None,
        received_on: m.received_on,
        due_date: due,
        correction_requested_on: m.correction_requested_on,
        correction_note: m.correction_note,
        correction_due,
        corrected_on: m.corrected_on,
        consult_started_on: m.consult_started_on,
        consult_ended_on: m.consult_ended_on,
        consult_third_party: m.consult_third_party,
        // An unknown stored answer reads as none given, never as another one.
        consult_answer: super::third_party::ConsultAnswer::parse(m.consult_answer.as_deref())
            .ok()
            .flatten(),
        consult_note: m.consult_note,
        disclose_reason: m.disclose_reason,
        extension_days: m.extension_days,
        extension_approver: m.extension_approver,
        outcome_label: m.outcome.as_deref().map(|o| outcome_label(o).to_string()),
        reply_kind,
        reply_kind_label: reply_kind.map(|k| k.label().to_string()),
        other_agency: m.other_agency,
        other_agency_contact: m.other_agency_contact,
        outcome: m.outcome,
        reply_body: m.reply_body,
        replied_on: m.replied_on,
        files: Vec::new(),
    })
}
