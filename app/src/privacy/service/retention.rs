//! 保存期限: admins set how many months personal data is kept after an item closes; a daily
//! sweep erases what has outlived it. The sweep is idempotent (an erased item no longer
//! matches) and claims its day, so several instances run it once between them.
use super::erase;
use crate::auth::caps::Admin;
use crate::disclosure::types::AppStatus;
use crate::entities::{
    disclosure_requests as dr, outbox, question_events, questions, retention_periods,
};
use crate::error::{AppError, FieldErrors};
use crate::platform::{audit, time::district_offset};
use crate::privacy::types::{RetentionPeriods, DEFAULT_MONTHS, MAX_MONTHS, MIN_MONTHS};
use chrono::{DateTime, Months, NaiveDate, Utc};
use sea_orm::{
    sea_query::{Expr, ExprTrait, OnConflict, Query},
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};

const QUESTIONS: &str = "questions";
const APPLICATIONS: &str = "applications";
const JOB: &str = "personal_data_retention";

pub async fn load(db: &impl ConnectionTrait) -> Result<RetentionPeriods, AppError> {
    let rows = retention_periods::Entity::find().all(db).await?;
    let get = |name: &str| rows.iter().find(|r| r.name == name);
    let months = |name: &str| {
        get(name)
            .and_then(|r| u32::try_from(r.months).ok())
            .unwrap_or(DEFAULT_MONTHS)
    };
    Ok(RetentionPeriods {
        questions_months: months(QUESTIONS),
        applications_months: months(APPLICATIONS),
        updated_at: rows
            .iter()
            .map(|r| r.updated_at)
            .max()
            .map(crate::platform::time::rfc3339),
    })
}

/// Months as typed: a whole number from [`MIN_MONTHS`] to [`MAX_MONTHS`].
pub fn parse_months(raw: &str) -> Result<u32, String> {
    let s = raw.trim();
    if s.is_empty() {
        return Err("请填写保存期限（月数）".into());
    }
    match s.parse::<u32>() {
        Ok(n) if (MIN_MONTHS..=MAX_MONTHS).contains(&n) => Ok(n),
        _ => Err(format!(
            "保存期限须为 {MIN_MONTHS} 至 {MAX_MONTHS} 之间的整数（月）"
        )),
    }
}

