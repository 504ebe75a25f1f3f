//! The figures of tables 2–4 of the annual report (国办公开办函〔2021〕30号).
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct IssuedRow {
    /// 本年制发件数
    pub issued: u64,
    /// 本年废止件数
    pub repealed: u64,
    /// 现行有效件数
    pub in_force: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Table2 {
    /// 规章
    pub regulations: IssuedRow,
    /// 行政规范性文件
    pub normative: IssuedRow,
    /// 行政许可 本年处理决定数量
    pub permits: i64,
    /// 行政处罚
    pub penalties: i64,
    /// 行政强制
    pub coercions: i64,
    /// 行政事业性收费 本年收费金额（万元）
    pub fees_wan: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Table3Row {
    pub key: String,
    pub label: String,
    /// 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计
    pub values: Vec<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Table3 {
    pub columns: Vec<String>,
    pub rows: Vec<Table3Row>,
}

impl Table3 {
    pub fn row(&self, key: &str) -> Option<&Table3Row> {
        self.rows.iter().find(|r| r.key == key)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReviewRow {
    /// 结果维持
    pub upheld: i64,
    /// 结果纠正
    pub corrected: i64,
    /// 其他结果
    pub other: i64,
    /// 尚未审结
    pub pending: i64,
    /// 总计
    pub total: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Table4 {
    /// 行政复议
    pub review: ReviewRow,
    /// 行政诉讼：未经复议直接起诉
    pub litigation_direct: ReviewRow,
    /// 行政诉讼：复议后起诉
    pub litigation_after_review: ReviewRow,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ColumnCount {
    pub slug: String,
    pub name: String,
    pub count: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AnnualReport {
    pub year: i32,
    /// Whose report: a department's, or (absent) the district's, which counts every
    /// department's applications and documents.
    #[serde(default)]
    pub department: Option<crate::auth::types::DepartmentRef>,
    pub table2: Table2,
    pub table3: Table3,
    pub table4: Table4,
    /// Documents published in the year per column, as the seed report counts them.
    pub column_counts: Vec<ColumnCount>,
    pub documents_total: u64,
    /// 一 + 二 = 三 + 四 in every column of table 3.
    pub consistent: bool,
    /// The sections staff write.
    #[serde(default)]
    pub sections: ReportSections,
    /// A published report is frozen: every reader gets it as it was when published.
    #[serde(default)]
    pub published: bool,
    #[serde(default)]
    pub published_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The catalog document (栏目 工作报告) that publishes it.
    #[serde(default)]
    pub document_id: Option<i32>,
}

/// The written sections of the national format: 一 (what the year's work was), 五 and 六.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReportSections {
    /// 一、总体情况
    #[serde(default)]
    pub overview: String,
    /// 五、存在的主要问题及改进情况
    #[serde(default)]
    pub problems: String,
    /// 六、其他需要报告的事项 (信息处理费 among them)
    #[serde(default)]
    pub other_matters: String,
}

/// The sections' fields with their headings, in the report's order.
pub const SECTIONS: &[(&str, &str)] = &[
    ("overview", "一、总体情况"),
    ("problems", "五、存在的主要问题及改进情况"),
    ("other_matters", "六、其他需要报告的事项"),
];

/// Longest text of one section.
pub const SECTION_MAX: usize = 20_000;

/// A section's text: trimmed, at most [`SECTION_MAX`] characters, no control characters
/// but line breaks and tabs.
pub fn parse_section(raw: &str) -> Result<String, String> {
    let s = raw.trim().replace("\r\n", "\n");
    if s.chars().count() > SECTION_MAX {
        return Err(format!("最多 {SECTION_MAX} 个字"));
    }
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err("不能包含控制字符".into());
    }
    Ok(s)
}

impl ReportSections {
    pub fn get(&self, key: &str) -> &str {
        match key {
            "overview" => &self.overview,
            "problems" => &self.problems,
            _ => &self.other_matters,
        }
    }
}

/// The figures staff enter, with their labels; integers except `fees_wan`.
pub const FIGURES: &[(&str, &str)] = &[
    ("permits", "行政许可 本年处理决定数量"),
    ("penalties", "行政处罚 本年处理决定数量"),
    ("coercions", "行政强制 本年处理决定数量"),
    ("fees_wan", "行政事业性收费 本年收费金额（万元）"),
    ("review_upheld", "行政复议 结果维持"),
    ("review_corrected", "行政复议 结果纠正"),
    ("review_other", "行政复议 其他结果"),
    ("review_pending", "行政复议 尚未审结"),
    ("lit_direct_upheld", "行政诉讼（未经复议直接起诉） 结果维持"),
    (
        "lit_direct_corrected",
        "行政诉讼（未经复议直接起诉） 结果纠正",
    ),
    ("lit_direct_other", "行政诉讼（未经复议直接起诉） 其他结果"),
    (
        "lit_direct_pending",
        "行政诉讼（未经复议直接起诉） 尚未审结",
    ),
    ("lit_review_upheld", "行政诉讼（复议后起诉） 结果维持"),
    ("lit_review_corrected", "行政诉讼（复议后起诉） 结果纠正"),
    ("lit_review_other", "行政诉讼（复议后起诉） 其他结果"),
    ("lit_review_pending", "行政诉讼（复议后起诉） 尚未审结"),
];

impl AnnualReport {
    /// The report's title, with the department's name for a department's report.
    pub fn title(&self) -> String {
        match &self.department {
            Some(d) => format!("{}{} 年度政府信息公开工作报告", d.name, self.year),
            None => format!("{} 年度政府信息公开工作报告", self.year),
        }
    }

    /// The current value of a staff-entered figure, to prefill its form field.
    pub fn figure(&self, key: &str) -> String {
        let (t2, t4) = (&self.table2, &self.table4);
        let review = |r: &ReviewRow, k: &str| match k {
            "upheld" => r.upheld,
            "corrected" => r.corrected,
            "other" => r.other,
            _ => r.pending,
        };
        match key {
            "permits" => t2.permits.to_string(),
            "penalties" => t2.penalties.to_string(),
            "coercions" => t2.coercions.to_string(),
            "fees_wan" => t2.fees_wan.clone(),
            k => {
                let (row, rest) = if let Some(r) = k.strip_prefix("review_") {
                    (&t4.review, r)
                } else if let Some(r) = k.strip_prefix("lit_direct_") {
                    (&t4.litigation_direct, r)
                } else if let Some(r) = k.strip_prefix("lit_review_") {
                    (&t4.litigation_after_review, r)
                } else {
                    return String::new();
                };
                review(row, rest).to_string()
            }
        }
    }
}

/// A staff-entered figure: a whole number from 0, or for fees an amount with up to four
/// decimals (万元).
pub fn parse_figure(key: &str, raw: &str) -> Result<String, String> {
    let s = raw.trim();
    let s = if s.is_empty() { "0" } else { s };
    if key == "fees_wan" {
        let ok = s.len() <= 16
            && s.split_once('.')
                .map_or(s.chars().all(|c| c.is_ascii_digit()), |(a, b)| {
                    !a.is_empty()
                        && a.chars().all(|c| c.is_ascii_digit())
                        && (1..=4).contains(&b.len())
                        && b.chars().all(|c| c.is_ascii_digit())
                });
        if ok {
            Ok(s.to_string())
        } else {
            Err("金额须为非负数，最多四位小数".into())
        }
    } else {
        match s.parse::<u32>() {
            Ok(n) => Ok(n.to_string()),
            Err(_) => Err("须为非负整数".into()),
        }
    }
}

/// Whose annual report: the district's own (every department's figures together) or one
/// department's (its applications as 承办部门, the documents it published, its own figures,
/// sections and publication).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Scope {
    #[default]
    District,
    Department(i32),
}

impl Scope {
    pub fn of(department_id: Option<i32>) -> Scope {
        department_id.map_or(Scope::District, Scope::Department)
    }
    /// The key the report's rows are stored under: 0 for the district.
    pub fn key(self) -> i32 {
        match self {
            Scope::District => 0,
            Scope::Department(id) => id,
        }
    }
    pub fn department(self) -> Option<i32> {
        match self {
            Scope::District => None,
            Scope::Department(id) => Some(id),
        }
    }
    /// The query string that names this scope in a URL (`""` for the district).
    pub fn query(self) -> String {
        self.department()
            .map(|id| format!("?department_id={id}"))
            .unwrap_or_default()
    }
}

/// `department_id` as a URL or a form gives it: absent or blank is the district's report.
pub fn parse_scope(raw: Option<&str>) -> Result<Scope, String> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(Scope::District),
        Some(s) => s
            .parse::<i32>()
            .ok()
            .filter(|id| *id > 0)
            .map(Scope::Department)
            .ok_or_else(|| "部门编号应为正整数".to_string()),
    }
}

/// One department's report of a year as the district's report lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DepartmentReport {
    pub department: crate::auth::types::DepartmentRef,
    pub published: bool,
    #[serde(default)]
    pub published_at: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(default)]
    pub document_id: Option<i32>,
    /// Applications of the year (table 3's 一 and 二) the department handles.
    pub applications: u64,
}

/// The departments' reports of a year, and the applications no department was named for
/// (counted in the district's report only, so the desk can assign them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DepartmentReports {
    pub year: i32,
    pub items: Vec<DepartmentReport>,
    pub unassigned: u64,
}

