//! The supervisors' daily summary (督办日报): once a day across all instances, each
//! supervisor with an e-mail address gets every department's cards and the red items.
use super::outbox::{enqueue, Channel};
use super::recipients::supervisor_emails;
use super::texts::{daily_summary, SummaryLine};
use crate::error::AppError;
use crate::questions::service::supervision::{department_cards, late_items};
use crate::questions::types::Overdue;
use chrono::NaiveDate;
use sea_orm::{DatabaseConnection, TransactionTrait};

const JOB: &str = "supervision_summary";

/// Queues the summary of `day` unless some instance already did; true when this call did.
pub async fn daily(db: &DatabaseConnection, day: NaiveDate) -> Result<bool, AppError> {
    let txn = db.begin().await?;
    if !crate::platform::daily::claim(&txn, JOB, day).await? {
        return Ok(false);
    }
    let lines: Vec<SummaryLine> = department_cards(&txn)
        .await?
        .into_iter()
        .filter(|d| d.open > 0)
        .map(|d| SummaryLine {
            department: d.department.name,
            open: d.open,
            yellow: d.yellow,
            red: d.red,
        })
        .collect();
    let red: Vec<(String, String)> = late_items(&txn)
        .await?
        .into_iter()
        .filter(|q| q.overdue == Overdue::Red)
        .map(|q| (q.tracking_no, q.title))
        .collect();
    let text = daily_summary(day, &lines, &red);
    for email in supervisor_emails(&txn).await? {
        enqueue(&txn, Channel::Email, &email, &text).await?;
    }
    txn.commit().await?;
    Ok(true)
}
