//! Reading the audit trail: filters checked field by field, one query for the page and one
//! for the actors' names.
use super::{AuditItem, AuditPage, AuditQuery};
use crate::auth::caps::Admin;
use crate::entities::{audit_events, users};
use crate::error::{AppError, FieldErrors};
use crate::platform::time::{district_offset, rfc3339};
use chrono::{NaiveDate, TimeZone, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
};
use std::collections::HashMap;

fn day_start(d: NaiveDate) -> Option<chrono::DateTime<Utc>> {
    district_offset()
        .from_local_datetime(&d.and_hms_opt(0, 0, 0)?)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

async fn filtered(
    db: &impl ConnectionTrait,
    q: &AuditQuery,
) -> Result<Select<audit_events::Entity>, AppError> {
    let mut errors = FieldErrors::new();
    let date = |errors: &mut FieldErrors, field: &str, raw: &Option<String>| {
        let raw = raw.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
        errors.check(
            field,
            raw.parse::<NaiveDate>()
                .map_err(|_| "日期格式应为 年-月-日，如 2026-11-29".to_string()),
        )
    };
    let from = date(&mut errors, "from", &q.from);
    let to = date(&mut errors, "to", &q.to);
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            errors.add("to", "结束日期不能早于开始日期");
        }
    }
    errors.into_result()?;
    let mut sel = audit_events::Entity::find();
    if let Some(name) = q.actor.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let id = users::Entity::find()
            .filter(users::Column::Username.eq(name.to_ascii_lowercase()))
            .one(db)
            .await?
            .map(|u| u.id);
        // An unknown name matches nothing rather than everything.
        sel = sel.filter(audit_events::Column::ActorId.eq(id.unwrap_or(-1)));
    }
    if let Some(action) = q.action.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        sel = if let Some(prefix) = action.strip_suffix('.') {
            sel.filter(
                Condition::any()
                    .add(audit_events::Column::Action.eq(prefix))
                    .add(audit_events::Column::Action.starts_with(format!("{prefix}."))),
            )
        } else {
            sel.filter(audit_events::Column::Action.eq(action))
        };
    }
    if let Some(start) = from.and_then(day_start) {
        sel = sel.filter(audit_events::Column::At.gte(start));
    }
    if let Some(end) = to.and_then(|t| t.succ_opt()).and_then(day_start) {
        sel = sel.filter(audit_events::Column::At.lt(end));
    }
    Ok(sel)
}

async fn to_items(
    db: &impl ConnectionTrait,
    rows: Vec<audit_events::Model>,
) -> Result<Vec<AuditItem>, AppError> {
    let mut ids: Vec<i32> = rows.iter().filter_map(|r| r.actor_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let names: HashMap<i32, String> = if ids.is_empty() {
        HashMap::new()
    } else {
        users::Entity::find()
            .filter(users::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.username))
            .collect()
    };
    Ok(rows
        .into_iter()
        .map(|r| AuditItem {
            at: rfc3339(r.at),
            actor: r
                .actor_id
                .map(|id| names.get(&id).cloned().unwrap_or_else(|| format!("#{id}"))),
            action: r.action,
            target: Some(r.subject).filter(|s| !s.is_empty()),
            ip: r.ip,
            detail: r.detail,
        })
        .collect())
}

/// A page of the trail, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    _: &Admin,
    q: &AuditQuery,
    page: u64,
    per_page: u64,
) -> Result<AuditPage, AppError> {
    let sel = filtered(db, q).await?;
    let total = sel.clone().count(db).await?;
    let rows = sel
        .order_by_desc(audit_events::Column::Id)
        .offset((crate::input::page_no(page) - 1) * per_page)
        .limit(per_page)
        .all(db)
        .await?;
    Ok(AuditPage {
        items: to_items(db, rows).await?,
        total,
        page: crate::input::page_no(page),
        per_page,
    })
}

/// The whole filtered trail as CSV (UTF-8 with BOM), newest first, at most 100,000 lines.
pub async fn csv(db: &impl ConnectionTrait, _: &Admin, q: &AuditQuery) -> Result<String, AppError> {
    let rows = filtered(db, q)
        .await?
        .order_by_desc(audit_events::Column::Id)
        .limit(100_000)
        .all(db)
        .await?;
    let mut out = String::from("\u{feff}时间,账号,操作,对象,地址,说明\r\n");
    for i in to_items(db, rows).await? {
        let cells = [
            i.at,
            i.actor.unwrap_or_default(),
            i.action,
            i.target.unwrap_or_default(),
            i.ip.unwrap_or_default(),
            i.detail,
        ];
        out.push_str(
            &cells
                .iter()
                .map(|c| crate::text::csv_field(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    Ok(out)
}

/// Exporting the trail is itself on the record.
pub async fn record_export(db: &impl ConnectionTrait, admin: &Admin) -> Result<(), AppError> {
    crate::platform::audit::record(db, Some(admin.id), "audit.export", "audit", "").await
}
