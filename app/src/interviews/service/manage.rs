//! Creating interviews and moving them through the workflow.
use super::super::types::{parse_text, Guest, Interview, Stage, SUMMARY_MAX, TITLE_MAX};
use super::super::window;
use super::events::{self, NewEvent};
use super::{row, stage_of, to_dto};
use crate::auth::caps::Host;
use crate::entities::{interview_events, interview_guests, interview_stage_changes, interviews};
use crate::error::{AppError, FieldErrors};
use crate::input::Number;
use crate::platform::{audit, AppState};
use chrono::{DateTime, NaiveDateTime, Utc};
use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};

/// A new interview as either door sends it (the REST body; the form's server function fills
/// it from its fields), before parsing.
#[derive(Clone, Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct NewInterview {
    pub title: String,
    pub summary: String,
    /// RFC 3339, or `YYYY-MM-DDTHH:MM` in the district's time (what a datetime-local input sends).
    pub scheduled_at: String,
    /// 10–300
    #[schema(value_type = i32, minimum = 10, maximum = 300)]
    pub duration_minutes: Number,
    pub guests: Vec<Guest>,
    #[serde(default)]
    #[schema(value_type = Option<i32>)]
    pub department_id: Option<Number>,
}

/// Parses a time as RFC 3339, or as a local time in Asia/Shanghai.
pub fn parse_time(raw: &str) -> Result<DateTime<Utc>, String> {
    let s = raw.trim();
    if s.is_empty() {
        return Err("请填写访谈时间".into());
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    for fmt in ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            if let Some(t) = t
                .and_local_timezone(crate::platform::time::district_offset())
                .single()
            {
                return Ok(t.with_timezone(&Utc));
            }
        }
    }
    Err("时间格式不正确，例如 2026-12-01T09:30".into())
}

/// A new interview whose every field has been checked.
#[derive(Debug)]
pub struct ParsedInterview {
    pub title: String,
    pub summary: String,
    pub at: DateTime<Utc>,
    pub minutes: i32,
    pub guests: Vec<Guest>,
    pub department_id: Option<i32>,
}

pub fn parse_new(input: &NewInterview) -> Result<ParsedInterview, AppError> {
    let mut errors = FieldErrors::new();
    let title = errors.check("title", parse_text(&input.title, "标题", 4, TITLE_MAX));
    let summary = errors.check(
        "summary",
        parse_text(&input.summary, "简介", 10, SUMMARY_MAX),
    );
    let at = errors.check("scheduled_at", parse_time(&input.scheduled_at));
    let minutes = errors.check(
        "duration_minutes",
        input
            .duration_minutes
            .value::<i32>()
            .filter(|m| (10..=300).contains(m))
            .ok_or_else(|| "访谈时长应为 10–300 分钟".to_string()),
    );
    // A form's empty choice is no department; anything else must be one.
    let department_id = match input.department_id.as_ref().filter(|d| !d.is_blank()) {
        Some(d) => errors.check(
            "department_id",
            d.value::<i32>()
                .ok_or_else(|| "请选择有效的部门".to_string()),
        ),
        None => None,
    };
    let mut guests = Vec::new();
    if input.guests.is_empty() {
        errors.add("guests", "请至少填写一位嘉宾");
    }
    if input.guests.len() > 10 {
        errors.add("guests", "嘉宾最多 10 位");
    }
    for g in &input.guests {
        match (
            parse_text(&g.name, "嘉宾姓名", 1, 20),
            parse_text(&g.title, "嘉宾职务", 1, 40),
        ) {
            (Ok(name), Ok(title)) => guests.push(Guest { name, title }),
            (Err(e), _) | (_, Err(e)) => errors.add("guests", e),
        }
    }
    errors.into_result()?;
    match (title, summary, at, minutes) {
        (Some(title), Some(summary), Some(at), Some(minutes)) => Ok(ParsedInterview {
            title,
            summary,
            at,
            minutes,
            guests,
            department_id,
        }),
        _ => Err(AppError::Internal),
    }
}

