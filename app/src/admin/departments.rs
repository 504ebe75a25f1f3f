//! Departments: the seeded list from the 2012 report, managed by admins.
use super::types::{parse_department_name, Department};
use crate::auth::caps::Admin;
use crate::entities::departments;
use crate::error::AppError;
use crate::platform::audit;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use std::collections::HashMap;

/// Bodies named in the seed report, and the usual district departments around them.
pub const SEED: &[&str] = &[
    "区政府办公室",
    "区监察局",
    "区政府法制办",
    "区教委",
    "区人力社保局",
    "区环保局",
    "区政务服务中心",
    "区公共资源交易中心",
    "区民生服务中心",
    "区新闻中心",
    "区财政局",
    "区民政局",
    "区卫生局",
    "区交通局",
    "区旅游局",
    "区城乡建委",
];

fn to_dto(m: departments::Model) -> Department {
    Department {
        id: m.id,
        name: m.name,
        active: m.active,
    }
}

pub async fn seed_if_empty(db: &impl ConnectionTrait) -> Result<(), AppError> {
    if departments::Entity::find().count(db).await? > 0 {
        return Ok(());
    }
    let now = Utc::now();
    let rows: Vec<_> = SEED
        .iter()
        .enumerate()
        .map(|(i, name)| departments::ActiveModel {
            name: Set((*name).to_string()),
            sort_order: Set(i as i32),
            active: Set(true),
            created_at: Set(now),
            ..Default::default()
        })
        .collect();
    departments::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Departments in display order; inactive ones only when asked for.
pub async fn list(
    db: &impl ConnectionTrait,
    include_inactive: bool,
) -> Result<Vec<Department>, AppError> {
    let mut q = departments::Entity::find()
        .order_by_asc(departments::Column::SortOrder)
        .order_by_asc(departments::Column::Id);
    if !include_inactive {
        q = q.filter(departments::Column::Active.eq(true));
    }
    Ok(q.all(db).await?.into_iter().map(to_dto).collect())
}

pub async fn get(db: &impl ConnectionTrait, id: i32) -> Result<Department, AppError> {
    departments::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(to_dto)
        .ok_or(AppError::NotFound)
}

/// The names of the departments `ids` (retired ones too), in one query: for lists that show
/// who handles each row.
pub async fn names(
    db: &impl ConnectionTrait,
    mut ids: Vec<i32>,
) -> Result<HashMap<i32, String>, AppError> {
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(departments::Entity::find()
        .filter(departments::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect())
}

/// An active department by id, for routing: a field error when it does not exist.
pub async fn require_active(
    db: &impl ConnectionTrait,
    id: i32,
    field: &str,
) -> Result<Department, AppError> {
    match departments::Entity::find_by_id(id).one(db).await? {
        Some(d) if d.active => Ok(to_dto(d)),
        _ => Err(AppError::invalid(field, "所选部门不存在或已停用")),
    }
}

async fn name_taken(
    db: &impl ConnectionTrait,
    name: &str,
    except: Option<i32>,
) -> Result<bool, AppError> {
    let mut q = departments::Entity::find().filter(departments::Column::Name.eq(name));
    if let Some(id) = except {
        q = q.filter(departments::Column::Id.ne(id));
    }
    Ok(q.count(db).await? > 0)
}

pub async fn create(
    db: &impl ConnectionTrait,
    admin: &Admin,
    raw_name: &str,
) -> Result<Department, AppError> {
    let name = parse_department_name(raw_name).map_err(|m| AppError::invalid("name", m))?;
    if name_taken(db, &name, None).await? {
        return Err(AppError::invalid("name", "已有同名部门"));
    }
    let next = departments::Entity::find().count(db).await? as i32;
    let m = departments::ActiveModel {
        name: Set(name),
        sort_order: Set(next),
        active: Set(true),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        Some(admin.id),
        "department.create",
        &format!("department:{}", m.id),
        &m.name,
    )
    .await?;
    Ok(to_dto(m))
}

pub async fn update(
    db: &impl ConnectionTrait,
    admin: &Admin,
    id: i32,
    raw_name: &str,
    active: bool,
) -> Result<Department, AppError> {
    let name = parse_department_name(raw_name).map_err(|m| AppError::invalid("name", m))?;
    let current = departments::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if name_taken(db, &name, Some(id)).await? {
        return Err(AppError::invalid("name", "已有同名部门"));
    }
    let mut m: departments::ActiveModel = current.into();
    m.name = Set(name);
    m.active = Set(active);
    let m = m.update(db).await?;
    audit::record(
        db,
        Some(admin.id),
        "department.update",
        &format!("department:{id}"),
        format!("{}{}", m.name, if active { "" } else { "（停用）" }),
    )
    .await?;
    Ok(to_dto(m))
}
