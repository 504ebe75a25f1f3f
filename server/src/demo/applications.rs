//! Demonstration applications in every state, and the staff figures of the 2026 report.
use app::auth::caps::{DisclosureOfficer, Editor};
use app::disclosure::channel::Channel;
use app::disclosure::service::{self as disclosure, ApplicationInput};
use app::disclosure::steps;
use app::disclosure::types::{id_check_char, uscc_check_char};
use app::platform::AppState;
use chrono::{Duration, NaiveDate};

fn err(e: app::error::AppError) -> anyhow::Error {
    anyhow::anyhow!("{e}: {:?}", e.fields())
}

fn person_id(n: usize) -> String {
    let first = format!("5001191985{:02}{:02}{:03}", 1 + n % 12, 1 + n % 28, 100 + n);
    format!("{first}{}", id_check_char(&first).unwrap_or('0'))
}

fn org_code(n: usize) -> String {
    let first = format!("91500119MA5U{:05}", 100 + n);
    format!("{first}{}", uscc_check_char(&first).unwrap_or('0'))
}

const NAMES: &[&str] = &[
    "王建国",
    "李秀英",
    "张伟",
    "刘洋",
    "陈静",
    "杨磊",
    "赵敏",
    "黄丽",
];
const REPRESENTATIVES: &[&str] = &["陈建国", "周丽", "吴海"];

const ORGS: &[(&str, &str)] = &[
    ("commercial", "重庆南川金佛山旅游开发有限公司"),
    ("research", "重庆市南川区农业科学研究所"),
    ("public_interest", "南川区助老公益服务中心"),
    ("legal_service", "重庆南平律师事务所"),
    ("other", "南川区东城街道某小区业主委员会"),
];
const ASKS: &[&str] = &[
    "2025年度南川区城乡居民医保基金收支情况",
    "南川区2026年老旧小区改造项目清单及资金安排",
    "某路段道路拓宽工程征地补偿标准及批复文件",
    "南川区2026年养老服务设施建设规划",
    "区环保局对某企业作出的行政处罚决定书",
    "2026年义务教育阶段学校招生划片方案",
];

