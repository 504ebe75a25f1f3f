//! The departments' reports of a year as the district's report lists them: which are
//! published, how many applications each handles, and how many no department was named for.
use super::service::{bounds, of_the_year};
use super::types::{DepartmentReport, DepartmentReports, Scope};
use crate::auth::types::DepartmentRef;
use crate::entities::{annual_reports, disclosure_requests as dr};
use crate::error::AppError;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;

/// Every department's report of `year` (the active departments, and a retired one that
/// has a report or applications that year), with the applications no department was named
/// for.
pub async fn department_reports(
    db: &impl ConnectionTrait,
    year: i32,
) -> Result<DepartmentReports, AppError> {
    let (start, end) = bounds(year)?;
    let handled: Vec<Option<i32>> = of_the_year(start, end, None)
        .select_only()
        .column(dr::Column::DepartmentId)
        .into_tuple()
        .all(db)
        .await?;
    let mut per_department: HashMap<i32, u64> = HashMap::new();
    let mut unassigned = 0;
    for d in handled {
        match d {
            Some(d) => *per_department.entry(d).or_default() += 1,
            None => unassigned += 1,
        }
    }
    let reports: HashMap<i32, annual_reports::Model> = annual_reports::Entity::find()
        .filter(annual_reports::Column::Year.eq(year))
        .filter(annual_reports::Column::Scope.ne(Scope::District.key()))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.scope, m))
        .collect();
    let items = crate::admin::departments::list(db, true)
        .await?
        .into_iter()
        .filter(|d| {
            d.active
                || per_department.contains_key(&d.id)
                || reports.get(&d.id).is_some_and(|r| r.published_at.is_some())
        })
        .map(|d| {
            let report = reports.get(&d.id);
            let published_at = report.and_then(|r| r.published_at);
            DepartmentReport {
                applications: per_department.get(&d.id).copied().unwrap_or(0),
                published: published_at.is_some(),
                published_at,
                document_id: report.and_then(|r| r.document_id),
                department: DepartmentRef {
                    id: d.id,
                    name: d.name,
                },
            }
        })
        .collect();
    Ok(DepartmentReports {
        year,
        items,
        unassigned,
    })
}
