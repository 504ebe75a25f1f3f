//! `gongkai demo-data`: a lived-in portal for `make run` and for trying the roles out.
use app::auth::caps::Caller;
use app::auth::types::{DisplayName, Password, Role, Username};
use app::platform::AppState;

mod handling;
mod interviews;
mod questions;
use sea_orm::{EntityTrait, PaginatorTrait};

mod applications;
mod catalog;
pub mod pdf;

/// The password of every demonstration account (printed by the command; never use the
/// demo data on a public site).
pub const DEMO_PASSWORD: &str = "gongkai-demo-2026";

const ACCOUNTS: &[(&str, &str, &[Role])] = &[
    ("admin", "系统管理员", &[Role::Admin]),
    ("moderator", "网络问政审核员", &[Role::Moderator]),
    ("supervisor", "督办员", &[Role::Supervisor]),
    ("host", "访谈主持人", &[Role::Host]),
    (
        "editor",
        "信息公开编辑",
        &[Role::Editor, Role::DisclosureOfficer],
    ),
    ("resident", "南川居民", &[Role::Resident]),
];

/// 承办人 of four departments: (username, display name, department). Each has an e-mail
/// address, so that routing, sending back, 督办 and yellow cards are told to them.
const HANDLERS: &[(&str, &str, &str)] = &[
    ("jiaotong", "区交通局承办人", "区交通局"),
    ("jianwei", "区城乡建委承办人", "区城乡建委"),
    ("weisheng", "区卫生局承办人", "区卫生局"),
    ("huanbao", "区环保局承办人", "区环保局"),
];

