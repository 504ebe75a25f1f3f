//! 依申请公开 types shared by the browser and the server, and the parsers for applicant input.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Applicant types: the columns of table 3 of the annual report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ApplicantType {
    NaturalPerson,
    Commercial,
    Research,
    PublicInterest,
    LegalService,
    Other,
}

impl ApplicantType {
    pub const ALL: [ApplicantType; 6] = [
        ApplicantType::NaturalPerson,
        ApplicantType::Commercial,
        ApplicantType::Research,
        ApplicantType::PublicInterest,
        ApplicantType::LegalService,
        ApplicantType::Other,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ApplicantType::NaturalPerson => "natural_person",
            ApplicantType::Commercial => "commercial",
            ApplicantType::Research => "research",
            ApplicantType::PublicInterest => "public_interest",
            ApplicantType::LegalService => "legal_service",
            ApplicantType::Other => "other",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            ApplicantType::NaturalPerson => "自然人",
            ApplicantType::Commercial => "商业企业",
            ApplicantType::Research => "科研机构",
            ApplicantType::PublicInterest => "社会公益组织",
            ApplicantType::LegalService => "法律服务机构",
            ApplicantType::Other => "其他组织",
        }
    }
    pub fn parse(s: &str) -> Result<ApplicantType, String> {
        ApplicantType::ALL
            .into_iter()
            .find(|t| t.as_str() == s.trim())
            .ok_or_else(|| "请选择申请人类型".to_string())
    }
    pub fn index(self) -> usize {
        ApplicantType::ALL
            .iter()
            .position(|t| *t == self)
            .unwrap_or(5)
    }
}

/// 获取信息的方式.
pub fn parse_form(s: &str) -> Result<&'static str, String> {
    match s.trim() {
        "electronic" => Ok("electronic"),
        "paper" => Ok("paper"),
        _ => Err("请选择获取信息的方式：电子或纸质".into()),
    }
}

pub fn form_label(s: &str) -> &'static str {
    if s == "paper" {
        "纸质"
    } else {
        "电子"
    }
}

/// Where an application stands on the statutory clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AppStatus {
    Received,
    AwaitingCorrection,
    Consulting,
    Replied,
}

impl AppStatus {
    pub const ALL: [AppStatus; 4] = [
        AppStatus::Received,
        AppStatus::AwaitingCorrection,
        AppStatus::Consulting,
        AppStatus::Replied,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            AppStatus::Received => "received",
            AppStatus::AwaitingCorrection => "awaiting_correction",
            AppStatus::Consulting => "consulting",
            AppStatus::Replied => "replied",
        }
    }
    pub fn parse(s: &str) -> Result<AppStatus, String> {
        AppStatus::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| format!("未知的申请状态“{s}”"))
    }
    pub fn label(self) -> &'static str {
        match self {
            AppStatus::Received => "办理中",
            AppStatus::AwaitingCorrection => "待补正",
            AppStatus::Consulting => "征求第三方意见中",
            AppStatus::Replied => "已答复",
        }
    }
}

pub use super::channel::{Channel, Delivery};
pub use super::identity::*;

/// One result row of table 3, and the Art. 36 reply that lands in it.
#[derive(Debug)]
pub struct OutcomeRow {
    pub key: &'static str,
    pub kind: &'static str,
    pub reason: Option<&'static str>,
    pub label: &'static str,
}

const fn row(
    key: &'static str,
    kind: &'static str,
    reason: Option<&'static str>,
    label: &'static str,
) -> OutcomeRow {
    OutcomeRow {
        key,
        kind,
        reason,
        label,
    }
}

