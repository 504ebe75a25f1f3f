//! Server-only infrastructure every feature uses: configuration, the shared state, the
//! database connection, client addresses, body limits, rate limits and the audit trail.
pub mod audit;
pub mod body_limit;
pub mod cache;
pub mod client_ip;
pub mod config;
pub mod daily;
pub mod db;
pub mod page_cache;
pub mod query_code;
pub mod rate_limit;
pub mod secrets;
pub mod security;
pub mod spliced_gzip;
pub mod state;
pub mod time;

pub use client_ip::ClientIp;
pub use config::Config;
pub use secrets::Secrets;
pub use state::AppState;
