//! Submitting a question: parsing every field at once, the rate limit and, for anonymous
//! submitters, the one-time query code. Numbering and storing is `submit_batch`'s.
use super::submit_batch::Submission;
use super::{department_names, to_question, Viewer};
use crate::admin::departments;
use crate::auth::caps::Caller;
use crate::error::{AppError, FieldErrors};
use crate::input::Number;
use crate::platform::{query_code as codes, rate_limit::Limit, AppState};
use crate::questions::types::{
    parse_email, parse_phone, parse_text, Contact, Kind, Submitted, BODY_MAX, TITLE_MAX,
};

/// A submission as it arrives, before parsing: the REST body and what the form's server
/// function assembles from its fields.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct SubmitInput {
    /// Parsed by the service so that a wrong value is a field error on `kind`.
    #[schema(value_type = crate::questions::types::Kind)]
    pub kind: String,
    /// 2–60 characters.
    #[schema(min_length = 2, max_length = 60, pattern = "\\S.*\\S")]
    pub title: String,
    /// 5–3000 characters.
    #[schema(min_length = 5, max_length = 3000, pattern = "\\S")]
    pub body: String,
    #[serde(default)]
    #[schema(value_type = Option<i32>)]
    pub department_id: Option<Number>,
    pub is_public: bool,
    #[serde(default)]
    pub contact: Option<Contact>,
    /// Whether the submitter consented to the 个人信息处理告知 the client showed them:
    /// `false` is refused (422 on `consent`); absent is recorded as no consent given, for
    /// clients written before the field (the portal's own form always sends it).
    #[serde(default)]
    pub consent: Option<bool>,
}

struct Parsed {
    kind: Kind,
    title: String,
    body: String,
    department_id: Option<i32>,
    contact: Option<Contact>,
}

/// Every field at once; anonymous submitters must leave a name and a phone or e-mail.
fn parse(input: &SubmitInput, anonymous: bool) -> Result<Parsed, AppError> {
    let mut errors = FieldErrors::new();
    let kind = errors.check("kind", Kind::parse(&input.kind));
    let title = errors.check("title", parse_text(&input.title, "标题", 2, TITLE_MAX));
    let body = errors.check("body", parse_text(&input.body, "留言内容", 5, BODY_MAX));
    // A form's empty choice is no department.
    let department_id = match input.department_id.as_ref().filter(|d| !d.is_blank()) {
        Some(d) => errors.check(
            "department_id",
            d.value::<i32>().ok_or_else(|| "请选择部门".to_string()),
        ),
        None => None,
    };
    if input.consent == Some(false) {
        errors.add("consent", crate::components::privacy::CONSENT_REQUIRED);
    }
    let blank = |s: &Option<String>| s.as_deref().map(str::trim).unwrap_or("").is_empty();
    let contact = match &input.contact {
        Some(c) if !(c.name.trim().is_empty() && blank(&c.phone) && blank(&c.email)) => {
            let name = errors.check("contact.name", parse_text(&c.name, "联系人姓名", 1, 30));
            let phone = match c.phone.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
                Some(p) => errors.check("contact.phone", parse_phone(p)),
                None => None,
            };
            let email = match c.email.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
                Some(e) => errors.check("contact.email", parse_email(e)),
                None => None,
            };
            if blank(&c.phone) && blank(&c.email) {
                errors.add("contact.phone", "请留下手机号码或电子邮箱，至少一项");
            }
            name.map(|name| Contact { name, phone, email })
        }
        _ => {
            if anonymous {
                errors.add("contact.name", "未登录时请填写联系人姓名");
                errors.add(
                    "contact.phone",
                    "未登录时请留下手机号码或电子邮箱，至少一项",
                );
            }
            None
        }
    };
    errors.into_result()?;
    match (kind, title, body) {
        (Some(kind), Some(title), Some(body)) => Ok(Parsed {
            kind,
            title,
            body,
            department_id,
            contact,
        }),
        _ => Err(AppError::Internal),
    }
}

fn anonymous_limit(state: &AppState) -> Limit {
    Limit::per_hour(state.config.anonymous_questions_per_hour)
}

pub async fn submit(
    state: &AppState,
    caller: &Caller,
    input: SubmitInput,
) -> Result<Submitted, AppError> {
    let (user, ip) = (caller.user(), caller.ip);
    let anonymous = user.is_none();
    let p = parse(&input, anonymous)?;
    if let Some(id) = p.department_id {
        departments::require_active(&state.db, id, "department_id").await?;
    }
    // Counted when the batch commits, in the same transaction as the question.
    let (bucket, limit) = match user {
        None => (format!("question:ip:{ip}"), anonymous_limit(state)),
        Some(u) => (
            format!("question:user:{}", u.id),
            Limit::per_hour(state.config.account_questions_per_hour),
        ),
    };
    let code = anonymous.then(codes::new_code);
    let m = state
        .submissions
        .submit(Submission {
            submitter: user.cloned(),
            kind: p.kind,
            title: p.title,
            body: p.body,
            department_id: p.department_id,
            contact: p.contact,
            is_public: input.is_public,
            consent: input.consent == Some(true),
            code_hash: code.as_deref().map(|c| codes::hash(&state.secrets, c)),
            today: state.clock.today(),
            bucket,
            limit,
        })
        .await?;
    let names = department_names(&state.reads, std::slice::from_ref(&m)).await?;
    Ok(Submitted {
        question: to_question(&m, &names, Viewer::Submitter)?,
        query_code: code,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> SubmitInput {
        SubmitInput {
            kind: "help".into(),
            title: "医保报销咨询".into(),
            body: "请问城乡居民医保门诊报销比例是多少？".into(),
            department_id: None,
            is_public: true,
            contact: None,
            consent: Some(true),
        }
    }

    #[test]
    fn a_refused_consent_is_a_field_error_and_an_absent_one_is_not() {
        let refused = SubmitInput {
            consent: Some(false),
            ..input()
        };
        let e = parse(&refused, false).err().unwrap();
        assert_eq!(
            e.field("consent").as_deref(),
            Some(crate::components::privacy::CONSENT_REQUIRED)
        );
        let absent = SubmitInput {
            consent: None,
            ..input()
        };
        assert!(parse(&absent, false).is_ok());
    }

    #[test]
    fn anonymous_needs_contact_and_logged_in_does_not() {
        let e = parse(&input(), true).err().unwrap();
        assert!(e.field("contact.name").is_some() && e.field("contact.phone").is_some());
        assert!(parse(&input(), false).is_ok());
        let with = SubmitInput {
            contact: Some(Contact {
                name: "张三".into(),
                phone: None,
                email: Some("zs@example.com".into()),
            }),
            ..input()
        };
        assert!(parse(&with, true).is_ok());
    }

    #[test]
    fn every_field_is_reported_at_once() {
        let bad = SubmitInput {
            kind: "praise".into(),
            title: "".into(),
            body: "短".into(),
            ..input()
        };
        let e = parse(&bad, false).err().unwrap();
        for f in ["kind", "title", "body"] {
            assert!(e.field(f).is_some(), "{f}");
        }
    }
}
