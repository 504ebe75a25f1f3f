//! 栏目: seeded from the 2012 report, plus 工作报告 and 规章, and the contents every agency
//! must disclose of its own accord (条例第二十条); admins add more.
use crate::auth::caps::Admin;
use crate::catalog::types::Column;
use crate::entities::catalog_columns;
use crate::error::AppError;
use crate::platform::audit;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};

/// (slug, name, documents the seed report counts for 2012).
pub const SEED: &[(&str, &str, u32)] = &[
    ("zwyw", "政务要闻", 2316),
    ("fwms", "服务民生", 338),
    ("xwtt", "新闻头条", 193),
    ("ldhd", "领导活动", 538),
    ("zfwj", "政府文件", 87),
    ("rsxx", "人事信息", 10),
    ("sqmy", "社情民意", 336),
    ("gfxwj", "规范性文件", 12),
    ("zcjd", "政策解读", 6),
    ("gggs", "公告公示", 139),
    ("gzbg", "工作报告", 0),
    ("gz", "规章", 0),
    // 条例第二十条: what every agency discloses of its own accord ((一) is 规章 and 规范性文件
    // above; (十五), "other", is no column of its own).
    ("jgzn", "机构职能", 0),
    ("fzgh", "发展规划", 0),
    ("tjxx", "统计信息", 0),
    ("xzxk", "行政许可和服务事项", 0),
    ("xzcf", "行政处罚和行政强制", 0),
    ("czyjs", "财政预决算", 0),
    ("xzsf", "行政事业性收费", 0),
    ("zfcg", "政府集中采购", 0),
    ("zdxm", "重大建设项目", 0),
    ("msbz", "扶贫、教育、医疗、社保、就业", 0),
    ("yjgl", "突发公共事件应对", 0),
    ("jdjc", "监督检查", 0),
    ("gwyzk", "公务员招考", 0),
];

/// The columns whose documents table 2 of the annual report counts.
pub const REGULATION_SLUG: &str = "gz";
pub const NORMATIVE_SLUG: &str = "gfxwj";
pub const INTERPRETATION_SLUG: &str = "zcjd";

/// Adds every seed column the site does not have yet (by code or by name), at its place in
/// the seed order: a new site gets them all, an older one the statutory columns added since.
/// A column an admin retired stays retired.
pub async fn seed_missing(db: &impl ConnectionTrait) -> Result<(), AppError> {
    let have = all(db).await?;
    let rows: Vec<_> = SEED
        .iter()
        .enumerate()
        .filter(|(_, (slug, name, _))| !have.iter().any(|c| c.slug == *slug || c.name == *name))
        .map(|(i, (slug, name, _))| catalog_columns::ActiveModel {
            slug: Set((*slug).to_string()),
            name: Set((*name).to_string()),
            sort_order: Set(i as i32),
            active: Set(true),
            ..Default::default()
        })
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    catalog_columns::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<catalog_columns::Model>, AppError> {
    Ok(catalog_columns::Entity::find()
        .order_by_asc(catalog_columns::Column::SortOrder)
        .order_by_asc(catalog_columns::Column::Id)
        .all(db)
        .await?)
}

pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<Column>, AppError> {
    Ok(all(db)
        .await?
        .into_iter()
        .filter(|c| c.active)
        .map(|c| Column {
            slug: c.slug,
            name: c.name,
        })
        .collect())
}

pub async fn by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<Option<catalog_columns::Model>, AppError> {
    Ok(catalog_columns::Entity::find()
        .filter(catalog_columns::Column::Slug.eq(slug.trim()))
        .one(db)
        .await?)
}

/// Admins add a column: a slug of 2–20 lower-case letters, digits or hyphens, and a name.
pub async fn create(
    db: &impl ConnectionTrait,
    admin: &Admin,
    slug: &str,
    name: &str,
) -> Result<Column, AppError> {
    let mut errors = crate::error::FieldErrors::new();
    let slug = slug.trim().to_string();
    let name = name.trim().to_string();
    if !(2..=20).contains(&slug.len())
        || !slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        errors.add("slug", "代码须为 2–20 个小写字母、数字或连字符");
    }
    let n = name.chars().count();
    if !(2..=20).contains(&n) || name.chars().any(char::is_control) {
        errors.add("name", "栏目名称须为 2–20 个字");
    }
    errors.into_result()?;
    let taken = catalog_columns::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(catalog_columns::Column::Slug.eq(slug.as_str()))
                .add(catalog_columns::Column::Name.eq(name.as_str())),
        )
        .count(db)
        .await?;
    if taken > 0 {
        return Err(AppError::invalid("name", "已有同名或同代码的栏目"));
    }
    let next = catalog_columns::Entity::find().count(db).await? as i32;
    let m = catalog_columns::ActiveModel {
        slug: Set(slug),
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
        "column.create",
        &format!("column:{}", m.id),
        &m.name,
    )
    .await?;
    Ok(Column {
        slug: m.slug,
        name: m.name,
    })
}