/// An admin sets both periods; parsed field by field, saved and audited together.
pub async fn save(
    db: &DatabaseConnection,
    admin: &Admin,
    questions_months: &str,
    applications_months: &str,
) -> Result<RetentionPeriods, AppError> {
    let mut errors = FieldErrors::new();
    let q = errors.check("questions_months", parse_months(questions_months));
    let a = errors.check("applications_months", parse_months(applications_months));
    errors.into_result()?;
    let (Some(q), Some(a)) = (q, a) else {
        return Err(AppError::Internal);
    };
    let now = Utc::now();
    let txn = db.begin().await?;
    for (name, months) in [(QUESTIONS, q), (APPLICATIONS, a)] {
        retention_periods::Entity::insert(retention_periods::ActiveModel {
            name: Set(name.into()),
            months: Set(months as i32),
            updated_at: Set(now),
        })
        .on_conflict(
            OnConflict::column(retention_periods::Column::Name)
                .update_columns([
                    retention_periods::Column::Months,
                    retention_periods::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
    }
    audit::record(
        &txn,
        Some(admin.id),
        "privacy.retention_save",
        "retention_periods",
        format!("questions={q},applications={a}"),
    )
    .await?;
    let saved = load(&txn).await?;
    txn.commit().await?;
    Ok(saved)
}

/// The first instant of `day` in the district.
fn start_of(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(district_offset()).single())
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

/// The day `months` before `today` (the month's last day where it is shorter).
pub fn months_before(today: NaiveDate, months: u32) -> NaiveDate {
    today
        .checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

/// What one sweep erased.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub questions: u64,
    pub applications: u64,
    /// Delivered notices (which name their recipients) older than the shorter period.
    pub messages: u64,
}

/// Erases what has been kept past its period as of `today`:
/// - a closed question's contact details, once nothing has been done to it (no event in
///   its history) since the cut-off;
/// - a replied application's personal data, once its reply is older than the cut-off;
/// - delivered notices older than the shorter of the two.
///
/// One audit row says how many. Running it again erases nothing more.
pub async fn sweep(db: &DatabaseConnection, today: NaiveDate) -> Result<Swept, AppError> {
    let txn = db.begin().await?;
    let swept = sweep_in(&txn, today).await?;
    txn.commit().await?;
    Ok(swept)
}

async fn sweep_in(db: &impl ConnectionTrait, today: NaiveDate) -> Result<Swept, AppError> {
    let periods = load(db).await?;
    let now = Utc::now();
    let q_cut = start_of(months_before(today, periods.questions_months));
    let recent = Query::select()
        .expr(Expr::val(1))
        .from(question_events::Entity)
        .and_where(
            Expr::col((question_events::Entity, question_events::Column::QuestionId))
                .equals((questions::Entity, questions::Column::Id)),
        )
        .and_where(Expr::col((question_events::Entity, question_events::Column::At)).gte(q_cut))
        .to_owned();
    let questions = erase::questions_where(
        db,
        erase::closed_questions()
            .add(questions::Column::SubmittedAt.lt(q_cut))
            .add(Expr::exists(recent).not())
            .add(
                Condition::any()
                    .add(questions::Column::ContactName.is_not_null())
                    .add(questions::Column::ContactPhone.is_not_null())
                    .add(questions::Column::ContactEmail.is_not_null()),
            ),
        now,
    )
    .await?;
    let a_cut = months_before(today, periods.applications_months);
    let applications = erase::applications_where(
        db,
        Condition::all()
            .add(dr::Column::Status.eq(AppStatus::Replied.as_str()))
            .add(dr::Column::RepliedOn.lt(a_cut)),
        now,
    )
    .await?;
    let shorter = Ord::min(periods.questions_months, periods.applications_months);
    let messages = outbox::Entity::delete_many()
        .filter(outbox::Column::SentAt.is_not_null())
        .filter(outbox::Column::SentAt.lt(start_of(months_before(today, shorter))))
        .exec(db)
        .await?
        .rows_affected;
    let swept = Swept {
        questions,
        applications,
        messages,
    };
    if swept != Swept::default() {
        audit::record(
            db,
            None,
            "privacy.retention_sweep",
            "retention_periods",
            format!(
                "questions={questions},applications={applications},messages={messages},as_of={today}"
            ),
        )
        .await?;
    }
    Ok(swept)
}

/// The background pass's part: the sweep, once a day across instances; `None` when another
/// pass already ran it today.
pub async fn daily(db: &DatabaseConnection, today: NaiveDate) -> Result<Option<Swept>, AppError> {
    let txn = db.begin().await?;
    if !crate::platform::daily::claim(&txn, JOB, today).await? {
        return Ok(None);
    }
    let swept = sweep_in(&txn, today).await?;
    txn.commit().await?;
    Ok(Some(swept))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn months_are_whole_and_within_the_bounds() {
        assert_eq!(parse_months("36"), Ok(36));
        assert_eq!(parse_months(" 6 "), Ok(6));
        assert_eq!(parse_months("120"), Ok(120));
        assert!(parse_months("5").unwrap_err().contains("6 至 120"));
        assert!(parse_months("121").is_err());
        assert!(parse_months("3.5").is_err());
        assert!(parse_months("-1").is_err());
        assert_eq!(parse_months("").unwrap_err(), "请填写保存期限（月数）");
    }

    #[test]
    fn the_cut_off_counts_calendar_months_back() {
        assert_eq!(months_before(d(2026, 12, 6), 36), d(2023, 12, 6));
        // A month without the day ends at its last day.
        assert_eq!(months_before(d(2026, 3, 31), 1), d(2026, 2, 28));
        assert_eq!(months_before(d(2028, 2, 29), 12), d(2027, 2, 28));
    }

    #[test]
    fn the_day_starts_at_midnight_in_the_district() {
        assert_eq!(
            crate::platform::time::rfc3339(start_of(d(2026, 12, 6))),
            "2026-12-06T00:00:00+08:00"
        );
    }
}
