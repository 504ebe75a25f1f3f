//! `/api/v1/auth/*`: the same service as the server functions, behind JSON.
use super::service::{self, RegisterInput};
use super::types::User;
use crate::error::AppError;
use crate::http::ApiJson;
use crate::platform::{AppState, ClientIp};
use axum::{extract::State, http::StatusCode, response::IntoResponse, Json};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register))
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(me, update_me))
        .routes(routes!(change_password))
        .routes(routes!(reauth))
        .routes(routes!(csrf))
        .routes(routes!(totp_setup))
        .routes(routes!(totp_enable))
        .routes(routes!(totp_disable))
}

#[utoipa::path(post, path = "/api/v1/auth/totp/setup", operation_id = "auth_totp_setup", tag = "accounts",
    responses((status = 200, body = super::totp::Enrollment, description = "新密钥（base32）和 otpauth 链接，输入验证码确认后生效"),
              (status = 401, description = "未登录"), (status = 403, description = "reauth_required：须在 15 分钟内登录过")))]
pub async fn totp_setup(
    user: super::caps::SignedIn,
    session: Session,
) -> Result<Json<super::totp::Enrollment>, AppError> {
    Ok(Json(super::totp::begin(&user, &session).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct TotpCodeBody {
    pub code: String,
}

#[utoipa::path(post, path = "/api/v1/auth/totp/enable", operation_id = "auth_totp_enable", tag = "accounts", request_body = TotpCodeBody,
    responses((status = 204, description = "已启用两步验证"), (status = 401, description = "未登录"),
              (status = 403, description = "reauth_required"), (status = 409, description = "尚未生成密钥"),
              (status = 422, description = "验证码不正确")))]
pub async fn totp_enable(
    State(state): State<AppState>,
    user: super::caps::SignedIn,
    session: Session,
    ApiJson(body): ApiJson<TotpCodeBody>,
) -> Result<StatusCode, AppError> {
    super::totp::confirm(&state, &session, &user, &body.code).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct TotpOffBody {
    pub password: String,
}

#[utoipa::path(post, path = "/api/v1/auth/totp/disable", operation_id = "auth_totp_disable", tag = "accounts", request_body = TotpOffBody,
    responses((status = 204, description = "已停用两步验证"), (status = 401, description = "未登录"),
              (status = 403, description = "reauth_required"), (status = 422, description = "密码不正确")))]
pub async fn totp_disable(
    State(state): State<AppState>,
    user: super::caps::SignedIn,
    ip: ClientIp,
    ApiJson(body): ApiJson<TotpOffBody>,
) -> Result<StatusCode, AppError> {
    super::totp::disable(&state, &user, ip, &body.password).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `{"token"}`: what to send as `X-CSRF-Token`; `null` without a session.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CsrfToken {
    pub token: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/auth/csrf", operation_id = "auth_csrf", tag = "accounts",
    responses((status = 200, body = CsrfToken, description = "本会话的防跨站令牌：不带 Origin 和 Sec-Fetch-Site 的修改请求须以 X-CSRF-Token 请求头携带；登录后会话编号更换，令牌随之更换")))]
pub async fn csrf(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
) -> Json<CsrfToken> {
    let token =
        crate::platform::security::session_id(&headers).map(|id| state.secrets.csrf_token(id));
    Json(CsrfToken { token })
}

/// `{"user": User}`
#[derive(Serialize, utoipa::ToSchema)]
pub struct UserEnvelope {
    pub user: User,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct LoginBody {
    pub username: String,
    pub password: String,
    /// The six-digit code of an account with 两步验证.
    #[serde(default)]
    pub totp: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/auth/register", operation_id = "auth_register", tag = "accounts", request_body = RegisterInput,
    responses((status = 201, body = UserEnvelope), (status = 422, description = "字段校验失败"),
              (status = 429, description = "同一地址注册过于频繁，见 Retry-After")))]
