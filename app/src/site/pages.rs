//! 网站地图: every public part of the portal on one page, the catalog's columns included, for
//! residents who would rather not hunt through menus (and as site inspection asks).
use crate::catalog::list_columns;
use crate::components::PageTitle;
use leptos::prelude::*;

/// (link text, address).
type Link = (&'static str, &'static str);
/// (anchor, heading, links): a part of the portal that does not come from the database.
type Section = (&'static str, &'static str, &'static [Link]);

const SECTIONS: &[Section] = &[
    (
        "questions",
        "网络问政",
        &[
            ("问政留言", "/questions"),
            ("我要留言", "/questions/new"),
            ("留言办理查询", "/questions/track"),
            ("办理统计", "/questions/stats"),
        ],
    ),
    (
        "interviews",
        "在线访谈",
        &[("访谈预告与实录", "/interviews")],
    ),
    (
        "disclosure",
        "依申请公开",
        &[
            ("政府信息公开指南", "/guide"),
            ("申请政府信息公开", "/disclosure-requests/new"),
            ("申请办理查询", "/disclosure-requests/track"),
            ("政府信息公开年度报告", "/reports/annual/2026"),
        ],
    ),
    (
        "services",
        "服务",
        &[
            ("首页", "/"),
            ("全站搜索", "/search"),
            ("登录", "/login"),
            ("注册", "/register"),
            ("我的留言", "/questions/mine"),
            ("个人设置", "/settings"),
            ("开放接口（OpenAPI）", "/api/v1/openapi.json"),
            ("文件订阅（Atom）", "/feeds/documents.atom"),
        ],
    ),
];

#[component]
pub fn SitemapPage() -> impl IntoView {
    let columns = Resource::new(|| (), |_| list_columns());
    let section = |anchor: &'static str, title: &'static str, links: Vec<(String, String)>| {
        let id = format!("sitemap-{anchor}");
        let labelled_by = id.clone();
        view! {
            <section aria-labelledby=labelled_by>
                <h2 id=id>{title}</h2>
                <ul>
                    {links.into_iter().map(|(text, href)| view! { <li><a href=href>{text}</a></li> }).collect_view()}
                </ul>
            </section>
        }
    };
    let fixed = |(anchor, title, links): &Section| {
        section(
            anchor,
            title,
            links
                .iter()
                .map(|(t, h)| (t.to_string(), h.to_string()))
                .collect(),
        )
    };
    view! {
        <PageTitle text="网站地图"/>
        <div class="sitemap">
            {fixed(&SECTIONS[0])}
            {fixed(&SECTIONS[1])}
            <Suspense fallback=|| view! { <p>"正在载入栏目…"</p> }>
                {move || columns.get().map(|r| {
                    let mut links = vec![("政府信息公开目录".to_string(), "/catalog".to_string())];
                    links.extend(r.unwrap_or_default().into_iter().map(|c| {
                        (c.name, format!("/catalog?column={}", c.slug))
                    }));
                    section("catalog", "政府信息公开", links)
                })}
            </Suspense>
            {fixed(&SECTIONS[2])}
            {fixed(&SECTIONS[3])}
        </div>
    }
}
