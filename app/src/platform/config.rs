//! Runtime configuration, read from the environment once at start.
use crate::site::types::{SiteIdentity, NATIONAL_ERROR_REPORT};
use std::net::IpAddr;
use std::path::PathBuf;

/// Attachments larger than this are refused unless configured otherwise (20 MB).
pub const DEFAULT_ATTACHMENT_MAX_BYTES: u64 = crate::catalog::attachments::DEFAULT_MAX_BYTES;

/// The page cache's memory unless `GONGKAI_PAGE_CACHE_MB` says otherwise.
pub const DEFAULT_PAGE_CACHE_BYTES: usize = 16 * 1024 * 1024;
/// Read-only SQLite connections beside the writer: enough for two cores to stay busy while
/// one reader waits on the disk.
pub const DEFAULT_SQLITE_READERS: u32 = 4;
/// The sender when `GONGKAI_MAIL_FROM` is not set.
pub const DEFAULT_MAIL_FROM: &str = "网络问政 <noreply@localhost>";

#[derive(Clone)]
pub struct Config {
    /// `sqlite:...` (default) or `postgres://...`.
    pub database_url: String,
    /// The origin users reach the site at, e.g. `https://gk.example.gov.cn`. When it is https,
    /// session cookies are marked `Secure`. Cross-site checks compare against the request's
    /// own `Host` as well, so a missing value never blocks same-site use.
    pub public_url: Option<String>,
    /// Peers allowed to set `X-Forwarded-For` (the load balancer). Empty: the header is ignored.
    pub trusted_proxies: Vec<IpAddr>,
    /// Failed logins allowed per account and per client address within one hour.
    pub login_failures_per_hour: u32,
    /// Anonymous question submissions allowed per client address within one hour.
    pub anonymous_questions_per_hour: u32,
    /// Accounts that one client address may register within one hour.
    pub registrations_per_hour: u32,
    /// Questions one signed-in account may submit within one hour (staff included), so an
    /// account is no way around the anonymous limit.
    pub account_questions_per_hour: u32,
    /// Event streams one client address may hold open on one instance.
    pub streams_per_address: usize,
    /// Event streams one instance holds open in all.
    pub streams_total: usize,
    /// A request that has not answered after this many seconds gets 408 (event streams,
    /// once open, are not limited).
    pub request_timeout_secs: u64,
    /// `GONGKAI_PAGE_CACHE_MB` (0–1024, default 16): memory for anonymous visitors' pages;
    /// 0 turns the page cache off.
    pub page_cache_bytes: usize,
    /// `GONGKAI_SQLITE_READERS` (0–64, default 4): read-only SQLite connections for the
    /// public's pages beside the one writer; 0 sends every read through the writer.
    pub sqlite_readers: u32,
    /// `GONGKAI_REQUIRE_TOTP_FOR_ADMINS`: admins must sign in with a second factor; an
    /// admin without one may only enrol.
    pub require_totp_for_admins: bool,
    /// A session ends after this many minutes without a request.
    pub session_idle_minutes: u32,
    /// A session ends this many hours after signing in, however active.
    pub session_absolute_hours: u32,
    /// Where attachment files are kept (`data/attachments` by default). Several instances
    /// behind a load balancer must share it (a network file system).
    pub attachments_dir: PathBuf,
    /// The largest attachment accepted, in bytes.
    pub attachment_max_bytes: u64,
    /// `smtp://host:port` (a relay without TLS) or `smtps://user:password@host:465`.
    pub smtp_url: Option<String>,
    /// The sender of notification mail.
    pub mail_from: String,
    /// An HTTPS URL that receives `POST {"phone", "text"}` for each SMS.
    pub sms_webhook: Option<String>,
    /// How often the outbox worker looks for messages, in milliseconds.
    pub outbox_poll_ms: u64,
    /// The first retry's wait after a failed delivery, in milliseconds (then doubling).
    pub outbox_retry_ms: u64,
    /// `GONGKAI_SECRET_KEY`: the server's secret as 64 hex digits. Several instances must
    /// share one (or one key file). Not shown by `Debug`.
    pub secret_key: Option<String>,
    /// Where the secret is kept when `GONGKAI_SECRET_KEY` is not set: `GONGKAI_KEY_FILE`,
    /// else `gongkai.key` beside the SQLite database (`data/gongkai.key` on PostgreSQL).
    pub key_file: PathBuf,
    /// Who runs the site, for the footer (`GONGKAI_SITE_*`).
    pub site: SiteIdentity,
}

/// The 主办单位 when `GONGKAI_SITE_SPONSOR` is not set.
pub const DEFAULT_SPONSOR: &str = "重庆市南川区人民政府办公室";

