//! The one error type of the application. It crosses the server-function boundary (so the
//! browser can show field errors in place) and maps onto the status codes and JSON bodies
//! that `api.md` prescribes. Causes (database errors and the like) are logged where they are
//! converted; users only ever see the clean Chinese message.
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Validation messages by field name, in Chinese, in a stable order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub BTreeMap<String, String>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0
            .entry(field.to_string())
            .or_insert_with(|| message.into());
    }
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Collects the error of one parse into `self`, keeping the value when it parsed.
    pub fn check<T>(&mut self, field: &str, parsed: Result<T, String>) -> Option<T> {
        match parsed {
            Ok(v) => Some(v),
            Err(msg) => {
                self.add(field, msg);
                None
            }
        }
    }
    /// Adds the fields of another check (an async one, say) that failed; the first message
    /// for a field wins.
    pub fn merge(&mut self, other: FieldErrors) {
        for (field, message) in other.0 {
            self.add(&field, message);
        }
    }
    /// `Ok(())` when no field failed, else the validation error carrying all of them.
    pub fn into_result(self) -> Result<(), AppError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self))
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("请求格式不正确：{0}")]
    BadRequest(String),
    #[error("请先登录")]
    Unauthorized,
    #[error("用户名或密码错误")]
    InvalidCredentials,
    #[error("没有权限执行此操作")]
    Forbidden,
    /// 403 for a sensitive change when the last sign-in is too old: enter the password again.
    #[error("请重新输入密码以确认身份")]
    ReauthRequired,
    /// 401 at sign-in: the password was right and the account needs its TOTP code.
    #[error("请输入手机验证器上的动态验证码")]
    SecondFactorNeeded,
    /// 403: an admin without a second factor where `GONGKAI_REQUIRE_TOTP_FOR_ADMINS` is set.
    #[error("管理员账号须先在“个人设置”中启用两步验证")]
    SecondFactorRequired,
    #[error("跨站请求已被拒绝")]
    CrossSite,
    /// 403: a signed-in change that shows neither `Origin` nor `Sec-Fetch-Site` must carry
    /// the session's `X-CSRF-Token` (from `GET /api/v1/auth/csrf`).
    #[error("请求缺少有效的防跨站令牌（X-CSRF-Token），请刷新页面后重试")]
    CsrfTokenRequired,
    #[error("未找到")]
    NotFound,
    #[error("{0}")]
    Conflict(String),
    /// 413, with what the limit is (e.g. 「附件不能超过 20 MB」).
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("提交的内容有误，请按提示修改")]
    Validation(FieldErrors),
    #[error("操作过于频繁，请在 {retry_after_secs} 秒后再试")]
    RateLimited { retry_after_secs: u64 },
    #[error("服务器内部错误，请稍后再试")]
    Internal,
    #[error("网络连接失败，请检查网络后重试")]
    Network,
}

impl AppError {
    /// The `snake_case` code of the JSON error body.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::BadRequest(_) => "bad_request",
            AppError::Unauthorized => "unauthorized",
            AppError::InvalidCredentials => "invalid_credentials",
            AppError::Forbidden => "forbidden",
            AppError::ReauthRequired => "reauth_required",
            AppError::SecondFactorNeeded => "totp_required",
            AppError::SecondFactorRequired => "second_factor_required",
            AppError::CrossSite => "cross_site_request",
            AppError::CsrfTokenRequired => "csrf_token_required",
            AppError::NotFound => "not_found",
            AppError::Conflict(_) => "conflict",
            AppError::PayloadTooLarge(_) => "payload_too_large",
            AppError::Validation(_) => "validation_failed",
            AppError::RateLimited { .. } => "rate_limited",
            AppError::Internal => "internal_error",
            AppError::Network => "network_error",
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            AppError::BadRequest(_) => 400,
            AppError::Unauthorized
            | AppError::InvalidCredentials
            | AppError::SecondFactorNeeded => 401,
            AppError::Forbidden
            | AppError::CrossSite
            | AppError::CsrfTokenRequired
            | AppError::SecondFactorRequired
            | AppError::ReauthRequired => 403,
            AppError::NotFound => 404,
            AppError::Conflict(_) => 409,
            AppError::PayloadTooLarge(_) => 413,
            AppError::Validation(_) => 422,
            AppError::RateLimited { .. } => 429,
            AppError::Internal => 500,
            AppError::Network => 503,
        }
    }

    pub fn fields(&self) -> Option<&FieldErrors> {
        match self {
            AppError::Validation(f) => Some(f),
            _ => None,
        }
    }

    /// The message for one field, for forms that show errors in place.
    pub fn field(&self, name: &str) -> Option<String> {
        self.fields().and_then(|f| f.get(name)).map(str::to_string)
    }

    /// 413 for a request body over the general limit.
    pub fn too_large_body() -> Self {
        AppError::PayloadTooLarge("提交的内容过大".into())
    }

    /// Shorthand for a single-field validation error.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        let mut f = FieldErrors::new();
        f.add(field, message);
        AppError::Validation(f)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(m)
            | ServerFnErrorErr::MissingArg(m)
            | ServerFnErrorErr::Deserialization(m) => AppError::BadRequest(m),
            ServerFnErrorErr::Request(_) => AppError::Network,
            other => {
                #[cfg(feature = "ssr")]
                tracing::error!(error = %other, "server function failed");
                let _ = other;
                AppError::Internal
            }
        }
    }
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::AppError;
    use axum::{
        http::{header, HeaderValue, StatusCode},
        response::{IntoResponse, Response},
        Json,
    };

    impl From<sea_orm::DbErr> for AppError {
        fn from(e: sea_orm::DbErr) -> Self {
            tracing::error!(error = %e, cause = ?std::error::Error::source(&e), "database error");
            AppError::Internal
        }
    }

    impl<E: std::error::Error> From<sea_orm::TransactionError<E>> for AppError
    where
        AppError: From<E>,
    {
        fn from(e: sea_orm::TransactionError<E>) -> Self {
            match e {
                sea_orm::TransactionError::Connection(db) => db.into(),
                sea_orm::TransactionError::Transaction(inner) => inner.into(),
            }
        }
    }

    impl From<tower_sessions::session::Error> for AppError {
        fn from(e: tower_sessions::session::Error) -> Self {
            tracing::error!(error = %e, "session store error");
            AppError::Internal
        }
    }

    impl AppError {
        pub fn body(&self) -> serde_json::Value {
            let mut error = serde_json::json!({
                "code": self.code(),
                "message": self.to_string(),
            });
            if let Some(fields) = self.fields() {
                error["fields"] = serde_json::to_value(&fields.0).unwrap_or_default();
            }
            serde_json::json!({ "error": error })
        }
    }

    impl IntoResponse for AppError {
        fn into_response(self) -> Response {
            let status =
                StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let mut res = (status, Json(self.body())).into_response();
            if let AppError::RateLimited { retry_after_secs } = self {
                if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                    res.headers_mut().insert(header::RETRY_AFTER, v);
                }
            }
            res
        }
    }
}
