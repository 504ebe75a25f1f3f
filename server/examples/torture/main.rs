//! `make crash-test` and `make soak`: the release server as a child process, with its own
//! fresh database, put through what a production server meets. Pass/fail, unlike the bench.
//!
//! - `crash-test`: 16 clients submit questions while the server is killed with SIGKILL 50
//!   times at random moments (`CRASH_KILLS`, `CRASH_CLIENTS`); every submission answered
//!   with 201 must be in the database at the end. SQLite, then PostgreSQL
//!   (`CRASH_BACKENDS=sqlite,postgres`, admin URL in `CRASH_PG_ADMIN`).
//! - `soak`: demo data, then mixed traffic at 200 connections for ten minutes
//!   (`SOAK_SECS`, `SOAK_CONNECTIONS`, `SOAK_STREAMS`); fails on any 5xx or when the
//!   server's memory 30 s after the load is more than 10 % above its level after warm-up.
//!
//! The server binary is `gongkai` beside this example's folder (the same target directory),
//! or `GONGKAI_BIN`.
mod crash;
mod server;
mod soak;

use anyhow::Context;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let mode = std::env::args().nth(1);
    let outcome = match mode.as_deref() {
        Some("crash-test") => crash::run().await,
        Some("soak") => soak::run().await,
        _ => {
            eprintln!("usage: torture crash-test | soak");
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(true) => {
            println!("PASSED");
            ExitCode::SUCCESS
        }
        Ok(false) => {
            println!("FAILED");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// A number from the environment, or `default` when unset; a value that does not parse is
/// an error rather than silently the default.
pub fn env_number<T: std::str::FromStr>(name: &str, default: T) -> anyhow::Result<T> {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => v
            .trim()
            .parse()
            .ok()
            .with_context(|| format!("{name}={v} is not a valid number")),
        _ => Ok(default),
    }
}

/// xorshift64*: enough randomness for kill moments and traffic mixes, without a dependency.
pub struct Rng(u64);

impl Rng {
    pub fn seeded(salt: u64) -> Rng {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0x2545_F491_4F6C_DD1D);
        Rng((now ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15)) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// 0..n (0 when n is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// A duration uniformly between `lo` and `hi` seconds.
    pub fn secs_between(&mut self, lo: f64, hi: f64) -> std::time::Duration {
        let unit = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        std::time::Duration::from_secs_f64(lo + (hi - lo) * unit)
    }
}

/// Sorted latencies in microseconds → the value at `pct` percent, in milliseconds.
pub fn percentile_ms(sorted_us: &[u32], pct: usize) -> f64 {
    if sorted_us.is_empty() {
        return 0.0;
    }
    let i = (sorted_us.len() * pct / 100).min(sorted_us.len() - 1);
    f64::from(sorted_us[i]) / 1e3
}
