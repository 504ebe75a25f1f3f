//! 政府信息公开目录: documents with their statutory metadata, browse and Chinese full-text
//! search, the editor's workflow, feeds.
// Server functions take one argument per form field.
#![allow(clippy::too_many_arguments)]
pub mod attachments;
pub mod pages;
pub mod types;

#[cfg(feature = "ssr")]
pub mod feeds;
#[cfg(feature = "ssr")]
pub mod rest;
#[cfg(feature = "ssr")]
pub mod service;

use crate::error::AppError;
use leptos::prelude::*;
use types::{Column, Document, DocumentPage, Validity};
#[cfg(feature = "ssr")]
use {crate::input::Number, types::DocumentFilter};

#[cfg(feature = "ssr")]
use crate::auth::caps;

/// An Art. 26 warning row, as the editor page shows it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LateRow {
    pub id: i32,
    pub title: String,
    pub status: types::DocStatus,
    pub written_on: chrono::NaiveDate,
    pub published_on: Option<chrono::NaiveDate>,
    pub working_days: i32,
}

#[server]
pub async fn list_columns() -> Result<Vec<Column>, AppError> {
    let state = crate::platform::AppState::from_context()?;
    service::columns::list(&state.reads).await
}

/// Browse and search, for the public catalog page. Bad filter values are ignored rather
/// than refused: they come from links people share.
#[server]
pub async fn catalog_documents(
    column: Option<String>,
    publisher: Option<String>,
    year: Option<String>,
    validity: Option<String>,
    subject: Option<String>,
    q: Option<String>,
    page: Option<u64>,
    after: Option<String>,
) -> Result<DocumentPage, AppError> {
    let state = crate::platform::AppState::from_context()?;
    let at = crate::input::At::new(
        page.unwrap_or(1),
        crate::input::Cursor::optional(after.as_deref())?,
    );
    let filter = DocumentFilter {
        column: column.filter(|c| !c.is_empty()),
        publisher: publisher.and_then(|p| p.trim().parse().ok()),
        year: year.and_then(|y| y.trim().parse().ok()),
        validity: validity.and_then(|v| Validity::parse(&v).ok()),
        subject: subject.filter(|s| !s.is_empty()),
        q: q.filter(|q| !q.trim().is_empty()),
    };
    service::documents::list(&state.reads, &filter, at, 20).await
}

/// A document; drafts are visible to editors only.
#[server]
pub async fn get_document(id: i32) -> Result<Document, AppError> {
    let (state, caller) = caps::caller().await?;
    let editor = caller.may::<caps::Editor>();
    service::documents::get(&state.reads, id, editor.as_ref()).await
}

#[server]
pub async fn editor_documents(page: u64) -> Result<DocumentPage, AppError> {
    let (state, _) = caps::require::<caps::Editor>().await?;
    service::documents::editor_list(&state.db, page, 20).await
}

#[server]
pub async fn late_documents() -> Result<Vec<LateRow>, AppError> {
    let (state, _) = caps::require::<caps::Editor>().await?;
    Ok(service::documents::late(&state.db, state.clock.today())
        .await?
        .into_iter()
        .map(|l| LateRow {
            id: l.document.id,
            title: l.document.title,
            status: l.document.status,
            written_on: l.written_on,
            published_on: l.document.published_on,
            working_days: l.working_days,
        })
        .collect())
}

/// Creates (no `id`) or edits (with `id`) a document from the editor form.
#[server]
pub async fn save_document(
    id: Option<String>,
    column: String,
    title: String,
    body: String,
    publisher_id: Option<String>,
    written_on: String,
    published_on: Option<String>,
    doc_no: Option<String>,
    subject: Option<String>,
    keywords: Option<String>,
    summary: Option<String>,
    interpretations: Option<String>,
    revision_note: Option<String>,
) -> Result<Document, AppError> {
    let (state, editor) = caps::require::<caps::Editor>().await?;
    let interpretations = types::interpretation_lines(&interpretations.unwrap_or_default())
        .map_err(|e| AppError::invalid("interpretations", e))?;
    let input = types::DocumentInput {
        column,
        title,
        body,
        publisher_id: Number::optional(publisher_id),
        written_on,
        published_on,
        doc_no,
        subject,
        keywords: keywords.into_iter().collect(),
        interpretation_id: None,
        interpretations,
        summary,
        revision_note,
    };
    let today = state.clock.today();
    service::documents::save(&state.db, &editor, Number::optional(id), &input, today).await
}

#[server]
pub async fn publish_document(id: i32) -> Result<Document, AppError> {
    let (state, editor) = caps::require::<caps::Editor>().await?;
    service::documents::publish(&state.db, &editor, id, None, state.clock.today()).await
}

#[server]
pub async fn change_validity(
    id: i32,
    validity: Validity,
    replaced_by: Option<String>,
) -> Result<Document, AppError> {
    let (state, editor) = caps::require::<caps::Editor>().await?;
    let replaced_by = Number::optional(replaced_by);
    let today = state.clock.today();
    service::documents::set_validity(&state.db, &editor, id, validity, replaced_by, today).await
}

/// The 主题分类 the forms offer (`all`: the retired ones too, for the admins' list).
#[server]
pub async fn list_subjects(all: Option<bool>) -> Result<Vec<types::SubjectCategory>, AppError> {
    let state = crate::platform::AppState::from_context()?;
    if all == Some(true) {
        let (state, _) = caps::require::<caps::Admin>().await?;
        return service::subjects::list(&state.db, false).await;
    }
    service::subjects::list(&state.reads, true).await
}

#[server]
pub async fn create_subject(name: String) -> Result<types::SubjectCategory, AppError> {
    let (state, admin) = caps::require::<caps::Admin>().await?;
    service::subjects::create(&state.db, &admin, &name).await
}

/// Retires a 主题分类 (`active` off) or brings it back.
#[server]
pub async fn set_subject_active(id: i32, active: bool) -> Result<types::SubjectCategory, AppError> {
    let (state, admin) = caps::require::<caps::Admin>().await?;
    service::subjects::set_active(&state.db, &admin, id, active).await
}

#[server]
pub async fn create_column(slug: String, name: String) -> Result<Column, AppError> {
    let (state, admin) = caps::require::<caps::Admin>().await?;
    service::columns::create(&state.db, &admin, &slug, &name).await
}

/// (department id, name, organisation code, 索引号 pattern) of every department.
#[server]
pub async fn admin_bodies() -> Result<Vec<(i32, String, String, String)>, AppError> {
    let (state, _) = caps::require::<caps::Admin>().await?;
    let mut out = Vec::new();
    for d in crate::admin::departments::list(&state.db, true).await? {
        let b = service::index_no::body_of(&state.db, d.id).await?;
        out.push((d.id, d.name, b.org_code, b.index_pattern));
    }
    Ok(out)
}

#[server]
pub async fn save_body(
    department_id: i32,
    org_code: String,
    index_pattern: Option<String>,
) -> Result<(), AppError> {
    let (state, admin) = caps::require::<caps::Admin>().await?;
    service::index_no::configure(
        &state.db,
        &admin,
        department_id,
        &org_code,
        index_pattern.as_deref(),
    )
    .await?;
    Ok(())
}
