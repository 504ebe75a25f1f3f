//! The portal office's review of a department's work: approve the draft answer or send it
//! back for rework (重办), and decide an extension request.
use crate::components::{field_error, ErrorNotice, TextAreaField};
use crate::questions::{ApproveQuestionAnswer, DeclineQuestionExtension, SendBackQuestion};
use leptos::prelude::*;

#[component]
pub fn ReviewPanel(
    n: StoredValue<String>,
    approve: ServerAction<ApproveQuestionAnswer>,
    send_back: ServerAction<SendBackQuestion>,
) -> impl IntoView {
    view! {
        <h2>"审核答复稿"</h2>
        <p>"答复稿见上。审核通过后留言人即可看到答复；答非所问、推诿或敷衍的，请退回重办。"</p>
        <ActionForm action=approve attr:class="form">
            <ErrorNotice action=approve/>
            <input type="hidden" name="tracking_no" value=n.get_value()/>
            <button type="submit" class="primary">"审核通过"</button>
        </ActionForm>
        <ActionForm action=send_back attr:class="form">
            <ErrorNotice action=send_back/>
            <input type="hidden" name="tracking_no" value=n.get_value()/>
            <TextAreaField label="退回重办的意见（承办单位可见）" name="reason" id="send-back-reason" required=true rows=3 maxlength=500
                error=field_error(send_back, "reason")/>
            <button type="submit">"退回重办"</button>
        </ActionForm>
    }
}

/// Refusing an extension request; granting it is the extension form itself.
#[component]
pub fn DeclineExtensionForm(
    n: StoredValue<String>,
    action: ServerAction<DeclineQuestionExtension>,
) -> impl IntoView {
    view! {
        <h2>"不同意延期"</h2>
        <ActionForm action=action attr:class="form">
            <ErrorNotice action=action/>
            <input type="hidden" name="tracking_no" value=n.get_value()/>
            <TextAreaField label="不同意的理由" name="reason" id="decline-reason" required=true rows=3 maxlength=500
                error=field_error(action, "reason")/>
            <button type="submit">"不同意延期"</button>
        </ActionForm>
    }
}
