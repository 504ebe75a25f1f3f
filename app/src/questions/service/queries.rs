//! Reading questions: the public list (published only, masked), the moderation queue
//! (overdue first), "my questions", one question for its viewer, and the alarm list.
//!
//! Text filters go to [`search`](super::search). Totals of the public list come from the
//! tallies, so a list does not count a million rows.
use super::derived;
use super::search::search_page;
use super::{
    department_names, rows_and_names, to_question, viewer_checked, with_department_names, Viewer,
};
use crate::auth::caps::{Caller, Handler, Moderator, SignedIn, Supervisor};
use crate::entities::{question_events, question_notes, questions};
use crate::error::AppError;
use crate::fulltext::query_terms;
pub use crate::input::At;
use crate::input::Cursor;
use crate::platform::time::{district_offset, rfc3339};
use crate::platform::Secrets;
use crate::questions::overdue::ALARM_AFTER_DAYS;
use crate::questions::types::{
    Contact, Event, Filters, Note, Question, QuestionPage, QuestionView, Status,
};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use sea_orm::{
    sea_query::Expr, ColumnTrait, Condition, ConnectionTrait, EntityTrait, Order, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, Select,
};

fn month_range(y: i32, m: u32) -> Option<(chrono::DateTime<Utc>, chrono::DateTime<Utc>)> {
    let start = NaiveDate::from_ymd_opt(y, m, 1)?;
    let end = if m == 12 {
        NaiveDate::from_ymd_opt(y + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(y, m + 1, 1)?
    };
    let at = |d: NaiveDate| {
        district_offset()
            .from_local_datetime(&d.and_hms_opt(0, 0, 0)?)
            .single()
            .map(|t| t.with_timezone(&Utc))
    };
    Some((at(start)?, at(end)?))
}

fn filtered(mut q: Select<questions::Entity>, f: &Filters) -> Select<questions::Entity> {
    if let Some(k) = f.kind {
        q = q.filter(questions::Column::Kind.eq(k.as_str()));
    }
    if let Some(d) = f.department_id {
        q = q.filter(questions::Column::DepartmentId.eq(d));
    }
    if let Some(s) = f.status {
        q = q.filter(questions::Column::Status.eq(s.as_str()));
    }
    if let Some(o) = f.overdue {
        q = q.filter(questions::Column::Overdue.eq(o.as_str()));
    }
    if let Some((from, to)) = f.month.and_then(|(y, m)| month_range(y, m)) {
        q = q
            .filter(questions::Column::SubmittedAt.gte(from))
            .filter(questions::Column::SubmittedAt.lt(to));
    }
    q
}

/// A list's sort key of a row, and its id (the tie-break): what a cursor holds.
type SortKey = fn(&questions::Model) -> (i64, i32);

/// The public list's sort key: the submission time to the nanosecond.
fn submitted_key(m: &questions::Model) -> (i64, i32) {
    (
        m.submitted_at.timestamp_nanos_opt().unwrap_or(i64::MAX),
        m.id,
    )
}

/// Text with no searchable term (punctuation only) matches nothing.
fn no_terms(f: &Filters) -> bool {
    f.q.as_deref()
        .is_some_and(|q| !q.trim().is_empty() && query_terms(q).is_empty())
}

fn empty(page: u64, per_page: u64) -> QuestionPage {
    QuestionPage {
        items: Vec::new(),
        total: 0,
        total_capped: false,
        page: page.max(1),
        per_page,
        next: None,
    }
}

/// Where a page's total comes from.
enum Total {
    Known(u64),
    Count,
}

/// One page of `q` by offset (a cursor's seek is already in `q`). With `keyed`, the page
/// names the cursor of the next one by that sort key.
async fn page_of(
    db: &impl ConnectionTrait,
    q: Select<questions::Entity>,
    total: Total,
    viewer: Viewer,
    at: At,
    per_page: u64,
    keyed: Option<SortKey>,
) -> Result<QuestionPage, AppError> {
    let total = match total {
        Total::Known(n) => n,
        Total::Count => q.clone().count(db).await?,
    };
    let page = at.page();
    let offset = match at {
        At::Number(_) => (page - 1) * per_page,
        At::After(_) => 0,
    };
    let mut select = q.offset(offset).limit(per_page).into_query();
    with_department_names(&mut select);
    let found = db
        .query_all_raw(db.get_database_backend().build(&select))
        .await?;
    let (rows, names) = rows_and_names(&found)?;
    let more = page * per_page < total;
    let next =
        keyed.and_then(|key| Cursor::after_page(&rows, page, per_page, more, |m| Some(key(m))));
    Ok(QuestionPage {
        items: rows
            .iter()
            .map(|m| to_question(m, &names, viewer))
            .collect::<Result<_, _>>()?,
        total,
        total_capped: false,
        page,
        per_page,
        next,
    })
}

/// Published questions, newest first, personal data masked.
///
/// A page is asked for by number or, deeper, after the `next` cursor of the page before:
/// that page seeks on the (published, submitted_at) index instead of skipping rows.
pub async fn public_list(
    db: &impl ConnectionTrait,
    f: &Filters,
    at: At,
    per_page: u64,
) -> Result<QuestionPage, AppError> {
    if no_terms(f) {
        return Ok(empty(at.page(), per_page));
    }
    let base = filtered(questions::Entity::find(), f).filter(questions::Column::Published.eq(true));
    if let Some(p) = search_page(db, base.clone(), f, Viewer::Public, at, per_page).await? {
        return Ok(p);
    }
    let total = match derived::published_total(db, f).await? {
        Some(n) => Total::Known(n),
        None => Total::Count,
    };
    let mut q = base
        .order_by_desc(questions::Column::SubmittedAt)
        .order_by_desc(questions::Column::Id);
    if let At::After(c) = at {
        // `submitted_at <= t` is the index range; the rest breaks ties within t.
        let t = chrono::DateTime::from_timestamp_nanos(c.key);
        q = q.filter(questions::Column::SubmittedAt.lte(t)).filter(
            Condition::any()
                .add(questions::Column::SubmittedAt.lt(t))
                .add(questions::Column::Id.lt(c.id)),
        );
    }
    page_of(
        db,
        q,
        total,
        Viewer::Public,
        at,
        per_page,
        Some(submitted_key),
    )
    .await
}

/// The latest answers the public may read, newest answer first (the home page's list).
pub async fn latest_answered(db: &impl ConnectionTrait, n: u64) -> Result<Vec<Question>, AppError> {
    let q = questions::Entity::find()
        .filter(questions::Column::Published.eq(true))
        .filter(questions::Column::AnsweredAt.is_not_null())
        .order_by_desc(questions::Column::AnsweredAt)
        .order_by_desc(questions::Column::Id);
    Ok(page_of(
        db,
        q,
        Total::Known(0),
        Viewer::Public,
        At::Number(1),
        n,
        None,
    )
    .await?
    .items)
}

/// Every question for moderators, in the staff queue's order.
pub async fn moderation_list(
    db: &impl ConnectionTrait,
    _: &Moderator,
    f: &Filters,
    page: u64,
    per_page: u64,
) -> Result<QuestionPage, AppError> {
    staff_queue(db, questions::Entity::find(), f, page, per_page).await
}

/// A staff queue over `base`: red cards, then yellow, then 督办; then what waits on the
/// office (new, answers to review), then work in hand (including open follow-ups); newest
/// first within each. A text search lists the newest matches first.
pub(super) async fn staff_queue(
    db: &impl ConnectionTrait,
    base: Select<questions::Entity>,
    f: &Filters,
    page: u64,
    per_page: u64,
) -> Result<QuestionPage, AppError> {
    if no_terms(f) {
        return Ok(empty(page, per_page));
    }
    let base = filtered(base, f);
    if let Some(p) = search_page(
        db,
        base.clone(),
        f,
        Viewer::Moderator,
        At::Number(page),
        per_page,
    )
    .await?
    {
        return Ok(p);
    }
    let q = base
        .order_by(
            Expr::cust("CASE overdue WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 ELSE 2 END"),
            Order::Asc,
        )
        .order_by(
            Expr::cust("CASE WHEN last_supervised_at IS NULL THEN 1 ELSE 0 END"),
            Order::Asc,
        )
        .order_by(
            Expr::cust(
                "CASE WHEN status = 'pending' THEN 0 WHEN status = 'answer_review' THEN 1 \
                 WHEN status = 'accepted' THEN 2 \
                 WHEN follow_up IS NOT NULL AND follow_up_answer IS NULL THEN 2 ELSE 3 END",
            ),
            Order::Asc,
        )
        .order_by_desc(questions::Column::SubmittedAt)
        .order_by_desc(questions::Column::Id);
    page_of(
        db,
        q,
        Total::Count,
        Viewer::Moderator,
        At::Number(page),
        per_page,
        None,
    )
    .await
}

pub async fn mine(
    db: &impl ConnectionTrait,
    user: &SignedIn,
    page: u64,
    per_page: u64,
) -> Result<QuestionPage, AppError> {
    let q = questions::Entity::find()
        .filter(questions::Column::SubmitterId.eq(user.id))
        .order_by_desc(questions::Column::SubmittedAt)
        .order_by_desc(questions::Column::Id);
    page_of(
        db,
        q,
        Total::Count,
        Viewer::Submitter,
        At::Number(page),
        per_page,
        None,
    )
    .await
}

/// Unanswered valid questions older than the alarm age, oldest first.
pub async fn alarm(db: &impl ConnectionTrait, _: &Moderator) -> Result<Vec<Question>, AppError> {
    let cutoff = Utc::now() - Duration::days(ALARM_AFTER_DAYS);
    let rows = questions::Entity::find()
        .filter(questions::Column::Status.is_in([
            Status::Pending.as_str(),
            Status::Accepted.as_str(),
            Status::AnswerReview.as_str(),
        ]))
        .filter(questions::Column::SubmittedAt.lt(cutoff))
        .order_by_asc(questions::Column::SubmittedAt)
        .limit(200)
        .all(db)
        .await?;
    let names = department_names(db, &rows).await?;
    rows.iter()
        .map(|m| to_question(m, &names, Viewer::Moderator))
        .collect()
}

/// One question as `caller` (or the holder of `query_code`) may see it; 404 otherwise.
pub async fn get(
    db: &impl ConnectionTrait,
    secrets: &Secrets,
    caller: &Caller,
    no: &str,
    query_code: Option<&str>,
) -> Result<(Question, Viewer), AppError> {
    let m = super::find_by_no(db, no).await?;
    let viewer = viewer_checked(db, secrets, &m, caller, query_code)
        .await?
        .ok_or(AppError::NotFound)?;
    let names = department_names(db, std::slice::from_ref(&m)).await?;
    let q = super::with_history(db, to_question(&m, &names, viewer)?, m.id, viewer).await?;
    Ok((q, viewer))
}

/// The detail page's view: the question, its timeline, and for staff the names of who did
/// what; the contact for those who answer (the office, the department's handlers), internal
/// notes for the office only.
pub async fn view(
    db: &impl ConnectionTrait,
    secrets: &Secrets,
    caller: &Caller,
    no: &str,
    query_code: Option<&str>,
) -> Result<QuestionView, AppError> {
    let m = super::find_by_no(db, no).await?;
    let viewer = viewer_checked(db, secrets, &m, caller, query_code)
        .await?
        .ok_or(AppError::NotFound)?;
    let names = department_names(db, std::slice::from_ref(&m)).await?;
    let staff = viewer == Viewer::Moderator;
    let events = question_events::Entity::find()
        .filter(question_events::Column::QuestionId.eq(m.id))
        .order_by_asc(question_events::Column::Id)
        .all(db)
        .await?
        .into_iter()
        // The public timeline shows the steps, not who inside the office took them, nor
        // the office's internal moves (drafts, reviews, returns, 督办).
        .filter(|e| staff || !e.action_is_internal())
        .map(|e| {
            let show = staff || e.action_is_public();
            Event {
                at: rfc3339(e.at),
                actor: if staff { e.actor } else { String::new() },
                action: e.action,
                detail: if show { e.detail } else { String::new() },
            }
        })
        .collect();
    let is_moderator = caller.may::<Moderator>().is_some();
    // Internal notes are the portal office's own.
    let notes = if staff && is_moderator {
        question_notes::Entity::find()
            .filter(question_notes::Column::QuestionId.eq(m.id))
            .order_by_asc(question_notes::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|n| Note {
                at: rfc3339(n.at),
                author: n.author,
                body: n.body,
            })
            .collect()
    } else {
        Vec::new()
    };
    let own = viewer != Viewer::Public;
    let is_handler = caller
        .may::<Handler>()
        .is_some_and(|h| m.department_id.is_some() && h.covers(m.department_id));
    Ok(QuestionView {
        question: super::with_history(db, to_question(&m, &names, viewer)?, m.id, viewer).await?,
        events,
        is_submitter: viewer == Viewer::Submitter
            || caller.user().is_some_and(|u| m.submitter_id == Some(u.id)),
        is_moderator,
        is_handler,
        is_supervisor: caller.may::<Supervisor>().is_some(),
        reject_reason: if own { m.reject_reason.clone() } else { None },
        follow_up: if own { m.follow_up.clone() } else { None },
        follow_up_answer: if own {
            m.follow_up_answer.clone()
        } else {
            None
        },
        // Supervisors watch the departments' work; the resident's contact data is for
        // those who answer (the office and the department's handlers).
        contact: (staff && (is_moderator || is_handler)).then(|| Contact {
            name: m.contact_name.clone().unwrap_or_default(),
            phone: m.contact_phone.clone(),
            email: m.contact_email.clone(),
        }),
        contacts_erased_at: (staff && (is_moderator || is_handler))
            .then(|| m.contacts_erased_at.map(crate::platform::time::rfc3339))
            .flatten(),
        notes,
    })
}

trait PublicDetail {
    fn action_is_public(&self) -> bool;
    fn action_is_internal(&self) -> bool;
}

impl PublicDetail for question_events::Model {
    /// Routing and deadline lines are fine to show; follow-ups and reasons stay with
    /// their owners (the detail of a submit line only repeats the number).
    fn action_is_public(&self) -> bool {
        matches!(
            self.action.as_str(),
            "submit"
                | "accept"
                | "answer"
                | "approve_answer"
                | "extend"
                | "follow_up_answer"
                | "triage"
        )
    }

    /// Moves inside the office that the submitter and the public do not see at all.
    fn action_is_internal(&self) -> bool {
        matches!(
            self.action.as_str(),
            "publish"
                | "unpublish"
                | "draft_answer"
                | "send_back"
                | "return"
                | "extension_request"
                | "decline_extension"
                | "supervise"
        )
    }
}
