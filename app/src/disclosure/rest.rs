//! `/api/v1/disclosure-requests`: applications for disclosure, as `api.md` has them.
use super::service::{self, ApplicationInput};
use super::types::{DisclosureRequest, Receipt, RequestPage};
use super::{desk, steps};
use crate::auth::caps::{Caller, DisclosureOfficer};
use crate::error::AppError;
use crate::http::{ApiJson, ApiQuery, QueryCode};
use crate::input::Number;
use crate::platform::{AppState, ClientIp};
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
        .routes(routes!(create, list))
        .routes(routes!(intake))
        .routes(routes!(show))
        .routes(routes!(correction))
        .routes(routes!(corrected))
        .routes(routes!(extend))
        .routes(routes!(consult_start))
        .routes(routes!(consult_end))
        .routes(routes!(reply))
        .routes(routes!(assign_department))
}

// Missing fields are empty, so that the service reports each one in Chinese.
#[derive(Deserialize, Serialize, Default, utoipa::ToSchema)]
pub struct ApplicantBody {
    /// Parsed by the service, so a wrong value is a field error.
    #[serde(rename = "type", default)]
    #[schema(value_type = super::types::ApplicantType, required = true)]
    pub kind: String,
    #[serde(default)]
    #[schema(min_length = 1, max_length = 60, pattern = "\\S", required = true)]
    pub name: String,
    /// The identity document; blank means `resident_id` for natural persons and
    /// `credit_code` for organisations.
    #[serde(default)]
    #[schema(value_type = Option<super::types::IdDocument>)]
    pub id_type: Option<String>,
    /// Checked as the document requires (the check character of a 身份证 or 统一社会信用代码,
    /// the shape of a pass or passport number).
    #[serde(default)]
    #[schema(required = true)]
    pub id_number: String,
    /// An organisation's 法定代表人或负责人 (not for natural persons).
    #[serde(default)]
    #[schema(max_length = 60)]
    pub representative: Option<String>,
    /// An organisation's 联系人 (not for natural persons).
    #[serde(default)]
    #[schema(max_length = 60)]
    pub contact_person: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
pub struct ApplicationBody {
    #[serde(default)]
    #[schema(required = true)]
    pub applicant: ApplicantBody,
    /// What is asked for: its name, 文号 or other features (5–5000 characters).
    #[serde(default)]
    #[schema(min_length = 5, max_length = 5000, pattern = "\\S", required = true)]
    pub description: String,
    #[serde(default)]
    #[schema(pattern = "^(electronic|paper)$", required = true)]
    pub form: String,
    /// How the answer is delivered: post needs an address, email an e-mail address, fax a
    /// phone number.
    #[serde(default)]
    #[schema(value_type = Option<super::types::Delivery>)]
    pub delivery: Option<String>,
    /// Whether the applicant consented to the 个人信息处理告知 the client showed them:
    /// `false` is refused (422 on `consent`); absent is recorded as no consent given.
    #[serde(default)]
    pub consent: Option<bool>,
}

impl From<ApplicationBody> for ApplicationInput {
    fn from(body: ApplicationBody) -> ApplicationInput {
        let a = body.applicant;
        ApplicationInput {
            applicant_type: a.kind,
            name: a.name,
            id_type: a.id_type,
            id_number: a.id_number,
            representative: a.representative,
            contact_person: a.contact_person,
            phone: a.phone,
            email: a.email,
            address: a.address,
            description: body.description,
            form: body.form,
            delivery: body.delivery,
            consent: body.consent,
        }
    }
}

/// An application staff record: the public form's body, how it came and when.
#[derive(Deserialize, Default, utoipa::ToSchema)]
pub struct IntakeBody {
    #[serde(flatten)]
    pub application: ApplicationBody,
    #[serde(default)]
    #[schema(value_type = super::types::Channel, required = true)]
    pub channel: String,
    /// The day of receipt as Art. 31 counts it for the channel: not after today.
    #[serde(default)]
    #[schema(value_type = chrono::NaiveDate, required = true)]
    pub received_on: String,
    /// 承办部门: the department that handles it (optional; the desk may name it later).
    #[serde(default)]
    #[schema(value_type = Option<i32>)]
    pub department_id: Option<crate::input::Number>,
}

#[utoipa::path(post, path = "/api/v1/disclosure-requests", operation_id = "disclosure_create", tag = "disclosure", request_body = ApplicationBody,
    responses((status = 201, body = Receipt, description = "查询码只在此处显示一次"),
              (status = 422, description = "字段校验失败"), (status = 429, description = "提交过于频繁")))]
