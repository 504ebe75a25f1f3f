//! The bigram search table: kept in step with each document, queried with the query's terms.
use super::statement;
use crate::catalog::search::{query_terms, term_counts};
use crate::entities::document_terms;
use crate::error::AppError;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, Value};
use std::collections::BTreeMap;

/// Rewrites a document's terms from its title and body.
pub async fn reindex(
    db: &impl ConnectionTrait,
    document_id: i32,
    title: &str,
    body: &str,
) -> Result<(), AppError> {
    document_terms::Entity::delete_many()
        .filter(document_terms::Column::DocumentId.eq(document_id))
        .exec(db)
        .await?;
    let mut terms: BTreeMap<String, (i32, i32)> = BTreeMap::new();
    for (t, n) in term_counts(title) {
        terms.entry(t).or_default().0 += n;
    }
    for (t, n) in term_counts(body) {
        terms.entry(t).or_default().1 += n;
    }
    let rows: Vec<_> = terms
        .into_iter()
        .map(|(term, (title_tf, body_tf))| document_terms::ActiveModel {
            term: Set(term),
            document_id: Set(document_id),
            title_tf: Set(title_tf),
            body_tf: Set(body_tf),
        })
        .collect();
    // Bound parameters per statement are limited (SQLite: 32766); 4 per row.
    for chunk in rows.chunks(1000) {
        document_terms::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Filters that narrow a search, as SQL over `documents d` with bound values.
#[derive(Default)]
pub struct SqlFilter {
    pub clauses: Vec<String>,
    pub values: Vec<Value>,
}

impl SqlFilter {
    pub fn add(&mut self, clause: &str, value: impl Into<Value>) {
        self.clauses.push(clause.to_string());
        self.values.push(value.into());
    }
}

/// One page of published document ids matching every term of `q`, best first: documents
/// whose title holds more of the terms first, then the most recently published.
pub async fn search(
    db: &impl ConnectionTrait,
    q: &str,
    filter: SqlFilter,
    offset: u64,
    limit: u64,
) -> Result<(Vec<i32>, u64), AppError> {
    let terms = query_terms(q);
    if terms.is_empty() {
        return Ok((Vec::new(), 0));
    }
    let mut where_sql = String::from("d.status = 'published'");
    for c in &filter.clauses {
        where_sql.push_str(" AND ");
        where_sql.push_str(c);
    }
    let mut values: Vec<Value> = terms.iter().map(|t| Value::from(t.clone())).collect();
    values.extend(filter.values);
    // One term (the common case: 医保, 养老) needs no grouping: each document holds a term
    // once, so the rows are the matches.
    let (from, rank) = if terms.len() == 1 {
        (
            format!(
                "FROM document_terms t JOIN documents d ON d.id = t.document_id \
                 WHERE t.term = ? AND {where_sql}"
            ),
            "CASE WHEN t.title_tf > 0 THEN 1 ELSE 0 END",
        )
    } else {
        let placeholders = vec!["?"; terms.len()].join(", ");
        values.push(Value::from(terms.len() as i64));
        (
            format!(
                "FROM document_terms t JOIN documents d ON d.id = t.document_id \
                 WHERE t.term IN ({placeholders}) AND {where_sql} GROUP BY d.id HAVING COUNT(*) = ?"
            ),
            "SUM(CASE WHEN t.title_tf > 0 THEN 1 ELSE 0 END)",
        )
    };
    let pd = if terms.len() == 1 {
        "d.published_on"
    } else {
        "MAX(d.published_on)"
    };
    let page_sql = format!(
        "SELECT d.id AS id, {rank} AS th, {pd} AS pd {from} \
         ORDER BY th DESC, pd DESC, d.id DESC LIMIT ? OFFSET ?"
    );
    let mut page_values = values.clone();
    page_values.push(Value::from(limit as i64));
    page_values.push(Value::from(offset as i64));
    let rows = db
        .query_all_raw(statement(db, &page_sql, page_values))
        .await?;
    let ids = rows
        .iter()
        .map(|r| r.try_get::<i32>("", "id"))
        .collect::<Result<Vec<_>, _>>()?;
    // A first page that is not full is the whole result: no second pass to count.
    if offset == 0 && (ids.len() as u64) < limit {
        return Ok((ids.clone(), ids.len() as u64));
    }
    let count_sql = format!("SELECT COUNT(*) AS n FROM (SELECT d.id {from}) s");
    let total = db
        .query_one_raw(statement(db, &count_sql, values))
        .await?
        .map(|r| r.try_get_by_index::<i64>(0))
        .transpose()?
        .unwrap_or(0);
    Ok((ids, total.max(0) as u64))
}
