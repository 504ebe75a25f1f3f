use sea_orm::entity::prelude::*;

/// Admin-configured working-day counts: one row per question kind (办理时限) and the row
/// `red_card` (working days overdue before a yellow card turns red). Missing rows mean
/// the defaults.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "time_limits")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub name: String,
    pub working_days: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