pub async fn create(
    State(state): State<AppState>,
    ip: ClientIp,
    ApiJson(body): ApiJson<ApplicationBody>,
) -> Result<impl IntoResponse, AppError> {
    let receipt = service::apply(&state, ip, &body.into()).await?;
    Ok((StatusCode::CREATED, Json(receipt)))
}

#[utoipa::path(post, path = "/api/v1/disclosure-requests/intake", operation_id = "disclosure_intake", tag = "disclosure", request_body = IntakeBody,
    responses((status = 201, body = Receipt, description = "答复期限自该渠道的收到之日起算；查询码随回执交给申请人"),
              (status = 401, description = "未登录"), (status = 403, description = "仅政府信息公开工作人员"),
              (status = 422, description = "字段校验失败，逐项说明")))]
pub async fn intake(
    State(state): State<AppState>,
    officer: DisclosureOfficer,
    ApiJson(body): ApiJson<IntakeBody>,
) -> Result<impl IntoResponse, AppError> {
    let input = body.application.into();
    let receipt = service::intake(
        &state,
        &officer,
        &input,
        &body.channel,
        &body.received_on,
        body.department_id.as_ref(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(receipt)))
}

#[derive(Deserialize)]
pub struct ListQuery {
    open: Option<String>,
    status: Option<String>,
    card: Option<String>,
    q: Option<String>,
    page: Option<u64>,
    per_page: Option<u64>,
}

#[utoipa::path(get, path = "/api/v1/disclosure-requests", operation_id = "disclosure_list", tag = "disclosure",
    params(("status" = Option<String>, Query, description = "open（办理中）或 replied（已答复）；缺省为全部，办理中的在前"),
           ("open" = Option<bool>, Query, description = "同 status=open"),
           ("card" = Option<String>, Query, description = "yellow 或 red：只列亮该督办牌的申请"),
           ("q" = Option<String>, Query, description = "申请编号或申请人姓名的一部分"),
           ("page" = Option<u64>, Query), ("per_page" = Option<u64>, Query, description = "1–100，缺省 20")),
    responses((status = 200, body = RequestPage, description = "工作人员：按答复期限排序，带黄牌/红牌，以及全部办理中、黄牌、红牌件数"),
              (status = 401, description = "未登录"), (status = 403, description = "仅编辑或管理员"),
              (status = 422, description = "筛选参数无效，逐项说明")))]
pub async fn list(
    State(state): State<AppState>,
    officer: DisclosureOfficer,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<RequestPage>, AppError> {
    let open = q.open.as_deref().is_some_and(|o| o == "true" || o == "1");
    let status = if open {
        Some("open")
    } else {
        q.status.as_deref()
    };
    let filter = super::desk_filter(status, q.card.as_deref(), q.q)?;
    Ok(Json(
        desk::staff_list(
            &state.db,
            &officer,
            &filter,
            q.page.unwrap_or(1),
            q.per_page.unwrap_or(super::STAFF_PAGE_SIZE),
            state.clock.today(),
        )
        .await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/disclosure-requests/{tracking_no}", operation_id = "disclosure_show", tag = "disclosure",
    params(("tracking_no" = String, Path, description = "受理编号"), ("query_code" = Option<String>, Query, description = "申请回执上的查询码（也可放在 X-Query-Code 请求头）"),
           ("X-Query-Code" = Option<String>, Header, description = "申请回执上的查询码")),
    responses((status = 200, body = DisclosureRequest, description = "证件号码始终打码"),
              (status = 404, description = "不存在，或查询码不符"),
              (status = 429, description = "该编号或本地址的错误查询码过多，见 Retry-After")))]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(tracking_no): Path<String>,
    QueryCode(query_code): QueryCode,
) -> Result<Json<DisclosureRequest>, AppError> {
    let officer = caller.may::<DisclosureOfficer>();
    Ok(Json(
        service::track(
            &state.db,
            &state.secrets,
            &tracking_no,
            query_code.as_deref(),
            officer.as_ref(),
            caller.ip,
            state.clock.today(),
        )
        .await?,
    ))
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(default)]
pub struct NoteBody {
    pub note: String,
}

#[utoipa::path(post, path = "/api/v1/disclosure-requests/{tracking_no}/correction", operation_id = "disclosure_correction", params(("tracking_no" = String, Path, description = "受理编号")), tag = "disclosure", request_body = NoteBody,
    responses((status = 200, body = DisclosureRequest, description = "补正告知：计时停止"), (status = 401, description = "未登录"),
              (status = 409, description = "超过 7 个工作日、已告知过或状态不符")))]
