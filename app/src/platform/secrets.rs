//! The server's own secret: one 256-bit key, from `GONGKAI_SECRET_KEY` or a key file kept
//! beside the database (made on first start, readable by its owner only). A copy of the
//! database alone is then not enough to test query codes offline or read ID numbers.
//! Purpose keys are derived from it, so that one use can never stand in for another.
use super::Config;
use crate::error::AppError;
use data_encoding::{BASE64URL_NOPAD, HEXLOWER_PERMISSIVE};
use ring::{aead, hmac, rand::SecureRandom};
use std::path::Path;

/// Prefix of a query code's HMAC as stored (older rows hold a bare SHA-256 in hex).
pub const CODE_MAC_PREFIX: &str = "h1:";
/// Prefix of a value sealed with AES-256-GCM as stored.
pub const SEALED_PREFIX: &str = "g1:";
const NONCE_LEN: usize = 12;

pub struct Secrets {
    code_key: hmac::Key,
    csrf_key: hmac::Key,
    seal_key: aead::LessSafeKey,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secrets(..)")
    }
}

impl Secrets {
    /// The secret from the configuration, else from the key file, which is made when missing.
    pub fn load(config: &Config) -> Result<Secrets, String> {
        let master = match config.secret_key.as_deref() {
            Some(hex) => parse_key(hex).map_err(|e| format!("GONGKAI_SECRET_KEY: {e}"))?,
            None => key_file(&config.key_file)?,
        };
        Ok(Secrets::from_master(&master))
    }

    pub fn from_master(master: &[u8; 32]) -> Secrets {
        let root = hmac::Key::new(hmac::HMAC_SHA256, master);
        let derive = |purpose: &str| hmac::sign(&root, purpose.as_bytes());
        let code = derive("gongkai/query-code/v1");
        let seal = derive("gongkai/personal-data/v1");
        let csrf = derive("gongkai/csrf/v1");
        Secrets {
            code_key: hmac::Key::new(hmac::HMAC_SHA256, code.as_ref()),
            csrf_key: hmac::Key::new(hmac::HMAC_SHA256, csrf.as_ref()),
            seal_key: aead::LessSafeKey::new(
                aead::UnboundKey::new(&aead::AES_256_GCM, seal.as_ref())
                    .expect("a SHA-256 output is an AES-256 key"),
            ),
        }
    }

    /// A fresh random secret (tests, tools).
    pub fn generate() -> Secrets {
        Secrets::from_master(&random_key().expect("the system random source"))
    }

    /// How a query code is stored: `h1:` and its HMAC-SHA256 under the server's key.
    pub fn code_mac(&self, normalised_code: &str) -> String {
        let tag = hmac::sign(&self.code_key, normalised_code.as_bytes());
        format!("{CODE_MAC_PREFIX}{}", BASE64URL_NOPAD.encode(tag.as_ref()))
    }

    /// Whether `stored` (from [`Secrets::code_mac`]) is the HMAC of `normalised_code`,
    /// compared in constant time.
    pub fn code_mac_matches(&self, stored: &str, normalised_code: &str) -> bool {
        let Some(tag) = stored
            .strip_prefix(CODE_MAC_PREFIX)
            .and_then(|t| BASE64URL_NOPAD.decode(t.as_bytes()).ok())
        else {
            return false;
        };
        hmac::verify(&self.code_key, normalised_code.as_bytes(), &tag).is_ok()
    }

    /// The anti-CSRF token of a session: derived from its id, so nothing is stored, and
    /// it changes whenever the session id does (at every sign-in).
    pub fn csrf_token(&self, session_id: &str) -> String {
        BASE64URL_NOPAD.encode(hmac::sign(&self.csrf_key, session_id.as_bytes()).as_ref())
    }

    /// Whether `token` is the session's, compared in constant time.
    pub fn csrf_token_matches(&self, session_id: &str, token: &str) -> bool {
        BASE64URL_NOPAD
            .decode(token.trim().as_bytes())
            .is_ok_and(|tag| hmac::verify(&self.csrf_key, session_id.as_bytes(), &tag).is_ok())
    }

    /// `plain` encrypted with AES-256-GCM under a fresh nonce, bound to `purpose` (the
    /// column it is kept in), so a value copied to another column does not open.
    pub fn seal(&self, purpose: &str, plain: &str) -> Result<String, AppError> {
        let mut nonce = [0u8; NONCE_LEN];
        ring::rand::SystemRandom::new()
            .fill(&mut nonce)
            .map_err(|_| {
                tracing::error!("the system random source failed");
                AppError::Internal
            })?;
        let mut buf = plain.as_bytes().to_vec();
        self.seal_key
            .seal_in_place_append_tag(
                aead::Nonce::assume_unique_for_key(nonce),
                aead::Aad::from(purpose.as_bytes()),
                &mut buf,
            )
            .map_err(|_| {
                tracing::error!("AES-GCM sealing failed");
                AppError::Internal
            })?;
        let mut out = nonce.to_vec();
        out.extend(buf);
        Ok(format!("{SEALED_PREFIX}{}", BASE64URL_NOPAD.encode(&out)))
    }

