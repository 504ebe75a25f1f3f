//! The guide as shown and as edited, and the defaults a new site starts from.
use serde::{Deserialize, Serialize};

/// 政府信息公开指南 with the content Art. 12 asks for: the classification and arrangement of
/// the information, how to obtain it, and the office that handles disclosure with its
/// address, hours, telephone, fax and internet contact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Guide {
    /// 政府信息公开工作机构.
    pub office: String,
    pub address: String,
    /// 办公时间.
    pub hours: String,
    pub phone: String,
    pub fax: Option<String>,
    pub email: Option<String>,
    /// 分类与编排体系.
    pub classification: String,
    /// 主动公开信息的获取方式.
    pub proactive: String,
    /// 依申请公开的程序.
    pub on_request: String,
    /// 监督与救济.
    pub remedies: String,
    /// When admins last saved it (RFC 3339, district time); none while the defaults show.
    pub updated_at: Option<String>,
}

/// The guide as the admin form or a REST client sends it, before parsing.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct GuideInput {
    pub office: String,
    pub address: String,
    pub hours: String,
    pub phone: String,
    pub fax: Option<String>,
    pub email: Option<String>,
    pub classification: String,
    pub proactive: String,
    pub on_request: String,
    pub remedies: String,
}

pub const DEFAULT_HOURS: &str = "工作日上午 9:00–12:00，下午 14:00–17:30（法定节假日除外）";

pub const DEFAULT_CLASSIFICATION: &str = "本机关主动公开的政府信息按《政府信息公开目录》编排：按栏目（政府文件、规范性文件、政策解读、通知公告、工作报告等）、主题分类、发布机构和发布年份分类，每条信息有唯一的索引号，并标注文号、成文日期、发布日期和有效性。
已被修改、废止或者失效的文件继续公开，并标注其有效性和现行文件；已发布文件的修改记入修订记录。";

pub const DEFAULT_PROACTIVE: &str = "主动公开的政府信息在本网站“信息公开”栏目发布，可按栏目、主题分类、发布机构和年份浏览，或者全文检索，也可以订阅 RSS。
属于主动公开范围的政府信息，自形成或者变更之日起 20 个工作日内予以公开。
也可以到档案馆、公共图书馆和政务服务场所设置的政府信息公开查阅点查阅。";

pub const DEFAULT_ON_REQUEST: &str = "公民、法人或者其他组织可以向本机关申请获取相关政府信息。申请可以通过本网站“依申请公开”在线提交，也可以当面、邮寄或者传真提交书面申请。
申请应当包括：申请人的姓名或者名称、身份证明、联系方式；申请公开的政府信息的名称、文号或者便于查询的其他特征性描述；获取信息的方式和途径。
本机关收到申请后，能够当场答复的当场答复；不能当场答复的，自收到申请之日起 20 个工作日内答复；需要延长的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过 20 个工作日。申请内容不明确的，本机关自收到申请之日起 7 个工作日内一次性告知补正。
依申请提供政府信息不收取费用；申请数量、频次明显超过合理范围的，可以按照国家规定收取信息处理费。";

pub const DEFAULT_REMEDIES: &str = "认为本机关未按照要求主动公开政府信息，或者对政府信息公开申请不依法答复处理的，可以向上一级行政机关或者政府信息公开工作主管部门提出。
认为本机关在政府信息公开工作中侵犯其合法权益的，可以依法申请行政复议或者提起行政诉讼。";
