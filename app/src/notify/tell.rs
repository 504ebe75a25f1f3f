//! Telling people about a question's moves: called by the 网络问政 services inside their
//! transaction, so the messages are queued exactly when the move is made.
use super::outbox::{enqueue, Channel};
use super::recipients;
use super::texts::{to_handlers, to_submitter, ToHandlers, ToSubmitter};
use crate::entities::{departments, questions};
use crate::error::AppError;
use sea_orm::{ConnectionTrait, EntityTrait};

/// The submitter, by e-mail, and by SMS when they left a phone number with the question.
pub async fn submitter(
    db: &impl ConnectionTrait,
    m: &questions::Model,
    event: ToSubmitter<'_>,
) -> Result<(), AppError> {
    let text = to_submitter(&m.tracking_no, &m.title, &event);
    if let Some(email) = recipients::submitter_email(db, m).await? {
        enqueue(db, Channel::Email, &email, &text).await?;
    }
    if let Some(phone) = m.contact_phone.as_deref().filter(|p| !p.is_empty()) {
        enqueue(db, Channel::Sms, phone, &text).await?;
    }
    Ok(())
}

/// Every handler of `department_id` who gave an e-mail address.
pub async fn handlers(
    db: &impl ConnectionTrait,
    m: &questions::Model,
    department_id: i32,
    event: ToHandlers<'_>,
) -> Result<(), AppError> {
    let name = departments::Entity::find_by_id(department_id)
        .one(db)
        .await?
        .map(|d| d.name)
        .unwrap_or_default();
    let text = to_handlers(&m.tracking_no, &m.title, &name, &event);
    for email in recipients::handler_emails(db, department_id).await? {
        enqueue(db, Channel::Email, &email, &text).await?;
    }
    Ok(())
}
