//! The home page's overview, put together from each module's public reads (the same
//! masking and the same "published only" rules), and kept in the instance's cache until a
//! question, a document or an interview changes, or a minute has passed (the "next
//! interview" depends on the time of day).
use super::types::{
    ColumnNews, Featured, FeaturedInterview, HomeContent, MonthFigures, COLUMNS, LATEST,
    NOTICES_SLUG,
};
use crate::catalog::service::{columns, queries as documents};
use crate::catalog::types::DocumentFilter;
use crate::entities::{documents as document_rows, interview_events, question_events};
use crate::error::AppError;
use crate::interviews::service::manage;
use crate::interviews::types::{Interview, Stage};
use crate::platform::AppState;
use crate::questions::service::{queries as questions, stats};
use chrono::Datelike;
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{ConnectionTrait, EntityTrait, QuerySelect};

/// Interviews looked at for the banner: a district holds a few dozen a year, and the ones
/// announced are the latest scheduled.
const INTERVIEWS_LOOKED_AT: u64 = 50;

pub async fn overview(state: &AppState) -> Result<HomeContent, AppError> {
    let version = version(&state.reads).await?;
    let today = state.clock.today();
    let overview = state
        .caches
        .home
        .get_or_compute(today, version, compute(state))
        .await?;
    Ok((*overview).clone())
}

/// Changes whenever anything the page shows may have: every question change records a
/// question event, every interview stage move or entry an interview event, and every
/// document change moves its `updated_at` (a new one, the largest id).
async fn version(db: &impl ConnectionTrait) -> Result<String, AppError> {
    let questions: Option<Option<i32>> = question_events::Entity::find()
        .select_only()
        .expr(Func::max(Expr::col(question_events::Column::Id)))
        .into_tuple()
        .one(db)
        .await?;
    let interviews: Option<Option<i32>> = interview_events::Entity::find()
        .select_only()
        .expr(Func::max(Expr::col(interview_events::Column::Id)))
        .into_tuple()
        .one(db)
        .await?;
    let docs: Option<(Option<i32>, Option<chrono::DateTime<chrono::Utc>>)> =
        document_rows::Entity::find()
            .select_only()
            .expr(Func::max(Expr::col(document_rows::Column::Id)))
            .expr(Func::max(Expr::col(document_rows::Column::UpdatedAt)))
            .into_tuple()
            .one(db)
            .await?;
    Ok(format!("{questions:?}/{interviews:?}/{docs:?}"))
}

async fn compute(state: &AppState) -> Result<HomeContent, AppError> {
    let db = &state.reads;
    let (interviews, _) = manage::list(db, None, 0, INTERVIEWS_LOOKED_AT).await?;
    let interview = featured(interviews);
    let answers = questions::latest_answered(db, LATEST).await?;

    let mut notices = None;
    let mut news = Vec::new();
    for c in columns::all(db).await?.into_iter().filter(|c| c.active) {
        let is_notices = c.slug == NOTICES_SLUG;
        if !is_notices && news.len() >= COLUMNS {
            continue;
        }
        let filter = DocumentFilter {
            column: Some(c.slug.clone()),
            ..Default::default()
        };
        let items = documents::list(db, &filter, crate::input::At::Number(1), LATEST)
            .await?
            .items;
        let column = ColumnNews {
            slug: c.slug,
            name: c.name,
            items,
        };
        if is_notices {
            notices = Some(column);
        } else if !column.items.is_empty() {
            news.push(column);
        }
    }
    let notices = notices.unwrap_or_else(|| ColumnNews {
        slug: NOTICES_SLUG.into(),
        name: "通知公告".into(),
        items: Vec::new(),
    });

    let today = state.clock.today();
    let figures = stats::for_year_cached(state, None).await?;
    let label = format!("{}-{:02}", today.year(), today.month());
    let row = figures.months.into_iter().find(|m| m.label == label);
    let month = MonthFigures {
        year: today.year(),
        month: today.month(),
        received: row.as_ref().map_or(0, |r| r.received),
        answered: row.as_ref().map_or(0, |r| r.answered),
        answered_on_time: row.as_ref().map_or(0, |r| r.answered_on_time),
        avg_working_days: row.and_then(|r| r.avg_working_days),
    };
    Ok(HomeContent {
        interview,
        answers,
        notices,
        columns: news,
        month,
    })
}

/// The live one; else the next announced (the earliest scheduled); else the latest held.
/// `list` gives public views (rehearsal shows as preparing), latest scheduled first.
fn featured(interviews: Vec<Interview>) -> Option<FeaturedInterview> {
    let pick = |why, interview| Some(FeaturedInterview { why, interview });
    if let Some(i) = interviews.iter().find(|i| i.stage == Stage::Live) {
        return pick(Featured::Live, i.clone());
    }
    let announced = |s: Stage| matches!(s, Stage::Preview | Stage::Collecting | Stage::Preparing);
    if let Some(i) = interviews
        .iter()
        // A cancelled one keeps its stage, with its notice; it is not coming.
        .filter(|i| announced(i.stage) && !i.cancelled())
        .min_by(|a, b| a.scheduled_at.cmp(&b.scheduled_at))
    {
        return pick(Featured::Next, i.clone());
    }
    interviews
        .into_iter()
        .find(|i| matches!(i.stage, Stage::Review | Stage::Published))
        .and_then(|i| pick(Featured::Latest, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(id: i32, stage: Stage, scheduled_at: &str) -> Interview {
        Interview {
            id,
            title: format!("访谈 {id}"),
            summary: String::new(),
            scheduled_at: scheduled_at.into(),
            duration_minutes: 60,
            stage,
            guests: Vec::new(),
            department: None,
            last_event_id: 0,
            pinned_event_id: None,
            notice: None,
            schedule_override: None,
        }
    }

    #[test]
    fn a_cancelled_interview_is_not_the_next_one() {
        let mut soon = at(2, Stage::Collecting, "2026-12-08T09:00:00+08:00");
        soon.notice = Some(crate::interviews::types::InterviewNotice {
            kind: crate::interviews::types::NoticeKind::Cancelled,
            text: "因故取消。".into(),
            on: "2026-12-06".parse().expect("a date"),
        });
        let later = at(3, Stage::Preview, "2026-12-20T09:00:00+08:00");
        let f = featured(vec![later, soon]).expect("one is featured");
        assert_eq!(f.interview.id, 3);
    }

    #[test]
    fn the_live_one_then_the_soonest_announced_then_the_latest_held() {
        let held = at(1, Stage::Published, "2026-10-01T09:00:00+08:00");
        let soon = at(2, Stage::Collecting, "2026-12-08T09:00:00+08:00");
        let later = at(3, Stage::Preview, "2026-12-20T09:00:00+08:00");
        let live = at(4, Stage::Live, "2026-12-04T09:00:00+08:00");
        let all = vec![later.clone(), soon.clone(), live.clone(), held.clone()];
        let f = featured(all).unwrap();
        assert_eq!((f.why, f.interview.id), (Featured::Live, 4));
        let f = featured(vec![later.clone(), soon.clone(), held.clone()]).unwrap();
        assert_eq!((f.why, f.interview.id), (Featured::Next, 2));
        let f = featured(vec![held.clone()]).unwrap();
        assert_eq!((f.why, f.interview.id), (Featured::Latest, 1));
        assert!(featured(Vec::new()).is_none());
    }
}
