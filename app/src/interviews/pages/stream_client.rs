//! Reading an interview's event stream in the browser, over `fetch` instead of `EventSource`.
//!
//! Why: an `EventSource` sends the page's cookies, so the browser gives it one of the
//! connections the page was just loaded over, kept alive, and on such a connection the
//! server's HTTP stack holds about 26 KB of buffers for as long as the viewer watches (35 KB
//! a viewer in `make bench BENCH=live` with `GONGKAI_BENCH_REUSE`). A public stream needs no
//! cookie: asked for with `credentials: "omit"`, browsers put it on a connection of their
//! own (they keep connections without credentials apart), which the server serves beside
//! its HTTP stack for about 10 KB (`server/src/event_stream_listener.rs`).
//!
//! Like `EventSource`, it reconnects after a drop, asking for the events after the last one
//! it saw, and gives up on an answer that is not a stream (a 404, a 403, a page of some
//! proxy's), except that it tries again later when the server says it is busy (429, 503).

/// One event of the stream.
#[derive(Debug, PartialEq, Eq)]
pub struct Frame<'a> {
    /// Its number in the interview (`viewers` has none).
    pub id: Option<i32>,
    pub kind: &'a str,
    pub data: String,
}

/// The event in one block of the stream (the text between blank lines), if it has data.
/// Fields are `name: value` (the space is optional); a line that starts with `:` is a
/// comment; several `data` lines are joined with line breaks, as `EventSource` does.
pub fn parse(block: &str) -> Option<Frame<'_>> {
    let mut frame = Frame {
        id: None,
        kind: "message",
        data: String::new(),
    };
    let mut has_data = false;
    for line in block.lines() {
        let (name, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match name {
            "id" => frame.id = value.parse().ok(),
            "event" => frame.kind = value,
            "data" => {
                if has_data {
                    frame.data.push('\n');
                }
                frame.data.push_str(value);
                has_data = true;
            }
            _ => {}
        }
    }
    has_data.then_some(frame)
}

/// Where the next block of `buf` ends (after its blank line), if it has arrived whole.
pub fn block_end(buf: &[u8]) -> Option<usize> {
    buf.windows(2).position(|w| w == b"\n\n").map(|i| i + 2)
}

#[cfg(feature = "hydrate")]
pub use browser::watch;

#[cfg(feature = "hydrate")]
mod browser {
    use super::{block_end, parse, Frame};
    use leptos::prelude::*;
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::js_sys;
    use web_sys::{
        AbortController, Headers, ReadableStreamDefaultReader, ReadableStreamReadResult,
        RequestCache, RequestCredentials, RequestInit, Response,
    };

    /// The first wait before asking again, as a browser's `EventSource` waits.
    const RETRY_MS: i32 = 3_000;
    /// The longest wait, after repeated failures.
    const RETRY_MAX_MS: i32 = 60_000;

    /// Lets the page that opened a stream stop it.
    #[derive(Default)]
    struct Watch {
        stopped: Cell<bool>,
        request: RefCell<Option<AbortController>>,
    }

    /// How one request for the stream ended.
    enum End {
        /// The stream ended or dropped: ask again.
        Closed,
        /// The server is busy (429, 503): ask again, later.
        Busy,
        /// Not a stream (a 404, a 403): stop.
        Refused,
    }

    /// Watches the stream at `url(after)` until the current reactive owner is cleaned up,
    /// calling `on` for each event; after a drop, asks again from the last numbered event
    /// it saw. `credentials`: send the session cookie (the host's rehearsal stream needs
    /// it); a public stream goes without, and so on a connection of its own.
    pub fn watch(
        url: impl Fn(i32) -> String + 'static,
        after: i32,
        credentials: bool,
        mut on: impl FnMut(Frame<'_>) + 'static,
    ) {
        let watch = Rc::new(Watch::default());
        let handle = StoredValue::new_local(watch.clone());
        on_cleanup(move || {
            handle.with_value(|w| {
                w.stopped.set(true);
                if let Some(request) = w.request.borrow_mut().take() {
                    request.abort();
                }
            })
        });
        leptos::task::spawn_local(async move {
            let mut last = after;
            let mut wait = RETRY_MS;
            while !watch.stopped.get() {
                let from = url(last);
                let mut seen = |f: Frame<'_>| {
                    if let Some(id) = f.id {
                        last = last.max(id);
                    }
                    on(f)
                };
                let end = read(&watch, &from, credentials, &mut seen).await;
                wait = match end {
                    Ok(End::Refused) => return,
                    Ok(End::Closed) => RETRY_MS,
                    Ok(End::Busy) | Err(_) => (wait * 2).min(RETRY_MAX_MS),
                };
                if watch.stopped.get() {
                    return;
                }
                if sleep(wait).await.is_err() {
                    return;
                }
            }
        });
    }

