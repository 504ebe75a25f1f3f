//! Documents: create (with a fresh 索引号), edit, publish, change validity, read and browse.
use super::{
    columns, index_no, interpretations, is_published, records, search, status_of, subjects, tallies,
};
use crate::auth::caps::Editor;
use crate::catalog::types::*;
use crate::entities::documents;
use crate::error::{AppError, FieldErrors};
use crate::input::Number;
use crate::platform::audit;
use chrono::{Datelike, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, Set, TransactionTrait,
};

struct Parsed {
    column_id: i32,
    title: String,
    body: String,
    publisher_id: i32,
    written_on: NaiveDate,
    published_on: Option<NaiveDate>,
    doc_no: Option<String>,
    subject: String,
    keywords: Vec<String>,
    interpretations: Vec<interpretations::Parsed>,
    summary: Option<String>,
}

/// Parses an editor's input; `current` is the document being edited (its own 主题分类 stays
/// valid even if admins have since retired it, and it cannot be its own 解读).
async fn parse(
    db: &impl ConnectionTrait,
    input: &DocumentInput,
    current: Option<&documents::Model>,
) -> Result<Parsed, AppError> {
    let mut errors = FieldErrors::new();
    let title = errors.check("title", parse_title(&input.title));
    let body = errors.check("body", parse_body(&input.body));
    let written_on = errors.check("written_on", parse_date(&input.written_on, "成文日期"));
    let published_on = match input.published_on.as_deref().map(str::trim) {
        None | Some("") => Some(None),
        Some(s) => errors.check("published_on", parse_date(s, "发布日期").map(Some)),
    };
    if let (Some(w), Some(Some(p))) = (written_on, published_on) {
        if p < w {
            errors.add("published_on", "发布日期不能早于成文日期");
        }
    }
    let doc_no = errors.check("doc_no", parse_doc_no(input.doc_no.as_deref()));
    let offered = subjects::offered(db, current.map(|c| c.subject.as_str())).await?;
    let subject = errors.check("subject", parse_subject(input.subject.as_deref(), &offered));
    let summary = errors.check("summary", parse_summary(input.summary.as_deref()));
    let keywords = errors.check("keywords", parse_keywords(&input.keywords));
    let column = if input.column.trim().is_empty() {
        errors.add("column", "请选择栏目");
        None
    } else {
        match columns::by_slug(db, &input.column).await? {
            Some(c) if c.active => Some(c.id),
            _ => {
                errors.add("column", "所选栏目不存在");
                None
            }
        }
    };
    let publisher = match input.publisher_id.as_ref().and_then(|p| p.value::<i32>()) {
        None => {
            errors.add("publisher_id", "请选择发布机构");
            None
        }
        Some(id) => match crate::admin::departments::require_active(db, id, "publisher_id").await {
            Ok(d) => Some(d.id),
            Err(AppError::Validation(f)) => {
                for (k, v) in f.0 {
                    errors.add(&k, v);
                }
                None
            }
            Err(e) => return Err(e),
        },
    };
    let legacy = input.interpretation_id.as_ref().filter(|i| !i.is_blank());
    let legacy = match legacy.map(|i| i.value::<i32>()) {
        None => None,
        Some(None) => {
            errors.add("interpretation_id", "请填写政策解读文件的编号（数字）");
            None
        }
        Some(Some(id)) => Some(id),
    };
    let interpretations = interpretations::parse(
        db,
        legacy,
        &input.interpretations,
        current.map(|c| c.id),
        &mut errors,
    )
    .await?;
    errors.into_result()?;
    match (
        title,
        body,
        written_on,
        published_on,
        doc_no,
        subject,
        keywords,
        column,
        publisher,
        summary,
    ) {
        (
            Some(title),
            Some(body),
            Some(written_on),
            Some(published_on),
            Some(doc_no),
            Some(subject),
            Some(keywords),
            Some(column_id),
            Some(publisher_id),
            Some(summary),
        ) => Ok(Parsed {
            column_id,
            title,
            body,
            publisher_id,
            written_on,
            published_on,
            doc_no,
            subject,
            keywords,
            interpretations,
            summary,
        }),
        _ => Err(AppError::Internal),
    }
}

/// Working days from 成文日期 to publication.
async fn publish_lag(
    db: &impl ConnectionTrait,
    written_on: NaiveDate,
    published_on: NaiveDate,
) -> Result<i32, AppError> {
    let cal = crate::calendar::service::load(db).await?;
    Ok(cal.working_days_between(written_on, published_on).max(0) as i32)
}

/// Reads a document for a change inside `txn`, after taking its write lock (the row's on
/// PostgreSQL, the database's on SQLite) with a no-op update: the tallies then move from
/// what the row really was, even when two editors change it at once.
pub(super) async fn claim(
    txn: &DatabaseTransaction,
    id: i32,
) -> Result<documents::Model, AppError> {
    let touched = documents::Entity::update_many()
        .col_expr(
            documents::Column::UpdatedAt,
            Expr::col(documents::Column::UpdatedAt),
        )
        .filter(documents::Column::Id.eq(id))
        .exec(txn)
        .await?;
    if touched.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    documents::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)
}

