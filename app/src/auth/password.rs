//! Password hashing with argon2id (the crate's OWASP-recommended defaults).
//!
//! Each hash needs 19 MiB of working memory, so hashes run on a small pool of dedicated
//! threads, one per core, each of which keeps one working buffer and reuses it: the memory
//! for hashing is bounded by the pool, whatever the load. (Allocating it per hash let the
//! allocator keep every freed buffer: 300 parallel logins grew the process by 350 MiB.) A
//! request that cannot get a turn within half a second is told to retry (429 with
//! `Retry-After`) instead of queueing; waiting requests hold no thread, and the async
//! runtime that serves pages is never blocked. Each thread takes its buffer as it starts,
//! and the server starts the pool before it serves: the memory is not only bounded but
//! constant, so a thread's first login late in the day is no 19 MiB step that looks like a
//! leak (the soak test saw exactly that: +18 % after the load, from the second thread).
use crate::error::AppError;
use argon2::{
    password_hash::{rand_core::OsRng, Output, ParamsString, PasswordHash, Salt, SaltString},
    Algorithm, Argon2, Block, Params, Version,
};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Work for a pool thread, given that thread's reusable argon2 memory.
type Job = Box<dyn FnOnce(&mut Vec<Block>) + Send>;

/// No stored hash may ask for more than this many KiB of memory (ours use 19 MiB).
const MAX_MEMORY_KIB: u32 = 256 * 1024;

struct Pool {
    turns: Arc<Semaphore>,
    jobs: SyncSender<Job>,
    threads: usize,
}

fn pool() -> &'static Pool {
    static POOL: OnceLock<Pool> = OnceLock::new();
    POOL.get_or_init(|| {
        let threads = std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .clamp(1, 8);
        // A job is only sent with a turn in hand, so the channel never holds more than
        // `threads` jobs.
        let (jobs, rx) = sync_channel::<Job>(threads);
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..threads {
            let rx: Arc<Mutex<Receiver<Job>>> = rx.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || {
                    // Our own hashes' working memory, taken (and touched) once, up front.
                    let mut memory: Vec<Block> =
                        vec![Block::default(); Params::default().block_count()];
                    READY.fetch_add(1, Ordering::Release);
                    loop {
                        let job = match rx.lock() {
                            Ok(rx) => rx.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(&mut memory),
                            Err(_) => return,
                        }
                    }
                });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "could not start a password hashing thread");
            }
        }
        Pool {
            turns: Arc::new(Semaphore::new(threads)),
            jobs,
            threads,
        }
    })
}

/// Pool threads that have taken their working memory.
static READY: AtomicUsize = AtomicUsize::new(0);

/// Starts the hashing threads now rather than at the first login (the server calls this
/// before it serves). Returns how many threads the pool has.
pub fn start_pool() -> usize {
    pool().threads
}

/// A turn at hashing, or 429 when every turn stays taken for half a second.
async fn turn() -> Result<OwnedSemaphorePermit, AppError> {
    let turns = pool().turns.clone();
    match tokio::time::timeout(Duration::from_millis(500), turns.acquire_owned()).await {
        Ok(Ok(permit)) => Ok(permit),
        _ => Err(AppError::RateLimited {
            retry_after_secs: 1,
        }),
    }
}

/// Runs `work` on the pool once a turn is free.
async fn on_pool<T: Send + 'static>(
    work: impl FnOnce(&mut Vec<Block>) -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    let permit = turn().await?;
    let (tx, rx) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move |memory| {
        let _ = tx.send(work(memory));
        drop(permit);
    });
    pool().jobs.send(job).map_err(|_| {
        tracing::error!("password hashing pool is gone");
        AppError::Internal
    })?;
    rx.await.map_err(|_| {
        tracing::error!("password hashing job ended without an answer");
        AppError::Internal
    })?
}

fn crypto_error(e: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %e, "password hashing failed");
    AppError::Internal
}

