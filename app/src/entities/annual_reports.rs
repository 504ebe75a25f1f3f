use sea_orm::entity::prelude::*;

/// An annual report's written sections and, once published, its frozen snapshot.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "annual_reports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub year: i32,
    /// Whose report: 0 the district's, otherwise a department's id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub scope: i32,
    /// 一、总体情况
    #[sea_orm(column_type = "Text")]
    pub overview: String,
    /// 五、存在的主要问题及改进情况
    #[sea_orm(column_type = "Text")]
    pub problems: String,
    /// 六、其他需要报告的事项
    #[sea_orm(column_type = "Text")]
    pub other_matters: String,
    pub updated_at: DateTimeUtc,
    pub published_at: Option<DateTimeUtc>,
    pub published_by: Option<i32>,
    /// The whole report as published (JSON of `AnnualReport`); what every reader gets after.
    #[sea_orm(column_type = "Text", nullable)]
    pub snapshot: Option<String>,
    /// The catalog document (工作报告) that publishes it.
    pub document_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
