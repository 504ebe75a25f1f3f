//! Who runs the site, as national site inspection (政府网站与政务新媒体检查指标) asks every
//! government site to say in its footer.
use serde::{Deserialize, Serialize};

/// The 我为政府网站找错 form of the national platform, when `GONGKAI_ERROR_REPORT_URL` is
/// not set; the site's 网站标识码 is added as `site_code`.
pub const NATIONAL_ERROR_REPORT: &str = "https://zfwzgl.www.gov.cn/exposure/jiucuo.html";
/// Where an ICP 备案号 is looked up.
pub const ICP_LOOKUP: &str = "https://beian.miit.gov.cn/";
/// Where a 公安机关备案号 is looked up (`code` is its digits).
pub const PSB_LOOKUP: &str = "https://beian.mps.gov.cn/#/query/webSearch";

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteIdentity {
    /// 主办单位.
    pub sponsor: String,
    /// 承办单位, when another body runs the site.
    pub organizer: Option<String>,
    /// 网站标识码 (ten letters or digits, given by the national platform).
    pub site_code: Option<String>,
    /// ICP 备案号, e.g. `渝ICP备05003300号`.
    pub icp: Option<String>,
    /// 公安机关备案号, e.g. `渝公网安备 50011902000123号`.
    pub psb: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// The 我为政府网站找错 link.
    pub error_report_url: String,
}

impl SiteIdentity {
    /// The 公安机关备案号's lookup link: its digits as `code`.
    pub fn psb_link(&self) -> Option<String> {
        let digits: String = self
            .psb
            .as_deref()?
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        (!digits.is_empty()).then(|| format!("{PSB_LOOKUP}?code={digits}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_police_record_links_to_its_number() {
        let s = SiteIdentity {
            psb: Some("渝公网安备 50011902000123号".into()),
            ..Default::default()
        };
        assert_eq!(
            s.psb_link().as_deref(),
            Some("https://beian.mps.gov.cn/#/query/webSearch?code=50011902000123")
        );
        assert_eq!(SiteIdentity::default().psb_link(), None);
    }
}
