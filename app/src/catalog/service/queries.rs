//! Reading documents: one by id, public browse and search, the editor's list, the Art. 26
//! warnings and the per-column counts.
use super::{columns, is_published, search, status_of, tallies};
use crate::auth::caps::Editor;
use crate::catalog::types::*;
use crate::entities::{catalog_columns, departments, documents};
use crate::error::AppError;
use crate::fulltext::{highlight, snippet};
use crate::input::{At, Cursor};
use crate::platform::db::stored;
use chrono::{Datelike, NaiveDate};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::collections::HashMap;

/// Art. 26: proactive information is published within 20 working days.
pub const PUBLISH_LIMIT_WORKING_DAYS: i32 = 20;

/// A document; drafts only for editors (others get 404).
pub async fn get(
    db: &impl ConnectionTrait,
    id: i32,
    editor: Option<&Editor>,
) -> Result<Document, AppError> {
    let include_drafts = editor.is_some();
    let m = documents::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if !include_drafts && !is_published(&m)? {
        return Err(AppError::NotFound);
    }
    to_dto(db, m, include_drafts).await
}

async fn doc_ref(db: &impl ConnectionTrait, id: Option<i32>) -> Result<Option<DocRef>, AppError> {
    let Some(id) = id else { return Ok(None) };
    Ok(documents::Entity::find_by_id(id)
        .select_only()
        .column(documents::Column::Id)
        .column(documents::Column::Title)
        .into_tuple::<(i32, String)>()
        .one(db)
        .await?
        .map(|(id, title)| DocRef { id, title }))
}

/// The document as shown; `drafts`: linked drafts are shown too (to editors).
pub async fn to_dto(
    db: &impl ConnectionTrait,
    m: documents::Model,
    drafts: bool,
) -> Result<Document, AppError> {
    let interpretations = super::interpretations::of(db, m.id, drafts).await?;
    let interprets = super::interpretations::interprets(db, m.id, drafts).await?;
    let column = catalog_columns::Entity::find_by_id(m.column_id)
        .one(db)
        .await?
        .ok_or(AppError::Internal)?;
    let publisher = departments::Entity::find_by_id(m.publisher_id)
        .one(db)
        .await?
        .ok_or(AppError::Internal)?;
    let validity = stored(Validity::parse(&m.validity), "documents", m.id, &m.validity)?;
    let status = status_of(&m)?;
    Ok(Document {
        id: m.id,
        index_no: m.index_no,
        title: m.title,
        column: column.slug,
        column_name: column.name,
        publisher: Publisher {
            id: publisher.id,
            name: publisher.name,
        },
        written_on: m.written_on,
        published_on: m.published_on,
        doc_no: m.doc_no,
        subject: m.subject,
        keywords: m
            .keywords
            .split(' ')
            .filter(|k| !k.is_empty())
            .map(str::to_string)
            .collect(),
        validity,
        validity_label: validity.label().to_string(),
        validity_changed_on: m.validity_changed_on,
        status,
        body: m.body,
        replaced_by: doc_ref(db, m.replaced_by).await?,
        replaces: super::records::replaced_by(db, m.id).await?,
        interpretation: interpretations
            .iter()
            .find(|i| i.kind == InterpretationKind::Text)
            .and_then(|i| i.document.clone()),
        interpretations,
        interprets,
        summary: m.summary,
        created_on: m.created_on,
        attachments: crate::catalog::attachments::service::list_for(db, m.id).await?,
        revisions: super::records::revisions_of(db, m.id).await?,
    })
}

/// Column and department names for a page of rows: two small queries, not one per row.
pub(crate) struct Names {
    columns: HashMap<i32, (String, String)>,
    departments: HashMap<i32, String>,
}

impl Names {
    pub(crate) async fn load(db: &impl ConnectionTrait) -> Result<Names, AppError> {
        Ok(Names {
            columns: columns::all(db)
                .await?
                .into_iter()
                .map(|c| (c.id, (c.slug, c.name)))
                .collect(),
            departments: departments::Entity::find()
                .all(db)
                .await?
                .into_iter()
                .map(|d| (d.id, d.name))
                .collect(),
        })
    }

    pub(crate) fn summary(
        &self,
        m: documents::Model,
        q: Option<&str>,
    ) -> Result<DocumentSummary, AppError> {
        let validity = stored(Validity::parse(&m.validity), "documents", m.id, &m.validity)?;
        let status = status_of(&m)?;
        let (slug, name) = self.columns.get(&m.column_id).cloned().unwrap_or_default();
        let (title_marked, snippet) = match q {
            Some(q) => (highlight(&m.title, q), snippet(&m.body, q, 90)),
            None => (Vec::new(), Vec::new()),
        };
        Ok(DocumentSummary {
            id: m.id,
            index_no: m.index_no,
            title: m.title,
            column: slug,
            column_name: name,
            publisher: Publisher {
                id: m.publisher_id,
                name: self
                    .departments
                    .get(&m.publisher_id)
                    .cloned()
                    .unwrap_or_default(),
            },
            published_on: m.published_on,
            doc_no: m.doc_no,
            subject: m.subject,
            validity,
            status,
            title_marked,
            snippet,
        })
    }
}

