//! 删除个人信息的申请 (个人信息保护法 Art. 47): a resident asks, the admins' desk decides
//! within 15 working days, and either carries the deletion out or refuses with the reason
//! the law gives (Art. 50). Everything is audited; the requester is told by e-mail where
//! an address is known, and always on the personal-data page.
use super::erase;
use crate::auth::caps::{Admin, Caller, SignedIn};
use crate::auth::Role;
use crate::calendar::WorkingDays;
use crate::entities::{
    disclosure_requests as dr, personal_data_requests as row, questions, user_roles, users,
};
use crate::error::{AppError, FieldErrors};
use crate::notify::outbox::{enqueue, Channel};
use crate::notify::texts::Text;
use crate::platform::{audit, query_code, AppState};
use crate::privacy::types::{
    DecisionInput, DeletionInput, DeletionRequest, MyPersonalData, RequestStatus, Subject,
    DESK_WORKING_DAYS,
};
use crate::text::parse_text;
use chrono::{NaiveDate, Utc};
use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};

/// A question or an application whose query code was given.
pub enum Item {
    Question(questions::Model),
    Application(dr::Model),
}

impl Item {
    pub fn tracking_no(&self) -> &str {
        match self {
            Item::Question(m) => &m.tracking_no,
            Item::Application(m) => &m.tracking_no,
        }
    }
}

/// The item behind `tracking_no` when `code` is its query code. An unknown number and a
/// wrong code get the same field error, so the answer says nothing of what exists; wrong
/// codes count against the guessing budget like everywhere else.
pub async fn prove(
    state: &AppState,
    caller: &Caller,
    tracking_no: &str,
    code: Option<&str>,
) -> Result<Item, AppError> {
    let no = tracking_no.trim().to_ascii_uppercase();
    let mut errors = FieldErrors::new();
    if no.is_empty() {
        errors.add("tracking_no", "请填写留言或申请的编号");
    }
    if code.is_none_or(|c| c.trim().is_empty()) {
        errors.add("query_code", "请填写查询码");
    }
    errors.into_result()?;
    let item = if no.starts_with("YSQ") {
        dr::Entity::find()
            .filter(dr::Column::TrackingNo.eq(&no))
            .one(&state.db)
            .await?
            .map(Item::Application)
    } else {
        questions::Entity::find()
            .filter(questions::Column::TrackingNo.eq(&no))
            .one(&state.db)
            .await?
            .map(Item::Question)
    };
    let stored = match &item {
        Some(Item::Question(m)) => m.query_code_hash.as_deref(),
        Some(Item::Application(m)) => Some(m.query_code_hash.as_str()),
        None => None,
    };
    let ok = query_code::check(&state.db, &state.secrets, &no, caller.ip, stored, code).await?;
    match item {
        Some(item) if ok => Ok(item),
        _ => Err(AppError::invalid("query_code", "编号或查询码不正确")),
    }
}

fn view(m: &row::Model, account: Option<String>, today: NaiveDate) -> DeletionRequest {
    let status = RequestStatus::parse(&m.status).unwrap_or(RequestStatus::Pending);
    DeletionRequest {
        id: m.id,
        subject: Subject::parse(&m.subject).unwrap_or(Subject::Account),
        account,
        tracking_no: m.tracking_no.clone(),
        reason: m.reason.clone(),
        received_on: m.received_on.to_string(),
        due_on: m.due_on.to_string(),
        status,
        overdue: status == RequestStatus::Pending && today > m.due_on,
        decision: m.decision.clone(),
        decided_at: m.decided_at.map(crate::platform::time::rfc3339),
    }
}

/// Staff accounts are closed by admins (their names stand on answers and in the audit
/// trail), not deleted on request.
async fn is_staff(db: &impl ConnectionTrait, user_id: i32) -> Result<bool, AppError> {
    Ok(user_roles::Entity::find()
        .filter(user_roles::Column::UserId.eq(user_id))
        .filter(user_roles::Column::Role.ne(Role::Resident.as_str()))
        .count(db)
        .await?
        > 0)
}

