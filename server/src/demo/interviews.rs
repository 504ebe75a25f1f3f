//! Demo interviews: the two 2012 interviews of the seed report as published transcripts, one
//! collecting questions, and one in rehearsal, ready to go live.
use anyhow::Context;
use app::auth::caps::Host;
use app::entities::{interview_events, interview_questions};
use app::interviews::service::{manage, messages, questions};
use app::interviews::types::{Decision, Guest, Stage};
use app::platform::{AppState, ClientIp};
use chrono::{Duration, TimeZone, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

struct Plan {
    title: &'static str,
    summary: &'static str,
    at: chrono::DateTime<Utc>,
    guests: &'static [(&'static str, &'static str)],
    department: &'static str,
    /// (asker, question, answering guest index or None for a host line, text)
    script: &'static [(&'static str, &'static str, Option<usize>, &'static str)],
    stage: Stage,
}

fn err(e: app::error::AppError) -> anyhow::Error {
    anyhow::anyhow!("{e}: {:?}", e.fields())
}

const TOURISM: &[(&str, &str, Option<usize>, &str)] = &[
    ("", "", None, "各位网友，大家好！欢迎来到南川区政府网站在线访谈。今天我们邀请到区旅游局负责同志，围绕“同打旅游牌 共创旅游城”与大家在线交流。"),
    ("", "", Some(0), "各位网友好！南川山水资源丰富，金佛山是世界自然遗产。我们正在推进景区基础设施和旅游服务提升，欢迎大家多提意见建议。"),
    ("金佛山下", "金佛山景区旺季停车难，有没有改善的计划？", Some(0), "今年将在北坡新增停车位一千二百个，并开通城区至景区的旅游专线，旺季实行预约限流，引导错峰出行。"),
    ("南川老乡", "本区居民游览金佛山能否享受门票优惠？", Some(0), "区内户籍居民凭身份证在每周三享受门票半价，六十五周岁以上老人免票，具体办法将在区政府网站公告公示栏目发布。"),
    ("农家乐老板", "发展乡村旅游，农家乐经营户能得到哪些扶持？", Some(1), "对评定为星级的农家乐给予一次性奖励，并组织免费的餐饮服务和食品安全培训，培训报名可咨询所在乡镇便民服务中心。"),
    ("", "", None, "感谢两位嘉宾的解答，也感谢广大网友的参与。未及回答的问题，我们将在五个工作日内通过网络问政栏目答复。"),
];

const GOVERNANCE: &[(&str, &str, Option<usize>, &str)] = &[
    ("", "", None, "网友们好！今天的访谈主题是“创新社会管理 保障转型发展”，欢迎区民生服务中心和区政务服务中心的负责同志。"),
    ("", "", Some(0), "大家好。民生服务中心整合了信访、救助、就业等窗口，群众反映的问题做到一站受理、限时办结。"),
    ("社区志愿者", "“问计万家 情满南川”活动收集的意见落实得怎么样了？", Some(0), "活动共收到群众建议意见六万多条，经分类梳理后，百分之九十五以上的合理化意见建议已经落实办理，办理结果在网站公开。"),
    ("上班族", "办事能不能少跑腿？很多事项要请假去办。", Some(1), "区政务服务中心已实行延时服务和预约服务，三十四个乡镇街道的便民服务中心可以就近受理，部分事项实现网上申报、快递送达。"),
    ("", "", None, "谢谢各位嘉宾，谢谢网友们。本次访谈实录经审核后将在网站发布。"),
];

