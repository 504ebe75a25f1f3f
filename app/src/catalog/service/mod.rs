//! The catalog's service layer, split by concern. REST handlers and server functions both
//! call these, so the rules hold whichever door a request comes through.
pub mod columns;
pub mod documents;
pub mod index_no;
pub mod queries;
pub mod search;
pub mod tallies;

use sea_orm::{ConnectionTrait, Statement, Value};

/// A raw statement written with `?` placeholders, numbered for PostgreSQL.
pub(crate) fn statement(db: &impl ConnectionTrait, sql: &str, values: Vec<Value>) -> Statement {
    crate::platform::db::statement(db.get_database_backend(), sql, values)
}
