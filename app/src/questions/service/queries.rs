//! Reading questions: the public list (published only, masked), the moderation queue
//! (overdue first), "my questions", one question for its viewer, and the alarm list.
//!
//! Search is a substring match (`LIKE '%词%'`) on title and body, so any two-character word
//! such as 医保 matches wherever it occurs — word-segmenting full-text engines (PostgreSQL's
//! default parser, SQLite FTS) do not split Chinese and would miss it. The LIKE is only ever
//! combined with the indexed filters (published, kind, department, month), so the database
//! narrows by index first and scans text only within that set. An unfiltered search (and
//! its count) still reads every published row: at a million rows that needs a bigram
//! index on PostgreSQL (pg_bigm's gin_bigm_ops serves LIKE '%医保%'; pg_trgm cannot serve
//! two-character patterns) or an external search engine.
use super::{department_names, is_moderator, to_question, viewer_of, Viewer};
use crate::auth::User;
use crate::entities::{question_events, question_notes, questions};
use crate::error::AppError;
use crate::platform::time::{district_offset, rfc3339};
use crate::questions::overdue::ALARM_AFTER_DAYS;
use crate::questions::types::{
    Contact, Event, Filters, Note, Question, QuestionPage, QuestionView, Status,
};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use sea_orm::{
    sea_query::{Expr, LikeExpr},
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, Order, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Select,
};

/// `%`, `_` and `\` typed by a user are matched literally.
fn like_pattern(q: &str) -> LikeExpr {
    let mut p = String::from("%");
    for c in q.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    LikeExpr::new(p).escape('\\')
}

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
    if let Some(text) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        q = q.filter(
            Condition::any()
                .add(questions::Column::Title.like(like_pattern(text)))
                .add(questions::Column::Body.like(like_pattern(text))),
        );
    }
    q
}

async fn page_of(
    db: &impl ConnectionTrait,
    q: Select<questions::Entity>,
    viewer: Viewer,
    page: u64,
    per_page: u64,
) -> Result<QuestionPage, AppError> {
    let total = q.clone().count(db).await?;
    let rows = q
        .offset((page.max(1) - 1) * per_page)
        .limit(per_page)
        .all(db)
        .await?;
    let names = department_names(db, &rows).await?;
    Ok(QuestionPage {
        items: rows
            .iter()
            .map(|m| to_question(m, &names, viewer))
            .collect(),
        total,
        page: page.max(1),
        per_page,
    })
}

/// Published questions, newest first, personal data masked.
pub async fn public_list(
    db: &impl ConnectionTrait,
    f: &Filters,
    page: u64,
    per_page: u64,
) -> Result<QuestionPage, AppError> {
    let q = filtered(questions::Entity::find(), f)
        .filter(questions::Column::Published.eq(true))
        .order_by_desc(questions::Column::SubmittedAt)
        .order_by_desc(questions::Column::Id);
    page_of(db, q, Viewer::Public, page, per_page).await
}

/// Every question for moderators: red cards, then yellow, then the rest; earliest due first.
pub async fn moderation_list(
    db: &impl ConnectionTrait,
    f: &Filters,
    page: u64,
    per_page: u64,
) -> Result<QuestionPage, AppError> {
    let q = filtered(questions::Entity::find(), f)
        .order_by(
            Expr::cust("CASE overdue WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 ELSE 2 END"),
            Order::Asc,
        )
        .order_by(
            Expr::cust("CASE status WHEN 'pending' THEN 0 WHEN 'accepted' THEN 1 ELSE 2 END"),
            Order::Asc,
        )
        .order_by_desc(questions::Column::SubmittedAt)
        .order_by_desc(questions::Column::Id);
    page_of(db, q, Viewer::Moderator, page, per_page).await
}

pub async fn mine(
    db: &impl ConnectionTrait,
    user: &User,
    page: u64,
    per_page: u64,
) -> Result<QuestionPage, AppError> {
    let q = questions::Entity::find()
        .filter(questions::Column::SubmitterId.eq(user.id))
        .order_by_desc(questions::Column::SubmittedAt)
        .order_by_desc(questions::Column::Id);
    page_of(db, q, Viewer::Submitter, page, per_page).await
}

/// Unanswered valid questions older than the alarm age, oldest first.
pub async fn alarm(db: &impl ConnectionTrait) -> Result<Vec<Question>, AppError> {
    let cutoff = Utc::now() - Duration::days(ALARM_AFTER_DAYS);
    let rows = questions::Entity::find()
        .filter(
            questions::Column::Status.is_in([Status::Pending.as_str(), Status::Accepted.as_str()]),
        )
        .filter(questions::Column::SubmittedAt.lt(cutoff))
        .order_by_asc(questions::Column::SubmittedAt)
        .limit(200)
        .all(db)
        .await?;
    let names = department_names(db, &rows).await?;
    Ok(rows
        .iter()
        .map(|m| to_question(m, &names, Viewer::Moderator))
        .collect())
}

/// One question as `user` (or the holder of `query_code`) may see it; 404 otherwise.
pub async fn get(
    db: &impl ConnectionTrait,
    user: Option<&User>,
    no: &str,
    query_code: Option<&str>,
) -> Result<(Question, Viewer), AppError> {
    let m = super::find_by_no(db, no).await?;
    let viewer = viewer_of(&m, user, query_code).ok_or(AppError::NotFound)?;
    let names = department_names(db, std::slice::from_ref(&m)).await?;
    Ok((to_question(&m, &names, viewer), viewer))
}

/// The detail page's view: the question, its timeline, and for moderators the contact,
/// notes and names of who did what.
pub async fn view(
    db: &impl ConnectionTrait,
    user: Option<&User>,
    no: &str,
    query_code: Option<&str>,
) -> Result<QuestionView, AppError> {
    let m = super::find_by_no(db, no).await?;
    let viewer = viewer_of(&m, user, query_code).ok_or(AppError::NotFound)?;
    let names = department_names(db, std::slice::from_ref(&m)).await?;
    let staff = viewer == Viewer::Moderator;
    let events = question_events::Entity::find()
        .filter(question_events::Column::QuestionId.eq(m.id))
        .order_by_asc(question_events::Column::Id)
        .all(db)
        .await?
        .into_iter()
        // The public timeline shows the steps, not who inside the office took them.
        .filter(|e| staff || !matches!(e.action.as_str(), "publish" | "unpublish"))
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
    let notes = if staff {
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
    Ok(QuestionView {
        question: to_question(&m, &names, viewer),
        events,
        is_submitter: viewer == Viewer::Submitter
            || user.is_some_and(|u| m.submitter_id == Some(u.id)),
        is_moderator: is_moderator(user),
        reject_reason: if own { m.reject_reason.clone() } else { None },
        follow_up: if own { m.follow_up.clone() } else { None },
        contact: staff.then(|| Contact {
            name: m.contact_name.clone().unwrap_or_default(),
            phone: m.contact_phone.clone(),
            email: m.contact_email.clone(),
        }),
        notes,
    })
}

trait PublicDetail {
    fn action_is_public(&self) -> bool;
}

impl PublicDetail for question_events::Model {
    /// Routing and deadline lines are fine to show; follow-ups and reasons stay with
    /// their owners (the detail of a submit line only repeats the number).
    fn action_is_public(&self) -> bool {
        matches!(
            self.action.as_str(),
            "submit" | "accept" | "answer" | "extend"
        )
    }
}