/// Public browse and search: published documents only.
///
/// Browsing asks for a page by number or, deeper, after the `next` cursor of the page
/// before, which seeks on (published_on, id) instead of skipping rows. A search takes the
/// cursor too: the tier its last row was in (title matches, then the rest) and that row.
pub async fn list(
    db: &impl ConnectionTrait,
    filter: &DocumentFilter,
    at: At,
    per_page: u64,
) -> Result<DocumentPage, AppError> {
    let page = at.page();
    let per_page = per_page.clamp(1, 100);
    let offset = (page - 1) * per_page;
    let column_id = match filter.column.as_deref().filter(|c| !c.is_empty()) {
        None => None,
        Some(slug) => match columns::by_slug(db, slug).await? {
            Some(c) => Some(c.id),
            None => {
                return Ok(DocumentPage {
                    items: Vec::new(),
                    total: 0,
                    total_capped: false,
                    page,
                    per_page,
                    column_updated_on: None,
                    next: None,
                })
            }
        },
    };
    let q = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let names = Names::load(db).await?;
    // Text with no searchable term (punctuation only) matches nothing.
    if q.is_some_and(|q| crate::fulltext::query_terms(q).is_empty()) {
        return Ok(DocumentPage {
            items: Vec::new(),
            total: 0,
            total_capped: false,
            page,
            per_page,
            column_updated_on: None,
            next: None,
        });
    }

    if let Some(q) = q {
        let mut f = search::SqlFilter::default();
        if let Some(c) = column_id {
            f.add("d.column_id = ?", c);
        }
        if let Some(p) = filter.publisher {
            f.add("d.publisher_id = ?", p);
        }
        if let Some(y) = filter.year {
            f.add("d.pub_year = ?", y);
        }
        if let Some(v) = filter.validity {
            f.add("d.validity = ?", v.as_str());
        }
        if let Some(s) = filter.subject.as_deref().filter(|s| !s.is_empty()) {
            f.add("d.subject = ?", s);
        }
        // A search cursor's key says which tier its row was in: 1 title matches, 0 the rest.
        let start = match at {
            At::Number(_) => search::Start::Offset(offset),
            At::After(c) if c.key == 0 || c.key == 1 => search::Start::After {
                in_title: c.key == 1,
                id: c.id,
            },
            At::After(_) => return Err(Cursor::refused()),
        };
        let search::Hits {
            ids,
            total,
            capped,
            last,
        } = search::search(
            db,
            q,
            f,
            start,
            per_page,
            crate::fulltext::count_to(page, per_page),
        )
        .await?;
        let next = Cursor::after_page(
            &ids,
            page,
            per_page,
            capped || page * per_page < total,
            |_| last.map(|(in_title, id)| (i64::from(in_title), id)),
        );
        let mut rows: HashMap<i32, documents::Model> = documents::Entity::find()
            .filter(documents::Column::Id.is_in(ids.clone()))
            .all(db)
            .await?
            .into_iter()
            .map(|d| (d.id, d))
            .collect();
        let items = ids
            .iter()
            .filter_map(|id| rows.remove(id))
            .map(|m| names.summary(m, Some(q)))
            .collect::<Result<_, _>>()?;
        return Ok(DocumentPage {
            items,
            total,
            total_capped: capped,
            page,
            per_page,
            column_updated_on: None,
            next,
        });
    }

    let subject = filter.subject.as_deref().filter(|s| !s.is_empty());
    let mut query = documents::Entity::find()
        .filter(documents::Column::Status.eq(DocStatus::Published.as_str()));
    if let Some(c) = column_id {
        query = query.filter(documents::Column::ColumnId.eq(c));
    }
    if let Some(p) = filter.publisher {
        query = query.filter(documents::Column::PublisherId.eq(p));
    }
    if let Some(y) = filter.year {
        query = query.filter(documents::Column::PubYear.eq(y));
    }
    if let Some(v) = filter.validity {
        query = query.filter(documents::Column::Validity.eq(v.as_str()));
    }
    if let Some(s) = subject {
        query = query.filter(documents::Column::Subject.eq(s));
    }
    let total = tallies::total(
        db,
        &tallies::Narrowing {
            column_id,
            publisher_id: filter.publisher,
            year: filter.year,
            subject,
            validity: filter.validity.map(|v| v.as_str()),
        },
    )
    .await?;
    let query = match at {
        At::Number(_) => query.offset(offset),
        At::After(c) => {
            // `published_on <= day` is the index range; the rest breaks ties within the day.
            let day = day_of_key(c.key).ok_or_else(Cursor::refused)?;
            query
                .filter(documents::Column::PublishedOn.lte(day))
                .filter(
                    Condition::any()
                        .add(documents::Column::PublishedOn.lt(day))
                        .add(documents::Column::Id.lt(c.id)),
                )
        }
    };
    let rows = query
        .order_by_desc(documents::Column::PublishedOn)
        .order_by_desc(documents::Column::Id)
        .limit(per_page)
        .all(db)
        .await?;
    let column_updated_on = match column_id {
        Some(c) => column_updated_on(db, c).await?,
        None => None,
    };
    let next = Cursor::after_page(&rows, page, per_page, page * per_page < total, |m| {
        Some((i64::from(m.published_on?.num_days_from_ce()), m.id))
    });
    Ok(DocumentPage {
        items: rows
            .into_iter()
            .map(|m| names.summary(m, None))
            .collect::<Result<_, _>>()?,
        total,
        total_capped: false,
        page,
        per_page,
        column_updated_on,
        next,
    })
}

