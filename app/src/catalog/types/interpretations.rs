//! 主题分类 and 政策解读 as the catalog shows and takes them.
use super::DocRef;
use serde::{Deserialize, Serialize};

/// A 主题分类 (the State Council's scheme by default; admins add more). An inactive one stays
/// on the documents filed under it but is no longer offered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SubjectCategory {
    pub id: i32,
    pub name: String,
    pub active: bool,
}

/// The kinds of 政策解读 a policy may have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InterpretationKind {
    /// 文字解读: a document of the catalog.
    Text,
    /// 图解: a document of the catalog (its pictures are attachments).
    Graphic,
    /// 视频解读: a link to the video.
    Video,
}

impl InterpretationKind {
    pub const ALL: [InterpretationKind; 3] = [
        InterpretationKind::Text,
        InterpretationKind::Graphic,
        InterpretationKind::Video,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            InterpretationKind::Text => "text",
            InterpretationKind::Graphic => "graphic",
            InterpretationKind::Video => "video",
        }
    }
    /// The word the editor's form uses at the start of a line.
    pub fn word(self) -> &'static str {
        match self {
            InterpretationKind::Text => "文字",
            InterpretationKind::Graphic => "图解",
            InterpretationKind::Video => "视频",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            InterpretationKind::Text => "文字解读",
            InterpretationKind::Graphic => "图解",
            InterpretationKind::Video => "视频解读",
        }
    }
    /// By its wire name or its word.
    pub fn parse(s: &str) -> Option<InterpretationKind> {
        let s = s.trim();
        InterpretationKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s || k.word() == s || k.label() == s)
    }
}

/// One 解读 of a policy, as its page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Interpretation {
    pub kind: InterpretationKind,
    /// A text or 图解 document.
    pub document: Option<DocRef>,
    /// A video's address.
    pub url: Option<String>,
}

impl Interpretation {
    /// The line the editor's form shows for it (`文字 12`, `视频 https://…`).
    pub fn to_line(&self) -> String {
        match (&self.document, &self.url) {
            (Some(d), _) => format!("{} {}", self.kind.word(), d.id),
            (None, Some(u)) => format!("{} {u}", self.kind.word()),
            (None, None) => String::new(),
        }
    }
}

/// One 解读 as sent: `{"kind": "text" | "graphic", "document_id"}` or
/// `{"kind": "video", "url"}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct InterpretationInput {
    pub kind: String,
    #[cfg_attr(feature = "ssr", schema(value_type = Option<i32>))]
    pub document_id: Option<crate::input::Number>,
    pub url: Option<String>,
}

/// Most 解读 one policy lists.
pub const MAX_INTERPRETATIONS: usize = 10;

/// The editor form's 解读 field: one per line, a kind word and then the document's number or
/// the video's address (`文字 12`, `图解 15`, `视频 https://v.example.gov.cn/1`).
pub fn interpretation_lines(raw: &str) -> Result<Vec<InterpretationInput>, String> {
    let mut out = Vec::new();
    for (i, line) in raw.lines().map(str::trim).enumerate() {
        if line.is_empty() {
            continue;
        }
        let (word, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let Some(kind) = InterpretationKind::parse(word) else {
            return Err(format!(
                "第 {} 行须以“文字”“图解”或“视频”开头，如：文字 12",
                i + 1
            ));
        };
        let rest = rest.trim();
        out.push(match kind {
            InterpretationKind::Video => InterpretationInput {
                kind: kind.as_str().into(),
                document_id: None,
                url: Some(rest.to_string()),
            },
            _ => InterpretationInput {
                kind: kind.as_str().into(),
                document_id: Some(crate::input::Number::Text(rest.to_string())),
                url: None,
            },
        });
    }
    Ok(out)
}

/// A video's address: http(s), at most 500 characters, no spaces.
pub fn parse_video_url(raw: Option<&str>) -> Result<String, String> {
    let s = raw.map(str::trim).unwrap_or_default();
    if s.is_empty() {
        return Err("请填写视频解读的链接".into());
    }
    let scheme_ok = s.starts_with("https://") || s.starts_with("http://");
    let host_ok = s
        .split_once("://")
        .map(|(_, rest)| rest.split('/').next().unwrap_or_default())
        .is_some_and(|h| h.contains('.') && !h.starts_with('.'));
    if !scheme_ok || !host_ok || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("视频解读的链接须为 http:// 或 https:// 开头的网址".into());
    }
    if s.chars().count() > 500 {
        return Err("视频解读的链接最多 500 个字符".into());
    }
    Ok(s.to_string())
}
