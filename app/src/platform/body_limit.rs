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

/// Whether a request uploads a file for a disclosure reply:
/// `POST /api/v1/disclosure-requests/{no}/files`, or the desk's form,
/// `POST /editor/disclosure/{no}/files`. Returns the tracking number for the form.
fn reply_file_target<'a>(method: &Method, path: &'a str) -> Option<(bool, &'a str)> {
    if method != Method::POST {
        return None;
    }
    let (form, rest) = if let Some(r) = path.strip_prefix("/api/v1/disclosure-requests/") {
        (false, r)
    } else if let Some(r) = path.strip_prefix("/editor/disclosure/") {
        (true, r)
    } else {
        return None;
    };
    let no = rest.strip_suffix("/files")?;
    (!no.is_empty() && no.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .then_some((form, no))
}

/// The page a refused form upload goes back to, with the reason; None for the API.
fn back_to(method: &Method, path: &str) -> Option<Option<String>> {
    if let Some((form, id)) = upload_target(method, path) {
        return Some(
            form.then(|| format!("/editor/documents/{id}?attachment_error=size#attachments")),
        );
    }
    let (form, no) = reply_file_target(method, path)?;
    Some(form.then(|| format!("/editor/disclosure/{no}?file_error=size#reply-files")))
}

pub async fn middleware(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let max_file = state.config.attachment_max_bytes;
    let target = back_to(req.method(), req.uri().path());
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
            Some(Some(page)) => Redirect::to(&page).into_response(),
            Some(None) => AppError::PayloadTooLarge(
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

    #[test]
    fn reply_file_uploads_are_recognised_and_lead_back_to_the_desk() {
        let post = Method::POST;
        assert_eq!(
            reply_file_target(&post, "/api/v1/disclosure-requests/YSQ2026-0001/files"),
            Some((false, "YSQ2026-0001"))
        );
        assert_eq!(
            back_to(&post, "/editor/disclosure/YSQ2026-0001/files"),
            Some(Some(
                "/editor/disclosure/YSQ2026-0001?file_error=size#reply-files".into()
            ))
        );
        assert_eq!(
            back_to(&post, "/editor/documents/3/attachments"),
            Some(Some(
                "/editor/documents/3?attachment_error=size#attachments".into()
            ))
        );
        assert_eq!(
            back_to(&post, "/api/v1/documents/3/attachments"),
            Some(None)
        );
        assert_eq!(
            reply_file_target(&Method::GET, "/api/v1/disclosure-requests/A1/files"),
            None
        );
        assert_eq!(
            reply_file_target(&post, "/api/v1/disclosure-requests/A1/files/2"),
            None
        );
        assert_eq!(
            reply_file_target(&post, "/editor/disclosure/a%2Fb/files"),
            None
        );
        assert_eq!(
            reply_file_target(&post, "/api/v1/disclosure-requests//files"),
            None
        );
        assert_eq!(back_to(&post, "/api/v1/disclosure-requests/A1/reply"), None);
    }
}
