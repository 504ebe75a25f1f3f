//! `/api/v1/columns` and `/api/v1/documents`: the catalog behind JSON, as `api.md` has it.
use super::service::{self, columns, documents, index_no::PublishingBody};
use super::types::*;
use crate::auth::caps::{self, Caller};
use crate::error::{AppError, FieldErrors};
use crate::http::{path_id, ApiJson, ApiQuery, ListPage, PageParams};
use crate::input::Number;
use crate::platform::AppState;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::IntoResponse,
    Json,
};
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_columns, create_column))
        .routes(routes!(list_subjects, create_subject))
        .routes(routes!(set_subject))
        .routes(routes!(list_documents, create_document))
        .routes(routes!(get_document, update_document))
        .routes(routes!(publish_document))
        .routes(routes!(set_validity))
        .routes(routes!(late_documents))
        .routes(routes!(get_body, put_body))
        .merge(super::attachments::rest::routes())
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ColumnList {
    pub items: Vec<Column>,
}

#[utoipa::path(get, path = "/api/v1/columns", operation_id = "catalog_list_columns", tag = "catalog",
    responses((status = 200, body = ColumnList)))]
pub async fn list_columns(State(state): State<AppState>) -> Result<Json<ColumnList>, AppError> {
    Ok(Json(ColumnList {
        items: columns::list(&state.reads).await?,
    }))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ColumnBody {
    pub slug: String,
    pub name: String,
}

#[utoipa::path(post, path = "/api/v1/columns", operation_id = "catalog_create_column", tag = "catalog", request_body = ColumnBody,
    responses((status = 201, body = Column), (status = 401, description = "未登录"), (status = 403, description = "仅管理员")))]
pub async fn create_column(
    State(state): State<AppState>,
    admin: caps::Admin,
    ApiJson(body): ApiJson<ColumnBody>,
) -> Result<impl IntoResponse, AppError> {
    let c = columns::create(&state.db, &admin, &body.slug, &body.name).await?;
    Ok((StatusCode::CREATED, Json(c)))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SubjectList {
    pub items: Vec<SubjectCategory>,
}

#[utoipa::path(get, path = "/api/v1/subjects", operation_id = "catalog_list_subjects", tag = "catalog",
    responses((status = 200, body = SubjectList, description = "可选的主题分类（国务院公文主题分类及管理员增加的分类），按顺序")))]
pub async fn list_subjects(State(state): State<AppState>) -> Result<Json<SubjectList>, AppError> {
    Ok(Json(SubjectList {
        items: service::subjects::list(&state.reads, true).await?,
    }))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct SubjectBody {
    pub name: String,
}

#[utoipa::path(post, path = "/api/v1/subjects", operation_id = "catalog_create_subject", tag = "catalog", request_body = SubjectBody,
    responses((status = 201, body = SubjectCategory), (status = 401, description = "未登录"), (status = 403, description = "仅管理员"),
              (status = 422, description = "名称为 2–30 个字，且不能与已有分类同名")))]
pub async fn create_subject(
    State(state): State<AppState>,
    admin: caps::Admin,
    ApiJson(body): ApiJson<SubjectBody>,
) -> Result<impl IntoResponse, AppError> {
    let c = service::subjects::create(&state.db, &admin, &body.name).await?;
    Ok((StatusCode::CREATED, Json(c)))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct SubjectActive {
    /// false retires the category: no longer offered, still valid on its documents.
    pub active: bool,
}

#[utoipa::path(put, path = "/api/v1/subjects/{id}", operation_id = "catalog_set_subject", tag = "catalog", request_body = SubjectActive,
    params(("id" = i32, Path, description = "分类编号")),
    responses((status = 200, body = SubjectCategory), (status = 401, description = "未登录"), (status = 403, description = "仅管理员")))]
pub async fn set_subject(
    State(state): State<AppState>,
    admin: caps::Admin,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<SubjectActive>,
) -> Result<Json<SubjectCategory>, AppError> {
    let id = path_id(&id)?;
    Ok(Json(
        service::subjects::set_active(&state.db, &admin, id, body.active).await?,
    ))
}

#[derive(Deserialize)]
pub struct DocumentQuery {
    column: Option<String>,
    publisher: Option<String>,
    year: Option<String>,
    validity: Option<String>,
    subject: Option<String>,
    q: Option<String>,
    /// Browsing: the `next` of the page before (keyset paging).
    after: Option<String>,
}