pub async fn register(
    State(state): State<AppState>,
    session: Session,
    ip: ClientIp,
    ApiJson(input): ApiJson<RegisterInput>,
) -> Result<impl IntoResponse, AppError> {
    let user = service::register(&state, &session, ip, input).await?;
    Ok((StatusCode::CREATED, Json(UserEnvelope { user })))
}

#[utoipa::path(post, path = "/api/v1/auth/login", operation_id = "auth_login", tag = "accounts", request_body = LoginBody,
    responses((status = 200, body = UserEnvelope),
              (status = 401, description = "用户名或密码错误（不区分哪一个）；或 code 为 totp_required：该账号已启用两步验证，须提供 totp"),
              (status = 429, description = "失败次数过多，见 Retry-After")))]
pub async fn login(
    State(state): State<AppState>,
    session: Session,
    ip: ClientIp,
    ApiJson(body): ApiJson<LoginBody>,
) -> Result<Json<UserEnvelope>, AppError> {
    let user = service::login(
        &state,
        &session,
        ip,
        &body.username,
        &body.password,
        body.totp.as_deref(),
    )
    .await?;
    Ok(Json(UserEnvelope { user }))
}

#[utoipa::path(post, path = "/api/v1/auth/logout", operation_id = "auth_logout", tag = "accounts",
    responses((status = 204, description = "已退出")))]
pub async fn logout(
    State(state): State<AppState>,
    session: Session,
    ip: ClientIp,
) -> Result<StatusCode, AppError> {
    service::logout(&state, &session, ip).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/auth/me", operation_id = "auth_me", tag = "accounts",
    responses((status = 200, body = UserEnvelope), (status = 401, description = "未登录")))]
pub async fn me(user: super::caps::SignedIn) -> Result<Json<UserEnvelope>, AppError> {
    Ok(Json(UserEnvelope {
        user: (*user).clone(),
    }))
}

#[utoipa::path(put, path = "/api/v1/auth/me", operation_id = "auth_update_me", tag = "accounts", request_body = super::settings::SettingsInput,
    responses((status = 200, body = UserEnvelope), (status = 401, description = "未登录"), (status = 422, description = "字段校验失败")))]
pub async fn update_me(
    State(state): State<AppState>,
    user: super::caps::SignedIn,
    ApiJson(input): ApiJson<super::settings::SettingsInput>,
) -> Result<Json<UserEnvelope>, AppError> {
    let user = super::settings::save(&state.db, &user, input).await?;
    Ok(Json(UserEnvelope { user }))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct PasswordBody {
    pub current_password: String,
    /// 8–128 characters, without the username, not a common password.
    pub new_password: String,
}

#[utoipa::path(post, path = "/api/v1/auth/password", operation_id = "auth_change_password", tag = "accounts", request_body = PasswordBody,
    responses((status = 204, description = "已修改；该账号的其他会话全部失效"), (status = 401, description = "未登录"),
              (status = 422, description = "原密码不正确，或新密码太弱、太常见"), (status = 429)))]
pub async fn change_password(
    State(state): State<AppState>,
    session: Session,
    ip: ClientIp,
    user: super::caps::SignedIn,
    ApiJson(body): ApiJson<PasswordBody>,
) -> Result<StatusCode, AppError> {
    service::change_password(
        &state,
        &session,
        &user,
        ip,
        &body.current_password,
        &body.new_password,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ReauthBody {
    pub password: String,
}

#[utoipa::path(post, path = "/api/v1/auth/reauth", operation_id = "auth_reauth", tag = "accounts", request_body = ReauthBody,
    responses((status = 204, description = "已确认身份：15 分钟内可做敏感操作"), (status = 401, description = "未登录"),
              (status = 422, description = "密码不正确"), (status = 429)))]
pub async fn reauth(
    State(state): State<AppState>,
    session: Session,
    ip: ClientIp,
    user: super::caps::SignedIn,
    ApiJson(body): ApiJson<ReauthBody>,
) -> Result<StatusCode, AppError> {
    service::reauthenticate(&state, &session, &user, ip, &body.password).await?;
    Ok(StatusCode::NO_CONTENT)
}
