//! The browser entry point: hydrates the server-rendered page with the shared app.
// The view types of the app nest deeply; the default limit is too small for their layout.
#![recursion_limit = "512"]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::app::App);
}
