//! About 80 demonstration questions in every state, dated relative to today so that the
//! workbench shows yellow and red cards and the alarm, and the public list has answers.
use app::auth::User;
use app::calendar::WorkingDays;
use app::entities::{question_events, questions};
use app::platform::{time::district_offset, AppState};
use app::questions::service::derived;
use app::questions::types::{Kind, Rating, Status};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use sea_orm::{ActiveModelTrait, Set};
use std::collections::HashMap;

/// (kind, department, title, body, answer)
const SAMPLES: &[(Kind, &str, &str, &str, &str)] = &[
    (Kind::Help, "区人力社保局", "城乡居民医保门诊报销比例是多少？", "我是大观镇的居民，今年参加了城乡居民医保。请问在镇卫生院看门诊，医保报销比例是多少？每年有没有封顶？", "您好！城乡居民医保普通门诊在镇卫生院就诊的报销比例为60%，年度报销限额为400元。门诊特殊疾病按规定另行报销。详情可拨打区医保咨询电话。"),
    (Kind::Complaint, "区城乡建委", "东城街道某小区路灯长期不亮", "小区东门到菜市场一段路灯已经坏了一个多月，晚上老人孩子出行很不安全，物业说不归他们管，请有关部门尽快维修。", "您好！接到留言后，我委组织市政维护单位于次日进行了现场查看，确认为线路老化。目前已更换电缆和灯具，路灯已恢复照明。感谢您的监督。"),
    (Kind::Suggestion, "区交通局", "建议增加金佛山方向早班公交", "每天早上去金佛山景区上班的人很多，第一班车7点半才发，能否增加一班6点半的早班车？", "您好！经调研客流情况，我局已协调公交公司自下月起在该线路增开6:40早班车一班，欢迎您乘坐并继续提出意见。"),
    (Kind::Opinion, "区环保局", "河道排污问题应加强监管", "凤嘴江下游有几处排污口，夏天气味很大。希望环保部门加强巡查，公布检测结果。", "您好！我局已对凤嘴江沿线排污口开展专项检查，对2家超标排放企业依法立案处罚，检测结果将在区政府网站环境信息栏目公开。"),
    (Kind::Help, "区民政局", "低保申请需要准备哪些材料？", "家里老人因病失去劳动能力，想申请最低生活保障，请问需要准备哪些材料，到哪里办理？", "您好！申请低保需提供户口簿、身份证、家庭收入证明、病历等材料，向户籍所在地镇（街道）社会救助窗口提出申请。工作人员会入户调查并在15个工作日内审核。"),
    (Kind::Complaint, "区政务服务中心", "办事窗口排队时间过长", "上周二在政务服务中心办理不动产登记，排队两个多小时，只开了两个窗口。希望增加窗口或者推行预约。", "您好！我中心已在不动产登记区增开2个窗口，并开通网上预约，预约群众可按时段办理。对给您带来的不便深表歉意。"),
    (Kind::Suggestion, "区教委", "建议学校延长课后服务时间", "双职工家庭下班晚，学校课后服务5点结束，接孩子很困难。建议延长到6点，并增加托管内容。", "您好！我委已指导各小学根据家长需求将课后服务延长至18:00，并丰富阅读、体育、艺术等活动内容，家长可自愿选择。"),
    (Kind::Help, "区卫生局", "新生儿疫苗接种在哪里预约？", "孩子刚出生，请问乙肝疫苗第二针在哪里接种，需要预约吗？", "您好！新生儿可在户籍或居住地所属社区卫生服务中心预防接种门诊接种，请携带预防接种证，通过微信公众号预约时段。"),
    (Kind::Opinion, "区旅游局", "景区停车收费标准应公示", "国庆期间去山王坪景区，停车场收费和网上说的不一致，希望统一公示收费标准。", "您好！我局已会同价格主管部门对景区停车场收费进行检查，责令其在入口显著位置公示收费标准，并公布投诉电话。"),
    (Kind::Complaint, "区城乡建委", "工地夜间施工噪音扰民", "南城大道附近工地每天晚上十一点以后还在施工，噪音很大，严重影响休息。", "您好！经核查，该工地未取得夜间施工许可。我委已责令立即停止夜间施工，并纳入重点巡查。如再发现可拨打12345反映。"),
    (Kind::Help, "区人力社保局", "灵活就业人员如何参加养老保险？", "我在外打零工，没有单位，想自己交养老保险，请问怎么办理，每年交多少？", "您好！灵活就业人员可持身份证到区社保经办窗口或通过网上经办平台办理参保登记，缴费基数可在规定档次中自主选择，按年或按月缴纳。"),
    (Kind::Suggestion, "区政府办公室", "建议政府网站增加办事指南搜索", "政府网站信息很多，但找办事指南很困难，建议增加按事项搜索的功能。", "您好！感谢您的建议。区政府门户网站改版时将增加办事指南检索功能，并与政务服务网打通。"),
    (Kind::Opinion, "区财政局", "惠民补贴资金发放应更公开", "各类惠民补贴发放到了哪些人、多少钱，希望能在网上公示，接受监督。", "您好！我局已在区政府网站“财政信息”栏目按月公示惠民惠农财政补贴资金发放情况（已隐去个人敏感信息）。"),
    (Kind::Help, "区公共资源交易中心", "小微企业怎样参加政府采购？", "我们是本地一家小微企业，想参加政府采购项目，请问需要什么条件，在哪里看公告？", "您好！政府采购公告统一在公共资源交易网发布。小微企业参与采购可享受价格扣除等优惠政策，具体条件见各项目采购文件。"),
    (Kind::Complaint, "区交通局", "出租车拒载和不打表", "晚上在火车站打出租车，司机不打表要求一口价，还拒绝去近的地方。", "您好！我局已约谈相关出租汽车企业，对涉事驾驶员依法处理，并在火车站开展专项整治。"),
    (Kind::Suggestion, "区民生服务中心", "建议社区增加老年食堂", "我们社区老年人多，很多独居老人吃饭不方便，建议开办老年食堂。", "您好！我中心已将您所在社区纳入今年社区老年助餐点建设计划，预计年底前投入运营。"),
    (Kind::Help, "区教委", "外地户籍子女入学需要什么手续？", "我们一家在南川务工，孩子明年上小学，户口在外地，请问入学需要准备哪些材料？", "您好！随迁子女入学需提供监护人居住证、务工或经商证明、户口簿等材料，于每年6月在网上报名，由教育部门统筹安排学位。"),
    (Kind::Opinion, "区新闻中心", "希望增加政策解读的图解", "政府文件太长看不懂，希望多用图解、短视频解读政策。", "您好！我中心已在政策解读栏目推出“一图读懂”系列，重要文件发布时同步推出图解和短视频解读。"),
    (Kind::Complaint, "区环保局", "餐馆油烟直排影响居民", "楼下新开的火锅店油烟直接排到小区里，窗户都不敢开。", "您好！执法人员现场检查发现该店油烟净化设施未正常使用，已责令整改并处罚款，复查时已达标排放。"),
    (Kind::Help, "区卫生局", "家庭医生签约怎么办理？", "听说可以签约家庭医生，请问怎么签，要收费吗？", "您好！可就近到社区卫生服务中心或镇卫生院签约，基础服务包免费，个性化服务包按规定收费。"),
];

