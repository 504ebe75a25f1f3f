//! Attack tests: what a hostile client sends must never panic the server, drop the
//! connection or get past a limit. One test per finding of the security review.
#[path = "../common/mod.rs"]
mod common;
#[path = "../interviews_support/mod.rs"]
mod interviews_support;

mod caching;
mod csrf;
mod exposure;
mod floods;
mod guessing;
mod paging;
mod races;
