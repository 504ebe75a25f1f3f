//! The browser entry point: hydrates the server-rendered page with the shared app.
// The view types of the app nest deeply; the default limit is too small for their layout.
#![recursion_limit = "512"]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // As `leptos::mount::hydrate_lazy` does: the page in hand is a lazy route, so its chunk
    // is fetched before hydration goes on. Once the whole page is hydrated, `.site` says so
    // (`data-hydrated`) for tests and curious admins; an effect in the app would say it
    // while the page's chunk is still on its way and its forms are not yet live.
    wasm_bindgen_futures::spawn_local(async {
        let document = leptos::prelude::document();
        let body = document.body().expect("a page has a body");
        leptos::mount::hydrate_from_async(body, app::app::App)
            .await
            .forget();
        if let Ok(Some(site)) = document.query_selector(".site") {
            _ = site.set_attribute("data-hydrated", "true");
        }
    });
}
