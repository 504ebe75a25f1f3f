//! Gongkai (公开): the leptos application shared by the server (feature `ssr`) and the
//! browser (feature `hydrate`). Sliced by feature; each feature holds its types, server
//! functions, server-only service and pages.
#![recursion_limit = "512"]
// No request may panic the server: errors are handled, not unwrapped (tests may unwrap).
#![deny(clippy::unwrap_used)]

pub mod admin;
pub mod app;
pub mod auth;
pub mod calendar;
pub mod catalog;
pub mod components;
pub mod disclosure;
pub mod error;
pub mod fulltext;
pub mod guide;
pub mod home;
pub mod input;
pub mod interviews;
pub mod privacy;
pub mod questions;
pub mod report;
pub mod routes;
pub mod search;
pub mod site;
pub mod text;
pub mod workdays;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod entities;
#[cfg(feature = "ssr")]
pub mod http;
#[cfg(feature = "ssr")]
pub mod notify;
#[cfg(feature = "ssr")]
pub mod platform;
