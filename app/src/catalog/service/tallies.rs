//! Published documents counted per column, publishing body, year of publication, 主题分类
//! and 有效性 (`document_tallies`), so that a browse total is a sum over a few thousand
//! rows rather than a count over every matching document. Every write that changes one of
//! those fields, or the status, shifts the tally in the same transaction.
use super::statement;
use crate::catalog::types::DocStatus;
use crate::entities::{document_tallies, documents};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, Value};
use std::collections::HashMap;

/// What a published document is counted under; `None` for drafts.
#[derive(Debug, PartialEq)]
struct Key<'a> {
    column_id: i32,
    publisher_id: i32,
    pub_year: i32,
    subject: &'a str,
    validity: &'a str,
}

fn key(m: &documents::Model) -> Option<Key<'_>> {
    // Only what the public sees is counted (the reads refuse an unknown state).
    if DocStatus::parse(&m.status) != Ok(DocStatus::Published) {
        return None;
    }
    Some(Key {
        column_id: m.column_id,
        publisher_id: m.publisher_id,
        pub_year: m.pub_year?,
        subject: &m.subject,
        validity: &m.validity,
    })
}

async fn add(db: &impl ConnectionTrait, k: &Key<'_>, delta: i64) -> Result<(), DbErr> {
    let sql = "INSERT INTO document_tallies \
                 (column_id, publisher_id, pub_year, subject, validity, published) \
               VALUES (?, ?, ?, ?, ?, ?) \
               ON CONFLICT (column_id, publisher_id, pub_year, subject, validity) \
               DO UPDATE SET published = document_tallies.published + excluded.published";
    db.execute_raw(statement(
        db,
        sql,
        vec![
            k.column_id.into(),
            k.publisher_id.into(),
            k.pub_year.into(),
            k.subject.into(),
            k.validity.into(),
            delta.into(),
        ],
    ))
    .await?;
    Ok(())
}

/// Moves a document's count from what it was counted under (`before`; `None` for a new
/// document) to what it is counted under now.
pub async fn shift(
    db: &impl ConnectionTrait,
    before: Option<&documents::Model>,
    after: &documents::Model,
) -> Result<(), DbErr> {
    let (old, new) = (before.and_then(key), key(after));
    if old == new {
        return Ok(());
    }
    if let Some(k) = old {
        add(db, &k, -1).await?;
    }
    if let Some(k) = new {
        add(db, &k, 1).await?;
    }
    Ok(())
}

/// The browse filters the tallies answer.
#[derive(Default)]
pub struct Narrowing<'a> {
    pub column_id: Option<i32>,
    pub publisher_id: Option<i32>,
    pub year: Option<i32>,
    pub subject: Option<&'a str>,
    pub validity: Option<&'a str>,
}

/// Published documents matching `n`.
pub async fn total(db: &impl ConnectionTrait, n: &Narrowing<'_>) -> Result<u64, DbErr> {
    let mut clauses = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    let mut narrow = |clause: &'static str, v: Option<Value>| {
        if let Some(v) = v {
            clauses.push(clause);
            values.push(v);
        }
    };
    narrow("column_id = ?", n.column_id.map(Value::from));
    narrow("publisher_id = ?", n.publisher_id.map(Value::from));
    narrow("pub_year = ?", n.year.map(Value::from));
    narrow("subject = ?", n.subject.map(Value::from));
    narrow("validity = ?", n.validity.map(Value::from));
    let mut sql = String::from(
        "SELECT CAST(COALESCE(SUM(published), 0) AS BIGINT) AS n FROM document_tallies",
    );
    if !clauses.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&clauses.join(" AND "));
    }
    let n = match db.query_one_raw(statement(db, &sql, values)).await? {
        Some(r) => r.try_get_by_index::<i64>(0)?,
        None => 0,
    };
    Ok(n.max(0) as u64)
}

/// Published documents per column id in `year`, of one publishing body when given.
pub async fn per_column(
    db: &impl ConnectionTrait,
    year: i32,
    publisher_id: Option<i32>,
) -> Result<HashMap<i32, u64>, DbErr> {
    let (sql, values) = match publisher_id {
        None => (
            "SELECT column_id, CAST(SUM(published) AS BIGINT) AS n FROM document_tallies \
             WHERE pub_year = ? GROUP BY column_id",
            vec![year.into()],
        ),
        Some(p) => (
            "SELECT column_id, CAST(SUM(published) AS BIGINT) AS n FROM document_tallies \
             WHERE pub_year = ? AND publisher_id = ? GROUP BY column_id",
            vec![year.into(), p.into()],
        ),
    };
    let rows = db.query_all_raw(statement(db, sql, values)).await?;
    rows.iter()
        .map(|r| {
            let column: i32 = r.try_get("", "column_id")?;
            let n: i64 = r.try_get("", "n")?;
            Ok((column, n.max(0) as u64))
        })
        .collect()
}

/// Recounts every tally from the documents (`gongkai reindex`, bulk imports).
pub async fn rebuild(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    document_tallies::Entity::delete_many().exec(db).await?;
    db.execute_unprepared(migrations::COUNT_DOCUMENT_TALLIES)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(status: &str, validity: &str) -> documents::Model {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        documents::Model {
            id: 1,
            index_no: "X/2026-00001".into(),
            column_id: 3,
            publisher_id: 7,
            title: "t".into(),
            body: "b".into(),
            subject: "卫生".into(),
            keywords: String::new(),
            doc_no: None,
            written_on: day,
            published_on: Some(day),
            pub_year: Some(2026),
            status: status.into(),
            validity: validity.into(),
            validity_changed_on: None,
            replaced_by: None,
            interpretation_id: None,
            created_on: day,
            publish_lag: Some(0),
            created_at: chrono::Utc::now(),
            updated_at: chrono::Utc::now(),
            summary: None,
        }
    }

    #[test]
    fn drafts_are_not_counted_and_validity_is_part_of_the_key() {
        assert_eq!(key(&doc("draft", "valid")), None);
        let valid = doc("published", "valid");
        let repealed = doc("published", "repealed");
        assert_eq!(key(&valid).unwrap().validity, "valid");
        assert_ne!(key(&valid), key(&repealed));
    }
}