pub async fn correction(
    State(state): State<AppState>,
    user: DisclosureOfficer,
    Path(tracking_no): Path<String>,
    ApiJson(body): ApiJson<NoteBody>,
) -> Result<Json<DisclosureRequest>, AppError> {
    Ok(Json(
        steps::request_correction(
            &state.db,
            &user,
            &tracking_no,
            &body.note,
            state.clock.today(),
        )
        .await?,
    ))
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(default)]
pub struct CorrectedBody {
    pub query_code: Option<String>,
    pub description: String,
}

#[utoipa::path(post, path = "/api/v1/disclosure-requests/{tracking_no}/corrected", operation_id = "disclosure_corrected", params(("tracking_no" = String, Path, description = "受理编号")), tag = "disclosure", request_body = CorrectedBody,
    responses((status = 200, body = DisclosureRequest, description = "申请人补正（凭查询码）或工作人员登记补正：自补正之日重新计算 20 个工作日"),
              (status = 404, description = "不存在，或查询码不符"), (status = 409, description = "不在待补正状态"),
              (status = 429, description = "该编号或本地址的错误查询码过多，见 Retry-After")))]
pub async fn corrected(
    State(state): State<AppState>,
    caller: Caller,
    Path(tracking_no): Path<String>,
    ApiJson(body): ApiJson<CorrectedBody>,
) -> Result<Json<DisclosureRequest>, AppError> {
    let user = caller.may::<DisclosureOfficer>();
    Ok(Json(
        steps::record_correction(
            &state.db,
            &state.secrets,
            user.as_ref(),
            &tracking_no,
            body.query_code.as_deref(),
            caller.ip,
            &body.description,
            state.clock.today(),
        )
        .await?,
    ))
}

/// Missing fields are answered field by field (422), so each defaults; per field, since a
/// container `serde(default)` would make utoipa document `""` as the integer's default.
#[derive(Deserialize, Default, utoipa::ToSchema)]
#[schema(as = DisclosureExtendBody)]
pub struct ExtendBody {
    /// 1–20
    #[serde(default)]
    #[schema(value_type = i32, minimum = 1, maximum = 20)]
    pub working_days: Number,
    #[serde(default)]
    pub approver: String,
}

#[utoipa::path(post, path = "/api/v1/disclosure-requests/{tracking_no}/extend", operation_id = "disclosure_extend", params(("tracking_no" = String, Path, description = "受理编号")), tag = "disclosure", request_body = ExtendBody,
    responses((status = 200, body = DisclosureRequest), (status = 401, description = "未登录"), (status = 409, description = "已延期过或已答复"),
              (status = 422, description = "延长期限须为 1–20 个工作日，须填写批准人")))]
pub async fn extend(
    State(state): State<AppState>,
    user: DisclosureOfficer,
    Path(tracking_no): Path<String>,
    ApiJson(body): ApiJson<ExtendBody>,
) -> Result<Json<DisclosureRequest>, AppError> {
    Ok(Json(
        steps::extend(
            &state.db,
            &user,
            &tracking_no,
            &body.working_days,
            &body.approver,
            state.clock.today(),
        )
        .await?,
    ))
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(default)]
pub struct ConsultBody {
    pub third_party: String,
}

#[utoipa::path(post, path = "/api/v1/disclosure-requests/{tracking_no}/consultation", operation_id = "disclosure_consult_start", params(("tracking_no" = String, Path, description = "受理编号")), tag = "disclosure", request_body = ConsultBody,
    responses((status = 200, body = DisclosureRequest, description = "征求第三方意见：期间（最多 15 个工作日）不计入答复期限"), (status = 401, description = "未登录"),
              (status = 409, description = "状态不符")))]
pub async fn consult_start(
    State(state): State<AppState>,
    user: DisclosureOfficer,
    Path(tracking_no): Path<String>,
    ApiJson(body): ApiJson<ConsultBody>,
) -> Result<Json<DisclosureRequest>, AppError> {
    Ok(Json(
        steps::consultation(
            &state.db,
            &user,
            &tracking_no,
            true,
            &body.third_party,
            state.clock.today(),
        )
        .await?,
    ))
}

