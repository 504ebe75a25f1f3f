//! The search index: each database's own inverted index, fed with our bigram terms.
//!
//! - SQLite: an FTS5 contentless table per indexed entity. Its "text" is the terms joined by
//!   spaces; the `unicode61` tokenizer splits on the spaces only, since every term is all
//!   letters or digits. FTS5 answers `ORDER BY rowid DESC` straight from its index, so the
//!   newest matches come first without sorting every match.
//! - PostgreSQL: `tsvector` columns made by `array_to_tsvector` (the text-search parser is
//!   never involved, so no locale can mangle CJK) with GIN indexes.
//!
//! Both tables key their rows by `rowid` (FTS5 fixes that name; the PostgreSQL table uses
//! it too) so the joins read the same on both. Rows go in and out in the transaction that
//! changes the indexed text, so the index never disagrees with the data.
use super::{index_terms, is_single_cjk};
use crate::platform::db::statement;
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Value};

/// One entity's search table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SearchIndex {
    table: &'static str,
}

pub const QUESTIONS: SearchIndex = SearchIndex {
    table: "question_search",
};
pub const DOCUMENTS: SearchIndex = SearchIndex {
    table: "document_search",
};

/// Where every query term must occur.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Anywhere in title and body together.
    Anywhere,
    /// In the title.
    Title,
    /// Anywhere, but not all of them in the title (the rest after the title matches).
    NotTitle,
}

/// The distinct terms of `text`, space separated, in order of first appearance.
fn term_text(text: &str) -> String {
    let mut seen = std::collections::HashSet::new();
    let mut out = String::new();
    for t in index_terms(text) {
        if seen.insert(t.clone()) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&t);
        }
    }
    out
}

