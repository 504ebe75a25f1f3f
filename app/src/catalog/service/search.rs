//! Catalog search over the bigram index (`fulltext`): documents whose title holds every
//! term come first, then the others, each newest first (by when they entered the catalog)
//! straight from the index's order, so a page costs the same at 200,000 documents as at
//! 1,000; a later page seeks from where the page before ended ([`Start::After`]), while a
//! page asked for by number walks past the matches before it. Matches are counted ten pages
//! past the page shown ([`count_to`](crate::fulltext::count_to));
//! totals past that are reported as "more than".
use super::statement;
use crate::entities::documents;
use crate::error::AppError;
use crate::fulltext::index::{Scope, DOCUMENTS};
use crate::fulltext::query_terms;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Value,
};

/// Rewrites a document's entry from its title and body.
pub async fn reindex(
    db: &impl ConnectionTrait,
    document_id: i32,
    title: &str,
    body: &str,
) -> Result<(), AppError> {
    DOCUMENTS.put(db, document_id, title, body).await?;
    Ok(())
}

/// Rebuilds the whole index from the documents, a batch at a time.
pub async fn rebuild(db: &impl ConnectionTrait) -> Result<u64, AppError> {
    DOCUMENTS.clear(db).await?;
    let mut after = 0;
    let mut n = 0;
    loop {
        let batch = documents::Entity::find()
            .filter(documents::Column::Id.gt(after))
            .order_by_asc(documents::Column::Id)
            .limit(500)
            .all(db)
            .await?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        for d in &batch {
            DOCUMENTS.insert(db, d.id, &d.title, &d.body).await?;
        }
        n += batch.len() as u64;
    }
    Ok(n)
}

/// At start: rebuilds when the index is empty but documents exist (a database from before
/// the index existed).
pub async fn rebuild_if_missing(db: &impl ConnectionTrait) -> Result<(), AppError> {
    let any = documents::Entity::find()
        .select_only()
        .column(documents::Column::Id)
        .limit(1)
        .into_tuple::<i32>()
        .one(db)
        .await?;
    if any.is_some() && DOCUMENTS.is_empty(db).await? {
        let n = rebuild(db).await?;
        tracing::info!(documents = n, "rebuilt the catalog's search index");
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

/// Where a page of matches starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Start {
    /// After so many matches (a page asked for by number): the walk passes every earlier one.
    Offset(u64),
    /// After the match the page before ended on, in the tier it was in (title matches, or
    /// the rest): a seek, as cheap as the first page however deep.
    After { in_title: bool, id: i32 },
}

/// One page of matches, and how many there are (`capped`: at least that many).
pub struct Hits {
    pub ids: Vec<i32>,
    pub total: u64,
    pub capped: bool,
    /// The page's last match and whether it was a title match: where the next page starts.
    pub last: Option<(bool, i32)>,
}

struct Query<'a> {
    terms: Vec<String>,
    filter: &'a SqlFilter,
}

/// Which rows of the index a query reads.
#[derive(Clone, Copy)]
enum Rows {
    /// All of them (below row `before`, when given).
    All { before: Option<i32> },
    /// Only the `rows` newest (below row `before`, when given), and of those only the row
    /// number and the title: an index-only walk on PostgreSQL (migration 28).
    NewestTitles { before: Option<i32>, rows: u64 },
}

/// How many of the newest titles a PostgreSQL title search walks before it asks the GIN
/// index for the rest: enough for `wanted` matches of a word in one title of fifty.
///
/// PostgreSQL's planner multiplies the frequencies of a query's words, so for two words that
/// always come together (医保 报销: 357 rows expected, 8,453 found at 200,000 documents) it
/// reads every title match through the GIN index and sorts them (22–48 ms) instead of
/// walking the newest titles (2 ms). A bounded walk needs no estimate; a rare word costs the
/// walk (about 1 ms for 2,000 titles) and then the index, below the rows walked.
fn title_window(wanted: u64) -> u64 {
    wanted.saturating_mul(50).clamp(2_000, 20_000)
}

