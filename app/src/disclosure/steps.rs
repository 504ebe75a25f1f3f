//! Staff steps on an application along the statutory clock: 补正, the corrected
//! application, extension, third-party consultation and the reply.
use super::clock::EXTENSION_MAX;
use super::records::{clock_of, find, find_as, status_of, to_view};
use super::reply::{other_agency, ReplyKind};
use super::third_party::{discloses_over_objection, ConsultAnswer};
use super::types::*;
use crate::auth::caps::DisclosureOfficer;
use crate::entities::disclosure_requests as dr;
use crate::error::{AppError, FieldErrors};
use crate::input::Number;
use crate::platform::{audit, ClientIp};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

/// The step's change, applied only if nobody acted on the application since `before` was
/// read (compare-and-set on the columns every step moves): of two officers pressing at
/// once, or one pressing twice, one succeeds and the other gets 409, never a double reply.
async fn save(
    db: &DatabaseConnection,
    actor: Option<&DisclosureOfficer>,
    before: &dr::Model,
    am: dr::ActiveModel,
    action: &str,
    detail: String,
    today: NaiveDate,
) -> Result<DisclosureRequest, AppError> {
    fn same<V: Into<sea_orm::Value>>(
        col: dr::Column,
        v: Option<V>,
    ) -> sea_orm::sea_query::SimpleExpr {
        match v {
            Some(v) => col.eq(v),
            None => col.is_null(),
        }
    }
    let done = dr::Entity::update_many()
        .set(am)
        .filter(dr::Column::Id.eq(before.id))
        .filter(dr::Column::Status.eq(before.status.as_str()))
        .filter(same(
            dr::Column::CorrectionRequestedOn,
            before.correction_requested_on,
        ))
        .filter(same(dr::Column::CorrectedOn, before.corrected_on))
        .filter(same(
            dr::Column::ConsultStartedOn,
            before.consult_started_on,
        ))
        .filter(same(dr::Column::ConsultEndedOn, before.consult_ended_on))
        .filter(same(dr::Column::ExtensionDays, before.extension_days))
        .filter(same(dr::Column::RepliedOn, before.replied_on))
        .exec(db)
        .await?;
    if done.rows_affected == 0 {
        return Err(AppError::Conflict(
            "该申请刚刚已被办理，请刷新页面查看最新状态".into(),
        ));
    }
    let m = dr::Entity::find_by_id(before.id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::record(
        db,
        actor.map(|u| u.id),
        action,
        &format!("disclosure:{}", m.tracking_no),
        detail,
    )
    .await?;
    let files = super::files::list(db, m.id).await?;
    let cal = crate::calendar::service::load(db).await?;
    let mut view = to_view(m, &cal, today)?;
    view.files = files;
    super::department::name(db, std::slice::from_mut(&mut view)).await?;
    Ok(view)
}

fn text(raw: &str, field: &str, what: &str, max: usize) -> Result<String, AppError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(AppError::invalid(field, format!("请填写{what}")));
    }
    if s.chars().count() > max {
        return Err(AppError::invalid(field, format!("{what}最多 {max} 个字")));
    }
    Ok(s.to_string())
}

/// 补正: once, within 7 working days of receipt; stops the clock.
pub async fn request_correction(
    db: &DatabaseConnection,
    staff: &DisclosureOfficer,
    tracking_no: &str,
    note: &str,
    today: NaiveDate,
) -> Result<DisclosureRequest, AppError> {
    let note = text(note, "note", "补正说明", 2000)?;
    let m = find(db, tracking_no).await?;
    if status_of(&m)? != AppStatus::Received {
        return Err(AppError::Conflict("当前状态不能要求补正".into()));
    }
    let cal = crate::calendar::service::load(db).await?;
    if !clock_of(&m).may_request_correction(&cal, today) {
        return Err(AppError::Conflict(
            "补正告知只能一次，且须在收到申请之日起 7 个工作日内作出".into(),
        ));
    }
    let mut am: dr::ActiveModel = m.clone().into();
    am.status = Set(AppStatus::AwaitingCorrection.as_str().into());
    am.correction_requested_on = Set(Some(today));
    am.correction_note = Set(Some(note));
    save(
        db,
        Some(staff),
        &m,
        am,
        "disclosure.correction",
        String::new(),
        today,
    )
    .await
}

