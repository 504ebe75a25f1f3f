//! 承办部门: the department that handles an application and whose annual report counts it.
//! The desk names it at intake or any time later (an application first sent to the wrong
//! office moves to the right one); every change is audited. The district's report counts
//! every application whatever its department.
use super::records::{find, to_view};
use super::types::DisclosureRequest;
use crate::auth::caps::DisclosureOfficer;
use crate::entities::disclosure_requests as dr;
use crate::error::AppError;
use crate::input::Number;
use crate::platform::audit;
use chrono::NaiveDate;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, Set};

/// The department a form or body names: blank is none; otherwise an active department, or
/// the field error for `field`.
pub async fn parse(
    db: &impl ConnectionTrait,
    raw: Option<&Number>,
    field: &str,
) -> Result<Option<i32>, AppError> {
    let Some(n) = raw.filter(|n| !n.is_blank()) else {
        return Ok(None);
    };
    let id: i32 = n.parse(field, "请选择承办部门")?;
    crate::admin::departments::require_active(db, id, field).await?;
    Ok(Some(id))
}

/// Names (or, with a blank value, clears) the application's department.
pub async fn assign(
    db: &DatabaseConnection,
    officer: &DisclosureOfficer,
    tracking_no: &str,
    department: Option<&Number>,
    today: NaiveDate,
) -> Result<DisclosureRequest, AppError> {
    let m = find(db, tracking_no).await?;
    let to = parse(db, department, "department_id").await?;
    let from = m.department_id;
    let id = m.id;
    let m = if from == to {
        m
    } else {
        let mut am: dr::ActiveModel = m.into();
        am.department_id = Set(to);
        let m = am.update(db).await?;
        let id_or_none = |d: Option<i32>| d.map_or("none".to_string(), |d| d.to_string());
        audit::record(
            db,
            Some(officer.id),
            "disclosure.department",
            &format!("disclosure:{}", m.tracking_no),
            format!("{}→{}", id_or_none(from), id_or_none(to)),
        )
        .await?;
        m
    };
    let files = super::files::list(db, id).await?;
    let cal = crate::calendar::service::load(db).await?;
    let mut view = to_view(m, &cal, today)?;
    view.files = files;
    name(db, std::slice::from_mut(&mut view)).await?;
    Ok(view)
}

/// Fills in the names of the departments `views` are handled by, in one query.
pub async fn name(
    db: &impl ConnectionTrait,
    views: &mut [DisclosureRequest],
) -> Result<(), AppError> {
    let ids = views.iter().filter_map(|v| v.department_id).collect();
    let names = crate::admin::departments::names(db, ids).await?;
    for v in views {
        v.department = v.department_id.and_then(|d| names.get(&d).cloned());
    }
    Ok(())
}
