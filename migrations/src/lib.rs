//! Database schema, one migration per step. The same migrations run on SQLite and PostgreSQL,
//! so they use sea-query's portable column types only.
// No request may panic the server: errors are handled, not unwrapped (tests may unwrap).
#![deny(clippy::unwrap_used)]
pub use sea_orm_migration::prelude::*;

mod m20261126_000001_foundation;
mod m20261126_000002_questions;
mod m20261126_000003_interviews;
mod m20261126_000004_catalog;
mod m20261126_000005_search;
mod m20261126_000006_attachments;
mod m20261126_000007_disclosure_code_hash;
mod m20261126_000008_document_tallies;
mod m20261129_000009_department_roles;
mod m20261129_000010_handling;
mod m20261129_000011_account_sessions;
mod m20261130_000012_sealed_secrets;
mod m20261204_000013_tracking_counters;
mod m20261204_000014_latest_answers_index;
mod m20261205_000015_change_counter;
mod m20261206_000016_document_revisions;
mod m20261206_000017_disclosure_guide;
mod m20261206_000018_disclosure_intake;
mod m20261206_000019_annual_reports;
mod m20261206_000020_consultation_answers;
mod m20261206_000021_reply_kinds_and_files;
mod m20261206_000022_interview_notices;
mod m20261206_000023_consent;
mod m20261206_000024_personal_data;
mod m20261206_000025_catalog_records_two;
mod m20261206_000026_department_reports;
mod m20261206_000027_search_storage;
mod m20261207_000028_search_walk_indexes;

pub use m20261126_000008_document_tallies::COUNT_DOCUMENT_TALLIES;
pub use m20261205_000015_change_counter::{CHANGES_CHANNEL, WATCHED_TABLES};

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_foundation::Migration),
            Box::new(m20261126_000002_questions::Migration),
            Box::new(m20261126_000003_interviews::Migration),
            Box::new(m20261126_000004_catalog::Migration),
            Box::new(m20261126_000005_search::Migration),
            Box::new(m20261126_000006_attachments::Migration),
            Box::new(m20261126_000007_disclosure_code_hash::Migration),
            Box::new(m20261126_000008_document_tallies::Migration),
            Box::new(m20261129_000009_department_roles::Migration),
            Box::new(m20261129_000010_handling::Migration),
            Box::new(m20261129_000011_account_sessions::Migration),
            Box::new(m20261130_000012_sealed_secrets::Migration),
            Box::new(m20261204_000013_tracking_counters::Migration),
            Box::new(m20261204_000014_latest_answers_index::Migration),
            Box::new(m20261205_000015_change_counter::Migration),
            Box::new(m20261206_000016_document_revisions::Migration),
            Box::new(m20261206_000017_disclosure_guide::Migration),
            Box::new(m20261206_000018_disclosure_intake::Migration),
            Box::new(m20261206_000019_annual_reports::Migration),
            Box::new(m20261206_000020_consultation_answers::Migration),
            Box::new(m20261206_000021_reply_kinds_and_files::Migration),
            Box::new(m20261206_000022_interview_notices::Migration),
            Box::new(m20261206_000023_consent::Migration),
            Box::new(m20261206_000024_personal_data::Migration),
            Box::new(m20261206_000025_catalog_records_two::Migration),
            Box::new(m20261206_000026_department_reports::Migration),
            Box::new(m20261206_000027_search_storage::Migration),
            Box::new(m20261207_000028_search_walk_indexes::Migration),
        ]
    }
}
