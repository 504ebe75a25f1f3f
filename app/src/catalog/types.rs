//! Catalog types shared by the browser and the server, and the parsers for editor input.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A document's state: a draft; scheduled (its 发布日期 still ahead, invisible to the public
/// until that day); or published (its 发布日期 and 索引号 then fixed for good).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DocStatus {
    Draft,
    Scheduled,
    Published,
}

impl DocStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DocStatus::Draft => "draft",
            DocStatus::Scheduled => "scheduled",
            DocStatus::Published => "published",
        }
    }
    pub fn parse(s: &str) -> Result<DocStatus, String> {
        match s {
            "draft" => Ok(DocStatus::Draft),
            "scheduled" => Ok(DocStatus::Scheduled),
            "published" => Ok(DocStatus::Published),
            other => Err(format!("未知的文件状态“{other}”")),
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            DocStatus::Draft => "草稿",
            DocStatus::Scheduled => "定时发布",
            DocStatus::Published => "已发布",
        }
    }

    /// What publishing on `day` makes of a document when it is `today`: public at once, or
    /// held until that day comes.
    pub fn on_publishing(day: NaiveDate, today: NaiveDate) -> DocStatus {
        if day > today {
            DocStatus::Scheduled
        } else {
            DocStatus::Published
        }
    }
}

/// One change to a published document (修订记录): when, and the editor's note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Revision {
    /// RFC 3339 in district time.
    pub at: String,
    pub note: String,
}

/// The note a change to a published document must carry: said in a sentence, at most 200
/// characters.
pub fn parse_revision_note(raw: Option<&str>) -> Result<String, String> {
    let s = raw.unwrap_or("").trim();
    if s.is_empty() {
        return Err("修改已发布的文件须填写修订说明".into());
    }
    if s.chars().count() > 200 {
        return Err("修订说明最多 200 个字".into());
    }
    if s.chars().any(char::is_control) {
        return Err("修订说明不能包含控制字符".into());
    }
    Ok(s.to_string())
}

/// 有效性.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Validity {
    Valid,
    Amended,
    Repealed,
    Expired,
}

impl Validity {
    pub const ALL: [Validity; 4] = [
        Validity::Valid,
        Validity::Amended,
        Validity::Repealed,
        Validity::Expired,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Validity::Valid => "valid",
            Validity::Amended => "amended",
            Validity::Repealed => "repealed",
            Validity::Expired => "expired",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Validity::Valid => "有效",
            Validity::Amended => "已修改",
            Validity::Repealed => "已废止",
            Validity::Expired => "已失效",
        }
    }
    pub fn parse(s: &str) -> Result<Validity, String> {
        Validity::ALL
            .into_iter()
            .find(|v| v.as_str() == s.trim())
            .ok_or_else(|| "有效性须为 有效、已修改、已废止 或 已失效".to_string())
    }
}

/// 栏目.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Column {
    pub slug: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Publisher {
    pub id: i32,
    pub name: String,
}

/// A linked document (its replacement, or its 政策解读).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DocRef {
    pub id: i32,
    pub title: String,
}

/// A catalog document with its statutory metadata, as `api.md` prints it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Document {
    pub id: i32,
    /// 索引号
    pub index_no: String,
    pub title: String,
    /// The column's slug.
    pub column: String,
    pub column_name: String,
    /// 发布机构
    pub publisher: Publisher,
    /// 成文日期
    pub written_on: NaiveDate,
    /// 发布日期 (none while a draft)
    pub published_on: Option<NaiveDate>,
    /// 文号
    pub doc_no: Option<String>,
    /// 主题分类
    pub subject: String,
    /// 主题词
    pub keywords: Vec<String>,
    pub validity: Validity,
    pub validity_label: String,
    pub validity_changed_on: Option<NaiveDate>,
    pub status: DocStatus,
    pub body: String,
    pub replaced_by: Option<DocRef>,
    /// The published documents this one amended or repealed: the other end of their
    /// `replaced_by`.
    #[serde(default)]
    pub replaces: Vec<DocRef>,
    /// The first text 解读 (older clients read this one).
    pub interpretation: Option<DocRef>,
    /// Every 解读 of this policy, in order.
    #[serde(default)]
    pub interpretations: Vec<Interpretation>,
    /// The policies this document is a 解读 of: the other end of their `interpretations`.
    #[serde(default)]
    pub interprets: Vec<DocRef>,
    /// 内容概述.
    #[serde(default)]
    pub summary: Option<String>,
    pub created_on: NaiveDate,
    /// 附件, oldest first.
    pub attachments: Vec<Attachment>,
    /// 修订记录: changes made after publication, oldest first.
    #[serde(default)]
    pub revisions: Vec<Revision>,
}