/// `GONGKAI_SITE_*` and `GONGKAI_ERROR_REPORT_URL`.
fn site_identity(var: impl Fn(&str) -> Option<String>) -> Result<SiteIdentity, String> {
    let site_code = var("GONGKAI_SITE_CODE").map(|c| c.trim().to_string());
    if let Some(c) = &site_code {
        if c.len() != 10 || !c.chars().all(|ch| ch.is_ascii_alphanumeric()) {
            return Err(format!(
                "GONGKAI_SITE_CODE: “{c}” is not a 网站标识码 (ten letters or digits)"
            ));
        }
    }
    let error_report_url = match var("GONGKAI_ERROR_REPORT_URL") {
        Some(u) if u.starts_with("https://") => u,
        Some(u) => {
            return Err(format!(
                "GONGKAI_ERROR_REPORT_URL: “{u}” is not an https:// address"
            ))
        }
        None => match &site_code {
            Some(c) => format!("{NATIONAL_ERROR_REPORT}?site_code={c}"),
            None => NATIONAL_ERROR_REPORT.to_string(),
        },
    };
    Ok(SiteIdentity {
        sponsor: var("GONGKAI_SITE_SPONSOR").unwrap_or_else(|| DEFAULT_SPONSOR.to_string()),
        organizer: var("GONGKAI_SITE_ORGANIZER"),
        site_code,
        icp: var("GONGKAI_SITE_ICP"),
        psb: var("GONGKAI_SITE_PSB"),
        address: var("GONGKAI_SITE_ADDRESS"),
        phone: var("GONGKAI_SITE_PHONE"),
        email: var("GONGKAI_SITE_EMAIL"),
        error_report_url,
    })
}

impl Config {
    pub fn from_env() -> Result<Config, String> {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let trusted_proxies = match var("GONGKAI_TRUSTED_PROXIES") {
            None => Vec::new(),
            Some(list) => list
                .split(',')
                .map(|s| {
                    s.trim()
                        .parse::<IpAddr>()
                        .map_err(|_| format!("GONGKAI_TRUSTED_PROXIES: “{s}” is not an IP address"))
                })
                .collect::<Result<_, _>>()?,
        };
        let login_failures_per_hour = match var("GONGKAI_LOGIN_FAILURES_PER_HOUR") {
            None => 100,
            Some(v) => v.parse().map_err(|_| {
                "GONGKAI_LOGIN_FAILURES_PER_HOUR must be a whole number".to_string()
            })?,
        };
        let anonymous_questions_per_hour = match var("GONGKAI_ANONYMOUS_QUESTIONS_PER_HOUR") {
            None => 5,
            Some(v) => v.parse().map_err(|_| {
                "GONGKAI_ANONYMOUS_QUESTIONS_PER_HOUR must be a whole number".to_string()
            })?,
        };
        let registrations_per_hour = match var("GONGKAI_REGISTRATIONS_PER_HOUR") {
            None => 10,
            Some(v) => v
                .parse()
                .map_err(|_| "GONGKAI_REGISTRATIONS_PER_HOUR must be a whole number".to_string())?,
        };
        let bounded = |name: &str, default: u32, max: u32| match var(name) {
            None => Ok(default),
            Some(v) => v
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| format!("{name} must be a whole number from 1 to {max}")),
        };
        let account_questions_per_hour =
            bounded("GONGKAI_ACCOUNT_QUESTIONS_PER_HOUR", 20, 1_000_000)?;
        let session_idle_minutes = bounded("GONGKAI_SESSION_IDLE_MINUTES", 120, 7 * 24 * 60)?;
        let streams_per_address = bounded("GONGKAI_STREAMS_PER_ADDRESS", 20, 1_000_000)? as usize;
        let streams_total = bounded("GONGKAI_STREAMS_TOTAL", 20_000, 10_000_000)? as usize;
        let request_timeout_secs = u64::from(bounded("GONGKAI_REQUEST_TIMEOUT_SECS", 30, 3600)?);
        let session_absolute_hours = bounded("GONGKAI_SESSION_ABSOLUTE_HOURS", 12, 30 * 24)?;
        // A size in whole megabytes, within `range`, as bytes.
        let megabytes =
            |name: &str, default: u64, range: std::ops::RangeInclusive<u64>| match var(name) {
                None => Ok(default),
                Some(v) => v
                    .trim()
                    .parse::<u64>()
                    .ok()
                    .filter(|mb| range.contains(mb))
                    .map(|mb| mb * 1024 * 1024)
                    .ok_or_else(|| {
                        format!(
                            "{name} must be a whole number of megabytes ({}–{})",
                            range.start(),
                            range.end()
                        )
                    }),
            };
        let attachment_max_bytes = megabytes(
            "GONGKAI_ATTACHMENT_MAX_MB",
            DEFAULT_ATTACHMENT_MAX_BYTES,
            1..=1024,
        )?;
        let page_cache_bytes = megabytes(
            "GONGKAI_PAGE_CACHE_MB",
            DEFAULT_PAGE_CACHE_BYTES as u64,
            0..=1024,
        )? as usize;
        let sqlite_readers = match var("GONGKAI_SQLITE_READERS") {
            None => DEFAULT_SQLITE_READERS,
            Some(v) => v
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| *n <= 64)
                .ok_or_else(|| {
                    "GONGKAI_SQLITE_READERS must be a whole number from 0 to 64".to_string()
                })?,
        };
        let database_url =
            var("DATABASE_URL").unwrap_or_else(|| "sqlite:data/gongkai.db?mode=rwc".to_string());
        let site = site_identity(var)?;
        Ok(Config {
            site,
            key_file: var("GONGKAI_KEY_FILE")
                .map(PathBuf::from)
                .unwrap_or_else(|| default_key_file(&database_url)),
            secret_key: var("GONGKAI_SECRET_KEY"),
            attachments_dir: var("GONGKAI_ATTACHMENTS_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("data/attachments")),
            attachment_max_bytes,
            database_url,
            public_url: var("GONGKAI_PUBLIC_URL"),
            trusted_proxies,
            login_failures_per_hour,
            anonymous_questions_per_hour,
            registrations_per_hour,
            account_questions_per_hour,
            require_totp_for_admins: match var("GONGKAI_REQUIRE_TOTP_FOR_ADMINS").as_deref() {
                None | Some("0" | "false" | "no") => false,
                Some("1" | "true" | "yes") => true,
                Some(_) => {
                    return Err("GONGKAI_REQUIRE_TOTP_FOR_ADMINS must be true or false".to_string())
                }
            },
            session_idle_minutes,
            session_absolute_hours,
            streams_per_address,
            streams_total,
            request_timeout_secs,
            page_cache_bytes,
            sqlite_readers,
            smtp_url: var("GONGKAI_SMTP_URL"),
            mail_from: var("GONGKAI_MAIL_FROM").unwrap_or_else(|| DEFAULT_MAIL_FROM.to_string()),
            sms_webhook: var("GONGKAI_SMS_WEBHOOK"),
            outbox_poll_ms: 5_000,
            outbox_retry_ms: 30_000,
        })
    }

    /// A configuration for tests and tools: the given database, defaults for the rest.
    pub fn for_database(url: &str) -> Config {
        Config {
            database_url: url.to_string(),
            secret_key: None,
            key_file: default_key_file(url),
            public_url: None,
            trusted_proxies: Vec::new(),
            login_failures_per_hour: 100,
            anonymous_questions_per_hour: 5,
            registrations_per_hour: 1000,
            account_questions_per_hour: 1000,
            require_totp_for_admins: false,
            session_idle_minutes: 120,
            session_absolute_hours: 12,
            streams_per_address: 1000,
            streams_total: 20_000,
            request_timeout_secs: 30,
            page_cache_bytes: DEFAULT_PAGE_CACHE_BYTES,
            sqlite_readers: DEFAULT_SQLITE_READERS,
            attachments_dir: PathBuf::from("data/attachments"),
            attachment_max_bytes: DEFAULT_ATTACHMENT_MAX_BYTES,
            smtp_url: None,
            mail_from: DEFAULT_MAIL_FROM.to_string(),
            sms_webhook: None,
            outbox_poll_ms: 5_000,
            outbox_retry_ms: 30_000,
            site: site_identity(|_| None).unwrap_or_default(),
        }
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }
}

