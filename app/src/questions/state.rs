//! The life of a question as a pure state machine: which action is allowed in which state.
//! The service loads the facts, asks here, then writes; refusals become 409 with the
//! Chinese message returned here.
use super::types::Status;

/// What decides whether an action is allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Facts {
    pub status: Status,
    pub is_public: bool,
    pub published: bool,
    pub extended: bool,
    pub rated: bool,
    pub followed_up: bool,
    /// Today is past the due date (extensions are asked for before it).
    pub past_due: bool,
    /// A handler's extension request waits for a moderator.
    pub extension_requested: bool,
    /// A follow-up (追问) waits for its answer.
    pub follow_up_open: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Accept,
    Reject,
    Answer,
    Extend,
    Publish,
    Unpublish,
    Rate,
    FollowUp,
    /// The department submits its answer for review.
    DraftAnswer,
    ApproveAnswer,
    /// 重办: the portal office sends the draft back to the department.
    SendBack,
    /// 退回: the department says the question is not theirs.
    Return,
    RequestExtension,
    DeclineExtension,
    AnswerFollowUp,
    /// 督办.
    Supervise,
}

impl Action {
    pub const ALL: [Action; 16] = [
        Action::Accept,
        Action::Reject,
        Action::Answer,
        Action::Extend,
        Action::Publish,
        Action::Unpublish,
        Action::Rate,
        Action::FollowUp,
        Action::DraftAnswer,
        Action::ApproveAnswer,
        Action::SendBack,
        Action::Return,
        Action::RequestExtension,
        Action::DeclineExtension,
        Action::AnswerFollowUp,
        Action::Supervise,
    ];

    /// The event name written to the history.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Accept => "accept",
            Action::Reject => "reject",
            Action::Answer => "answer",
            Action::Extend => "extend",
            Action::Publish => "publish",
            Action::Unpublish => "unpublish",
            Action::Rate => "rate",
            Action::FollowUp => "follow_up",
            Action::DraftAnswer => "draft_answer",
            Action::ApproveAnswer => "approve_answer",
            Action::SendBack => "send_back",
            Action::Return => "return",
            Action::RequestExtension => "extension_request",
            Action::DeclineExtension => "decline_extension",
            Action::AnswerFollowUp => "follow_up_answer",
            Action::Supervise => "supervise",
        }
    }
}

/// Working days one extension may add at most, whatever the per-kind totals say.
pub const MAX_EXTENSION_DAYS: u32 = 60;

/// `Ok(facts after the action)` or the reason it is refused in this state.
pub fn apply(f: Facts, action: Action) -> Result<Facts, &'static str> {
    use Status::*;
    let in_hand = matches!(f.status, Accepted | AnswerReview);
    match action {
        Action::Accept => match f.status {
            Pending => Ok(Facts {
                status: Accepted,
                ..f
            }),
            _ => Err("只有待审核的留言可以受理"),
        },
        Action::Reject => match f.status {
            Pending => Ok(Facts {
                status: Rejected,
                ..f
            }),
            _ => Err("只有待审核的留言可以不予受理"),
        },
        // The portal office may answer directly, also over a draft under review.
        Action::Answer => match f.status {
            Accepted | AnswerReview => Ok(Facts {
                status: Answered,
                extension_requested: false,
                ..f
            }),
            Answered => Err("该留言已经答复"),
            _ => Err("只有已受理、正在办理的留言可以答复"),
        },
        Action::Extend => match (f.status, f.extended, f.past_due) {
            (Accepted, false, false) => Ok(Facts {
                extended: true,
                extension_requested: false,
                ..f
            }),
            (Accepted, true, _) => Err("办理期限只能延长一次"),
            (Accepted, false, true) => Err("办理期限已过，不能再延期"),
            _ => Err("只有正在办理的留言可以延期"),
        },
        Action::RequestExtension => {
            match (f.status, f.extended, f.extension_requested, f.past_due) {
                (Accepted, false, false, false) => Ok(Facts {
                    extension_requested: true,
                    ..f
                }),
                (Accepted, true, _, _) => Err("办理期限只能延长一次"),
                (Accepted, _, true, _) => Err("已有待审批的延期申请"),
                (Accepted, _, _, true) => Err("办理期限已过，不能再申请延期"),
                _ => Err("只有正在办理的留言可以申请延期"),
            }
        }
        Action::DeclineExtension => match f.extension_requested {
            true => Ok(Facts {
                extension_requested: false,
                ..f
            }),
            false => Err("没有待审批的延期申请"),
        },
        Action::DraftAnswer => match f.status {
            Accepted => Ok(Facts {
                status: AnswerReview,
                ..f
            }),
            AnswerReview => Err("答复已提交审核，请等待审核结果"),
            _ => Err("只有正在办理的留言可以提交答复"),
        },
        Action::ApproveAnswer => match f.status {
            AnswerReview => Ok(Facts {
                status: Answered,
                extension_requested: false,
                ..f
            }),
            _ => Err("没有待审核的答复"),
        },
        Action::SendBack => match f.status {
            AnswerReview => Ok(Facts {
                status: Accepted,
                ..f
            }),
            _ => Err("没有待审核的答复"),
        },
        Action::Return => match f.status {
            Accepted => Ok(Facts {
                status: Pending,
                extended: false,
                extension_requested: false,
                ..f
            }),
            AnswerReview => Err("答复已提交审核，不能退回"),
            _ => Err("只有正在办理的留言可以退回"),
        },
        Action::Publish => match (f.status, f.is_public, f.published) {
            (Answered, true, false) => Ok(Facts {
                published: true,
                ..f
            }),
            (Answered, true, true) => Err("该留言已经公开"),
            (Answered, false, _) => Err("留言人未同意公开，不能公开"),
            _ => Err("只有已答复的留言可以公开"),
        },
        Action::Unpublish => match f.published {
            true => Ok(Facts {
                published: false,
                ..f
            }),
            false => Err("该留言尚未公开"),
        },
        Action::Rate => match (f.status, f.rated) {
            (Answered, false) => Ok(Facts { rated: true, ..f }),
            (Answered, true) => Err("已经评价过，不能重复评价"),
            _ => Err("答复后才能评价"),
        },
        Action::FollowUp => match (f.status, f.followed_up) {
            (Answered, false) => Ok(Facts {
                followed_up: true,
                follow_up_open: true,
                ..f
            }),
            (Answered, true) => Err("每条留言只能追问一次"),
            _ => Err("答复后才能追问"),
        },
        Action::AnswerFollowUp => match f.follow_up_open {
            true => Ok(Facts {
                follow_up_open: false,
                ..f
            }),
            false => Err("没有待答复的追问"),
        },
        Action::Supervise => match in_hand || f.follow_up_open {
            true => Ok(f),
            false => Err("只有正在办理的留言可以督办"),
        },
    }
}

#[cfg(test)]
mod tests;
