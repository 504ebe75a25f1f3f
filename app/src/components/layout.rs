//! The frame of every page: skip link, header with the search box and the role-aware menu,
//! footer, 404.
use crate::auth::AuthContext;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_query_map};

#[component]
pub fn SkipLink() -> impl IntoView {
    // `target` keeps the client-side router out of it: the browser moves focus natively.
    view! { <a class="skip-link" href="#main" target="_self">"跳到主要内容"</a> }
}

/// Sets the document title and renders the page heading.
#[component]
pub fn PageTitle(#[prop(into)] text: String) -> impl IntoView {
    // leptos_meta writes the <title> text unescaped on the server, so user text such as
    // "</title><script>" would break out; a full-width ＜ cannot end the element.
    let title = format!("{} - 公开·政务公开平台", text.replace('<', "＜"));
    view! {
        <Title text=title/>
        <h1>{text}</h1>
    }
}

#[component]
pub fn Header(
    /// 长者模式 and 高对比度, accessibility aids common on government sites.
    prefs: super::prefs::Prefs,
) -> impl IntoView {
    let auth = AuthContext::use_context();
    let logout = auth.logout;
    // A toggle button keeps its name; `aria-pressed` says whether the mode is on.
    let toggle = |on: RwSignal<bool>, label: &'static str, class: &'static str| {
        view! {
            <button
                type="button"
                class=class
                aria-pressed=move || if on.get() { "true" } else { "false" }
                on:click=move |_| on.update(|v| *v = !*v)
            >
                {label}
            </button>
        }
    };
    view! {
        <header class="site-header">
            <div class="bar">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"公"</span>
                    <span class="brand-name">"南川区政务公开平台"</span>
                </a>
                <div class="tools">
                    {toggle(prefs.elder, "长者模式", "text-size")}
                    {toggle(prefs.contrast, "高对比度", "contrast")}
                    <super::ReadAloud/>
                </div>
                <SiteSearch/>
            </div>
            <nav class="main-nav" aria-label="主导航">
                // 长者模式 navigates by task, in plain words and large tiles, rather than by
                // the three modules' names (适老化: what an older resident comes to do).
                {move || if prefs.elder.get() {
                    view! {
                        <ul class="task-nav">
                            <li><A href="/" exact=true>"首页"</A></li>
                            <li><A href="/questions/new">"我要提问"</A></li>
                            <li><A href="/questions/track">"查办理进度"</A></li>
                            <li><A href="/interviews">"看在线访谈"</A></li>
                            <li><A href="/catalog">"找政府文件"</A></li>
                            <li><A href="/disclosure-requests/new">"申请信息公开"</A></li>
                        </ul>
                    }.into_any()
                } else {
                    view! {
                        <ul>
                            <li><A href="/" exact=true>"首页"</A></li>
                            <li><A href="/questions">"网络问政"</A></li>
                            <li><A href="/interviews">"在线访谈"</A></li>
                            <li><A href="/catalog">"信息公开目录"</A></li>
                        </ul>
                    }.into_any()
                }}
                <Transition fallback=|| view! { <div class="account"></div> }>
                    {move || {
                        let user = auth.me.get().and_then(|r| r.ok()).flatten();
                        match user {
                            None => view! {
                                <div class="account">
                                    <A href="/login">"登录"</A>
                                    <span aria-hidden="true">"·"</span>
                                    <A href="/register">"注册"</A>
                                </div>
                            }.into_any(),
                            Some(user) => {
                                let links = crate::auth::caps::staff_links(&user);
                                view! {
                                    <div class="account">
                                        <ul class="staff-menu" aria-label="工作菜单">
                                            {links.into_iter().map(|(href, label)| view! {
                                                <li><A href=href>{label}</A></li>
                                            }).collect_view()}
                                        </ul>
                                        <span class="who" data-testid="current-user">{user.display_name.clone()}</span>
                                        <A href="/settings">"个人设置"</A>
                                        <ActionForm action=logout attr:class="inline">
                                            <button type="submit" class="link-button">"退出"</button>
                                        </ActionForm>
                                    </div>
                                }.into_any()
                            }
                        }
                    }}
                </Transition>
            </nav>
        </header>
    }
}

