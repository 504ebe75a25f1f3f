//! Loading and editing the calendar in the database.
use super::{seed, CalendarDay, DayKind, WorkingCalendar};
use crate::auth::caps::Admin;
use crate::entities::calendar_days;
use crate::error::{AppError, FieldErrors};
use crate::platform::{audit, db::stored};
use chrono::{Datelike, NaiveDate};
use sea_orm::{
    sea_query::OnConflict, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};

/// The whole calendar (a few dozen rows a year).
pub async fn load(db: &impl ConnectionTrait) -> Result<WorkingCalendar, AppError> {
    let rows = calendar_days::Entity::find().all(db).await?;
    let days = rows
        .into_iter()
        .map(|r| Ok((r.day, stored_kind(&r)?)))
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(WorkingCalendar::new(days))
}

pub async fn list_year(db: &impl ConnectionTrait, year: i32) -> Result<Vec<CalendarDay>, AppError> {
    let from = NaiveDate::from_ymd_opt(year, 1, 1).ok_or(AppError::NotFound)?;
    let to = NaiveDate::from_ymd_opt(year, 12, 31).ok_or(AppError::NotFound)?;
    let rows = calendar_days::Entity::find()
        .filter(calendar_days::Column::Day.between(from, to))
        .order_by_asc(calendar_days::Column::Day)
        .all(db)
        .await?;
    rows.into_iter()
        .map(|r| {
            Ok(CalendarDay {
                day: r.day,
                kind: stored_kind(&r)?,
                name: r.name,
            })
        })
        .collect()
}

fn stored_kind(r: &calendar_days::Model) -> Result<DayKind, AppError> {
    stored(DayKind::parse(&r.kind), "calendar_days", r.day, &r.kind)
}

/// One day of the calendar as the admin's form sends it, before parsing.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct DayInput {
    pub day: String,
    pub kind: String,
    pub name: String,
}

/// Parses a day field by field; every problem is reported at once.
fn parse_day(input: &DayInput) -> Result<CalendarDay, AppError> {
    let mut errors = FieldErrors::new();
    let day = errors.check("day", parse_date(&input.day));
    let kind = errors.check("kind", DayKind::parse(&input.kind));
    let name = input.name.trim().to_string();
    if name.is_empty() {
        errors.add("name", "请填写说明，如“春节”或“春节调休上班”");
    } else if name.chars().count() > 30 {
        errors.add("name", "说明最多 30 个字");
    }
    errors.into_result()?;
    match (day, kind) {
        (Some(day), Some(kind)) => Ok(CalendarDay { day, kind, name }),
        _ => Err(AppError::Internal),
    }
}

fn parse_date(raw: &str) -> Result<NaiveDate, String> {
    let day = raw
        .trim()
        .parse::<NaiveDate>()
        .map_err(|_| "请填写有效日期（年-月-日）".to_string())?;
    if (2000..=2100).contains(&day.year()) {
        Ok(day)
    } else {
        Err("日期须在 2000–2100 年之间".into())
    }
}

/// An admin adds or replaces one day (a holiday or a make-up working day), audited, inside
/// the caller's transaction (which moves the deadlines counted over it in the same commit).
pub async fn save_day(
    txn: &DatabaseTransaction,
    admin: &Admin,
    input: &DayInput,
) -> Result<CalendarDay, AppError> {
    let day = parse_day(input)?;
    upsert(txn, &day).await?;
    audit::record(
        txn,
        Some(admin.id),
        "calendar.save",
        &format!("calendar:{}", day.day),
        format!("{} {}", day.kind.as_str(), day.name),
    )
    .await?;
    Ok(day)
}

/// An admin removes one day, which becomes an ordinary weekday or weekend again; inside
/// the caller's transaction, like `save_day`.
pub async fn remove_day(
    txn: &DatabaseTransaction,
    admin: &Admin,
    raw: &str,
) -> Result<NaiveDate, AppError> {
    let day = parse_date(raw).map_err(|m| AppError::invalid("day", m))?;
    calendar_days::Entity::delete_by_id(day).exec(txn).await?;
    audit::record(
        txn,
        Some(admin.id),
        "calendar.remove",
        &format!("calendar:{day}"),
        "",
    )
    .await?;
    Ok(day)
}

/// Adds or replaces one day.
async fn upsert(db: &impl ConnectionTrait, day: &CalendarDay) -> Result<(), AppError> {
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
