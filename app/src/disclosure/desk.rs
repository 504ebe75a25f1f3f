//! The staff desk's list. Open applications come first, soonest due first: their due dates
//! depend on the calendar and on every pause, so they are worked out here, and an office has
//! at most a few hundred open at once. Replied ones follow, latest first, paged by the
//! database, since they pile up year after year.
use super::records::to_view;
use super::types::{AppStatus, Card, DeskFilter, DeskView, DisclosureRequest, RequestPage};
use crate::auth::caps::DisclosureOfficer;
use crate::entities::disclosure_requests as dr;
use crate::error::AppError;
use crate::platform::db::contains_literally;
use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

/// One page of the desk as `filter` narrows it, with the whole desk's card counts.
pub async fn staff_list(
    db: &impl ConnectionTrait,
    _: &DisclosureOfficer,
    filter: &DeskFilter,
    page: u64,
    per_page: u64,
    today: NaiveDate,
) -> Result<RequestPage, AppError> {
    let page = crate::input::page_no(page);
    let per_page = per_page.clamp(1, 100);
    let cal = crate::calendar::service::load(db).await?;
    let q = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty());

    let open_rows = dr::Entity::find()
        .filter(dr::Column::Status.ne(AppStatus::Replied.as_str()))
        .all(db)
        .await?;
    let mut open: Vec<DisclosureRequest> = open_rows
        .into_iter()
        .map(|m| to_view(m, &cal, today))
        .collect::<Result<_, _>>()?;
    let counted = |c: Card| open.iter().filter(|r| r.overdue == c).count() as u64;
    let (all_open, yellow, red) = (open.len() as u64, counted(Card::Yellow), counted(Card::Red));
    sort_by_due(&mut open);
    if filter.view == DeskView::Replied {
        open.clear();
    }
    open.retain(|r| filter.card.is_none_or(|c| r.overdue == c) && q.is_none_or(|q| mentions(r, q)));

    // Replied applications carry no card.
    let with_replied = filter.view != DeskView::Open && filter.card.is_none();
    let mut replied = dr::Entity::find().filter(dr::Column::Status.eq(AppStatus::Replied.as_str()));
    if let Some(q) = q {
        replied = replied.filter(
            Condition::any()
                .add(contains_literally(dr::Column::TrackingNo, q))
                .add(contains_literally(dr::Column::ApplicantName, q)),
        );
    }
    let replied_total = if with_replied {
        replied.clone().count(db).await?
    } else {
        0
    };

    let offset = (page - 1) * per_page;
    let open_total = open.len() as u64;
    let mut items: Vec<DisclosureRequest> = open
        .into_iter()
        .skip(offset as usize)
        .take(per_page as usize)
        .collect();
    if with_replied && (items.len() as u64) < per_page {
        let rows = replied
            .order_by_desc(dr::Column::RepliedOn)
            .order_by_desc(dr::Column::Id)
            .offset(offset.saturating_sub(open_total))
            .limit(per_page - items.len() as u64)
            .all(db)
            .await?;
        for m in rows {
            items.push(to_view(m, &cal, today)?);
        }
    }
    super::department::name(db, &mut items).await?;
    Ok(RequestPage {
        items,
        total: open_total + replied_total,
        page,
        per_page,
        open: all_open,
        yellow,
        red,
    })
}

/// Overdue and soonest due first; stopped clocks (补正) after those running, then by number.
fn sort_by_due(items: &mut [DisclosureRequest]) {
    items.sort_by(|a, b| {
        let key =
            |r: &DisclosureRequest| (r.due_date.is_none(), r.due_date.unwrap_or(NaiveDate::MAX));
        key(a)
            .cmp(&key(b))
            .then_with(|| a.tracking_no.cmp(&b.tracking_no))
    });
}

fn mentions(r: &DisclosureRequest, q: &str) -> bool {
    r.tracking_no.contains(q) || r.applicant_name.contains(q)
}
