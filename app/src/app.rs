//! The document shell and the route table.
use crate::auth::AuthContext;
use crate::components::{Footer, Header, NotFound, SkipLink};
use crate::routes::*;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Meta, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, Lazy, SsrMode,
};

/// The HTML document around the app, rendered on the server only. The CSP nonce minted by
/// the security-headers middleware is handed to leptos here, so that the hydration scripts
/// carry the nonce the response header allows.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(nonce) = use_context::<axum::http::request::Parts>().and_then(|p| {
            p.extensions
                .get::<crate::platform::security::CspNonce>()
                .cloned()
        }) {
            provide_context(leptos::nonce::Nonce::from_value(nonce.0));
        }
    }
    view! {
        <!DOCTYPE html>
        <html lang="zh-CN">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Every page is rendered whole on the server (`SsrMode::Async`): it reads completely without
/// JavaScript, for screen readers, search engines and old browsers, then hydrates.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    AuthContext::provide();
    let prefs = crate::components::prefs::Prefs::provide();
    view! {
        <Stylesheet id="leptos" href="/pkg/gongkai.css"/>
        <Title text="公开·南川区政务公开平台"/>
        <Meta name="description" content="南川区政务公开平台：网络问政、在线访谈、政府信息公开目录"/>
        <Router>
            <div
                class="site"
                class:large-text=move || prefs.elder.get()
                class:elder=move || prefs.elder.get()
                class:high-contrast=move || prefs.contrast.get()
            >
                <SkipLink/>
                <Header prefs/>
                <main id="main" tabindex="-1">
                    <Routes fallback=|| view! { <NotFound/> }>
                        <Route path=path!("") view={Lazy::<HomeRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/search") view={Lazy::<SearchRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/sitemap") view={Lazy::<SitemapRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/guide") view={Lazy::<GuideRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/login") view={Lazy::<LoginRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/register") view={Lazy::<RegisterRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/admin") view={Lazy::<AdminUsersRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/admin/departments") view={Lazy::<AdminDepartmentsRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/admin/calendar") view={Lazy::<AdminCalendarRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/admin/time-limits") view={Lazy::<TimeLimitsRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/admin/guide") view={Lazy::<AdminGuideRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/admin/personal-data") view={Lazy::<AdminPersonalDataRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/personal-data") view={Lazy::<PersonalDataRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/admin/audit") view={Lazy::<AuditRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/questions") view={Lazy::<QuestionsRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/questions/new") view={Lazy::<NewQuestionRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/questions/track") view={Lazy::<QuestionTrackRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/questions/mine") view={Lazy::<MyQuestionsRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/questions/stats") view={Lazy::<StatsRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/questions/:tracking_no") view={Lazy::<QuestionRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/moderation") view={Lazy::<ModerationRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/moderation/questions/:tracking_no") view={Lazy::<ModerationDetailRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/handling") view={Lazy::<HandlingRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/handling/:tracking_no") view={Lazy::<HandlingDetailRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/supervision") view={Lazy::<SupervisionRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/supervision/:tracking_no") view={Lazy::<SuperviseDetailRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/settings") view={Lazy::<SettingsRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/interviews") view={Lazy::<InterviewListRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/interviews/:id") view={Lazy::<InterviewLiveRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/host") view={Lazy::<HostRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/host/interviews/:id") view={Lazy::<HostConsoleRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/admin/catalog") view={Lazy::<AdminCatalogRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/catalog") view={Lazy::<CatalogRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/catalog/documents/:id") view={Lazy::<DocumentRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/editor") view={Lazy::<EditorRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/editor/documents/:id") view={Lazy::<EditDocumentRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/editor/disclosure") view={Lazy::<StaffRequestsRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/editor/disclosure/intake") view={Lazy::<IntakeRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/editor/disclosure/:tracking_no") view={Lazy::<StaffRequestRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/editor/disclosure/:tracking_no/third-party-notice") view={Lazy::<ThirdPartyNoticeRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/disclosure-requests/new") view={Lazy::<ApplyRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/disclosure-requests/track") view={Lazy::<TrackRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/disclosure-requests/:tracking_no/notice") view={Lazy::<NoticeRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/reports/annual/:year") view={Lazy::<AnnualReportRoute>::new()} ssr=SsrMode::Async/>
                    </Routes>
                </main>
                <Footer/>
            </div>
        </Router>
    }
}
