//! Request hardening for every route: cross-site mutations are refused before anything
//! runs, and every response carries the security headers, with a fresh CSP nonce per page.
use crate::error::AppError;
use axum::{
    extract::{Request, State},
    http::{header, HeaderValue, Method},
    middleware::Next,
    response::{IntoResponse, Response},
};

use super::AppState;

/// The per-response nonce, put into the request's extensions for the shell to use.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

impl CspNonce {
    fn generate() -> CspNonce {
        use rand::RngCore;
        let mut bytes = [0u8; 16];
        rand::thread_rng().fill_bytes(&mut bytes);
        CspNonce(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether a mutation comes from another site: `Sec-Fetch-Site: cross-site`, or an `Origin`
/// that is neither this request's host nor the configured public URL.
pub fn is_cross_site(req_headers: &axum::http::HeaderMap, public_url: Option<&str>) -> bool {
    if req_headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("cross-site"))
    {
        return true;
    }
    let Some(origin) = req_headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
    else {
        // No Origin: not a browser's cross-origin request (browsers send it on every
        // cross-origin POST); API clients such as a hotline system send none.
        return false;
    };
    if origin == "null" {
        return true;
    }
    let origin_host = origin
        .split_once("://")
        .map(|(_, rest)| rest)
        .unwrap_or(origin)
        .trim_end_matches('/');
    let host = req_headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if origin_host.eq_ignore_ascii_case(host) {
        return false;
    }
    if let Some(public) = public_url {
        if public
            .trim_end_matches('/')
            .eq_ignore_ascii_case(origin.trim_end_matches('/'))
        {
            return false;
        }
    }
    true
}

/// The session id in the request's cookie, if any.
pub fn session_id(headers: &axum::http::HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == crate::auth::SESSION_COOKIE)
        .map(|(_, value)| value.trim())
        .filter(|v| !v.is_empty())
}

/// A change made with the session cookie by something that says nothing of where it comes
/// from (every current browser sends `Origin` or `Sec-Fetch-Site` with a POST; an old one,
/// or a page on a site that strips them, may not) must prove it read the session's token,
/// which another site cannot. API clients fetch it from `GET /api/v1/auth/csrf`.
fn lacks_csrf_token(req: &Request, state: &AppState) -> bool {
    let h = req.headers();
    if h.contains_key(header::ORIGIN) || h.contains_key("sec-fetch-site") {
        return false;
    }
    let Some(session) = session_id(h) else {
        return false;
    };
    let token = h.get("x-csrf-token").and_then(|v| v.to_str().ok());
    !token.is_some_and(|t| state.secrets.csrf_token_matches(session, t))
}

/// Middleware: refuses cross-site mutations with 403 and adds the security headers.
pub async fn middleware(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    if !is_safe(req.method()) && is_cross_site(req.headers(), state.config.public_url.as_deref()) {
        tracing::warn!(method = %req.method(), path = %req.uri().path(), "cross-site request refused");
        return with_headers(AppError::CrossSite.into_response(), None);
    }
    if !is_safe(req.method()) && lacks_csrf_token(&req, &state) {
        tracing::warn!(method = %req.method(), path = %req.uri().path(), "change without origin or CSRF token refused");
        return with_headers(AppError::CsrfTokenRequired.into_response(), None);
    }
    let nonce = CspNonce::generate();
    req.extensions_mut().insert(nonce.clone());
    let personal = is_personal(&req);
    let mut res = with_headers(next.run(req).await, Some(&nonce));
    let h = res.headers_mut();
    // What a signed-in user or a query-code holder sees must not stay in a shared cache or
    // the browser's history cache.
    if personal && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if state.config.secure_cookies() {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    res
}

/// A request that answers with something personal: it carries the session cookie, or a
/// query code (header or URL).
fn is_personal(req: &Request) -> bool {
    let cookie = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains(crate::auth::SESSION_COOKIE));
    cookie
        || req.headers().contains_key("x-query-code")
        || req.uri().query().is_some_and(|q| q.contains("query_code="))
}

fn with_headers(mut res: Response, nonce: Option<&CspNonce>) -> Response {
    let script = match nonce {
        Some(n) => format!("script-src 'self' 'nonce-{}' 'wasm-unsafe-eval'", n.0),
        None => "script-src 'self'".to_string(),
    };
    let csp = format!(
        "default-src 'self'; {script}; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    );
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    res
}

#[cfg(test)]
mod tests {
    use super::is_cross_site;
    use axum::http::HeaderMap;

    fn h(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut m = HeaderMap::new();
        for (k, v) in pairs {
            m.insert(*k, v.parse().unwrap());
        }
        m
    }

    #[test]
    fn same_origin_passes() {
        assert!(!is_cross_site(
            &h(&[
                ("host", "127.0.0.1:3000"),
                ("origin", "http://127.0.0.1:3000")
            ]),
            None
        ));
        assert!(!is_cross_site(&h(&[("host", "127.0.0.1:3000")]), None));
        assert!(!is_cross_site(
            &h(&[("host", "internal:3000"), ("origin", "https://gk.gov.cn")]),
            Some("https://gk.gov.cn")
        ));
    }

    #[test]
    fn other_sites_are_refused() {
        assert!(is_cross_site(
            &h(&[
                ("host", "127.0.0.1:3000"),
                ("origin", "https://evil.example")
            ]),
            None
        ));
        assert!(is_cross_site(
            &h(&[("host", "127.0.0.1:3000"), ("origin", "null")]),
            None
        ));
        assert!(is_cross_site(
            &h(&[("host", "127.0.0.1:3000"), ("sec-fetch-site", "cross-site")]),
            None
        ));
    }
}
