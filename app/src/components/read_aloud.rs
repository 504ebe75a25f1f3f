//! 读屏: reads the page's main text aloud with the browser's own speech synthesis, for
//! residents who find reading hard and use no screen reader. Pressed again, it stops.
use leptos::prelude::*;

#[component]
pub fn ReadAloud() -> impl IntoView {
    let speaking = RwSignal::new(false);
    let toggle = move |_| {
        if speaking.get_untracked() {
            browser::stop();
            speaking.set(false);
        } else {
            speaking.set(browser::read_main(move || speaking.set(false)));
        }
    };
    view! {
        <button
            type="button"
            class="read-aloud"
            aria-pressed=move || if speaking.get() { "true" } else { "false" }
            on:click=toggle
        >
            "读屏"
        </button>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use wasm_bindgen::{closure::Closure, JsCast};

    fn synthesis() -> Option<web_sys::SpeechSynthesis> {
        web_sys::window()?.speech_synthesis().ok()
    }

    /// Starts reading `<main>`; false when the browser cannot speak.
    pub fn read_main(done: impl Fn() + 'static) -> bool {
        let Some(synth) = synthesis() else {
            return false;
        };
        let text = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("main"))
            .and_then(|m| m.dyn_into::<web_sys::HtmlElement>().ok())
            .map(|m| m.inner_text())
            .unwrap_or_default();
        let Ok(utterance) = web_sys::SpeechSynthesisUtterance::new_with_text(text.trim()) else {
            return false;
        };
        utterance.set_lang("zh-CN");
        let ended = Closure::<dyn Fn()>::new(done);
        utterance.set_onend(Some(ended.as_ref().unchecked_ref()));
        utterance.set_onerror(Some(ended.as_ref().unchecked_ref()));
        ended.forget();
        synth.cancel();
        synth.speak(&utterance);
        true
    }

    pub fn stop() {
        if let Some(s) = synthesis() {
            s.cancel();
        }
    }
}

#[cfg(not(feature = "hydrate"))]
mod browser {
    pub fn read_main(_done: impl Fn() + 'static) -> bool {
        false
    }
    pub fn stop() {}
}