/// The `rows` newest rows of the index (below row `before`, when given), with `columns`.
fn newest(columns: &str, before: Option<i32>, rows: u64) -> (String, Vec<Value>) {
    let below = if before.is_some() {
        " WHERE rowid < ?"
    } else {
        ""
    };
    let mut values: Vec<Value> = before.map(Value::from).into_iter().collect();
    values.push(Value::from(rows as i64));
    let sql = format!(
        "SELECT {columns} FROM {}{below} ORDER BY rowid DESC LIMIT ?",
        DOCUMENTS.table()
    );
    (sql, values)
}

impl Query<'_> {
    /// `FROM … WHERE …` of the published documents among `rows` matching within `scope`,
    /// and its values.
    fn from(&self, db: &impl ConnectionTrait, scope: Scope, rows: Rows) -> (String, Vec<Value>) {
        let t = DOCUMENTS.table();
        let (source, mut values, before) = match rows {
            Rows::All { before } => (t.to_string(), Vec::new(), before),
            Rows::NewestTitles { before, rows } => {
                let (newest, v) = newest("rowid, title", before, rows);
                // Named like the table, so that the conditions below read the same.
                (format!("({newest}) AS {t}"), v, None)
            }
        };
        let (mut cond, cond_values) =
            DOCUMENTS.condition(db.get_database_backend(), &self.terms, scope);
        values.extend(cond_values);
        if let Some(id) = before {
            cond.push_str(&format!(" AND {t}.rowid < ?"));
            values.push(id.into());
        }
        // The index alone is in the FROM so that it drives the query in its own order and
        // stops after a page; a join let SQLite walk the documents and probe the index for
        // each one instead.
        let mut sql = format!(
            "FROM {source} WHERE {cond} AND EXISTS (SELECT 1 FROM documents d \
             WHERE d.id = {t}.rowid AND d.status = 'published'"
        );
        for c in &self.filter.clauses {
            sql.push_str(" AND ");
            sql.push_str(c);
        }
        // `OFFSET 0` keeps PostgreSQL from turning the check into a join: with the published
        // ids in an index of their own (migration 28) it merged whole indexes instead, 200,000
        // entries read for a rare word's 20 matches (36 ms against 1 ms checked one by one).
        if db.get_database_backend() == DbBackend::Postgres {
            sql.push_str(" OFFSET 0");
        }
        sql.push(')');
        values.extend(self.filter.values.iter().cloned());
        (sql, values)
    }

    /// The first `wanted` title matches below row `before` (when given), newest first.
    async fn title_ids(
        &self,
        db: &impl ConnectionTrait,
        before: Option<i32>,
        wanted: u64,
    ) -> Result<Vec<i32>, AppError> {
        // FTS5 walks its own index in row order: nothing for the planner to get wrong.
        if db.get_database_backend() != DbBackend::Postgres {
            return self
                .ids(db, Scope::Title, Rows::All { before }, 0, wanted)
                .await;
        }
        let window = title_window(wanted);
        let rows = Rows::NewestTitles {
            before,
            rows: window,
        };
        let mut ids = self.ids(db, Scope::Title, rows, 0, wanted).await?;
        if ids.len() as u64 == wanted {
            return Ok(ids);
        }
        // Too few among the newest: the rest come through the index, below the oldest row
        // walked (unless the walk saw every row).
        let (walked_rows, values) = newest("rowid", before, window);
        let sql = format!("SELECT MIN(rowid) AS floor, COUNT(*) AS n FROM ({walked_rows}) w");
        let Some(row) = db.query_one_raw(statement(db, &sql, values)).await? else {
            return Ok(ids);
        };
        let walked: i64 = row.try_get("", "n")?;
        let floor: Option<i32> = row.try_get("", "floor")?;
        if let (Some(floor), true) = (floor, walked as u64 == window) {
            let rows = Rows::All {
                before: Some(floor),
            };
            let more = self
                .ids(db, Scope::Title, rows, 0, wanted - ids.len() as u64)
                .await?;
            ids.extend(more);
        }
        Ok(ids)
    }

    async fn ids(
        &self,
        db: &impl ConnectionTrait,
        scope: Scope,
        rows: Rows,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<i32>, AppError> {
        let (from, mut values) = self.from(db, scope, rows);
        let sql = format!(
            "SELECT {0}.rowid AS id {from} ORDER BY {0}.rowid DESC LIMIT ? OFFSET ?",
            DOCUMENTS.table()
        );
        values.push(Value::from(limit as i64));
        values.push(Value::from(offset as i64));
        let rows = db.query_all_raw(statement(db, &sql, values)).await?;
        Ok(rows
            .iter()
            .map(|r| r.try_get::<i32>("", "id"))
            .collect::<Result<Vec<_>, _>>()?)
    }

    /// Matches within `scope`, counted up to `cap + 1`.
    async fn count(
        &self,
        db: &impl ConnectionTrait,
        scope: Scope,
        cap: u64,
    ) -> Result<u64, AppError> {
        let (from, mut values) = self.from(db, scope, Rows::All { before: None });
        // Newest first, like the pages: PostgreSQL then counts a common word by walking the
        // newest rows until the cap, instead of reading every posting of two common words
        // from the GIN index in parallel workers (23 ms against 44 ms for 医保 报销 at
        // 200,000 documents). A rare word still goes through the index.
        let sql = format!(
            "SELECT COUNT(*) AS n FROM (SELECT {0}.rowid {from} ORDER BY {0}.rowid DESC LIMIT ?) s",
            DOCUMENTS.table()
        );
        values.push(Value::from((cap + 1) as i64));
        let n = db
            .query_one_raw(statement(db, &sql, values))
            .await?
            .map(|r| r.try_get_by_index::<i64>(0))
            .transpose()?
            .unwrap_or(0);
        Ok(n.max(0) as u64)
    }
}