/// A file attached to a document, as the document lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Attachment {
    pub id: i32,
    /// The uploader's file name (sanitised), offered as the download's name.
    pub name: String,
    /// Decided from the file's content.
    pub media_type: String,
    /// Bytes.
    pub size: u64,
    /// Where to download it.
    pub url: String,
    /// Hex SHA-256 of the content.
    pub sha256: String,
}

pub use crate::fulltext::Piece;

/// One row of a document list; `title_marked` and `snippet` are set for searches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DocumentSummary {
    pub id: i32,
    pub index_no: String,
    pub title: String,
    pub column: String,
    pub column_name: String,
    pub publisher: Publisher,
    pub published_on: Option<NaiveDate>,
    pub doc_no: Option<String>,
    pub subject: String,
    pub validity: Validity,
    pub status: DocStatus,
    pub title_marked: Vec<Piece>,
    pub snippet: Vec<Piece>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentFilter {
    pub column: Option<String>,
    pub publisher: Option<i32>,
    pub year: Option<i32>,
    pub validity: Option<Validity>,
    pub subject: Option<String>,
    pub q: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentPage {
    pub items: Vec<DocumentSummary>,
    pub total: u64,
    /// A search matched more than `total`, which is then a lower bound.
    #[serde(default)]
    pub total_capped: bool,
    pub page: u64,
    pub per_page: u64,
    /// Browsing one column: the date its newest document was published (更新时间).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column_updated_on: Option<NaiveDate>,
    /// Browsing and searching: `after=` for the next page, present when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// 内容概述: optional, at most 500 characters.
pub fn parse_summary(raw: Option<&str>) -> Result<Option<String>, String> {
    match raw
        .map(|s| s.trim().replace("\r\n", "\n"))
        .filter(|s| !s.is_empty())
    {
        None => Ok(None),
        Some(s) => crate::text::parse_text(&s, "内容概述", 0, 500).map(Some),
    }
}

/// Editor input for a new or edited document, as it arrives: the REST body, and what the
/// editor form's server function fills from its fields. The service parses it.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct DocumentInput {
    pub column: String,
    pub title: String,
    pub body: String,
    /// The publishing body (a department id).
    #[cfg_attr(feature = "ssr", schema(value_type = Option<i32>))]
    pub publisher_id: Option<crate::input::Number>,
    pub written_on: String,
    pub published_on: Option<String>,
    pub doc_no: Option<String>,
    pub subject: Option<String>,
    pub keywords: Vec<String>,
    /// A text 政策解读 of this document (a document id); listed first, before
    /// `interpretations`.
    #[cfg_attr(feature = "ssr", schema(value_type = Option<i32>))]
    pub interpretation_id: Option<crate::input::Number>,
    /// The policy's 解读, in the order shown: text and 图解 documents, video links.
    pub interpretations: Vec<InterpretationInput>,
    /// 内容概述 (at most 500 characters).
    pub summary: Option<String>,
    /// Why a published document is changed (修订说明); required then, ignored before.
    pub revision_note: Option<String>,
}

pub fn parse_title(raw: &str) -> Result<String, String> {
    let s = raw.trim();
    let n = s.chars().count();
    if n == 0 {
        return Err("请填写标题".into());
    }
    if n > 200 {
        return Err("标题最多 200 个字".into());
    }
    if s.chars().any(char::is_control) {
        return Err("标题不能包含控制字符".into());
    }
    Ok(s.to_string())
}

pub fn parse_body(raw: &str) -> Result<String, String> {
    let s = raw.trim().replace("\r\n", "\n");
    if s.is_empty() {
        return Err("请填写正文".into());
    }
    if s.chars().count() > 100_000 {
        return Err("正文最多 100000 个字".into());
    }
    Ok(s)
}

pub fn parse_date(raw: &str, what: &str) -> Result<NaiveDate, String> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(format!("请填写{what}"));
    }
    s.parse::<NaiveDate>()
        .ok()
        .filter(|d| (1949..=2100).contains(&chrono::Datelike::year(d)))
        .ok_or_else(|| format!("{what}须为有效日期（年-月-日）"))
}

