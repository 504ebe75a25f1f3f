//! Attachments in the database and on disk: add, list, delete, find for download. The REST
//! handlers, the no-script form and the editor page's server functions all come here.
use super::{sniff, store::Store, upload_error_message, Kind};
use crate::auth::caps::Editor;
use crate::catalog::types::Attachment;
use crate::entities::{document_attachments as att, documents};
use crate::error::AppError;
use crate::platform::{audit, AppState};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, ModelTrait, QueryFilter,
    QueryOrder, Set,
};

/// The store the configuration names.
pub fn store(state: &AppState) -> Store {
    Store::new(state.config.attachments_dir.clone())
}

/// Where an attachment is downloaded from.
pub fn url(document_id: i32, attachment_id: i32) -> String {
    format!("/api/v1/documents/{document_id}/attachments/{attachment_id}")
}

fn to_dto(m: att::Model) -> Attachment {
    Attachment {
        id: m.id,
        url: url(m.document_id, m.id),
        name: m.original_name,
        media_type: m.media_type,
        size: m.size_bytes.max(0) as u64,
        sha256: m.sha256,
    }
}

/// A document's attachments, oldest first.
pub async fn list_for(
    db: &impl ConnectionTrait,
    document_id: i32,
) -> Result<Vec<Attachment>, AppError> {
    Ok(att::Entity::find()
        .filter(att::Column::DocumentId.eq(document_id))
        .order_by_asc(att::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(to_dto)
        .collect())
}

fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// The name to show and to offer for download: the last path segment of what the browser
/// sent, without control or direction-changing characters, at most 120 characters, ending
/// in the extension of the kind the content turned out to be.
pub fn display_name(raw: &str, kind: Kind) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !invisible(*c) && !matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*'))
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    let (stem, ext) = match cleaned.rsplit_once('.') {
        Some((s, e)) if kind.accepts_extension(&e.to_ascii_lowercase()) => (s, e.to_string()),
        _ => (cleaned, kind.extension().to_string()),
    };
    let mut stem: String = stem
        .trim()
        .chars()
        .take(120 - ext.chars().count() - 1)
        .collect();
    if stem.is_empty() {
        stem = "附件".into();
    }
    format!("{stem}.{ext}")
}

