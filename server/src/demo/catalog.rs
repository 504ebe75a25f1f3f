//! Demonstration catalog and applications: about 300 documents across every column (the
//! 2012 report among them), some amended or repealed, and applications in every state so
//! that the 2026 annual report has non-zero, consistent tables.
use app::auth::caps::{DisclosureOfficer, Editor};
use app::catalog::service::documents;
use app::catalog::types::{DocumentInput, InterpretationInput, Validity};
use app::platform::AppState;
use chrono::{Datelike, Duration, NaiveDate};

const REPORT_2012: &str = include_str!("nanchuan-2012-report.txt");

const PLACES: &[&str] = &[
    "东城街道",
    "西城街道",
    "南城街道",
    "大观镇",
    "水江镇",
    "金山镇",
    "头渡镇",
    "三泉镇",
    "南平镇",
    "鸣玉镇",
];

const TOPICS: &[(&str, &str)] = &[
    ("城乡居民医保参保缴费", "卫生、体育"),
    ("城乡居民养老保险", "劳动、人事、监察"),
    ("义务教育阶段招生入学", "科技、教育"),
    ("农村公路建设养护", "工业、交通"),
    ("金佛山旅游环境整治", "商贸、海关、旅游"),
    ("城市生活垃圾分类", "城乡建设、环境保护"),
    ("高龄老人养老服务补贴", "民政、扶贫、救灾"),
    ("森林防火", "农业、林业、水利"),
    ("安全生产大检查", "公安、安全、司法"),
    ("政务服务“一网通办”", "综合政务"),
    ("稳岗就业和创业担保贷款", "劳动、人事、监察"),
    ("耕地保护和高标准农田建设", "国土资源、能源"),
];

fn body_for(topic: &str, place: &str, n: usize) -> String {
    let paras = [
        format!("为深入贯彻落实党中央、国务院和市委、市政府关于{topic}工作的决策部署，切实保障人民群众合法权益，结合我区实际，现就有关事项明确如下。"),
        format!("一、工作目标。到年底，全区{topic}工作机制进一步健全，服务覆盖面进一步扩大，群众满意度明显提升。{place}等乡镇（街道）要率先完成各项任务。"),
        "二、主要措施。各责任单位要明确分管领导和具体经办人员，建立工作台账，实行清单化管理；要加强部门协同，依托政务服务平台实现数据共享，做到“最多跑一次”。".to_string(),
        format!("三、惠民政策。符合条件的城乡居民可按规定享受医保、养老保险等待遇；困难群众参加城乡居民医保的个人缴费部分按规定给予资助。咨询电话：023-7142{:04}。", 1000 + n),
        "四、工作要求。各单位要加强政策宣传解读，及时回应社会关切；区政府督查室将把落实情况纳入年度目标考核，对工作推进不力的予以通报。".to_string(),
    ];
    let k = 3 + n % 3;
    paras[..k].join("\n")
}

/// (column slug, how many, title templates); `{t}` is the topic, `{p}` a place.
const PLAN: &[(&str, usize, &[&str])] = &[
    (
        "zwyw",
        60,
        &[
            "我区召开{t}工作推进会",
            "区政府常务会议研究部署{t}工作",
            "{p}扎实推进{t}",
            "我区{t}工作取得阶段性成效",
        ],
    ),
    (
        "fwms",
        35,
        &[
            "{t}办事指南",
            "关于{t}的温馨提示",
            "{p}便民服务中心开通{t}服务",
        ],
    ),
    (
        "xwtt",
        25,
        &["聚焦{t}：我区出台多项举措", "{t}跑出“加速度”"],
    ),
    (
        "ldhd",
        35,
        &["区领导到{p}调研{t}工作", "区长主持召开{t}专题会议"],
    ),
    (
        "zfwj",
        30,
        &[
            "重庆市南川区人民政府关于做好{t}工作的通知",
            "重庆市南川区人民政府关于印发{t}实施方案的通知",
        ],
    ),
    ("rsxx", 10, &["区人力社保局关于{p}工作人员任免的通知"]),
    (
        "sqmy",
        25,
        &["关于{t}问题的网民留言办理情况", "{p}群众反映{t}问题的回复"],
    ),
    (
        "gfxwj",
        20,
        &["重庆市南川区{t}管理办法", "重庆市南川区{t}实施细则"],
    ),
    (
        "zcjd",
        12,
        &["《关于做好{t}工作的通知》政策解读", "一图读懂{t}新政"],
    ),
    ("gggs", 35, &["关于{t}的公告", "{p}{t}项目公示"]),
    ("gzbg", 6, &["南川区{t}工作情况报告"]),
    ("gz", 2, &["重庆市{t}管理办法（转载）"]),
];

