//! 办理时限: working days per kind and the red-card threshold, configured by admins.
//! Missing rows mean the defaults (5 for 意见/建议/求助, 7 for 投诉, red after 3, at most 15
//! working days in all with the one extension).
use crate::auth::caps::Admin;
use crate::calendar::WorkingDays;
use crate::entities::time_limits;
use crate::error::{AppError, FieldErrors};
use crate::platform::audit;
use crate::questions::overdue::DEFAULT_RED_AFTER;
use crate::questions::types::{Kind, KindLimit, TimeLimits};
use chrono::Utc;
use sea_orm::{
    sea_query::OnConflict, ConnectionTrait, DatabaseConnection, EntityTrait, Set, TransactionTrait,
};

const RED: &str = "red_card";
pub const MAX_LIMIT: u32 = 60;
/// 延期后总时限: "extendable once to at most 15" working days in all.
pub const DEFAULT_TOTAL: u32 = 15;

fn total_key(kind: Kind) -> String {
    format!("total_{}", kind.as_str())
}

pub fn default_for(kind: Kind) -> u32 {
    match kind {
        Kind::Complaint => 7,
        _ => 5,
    }
}

pub async fn load(db: &impl ConnectionTrait) -> Result<TimeLimits, AppError> {
    let rows = time_limits::Entity::find().all(db).await?;
    let get = |name: &str| {
        rows.iter()
            .find(|r| r.name == name)
            .and_then(|r| u32::try_from(r.working_days).ok())
    };
    Ok(TimeLimits {
        limits: Kind::ALL
            .iter()
            .map(|k| KindLimit {
                kind: *k,
                working_days: get(k.as_str()).unwrap_or(default_for(*k)),
            })
            .collect(),
        red_after: get(RED).unwrap_or(DEFAULT_RED_AFTER),
        totals: Kind::ALL
            .iter()
            .map(|k| KindLimit {
                kind: *k,
                working_days: get(&total_key(*k)).unwrap_or(DEFAULT_TOTAL),
            })
            .collect(),
    })
}

impl TimeLimits {
    pub fn of(&self, kind: Kind) -> WorkingDays {
        WorkingDays(
            self.limits
                .iter()
                .find(|l| l.kind == kind)
                .map(|l| l.working_days)
                .unwrap_or(default_for(kind)),
        )
    }

    /// The most working days the one extension of a `kind` question may add: what the
    /// total leaves above the limit (0 when the limit already reaches it).
    pub fn extension_cap(&self, kind: Kind) -> u32 {
        let total = self
            .totals
            .iter()
            .find(|l| l.kind == kind)
            .map(|l| l.working_days)
            .unwrap_or(DEFAULT_TOTAL);
        total.saturating_sub(self.of(kind).0)
    }
}

/// An admin sets the limits: one value per kind (`limit_opinion`, …) and `red_after`, as
/// text from the form or from the JSON body. Parsed field by field, saved and audited in one
/// transaction.
pub async fn update(
    db: &DatabaseConnection,
    admin: &Admin,
    raw: &[(String, String)],
) -> Result<TimeLimits, AppError> {
    let txn = db.begin().await?;
    let limits = parse(raw, &load(&txn).await?)?;
    save(&txn, admin, &limits).await?;
    txn.commit().await?;
    Ok(limits)
}

/// Totals (`total_opinion`, …) left out keep their current values (raised to the limit
/// where it grew past them), so a client that only knows the limits does not reset them.
fn parse(raw: &[(String, String)], current: &TimeLimits) -> Result<TimeLimits, AppError> {
    let mut errors = FieldErrors::new();
    let get = |name: &str| {
        raw.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let mut limits = Vec::new();
    for k in Kind::ALL {
        let field = format!("limit_{}", k.as_str());
        if let Some(d) = errors.check(&field, WorkingDays::parse(get(&field), MAX_LIMIT)) {
            limits.push(KindLimit {
                kind: *k,
                working_days: d.0,
            });
        }
    }
    let red = errors.check("red_after", WorkingDays::parse(get("red_after"), 30));
    let mut totals = Vec::new();
    for k in Kind::ALL {
        let field = total_key(*k);
        let given = raw.iter().any(|(name, _)| *name == field);
        let total = if given {
            errors.check(&field, WorkingDays::parse(get(&field), MAX_LIMIT * 2))
        } else {
            current
                .totals
                .iter()
                .find(|l| l.kind == *k)
                .map(|l| WorkingDays(l.working_days))
        };
        let limit = limits.iter().find(|l| l.kind == *k).map(|l| l.working_days);
        if let (Some(mut total), Some(limit)) = (total, limit) {
            if !given {
                // A longer limit without a total: no room left to extend.
                total.0 = total.0.max(limit);
            } else if total.0 < limit {
                errors.add(
                    &field,
                    format!("{}的总时限不能少于办理时限（{limit} 个工作日）", k.label()),
                );
            }
            totals.push(KindLimit {
                kind: *k,
                working_days: total.0,
            });
        }
    }
    errors.into_result()?;
    Ok(TimeLimits {
        limits,
        red_after: red.map(|d| d.0).unwrap_or(DEFAULT_RED_AFTER),
        totals,
    })
}

async fn save(db: &impl ConnectionTrait, admin: &Admin, t: &TimeLimits) -> Result<(), AppError> {
    let now = Utc::now();
    let mut rows: Vec<(String, u32)> = t
        .limits
        .iter()
        .map(|l| (l.kind.as_str().to_string(), l.working_days))
        .collect();
    rows.push((RED.to_string(), t.red_after));
    rows.extend(t.totals.iter().map(|l| (total_key(l.kind), l.working_days)));
    for (name, days) in &rows {
        time_limits::Entity::insert(time_limits::ActiveModel {
            name: Set(name.clone()),
            working_days: Set(*days as i32),
            updated_at: Set(now),
        })
        .on_conflict(
            OnConflict::column(time_limits::Column::Name)
                .update_columns([
                    time_limits::Column::WorkingDays,
                    time_limits::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    }
    let detail = rows
        .iter()
        .map(|(n, d)| format!("{n}={d}"))
        .collect::<Vec<_>>()
        .join(",");
    audit::record(
        db,
        Some(admin.id),
        "time_limits.save",
        "time_limits",
        detail,
    )
    .await
}
