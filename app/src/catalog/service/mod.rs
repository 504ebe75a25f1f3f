//! The catalog's service layer, split by concern. REST handlers and server functions both
//! call these, so the rules hold whichever door a request comes through.
pub mod columns;
pub mod documents;
pub mod index_no;
pub mod queries;
pub mod search;

use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};

/// A raw statement written with `?` placeholders, numbered for PostgreSQL.
pub(crate) fn statement(db: &impl ConnectionTrait, sql: &str, values: Vec<Value>) -> Statement {
    let backend = db.get_database_backend();
    let sql = if backend == DbBackend::Postgres {
        let mut out = String::with_capacity(sql.len() + 16);
        let mut n = 0;
        for c in sql.chars() {
            if c == '?' {
                n += 1;
                out.push_str(&format!("${n}"));
            } else {
                out.push(c);
            }
        }
        out
    } else {
        sql.to_string()
    };
    Statement::from_sql_and_values(backend, sql, values)
}
