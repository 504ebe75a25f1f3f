//! Filling the annual report from the catalog, the applications and the staff's figures.
use super::types::*;
use crate::auth::caps::Editor;
use crate::auth::types::DepartmentRef;
use crate::catalog::service::{columns, documents as docs};
use crate::disclosure::types::{ApplicantType, OUTCOME_ROWS};
use crate::entities::{disclosure_requests as dr, documents, report_figures};
use crate::error::{AppError, FieldErrors};
use crate::platform::audit;
use crate::platform::db::stored;
use chrono::NaiveDate;
use sea_orm::{
    sea_query::OnConflict, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, Select, Set,
};
use std::collections::HashMap;

pub const COLUMNS: [&str; 7] = [
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
];

pub(super) fn bounds(year: i32) -> Result<(NaiveDate, NaiveDate), AppError> {
    if !(2000..=2100).contains(&year) {
        return Err(AppError::NotFound);
    }
    match (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) {
        (Some(a), Some(b)) => Ok((a, b)),
        _ => Err(AppError::NotFound),
    }
}

/// One application as table 3 sees it.
#[derive(Clone, Debug)]
pub struct Case {
    pub kind: ApplicantType,
    pub received_on: NaiveDate,
    pub replied_on: Option<NaiveDate>,
    pub outcome: Option<String>,
}

/// Table 3 from the applications: received in the year (一), open at its start (二),
/// replied in it by outcome (三), still open at its end (四).
pub fn table3(year_start: NaiveDate, year_end: NaiveDate, cases: &[Case]) -> Table3 {
    let mut rows: Vec<(String, String)> = vec![
        ("new".into(), "一、本年新收政府信息公开申请数量".into()),
        (
            "carried_over".into(),
            "二、上年结转政府信息公开申请数量".into(),
        ),
    ];
    rows.extend(
        OUTCOME_ROWS
            .iter()
            .map(|r| (r.key.to_string(), format!("三、本年度办理结果 {}", r.label))),
    );
    rows.push((
        "results_total".into(),
        "三、本年度办理结果 （七）总计".into(),
    ));
    rows.push(("carried_forward".into(), "四、结转下年度继续办理".into()));
    let mut values: HashMap<String, Vec<u64>> =
        rows.iter().map(|(k, _)| (k.clone(), vec![0; 7])).collect();
    let mut bump = |key: &str, col: usize| {
        if let Some(v) = values.get_mut(key) {
            v[col] += 1;
            v[6] += 1;
        }
    };
    for c in cases {
        let col = c.kind.index();
        if c.received_on > year_end || c.replied_on.is_some_and(|r| r < year_start) {
            continue;
        }
        if c.received_on >= year_start {
            bump("new", col);
        } else {
            bump("carried_over", col);
        }
        match (c.replied_on, c.outcome.as_deref()) {
            (Some(r), Some(o)) if r <= year_end => {
                bump(o, col);
                bump("results_total", col);
            }
            _ => bump("carried_forward", col),
        }
    }
    Table3 {
        columns: COLUMNS.iter().map(|c| c.to_string()).collect(),
        rows: rows
            .into_iter()
            .map(|(key, label)| Table3Row {
                values: values.remove(&key).unwrap_or_default(),
                key,
                label,
            })
            .collect(),
    }
}

/// 一 + 二 = 三 + 四 in every column, and 三's total is the sum of its rows.
pub fn consistent(t: &Table3) -> bool {
    let get = |k: &str| t.row(k).map(|r| r.values.clone()).unwrap_or_default();
    let (new, old, done, open) = (
        get("new"),
        get("carried_over"),
        get("results_total"),
        get("carried_forward"),
    );
    let sum_rows: Vec<u64> = (0..7)
        .map(|i| {
            OUTCOME_ROWS
                .iter()
                .map(|r| get(r.key).get(i).copied().unwrap_or(0))
                .sum()
        })
        .collect();
    new.len() == 7 && (0..7).all(|i| new[i] + old[i] == done[i] + open[i] && sum_rows[i] == done[i])
}

