//! `/api/v1/documents/{id}/attachments…` (upload, list, download, delete) and the editor
//! page's no-script upload form, which answers with a redirect back to the page.
use super::{service, upload_error_code, upload_error_message, Kind};
use crate::auth::caps::{self, Caller};
use crate::catalog::types::Attachment;
use crate::error::AppError;
use crate::http::path_id;
use crate::platform::AppState;
use axum::{
    body::Body,
    extract::{multipart::MultipartRejection, DefaultBodyLimit, Multipart, Path, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Redirect, Response},
    routing::post,
    Json, Router,
};
use serde::Serialize;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The API routes. The body limit of uploads is set by `platform::body_limit`, which knows
/// the configured size; axum's own 2 MB default for multipart is lifted here.
pub fn routes() -> OpenApiRouter<AppState> {
    // Uploads have their own size limit (GONGKAI_ATTACHMENT_MAX_MB), checked while reading.
    let uploads = OpenApiRouter::new()
        .routes(routes!(list, upload))
        .layer(DefaultBodyLimit::disable());
    OpenApiRouter::new()
        .merge(uploads)
        .routes(routes!(download, remove))
}

/// The editor page's upload form (`multipart/form-data`, field `file`).
pub fn page_routes() -> Router<AppState> {
    Router::new().route(
        "/editor/documents/{id}/attachments",
        post(upload_form).layer(DefaultBodyLimit::disable()),
    )
}

fn multipart_error(e: axum::extract::multipart::MultipartError, max: u64) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge(upload_error_message("size", max))
    } else {
        AppError::BadRequest("上传内容格式不正确".into())
    }
}

/// The first part named `file`: its file name and bytes, read up to `max` bytes.
pub async fn read_file(
    multipart: Result<Multipart, MultipartRejection>,
    max: u64,
) -> Result<(String, Vec<u8>), AppError> {
    let mut mp = multipart.map_err(|_| {
        AppError::BadRequest("请使用 multipart/form-data 上传文件（字段 file）".into())
    })?;
    let mut found: Option<(String, Vec<u8>)> = None;
    while let Some(mut field) = mp.next_field().await.map_err(|e| multipart_error(e, max))? {
        if field.name() != Some("file") || found.is_some() {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_string();
        let mut buf = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(e, max))? {
            if (buf.len() + chunk.len()) as u64 > max {
                return Err(AppError::PayloadTooLarge(upload_error_message("size", max)));
            }
            buf.extend_from_slice(&chunk);
        }
        found = Some((name, buf));
    }
    found.ok_or_else(|| AppError::invalid("file", upload_error_message("empty", max)))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AttachmentList {
    pub items: Vec<Attachment>,
}

#[utoipa::path(get, path = "/api/v1/documents/{id}/attachments", operation_id = "catalog_attachments_list", params(("id" = i32, Path, description = "编号")), tag = "catalog",
    responses((status = 200, body = AttachmentList), (status = 404, description = "文件不存在或未发布")))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<AttachmentList>, AppError> {
    let id = path_id(&id)?;
    let editor = caller.may::<caps::Editor>();
    let doc = crate::catalog::service::documents::get(&state.db, id, editor.as_ref()).await?;
    Ok(Json(AttachmentList {
        items: doc.attachments,
    }))
}

#[utoipa::path(post, path = "/api/v1/documents/{id}/attachments", operation_id = "catalog_attachments_upload", params(("id" = i32, Path, description = "编号")), tag = "catalog",
    request_body(content_type = "multipart/form-data",
        description = "字段 file：PDF、Word、Excel、PowerPoint（含旧版 .doc/.xls/.ppt）、OpenDocument、OFD、PNG 或 JPEG；类型按文件内容判断"),
    responses((status = 201, body = Attachment, description = "已上传；草稿和已发布文件均可追加附件"),
              (status = 401, description = "未登录"), (status = 403, description = "仅编辑或管理员"),
              (status = 404, description = "文件不存在"),
              (status = 413, description = "超过附件大小上限（默认 20 MB）"),
              (status = 422, description = "文件类型不受支持（fields.file）")))]
pub async fn upload(
    State(state): State<AppState>,
    editor: caps::Editor,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<impl IntoResponse, AppError> {
    let id = path_id(&id)?;
    let (name, bytes) = read_file(multipart, state.config.attachment_max_bytes).await?;
    let a = service::add(&state, &editor, id, &name, &bytes).await?;
    Ok((StatusCode::CREATED, Json(a)))
}

#[utoipa::path(delete, path = "/api/v1/documents/{id}/attachments/{aid}", operation_id = "catalog_attachments_remove", params(("id" = i32, Path, description = "编号"), ("aid" = i32, Path, description = "附件编号")), tag = "catalog",
    responses((status = 204, description = "已删除"), (status = 401, description = "未登录"), (status = 403, description = "仅编辑或管理员"),
              (status = 404, description = "不存在"),
              (status = 409, description = "文件已发布：已公开的附件保持原样，不能删除")))]
