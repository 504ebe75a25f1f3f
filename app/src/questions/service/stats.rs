//! Monthly and per-department figures for one year. A year is at most a few thousand
//! rows of six columns; the working-day arithmetic needs the calendar, so the figures are
//! computed here rather than in SQL.
use crate::admin::departments;
use crate::calendar;
use crate::entities::{question_returns, question_supervisions, questions};
use crate::error::AppError;
use crate::platform::time::district_offset;
use crate::questions::report::{StatRow, Stats, SMALL_SAMPLE};
use crate::questions::types::{Rating, Status};
use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::BTreeMap;

type Row = (
    DateTime<Utc>,
    String,
    Option<DateTime<Utc>>,
    Option<NaiveDate>,
    Option<i32>,
    Option<String>,
);

#[derive(Default)]
struct Acc {
    row: StatRow,
    days_sum: i64,
}

impl Acc {
    fn add(&mut self, cal: &calendar::WorkingCalendar, r: &Row) {
        let (submitted, status, answered_at, due, _, rating) = r;
        self.row.received += 1;
        if status == Status::Answered.as_str() {
            if let Some(at) = answered_at {
                let local = |t: &DateTime<Utc>| t.with_timezone(&district_offset()).date_naive();
                self.row.answered += 1;
                if due.is_none_or(|d| local(at) <= d) {
                    self.row.answered_on_time += 1;
                }
                self.days_sum += cal.working_days_between(local(submitted), local(at)).max(0);
            }
        }
        if let Some(r) = rating.as_deref().and_then(|r| Rating::parse(r).ok()) {
            self.row.rated += 1;
            if r != Rating::Unsatisfied {
                self.row.satisfied += 1;
            }
        }
    }

    fn finish(mut self, label: String) -> StatRow {
        self.row.label = label;
        self.row.avg_working_days =
            (self.row.answered > 0).then(|| self.days_sum as f64 / self.row.answered as f64);
        self.row
    }
}

enum Counted {
    Returns,
    Supervisions,
}

/// Returns (退回) or 督办 per department within `[from, to)`.
async fn count_by_department(
    db: &impl ConnectionTrait,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    what: Counted,
) -> Result<BTreeMap<i32, u64>, AppError> {
    let ids: Vec<Option<i32>> = match what {
        Counted::Returns => question_returns::Entity::find()
            .select_only()
            .column(question_returns::Column::DepartmentId)
            .filter(question_returns::Column::At.gte(from))
            .filter(question_returns::Column::At.lt(to))
            .into_tuple::<i32>()
            .all(db)
            .await?
            .into_iter()
            .map(Some)
            .collect(),
        Counted::Supervisions => {
            question_supervisions::Entity::find()
                .select_only()
                .column(question_supervisions::Column::DepartmentId)
                .filter(question_supervisions::Column::At.gte(from))
                .filter(question_supervisions::Column::At.lt(to))
                .into_tuple::<Option<i32>>()
                .all(db)
                .await?
        }
    };
    let mut counts = BTreeMap::new();
    for id in ids.into_iter().flatten() {
        *counts.entry(id).or_insert(0) += 1;
    }
    Ok(counts)
}

/// The figures of `year` (this year when none is asked for), 2000–2100.
/// [`for_year`] from the instance's cache while no question has changed since (every change
/// records a question event, so the newest event's number is the data's version).
pub async fn for_year_cached(
    state: &crate::platform::AppState,
    year: Option<i32>,
) -> Result<Stats, AppError> {
    use crate::entities::question_events;
    use sea_orm::sea_query::{Expr, Func};
    let today = state.clock.today();
    let version: Option<i32> = question_events::Entity::find()
        .select_only()
        .expr(Func::max(Expr::col(question_events::Column::Id)))
        .into_tuple()
        .one(&state.db)
        .await?
        .flatten();
    let version = version.unwrap_or(0).to_string();
    let figures = state
        .caches
        .question_stats
        .get_or_compute((year, today), version, for_year(&state.db, year, today))
        .await?;
    Ok((*figures).clone())
}

pub async fn for_year(
    db: &impl ConnectionTrait,
    year: Option<i32>,
    today: NaiveDate,
) -> Result<Stats, AppError> {
    let year = year.unwrap_or_else(|| today.year());
    if !(2000..=2100).contains(&year) {
        return Err(AppError::invalid("year", "年份须在 2000–2100 之间"));
    }
    let bound = |y: i32| {
        district_offset()
            .with_ymd_and_hms(y, 1, 1, 0, 0, 0)
            .single()
            .map(|t| t.with_timezone(&Utc))
            .ok_or(AppError::NotFound)
    };
    let (from, to) = (bound(year)?, bound(year + 1)?);
    let rows: Vec<Row> = questions::Entity::find()
        .select_only()
        .columns([
            questions::Column::SubmittedAt,
            questions::Column::Status,
            questions::Column::AnsweredAt,
            questions::Column::DueDate,
            questions::Column::DepartmentId,
            questions::Column::Rating,
        ])
        .filter(questions::Column::SubmittedAt.gte(from))
        .filter(questions::Column::SubmittedAt.lt(to))
        .filter(questions::Column::Status.ne(Status::Rejected.as_str()))
        .into_tuple()
        .all(db)
        .await?;
    let cal = calendar::service::load(db).await?;
    let mut months: BTreeMap<u32, Acc> = BTreeMap::new();
    let mut depts: BTreeMap<Option<i32>, Acc> = BTreeMap::new();
    let mut total = Acc::default();
    for r in &rows {
        let month = r.0.with_timezone(&district_offset()).month();
        months.entry(month).or_default().add(&cal, r);
        depts.entry(r.4).or_default().add(&cal, r);
        total.add(&cal, r);
    }
    let returns = count_by_department(db, from, to, Counted::Returns).await?;
    let supervised = count_by_department(db, from, to, Counted::Supervisions).await?;
    for id in returns.keys().chain(supervised.keys()) {
        depts.entry(Some(*id)).or_default();
    }
    let names = departments::list(db, true).await?;
    let mut by_dept: Vec<StatRow> = depts
        .into_iter()
        .map(|(id, acc)| {
            let label = match id {
                None => "尚未转办".to_string(),
                Some(id) => names
                    .iter()
                    .find(|d| d.id == id)
                    .map(|d| d.name.clone())
                    .unwrap_or_else(|| format!("部门 {id}")),
            };
            let mut row = acc.finish(label);
            row.small_sample = row.received < SMALL_SAMPLE;
            if let Some(id) = id {
                row.returns = returns.get(&id).copied().unwrap_or(0);
                row.supervised = supervised.get(&id).copied().unwrap_or(0);
            }
            row
        })
        .collect();
    // Ranked by on-time rate among departments with enough items; the small ones follow,
    // unranked, in name order.
    by_dept.sort_by(|a, b| {
        a.small_sample.cmp(&b.small_sample).then_with(|| {
            if a.small_sample {
                a.label.cmp(&b.label)
            } else {
                b.on_time_pct()
                    .unwrap_or(-1.0)
                    .total_cmp(&a.on_time_pct().unwrap_or(-1.0))
                    .then(b.received.cmp(&a.received))
            }
        })
    });
    Ok(Stats {
        year,
        months: months
            .into_iter()
            .map(|(m, acc)| acc.finish(format!("{year}-{m:02}")))
            .collect(),
        departments: by_dept,
        total: total.finish("合计".into()),
    })
}
