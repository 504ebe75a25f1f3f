//! sea-orm entities: one file per table, shaped as `sea-orm-cli generate entity` writes them.
//! Behaviour lives in the feature modules' services, not here.
pub mod audit_events;
pub mod calendar_days;
pub mod catalog_columns;
pub mod departments;
pub mod disclosure_requests;
pub mod document_attachments;
pub mod document_tallies;
pub mod documents;
pub mod index_counters;
pub mod interview_events;
pub mod interview_guests;
pub mod interview_questions;
pub mod interview_stage_changes;
pub mod interview_votes;
pub mod interviews;
pub mod publishing_bodies;
pub mod question_events;
pub mod question_notes;
pub mod question_tallies;
pub mod questions;
pub mod rate_limits;
pub mod report_figures;
pub mod sessions;
pub mod time_limits;
pub mod user_roles;
pub mod users;
