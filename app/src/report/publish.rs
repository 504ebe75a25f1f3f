//! The report as a record: staff write sections 一, 五 and 六 while the year's report is
//! open; an admin publishes it once, which freezes a snapshot of every figure and section
//! and files it in the catalog under 工作报告. From then on every reader, every export and
//! the API get the snapshot, and the figures and sections can no longer be edited, so what
//! was issued is what stays on record.
use super::service::{bounds, computed, department_of, target};
use super::types::*;
use crate::auth::caps::{Admin, Editor};
use crate::catalog::types::DocumentInput;
use crate::entities::annual_reports as row;
use crate::error::{AppError, FieldErrors};
use crate::input::Number;
use crate::platform::audit;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sea_orm::{
    sea_query::OnConflict, ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, Set,
};

/// The catalog column a published report is filed in.
pub const REPORT_COLUMN: &str = "gzbg";

pub async fn row(
    db: &impl ConnectionTrait,
    year: i32,
    scope: Scope,
) -> Result<Option<row::Model>, AppError> {
    Ok(row::Entity::find_by_id((year, scope.key())).one(db).await?)
}

/// The published report, when `m` is published.
pub fn frozen(m: &row::Model) -> Option<Result<AnnualReport, AppError>> {
    let (at, snapshot) = (m.published_at?, m.snapshot.as_deref()?);
    Some(
        serde_json::from_str::<AnnualReport>(snapshot)
            .map_err(|e| {
                tracing::error!(year = m.year, error = %e, "a published report's snapshot does not parse");
                AppError::Internal
            })
            .map(|mut r| {
                r.published = true;
                r.published_at = Some(at);
                r.document_id = m.document_id;
                r
            }),
    )
}

pub fn sections_of(m: row::Model) -> ReportSections {
    ReportSections {
        overview: m.overview,
        problems: m.problems,
        other_matters: m.other_matters,
    }
}

fn published_message(year: i32, at: DateTime<Utc>) -> String {
    let day = (at + chrono::Duration::hours(8)).date_naive();
    format!("{year} 年度报告已于 {day} 发布，内容和数字不再变动")
}

/// 409 once the year's report is published: nothing in it may change.
pub async fn refuse_if_published(
    db: &impl ConnectionTrait,
    year: i32,
    scope: Scope,
) -> Result<(), AppError> {
    match row(db, year, scope).await?.and_then(|m| m.published_at) {
        Some(at) => Err(AppError::Conflict(published_message(year, at))),
        None => Ok(()),
    }
}

