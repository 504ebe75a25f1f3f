//! The release server as a child process: its own temp folder and database, a free port,
//! limits raised out of the way, and start / SIGKILL / restart.
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a (re)start may take before the run gives up: migrations and index checks on a
/// busy two-core machine.
const START_TIMEOUT: Duration = Duration::from_secs(90);

/// A temp folder for one run, removed when dropped (`TORTURE_KEEP=1` keeps it).
pub struct Workdir(PathBuf);

impl Workdir {
    pub fn new(label: &str) -> Result<Workdir> {
        let dir = std::env::temp_dir().join(format!("gongkai-{label}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("creating the work folder {}", dir.display()))?;
        Ok(Workdir(dir))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Workdir {
    fn drop(&mut self) {
        if std::env::var_os("TORTURE_KEEP").is_some() {
            println!("(kept {})", self.0.display());
        } else {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// The database of one run: a SQLite file in the work folder, or a fresh PostgreSQL
/// database that [`Database::remove`] drops.
pub struct Database {
    pub url: String,
    pub backend: &'static str,
    postgres: Option<(String, String)>,
}

impl Database {
    pub fn sqlite(dir: &Path) -> Database {
        Database {
            url: format!("sqlite:{}/gongkai.db?mode=rwc", dir.display()),
            backend: "SQLite",
            postgres: None,
        }
    }

    /// Creates `name` through `admin` (a URL ending in `/<database>`).
    pub async fn postgres(admin: &str, name: &str) -> Result<Database> {
        let (server, _) = admin
            .rsplit_once('/')
            .with_context(|| format!("{admin} is not a URL ending in /<database>"))?;
        run_admin(
            admin,
            &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        )
        .await?;
        run_admin(admin, &format!("CREATE DATABASE {name}")).await?;
        Ok(Database {
            url: format!("{server}/{name}"),
            backend: "PostgreSQL",
            postgres: Some((admin.to_string(), name.to_string())),
        })
    }

    /// Drops the PostgreSQL database (the SQLite file goes with its work folder).
    pub async fn remove(self) -> Result<()> {
        match self.postgres {
            Some((_, name)) if std::env::var_os("TORTURE_KEEP").is_some() => {
                println!("(kept database {name})");
                Ok(())
            }
            Some((admin, name)) => {
                run_admin(
                    &admin,
                    &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                )
                .await
            }
            None => Ok(()),
        }
    }
}

async fn run_admin(admin: &str, sql: &str) -> Result<()> {
    use sea_orm::ConnectionTrait;
    let db = sea_orm::Database::connect(admin).await.with_context(|| {
        format!("connecting to {admin} (is PostgreSQL running? `make postgres`)")
    })?;
    db.execute_unprepared(sql)
        .await
        .with_context(|| format!("running {sql}"))?;
    db.close().await.context("closing the admin connection")?;
    Ok(())
}

/// `gongkai` from `GONGKAI_BIN`, else beside the folder this example was built into
/// (`<target>/release/examples/torture` → `<target>/release/gongkai`).
fn server_binary() -> Result<PathBuf> {
    if let Some(bin) = std::env::var_os("GONGKAI_BIN") {
        return Ok(bin.into());
    }
    let exe = std::env::current_exe().context("locating this example's executable")?;
    let bin = exe
        .parent()
        .and_then(Path::parent)
        .map(|dir| dir.join("gongkai"))
        .with_context(|| format!("no target folder above {}", exe.display()))?;
    if !bin.is_file() {
        bail!(
            "{} not found: build it with `cargo build --release -p gongkai --bin gongkai`, \
             or set GONGKAI_BIN",
            bin.display()
        );
    }
    Ok(bin)
}

/// The built site (`make site`): `LEPTOS_SITE_ROOT`, else the workspace's `target/site`
/// whatever the current folder.
pub fn site_root() -> PathBuf {
    match std::env::var_os("LEPTOS_SITE_ROOT") {
        Some(root) => root.into(),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/site"),
    }
}

fn free_port() -> Result<u16> {
    let listener =
        std::net::TcpListener::bind("127.0.0.1:0").context("finding a free local port")?;
    Ok(listener
        .local_addr()
        .context("reading the free port")?
        .port())
}

pub struct Server {
    bin: PathBuf,
    env: Vec<(String, String)>,
    /// `http://127.0.0.1:<port>`; the same port across restarts, as a real restart keeps it.
    pub base: String,
    log: PathBuf,
    child: Option<Child>,
}

impl Server {
    /// Prepares (does not start) a server on `database_url`, keeping its files and log in `dir`.
    pub fn new(database_url: &str, dir: &Path) -> Result<Server> {
        let bin = server_binary()?;
        let port = free_port()?;
        let addr = format!("127.0.0.1:{port}");
        let path = |p: &str| dir.join(p).display().to_string();
        let env = [
            ("DATABASE_URL", database_url.to_string()),
            ("GONGKAI_ADDR", addr.clone()),
            ("GONGKAI_ATTACHMENTS_DIR", path("attachments")),
            ("GONGKAI_KEY_FILE", path("gongkai.key")),
            ("LEPTOS_SITE_ROOT", site_root().display().to_string()),
            // Every client comes from 127.0.0.1: the per-address limits would otherwise
            // answer 429 within seconds.
            ("GONGKAI_ANONYMOUS_QUESTIONS_PER_HOUR", "100000000".into()),
            ("GONGKAI_ACCOUNT_QUESTIONS_PER_HOUR", "1000000".into()),
            ("GONGKAI_STREAMS_PER_ADDRESS", "100000".into()),
            ("GONGKAI_STREAMS_TOTAL", "1000000".into()),
            ("GONGKAI_LOGIN_FAILURES_PER_HOUR", "1000000".into()),
            ("GONGKAI_REGISTRATIONS_PER_HOUR", "1000000".into()),
            ("RUST_LOG", "warn".into()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        Ok(Server {
            bin,
            env,
            base: format!("http://{addr}"),
            log: dir.join("server.log"),
            child: None,
        })
    }

    fn command(&self, args: &[&str]) -> Result<Command> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .with_context(|| format!("opening {}", self.log.display()))?;
        let log2 = log.try_clone().context("sharing the log file")?;
        let mut cmd = Command::new(&self.bin);
        cmd.args(args)
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log2);
        Ok(cmd)
    }

    /// Runs a one-off command of the binary (`demo-data`, `user add …`) on the same database.
    pub fn run_tool(&self, args: &[&str], extra_env: &[(&str, &str)]) -> Result<()> {
        let mut cmd = self.command(args)?;
        cmd.envs(extra_env.iter().copied());
        let status = cmd
            .status()
            .with_context(|| format!("running {} {}", self.bin.display(), args.join(" ")))?;
        if !status.success() {
            bail!(
                "`gongkai {}` failed ({status}):\n{}",
                args.join(" "),
                self.log_tail()
            );
        }
        Ok(())
    }

    pub fn start(&mut self) -> Result<()> {
        if self.child.is_some() {
            bail!("the server is already running");
        }
        let child = self
            .command(&["serve"])?
            .spawn()
            .with_context(|| format!("starting {} serve", self.bin.display()))?;
        self.child = Some(child);
        Ok(())
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Waits until `/api/v1/health` answers 2xx; returns how long that took.
    pub async fn wait_up(&mut self, client: &reqwest::Client) -> Result<Duration> {
        let started = Instant::now();
        let url = format!("{}/api/v1/health", self.base);
        while started.elapsed() < START_TIMEOUT {
            if let Some(child) = self.child.as_mut() {
                if let Some(status) = child.try_wait().context("checking the server process")? {
                    self.child = None;
                    bail!("the server exited ({status}):\n{}", self.log_tail());
                }
            } else {
                bail!("the server is not running");
            }
            let answer = client
                .get(&url)
                .timeout(Duration::from_secs(5))
                .send()
                .await;
            if answer.is_ok_and(|r| r.status().is_success()) {
                return Ok(started.elapsed());
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        bail!(
            "the server did not answer {url} within {} s:\n{}",
            START_TIMEOUT.as_secs(),
            self.log_tail()
        )
    }

    /// SIGKILL (no chance to flush or finish anything), then reaps the process.
    pub fn kill(&mut self) -> Result<()> {
        if let Some(mut child) = self.child.take() {
            child.kill().context("killing the server")?;
            child.wait().context("reaping the killed server")?;
        }
        Ok(())
    }

    /// SIGTERM (graceful shutdown), SIGKILL after 15 s.
    pub async fn stop(&mut self) -> Result<()> {
        let Some(mut child) = self.child.take() else {
            return Ok(());
        };
        let sent = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .is_ok_and(|s| s.success());
        let deadline = Instant::now() + Duration::from_secs(15);
        while sent && Instant::now() < deadline {
            if child
                .try_wait()
                .context("waiting for the server")?
                .is_some()
            {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        child.kill().context("killing the server")?;
        child.wait().context("reaping the server")?;
        Ok(())
    }

    /// The last lines of the server's output, for error messages.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.kill();
    }
}

/// The resident memory of a process in KiB (`VmRSS` of /proc/<pid>/status).
pub fn rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
}
