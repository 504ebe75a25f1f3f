//! The axum server around the leptos app: configuration, routing, middleware, background
//! sweeps and the command line.
pub mod background;
pub mod cli;
pub mod demo;
pub mod demo_questions;
pub mod startup;
pub mod telemetry;
