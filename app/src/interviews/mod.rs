//! 在线访谈: online interviews through the six-stage workflow, with a moderated live session.
pub mod pages;
pub mod types;
pub mod window;

#[cfg(feature = "ssr")]
pub mod frame;
#[cfg(feature = "ssr")]
pub mod hub;
#[cfg(feature = "ssr")]
pub mod rest;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod stream;

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use types::{Event, Interview, NetizenQuestion};

#[cfg(feature = "ssr")]
use crate::auth::{caps, ctx};
#[cfg(feature = "ssr")]
use service::{events, manage, messages, questions};

/// Who a netizen is, for "one vote per person" and "my questions": the account when signed
/// in, else a random visitor id kept in the session.
#[cfg(feature = "ssr")]
pub mod identity {
    use crate::error::AppError;
    use crate::platform::AppState;
    use tower_sessions::Session;

    /// Who this is, if they are known already; a mere view never starts a session (a
    /// session row for every cookieless visitor would let anyone fill the table).
    pub async fn known_person(
        state: &AppState,
        session: &Session,
    ) -> Result<Option<String>, AppError> {
        if let Some(u) = crate::auth::service::current_user(state, session).await? {
            return Ok(Some(format!("u:{}", u.id)));
        }
        Ok(session
            .get::<String>("visitor")
            .await?
            .map(|v| format!("s:{v}")))
    }

