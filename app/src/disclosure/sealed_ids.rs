//! How applicants' ID numbers are kept: sealed under the server's key, with the masked form
//! beside them for every view. A stolen database or backup alone does not give them away.
use super::identity::mask_id;
use crate::entities::disclosure_requests as dr;
use crate::error::AppError;
use crate::platform::{secrets::SEALED_PREFIX, Secrets};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set,
};

/// The AES-GCM associated data: a sealed number opens only as this column.
const PURPOSE: &str = "disclosure_requests.id_number";

/// The sealed number and its mask, as stored.
pub fn seal(secrets: &Secrets, id_number: &str) -> Result<(String, String), AppError> {
    Ok((secrets.seal(PURPOSE, id_number)?, mask_id(id_number)))
}

/// The number in full, for the file (an applicant's copy of their data); `None` when the
/// row was sealed under another key.
pub fn reveal(secrets: &Secrets, m: &dr::Model) -> Option<String> {
    if m.id_number.starts_with(SEALED_PREFIX) {
        secrets.open(PURPOSE, &m.id_number)
    } else {
        Some(m.id_number.clone())
    }
}

/// What views show; rows sealed before the mask was kept never happen (both are written
/// together), so a missing mask shows nothing rather than the ciphertext.
pub fn masked(m: &dr::Model) -> String {
    match &m.id_number_masked {
        Some(mask) => mask.clone(),
        None if !m.id_number.starts_with(SEALED_PREFIX) => mask_id(&m.id_number),
        None => String::new(),
    }
}

/// Seals the numbers still kept in plain text (rows from before migration 000012), a batch
/// at a time; run at every start, it finds nothing once done.
pub async fn seal_plain_id_numbers(
    db: &impl ConnectionTrait,
    secrets: &Secrets,
) -> Result<u64, AppError> {
    let mut sealed = 0;
    loop {
        let batch = dr::Entity::find()
            .filter(dr::Column::IdNumber.not_like(format!("{SEALED_PREFIX}%")))
            .limit(500)
            .all(db)
            .await?;
        if batch.is_empty() {
            break;
        }
        for m in batch {
            let (id_number, mask) = seal(secrets, &m.id_number)?;
            let mut row: dr::ActiveModel = m.into();
            row.id_number = Set(id_number);
            row.id_number_masked = Set(Some(mask));
            row.update(db).await?;
            sealed += 1;
        }
    }
    if sealed > 0 {
        tracing::info!(sealed, "sealed applicants' ID numbers kept in plain text");
    }
    Ok(sealed)
}
