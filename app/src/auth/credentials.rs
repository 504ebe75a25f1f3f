//! Credentials after sign-in: changing one's password (which ends the account's other
//! sessions), re-entering it before a sensitive change, and admins disabling and enabling
//! accounts. Split from `service`, which keeps registration, login, sessions and roles.
use super::caps::Admin;
use super::password;
use super::service::{login_limit, SESSION_SIGNED_IN_KEY};
use super::types::{Password, User};
use crate::entities::users;
use crate::error::AppError;
use crate::platform::{audit, rate_limit, AppState, ClientIp};
use chrono::Utc;
use sea_orm::{
    sea_query::Expr, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    TransactionTrait,
};
use tower_sessions::Session;

/// How recent a sign-in must be for the sensitive changes (role grants, disabling and
/// enabling accounts).
pub const REAUTH_WITHIN_SECS: i64 = 15 * 60;

/// 403 `reauth_required` unless `user` signed in (or re-entered the password) within the
/// last 15 minutes.
pub fn require_recent_sign_in(user: &User) -> Result<(), AppError> {
    let recent = user
        .signed_in_at
        .is_some_and(|at| Utc::now().timestamp_millis() - at <= REAUTH_WITHIN_SECS * 1000);
    if recent {
        Ok(())
    } else {
        Err(AppError::ReauthRequired)
    }
}

/// The password again, for a sensitive change: the session counts as freshly signed in.
pub async fn reauthenticate(
    state: &AppState,
    session: &Session,
    user: &User,
    ip: ClientIp,
    password: &str,
) -> Result<(), AppError> {
    check_password(state, user, ip, password, "password").await?;
    session
        .insert(SESSION_SIGNED_IN_KEY, Utc::now().timestamp_millis())
        .await?;
    audit::record(
        &state.db,
        Some(user.id),
        "auth.reauth",
        &format!("user:{}", user.id),
        "",
    )
    .await
}

/// Verifies `user`'s password within the login limits; a wrong one is a field error.
pub(super) async fn check_password(
    state: &AppState,
    user: &User,
    ip: ClientIp,
    password: &str,
    field: &str,
) -> Result<(), AppError> {
    if password.is_empty() {
        return Err(AppError::invalid(field, "请填写密码"));
    }
    let limit = login_limit(state);
    let buckets = [
        format!("login:user:{}", user.username),
        format!("login:ip:{ip}"),
    ];
    for b in &buckets {
        rate_limit::take(&state.db, b, limit).await?;
    }
    let stored = users::Entity::find_by_id(user.id)
        .one(&state.db)
        .await?
        .map(|u| u.password_hash);
    if !password::verify(password.to_string(), stored).await? {
        return Err(AppError::invalid(field, "密码不正确"));
    }
    for b in &buckets {
        rate_limit::refund(&state.db, b, limit).await?;
    }
    Ok(())
}

/// Changes the signed-in user's own password: the current one first. Every other session
/// of the account ends; this one stays signed in.
pub async fn change_password(
    state: &AppState,
    session: &Session,
    user: &User,
    ip: ClientIp,
    current: &str,
    new: &str,
) -> Result<(), AppError> {
    let new = Password::parse(new, Some(&user.username))
        .map_err(|e| AppError::invalid("new_password", e))?;
    check_password(state, user, ip, current, "current_password").await?;
    if current == new.expose() {
        return Err(AppError::invalid("new_password", "新密码不能与原密码相同"));
    }
    let hash = password::hash(new.expose().to_string()).await?;
    let now = Utc::now().timestamp_millis();
    let txn = state.db.begin().await?;
    users::Entity::update_many()
        .col_expr(users::Column::PasswordHash, Expr::value(hash))
        .col_expr(users::Column::SessionsSince, Expr::value(now))
        .filter(users::Column::Id.eq(user.id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        Some(user.id),
        "user.password",
        &format!("user:{}", user.id),
        "",
    )
    .await?;
    txn.commit().await?;
    // This session carries on as if just signed in (a new id, too).
    session.cycle_id().await?;
    session.insert(SESSION_SIGNED_IN_KEY, now).await?;
    Ok(())
}

/// An admin disables (or enables again) an account. A disabled account is refused at its
/// next request, and logging in answers as for a wrong password. Needs a recent sign-in;
/// an admin cannot disable themselves.
pub async fn set_disabled(
    db: &DatabaseConnection,
    admin: &Admin,
    user_id: i32,
    disabled: bool,
) -> Result<(), AppError> {
    require_recent_sign_in(admin)?;
    if disabled && user_id == admin.id {
        return Err(AppError::Conflict("不能停用自己的账号".into()));
    }
    let txn = db.begin().await?;
    let res = users::Entity::update_many()
        .col_expr(
            users::Column::DisabledAt,
            Expr::value(disabled.then(Utc::now)),
        )
        .filter(users::Column::Id.eq(user_id))
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(
        &txn,
        Some(admin.id),
        if disabled {
            "user.disable"
        } else {
            "user.enable"
        },
        &format!("user:{user_id}"),
        "",
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A resident's account deleted on request (个人信息保护法 Art. 47): the row stays, since
/// questions and the audit trail point at its id, but what identified the person goes, and
/// nobody can sign in as it again (disabled, an unknown password, every session ended).
pub async fn anonymise(
    db: &impl ConnectionTrait,
    user_id: i32,
    now: chrono::DateTime<Utc>,
) -> Result<(), AppError> {
    let unusable = password::hash(crate::platform::query_code::new_code()).await?;
    users::Entity::update_many()
        .col_expr(
            users::Column::Username,
            Expr::value(format!("deleted-{user_id}")),
        )
        .col_expr(users::Column::DisplayName, Expr::value("已注销用户"))
        .col_expr(users::Column::Email, Expr::value(Option::<String>::None))
        .col_expr(users::Column::PasswordHash, Expr::value(unusable))
        .col_expr(users::Column::DisabledAt, Expr::value(Some(now)))
        .col_expr(users::Column::Notify, Expr::value(false))
        .col_expr(
            users::Column::TotpSecret,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            users::Column::SessionsSince,
            Expr::value(Some(now.timestamp_millis())),
        )
        .filter(users::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}
