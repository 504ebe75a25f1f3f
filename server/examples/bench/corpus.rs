//! Generated Chinese text for the large benchmarks: titles and bodies built from topics and
//! sentences, so that a search term matches a realistic share of the rows (one topic in
//! twenty-four) rather than all or none of them.

/// (topic word, a phrase about it, a sentence about it).
const TOPICS: &[(&str, &str, &str)] = &[
    (
        "医保",
        "城乡居民医保异地就医报销",
        "异地就医备案手续繁琐，希望推行网上备案，医保报销少跑腿。",
    ),
    (
        "养老",
        "农村养老服务设施建设",
        "村里老人多，养老服务中心离得远，希望增设日间照料站点。",
    ),
    (
        "教育",
        "城区学校学位紧张",
        "新建小区入学需求大，学位紧张，建议加快新建学校进度。",
    ),
    (
        "交通",
        "公交线路调整与站点设置",
        "早晚高峰公交车次不足，建议加密班次并增设站点。",
    ),
    (
        "环保",
        "工地扬尘与噪声污染",
        "夜间施工噪声扰民，扬尘严重，请环保部门加强巡查。",
    ),
    (
        "住房",
        "公租房申请条件与流程",
        "公租房申请材料多、审核周期长，希望公开轮候进度。",
    ),
    (
        "就业",
        "高校毕业生就业创业补贴",
        "创业补贴申领条件不清楚，希望提供办事指南。",
    ),
    (
        "供水",
        "老旧小区供水管网改造",
        "小区水压低、经常停水，请尽快安排管网改造。",
    ),
    (
        "道路",
        "乡村道路破损维修",
        "通村公路坑洼多，雨天积水，群众出行不便。",
    ),
    (
        "物业",
        "小区物业服务质量",
        "物业费上涨但服务没有改善，公共区域卫生差。",
    ),
    (
        "食品",
        "校园周边食品安全",
        "学校周边流动摊贩多，食品卫生难以保证。",
    ),
    (
        "社保",
        "灵活就业人员社保缴费",
        "灵活就业人员缴纳社保的渠道和标准不清楚。",
    ),
    (
        "低保",
        "城乡低保审核公示",
        "低保评定是否公开公示，家庭困难如何申请。",
    ),
    (
        "燃气",
        "天然气入户安装收费",
        "燃气开户费用偏高，收费依据是否公开。",
    ),
    (
        "停车",
        "老城区停车难",
        "老城区车位少，乱停乱放严重，建议建设停车场。",
    ),
    (
        "电梯",
        "老旧住宅加装电梯",
        "加装电梯的补贴政策和审批流程希望明确。",
    ),
    (
        "拆迁",
        "征地拆迁补偿标准",
        "征地补偿标准与安置方式希望依法公开。",
    ),
    (
        "户籍",
        "户口迁移办理",
        "户口迁移需要的材料和办理时限请予明确。",
    ),
    (
        "农业",
        "农业产业化项目扶持",
        "种植大户希望了解产业扶持资金申报条件。",
    ),
    (
        "旅游",
        "景区门票与配套服务",
        "节假日景区拥堵，停车和公厕配套不足。",
    ),
    (
        "卫生",
        "社区卫生服务中心建设",
        "社区卫生服务中心医生少，看病排队时间长。",
    ),
    (
        "消防",
        "高层建筑消防通道",
        "小区消防通道被占用，存在安全隐患。",
    ),
    (
        "网络",
        "农村宽带网络覆盖",
        "偏远村组宽带信号差，希望加快网络覆盖。",
    ),
    (
        "文化",
        "公共文化场馆开放时间",
        "图书馆周末开放时间短，希望延长。",
    ),
];

const FILLER: &[&str] = &[
    "恳请有关部门予以重视并尽快答复。",
    "此问题已反映多次，至今没有明确答复。",
    "希望政府部门能够认真研究，给出具体措施。",
    "附近居民意见较大，请相关部门实地调查核实。",
    "建议结合实际情况，制定切实可行的解决办法。",
    "请问相关政策文件在哪里可以查询到？",
];

/// A cheap deterministic mix of `i`, so neighbouring rows differ.
fn mix(i: u64) -> u64 {
    let mut x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^= x >> 31;
    x.wrapping_mul(0xBF58_476D_1CE4_E5B9) >> 7
}

/// An index below `n` for row `i`, independent of the other picks (`salt`), so that
/// filters on two columns are not correlated.
pub fn pick(i: u64, salt: u64, n: usize) -> usize {
    (mix(i.wrapping_add(salt.wrapping_mul(0x1000_0000_01B3))) % n as u64) as usize
}

/// The topic of row `i`.
pub fn topic(i: u64) -> usize {
    (mix(i) % TOPICS.len() as u64) as usize
}

/// A question's title (≤ 60 characters) and body (a few sentences).
pub fn question(i: u64) -> (String, String) {
    let (word, phrase, sentence) = TOPICS[topic(i)];
    let r = mix(i + 1);
    let title = format!("关于{phrase}的问题（{}）", i % 1000);
    let body = format!(
        "{}{sentence}{}{}具体涉及{word}方面，编号{i}。",
        rare_clause(i),
        FILLER[(r % FILLER.len() as u64) as usize],
        FILLER[((r >> 8) % FILLER.len() as u64) as usize],
    );
    (title, body)
}

/// A document's title and a body of several paragraphs (about 600–1,200 characters).
pub fn document(i: u64) -> (String, String) {
    let (word, phrase, sentence) = TOPICS[topic(i)];
    let r = mix(i + 7);
    let title = format!("关于进一步做好{phrase}工作的通知（第{}号）", i % 500);
    let mut body = String::from(rare_clause(i));
    for p in 0..(4 + r % 5) {
        let (w2, p2, s2) = TOPICS[((r >> (p * 3)) % TOPICS.len() as u64) as usize];
        body.push_str(&format!(
            "{}、为贯彻落实{p2}有关要求，现就{word}相关工作通知如下。{sentence}{s2}各单位要结合{w2}工作实际，明确责任分工，加强督促检查，确保各项措施落到实处。{}\n\n",
            ["一", "二", "三", "四", "五", "六", "七", "八", "九"][p as usize],
            FILLER[((r >> (p * 5)) % FILLER.len() as u64) as usize]
        ));
    }
    (title, body)
}

/// A word that only one row in 10,000 holds: a search with few matches.
pub const RARE: &str = "罕见";

fn rare_clause(i: u64) -> &'static str {
    if i % 10_000 == 7 {
        "家中有罕见病患者，"
    } else {
        ""
    }
}