/// The 办理结果 rows of table 3 (国办公开办函〔2021〕30号), in order.
pub const OUTCOME_ROWS: &[OutcomeRow] = &[
    row("disclosed", "disclosed", None, "（一）予以公开"),
    row(
        "partial",
        "partially_disclosed",
        None,
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ),
    row(
        "withheld.state_secret",
        "withheld",
        Some("state_secret"),
        "（三）不予公开 1.属于国家秘密",
    ),
    row(
        "withheld.prohibited_by_law",
        "withheld",
        Some("prohibited_by_law"),
        "（三）不予公开 2.其他法律行政法规禁止公开",
    ),
    row(
        "withheld.security_stability",
        "withheld",
        Some("security_stability"),
        "（三）不予公开 3.危及“三安全一稳定”",
    ),
    row(
        "withheld.third_party_rights",
        "withheld",
        Some("third_party_rights"),
        "（三）不予公开 4.保护第三方合法权益",
    ),
    row(
        "withheld.internal_affairs",
        "withheld",
        Some("internal_affairs"),
        "（三）不予公开 5.属于三类内部事务信息",
    ),
    row(
        "withheld.process_info",
        "withheld",
        Some("process_info"),
        "（三）不予公开 6.属于四类过程性信息",
    ),
    row(
        "withheld.enforcement_file",
        "withheld",
        Some("enforcement_file"),
        "（三）不予公开 7.属于行政执法案卷",
    ),
    row(
        "withheld.administrative_query",
        "withheld",
        Some("administrative_query"),
        "（三）不予公开 8.属于行政查询事项",
    ),
    row(
        "unavailable.not_held",
        "unavailable",
        Some("not_held"),
        "（四）无法提供 1.本机关不掌握相关政府信息",
    ),
    row(
        "unavailable.needs_creation",
        "unavailable",
        Some("needs_creation"),
        "（四）无法提供 2.没有现成信息需要另行制作",
    ),
    row(
        "unavailable.unclear",
        "unavailable",
        Some("unclear"),
        "（四）无法提供 3.补正后申请内容仍不明确",
    ),
    row(
        "not_processed.petition",
        "not_processed",
        Some("petition"),
        "（五）不予处理 1.信访举报投诉类申请",
    ),
    row(
        "not_processed.repeated",
        "not_processed",
        Some("repeated"),
        "（五）不予处理 2.重复申请",
    ),
    row(
        "not_processed.publication",
        "not_processed",
        Some("publication"),
        "（五）不予处理 3.要求提供公开出版物",
    ),
    row(
        "not_processed.excessive",
        "not_processed",
        Some("excessive"),
        "（五）不予处理 4.无正当理由大量反复申请",
    ),
    row(
        "not_processed.confirmation",
        "not_processed",
        Some("confirmation"),
        "（五）不予处理 5.要求行政机关确认或重新出具已获取信息",
    ),
    row(
        "other.no_correction",
        "other",
        Some("no_correction"),
        "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    row(
        "other.unpaid_fee",
        "other",
        Some("unpaid_fee"),
        "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    row(
        "other.other",
        "other",
        Some("other"),
        "（六）其他处理 3.其他",
    ),
];

/// Maps a reply (`outcome`, `reason`) to its table-3 row key, or says what is wrong.
pub fn outcome_row(
    kind: &str,
    reason: Option<&str>,
) -> Result<&'static OutcomeRow, (String, String)> {
    super::reply::ReplyKind::parse(kind)
        .ok_or_else(|| ("outcome".to_string(), "请选择答复类型".to_string()))?
        .row(reason)
}

pub fn outcome_label(key: &str) -> &'static str {
    OUTCOME_ROWS
        .iter()
        .find(|r| r.key == key)
        .map(|r| r.label)
        .unwrap_or("")
}

/// Yellow card: at most one working day left; red: overdue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Card {
    None,
    Yellow,
    Red,
}

impl Card {
    /// The cards a desk filter can ask for.
    pub fn parse_filter(s: &str) -> Result<Option<Card>, String> {
        match s.trim() {
            "" => Ok(None),
            "yellow" => Ok(Some(Card::Yellow)),
            "red" => Ok(Some(Card::Red)),
            _ => Err("督办筛选只能是黄牌或红牌".into()),
        }
    }
}

/// Which applications the staff desk lists: all (open first), only open, only replied.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeskView {
    #[default]
    All,
    Open,
    Replied,
}

impl DeskView {
    pub const ALL: [DeskView; 2] = [DeskView::Open, DeskView::Replied];
    pub fn parse(s: &str) -> Result<DeskView, String> {
        match s.trim() {
            "" | "all" => Ok(DeskView::All),
            "open" => Ok(DeskView::Open),
            "replied" => Ok(DeskView::Replied),
            _ => Err("状态只能是办理中或已答复".into()),
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            DeskView::All => "all",
            DeskView::Open => "open",
            DeskView::Replied => "replied",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            DeskView::All => "全部",
            DeskView::Open => "办理中",
            DeskView::Replied => "已答复",
        }
    }
}