#[cfg(test)]
mod tests {
    use super::{parse_figure, parse_scope, parse_section, Scope, SECTION_MAX};

    #[test]
    fn sections_parse() {
        assert_eq!(
            parse_section("  本年度未收取信息处理费。\r\n  ").unwrap(),
            "本年度未收取信息处理费。"
        );
        assert_eq!(parse_section("一\r\n二\t三").unwrap(), "一\n二\t三");
        assert!(parse_section("坏\u{0}字").is_err());
        assert!(parse_section(&"字".repeat(SECTION_MAX)).is_ok());
        assert!(parse_section(&"字".repeat(SECTION_MAX + 1)).is_err());
    }

    #[test]
    fn figures_parse() {
        assert_eq!(parse_figure("permits", " 12 ").unwrap(), "12");
        assert_eq!(parse_figure("permits", "").unwrap(), "0");
        assert!(parse_figure("permits", "-1").is_err());
        assert!(parse_figure("permits", "1.5").is_err());
        assert_eq!(parse_figure("fees_wan", "123.45").unwrap(), "123.45");
        assert!(parse_figure("fees_wan", "1.23456").is_err());
        assert!(parse_figure("fees_wan", "abc").is_err());
    }

    #[test]
    fn scopes_parse() {
        assert_eq!(parse_scope(None), Ok(Scope::District));
        assert_eq!(parse_scope(Some(" ")), Ok(Scope::District));
        assert_eq!(parse_scope(Some("7")), Ok(Scope::Department(7)));
        assert!(parse_scope(Some("0")).is_err());
        assert!(parse_scope(Some("-3")).is_err());
        assert!(parse_scope(Some("交通局")).is_err());
        assert!(parse_scope(Some("99999999999")).is_err());
        assert_eq!(Scope::District.key(), 0);
        assert_eq!(Scope::Department(7).key(), 7);
        assert_eq!(Scope::Department(7).query(), "?department_id=7");
        assert_eq!(Scope::District.query(), "");
    }
}
