//! The event log: numbering, storing and reading the entries of the live stream.
use super::super::types::{Event, Stage};
use crate::entities::{interview_events, interviews};
use crate::error::AppError;
use crate::platform::{time::rfc3339, AppState};
use chrono::Utc;
use sea_orm::{
    sea_query::{Expr, ExprTrait},
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, Statement, TransactionTrait,
};

/// The PostgreSQL channel on which each stored event is announced (ids only); the hub of
/// every instance LISTENs on it.
pub const CHANNEL: &str = "gongkai_interview_events";

/// `interview_id:rehearsal(0|1):seq`
fn notify_payload(interview_id: i32, rehearsal: bool, seq: i32) -> String {
    format!("{interview_id}:{}:{seq}", u8::from(rehearsal))
}

/// The ids of an announced event.
pub fn parse_payload(p: &str) -> Option<(i32, bool, i32)> {
    let mut it = p.split(':');
    let id = it.next()?.parse().ok()?;
    let rehearsal = it.next()? == "1";
    let seq = it.next()?.parse().ok()?;
    Some((id, rehearsal, seq))
}

/// What to append; the number is assigned when it is stored.
#[derive(Clone, Debug, Default)]
pub struct NewEvent {
    pub kind: &'static str,
    pub speaker: String,
    pub body: String,
    pub question_id: Option<i32>,
    pub question: Option<String>,
    pub stage: Option<Stage>,
    pub target: Option<i32>,
}

#[derive(serde::Serialize, serde::Deserialize, Default)]
struct Extras {
    #[serde(skip_serializing_if = "Option::is_none")]
    question: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stage: Option<Stage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<i32>,
}

pub fn to_event(m: &interview_events::Model) -> Event {
    let extras: Extras = serde_json::from_str(&m.data).unwrap_or_default();
    Event {
        id: m.seq,
        kind: m.kind.clone(),
        at: rfc3339(m.created_at),
        speaker: m.speaker.clone(),
        body: m.body.clone(),
        // A netizen's question quoted by an answer: masked as everywhere the public reads.
        question: extras
            .question
            .map(|q| crate::questions::mask::mask_personal(&q)),
        stage: extras.stage,
        target: extras.target,
        hidden: m.hidden,
        rehearsal: m.rehearsal,
    }
}

/// Appends inside `txn`: the interview row's counter is bumped first, which locks the row on
/// PostgreSQL, so concurrent writers on any instance get consecutive numbers and a rolled
/// back transaction gives its number back — the numbering stays gap-free.
pub async fn append_in<C: ConnectionTrait>(
    txn: &C,
    interview_id: i32,
    rehearsal: bool,
    actor: Option<i32>,
    new: NewEvent,
) -> Result<Event, AppError> {
    let col = if rehearsal {
        interviews::Column::LastRehearsalSeq
    } else {
        interviews::Column::LastSeq
    };
    interviews::Entity::update_many()
        .col_expr(col, Expr::col(col).add(1))
        .filter(interviews::Column::Id.eq(interview_id))
        .exec(txn)
        .await?;
    let row = interviews::Entity::find_by_id(interview_id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let seq = if rehearsal {
        row.last_rehearsal_seq
    } else {
        row.last_seq
    };
    let data = serde_json::to_string(&Extras {
        question: new.question,
        stage: new.stage,
        target: new.target,
    })
    .unwrap_or_else(|_| "{}".into());
    let m = interview_events::ActiveModel {
        interview_id: Set(interview_id),
        seq: Set(seq),
        rehearsal: Set(rehearsal),
        kind: Set(new.kind.to_string()),
        speaker: Set(new.speaker),
        body: Set(new.body),
        question_id: Set(new.question_id),
        data: Set(data),
        hidden: Set(false),
        created_by: Set(actor),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_notify($1, $2)",
            [
                CHANNEL.into(),
                notify_payload(interview_id, rehearsal, seq).into(),
            ],
        ))
        .await?;
    }
    Ok(to_event(&m))
}

/// Appends one event in its own transaction and hands it to the live viewers.
pub async fn append(
    state: &AppState,
    interview_id: i32,
    rehearsal: bool,
    actor: Option<i32>,
    new: NewEvent,
) -> Result<Event, AppError> {
    let txn = state.db.begin().await?;
    let event = append_in(&txn, interview_id, rehearsal, actor, new).await?;
    txn.commit().await?;
    state.live.committed(interview_id, rehearsal, event.clone());
    Ok(event)
}

/// Events after `after`, in order, at most `limit`.
pub async fn after(
    db: &impl ConnectionTrait,
    interview_id: i32,
    rehearsal: bool,
    after: i32,
    limit: u64,
) -> Result<Vec<Event>, AppError> {
    Ok(interview_events::Entity::find()
        .filter(interview_events::Column::InterviewId.eq(interview_id))
        .filter(interview_events::Column::Rehearsal.eq(rehearsal))
        .filter(interview_events::Column::Seq.gt(after))
        .order_by_asc(interview_events::Column::Seq)
        .limit(limit)
        .all(db)
        .await?
        .iter()
        .map(to_event)
        .collect())
}

pub async fn load_one(
    db: &impl ConnectionTrait,
    interview_id: i32,
    rehearsal: bool,
    seq: i32,
) -> Result<Option<Event>, AppError> {
    Ok(interview_events::Entity::find()
        .filter(interview_events::Column::InterviewId.eq(interview_id))
        .filter(interview_events::Column::Rehearsal.eq(rehearsal))
        .filter(interview_events::Column::Seq.eq(seq))
        .one(db)
        .await?
        .as_ref()
        .map(to_event))
}

/// The transcript as the public reads it: public events, hidden ones left out, edits applied.
pub async fn transcript(
    db: &impl ConnectionTrait,
    interview_id: i32,
) -> Result<Vec<Event>, AppError> {
    Ok(interview_events::Entity::find()
        .filter(interview_events::Column::InterviewId.eq(interview_id))
        .filter(interview_events::Column::Rehearsal.eq(false))
        .filter(interview_events::Column::Hidden.eq(false))
        .filter(interview_events::Column::Kind.is_in(["message", "answer"]))
        .order_by_asc(interview_events::Column::Seq)
        .all(db)
        .await?
        .iter()
        .map(to_event)
        .collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn payload_round_trips() {
        let p = super::notify_payload(12, true, 345);
        assert_eq!(super::parse_payload(&p), Some((12, true, 345)));
        assert_eq!(super::parse_payload("garbage"), None);
    }
}
