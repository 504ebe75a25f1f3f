//! The files of a reply on the pages: the applicant's download buttons on the tracking
//! page, and the desk's list, upload form and delete buttons. Both upload and download are
//! plain forms posted to the server, so they work before the page hydrates and by keyboard.
use super::reply::ReplyFile;
use super::DeleteReplyFile;
use crate::catalog::attachments::{
    attachment_limit, human_size, type_label, upload_error_message, DEFAULT_MAX_BYTES,
};
use crate::components::ErrorNotice;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// What the file input offers first; the server decides by content whatever is chosen.
const ACCEPT: &str = ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.ofd,.png,.jpg,.jpeg";

fn meta(f: &ReplyFile) -> String {
    format!("（{}，{}）", type_label(&f.media_type), human_size(f.size))
}

/// The applicant's files, each downloaded by a form that carries the query code in its
/// body (never in a URL, where logs and history would keep it).
#[component]
pub fn ApplicantFiles(
    tracking_no: String,
    files: Vec<ReplyFile>,
    code: RwSignal<String>,
) -> impl IntoView {
    (!files.is_empty()).then(|| {
        view! {
            <section class="attachments" aria-labelledby="reply-files-heading">
                <h2 id="reply-files-heading">"随答复提供的政府信息"</h2>
                <ul class="attachment-list">
                    {files.into_iter().map(|f| view! {
                        <li>
                            <form method="post" class="inline" action=format!("/disclosure-requests/{tracking_no}/files/{}", f.id)>
                                <input type="hidden" name="query_code" prop:value=move || code.get()/>
                                <button type="submit" class="button">"下载 "{f.name.clone()}</button>
                                " "<span class="attachment-meta">{meta(&f)}</span>
                            </form>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}

/// The desk's section: the files the reply will give out, while the application is open
/// an upload form and delete buttons, and afterwards the files as given.
#[component]
pub fn DeskFiles(
    tracking_no: String,
    files: Vec<ReplyFile>,
    open: bool,
    remove: ServerAction<DeleteReplyFile>,
) -> impl IntoView {
    let query = use_query_map();
    let limit = Resource::new(|| (), |_| attachment_limit());
    let max = move || {
        limit
            .get()
            .and_then(Result::ok)
            .unwrap_or(DEFAULT_MAX_BYTES)
    };
    let error = Signal::derive(move || {
        query
            .with(|q| q.get("file_error"))
            .map(|code| match code.as_str() {
                "replied" => "该申请已答复：随答复提供的文件保持原样，不能再添加".to_string(),
                code => upload_error_message(code, max()),
            })
    });
    let uploaded = move || query.with(|q| q.get("attached")).is_some() && error.get().is_none();
    let no = tracking_no.clone();
    view! {
        <section class="attachments" id="reply-files" aria-labelledby="reply-files-heading">
            <h2 id="reply-files-heading">"随答复提供的文件"</h2>
            <p class="hint">"予以公开或部分公开的，可将所申请的政府信息作为文件随答复提供，申请人凭查询码下载。其他答复类型不附带文件。"</p>
            <ErrorNotice action=remove/>
            <p class="notice ok" role="status" hidden=move || !uploaded()>"文件已上传。"</p>
            {if files.is_empty() {
                view! { <p>"暂无文件。"</p> }.into_any()
            } else {
                view! {
                    <ul class="attachment-list">
                        {files.into_iter().map(|f| {
                            let no = no.clone();
                            view! {
                            <li>
                                <a href=format!("/api/v1/disclosure-requests/{no}/files/{}", f.id)>{f.name.clone()}</a>
                                " "<span class="attachment-meta">{meta(&f)}</span>
                                {open.then(|| view! {
                                    <ActionForm action=remove attr:class="inline">
                                        <input type="hidden" name="tracking_no" value=no.clone()/>
                                        <input type="hidden" name="file_id" value=f.id/>
                                        <button type="submit" class="danger">
                                            "删除"<span class="visually-hidden">{format!("文件 {}", f.name)}</span>
                                        </button>
                                    </ActionForm>
                                })}
                            </li>
                        }}).collect_view()}
                    </ul>
                }.into_any()
            }}
            {open.then(|| view! {
                <form class="form upload-form" method="post" enctype="multipart/form-data"
                    action=format!("/editor/disclosure/{tracking_no}/files")>
                    <div class="field" class:has-error=move || error.get().is_some()>
                        <label for="reply-file">"上传文件"</label>
                        <p class="hint" id="reply-file-hint">"PDF、Word、Excel、PowerPoint、OpenDocument、OFD 文件或 PNG、JPEG 图片。答复前可以删除；答复后保持原样。"</p>
                        <input id="reply-file" name="file" type="file" required accept=ACCEPT
                            aria-invalid=move || error.get().is_some().then_some("true")
                            aria-describedby=move || if error.get().is_some() {
                                "reply-file-hint reply-file-error"
                            } else {
                                "reply-file-hint"
                            }/>
                        <p class="error" id="reply-file-error" role="alert" hidden=move || error.get().is_none()>
                            {move || error.get()}
                        </p>
                    </div>
                    <button type="submit">"上传"</button>
                </form>
            })}
        </section>
    }
}
