//! 个人设置: the signed-in user's own display name, e-mail address and whether they want
//! to be told of progress by e-mail. One input struct for both doors.
use super::caps::SignedIn;
use super::types::{DisplayName, User};
use crate::entities::users;
use crate::error::{AppError, FieldErrors};
use crate::platform::audit;
use crate::questions::types::parse_email;
use sea_orm::{
    sea_query::Expr, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait,
};
use serde::Deserialize;

/// `PUT /api/v1/auth/me`: fields left out stay as they are; an empty `email` removes it.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SettingsInput {
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// Told by e-mail when something happens to one's questions (default on).
    #[serde(default)]
    pub notify: Option<bool>,
}

pub async fn save(
    db: &DatabaseConnection,
    user: &SignedIn,
    input: SettingsInput,
) -> Result<User, AppError> {
    let mut errors = FieldErrors::new();
    let name = input
        .display_name
        .as_deref()
        .and_then(|n| errors.check("display_name", DisplayName::parse(n)));
    let email = match input.email.as_deref().map(str::trim) {
        None => None,
        Some("") => Some(None),
        Some(e) => errors.check("email", parse_email(e)).map(Some),
    };
    errors.into_result()?;
    let txn = db.begin().await?;
    let mut update = users::Entity::update_many().filter(users::Column::Id.eq(user.id));
    let mut changed = Vec::new();
    if let Some(name) = &name {
        update = update.col_expr(users::Column::DisplayName, Expr::value(name.as_str()));
        changed.push("display_name");
    }
    if let Some(email) = &email {
        update = update.col_expr(users::Column::Email, Expr::value(email.clone()));
        changed.push("email");
    }
    if let Some(notify) = input.notify {
        update = update.col_expr(users::Column::Notify, Expr::value(notify));
        changed.push("notify");
    }
    if !changed.is_empty() {
        update.exec(&txn).await?;
        audit::record(
            &txn,
            Some(user.id),
            "user.settings",
            &format!("user:{}", user.id),
            changed.join(","),
        )
        .await?;
    }
    let saved = super::service::load_user(&txn, user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    txn.commit().await?;
    Ok(saved)
}
