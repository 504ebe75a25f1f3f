//! An event as the event stream sends it (`id:`, `event:`, `data:` lines), encoded once:
//! the hub shares one [`Frame`] among all the viewers of an interview, so an event costs
//! one serialisation per instance instead of one per viewer.
use super::types::Event;
use axum::body::Bytes;
use std::fmt::Write;

/// One event's Server-Sent Events frame, with what a viewer's stream needs to decide
/// whether to send it.
#[derive(Debug)]
pub struct Frame {
    pub id: i32,
    /// Hidden in review: never sent (its number is passed over).
    pub hidden: bool,
    pub bytes: Bytes,
}

impl Frame {
    pub fn of(event: &Event) -> Frame {
        let bytes = match serde_json::to_string(event) {
            Ok(data) => encode(Some(event.id), &event.kind, &data),
            // Nothing in an event fails to serialise; if it did, the viewer is told and the
            // stream goes on with the next.
            Err(_) => Bytes::from_static(b": encoding failed\n\n"),
        };
        Frame {
            id: event.id,
            hidden: event.hidden,
            bytes,
        }
    }
}

/// The frame of an event named `kind` carrying one line of `data` (JSON, which holds no
/// raw line break), with an `id:` when given.
pub fn encode(id: Option<i32>, kind: &str, data: &str) -> Bytes {
    // A line break in the name or the data would end the field early and let the rest be
    // read as fields of its own.
    let clean = |s: &str| s.replace(['\r', '\n'], " ");
    let mut out = String::with_capacity(data.len() + kind.len() + 32);
    if let Some(id) = id {
        let _ = writeln!(out, "id: {id}");
    }
    out.push_str("event: ");
    out.push_str(&clean(kind));
    out.push_str("\ndata: ");
    out.push_str(&clean(data));
    out.push_str("\n\n");
    Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_is_id_event_and_one_data_line() {
        let event = Event {
            id: 7,
            kind: "message".into(),
            at: "2026-12-07T10:00:00+08:00".into(),
            speaker: "主持人".into(),
            body: "第一行\n第二行".into(),
            question: None,
            stage: None,
            target: None,
            hidden: false,
            rehearsal: false,
        };
        let frame = Frame::of(&event);
        let text = std::str::from_utf8(&frame.bytes).unwrap();
        assert!(text.starts_with("id: 7\nevent: message\ndata: {"), "{text}");
        assert!(text.ends_with("}\n\n"), "{text}");
        // The body's line break travels escaped inside the JSON, not as a new line: three
        // fields, then the blank line that ends the event.
        assert_eq!(text.lines().filter(|l| !l.is_empty()).count(), 3, "{text}");
        assert_eq!(text.matches('\n').count(), 4, "{text}");
        let data: serde_json::Value =
            serde_json::from_str(text.lines().nth(2).unwrap().strip_prefix("data: ").unwrap())
                .unwrap();
        assert_eq!(data["body"], "第一行\n第二行");
        assert_eq!(data["type"], "message");
    }

    #[test]
    fn a_line_break_cannot_start_a_field_of_its_own() {
        let bytes = encode(None, "viewers\nid: 99", "{\"viewers\":3}");
        assert_eq!(
            std::str::from_utf8(&bytes).unwrap(),
            "event: viewers id: 99\ndata: {\"viewers\":3}\n\n"
        );
    }
}
