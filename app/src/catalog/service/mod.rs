//! The catalog's service layer, split by concern. REST handlers and server functions both
//! call these, so the rules hold whichever door a request comes through.
pub mod columns;
pub mod documents;
pub mod index_no;
pub mod interpretations;
pub mod queries;
pub mod records;
pub mod search;
pub mod subjects;
pub mod tallies;

use crate::catalog::types::DocStatus;
use crate::entities::documents as document_rows;
use crate::error::AppError;
use sea_orm::{ConnectionTrait, Statement, Value};

/// The state of a stored document; an unknown value is an error, never a draft.
pub(crate) fn status_of(m: &document_rows::Model) -> Result<DocStatus, AppError> {
    crate::platform::db::stored(DocStatus::parse(&m.status), "documents", m.id, &m.status)
}

/// Whether a stored document is published (an unknown state is an error).
pub(crate) fn is_published(m: &document_rows::Model) -> Result<bool, AppError> {
    Ok(status_of(m)? == DocStatus::Published)
}

/// A raw statement written with `?` placeholders, numbered for PostgreSQL.
pub(crate) fn statement(db: &impl ConnectionTrait, sql: &str, values: Vec<Value>) -> Statement {
    crate::platform::db::statement(db.get_database_backend(), sql, values)
}
