//! Accounts: registration, login with failure limits, sessions, and role management.
//! The REST handlers and the server functions both call these.
use super::caps::Admin;
use super::password;
use super::types::{DepartmentRef, DisplayName, Password, Role, User, Username};
use crate::entities::{departments, user_departments, user_roles, users};
use crate::error::{AppError, FieldErrors};
use crate::platform::db::contains_literally;
use crate::platform::{audit, rate_limit, rate_limit::Limit, AppState, ClientIp};
use chrono::Utc;
use sea_orm::{
    sea_query::OnConflict, ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};
use tower_sessions::Session;

const SESSION_USER_KEY: &str = "user_id";

pub use super::credentials::{
    change_password, reauthenticate, require_recent_sign_in, set_disabled, REAUTH_WITHIN_SECS,
};

/// Registration input as it arrives (the REST body, or the form's fields), before parsing.
/// The schema states what the parsers accept.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct RegisterInput {
    /// 3–32 letters, digits, `_`, `.` or `-`, starting with a letter or digit.
    #[schema(pattern = "^[A-Za-z0-9][A-Za-z0-9_.-]{2,31}$")]
    pub username: String,
    /// 8–128 characters, not all of one kind, without the username, not a common password.
    #[schema(min_length = 8, max_length = 128)]
    pub password: String,
    #[serde(default)]
    #[schema(max_length = 30)]
    pub display_name: Option<String>,
}

pub async fn load_user(db: &impl ConnectionTrait, id: i32) -> Result<Option<User>, AppError> {
    let Some(u) = users::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    Ok(users_with_grants(db, vec![u]).await?.pop())
}