/// The corrected application (from the applicant with the code, or recorded by staff):
/// the clock restarts from `today`.
#[allow(clippy::too_many_arguments)]
pub async fn record_correction(
    db: &DatabaseConnection,
    secrets: &crate::platform::Secrets,
    actor: Option<&DisclosureOfficer>,
    tracking_no: &str,
    query_code: Option<&str>,
    ip: ClientIp,
    supplement: &str,
    today: NaiveDate,
) -> Result<DisclosureRequest, AppError> {
    let m = find_as(db, secrets, tracking_no, actor.is_some(), ip, query_code).await?;
    let supplement = text(supplement, "description", "补正内容", 5000)?;
    if status_of(&m)? != AppStatus::AwaitingCorrection {
        return Err(AppError::Conflict("该申请不在待补正状态".into()));
    }
    let description = format!("{}\n\n【补正内容（{today}）】{supplement}", m.description);
    let mut am: dr::ActiveModel = m.clone().into();
    am.status = Set(AppStatus::Received.as_str().into());
    am.corrected_on = Set(Some(today));
    am.description = Set(description);
    save(
        db,
        actor,
        &m,
        am,
        "disclosure.corrected",
        String::new(),
        today,
    )
    .await
}

/// One extension of at most 20 working days, with the approver's name (Art. 33).
pub async fn extend(
    db: &DatabaseConnection,
    staff: &DisclosureOfficer,
    tracking_no: &str,
    working_days: &Number,
    approver: &str,
    today: NaiveDate,
) -> Result<DisclosureRequest, AppError> {
    let mut errors = FieldErrors::new();
    let working_days = errors
        .check(
            "working_days",
            working_days
                .value::<i64>()
                .filter(|d| (1..=i64::from(EXTENSION_MAX)).contains(d))
                .ok_or_else(|| format!("延长期限须为 1–{EXTENSION_MAX} 个工作日")),
        )
        .unwrap_or_default();
    let approver = errors.check(
        "approver",
        text(approver, "approver", "批准人", 30)
            .map_err(|e| e.field("approver").unwrap_or_default()),
    );
    errors.into_result()?;
    let m = find(db, tracking_no).await?;
    if status_of(&m)? == AppStatus::Replied {
        return Err(AppError::Conflict("已答复的申请不能延期".into()));
    }
    let cal = crate::calendar::service::load(db).await?;
    clock_of(&m)
        .may_extend(&cal, today)
        .map_err(|why| AppError::Conflict(why.into()))?;
    let mut am: dr::ActiveModel = m.clone().into();
    am.extension_days = Set(Some(working_days as i32));
    am.extension_approver = Set(approver);
    save(
        db,
        Some(staff),
        &m,
        am,
        "disclosure.extend",
        working_days.to_string(),
        today,
    )
    .await
}

/// Third-party consultation (Art. 32): `start` pauses the clock, `end` resumes it.
pub async fn consultation(
    db: &DatabaseConnection,
    staff: &DisclosureOfficer,
    tracking_no: &str,
    start: bool,
    third_party: &str,
    today: NaiveDate,
) -> Result<DisclosureRequest, AppError> {
    let m = find(db, tracking_no).await?;
    let mut am: dr::ActiveModel = if start {
        let who = text(third_party, "third_party", "第三方名称", 60)?;
        if status_of(&m)? != AppStatus::Received || m.consult_started_on.is_some() {
            return Err(AppError::Conflict("当前状态不能征求第三方意见".into()));
        }
        let mut am: dr::ActiveModel = m.clone().into();
        am.consult_third_party = Set(Some(who));
        am.consult_started_on = Set(Some(today));
        am.status = Set(AppStatus::Consulting.as_str().into());
        am
    } else {
        return end_consultation(db, staff, tracking_no, None, None, today).await;
    };
    let _ = &mut am;
    save(
        db,
        Some(staff),
        &m,
        am,
        "disclosure.consult",
        String::new(),
        today,
    )
    .await
}