pub async fn load(state: &AppState) -> anyhow::Result<()> {
    if app::entities::users::Entity::find()
        .count(&state.db)
        .await?
        > 0
    {
        println!("数据库中已有用户，跳过演示数据");
        return Ok(());
    }
    let mut users = Vec::new();
    for (name, display, roles) in ACCOUNTS {
        let username = Username::parse(name).map_err(anyhow::Error::msg)?;
        let password = Password::parse(DEMO_PASSWORD, Some(name)).map_err(anyhow::Error::msg)?;
        let display = DisplayName::parse(display).map_err(anyhow::Error::msg)?;
        let user =
            app::auth::service::create_user(&state.db, &username, &password, &display, roles, &[])
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
        users.push(user);
    }
    let departments = app::admin::departments::list(&state.db, true)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let department = |name: &str| {
        departments
            .iter()
            .find(|d| d.name == name)
            .map(|d| d.id)
            .ok_or_else(|| anyhow::anyhow!("department {name} missing"))
    };
    for (name, display, dept) in HANDLERS {
        let username = Username::parse(name).map_err(anyhow::Error::msg)?;
        let password = Password::parse(DEMO_PASSWORD, Some(name)).map_err(anyhow::Error::msg)?;
        let display = DisplayName::parse(display).map_err(anyhow::Error::msg)?;
        let user = app::auth::service::create_user(
            &state.db,
            &username,
            &password,
            &display,
            &[Role::Handler],
            &[department(dept)?],
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        users.push(user);
    }
    // Staff give their office address for notices (the demo server sends none unless
    // GONGKAI_SMTP_URL is set).
    for user in &users {
        if user.username != "resident" {
            let signed_in = Caller::for_account(&state.db, user.id)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?
                .signed_in()
                .map_err(anyhow::Error::msg)?;
            let email = format!("{}@nanchuan.example.gov.cn", user.username);
            app::auth::settings::save(
                &state.db,
                &signed_in,
                app::auth::settings::SettingsInput {
                    email: Some(email),
                    ..Default::default()
                },
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        }
    }
    let by_name = |n: &str| {
        users
            .iter()
            .find(|u| u.username == n)
            .ok_or_else(|| anyhow::anyhow!("demo account {n} missing"))
    };
    // The demo acts through the same capabilities as a request would.
    let caller = |n: &str| {
        let id = by_name(n).map(|u| u.id);
        let db = state.db.clone();
        async move {
            Caller::for_account(&db, id?)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))
        }
    };
    let resident = by_name("resident")?;
    let moderator = caller("moderator")
        .await?
        .moderator()
        .map_err(anyhow::Error::msg)?;
    let n = questions::load(state, resident, &moderator).await?;
    let handler =
        |n: &'static str| async move { caller(n).await?.handler().map_err(anyhow::Error::msg) };
    let (jiaotong, jianwei) = (handler("jiaotong").await?, handler("jianwei").await?);
    let supervisor = caller("supervisor")
        .await?
        .supervisor()
        .map_err(anyhow::Error::msg)?;
    handling::load(
        state,
        &caller("resident").await?,
        &moderator,
        (&jiaotong, department("区交通局")?),
        (&jianwei, department("区城乡建委")?),
        &supervisor,
    )
    .await?;
    println!(
        "已写入 {} 条网络问政演示留言（匿名演示留言的查询码均为 DEMO2026）",
        n + 4
    );
    let host = caller("host").await?.host().map_err(anyhow::Error::msg)?;
    interviews::load(state, &host).await?;
    let editor = caller("editor").await?;
    let officer = editor.disclosure_officer().map_err(anyhow::Error::msg)?;
    let editor = editor.editor().map_err(anyhow::Error::msg)?;
    catalog::load(state, &editor, &officer).await?;
    // The 公开指南 with the office's contact filled in (marked as demonstration data).
    let admin = caller("admin").await?.admin().map_err(anyhow::Error::msg)?;
    let defaults = app::guide::service::load(&state.db, &state.config.site)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    app::guide::service::save(
        &state.db,
        &admin,
        &app::guide::types::GuideInput {
            office: "重庆市南川区人民政府办公室（政务公开科）".into(),
            address: "重庆市南川区东城街道（演示地址）".into(),
            hours: defaults.hours,
            phone: "023-00000000".into(),
            fax: Some("023-00000001".into()),
            email: Some("gongkai@example.gov.cn".into()),
            classification: defaults.classification,
            proactive: defaults.proactive,
            on_request: defaults.on_request,
            remedies: defaults.remedies,
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    annual_reports(state, &editor, &admin).await?;
    println!(
        "已写入演示数据。演示账号：{}，承办人：{}，密码均为 {DEMO_PASSWORD}",
        ACCOUNTS.iter().map(|a| a.0).collect::<Vec<_>>().join("、"),
        HANDLERS.iter().map(|h| h.0).collect::<Vec<_>>().join("、")
    );
    Ok(())
}

/// The 2025 report written and published (frozen, filed under 工作报告), and 区交通局's own;
/// 2026's sections in draft, so that the pages show both states.
async fn annual_reports(
    state: &AppState,
    editor: &app::auth::caps::Editor,
    admin: &app::auth::caps::Admin,
) -> anyhow::Result<()> {
    use app::report::{publish, types::Scope};
    let now = chrono::Utc::now();
    let e = |e: app::error::AppError| anyhow::anyhow!("{e}");
    let jiaotong = app::admin::departments::list(&state.db, false)
        .await
        .map_err(e)?
        .into_iter()
        .find(|d| d.name == "区交通局")
        .map(|d| Scope::Department(d.id));
    let mut reports = vec![
        (
            Scope::District,
            2025,
            "2025年，南川区以政务公开标准化规范化为抓手，推进决策、执行、管理、服务、结果公开（演示数据）。",
            "部分部门主动公开信息更新不够及时；依申请公开答复文书格式不够统一。下一步将建立更新提醒和文书范本。",
            "本年度未收取政府信息公开信息处理费。",
        ),
        (
            Scope::District,
            2026,
            "2026年，南川区持续深化政务公开，网络问政、在线访谈和政府信息公开目录全面上线（演示数据，草稿）。",
            "",
            "",
        ),
    ];
    if let Some(scope) = jiaotong {
        reports.push((
            scope,
            2025,
            "2025年，区交通局按照全区政务公开工作部署，主动公开交通建设项目、客运线路调整等信息（演示数据）。",
            "部分项目进展信息更新不够及时，下一步将按月更新。",
            "本年度未收取政府信息公开信息处理费。",
        ));
    }
    for (scope, year, overview, problems, other) in reports {
        let values = [
            ("overview", Some(overview.to_string())),
            ("problems", Some(problems.to_string())),
            ("other_matters", Some(other.to_string())),
        ];
        publish::save_sections(&state.db, editor, year, scope, &values, now)
            .await
            .map_err(e)?;
        // Past years are published; the current one stays a draft.
        if year == 2025 {
            let today = state.clock.today();
            publish::publish(&state.db, admin, year, scope, None, today, now)
                .await
                .map_err(e)?;
        }
    }
    Ok(())
}
