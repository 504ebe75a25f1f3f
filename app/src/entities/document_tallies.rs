use sea_orm::entity::prelude::*;

/// Published documents per column, publishing body, year of publication, 主题分类 and
/// 有效性: the catalog's browse totals without counting rows.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "document_tallies")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub column_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub publisher_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub pub_year: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub subject: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub validity: String,
    pub published: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