fn parse_filter(q: DocumentQuery) -> Result<DocumentFilter, AppError> {
    let mut errors = FieldErrors::new();
    let nonempty = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let publisher = match nonempty(q.publisher) {
        None => None,
        Some(p) => errors.check(
            "publisher",
            p.parse::<i32>().map_err(|_| "发布机构须为部门编号".into()),
        ),
    };
    let year = match nonempty(q.year) {
        None => None,
        Some(y) => errors.check(
            "year",
            y.parse::<i32>()
                .ok()
                .filter(|y| (1949..=2100).contains(y))
                .ok_or_else(|| "年份须为四位数字".to_string()),
        ),
    };
    let validity = match nonempty(q.validity) {
        None => None,
        Some(v) => errors.check("validity", Validity::parse(&v)),
    };
    if !errors.is_empty() {
        return Err(AppError::BadRequest(
            errors.0.values().cloned().collect::<Vec<_>>().join("；"),
        ));
    }
    Ok(DocumentFilter {
        column: nonempty(q.column),
        publisher,
        year,
        validity,
        subject: nonempty(q.subject),
        q: nonempty(q.q),
    })
}

#[utoipa::path(get, path = "/api/v1/documents", operation_id = "catalog_list_documents", tag = "catalog",
    params(("column" = Option<String>, Query, description = "栏目代码"),
           ("publisher" = Option<i32>, Query, description = "发布机构（部门编号）"),
           ("year" = Option<i32>, Query, description = "发布年份"),
           ("validity" = Option<String>, Query, description = "valid|amended|repealed|expired"),
           ("subject" = Option<String>, Query, description = "主题分类"),
           ("q" = Option<String>, Query, description = "全文检索：每个词都须出现；标题含全部检索词的在前，其次按收录先后倒序；total 计到本页之后十页为止（按百取整，最多 1000），更多时 total_capped 为 true"),
           ("page" = Option<u64>, Query), ("per_page" = Option<u64>, Query),
           ("after" = Option<String>, Query, description = "浏览或检索时上一页响应中的 next：按游标取下一页，再深的页也与第一页一样快（给出 after 时忽略 page）")),
    responses((status = 200, description = "已发布文件列表，检索时带高亮摘要；浏览还有下一页时带 next"),
              (status = 400, description = "参数格式错误")))]
pub async fn list_documents(
    State(state): State<AppState>,
    page: PageParams,
    ApiQuery(query): ApiQuery<DocumentQuery>,
) -> Result<Json<ListPage<DocumentSummary>>, AppError> {
    let after = crate::input::Cursor::optional(query.after.as_deref())?;
    let filter = parse_filter(query)?;
    let at = crate::input::At::new(page.page, after);
    let p = documents::list(&state.reads, &filter, at, page.per_page).await?;
    Ok(Json(ListPage {
        items: p.items,
        total: p.total,
        page: p.page,
        per_page: p.per_page,
        total_capped: p.total_capped,
        next: p.next,
    }))
}

#[utoipa::path(get, path = "/api/v1/documents/{id}", operation_id = "catalog_get_document", params(("id" = i32, Path, description = "编号")), tag = "catalog",
    responses((status = 200, body = Document), (status = 404, description = "不存在或未发布")))]
pub async fn get_document(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Document>, AppError> {
    let id = path_id(&id)?;
    let editor = caller.may::<caps::Editor>();
    Ok(Json(
        documents::get(&state.reads, id, editor.as_ref()).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/documents", operation_id = "catalog_create_document", tag = "catalog", request_body = DocumentInput,
    responses((status = 201, body = Document, description = "已创建，索引号自动生成；给出 published_on 时发布，日期在今天之后则定时发布"),
              (status = 401, description = "未登录"), (status = 403, description = "仅编辑"),
              (status = 422, description = "字段校验失败")))]
pub async fn create_document(
    State(state): State<AppState>,
    editor: caps::Editor,
    ApiJson(body): ApiJson<DocumentInput>,
) -> Result<impl IntoResponse, AppError> {
    let d = documents::create(
        &state.db,
        &editor,
        &body,
        state.clock.today(),
        state.clock.today(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(d)))
}

#[utoipa::path(put, path = "/api/v1/documents/{id}", operation_id = "catalog_update_document", params(("id" = i32, Path, description = "编号")), tag = "catalog", request_body = DocumentInput,
    responses((status = 200, body = Document, description = "已保存；已发布的文件记入修订记录"), (status = 401, description = "未登录"), (status = 403, description = "仅编辑"),
              (status = 404, description = "不存在"), (status = 409, description = "已发布文件的发布日期不能更改"),
              (status = 422, description = "字段校验失败；修改已发布的文件须填写 revision_note")))]
