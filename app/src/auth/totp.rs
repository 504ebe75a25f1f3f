//! 两步验证: time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps, six
//! digits), as every authenticator app makes them. The secret is kept sealed under the
//! server's key; a code is accepted one step either side of now (clocks drift), and never
//! twice (the last step used is kept), so a code seen over a shoulder is worth nothing.
use crate::auth::types::User;
use crate::entities::users;
use crate::error::AppError;
use crate::platform::{audit, AppState, ClientIp, Secrets};
use data_encoding::BASE32_NOPAD;
use ring::{hmac, rand::SecureRandom};
use sea_orm::EntityTrait;
use tower_sessions::Session;

const STEP_SECS: i64 = 30;
const DIGITS: u32 = 6;
/// The AES-GCM purpose of the sealed secret.
const PURPOSE: &str = "users.totp_secret";
/// A secret being enrolled waits in the session until a code from the app confirms it.
const PENDING_KEY: &str = "totp_pending";

/// The code for `secret` in time step `step` (RFC 6238 / RFC 4226 truncation).
pub fn code_at_step(secret: &[u8], step: i64) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, secret);
    let tag = hmac::sign(&key, &step.to_be_bytes());
    let h = tag.as_ref();
    let offset = usize::from(h[h.len() - 1] & 0x0f);
    let bin = u32::from_be_bytes([
        h[offset] & 0x7f,
        h[offset + 1],
        h[offset + 2],
        h[offset + 3],
    ]);
    format!(
        "{:0width$}",
        bin % 10u32.pow(DIGITS),
        width = DIGITS as usize
    )
}

/// The code an authenticator shows at Unix time `unix_secs`.
pub fn code_at(secret: &[u8], unix_secs: i64) -> String {
    code_at_step(secret, unix_secs.div_euclid(STEP_SECS))
}

/// The step `typed` is the code of, within one step of `now`, and later than `after`.
fn matching_step(secret: &[u8], typed: &str, now_secs: i64, after: Option<i64>) -> Option<i64> {
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if typed.len() != DIGITS as usize || !typed.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = now_secs.div_euclid(STEP_SECS);
    (now - 1..=now + 1)
        .filter(|s| after.is_none_or(|a| *s > a))
        .find(|s| {
            let expected = code_at_step(secret, *s);
            // Constant time: the comparison says nothing of how many digits matched.
            expected
                .bytes()
                .zip(typed.bytes())
                .fold(0u8, |acc, (x, y)| acc | (x ^ y))
                == 0
        })
}

fn now_secs() -> i64 {
    chrono::Utc::now().timestamp()
}

pub use crate::auth::types::Enrollment;

/// Starts enrolling: a new secret, kept in the session until confirmed. Needs a recent
/// sign-in, like every change to how an account is protected.
pub async fn begin(user: &User, session: &Session) -> Result<Enrollment, AppError> {
    super::credentials::require_recent_sign_in(user)?;
    let mut secret = [0u8; 20];
    ring::rand::SystemRandom::new()
        .fill(&mut secret)
        .map_err(|_| AppError::Internal)?;
    let b32 = BASE32_NOPAD.encode(&secret);
    session.insert(PENDING_KEY, &b32).await?;
    let uri = format!(
        "otpauth://totp/Gongkai:{name}?secret={b32}&issuer=Gongkai&algorithm=SHA1&digits={DIGITS}&period={STEP_SECS}",
        name = user.username
    );
    Ok(Enrollment { secret: b32, uri })
}

/// Confirms enrolling with a code from the app: from now on, signing in needs a code.
pub async fn confirm(
    state: &AppState,
    session: &Session,
    user: &User,
    code: &str,
) -> Result<(), AppError> {
    super::credentials::require_recent_sign_in(user)?;
    let pending = session
        .get::<String>(PENDING_KEY)
        .await?
        .and_then(|s| BASE32_NOPAD.decode(s.as_bytes()).ok())
        .ok_or_else(|| AppError::Conflict("请先生成密钥，再输入验证码".into()))?;
    let Some(step) = matching_step(&pending, code, now_secs(), None) else {
        return Err(AppError::invalid(
            "code",
            "验证码不正确，请核对手机上的时间后重试",
        ));
    };
    let sealed = state
        .secrets
        .seal(PURPOSE, &BASE32_NOPAD.encode(&pending))?;
    store(state, user, Some(sealed), Some(step), "auth.totp_enabled").await?;
    session.remove::<String>(PENDING_KEY).await?;
    Ok(())
}

