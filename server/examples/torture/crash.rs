//! `make crash-test`: no acknowledged submission may be lost when the server dies.
//!
//! Clients submit questions without pause; the server is killed with SIGKILL at random
//! moments and restarted. A submission counts as acknowledged only when its 201 answer
//! arrived whole (with its tracking number): what the submitter was told is stored. At the
//! end every acknowledged tracking number is looked up in the `questions` table itself.
//! Any answer of a failing server (5xx other than 503) fails the test too.
use crate::server::{Database, Server, Workdir};
use crate::{env_number, Rng};
use anyhow::{bail, Context, Result};
use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Settings {
    kills: usize,
    clients: usize,
    pg_admin: String,
}

struct Report {
    backend: &'static str,
    kills: usize,
    acknowledged: usize,
    missing: Vec<String>,
    /// Stored although the client never saw the 201 (killed in between): harmless.
    unacknowledged_stored: usize,
    transport_errors: u64,
    /// 201 answers whose body the kill cut off: the submitter learnt no tracking number.
    cut_off: u64,
    /// Answers other than 201 (status → count).
    other_statuses: BTreeMap<u16, u64>,
    mean_restart: Duration,
}

pub async fn run() -> Result<bool> {
    let settings = Settings {
        kills: env_number("CRASH_KILLS", 50)?,
        clients: env_number("CRASH_CLIENTS", 16)?,
        pg_admin: std::env::var("CRASH_PG_ADMIN")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into()),
    };
    let backends =
        std::env::var("CRASH_BACKENDS").unwrap_or_else(|_| "sqlite,postgres".to_string());
    let mut reports = Vec::new();
    for backend in backends.split(',').map(str::trim).filter(|b| !b.is_empty()) {
        let report = match backend {
            "sqlite" => {
                let work = Workdir::new("crash-sqlite")?;
                let db = Database::sqlite(work.path());
                on_backend(db, &work, &settings).await?
            }
            "postgres" => {
                let work = Workdir::new("crash-postgres")?;
                let name = format!("gongkai_crash_{}", std::process::id());
                let db = Database::postgres(&settings.pg_admin, &name).await?;
                on_backend(db, &work, &settings).await?
            }
            other => bail!("CRASH_BACKENDS: unknown backend “{other}” (sqlite, postgres)"),
        };
        print_report(&report);
        reports.push(report);
    }
    println!("== crash test summary ==");
    for r in &reports {
        println!(
            "{:<11} kills {:>3}   acknowledged {:>6}   missing {:>3}",
            r.backend,
            r.kills,
            r.acknowledged,
            r.missing.len()
        );
    }
    Ok(reports
        .iter()
        .all(|r| r.missing.is_empty() && r.server_errors() == 0))
}

/// Runs the test on `db`, then drops the database whether the test succeeded or not.
async fn on_backend(db: Database, work: &Workdir, settings: &Settings) -> Result<Report> {
    println!(
        "== crash test on {}: {} clients, {} kills ==",
        db.backend, settings.clients, settings.kills
    );
    let outcome = torture(&db, work, settings).await;
    let removed = db.remove().await;
    let report = outcome?;
    removed.context("dropping the test database")?;
    Ok(report)
}

#[derive(Default)]
struct Tally {
    acknowledged: Mutex<Vec<String>>,
    transport_errors: AtomicU64,
    cut_off: AtomicU64,
    other_statuses: Mutex<BTreeMap<u16, u64>>,
}

async fn torture(db: &Database, work: &Workdir, settings: &Settings) -> Result<Report> {
    let mut server = Server::new(&db.url, work.path())?;
    // A killed server leaves requests hanging only until the kernel resets the socket; the
    // timeout is for a server that hangs instead of dying.
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .context("building the HTTP client")?;
    server.start()?;
    server.wait_up(&client).await.context("first start")?;

    let tally = Arc::new(Tally::default());
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..settings.clients)
        .map(|n| {
            tokio::spawn(submitter(
                n,
                client.clone(),
                server.base.clone(),
                tally.clone(),
                stop.clone(),
            ))
        })
        .collect();

    let mut rng = Rng::seeded(u64::from(std::process::id()));
    let mut restarts = Duration::ZERO;
    for k in 1..=settings.kills {
        tokio::time::sleep(rng.secs_between(0.2, 1.5)).await;
        server.kill()?;
        let at = Instant::now();
        server.start()?;
        server
            .wait_up(&client)
            .await
            .with_context(|| format!("restart after kill {k}"))?;
        restarts += at.elapsed();
        if k % 10 == 0 || k == settings.kills {
            let acked = tally.acknowledged.lock().map(|a| a.len()).unwrap_or(0);
            println!(
                "  kill {k:>3}/{}: {acked} acknowledged so far",
                settings.kills
            );
        }
    }
    // The last restart is the "start once more": let the clients' last requests finish
    // against it, then look at what the database holds.
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, Ordering::Relaxed);
    for c in clients {
        c.await.context("a client task failed")?;
    }
    let stored = stored_tracking_numbers(&db.url).await?;
    server.stop().await?;

    let acknowledged = tally
        .acknowledged
        .lock()
        .map_err(|_| anyhow::anyhow!("a client task panicked"))?
        .clone();
    let acked_set: HashSet<&String> = acknowledged.iter().collect();
    if acked_set.len() != acknowledged.len() {
        bail!("the server gave out a tracking number twice");
    }
    let missing: Vec<String> = acknowledged
        .iter()
        .filter(|t| !stored.contains(*t))
        .cloned()
        .collect();
    let other_statuses = tally
        .other_statuses
        .lock()
        .map_err(|_| anyhow::anyhow!("a client task panicked"))?
        .clone();
    Ok(Report {
        backend: db.backend,
        kills: settings.kills,
        acknowledged: acknowledged.len(),
        unacknowledged_stored: stored
            .len()
            .saturating_sub(acknowledged.len() - missing.len()),
        missing,
        transport_errors: tally.transport_errors.load(Ordering::Relaxed),
        cut_off: tally.cut_off.load(Ordering::Relaxed),
        other_statuses,
        mean_restart: restarts / settings.kills.max(1) as u32,
    })
}