    /// Who this is, made known for an action of theirs (asking, voting).
    pub async fn person_key(state: &AppState, session: &Session) -> Result<String, AppError> {
        if let Some(u) = crate::auth::service::current_user(state, session).await? {
            return Ok(format!("u:{}", u.id));
        }
        if let Some(v) = session.get::<String>("visitor").await? {
            return Ok(format!("s:{v}"));
        }
        use rand::RngCore;
        let mut b = [0u8; 16];
        rand::thread_rng().fill_bytes(&mut b);
        let v: String = b.iter().map(|x| format!("{x:02x}")).collect();
        session.insert("visitor", &v).await?;
        Ok(format!("s:{v}"))
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LivePageData {
    pub interview: Interview,
    pub events: Vec<Event>,
    pub questions: Vec<NetizenQuestion>,
    pub mine: Vec<NetizenQuestion>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HostConsoleData {
    pub interview: Interview,
    pub queue: Vec<NetizenQuestion>,
    pub background: String,
    /// The rehearsal stream during rehearsal, the public one otherwise.
    pub events: Vec<Event>,
    pub rehearsal: bool,
    pub viewers: usize,
    /// The queue is in order of asking rather than of votes.
    pub by_time: bool,
}

#[server]
pub async fn list_interviews() -> Result<Vec<Interview>, AppError> {
    let state = crate::platform::AppState::from_context()?;
    Ok(manage::list(&state.reads, None, 0, 100).await?.0)
}

#[server]
pub async fn live_page(id: i32) -> Result<LivePageData, AppError> {
    let state = crate::platform::AppState::from_context()?;
    let session = ctx::session().await?;
    let interview = manage::get(&state.db, id, None).await?;
    let author = identity::known_person(&state, &session).await?;
    Ok(LivePageData {
        events: events::after(&state.db, id, false, 0, 10_000)
            .await?
            .into_iter()
            .filter(|e| !e.hidden)
            .collect(),
        questions: questions::public_list(&state.reads, id).await?,
        mine: match author {
            Some(author) => questions::mine(&state.db, id, &author).await?,
            None => Vec::new(),
        },
        interview,
    })
}

#[server]
pub async fn ask_question(
    interview_id: i32,
    body: String,
    nickname: Option<String>,
) -> Result<NetizenQuestion, AppError> {
    let state = crate::platform::AppState::from_context()?;
    let session = ctx::session().await?;
    let ip = ctx::client_ip().await;
    let author = identity::person_key(&state, &session).await?;
    questions::ask(
        &state,
        interview_id,
        &author,
        ip,
        &body,
        nickname.as_deref(),
    )
    .await
}

#[server]
pub async fn vote_question(interview_id: i32, question_id: i32) -> Result<(), AppError> {
    let state = crate::platform::AppState::from_context()?;
    let session = ctx::session().await?;
    let voter = identity::person_key(&state, &session).await?;
    let ip = ctx::client_ip().await;
    questions::vote(&state, interview_id, question_id, &voter, ip).await
}

#[server]
pub async fn host_interviews() -> Result<Vec<Interview>, AppError> {
    let (state, host) = caps::require::<caps::Host>().await?;
    Ok(manage::list(&state.db, Some(&host), 0, 200).await?.0)
}

/// `guests`: one per line, “姓名，职务” (a Chinese or ASCII comma, or a tab).
#[server]
pub async fn create_interview(
    title: String,
    summary: String,
    scheduled_at: String,
    duration_minutes: String,
    guests: String,
    department_id: Option<String>,
) -> Result<Interview, AppError> {
    let (state, host) = caps::require::<caps::Host>().await?;
    manage::create(
        &state,
        &host,
        manage::NewInterview {
            title,
            summary,
            scheduled_at,
            duration_minutes: duration_minutes.into(),
            guests: types::Guest::from_lines(&guests),
            department_id: department_id.map(Into::into),
        },
    )
    .await
}

#[server]
pub async fn host_console(id: i32, by_time: bool) -> Result<HostConsoleData, AppError> {
    let (state, host) = caps::require::<caps::Host>().await?;
    let interview = manage::get(&state.db, id, Some(&host)).await?;
    let rehearsal = interview.stage == types::Stage::Rehearsal;
    Ok(HostConsoleData {
        queue: questions::queue(&state.db, &host, id, by_time).await?,
        background: manage::background(&state.db, id).await?,
        events: events::after(&state.db, id, rehearsal, 0, 10_000).await?,
        viewers: state.live.viewers(id),
        by_time,
        rehearsal,
        interview,
    })
}

#[server]
pub async fn advance_stage(
    id: i32,
    to: types::Stage,
    override_reason: Option<String>,
) -> Result<Interview, AppError> {
    let (state, host) = caps::require::<caps::Host>().await?;
    manage::move_stage(&state, &host, id, to, override_reason.as_deref()).await
}

/// A new time for an interview, with its public notice once announced.
#[server]
pub async fn reschedule_interview(
    id: i32,
    scheduled_at: String,
    duration_minutes: Option<String>,
    notice: Option<String>,
    override_reason: Option<String>,
) -> Result<Interview, AppError> {
    let (state, host) = caps::require::<caps::Host>().await?;
    let input = service::notices::Reschedule {
        scheduled_at,
        duration_minutes: duration_minutes.map(Into::into),
        notice,
        override_reason,
    };
    service::notices::reschedule(&state, &host, id, &input).await
}

/// Cancels an announced interview with its public notice.
#[server]
pub async fn cancel_interview(id: i32, notice: Option<String>) -> Result<Interview, AppError> {
    let (state, host) = caps::require::<caps::Host>().await?;
    service::notices::cancel(&state, &host, id, notice.as_deref()).await
}

#[server]
pub async fn moderate_question(
    id: i32,
    question_id: i32,
    decision: types::Decision,
) -> Result<NetizenQuestion, AppError> {
    let (state, host) = caps::require::<caps::Host>().await?;
    questions::moderate(&state, &host, id, question_id, decision).await
}

#[server]
pub async fn post_message(
    id: i32,
    speaker: String,
    body: String,
    answers: Option<i32>,
) -> Result<Event, AppError> {
    let (state, host) = caps::require::<caps::Host>().await?;
    messages::post_message(&state, &host, id, &speaker, &body, answers).await
}

#[server]
pub async fn save_background(id: i32, background: String) -> Result<(), AppError> {
    let (state, host) = caps::require::<caps::Host>().await?;
    manage::set_background(&state, &host, id, &background).await
}

#[server]
pub async fn save_draft_answer(
    id: i32,
    question_id: i32,
    draft_answer: String,
) -> Result<(), AppError> {
    let (state, host) = caps::require::<caps::Host>().await?;
    questions::save_draft(&state, &host, id, question_id, &draft_answer).await
}

#[server]
pub async fn pin_event(id: i32, seq: Option<i32>) -> Result<(), AppError> {
    let (state, host) = caps::require::<caps::Host>().await?;
    manage::pin(&state, &host, id, seq).await
}

#[server]
pub async fn review_entry(
    id: i32,
    seq: i32,
    body: String,
    hidden: Option<String>,
) -> Result<(), AppError> {
    let (state, host) = caps::require::<caps::Host>().await?;
    manage::review_entry(&state, &host, id, seq, Some(body), hidden.is_some()).await
}
