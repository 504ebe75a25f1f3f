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
mod tests {
    use super::*;
    use Status::*;

    fn facts(status: Status) -> Facts {
        Facts {
            status,
            is_public: true,
            published: false,
            extended: false,
            rated: false,
            followed_up: false,
            past_due: false,
            extension_requested: false,
            follow_up_open: false,
        }
    }

    /// Every (state, action) pair, with the expected verdict.
    #[test]
    fn transition_table() {
        let allowed: &[(Status, Action)] = &[
            (Pending, Action::Accept),
            (Pending, Action::Reject),
            (Accepted, Action::Answer),
            (Accepted, Action::Extend),
            (Answered, Action::Publish),
            (Answered, Action::Rate),
            (Answered, Action::FollowUp),
            (Accepted, Action::RequestExtension),
            (Accepted, Action::DraftAnswer),
            (Accepted, Action::Return),
            (Accepted, Action::Supervise),
            (AnswerReview, Action::Answer),
            (AnswerReview, Action::ApproveAnswer),
            (AnswerReview, Action::SendBack),
            (AnswerReview, Action::Supervise),
        ];
        for status in Status::ALL {
            for action in Action::ALL {
                let got = apply(facts(*status), action);
                let expect = allowed.contains(&(*status, action));
                assert_eq!(got.is_ok(), expect, "{status:?} + {action:?} → {got:?}");
                if let Err(msg) = got {
                    assert!(!msg.is_empty());
                }
            }
        }
    }

    #[test]
    fn states_after_allowed_transitions() {
        assert_eq!(
            apply(facts(Pending), Action::Accept).unwrap().status,
            Accepted
        );
        assert_eq!(
            apply(facts(Pending), Action::Reject).unwrap().status,
            Rejected
        );
        assert_eq!(
            apply(facts(Accepted), Action::Answer).unwrap().status,
            Answered
        );
        let ext = apply(facts(Accepted), Action::Extend).unwrap();
        assert!(ext.extended && ext.status == Accepted);
        assert!(apply(facts(Answered), Action::Publish).unwrap().published);
    }

    #[test]
    fn extension_only_once() {
        let once = apply(facts(Accepted), Action::Extend).unwrap();
        assert_eq!(apply(once, Action::Extend), Err("办理期限只能延长一次"));
    }

    #[test]
    fn publish_needs_consent_and_answer() {
        let private = Facts {
            is_public: false,
            ..facts(Answered)
        };
        assert_eq!(
            apply(private, Action::Publish),
            Err("留言人未同意公开，不能公开")
        );
        let published = apply(facts(Answered), Action::Publish).unwrap();
        assert!(apply(published, Action::Publish).is_err());
        let back = apply(published, Action::Unpublish).unwrap();
        assert!(!back.published);
        assert!(apply(back, Action::Unpublish).is_err());
        // Unpublished again, it may be published again.
        assert!(apply(back, Action::Publish).is_ok());
    }

    #[test]
    fn rating_and_follow_up_once_each() {
        let rated = apply(facts(Answered), Action::Rate).unwrap();
        assert!(apply(rated, Action::Rate).is_err());
        assert!(apply(rated, Action::FollowUp).is_ok());
        let asked = apply(rated, Action::FollowUp).unwrap();
        assert!(apply(asked, Action::FollowUp).is_err());
    }

    #[test]
    fn answered_questions_cannot_be_answered_again() {
        assert_eq!(
            apply(facts(Answered), Action::Answer),
            Err("该留言已经答复")
        );
        assert!(apply(facts(Rejected), Action::Accept).is_err());
    }

    #[test]
    fn extensions_are_asked_for_before_the_due_date() {
        let late = Facts {
            past_due: true,
            ..facts(Accepted)
        };
        assert_eq!(apply(late, Action::Extend), Err("办理期限已过，不能再延期"));
        assert!(apply(late, Action::RequestExtension).is_err());
        let asked = apply(facts(Accepted), Action::RequestExtension).unwrap();
        assert_eq!(
            apply(asked, Action::RequestExtension),
            Err("已有待审批的延期申请")
        );
        let granted = apply(asked, Action::Extend).unwrap();
        assert!(granted.extended && !granted.extension_requested);
        assert!(apply(granted, Action::RequestExtension).is_err());
        let declined = apply(asked, Action::DeclineExtension).unwrap();
        assert!(!declined.extension_requested);
        assert!(apply(declined, Action::DeclineExtension).is_err());
    }