/// Accounts with their roles and departments: two queries for the whole list, not two per
/// account. Unknown role names in the table are an error, never silently dropped.
async fn users_with_grants(
    db: &impl ConnectionTrait,
    rows: Vec<users::Model>,
) -> Result<Vec<User>, AppError> {
    let ids: Vec<i32> = rows.iter().map(|u| u.id).collect();
    let roles = user_roles::Entity::find()
        .filter(user_roles::Column::UserId.is_in(ids.clone()))
        .all(db)
        .await?;
    let grants = user_departments::Entity::find()
        .filter(user_departments::Column::UserId.is_in(ids))
        .find_also_related(departments::Entity)
        .order_by_asc(user_departments::Column::DepartmentId)
        .all(db)
        .await?;
    rows.into_iter()
        .map(|u| {
            let mut r = roles
                .iter()
                .filter(|x| x.user_id == u.id)
                .map(|x| {
                    Role::parse(&x.role).map_err(|e| {
                        tracing::error!(user = u.id, role = %x.role, "unknown stored role: {e}");
                        AppError::Internal
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            r.sort();
            let departments = grants
                .iter()
                .filter(|(g, _)| g.user_id == u.id)
                .filter_map(|(_, d)| d.as_ref())
                .map(|d| DepartmentRef {
                    id: d.id,
                    name: d.name.clone(),
                })
                .collect();
            Ok(User {
                id: u.id,
                username: u.username,
                display_name: u.display_name,
                email: u.email,
                roles: r,
                departments,
                disabled: u.disabled_at.is_some(),
                notify: u.notify,
                signed_in_at: None,
                sessions_since: u.sessions_since,
                totp_enabled: u.totp_secret.is_some(),
                second_factor_missing: false,
            })
        })
        .collect()
}

/// Creates an account with the given roles. Used by registration (resident) and by the
/// `gongkai user add` command; `departments` are those a handler acts for, required with the
/// role `handler` and refused without it.
pub async fn create_user(
    db: &DatabaseConnection,
    username: &Username,
    password: &Password,
    display_name: &DisplayName,
    roles: &[Role],
    handles_for: &[i32],
) -> Result<User, AppError> {
    let handler = roles.contains(&Role::Handler);
    if handler && handles_for.is_empty() {
        return Err(AppError::invalid("department_id", "承办人须指定所属部门"));
    }
    if !handler && !handles_for.is_empty() {
        return Err(AppError::invalid("department_id", "只有承办人按部门授予"));
    }
    let hash = password::hash(password.expose().to_string()).await?;
    let txn = db.begin().await?;
    let taken = users::Entity::find()
        .filter(users::Column::Username.eq(username.as_str()))
        .count(&txn)
        .await?
        > 0;
    if taken {
        return Err(AppError::invalid("username", "该用户名已被注册"));
    }
    let now = Utc::now();
    let user = users::ActiveModel {
        username: Set(username.as_str().to_string()),
        password_hash: Set(hash),
        display_name: Set(display_name.as_str().to_string()),
        created_at: Set(now),
        email: Set(None),
        disabled_at: Set(None),
        notify: Set(true),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => {
            AppError::invalid("username", "该用户名已被注册")
        }
        _ => e.into(),
    })?;
    for role in roles {
        user_roles::ActiveModel {
            user_id: Set(user.id),
            role: Set(role.as_str().to_string()),
            granted_at: Set(now),
        }
        .insert(&txn)
        .await?;
    }
    for d in handles_for {
        if departments::Entity::find_by_id(*d)
            .one(&txn)
            .await?
            .is_none()
        {
            return Err(AppError::invalid(
                "department_id",
                format!("部门 {d} 不存在"),
            ));
        }
        user_departments::ActiveModel {
            user_id: Set(user.id),
            department_id: Set(*d),
            granted_at: Set(now),
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        Some(user.id),
        "user.create",
        &format!("user:{}", user.id),
        roles
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(","),
    )
    .await?;
    let created = load_user(&txn, user.id).await?.ok_or(AppError::Internal)?;
    txn.commit().await?;
    Ok(created)
}

/// Parses registration input field by field; every problem is reported at once.
pub fn parse_registration(
    input: &RegisterInput,
) -> Result<(Username, Password, DisplayName), AppError> {
    let mut errors = FieldErrors::new();
    let username = errors.check("username", Username::parse(&input.username));
    let password = errors.check(
        "password",
        Password::parse(&input.password, Some(input.username.trim())),
    );
    let display = match input.display_name.as_deref().map(str::trim) {
        Some(d) if !d.is_empty() => errors.check("display_name", DisplayName::parse(d)),
        _ => username
            .as_ref()
            .and_then(|u| DisplayName::parse(u.as_str()).ok()),
    };
    errors.into_result()?;
    match (username, password, display) {
        (Some(u), Some(p), Some(d)) => Ok((u, p, d)),
        _ => Err(AppError::Internal),
    }
}

/// Registers a resident and signs them in. Registrations are limited per client address
/// (each costs a password hash and an account row).
pub async fn register(
    state: &AppState,
    session: &Session,
    ip: ClientIp,
    input: RegisterInput,
) -> Result<User, AppError> {
    let (username, password, display) = parse_registration(&input)?;
    rate_limit::take(
        &state.db,
        &format!("register:ip:{ip}"),
        Limit::per_hour(state.config.registrations_per_hour),
    )
    .await?;
    let user = create_user(
        &state.db,
        &username,
        &password,
        &display,
        &[Role::Resident],
        &[],
    )
    .await?;
    start_session(session, user.id).await?;
    Ok(user)
}

pub(super) fn login_limit(state: &AppState) -> Limit {
    Limit::per_hour(state.config.login_failures_per_hour)
}

/// Checks the credentials. Failed attempts count against the account and the client
/// address for an hour; past the limit the answer is 429 until the window ends.
pub async fn login(
    state: &AppState,
    session: &Session,
    ip: ClientIp,
    username: &str,
    password: &str,
    totp: Option<&str>,
) -> Result<User, AppError> {
    let mut errors = FieldErrors::new();
    if username.trim().is_empty() {
        errors.add("username", "请填写用户名");
    }
    if password.is_empty() {
        errors.add("password", "请填写密码");
    }
    errors.into_result()?;

    let name = username.trim().to_ascii_lowercase();
    let limit = login_limit(state);
    let account_bucket = format!("login:user:{name}");
    let ip_bucket = format!("login:ip:{ip}");
    // Counted before the hash, so that parallel guesses cannot all slip under the limit
    // while the hashes run; a login that turns out right gives its count back.
    rate_limit::take(&state.db, &account_bucket, limit).await?;
    rate_limit::take(&state.db, &ip_bucket, limit).await?;

    let row = users::Entity::find()
        .filter(users::Column::Username.eq(name.as_str()))
        .one(&state.db)
        .await?;
    let ok = password::verify(
        password.to_string(),
        row.as_ref().map(|u| u.password_hash.clone()),
    )
    .await?;
    // A disabled account answers exactly as a wrong password does; so does a wrong code
    // of an account with a second factor (none typed: 401 `totp_required`, still counted).
    let row = row.filter(|r| ok && r.disabled_at.is_none());
    let second_ok = match &row {
        Some(r) => super::totp::check_at_login(&state.db, &state.secrets, r, totp).await?,
        None => false,
    };
    let Some(row) = row.filter(|_| second_ok) else {
        tracing::info!(client = %ip, "failed login");
        audit::record_from(
            &state.db,
            None,
            "auth.login_failed",
            &format!("username:{name}"),
            "",
            Some(ip),
        )
        .await?;
        return Err(AppError::InvalidCredentials);
    };
    audit::record_from(
        &state.db,
        Some(row.id),
        "auth.login",
        &format!("user:{}", row.id),
        "",
        Some(ip),
    )
    .await?;
    rate_limit::refund(&state.db, &account_bucket, limit).await?;
    rate_limit::refund(&state.db, &ip_bucket, limit).await?;
    start_session(session, row.id).await?;
    load_user(&state.db, row.id)
        .await?
        .ok_or(AppError::Internal)
}

/// When the session signed in (Unix milliseconds: a password change ends the sessions
/// signed in before it, even within the same second).
pub(super) const SESSION_SIGNED_IN_KEY: &str = "signed_in_at";

/// A new session id at every login, so that an id planted before login is worthless after.
async fn start_session(session: &Session, user_id: i32) -> Result<(), AppError> {
    session.cycle_id().await?;
    session.insert(SESSION_USER_KEY, user_id).await?;
    session
        .insert(SESSION_SIGNED_IN_KEY, Utc::now().timestamp_millis())
        .await?;
    Ok(())
}

pub async fn logout(state: &AppState, session: &Session, ip: ClientIp) -> Result<(), AppError> {
    if let Some(id) = session.get::<i32>(SESSION_USER_KEY).await? {
        audit::record_from(
            &state.db,
            Some(id),
            "auth.logout",
            &format!("user:{id}"),
            "",
            Some(ip),
        )
        .await?;
    }
    session.flush().await?;
    Ok(())
}

/// The signed-in user of this session, if any. A session older than the absolute limit,
/// or signed in before the account's password last changed, is ended here.
pub async fn current_user(state: &AppState, session: &Session) -> Result<Option<User>, AppError> {
    let Some(id) = session.get::<i32>(SESSION_USER_KEY).await? else {
        return Ok(None);
    };
    let signed_in_at = session
        .get::<i64>(SESSION_SIGNED_IN_KEY)
        .await?
        .unwrap_or(0);
    let age_ms = Utc::now().timestamp_millis() - signed_in_at;
    if age_ms > i64::from(state.config.session_absolute_hours) * 3_600_000 {
        session.flush().await?;
        return Ok(None);
    }
    // From the readers: every signed-in request loads its account, and what it reads is
    // what the last committed change left, as the writer would see it.
    let Some(mut user) = load_user(&state.reads, id).await? else {
        return Ok(None);
    };
    if user
        .sessions_since
        .is_some_and(|since| signed_in_at < since)
    {
        session.flush().await?;
        return Ok(None);
    }
    user.signed_in_at = Some(signed_in_at);
    user.second_factor_missing = state.config.require_totp_for_admins
        && user.roles.contains(&Role::Admin)
        && !user.totp_enabled;
    Ok(Some(user))
}

/// One page of accounts for the admin page, optionally filtered by a username fragment.
pub async fn list_users(
    db: &impl ConnectionTrait,
    q: Option<&str>,
    page: u64,
    per_page: u64,
) -> Result<(Vec<User>, u64), AppError> {
    let mut query = users::Entity::find().order_by_asc(users::Column::Id);
    if let Some(q) = q.map(str::trim).filter(|q| !q.is_empty()) {
        query = query.filter(
            Condition::any()
                .add(contains_literally(
                    users::Column::Username,
                    &q.to_ascii_lowercase(),
                ))
                .add(contains_literally(users::Column::DisplayName, q)),
        );
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .offset((crate::input::page_no(page) - 1) * per_page.clamp(1, 100))
        .limit(per_page.clamp(1, 100))
        .all(db)
        .await?;
    Ok((users_with_grants(db, rows).await?, total))
}

/// Grants or revokes one role. `handler` is granted per department: granting it needs a
/// department, and revoking it for one department keeps the others (the role itself goes with
/// the last one). An admin cannot revoke their own admin role, so the site never loses its
/// last way in by accident.
pub async fn set_role(
    db: &DatabaseConnection,
    actor: &Admin,
    user_id: i32,
    role: &str,
    granted: bool,
    department_id: Option<i32>,
) -> Result<User, AppError> {
    let role = Role::parse(role).map_err(|m| AppError::invalid("role", m))?;
    require_recent_sign_in(actor)?;
    if !granted && role == Role::Admin && actor.id == user_id {
        return Err(AppError::Conflict("不能撤销自己的管理员角色".into()));
    }
    let department_id = match (role.per_department(), department_id) {
        (true, None) => return Err(AppError::invalid("department_id", "承办人须指定所属部门")),
        (true, Some(d)) => Some(d),
        (false, Some(_)) => return Err(AppError::invalid("department_id", "只有承办人按部门授予")),
        (false, None) => None,
    };
    let txn = db.begin().await?;
    if users::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .is_none()
    {
        return Err(AppError::NotFound);
    }
    if let Some(d) = department_id {
        if departments::Entity::find_by_id(d)
            .one(&txn)
            .await?
            .is_none()
        {
            return Err(AppError::invalid("department_id", "所选部门不存在"));
        }
    }
    let now = Utc::now();
    if granted {
        insert_ignoring_duplicate(
            &txn,
            user_roles::Entity::insert(user_roles::ActiveModel {
                user_id: Set(user_id),
                role: Set(role.as_str().to_string()),
                granted_at: Set(now),
            })
            .on_conflict(
                OnConflict::columns([user_roles::Column::UserId, user_roles::Column::Role])
                    .do_nothing()
                    .to_owned(),
            ),
        )
        .await?;
        if let Some(d) = department_id {
            insert_ignoring_duplicate(
                &txn,
                user_departments::Entity::insert(user_departments::ActiveModel {
                    user_id: Set(user_id),
                    department_id: Set(d),
                    granted_at: Set(now),
                })
                .on_conflict(
                    OnConflict::columns([
                        user_departments::Column::UserId,
                        user_departments::Column::DepartmentId,
                    ])
                    .do_nothing()
                    .to_owned(),
                ),
            )
            .await?;
        }
    } else {
        if let Some(d) = department_id {
            user_departments::Entity::delete_many()
                .filter(user_departments::Column::UserId.eq(user_id))
                .filter(user_departments::Column::DepartmentId.eq(d))
                .exec(&txn)
                .await?;
        }
        let keep = department_id.is_some()
            && user_departments::Entity::find()
                .filter(user_departments::Column::UserId.eq(user_id))
                .count(&txn)
                .await?
                > 0;
        if !keep {
            user_roles::Entity::delete_many()
                .filter(user_roles::Column::UserId.eq(user_id))
                .filter(user_roles::Column::Role.eq(role.as_str()))
                .exec(&txn)
                .await?;
        }
    }
    let detail = match department_id {
        Some(d) => format!("{}@department:{d}", role.as_str()),
        None => role.as_str().to_string(),
    };
    audit::record(
        &txn,
        Some(actor.id),
        if granted { "role.grant" } else { "role.revoke" },
        &format!("user:{user_id}"),
        detail,
    )
    .await?;
    let user = load_user(&txn, user_id).await?.ok_or(AppError::NotFound)?;
    txn.commit().await?;
    Ok(user)
}

async fn insert_ignoring_duplicate<A: sea_orm::ActiveModelTrait>(
    txn: &sea_orm::DatabaseTransaction,
    insert: sea_orm::Insert<A>,
) -> Result<(), AppError> {
    insert
        .exec_without_returning(txn)
        .await
        .map(|_| ())
        .or_else(|e| match e {
            sea_orm::DbErr::RecordNotInserted => Ok(()),
            e => Err(e.into()),
        })
}
