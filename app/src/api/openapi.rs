//! `GET /api/v1/openapi.json`: the OpenAPI 3 document, generated with the routes. The
//! paths come from the routers (`api::document`); this holds the rest.
use axum::Json;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Gongkai 政务公开平台 API", version = "1",
         description = "网络问政、在线访谈、政府信息公开目录的公开接口。错误统一为 {\"error\": {\"code\", \"message\", \"fields\"?}}。"),
    tags((name = "service"), (name = "accounts"), (name = "admin"),
         (name = "questions", description = "网络问政：提交、查询、公开答复与统计"),
         (name = "moderation", description = "网络问政审核与办理（审核员、管理员）"),
         (name = "interviews", description = "在线访谈：预告、征集、直播与实录"),
         (name = "catalog", description = "政府信息公开目录"),
         (name = "disclosure", description = "依申请公开与年度报告"),
         (name = "search", description = "全站搜索：网络问政、信息公开目录与在线访谈，只含公开内容"))
)]
pub struct ApiDoc;

#[utoipa::path(get, path = "/api/v1/openapi.json", operation_id = "api_openapi_serve", tag = "service",
    responses((status = 200, description = "本 OpenAPI 文档")))]
pub async fn serve() -> Json<&'static utoipa::openapi::OpenApi> {
    static DOCUMENT: std::sync::OnceLock<utoipa::openapi::OpenApi> = std::sync::OnceLock::new();
    Json(DOCUMENT.get_or_init(super::document))
}

/// The body of every error answer: `{"error": {"code", "message", "fields"?}}`.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)] // only its schema is used
pub struct ErrorBody {
    #[schema(inline)]
    error: ErrorDetail,
}

#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct ErrorDetail {
    /// `bad_request`, `unauthorized`, `forbidden`, `not_found`, `validation_failed`,
    /// `rate_limited` …
    code: String,
    /// A message for people, in Chinese.
    message: String,
    /// For `validation_failed`: a message per field.
    #[schema(value_type = Option<std::collections::BTreeMap<String, String>>)]
    fields: Option<()>,
}

/// The answers that the shared plumbing gives whatever the handler, added to every
/// operation that does not document them itself (what it documents stays as it is):
/// - a JSON body (`ApiJson`): 400 when it is not JSON or not sent as JSON, 413 when it is over
///   the limit, 422 when a field is missing or of the wrong type;
/// - query or header parameters (`ApiQuery`, `PageParams`, `QueryCode`): 400 when they do not
///   parse;
/// - path parameters (`ApiPath`, `path_id`): 404 for a number that names nothing;
/// - a change (any method but GET): 403 for a cross-site request, or a signed-in one without
///   the session's `X-CSRF-Token` (`platform::security`).
///
/// And every error answer, documented here or by the handler, gets the error body's schema.
pub(super) fn document_common_errors(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::path::ParameterIn;
    use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
    use utoipa::PartialSchema;

    doc.components
        .get_or_insert_with(Default::default)
        .schemas
        .insert("ErrorBody".into(), ErrorBody::schema());
    let error_content = || {
        ContentBuilder::new()
            .schema(Some(Ref::from_schema_name("ErrorBody")))
            .build()
    };
    for (path, item) in doc.paths.paths.iter_mut() {
        let operations = [
            (false, item.get.as_mut()),
            (true, item.put.as_mut()),
            (true, item.post.as_mut()),
            (true, item.delete.as_mut()),
            (true, item.patch.as_mut()),
        ];
        for (change, op) in operations {
            let Some(op) = op else { continue };
            let params = op.parameters.as_deref().unwrap_or_default();
            let has =
                |place: fn(&ParameterIn) -> bool| params.iter().any(|p| place(&p.parameter_in));
            let mut common: Vec<(&str, &str)> = Vec::new();
            if op.request_body.is_some() {
                common.push((
                    "400",
                    "请求体不是 JSON，或未以 Content-Type: application/json 发送",
                ));
                common.push(("413", "请求体过大"));
                common.push((
                    "422",
                    "字段缺失、类型不对或校验未通过（error.fields 逐项说明）",
                ));
            }
            if has(|p| matches!(p, ParameterIn::Query | ParameterIn::Header)) {
                common.push(("400", "查询参数格式错误"));
            }
            if path.contains('{') || has(|p| matches!(p, ParameterIn::Path)) {
                common.push(("404", "不存在（路径中的编号不是有效数字时同样如此）"));
            }
            if change {
                common.push((
                    "403",
                    "被拒绝：跨站请求、已登录却未带本会话的 X-CSRF-Token（见 GET /api/v1/auth/csrf），或无此操作所需的角色",
                ));
            }
            let responses = &mut op.responses.responses;
            for (status, description) in common {
                responses.entry(status.to_string()).or_insert_with(|| {
                    RefOr::T(ResponseBuilder::new().description(description).build())
                });
            }
            for (status, response) in responses.iter_mut() {
                let is_error = status.starts_with('4') || status.starts_with('5');
                if let (true, RefOr::T(r)) = (is_error, response) {
                    if r.content.is_empty() {
                        r.content.insert("application/json".into(), error_content());
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use utoipa::openapi::RefOr;

    #[test]
    fn every_error_answer_has_the_error_body() {
        let doc = super::super::document();
        for (path, item) in &doc.paths.paths {
            for op in [&item.get, &item.put, &item.post, &item.delete, &item.patch]
                .into_iter()
                .flatten()
            {
                for (status, response) in &op.responses.responses {
                    if let (true, RefOr::T(r)) = (status.starts_with(['4', '5']), response) {
                        assert!(
                            r.content.contains_key("application/json"),
                            "{path} {status} has no error body"
                        );
                    }
                }
            }
        }
    }

    /// A download answers with the attachment's own media type, one of the accepted kinds.
    #[test]
    fn downloads_document_every_accepted_media_type() {
        use crate::catalog::attachments::Kind;
        let doc = super::super::document();
        let op = doc.paths.paths["/api/v1/documents/{id}/attachments/{aid}"]
            .get
            .as_ref()
            .expect("the download is documented");
        let RefOr::T(ok) = &op.responses.responses["200"] else {
            panic!("200 is inline")
        };
        let mut documented: Vec<&str> = ok.content.keys().map(String::as_str).collect();
        let mut accepted: Vec<&str> = Kind::ALL.iter().map(|k| k.media_type()).collect();
        documented.sort_unstable();
        accepted.sort_unstable();
        assert_eq!(documented, accepted);
    }
}
