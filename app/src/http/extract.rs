//! Extractors that turn every malformed request into the API's JSON errors instead of
//! axum's plain-text rejections.
use crate::error::{AppError, FieldErrors};
use axum::{
    extract::{
        rejection::{JsonRejection, PathRejection},
        FromRequest, FromRequestParts, Path, Query, Request,
    },
    http::{request::Parts, StatusCode},
};
use serde::{de::DeserializeOwned, Deserialize};

/// JSON body: malformed JSON → 400, wrong or missing fields → 422 naming the field,
/// too large → 413, wrong content type → 400.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

/// An optional JSON body: a request without a `Content-Type` has none; one with a body is
/// checked as [`ApiJson`] checks it.
impl<S: Send + Sync, T: DeserializeOwned> axum::extract::OptionalFromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Option<Self>, Self::Rejection> {
        if !req.headers().contains_key(axum::http::header::CONTENT_TYPE) {
            return Ok(None);
        }
        <ApiJson<T> as FromRequest<S>>::from_request(req, state)
            .await
            .map(Some)
    }
}

fn json_rejection(r: JsonRejection) -> AppError {
    match r {
        JsonRejection::JsonDataError(e) => {
            let text = e.body_text();
            let mut fields = FieldErrors::new();
            // serde names the offending field in backticks: "missing field `title`".
            let field = text
                .split('`')
                .nth(1)
                .filter(|f| f.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
            let message = if text.contains("missing field") {
                "缺少必填字段"
            } else if text.contains("unknown variant") {
                "取值不在允许的范围内"
            } else {
                "字段类型或格式不正确"
            };
            fields.add(field.unwrap_or("body"), message);
            AppError::Validation(fields)
        }
        JsonRejection::JsonSyntaxError(_) => AppError::BadRequest("JSON 格式错误".into()),
        JsonRejection::MissingJsonContentType(_) => {
            AppError::BadRequest("请求须使用 Content-Type: application/json".into())
        }
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => AppError::too_large_body(),
        other => AppError::BadRequest(other.body_text()),
    }
}

/// Path parameters: a segment that does not parse as the type (an id that is no number, or
/// one past `i32`) names nothing, so 404 as `path_id` answers, not axum's plain-text 400.
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(v)) => Ok(ApiPath(v)),
            Err(PathRejection::FailedToDeserializePathParams(_)) => Err(AppError::NotFound),
            // A route without the parameters its handler asks for: a bug, not a bad request.
            Err(e) => {
                tracing::error!(error = %e.body_text(), "path parameters missing");
                Err(AppError::Internal)
            }
        }
    }
}

/// Query parameters: a query string that does not fit (a repeated or wrongly typed
/// parameter) → 400 with the API's JSON error body.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(v)| ApiQuery(v))
            .map_err(|_| AppError::BadRequest("查询参数格式错误".into()))
    }
}

/// `page` (from 1) and `per_page` (default 20, at most 100).
pub use crate::input::MAX_PAGE;

#[derive(Clone, Copy, Debug)]
pub struct PageParams {
    pub page: u64,
    pub per_page: u64,
}

#[derive(Deserialize)]
struct RawPage {
    page: Option<String>,
    per_page: Option<String>,
}

impl PageParams {
    pub fn parse(page: Option<&str>, per_page: Option<&str>) -> Result<PageParams, AppError> {
        let mut errors = FieldErrors::new();
        let page = match page {
            None | Some("") => 1,
            Some(p) => match p.parse::<u64>() {
                Ok(n) if (1..=MAX_PAGE).contains(&n) => n,
                _ => {
                    errors.add("page", format!("页码须为 1–{MAX_PAGE} 的整数"));
                    1
                }
            },
        };
        let per_page = match per_page {
            None | Some("") => 20,
            Some(p) => match p.parse::<u64>() {
                Ok(n) if (1..=100).contains(&n) => n,
                _ => {
                    errors.add("per_page", "每页条数须为 1–100 的整数");
                    20
                }
            },
        };
        if !errors.is_empty() {
            return Err(AppError::BadRequest(
                errors.0.values().cloned().collect::<Vec<_>>().join("；"),
            ));
        }
        Ok(PageParams { page, per_page })
    }

    pub fn offset(&self) -> u64 {
        (self.page - 1) * self.per_page
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PageParams {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Query(raw) = Query::<RawPage>::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::BadRequest("查询参数格式错误".into()))?;
        PageParams::parse(raw.page.as_deref(), raw.per_page.as_deref())
    }
}

/// A 查询码 as an API client sends it: the `X-Query-Code` header (kept out of URLs and
/// their logs) or, as before, `?query_code=`. The web pages post it in a form body instead.
#[derive(Clone, Debug, Default)]
pub struct QueryCode(pub Option<String>);

#[derive(Deserialize)]
struct RawCode {
    query_code: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for QueryCode {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if let Some(v) = parts.headers.get("x-query-code") {
            let code = v
                .to_str()
                .map_err(|_| AppError::BadRequest("查询码格式错误".into()))?;
            return Ok(QueryCode(Some(code.to_string())));
        }
        let Query(raw) = Query::<RawCode>::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::BadRequest("查询参数格式错误".into()))?;
        Ok(QueryCode(raw.query_code))
    }
}

#[cfg(test)]
mod tests {
    use super::PageParams;

    #[test]
    fn page_defaults_and_bounds() {
        let p = PageParams::parse(None, None).unwrap();
        assert_eq!((p.page, p.per_page, p.offset()), (1, 20, 0));
        let p = PageParams::parse(Some("3"), Some("100")).unwrap();
        assert_eq!(p.offset(), 200);
        assert!(PageParams::parse(Some("0"), None).is_err());
        assert!(PageParams::parse(None, Some("101")).is_err());
        assert!(PageParams::parse(Some("x"), None).is_err());
        assert!(PageParams::parse(Some("9223372036854775808"), None).is_err());
        assert!(PageParams::parse(Some("100001"), None).is_err());
        assert_eq!(
            PageParams::parse(Some("100000"), Some("100"))
                .unwrap()
                .offset(),
            9_999_900
        );
    }
}