async fn issued_row(
    db: &impl ConnectionTrait,
    slug: &str,
    scope: Scope,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<IssuedRow, AppError> {
    let Some(col) = columns::by_slug(db, slug).await? else {
        return Ok(IssuedRow::default());
    };
    let base = || {
        let q = documents::Entity::find()
            .filter(documents::Column::ColumnId.eq(col.id))
            .filter(
                documents::Column::Status.eq(crate::catalog::types::DocStatus::Published.as_str()),
            );
        // A department's report counts what it issued itself.
        match scope.department() {
            Some(d) => q.filter(documents::Column::PublisherId.eq(d)),
            None => q,
        }
    };
    let issued = base()
        .filter(documents::Column::PublishedOn.between(start, end))
        .count(db)
        .await?;
    let repealed = base()
        .filter(documents::Column::Validity.is_in(["repealed", "expired"]))
        .filter(documents::Column::ValidityChangedOn.between(start, end))
        .count(db)
        .await?;
    // In force at the year's end: published by then and not repealed or expired by then.
    let in_force = base()
        .filter(documents::Column::PublishedOn.lte(end))
        .filter(
            Condition::any()
                .add(documents::Column::Validity.is_in(["valid", "amended"]))
                .add(documents::Column::ValidityChangedOn.gt(end)),
        )
        .count(db)
        .await?;
    Ok(IssuedRow {
        issued,
        repealed,
        in_force,
    })
}

pub async fn figures(
    db: &impl ConnectionTrait,
    year: i32,
    scope: Scope,
) -> Result<HashMap<String, String>, AppError> {
    Ok(report_figures::Entity::find()
        .filter(report_figures::Column::Year.eq(year))
        .filter(report_figures::Column::Scope.eq(scope.key()))
        .all(db)
        .await?
        .into_iter()
        .map(|f| (f.key, f.value))
        .collect())
}

fn review(f: &HashMap<String, String>, prefix: &str) -> ReviewRow {
    let n = |k: &str| {
        f.get(&format!("{prefix}_{k}"))
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let (upheld, corrected, other, pending) =
        (n("upheld"), n("corrected"), n("other"), n("pending"));
    ReviewRow {
        upheld,
        corrected,
        other,
        pending,
        total: upheld + corrected + other + pending,
    }
}

/// The department whose report `scope` is (404 for one that does not exist; a department
/// since retired keeps its reports).
pub async fn department_of(
    db: &impl ConnectionTrait,
    scope: Scope,
) -> Result<Option<DepartmentRef>, AppError> {
    match scope.department() {
        None => Ok(None),
        Some(id) => {
            let d = crate::admin::departments::get(db, id).await?;
            Ok(Some(DepartmentRef {
                id: d.id,
                name: d.name,
            }))
        }
    }
}

/// The report of `year` for `scope`: as published, once it is (frozen), or as the data
/// stand today.
pub async fn annual(
    db: &impl ConnectionTrait,
    year: i32,
    scope: Scope,
) -> Result<AnnualReport, AppError> {
    bounds(year)?;
    let department = department_of(db, scope).await?;
    let row = super::publish::row(db, year, scope).await?;
    if let Some(frozen) = row.as_ref().and_then(super::publish::frozen).transpose()? {
        return Ok(frozen);
    }
    let sections = row.map(super::publish::sections_of).unwrap_or_default();
    computed(db, year, department, sections).await
}

/// The applications table 3 of `year` counts (received by its end, not replied before its
/// start), of one department when given.
pub(super) fn of_the_year(
    start: NaiveDate,
    end: NaiveDate,
    department: Option<i32>,
) -> Select<dr::Entity> {
    let q = dr::Entity::find()
        .filter(dr::Column::ReceivedOn.lte(end))
        .filter(
            Condition::any()
                .add(dr::Column::RepliedOn.is_null())
                .add(dr::Column::RepliedOn.gte(start)),
        );
    match department {
        Some(d) => q.filter(dr::Column::DepartmentId.eq(d)),
        None => q,
    }
}

/// The report computed from the data as they stand, with the staff's sections: the
/// district's, or `department`'s.
pub(super) async fn computed(
    db: &impl ConnectionTrait,
    year: i32,
    department: Option<DepartmentRef>,
    sections: ReportSections,
) -> Result<AnnualReport, AppError> {
    let (start, end) = bounds(year)?;
    let scope = Scope::of(department.as_ref().map(|d| d.id));
    let f = figures(db, year, scope).await?;
    let int = |k: &str| f.get(k).and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let table2 = Table2 {
        regulations: issued_row(db, columns::REGULATION_SLUG, scope, start, end).await?,
        normative: issued_row(db, columns::NORMATIVE_SLUG, scope, start, end).await?,
        permits: int("permits"),
        penalties: int("penalties"),
        coercions: int("coercions"),
        fees_wan: f.get("fees_wan").cloned().unwrap_or_else(|| "0".into()),
    };
    let rows = of_the_year(start, end, scope.department()).all(db).await?;
    let cases: Vec<Case> = rows
        .into_iter()
        .map(|m| {
            let kind = ApplicantType::parse(&m.applicant_type);
            Ok(Case {
                kind: stored(kind, "disclosure_requests", m.id, &m.applicant_type)?,
                received_on: m.received_on,
                replied_on: m.replied_on,
                outcome: m.outcome,
            })
        })
        .collect::<Result<_, AppError>>()?;
    let table3 = table3(start, end, &cases);
    let counts = docs::counts_by_column(db, year, scope.department()).await?;
    let documents_total = counts.iter().map(|(_, n)| n).sum();
    Ok(AnnualReport {
        year,
        department,
        table2,
        consistent: consistent(&table3),
        table3,
        table4: Table4 {
            review: review(&f, "review"),
            litigation_direct: review(&f, "lit_direct"),
            litigation_after_review: review(&f, "lit_review"),
        },
        column_counts: counts
            .into_iter()
            .map(|(c, count)| ColumnCount {
                slug: c.slug,
                name: c.name,
                count,
            })
            .collect(),
        documents_total,
        sections,
        published: false,
        published_at: None,
        document_id: None,
    })
}

/// Saves the staff-entered figures given (others keep their values).
pub async fn save_figures(
    db: &impl ConnectionTrait,
    editor: &Editor,
    year: i32,
    scope: Scope,
    values: &[(String, String)],
) -> Result<(), AppError> {
    bounds(year)?;
    department_of(db, scope).await?;
    super::publish::refuse_if_published(db, year, scope).await?;
    let mut errors = FieldErrors::new();
    let mut parsed = Vec::new();
    for (k, v) in values {
        if !FIGURES.iter().any(|(key, _)| key == k) {
            errors.add(k, "未知的统计项");
            continue;
        }
        if let Some(v) = errors.check(k, parse_figure(k, v)) {
            parsed.push((k.clone(), v));
        }
    }
    errors.into_result()?;
    for (k, v) in parsed {
        report_figures::Entity::insert(report_figures::ActiveModel {
            year: Set(year),
            scope: Set(scope.key()),
            key: Set(k),
            value: Set(v),
        })
        .on_conflict(
            OnConflict::columns([
                report_figures::Column::Year,
                report_figures::Column::Scope,
                report_figures::Column::Key,
            ])
            .update_column(report_figures::Column::Value)
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    }
    audit::record(
        db,
        Some(editor.id),
        "report.figures",
        &target(year, scope),
        "",
    )
    .await
}

/// What the audit trail names a report by.
pub fn target(year: i32, scope: Scope) -> String {
    match scope.department() {
        None => format!("report:{year}"),
        Some(d) => format!("report:{year}:department:{d}"),
    }
}

pub use super::csv::csv;

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn case(kind: ApplicantType, rec: &str, rep: Option<(&str, &str)>) -> Case {
        Case {
            kind,
            received_on: d(rec),
            replied_on: rep.map(|(r, _)| d(r)),
            outcome: rep.map(|(_, o)| o.to_string()),
        }
    }

    #[test]
    fn every_outcome_lands_in_its_row() {
        let cases: Vec<Case> = OUTCOME_ROWS
            .iter()
            .enumerate()
            .map(|(i, r)| {
                case(
                    ApplicantType::ALL[i % 6],
                    "2026-03-02",
                    Some(("2026-03-20", r.key)),
                )
            })
            .collect();
        let t = table3(d("2026-01-01"), d("2026-12-31"), &cases);
        for (i, r) in OUTCOME_ROWS.iter().enumerate() {
            let row = t.row(r.key).unwrap();
            assert_eq!(row.values[6], 1, "{}", r.key);
            assert_eq!(row.values[i % 6], 1, "{} in its applicant column", r.key);
        }
        assert_eq!(t.row("results_total").unwrap().values[6], 21);
        assert!(consistent(&t));
    }

    #[test]
    fn carried_over_and_forward_keep_the_invariant() {
        let cases = vec![
            // Carried over from 2025 and answered in 2026.
            case(
                ApplicantType::NaturalPerson,
                "2025-12-20",
                Some(("2026-01-15", "disclosed")),
            ),
            // Carried over from 2025 and still open: carried forward to 2027.
            case(ApplicantType::Commercial, "2025-12-28", None),
            // Answered in 2025: not in 2026's report at all.
            case(
                ApplicantType::NaturalPerson,
                "2025-03-01",
                Some(("2025-03-20", "partial")),
            ),
            // New in 2026, answered in 2027.
            case(
                ApplicantType::Research,
                "2026-12-25",
                Some(("2027-01-10", "disclosed")),
            ),
            // New in 2027: not counted.
            case(ApplicantType::Other, "2027-01-05", None),
            case(
                ApplicantType::LegalService,
                "2026-05-05",
                Some(("2026-05-20", "withheld.process_info")),
            ),
        ];
        let t = table3(d("2026-01-01"), d("2026-12-31"), &cases);
        let v = |k: &str| t.row(k).unwrap().values.clone();
        assert_eq!(v("new")[6], 2);
        assert_eq!(v("carried_over")[6], 2);
        assert_eq!(v("results_total")[6], 2);
        assert_eq!(v("carried_forward")[6], 2);
        assert_eq!(v("carried_forward")[1], 1);
        assert_eq!(v("carried_forward")[2], 1);
        assert!(consistent(&t));
    }

    #[test]
    fn a_broken_table_is_reported() {
        let mut t = table3(d("2026-01-01"), d("2026-12-31"), &[]);
        assert!(consistent(&t));
        t.rows[0].values[0] = 1;
        assert!(!consistent(&t));
    }
}