pub async fn load(
    state: &AppState,
    staff: &DisclosureOfficer,
    editor: &Editor,
    today: NaiveDate,
) -> anyhow::Result<()> {
    let db = &state.db;
    let cal = app::calendar::service::load(db).await.map_err(err)?;
    let wd = |from: NaiveDate, n: u32| cal.add_working_days(from, app::calendar::WorkingDays(n));
    let mut k = 0usize;
    let mut file = |received: NaiveDate| {
        k += 1;
        let org = k.is_multiple_of(3).then(|| ORGS[k % ORGS.len()]);
        let (kind, name, id) = match org {
            Some((kind, name)) => (kind.to_string(), name.to_string(), org_code(k)),
            None => (
                "natural_person".to_string(),
                NAMES[k % NAMES.len()].to_string(),
                person_id(k),
            ),
        };
        (
            ApplicationInput {
                applicant_type: kind,
                name,
                id_number: id,
                phone: Some(format!("1398356{:04}", 1000 + k)),
                address: Some("重庆市南川区东城街道".into()),
                description: format!("申请公开{}。", ASKS[k % ASKS.len()]),
                form: if k.is_multiple_of(2) {
                    "electronic"
                } else {
                    "paper"
                }
                .into(),
                // Organisations name who stands for them, as the national form asks.
                representative: org.map(|_| REPRESENTATIVES[k % REPRESENTATIVES.len()].into()),
                contact_person: org.map(|_| "办公室 刘文".into()),
                delivery: Some(if k.is_multiple_of(2) { "email" } else { "post" }.into()),
                email: k
                    .is_multiple_of(2)
                    .then(|| format!("shenqing{k}@example.cn")),
                ..Default::default()
            },
            received,
        )
    };
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or(today);
    // Replied in 2026, one per Art. 36 kind (three received late in 2025: carried over).
    let replies: &[(NaiveDate, &str, Option<&str>)] = &[
        (d(2025, 12, 18), "disclosed", None),
        (d(2025, 12, 22), "already_public", None),
        (d(2025, 12, 26), "partially_disclosed", None),
        (d(2026, 2, 3), "withheld", Some("third_party_rights")),
        (d(2026, 3, 10), "withheld", Some("process_info")),
        (d(2026, 4, 14), "other_agency", None),
        (d(2026, 5, 12), "unavailable", Some("needs_creation")),
        (d(2026, 6, 9), "repeated", None),
        (d(2026, 7, 7), "not_processed", Some("petition")),
        (d(2026, 8, 4), "disclosed", None),
        (d(2026, 9, 1), "disclosed", None),
        (d(2026, 9, 15), "other", Some("no_correction")),
    ];
    for (received, outcome, reason) in replies {
        let (inp, on) = file(*received);
        let (_, m) = disclosure::submit(db, &state.secrets, &inp, on)
            .await
            .map_err(err)?;
        if *outcome == "other" {
            steps::request_correction(
                db,
                staff,
                &m.tracking_no,
                "请补充所需信息的具体年份和项目名称。",
                wd(on, 3),
            )
            .await
            .map_err(err)?;
        }
        let replied = wd(on, 12);
        let agency = (*outcome == "other_agency").then_some((
            "重庆市南川区市场监督管理局",
            "023-71422315（南川区东城街道南大街）",
        ));
        let input = steps::ReplyInput {
            outcome,
            reason: *reason,
            body: "经审查，现将答复告知如下：您申请的政府信息已按条例规定处理，具体内容详见附件。",
            other_agency: agency.map(|a| a.0),
            other_agency_contact: agency.map(|a| a.1),
            ..Default::default()
        };
        steps::reply(db, staff, &m.tracking_no, input, replied)
            .await
            .map_err(err)?;
    }
    // Still open: overdue (red), due today or tomorrow (yellow), in time, waiting for a
    // correction, under third-party consultation, extended.
    let open = [
        today - Duration::days(45),
        today - Duration::days(28),
        today - Duration::days(27),
        today - Duration::days(6),
        today - Duration::days(2),
        today,
    ];
    // Some came by post or were handed in at the counter, and were recorded by staff.
    let channels = [Channel::Post, Channel::Online, Channel::InPerson];
    for (i, received) in open.into_iter().enumerate() {
        let (inp, on) = file(received);
        disclosure::submit_via(db, &state.secrets, &inp, channels[i % 3], on)
            .await
            .map_err(err)?;
    }
    let (inp, on) = file(today - Duration::days(8));
    let (_, m) = disclosure::submit(db, &state.secrets, &inp, on)
        .await
        .map_err(err)?;
    steps::request_correction(
        db,
        staff,
        &m.tracking_no,
        "请明确所需信息的文号或形成时间。",
        wd(on, 2),
    )
    .await
    .map_err(err)?;
    let (inp, on) = file(today - Duration::days(20));
    let (_, m) = disclosure::submit(db, &state.secrets, &inp, on)
        .await
        .map_err(err)?;
    steps::consultation(
        db,
        staff,
        &m.tracking_no,
        true,
        "重庆某建设工程有限公司",
        wd(on, 5),
    )
    .await
    .map_err(err)?;
    let (inp, on) = file(today - Duration::days(35));
    let (_, m) = disclosure::submit(db, &state.secrets, &inp, on)
        .await
        .map_err(err)?;
    steps::extend(
        db,
        staff,
        &m.tracking_no,
        &15.into(),
        "区政府办公室主任 周明",
        wd(on, 18),
    )
    .await
    .map_err(err)?;
    // Corrected and back on the clock.
    let (inp, on) = file(today - Duration::days(16));
    let (_, m) = disclosure::submit(db, &state.secrets, &inp, on)
        .await
        .map_err(err)?;
    steps::request_correction(
        db,
        staff,
        &m.tracking_no,
        "请说明所需信息的年度。",
        wd(on, 2),
    )
    .await
    .map_err(err)?;
    steps::record_correction(
        db,
        &state.secrets,
        Some(staff),
        &m.tracking_no,
        None,
        app::platform::ClientIp(std::net::Ipv4Addr::LOCALHOST.into()),
        "所需信息为2026年度。",
        wd(on, 5),
    )
    .await
    .map_err(err)?;
    assign_departments(state, staff, today).await?;
    figures(state, editor).await
}

/// The department that would handle each kind of request the demo asks for.
const HANDLED_BY: &[(&str, &str)] = &[
    ("医保", "区人力社保局"),
    ("老旧小区", "区城乡建委"),
    ("道路拓宽", "区交通局"),
    ("养老", "区民政局"),
    ("环保局", "区环保局"),
    ("义务教育", "区教委"),
];

/// Names the 承办部门 of the demo applications by what they ask for, leaving every seventh
/// for the desk to assign, so the department reports and the desk's "未指定" both show.
async fn assign_departments(
    state: &AppState,
    staff: &DisclosureOfficer,
    today: NaiveDate,
) -> anyhow::Result<()> {
    use app::entities::disclosure_requests as dr;
    use sea_orm::{EntityTrait, QueryOrder};
    let departments = app::admin::departments::list(&state.db, false)
        .await
        .map_err(err)?;
    let rows = dr::Entity::find()
        .order_by_asc(dr::Column::Id)
        .all(&state.db)
        .await?;
    for (i, m) in rows.iter().enumerate() {
        if i % 7 == 6 {
            continue;
        }
        let department = HANDLED_BY
            .iter()
            .find(|(ask, _)| m.description.contains(ask))
            .and_then(|(_, name)| departments.iter().find(|d| d.name == *name));
        if let Some(d) = department {
            app::disclosure::department::assign(
                &state.db,
                staff,
                &m.tracking_no,
                Some(&d.id.into()),
                today,
            )
            .await
            .map_err(err)?;
        }
    }
    Ok(())
}

async fn figures(state: &AppState, editor: &Editor) -> anyhow::Result<()> {
    let values: Vec<(String, String)> = [
        ("permits", "1268"),
        ("penalties", "342"),
        ("coercions", "17"),
        ("fees_wan", "356.82"),
        ("review_upheld", "1"),
        ("review_pending", "1"),
        ("lit_direct_upheld", "1"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    app::report::service::save_figures(
        &state.db,
        editor,
        2026,
        app::report::types::Scope::District,
        &values,
    )
    .await
    .map_err(err)
}