fn at(date: NaiveDate, hour: u32) -> chrono::DateTime<Utc> {
    district_offset()
        .from_local_datetime(&date.and_hms_opt(hour, 17, 0).unwrap_or_default())
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(Utc::now)
}

async fn event(
    state: &AppState,
    qid: i32,
    when: chrono::DateTime<Utc>,
    actor: Option<&User>,
    action: &str,
    detail: String,
) -> anyhow::Result<()> {
    question_events::ActiveModel {
        question_id: Set(qid),
        at: Set(when),
        actor_id: Set(actor.map(|u| u.id)),
        actor: Set(actor
            .map(|u| u.display_name.clone())
            .unwrap_or_else(|| "留言人".into())),
        action: Set(action.into()),
        detail: Set(detail),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    Ok(())
}

/// Writes the questions; `resident` submits some of them, `moderator` handles them.
pub async fn load(state: &AppState, resident: &User, moderator: &User) -> anyhow::Result<usize> {
    let cal = app::calendar::service::load(&state.db)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let limits = app::questions::service::limits::load(&state.db)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let depts: HashMap<String, i32> = app::admin::departments::list(&state.db, true)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .into_iter()
        .map(|d| (d.name, d.id))
        .collect();
    let today = state.clock.today();
    let mut serials: HashMap<NaiveDate, u32> = HashMap::new();
    let ratings = [
        Rating::Satisfied,
        Rating::BasicallySatisfied,
        Rating::Satisfied,
        Rating::Unsatisfied,
    ];
    let n = 80;
    for i in 0..n {
        let (kind, dept_name, title, body, answer) = SAMPLES[i % SAMPLES.len()];
        let dept = depts.get(dept_name).copied();
        // Spread over the last four months; a few fixed ages make the cards and alarm show.
        let age = match i {
            2 => 70, // accepted long ago: alarm and red card
            3 => 14, // accepted: red
            12 => 7, // accepted: yellow (due about now)
            _ => (i as i64 * 37) % 120,
        };
        let submitted_day = today - Duration::days(age);
        let submitted = at(submitted_day, 9 + (i as u32 % 8));
        let serial = serials.entry(submitted_day).or_insert(0);
        *serial += 1;
        let tracking_no = format!("Q{}-{:05}", submitted_day.format("%Y%m%d"), serial);
        let status = match i % 10 {
            _ if age < 2 => Status::Pending,
            0 => Status::Pending,
            1 => Status::Rejected,
            2 | 3 => Status::Accepted,
            _ if i == 12 => Status::Accepted,
            _ => Status::Answered,
        };
        let is_public = i % 7 != 5;
        let anonymous = i % 3 == 0;
        let accept_day = cal
            .add_working_days(submitted_day, WorkingDays(1))
            .min(today);
        let due = cal.add_working_days(accept_day, limits.of(kind));
        let answered_day = cal
            .add_working_days(accept_day, WorkingDays(2 + (i as u32 % 6)))
            .min(today);
        let answered = status == Status::Answered;
        let accepted = matches!(status, Status::Accepted | Status::Answered);
        let published = answered && is_public && i % 9 != 4;
        let rating = (answered && i % 2 == 0).then(|| ratings[i % ratings.len()]);
        let m = questions::ActiveModel {
            tracking_no: Set(tracking_no.clone()),
            kind: Set(kind.as_str().into()),
            title: Set(title.into()),
            body: Set(body.into()),
            status: Set(status.as_str().into()),
            is_public: Set(is_public),
            published: Set(published),
            published_at: Set(published.then(|| at(answered_day, 17))),
            department_id: Set(if accepted { dept } else { None }),
            submitter_id: Set((!anonymous && i % 2 == 0).then_some(resident.id)),
            contact_name: Set(anonymous.then(|| "王先生".to_string())),
            contact_phone: Set(anonymous.then(|| format!("1390238{:04}", i))),
            contact_email: Set(None),
            query_code_hash: Set(
                anonymous.then(|| app::platform::query_code::hash(&state.secrets, "DEMO2026"))
            ),
            submitted_at: Set(submitted),
            accepted_at: Set(accepted.then(|| at(accept_day, 10))),
            due_date: Set(accepted.then_some(due)),
            extended: Set(false),
            answer_body: Set(answered.then(|| answer.to_string())),
            answered_at: Set(answered.then(|| at(answered_day, 16))),
            answer_department_id: Set(if answered { dept } else { None }),
            reject_reason: Set((status == Status::Rejected)
                .then(|| "该事项已进入诉讼程序，依法不予受理，请通过司法途径解决。".to_string())),
            overdue: Set("none".into()),
            rating: Set(rating.map(|r| r.as_str().to_string())),
            rated_at: Set(rating.map(|_| at(answered_day, 20))),
            follow_up: Set(
                (answered && i % 11 == 6).then(|| "请问具体什么时候能办好？".to_string())
            ),
            follow_up_at: Set((answered && i % 11 == 6).then(|| at(answered_day, 21))),
            // A follow-up has its own clock; these old ones are late.
            follow_up_due: Set((answered && i % 11 == 6)
                .then(|| cal.add_working_days(answered_day, limits.of(kind)))),
            ..Default::default()
        }
        .insert(&state.db)
        .await?;
        derived::index(&state.db, &m).await?;
        if m.published {
            derived::tally(&state.db, &m, 1).await?;
        }
        let who = (!anonymous && i % 2 == 0).then_some(resident);
        event(
            state,
            m.id,
            submitted,
            who,
            "submit",
            format!("提交{}：{}", kind.label(), tracking_no),
        )
        .await?;
        if status == Status::Rejected {
            event(
                state,
                m.id,
                at(accept_day, 10),
                Some(moderator),
                "reject",
                "不予受理：该事项已进入诉讼程序".into(),
            )
            .await?;
        }
        if accepted {
            let detail = format!(
                "受理并转交{dept_name}办理，时限 {} 个工作日，{due} 前答复",
                limits.of(kind).0
            );
            event(
                state,
                m.id,
                at(accept_day, 10),
                Some(moderator),
                "accept",
                detail,
            )
            .await?;
        }
        if answered {
            event(
                state,
                m.id,
                at(answered_day, 16),
                Some(moderator),
                "answer",
                "答复".into(),
            )
            .await?;
        }
        if published {
            event(
                state,
                m.id,
                at(answered_day, 17),
                Some(moderator),
                "publish",
                "公开".into(),
            )
            .await?;
        }
        if let Some(r) = rating {
            event(
                state,
                m.id,
                at(answered_day, 20),
                who,
                "rate",
                format!("评价：{}", r.label()),
            )
            .await?;
        }
    }
    app::questions::service::overdue::sweep(&state.db, state.clock.today())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(n)
}
