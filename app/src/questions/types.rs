//! 网络问政 types shared by the browser and the server: the wire enums and `Question` of
//! `api.md`, and the parsers that check user input at the boundary.
use serde::{Deserialize, Serialize};

macro_rules! wire_enum {
    ($(#[$m:meta])* $name:ident { $($v:ident = $s:literal / $label:literal),+ $(,)? }, $err:literal) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($v),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$v => $s),+ }
            }
            pub fn label(self) -> &'static str {
                match self { $($name::$v => $label),+ }
            }
            pub fn parse(s: &str) -> Result<$name, String> {
                match s.trim() {
                    $($s => Ok($name::$v),)+
                    _ => Err($err.to_string()),
                }
            }
            /// (value, label) pairs for a select.
            pub fn options() -> Vec<(String, String)> {
                Self::ALL.iter().map(|k| (k.as_str().to_string(), k.label().to_string())).collect()
            }
        }
    };
}

wire_enum!(
    /// 留言类型.
    Kind {
        Opinion = "opinion" / "意见",
        Suggestion = "suggestion" / "建议",
        Help = "help" / "求助",
        Complaint = "complaint" / "投诉",
    },
    "请选择留言类型：意见、建议、求助或投诉"
);

wire_enum!(
    /// 办理状态.
    Status {
        Pending = "pending" / "待审核",
        Accepted = "accepted" / "办理中",
        AnswerReview = "answer_review" / "答复待审",
        Rejected = "rejected" / "不予受理",
        Answered = "answered" / "已答复",
    },
    "办理状态不正确"
);

wire_enum!(
    /// 督办牌: the e-supervision card of an item in progress.
    Overdue {
        None = "none" / "正常",
        Yellow = "yellow" / "黄牌",
        Red = "red" / "红牌",
    },
    "督办状态须为 none、yellow 或 red"
);

wire_enum!(
    /// The submitter's verdict on the answer.
    Rating {
        Satisfied = "satisfied" / "满意",
        BasicallySatisfied = "basically_satisfied" / "基本满意",
        Unsatisfied = "unsatisfied" / "不满意",
    },
    "请选择满意、基本满意或不满意"
);

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DepartmentRef {
    pub id: i32,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Answer {
    pub body: String,
    /// The replying department's name.
    pub department: String,
    pub answered_at: String,
}

/// `Question` exactly as `api.md` has it, plus a few documented extras.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Question {
    pub tracking_no: String,
    pub kind: Kind,
    pub title: String,
    pub body: String,
    pub status: Status,
    pub published: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<DepartmentRef>,
    /// RFC 3339 with +08:00.
    pub submitted_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<String>,
    pub overdue: Overdue,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Answer>,
    /// Extra: the submitter allowed publication.
    pub is_public: bool,
    /// Extra: the deadline was extended once.
    pub extended: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
    /// Staff only: the department's answer waiting for review.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft: Option<Draft>,
    /// Staff only: why the last draft was sent back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_back_reason: Option<String>,
    /// Staff only: a handler's open request for more time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension_request: Option<ExtensionRequest>,
    /// Staff and submitter: the due date of an open follow-up (追问).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up_due: Option<String>,
    /// Staff only: a supervisor pressed on it (督办).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub supervised: bool,
    /// Staff only (in a single question's answer): 退回 by departments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub returns: Vec<Return>,
    /// Staff only (in a single question's answer): 督办 notes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supervisions: Vec<Supervision>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Draft {
    pub body: String,
    pub at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ExtensionRequest {
    pub working_days: u32,
    pub reason: String,
    pub at: String,
}

/// 退回: the department that returned the question, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Return {
    pub department: String,
    pub reason: String,
    pub at: String,
}

/// 督办 note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Supervision {
    pub note: String,
    pub by: String,
    pub at: String,
}

/// One department's line on the supervisor's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DepartmentCards {
    pub department: DepartmentRef,
    pub open: u64,
    pub yellow: u64,
    pub red: u64,
    pub supervised: u64,
}

/// `GET /api/v1/supervision`: every department's cards and the late items.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SupervisionOverview {
    pub departments: Vec<DepartmentCards>,
    /// Red first, then yellow; earliest due first.
    pub items: Vec<Question>,
}

/// 201 answer of a submission: the question, plus the query code when anonymous (shown
/// once; only its hash is stored).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Submitted {
    #[serde(flatten)]
    pub question: Question,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_code: Option<String>,
}

/// One line of the history. `actor` is empty in the views of submitters and the public.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Event {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Note {
    pub at: String,
    pub author: String,
    pub body: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Contact {
    pub name: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

/// What the detail and tracking pages show: the question, its timeline and what the
/// viewer may do. Moderators also get contact, notes and the raw reasons.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QuestionView {
    pub question: Question,
    pub events: Vec<Event>,
    pub is_submitter: bool,
    pub is_moderator: bool,
    /// The viewer handles for the question's department (承办人).
    #[serde(default)]
    pub is_handler: bool,
    #[serde(default)]
    pub is_supervisor: bool,
    pub reject_reason: Option<String>,
    pub follow_up: Option<String>,
    /// The answer to the follow-up, for its submitter and staff.
    #[serde(default)]
    pub follow_up_answer: Option<String>,
    pub contact: Option<Contact>,
    /// When the contact details were erased (retention or the person's request); for those
    /// who see the contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts_erased_at: Option<String>,
    pub notes: Vec<Note>,
}

