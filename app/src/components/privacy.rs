//! 个人信息处理告知 and the explicit consent before a form that collects personal data is
//! sent (个人信息保护法 Arts. 14, 17 and 35): what is collected and why, who sees it, how
//! long it is kept, and the person's rights. The consent is a checkbox the server checks
//! (field `consent`), not a browser-only `required`, so a refusal comes back beside the
//! box like every other field error, with nothing typed lost.
use super::{field_error, LastError};
use leptos::prelude::*;

/// What one form's notice says.
pub struct Notice {
    /// What is collected and what for.
    pub purpose: &'static str,
    /// Who sees it.
    pub seen_by: &'static str,
    /// How long it is kept.
    pub kept: &'static str,
}

/// The notice of the 网络问政 form.
pub const QUESTION_NOTICE: Notice = Notice {
    purpose: "您填写的姓名、手机号码和电子邮箱，仅用于办理、回复您的留言和向您了解办理满意度。",
    seen_by: "区政府门户网站办公室和承办部门办理该留言的工作人员；公开答复时不显示姓名和联系方式。",
    kept: "姓名和联系方式在留言办结后按本网站公布的期限删除；留言及答复作为政务记录保存。",
};

/// The notice of the 依申请公开 form.
pub const DISCLOSURE_NOTICE: Notice = Notice {
    purpose: "您填写的姓名或名称、证件号码、联系方式和地址，用于依照《中华人民共和国政府信息公开条例》第二十九条核实申请人身份、办理申请和送达答复。",
    seen_by: "本机关办理政府信息公开申请的工作人员；证件号码加密保存，页面上始终打码显示。",
    kept: "姓名、证件号码和联系方式在答复后按本网站公布的期限删除；申请及答复作为政务记录保存，用于统计的只有申请人类型。",
};

/// The notice and the consent box, inside a form whose server function takes `consent`.
#[component]
pub fn PrivacyConsent(notice: Notice, action: impl LastError) -> impl IntoView {
    let error = field_error(action, "consent");
    view! {
        <section class="privacy-notice" aria-labelledby="privacy-heading">
            <h2 id="privacy-heading">"个人信息处理告知"</h2>
            <ul>
                <li>{notice.purpose}</li>
                <li>{format!("查看范围：{}", notice.seen_by)}</li>
                <li>{format!("保存期限：{}", notice.kept)}</li>
                <li>"您可以依法查阅、复制、更正您的个人信息，或在法律允许的范围内申请删除；保存期限和办理方式见"<a href="/personal-data">"个人信息保护"</a>"页面。"</li>
            </ul>
            <div class="field checkbox" class:has-error=move || error.get().is_some()>
                <input type="checkbox" id="consent" name="consent" value="on"
                    aria-invalid=move || error.get().is_some().then_some("true")
                    aria-describedby=move || error.get().is_some().then_some("consent-error")/>
                <label for="consent">"我已阅读并同意以上个人信息处理告知"</label>
                <p class="error" id="consent-error" role="alert" hidden=move || error.get().is_none()>
                    {move || error.get()}
                </p>
            </div>
        </section>
    }
}

/// What the form door read: a box left unticked is a refusal.
pub fn from_form(consent: Option<String>) -> Option<bool> {
    Some(consent.is_some_and(|v| !v.is_empty()))
}

/// The message beside the box when it was not ticked.
pub const CONSENT_REQUIRED: &str = "请阅读个人信息处理告知，勾选同意后提交";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unticked_box_is_a_refusal_and_a_ticked_one_consent() {
        assert_eq!(from_form(None), Some(false));
        assert_eq!(from_form(Some(String::new())), Some(false));
        assert_eq!(from_form(Some("on".into())), Some(true));
    }
}