/// Writes the account's second factor (or its absence) and puts the change on the record.
async fn store(
    state: &AppState,
    user: &User,
    sealed: Option<String>,
    step: Option<i64>,
    action: &str,
) -> Result<(), AppError> {
    use sea_orm::{sea_query::Expr, ColumnTrait, QueryFilter};
    let done = users::Entity::update_many()
        .col_expr(users::Column::TotpSecret, Expr::value(sealed))
        .col_expr(users::Column::TotpStep, Expr::value(step))
        .filter(users::Column::Id.eq(user.id))
        .exec(&state.db)
        .await?;
    if done.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    let target = format!("user:{}", user.id);
    audit::record(&state.db, Some(user.id), action, &target, "").await
}

/// Turns it off: the password again, and a recent sign-in.
pub async fn disable(
    state: &AppState,
    user: &User,
    ip: ClientIp,
    password: &str,
) -> Result<(), AppError> {
    super::credentials::require_recent_sign_in(user)?;
    super::credentials::check_password(state, user, ip, password, "password").await?;
    store(state, user, None, None, "auth.totp_disabled").await
}

/// At sign-in, for an account with a second factor: the typed code, checked and used up.
/// `Ok(false)` when it is wrong (a failed login); `SecondFactorNeeded` when none was typed.
pub async fn check_at_login(
    db: &impl sea_orm::ConnectionTrait,
    secrets: &Secrets,
    row: &users::Model,
    typed: Option<&str>,
) -> Result<bool, AppError> {
    let Some(sealed) = row.totp_secret.as_deref() else {
        return Ok(true);
    };
    let typed = typed.map(str::trim).filter(|t| !t.is_empty());
    let Some(typed) = typed else {
        return Err(AppError::SecondFactorNeeded);
    };
    let Some(secret) = secrets
        .open(PURPOSE, sealed)
        .and_then(|s| BASE32_NOPAD.decode(s.as_bytes()).ok())
    else {
        tracing::error!(
            user = row.id,
            "a second-factor secret that does not open under this key"
        );
        return Err(AppError::Internal);
    };
    let Some(step) = matching_step(&secret, typed, now_secs(), row.totp_step) else {
        return Ok(false);
    };
    // Used up: the same code (or an older one) never signs in again. Compare-and-set, so
    // two sign-ins racing with one code cannot both pass.
    use sea_orm::{ColumnTrait, QueryFilter};
    let mut used = users::Entity::update_many()
        .col_expr(
            users::Column::TotpStep,
            sea_orm::sea_query::Expr::value(step),
        )
        .filter(users::Column::Id.eq(row.id));
    used = match row.totp_step {
        Some(last) => used.filter(users::Column::TotpStep.eq(last)),
        None => used.filter(users::Column::TotpStep.is_null()),
    };
    Ok(used.exec(db).await?.rows_affected == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rfc_6238_test_vectors() {
        // RFC 6238 appendix B, SHA-1, truncated to six digits.
        let secret = b"12345678901234567890";
        for (t, code) in [
            (59, "287082"),
            (1111111109, "081804"),
            (1111111111, "050471"),
            (1234567890, "005924"),
            (2000000000, "279037"),
            (20000000000, "353130"),
        ] {
            assert_eq!(code_at(secret, t), code, "t = {t}");
        }
    }

    #[test]
    fn a_code_is_good_one_step_either_side_and_only_once() {
        let secret = b"12345678901234567890";
        let now = 1_111_111_111;
        let code = code_at(secret, now);
        let step = now / STEP_SECS;
        assert_eq!(matching_step(secret, &code, now, None), Some(step));
        assert_eq!(matching_step(secret, &code, now + 30, None), Some(step));
        assert_eq!(
            matching_step(secret, &code, now + 90, None),
            None,
            "too late"
        );
        assert_eq!(matching_step(secret, &code, now, Some(step)), None, "used");
        assert_eq!(matching_step(secret, "12345", now, None), None);
        assert_eq!(matching_step(secret, "abcdef", now, None), None);
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert_eq!(matching_step(secret, &spaced, now, None), Some(step));
    }
}
