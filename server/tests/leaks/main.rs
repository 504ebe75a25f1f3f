//! Every way out the public reads, for every kind of secret (issue #16): entries of an
//! interview's rehearsal (彩排), entries a host hides in review, and personal data that must
//! reach the public masked (phones in every spelling, landlines, ID numbers, e-mail
//! addresses) — and contact data, which must not reach it at all.
//!
//! The ways out: the live event stream (a viewer connected before the entry), the catch-up
//! from the database (`Last-Event-ID: 0`, `?after=0`, and from just before an entry), a
//! viewer on another instance (PostgreSQL, through LISTEN/NOTIFY), the server-rendered pages,
//! the transcript, the search index, the JSON API, the server functions the pages call, and
//! the feeds. Each test fills a matrix of (way out × secret) cells. A cell holds when the
//! response carries what it must — so an empty or error body cannot pass — and none of the
//! secret; the matrix is printed when a cell fails, naming the way out that leaked.
//! Streams are read up to a sentinel the test knows must come (a later public entry, or the
//! last entry of the log), never until a pause.
#[path = "../common/mod.rs"]
mod common;
#[path = "../interviews_support/mod.rs"]
mod interviews_support;
#[path = "../questions_support/mod.rs"]
mod questions_support;

/// The matrix of (way out × secret) and the readers of each way out.
mod ways_out;

mod hidden_in_review;
mod personal_data;
mod rehearsal;
