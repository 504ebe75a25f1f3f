//! The state machine's table of transitions, its refusals and what each transition leaves.
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
