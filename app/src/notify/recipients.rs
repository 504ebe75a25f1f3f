//! Who is told: the submitter of a question (unless they said no), the handlers of a
//! department and the supervisors, each by the e-mail address they gave.
use crate::auth::Role;
use crate::entities::{questions, user_departments, user_roles, users};
use crate::error::AppError;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

/// The submitter's e-mail address: their account's (unless they turned notices off in
/// 个人设置) or the one given with the question.
pub async fn submitter_email(
    db: &impl ConnectionTrait,
    m: &questions::Model,
) -> Result<Option<String>, AppError> {
    if let Some(id) = m.submitter_id {
        if let Some(u) = users::Entity::find_by_id(id).one(db).await? {
            if !u.notify || u.disabled_at.is_some() {
                return Ok(None);
            }
            if let Some(e) = u.email.filter(|e| !e.is_empty()) {
                return Ok(Some(e));
            }
        }
    }
    Ok(m.contact_email.clone().filter(|e| !e.is_empty()))
}

/// Addresses of the enabled accounts among `ids` that hold `role` and want notices.
async fn with_role(
    db: &impl ConnectionTrait,
    ids: Option<Vec<i32>>,
    role: Role,
) -> Result<Vec<String>, AppError> {
    let mut q = user_roles::Entity::find()
        .select_only()
        .column(user_roles::Column::UserId)
        .filter(user_roles::Column::Role.eq(role.as_str()));
    if let Some(ids) = ids {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        q = q.filter(user_roles::Column::UserId.is_in(ids));
    }
    let holders: Vec<i32> = q.into_tuple().all(db).await?;
    if holders.is_empty() {
        return Ok(Vec::new());
    }
    let mut emails: Vec<String> = users::Entity::find()
        .filter(users::Column::Id.is_in(holders))
        .filter(users::Column::DisabledAt.is_null())
        .filter(users::Column::Notify.eq(true))
        .filter(users::Column::Email.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .filter_map(|u| u.email.filter(|e| !e.is_empty()))
        .collect();
    emails.sort();
    emails.dedup();
    Ok(emails)
}

/// The handlers (承办人) of `department_id`.
pub async fn handler_emails(
    db: &impl ConnectionTrait,
    department_id: i32,
) -> Result<Vec<String>, AppError> {
    let ids: Vec<i32> = user_departments::Entity::find()
        .select_only()
        .column(user_departments::Column::UserId)
        .filter(user_departments::Column::DepartmentId.eq(department_id))
        .into_tuple()
        .all(db)
        .await?;
    with_role(db, Some(ids), Role::Handler).await
}

pub async fn supervisor_emails(db: &impl ConnectionTrait) -> Result<Vec<String>, AppError> {
    with_role(db, None, Role::Supervisor).await
}