    async fn read(
        watch: &Watch,
        url: &str,
        credentials: bool,
        on: &mut dyn FnMut(Frame<'_>),
    ) -> Result<End, JsValue> {
        let request = AbortController::new()?;
        let init = RequestInit::new();
        init.set_credentials(if credentials {
            RequestCredentials::SameOrigin
        } else {
            RequestCredentials::Omit
        });
        init.set_cache(RequestCache::NoStore);
        init.set_signal(Some(&request.signal()));
        // Low priority (web-sys has no setter for it yet): a stream that stays open must not
        // count as one of the page's important requests, which tools such as Lighthouse wait
        // on before they call a page loaded (they leave an EventSource out for the same reason).
        js_sys::Reflect::set(&init, &"priority".into(), &"low".into())?;
        let headers = Headers::new()?;
        headers.set("accept", "text/event-stream")?;
        init.set_headers(&headers);
        *watch.request.borrow_mut() = Some(request);
        let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
        let res: Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
            .await?
            .dyn_into()?;
        match res.status() {
            200 => {}
            429 | 503 => return Ok(End::Busy),
            _ => return Ok(End::Refused),
        }
        // A page in its place (a portal or proxy's own answer) is no stream either.
        let kind = res.headers().get("content-type").ok().flatten();
        if !kind.is_some_and(|k| k.starts_with("text/event-stream")) {
            return Ok(End::Refused);
        }
        let Some(body) = res.body() else {
            return Ok(End::Closed);
        };
        let reader: ReadableStreamDefaultReader = body.get_reader().dyn_into()?;
        let mut buf: Vec<u8> = Vec::new();
        loop {
            let chunk: ReadableStreamReadResult =
                JsFuture::from(reader.read()).await?.unchecked_into();
            if chunk.get_done().unwrap_or(true) {
                return Ok(End::Closed);
            }
            buf.extend_from_slice(&js_sys::Uint8Array::new(&chunk.get_value()).to_vec());
            // A block is cut at its blank line, which is plain ASCII: whole blocks are
            // whole UTF-8, however the bytes were split into chunks.
            while let Some(end) = block_end(&buf) {
                let block: Vec<u8> = buf.drain(..end).collect();
                if let Some(frame) = std::str::from_utf8(&block).ok().and_then(parse) {
                    on(frame);
                }
            }
        }
    }

    async fn sleep(ms: i32) -> Result<JsValue, JsValue> {
        let wait = js_sys::Promise::new(&mut |resolve, _| {
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
            }
        });
        JsFuture::from(wait).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_is_read_as_an_event_source_reads_it() {
        let block = "id: 7\nevent: message\ndata: {\"body\":\"欢迎\"}\n\n";
        assert_eq!(
            parse(block),
            Some(Frame {
                id: Some(7),
                kind: "message",
                data: "{\"body\":\"欢迎\"}".into(),
            })
        );
        assert_eq!(
            parse("event: viewers\ndata: {\"viewers\":3}\n\n").map(|f| (f.id, f.kind)),
            Some((None, "viewers"))
        );
        // No space after the colon, a comment, two data lines, no event name.
        assert_eq!(
            parse(": hello\nid:8\ndata:a\ndata: b\n\n"),
            Some(Frame {
                id: Some(8),
                kind: "message",
                data: "a\nb".into(),
            })
        );
        // A keep-alive comment carries no event.
        assert_eq!(parse(":\n\n"), None);
    }

    #[test]
    fn a_block_ends_at_its_blank_line() {
        assert_eq!(block_end(b"id: 1\ndata: x\n\nid: 2"), Some(15));
        assert_eq!(block_end(b"id: 1\ndata: x\n"), None);
    }
}
