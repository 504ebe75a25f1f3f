use sea_orm::entity::prelude::*;

/// A file given with a 予以公开 or 部分公开 reply, which the applicant downloads with the
/// query code. The bytes live on disk under the attachments directory as `stored_name`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "disclosure_reply_files")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub request_id: i32,
    /// The uploader's file name, sanitised (no path, no control characters).
    pub original_name: String,
    /// Generated: 32 random hex digits and the extension of the detected type.
    #[sea_orm(unique)]
    pub stored_name: String,
    /// Decided from the content, never from the client's claim.
    pub media_type: String,
    pub size_bytes: i64,
    /// Hex SHA-256 of the bytes: what was delivered can be proved later.
    pub sha256: String,
    pub uploaded_by: Option<i32>,
    pub uploaded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