    #[test]
    fn drafts_are_reviewed_and_returns_go_back_to_triage() {
        let review = apply(facts(Accepted), Action::DraftAnswer).unwrap();
        assert_eq!(review.status, AnswerReview);
        assert_eq!(apply(review, Action::SendBack).unwrap().status, Accepted);
        assert_eq!(
            apply(review, Action::ApproveAnswer).unwrap().status,
            Answered
        );
        assert!(apply(review, Action::Return).is_err());
        let extended = Facts {
            extended: true,
            extension_requested: true,
            ..facts(Accepted)
        };
        let back = apply(extended, Action::Return).unwrap();
        // The next department starts afresh.
        assert_eq!(back.status, Pending);
        assert!(!back.extended && !back.extension_requested);
    }

    #[test]
    fn follow_ups_are_answered_once_and_may_be_supervised() {
        let asked = apply(facts(Answered), Action::FollowUp).unwrap();
        assert!(asked.follow_up_open);
        assert!(apply(asked, Action::Supervise).is_ok());
        let done = apply(asked, Action::AnswerFollowUp).unwrap();
        assert!(apply(done, Action::AnswerFollowUp).is_err());
        assert!(apply(done, Action::Supervise).is_err());
    }

    /// Each refusal says why, in the words the service shows (the 409's message).
    #[test]
    fn refusals_name_their_reason() {
        let extended = Facts {
            extended: true,
            ..facts(Accepted)
        };
        let late = Facts {
            past_due: true,
            ..facts(Accepted)
        };
        let review = facts(AnswerReview);
        let published = Facts {
            published: true,
            ..facts(Answered)
        };
        let rated = Facts {
            rated: true,
            ..facts(Answered)
        };
        let followed = Facts {
            followed_up: true,
            ..facts(Answered)
        };
        let cases: &[(Facts, Action, &str)] = &[
            (extended, Action::RequestExtension, "办理期限只能延长一次"),
            (
                late,
                Action::RequestExtension,
                "办理期限已过，不能再申请延期",
            ),
            (
                facts(Answered),
                Action::RequestExtension,
                "只有正在办理的留言可以申请延期",
            ),
            (
                review,
                Action::DraftAnswer,
                "答复已提交审核，请等待审核结果",
            ),
            (
                facts(Pending),
                Action::DraftAnswer,
                "只有正在办理的留言可以提交答复",
            ),
            (review, Action::Return, "答复已提交审核，不能退回"),
            (facts(Pending), Action::Return, "只有正在办理的留言可以退回"),
            (published, Action::Publish, "该留言已经公开"),
            (facts(Accepted), Action::Publish, "只有已答复的留言可以公开"),
            (rated, Action::Rate, "已经评价过，不能重复评价"),
            (facts(Accepted), Action::Rate, "答复后才能评价"),
            (followed, Action::FollowUp, "每条留言只能追问一次"),
            (facts(Accepted), Action::FollowUp, "答复后才能追问"),
        ];
        for (f, action, reason) in cases {
            assert_eq!(apply(*f, *action), Err(*reason), "{f:?} + {action:?}");
        }
    }

    /// An answer settles a handler's pending extension request: nobody is left to approve it.
    #[test]
    fn an_answer_clears_a_pending_extension_request() {
        let asked = apply(facts(Accepted), Action::RequestExtension).unwrap();
        assert!(asked.extension_requested);
        assert!(!apply(asked, Action::Answer).unwrap().extension_requested);
        let under_review = Facts {
            status: AnswerReview,
            ..asked
        };
        assert!(
            !apply(under_review, Action::Answer)
                .unwrap()
                .extension_requested
        );
        assert!(
            !apply(under_review, Action::ApproveAnswer)
                .unwrap()
                .extension_requested
        );
    }

    /// The history's event names: distinct, and short enough for `question_events.action`.
    #[test]
    fn action_names_are_the_history_events() {
        let names: Vec<&str> = Action::ALL.iter().map(|a| a.as_str()).collect();
        assert_eq!(
            names,
            [
                "accept",
                "reject",
                "answer",
                "extend",
                "publish",
                "unpublish",
                "rate",
                "follow_up",
                "draft_answer",
                "approve_answer",
                "send_back",
                "return",
                "extension_request",
                "decline_extension",
                "follow_up_answer",
                "supervise",
            ]
        );
        assert!(names.iter().all(|n| n.len() <= 24));
    }
}
