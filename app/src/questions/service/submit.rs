//! Submitting a question: parsing every field at once, the per-day tracking number and,
//! for anonymous submitters, the rate limit and the one-time query code.
use super::{department_names, record_event, to_question, Viewer};
use crate::admin::departments;
use crate::auth::caps::Caller;
use crate::auth::User;
use crate::entities::{questions, tracking_counters};
use crate::error::{AppError, FieldErrors};
use crate::input::Number;
use crate::platform::{query_code as codes, rate_limit, rate_limit::Limit, AppState};
use crate::questions::types::{
    parse_email, parse_phone, parse_text, Contact, Kind, Overdue, Status, Submitted, BODY_MAX,
    TITLE_MAX,
};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    sea_query::{Expr, ExprTrait, OnConflict},
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
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

/// The next `Q<yyyymmdd>-<nnnnn>` of the day, from the day's counter row incremented in
/// the caller's transaction: PostgreSQL's row lock (or SQLite's single writer) hands each
/// serial out once, and a rolled-back submission gives its serial back. Past 99,999 a day
/// the serial simply grows a digit.
async fn next_tracking_no(
    txn: &impl sea_orm::ConnectionTrait,
    today: NaiveDate,
) -> Result<String, AppError> {
    let day = today.format("%Y%m%d").to_string();
    let prefix = format!("Q{day}-");
    if tracking_counters::Entity::find_by_id(day.clone())
        .one(txn)
        .await?
        .is_none()
    {
        // The day's first submission: carry on after any number already given today
        // (by a server from before the counters, or in a restored copy).
        let start = highest_serial(txn, &day).await?;
        tracking_counters::Entity::insert(tracking_counters::ActiveModel {
            day: Set(day.clone()),
            last_serial: Set(start),
        })
        .on_conflict(
            OnConflict::column(tracking_counters::Column::Day)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(txn)
        .await
        .or_else(|e| match e {
            sea_orm::DbErr::RecordNotInserted => Ok(0),
            e => Err(e),
        })?;
    }
    tracking_counters::Entity::update_many()
        .col_expr(
            tracking_counters::Column::LastSerial,
            Expr::col(tracking_counters::Column::LastSerial).add(1),
        )
        .filter(tracking_counters::Column::Day.eq(day.as_str()))
        .exec(txn)
        .await?;
    let serial = tracking_counters::Entity::find_by_id(day)
        .one(txn)
        .await?
        .ok_or(AppError::Internal)?
        .last_serial;
    Ok(format!("{prefix}{serial:05}"))
}

/// The highest serial among the day's tracking numbers: the longest number first, so that
/// `…-100000` counts as higher than `…-99999`.
async fn highest_serial(db: &impl sea_orm::ConnectionTrait, day: &str) -> Result<i32, AppError> {
    // A range on the unique index rather than LIKE: index-friendly on every backend.
    let (lower, upper) = (format!("Q{day}-"), format!("Q{day}."));
    let last: Option<String> = questions::Entity::find()
        .select_only()
        .column(questions::Column::TrackingNo)
        .filter(questions::Column::TrackingNo.gte(lower.as_str()))
        .filter(questions::Column::TrackingNo.lt(upper.as_str()))
        .order_by_desc(Expr::cust("LENGTH(tracking_no)"))
        .order_by_desc(questions::Column::TrackingNo)
        .into_tuple()
        .one(db)
        .await?;
    Ok(last
        .and_then(|no| no[lower.len()..].parse::<i32>().ok())
        .unwrap_or(0))
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
    match user {
        None => {
            let bucket = format!("question:ip:{ip}");
            rate_limit::take(&state.db, &bucket, anonymous_limit(state)).await?;
        }
        Some(u) => {
            let limit = Limit::per_hour(state.config.account_questions_per_hour);
            rate_limit::take(&state.db, &format!("question:user:{}", u.id), limit).await?;
        }
    }
    let code = anonymous.then(codes::new_code);
    let today = state.clock.today();
    let code_hash = code.as_deref().map(|c| codes::hash(&state.secrets, c));
    let m = insert_numbered(&state.db, user, &p, &input, code_hash, today).await?;
    let names = department_names(&state.db, std::slice::from_ref(&m)).await?;
    Ok(Submitted {
        question: to_question(&m, &names, Viewer::Submitter)?,
        query_code: code,
    })
}

async fn insert_numbered(
    db: &DatabaseConnection,
    user: Option<&User>,
    p: &Parsed,
    input: &SubmitInput,
    code_hash: Option<String>,
    today: NaiveDate,
) -> Result<questions::Model, AppError> {
    let txn = db.begin().await?;
    let tracking_no = next_tracking_no(&txn, today).await?;
    let m = questions::ActiveModel {
        tracking_no: Set(tracking_no),
        kind: Set(p.kind.as_str().to_string()),
        title: Set(p.title.clone()),
        body: Set(p.body.clone()),
        status: Set(Status::Pending.as_str().to_string()),
        is_public: Set(input.is_public),
        published: Set(false),
        department_id: Set(p.department_id),
        submitter_id: Set(user.map(|u| u.id)),
        contact_name: Set(p.contact.as_ref().map(|c| c.name.clone())),
        contact_phone: Set(p.contact.as_ref().and_then(|c| c.phone.clone())),
        contact_email: Set(p.contact.as_ref().and_then(|c| c.email.clone())),
        query_code_hash: Set(code_hash),
        submitted_at: Set(Utc::now()),
        extended: Set(false),
        overdue: Set(Overdue::None.as_str().to_string()),
        consent_at: Set((input.consent == Some(true)).then(Utc::now)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let detail = format!("提交{}：{}", p.kind.label(), m.tracking_no);
    record_event(&txn, m.id, user, "submit", detail).await?;
    super::derived::index(&txn, &m).await?;
    txn.commit().await?;
    Ok(m)
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
