//! The departments at work: handlers of four departments and a supervisor, and fresh
//! questions at every step of handling (under review, sent back, returned, waiting for an
//! extension decision), plus 督办 on the red cards. Every move goes through the services,
//! as a request would.
use app::auth::caps::{Caller, Handler, Moderator, Supervisor};
use app::platform::AppState;
use app::questions::service::handling::{self, HandlerCommand};
use app::questions::service::moderation::{self, Command};
use app::questions::service::{submit, supervision};
use app::questions::types::Overdue;

fn err(e: app::error::AppError) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

/// A resident's question, routed today to `department`; its tracking number.
async fn routed(
    state: &AppState,
    resident: &Caller,
    moderator: &Moderator,
    department: i32,
    title: &str,
    body: &str,
) -> anyhow::Result<String> {
    let q = submit::submit(
        state,
        resident,
        submit::SubmitInput {
            kind: "suggestion".into(),
            title: title.into(),
            body: body.into(),
            department_id: None,
            is_public: true,
            contact: None,
            consent: Some(true),
        },
    )
    .await
    .map_err(err)?;
    let no = q.question.tracking_no;
    moderation::act(
        &state.db,
        moderator,
        &no,
        Command::Accept {
            department_id: department.into(),
        },
        state.clock.today(),
    )
    .await
    .map_err(err)?;
    Ok(no)
}

pub async fn load(
    state: &AppState,
    resident: &Caller,
    moderator: &Moderator,
    transport: (&Handler, i32),
    construction: (&Handler, i32),
    supervisor: &Supervisor,
) -> anyhow::Result<()> {
    let today = state.clock.today();
    let (jiaotong, transport_id) = transport;
    let (jianwei, construction_id) = construction;

    let review = routed(
        state,
        resident,
        moderator,
        transport_id,
        "建议在学校门口增设人行横道",
        "南城小学门口车流量大，孩子过马路很危险，建议增设人行横道和减速带。",
    )
    .await?;
    handling::act(
        &state.db,
        jiaotong,
        &review,
        HandlerCommand::DraftAnswer {
            body: "您好！我局已会同交警部门现场查看，将于本月内在南城小学门口施划人行横道并设置减速带。".into(),
        },
        today,
    )
    .await
    .map_err(err)?;

    let reworked = routed(
        state,
        resident,
        moderator,
        transport_id,
        "公交站台缺少遮雨棚",
        "金佛山大道公交站台没有遮雨棚，下雨天候车很不方便。",
    )
    .await?;
    handling::act(
        &state.db,
        jiaotong,
        &reworked,
        HandlerCommand::DraftAnswer {
            body: "您好！您反映的问题已收悉。".into(),
        },
        today,
    )
    .await
    .map_err(err)?;
    moderation::act(
        &state.db,
        moderator,
        &reworked,
        Command::SendBack {
            reason: "答复未说明是否增设、何时增设，请补充具体措施和时间。".into(),
        },
        today,
    )
    .await
    .map_err(err)?;

    let asked = routed(
        state,
        resident,
        moderator,
        construction_id,
        "老旧小区改造进度咨询",
        "东城街道的老旧小区改造去年就说要开始，现在还没有动静，请问进度如何？",
    )
    .await?;
    handling::act(
        &state.db,
        jianwei,
        &asked,
        HandlerCommand::RequestExtension {
            working_days: "5".to_string().into(),
            reason: "涉及街道、供电、燃气多家单位，需要会商后答复。".into(),
        },
        today,
    )
    .await
    .map_err(err)?;

    let returned = routed(
        state,
        resident,
        moderator,
        construction_id,
        "出租车拒载问题",
        "晚上在火车站打车经常被拒载，希望有关部门管一管。",
    )
    .await?;
    handling::act(
        &state.db,
        jianwei,
        &returned,
        HandlerCommand::Return {
            reason: "出租汽车管理属区交通局职责，请转区交通局办理。".into(),
        },
        today,
    )
    .await
    .map_err(err)?;

    // 督办 on the first red cards.
    let late = supervision::late_items(&state.db).await.map_err(err)?;
    for q in late.iter().filter(|q| q.overdue == Overdue::Red).take(3) {
        supervision::supervise(
            &state.db,
            supervisor,
            &q.tracking_no,
            "该留言已严重超期，请于 2 个工作日内答复并说明超期原因。",
            today,
        )
        .await
        .map_err(err)?;
    }
    Ok(())
}
