//! The live transcript: rendered on the server, then kept current in the browser through
//! the event stream (`stream_client`: it reconnects by itself and resumes after the last
//! event it saw).
use super::super::types::{Event, Stage};
use super::clock;
use leptos::prelude::*;

/// The live state one page shows, updated by the stream.
#[derive(Clone, Copy)]
pub struct Live {
    pub events: RwSignal<Vec<Event>>,
    pub stage: RwSignal<Stage>,
    pub pinned: RwSignal<Option<i32>>,
    pub viewers: RwSignal<Option<u64>>,
}

impl Live {
    pub fn new(events: Vec<Event>, stage: Stage, pinned: Option<i32>) -> Live {
        Live {
            events: RwSignal::new(events),
            stage: RwSignal::new(stage),
            pinned: RwSignal::new(pinned),
            viewers: RwSignal::new(None),
        }
    }

    /// Applies one event from the stream; numbers already seen are ignored.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    pub fn apply(&self, e: Event) {
        let last = self
            .events
            .with_untracked(|v| v.last().map(|x| x.id).unwrap_or(0));
        if e.id <= last {
            return;
        }
        if let Some(s) = e.stage {
            self.stage.set(s);
        }
        if e.kind == "pin" {
            self.pinned.set(e.target);
        }
        self.events.update(|v| v.push(e));
    }

    /// Opens the event stream (browser only; a no-op on the server).
    pub fn connect(&self, interview_id: i32, rehearsal: bool) {
        #[cfg(feature = "hydrate")]
        browser::connect(*self, interview_id, rehearsal);
        #[cfg(not(feature = "hydrate"))]
        let _ = (interview_id, rehearsal);
    }
}

/// Keeps `stage` current from the interview's event stream, from event `after` on: for a
/// banner elsewhere (the home page) that shows when an interview starts or ends, without
/// reading its transcript.
pub fn follow_stage(interview_id: i32, after: i32, stage: RwSignal<Stage>) {
    #[cfg(feature = "hydrate")]
    browser::follow_stage(interview_id, after, stage);
    #[cfg(not(feature = "hydrate"))]
    let _ = (interview_id, after, stage);
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::super::super::types::{Event, Stage};
    use super::super::stream_client::watch;
    use super::Live;
    use leptos::prelude::*;

    pub fn connect(live: Live, interview_id: i32, rehearsal: bool) {
        let after = live
            .events
            .with_untracked(|v| v.last().map(|e| e.id).unwrap_or(0));
        let url = move |after: i32| {
            format!(
                "/api/v1/interviews/{interview_id}/events?after={after}{}",
                if rehearsal { "&rehearsal=true" } else { "" }
            )
        };
        // Only the host's rehearsal stream needs the session cookie.
        watch(url, after, rehearsal, move |frame| match frame.kind {
            "message" | "answer" | "stage" | "pin" => {
                if let Ok(e) = serde_json::from_str(&frame.data) {
                    live.apply(e);
                }
            }
            "viewers" => {
                if let Some(n) = serde_json::from_str::<serde_json::Value>(&frame.data)
                    .ok()
                    .and_then(|v| v["viewers"].as_u64())
                {
                    live.viewers.set(Some(n));
                }
            }
            _ => {}
        });
    }

    pub fn follow_stage(interview_id: i32, after: i32, stage: RwSignal<Stage>) {
        let url =
            move |after: i32| format!("/api/v1/interviews/{interview_id}/events?after={after}");
        watch(url, after, false, move |frame| {
            if frame.kind != "stage" {
                return;
            }
            if let Some(s) = serde_json::from_str::<Event>(&frame.data)
                .ok()
                .and_then(|e| e.stage)
            {
                stage.set(s);
            }
        });
    }
}

/// One transcript entry.
#[component]
pub fn Entry(
    event: Event,
    #[prop(optional)] pinned: bool,
    /// Controls shown with the entry (the host's pin button).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let paragraphs: Vec<String> = event.body.split('\n').map(str::to_string).collect();
    view! {
        <li class="entry" class:answer=event.kind == "answer" class:pinned=pinned id=format!("entry-{}", event.id)>
            <time class="clock">{clock(&event.at)}</time>
            <div class="entry-body">
                {event.question.clone().map(|q| view! {
                    <p class="netizen-question"><span class="tag">"网友提问"</span>{q}</p>
                })}
                <p class="speaker">{format!("{}：", event.speaker)}</p>
                {paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
                {children.map(|c| c())}
            </div>
        </li>
    }
}

/// The transcript list; new entries are announced politely to screen readers (`role=log`).
#[component]
pub fn Transcript(live: Live) -> impl IntoView {
    view! {
        // The live region wraps the list: a list with role=log would stop being a list.
        <div role="log" aria-label="访谈实录" data-testid="transcript">
        <ol class="transcript">
            <For
                each=move || {
                    live.events
                        .get()
                        .into_iter()
                        .filter(|e| (e.kind == "message" || e.kind == "answer") && !e.hidden)
                        .collect::<Vec<_>>()
                }
                key=|e| e.id
                children=move |e| {
                    let id = e.id;
                    view! { <Entry event=e pinned=live.pinned.get_untracked() == Some(id)/> }
                }
            />
        </ol>
        </div>
    }
}

/// The pinned entry, shown above the transcript.
#[component]
pub fn Pinned(live: Live) -> impl IntoView {
    move || {
        let id = live.pinned.get()?;
        let e = live
            .events
            .with(|v| v.iter().find(|e| e.id == id).cloned())?;
        Some(view! {
            <aside class="pinned-box" aria-label="置顶消息">
                <p class="tag">"置顶"</p>
                <p><strong>{format!("{}：", e.speaker)}</strong>{e.body.clone()}</p>
            </aside>
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(id: i32, kind: &str) -> Event {
        Event {
            id,
            kind: kind.into(),
            at: "2026-12-01T09:30:00+08:00".into(),
            speaker: "主持人".into(),
            body: format!("第{id}条"),
            question: None,
            stage: (kind == "stage").then_some(Stage::Live),
            target: (kind == "pin").then_some(1),
            hidden: false,
            rehearsal: false,
        }
    }

    #[test]
    fn applying_skips_what_was_seen_and_follows_stage_and_pin() {
        let owner = Owner::new();
        owner.set();
        let live = Live::new(vec![ev(1, "message")], Stage::Preparing, None);
        live.apply(ev(1, "message"));
        live.apply(ev(2, "stage"));
        live.apply(ev(3, "pin"));
        live.apply(ev(2, "message"));
        assert_eq!(
            live.events
                .get_untracked()
                .iter()
                .map(|e| e.id)
                .collect::<Vec<_>>(),
            vec![1, 2, 3]
        );
        assert_eq!(live.stage.get_untracked(), Stage::Live);
        assert_eq!(live.pinned.get_untracked(), Some(1));
    }
}
