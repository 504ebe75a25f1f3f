//! Loading and editing the calendar in the database.
use super::{seed, CalendarDay, DayKind, WorkingCalendar};
use crate::entities::calendar_days;
use crate::error::AppError;
use chrono::{Datelike, NaiveDate};
use sea_orm::{
    sea_query::OnConflict, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};

/// The whole calendar (a few dozen rows a year).
pub async fn load(db: &impl ConnectionTrait) -> Result<WorkingCalendar, AppError> {
    let rows = calendar_days::Entity::find().all(db).await?;
    Ok(WorkingCalendar::new(rows.into_iter().filter_map(|r| {
        DayKind::parse(&r.kind).ok().map(|k| (r.day, k))
    })))
}

pub async fn list_year(db: &impl ConnectionTrait, year: i32) -> Result<Vec<CalendarDay>, AppError> {
    let from = NaiveDate::from_ymd_opt(year, 1, 1).ok_or(AppError::NotFound)?;
    let to = NaiveDate::from_ymd_opt(year, 12, 31).ok_or(AppError::NotFound)?;
    let rows = calendar_days::Entity::find()
        .filter(calendar_days::Column::Day.between(from, to))
        .order_by_asc(calendar_days::Column::Day)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            DayKind::parse(&r.kind).ok().map(|kind| CalendarDay {
                day: r.day,
                kind,
                name: r.name,
            })
        })
        .collect())
}

/// Adds or replaces one day.
pub async fn upsert(db: &impl ConnectionTrait, day: &CalendarDay) -> Result<(), AppError> {
    if !(2000..=2100).contains(&day.day.year()) {
        return Err(AppError::invalid("day", "日期须在 2000–2100 年之间"));
    }
    calendar_days::Entity::insert(calendar_days::ActiveModel {
        day: Set(day.day),
        kind: Set(day.kind.as_str().to_string()),
        name: Set(day.name.clone()),
    })
    .on_conflict(
        OnConflict::column(calendar_days::Column::Day)
            .update_columns([calendar_days::Column::Kind, calendar_days::Column::Name])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

pub async fn remove(db: &impl ConnectionTrait, day: NaiveDate) -> Result<(), AppError> {
    calendar_days::Entity::delete_by_id(day).exec(db).await?;
    Ok(())
}

/// Seeds the published arrangements once: an empty table gets them, an edited one is
/// left as the admins made it.
pub async fn seed_if_empty(db: &impl ConnectionTrait) -> Result<(), AppError> {
    if calendar_days::Entity::find().count(db).await? > 0 {
        return Ok(());
    }
    let rows: Vec<_> = seed::days()
        .into_iter()
        .map(|(day, kind, name)| calendar_days::ActiveModel {
            day: Set(day),
            kind: Set(kind.as_str().to_string()),
            name: Set(name),
        })
        .collect();
    calendar_days::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::column(calendar_days::Column::Day)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}
