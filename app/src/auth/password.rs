//! Password hashing with argon2id (the crate's OWASP-recommended defaults), always on a
//! blocking thread so that a burst of logins never stalls the async runtime.
use crate::error::AppError;
use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};
use std::sync::OnceLock;

pub async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| {
                tracing::error!(error = %e, "password hashing failed");
                AppError::Internal
            })
    })
    .await
    .map_err(|e| {
        tracing::error!(error = %e, "hashing task panicked");
        AppError::Internal
    })?
}

/// A real hash of a random password, verified against when the username is unknown, so
/// that unknown and known usernames take the same time to refuse.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(salt.as_str().as_bytes(), &salt)
            .expect("hashing a fixed-length password cannot fail")
            .to_string()
    })
}

/// Verifies `password` against `stored`, or against the dummy hash when there is no account.
/// Returns `true` only for a real account whose hash matches.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let phc = stored.unwrap_or_else(|| dummy_hash().to_string());
        let parsed = PasswordHash::new(&phc).map_err(|e| {
            tracing::error!(error = %e, "stored password hash is malformed");
            AppError::Internal
        })?;
        let ok = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(known && ok)
    })
    .await
    .map_err(|e| {
        tracing::error!(error = %e, "verification task panicked");
        AppError::Internal
    })?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hash_then_verify() {
        let h = hash("正确的密码123".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("正确的密码123".into(), Some(h.clone()))
            .await
            .unwrap());
        assert!(!verify("错误的密码123".into(), Some(h)).await.unwrap());
    }

    #[tokio::test]
    async fn unknown_user_never_verifies() {
        assert!(!verify("anything".into(), None).await.unwrap());
    }
}
