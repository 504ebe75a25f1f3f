//! 首页: the three modules at a glance.
use crate::components::PageTitle;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <section class="hero">
            <PageTitle text="南川区政务公开平台"/>
            <p class="lead">"向政府提问并按时得到答复，在线参与政府访谈，查阅政府公开的每一份文件。"</p>
        </section>
        <section class="modules" aria-label="平台栏目">
            <article class="card">
                <h2><a href="/questions">"网络问政"</a></h2>
                <p>"提出意见、建议、求助和投诉。每件留言都有留言编号，在规定的工作日内办理答复，可随时查询进度。"</p>
                <p><a href="/questions/new" class="button">"我要留言"</a>" "<a href="/questions/track">"查询办理进度"</a></p>
            </article>
            <article class="card">
                <h2><a href="/interviews">"在线访谈"</a></h2>
                <p>"部门负责人走进直播间，回答网民提问。访谈前征集问题，访谈中实时直播，访谈后发布文字实录。"</p>
                <p><a href="/interviews">"查看访谈预告与实录"</a></p>
            </article>
            <article class="card">
                <h2><a href="/catalog">"政府信息公开目录"</a></h2>
                <p>"按栏目、主题、发布机构和年份查阅主动公开的政府信息；未公开的信息可以依申请公开。"</p>
                <p><a href="/catalog">"检索公开信息"</a>" "<a href="/disclosure-requests/new">"申请公开"</a></p>
            </article>
        </section>
    }
}
