//! The doors to a reply's files: `/api/v1/disclosure-requests/{no}/files…` (upload,
//! download, delete), the desk's no-script upload form, and the tracking page's download
//! form, which carries the query code in a POST body so that it never sits in a URL.
use super::files;
use super::reply::ReplyFile;
use crate::auth::caps::{Caller, DisclosureOfficer};
use crate::catalog::attachments::rest::{file_response, read_file, Stored};
use crate::catalog::attachments::upload_error_code;
use crate::error::AppError;
use crate::http::{path_id, QueryCode};
use crate::platform::AppState;
use axum::{
    extract::{multipart::MultipartRejection, DefaultBodyLimit, Multipart, Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::post,
    Form, Json, Router,
};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    // Uploads have their own size limit (GONGKAI_ATTACHMENT_MAX_MB), checked while reading.
    let uploads = OpenApiRouter::new()
        .routes(routes!(upload))
        .layer(DefaultBodyLimit::disable());
    OpenApiRouter::new()
        .merge(uploads)
        .routes(routes!(download, remove))
}

/// The desk's upload form and the applicant's download form.
pub fn page_routes() -> Router<AppState> {
    Router::new()
        .route(
            "/editor/disclosure/{no}/files",
            post(upload_form).layer(DefaultBodyLimit::disable()),
        )
        .route("/disclosure-requests/{no}/files/{id}", post(download_form))
}

/// Where the no-script forms send the browser back to.
pub fn desk_url(tracking_no: &str) -> String {
    format!("/editor/disclosure/{tracking_no}")
}

#[utoipa::path(post, path = "/api/v1/disclosure-requests/{tracking_no}/files", operation_id = "disclosure_files_upload",
    params(("tracking_no" = String, Path, description = "受理编号")), tag = "disclosure",
    request_body(content_type = "multipart/form-data",
        description = "字段 file：随予以公开、部分公开答复提供的政府信息（PDF、Word、Excel、PowerPoint、OpenDocument、OFD、PNG 或 JPEG；类型按文件内容判断）"),
    responses((status = 201, body = ReplyFile, description = "已上传；答复为予以公开或部分公开时随答复提供给申请人"),
              (status = 401, description = "未登录"), (status = 403, description = "仅信息公开工作人员"),
              (status = 404, description = "申请不存在"),
              (status = 409, description = "已答复：随答复提供的文件保持原样"),
              (status = 413, description = "超过附件大小上限（默认 20 MB）"),
              (status = 422, description = "文件类型不受支持（fields.file）")))]
pub async fn upload(
    State(state): State<AppState>,
    officer: DisclosureOfficer,
    Path(tracking_no): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<impl IntoResponse, AppError> {
    let (name, bytes) = read_file(multipart, state.config.attachment_max_bytes).await?;
    let f = files::add(&state, &officer, &tracking_no, &name, &bytes).await?;
    Ok((StatusCode::CREATED, Json(f)))
}

#[utoipa::path(delete, path = "/api/v1/disclosure-requests/{tracking_no}/files/{id}", operation_id = "disclosure_files_remove",
    params(("tracking_no" = String, Path, description = "受理编号"), ("id" = i32, Path, description = "文件编号")), tag = "disclosure",
    responses((status = 204, description = "已删除"), (status = 401, description = "未登录"),
              (status = 403, description = "仅信息公开工作人员"), (status = 404, description = "不存在"),
              (status = 409, description = "已答复：随答复提供的文件保持原样")))]
pub async fn remove(
    State(state): State<AppState>,
    officer: DisclosureOfficer,
    Path((tracking_no, id)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    files::delete(&state, &officer, &tracking_no, path_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/disclosure-requests/{tracking_no}/files/{id}", operation_id = "disclosure_files_download",
    params(("tracking_no" = String, Path, description = "受理编号"), ("id" = i32, Path, description = "文件编号"),
           ("query_code" = Option<String>, Query, description = "申请回执上的查询码（也可放在 X-Query-Code 请求头）"),
           ("X-Query-Code" = Option<String>, Header, description = "申请回执上的查询码")),
    tag = "disclosure",
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
              (status = 404, description = "不存在、查询码不符，或答复尚未提供该文件"),
              (status = 429, description = "该编号或本地址的错误查询码过多，见 Retry-After")))]
pub async fn download(
    State(state): State<AppState>,
    caller: Caller,
    Path((tracking_no, id)): Path<(String, String)>,
    QueryCode(query_code): QueryCode,
) -> Result<Response, AppError> {
    send(&state, &caller, &tracking_no, &id, query_code.as_deref()).await
}

async fn send(
    state: &AppState,
    caller: &Caller,
    tracking_no: &str,
    id: &str,
    query_code: Option<&str>,
) -> Result<Response, AppError> {
    let officer = caller.may::<DisclosureOfficer>();
    let id = path_id(id)?;
    let f = files::for_download(
        state,
        tracking_no,
        id,
        officer.as_ref(),
        caller.ip,
        query_code,
    )
    .await?;
    let stored = Stored {
        id: f.id,
        stored_name: &f.stored_name,
        original_name: &f.original_name,
        media_type: &f.media_type,
        sha256: &f.sha256,
    };
    // One applicant's file: never kept by a shared cache.
    file_response(state, stored, "private, no-store").await
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    query_code: String,
}

/// The tracking page's download button: the code comes in the form body.
pub async fn download_form(
    State(state): State<AppState>,
    caller: Caller,
    Path((tracking_no, id)): Path<(String, String)>,
    form: Result<Form<CodeForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let code = form.map(|Form(f)| f.query_code).unwrap_or_default();
    let code = Some(code.as_str()).filter(|c| !c.trim().is_empty());
    match send(&state, &caller, &tracking_no, &id, code).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

/// The desk's no-script upload: like the API, then back to the desk, which shows the
/// outcome beside the file field.
pub async fn upload_form(
    State(state): State<AppState>,
    caller: Caller,
    Path(tracking_no): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let max = state.config.attachment_max_bytes;
    let outcome = async {
        let officer = caller.disclosure_officer()?;
        let (name, bytes) = read_file(multipart, max).await?;
        files::add(&state, &officer, &tracking_no, &name, &bytes).await
    }
    .await;
    let query = match outcome {
        Ok(f) => format!("attached={}", f.id),
        Err(AppError::Conflict(_)) => "file_error=replied".to_string(),
        Err(e) => format!("file_error={}", upload_error_code(&e, max)),
    };
    // The number goes back into a URL: only the characters a tracking number has.
    let no: String = tracking_no
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    Redirect::to(&format!("{}?{query}#reply-files", desk_url(&no))).into_response()
}
