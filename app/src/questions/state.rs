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
}

impl Action {
    pub const ALL: [Action; 8] = [
        Action::Accept,
        Action::Reject,
        Action::Answer,
        Action::Extend,
        Action::Publish,
        Action::Unpublish,
        Action::Rate,
        Action::FollowUp,
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
        }
    }
}

/// At most this many working days may be added by the one extension.
pub const MAX_EXTENSION_DAYS: u32 = 10;

/// `Ok(facts after the action)` or the reason it is refused in this state.
pub fn apply(f: Facts, action: Action) -> Result<Facts, &'static str> {
    use Status::*;
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
        Action::Answer => match f.status {
            Accepted => Ok(Facts {
                status: Answered,
                ..f
            }),
            Answered => Err("该留言已经答复"),
            _ => Err("只有已受理、正在办理的留言可以答复"),
        },
        Action::Extend => match (f.status, f.extended) {
            (Accepted, false) => Ok(Facts {
                extended: true,
                ..f
            }),
            (Accepted, true) => Err("办理期限只能延长一次"),
            _ => Err("只有正在办理的留言可以延期"),
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
                ..f
            }),
            (Answered, true) => Err("每条留言只能追问一次"),
            _ => Err("答复后才能追问"),
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
}
