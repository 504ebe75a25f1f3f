//! Submissions committed together (group commit). On SQLite every write goes through the one
//! writer connection, and a submission on its own costs a transaction and a statement per
//! table. Here one task takes the submissions as they queue up and commits them in one
//! transaction, one statement per table: a lone submission still commits at once, and under
//! load the cost per submission falls as the batches grow.
//!
//! Nothing is acknowledged before it is stored: each submitter gets its answer only after
//! the commit. A batch that fails is tried again one submission at a time, so one bad row
//! cannot refuse the others.
use super::{derived, event_row};
use crate::auth::User;
use crate::entities::{question_events, questions, tracking_counters};
use crate::error::AppError;
use crate::platform::{db::statement, rate_limit, rate_limit::Limit};
use crate::questions::types::{Contact, Kind, Overdue, Status};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    sea_query::{Expr, OnConflict},
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};
use std::collections::{BTreeMap, HashMap};
use tokio::sync::{mpsc, oneshot};

/// A parsed, checked submission waiting for its number and its row.
#[derive(Clone, Debug)]
pub struct Submission {
    pub submitter: Option<User>,
    pub kind: Kind,
    pub title: String,
    pub body: String,
    pub department_id: Option<i32>,
    pub contact: Option<Contact>,
    pub is_public: bool,
    pub consent: bool,
    pub code_hash: Option<String>,
    /// The district's date, which the tracking number carries.
    pub today: NaiveDate,
    /// The rate-limit bucket this submission counts against, and its limit.
    pub bucket: String,
    pub limit: Limit,
}

type Outcome = Result<questions::Model, AppError>;
type Job = (Submission, oneshot::Sender<Outcome>);

/// The most submissions in one transaction: far below SQLite's limit on bound values.
const MAX_BATCH: usize = 64;

/// The handle every request submits through; the committing task ends with the last handle.
#[derive(Clone, Debug)]
pub struct SubmitQueue {
    jobs: mpsc::Sender<Job>,
}

impl SubmitQueue {
    /// Starts the committing task on the current tokio runtime.
    pub fn start(db: DatabaseConnection) -> SubmitQueue {
        let (jobs, rx) = mpsc::channel(4 * MAX_BATCH);
        tokio::spawn(run(db, rx));
        SubmitQueue { jobs }
    }

    /// Stores `s` (with the batch it joins) and gives back its row once committed.
    pub async fn submit(&self, s: Submission) -> Outcome {
        let (reply, answer) = oneshot::channel();
        self.jobs.send((s, reply)).await.map_err(|_| {
            tracing::error!("the submission queue has stopped");
            AppError::Internal
        })?;
        answer.await.map_err(|_| {
            tracing::error!("a submission batch ended without an answer");
            AppError::Internal
        })?
    }
}

async fn run(db: DatabaseConnection, mut rx: mpsc::Receiver<Job>) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        let (subs, replies): (Vec<Submission>, Vec<_>) = jobs.drain(..).unzip();
        for (outcome, reply) in commit_or_split(&db, subs).await.into_iter().zip(replies) {
            // A submitter that went away still has its question stored, as before.
            let _ = reply.send(outcome);
        }
    }
}

/// One outcome per submission, in order. Each attempt runs as a task of its own, so that
/// even a panic answers its submitters with an error and the queue goes on.
async fn commit_or_split(db: &DatabaseConnection, subs: Vec<Submission>) -> Vec<Outcome> {
    let n = subs.len();
    match attempt(db, subs.clone()).await {
        Ok(outcomes) => outcomes,
        Err(e) if n == 1 => vec![Err(e)],
        Err(e) => {
            tracing::warn!(error = %e, n, "a batch of submissions failed; trying each alone");
            let mut outcomes = Vec::with_capacity(n);
            for s in subs {
                outcomes.push(match attempt(db, vec![s]).await {
                    Ok(mut alone) => alone.pop().unwrap_or(Err(AppError::Internal)),
                    Err(e) => Err(e),
                });
            }
            outcomes
        }
    }
}