/// A browse cursor's day (days from the Common Era, as `num_days_from_ce` counts them).
fn day_of_key(key: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(key).ok()?)
}

/// The editor's list: drafts and scheduled documents first, then the latest published.
pub async fn editor_list(
    db: &impl ConnectionTrait,
    page: u64,
    per_page: u64,
) -> Result<DocumentPage, AppError> {
    let page = crate::input::page_no(page);
    let per_page = per_page.clamp(1, 100);
    let names = Names::load(db).await?;
    let query = documents::Entity::find();
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_asc(documents::Column::Status.eq(DocStatus::Published.as_str()))
        .order_by_desc(documents::Column::Id)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(db)
        .await?;
    Ok(DocumentPage {
        items: rows
            .into_iter()
            .map(|m| names.summary(m, None))
            .collect::<Result<_, _>>()?,
        total,
        total_capped: false,
        page,
        per_page,
        column_updated_on: None,
        next: None,
    })
}

/// The newest publication date in a column (one step down `idx_documents_column`).
async fn column_updated_on(
    db: &impl ConnectionTrait,
    column_id: i32,
) -> Result<Option<NaiveDate>, AppError> {
    use sea_orm::sea_query::{Expr, Func};
    let newest: Option<Option<NaiveDate>> = documents::Entity::find()
        .select_only()
        .expr(Func::max(Expr::col(documents::Column::PublishedOn)))
        .filter(documents::Column::ColumnId.eq(column_id))
        .filter(documents::Column::Status.eq(DocStatus::Published.as_str()))
        .into_tuple()
        .one(db)
        .await?;
    Ok(newest.flatten())
}

/// An Art. 26 warning: published late, or a draft already past the limit.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct LateDocument {
    pub document: DocumentSummary,
    pub written_on: NaiveDate,
    /// Working days from 成文日期 to publication (or to today for drafts).
    pub working_days: i32,
}

pub async fn late(
    db: &impl ConnectionTrait,
    today: NaiveDate,
) -> Result<Vec<LateDocument>, AppError> {
    let names = Names::load(db).await?;
    let cal = crate::calendar::service::load(db).await?;
    let published = documents::Entity::find()
        .filter(documents::Column::PublishLag.gt(PUBLISH_LIMIT_WORKING_DAYS))
        .order_by_desc(documents::Column::PublishedOn)
        .limit(200)
        .all(db)
        .await?;
    let drafts = documents::Entity::find()
        .filter(documents::Column::Status.eq(DocStatus::Draft.as_str()))
        .filter(documents::Column::WrittenOn.lt(today - chrono::Duration::days(28)))
        .order_by_asc(documents::Column::WrittenOn)
        .limit(200)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for m in drafts.into_iter().chain(published) {
        let days = match m.publish_lag {
            Some(l) => l,
            None => cal.working_days_between(m.written_on, today) as i32,
        };
        if days > PUBLISH_LIMIT_WORKING_DAYS {
            let written_on = m.written_on;
            out.push(LateDocument {
                document: names.summary(m, None)?,
                written_on,
                working_days: days,
            });
        }
    }
    Ok(out)
}

/// Published documents per column with `published_on` in `year` (the seed's 5475 items),
/// of one publishing body when given.
pub async fn counts_by_column(
    db: &impl ConnectionTrait,
    year: i32,
    publisher_id: Option<i32>,
) -> Result<Vec<(Column, u64)>, AppError> {
    let by_id = tallies::per_column(db, year, publisher_id).await?;
    Ok(columns::all(db)
        .await?
        .into_iter()
        .map(|c| {
            let n = by_id.get(&c.id).copied().unwrap_or(0);
            (
                Column {
                    slug: c.slug,
                    name: c.name,
                },
                n,
            )
        })
        .collect())
}
