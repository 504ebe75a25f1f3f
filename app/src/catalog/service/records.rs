//! Published documents as records: a published document keeps its 发布日期 and 索引号; a
//! later change is a revision with a note, keeping the text it replaced; a 发布日期 still
//! ahead holds the document back until that day; and both ends of a 修改/废止 link show it.
use super::documents::claim;
use super::{status_of, tallies};
use crate::auth::caps::Editor;
use crate::catalog::types::{DocRef, DocStatus, Revision};
use crate::entities::{document_revisions as revisions, documents};
use crate::error::AppError;
use crate::platform::audit;
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};

/// Keeps what `before` said, with the editor's note, inside the change's own transaction:
/// the revision exists exactly when the change does.
pub(super) async fn record_revision(
    txn: &DatabaseTransaction,
    editor: &Editor,
    before: &documents::Model,
    note: String,
) -> Result<(), AppError> {
    revisions::ActiveModel {
        document_id: Set(before.id),
        revised_at: Set(Utc::now()),
        note: Set(note.clone()),
        editor_id: Set(Some(editor.id)),
        title_before: Set(before.title.clone()),
        body_before: Set(before.body.clone()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audit::record(
        txn,
        Some(editor.id),
        "document.revise",
        &format!("document:{}", before.id),
        note,
    )
    .await?;
    Ok(())
}

/// 修订记录 of a document, oldest first: when and why, as the public page shows them.
pub async fn revisions_of(db: &impl ConnectionTrait, id: i32) -> Result<Vec<Revision>, AppError> {
    Ok(revisions::Entity::find()
        .filter(revisions::Column::DocumentId.eq(id))
        .order_by_asc(revisions::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|r| Revision {
            at: crate::platform::time::rfc3339(r.revised_at),
            note: r.note,
        })
        .collect())
}

/// The published documents that `id` amended or repealed (their `replaced_by` is `id`).
pub async fn replaced_by(db: &impl ConnectionTrait, id: i32) -> Result<Vec<DocRef>, AppError> {
    Ok(documents::Entity::find()
        .select_only()
        .column(documents::Column::Id)
        .column(documents::Column::Title)
        .filter(documents::Column::ReplacedBy.eq(id))
        .filter(documents::Column::Status.eq(DocStatus::Published.as_str()))
        .order_by_asc(documents::Column::Id)
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, title)| DocRef { id, title })
        .collect())
}

/// Makes public every scheduled document whose day has come. Idempotent, and safe in every
/// instance at once: each document moves under its own lock, and only from `scheduled`.
pub async fn publish_due(db: &DatabaseConnection, today: NaiveDate) -> Result<u64, AppError> {
    let due: Vec<i32> = documents::Entity::find()
        .select_only()
        .column(documents::Column::Id)
        .filter(documents::Column::Status.eq(DocStatus::Scheduled.as_str()))
        .filter(documents::Column::PublishedOn.lte(today))
        .into_tuple()
        .all(db)
        .await?;
    let mut published = 0;
    for id in due {
        let txn = db.begin().await?;
        let before = claim(&txn, id).await?;
        let due_now = status_of(&before)? == DocStatus::Scheduled
            && before.published_on.is_some_and(|d| d <= today);
        if !due_now {
            continue;
        }
        let mut am: documents::ActiveModel = before.clone().into();
        am.status = Set(DocStatus::Published.as_str().into());
        am.updated_at = Set(Utc::now());
        let m = am.update(&txn).await?;
        tallies::shift(&txn, Some(&before), &m).await?;
        audit::record(
            &txn,
            None,
            "document.publish",
            &format!("document:{id}"),
            format!("定时发布 {}", today),
        )
        .await?;
        txn.commit().await?;
        published += 1;
    }
    Ok(published)
}
