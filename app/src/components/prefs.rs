//! The reader's display preferences: 长者模式 (larger text and targets, a simpler page) and
//! 高对比度. Kept in a cookie for a year, so the server renders a returning visitor's page
//! in their mode from the first byte (no flash of the default page), and the browser reads
//! the same cookie when it hydrates, so both render alike.
use leptos::prelude::*;

/// The cookie: `elder`, `contrast`, or both, comma-separated. Not a secret and not
/// `HttpOnly`: the page's own script sets it.
pub const COOKIE: &str = "gongkai_prefs";

#[derive(Clone, Copy)]
pub struct Prefs {
    pub elder: RwSignal<bool>,
    pub contrast: RwSignal<bool>,
}

impl Prefs {
    /// Read from the request (server) or `document.cookie` (browser); remembered whenever
    /// either changes.
    pub fn provide() -> Prefs {
        let (elder, contrast) = parse(&cookie_header());
        let prefs = Prefs {
            elder: RwSignal::new(elder),
            contrast: RwSignal::new(contrast),
        };
        Effect::new(move |_| remember(prefs.elder.get(), prefs.contrast.get()));
        provide_context(prefs);
        prefs
    }
}

/// (长者模式, 高对比度) from a `Cookie` header's text.
pub fn parse(cookies: &str) -> (bool, bool) {
    let value = cookies
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, v)| v)
        .unwrap_or_default();
    let has = |m: &str| value.split(',').any(|v| v.trim() == m);
    (has("elder"), has("contrast"))
}

fn value(elder: bool, contrast: bool) -> String {
    let modes: Vec<&str> = [(elder, "elder"), (contrast, "contrast")]
        .into_iter()
        .filter_map(|(on, m)| on.then_some(m))
        .collect();
    modes.join(",")
}

#[cfg(feature = "ssr")]
fn cookie_header() -> String {
    use_context::<axum::http::request::Parts>()
        .and_then(|p| {
            p.headers
                .get_all(axum::http::header::COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .map(str::to_string)
                .reduce(|a, b| format!("{a}; {b}"))
        })
        .unwrap_or_default()
}

#[cfg(feature = "hydrate")]
fn cookie_header() -> String {
    use wasm_bindgen::JsCast;
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
        .and_then(|d| d.cookie().ok())
        .unwrap_or_default()
}

#[cfg(not(any(feature = "ssr", feature = "hydrate")))]
fn cookie_header() -> String {
    String::new()
}

#[cfg(feature = "hydrate")]
fn remember(elder: bool, contrast: bool) {
    use wasm_bindgen::JsCast;
    let v = value(elder, contrast);
    // An empty value is forgotten at once; a mode is kept for a year.
    let cookie = if v.is_empty() {
        format!("{COOKIE}=; Path=/; Max-Age=0; SameSite=Lax")
    } else {
        format!("{COOKIE}={v}; Path=/; Max-Age=31536000; SameSite=Lax")
    };
    if let Some(d) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
    {
        let _ = d.set_cookie(&cookie);
    }
}

#[cfg(not(feature = "hydrate"))]
fn remember(elder: bool, contrast: bool) {
    let _ = value(elder, contrast);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_holds_either_mode_or_both() {
        assert_eq!(parse(""), (false, false));
        assert_eq!(parse("a=1; gongkai_prefs=elder"), (true, false));
        assert_eq!(parse("gongkai_prefs=contrast; b=2"), (false, true));
        assert_eq!(parse("gongkai_prefs=elder,contrast"), (true, true));
        assert_eq!(parse("gongkai_prefs=elderly"), (false, false));
        assert_eq!(value(true, true), "elder,contrast");
        assert_eq!(value(false, false), "");
        assert_eq!(
            parse(&format!("{COOKIE}={}", value(false, true))),
            (false, true)
        );
    }
}