#[allow(clippy::too_many_arguments)]
fn input(
    column: &str,
    title: String,
    body: String,
    publisher: i32,
    written: NaiveDate,
    published: NaiveDate,
    doc_no: Option<String>,
    subject: &str,
    keywords: Vec<String>,
) -> DocumentInput {
    DocumentInput {
        column: column.into(),
        title,
        body,
        publisher_id: Some(publisher.into()),
        written_on: written.to_string(),
        published_on: Some(published.to_string()),
        doc_no,
        subject: Some(subject.into()),
        keywords,
        interpretation_id: None,
        interpretations: vec![],
        summary: None,
        revision_note: None,
    }
}

fn err(e: app::error::AppError) -> anyhow::Error {
    anyhow::anyhow!("{e}: {:?}", e.fields())
}

/// Attaches a small generated PDF to a document.
async fn attach(
    state: &AppState,
    editor: &Editor,
    document_id: i32,
    name: &str,
    lines: &[&str],
) -> anyhow::Result<()> {
    let pdf = super::pdf::minimal_pdf(lines);
    app::catalog::attachments::service::add(state, editor, document_id, name, &pdf)
        .await
        .map_err(err)?;
    Ok(())
}

pub async fn load(
    state: &AppState,
    editor: &Editor,
    officer: &DisclosureOfficer,
) -> anyhow::Result<()> {
    let db = &state.db;
    let depts = app::admin::departments::list(db, false)
        .await
        .map_err(err)?;
    let dept = |i: usize| depts[i % depts.len()].id;
    let today = state.clock.today();
    let start = NaiveDate::from_ymd_opt(2025, 1, 6).unwrap_or(today);
    let span = (today - start).num_days().max(1);

    // The seed report itself, under 工作报告.
    let report = documents::create(
        db,
        editor,
        &input(
            "gzbg",
            "重庆市南川区2012年政务公开工作情况报告".into(),
            REPORT_2012.to_string(),
            dept(0),
            NaiveDate::from_ymd_opt(2013, 1, 15).unwrap_or(start),
            NaiveDate::from_ymd_opt(2013, 1, 25).unwrap_or(start),
            Some("南川府办〔2013〕6号".into()),
            "综合政务",
            vec!["政务公开".into(), "年度报告".into(), "政府信息公开".into()],
        ),
        NaiveDate::from_ymd_opt(2013, 1, 15).unwrap_or(start),
        today,
    )
    .await
    .map_err(err)?;
    attach(
        state,
        editor,
        report.id,
        "南川区2012年政务公开工作情况报告（扫描件）.pdf",
        &[
            "Nanchuan District, Chongqing",
            "2012 Government Transparency Report",
        ],
    )
    .await?;

    let mut n = 0usize;
    let mut normative = Vec::new();
    let mut interpretations = Vec::new();
    for (slug, count, templates) in PLAN {
        for i in 0..*count {
            n += 1;
            let (topic, subject) = TOPICS[(n * 7 + i) % TOPICS.len()];
            let place = PLACES[(n * 3) % PLACES.len()];
            let title = templates[i % templates.len()]
                .replace("{t}", topic)
                .replace("{p}", place);
            // Spread over the last two years with the columns interleaved; every 23rd is
            // published late (Art. 26).
            let slot = ((n * 137) % 300) as i64;
            let published = start + Duration::days((span * slot) / 300);
            let published = published.min(today);
            let lag = if n.is_multiple_of(23) {
                45
            } else {
                (n % 9) as i64
            };
            let written = published - Duration::days(lag);
            let doc_no = matches!(*slug, "zfwj" | "gfxwj" | "gz").then(|| {
                let prefix = if *slug == "gfxwj" {
                    "南川府规"
                } else {
                    "南川府发"
                };
                format!("{prefix}〔{}〕{}号", written.year(), 10 + n % 80)
            });
            let d = documents::create(
                db,
                editor,
                &input(
                    slug,
                    title,
                    body_for(topic, place, n),
                    dept(n),
                    written,
                    published,
                    doc_no,
                    subject,
                    vec![topic.chars().take(4).collect(), place.into()],
                ),
                written,
                today,
            )
            .await
            .map_err(err)?;
            match *slug {
                "gfxwj" => normative.push(d.id),
                // 「一图读懂」 titles are 图解; the others are text 解读.
                "zcjd" => interpretations.push((d.id, d.title.starts_with("一图读懂"))),
                _ => {}
            }
        }
    }
    // A few drafts waiting for the editor, one of them past the Art. 26 limit.
    for (i, days) in [(0usize, 3i64), (1, 40)] {
        let (topic, subject) = TOPICS[i];
        let written = today - Duration::days(days);
        let mut inp = input(
            "zfwj",
            format!("关于进一步做好{topic}工作的通知（草稿）"),
            body_for(topic, PLACES[i], i),
            dept(i),
            written,
            written,
            None,
            subject,
            vec![],
        );
        inp.published_on = None;
        let d = documents::create(db, editor, &inp, written, today)
            .await
            .map_err(err)?;
        if i == 0 {
            attach(
                state,
                editor,
                d.id,
                "通知（送审稿）.pdf",
                &["Draft for review", "Demonstration attachment"],
            )
            .await?;
        }
    }
    // Older normative documents amended or repealed by newer ones, and linked explanations.
    let on = today - Duration::days(30);
    for pair in normative.chunks(2).take(4).enumerate() {
        let (k, ids) = pair;
        if let [old, new] = ids {
            let v = if k.is_multiple_of(2) {
                Validity::Repealed
            } else {
                Validity::Amended
            };
            documents::set_validity(db, editor, *old, v, Some((*new).into()), on)
                .await
                .map_err(err)?;
        }
    }
    if let Some(id) = normative.get(9) {
        documents::set_validity(db, editor, *id, Validity::Expired, None, on)
            .await
            .map_err(err)?;
    }
    for (k, id) in normative.iter().take(3).enumerate() {
        attach(
            state,
            editor,
            *id,
            &format!("规范性文件正式文本{}.pdf", k + 1),
            &[
                "Normative document, official text",
                "Demonstration attachment",
            ],
        )
        .await?;
    }
    // Each of the last normative documents gets a text 解读 and a 图解, and the first a
    // video too: the kinds a policy page lists.
    let (graphics, texts): (Vec<_>, Vec<_>) = interpretations.iter().partition(|(_, g)| *g);
    for (k, doc) in normative.iter().skip(10).enumerate() {
        let d = documents::get(db, *doc, Some(editor)).await.map_err(err)?;
        let mut inp = input(
            &d.column,
            d.title,
            d.body,
            d.publisher.id,
            d.written_on,
            d.published_on.unwrap_or(d.written_on),
            d.doc_no,
            &d.subject,
            d.keywords,
        );
        let link = |kind: &str, id: i32| InterpretationInput {
            kind: kind.into(),
            document_id: Some(id.into()),
            url: None,
        };
        inp.interpretations = texts
            .get(k)
            .map(|(id, _)| link("text", *id))
            .into_iter()
            .chain(graphics.get(k).map(|(id, _)| link("graphic", *id)))
            .collect();
        if k == 0 {
            inp.interpretations.push(InterpretationInput {
                kind: "video".into(),
                document_id: None,
                url: Some("https://www.cqnc.gov.cn/zwgk/zcjd/video-2026-01.html".into()),
            });
        }
        inp.summary = Some("明确适用范围、办理条件和各部门职责，自发布之日起施行。".into());
        if inp.interpretations.is_empty() {
            continue;
        }
        // Linking the 解读 after publication is a revision, and the page says so.
        inp.revision_note = Some("增加政策解读链接".into());
        documents::update(db, editor, *doc, &inp, today)
            .await
            .map_err(err)?;
    }
    super::applications::load(state, officer, editor, today).await?;
    println!(
        "已写入演示目录：{} 份文件、依申请公开申请和 2026 年报告数据",
        n + 3
    );
    Ok(())
}
