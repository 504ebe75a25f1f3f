//! The portal's search: one box, three modules. Each group comes from its own module's
//! public search, so ranking, masking and what counts as public stay as they are there:
//! published questions (masked) newest first; published documents, title matches first;
//! public interviews (never a draft; transcripts only once published), title matches first.
use super::types::*;
use crate::catalog::service::documents as catalog;
use crate::catalog::types::DocumentFilter;
use crate::error::AppError;
use crate::fulltext::{highlight, snippet};
use crate::interviews::service::search as interviews;
use crate::questions::service::queries as questions;
use crate::questions::types::{Filters, Question};
use sea_orm::ConnectionTrait;

/// How long a question's snippet is, in characters (as in the catalog).
const SNIPPET_WIDTH: usize = 90;

/// The words to search for, checked as the public question search checks them (at most 50
/// characters; no phone number, ID number or e-mail address, which would tell whether masked
/// text holds one), and required: an empty box is a field error.
pub fn parse_q(q: Option<&str>) -> Result<String, AppError> {
    let q = q.map(str::trim).unwrap_or_default();
    if q.is_empty() {
        return Err(AppError::invalid("q", "请输入要搜索的字词"));
    }
    let filters = crate::questions::parse_filters(None, None, Some(q), None, None, None, true)?;
    filters
        .q
        .ok_or_else(|| AppError::invalid("q", "请输入要搜索的字词"))
}

fn question_hit(question: Question, q: &str) -> QuestionHit {
    // The public list's text is masked already, so the marks never reveal what masking hid.
    QuestionHit {
        title_marked: highlight(&question.title, q),
        snippet: snippet(&question.body, q, SNIPPET_WIDTH),
        question,
    }
}

fn interview_hit(hit: interviews::Hit) -> InterviewHit {
    InterviewHit {
        interview: hit.interview,
        title_marked: hit.title_marked,
        snippet: hit.snippet,
    }
}

/// The first [`PER_GROUP`] hits of each module for `q`, with each module's total.
pub async fn search(db: &impl ConnectionTrait, q: Option<&str>) -> Result<SearchResults, AppError> {
    let q = parse_q(q)?;
    let found = questions::public_list(
        db,
        &Filters {
            q: Some(q.clone()),
            ..Filters::default()
        },
        questions::At::Number(1),
        PER_GROUP,
    )
    .await?;
    let question_group = QuestionGroup {
        items: found
            .items
            .into_iter()
            .map(|x| question_hit(x, &q))
            .collect(),
        total: found.total,
        total_capped: found.total_capped,
    };
    let found = catalog::list(
        db,
        &DocumentFilter {
            q: Some(q.clone()),
            ..DocumentFilter::default()
        },
        crate::input::At::Number(1),
        PER_GROUP,
    )
    .await?;
    let document_group = DocumentGroup {
        items: found.items,
        total: found.total,
        total_capped: found.total_capped,
    };
    let found = interviews::search(db, &q, 0, PER_GROUP).await?;
    let interview_group = InterviewGroup {
        items: found.items.into_iter().map(interview_hit).collect(),
        total: found.total,
        total_capped: found.capped,
    };
    Ok(SearchResults {
        q,
        questions: question_group,
        documents: document_group,
        interviews: interview_group,
    })
}

/// Every public interview that matches `q`, a page at a time (the "查看全部" of the group).
pub async fn interview_page(
    db: &impl ConnectionTrait,
    q: Option<&str>,
    page: u64,
    per_page: u64,
) -> Result<InterviewHitPage, AppError> {
    let q = parse_q(q)?;
    let page = crate::input::page_no(page);
    let per_page = per_page.clamp(1, 100);
    let found = interviews::search(db, &q, (page - 1) * per_page, per_page).await?;
    Ok(InterviewHitPage {
        items: found.items.into_iter().map(interview_hit).collect(),
        total: found.total,
        page,
        per_page,
        total_capped: found.capped,
    })
}

#[cfg(test)]
mod tests {
    use super::parse_q;

    #[test]
    fn the_words_are_required_short_and_free_of_contact_data() {
        assert_eq!(parse_q(Some("  医保 报销 ")).unwrap(), "医保 报销");
        for bad in [None, Some(""), Some("   ")] {
            let e = parse_q(bad).unwrap_err();
            assert_eq!(e.status(), 422);
            assert!(e.field("q").is_some());
        }
        let long = "医".repeat(51);
        assert_eq!(
            parse_q(Some(&long)).unwrap_err().field("q").as_deref(),
            Some("检索词最多 50 个字")
        );
        assert!(parse_q(Some("13812341234"))
            .unwrap_err()
            .field("q")
            .is_some());
        assert!(parse_q(Some("a@b.cn")).unwrap_err().field("q").is_some());
    }
}