/// Creates a document with a new 索引号: a draft; or, when `published_on` is given,
/// published (that day is today or past) or scheduled (it is still ahead). `created_on` is
/// today except for imported and demonstration data; its year numbers the 索引号.
pub async fn create(
    db: &DatabaseConnection,
    actor: &Editor,
    input: &DocumentInput,
    created_on: NaiveDate,
    today: NaiveDate,
) -> Result<Document, AppError> {
    let p = parse(db, input, None).await?;
    let lag = match p.published_on {
        Some(pd) => Some(publish_lag(db, p.written_on, pd).await?),
        None => None,
    };
    let txn = db.begin().await?;
    let index_no = index_no::next(&txn, p.publisher_id, p.written_on.year()).await?;
    let now = Utc::now();
    let m = documents::ActiveModel {
        index_no: Set(index_no),
        column_id: Set(p.column_id),
        publisher_id: Set(p.publisher_id),
        title: Set(p.title),
        body: Set(p.body),
        subject: Set(p.subject),
        keywords: Set(p.keywords.join(" ")),
        doc_no: Set(p.doc_no),
        written_on: Set(p.written_on),
        published_on: Set(p.published_on),
        pub_year: Set(p.published_on.map(|d| d.year())),
        status: Set(p
            .published_on
            .map_or(DocStatus::Draft, |day| DocStatus::on_publishing(day, today))
            .as_str()
            .to_string()),
        validity: Set(Validity::Valid.as_str().to_string()),
        validity_changed_on: Set(None),
        replaced_by: Set(None),
        interpretation_id: Set(interpretations::first_text(&p.interpretations)),
        summary: Set(p.summary),
        created_on: Set(created_on),
        publish_lag: Set(lag),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    interpretations::save(&txn, m.id, &p.interpretations).await?;
    search::reindex(&txn, m.id, &m.title, &m.body).await?;
    tallies::shift(&txn, None, &m).await?;
    audit::record(
        &txn,
        Some(actor.id),
        "document.create",
        &format!("document:{}", m.id),
        &m.index_no,
    )
    .await?;
    txn.commit().await?;
    to_dto(db, m, true).await
}

/// The editor form: a new document when `id` is empty, an edit of `id` otherwise.
pub async fn save(
    db: &DatabaseConnection,
    actor: &Editor,
    id: Option<Number>,
    input: &DocumentInput,
    today: NaiveDate,
) -> Result<Document, AppError> {
    match id.filter(|i| !i.is_blank()) {
        None => create(db, actor, input, today, today).await,
        // An id that names no document is a document that does not exist.
        Some(id) => {
            let id = id.value::<i32>().ok_or(AppError::NotFound)?;
            update(db, actor, id, input, today).await
        }
    }
}

/// The 发布日期 an edit leaves a document with. Once published it is fixed: changing it
/// would let a late publication pass the Art. 26 check. A scheduled day may move, but only
/// to a day still ahead; publishing now is `publish`.
fn published_on_after_edit(
    status: DocStatus,
    stored: Option<NaiveDate>,
    asked: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Option<NaiveDate>, AppError> {
    match status {
        DocStatus::Published => match asked {
            Some(day) if Some(day) != stored => {
                Err(AppError::Conflict("文件已发布，发布日期不能更改".into()))
            }
            _ => Ok(stored),
        },
        DocStatus::Scheduled => match asked.or(stored) {
            Some(day) if day > today => Ok(Some(day)),
            _ => Err(AppError::invalid(
                "published_on",
                "定时发布的日期须晚于今天；要立即发布，请使用“发布”",
            )),
        },
        DocStatus::Draft => Ok(asked.or(stored)),
    }
}

/// Edits everything but the 索引号 and the workflow fields. A published document is a
/// record: the change needs a `revision_note` and is kept as a revision with the text it
/// replaced.
pub async fn update(
    db: &DatabaseConnection,
    actor: &Editor,
    id: i32,
    input: &DocumentInput,
    today: NaiveDate,
) -> Result<Document, AppError> {
    let current = documents::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    // The note is checked with the other fields, so one answer names every problem.
    let note = (status_of(&current)? == DocStatus::Published)
        .then(|| parse_revision_note(input.revision_note.as_deref()));
    let p = match (parse(db, input, Some(&current)).await, &note) {
        (Err(AppError::Validation(mut f)), Some(Err(e))) => {
            f.add("revision_note", e.clone());
            return Err(AppError::Validation(f));
        }
        (parsed, _) => parsed?,
    };
    if let Some(Err(e)) = note {
        return Err(AppError::invalid("revision_note", e));
    }
    let txn = db.begin().await?;
    let before = claim(&txn, id).await?;
    // Decided on the row as locked: it may have been published since it was read.
    let status = status_of(&before)?;
    let published_on = published_on_after_edit(status, before.published_on, p.published_on, today)?;
    let note = match (status, note) {
        (DocStatus::Published, Some(Ok(note))) => Some(note),
        (DocStatus::Published, _) => {
            return Err(AppError::invalid(
                "revision_note",
                "文件刚刚已发布，修改须填写修订说明",
            ))
        }
        _ => None,
    };
    let lag = match published_on {
        Some(pd) => Some(publish_lag(&txn, p.written_on, pd).await?),
        None => None,
    };
    if let Some(note) = note {
        records::record_revision(&txn, actor, &before, note).await?;
    }
    let mut am: documents::ActiveModel = before.clone().into();
    am.column_id = Set(p.column_id);
    am.publisher_id = Set(p.publisher_id);
    am.title = Set(p.title);
    am.body = Set(p.body);
    am.subject = Set(p.subject);
    am.keywords = Set(p.keywords.join(" "));
    am.doc_no = Set(p.doc_no);
    am.written_on = Set(p.written_on);
    am.published_on = Set(published_on);
    am.pub_year = Set(published_on.map(|d| d.year()));
    am.publish_lag = Set(lag);
    am.interpretation_id = Set(interpretations::first_text(&p.interpretations));
    am.summary = Set(p.summary);
    am.updated_at = Set(Utc::now());
    let m = am.update(&txn).await?;
    interpretations::save(&txn, m.id, &p.interpretations).await?;
    search::reindex(&txn, m.id, &m.title, &m.body).await?;
    tallies::shift(&txn, Some(&before), &m).await?;
    audit::record(
        &txn,
        Some(actor.id),
        "document.update",
        &format!("document:{id}"),
        "",
    )
    .await?;
    txn.commit().await?;
    to_dto(db, m, true).await
}

/// Draft or scheduled → published on `published_on` (today when absent), or scheduled when
/// that day is still ahead.
pub async fn publish(
    db: &DatabaseConnection,
    actor: &Editor,
    id: i32,
    published_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Document, AppError> {
    let current = documents::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if is_published(&current)? {
        return Err(AppError::Conflict("该文件已发布".into()));
    }
    let day = published_on.unwrap_or(today);
    if day < current.written_on {
        return Err(AppError::invalid(
            "published_on",
            "发布日期不能早于成文日期",
        ));
    }
    let lag = publish_lag(db, current.written_on, day).await?;
    let txn = db.begin().await?;
    let before = claim(&txn, id).await?;
    // Checked again under the lock: two editors publishing at once count it once.
    if is_published(&before)? {
        return Err(AppError::Conflict("该文件已发布".into()));
    }
    let status = DocStatus::on_publishing(day, today);
    let mut am: documents::ActiveModel = before.clone().into();
    am.status = Set(status.as_str().into());
    am.published_on = Set(Some(day));
    am.pub_year = Set(Some(day.year()));
    am.publish_lag = Set(Some(lag));
    am.updated_at = Set(Utc::now());
    let m = am.update(&txn).await?;
    tallies::shift(&txn, Some(&before), &m).await?;
    audit::record(
        &txn,
        Some(actor.id),
        match status {
            DocStatus::Scheduled => "document.schedule",
            _ => "document.publish",
        },
        &format!("document:{id}"),
        day.to_string(),
    )
    .await?;
    txn.commit().await?;
    to_dto(db, m, true).await
}

/// 有效性: amending, repealing or expiring keeps the document public, marked, and linked to
/// what replaced it; back to valid clears the link.
pub async fn set_validity(
    db: &DatabaseConnection,
    actor: &Editor,
    id: i32,
    validity: Validity,
    replaced_by: Option<Number>,
    on: NaiveDate,
) -> Result<Document, AppError> {
    let replaced_by = match replaced_by.filter(|r| !r.is_blank()) {
        None => None,
        Some(r) => Some(r.parse::<i32>("replaced_by", "请填写替代文件的编号（数字）")?),
    };
    let current = documents::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if !is_published(&current)? {
        return Err(AppError::Conflict("草稿尚未发布，不能变更有效性".into()));
    }
    let replaced_by = if validity == Validity::Valid {
        None
    } else {
        replaced_by
    };
    if let Some(r) = replaced_by {
        if r == id {
            return Err(AppError::invalid("replaced_by", "不能由文件自身替代"));
        }
        match documents::Entity::find_by_id(r).one(db).await? {
            Some(d) if is_published(&d)? => {}
            _ => return Err(AppError::invalid("replaced_by", "替代文件不存在或尚未发布")),
        }
    }
    let txn = db.begin().await?;
    let before = claim(&txn, id).await?;
    let mut am: documents::ActiveModel = before.clone().into();
    am.validity = Set(validity.as_str().to_string());
    am.validity_changed_on = Set(Some(on));
    am.replaced_by = Set(replaced_by);
    am.updated_at = Set(Utc::now());
    let m = am.update(&txn).await?;
    tallies::shift(&txn, Some(&before), &m).await?;
    audit::record(
        &txn,
        Some(actor.id),
        "document.validity",
        &format!("document:{id}"),
        validity.as_str(),
    )
    .await?;
    txn.commit().await?;
    to_dto(db, m, true).await
}

pub use super::queries::*;