pub async fn remove(
    State(state): State<AppState>,
    editor: caps::Editor,
    Path((id, aid)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    service::delete(&state, &editor, path_id(&id)?, path_id(&aid)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/documents/{id}/attachments/{aid}", operation_id = "catalog_attachments_download", params(("id" = i32, Path, description = "编号"), ("aid" = i32, Path, description = "附件编号")), tag = "catalog",
    responses((status = 200, description = "文件内容，以附件形式下载（Content-Disposition: attachment），Content-Type 为上传时核定的文件类型",
               content(("application/pdf"), ("application/msword"), ("application/vnd.ms-excel"),
                       ("application/vnd.ms-powerpoint"),
                       ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                       ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                       ("application/vnd.openxmlformats-officedocument.presentationml.presentation"),
                       ("application/vnd.oasis.opendocument.text"),
                       ("application/vnd.oasis.opendocument.spreadsheet"),
                       ("application/vnd.oasis.opendocument.presentation"),
                       ("application/ofd"), ("image/png"), ("image/jpeg"))),
              (status = 404, description = "不存在，或所属文件尚未发布")))]
pub async fn download(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, aid)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (id, aid) = (path_id(&id)?, path_id(&aid)?);
    let editor = caller.may::<caps::Editor>();
    let (m, published) = service::for_download(&state.db, id, aid, editor.as_ref()).await?;
    // A published attachment never changes (it cannot be deleted or replaced in place);
    // a draft's must not linger in shared caches.
    let cache = if published {
        "public, max-age=86400"
    } else {
        "private, no-store"
    };
    let stored = Stored {
        id: m.id,
        stored_name: &m.stored_name,
        original_name: &m.original_name,
        media_type: &m.media_type,
        sha256: &m.sha256,
    };
    file_response(&state, stored, cache).await
}

/// What a download needs to know of a stored file.
pub struct Stored<'a> {
    pub id: i32,
    pub stored_name: &'a str,
    pub original_name: &'a str,
    pub media_type: &'a str,
    pub sha256: &'a str,
}

/// A stored file as a download: streamed from disk, offered under its display name, typed
/// as its content was found to be, never sniffed by the browser.
pub async fn file_response(
    state: &AppState,
    m: Stored<'_>,
    cache_control: &str,
) -> Result<Response, AppError> {
    let store = service::store(state);
    let opened = match store.path_of(m.stored_name) {
        Some(path) => tokio::fs::File::open(&path).await,
        None => Err(std::io::ErrorKind::InvalidInput.into()),
    };
    let file = opened.map_err(|e| {
        tracing::error!(error = %e, file = %m.stored_name, "attachment file unreadable");
        AppError::Internal
    })?;
    let len = file.metadata().await.map(|md| md.len()).map_err(|e| {
        tracing::error!(error = %e, file = %m.stored_name, "attachment file unreadable");
        AppError::Internal
    })?;
    let ext = Kind::from_media_type(m.media_type).map_or("bin", Kind::extension);
    let disposition = service::content_disposition(m.original_name, m.id, ext);
    let mut res = Body::from_stream(tokio_util::io::ReaderStream::new(file)).into_response();
    let h = res.headers_mut();
    let mut set = |name: header::HeaderName, value: &str| {
        if let Ok(v) = HeaderValue::from_str(value) {
            h.insert(name, v);
        }
    };
    set(header::CONTENT_TYPE, m.media_type);
    set(header::CONTENT_LENGTH, &len.to_string());
    set(header::CONTENT_DISPOSITION, &disposition);
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::CACHE_CONTROL, cache_control);
    set(header::ETAG, &format!("\"{}\"", m.sha256));
    Ok(res)
}

/// The no-script form: uploads like the API, then sends the browser back to the editor
/// page, which shows the outcome beside the file field.
pub async fn upload_form(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let Ok(id) = path_id(&id) else {
        return AppError::NotFound.into_response();
    };
    let max = state.config.attachment_max_bytes;
    let outcome = async {
        let editor = caller.editor()?;
        let (name, bytes) = read_file(multipart, max).await?;
        service::add(&state, &editor, id, &name, &bytes).await
    }
    .await;
    let query = match outcome {
        Ok(a) => format!("attached={}", a.id),
        Err(e) => format!("attachment_error={}", upload_error_code(&e, max)),
    };
    Redirect::to(&format!("/editor/documents/{id}?{query}#attachments")).into_response()
}
