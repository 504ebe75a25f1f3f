//! Netizen questions: asking, up-voting, the host's moderated queue and answering.
use super::super::types::{
    parse_text, Decision, NetizenQuestion, QuestionStatus, MESSAGE_MAX, NICKNAME_MAX, QUESTION_MAX,
};
use super::{row, stage_of};
use crate::auth::caps::Host;
use crate::entities::{interview_questions, interview_votes};
use crate::error::{AppError, FieldErrors};
use crate::platform::{audit, db::stored, rate_limit, time::rfc3339, AppState, ClientIp};
use chrono::Utc;
use sea_orm::{
    sea_query::{Expr, ExprTrait},
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};

/// Questions per client address and interview window (10 minutes).
const ASK_LIMIT: rate_limit::Limit = rate_limit::Limit {
    max_hits: 5,
    window_secs: 600,
};

pub(super) fn to_dto(
    m: interview_questions::Model,
    staff: bool,
) -> Result<NetizenQuestion, AppError> {
    let status = QuestionStatus::parse(&m.status).ok_or("unknown status");
    Ok(NetizenQuestion {
        status: stored(status, "interview_questions", m.id, &m.status)?,
        id: m.id,
        // The public reads netizens' questions as it reads 网络问政: personal data masked.
        body: if staff {
            m.body
        } else {
            crate::questions::mask::mask_personal(&m.body)
        },
        nickname: if m.nickname.is_empty() {
            "网友".into()
        } else if staff {
            m.nickname
        } else {
            crate::questions::mask::mask_personal(&m.nickname)
        },
        votes: m.votes,
        asked_at: rfc3339(m.created_at),
        draft_answer: (staff && !m.draft_answer.is_empty()).then_some(m.draft_answer),
        forwarded_tracking_no: m.forwarded_tracking_no,
    })
}

