//! The pages as lazy routes. Each page's code (its views, forms and the client side of its
//! server functions) is split out of the main wasm bundle by `make site` into a chunk of its
//! own, which the browser fetches when the page is first shown; so a visitor's first download
//! holds the app's frame and the page in hand, not all 44 pages. On the server the routes
//! render as before.
use crate::admin::audit::page::AuditPage;
use crate::admin::pages::{AdminDepartmentsPage, AdminUsersPage};
use crate::auth::pages::{LoginPage, RegisterPage, SettingsPage};
use crate::catalog::pages::{
    AdminCatalogPage, CatalogPage, DocumentPage, EditDocumentPage, EditorPage,
};
use crate::disclosure::intake::IntakePage;
use crate::disclosure::pages::{
    ApplyPage, NoticePage, StaffRequestPage, StaffRequestsPage, TrackPage,
};
use crate::disclosure::third_party::ThirdPartyNoticePage;
use crate::guide::pages::{AdminGuidePage, GuidePage};
use crate::home::HomePage;
use crate::interviews::pages::{HostConsolePage, HostPage, InterviewListPage, InterviewLivePage};
use crate::privacy::pages::{AdminPersonalDataPage, PersonalDataPage};
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
use leptos_router::{lazy_route, LazyRoute};

/// One unit struct per page, named after it, whose view is the lazily loaded page.
/// (`#[lazy_route]` names each split point after the struct, so the names must differ.)
macro_rules! lazy_pages {
    ($($route:ident => $page:ident,)*) => {$(
        #[doc = concat!("The lazily loaded [`", stringify!($page), "`].")]
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page/> }.into_any()
            }
        }
    )*};
}

lazy_pages! {
    HomeRoute => HomePage,
    SearchRoute => SearchPage,
    SitemapRoute => SitemapPage,
    GuideRoute => GuidePage,
    LoginRoute => LoginPage,
    RegisterRoute => RegisterPage,
    AdminUsersRoute => AdminUsersPage,
    AdminDepartmentsRoute => AdminDepartmentsPage,
    AdminCalendarRoute => AdminCalendarPage,
    TimeLimitsRoute => TimeLimitsPage,
    AdminGuideRoute => AdminGuidePage,
    AdminPersonalDataRoute => AdminPersonalDataPage,
    PersonalDataRoute => PersonalDataPage,
    AuditRoute => AuditPage,
    QuestionsRoute => QuestionsPage,
    NewQuestionRoute => NewQuestionPage,
    QuestionTrackRoute => QuestionTrackPage,
    MyQuestionsRoute => MyQuestionsPage,
    StatsRoute => StatsPage,
    QuestionRoute => QuestionPage,
    ModerationRoute => ModerationPage,
    ModerationDetailRoute => ModerationDetailPage,
    HandlingRoute => HandlingPage,
    HandlingDetailRoute => HandlingDetailPage,
    SupervisionRoute => SupervisionPage,
    SuperviseDetailRoute => SuperviseDetailPage,
    SettingsRoute => SettingsPage,
    InterviewListRoute => InterviewListPage,
    InterviewLiveRoute => InterviewLivePage,
    HostRoute => HostPage,
    HostConsoleRoute => HostConsolePage,
    AdminCatalogRoute => AdminCatalogPage,
    CatalogRoute => CatalogPage,
    DocumentRoute => DocumentPage,
    EditorRoute => EditorPage,
    EditDocumentRoute => EditDocumentPage,
    StaffRequestsRoute => StaffRequestsPage,
    IntakeRoute => IntakePage,
    StaffRequestRoute => StaffRequestPage,
    ThirdPartyNoticeRoute => ThirdPartyNoticePage,
    ApplyRoute => ApplyPage,
    TrackRoute => TrackPage,
    NoticeRoute => NoticePage,
    AnnualReportRoute => AnnualReportPage,
}
