//! Catalog pages: the public catalog and a document's page; the editor's workbench.
mod admin;
mod attachments;
mod browse;
mod document;
mod editor;

pub use admin::AdminCatalogPage;
pub use attachments::{AttachmentList, AttachmentsEditor};
pub use browse::CatalogPage;
pub use document::DocumentPage;
pub use editor::{EditDocumentPage, EditorPage};

use super::types::{Piece, Validity};
use leptos::prelude::*;

/// Highlighted text: matched pieces in `<mark>`, everything as escaped text.
pub fn marked(pieces: Vec<Piece>) -> impl IntoView {
    pieces
        .into_iter()
        .map(|p| {
            if p.mark {
                view! { <mark>{p.text}</mark> }.into_any()
            } else {
                p.text.into_any()
            }
        })
        .collect_view()
}

/// The 有效性 badge shown beside titles that are no longer simply valid.
pub fn validity_badge(v: Validity) -> impl IntoView {
    (v != Validity::Valid).then(|| {
        view! { <span class=format!("badge validity-{}", v.as_str())>{v.label()}</span> }
    })
}
