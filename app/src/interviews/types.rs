//! 在线访谈 types shared by browser and server: the six-stage workflow (with draft before
//! and published after), the live events and the questions, and input parsing.
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Draft,
    Preview,
    Collecting,
    Preparing,
    Rehearsal,
    Live,
    Review,
    Published,
}

impl Stage {
    /// The stage as the public sees it: rehearsal looks like preparation from outside.
    pub fn public(self) -> Stage {
        if self == Stage::Rehearsal {
            Stage::Preparing
        } else {
            self
        }
    }

    pub const ORDER: [Stage; 8] = [
        Stage::Draft,
        Stage::Preview,
        Stage::Collecting,
        Stage::Preparing,
        Stage::Rehearsal,
        Stage::Live,
        Stage::Review,
        Stage::Published,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Draft => "draft",
            Stage::Preview => "preview",
            Stage::Collecting => "collecting",
            Stage::Preparing => "preparing",
            Stage::Rehearsal => "rehearsal",
            Stage::Live => "live",
            Stage::Review => "review",
            Stage::Published => "published",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Stage::Draft => "草稿",
            Stage::Preview => "访谈预告",
            Stage::Collecting => "征集问题",
            Stage::Preparing => "准备资料",
            Stage::Rehearsal => "彩排",
            Stage::Live => "正在直播",
            Stage::Review => "审核实录",
            Stage::Published => "已发布实录",
        }
    }

    pub fn parse(s: &str) -> Result<Stage, String> {
        Stage::ORDER
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| format!("未知的访谈阶段“{s}”"))
    }

    /// The one stage that may follow this one.
    pub fn next(self) -> Option<Stage> {
        let i = Stage::ORDER.iter().position(|s| *s == self)?;
        Stage::ORDER.get(i + 1).copied()
    }

    /// Moves go forward one stage at a time; anything else is refused (409).
    pub fn can_move_to(self, to: Stage) -> bool {
        self.next() == Some(to)
    }

    /// Visible to the public (the preview page onwards).
    pub fn is_public(self) -> bool {
        self != Stage::Draft
    }

    /// Netizens may ask questions now.
    pub fn accepts_questions(self) -> bool {
        matches!(self, Stage::Collecting | Stage::Live)
    }

    /// The host may post to the console now (rehearsal entries stay private).
    pub fn accepts_messages(self) -> bool {
        matches!(self, Stage::Rehearsal | Stage::Live)
    }
}

/// The host's decision on a netizen's question; one type for both doors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Accept,
    Dismiss,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuestionStatus {
    Pending,
    Accepted,
    Dismissed,
    Answered,
}

impl QuestionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionStatus::Pending => "pending",
            QuestionStatus::Accepted => "accepted",
            QuestionStatus::Dismissed => "dismissed",
            QuestionStatus::Answered => "answered",
        }
    }
    pub fn parse(s: &str) -> Option<QuestionStatus> {
        [
            QuestionStatus::Pending,
            QuestionStatus::Accepted,
            QuestionStatus::Dismissed,
            QuestionStatus::Answered,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            QuestionStatus::Pending => "待审核",
            QuestionStatus::Accepted => "已采纳",
            QuestionStatus::Dismissed => "未采纳",
            QuestionStatus::Answered => "已回答",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Guest {
    pub name: String,
    pub title: String,
}

impl Guest {
    /// “姓名（职务）”, as pages name a guest.
    pub fn label(&self) -> String {
        format!("{}（{}）", self.name, self.title)
    }

    /// The guests in one line, “姓名（职务）、姓名（职务）”.
    pub fn line(guests: &[Guest]) -> String {
        guests
            .iter()
            .map(Guest::label)
            .collect::<Vec<_>>()
            .join("、")
    }

    /// The host form's text: one guest a line, “姓名，职务” (a Chinese or ASCII comma, or a
    /// tab). Checking each name and title is the service's.
    pub fn from_lines(text: &str) -> Vec<Guest> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| {
                let (name, title) = l
                    .split_once(['，', ',', '\t'])
                    .map(|(a, b)| (a.trim(), b.trim()))
                    .unwrap_or((l, ""));
                Guest {
                    name: name.into(),
                    title: title.into(),
                }
            })
            .collect()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Interview {
    pub id: i32,
    pub title: String,
    pub summary: String,
    /// RFC 3339 with the district's offset.
    pub scheduled_at: String,
    pub duration_minutes: i32,
    pub stage: Stage,
    pub guests: Vec<Guest>,
    pub department: Option<String>,
    /// The public event number reached so far.
    pub last_event_id: i32,
    pub pinned_event_id: Option<i32>,
    /// The public notice of a cancellation or a new time, when there is one.
    #[serde(default)]
    pub notice: Option<InterviewNotice>,
    /// Hosts only: why it was announced outside the usual window or length.
    #[serde(default)]
    pub schedule_override: Option<String>,
}

impl Interview {
    pub fn cancelled(&self) -> bool {
        self.notice
            .as_ref()
            .is_some_and(|n| n.kind == NoticeKind::Cancelled)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    Rescheduled,
    Cancelled,
}

impl NoticeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::Rescheduled => "rescheduled",
            NoticeKind::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> Option<NoticeKind> {
        [NoticeKind::Rescheduled, NoticeKind::Cancelled]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            NoticeKind::Rescheduled => "访谈时间调整公告",
            NoticeKind::Cancelled => "访谈取消公告",
        }
    }
}

/// A public notice about an announced interview.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InterviewNotice {
    pub kind: NoticeKind,
    pub text: String,
    pub on: chrono::NaiveDate,
}