/// `gongkai.key` in the SQLite database's folder; `data/gongkai.key` otherwise.
fn default_key_file(database_url: &str) -> PathBuf {
    let file = database_url
        .strip_prefix("sqlite://")
        .or_else(|| database_url.strip_prefix("sqlite:"))
        .map(|rest| rest.split('?').next().unwrap_or_default())
        .filter(|f| !f.is_empty() && *f != ":memory:");
    match file.map(std::path::Path::new).and_then(|f| f.parent()) {
        Some(dir) => dir.join("gongkai.key"),
        None => PathBuf::from("data/gongkai.key"),
    }
}

/// Everything but the secret.
impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &self.database_url)
            .field("public_url", &self.public_url)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("attachments_dir", &self.attachments_dir)
            .field("key_file", &self.key_file)
            .field("secret_key", &self.secret_key.as_ref().map(|_| "(set)"))
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_site_code_is_checked_and_names_the_error_report_form() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        let s = site_identity(env(&[("GONGKAI_SITE_CODE", "5001190001")])).unwrap();
        assert_eq!(
            s.error_report_url,
            "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=5001190001"
        );
        assert_eq!(s.sponsor, DEFAULT_SPONSOR);
        assert!(site_identity(env(&[("GONGKAI_SITE_CODE", "50011")])).is_err());
        assert!(site_identity(env(&[("GONGKAI_ERROR_REPORT_URL", "http://x")])).is_err());
        let own =
            site_identity(env(&[("GONGKAI_ERROR_REPORT_URL", "https://jc.example/")])).unwrap();
        assert_eq!(own.error_report_url, "https://jc.example/");
    }

    #[test]
    fn the_key_file_sits_beside_the_database() {
        assert_eq!(
            default_key_file("sqlite:data/gongkai.db?mode=rwc"),
            PathBuf::from("data/gongkai.key")
        );
        assert_eq!(
            default_key_file("sqlite:///var/lib/gongkai/site.db"),
            PathBuf::from("/var/lib/gongkai/gongkai.key")
        );
        assert_eq!(
            default_key_file("postgres://db/gongkai"),
            PathBuf::from("data/gongkai.key")
        );
    }
}
