//! Shared UI: the page shell (header, footer, skip link), form fields and notices.
mod form;
mod layout;

pub use form::{field_error, ErrorNotice, Field, LastError, SelectField, TextAreaField};
pub use layout::{Footer, Header, NotFound, PageTitle, SkipLink};
