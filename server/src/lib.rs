//! The axum server around the leptos app: configuration, routing, middleware, background
//! sweeps and the command line.
// No request may panic the server: errors are handled, not unwrapped (tests may unwrap).
#![deny(clippy::unwrap_used)]
pub mod background;
pub mod backup;
pub mod cli;
pub mod demo;
pub mod event_stream_listener;
pub mod memory;
pub mod startup;
pub mod stream_bypass;
pub mod telemetry;
