//! Personal information as the resident, the desk and API clients see it: the retention
//! periods, a copy of one's data, and requests for deletion.
use serde::{Deserialize, Serialize};

/// Months personal data is kept after an item closes, unless admins set otherwise: three
/// years covers 行政复议 (60 days) and 行政诉讼 (six months from knowing, at most five years
/// when never told, but every closed item was told).
pub const DEFAULT_MONTHS: u32 = 36;
/// The shortest period admins may set: long enough for reconsideration and a lawsuit.
pub const MIN_MONTHS: u32 = 6;
/// The longest: ten years, the shortest archival term for such records.
pub const MAX_MONTHS: u32 = 120;
/// 个人信息安全规范 (GB/T 35273) 8.7: a request is answered within 15 working days.
pub const DESK_WORKING_DAYS: u32 = 15;

/// How long contact details and ID numbers are kept after an item closes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RetentionPeriods {
    /// Months after a question is answered or rejected (the last thing done to it).
    pub questions_months: u32,
    /// Months after an application's reply.
    pub applications_months: u32,
    /// When admins last saved them (RFC 3339); none while the defaults apply.
    pub updated_at: Option<String>,
}

/// The periods as a REST client sends them.
#[derive(Clone, Debug, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RetentionInput {
    #[cfg_attr(feature = "ssr", schema(minimum = 6, maximum = 120))]
    pub questions_months: u32,
    #[cfg_attr(feature = "ssr", schema(minimum = 6, maximum = 120))]
    pub applications_months: u32,
}

/// What a deletion request is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    /// The requester's account, with the contact details of the questions sent from it.
    Account,
    /// One question, proven with its query code.
    Question,
    /// One 依申请公开 application, proven with its query code.
    Application,
}

impl Subject {
    pub const ALL: [Subject; 3] = [Subject::Account, Subject::Question, Subject::Application];
    pub fn as_str(self) -> &'static str {
        match self {
            Subject::Account => "account",
            Subject::Question => "question",
            Subject::Application => "application",
        }
    }
    pub fn parse(s: &str) -> Option<Subject> {
        Subject::ALL.into_iter().find(|x| x.as_str() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            Subject::Account => "账号及其留言的联系方式",
            Subject::Question => "一件留言的联系方式",
            Subject::Application => "一件政府信息公开申请的个人信息",
        }
    }
}

/// Where a request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Pending,
    /// Done: the data was erased.
    Erased,
    /// Refused, with the reason the law gives.
    Refused,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 3] = [
        RequestStatus::Pending,
        RequestStatus::Erased,
        RequestStatus::Refused,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Pending => "pending",
            RequestStatus::Erased => "erased",
            RequestStatus::Refused => "refused",
        }
    }
    pub fn parse(s: &str) -> Option<RequestStatus> {
        RequestStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            RequestStatus::Pending => "待办理",
            RequestStatus::Erased => "已删除",
            RequestStatus::Refused => "不予删除",
        }
    }
}

/// A request to delete personal data, as its requester and the desk see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DeletionRequest {
    pub id: i32,
    pub subject: Subject,
    /// The account's user name (the desk only; for `account`).
    pub account: Option<String>,
    /// The question's or application's number.
    pub tracking_no: Option<String>,
    pub reason: String,
    /// The day it was received (YYYY-MM-DD).
    pub received_on: String,
    /// 15 working days later: the day the desk must have decided by.
    pub due_on: String,
    pub status: RequestStatus,
    /// Pending past its due date.
    pub overdue: bool,
    /// What the desk decided and why.
    pub decision: Option<String>,
    pub decided_at: Option<String>,
}

/// A request for deletion as sent: without `tracking_no` it is about the signed-in account;
/// with it, about that question or application, and `query_code` proves it is the
/// requester's.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DeletionInput {
    pub tracking_no: Option<String>,
    pub query_code: Option<String>,
    /// Why (optional, at most 500 characters).
    #[serde(default)]
    pub reason: String,
}

/// The desk's decision as sent.
#[derive(Clone, Debug, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DecisionInput {
    /// `erase` (carry it out) or `refuse` (with the reason in `note`).
    pub decision: String,
    /// Required when refusing (个人信息保护法 Art. 50: a refusal gives its reason).
    #[serde(default)]
    pub note: String,
}

/// A copy of one's personal data (个人信息保护法 Art. 45).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PersonalDataCopy {
    /// When the copy was made (RFC 3339).
    pub generated_at: String,
    pub account: Option<AccountData>,
    pub questions: Vec<QuestionData>,
    pub applications: Vec<ApplicationData>,
    pub deletion_requests: Vec<DeletionRequest>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AccountData {
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    pub created_at: String,
    pub roles: Vec<String>,
    pub notify: bool,
    pub second_factor: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QuestionData {
    pub tracking_no: String,
    pub title: String,
    pub body: String,
    pub status: String,
    pub submitted_at: String,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub contact_email: Option<String>,
    pub is_public: bool,
    pub consent_at: Option<String>,
    /// When the contact details were erased.
    pub contacts_erased_at: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApplicationData {
    pub tracking_no: String,
    pub applicant_type: String,
    pub applicant_name: String,
    pub id_type: Option<String>,
    /// In full: the applicant's own copy.
    pub id_number: Option<String>,
    pub representative: Option<String>,
    pub contact_person: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub delivery: Option<String>,
    pub description: String,
    pub received_on: String,
    pub status: String,
    pub consent_at: Option<String>,
    pub personal_data_erased_at: Option<String>,
}

/// What the signed-in resident's page shows: the periods, their requests, and whether the
/// account is one that may ask (staff accounts are closed by admins instead).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyPersonalData {
    pub periods: RetentionPeriods,
    /// `None` when not signed in.
    pub account: Option<String>,
    pub staff: bool,
    pub requests: Vec<DeletionRequest>,
}
