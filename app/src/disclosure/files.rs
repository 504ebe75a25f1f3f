//! Files given with a 予以公开 or 部分公开 reply (Art. 36(2): 向申请人提供该政府信息).
//! Officers attach them while the application is open; the reply then gives them out, and
//! from then on they stay as given. The applicant downloads them with the query code, as
//! they read the reply; nobody else can, and a reply of another kind gives out none.
//! Checking and storing an upload is the catalog attachments' (one way for every file).
use super::records::{find, find_as, status_of};
use super::reply::{ReplyFile, ReplyKind};
use super::types::AppStatus;
use crate::auth::caps::DisclosureOfficer;
use crate::catalog::attachments::service::{accept, store, Accepted};
use crate::entities::{disclosure_reply_files as rf, disclosure_requests as dr};
use crate::error::AppError;
use crate::platform::{audit, AppState, ClientIp};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, ModelTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};

fn to_dto(m: rf::Model) -> ReplyFile {
    ReplyFile {
        id: m.id,
        name: m.original_name,
        media_type: m.media_type,
        size: m.size_bytes.max(0) as u64,
        sha256: m.sha256,
    }
}

/// An application's files, oldest first.
pub async fn list(db: &impl ConnectionTrait, request_id: i32) -> Result<Vec<ReplyFile>, AppError> {
    Ok(rf::Entity::find()
        .filter(rf::Column::RequestId.eq(request_id))
        .order_by_asc(rf::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(to_dto)
        .collect())
}

pub async fn count(db: &impl ConnectionTrait, request_id: i32) -> Result<u64, AppError> {
    Ok(rf::Entity::find()
        .filter(rf::Column::RequestId.eq(request_id))
        .count(db)
        .await?)
}

/// Whether the applicant (not staff) may have the files: only once a reply that gives
/// information out has been made.
pub fn given_out(m: &dr::Model) -> Result<bool, AppError> {
    Ok(status_of(m)? == AppStatus::Replied
        && ReplyKind::stored(m.reply_kind.as_deref(), m.outcome.as_deref())
            .is_some_and(ReplyKind::carries_files))
}

/// The files as the caller may see them: all of them for staff; for the applicant, those
/// the reply gave out, and none before.
pub async fn visible(
    db: &impl ConnectionTrait,
    m: &dr::Model,
    staff: bool,
) -> Result<Vec<ReplyFile>, AppError> {
    if staff || given_out(m)? {
        list(db, m.id).await
    } else {
        Ok(Vec::new())
    }
}

fn open(m: &dr::Model) -> Result<(), AppError> {
    if status_of(m)? == AppStatus::Replied {
        return Err(AppError::Conflict(
            "该申请已答复：随答复提供的文件保持原样，不能再添加或删除".into(),
        ));
    }
    Ok(())
}

/// Attaches a file to an open application, for the reply to give out.
pub async fn add(
    state: &AppState,
    officer: &DisclosureOfficer,
    tracking_no: &str,
    file_name: &str,
    bytes: &[u8],
) -> Result<ReplyFile, AppError> {
    let db = &state.db;
    let m = find(db, tracking_no).await?;
    open(&m)?;
    let Accepted {
        name,
        stored_name,
        media_type,
        size,
        sha256,
    } = accept(state, file_name, bytes).await?;
    let inserted = rf::ActiveModel {
        request_id: Set(m.id),
        original_name: Set(name),
        stored_name: Set(stored_name.clone()),
        media_type: Set(media_type),
        size_bytes: Set(size),
        sha256: Set(sha256),
        uploaded_by: Set(Some(officer.id)),
        uploaded_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await;
    let f = match inserted {
        Ok(f) => f,
        Err(e) => {
            let _ = store(state).remove(&stored_name).await;
            return Err(e.into());
        }
    };
    audit::record(
        db,
        Some(officer.id),
        "disclosure.file.add",
        &format!("disclosure:{}", m.tracking_no),
        format!("{}（{}）", f.original_name, f.sha256),
    )
    .await?;
    Ok(to_dto(f))
}

/// Removes a file from an application not yet replied to.
pub async fn delete(
    state: &AppState,
    officer: &DisclosureOfficer,
    tracking_no: &str,
    file_id: i32,
) -> Result<(), AppError> {
    let db = &state.db;
    let m = find(db, tracking_no).await?;
    let f = rf::Entity::find_by_id(file_id)
        .filter(rf::Column::RequestId.eq(m.id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    open(&m)?;
    let (stored_name, name) = (f.stored_name.clone(), f.original_name.clone());
    f.delete(db).await?;
    audit::record(
        db,
        Some(officer.id),
        "disclosure.file.delete",
        &format!("disclosure:{}", m.tracking_no),
        name,
    )
    .await?;
    if let Err(e) = store(state).remove(&stored_name).await {
        // The row is gone, so nothing links to the file any more; it only takes space.
        tracing::warn!(error = %e, file = %stored_name, "removing a reply file failed");
    }
    Ok(())
}

/// A file to download: for staff, any of the application's; for the applicant holding the
/// query code (checked within its guessing budget), only what the reply gave out, and the
/// delivery is on the record. 404 for anything else, as for a wrong code.
pub async fn for_download(
    state: &AppState,
    tracking_no: &str,
    file_id: i32,
    officer: Option<&DisclosureOfficer>,
    ip: ClientIp,
    query_code: Option<&str>,
) -> Result<rf::Model, AppError> {
    let db = &state.db;
    let staff = officer.is_some();
    let m = find_as(db, &state.secrets, tracking_no, staff, ip, query_code).await?;
    if !staff && !given_out(&m)? {
        return Err(AppError::NotFound);
    }
    let f = rf::Entity::find_by_id(file_id)
        .filter(rf::Column::RequestId.eq(m.id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::record_from(
        db,
        officer.map(|o| o.id),
        "disclosure.file.download",
        &format!("disclosure:{}", m.tracking_no),
        format!("{}（{}）", f.original_name, f.sha256),
        Some(ip),
    )
    .await?;
    Ok(f)
}