/// A request comes in: about the signed-in account without a tracking number, about that
/// item with one (and its query code). One pending request per subject.
pub async fn create(
    state: &AppState,
    caller: &Caller,
    input: &DeletionInput,
) -> Result<DeletionRequest, AppError> {
    let reason =
        parse_text(&input.reason, "理由", 0, 500).map_err(|e| AppError::invalid("reason", e))?;
    let tracking_no = input
        .tracking_no
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let (subject, user_id, tracking_no, email) = match tracking_no {
        None => {
            let me: SignedIn = caller.require()?;
            if is_staff(&state.db, me.id).await? {
                return Err(AppError::Conflict(
                    "工作人员的账号由系统管理员停用，不在此申请删除".into(),
                ));
            }
            (Subject::Account, Some(me.id), None, me.email.clone())
        }
        Some(no) => {
            let item = prove(state, caller, no, input.query_code.as_deref()).await?;
            let (subject, email) = match &item {
                Item::Question(m) => (Subject::Question, m.contact_email.clone()),
                Item::Application(m) => (Subject::Application, m.email.clone()),
            };
            let no = item.tracking_no().to_string();
            (subject, caller.user().map(|u| u.id), Some(no), email)
        }
    };
    let today = state.clock.today();
    let cal = crate::calendar::service::load(&state.db).await?;
    let due_on = cal.add_working_days(today, WorkingDays(DESK_WORKING_DAYS));
    let txn = state.db.begin().await?;
    let same = match (subject, &tracking_no) {
        (Subject::Account, _) => row::Column::UserId.eq(user_id),
        (_, no) => row::Column::TrackingNo.eq(no.clone()),
    };
    let waiting = row::Entity::find()
        .filter(row::Column::Subject.eq(subject.as_str()))
        .filter(same)
        .filter(row::Column::Status.eq(RequestStatus::Pending.as_str()))
        .count(&txn)
        .await?;
    if waiting > 0 {
        return Err(AppError::Conflict(
            "已有一件待办理的删除申请，请等待办理结果".into(),
        ));
    }
    let m = row::ActiveModel {
        subject: Set(subject.as_str().into()),
        user_id: Set(user_id),
        tracking_no: Set(tracking_no.clone()),
        reason: Set(reason),
        email: Set(email.filter(|e| !e.is_empty())),
        received_on: Set(today),
        due_on: Set(due_on),
        status: Set(RequestStatus::Pending.as_str().into()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record_from(
        &txn,
        user_id,
        "privacy.deletion_request",
        &format!("personal_data_request:{}", m.id),
        format!(
            "{}{}",
            subject.as_str(),
            tracking_no.map(|n| format!(":{n}")).unwrap_or_default()
        ),
        Some(caller.ip),
    )
    .await?;
    txn.commit().await?;
    Ok(view(&m, None, today))
}

/// The signed-in resident's own requests, newest first.
pub async fn mine(
    db: &impl ConnectionTrait,
    me: &SignedIn,
    today: NaiveDate,
) -> Result<Vec<DeletionRequest>, AppError> {
    Ok(row::Entity::find()
        .filter(row::Column::UserId.eq(me.id))
        .order_by_desc(row::Column::Id)
        .all(db)
        .await?
        .iter()
        .map(|m| view(m, None, today))
        .collect())
}

/// What the personal-data page shows its visitor: the periods, and for an account whether
/// it may ask (staff accounts are closed by admins) and its requests.
pub async fn overview(
    db: &impl ConnectionTrait,
    caller: &Caller,
    today: NaiveDate,
) -> Result<MyPersonalData, AppError> {
    let periods = super::retention::load(db).await?;
    let Some(me) = caller.may::<SignedIn>() else {
        return Ok(MyPersonalData {
            periods,
            account: None,
            staff: false,
            requests: vec![],
        });
    };
    Ok(MyPersonalData {
        periods,
        account: Some(me.username.clone()),
        staff: is_staff(db, me.id).await?,
        requests: mine(db, &me, today).await?,
    })
}

/// The desk: every pending request, the most urgent first, then the latest 50 decided.
pub async fn desk(
    db: &impl ConnectionTrait,
    _admin: &Admin,
    today: NaiveDate,
) -> Result<Vec<DeletionRequest>, AppError> {
    let pending = row::Entity::find()
        .filter(row::Column::Status.eq(RequestStatus::Pending.as_str()))
        .order_by_asc(row::Column::DueOn)
        .order_by_asc(row::Column::Id)
        .all(db)
        .await?;
    let decided = row::Entity::find()
        .filter(row::Column::Status.ne(RequestStatus::Pending.as_str()))
        .order_by_desc(row::Column::DecidedAt)
        .limit(50)
        .all(db)
        .await?;
    let ids: Vec<i32> = pending
        .iter()
        .chain(&decided)
        .filter_map(|m| m.user_id)
        .collect();
    let names: Vec<(i32, String)> = users::Entity::find()
        .select_only()
        .columns([users::Column::Id, users::Column::Username])
        .filter(users::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    let name = |id: Option<i32>| {
        names
            .iter()
            .find(|(i, _)| Some(*i) == id)
            .map(|(_, n)| n.clone())
    };
    Ok(pending
        .iter()
        .chain(&decided)
        .map(|m| view(m, name(m.user_id), today))
        .collect())
}

/// The desk decides. `erase` carries the deletion out, refused (409) while the subject is
/// still being handled, or for a staff account; `refuse` needs the reason. A decided
/// request is not decided again. Needs a recent sign-in, as other account changes do.
pub async fn decide(
    state: &AppState,
    admin: &Admin,
    id: i32,
    input: &DecisionInput,
) -> Result<DeletionRequest, AppError> {
    crate::auth::credentials::require_recent_sign_in(admin)?;
    let erase = match input.decision.trim() {
        "erase" => true,
        "refuse" => false,
        _ => return Err(AppError::invalid("decision", "请选择“删除”或“不予删除”")),
    };
    let note = parse_text(&input.note, "说明", if erase { 0 } else { 2 }, 500).map_err(|e| {
        AppError::invalid(
            "note",
            if erase {
                e
            } else {
                e.replace("请填写说明", "不予删除须说明理由")
            },
        )
    })?;
    let today = state.clock.today();
    let now = Utc::now();
    let txn = state.db.begin().await?;
    let m = row::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if m.status != RequestStatus::Pending.as_str() {
        return Err(AppError::Conflict("该申请已经办理".into()));
    }
    let subject = Subject::parse(&m.subject).ok_or(AppError::Internal)?;
    if erase {
        carry_out(&txn, &m, subject, now).await?;
    }
    let status = if erase {
        RequestStatus::Erased
    } else {
        RequestStatus::Refused
    };
    let decision = match (erase, note.is_empty()) {
        (true, true) => "已删除。".to_string(),
        (true, false) => format!("已删除。{note}"),
        (false, _) => note,
    };
    // Compare-and-set: two admins deciding at once, one wins.
    let res = row::Entity::update_many()
        .col_expr(row::Column::Status, Expr::value(status.as_str()))
        .col_expr(row::Column::Decision, Expr::value(Some(decision.clone())))
        .col_expr(row::Column::DecidedBy, Expr::value(Some(admin.id)))
        .col_expr(row::Column::DecidedAt, Expr::value(Some(now)))
        // The address was kept only to send this answer.
        .col_expr(row::Column::Email, Expr::value(Option::<String>::None))
        .filter(row::Column::Id.eq(id))
        .filter(row::Column::Status.eq(RequestStatus::Pending.as_str()))
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        return Err(AppError::Conflict("该申请已经办理".into()));
    }
    if let Some(email) = &m.email {
        let what = m
            .tracking_no
            .as_deref()
            .map(|n| format!("（{n}）"))
            .unwrap_or_default();
        let text = Text {
            subject: format!("个人信息删除申请办理结果：{}", status.label()),
            body: format!(
                "您于 {} 提出的删除{}{}的申请，办理结果：{}。\n{}",
                m.received_on,
                subject.label(),
                what,
                status.label(),
                decision
            ),
            link: Some("/personal-data".into()),
        };
        enqueue(&txn, Channel::Email, email, &text).await?;
    }
    audit::record(
        &txn,
        Some(admin.id),
        if erase {
            "privacy.erase"
        } else {
            "privacy.refuse"
        },
        &format!("personal_data_request:{id}"),
        format!(
            "{}{}",
            subject.as_str(),
            m.tracking_no
                .as_deref()
                .map(|n| format!(":{n}"))
                .unwrap_or_default()
        ),
    )
    .await?;
    let decided = row::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    txn.commit().await?;
    Ok(view(&decided, None, today))
}

async fn carry_out(
    db: &impl ConnectionTrait,
    m: &row::Model,
    subject: Subject,
    now: chrono::DateTime<Utc>,
) -> Result<(), AppError> {
    let no = m.tracking_no.clone().unwrap_or_default();
    match subject {
        Subject::Account => {
            let user_id = m
                .user_id
                .ok_or_else(|| AppError::Conflict("该账号已不存在".into()))?;
            if is_staff(db, user_id).await? {
                return Err(AppError::Conflict(
                    "这是工作人员的账号，请在用户管理中停用，不能按申请删除".into(),
                ));
            }
            let open: Vec<String> = questions::Entity::find()
                .select_only()
                .column(questions::Column::TrackingNo)
                .filter(questions::Column::SubmitterId.eq(user_id))
                .filter(erase::closed_questions().not())
                .into_tuple()
                .all(db)
                .await?;
            if !open.is_empty() {
                return Err(AppError::Conflict(format!(
                    "该账号的留言尚在办理中（{}），办结后方可删除；可先不予删除并说明理由",
                    open.join("、")
                )));
            }
            erase::questions_where(
                db,
                Condition::all().add(questions::Column::SubmitterId.eq(user_id)),
                now,
            )
            .await?;
            crate::auth::credentials::anonymise(db, user_id, now).await?;
        }
        Subject::Question => {
            let q = questions::Entity::find()
                .filter(questions::Column::TrackingNo.eq(&no))
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?;
            if !erase::question_closed(&q) {
                return Err(AppError::Conflict(
                    "该留言尚在办理中，办结后方可删除联系方式；可先不予删除并说明理由".into(),
                ));
            }
            erase::questions_where(
                db,
                Condition::all().add(questions::Column::Id.eq(q.id)),
                now,
            )
            .await?;
        }
        Subject::Application => {
            let a = dr::Entity::find()
                .filter(dr::Column::TrackingNo.eq(&no))
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?;
            if !erase::application_closed(&a) {
                return Err(AppError::Conflict(
                    "该申请尚在办理中，答复后方可删除申请人信息；可先不予删除并说明理由".into(),
                ));
            }
            erase::applications_where(db, Condition::all().add(dr::Column::Id.eq(a.id)), now)
                .await?;
        }
    }
    Ok(())
}