/// 文号, e.g. 渝委办发〔2011〕50号: optional, at most 60 characters.
pub fn parse_doc_no(raw: Option<&str>) -> Result<Option<String>, String> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) if s.chars().count() > 60 => Err("文号最多 60 个字".into()),
        Some(s) if s.chars().any(char::is_control) => Err("文号不能包含控制字符".into()),
        Some(s) => Ok(Some(s.to_string())),
    }
}

/// A 主题分类 among `offered` (the active ones, and the document's own); 综合政务 when none
/// is chosen.
pub fn parse_subject(raw: Option<&str>, offered: &[String]) -> Result<String, String> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok("综合政务".into()),
        Some(s) if offered.iter().any(|o| o == s) => Ok(s.to_string()),
        Some(_) => Err("请选择列表中的主题分类".into()),
    }
}

/// 主题词: up to 10 words of at most 20 characters; blanks dropped, duplicates removed.
pub fn parse_keywords(raw: &[String]) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for k in raw
        .iter()
        .flat_map(|k| k.split([' ', ',', '，', '、', ';', '；']))
    {
        let k = k.trim();
        if k.is_empty() || out.iter().any(|o| o == k) {
            continue;
        }
        if k.chars().count() > 20 {
            return Err("每个主题词最多 20 个字".into());
        }
        out.push(k.to_string());
    }
    if out.len() > 10 {
        return Err("主题词最多 10 个".into());
    }
    Ok(out)
}

/// A 索引号 pattern with `{org}`, `{year}` and `{serial}`, each exactly once. All three make
/// a number unique: serials restart every year and are counted per publishing body, so a
/// pattern without the year or the body's code would give a number out twice.
pub fn parse_index_pattern(raw: &str) -> Result<String, String> {
    let s = raw.trim();
    let missing: Vec<&str> = ["{org}", "{year}", "{serial}"]
        .into_iter()
        .filter(|p| s.matches(p).count() != 1)
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "索引号格式须各含一次 {{org}}、{{year}} 和 {{serial}}，{} 不符",
            missing.join("、")
        ));
    }
    if s.chars().count() > 60 {
        return Err("索引号格式最多 60 个字符".into());
    }
    if s.chars().any(char::is_control) {
        return Err("索引号格式不能包含控制字符".into());
    }
    Ok(s.to_string())
}

pub const DEFAULT_INDEX_PATTERN: &str = "{org}/{year}-{serial}";

/// Fills in an index-number pattern; the serial has five digits.
pub fn format_index_no(pattern: &str, org: &str, year: i32, serial: i32) -> String {
    pattern
        .replace("{org}", org)
        .replace("{year}", &year.to_string())
        .replace("{serial}", &format!("{serial:05}"))
}

/// The body as paragraphs: blank lines (or single newlines) separate them. Rendered as
/// escaped text, so no markup from an editor ever reaches the page as HTML.
pub fn paragraphs(body: &str) -> Vec<String> {
    body.split('\n')
        .map(|p| p.trim().trim_start_matches('#').trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

mod interpretations;
pub use interpretations::*;

#[cfg(test)]
mod tests;