/// The search box of every page: a plain GET form to `/search`, so it works before (or
/// without) the wasm bundle. On the results page it shows the words searched.
#[component]
fn SiteSearch() -> impl IntoView {
    let location = use_location();
    let query = use_query_map();
    let words = move || {
        if location.pathname.with(|p| p == "/search") {
            query.with(|q| q.get("q").unwrap_or_default())
        } else {
            String::new()
        }
    };
    view! {
        <form method="get" action="/search" class="site-search" role="search" aria-label="全站搜索">
            <label for="site-search-q" class="visually-hidden">"搜索全站"</label>
            <input
                id="site-search-q"
                name="q"
                type="search"
                maxlength="50"
                placeholder="搜索留言、文件、访谈"
                value=words
            />
            <button type="submit">"搜索"</button>
        </form>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let identity = Resource::new(|| (), |_| crate::site::load_site_identity());
    view! {
        <footer class="site-footer">
            <nav aria-label="页脚导航">
                <ul>
                    <li><a href="/sitemap">"网站地图"</a></li>
                    <li><a href="/questions/track">"留言查询"</a></li>
                    <li><a href="/guide">"政府信息公开指南"</a></li>
                    <li><a href="/personal-data">"个人信息保护"</a></li>
                    <li><a href="/disclosure-requests/new">"依申请公开"</a></li>
                    <li><a href="/reports/annual/2026">"政府信息公开年度报告"</a></li>
                    <li><a href="/api/v1/openapi.json">"开放接口"</a></li>
                </ul>
            </nav>
            <Suspense fallback=|| ()>
                {move || identity.get().and_then(Result::ok).map(|s| view! { <SiteFacts s/> })}
            </Suspense>
            <p class="small">"网站支持键盘操作与屏幕阅读器；发现无障碍问题请通过网络问政反映。"</p>
        </footer>
    }
}

/// 主办/承办, contact, 网站标识码, the two 备案号 (each linked to where it is looked up) and the
/// national 我为政府网站找错 form, as site inspection asks of every government site.
#[component]
fn SiteFacts(s: crate::site::types::SiteIdentity) -> impl IntoView {
    use crate::site::types::ICP_LOOKUP;
    let psb_link = s.psb_link();
    let contact: Vec<String> = [
        s.address.clone().map(|a| format!("地址：{a}")),
        s.phone.clone().map(|p| format!("电话：{p}")),
        s.email.clone().map(|e| format!("邮箱：{e}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    view! {
        <p>
            {format!("主办：{}", s.sponsor)}
            {s.organizer.clone().map(|o| format!("　承办：{o}"))}
            "　本平台依据《中华人民共和国政府信息公开条例》运行"
        </p>
        {(!contact.is_empty()).then(|| view! { <p>{contact.join("　")}</p> })}
        <p class="site-records">
            {s.site_code.clone().map(|c| view! { <span>{format!("网站标识码：{c}")}</span> })}
            {s.icp.clone().map(|i| view! {
                <a href=ICP_LOOKUP target="_blank" rel="noopener noreferrer">{i}</a>
            })}
            {s.psb.clone().map(|p| match psb_link.clone() {
                Some(link) => view! { <a href=link target="_blank" rel="noopener noreferrer">{p}</a> }.into_any(),
                None => view! { <span>{p}</span> }.into_any(),
            })}
            <a href=s.error_report_url.clone() target="_blank" rel="noopener noreferrer">"我为政府网站找错"</a>
        </p>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(axum::http::StatusCode::NOT_FOUND);
        }
    }
    view! {
        <section class="not-found">
            <PageTitle text="页面不存在"/>
            <p>"您访问的页面不存在，或已被移动。"</p>
            <ul>
                <li><a href="/">"返回首页"</a></li>
                <li><a href="/catalog">"在信息公开目录中查找文件"</a></li>
                <li><a href="/questions">"浏览网络问政"</a></li>
            </ul>
        </section>
    }
}
