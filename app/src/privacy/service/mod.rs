//! The personal-information services: retention and its sweep, copies, deletion requests.
pub mod copy;
pub mod erase;
pub mod requests;
pub mod retention;
