//! 查询码: the one-time code a resident gets on a receipt (a question, an application), kept
//! only as a hash and compared in constant time. One copy for every module that issues one.
use super::rate_limit::{self, Limit};
use super::{ClientIp, Secrets};
use crate::error::AppError;
use rand::Rng;
use sea_orm::ConnectionTrait;
use sha2::{Digest, Sha256};

/// Wrong codes allowed for one tracking number within an hour; past it, even the right code
/// gets 429 until the hour ends, so a code cannot be found by guessing.
pub const WRONG_PER_NUMBER: u32 = 10;
/// Wrong codes allowed from one client address within an hour, across numbers.
pub const WRONG_PER_ADDRESS: u32 = 30;

const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Characters in a code: 13 from 31 without look-alikes (no 0/O, 1/I/L) is 64 bits, beyond
/// guessing even without the limits below.
pub const CODE_CHARS: usize = 13;

/// A new code, shown grouped (`ABCD-EFGH-JKMNP`) so it is easy to copy from a receipt.
pub fn new_code() -> String {
    let mut rng = rand::thread_rng();
    let chars: Vec<char> = (0..CODE_CHARS)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect();
    [&chars[..4], &chars[4..8], &chars[8..]]
        .map(|g| g.iter().collect::<String>())
        .join("-")
}

/// A code as typed: upper-cased, without spaces or the group dashes.
pub fn normalise(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// How a code is stored: its HMAC under the server's key ([`Secrets::code_mac`]); the
/// code itself is shown once and never stored.
pub fn hash(secrets: &Secrets, code: &str) -> String {
    secrets.code_mac(&normalise(code))
}

/// sha256 in hex, as codes were stored before the server had a key (migration 000007 hashes
/// the same way); such codes keep working.
fn legacy_hash(normalised: &str) -> String {
    let digest = Sha256::digest(normalised.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `typed` is the code behind `stored_hash`, compared in constant time so that the
/// answer's timing tells nothing of how much matched.
pub fn matches(secrets: &Secrets, stored_hash: &str, typed: &str) -> bool {
    let typed = normalise(typed);
    if stored_hash.starts_with(super::secrets::CODE_MAC_PREFIX) {
        return secrets.code_mac_matches(stored_hash, &typed);
    }
    let (a, b) = (stored_hash.as_bytes(), legacy_hash(&typed).into_bytes());
    a.len() == b.len() && a.iter().zip(&b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Whether `typed` opens the record `no` (stored as `stored_hash`), within the guessing
/// budget: refused with 429 once the number or the address has used it up, and each
/// wrong code counted. No code typed is no guess. Call it outside any transaction, so that
/// a miss is counted even when the request then fails.
pub async fn check(
    db: &impl ConnectionTrait,
    secrets: &Secrets,
    no: &str,
    ip: ClientIp,
    stored_hash: Option<&str>,
    typed: Option<&str>,
) -> Result<bool, AppError> {
    let Some(typed) = typed.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(false);
    };
    let by_number = (
        format!("query-code:no:{no}"),
        Limit::per_hour(WRONG_PER_NUMBER),
    );
    let by_address = (
        format!("query-code:ip:{ip}"),
        Limit::per_hour(WRONG_PER_ADDRESS),
    );
    for (bucket, limit) in [&by_number, &by_address] {
        rate_limit::check(db, bucket, *limit).await?;
    }
    let ok = stored_hash.is_some_and(|h| matches(secrets, h, typed));
    if !ok {
        tracing::info!(client = %ip, "wrong query code");
        for (bucket, limit) in [&by_number, &by_address] {
            rate_limit::hit(db, bucket, *limit).await?;
        }
    }
    Ok(ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_thirteen_unambiguous_characters_in_groups() {
        let c = new_code();
        assert_eq!(c.len(), 15, "{c}");
        assert_eq!(c.matches('-').count(), 2);
        let plain = normalise(&c);
        assert_eq!(plain.len(), CODE_CHARS);
        assert!(!plain.contains(['0', 'O', '1', 'I', 'L']));
        assert!(
            (CODE_CHARS as f64) * (ALPHABET.len() as f64).log2() >= 60.0,
            "at least 60 bits"
        );
        let s = Secrets::generate();
        assert_eq!(hash(&s, &c.to_lowercase()), hash(&s, &c));
        assert_eq!(hash(&s, &plain), hash(&s, &c), "the dashes are optional");
    }

    #[test]
    fn codes_are_kept_and_compared_as_keyed_hashes() {
        let s = Secrets::generate();
        let stored = hash(&s, "ABCD-EFGH-JKMNP");
        assert!(
            matches(&s, &stored, " abcd efgh jkmnp "),
            "as typed on a receipt"
        );
        assert!(!matches(&s, &stored, "ABCD-EFGH-JKMNQ"));
        assert!(
            !matches(&Secrets::generate(), &stored, "ABCD-EFGH-JKMNP"),
            "another key"
        );
        assert!(
            !matches(&s, "ABCDEFGHJKMNP", "ABCDEFGHJKMNP"),
            "a plain code in the table unlocks nothing"
        );
        assert_ne!(stored, legacy_hash("ABCDEFGHJKMNP"), "not a bare digest");
    }

    #[test]
    fn codes_stored_before_the_key_keep_working() {
        let s = Secrets::generate();
        let old = legacy_hash("AB12CD34");
        assert!(matches(&s, &old, " ab12cd34 "));
        assert!(!matches(&s, &old, "AB12CD35"));
    }
}
