//! 附件: PDF and Office files attached to catalog documents. The kinds accepted and how they
//! are shown are shared with the browser; checking, storing and serving them is server-only.
//!
//! Rules: editors (and admins) upload and delete; an upload's type is decided from its
//! content; files are stored under generated names. Attachments may be added to drafts and
//! published documents alike, but only a draft's may be deleted: what was published stays
//! available as it was published.
#[cfg(feature = "ssr")]
pub mod rest;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod sniff;
#[cfg(feature = "ssr")]
pub mod store;

use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::auth::caps;

/// The attachment size limit unless configured otherwise: 20 MB.
pub const DEFAULT_MAX_BYTES: u64 = 20 * 1024 * 1024;

/// The kinds of file an attachment may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    Doc,
    Xls,
    Ppt,
    Docx,
    Xlsx,
    Pptx,
    Odt,
    Ods,
    Odp,
    Ofd,
    Png,
    Jpeg,
}

impl Kind {
    pub const ALL: [Kind; 13] = [
        Kind::Pdf,
        Kind::Doc,
        Kind::Xls,
        Kind::Ppt,
        Kind::Docx,
        Kind::Xlsx,
        Kind::Pptx,
        Kind::Odt,
        Kind::Ods,
        Kind::Odp,
        Kind::Ofd,
        Kind::Png,
        Kind::Jpeg,
    ];

    pub fn media_type(self) -> &'static str {
        match self {
            Kind::Pdf => "application/pdf",
            Kind::Doc => "application/msword",
            Kind::Xls => "application/vnd.ms-excel",
            Kind::Ppt => "application/vnd.ms-powerpoint",
            Kind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Kind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Kind::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            Kind::Odt => "application/vnd.oasis.opendocument.text",
            Kind::Ods => "application/vnd.oasis.opendocument.spreadsheet",
            Kind::Odp => "application/vnd.oasis.opendocument.presentation",
            Kind::Ofd => "application/ofd",
            Kind::Png => "image/png",
            Kind::Jpeg => "image/jpeg",
        }
    }

    /// The extension files of this kind are stored and offered with.
    pub fn extension(self) -> &'static str {
        match self {
            Kind::Pdf => "pdf",
            Kind::Doc => "doc",
            Kind::Xls => "xls",
            Kind::Ppt => "ppt",
            Kind::Docx => "docx",
            Kind::Xlsx => "xlsx",
            Kind::Pptx => "pptx",
            Kind::Odt => "odt",
            Kind::Ods => "ods",
            Kind::Odp => "odp",
            Kind::Ofd => "ofd",
            Kind::Png => "png",
            Kind::Jpeg => "jpg",
        }
    }

    /// Whether `ext` (lower case) is a usual extension for this kind.
    pub fn accepts_extension(self, ext: &str) -> bool {
        ext == self.extension() || (self == Kind::Jpeg && ext == "jpeg")
    }

    /// What readers see in the list: 「PDF」, 「Word」 …
    pub fn label(self) -> &'static str {
        match self {
            Kind::Pdf => "PDF",
            Kind::Doc | Kind::Docx => "Word",
            Kind::Xls | Kind::Xlsx => "Excel",
            Kind::Ppt | Kind::Pptx => "PowerPoint",
            Kind::Odt => "OpenDocument 文字",
            Kind::Ods => "OpenDocument 表格",
            Kind::Odp => "OpenDocument 演示",
            Kind::Ofd => "OFD 版式文件",
            Kind::Png => "PNG 图片",
            Kind::Jpeg => "JPEG 图片",
        }
    }

    pub fn from_media_type(m: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.media_type() == m)
    }
}

/// The label of a stored media type, for lists.
pub fn type_label(media_type: &str) -> &'static str {
    Kind::from_media_type(media_type).map_or("文件", Kind::label)
}

/// A size as people read it: 「812 B」, 「4.5 KB」, 「1.2 MB」.
pub fn human_size(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    let one_decimal = |v: f64, unit: &str| {
        let s = format!("{v:.1}");
        format!("{} {unit}", s.strip_suffix(".0").unwrap_or(&s))
    };
    if bytes < 1024 {
        format!("{bytes} B")
    } else if b < KB * KB {
        one_decimal(b / KB, "KB")
    } else {
        one_decimal(b / KB / KB, "MB")
    }
}

/// The no-script upload form is answered with a redirect back to the editor page, naming
/// what went wrong by one of these codes; the page shows the message beside the field.
pub fn upload_error_message(code: &str, max_bytes: u64) -> String {
    match code {
        "empty" => "请选择要上传的文件".into(),
        "size" => format!("附件不能超过 {}", human_size(max_bytes)),
        "type" => sniff_refused().into(),
        "macro" => "不接受含宏的 Office 文件，请另存为 .docx、.xlsx 或 .pptx 后上传".into(),
        "legacy" => "旧版 Office 文件须以 .doc、.xls 或 .ppt 为扩展名".into(),
        "auth" => "登录已过期或没有权限，请重新登录后再上传".into(),
        "missing" => "文件不存在".into(),
        _ => "上传失败，请稍后再试".into(),
    }
}

/// The message for files of a kind not accepted.
pub fn sniff_refused() -> &'static str {
    "仅支持 PDF、Word、Excel、PowerPoint、OpenDocument、OFD 文件和 PNG、JPEG 图片"
}

/// The code of [`upload_error_message`] for an error of the upload service.
#[cfg(feature = "ssr")]
pub fn upload_error_code(e: &AppError, max_bytes: u64) -> &'static str {
    match e {
        AppError::PayloadTooLarge(_) => "size",
        AppError::Unauthorized | AppError::Forbidden => "auth",
        AppError::NotFound => "missing",
        AppError::Validation(f) => {
            let msg = f.get("file").unwrap_or_default();
            ["empty", "type", "macro", "legacy"]
                .into_iter()
                .find(|c| upload_error_message(c, max_bytes) == msg)
                .unwrap_or("other")
        }
        _ => "other",
    }
}

/// The largest attachment accepted, in bytes, for the upload form's hint.
#[server]
pub async fn attachment_limit() -> Result<u64, AppError> {
    let state = crate::platform::AppState::from_context()?;
    Ok(state.config.attachment_max_bytes)
}

/// Deletes an attachment of a draft (editor page).
#[server]
pub async fn delete_attachment(document_id: i32, attachment_id: i32) -> Result<(), AppError> {
    let (state, editor) = caps::require::<caps::Editor>().await?;
    service::delete(&state, &editor, document_id, attachment_id).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_people_write_them() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(812), "812 B");
        assert_eq!(human_size(4608), "4.5 KB");
        assert_eq!(human_size(1_258_291), "1.2 MB");
        assert_eq!(human_size(20 * 1024 * 1024), "20 MB");
        assert_eq!(human_size(2048), "2 KB");
    }

    #[test]
    fn kinds_round_trip_through_media_types() {
        for k in Kind::ALL {
            assert_eq!(Kind::from_media_type(k.media_type()), Some(k));
        }
        assert_eq!(type_label("application/pdf"), "PDF");
        assert_eq!(type_label("text/html"), "文件");
        assert!(Kind::Jpeg.accepts_extension("jpeg"));
        assert!(!Kind::Pdf.accepts_extension("exe"));
    }
}
