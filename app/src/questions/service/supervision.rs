//! 督办: supervisors watch every department's open items and cards, press the late ones
//! with a note the department sees, and get a daily summary.
use super::moderation::reload;
use super::{department_names, facts_of, find_by_no, record_event, to_question, Viewer};
use crate::admin::departments;
use crate::auth::caps::Supervisor;
use crate::entities::{question_supervisions, questions};
use crate::error::AppError;
use crate::notify::tell;
use crate::notify::texts::ToHandlers;
use crate::platform::audit;
use crate::questions::state::{apply, Action};
use crate::questions::types::{
    parse_text, DepartmentCards, DepartmentRef, Overdue, Question, Status, SupervisionOverview,
    REASON_MAX,
};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection,
    EntityTrait, Order, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use std::collections::BTreeMap;

/// Questions whose clock runs: in a department's hands, or a follow-up not yet answered.
fn open() -> Condition {
    Condition::any()
        .add(
            questions::Column::Status
                .is_in([Status::Accepted.as_str(), Status::AnswerReview.as_str()]),
        )
        .add(
            Condition::all()
                .add(questions::Column::Status.eq(Status::Answered.as_str()))
                .add(questions::Column::FollowUp.is_not_null())
                .add(questions::Column::FollowUpAnswer.is_null()),
        )
}

/// Every active department's open, yellow, red and supervised counts, in the admin's order.
pub async fn department_cards(db: &impl ConnectionTrait) -> Result<Vec<DepartmentCards>, AppError> {
    let rows: Vec<(Option<i32>, String, Option<chrono::DateTime<Utc>>)> = questions::Entity::find()
        .select_only()
        .columns([
            questions::Column::DepartmentId,
            questions::Column::Overdue,
            questions::Column::LastSupervisedAt,
        ])
        .filter(open())
        .into_tuple()
        .all(db)
        .await?;
    let mut by_dept: BTreeMap<i32, (u64, u64, u64, u64)> = BTreeMap::new();
    for (dept, card, supervised) in rows {
        let Some(dept) = dept else { continue };
        let e = by_dept.entry(dept).or_default();
        e.0 += 1;
        match Overdue::parse(&card) {
            Ok(Overdue::Yellow) => e.1 += 1,
            Ok(Overdue::Red) => e.2 += 1,
            _ => {}
        }
        if supervised.is_some() {
            e.3 += 1;
        }
    }
    Ok(departments::list(db, false)
        .await?
        .into_iter()
        .map(|d| {
            let (open, yellow, red, supervised) = by_dept.get(&d.id).copied().unwrap_or_default();
            DepartmentCards {
                department: DepartmentRef {
                    id: d.id,
                    name: d.name,
                },
                open,
                yellow,
                red,
                supervised,
            }
        })
        .collect())
}

/// The open items with a card, red first, earliest due first (at most 200).
pub async fn late_items(db: &impl ConnectionTrait) -> Result<Vec<Question>, AppError> {
    let rows = questions::Entity::find()
        .filter(open())
        .filter(questions::Column::Overdue.is_in([Overdue::Red.as_str(), Overdue::Yellow.as_str()]))
        .order_by(
            Expr::cust("CASE overdue WHEN 'red' THEN 0 ELSE 1 END"),
            Order::Asc,
        )
        .order_by_asc(questions::Column::DueDate)
        .order_by_asc(questions::Column::Id)
        .limit(200)
        .all(db)
        .await?;
    let names = department_names(db, &rows).await?;
    rows.iter()
        .map(|m| to_question(m, &names, Viewer::Moderator))
        .collect()
}

/// `GET /api/v1/supervision`.
pub async fn overview(
    db: &impl ConnectionTrait,
    _: &Supervisor,
) -> Result<SupervisionOverview, AppError> {
    Ok(SupervisionOverview {
        departments: department_cards(db).await?,
        items: late_items(db).await?,
    })
}

/// 督办 one question: the note goes on the question for its handlers and the office, and
/// the department's handlers are told.
pub async fn supervise(
    db: &DatabaseConnection,
    supervisor: &Supervisor,
    no: &str,
    note: &str,
    today: NaiveDate,
) -> Result<Question, AppError> {
    let note =
        parse_text(note, "督办意见", 2, REASON_MAX).map_err(|e| AppError::invalid("note", e))?;
    let txn = db.begin().await?;
    let m = find_by_no(&txn, no).await?;
    apply(facts_of(&m, today)?, Action::Supervise)
        .map_err(|msg| AppError::Conflict(msg.to_string()))?;
    let now = Utc::now();
    question_supervisions::ActiveModel {
        question_id: Set(m.id),
        department_id: Set(m.department_id),
        note: Set(note.clone()),
        by_id: Set(Some(supervisor.id)),
        by: Set(supervisor.display_name.clone()),
        at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    questions::Entity::update_many()
        .col_expr(questions::Column::LastSupervisedAt, Expr::value(now))
        .filter(questions::Column::Id.eq(m.id))
        .exec(&txn)
        .await?;
    record_event(
        &txn,
        m.id,
        Some(supervisor),
        Action::Supervise.as_str(),
        format!("督办：{note}"),
    )
    .await?;
    if let Some(dept) = m.department_id {
        tell::handlers(&txn, &m, dept, ToHandlers::Supervised { note: &note }).await?;
    }
    audit::record(
        &txn,
        Some(supervisor.id),
        "question.supervise",
        &format!("question:{}", m.tracking_no),
        "",
    )
    .await?;
    let q = reload(&txn, m.id, Viewer::Moderator).await?;
    txn.commit().await?;
    Ok(q)
}
