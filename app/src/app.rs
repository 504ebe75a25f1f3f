//! The document shell and the route table.
use crate::admin::audit::page::AuditPage;
use crate::admin::pages::{AdminDepartmentsPage, AdminUsersPage};
use crate::auth::pages::{LoginPage, RegisterPage, SettingsPage};
use crate::auth::AuthContext;
use crate::catalog::pages::{
    AdminCatalogPage, CatalogPage, DocumentPage, EditDocumentPage, EditorPage,
};
use crate::components::{Footer, Header, NotFound, SkipLink};
use crate::disclosure::pages::{
    ApplyPage, NoticePage, StaffRequestPage, StaffRequestsPage, TrackPage,
};
use crate::guide::pages::{AdminGuidePage, GuidePage};
use crate::home::HomePage;
use crate::interviews::pages::{HostConsolePage, HostPage, InterviewListPage, InterviewLivePage};
use crate::questions::pages::{
    HandlingDetailPage, HandlingPage, ModerationDetailPage, ModerationPage, MyQuestionsPage,
    NewQuestionPage, QuestionPage, QuestionsPage, StatsPage, SuperviseDetailPage, SupervisionPage,
    TimeLimitsPage, TrackPage as QuestionTrackPage,
};
use crate::report::pages::AnnualReportPage;
use crate::search::pages::SearchPage;
use crate::site::pages::SitemapPage;
use crate::workdays::pages::AdminCalendarPage;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Meta, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
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
    // Effects run only in the browser: the attribute tells tests (and curious admins)
    // that the wasm bundle has taken over the server-rendered page.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
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
                data-hydrated=move || hydrated.get().then_some("true")
            >
                <SkipLink/>
                <Header prefs/>
                <main id="main" tabindex="-1">
                    <Routes fallback=|| view! { <NotFound/> }>
                        <Route path=path!("") view=HomePage ssr=SsrMode::Async/>
                        <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async/>
                        <Route path=path!("/sitemap") view=SitemapPage ssr=SsrMode::Async/>
                        <Route path=path!("/guide") view=GuidePage ssr=SsrMode::Async/>
                        <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                        <Route path=path!("/register") view=RegisterPage ssr=SsrMode::Async/>
                        <Route path=path!("/admin") view=AdminUsersPage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/departments") view=AdminDepartmentsPage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/calendar") view=AdminCalendarPage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/time-limits") view=TimeLimitsPage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/guide") view=AdminGuidePage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/personal-data") view=crate::privacy::pages::AdminPersonalDataPage ssr=SsrMode::Async/>
                        <Route path=path!("/personal-data") view=crate::privacy::pages::PersonalDataPage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/audit") view=AuditPage ssr=SsrMode::Async/>
                        <Route path=path!("/questions") view=QuestionsPage ssr=SsrMode::Async/>
                        <Route path=path!("/questions/new") view=NewQuestionPage ssr=SsrMode::Async/>
                        <Route path=path!("/questions/track") view=QuestionTrackPage ssr=SsrMode::Async/>
                        <Route path=path!("/questions/mine") view=MyQuestionsPage ssr=SsrMode::Async/>
                        <Route path=path!("/questions/stats") view=StatsPage ssr=SsrMode::Async/>
                        <Route path=path!("/questions/:tracking_no") view=QuestionPage ssr=SsrMode::Async/>
                        <Route path=path!("/moderation") view=ModerationPage ssr=SsrMode::Async/>
                        <Route path=path!("/moderation/questions/:tracking_no") view=ModerationDetailPage ssr=SsrMode::Async/>
                        <Route path=path!("/handling") view=HandlingPage ssr=SsrMode::Async/>
                        <Route path=path!("/handling/:tracking_no") view=HandlingDetailPage ssr=SsrMode::Async/>
                        <Route path=path!("/supervision") view=SupervisionPage ssr=SsrMode::Async/>
                        <Route path=path!("/supervision/:tracking_no") view=SuperviseDetailPage ssr=SsrMode::Async/>
                        <Route path=path!("/settings") view=SettingsPage ssr=SsrMode::Async/>
                        <Route path=path!("/interviews") view=InterviewListPage ssr=SsrMode::Async/>
                        <Route path=path!("/interviews/:id") view=InterviewLivePage ssr=SsrMode::Async/>
                        <Route path=path!("/host") view=HostPage ssr=SsrMode::Async/>
                        <Route path=path!("/host/interviews/:id") view=HostConsolePage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/catalog") view=AdminCatalogPage ssr=SsrMode::Async/>
                        <Route path=path!("/catalog") view=CatalogPage ssr=SsrMode::Async/>
                        <Route path=path!("/catalog/documents/:id") view=DocumentPage ssr=SsrMode::Async/>
                        <Route path=path!("/editor") view=EditorPage ssr=SsrMode::Async/>
                        <Route path=path!("/editor/documents/:id") view=EditDocumentPage ssr=SsrMode::Async/>
                        <Route path=path!("/editor/disclosure") view=StaffRequestsPage ssr=SsrMode::Async/>
                        <Route path=path!("/editor/disclosure/intake") view=crate::disclosure::intake::IntakePage ssr=SsrMode::Async/>
                        <Route path=path!("/editor/disclosure/:tracking_no") view=StaffRequestPage ssr=SsrMode::Async/>
                        <Route path=path!("/editor/disclosure/:tracking_no/third-party-notice") view=crate::disclosure::third_party::ThirdPartyNoticePage ssr=SsrMode::Async/>
                        <Route path=path!("/disclosure-requests/new") view=ApplyPage ssr=SsrMode::Async/>
                        <Route path=path!("/disclosure-requests/track") view=TrackPage ssr=SsrMode::Async/>
                        <Route path=path!("/disclosure-requests/:tracking_no/notice") view=NoticePage ssr=SsrMode::Async/>
                        <Route path=path!("/reports/annual/:year") view=AnnualReportPage ssr=SsrMode::Async/>
                    </Routes>
                </main>
                <Footer/>
            </div>
        </Router>
    }
}
