//! Form fields with labels, hints and in-place errors, wired for screen readers
//! (`aria-invalid`, `aria-describedby`). Errors come from a server action's last result.
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// Anything whose last run may have failed with an [`AppError`]: the server actions.
pub trait LastError: Copy + Send + Sync + 'static {
    fn last_error(&self) -> Option<AppError>;
}

impl<S> LastError for ServerAction<S>
where
    S: ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
    S::Output: Send + Sync + Clone + 'static,
{
    fn last_error(&self) -> Option<AppError> {
        self.value().get().and_then(|r| r.err())
    }
}

/// How many times `action` has succeeded. A resource keyed on this reloads after a success
/// only: reloading after a refusal would render the form afresh and lose what was typed
/// (a select back on its first option is a different answer, not an empty one).
pub fn successes<S>(action: ServerAction<S>) -> Memo<u32>
where
    S: ServerFn + Send + Sync + Clone + 'static,
    S::Output: Send + Sync + Clone + 'static,
    S::Error: Send + Sync + Clone + 'static,
{
    Memo::new(move |before: Option<&u32>| {
        let n = before.copied().unwrap_or(0);
        if action.value().with(|v| matches!(v, Some(Ok(_)))) {
            n + 1
        } else {
            n
        }
    })
}

/// The message for `field` from the latest result of `action`, if it failed there.
pub fn field_error(action: impl LastError, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || action.last_error().and_then(|e| e.field(field)))
}

/// `aria-describedby` of a field: its hint, and its error while there is one.
fn described_by(
    name: &'static str,
    has_hint: bool,
    error: Signal<Option<String>>,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    move || {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(format!("{name}-hint"));
        }
        if error.get().is_some() {
            ids.push(format!("{name}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(optional)] required: bool,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(into, optional)] value: Option<String>,
    /// Shown and submitted but not editable (a value the record has fixed).
    #[prop(optional)]
    readonly: bool,
    /// The element id when two forms on one page share a field name (default: `name`).
    #[prop(optional)]
    id: Option<&'static str>,
) -> impl IntoView {
    let id = id.unwrap_or(name);
    let err_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = described_by(id, hint.is_some(), error);
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id>{label}{required.then(|| view! { <span class="req" aria-hidden="true">" *"</span> })}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <input
                id=id
                name=name
                type=kind
                required=required
                autocomplete=autocomplete
                maxlength=maxlength
                value=value
                readonly=readonly
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
            />
            <p class="error" id=err_id role="alert" hidden=move || error.get().is_none()>
                {move || error.get()}
            </p>
        </div>
    }
}

#[component]
pub fn TextAreaField(
    label: &'static str,
    name: &'static str,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(optional)] required: bool,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(default = 8)] rows: u32,
    /// Text to start from (a draft sent back for rework).
    #[prop(into, optional)]
    value: Option<String>,
    /// The element id when two forms on one page share a field name (default: `name`).
    #[prop(optional)]
    id: Option<&'static str>,
) -> impl IntoView {
    let id = id.unwrap_or(name);
    let err_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = described_by(id, hint.is_some(), error);
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id>{label}{required.then(|| view! { <span class="req" aria-hidden="true">" *"</span> })}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <textarea
                id=id
                name=name
                rows=rows
                required=required
                maxlength=maxlength
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
            >{value}</textarea>
            <p class="error" id=err_id role="alert" hidden=move || error.get().is_none()>
                {move || error.get()}
            </p>
        </div>
    }
}

/// A select; `options` are (value, label) pairs, the first one selected unless `selected`.
#[component]
pub fn SelectField(
    label: &'static str,
    name: &'static str,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(optional)] required: bool,
    #[prop(into, optional)] selected: Option<String>,
) -> impl IntoView {
    let err_id = format!("{name}-error");
    let err_ref = err_id.clone();
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=name>{label}{required.then(|| view! { <span class="req" aria-hidden="true">" *"</span> })}</label>
            <select
                id=name
                name=name
                required=required
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=move || error.get().is_some().then(|| err_ref.clone())
            >
                {move || {
                    let selected = selected.clone();
                    options
                        .get()
                        .into_iter()
                        .map(|(v, l)| {
                            let is_sel = selected.as_deref() == Some(v.as_str());
                            view! { <option value=v selected=is_sel>{l}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <p class="error" id=err_id role="alert" hidden=move || error.get().is_none()>
                {move || error.get()}
            </p>
        </div>
    }
}

/// The message of a failed action that is not about one field (or a summary when it is).
#[component]
pub fn ErrorNotice(action: impl LastError) -> impl IntoView {
    let message = move || action.last_error().map(|e| e.to_string());
    view! {
        <div class="notice error" role="alert" hidden=move || message().is_none()>
            {message}
        </div>
    }
}
