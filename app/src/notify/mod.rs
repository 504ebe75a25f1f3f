//! 通知: people are told when something happens to what they care about, by e-mail (SMTP)
//! and SMS (a webhook). A change writes its messages to the outbox in its own transaction
//! ([`outbox::enqueue`]), so a message exists exactly when the change does; a background
//! worker ([`deliver`]) sends each one, retrying with backoff while the server is down.
pub mod deliver;
pub mod outbox;
pub mod recipients;
pub mod summary;
pub mod tell;
pub mod texts;