pub async fn create(
    state: &AppState,
    host: &Host,
    input: NewInterview,
) -> Result<Interview, AppError> {
    let ParsedInterview {
        title,
        summary,
        at,
        minutes,
        guests,
        department_id,
    } = parse_new(&input)?;
    if let Some(d) = department_id {
        crate::admin::departments::require_active(&state.db, d, "department_id").await?;
    }
    let txn = state.db.begin().await?;
    let m = interviews::ActiveModel {
        title: Set(title),
        summary: Set(summary),
        department_id: Set(department_id),
        scheduled_at: Set(at),
        duration_minutes: Set(minutes),
        stage: Set(Stage::Draft.as_str().into()),
        background: Set(String::new()),
        last_seq: Set(0),
        last_rehearsal_seq: Set(0),
        pinned_seq: Set(None),
        created_by: Set(host.id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for (i, g) in guests.into_iter().enumerate() {
        interview_guests::ActiveModel {
            interview_id: Set(m.id),
            name: Set(g.name),
            title: Set(g.title),
            sort_order: Set(i as i32),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        Some(host.id),
        "interview.create",
        &format!("interview:{}", m.id),
        &m.title,
    )
    .await?;
    txn.commit().await?;
    to_dto(&state.db, m).await
}

pub fn public_view(mut i: Interview) -> Interview {
    i.stage = i.stage.public();
    // The reason for an unusual schedule is the office's record, not the public's.
    i.schedule_override = None;
    i
}

/// One interview: the public sees it from the preview on; hosts always.
pub async fn get(
    db: &impl ConnectionTrait,
    id: i32,
    host: Option<&Host>,
) -> Result<Interview, AppError> {
    let staff = host.is_some();
    let m = row(db, id).await?;
    let stage = stage_of(&m)?;
    if !staff && !stage.is_public() {
        return Err(AppError::NotFound);
    }
    let dto = to_dto(db, m).await?;
    Ok(if staff { dto } else { public_view(dto) })
}

/// 404 unless the public may see interview `id`: what opening its event stream checks,
/// without building the whole interview (thousands of viewers may join at once).
pub async fn check_public(db: &impl ConnectionTrait, id: i32) -> Result<(), AppError> {
    let m = row(db, id).await?;
    if stage_of(&m)?.is_public() {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Public interviews (live first, then upcoming, then past), or every interview for hosts.
pub async fn list(
    db: &impl ConnectionTrait,
    host: Option<&Host>,
    offset: u64,
    limit: u64,
) -> Result<(Vec<Interview>, u64), AppError> {
    let staff = host.is_some();
    use sea_orm::PaginatorTrait;
    let mut q = interviews::Entity::find().order_by_desc(interviews::Column::ScheduledAt);
    if !staff {
        q = q.filter(interviews::Column::Stage.ne(Stage::Draft.as_str()));
    }
    let total = q.clone().count(db).await?;
    let rows = q.offset(offset).limit(limit).all(db).await?;
    let mut out = Vec::with_capacity(rows.len());
    for m in rows {
        let dto = to_dto(db, m).await?;
        out.push(if staff { dto } else { public_view(dto) });
    }
    // Live ones first, whatever their date.
    out.sort_by_key(|i| i.stage != Stage::Live);
    Ok((out, total))
}

/// Moves to `to`, which must be the next stage. Records who and when; the public stream hears
/// of every move except into rehearsal, which stays private.
pub async fn move_stage(
    state: &AppState,
    host: &Host,
    id: i32,
    to: Stage,
    override_reason: Option<&str>,
) -> Result<Interview, AppError> {
    let txn = state.db.begin().await?;
    let m = row(&txn, id).await?;
    let from = stage_of(&m)?;
    if super::cancelled(&m) {
        return Err(AppError::Conflict(
            "该访谈已取消，不能再转入其他阶段".into(),
        ));
    }
    // Announcing is when the window is checked: 3 days to a month ahead, 60–120 minutes,
    // or a reason for going outside them.
    let unusual = if to == Stage::Preview && from.can_move_to(to) {
        let day = super::notices::district_day(m.scheduled_at);
        let problems = window::unusual(state.clock.today(), day, m.duration_minutes);
        window::override_reason(problems, override_reason).map_err(super::notices::invalid)?
    } else {
        None
    };
    if !from.can_move_to(to) {
        return Err(AppError::Conflict(format!(
            "访谈当前处于“{}”阶段，不能转到“{}”（须按 预告→征集→准备→彩排→直播→审核→发布 依次进行）",
            from.label(),
            to.label()
        )));
    }
    // Compare and set: of two hosts moving at once, the second finds the stage changed
    // (PostgreSQL re-reads the row after the first commits) and is told so.
    let moved = interviews::Entity::update_many()
        .col_expr(interviews::Column::Stage, Expr::value(to.as_str()))
        .filter(interviews::Column::Id.eq(id))
        .filter(interviews::Column::Stage.eq(from.as_str()))
        .exec(&txn)
        .await?;
    if moved.rows_affected != 1 {
        return Err(AppError::Conflict(
            "访谈阶段刚被他人改变，请刷新后再试".to_string(),
        ));
    }
    if let Some(reason) = &unusual {
        interviews::Entity::update_many()
            .col_expr(
                interviews::Column::ScheduleOverride,
                Expr::value(reason.clone()),
            )
            .filter(interviews::Column::Id.eq(id))
            .exec(&txn)
            .await?;
        audit::record(
            &txn,
            Some(host.id),
            "interview.schedule_override",
            &format!("interview:{id}"),
            reason.clone(),
        )
        .await?;
    }
    interview_stage_changes::ActiveModel {
        interview_id: Set(id),
        from_stage: Set(from.as_str().into()),
        to_stage: Set(to.as_str().into()),
        actor_id: Set(host.id),
        at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let event = if to != Stage::Rehearsal {
        Some(
            events::append_in(
                &txn,
                id,
                false,
                Some(host.id),
                NewEvent {
                    kind: "stage",
                    body: to.label().into(),
                    stage: Some(to),
                    ..Default::default()
                },
            )
            .await?,
        )
    } else {
        None
    };
    audit::record(
        &txn,
        Some(host.id),
        "interview.stage",
        &format!("interview:{id}"),
        to.as_str(),
    )
    .await?;
    txn.commit().await?;
    if let Some(e) = event {
        state.live.committed(id, false, e);
    }
    if to == Stage::Published {
        super::forward::forward_unanswered(state, host, id).await?;
    }
    to_dto(&state.db, row(&state.db, id).await?).await
}

/// The background material the host prepares (准备资料).
pub async fn set_background(
    state: &AppState,
    host: &Host,
    id: i32,
    text: &str,
) -> Result<(), AppError> {
    let text =
        parse_text(text, "背景资料", 0, 20_000).map_err(|e| AppError::invalid("background", e))?;
    let m = row(&state.db, id).await?;
    let mut am = m.into_active_model();
    am.background = Set(text);
    am.update(&state.db).await?;
    audit::record(
        &state.db,
        Some(host.id),
        "interview.background",
        &format!("interview:{id}"),
        "",
    )
    .await
}

pub async fn background(db: &impl ConnectionTrait, id: i32) -> Result<String, AppError> {
    Ok(row(db, id).await?.background)
}

/// Pins a public entry (or unpins with `None`) during the live session.
pub async fn pin(state: &AppState, host: &Host, id: i32, seq: Option<i32>) -> Result<(), AppError> {
    let m = row(&state.db, id).await?;
    let stage = stage_of(&m)?;
    if stage != Stage::Live {
        return Err(AppError::Conflict("只能在直播中置顶消息".into()));
    }
    if let Some(seq) = seq {
        if events::load_one(&state.db, id, false, seq).await?.is_none() {
            return Err(AppError::NotFound);
        }
    }
    let mut am = m.into_active_model();
    am.pinned_seq = Set(seq);
    am.update(&state.db).await?;
    events::append(
        state,
        id,
        false,
        Some(host.id),
        NewEvent {
            kind: "pin",
            target: seq,
            ..Default::default()
        },
    )
    .await?;
    Ok(())
}

/// Review (审核): the host corrects or hides an entry before the transcript is published.
pub async fn review_entry(
    state: &AppState,
    host: &Host,
    id: i32,
    seq: i32,
    body: Option<String>,
    hidden: bool,
) -> Result<(), AppError> {
    let m = row(&state.db, id).await?;
    if stage_of(&m)? != Stage::Review {
        return Err(AppError::Conflict("只能在审核阶段修改实录".into()));
    }
    let e = interview_events::Entity::find()
        .filter(interview_events::Column::InterviewId.eq(id))
        .filter(interview_events::Column::Rehearsal.eq(false))
        .filter(interview_events::Column::Seq.eq(seq))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut am = e.into_active_model();
    if let Some(b) = body {
        am.body = Set(parse_text(&b, "内容", 1, super::super::types::MESSAGE_MAX)
            .map_err(|e| AppError::invalid("body", e))?);
    }
    am.hidden = Set(hidden);
    am.update(&state.db).await?;
    audit::record(
        &state.db,
        Some(host.id),
        if hidden {
            "interview.hide"
        } else {
            "interview.edit"
        },
        &format!("interview:{id}"),
        format!("event {seq}"),
    )
    .await
}

/// Every public entry including hidden ones, for the review screen.
pub async fn review_entries(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Vec<super::super::types::Event>, AppError> {
    Ok(interview_events::Entity::find()
        .filter(interview_events::Column::InterviewId.eq(id))
        .filter(interview_events::Column::Rehearsal.eq(false))
        .filter(interview_events::Column::Kind.is_in(["message", "answer"]))
        .order_by_asc(interview_events::Column::Seq)
        .all(db)
        .await?
        .iter()
        .map(events::to_event)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_parse_as_district_time() {
        let t = parse_time("2026-12-01T09:30").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-12-01T01:30:00+00:00");
        let t = parse_time("2026-12-01T09:30:00+08:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-12-01T01:30:00+00:00");
        assert!(parse_time("明天上午").is_err());
        assert!(parse_time("").is_err());
    }

    #[test]
    fn new_interview_is_checked_field_by_field() {
        let err = parse_new(&NewInterview {
            title: "短".into(),
            summary: "".into(),
            scheduled_at: "x".into(),
            duration_minutes: 5.into(),
            guests: vec![],
            department_id: Some("教育局".to_string().into()),
        })
        .unwrap_err();
        let f = err.fields().unwrap();
        for field in [
            "title",
            "summary",
            "scheduled_at",
            "duration_minutes",
            "guests",
            "department_id",
        ] {
            assert!(f.get(field).is_some(), "{field} should be reported");
        }
    }
}
