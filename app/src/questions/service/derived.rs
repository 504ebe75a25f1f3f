//! Data derived from the questions table, kept in step in the same transactions: the search
//! index and the published tallies. Both can be rebuilt from the questions (after an
//! upgrade, or by `gongkai reindex`).
use crate::entities::{question_tallies, questions};
use crate::fulltext::index::QUESTIONS;
use crate::platform::db::statement;
use crate::platform::time::district_offset;
use crate::questions::mask::mask_personal;
use crate::questions::types::{Filters, Status};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// Indexes a new question's text (the text never changes after submission) as the public sees it: a phone number typed into a question
/// must not find it (the public list would then confirm who asked what).
pub async fn index(db: &impl ConnectionTrait, m: &questions::Model) -> Result<(), DbErr> {
    index_many(db, std::slice::from_ref(m)).await
}

/// [`index`] for several new questions in one statement.
pub async fn index_many(db: &impl ConnectionTrait, rows: &[questions::Model]) -> Result<(), DbErr> {
    let masked: Vec<(i32, String, String)> = rows
        .iter()
        .map(|m| (m.id, mask_personal(&m.title), mask_personal(&m.body)))
        .collect();
    let refs: Vec<(i32, &str, &str)> = masked
        .iter()
        .map(|(id, t, b)| (*id, t.as_str(), b.as_str()))
        .collect();
    QUESTIONS.insert_many(db, &refs).await
}

fn month_of(m: &questions::Model) -> String {
    m.submitted_at
        .with_timezone(&district_offset())
        .format("%Y-%m")
        .to_string()
}

/// Adds `delta` (+1 on publish, -1 on unpublish) to the question's tally.
pub async fn tally(
    db: &impl ConnectionTrait,
    m: &questions::Model,
    delta: i64,
) -> Result<(), DbErr> {
    add_to_tally(
        db,
        &m.kind,
        m.department_id.unwrap_or(0),
        &month_of(m),
        delta,
    )
    .await
}

async fn add_to_tally(
    db: &impl ConnectionTrait,
    kind: &str,
    department_id: i32,
    month: &str,
    delta: i64,
) -> Result<(), DbErr> {
    let sql = "INSERT INTO question_tallies (kind, department_id, month, published) \
               VALUES (?, ?, ?, ?) ON CONFLICT (kind, department_id, month) \
               DO UPDATE SET published = question_tallies.published + excluded.published";
    db.execute_raw(statement(
        db.get_database_backend(),
        sql,
        vec![
            kind.into(),
            department_id.into(),
            month.into(),
            delta.into(),
        ],
    ))
    .await?;
    Ok(())
}

/// The number of published questions matching `f`, from the tallies, when the filters are
/// ones the tallies key on; `None` otherwise (text search, other states).
pub async fn published_total(db: &impl ConnectionTrait, f: &Filters) -> Result<Option<u64>, DbErr> {
    if f.q.as_deref().is_some_and(|q| !q.trim().is_empty()) || f.overdue.is_some() {
        return Ok(None);
    }
    match f.status {
        None | Some(Status::Answered) => {}
        // Only answered questions are ever published.
        Some(_) => return Ok(Some(0)),
    }
    let mut clauses = Vec::new();
    let mut values = Vec::new();
    if let Some(k) = f.kind {
        clauses.push("kind = ?");
        values.push(k.as_str().into());
    }
    if let Some(d) = f.department_id {
        clauses.push("department_id = ?");
        values.push(d.into());
    }
    if let Some((y, m)) = f.month {
        clauses.push("month = ?");
        values.push(format!("{y:04}-{m:02}").into());
    }
    let mut sql = String::from(
        "SELECT CAST(COALESCE(SUM(published), 0) AS BIGINT) AS n FROM question_tallies",
    );
    if !clauses.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&clauses.join(" AND "));
    }
    let row = db
        .query_one_raw(statement(db.get_database_backend(), &sql, values))
        .await?;
    let n = match row {
        Some(r) => r.try_get_by_index::<i64>(0)?,
        None => 0,
    };
    Ok(Some(n.max(0) as u64))
}

/// Rebuilds the index and the tallies from the questions, a batch at a time.
pub async fn rebuild(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    QUESTIONS.clear(db).await?;
    question_tallies::Entity::delete_many().exec(db).await?;
    let mut tallies: HashMap<(String, i32, String), i64> = HashMap::new();
    let mut after = 0;
    let mut n = 0;
    loop {
        let batch = questions::Entity::find()
            .filter(questions::Column::Id.gt(after))
            .order_by_asc(questions::Column::Id)
            .limit(1000)
            .all(db)
            .await?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        for m in &batch {
            index(db, m).await?;
            if m.published {
                *tallies
                    .entry((m.kind.clone(), m.department_id.unwrap_or(0), month_of(m)))
                    .or_default() += 1;
            }
        }
        n += batch.len() as u64;
    }
    for ((kind, dept, month), count) in tallies {
        add_to_tally(db, &kind, dept, &month, count).await?;
    }
    Ok(n)
}

/// At start: rebuilds when the index is empty but questions exist (a database from before
/// the index existed).
pub async fn rebuild_if_missing(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let any = questions::Entity::find()
        .select_only()
        .column(questions::Column::Id)
        .limit(1)
        .into_tuple::<i32>()
        .one(db)
        .await?;
    if any.is_some() && QUESTIONS.is_empty(db).await? {
        let n = rebuild(db).await?;
        tracing::info!(
            questions = n,
            "rebuilt the questions' search index and tallies"
        );
    }
    Ok(())
}