/// The third party's answer; the body may be left out.
#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(default)]
pub struct ConsultEndBody {
    #[schema(value_type = Option<super::third_party::ConsultAnswer>)]
    pub answer: Option<String>,
    /// The third party's reasons, as it gave them.
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/disclosure-requests/{tracking_no}/consultation/end", operation_id = "disclosure_consult_end", params(("tracking_no" = String, Path, description = "受理编号")), tag = "disclosure",
    request_body(content = Option<ConsultEndBody>, description = "第三方的意见（可省略）"),
    responses((status = 200, body = DisclosureRequest), (status = 401, description = "未登录"), (status = 409, description = "没有正在进行的征求意见"),
              (status = 422, description = "意见取值无效")))]
pub async fn consult_end(
    State(state): State<AppState>,
    user: DisclosureOfficer,
    Path(tracking_no): Path<String>,
    // No body, or a JSON null, is the same as an empty object.
    body: Option<ApiJson<Option<ConsultEndBody>>>,
) -> Result<Json<DisclosureRequest>, AppError> {
    let body = body.and_then(|b| b.0).unwrap_or_default();
    Ok(Json(
        steps::end_consultation(
            &state.db,
            &user,
            &tracking_no,
            body.answer.as_deref(),
            body.note.as_deref(),
            state.clock.today(),
        )
        .await?,
    ))
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(default)]
pub struct ReplyBody {
    /// The Art. 36 kinds: already_public | disclosed | partially_disclosed | withheld |
    /// not_exist | other_agency | repeated | special_law; and the handling kinds
    /// unavailable | not_processed | other.
    pub outcome: String,
    /// The sub-reason for withheld (8), unavailable (3), not_processed (5) and other (3).
    pub reason: Option<String>,
    pub body: String,
    /// Why the information is disclosed although the consulted third party objected
    /// (Art. 32): required then, and stated in the notice to the third party.
    pub disclose_reason: Option<String>,
    /// For other_agency (Art. 36(5)): the agency responsible for disclosing it, required.
    pub other_agency: Option<String>,
    /// For other_agency: how to reach that agency (telephone, address or web site), required.
    pub other_agency_contact: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/disclosure-requests/{tracking_no}/reply", operation_id = "disclosure_reply", params(("tracking_no" = String, Path, description = "受理编号")), tag = "disclosure", request_body = ReplyBody,
    responses((status = 200, body = DisclosureRequest, description = "答复，按条例第三十六条的类型计入年度报告表三"), (status = 401, description = "未登录"),
              (status = 409, description = "已答复"), (status = 422, description = "答复类型或理由不正确；第三十六条第五项未写明负责机关及其联系方式；已上传文件而答复类型不是予以公开或部分公开")))]
pub async fn reply(
    State(state): State<AppState>,
    user: DisclosureOfficer,
    Path(tracking_no): Path<String>,
    ApiJson(body): ApiJson<ReplyBody>,
) -> Result<Json<DisclosureRequest>, AppError> {
    Ok(Json(
        steps::reply(
            &state.db,
            &user,
            &tracking_no,
            steps::ReplyInput {
                outcome: &body.outcome,
                reason: body.reason.as_deref(),
                body: &body.body,
                disclose_reason: body.disclose_reason.as_deref(),
                other_agency: body.other_agency.as_deref(),
                other_agency_contact: body.other_agency_contact.as_deref(),
            },
            state.clock.today(),
        )
        .await?,
    ))
}

/// The department to name; `null` or a blank value clears it.
#[derive(Deserialize, Default, utoipa::ToSchema)]
pub struct DepartmentBody {
    #[serde(default)]
    #[schema(value_type = Option<i32>)]
    pub department_id: Option<crate::input::Number>,
}

#[utoipa::path(post, path = "/api/v1/disclosure-requests/{tracking_no}/department", operation_id = "disclosure_department", params(("tracking_no" = String, Path, description = "受理编号")), tag = "disclosure", request_body = DepartmentBody,
    responses((status = 200, body = DisclosureRequest, description = "承办部门已指定（或已清除）；该部门的年度报告计入这件申请"), (status = 401, description = "未登录"),
              (status = 403, description = "仅政府信息公开工作人员"), (status = 404, description = "申请不存在"),
              (status = 422, description = "部门不存在或已停用")))]
pub async fn assign_department(
    State(state): State<AppState>,
    user: DisclosureOfficer,
    Path(tracking_no): Path<String>,
    ApiJson(body): ApiJson<DepartmentBody>,
) -> Result<Json<DisclosureRequest>, AppError> {
    Ok(Json(
        super::department::assign(
            &state.db,
            &user,
            &tracking_no,
            body.department_id.as_ref(),
            state.clock.today(),
        )
        .await?,
    ))
}
