//! The background sweep that keeps the overdue cards current. Plain UPDATEs with date
//! cut-offs computed from the working calendar: idempotent, and safe when several app
//! instances run it at once (each statement only moves rows towards the same answer).
//!
//! A clock runs for a question in the office's or a department's hands that has a due
//! date (routed, under review, or an interview question waiting for triage), and for a
//! follow-up (追问) not yet answered, which has a due date of its own.
use crate::calendar;
use crate::entities::questions;
use crate::error::AppError;
use crate::notify::tell;
use crate::notify::texts::ToHandlers;
use crate::questions::overdue::cutoffs;
use crate::questions::types::{Overdue, Status};
use chrono::NaiveDate;
use sea_orm::{
    sea_query::Expr, ColumnTrait, Condition, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, TransactionTrait,
};

fn main_clock() -> Condition {
    Condition::all()
        .add(questions::Column::Status.is_in([
            Status::Pending.as_str(),
            Status::Accepted.as_str(),
            Status::AnswerReview.as_str(),
        ]))
        .add(questions::Column::DueDate.is_not_null())
}

fn follow_up_clock() -> Condition {
    Condition::all()
        .add(questions::Column::Status.eq(Status::Answered.as_str()))
        .add(questions::Column::FollowUpDue.is_not_null())
        .add(questions::Column::FollowUpAnswer.is_null())
}

/// Running clocks whose due date is before `before` (and on or after `from`, if given).
fn due_between(from: Option<NaiveDate>, before: NaiveDate) -> Condition {
    let main = {
        let mut c = main_clock().add(questions::Column::DueDate.lt(before));
        if let Some(from) = from {
            c = c.add(questions::Column::DueDate.gte(from));
        }
        c
    };
    let follow_up = {
        let mut c = follow_up_clock().add(questions::Column::FollowUpDue.lt(before));
        if let Some(from) = from {
            c = c.add(questions::Column::FollowUpDue.gte(from));
        }
        c
    };
    Condition::any().add(main).add(follow_up)
}

/// Brings every card up to date for today; returns how many rows changed. Handlers are
/// told of each question that turns yellow, once (the row's own UPDATE decides who tells).
pub async fn sweep(db: &DatabaseConnection, today: NaiveDate) -> Result<u64, AppError> {
    let cal = calendar::service::load(db).await?;
    let limits = super::limits::load(db).await?;
    let cut = cutoffs(&cal, today, limits.red_after);
    let set = |card: Overdue| {
        questions::Entity::update_many()
            .col_expr(questions::Column::Overdue, Expr::value(card.as_str()))
            .filter(questions::Column::Overdue.ne(card.as_str()))
    };
    let red = set(Overdue::Red)
        .filter(due_between(None, cut.red_before))
        .exec(db)
        .await?;
    let yellow_now = due_between(Some(cut.red_before), cut.yellow_before);
    let turning = questions::Entity::find()
        .filter(yellow_now.clone())
        .filter(questions::Column::Overdue.eq(Overdue::None.as_str()))
        .all(db)
        .await?;
    let mut turned = 0;
    for m in turning {
        let txn = db.begin().await?;
        let won = questions::Entity::update_many()
            .col_expr(
                questions::Column::Overdue,
                Expr::value(Overdue::Yellow.as_str()),
            )
            .filter(questions::Column::Id.eq(m.id))
            .filter(questions::Column::Overdue.eq(Overdue::None.as_str()))
            .exec(&txn)
            .await?
            .rows_affected
            == 1;
        if won {
            turned += 1;
            let due = if m.status == Status::Answered.as_str() {
                m.follow_up_due
            } else {
                m.due_date
            };
            if let (Some(dept), Some(due)) = (m.department_id, due) {
                tell::handlers(&txn, &m, dept, ToHandlers::TurnedYellow { due }).await?;
            }
        }
        txn.commit().await?;
    }
    let yellow = set(Overdue::Yellow).filter(yellow_now).exec(db).await?;
    let none = set(Overdue::None)
        .filter(due_between(None, cut.yellow_before).not())
        .exec(db)
        .await?;
    Ok(red.rows_affected + turned + yellow.rows_affected + none.rows_affected)
}

/// After the calendar was corrected from `before` to `after`, inside the correction's own
/// transaction: every running clock keeps the working days it had left, counted on the
/// corrected calendar (a holiday added ahead moves its deadline on, a make-up day brings it
/// in), and each move is written in the question's history. Returns how many deadlines
/// moved; the cards follow at the next `sweep`, which the caller runs after committing.
pub async fn follow_calendar(
    txn: &DatabaseTransaction,
    before: &calendar::WorkingCalendar,
    after: &calendar::WorkingCalendar,
    today: NaiveDate,
) -> Result<u64, AppError> {
    let running = questions::Entity::find()
        .filter(
            Condition::any()
                .add(main_clock().add(questions::Column::DueDate.gt(today)))
                .add(follow_up_clock().add(questions::Column::FollowUpDue.gt(today))),
        )
        .all(txn)
        .await?;
    let mut moved = 0;
    for m in running {
        let follow_up = m.status == Status::Answered.as_str();
        let (column, due) = if follow_up {
            (questions::Column::FollowUpDue, m.follow_up_due)
        } else {
            (questions::Column::DueDate, m.due_date)
        };
        let Some(due) = due else { continue };
        let carried = before.carry_over(after, due, today);
        if carried == due {
            continue;
        }
        // Only from the date read: a question acted on meanwhile keeps what that act set.
        let done = questions::Entity::update_many()
            .col_expr(column, Expr::value(carried))
            .filter(questions::Column::Id.eq(m.id))
            .filter(column.eq(due))
            .exec(txn)
            .await?;
        if done.rows_affected != 1 {
            continue;
        }
        let what = if follow_up {
            "追问答复期限"
        } else {
            "答复期限"
        };
        super::record_event(
            txn,
            m.id,
            None,
            "calendar_correction",
            format!("工作日历调整，{what}由 {due} 改为 {carried}"),
        )
        .await?;
        moved += 1;
    }
    Ok(moved)
}
