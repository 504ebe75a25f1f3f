//! Attachments on the pages: the public list with download links, and the editor's upload
//! form and delete buttons. The upload form is a plain multipart form posted to the server,
//! which redirects back here: it works before the page hydrates, and without a mouse.
use crate::catalog::attachments::{
    attachment_limit, human_size, type_label, upload_error_message, DeleteAttachment,
};
use crate::catalog::get_document;
use crate::catalog::types::Attachment;
use crate::catalog::types::DocStatus;
use crate::components::ErrorNotice;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// What the file input offers first; the server decides by content whatever is chosen.
const ACCEPT: &str = ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.ofd,.png,.jpg,.jpeg";

fn item(a: &Attachment) -> impl IntoView {
    view! {
        <a href=a.url.clone()>{a.name.clone()}</a>
        " "
        <span class="attachment-meta">
            {format!("（{}，{}）", type_label(&a.media_type), human_size(a.size))}
        </span>
    }
}

/// The public document page's list; nothing when there are no attachments.
#[component]
pub fn AttachmentList(attachments: Vec<Attachment>) -> impl IntoView {
    (!attachments.is_empty()).then(|| {
        view! {
            <section class="attachments" aria-labelledby="attachments-heading">
                <h2 id="attachments-heading">"附件"</h2>
                <ul class="attachment-list">
                    {attachments.iter().map(|a| view! { <li>{item(a)}</li> }).collect_view()}
                </ul>
            </section>
        }
    })
}

/// The editor's attachments section of `/editor/documents/{id}`.
#[component]
pub fn AttachmentsEditor(id: i32) -> impl IntoView {
    let query = use_query_map();
    let delete = ServerAction::<DeleteAttachment>::new();
    let doc = Resource::new(move || delete.version().get(), move |_| get_document(id));
    let limit = Resource::new(|| (), |_| attachment_limit());
    let max = move || {
        limit
            .get()
            .and_then(Result::ok)
            .unwrap_or(crate::catalog::attachments::DEFAULT_MAX_BYTES)
    };
    let error = Signal::derive(move || {
        query
            .with(|q| q.get("attachment_error"))
            .map(|code| upload_error_message(&code, max()))
    });
    let uploaded = move || query.with(|q| q.get("attached")).is_some() && error.get().is_none();
    let hint = move || {
        format!(
            "PDF、Word、Excel、PowerPoint、OpenDocument、OFD 文件或 PNG、JPEG 图片，不超过 {}。草稿的附件可以删除；发布后附件保持原样。",
            human_size(max())
        )
    };
    view! {
        <section class="attachments" id="attachments" aria-labelledby="attachments-heading">
            <h2 id="attachments-heading">"附件"</h2>
            <ErrorNotice action=delete/>
            <p class="notice ok" role="status" hidden=move || !uploaded()>"附件已上传。"</p>
            <Transition fallback=|| view! { <p>"正在加载…"</p> }>
                {move || doc.get().map(|r| match r {
                    Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(d) if d.attachments.is_empty() => view! { <p>"暂无附件。"</p> }.into_any(),
                    Ok(d) => {
                        let draft = d.status == DocStatus::Draft;
                        view! {
                            <ul class="attachment-list">
                                {d.attachments.into_iter().map(|a| view! {
                                    <li>
                                        {item(&a)}
                                        {draft.then(|| view! {
                                            <ActionForm action=delete attr:class="inline">
                                                <input type="hidden" name="document_id" value=id/>
                                                <input type="hidden" name="attachment_id" value=a.id/>
                                                <button type="submit" class="danger">
                                                    "删除"<span class="visually-hidden">{format!("附件 {}", a.name)}</span>
                                                </button>
                                            </ActionForm>
                                        })}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                })}
            </Transition>
            <form class="form upload-form" method="post" enctype="multipart/form-data"
                action=format!("/editor/documents/{id}/attachments")>
                <div class="field" class:has-error=move || error.get().is_some()>
                    <label for="attachment-file">"上传附件"</label>
                    <p class="hint" id="attachment-file-hint">{hint}</p>
                    <input id="attachment-file" name="file" type="file" required accept=ACCEPT
                        aria-invalid=move || error.get().is_some().then_some("true")
                        aria-describedby=move || if error.get().is_some() {
                            "attachment-file-hint attachment-file-error"
                        } else {
                            "attachment-file-hint"
                        }/>
                    <p class="error" id="attachment-file-error" role="alert" hidden=move || error.get().is_none()>
                        {move || error.get()}
                    </p>
                </div>
                <button type="submit" class="primary">"上传"</button>
            </form>
        </section>
    }
}
