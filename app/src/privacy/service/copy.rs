//! 查阅、复制 (个人信息保护法 Art. 45): a copy of what the site holds about the person, for
//! the signed-in account (its profile, the questions sent from it, its requests) or for one
//! question or application proven with its query code. The copy includes the ID number in
//! full, so every copy made is audited.
use super::requests::{self, Item};
use crate::auth::caps::{Caller, SignedIn};
use crate::disclosure::sealed_ids;
use crate::entities::{disclosure_requests as dr, questions, users};
use crate::error::AppError;
use crate::platform::{audit, time::rfc3339, AppState};
use crate::privacy::types::{AccountData, ApplicationData, PersonalDataCopy, QuestionData};
use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

fn question(m: &questions::Model) -> QuestionData {
    QuestionData {
        tracking_no: m.tracking_no.clone(),
        title: m.title.clone(),
        body: m.body.clone(),
        status: m.status.clone(),
        submitted_at: rfc3339(m.submitted_at),
        contact_name: m.contact_name.clone(),
        contact_phone: m.contact_phone.clone(),
        contact_email: m.contact_email.clone(),
        is_public: m.is_public,
        consent_at: m.consent_at.map(rfc3339),
        contacts_erased_at: m.contacts_erased_at.map(rfc3339),
    }
}

fn application(state: &AppState, m: &dr::Model) -> ApplicationData {
    ApplicationData {
        tracking_no: m.tracking_no.clone(),
        applicant_type: m.applicant_type.clone(),
        applicant_name: m.applicant_name.clone(),
        id_type: m.id_type.clone(),
        id_number: sealed_ids::reveal(&state.secrets, m).filter(|n| !n.is_empty()),
        representative: m.representative.clone(),
        contact_person: m.contact_person.clone(),
        phone: m.phone.clone(),
        email: m.email.clone(),
        address: m.address.clone(),
        delivery: m.delivery.clone(),
        description: m.description.clone(),
        received_on: m.received_on.to_string(),
        status: m.status.clone(),
        consent_at: m.consent_at.map(rfc3339),
        personal_data_erased_at: m.personal_data_erased_at.map(rfc3339),
    }
}

/// The signed-in account's copy.
pub async fn of_account(
    state: &AppState,
    me: &SignedIn,
    caller: &Caller,
) -> Result<PersonalDataCopy, AppError> {
    let u = users::Entity::find_by_id(me.id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let asked = questions::Entity::find()
        .filter(questions::Column::SubmitterId.eq(me.id))
        .order_by_asc(questions::Column::Id)
        .all(&state.db)
        .await?;
    let deletion_requests = requests::mine(&state.db, me, state.clock.today()).await?;
    audit::record_from(
        &state.db,
        Some(me.id),
        "privacy.copy",
        &format!("user:{}", me.id),
        "",
        Some(caller.ip),
    )
    .await?;
    Ok(PersonalDataCopy {
        generated_at: rfc3339(Utc::now()),
        account: Some(AccountData {
            username: u.username,
            display_name: u.display_name,
            email: u.email,
            created_at: rfc3339(u.created_at),
            roles: me.roles.iter().map(|r| r.as_str().to_string()).collect(),
            notify: u.notify,
            second_factor: u.totp_secret.is_some(),
        }),
        questions: asked.iter().map(question).collect(),
        applications: vec![],
        deletion_requests,
    })
}

/// One item's copy, for whoever holds its query code.
pub async fn of_item(
    state: &AppState,
    caller: &Caller,
    tracking_no: &str,
    query_code: Option<&str>,
) -> Result<PersonalDataCopy, AppError> {
    let item = requests::prove(state, caller, tracking_no, query_code).await?;
    audit::record_from(
        &state.db,
        caller.user().map(|u| u.id),
        "privacy.copy",
        item.tracking_no(),
        "",
        Some(caller.ip),
    )
    .await?;
    let (questions, applications) = match &item {
        Item::Question(m) => (vec![question(m)], vec![]),
        Item::Application(m) => (vec![], vec![application(state, m)]),
    };
    Ok(PersonalDataCopy {
        generated_at: rfc3339(Utc::now()),
        account: None,
        questions,
        applications,
        deletion_requests: vec![],
    })
}