async fn attempt(db: &DatabaseConnection, subs: Vec<Submission>) -> Result<Vec<Outcome>, AppError> {
    let db = db.clone();
    tokio::spawn(async move { commit(&db, &subs).await })
        .await
        .unwrap_or_else(|e| {
            tracing::error!(error = %e, "committing submissions panicked");
            Err(AppError::Internal)
        })
}

/// Counts every submission against its rate limit, then numbers, stores, records and indexes
/// the ones within their limits, all in one transaction.
async fn commit(db: &DatabaseConnection, subs: &[Submission]) -> Result<Vec<Outcome>, AppError> {
    let txn = db.begin().await?;
    let mut refused: Vec<Option<AppError>> = vec![None; subs.len()];
    // In the buckets' order: two instances' batches then lock the same rows in the same
    // order on PostgreSQL, and never wait on each other in a cycle.
    let mut buckets: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, s) in subs.iter().enumerate() {
        buckets.entry(s.bucket.as_str()).or_default().push(i);
    }
    for (bucket, members) in &buckets {
        let limit = subs[members[0]].limit;
        let taken = rate_limit::take_many(&txn, bucket, limit, members.len() as u32).await?;
        for &i in members.iter().skip(taken.allowed as usize) {
            refused[i] = Some(AppError::RateLimited {
                retry_after_secs: taken.retry_after_secs,
            });
        }
    }
    let accepted: Vec<usize> = (0..subs.len()).filter(|&i| refused[i].is_none()).collect();
    let mut numbers: HashMap<usize, String> = HashMap::new();
    let mut days: Vec<NaiveDate> = accepted.iter().map(|&i| subs[i].today).collect();
    days.sort_unstable();
    days.dedup();
    for day in days {
        let of_day: Vec<usize> = accepted
            .iter()
            .copied()
            .filter(|&i| subs[i].today == day)
            .collect();
        let nos = next_tracking_nos(&txn, day, of_day.len()).await?;
        numbers.extend(of_day.into_iter().zip(nos));
    }
    let now = Utc::now();
    let rows = accepted
        .iter()
        .map(|&i| row(&subs[i], numbers[&i].clone(), now));
    let stored = if accepted.is_empty() {
        Vec::new()
    } else {
        questions::Entity::insert_many(rows)
            .exec_with_returning(&txn)
            .await?
    };
    // RETURNING promises no order: match the rows by their numbers.
    let mut by_no: HashMap<String, questions::Model> = stored
        .iter()
        .map(|m| (m.tracking_no.clone(), m.clone()))
        .collect();
    let events = accepted.iter().filter_map(|&i| {
        let m = by_no.get(&numbers[&i])?;
        let detail = format!("提交{}：{}", subs[i].kind.label(), m.tracking_no);
        Some(event_row(
            m.id,
            subs[i].submitter.as_ref(),
            "submit",
            detail,
        ))
    });
    if !stored.is_empty() {
        question_events::Entity::insert_many(events)
            .exec_without_returning(&txn)
            .await?;
        derived::index_many(&txn, &stored).await?;
    }
    txn.commit().await?;
    Ok(refused
        .into_iter()
        .enumerate()
        .map(|(i, r)| match r {
            Some(e) => Err(e),
            None => by_no.remove(&numbers[&i]).ok_or_else(|| {
                tracing::error!(tracking_no = %numbers[&i], "a stored submission was not returned");
                AppError::Internal
            }),
        })
        .collect())
}

