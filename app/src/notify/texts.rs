//! What the messages say, in Chinese. Each names the tracking number and carries the link
//! to the question's page (the worker puts the site's address before it).
use chrono::NaiveDate;

/// One message before it has a recipient.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    pub subject: String,
    pub body: String,
    /// A path on the site, e.g. `/questions/Q20261126-00001`.
    pub link: Option<String>,
}

/// What the submitter of a question is told.
#[derive(Clone, Debug)]
pub enum ToSubmitter<'a> {
    Accepted { department: &'a str, due: NaiveDate },
    Answered { department: &'a str },
    Rejected { reason: &'a str },
    Extended { due: NaiveDate, reason: &'a str },
}

/// What the handlers (承办人) of a department are told.
#[derive(Clone, Debug)]
pub enum ToHandlers<'a> {
    Routed { due: NaiveDate },
    SentBack { reason: &'a str },
    Supervised { note: &'a str },
    TurnedYellow { due: NaiveDate },
    FollowUp { due: NaiveDate },
}

pub fn question_link(no: &str) -> String {
    format!("/questions/{no}")
}

pub fn to_submitter(no: &str, title: &str, event: &ToSubmitter) -> Text {
    let (what, detail) = match event {
        ToSubmitter::Accepted { department, due } => (
            "已受理",
            format!("您的留言已受理，转交{department}办理，将于 {due} 前答复。"),
        ),
        ToSubmitter::Answered { department } => (
            "已答复",
            format!("{department}已答复您的留言，请登录或用查询码查看答复，并评价办理结果。"),
        ),
        ToSubmitter::Rejected { reason } => {
            ("不予受理", format!("您的留言不予受理。理由：{reason}"))
        }
        ToSubmitter::Extended { due, reason } => (
            "办理期限延长",
            format!("您的留言办理期限延长至 {due}。理由：{reason}"),
        ),
    };
    Text {
        subject: format!("【网络问政】留言 {no} {what}"),
        body: format!("留言编号：{no}\n标题：{title}\n\n{detail}"),
        link: Some(question_link(no)),
    }
}

pub fn to_handlers(no: &str, title: &str, department: &str, event: &ToHandlers) -> Text {
    let (what, detail) = match event {
        ToHandlers::Routed { due } => (
            "新交办",
            format!("该留言已转交{department}办理，请于 {due} 前提交答复；如不属于本单位职责，请及时退回并说明理由。"),
        ),
        ToHandlers::SentBack { reason } => (
            "答复被退回重办",
            format!("网站办审核后退回了{department}提交的答复，请修改后重新提交。意见：{reason}"),
        ),
        ToHandlers::Supervised { note } => (
            "督办",
            format!("督办人员对{department}办理的该留言发出督办：{note}"),
        ),
        ToHandlers::TurnedYellow { due } => (
            "黄牌提醒",
            format!("该留言将于 {due} 到期（或刚刚超期），已亮黄牌，请{department}尽快答复。"),
        ),
        ToHandlers::FollowUp { due } => (
            "留言人追问",
            format!("留言人对{department}的答复提出追问，请于 {due} 前答复。"),
        ),
    };
    Text {
        subject: format!("【网络问政】留言 {no} {what}"),
        body: format!("留言编号：{no}\n标题：{title}\n\n{detail}"),
        link: Some(question_link(no)),
    }
}

/// One department's line in the supervisors' daily summary.
#[derive(Clone, Debug)]
pub struct SummaryLine {
    pub department: String,
    pub open: u64,
    pub yellow: u64,
    pub red: u64,
}

pub fn daily_summary(day: NaiveDate, lines: &[SummaryLine], late: &[(String, String)]) -> Text {
    let mut body = format!("{day} 网络问政办理情况（在办 / 黄牌 / 红牌）：\n\n");
    if lines.is_empty() {
        body.push_str("目前没有在办的留言。\n");
    }
    for l in lines {
        body.push_str(&format!(
            "{}：在办 {}，黄牌 {}，红牌 {}\n",
            l.department, l.open, l.yellow, l.red
        ));
    }
    if !late.is_empty() {
        body.push_str("\n红牌留言：\n");
        for (no, title) in late {
            body.push_str(&format!("{no} {title}\n"));
        }
    }
    let red: u64 = lines.iter().map(|l| l.red).sum();
    let yellow: u64 = lines.iter().map(|l| l.yellow).sum();
    Text {
        subject: format!("【网络问政】{day} 督办日报：红牌 {red}，黄牌 {yellow}"),
        body,
        link: Some("/supervision".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_names_the_tracking_number_and_links_the_question() {
        let due: NaiveDate = "2026-12-07".parse().unwrap();
        let no = "Q20261129-00001";
        let texts = [
            to_submitter(
                no,
                "路灯",
                &ToSubmitter::Accepted {
                    department: "区交通局",
                    due,
                },
            ),
            to_submitter(
                no,
                "路灯",
                &ToSubmitter::Answered {
                    department: "区交通局",
                },
            ),
            to_submitter(
                no,
                "路灯",
                &ToSubmitter::Rejected {
                    reason: "重复留言"
                },
            ),
            to_submitter(
                no,
                "路灯",
                &ToSubmitter::Extended {
                    due,
                    reason: "需协调",
                },
            ),
            to_handlers(no, "路灯", "区交通局", &ToHandlers::Routed { due }),
            to_handlers(
                no,
                "路灯",
                "区交通局",
                &ToHandlers::SentBack {
                    reason: "答非所问"
                },
            ),
            to_handlers(
                no,
                "路灯",
                "区交通局",
                &ToHandlers::Supervised { note: "请加快" },
            ),
            to_handlers(no, "路灯", "区交通局", &ToHandlers::TurnedYellow { due }),
            to_handlers(no, "路灯", "区交通局", &ToHandlers::FollowUp { due }),
        ];
        for t in &texts {
            assert!(t.subject.contains(no) && t.body.contains(no), "{t:?}");
            assert_eq!(t.link.as_deref(), Some("/questions/Q20261129-00001"));
        }
        assert!(texts[0].body.contains("区交通局") && texts[0].body.contains("2026-12-07"));
        assert!(texts[2].body.contains("重复留言"));
    }
}
