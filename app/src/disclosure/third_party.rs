//! The third party of Art. 32: what it answered when consulted, the rule that a disclosure
//! over its objection needs a stated reason, and the written notice that tells it so.
use super::types::DisclosureRequest;
use crate::components::PageTitle;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

/// The third party's answer to the consultation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConsultAnswer {
    Agreed,
    Objected,
    /// No opinion within the time given: the office decides (Art. 32).
    NoReply,
}

impl ConsultAnswer {
    pub const ALL: [ConsultAnswer; 3] = [
        ConsultAnswer::Agreed,
        ConsultAnswer::Objected,
        ConsultAnswer::NoReply,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ConsultAnswer::Agreed => "agreed",
            ConsultAnswer::Objected => "objected",
            ConsultAnswer::NoReply => "no_reply",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            ConsultAnswer::Agreed => "同意公开",
            ConsultAnswer::Objected => "不同意公开",
            ConsultAnswer::NoReply => "逾期未提出意见",
        }
    }
    /// Optional on the API (older clients end a consultation without saying).
    pub fn parse(raw: Option<&str>) -> Result<Option<ConsultAnswer>, String> {
        match raw.map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(s) => ConsultAnswer::ALL
                .into_iter()
                .find(|a| a.as_str() == s)
                .map(Some)
                .ok_or_else(|| "请选择第三方的意见：同意、不同意或逾期未提出意见".into()),
        }
    }
}

/// Whether a reply of this Art. 36 kind discloses what the third party objected to, so
/// that the office must give its reason and notify the third party in writing.
pub fn discloses_over_objection(answer: Option<ConsultAnswer>, outcome_kind: &str) -> bool {
    answer == Some(ConsultAnswer::Objected)
        && matches!(outcome_kind, "disclosed" | "partially_disclosed")
}

/// The written notice to a third party that objected, printable.
#[component]
fn Letter(r: DisclosureRequest) -> impl IntoView {
    let party = r.consult_third_party.clone().unwrap_or_default();
    let day = r.replied_on.map(|d| d.to_string()).unwrap_or_default();
    view! {
        <article class="notice-letter">
            <h2>"政府信息公开第三方告知书"</h2>
            <p>{format!("{party}：")}</p>
            <p>{format!(
                "本机关于 {} 收到政府信息公开申请（编号 {}），所需信息为：{}",
                r.received_on, r.tracking_no, r.description
            )}</p>
            <p>{format!(
                "本机关于 {} 就该信息征求你方意见，你方{}。",
                r.consult_started_on.map(|d| d.to_string()).unwrap_or_default(),
                r.consult_answer.map(|a| a.label()).unwrap_or("未提出意见")
            )}</p>
            <p>"本机关认为不公开可能对公共利益造成重大影响，根据《中华人民共和国政府信息公开条例》第三十二条，决定予以公开。理由如下："</p>
            <p class="pre" data-testid="disclose-reason">{r.disclose_reason.clone().unwrap_or_default()}</p>
            <p>"决定公开的政府信息内容："</p>
            <p class="pre">{r.reply_body.clone().unwrap_or_default()}</p>
            <p>"如对本决定不服，可以依法申请行政复议或者提起行政诉讼。"</p>
            <p class="signature">{day}</p>
        </article>
    }
}

/// `/editor/disclosure/{no}/third-party-notice`: staff print it for the third party.
#[component]
pub fn ThirdPartyNoticePage() -> impl IntoView {
    let params = use_params_map();
    let no = move || params.with(|p| p.get("tracking_no").unwrap_or_default());
    let found = Resource::new(no, |no| super::track_request(no, None));
    view! {
        <section class="narrow-wide">
            <PageTitle text="第三方告知书"/>
            <Transition fallback=|| view! { <p>"正在加载…"</p> }>
                {move || found.get().map(|r| match r {
                    Ok(r) if r.disclose_reason.is_some() => view! {
                        <p class="no-print"><a href=format!("/editor/disclosure/{}", r.tracking_no)>"返回办理页面"</a></p>
                        <Letter r=r/>
                    }.into_any(),
                    Ok(_) => view! { <p class="notice">"该申请没有需要告知第三方的公开决定。"</p> }.into_any(),
                    Err(e) => view! { <p class="notice error" role="alert">{e.to_string()}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_parse_and_only_a_disclosure_over_an_objection_needs_a_reason() {
        assert_eq!(ConsultAnswer::parse(None), Ok(None));
        assert_eq!(ConsultAnswer::parse(Some(" ")), Ok(None));
        for a in ConsultAnswer::ALL {
            assert_eq!(ConsultAnswer::parse(Some(a.as_str())), Ok(Some(a)));
        }
        assert!(ConsultAnswer::parse(Some("maybe")).is_err());
        let objected = Some(ConsultAnswer::Objected);
        assert!(discloses_over_objection(objected, "disclosed"));
        assert!(discloses_over_objection(objected, "partially_disclosed"));
        assert!(!discloses_over_objection(objected, "withheld"));
        assert!(!discloses_over_objection(objected, "already_public"));
        assert!(!discloses_over_objection(
            Some(ConsultAnswer::Agreed),
            "disclosed"
        ));
        assert!(!discloses_over_objection(
            Some(ConsultAnswer::NoReply),
            "disclosed"
        ));
        assert!(!discloses_over_objection(None, "disclosed"));
    }
}