fn row(s: &Submission, tracking_no: String, now: chrono::DateTime<Utc>) -> questions::ActiveModel {
    questions::ActiveModel {
        tracking_no: Set(tracking_no),
        kind: Set(s.kind.as_str().to_string()),
        title: Set(s.title.clone()),
        body: Set(s.body.clone()),
        status: Set(Status::Pending.as_str().to_string()),
        is_public: Set(s.is_public),
        published: Set(false),
        department_id: Set(s.department_id),
        submitter_id: Set(s.submitter.as_ref().map(|u| u.id)),
        contact_name: Set(s.contact.as_ref().map(|c| c.name.clone())),
        contact_phone: Set(s.contact.as_ref().and_then(|c| c.phone.clone())),
        contact_email: Set(s.contact.as_ref().and_then(|c| c.email.clone())),
        query_code_hash: Set(s.code_hash.clone()),
        submitted_at: Set(now),
        extended: Set(false),
        overdue: Set(Overdue::None.as_str().to_string()),
        consent_at: Set(s.consent.then_some(now)),
        ..Default::default()
    }
}

/// The next `count` numbers `Q<yyyymmdd>-<nnnnn>` of the day, from the day's counter row
/// moved in the caller's transaction: PostgreSQL's row lock (or SQLite's single writer)
/// hands each serial out once, and a rolled-back batch gives its serials back. Past 99,999 a
/// day the serial simply grows a digit.
async fn next_tracking_nos(
    txn: &impl ConnectionTrait,
    today: NaiveDate,
    count: usize,
) -> Result<Vec<String>, AppError> {
    let day = today.format("%Y%m%d").to_string();
    let count = i32::try_from(count).map_err(|_| AppError::Internal)?;
    let last = match advance(txn, &day, count).await? {
        Some(last) => last,
        None => {
            // The day's first submission: carry on after any number already given today
            // (by a server from before the counters, or in a restored copy).
            let start = highest_serial(txn, &day).await?;
            tracking_counters::Entity::insert(tracking_counters::ActiveModel {
                day: Set(day.clone()),
                last_serial: Set(start),
            })
            .on_conflict(
                OnConflict::column(tracking_counters::Column::Day)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(txn)
            .await
            .or_else(|e| match e {
                sea_orm::DbErr::RecordNotInserted => Ok(0),
                e => Err(e),
            })?;
            advance(txn, &day, count).await?.ok_or(AppError::Internal)?
        }
    };
    Ok((last - count + 1..=last)
        .map(|serial| format!("Q{day}-{serial:05}"))
        .collect())
}

/// Moves the day's counter on by `count`, giving the new last serial; `None` when the day
/// has no counter yet.
async fn advance(
    txn: &impl ConnectionTrait,
    day: &str,
    count: i32,
) -> Result<Option<i32>, AppError> {
    let row = txn
        .query_one_raw(statement(
            txn.get_database_backend(),
            "UPDATE tracking_counters SET last_serial = last_serial + ? WHERE day = ? \
             RETURNING last_serial",
            vec![count.into(), day.into()],
        ))
        .await?;
    Ok(match row {
        Some(r) => Some(r.try_get::<i32>("", "last_serial")?),
        None => None,
    })
}

/// The highest serial among the day's tracking numbers: the longest number first, so that
/// `…-100000` counts as higher than `…-99999`.
async fn highest_serial(db: &impl ConnectionTrait, day: &str) -> Result<i32, AppError> {
    // A range on the unique index rather than LIKE: index-friendly on every backend.
    let (lower, upper) = (format!("Q{day}-"), format!("Q{day}."));
    let last: Option<String> = questions::Entity::find()
        .select_only()
        .column(questions::Column::TrackingNo)
        .filter(questions::Column::TrackingNo.gte(lower.as_str()))
        .filter(questions::Column::TrackingNo.lt(upper.as_str()))
        .order_by_desc(Expr::cust("LENGTH(tracking_no)"))
        .order_by_desc(questions::Column::TrackingNo)
        .into_tuple()
        .one(db)
        .await?;
    Ok(last
        .and_then(|no| no[lower.len()..].parse::<i32>().ok())
        .unwrap_or(0))
}