pub async fn load(state: &AppState, host: &Host) -> anyhow::Result<()> {
    let plans = [
        Plan {
            title: "同打旅游牌共创旅游城",
            summary: "区旅游局负责同志介绍全区旅游发展规划、金佛山景区提升和乡村旅游扶持政策，并回答网友提问。",
            at: Utc.with_ymd_and_hms(2012, 6, 15, 1, 30, 0).single().context("a demo date")?,
            guests: &[("李建华", "区旅游局局长"), ("王晓燕", "区旅游局副局长")],
            department: "区旅游局",
            script: TOURISM,
            stage: Stage::Published,
        },
        Plan {
            title: "创新社会管理 保障转型发展",
            summary: "围绕创新社会管理、畅通民意渠道和提升政务服务，区民生服务中心、区政务服务中心负责同志与网友交流。",
            at: Utc.with_ymd_and_hms(2012, 10, 23, 6, 0, 0).single().context("a demo date")?,
            guests: &[("陈志强", "区民生服务中心主任"), ("刘芳", "区政务服务中心主任")],
            department: "区民生服务中心",
            script: GOVERNANCE,
            stage: Stage::Published,
        },
        Plan {
            title: "义务教育学校招生入学政策解读",
            summary: "区教委负责同志解读今年秋季义务教育招生入学政策，现面向网友征集问题。",
            at: Utc::now() + Duration::days(10),
            guests: &[("赵强", "区教委副主任")],
            department: "区教委",
            script: &[],
            stage: Stage::Collecting,
        },
        Plan {
            title: "冬季大气污染防治与环境信访办理",
            summary: "区环保局负责同志介绍冬季大气污染防治措施和环境信访件办理情况，直播回答网友提问。",
            at: Utc::now() + Duration::hours(2),
            guests: &[("周丽", "区环保局局长")],
            department: "区环保局",
            script: &[],
            stage: Stage::Rehearsal,
        },
    ];
    let departments = app::admin::departments::list(&state.db, false)
        .await
        .map_err(err)?;
    for plan in plans {
        let department_id = departments
            .iter()
            .find(|d| d.name == plan.department)
            .map(|d| d.id);
        let interview = manage::create(
            state,
            host,
            manage::NewInterview {
                title: plan.title.into(),
                summary: plan.summary.into(),
                scheduled_at: plan.at.to_rfc3339(),
                duration_minutes: 90.into(),
                guests: plan
                    .guests
                    .iter()
                    .map(|(n, t)| Guest {
                        name: (*n).into(),
                        title: (*t).into(),
                    })
                    .collect(),
                department_id: department_id.map(Into::into),
            },
        )
        .await
        .map_err(err)?;
        let id = interview.id;
        let speakers: Vec<String> = plan
            .guests
            .iter()
            .map(|(n, t)| format!("{n}（{t}）"))
            .collect();
        // Each demo netizen asks from an address of its own (documentation range), as real
        // ones would, so the per-client question limit does not apply across them.
        let mut n = 0u8;
        let mut ip = || {
            n = n.wrapping_add(1);
            ClientIp(std::net::Ipv4Addr::new(198, 51, 100, n).into())
        };
        // Walk the real workflow: collect, prepare, rehearse, go live, answer, review, publish.
        // Announced 3 days to a month ahead as a rule; the demo's past interviews are entered
        // for the record, and its live one was arranged at short notice.
        let reason = if plan.stage == Stage::Published {
            "补录往期访谈实录"
        } else {
            "临时安排的访谈，预告期不足 3 天"
        };
        for to in [Stage::Preview, Stage::Collecting] {
            manage::move_stage(state, host, id, to, Some(reason))
                .await
                .map_err(err)?;
        }
        let mut asked = Vec::new();
        for (i, (asker, q, _, _)) in plan.script.iter().enumerate() {
            if q.is_empty() {
                continue;
            }
            let author = format!("demo:{i}");
            let nq = questions::ask(state, id, &author, ip(), q, Some(asker))
                .await
                .map_err(err)?;
            questions::moderate(state, host, id, nq.id, Decision::Accept)
                .await
                .map_err(err)?;
            asked.push((i, nq.id));
        }
        if plan.stage == Stage::Collecting {
            for (asker, q, accept) in [
                (
                    "家长小陈",
                    "今年城区小学划片范围有没有调整？在哪里可以查到？",
                    true,
                ),
                ("新市民", "随迁子女入学需要准备哪些材料？", true),
                (
                    "匿名网友",
                    "学校周边交通拥堵，上下学时段能否加派交警疏导？",
                    false,
                ),
            ] {
                let nq = questions::ask(state, id, &format!("demo:{asker}"), ip(), q, Some(asker))
                    .await
                    .map_err(err)?;
                if accept {
                    questions::moderate(state, host, id, nq.id, Decision::Accept)
                        .await
                        .map_err(err)?;
                    // Residents from addresses of their own, as in real life.
                    for v in 0..(nq.id % 7 + 2) {
                        let from = app::platform::ClientIp(
                            std::net::Ipv4Addr::new(10, 0, 0, 10 + v as u8).into(),
                        );
                        questions::vote(state, id, nq.id, &format!("demo-voter:{v}"), from)
                            .await
                            .map_err(err)?;
                    }
                }
            }
            continue;
        }
        let air = if plan.stage == Stage::Rehearsal {
            let q = questions::ask(
                state,
                id,
                "demo:air",
                ip(),
                "冬季燃煤锅炉整治进展如何？我家附近还有冒黑烟的烟囱。",
                Some("城南居民"),
            )
            .await
            .map_err(err)?;
            questions::moderate(state, host, id, q.id, Decision::Accept)
                .await
                .map_err(err)?;
            Some(q.id)
        } else {
            None
        };
        manage::move_stage(state, host, id, Stage::Preparing, None)
            .await
            .map_err(err)?;
        if let Some(qid) = air {
            questions::save_draft(state, host, id, qid, "城区燃煤锅炉已完成清洁能源改造，欢迎网友提供具体位置，我们将在五个工作日内核查处理。")
                .await
                .map_err(err)?;
        }
        manage::move_stage(state, host, id, Stage::Rehearsal, None)
            .await
            .map_err(err)?;
        if plan.stage == Stage::Rehearsal {
            messages::post_message(
                state,
                host,
                id,
                "主持人",
                "彩排：话筒测试，网友看不到这条消息。",
                None,
            )
            .await
            .map_err(err)?;
            continue;
        }
        manage::move_stage(state, host, id, Stage::Live, None)
            .await
            .map_err(err)?;
        for (i, (_, _, guest, text)) in plan.script.iter().enumerate() {
            let speaker = guest
                .map(|g| speakers[g].clone())
                .unwrap_or_else(|| "主持人".into());
            let answers = asked.iter().find(|(j, _)| *j == i).map(|(_, q)| *q);
            messages::post_message(state, host, id, &speaker, text, answers)
                .await
                .map_err(err)?;
        }
        for to in [Stage::Review, Stage::Published] {
            manage::move_stage(state, host, id, to, None)
                .await
                .map_err(err)?;
        }
        backdate(state, id, plan.at).await?;
    }
    Ok(())
}

/// The 2012 transcripts carry their own times: one entry every few minutes from the start.
async fn backdate(state: &AppState, id: i32, start: chrono::DateTime<Utc>) -> anyhow::Result<()> {
    let rows = interview_events::Entity::find()
        .filter(interview_events::Column::InterviewId.eq(id))
        .order_by_asc(interview_events::Column::Id)
        .all(&state.db)
        .await?;
    for (n, row) in rows.into_iter().enumerate() {
        let mut am: interview_events::ActiveModel = row.into();
        am.created_at = Set(start + Duration::minutes(4 * n as i64));
        sea_orm::ActiveModelTrait::update(am, &state.db).await?;
    }
    interview_questions::Entity::update_many()
        .col_expr(
            interview_questions::Column::CreatedAt,
            sea_orm::sea_query::Expr::value(start - Duration::days(3)),
        )
        .filter(interview_questions::Column::InterviewId.eq(id))
        .exec(&state.db)
        .await?;
    Ok(())
}