/// The consultation ends with the third party's answer (agreed, objected, no answer in time)
/// and its reasons, both optional for clients that do not say; the clock runs again.
pub async fn end_consultation(
    db: &DatabaseConnection,
    staff: &DisclosureOfficer,
    tracking_no: &str,
    answer: Option<&str>,
    note: Option<&str>,
    today: NaiveDate,
) -> Result<DisclosureRequest, AppError> {
    let mut errors = FieldErrors::new();
    let answer = errors
        .check("answer", ConsultAnswer::parse(answer))
        .flatten();
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > 2000) {
        errors.add("consult_note", "第三方意见最多 2000 个字");
    }
    errors.into_result()?;
    let m = find(db, tracking_no).await?;
    if status_of(&m)? != AppStatus::Consulting {
        return Err(AppError::Conflict("没有正在进行的征求意见".into()));
    }
    let mut am: dr::ActiveModel = m.clone().into();
    am.consult_ended_on = Set(Some(today));
    am.consult_answer = Set(answer.map(|a| a.as_str().to_string()));
    am.consult_note = Set(note.map(str::to_string));
    am.status = Set(AppStatus::Received.as_str().into());
    let detail = answer.map(|a| a.as_str().to_string()).unwrap_or_default();
    save(
        db,
        Some(staff),
        &m,
        am,
        "disclosure.consult_end",
        detail,
        today,
    )
    .await
}

/// What the officer answers: the Art. 36 kind, its sub-reason where the kind has several
/// rows, the text, and what some kinds need besides.
#[derive(Default)]
pub struct ReplyInput<'a> {
    pub outcome: &'a str,
    pub reason: Option<&'a str>,
    pub body: &'a str,
    /// Art. 32: why it is disclosed although the third party objected.
    pub disclose_reason: Option<&'a str>,
    /// Art. 36(5): the agency responsible, and how to reach it.
    pub other_agency: Option<&'a str>,
    pub other_agency_contact: Option<&'a str>,
}

