//! Request body limits: 1 MB for everything, except attachment uploads, which may carry the
//! configured attachment size plus the multipart framing. A body announced larger than its
//! limit is refused at once; one that turns out larger while it is read fails the reading
//! extractor, which answers 413 as well.
use super::AppState;
use crate::error::AppError;
use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, Method},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};

/// Bodies larger than this are refused with 413 (attachments have their own limit).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Room for the multipart boundaries and part headers around an uploaded file.
const MULTIPART_SLACK: u64 = 64 * 1024;

/// Whether a request uploads an attachment: `POST /api/v1/documents/{id}/attachments`, or
/// the editor page's form, `POST /editor/documents/{id}/attachments`. Returns the
/// document id segment for the form, so that its refusal can lead back to the page.
fn upload_target<'a>(method: &Method, path: &'a str) -> Option<(bool, &'a str)> {
    if method != Method::POST {
        return None;
    }
    let (form, rest) = if let Some(r) = path.strip_prefix("/api/v1/documents/") {
        (false, r)
    } else if let Some(r) = path.strip_prefix("/editor/documents/") {
        (true, r)
    } else {
        return None;
    };
    let id = rest.strip_suffix("/attachments")?;
    (!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())).then_some((form, id))
}

pub async fn middleware(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let max_file = state.config.attachment_max_bytes;
    let target = upload_target(req.method(), req.uri().path()).map(|(f, id)| (f, id.to_string()));
    let limit = match target {
        Some(_) => (max_file + MULTIPART_SLACK) as usize,
        None => MAX_BODY_BYTES,
    };
    let announced = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|n| n > limit as u64) {
        return match target {
            Some((true, id)) => Redirect::to(&format!(
                "/editor/documents/{id}?attachment_error=size#attachments"
            ))
            .into_response(),
            Some((false, _)) => AppError::PayloadTooLarge(
                crate::catalog::attachments::upload_error_message("size", max_file),
            )
            .into_response(),
            None => AppError::too_large_body().into_response(),
        };
    }
    let req = req.map(|b| Body::new(http_body_util::Limited::new(b, limit)));
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_paths_are_recognised() {
        let post = Method::POST;
        assert_eq!(
            upload_target(&post, "/api/v1/documents/12/attachments"),
            Some((false, "12"))
        );
        assert_eq!(
            upload_target(&post, "/editor/documents/3/attachments"),
            Some((true, "3"))
        );
        assert_eq!(
            upload_target(&Method::GET, "/api/v1/documents/12/attachments"),
            None
        );
        assert_eq!(
            upload_target(&post, "/api/v1/documents/x/attachments"),
            None
        );
        assert_eq!(upload_target(&post, "/api/v1/documents//attachments"), None);
        assert_eq!(
            upload_target(&post, "/api/v1/documents/1/attachments/2"),
            None
        );
        assert_eq!(upload_target(&post, "/api/v1/documents"), None);
    }
}