/// A page of questions for the lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionPage {
    pub items: Vec<Question>,
    pub total: u64,
    /// The search matched more than `total`, which is then a lower bound.
    #[serde(default)]
    pub total_capped: bool,
    pub page: u64,
    pub per_page: u64,
    /// The public list: `after=` for the next page, present when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// Filters of the public list and the moderation queue.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filters {
    pub kind: Option<Kind>,
    pub department_id: Option<i32>,
    pub q: Option<String>,
    pub status: Option<Status>,
    /// `YYYY-MM`.
    pub month: Option<(i32, u32)>,
    pub overdue: Option<Overdue>,
}

/// 办理时限 per kind and the red-card threshold, in working days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TimeLimits {
    pub limits: Vec<KindLimit>,
    pub red_after: u32,
    /// The most working days a question of each kind may take in all, its one extension
    /// included (default 15).
    #[serde(default)]
    pub totals: Vec<KindLimit>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct KindLimit {
    pub kind: Kind,
    pub working_days: u32,
}

pub const TITLE_MAX: usize = 60;
pub const BODY_MAX: usize = 3000;
pub const ANSWER_MAX: usize = 10000;
pub const REASON_MAX: usize = 500;

pub use crate::text::parse_text;

/// A mainland mobile (11 digits, 1[3-9]…) or a landline of 7–20 digits, `-`, spaces.
pub fn parse_phone(raw: &str) -> Result<String, String> {
    let s = raw.trim();
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let ok_chars = s
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '+'));
    if !ok_chars || !(7..=20).contains(&digits) {
        return Err("请填写有效的电话号码，如 13812345678 或 023-71234567".into());
    }
    Ok(s.to_string())
}

pub fn parse_email(raw: &str) -> Result<String, String> {
    let s = raw.trim();
    let valid = s.len() <= 120
        && s.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.chars().any(|c| c.is_whitespace() || c.is_control())
                && !domain.contains('@')
        });
    if valid {
        Ok(s.to_string())
    } else {
        Err("请填写有效的电子邮箱，如 name@example.com".into())
    }
}

/// `YYYY-MM` of the month filter.
pub fn parse_month(raw: &str) -> Result<(i32, u32), String> {
    let err = || "月份格式应为 年-月，如 2026-11".to_string();
    let (y, m) = raw.trim().split_once('-').ok_or_else(err)?;
    let y: i32 = y.parse().map_err(|_| err())?;
    let m: u32 = m.parse().map_err(|_| err())?;
    if !(2000..=2100).contains(&y) || !(1..=12).contains(&m) {
        return Err(err());
    }
    Ok((y, m))
}

/// 留言编号 `Q20261126-00042`; anything else is simply not found.
pub fn is_tracking_no(s: &str) -> bool {
    let b = s.as_bytes();
    // Five digits of serial, more past 99,999 in a day.
    (15..=17).contains(&b.len())
        && b[0] == b'Q'
        && b[9] == b'-'
        && b[1..9].iter().all(u8::is_ascii_digit)
        && b[10..].iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_with_chinese_labels() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()).unwrap(), *k);
        }
        assert_eq!(Kind::Complaint.label(), "投诉");
        assert!(Kind::parse("praise").is_err());
        assert_eq!(
            serde_json::to_string(&Rating::BasicallySatisfied).unwrap(),
            "\"basically_satisfied\""
        );
    }

    #[test]
    fn text_limits() {
        assert_eq!(
            parse_text("  医保 \r\n报销 ", "标题", 1, 60).unwrap(),
            "医保 \n报销"
        );
        assert!(parse_text("   ", "标题", 1, 60).is_err());
        assert!(parse_text(&"长".repeat(61), "标题", 1, 60).is_err());
        assert!(parse_text("a\u{0}b", "标题", 1, 60).is_err());
        assert!(parse_text("短", "内容", 5, 60).is_err());
    }

    #[test]
    fn contact_fields() {
        assert!(parse_phone("13812345678").is_ok());
        assert!(parse_phone("023-7123 4567").is_ok());
        assert!(parse_phone("12ab").is_err());
        assert!(parse_email("zhang@example.com").is_ok());
        assert!(parse_email("zhang@example").is_err());
        assert!(parse_email("@example.com").is_err());
    }

    #[test]
    fn months_and_tracking_numbers() {
        assert_eq!(parse_month("2026-11"), Ok((2026, 11)));
        assert!(parse_month("2026-13").is_err());
        assert!(parse_month("11/2026").is_err());
        assert!(is_tracking_no("Q20261126-00042"));
        assert!(!is_tracking_no("Q20261126-0004"));
        assert!(!is_tracking_no("X20261126-00042"));
        assert!(is_tracking_no("Q20261126-100000"));
        assert!(!is_tracking_no("Q20261126-10000000"));
    }
}