/// Saves the sections given (by key, see [`SECTIONS`]); the others keep their text.
pub async fn save_sections(
    db: &impl ConnectionTrait,
    editor: &Editor,
    year: i32,
    scope: Scope,
    values: &[(&str, Option<String>)],
    now: DateTime<Utc>,
) -> Result<ReportSections, AppError> {
    bounds(year)?;
    department_of(db, scope).await?;
    refuse_if_published(db, year, scope).await?;
    let mut errors = FieldErrors::new();
    let mut sections = row(db, year, scope)
        .await?
        .map(sections_of)
        .unwrap_or_default();
    for (key, value) in values {
        let Some(raw) = value else { continue };
        let Some(text) = errors.check(key, parse_section(raw)) else {
            continue;
        };
        match *key {
            "overview" => sections.overview = text,
            "problems" => sections.problems = text,
            "other_matters" => sections.other_matters = text,
            _ => errors.add(key, "未知的报告部分"),
        }
    }
    errors.into_result()?;
    row::Entity::insert(row::ActiveModel {
        year: Set(year),
        scope: Set(scope.key()),
        overview: Set(sections.overview.clone()),
        problems: Set(sections.problems.clone()),
        other_matters: Set(sections.other_matters.clone()),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([row::Column::Year, row::Column::Scope])
            .update_columns([
                row::Column::Overview,
                row::Column::Problems,
                row::Column::OtherMatters,
                row::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    audit::record(
        db,
        Some(editor.id),
        "report.sections",
        &target(year, scope),
        "",
    )
    .await?;
    Ok(sections)
}

/// Publishes the report of `year` for `scope`, once: the snapshot is claimed with a
/// conditional update (so of two admins publishing at once exactly one succeeds), then filed
/// in the catalog under 工作报告. The district's report is filed by `publisher_id` (by
/// default the first department, 区政府办公室 in the seed); a department's by the department
/// itself. A year that has not begun cannot be reported on.
pub async fn publish(
    db: &DatabaseConnection,
    admin: &Admin,
    year: i32,
    scope: Scope,
    publisher_id: Option<Number>,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<AnnualReport, AppError> {
    bounds(year)?;
    let department = department_of(db, scope).await?;
    if year > today.year() {
        return Err(AppError::Conflict(format!(
            "{year} 年尚未开始，不能发布其年度报告"
        )));
    }
    let publisher = match (publisher_id, &department) {
        (Some(n), Some(d)) if !n.is_blank() && n.value::<i32>() != Some(d.id) => {
            return Err(AppError::invalid(
                "publisher_id",
                format!("部门年度报告由{}自己发布", d.name),
            ))
        }
        (_, Some(d)) => Number::Int(d.id as i64),
        (Some(n), None) => n,
        (None, None) => {
            let first = crate::admin::departments::list(db, false).await?;
            let first = first
                .first()
                .ok_or_else(|| AppError::invalid("publisher_id", "请先设置部门"))?;
            Number::Int(first.id as i64)
        }
    };
    // The row exists before it is claimed.
    row::Entity::insert(row::ActiveModel {
        year: Set(year),
        scope: Set(scope.key()),
        overview: Set(String::new()),
        problems: Set(String::new()),
        other_matters: Set(String::new()),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([row::Column::Year, row::Column::Scope])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    let current = row(db, year, scope).await?.ok_or(AppError::Internal)?;
    if let Some(at) = current.published_at {
        return Err(AppError::Conflict(published_message(year, at)));
    }
    let mut report = computed(db, year, department.clone(), sections_of(current)).await?;
    report.published = true;
    report.published_at = Some(now);
    let snapshot = serde_json::to_string(&report).map_err(|_| AppError::Internal)?;
    let claimed = row::Entity::update_many()
        .set(row::ActiveModel {
            published_at: Set(Some(now)),
            published_by: Set(Some(admin.id)),
            snapshot: Set(Some(snapshot)),
            ..Default::default()
        })
        .filter(row::Column::Year.eq(year))
        .filter(row::Column::Scope.eq(scope.key()))
        .filter(row::Column::PublishedAt.is_null())
        .exec(db)
        .await?;
    if claimed.rows_affected == 0 {
        let at = row(db, year, scope).await?.and_then(|m| m.published_at);
        return Err(AppError::Conflict(published_message(
            year,
            at.unwrap_or(now),
        )));
    }
    let who = department.as_ref().map(|d| d.name.as_str()).unwrap_or("");
    let input = DocumentInput {
        column: REPORT_COLUMN.into(),
        title: format!("{who}{year}年政府信息公开工作年度报告"),
        body: as_text(&report),
        publisher_id: Some(publisher),
        written_on: today.to_string(),
        published_on: Some(today.to_string()),
        doc_no: None,
        subject: None,
        keywords: vec!["政府信息公开".into(), "年度报告".into()],
        interpretation_id: None,
        interpretations: vec![],
        summary: Some(match &department {
            Some(d) => format!("{year}年度{}政府信息公开工作情况。", d.name),
            None => format!("{year}年度本机关政府信息公开工作情况。"),
        }),
        revision_note: None,
    };
    let doc =
        match crate::catalog::service::documents::create(db, &admin.editor(), &input, today, today)
            .await
        {
            Ok(doc) => doc,
            Err(e) => {
                // Not filed, so not published: give the claim back.
                row::Entity::update_many()
                    .set(row::ActiveModel {
                        published_at: Set(None),
                        published_by: Set(None),
                        snapshot: Set(None),
                        ..Default::default()
                    })
                    .filter(row::Column::Year.eq(year))
                    .filter(row::Column::Scope.eq(scope.key()))
                    .exec(db)
                    .await?;
                return Err(e);
            }
        };
    row::ActiveModel {
        year: Set(year),
        scope: Set(scope.key()),
        document_id: Set(Some(doc.id)),
        ..Default::default()
    }
    .update(db)
    .await?;
    audit::record(
        db,
        Some(admin.id),
        "report.publish",
        &target(year, scope),
        &format!("document:{}", doc.id),
    )
    .await?;
    report.document_id = Some(doc.id);
    Ok(report)
}

/// The report as the text of its catalog document: the six sections in order, each table's
/// figures as lines.
pub fn as_text(r: &AnnualReport) -> String {
    let mut out = Vec::new();
    let written = |s: &str| {
        if s.trim().is_empty() {
            "（无）".to_string()
        } else {
            s.to_string()
        }
    };
    out.push(format!(
        "{}\n{}",
        SECTIONS[0].1,
        written(&r.sections.overview)
    ));
    let mut counts = format!("本年主动公开政府信息 {} 条：", r.documents_total);
    for c in &r.column_counts {
        counts.push_str(&format!("{} {} 条；", c.name, c.count));
    }
    out.push(counts);
    let t2 = &r.table2;
    out.push(format!(
        "二、主动公开政府信息情况\n规章：本年制发 {}，本年废止 {}，现行有效 {}。\n行政规范性文件：本年制发 {}，本年废止 {}，现行有效 {}。\n行政许可 {}，行政处罚 {}，行政强制 {}，行政事业性收费 {} 万元。",
        t2.regulations.issued, t2.regulations.repealed, t2.regulations.in_force,
        t2.normative.issued, t2.normative.repealed, t2.normative.in_force,
        t2.permits, t2.penalties, t2.coercions, t2.fees_wan
    ));
    let mut t3 = String::from("三、收到和处理政府信息公开申请情况\n（自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计）");
    for row in &r.table3.rows {
        let values: Vec<String> = row.values.iter().map(u64::to_string).collect();
        t3.push_str(&format!("\n{}：{}", row.label, values.join("、")));
    }
    out.push(t3);
    let review = |name: &str, x: &ReviewRow| {
        format!(
            "{name}：结果维持 {}，结果纠正 {}，其他结果 {}，尚未审结 {}，总计 {}。",
            x.upheld, x.corrected, x.other, x.pending, x.total
        )
    };
    out.push(format!(
        "四、政府信息公开行政复议、行政诉讼情况\n{}\n{}\n{}",
        review("行政复议", &r.table4.review),
        review("行政诉讼（未经复议直接起诉）", &r.table4.litigation_direct),
        review("行政诉讼（复议后起诉）", &r.table4.litigation_after_review)
    ));
    out.push(format!(
        "{}\n{}",
        SECTIONS[1].1,
        written(&r.sections.problems)
    ));
    out.push(format!(
        "{}\n{}",
        SECTIONS[2].1,
        written(&r.sections.other_matters)
    ));
    out.join("\n\n")
}