/// A netizen asks (anyone, while collecting or live). `author` identifies the asker for
/// "my questions" (`u:<id>` or `s:<visitor>`).
pub async fn ask(
    state: &AppState,
    interview_id: i32,
    author: &str,
    ip: ClientIp,
    body: &str,
    nickname: Option<&str>,
) -> Result<NetizenQuestion, AppError> {
    let m = row(&state.db, interview_id).await?;
    let stage = stage_of(&m)?;
    if !stage.is_public() {
        return Err(AppError::NotFound);
    }
    if super::cancelled(&m) {
        return Err(AppError::Conflict("该访谈已取消，不再征集问题".into()));
    }
    if !stage.accepts_questions() {
        return Err(AppError::Conflict(format!(
            "访谈当前处于“{}”阶段，只有征集问题和直播期间可以提问",
            stage.public().label()
        )));
    }
    let mut errors = FieldErrors::new();
    let body = errors.check("body", parse_text(body, "问题", 5, QUESTION_MAX));
    let nickname = errors.check(
        "nickname",
        parse_text(nickname.unwrap_or(""), "昵称", 0, NICKNAME_MAX),
    );
    errors.into_result()?;
    rate_limit::take(&state.db, &format!("interview-ask:{ip}"), ASK_LIMIT).await?;
    let q = interview_questions::ActiveModel {
        interview_id: Set(interview_id),
        body: Set(body.unwrap_or_default()),
        nickname: Set(nickname.unwrap_or_default()),
        status: Set(QuestionStatus::Pending.as_str().into()),
        votes: Set(0),
        author_key: Set(author.to_string()),
        draft_answer: Set(String::new()),
        answered_seq: Set(None),
        forwarded_tracking_no: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    to_dto(q, false)
}

/// Anonymous votes one network address may give one question in a day. A visitor is only
/// a cookie, and clearing it would otherwise vote again; a few allow for a family or an
/// office sharing an address. Signed-in residents vote by account, without this limit.
pub const ANONYMOUS_VOTES_PER_ADDRESS: u32 = 3;

/// One up-vote per person per question; a second one is refused with 409.
pub async fn vote(
    state: &AppState,
    interview_id: i32,
    qid: i32,
    voter: &str,
    ip: ClientIp,
) -> Result<(), AppError> {
    let by_address = (!voter.starts_with("u:")).then(|| {
        let limit = rate_limit::Limit {
            max_hits: ANONYMOUS_VOTES_PER_ADDRESS,
            window_secs: 24 * 3600,
        };
        (format!("vote:ip:{ip}:q:{qid}"), limit)
    });
    if let Some((bucket, limit)) = &by_address {
        rate_limit::check(&state.db, bucket, *limit).await?;
    }
    let m = row(&state.db, interview_id).await?;
    let stage = stage_of(&m)?;
    if !stage.is_public() {
        return Err(AppError::NotFound);
    }
    if !stage.accepts_questions() || super::cancelled(&m) {
        return Err(AppError::Conflict("只有征集问题和直播期间可以投票".into()));
    }
    let txn = state.db.begin().await?;
    let q = interview_questions::Entity::find_by_id(qid)
        .filter(interview_questions::Column::InterviewId.eq(interview_id))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if q.status == QuestionStatus::Dismissed.as_str() {
        return Err(AppError::NotFound);
    }
    let inserted = interview_votes::Entity::insert(interview_votes::ActiveModel {
        question_id: Set(qid),
        voter_key: Set(voter.to_string()),
        created_at: Set(Utc::now()),
    })
    .on_conflict(
        sea_orm::sea_query::OnConflict::columns([
            interview_votes::Column::QuestionId,
            interview_votes::Column::VoterKey,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(&txn)
    .await
    .or_else(|e| match e {
        sea_orm::DbErr::RecordNotInserted => Ok(0),
        e => Err(e),
    })?;
    if inserted == 0 {
        return Err(AppError::Conflict("您已经为这个问题投过票".into()));
    }
    interview_questions::Entity::update_many()
        .col_expr(
            interview_questions::Column::Votes,
            Expr::col(interview_questions::Column::Votes).add(1),
        )
        .filter(interview_questions::Column::Id.eq(qid))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    if let Some((bucket, limit)) = &by_address {
        rate_limit::hit(&state.db, bucket, *limit).await?;
    }
    Ok(())
}

/// Questions the public may see: accepted and answered ones, most votes first.
pub async fn public_list(
    db: &impl ConnectionTrait,
    interview_id: i32,
) -> Result<Vec<NetizenQuestion>, AppError> {
    interview_questions::Entity::find()
        .filter(interview_questions::Column::InterviewId.eq(interview_id))
        .filter(interview_questions::Column::Status.is_in(["accepted", "answered"]))
        .order_by_desc(interview_questions::Column::Votes)
        .order_by_asc(interview_questions::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|q| to_dto(q, false))
        .collect()
}

/// The asker's own questions, whatever their status (so "待审核" shows to them only).
pub async fn mine(
    db: &impl ConnectionTrait,
    interview_id: i32,
    author: &str,
) -> Result<Vec<NetizenQuestion>, AppError> {
    interview_questions::Entity::find()
        .filter(interview_questions::Column::InterviewId.eq(interview_id))
        .filter(interview_questions::Column::AuthorKey.eq(author))
        .order_by_desc(interview_questions::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|q| to_dto(q, false))
        .collect()
}

/// The host's queue: by votes (default) or by time; every status.
pub async fn queue(
    db: &impl ConnectionTrait,
    _: &Host,
    interview_id: i32,
    by_time: bool,
) -> Result<Vec<NetizenQuestion>, AppError> {
    let mut q = interview_questions::Entity::find()
        .filter(interview_questions::Column::InterviewId.eq(interview_id));
    q = if by_time {
        q.order_by_asc(interview_questions::Column::Id)
    } else {
        q.order_by_desc(interview_questions::Column::Votes)
            .order_by_asc(interview_questions::Column::Id)
    };
    q.all(db)
        .await?
        .into_iter()
        .map(|q| to_dto(q, true))
        .collect()
}

pub(super) async fn question(
    db: &impl ConnectionTrait,
    interview_id: i32,
    qid: i32,
) -> Result<interview_questions::Model, AppError> {
    interview_questions::Entity::find_by_id(qid)
        .filter(interview_questions::Column::InterviewId.eq(interview_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Accept or dismiss a pending (or accepted) question.
pub async fn moderate(
    state: &AppState,
    host: &Host,
    interview_id: i32,
    qid: i32,
    decision: Decision,
) -> Result<NetizenQuestion, AppError> {
    let txn = state.db.begin().await?;
    let q = question(&txn, interview_id, qid).await?;
    let status = stored(
        QuestionStatus::parse(&q.status).ok_or("unknown status"),
        "interview_questions",
        q.id,
        &q.status,
    )?;
    if status == QuestionStatus::Answered {
        return Err(AppError::Conflict("该问题已经回答".into()));
    }
    let to = match decision {
        Decision::Accept => QuestionStatus::Accepted,
        Decision::Dismiss => QuestionStatus::Dismissed,
    };
    // Guarded on the status read, so an answer given meanwhile is not undone.
    let res = interview_questions::Entity::update_many()
        .col_expr(
            interview_questions::Column::Status,
            Expr::value(to.as_str()),
        )
        .filter(interview_questions::Column::Id.eq(q.id))
        .filter(interview_questions::Column::Status.eq(q.status.as_str()))
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        return Err(AppError::Conflict("该问题刚被处理，请刷新后重试".into()));
    }
    audit::record(
        &txn,
        Some(host.id),
        "interview.moderate",
        &format!("interview:{interview_id}"),
        format!("question {qid} {}", to.as_str()),
    )
    .await?;
    let q = question(&txn, interview_id, qid).await?;
    txn.commit().await?;
    to_dto(q, true)
}

/// A draft answer prepared before the live session (准备资料).
pub async fn save_draft(
    state: &AppState,
    _: &Host,
    interview_id: i32,
    qid: i32,
    draft: &str,
) -> Result<(), AppError> {
    let text = parse_text(draft, "答复草稿", 0, MESSAGE_MAX)
        .map_err(|e| AppError::invalid("draft_answer", e))?;
    let q = question(&state.db, interview_id, qid).await?;
    let mut am = q.into_active_model();
    am.draft_answer = Set(text);
    am.update(&state.db).await?;
    Ok(())
}
