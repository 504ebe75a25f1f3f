//! Changing an announced interview: a new time, or a cancellation, each with a public notice
//! the interview's page shows. People planned around the preview, so a change is never
//! silent. A draft may be moved without notice (nobody has seen it); once live, an
//! interview can be neither moved nor cancelled.
use super::super::types::{parse_text, Interview, NoticeKind, Stage};
use super::super::window;
use super::manage::parse_time;
use super::{row, stage_of, to_dto};
use crate::auth::caps::Host;
use crate::entities::interviews;
use crate::error::{AppError, FieldErrors};
use crate::input::Number;
use crate::platform::{audit, AppState};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};

/// The notice's length, in characters.
const NOTICE_LEN: (usize, usize) = (10, 1000);

/// The day an instant falls on in the district.
pub fn district_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&crate::platform::time::district_offset())
        .date_naive()
}

/// Field errors as the one error type.
pub fn invalid(errors: Vec<(&'static str, String)>) -> AppError {
    let mut f = FieldErrors::new();
    for (field, message) in errors {
        f.add(field, message);
    }
    AppError::Validation(f)
}

/// What a host sends to move an interview.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct Reschedule {
    /// RFC 3339, or `YYYY-MM-DDTHH:MM` in the district's time.
    pub scheduled_at: String,
    /// 10–300; unchanged when absent.
    #[serde(default)]
    #[schema(value_type = Option<i32>)]
    pub duration_minutes: Option<Number>,
    /// The public notice (10–1000 characters); required once the preview is out.
    #[serde(default)]
    pub notice: Option<String>,
    /// Why the new time or length is outside 3 days to a month ahead or 60–120 minutes.
    #[serde(default)]
    pub override_reason: Option<String>,
}

fn notice_text(raw: Option<&str>) -> Result<String, String> {
    parse_text(
        raw.unwrap_or_default(),
        "公告内容",
        NOTICE_LEN.0,
        NOTICE_LEN.1,
    )
}

fn open_for_change(m: &interviews::Model) -> Result<Stage, AppError> {
    if super::cancelled(m) {
        return Err(AppError::Conflict("该访谈已取消".into()));
    }
    let stage = stage_of(m)?;
    if stage >= Stage::Live {
        return Err(AppError::Conflict(
            "访谈已开始直播，不能再调整时间或取消".into(),
        ));
    }
    Ok(stage)
}

/// Applies `am` only if nobody moved, rescheduled or cancelled the interview since `m` was
/// read (compare and set on its stage and notice): a move to live, or a cancellation, at
/// the same moment wins or loses whole, and a reschedule never undoes a cancellation.
async fn guarded_update(
    txn: &impl sea_orm::ConnectionTrait,
    m: &interviews::Model,
    am: interviews::ActiveModel,
) -> Result<(), AppError> {
    let notice = match &m.notice_kind {
        Some(k) => interviews::Column::NoticeKind.eq(k.as_str()),
        None => interviews::Column::NoticeKind.is_null(),
    };
    let done = interviews::Entity::update_many()
        .set(am)
        .filter(interviews::Column::Id.eq(m.id))
        .filter(interviews::Column::Stage.eq(m.stage.as_str()))
        .filter(notice)
        .exec(txn)
        .await?;
    if done.rows_affected != 1 {
        return Err(AppError::Conflict("访谈刚被他人改变，请刷新后再试".into()));
    }
    Ok(())
}

/// A new time (and length), with the public notice once the interview is announced.
pub async fn reschedule(
    state: &AppState,
    host: &Host,
    id: i32,
    input: &Reschedule,
) -> Result<Interview, AppError> {
    let mut errors = FieldErrors::new();
    let at = errors.check("scheduled_at", parse_time(&input.scheduled_at));
    let minutes = match input.duration_minutes.as_ref().filter(|n| !n.is_blank()) {
        Some(n) => errors.check(
            "duration_minutes",
            n.value::<i32>()
                .filter(|m| (10..=300).contains(m))
                .ok_or_else(|| "访谈时长应为 10–300 分钟".to_string()),
        ),
        None => None,
    };
    errors.into_result()?;
    let at = at.ok_or(AppError::Internal)?;
    let txn = state.db.begin().await?;
    let m = row(&txn, id).await?;
    let stage = open_for_change(&m)?;
    let minutes = minutes.unwrap_or(m.duration_minutes);
    let announced = stage != Stage::Draft;
    let mut errors = Vec::new();
    let notice = if announced {
        match notice_text(input.notice.as_deref()) {
            Ok(n) => Some(n),
            Err(e) => {
                errors.push(("notice", e));
                None
            }
        }
    } else {
        None
    };
    // A draft's window is checked when it is announced; an announced one's now.
    let reason = if announced {
        let problems = window::unusual(state.clock.today(), district_day(at), minutes);
        match window::override_reason(problems, input.override_reason.as_deref()) {
            Ok(r) => r,
            Err(mut e) => {
                errors.append(&mut e);
                None
            }
        }
    } else {
        None
    };
    if !errors.is_empty() {
        return Err(invalid(errors));
    }
    let before = district_day(m.scheduled_at);
    let mut am = interviews::ActiveModel {
        scheduled_at: Set(at),
        duration_minutes: Set(minutes),
        ..Default::default()
    };
    if let Some(text) = &notice {
        am.notice_kind = Set(Some(NoticeKind::Rescheduled.as_str().into()));
        am.notice = Set(Some(text.clone()));
        am.notice_on = Set(Some(state.clock.today()));
    }
    if reason.is_some() {
        am.schedule_override = Set(reason.clone());
    }
    guarded_update(&txn, &m, am).await?;
    audit::record(
        &txn,
        Some(host.id),
        "interview.reschedule",
        &format!("interview:{id}"),
        format!(
            "{before} → {}，{minutes} 分钟{}",
            district_day(at),
            reason.map(|r| format!("；理由：{r}")).unwrap_or_default()
        ),
    )
    .await?;
    txn.commit().await?;
    to_dto(&state.db, row(&state.db, id).await?).await
}

/// Cancels an announced interview with its public notice. It stays visible, with the
/// notice, and takes no more questions or stage moves.
pub async fn cancel(
    state: &AppState,
    host: &Host,
    id: i32,
    notice: Option<&str>,
) -> Result<Interview, AppError> {
    let text = notice_text(notice).map_err(|e| invalid(vec![("notice", e)]))?;
    let txn = state.db.begin().await?;
    let m = row(&txn, id).await?;
    if open_for_change(&m)? == Stage::Draft {
        return Err(AppError::Conflict("草稿尚未公开，无需发布取消公告".into()));
    }
    let am = interviews::ActiveModel {
        notice_kind: Set(Some(NoticeKind::Cancelled.as_str().into())),
        notice: Set(Some(text.clone())),
        notice_on: Set(Some(state.clock.today())),
        ..Default::default()
    };
    guarded_update(&txn, &m, am).await?;
    audit::record(
        &txn,
        Some(host.id),
        "interview.cancel",
        &format!("interview:{id}"),
        text,
    )
    .await?;
    txn.commit().await?;
    to_dto(&state.db, row(&state.db, id).await?).await
}
