//! The public side: submit, list, read, rate, follow up, statistics.
use crate::auth::caps::Caller;
use crate::error::AppError;
use crate::http::{ApiJson, ListPage, PageParams, QueryCode};
use crate::platform::AppState;
use crate::questions::report::{to_csv, Stats};
use crate::questions::service::{self, feedback::Feedback, submit::SubmitInput};
use crate::questions::types::{Filters, Question, QuestionPage, Submitted};
use axum::{
    extract::{Path, Query, State},
    http::{header, StatusCode},
    response::IntoResponse,
    Json,
};
use serde::Deserialize;

#[utoipa::path(post, path = "/api/v1/questions", operation_id = "questions_public_submit", tag = "questions", request_body = SubmitInput,
    responses((status = 201, body = Submitted, description = "匿名提交时含 query_code（只显示这一次）"),
              (status = 422, description = "字段校验失败"),
              (status = 429, description = "匿名提交过于频繁，见 Retry-After")))]
pub async fn submit(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<SubmitInput>,
) -> Result<impl IntoResponse, AppError> {
    let s = service::submit::submit(&state, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(s)))
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    pub kind: Option<String>,
    pub department_id: Option<String>,
    pub q: Option<String>,
    pub status: Option<String>,
    pub month: Option<String>,
    pub overdue: Option<String>,
    /// The public list: the `next` of the page before (keyset paging).
    pub after: Option<String>,
}

impl ListQuery {
    /// The filters, checked field by field. The public list takes no `overdue` filter and
    /// refuses searching for contact data (see `parse_filters`).
    pub(super) fn filters(&self, public: bool) -> Result<Filters, AppError> {
        crate::questions::parse_filters(
            self.kind.as_deref(),
            self.department_id.as_deref(),
            self.q.as_deref(),
            self.status.as_deref(),
            self.month.as_deref(),
            if public {
                None
            } else {
                self.overdue.as_deref()
            },
            public,
        )
    }
}

impl From<QuestionPage> for ListPage<Question> {
    fn from(p: QuestionPage) -> Self {
        ListPage {
            items: p.items,
            total: p.total,
            page: p.page,
            per_page: p.per_page,
            total_capped: p.total_capped,
            next: p.next,
        }
    }
}

pub(super) fn query_or_400<T: Default>(
    q: Result<Query<T>, axum::extract::rejection::QueryRejection>,
) -> Result<T, AppError> {
    q.map(|Query(v)| v)
        .map_err(|_| AppError::BadRequest("查询参数格式错误".into()))
}

#[utoipa::path(get, path = "/api/v1/questions", operation_id = "questions_public_list", tag = "questions",
    params(("kind" = Option<String>, Query, description = "opinion | suggestion | help | complaint"),
           ("department_id" = Option<i32>, Query), ("q" = Option<String>, Query, description = "标题和正文中的字词，空格分隔的每个词都须出现（两个字的词也能找到，单字按前缀匹配）；结果按提交先后倒序；total 计到本页之后十页为止（按百取整，最多 1000），更多时 total_capped 为 true"),
           ("status" = Option<String>, Query), ("month" = Option<String>, Query, description = "YYYY-MM"),
           ("page" = Option<u64>, Query), ("per_page" = Option<u64>, Query),
           ("after" = Option<String>, Query, description = "上一页响应中的 next：按游标取下一页，再深的页也与第一页一样快（给出 after 时忽略 page）")),
    responses((status = 200, description = "已公开的留言，个人信息已遮盖；还有下一页时带 next"), (status = 400, description = "分页参数有误"), (status = 422, description = "筛选条件有误")))]
pub async fn list(
    State(state): State<AppState>,
    page: PageParams,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<ListPage<Question>>, AppError> {
    let query = query_or_400(query)?;
    let after = crate::input::Cursor::optional(query.after.as_deref())?;
    let f = query.filters(true)?;
    let at = service::queries::At::new(page.page, after);
    let p = service::queries::public_list(&state.reads, &f, at, page.per_page).await?;
    Ok(Json(p.into()))
}

#[utoipa::path(get, path = "/api/v1/questions/{tracking_no}", operation_id = "questions_public_get_one", tag = "questions",
    params(("tracking_no" = String, Path), ("query_code" = Option<String>, Query, description = "匿名留言人的查询码（也可放在 X-Query-Code 请求头）"),
           ("X-Query-Code" = Option<String>, Header, description = "匿名留言人的查询码")),
    responses((status = 200, body = Question), (status = 404, description = "不存在，或无权查看"),
              (status = 429, description = "该编号或本地址的错误查询码过多，见 Retry-After")))]
pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    Path(no): Path<String>,
    QueryCode(code): QueryCode,
) -> Result<Json<Question>, AppError> {
    let (q, _) =
        service::queries::get(&state.db, &state.secrets, &caller, &no, code.as_deref()).await?;
    Ok(Json(q))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct RateBody {
    /// satisfied | basically_satisfied | unsatisfied
    pub rating: String,
    pub query_code: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/questions/{tracking_no}/rate", operation_id = "questions_public_rate", tag = "questions", request_body = RateBody,
    params(("tracking_no" = String, Path)),
    responses((status = 200, body = Question), (status = 404, description = "不是留言人"), (status = 409, description = "未答复或已评价"),
              (status = 429, description = "该编号或本地址的错误查询码过多，见 Retry-After")))]
pub async fn rate(
    State(state): State<AppState>,
    caller: Caller,
    Path(no): Path<String>,
    ApiJson(body): ApiJson<RateBody>,
) -> Result<Json<Question>, AppError> {
    let fb = Feedback::Rate(body.rating);
    feedback(&state, &caller, &no, body.query_code.as_deref(), fb).await
}

/// The submitter's rating or follow-up, by session or query code.
async fn feedback(
    state: &AppState,
    caller: &Caller,
    no: &str,
    query_code: Option<&str>,
    fb: Feedback,
) -> Result<Json<Question>, AppError> {
    let q = service::feedback::feedback(
        &state.db,
        &state.secrets,
        caller,
        no,
        query_code,
        fb,
        state.clock.today(),
    )
    .await?;
    Ok(Json(q))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct FollowUpBody {
    pub body: String,
    pub query_code: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/questions/{tracking_no}/follow-up", operation_id = "questions_public_follow_up", tag = "questions", request_body = FollowUpBody,
    params(("tracking_no" = String, Path)),
    responses((status = 200, body = Question), (status = 404, description = "不是留言人"), (status = 409, description = "未答复或已追问"),
              (status = 429, description = "该编号或本地址的错误查询码过多，见 Retry-After")))]
pub async fn follow_up(
    State(state): State<AppState>,
    caller: Caller,
    Path(no): Path<String>,
    ApiJson(body): ApiJson<FollowUpBody>,
) -> Result<Json<Question>, AppError> {
    let fb = Feedback::FollowUp(body.body);
    feedback(&state, &caller, &no, body.query_code.as_deref(), fb).await
}

#[derive(Deserialize, Default)]
pub struct YearQuery {
    pub year: Option<i32>,
}

fn year_of(
    q: Result<Query<YearQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Option<i32>, AppError> {
    Ok(query_or_400(q)?.year)
}

#[utoipa::path(get, path = "/api/v1/questions/stats", operation_id = "questions_public_stats", tag = "questions",
    params(("year" = Option<i32>, Query, minimum = 2000, maximum = 2100, description = "默认今年")),
    responses((status = 200, body = Stats), (status = 422, description = "年份须在 2000–2100 之间")))]
pub async fn stats(
    State(state): State<AppState>,
    query: Result<Query<YearQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Stats>, AppError> {
    let year = year_of(query)?;
    Ok(Json(service::stats::for_year_cached(&state, year).await?))
}

/// `/questions/stats.csv?year=`: the same figures for spreadsheets.
pub async fn stats_csv(
    State(state): State<AppState>,
    query: Result<Query<YearQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<impl IntoResponse, AppError> {
    let year = year_of(query)?;
    let s = service::stats::for_year_cached(&state, year).await?;
    let disposition = format!("attachment; filename=\"questions-stats-{}.csv\"", s.year);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        to_csv(&s),
    ))
}