/// What the staff desk lists.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeskFilter {
    pub view: DeskView,
    /// Only open applications carrying this card.
    pub card: Option<Card>,
    /// Part of a tracking number or an applicant's name.
    pub q: Option<String>,
}

/// One page of the staff desk, and the desk's open, yellow and red counts (whatever the
/// filter), so the cards are visible from every page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RequestPage {
    pub items: Vec<DisclosureRequest>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
    pub open: u64,
    pub yellow: u64,
    pub red: u64,
}

/// An application as the applicant and staff see it: the ID number always masked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DisclosureRequest {
    pub tracking_no: String,
    pub applicant_type: ApplicantType,
    pub applicant_type_label: String,
    pub applicant_name: String,
    pub id_type: IdDocument,
    pub id_type_label: String,
    pub id_number_masked: String,
    /// An organisation's 法定代表人或负责人 and 联系人.
    pub representative: Option<String>,
    pub contact_person: Option<String>,
    pub phone_masked: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub description: String,
    pub form: String,
    pub delivery: Option<Delivery>,
    pub delivery_label: Option<String>,
    /// How it came in; `received_on` is the day Art. 31 counts for that channel.
    pub channel: Channel,
    pub channel_label: String,
    pub status: AppStatus,
    pub status_label: String,
    /// 承办部门: the department handling it, whose annual report counts it; named by the
    /// desk.
    #[serde(default)]
    pub department_id: Option<i32>,
    #[serde(default)]
    pub department: Option<String>,
    pub received_on: NaiveDate,
    /// None while the clock is stopped for 补正.
    pub due_date: Option<NaiveDate>,
    pub overdue: Card,
    pub correction_requested_on: Option<NaiveDate>,
    pub correction_note: Option<String>,
    /// The last day to correct, while a correction is awaited (then abandoned, Art. 30).
    pub correction_due: Option<NaiveDate>,
    pub corrected_on: Option<NaiveDate>,
    pub consult_started_on: Option<NaiveDate>,
    pub consult_ended_on: Option<NaiveDate>,
    pub consult_third_party: Option<String>,
    /// What the third party answered, and its reasons.
    pub consult_answer: Option<super::third_party::ConsultAnswer>,
    pub consult_note: Option<String>,
    /// Why it is disclosed over the third party's objection; the notice to it states this.
    pub disclose_reason: Option<String>,
    pub extension_days: Option<i32>,
    pub extension_approver: Option<String>,
    /// The table-3 row the reply counts in, and its label.
    pub outcome: Option<String>,
    pub outcome_label: Option<String>,
    /// The Art. 36 kind the reply was given as.
    pub reply_kind: Option<super::reply::ReplyKind>,
    pub reply_kind_label: Option<String>,
    /// The agency responsible and how to reach it, for a 36(5) reply.
    pub other_agency: Option<String>,
    pub other_agency_contact: Option<String>,
    pub reply_body: Option<String>,
    pub replied_on: Option<NaiveDate>,
    /// Files given with a 予以公开 or 部分公开 reply. Staff see them while the reply is
    /// prepared; the applicant once it is given.
    pub files: Vec<super::reply::ReplyFile>,
}

/// The receipt: the query code is shown once, here.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Receipt {
    pub tracking_no: String,
    pub query_code: String,
    pub received_on: NaiveDate,
    pub due_date: NaiveDate,
    pub status: AppStatus,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_outcome_maps_to_one_row() {
        assert_eq!(
            outcome_row("already_public", None).unwrap().key,
            "disclosed"
        );
        assert_eq!(
            outcome_row("partially_disclosed", None).unwrap().key,
            "partial"
        );
        assert_eq!(
            outcome_row("withheld", Some("state_secret")).unwrap().key,
            "withheld.state_secret"
        );
        assert_eq!(outcome_row("withheld", None).unwrap_err().0, "reason");
        assert_eq!(outcome_row("nonsense", None).unwrap_err().0, "outcome");
        for r in OUTCOME_ROWS {
            assert_eq!(outcome_row(r.kind, r.reason).unwrap().key, r.key);
        }
        assert_eq!(OUTCOME_ROWS.len(), 21);
    }
}
