//! sea-orm entities: one file per table, shaped as `sea-orm-cli generate entity` writes them.
//! Behaviour lives in the feature modules' services, not here.
pub mod audit_events;
pub mod calendar_days;
pub mod catalog_columns;
pub mod departments;
pub mod disclosure_requests;
pub mod document_terms;
pub mod documents;
pub mod index_counters;
pub mod publishing_bodies;
pub mod rate_limits;
pub mod report_figures;
pub mod sessions;
pub mod user_roles;
pub mod users;
