//! 主题分类 as data: the State Council's scheme (seeded by migration 000025), which admins
//! extend; a category is retired rather than deleted, so the documents filed under it keep
//! a valid one.
use crate::auth::caps::Admin;
use crate::catalog::types::SubjectCategory;
use crate::entities::subject_categories as row;
use crate::error::AppError;
use crate::platform::audit;
use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};

/// Every category, in order; `active_only` for the lists the forms offer.
pub async fn list(
    db: &impl ConnectionTrait,
    active_only: bool,
) -> Result<Vec<SubjectCategory>, AppError> {
    let mut q = row::Entity::find();
    if active_only {
        q = q.filter(row::Column::Active.eq(true));
    }
    Ok(q.order_by_asc(row::Column::SortOrder)
        .order_by_asc(row::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|m| SubjectCategory {
            id: m.id,
            name: m.name,
            active: m.active,
        })
        .collect())
}

/// The names a document may be filed under: the active ones, and `current` (the category
/// the edited document already has).
pub async fn offered(
    db: &impl ConnectionTrait,
    current: Option<&str>,
) -> Result<Vec<String>, AppError> {
    let mut names: Vec<String> = list(db, true).await?.into_iter().map(|c| c.name).collect();
    if let Some(c) = current {
        names.push(c.to_string());
    }
    Ok(names)
}

/// Admins add a category at the end of the list.
pub async fn create(
    db: &impl ConnectionTrait,
    admin: &Admin,
    name: &str,
) -> Result<SubjectCategory, AppError> {
    let name = crate::text::parse_text(name, "分类名称", 2, 30)
        .map_err(|e| AppError::invalid("name", e))?;
    if name.contains('\n') {
        return Err(AppError::invalid("name", "分类名称不能换行"));
    }
    let taken = row::Entity::find()
        .filter(row::Column::Name.eq(name.as_str()))
        .count(db)
        .await?;
    if taken > 0 {
        return Err(AppError::invalid("name", "已有同名的主题分类"));
    }
    let next = row::Entity::find().count(db).await? as i32;
    let m = row::ActiveModel {
        name: Set(name),
        sort_order: Set(next),
        active: Set(true),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        Some(admin.id),
        "subject.create",
        &format!("subject:{}", m.id),
        &m.name,
    )
    .await?;
    Ok(SubjectCategory {
        id: m.id,
        name: m.name,
        active: m.active,
    })
}

/// Admins retire a category (no longer offered) or bring it back.
pub async fn set_active(
    db: &impl ConnectionTrait,
    admin: &Admin,
    id: i32,
    active: bool,
) -> Result<SubjectCategory, AppError> {
    let res = row::Entity::update_many()
        .col_expr(row::Column::Active, Expr::value(active))
        .filter(row::Column::Id.eq(id))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(
        db,
        Some(admin.id),
        if active {
            "subject.restore"
        } else {
            "subject.retire"
        },
        &format!("subject:{id}"),
        "",
    )
    .await?;
    let m = row::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(SubjectCategory {
        id: m.id,
        name: m.name,
        active: m.active,
    })
}
