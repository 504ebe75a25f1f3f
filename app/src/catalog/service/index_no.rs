//! 索引号: `<org code>/<year>-<5-digit serial>` by default, configurable per publishing body.
//! The serial comes from a counter row per (body, year), incremented inside the caller's
//! transaction: the row lock (PostgreSQL) or the single writer (SQLite) serialises
//! concurrent inserts, and the unique index on `index_no` backs it up.
use crate::auth::caps::Admin;
use crate::catalog::types::{format_index_no, parse_index_pattern, DEFAULT_INDEX_PATTERN};
use crate::entities::{index_counters, publishing_bodies};
use crate::error::{AppError, FieldErrors};
use sea_orm::{
    sea_query::{Expr, ExprTrait, OnConflict},
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set,
};

/// A default organisation code for a department that has none yet: nine digits, like the
/// national organisation codes the seed's index numbers use (e.g. 000014349).
pub fn default_org_code(department_id: i32) -> String {
    format!("{:09}", 14_333 + department_id)
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct PublishingBody {
    pub department_id: i32,
    pub org_code: String,
    pub index_pattern: String,
}

pub async fn body_of(
    db: &impl ConnectionTrait,
    department_id: i32,
) -> Result<PublishingBody, AppError> {
    Ok(
        match publishing_bodies::Entity::find_by_id(department_id)
            .one(db)
            .await?
        {
            Some(b) => PublishingBody {
                department_id,
                org_code: b.org_code,
                index_pattern: b.index_pattern,
            },
            None => PublishingBody {
                department_id,
                org_code: default_org_code(department_id),
                index_pattern: DEFAULT_INDEX_PATTERN.to_string(),
            },
        },
    )
}

/// Sets a body's organisation code (digits, letters and hyphens, up to 18) and pattern.
/// Existing numbers never change: only new documents use the new settings. Audited in the
/// same transaction.
pub async fn configure(
    db: &sea_orm::DatabaseConnection,
    admin: &Admin,
    department_id: i32,
    org_code: &str,
    pattern: Option<&str>,
) -> Result<PublishingBody, AppError> {
    let mut errors = FieldErrors::new();
    let org = org_code.trim().to_string();
    if org.is_empty()
        || org.len() > 18
        || !org.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        errors.add("org_code", "机构代码须为 1–18 位字母、数字或连字符");
    }
    let pattern = errors.check(
        "index_pattern",
        parse_index_pattern(pattern.unwrap_or(DEFAULT_INDEX_PATTERN)),
    );
    errors.into_result()?;
    let pattern = pattern.unwrap_or_else(|| DEFAULT_INDEX_PATTERN.to_string());
    let txn = sea_orm::TransactionTrait::begin(db).await?;
    crate::admin::departments::get(&txn, department_id).await?;
    // Two bodies with one code would give the same numbers: the code, as configured or
    // by default, is each body's own.
    for d in crate::admin::departments::list(&txn, true).await? {
        if d.id != department_id && body_of(&txn, d.id).await?.org_code == org {
            let mut taken = FieldErrors::new();
            taken.add("org_code", format!("机构代码 {org} 已由「{}」使用", d.name));
            return Err(AppError::Validation(taken));
        }
    }
    publishing_bodies::Entity::insert(publishing_bodies::ActiveModel {
        department_id: Set(department_id),
        org_code: Set(org.clone()),
        index_pattern: Set(pattern.clone()),
    })
    .on_conflict(
        OnConflict::column(publishing_bodies::Column::DepartmentId)
            .update_columns([
                publishing_bodies::Column::OrgCode,
                publishing_bodies::Column::IndexPattern,
            ])
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    crate::platform::audit::record(
        &txn,
        Some(admin.id),
        "publishing_body.configure",
        &format!("department:{department_id}"),
        format!("{org} {pattern}"),
    )
    .await?;
    txn.commit().await?;
    Ok(PublishingBody {
        department_id,
        org_code: org,
        index_pattern: pattern,
    })
}

/// Takes the next serial of (body, year) and formats the number. Call inside the
/// transaction that inserts the document.
pub async fn next(
    txn: &impl ConnectionTrait,
    department_id: i32,
    year: i32,
) -> Result<String, AppError> {
    index_counters::Entity::insert(index_counters::ActiveModel {
        department_id: Set(department_id),
        year: Set(year),
        next_serial: Set(1),
    })
    .on_conflict(
        OnConflict::columns([
            index_counters::Column::DepartmentId,
            index_counters::Column::Year,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(txn)
    .await
    .or_else(|e| match e {
        sea_orm::DbErr::RecordNotInserted => Ok(0),
        e => Err(e),
    })?;
    index_counters::Entity::update_many()
        .col_expr(
            index_counters::Column::NextSerial,
            Expr::col(index_counters::Column::NextSerial).add(1),
        )
        .filter(index_counters::Column::DepartmentId.eq(department_id))
        .filter(index_counters::Column::Year.eq(year))
        .exec(txn)
        .await?;
    let row = index_counters::Entity::find_by_id((department_id, year))
        .one(txn)
        .await?
        .ok_or(AppError::Internal)?;
    let body = body_of(txn, department_id).await?;
    Ok(format_index_no(
        &body.index_pattern,
        &body.org_code,
        year,
        row.next_serial - 1,
    ))
}
