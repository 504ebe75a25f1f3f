//! Shared UI: the page shell (header, footer, skip link), form fields and notices, paging.
mod form;
mod layout;
mod pager;
pub mod prefs;
mod read_aloud;

pub use form::{field_error, ErrorNotice, Field, LastError, SelectField, TextAreaField};
pub use layout::{Footer, Header, NotFound, PageTitle, SkipLink};
pub use pager::{query_string, Pager};
pub use read_aloud::ReadAloud;