/// An FTS5 query: every term as a quoted phrase (terms hold no quotes: letters and digits),
/// a lone CJK character as a prefix.
fn fts5_all(terms: &[String], column: Option<&str>) -> String {
    terms
        .iter()
        .map(|t| {
            let star = if is_single_cjk(t) { "*" } else { "" };
            match column {
                Some(c) => format!("{{{c}}} : \"{t}\"{star}"),
                None => format!("\"{t}\"{star}"),
            }
        })
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// A tsquery literal: every term as a quoted lexeme, all required; a lone CJK character as
/// a prefix.
fn tsquery_all(terms: &[String]) -> String {
    terms
        .iter()
        .map(|t| {
            if is_single_cjk(t) {
                format!("'{t}':*")
            } else {
                format!("'{t}'")
            }
        })
        .collect::<Vec<_>>()
        .join(" & ")
}

impl SearchIndex {
    pub fn table(&self) -> &'static str {
        self.table
    }

    /// Replaces the entry of row `id` with the terms of `title` and `body`.
    pub async fn put(
        &self,
        db: &impl ConnectionTrait,
        id: i32,
        title: &str,
        body: &str,
    ) -> Result<(), DbErr> {
        self.remove(db, id).await?;
        self.insert(db, id, title, body).await
    }

    /// Adds the entry of a row that has none yet (a new row, or during a rebuild).
    pub async fn insert(
        &self,
        db: &impl ConnectionTrait,
        id: i32,
        title: &str,
        body: &str,
    ) -> Result<(), DbErr> {
        self.insert_many(db, &[(id, title, body)]).await
    }

    /// [`insert`](Self::insert) for several new rows in one statement.
    pub async fn insert_many(
        &self,
        db: &impl ConnectionTrait,
        rows: &[(i32, &str, &str)],
    ) -> Result<(), DbErr> {
        if rows.is_empty() {
            return Ok(());
        }
        let backend = db.get_database_backend();
        // PostgreSQL's `terms` holds the title's terms and the body's together.
        let (cols, tuple) = match backend {
            DbBackend::Postgres => (
                "rowid, title, terms",
                "(?, array_to_tsvector(string_to_array(?, ' ')), \
                 array_to_tsvector(string_to_array(?, ' ')))",
            ),
            _ => ("rowid, title, body", "(?, ?, ?)"),
        };
        let mut values: Vec<Value> = Vec::with_capacity(rows.len() * 3);
        for (id, title, body) in rows {
            let (title, body) = (term_text(title), term_text(body));
            let second = match backend {
                DbBackend::Postgres => format!("{title} {body}").trim().to_string(),
                _ => body,
            };
            values.extend([(*id).into(), title.into(), second.into()]);
        }
        let sql = format!(
            "INSERT INTO {} ({cols}) VALUES {}",
            self.table,
            vec![tuple; rows.len()].join(", ")
        );
        db.execute_raw(statement(backend, &sql, values)).await?;
        Ok(())
    }

    pub async fn remove(&self, db: &impl ConnectionTrait, id: i32) -> Result<(), DbErr> {
        let backend = db.get_database_backend();
        db.execute_raw(statement(
            backend,
            &format!("DELETE FROM {} WHERE rowid = ?", self.table),
            vec![id.into()],
        ))
        .await?;
        Ok(())
    }

    /// Empties the index (before a rebuild).
    pub async fn clear(&self, db: &impl ConnectionTrait) -> Result<(), DbErr> {
        let sql = match db.get_database_backend() {
            // A contentless FTS5 table is emptied with its 'delete-all' command.
            DbBackend::Sqlite => format!("INSERT INTO {0} ({0}) VALUES ('delete-all')", self.table),
            _ => format!("DELETE FROM {}", self.table),
        };
        db.execute_unprepared(&sql).await?;
        Ok(())
    }

    /// Whether the index holds any row (a rebuild is due when it is empty but the data is
    /// not, e.g. after an upgrade).
    pub async fn is_empty(&self, db: &impl ConnectionTrait) -> Result<bool, DbErr> {
        let backend = db.get_database_backend();
        let row = db
            .query_one_raw(statement(
                backend,
                &format!("SELECT rowid FROM {} LIMIT 1", self.table),
                vec![],
            ))
            .await?;
        Ok(row.is_none())
    }

    /// A condition on this index's table (named by [`Self::table`] in the query, joined on
    /// its `rowid`) that holds when every term occurs within `scope`, with its bound value.
    /// `terms` must not be empty.
    pub fn condition(
        &self,
        backend: DbBackend,
        terms: &[String],
        scope: Scope,
    ) -> (String, Vec<Value>) {
        let t = self.table;
        match backend {
            DbBackend::Postgres => {
                let q = tsquery_all(terms);
                match scope {
                    Scope::Anywhere => (format!("{t}.terms @@ CAST(? AS tsquery)"), vec![q.into()]),
                    Scope::Title => (format!("{t}.title @@ CAST(? AS tsquery)"), vec![q.into()]),
                    Scope::NotTitle => (
                        format!(
                            "{t}.terms @@ CAST(? AS tsquery) AND NOT {t}.title @@ CAST(? AS tsquery)"
                        ),
                        vec![q.clone().into(), q.into()],
                    ),
                }
            }
            _ => {
                let q = match scope {
                    Scope::Anywhere => fts5_all(terms, None),
                    Scope::Title => fts5_all(terms, Some("title")),
                    Scope::NotTitle => format!(
                        "({}) NOT ({})",
                        fts5_all(terms, None),
                        fts5_all(terms, Some("title"))
                    ),
                };
                (format!("{t} MATCH ?"), vec![q.into()])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn term_text_is_distinct_terms_in_order() {
        // The run 医保医保 ends in 保, which is also indexed alone (one-character prefix search).
        assert_eq!(term_text("医保医保，PM2.5"), "医保 保医 pm2 5 保");
    }

    #[test]
    fn fts5_queries_quote_every_term() {
        let (sql, v) =
            QUESTIONS.condition(DbBackend::Sqlite, &terms(&["医保", "养老"]), Scope::Title);
        assert_eq!(sql, "question_search MATCH ?");
        assert_eq!(
            v[0],
            Value::from("{title} : \"医保\" AND {title} : \"养老\"")
        );
        let (_, v) = DOCUMENTS.condition(DbBackend::Sqlite, &terms(&["医保"]), Scope::NotTitle);
        assert_eq!(v[0], Value::from("(\"医保\") NOT ({title} : \"医保\")"));
    }

    #[test]
    fn one_character_is_a_prefix() {
        let (_, v) = QUESTIONS.condition(DbBackend::Sqlite, &terms(&["医"]), Scope::Anywhere);
        assert_eq!(v[0], Value::from("\"医\"*"));
        let (_, v) =
            QUESTIONS.condition(DbBackend::Postgres, &terms(&["医", "a"]), Scope::Anywhere);
        assert_eq!(v[0], Value::from("'医':* & 'a'"));
    }

    #[test]
    fn tsqueries_require_every_lexeme() {
        let (sql, v) = DOCUMENTS.condition(
            DbBackend::Postgres,
            &terms(&["医保", "养老"]),
            Scope::Anywhere,
        );
        assert_eq!(sql, "document_search.terms @@ CAST(? AS tsquery)");
        assert_eq!(v[0], Value::from("'医保' & '养老'"));
    }
}