/// One client: submits anonymously, as fast as answers come, until told to stop.
async fn submitter(
    n: usize,
    client: reqwest::Client,
    base: String,
    tally: Arc<Tally>,
    stop: Arc<AtomicBool>,
) {
    let url = format!("{base}/api/v1/questions");
    let mut i = 0u64;
    while !stop.load(Ordering::Relaxed) {
        i += 1;
        let body = serde_json::json!({
            "kind": "suggestion",
            "title": format!("关于小区停车难的建议 {n}-{i}"),
            "body": "小区车位不足，晚上车辆占用消防通道，建议增设临时停车位并加强管理。",
            "is_public": true,
            "contact": {"name": "张三", "phone": "13800001234"}
        });
        match client.post(&url).json(&body).send().await {
            Ok(res) if res.status() == reqwest::StatusCode::CREATED => {
                // Only a whole answer with its tracking number is an acknowledgement: a body
                // cut off by the kill told the submitter nothing.
                let tracking_no = res.json::<serde_json::Value>().await.ok().and_then(|v| {
                    v.get("tracking_no")
                        .or_else(|| v.pointer("/question/tracking_no"))
                        .and_then(|t| t.as_str())
                        .map(str::to_string)
                });
                match tracking_no {
                    Some(t) => {
                        if let Ok(mut acked) = tally.acknowledged.lock() {
                            acked.push(t);
                        }
                    }
                    None => {
                        tally.cut_off.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
            Ok(res) => {
                if let Ok(mut statuses) = tally.other_statuses.lock() {
                    *statuses.entry(res.status().as_u16()).or_default() += 1;
                }
            }
            Err(_) => {
                // Expected while the server is down; don't spin on "connection refused".
                tally.transport_errors.fetch_add(1, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    }
}

/// Every tracking number in the `questions` table, read directly rather than through the
/// server under test.
async fn stored_tracking_numbers(url: &str) -> Result<HashSet<String>> {
    use sea_orm::{ConnectionTrait, Statement};
    let db = sea_orm::Database::connect(url)
        .await
        .with_context(|| format!("connecting to {url} to count the questions"))?;
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT tracking_no FROM questions",
        ))
        .await
        .context("reading the questions' tracking numbers")?;
    let stored = rows
        .iter()
        .map(|row| row.try_get::<String>("", "tracking_no"))
        .collect::<Result<HashSet<_>, _>>()
        .context("reading a tracking number")?;
    db.close().await.context("closing the database")?;
    Ok(stored)
}

impl Report {
    /// Answers that say the server itself failed. 503 is left out: it is the answer of a
    /// server still starting or shedding load, and tells the submitter to try again.
    fn server_errors(&self) -> u64 {
        self.other_statuses
            .iter()
            .filter(|(s, _)| **s >= 500 && **s != 503)
            .map(|(_, n)| n)
            .sum()
    }
}

fn print_report(r: &Report) {
    println!("{} after {} SIGKILLs:", r.backend, r.kills);
    println!("  acknowledged (201)            {:>8}", r.acknowledged);
    println!("  missing from the database     {:>8}", r.missing.len());
    println!(
        "  stored, never acknowledged    {:>8}   (killed before the answer left: fine)",
        r.unacknowledged_stored
    );
    println!(
        "  transport errors              {:>8}   (expected while the server is down)",
        r.transport_errors
    );
    println!(
        "  201 cut off by the kill       {:>8}   (not acknowledged)",
        r.cut_off
    );
    for (status, count) in &r.other_statuses {
        println!("  answered {status}                  {count:>8}");
    }
    println!(
        "  mean restart until healthy    {:>8.0} ms",
        r.mean_restart.as_secs_f64() * 1e3
    );
    if r.server_errors() > 0 {
        println!("  FAILED: {} answers were server errors", r.server_errors());
    }
    for t in r.missing.iter().take(20) {
        println!("  MISSING {t}");
    }
}