/// `Content-Disposition` for a download: the name percent-encoded as UTF-8 (RFC 6266 and
/// 5987), and a plain ASCII name for clients that read only that.
pub fn content_disposition(name: &str, id: i32, kind_ext: &str) -> String {
    let fallback = if name.bytes().all(|b| b.is_ascii_graphic() || b == b' ')
        && !name.contains(['"', '\\', '%'])
    {
        name.to_string()
    } else {
        format!("attachment-{id}.{kind_ext}")
    };
    let encoded: String = name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'!'
            | b'#'
            | b'$'
            | b'&'
            | b'+'
            | b'-'
            | b'.'
            | b'^'
            | b'_'
            | b'`'
            | b'|'
            | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

fn too_large(max: u64) -> AppError {
    AppError::PayloadTooLarge(upload_error_message("size", max))
}

/// An upload checked and on disk, not yet recorded: what every kind of attachment keeps.
pub struct Accepted {
    /// The name to show and offer (see [`display_name`]).
    pub name: String,
    pub stored_name: String,
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
}

/// Checks an upload's size and kind (from its content) and stores it under a generated
/// name. The caller records it, and removes the file again if recording fails.
pub async fn accept(state: &AppState, file_name: &str, bytes: &[u8]) -> Result<Accepted, AppError> {
    let max = state.config.attachment_max_bytes;
    if bytes.is_empty() {
        return Err(AppError::invalid(
            "file",
            upload_error_message("empty", max),
        ));
    }
    if bytes.len() as u64 > max {
        return Err(too_large(max));
    }
    let kind = sniff::sniff(bytes, file_name)
        .map_err(|code| AppError::invalid("file", upload_error_message(code, max)))?;
    let sha256 = {
        use sha2::{Digest, Sha256};
        Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let store = store(state);
    let stored_name = store.save(bytes, kind.extension()).await.map_err(|e| {
        tracing::error!(error = %e, dir = %store.root().display(), "storing an attachment failed");
        AppError::Internal
    })?;
    Ok(Accepted {
        name: display_name(file_name, kind),
        stored_name,
        media_type: kind.media_type().to_string(),
        size: bytes.len() as i64,
        sha256,
    })
}

/// Adds a file to a document: checks its size and kind, stores it, records it.
pub async fn add(
    state: &AppState,
    actor: &Editor,
    document_id: i32,
    file_name: &str,
    bytes: &[u8],
) -> Result<Attachment, AppError> {
    let db = &state.db;
    documents::Entity::find_by_id(document_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let Accepted {
        name,
        stored_name,
        media_type,
        size,
        sha256,
    } = accept(state, file_name, bytes).await?;
    let inserted = att::ActiveModel {
        document_id: Set(document_id),
        original_name: Set(name),
        stored_name: Set(stored_name.clone()),
        media_type: Set(media_type),
        size_bytes: Set(size),
        sha256: Set(sha256),
        uploaded_by: Set(Some(actor.id)),
        uploaded_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await;
    let m = match inserted {
        Ok(m) => m,
        Err(e) => {
            let _ = store(state).remove(&stored_name).await;
            return Err(e.into());
        }
    };
    audit::record(
        db,
        Some(actor.id),
        "document.attachment.add",
        &format!("document:{document_id}"),
        format!("{}（{}）", m.original_name, m.sha256),
    )
    .await?;
    Ok(to_dto(m))
}

/// Deletes an attachment of a draft. A published document's attachments stay as published
/// (409): replace the document, or mark it amended, instead.
pub async fn delete(
    state: &AppState,
    actor: &Editor,
    document_id: i32,
    attachment_id: i32,
) -> Result<(), AppError> {
    let db = &state.db;
    let doc = documents::Entity::find_by_id(document_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let m = att::Entity::find_by_id(attachment_id)
        .filter(att::Column::DocumentId.eq(document_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if crate::catalog::service::is_published(&doc)? {
        return Err(AppError::Conflict(
            "文件已发布，其附件不能删除（已公开的内容保持原样）".into(),
        ));
    }
    let stored_name = m.stored_name.clone();
    let name = m.original_name.clone();
    m.delete(db).await?;
    audit::record(
        db,
        Some(actor.id),
        "document.attachment.delete",
        &format!("document:{document_id}"),
        name,
    )
    .await?;
    if let Err(e) = store(state).remove(&stored_name).await {
        // The row is gone, so nothing links to the file any more; it only takes space.
        tracing::warn!(error = %e, file = %stored_name, "removing an attachment file failed");
    }
    Ok(())
}

/// An attachment to download: 404 unless it belongs to `document_id` and the document is
/// published or the caller may see drafts.
pub async fn for_download(
    db: &impl ConnectionTrait,
    document_id: i32,
    attachment_id: i32,
    editor: Option<&Editor>,
) -> Result<(att::Model, bool), AppError> {
    let include_drafts = editor.is_some();
    let doc = documents::Entity::find_by_id(document_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let published = crate::catalog::service::is_published(&doc)?;
    if !include_drafts && !published {
        return Err(AppError::NotFound);
    }
    let m = att::Entity::find_by_id(attachment_id)
        .filter(att::Column::DocumentId.eq(document_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((m, published))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_lose_paths_and_tricks() {
        assert_eq!(
            display_name("../../etc/passwd.pdf", Kind::Pdf),
            "passwd.pdf"
        );
        assert_eq!(
            display_name("C:\\Users\\张三\\关于医保的通知.PDF", Kind::Pdf),
            "关于医保的通知.PDF"
        );
        // Right-to-left override hiding the real extension, and control characters.
        assert_eq!(
            display_name("invoice\u{202E}fdp.exe\n", Kind::Pdf),
            "invoicefdp.exe.pdf"
        );
        assert_eq!(display_name("报告.pdf", Kind::Docx), "报告.pdf.docx");
        assert_eq!(display_name("..", Kind::Pdf), "附件.pdf");
        assert_eq!(display_name("", Kind::Xlsx), "附件.xlsx");
        assert_eq!(display_name(".pdf", Kind::Pdf), "pdf.pdf");
        assert_eq!(display_name("photo.JPEG", Kind::Jpeg), "photo.JPEG");
        let long = format!("{}.pdf", "长".repeat(300));
        let n = display_name(&long, Kind::Pdf);
        assert_eq!(n.chars().count(), 120);
        assert!(n.ends_with(".pdf"));
    }

    #[test]
    fn content_disposition_encodes_utf8_with_an_ascii_fallback() {
        assert_eq!(
            content_disposition("关于 医保.pdf", 7, "pdf"),
            "attachment; filename=\"attachment-7.pdf\"; \
             filename*=UTF-8''%E5%85%B3%E4%BA%8E%20%E5%8C%BB%E4%BF%9D.pdf"
        );
        assert_eq!(
            content_disposition("report 2026.pdf", 3, "pdf"),
            "attachment; filename=\"report 2026.pdf\"; filename*=UTF-8''report%202026.pdf"
        );
        assert!(content_disposition("a\"b.pdf", 3, "pdf").contains("filename=\"attachment-3.pdf\""));
    }
}