/// The argon2 output for `password` under these settings, computed in `memory`.
fn compute(
    algorithm: Algorithm,
    version: Version,
    params: &Params,
    password: &[u8],
    salt: Salt<'_>,
    memory: &mut Vec<Block>,
) -> Result<Output, AppError> {
    if params.m_cost() > MAX_MEMORY_KIB {
        return Err(crypto_error("stored hash asks for too much memory"));
    }
    let mut salt_buf = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_buf).map_err(crypto_error)?;
    let blocks = params.block_count();
    if memory.len() < blocks {
        memory.resize(blocks, Block::default());
    }
    let argon = Argon2::new(algorithm, version, params.clone());
    let len = params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN);
    Output::init_with(len, |out| {
        argon
            .hash_password_into_with_memory(password, salt_bytes, out, &mut memory[..blocks])
            .map_err(|_| argon2::password_hash::Error::Crypto)
    })
    .map_err(crypto_error)
}

/// A new PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) for `password`.
fn hash_with(password: &[u8], memory: &mut Vec<Block>) -> Result<String, AppError> {
    let params = Params::default();
    let salt = SaltString::generate(&mut OsRng);
    let output = compute(
        Algorithm::Argon2id,
        Version::V0x13,
        &params,
        password,
        salt.as_salt(),
        memory,
    )?;
    Ok(PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(crypto_error)?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    }
    .to_string())
}

/// Whether `password` matches the PHC string `phc` (compared in constant time).
fn verify_with(password: &[u8], phc: &str, memory: &mut Vec<Block>) -> Result<bool, AppError> {
    let parsed = PasswordHash::new(phc).map_err(|e| {
        tracing::error!(error = %e, "stored password hash is malformed");
        AppError::Internal
    })?;
    let algorithm = Algorithm::try_from(parsed.algorithm).map_err(crypto_error)?;
    let version = match parsed.version {
        Some(v) => Version::try_from(v).map_err(crypto_error)?,
        None => Version::default(),
    };
    let params = Params::try_from(&parsed).map_err(crypto_error)?;
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return Err(crypto_error("stored hash has no salt or output"));
    };
    let computed = compute(algorithm, version, &params, password, salt, memory)?;
    Ok(computed == expected)
}

pub async fn hash(password: String) -> Result<String, AppError> {
    on_pool(move |memory| hash_with(password.as_bytes(), memory)).await
}

/// A real hash of a random password, verified against when the username is unknown, so
/// that unknown and known usernames take the same time to refuse.
fn dummy_hash(memory: &mut Vec<Block>) -> Result<&'static str, AppError> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    if let Some(h) = DUMMY.get() {
        return Ok(h);
    }
    let fresh = hash_with(SaltString::generate(&mut OsRng).as_str().as_bytes(), memory)?;
    Ok(DUMMY.get_or_init(|| fresh))
}

/// Verifies `password` against `stored`, or against the dummy hash when there is no account.
/// Returns `true` only for a real account whose hash matches.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, AppError> {
    on_pool(move |memory| match stored {
        Some(phc) => verify_with(password.as_bytes(), &phc, memory),
        None => {
            let dummy = dummy_hash(memory)?;
            verify_with(password.as_bytes(), dummy, memory).map(|_| false)
        }
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pool_thread_takes_its_memory_when_the_pool_starts() {
        let threads = start_pool();
        assert!(threads >= 1);
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while READY.load(Ordering::Acquire) < threads && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        // Without any hash asked for: each thread already holds its buffer.
        assert_eq!(READY.load(Ordering::Acquire), threads);
    }

    #[tokio::test]
    async fn hash_then_verify() {
        let h = hash("正确的密码123".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("正确的密码123".into(), Some(h.clone()))
            .await
            .unwrap());
        assert!(!verify("错误的密码123".into(), Some(h)).await.unwrap());
    }

    /// Hashes made by the crate's own `PasswordHasher` (as stored until now) still verify,
    /// and ours verify with it: the format is the same.
    #[tokio::test]
    async fn compatible_with_the_crate_s_own_phc_strings() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default()
            .hash_password("旧密码-2025".as_bytes(), &salt)
            .unwrap()
            .to_string();
        assert!(verify("旧密码-2025".into(), Some(theirs)).await.unwrap());
        let ours = hash("新密码-2026".into()).await.unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(Argon2::default()
            .verify_password("新密码-2026".as_bytes(), &parsed)
            .is_ok());
        assert!(ours.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
    }

    #[tokio::test]
    async fn unknown_user_never_verifies() {
        assert!(!verify("anything".into(), None).await.unwrap());
    }
}