/// One page of published documents matching every term of `q`: title matches first; the
/// matches are counted up to `count_to` (see [`crate::fulltext::count_to`]).
pub async fn search(
    db: &impl ConnectionTrait,
    q: &str,
    filter: SqlFilter,
    start: Start,
    limit: u64,
    count_to: u64,
) -> Result<Hits, AppError> {
    let terms = query_terms(q);
    if terms.is_empty() {
        return Ok(Hits {
            ids: Vec::new(),
            total: 0,
            capped: false,
            last: None,
        });
    }
    let query = Query {
        terms,
        filter: &filter,
    };
    // The page is the title matches from where it starts, then (when they run out) the
    // rest from where it starts. A page by number takes the title matches up to its end:
    // how many there are tells where the rest start.
    let (mut ids, rest_from) = match start {
        Start::Offset(offset) => {
            let title = query.title_ids(db, None, offset + limit).await?;
            let in_title = title.len() as u64;
            let page = title.into_iter().skip(offset as usize).collect();
            (page, (None, offset.saturating_sub(in_title)))
        }
        Start::After { in_title: true, id } => {
            (query.title_ids(db, Some(id), limit).await?, (None, 0))
        }
        Start::After {
            in_title: false,
            id,
        } => (Vec::new(), (Some(id), 0)),
    };
    let mut last = ids.last().map(|&id| (true, id));
    if (ids.len() as u64) < limit {
        let (before, offset) = rest_from;
        let more = query
            .ids(
                db,
                Scope::NotTitle,
                Rows::All { before },
                offset,
                limit - ids.len() as u64,
            )
            .await?;
        if let Some(&id) = more.last() {
            last = Some((false, id));
        }
        ids.extend(more);
    }
    // A first page that is not full is the whole result: no second pass to count.
    if start == Start::Offset(0) && (ids.len() as u64) < limit {
        let total = ids.len() as u64;
        return Ok(Hits {
            ids,
            total,
            capped: false,
            last,
        });
    }
    let n = query.count(db, Scope::Anywhere, count_to).await?;
    Ok(Hits {
        ids,
        total: n.min(count_to),
        capped: n > count_to,
        last,
    })
}
