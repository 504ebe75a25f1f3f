//! The background sweep that keeps the overdue cards current. Three UPDATEs with date
//! cut-offs computed from the working calendar: idempotent, and safe when several app
//! instances run it at once (each statement only moves rows towards the same answer).
use crate::calendar;
use crate::entities::questions;
use crate::error::AppError;
use crate::questions::overdue::cutoffs;
use crate::questions::types::{Overdue, Status};
use chrono::NaiveDate;
use sea_orm::{sea_query::Expr, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};

/// Brings every card up to date for today; returns how many rows changed.
pub async fn sweep(db: &impl ConnectionTrait, today: NaiveDate) -> Result<u64, AppError> {
    let cal = calendar::service::load(db).await?;
    let limits = super::limits::load(db).await?;
    let cut = cutoffs(&cal, today, limits.red_after);
    let accepted = questions::Column::Status.eq(Status::Accepted.as_str());
    let set = |card: Overdue| {
        questions::Entity::update_many()
            .col_expr(questions::Column::Overdue, Expr::value(card.as_str()))
            .filter(questions::Column::Overdue.ne(card.as_str()))
    };
    let red = set(Overdue::Red)
        .filter(accepted.clone())
        .filter(questions::Column::DueDate.lt(cut.red_before))
        .exec(db)
        .await?;
    let yellow = set(Overdue::Yellow)
        .filter(accepted.clone())
        .filter(questions::Column::DueDate.gte(cut.red_before))
        .filter(questions::Column::DueDate.lt(cut.yellow_before))
        .exec(db)
        .await?;
    let none = set(Overdue::None)
        .filter(
            Condition::any()
                .add(questions::Column::Status.ne(Status::Accepted.as_str()))
                .add(questions::Column::DueDate.is_null())
                .add(questions::Column::DueDate.gte(cut.yellow_before)),
        )
        .exec(db)
        .await?;
    Ok(red.rows_affected + yellow.rows_affected + none.rows_affected)
}
