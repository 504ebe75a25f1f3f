use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub username: String,
    pub password_hash: String,
    pub display_name: String,
    pub created_at: DateTimeUtc,
    pub email: Option<String>,
    /// Set when an admin disables the account: it is refused at once, everywhere.
    pub disabled_at: Option<DateTimeUtc>,
    /// The user wants to be told by e-mail (个人设置).
    pub notify: bool,
    /// Unix milliseconds: sessions signed in before this no longer count (password changed).
    pub sessions_since: Option<i64>,
    /// The second factor's secret, sealed under the server's key (`auth::totp`).
    pub totp_secret: Option<String>,
    /// The last time step a code was used in: no code signs in twice.
    pub totp_step: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::user_roles::Entity")]
    UserRoles,
}

impl Related<super::user_roles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::UserRoles.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
