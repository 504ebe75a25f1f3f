//! 查询码: the one-time code a resident gets on a receipt (a question, an application), kept
//! only as a hash and compared in constant time. One copy for every module that issues one.
use super::rate_limit::{self, Limit};
use super::ClientIp;
use crate::error::AppError;
use rand::Rng;
use sea_orm::ConnectionTrait;
use sha2::{Digest, Sha256};

/// Wrong codes allowed for one tracking number within an hour; past it, even the right code
/// gets 429 until the hour ends, so a code cannot be found by guessing.
pub const WRONG_PER_NUMBER: u32 = 10;
/// Wrong codes allowed from one client address within an hour, across numbers.
pub const WRONG_PER_ADDRESS: u32 = 30;

/// 8 characters without look-alikes (no 0/O, 1/I/L), ~40 bits: enough against guessing
/// behind the per-client rate limits, short enough to write down.
pub fn new_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    (0..8)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}

/// sha256 of a code as typed (trimmed, upper-cased); the code itself is shown once and
/// never stored. Migration 000007 hashes the same way (the migrations crate stands apart).
pub fn hash(code: &str) -> String {
    let digest = Sha256::digest(code.trim().to_ascii_uppercase().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `typed` is the code behind `stored_hash`, compared in constant time so that the
/// answer's timing tells nothing of how much of the hash matched.
pub fn matches(stored_hash: &str, typed: &str) -> bool {
    let (a, b) = (stored_hash.as_bytes(), hash(typed).into_bytes());
    a.len() == b.len() && a.iter().zip(&b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Whether `typed` opens the record `no` (stored as `stored_hash`), within the guessing
/// budget: refused with 429 once the number or the address has used it up, and each
/// wrong code counted. No code typed is no guess. Call it outside any transaction, so that
/// a miss is counted even when the request then fails.
pub async fn check(
    db: &impl ConnectionTrait,
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
    let ok = stored_hash.is_some_and(|h| matches(h, typed));
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
    fn codes_are_eight_unambiguous_characters() {
        let c = new_code();
        assert_eq!(c.len(), 8);
        assert!(!c.contains(['0', 'O', '1', 'I', 'L']));
        assert_eq!(hash(&c.to_lowercase()), hash(&c));
    }

    #[test]
    fn codes_are_kept_and_compared_as_hashes() {
        let stored = hash("AB12CD34");
        assert!(matches(&stored, " ab12cd34 "), "as typed on a receipt");
        assert!(!matches(&stored, "AB12CD35"));
        assert!(
            !matches("AB12CD34", "AB12CD34"),
            "a plain code in the table unlocks nothing"
        );
    }
}