pub async fn update_document(
    State(state): State<AppState>,
    editor: caps::Editor,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<DocumentInput>,
) -> Result<Json<Document>, AppError> {
    let id = path_id(&id)?;
    Ok(Json(
        documents::update(&state.db, &editor, id, &body, state.clock.today()).await?,
    ))
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(default)]
pub struct PublishBody {
    pub published_on: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/documents/{id}/publish", operation_id = "catalog_publish_document", params(("id" = i32, Path, description = "编号")), tag = "catalog", request_body = PublishBody,
    responses((status = 200, body = Document), (status = 401, description = "未登录"), (status = 409, description = "已发布")))]
pub async fn publish_document(
    State(state): State<AppState>,
    editor: caps::Editor,
    Path(id): Path<String>,
    raw: axum::body::Bytes,
) -> Result<Json<Document>, AppError> {
    let id = path_id(&id)?;
    // The body is optional: an empty POST publishes today.
    let body: PublishBody = if raw.iter().all(u8::is_ascii_whitespace) {
        PublishBody::default()
    } else {
        serde_json::from_slice(&raw).map_err(|_| AppError::BadRequest("JSON 格式错误".into()))?
    };
    let day = match body.published_on {
        None => None,
        Some(s) => {
            Some(parse_date(&s, "发布日期").map_err(|m| AppError::invalid("published_on", m))?)
        }
    };
    Ok(Json(
        documents::publish(&state.db, &editor, id, day, state.clock.today()).await?,
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ValidityBody {
    pub validity: Validity,
    #[schema(value_type = Option<i32>)]
    pub replaced_by: Option<Number>,
}

#[utoipa::path(post, path = "/api/v1/documents/{id}/validity", operation_id = "catalog_set_validity", params(("id" = i32, Path, description = "编号")), tag = "catalog", request_body = ValidityBody,
    responses((status = 200, body = Document, description = "已修改/已废止/已失效的文件仍公开，并标注、链接替代文件"),
              (status = 401, description = "未登录"), (status = 403, description = "仅编辑"),
              (status = 409, description = "草稿不能变更有效性")))]
pub async fn set_validity(
    State(state): State<AppState>,
    editor: caps::Editor,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ValidityBody>,
) -> Result<Json<Document>, AppError> {
    let id = path_id(&id)?;
    Ok(Json(
        documents::set_validity(
            &state.db,
            &editor,
            id,
            body.validity,
            body.replaced_by,
            state.clock.today(),
        )
        .await?,
    ))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct LateList {
    pub items: Vec<documents::LateDocument>,
}

#[utoipa::path(get, path = "/api/v1/editor/late-documents", operation_id = "catalog_late_documents", tag = "catalog",
    responses((status = 200, body = LateList, description = "成文后超过 20 个工作日才发布（或仍未发布）的文件（条例第二十六条）"), (status = 401, description = "未登录"),
              (status = 403, description = "仅编辑")))]
pub async fn late_documents(
    State(state): State<AppState>,
    _: caps::Editor,
) -> Result<Json<LateList>, AppError> {
    Ok(Json(LateList {
        items: documents::late(&state.db, state.clock.today()).await?,
    }))
}

#[utoipa::path(get, path = "/api/v1/publishing-bodies/{department_id}", operation_id = "catalog_get_body", params(("department_id" = i32, Path, description = "部门编号")), tag = "catalog",
    responses((status = 200, body = PublishingBody), (status = 404, description = "部门不存在")))]
pub async fn get_body(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<PublishingBody>, AppError> {
    let id = path_id(&id)?;
    crate::admin::departments::get(&state.db, id).await?;
    Ok(Json(service::index_no::body_of(&state.db, id).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct BodySettings {
    pub org_code: String,
    pub index_pattern: Option<String>,
}

#[utoipa::path(put, path = "/api/v1/publishing-bodies/{department_id}", operation_id = "catalog_put_body", params(("department_id" = i32, Path, description = "部门编号")), tag = "catalog", request_body = BodySettings,
    responses((status = 200, body = PublishingBody, description = "机构代码与索引号格式（占位符 {org} {year} {serial}）"), (status = 401, description = "未登录"),
              (status = 403, description = "仅管理员")))]
pub async fn put_body(
    State(state): State<AppState>,
    admin: caps::Admin,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<BodySettings>,
) -> Result<Json<PublishingBody>, AppError> {
    let id = path_id(&id)?;
    Ok(Json(
        service::index_no::configure(
            &state.db,
            &admin,
            id,
            &body.org_code,
            body.index_pattern.as_deref(),
        )
        .await?,
    ))
}