/// One live/transcript entry. `id` is the per-interview number the event stream uses.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
// Named apart from the questions' `Event`: one component name for two types would make the
// document describe one of them with the other's schema.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = InterviewEvent))]
pub struct Event {
    pub id: i32,
    /// `message`, `answer` (a netizen question with its answer), `stage`, `pin`, `edit`.
    #[serde(rename = "type")]
    pub kind: String,
    pub at: String,
    pub speaker: String,
    pub body: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    /// For `pin` and `edit`: the event concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<i32>,
    #[serde(default)]
    pub hidden: bool,
    #[serde(default)]
    pub rehearsal: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NetizenQuestion {
    pub id: i32,
    pub body: String,
    pub nickname: String,
    pub status: QuestionStatus,
    pub votes: i32,
    pub asked_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draft_answer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forwarded_tracking_no: Option<String>,
}

/// Input limits, checked on the server (and shown as hints in the forms).
pub const TITLE_MAX: usize = 80;
pub const SUMMARY_MAX: usize = 2000;
pub const QUESTION_MAX: usize = 500;
pub const NICKNAME_MAX: usize = 20;
pub const MESSAGE_MAX: usize = 5000;

pub use crate::text::parse_text;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_move_forward_one_at_a_time() {
        for (i, from) in Stage::ORDER.iter().enumerate() {
            for (j, to) in Stage::ORDER.iter().enumerate() {
                assert_eq!(from.can_move_to(*to), j == i + 1, "{from:?} -> {to:?}");
            }
        }
        assert_eq!(Stage::Published.next(), None);
    }

    #[test]
    fn who_may_do_what_when() {
        let asking: Vec<_> = Stage::ORDER
            .into_iter()
            .filter(|s| s.accepts_questions())
            .collect();
        assert_eq!(asking, vec![Stage::Collecting, Stage::Live]);
        let posting: Vec<_> = Stage::ORDER
            .into_iter()
            .filter(|s| s.accepts_messages())
            .collect();
        assert_eq!(posting, vec![Stage::Rehearsal, Stage::Live]);
        assert!(!Stage::Draft.is_public() && Stage::Preview.is_public());
    }

    /// The public never sees a rehearsal: from outside it is still preparation. Labels are
    /// what pages and notices print for each stage (cargo-mutants found both unchecked).
    #[test]
    fn the_public_sees_rehearsal_as_preparation_and_each_stage_by_its_label() {
        for s in Stage::ORDER {
            let expected = if s == Stage::Rehearsal {
                Stage::Preparing
            } else {
                s
            };
            assert_eq!(s.public(), expected, "{s:?}");
        }
        let labels: Vec<&str> = Stage::ORDER.into_iter().map(Stage::label).collect();
        assert_eq!(
            labels,
            [
                "草稿",
                "访谈预告",
                "征集问题",
                "准备资料",
                "彩排",
                "正在直播",
                "审核实录",
                "已发布实录"
            ]
        );
    }

    #[test]
    fn question_statuses_keep_their_stored_names_and_labels() {
        for (s, name, label) in [
            (QuestionStatus::Pending, "pending", "待审核"),
            (QuestionStatus::Accepted, "accepted", "已采纳"),
            (QuestionStatus::Dismissed, "dismissed", "未采纳"),
            (QuestionStatus::Answered, "answered", "已回答"),
        ] {
            assert_eq!(s.as_str(), name);
            assert_eq!(QuestionStatus::parse(name), Some(s));
            assert_eq!(s.label(), label);
        }
        assert_eq!(QuestionStatus::parse("Pending"), None);
    }

    #[test]
    fn guests_are_named_and_read_from_the_hosts_lines() {
        let guests = Guest::from_lines("张明，区交通局局长\n\n  李华, 副局长 \n王芳\t科长\n赵强\n");
        let named: Vec<(&str, &str)> = guests
            .iter()
            .map(|g| (g.name.as_str(), g.title.as_str()))
            .collect();
        assert_eq!(
            named,
            [
                ("张明", "区交通局局长"),
                ("李华", "副局长"),
                ("王芳", "科长"),
                ("赵强", "")
            ]
        );
        assert_eq!(guests[0].label(), "张明（区交通局局长）");
        assert_eq!(
            Guest::line(&guests[..2]),
            "张明（区交通局局长）、李华（副局长）"
        );
        assert_eq!(Guest::line(&[]), "");
    }

    #[test]
    fn stage_names_round_trip() {
        for s in Stage::ORDER {
            assert_eq!(Stage::parse(s.as_str()), Ok(s));
        }
        assert!(Stage::parse("finished").is_err());
    }

    #[test]
    fn text_limits() {
        assert_eq!(
            parse_text("  你好世界  ", "问题", 2, 10).unwrap(),
            "你好世界"
        );
        assert!(parse_text("", "问题", 2, 10).is_err());
        assert!(parse_text("长".repeat(11).as_str(), "问题", 2, 10).is_err());
        assert!(parse_text("a\u{1b}b", "问题", 1, 10).is_err());
        assert_eq!(
            parse_text("第一段\r\n第二段", "内容", 1, 50).unwrap(),
            "第一段\n第二段"
        );
    }
}
