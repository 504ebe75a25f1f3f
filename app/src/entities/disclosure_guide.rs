use sea_orm::entity::prelude::*;

/// 政府信息公开指南: one row (`id` 1), as admins last saved it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "disclosure_guide")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    /// 政府信息公开工作机构.
    pub office: String,
    pub address: String,
    pub hours: String,
    pub phone: String,
    pub fax: Option<String>,
    pub email: Option<String>,
    /// 政府信息的分类、编排体系.
    #[sea_orm(column_type = "Text")]
    pub classification: String,
    /// How proactively published information is obtained.
    #[sea_orm(column_type = "Text")]
    pub proactive: String,
    /// How to apply (依申请公开).
    #[sea_orm(column_type = "Text")]
    pub on_request: String,
    /// 监督和救济.
    #[sea_orm(column_type = "Text")]
    pub remedies: String,
    pub updated_at: DateTimeUtc,
    pub updated_by: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
