//! Accounts and roles: registration, login, logout and the signed-in user.
pub mod caps;
pub mod pages;
pub mod types;

#[cfg(feature = "ssr")]
pub mod credentials;
#[cfg(feature = "ssr")]
mod password;
#[cfg(feature = "ssr")]
pub use password::start_pool as start_password_pool;
#[cfg(feature = "ssr")]
pub mod rest;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod session_store;
#[cfg(feature = "ssr")]
pub mod settings;
#[cfg(feature = "ssr")]
pub mod totp;

use crate::error::AppError;
use leptos::prelude::*;
pub use types::{Role, User};

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "gongkai_session";

/// Server-side access to the request inside a server function. Who may do what is decided
/// by `caps`, which builds on these.
#[cfg(feature = "ssr")]
pub mod ctx {
    use crate::error::AppError;
    use crate::platform::ClientIp;
    use tower_sessions::Session;

    pub async fn session() -> Result<Session, AppError> {
        leptos_axum::extract::<Session>().await.map_err(|e| {
            tracing::error!(error = %e, "no session layer around a server function");
            AppError::Internal
        })
    }

    pub async fn client_ip() -> ClientIp {
        leptos_axum::extract::<ClientIp>()
            .await
            .unwrap_or(ClientIp(std::net::Ipv4Addr::UNSPECIFIED.into()))
    }
}

#[server]
pub async fn get_me() -> Result<Option<User>, AppError> {
    let (_, caller) = caps::caller().await?;
    Ok(caller.user().cloned())
}

#[server]
pub async fn login(
    username: String,
    password: String,
    totp: Option<String>,
) -> Result<User, AppError> {
    let state = crate::platform::AppState::from_context()?;
    let session = ctx::session().await?;
    let ip = ctx::client_ip().await;
    let totp = totp.as_deref();
    service::login(&state, &session, ip, &username, &password, totp).await
}

/// 个人设置 → 两步验证: a new secret to put into the authenticator app.
#[server]
pub async fn totp_setup() -> Result<types::Enrollment, AppError> {
    let (_, user) = caps::require::<caps::SignedIn>().await?;
    let session = ctx::session().await?;
    totp::begin(&user, &session).await
}

/// Confirms the secret with the app's current code.
#[server]
pub async fn totp_enable(code: String) -> Result<(), AppError> {
    let (state, user) = caps::require::<caps::SignedIn>().await?;
    let session = ctx::session().await?;
    totp::confirm(&state, &session, &user, &code).await
}

/// Turns the second factor off (the password again).
#[server]
pub async fn totp_disable(password: String) -> Result<(), AppError> {
    let (state, user) = caps::require::<caps::SignedIn>().await?;
    let ip = ctx::client_ip().await;
    totp::disable(&state, &user, ip, &password).await
}

#[server]
pub async fn register(
    username: String,
    password: String,
    display_name: Option<String>,
) -> Result<User, AppError> {
    let state = crate::platform::AppState::from_context()?;
    let session = ctx::session().await?;
    let ip = ctx::client_ip().await;
    service::register(
        &state,
        &session,
        ip,
        service::RegisterInput {
            username,
            password,
            display_name,
        },
    )
    .await
}

/// 个人设置: a new password (the current one first); other sessions end.
#[server]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    let (state, user) = caps::require::<caps::SignedIn>().await?;
    let session = ctx::session().await?;
    let ip = ctx::client_ip().await;
    service::change_password(
        &state,
        &session,
        &user,
        ip,
        &current_password,
        &new_password,
    )
    .await
}

/// The password again before a sensitive change.
#[server]
pub async fn reauthenticate(password: String) -> Result<(), AppError> {
    let (state, user) = caps::require::<caps::SignedIn>().await?;
    let session = ctx::session().await?;
    let ip = ctx::client_ip().await;
    service::reauthenticate(&state, &session, &user, ip, &password).await
}

/// 个人设置: the account's display name, e-mail address and notices.
#[server]
pub async fn save_settings(
    display_name: String,
    email: String,
    notify: Option<String>,
) -> Result<User, AppError> {
    let (state, user) = caps::require::<caps::SignedIn>().await?;
    let input = settings::SettingsInput {
        display_name: Some(display_name),
        email: Some(email),
        // An unticked checkbox sends nothing.
        notify: Some(notify.is_some()),
    };
    settings::save(&state.db, &user, input).await
}

#[server]
pub async fn logout() -> Result<(), AppError> {
    let state = crate::platform::AppState::from_context()?;
    let session = ctx::session().await?;
    let ip = ctx::client_ip().await;
    service::logout(&state, &session, ip).await
}

/// The signed-in user for every component, refetched whenever someone logs in or out.
#[derive(Clone, Copy)]
pub struct AuthContext {
    pub me: Resource<Result<Option<User>, AppError>>,
    pub login: ServerAction<Login>,
    pub register: ServerAction<Register>,
    pub logout: ServerAction<Logout>,
}

impl AuthContext {
    pub fn provide() -> AuthContext {
        let login = ServerAction::<Login>::new();
        let register = ServerAction::<Register>::new();
        let logout = ServerAction::<Logout>::new();
        // Role changes made by an admin show up at the next page load or login.
        let me = Resource::new(
            move || {
                (
                    login.version().get(),
                    register.version().get(),
                    logout.version().get(),
                )
            },
            |_| get_me(),
        );
        let ctx = AuthContext {
            me,
            login,
            register,
            logout,
        };
        provide_context(ctx);
        ctx
    }

    pub fn use_context() -> AuthContext {
        expect_context::<AuthContext>()
    }

    /// The user as last loaded (`None` while loading or signed out).
    pub fn user(&self) -> Option<User> {
        self.me.get().and_then(|r| r.ok()).flatten()
    }
}