/// The reply: one of the Art. 36 kinds with its sub-reason, which fixes its table-3 row.
pub async fn reply(
    db: &DatabaseConnection,
    staff: &DisclosureOfficer,
    tracking_no: &str,
    input: ReplyInput<'_>,
    today: NaiveDate,
) -> Result<DisclosureRequest, AppError> {
    let mut errors = FieldErrors::new();
    let kind = ReplyKind::parse(input.outcome);
    let row = match kind.map(|k| k.row(input.reason)) {
        Some(Ok(r)) => Some(r),
        Some(Err((f, m))) => {
            errors.add(&f, m);
            None
        }
        None => {
            errors.add("outcome", "请选择答复类型");
            None
        }
    };
    let body = errors.check(
        "body",
        text(input.body, "body", "答复内容", 20_000)
            .map_err(|e| e.field("body").unwrap_or_default()),
    );
    let agency = match kind {
        Some(ReplyKind::OtherAgency) => {
            match other_agency(input.other_agency, input.other_agency_contact) {
                Ok(a) => Some(a),
                Err(es) => {
                    for (f, m) in es {
                        errors.add(f, m);
                    }
                    None
                }
            }
        }
        _ => None,
    };
    // The form's own errors first: they need no application to be found.
    if !errors.is_empty() {
        errors.into_result()?;
        return Err(AppError::Internal);
    }
    let m = find(db, tracking_no).await?;
    // Art. 32: disclosing over the third party's objection takes a reason, which the
    // written notice to the third party states.
    let answer = ConsultAnswer::parse(m.consult_answer.as_deref()).unwrap_or(None);
    let disclose_reason = input
        .disclose_reason
        .map(str::trim)
        .filter(|r| !r.is_empty());
    let over_objection = discloses_over_objection(answer, input.outcome.trim());
    if over_objection && disclose_reason.is_none() {
        errors.add(
            "disclose_reason",
            "第三方不同意公开；决定公开的，须写明理由（条例第三十二条），并书面告知第三方",
        );
    } else if disclose_reason.is_some_and(|r| r.chars().count() > 5000) {
        errors.add("disclose_reason", "理由最多 5000 个字");
    }
    // Files go out only with information given out; a reply of another kind would leave
    // them attached to nothing the applicant can see.
    let files = super::files::count(db, m.id).await?;
    if files > 0 && !kind.is_some_and(ReplyKind::carries_files) {
        errors.add(
            "outcome",
            format!("已上传 {files} 个随答复提供的文件：只有予以公开或部分公开的答复可以附带文件，请先删除这些文件或改选答复类型"),
        );
    }
    errors.into_result()?;
    let (Some(kind), Some(row), Some(body)) = (kind, row, body) else {
        return Err(AppError::Internal);
    };
    if status_of(&m)? == AppStatus::Replied {
        return Err(AppError::Conflict("该申请已答复".into()));
    }
    let consulting = status_of(&m)? == AppStatus::Consulting;
    let mut am: dr::ActiveModel = m.clone().into();
    if consulting {
        am.consult_ended_on = Set(Some(today));
    }
    am.status = Set(AppStatus::Replied.as_str().into());
    am.outcome = Set(Some(row.key.to_string()));
    am.outcome_reason = Set(row.reason.map(str::to_string));
    am.reply_kind = Set(Some(kind.as_str().to_string()));
    let (agency, contact) = agency.unzip();
    am.other_agency = Set(agency);
    am.other_agency_contact = Set(contact);
    am.reply_body = Set(Some(body));
    am.replied_on = Set(Some(today));
    am.disclose_reason = Set(disclose_reason
        .filter(|_| over_objection)
        .map(str::to_string));
    save(
        db,
        Some(staff),
        &m,
        am,
        "disclosure.reply",
        format!("{}（{}）", row.key, kind.as_str()),
        today,
    )
    .await
}

/// What the applicant and the 告知书 read of an application closed for want of correction.
pub const ABANDONED_REPLY: &str = "您的政府信息公开申请经告知补正后，未在补正期限内补正，根据《中华人民共和国政府信息公开条例》第三十条，视为放弃申请，本机关不再处理该政府信息公开申请。";

/// The upkeep pass's part (Art. 30): every application whose correction deadline has passed
/// uncorrected is closed as abandoned, dated the day after the deadline (so a late pass
/// counts it in the right year), and lands in table 3's row 其他处理 1. Idempotent: each
/// closing is a guarded step, so an application is closed once whatever the passes.
pub async fn abandon_uncorrected(
    db: &DatabaseConnection,
    today: NaiveDate,
) -> Result<u64, AppError> {
    let waiting = dr::Entity::find()
        .filter(dr::Column::Status.eq(AppStatus::AwaitingCorrection.as_str()))
        .all(db)
        .await?;
    if waiting.is_empty() {
        return Ok(0);
    }
    let cal = crate::calendar::service::load(db).await?;
    let row = outcome_row("other", Some("no_correction")).map_err(|_| AppError::Internal)?;
    let mut closed = 0;
    for m in waiting {
        let Some(on) = clock_of(&m).abandoned_on(&cal).filter(|on| *on <= today) else {
            continue;
        };
        let mut am: dr::ActiveModel = m.clone().into();
        am.status = Set(AppStatus::Replied.as_str().into());
        am.outcome = Set(Some(row.key.to_string()));
        am.outcome_reason = Set(Some("no_correction".into()));
        am.reply_kind = Set(Some(ReplyKind::Other.as_str().into()));
        am.reply_body = Set(Some(ABANDONED_REPLY.into()));
        am.replied_on = Set(Some(on));
        match save(
            db,
            None,
            &m,
            am,
            "disclosure.abandoned",
            row.key.to_string(),
            today,
        )
        .await
        {
            Ok(_) => closed += 1,
            // Acted on meanwhile (corrected, or closed by another instance's pass).
            Err(AppError::Conflict(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(closed)
}
