//! Searching the public interviews, for the portal's search: their titles and summaries, and
//! the transcripts of published ones. Interviews are few (dozens a year), so the words are
//! matched with `LIKE` on the rows instead of an index; every term must occur somewhere, as
//! in the other modules' searches. Interviews whose title holds every term come first, then
//! the rest, each latest first.
//!
//! Only what the public may already read is searched: interviews from the preview on (never
//! a draft), and transcript entries as the published transcript shows them (no rehearsal
//! entry, no entry hidden in review, edits applied).
use super::{manage, stage_of, to_dto};
use crate::entities::{interview_events, interviews};
use crate::error::AppError;
use crate::fulltext::{highlight, query_terms, snippet, Piece, SEARCH_COUNT_CAP};
use crate::interviews::types::{Interview, Stage};
use sea_orm::sea_query::{Expr, ExprTrait, Func, Query, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// How long a snippet is, in characters (as in the catalog).
const SNIPPET_WIDTH: usize = 90;

/// One interview found, as the public sees it, with the words marked.
#[derive(Clone, Debug)]
pub struct Hit {
    pub interview: Interview,
    pub title_marked: Vec<Piece>,
    /// From the summary, or from the first transcript entry that matched.
    pub snippet: Vec<Piece>,
}

/// A page of hits and how many there are (`capped`: at least that many).
#[derive(Clone, Debug, Default)]
pub struct Found {
    pub items: Vec<Hit>,
    pub total: u64,
    pub capped: bool,
}

/// `LOWER(column) LIKE '%term%'`. Terms are CJK characters or lower-case ASCII letters and
/// digits (see `fulltext::tokenize`), so they hold no `LIKE` wildcard to escape.
fn contains(column: impl sea_orm::sea_query::IntoColumnRef, term: &str) -> SimpleExpr {
    Func::lower(Expr::col(column)).like(format!("%{term}%"))
}

/// The entries of published transcripts the public reads.
fn public_entries() -> Condition {
    Condition::all()
        .add(interview_events::Column::Rehearsal.eq(false))
        .add(interview_events::Column::Hidden.eq(false))
        .add(interview_events::Column::Kind.is_in(["message", "answer"]))
}

/// Public interviews holding every word of `q` (in the title, the summary or, once
/// published, the transcript): a page from `offset`, title matches first.
pub async fn search(
    db: &impl ConnectionTrait,
    q: &str,
    offset: u64,
    limit: u64,
) -> Result<Found, AppError> {
    let terms = query_terms(q);
    if terms.is_empty() {
        return Ok(Found::default());
    }
    let mut matches = Condition::all().add(interviews::Column::Stage.ne(Stage::Draft.as_str()));
    for t in &terms {
        let in_transcript = Query::select()
            .column(interview_events::Column::InterviewId)
            .from(interview_events::Entity)
            .cond_where(public_entries().add(contains(interview_events::Column::Body, t)))
            .to_owned();
        matches = matches.add(
            Condition::any()
                .add(contains(interviews::Column::Title, t))
                .add(contains(interviews::Column::Summary, t))
                .add(
                    Condition::all()
                        .add(interviews::Column::Stage.eq(Stage::Published.as_str()))
                        .add(interviews::Column::Id.in_subquery(in_transcript)),
                ),
        );
    }
    let found: Vec<(i32, String)> = interviews::Entity::find()
        .select_only()
        .column(interviews::Column::Id)
        .column(interviews::Column::Title)
        .filter(matches)
        .order_by_desc(interviews::Column::ScheduledAt)
        .order_by_desc(interviews::Column::Id)
        .limit(SEARCH_COUNT_CAP + 1)
        .into_tuple()
        .all(db)
        .await?;
    let capped = found.len() as u64 > SEARCH_COUNT_CAP;
    let holds_all = |text: &str| {
        let text = text.to_lowercase();
        terms.iter().all(|t| text.contains(t.as_str()))
    };
    // Title matches first; each tier keeps the latest-first order of the query.
    let (mut ids, rest): (Vec<_>, Vec<_>) = found
        .into_iter()
        .take(SEARCH_COUNT_CAP as usize)
        .partition(|(_, title)| holds_all(title));
    ids.extend(rest);
    let total = ids.len() as u64;
    let page: Vec<i32> = ids
        .into_iter()
        .skip(offset as usize)
        .take(limit as usize)
        .map(|(id, _)| id)
        .collect();
    let mut rows: HashMap<i32, interviews::Model> = interviews::Entity::find()
        .filter(interviews::Column::Id.is_in(page.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let mut items = Vec::with_capacity(page.len());
    for id in page {
        let Some(m) = rows.remove(&id) else { continue };
        let snippet = snippet_of(db, &m, &terms, q).await?;
        let interview = manage::public_view(to_dto(db, m).await?);
        items.push(Hit {
            title_marked: highlight(&interview.title, q),
            snippet,
            interview,
        });
    }
    Ok(Found {
        items,
        total,
        capped,
    })
}

/// The summary around the first word it holds; else the first public transcript entry that
/// holds one (published interviews only); else the start of the summary.
async fn snippet_of(
    db: &impl ConnectionTrait,
    m: &interviews::Model,
    terms: &[String],
    q: &str,
) -> Result<Vec<Piece>, AppError> {
    let summary = m.summary.to_lowercase();
    if terms.iter().any(|t| summary.contains(t.as_str())) || stage_of(m)? != Stage::Published {
        return Ok(snippet(&m.summary, q, SNIPPET_WIDTH));
    }
    let any_term = terms.iter().fold(Condition::any(), |c, t| {
        c.add(contains(interview_events::Column::Body, t))
    });
    let entry = interview_events::Entity::find()
        .filter(interview_events::Column::InterviewId.eq(m.id))
        .filter(public_entries())
        .filter(any_term)
        .order_by_asc(interview_events::Column::Seq)
        .one(db)
        .await?;
    Ok(match entry {
        Some(e) => snippet(&format!("{}：{}", e.speaker, e.body), q, SNIPPET_WIDTH),
        None => snippet(&m.summary, q, SNIPPET_WIDTH),
    })
}