    /// The plain text of a value from [`Secrets::seal`]; `None` when it was not sealed
    /// under this key for `purpose`, or was altered.
    pub fn open(&self, purpose: &str, stored: &str) -> Option<String> {
        let raw = BASE64URL_NOPAD
            .decode(stored.strip_prefix(SEALED_PREFIX)?.as_bytes())
            .ok()?;
        if raw.len() < NONCE_LEN {
            return None;
        }
        let (nonce, sealed) = raw.split_at(NONCE_LEN);
        let nonce = aead::Nonce::try_assume_unique_for_key(nonce).ok()?;
        let mut buf = sealed.to_vec();
        let plain = self
            .seal_key
            .open_in_place(nonce, aead::Aad::from(purpose.as_bytes()), &mut buf)
            .ok()?;
        String::from_utf8(plain.to_vec()).ok()
    }
}

fn random_key() -> Result<[u8; 32], String> {
    let mut key = [0u8; 32];
    ring::rand::SystemRandom::new()
        .fill(&mut key)
        .map_err(|_| "the system random source failed".to_string())?;
    Ok(key)
}

fn parse_key(hex: &str) -> Result<[u8; 32], String> {
    HEXLOWER_PERMISSIVE
        .decode(hex.trim().as_bytes())
        .ok()
        .and_then(|k| <[u8; 32]>::try_from(k).ok())
        .ok_or_else(|| "must be 64 hexadecimal digits (32 bytes)".to_string())
}

/// Reads the key file, or makes one: created exclusively (two instances starting together
/// agree on one key) and readable by the owner only.
fn key_file(path: &Path) -> Result<[u8; 32], String> {
    let shown = path.display();
    match std::fs::read_to_string(path) {
        Ok(text) => return parse_key(&text).map_err(|e| format!("key file {shown}: {e}")),
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(format!("key file {shown}: {e}"))
        }
        Err(_) => {}
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("key file {shown}: {e}"))?;
    }
    let key = random_key()?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(mut file) => {
            use std::io::Write;
            file.write_all(format!("{}\n", data_encoding::HEXLOWER.encode(&key)).as_bytes())
                .and_then(|()| file.sync_all())
                .map_err(|e| format!("key file {shown}: {e}"))?;
            tracing::warn!(path = %shown, "made a new secret key file: back it up with the database");
            Ok(key)
        }
        // Another instance made it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("key file {shown}: {e}"))?;
            parse_key(&text).map_err(|e| format!("key file {shown}: {e}"))
        }
        Err(e) => Err(format!("key file {shown}: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_with_their_key_and_purpose() {
        let s = Secrets::generate();
        let sealed = s.seal("id_number", "11010519491231002X").unwrap();
        assert!(sealed.starts_with(SEALED_PREFIX));
        assert!(!sealed.contains("1101051949"));
        assert_eq!(
            s.open("id_number", &sealed).as_deref(),
            Some("11010519491231002X")
        );
        assert_ne!(
            s.seal("id_number", "11010519491231002X").unwrap(),
            sealed,
            "a fresh nonce each time"
        );
        assert_eq!(s.open("phone", &sealed), None, "bound to its column");
        assert_eq!(Secrets::generate().open("id_number", &sealed), None);
        let mut tampered = sealed.clone().into_bytes();
        let last = tampered.len() - 3;
        tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
        assert_eq!(
            s.open("id_number", &String::from_utf8(tampered).unwrap()),
            None
        );
        assert_eq!(s.open("id_number", "11010519491231002X"), None);
    }

    #[test]
    fn csrf_tokens_belong_to_one_session() {
        let s = Secrets::generate();
        let t = s.csrf_token("session-a");
        assert!(s.csrf_token_matches("session-a", &t));
        assert!(!s.csrf_token_matches("session-b", &t));
        assert!(!Secrets::generate().csrf_token_matches("session-a", &t));
        assert!(!s.csrf_token_matches("session-a", "not base64 !"));
    }

    #[test]
    fn code_macs_depend_on_the_key() {
        let (a, b) = (Secrets::generate(), Secrets::generate());
        let mac = a.code_mac("ABCD");
        assert!(mac.len() <= 64, "fits the questions' column: {mac}");
        assert!(a.code_mac_matches(&mac, "ABCD"));
        assert!(!a.code_mac_matches(&mac, "ABCE"));
        assert!(!b.code_mac_matches(&mac, "ABCD"));
        assert_eq!(
            Secrets::from_master(&[7; 32]).code_mac("X"),
            Secrets::from_master(&[7; 32]).code_mac("X")
        );
    }

    #[test]
    fn the_key_file_is_made_once_private_and_then_reused() {
        let dir = std::env::temp_dir().join(format!("gongkai-key-{}", std::process::id()));
        let path = dir.join("sub").join("gongkai.key");
        let first = key_file(&path).unwrap();
        assert_eq!(key_file(&path).unwrap(), first);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "no access for group or others: {mode:o}");
        }
        std::fs::write(&path, "not a key").unwrap();
        assert!(
            key_file(&path).is_err(),
            "a damaged key file stops the start"
        );
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(parse_key(&"ab".repeat(32)).is_ok());
        assert!(parse_key("abcd").is_err());
    }
}
