//! The route table as data: every REST route and every server function, with the capability
//! it needs, written once. The handlers take that capability as a parameter (so a missing
//! check does not compile); this table is what the access test walks with every kind of
//! caller, and the test fails when a route exists that the table does not name.
use crate::auth::Role;

/// Which door a route belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Door {
    /// `/api/v1/…`, JSON.
    Rest,
    /// `/api/{name}`, a leptos server function (form-encoded arguments).
    ServerFn,
}

/// What a caller needs to be answered with anything but 401 or 403.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// Anyone, signed in or not. What they then see may depend on who they are.
    Public,
    /// Any signed-in account.
    SignedIn,
    /// A role (admins hold every role).
    Role(Role),
    /// Either of two roles (admins hold both).
    Either(Role, Role),
}

/// One route: its door, method, path (with `{placeholders}`), need, and arguments that parse
/// (server functions read their arguments before they run, so a refusal is only reached with
/// arguments that parse; REST routes check the caller before the body).
#[derive(Clone, Copy, Debug)]
pub struct RouteAccess {
    pub door: Door,
    pub method: &'static str,
    pub path: &'static str,
    pub need: Need,
    pub args: &'static str,
}

const fn rest(method: &'static str, path: &'static str, need: Need) -> RouteAccess {
    RouteAccess {
        door: Door::Rest,
        method,
        path,
        need,
        args: "",
    }
}

const fn sf(path: &'static str, need: Need, args: &'static str) -> RouteAccess {
    RouteAccess {
        door: Door::ServerFn,
        method: "POST",
        path,
        need,
        args,
    }
}

use Need::{Public, SignedIn};
const MODERATOR: Need = Need::Role(Role::Moderator);
const HOST: Need = Need::Role(Role::Host);
const EDITOR: Need = Need::Role(Role::Editor);
const OFFICER: Need = Need::Role(Role::DisclosureOfficer);
const ADMIN: Need = Need::Role(Role::Admin);
const HANDLER: Need = Need::Role(Role::Handler);
const SUPERVISOR: Need = Need::Role(Role::Supervisor);

/// Every route of the site. Placeholders: `{no}` a question's tracking number, `{dno}` an
/// application's, `{doc}` a document, `{att}` an attachment, `{iv}` an interview, `{iq}` one
/// of its questions, `{user}` an account, `{dept}` a department, `{year}` a report year, `{pdr}` a
/// personal-data request, `{subj}` a 主题分类.
pub const ROUTES: &[RouteAccess] = &[
    // Service
    rest("GET", "/api/v1/health", Public),
    rest("GET", "/api/v1/openapi.json", Public),
    // Accounts
    rest("POST", "/api/v1/auth/register", Public),
    rest("POST", "/api/v1/auth/login", Public),
    rest("POST", "/api/v1/auth/logout", Public),
    rest("GET", "/api/v1/auth/me", SignedIn),
    rest("GET", "/api/v1/auth/csrf", Public),
    rest("PUT", "/api/v1/auth/me", SignedIn),
    rest("POST", "/api/v1/auth/password", SignedIn),
    rest("POST", "/api/v1/auth/reauth", SignedIn),
    rest("POST", "/api/v1/auth/totp/setup", SignedIn),
    rest("POST", "/api/v1/auth/totp/enable", SignedIn),
    rest("POST", "/api/v1/auth/totp/disable", SignedIn),
    rest("GET", "/api/v1/admin/users", ADMIN),
    rest("POST", "/api/v1/admin/users/{user}/roles", ADMIN),
    rest("POST", "/api/v1/admin/users/{user}/disable", ADMIN),
    rest("POST", "/api/v1/admin/users/{user}/enable", ADMIN),
    rest("GET", "/api/v1/admin/audit", ADMIN),
    rest("GET", "/api/v1/admin/audit/csv", ADMIN),
    rest("GET", "/api/v1/departments", Public),
    rest("POST", "/api/v1/departments", ADMIN),
    rest("PUT", "/api/v1/departments/{dept}", ADMIN),
    rest("GET", "/api/v1/admin/time-limits", ADMIN),
    rest("PUT", "/api/v1/admin/time-limits", ADMIN),
    rest("GET", "/api/v1/admin/retention", ADMIN),
    rest("PUT", "/api/v1/admin/retention", ADMIN),
    rest("GET", "/api/v1/auth/me/personal-data", SignedIn),
    rest("POST", "/api/v1/personal-data/copy", Public),
    rest("POST", "/api/v1/personal-data-requests", Public),
    rest("GET", "/api/v1/admin/personal-data-requests", ADMIN),
    rest(
        "POST",
        "/api/v1/admin/personal-data-requests/{pdr}/decision",
        ADMIN,
    ),
    rest("GET", "/api/v1/guide", Public),
    rest("PUT", "/api/v1/guide", ADMIN),
    // 网络问政
    rest("GET", "/api/v1/questions", Public),
    rest("POST", "/api/v1/questions", Public),
    rest("GET", "/api/v1/questions/stats", Public),
    rest("GET", "/api/v1/questions/{no}", Public),
    rest("POST", "/api/v1/questions/{no}/rate", Public),
    rest("POST", "/api/v1/questions/{no}/follow-up", Public),
    rest("POST", "/api/v1/questions/{no}/accept", MODERATOR),
    rest("POST", "/api/v1/questions/{no}/reject", MODERATOR),
    rest("POST", "/api/v1/questions/{no}/answer", MODERATOR),
    rest("POST", "/api/v1/questions/{no}/extend", MODERATOR),
    rest("POST", "/api/v1/questions/{no}/publish", MODERATOR),
    rest("POST", "/api/v1/questions/{no}/unpublish", MODERATOR),
    rest("POST", "/api/v1/questions/{no}/notes", MODERATOR),
    rest("GET", "/api/v1/moderation/questions", MODERATOR),
    rest("GET", "/api/v1/moderation/questions/alarm", MODERATOR),
    rest("GET", "/api/v1/moderation/questions/{no}", MODERATOR),
    rest("POST", "/api/v1/questions/{no}/approve-answer", MODERATOR),
    rest("POST", "/api/v1/questions/{no}/send-back", MODERATOR),
    rest(
        "POST",
        "/api/v1/questions/{no}/decline-extension",
        MODERATOR,
    ),
    rest("GET", "/api/v1/handling/questions", HANDLER),
    rest("POST", "/api/v1/questions/{no}/draft-answer", HANDLER),
    rest("POST", "/api/v1/questions/{no}/return", HANDLER),
    rest("POST", "/api/v1/questions/{no}/extension-request", HANDLER),
    rest(
        "POST",
        "/api/v1/questions/{no}/follow-up-answer",
        Need::Either(Role::Handler, Role::Moderator),
    ),
    rest("GET", "/api/v1/supervision", SUPERVISOR),
    rest("POST", "/api/v1/questions/{no}/supervise", SUPERVISOR),
    // 在线访谈 (the host's queue and rehearsal stream are query variants of public routes)
    rest("GET", "/api/v1/interviews", Public),
    rest("POST", "/api/v1/interviews", HOST),
    rest("GET", "/api/v1/interviews/{iv}", Public),
    rest("POST", "/api/v1/interviews/{iv}/stage", HOST),
    rest("POST", "/api/v1/interviews/{iv}/reschedule", HOST),
    rest("POST", "/api/v1/interviews/{iv}/cancel", HOST),
    rest("GET", "/api/v1/interviews/{iv}/questions", Public),
    rest("POST", "/api/v1/interviews/{iv}/questions", Public),
    rest(
        "POST",
        "/api/v1/interviews/{iv}/questions/{iq}/vote",
        Public,
    ),
    rest(
        "POST",
        "/api/v1/interviews/{iv}/questions/{iq}/moderate",
        HOST,
    ),
    rest("POST", "/api/v1/interviews/{iv}/messages", HOST),
    rest("GET", "/api/v1/interviews/{iv}/events", Public),
    rest("GET", "/api/v1/interviews/{iv}/transcript", Public),
    rest("POST", "/api/v1/interviews/{iv}/pin", HOST),
    rest("POST", "/api/v1/interviews/{iv}/entries/1", HOST),
    // 政府信息公开目录
    rest("GET", "/api/v1/columns", Public),
    rest("POST", "/api/v1/columns", ADMIN),
    rest("GET", "/api/v1/subjects", Public),
    rest("POST", "/api/v1/subjects", ADMIN),
    rest("PUT", "/api/v1/subjects/{subj}", ADMIN),
    rest("GET", "/api/v1/documents", Public),
    rest("POST", "/api/v1/documents", EDITOR),
    rest("GET", "/api/v1/documents/{doc}", Public),
    rest("PUT", "/api/v1/documents/{doc}", EDITOR),
    rest("POST", "/api/v1/documents/{doc}/publish", EDITOR),
    rest("POST", "/api/v1/documents/{doc}/validity", EDITOR),
    rest("GET", "/api/v1/documents/{doc}/attachments", Public),
    rest("POST", "/api/v1/documents/{doc}/attachments", EDITOR),
    rest("GET", "/api/v1/documents/{doc}/attachments/{att}", Public),
    rest(
        "DELETE",
        "/api/v1/documents/{doc}/attachments/{att}",
        EDITOR,
    ),
    rest("GET", "/api/v1/editor/late-documents", EDITOR),
    rest("GET", "/api/v1/publishing-bodies/{dept}", Public),
    rest("PUT", "/api/v1/publishing-bodies/{dept}", ADMIN),
    // 依申请公开
    rest("POST", "/api/v1/disclosure-requests", Public),
    rest("GET", "/api/v1/disclosure-requests", OFFICER),
    rest("POST", "/api/v1/disclosure-requests/intake", OFFICER),
    rest("GET", "/api/v1/disclosure-requests/{dno}", Public),
    rest(
        "POST",
        "/api/v1/disclosure-requests/{dno}/corrected",
        Public,
    ),
    rest(
        "POST",
        "/api/v1/disclosure-requests/{dno}/correction",
        OFFICER,
    ),
    rest("POST", "/api/v1/disclosure-requests/{dno}/extend", OFFICER),
    rest(
        "POST",
        "/api/v1/disclosure-requests/{dno}/consultation",
        OFFICER,
    ),
    rest(
        "POST",
        "/api/v1/disclosure-requests/{dno}/consultation/end",
        OFFICER,
    ),
    rest("POST", "/api/v1/disclosure-requests/{dno}/reply", OFFICER),
    rest(
        "POST",
        "/api/v1/disclosure-requests/{dno}/department",
        OFFICER,
    ),
    rest("POST", "/api/v1/disclosure-requests/{dno}/files", OFFICER),
    rest(
        "GET",
        "/api/v1/disclosure-requests/{dno}/files/{att}",
        Public,
    ),
    rest(
        "DELETE",
        "/api/v1/disclosure-requests/{dno}/files/{att}",
        OFFICER,
    ),
    // The annual report
    rest("GET", "/api/v1/reports/annual/{year}", Public),
    rest("GET", "/api/v1/reports/annual/{year}/csv", Public),
    rest("GET", "/api/v1/reports/annual/{year}/xlsx", Public),
    rest("GET", "/api/v1/reports/annual/{year}/departments", Public),
    rest("POST", "/api/v1/reports/annual/{year}/figures", EDITOR),
    rest("PUT", "/api/v1/reports/annual/{year}/sections", EDITOR),
    rest("POST", "/api/v1/reports/annual/{year}/publish", ADMIN),
    // 全站搜索
    rest("GET", "/api/v1/search", Public),
    rest("GET", "/api/v1/search/interviews", Public),
    // Server functions: accounts and administration
    sf("/api/get_me", Public, ""),
    sf("/api/login", Public, "username=&password="),
    sf("/api/register", Public, "username=&password="),
    sf("/api/logout", Public, ""),
    sf("/api/save_settings", SignedIn, "display_name=&email="),
    sf(
        "/api/change_password",
        SignedIn,
        "current_password=&new_password=",
    ),
    sf("/api/reauthenticate", SignedIn, "password="),
    sf("/api/totp_setup", SignedIn, ""),
    sf("/api/totp_enable", SignedIn, "code="),
    sf("/api/totp_disable", SignedIn, "password="),
    sf("/api/set_user_disabled", ADMIN, "user_id={user}"),
    sf("/api/audit_trail", ADMIN, ""),
    sf("/api/list_departments", Public, ""),
    sf("/api/admin_departments", ADMIN, ""),
    sf("/api/create_department", ADMIN, "name="),
    sf("/api/update_department", ADMIN, "id={dept}&name="),
    sf("/api/admin_users", ADMIN, "q=&page=1"),
    sf(
        "/api/set_user_role",
        ADMIN,
        "user_id={user}&role=resident&granted=true",
    ),
    sf("/api/calendar_year", ADMIN, "year=2026"),
    sf("/api/save_calendar_day", ADMIN, "day=&kind=&name="),
    sf("/api/remove_calendar_day", ADMIN, "day=2026-13-01"),
    sf("/api/missing_arrangement_years", ADMIN, ""),
    sf("/api/load_retention", Public, ""),
    sf(
        "/api/save_retention",
        ADMIN,
        "questions_months=&applications_months=",
    ),
    sf("/api/personal_data_overview", Public, ""),
    sf("/api/request_deletion", Public, "reason="),
    sf("/api/copy_of_item", Public, "tracking_no=&query_code="),
    sf("/api/deletion_desk", ADMIN, ""),
    sf("/api/decide_deletion", ADMIN, "id=0&decision=&note="),
    sf("/api/load_guide", Public, ""),
    sf(
        "/api/save_guide",
        ADMIN,
        "office=&address=&hours=&phone=&classification=&proactive=&on_request=&remedies=",
    ),
    sf("/api/get_time_limits", ADMIN, ""),
    sf(
        "/api/save_time_limits",
        ADMIN,
        "limit_opinion=&limit_suggestion=&limit_help=&limit_complaint=&red_after=",
    ),
    // 网络问政
    sf("/api/list_questions", Public, ""),
    sf("/api/submit_question", Public, "kind=&title=&body="),
    sf("/api/load_question", Public, "tracking_no={no}"),
    sf("/api/my_questions", SignedIn, ""),
    sf("/api/rate_question", Public, "tracking_no={no}&rating="),
    sf("/api/follow_up_question", Public, "tracking_no={no}&body="),
    sf("/api/question_stats", Public, ""),
    sf("/api/moderation_queue", MODERATOR, ""),
    sf("/api/moderation_alarm", MODERATOR, ""),
    sf(
        "/api/accept_question",
        MODERATOR,
        "tracking_no={no}&department_id=x",
    ),
    sf(
        "/api/reject_question",
        MODERATOR,
        "tracking_no={no}&reason=",
    ),
    sf("/api/answer_question", MODERATOR, "tracking_no={no}&body="),
    sf(
        "/api/extend_question",
        MODERATOR,
        "tracking_no={no}&working_days=&reason=",
    ),
    sf("/api/publish_question", MODERATOR, "tracking_no=Q0"),
    sf("/api/unpublish_question", MODERATOR, "tracking_no=Q0"),
    sf(
        "/api/add_question_note",
        MODERATOR,
        "tracking_no={no}&body=",
    ),
    sf("/api/approve_question_answer", MODERATOR, "tracking_no=Q0"),
    sf(
        "/api/send_back_question",
        MODERATOR,
        "tracking_no={no}&reason=",
    ),
    sf(
        "/api/decline_question_extension",
        MODERATOR,
        "tracking_no={no}&reason=",
    ),
    sf("/api/handling_queue", HANDLER, ""),
    sf(
        "/api/draft_question_answer",
        HANDLER,
        "tracking_no={no}&body=",
    ),
    sf("/api/return_question", HANDLER, "tracking_no={no}&reason="),
    sf(
        "/api/request_question_extension",
        HANDLER,
        "tracking_no={no}&working_days=&reason=",
    ),
    sf(
        "/api/answer_question_follow_up",
        Need::Either(Role::Handler, Role::Moderator),
        "tracking_no={no}&body=",
    ),
    sf("/api/load_supervision", SUPERVISOR, ""),
    sf(
        "/api/supervise_question",
        SUPERVISOR,
        "tracking_no={no}&note=",
    ),
    // 在线访谈
    sf("/api/list_interviews", Public, ""),
    sf("/api/live_page", Public, "id={iv}"),
    sf("/api/ask_question", Public, "interview_id={iv}&body="),
    sf(
        "/api/vote_question",
        Public,
        "interview_id={iv}&question_id=0",
    ),
    sf("/api/host_interviews", HOST, ""),
    sf(
        "/api/create_interview",
        HOST,
        "title=&summary=&scheduled_at=&duration_minutes=&guests=",
    ),
    sf("/api/host_console", HOST, "id={iv}&by_time=false"),
    sf("/api/advance_stage", HOST, "id={iv}&to=draft"),
    sf("/api/reschedule_interview", HOST, "id={iv}&scheduled_at="),
    sf("/api/cancel_interview", HOST, "id={iv}"),
    sf(
        "/api/moderate_question",
        HOST,
        "id={iv}&question_id=0&decision=accept",
    ),
    sf("/api/post_message", HOST, "id={iv}&speaker=&body="),
    sf("/api/save_background", HOST, "id={iv}&background="),
    sf(
        "/api/save_draft_answer",
        HOST,
        "id={iv}&question_id=0&draft_answer=",
    ),
    sf("/api/pin_event", HOST, "id={iv}"),
    sf("/api/review_entry", HOST, "id={iv}&seq=0&body="),
    // 政府信息公开目录
    sf("/api/list_columns", Public, ""),
    sf("/api/catalog_documents", Public, ""),
    sf("/api/get_document", Public, "id={doc}"),
    sf("/api/editor_documents", EDITOR, "page=1"),
    sf("/api/late_documents", EDITOR, ""),
    sf(
        "/api/save_document",
        EDITOR,
        "column=&title=&body=&written_on=",
    ),
    sf("/api/publish_document", EDITOR, "id=0"),
    sf("/api/change_validity", EDITOR, "id=0&validity=valid"),
    sf("/api/create_column", ADMIN, "slug=&name="),
    sf("/api/list_subjects", Public, ""),
    sf("/api/create_subject", ADMIN, "name="),
    sf("/api/set_subject_active", ADMIN, "id=0&active=true"),
    sf("/api/admin_bodies", ADMIN, ""),
    sf("/api/save_body", ADMIN, "department_id={dept}&org_code="),
    sf("/api/attachment_limit", Public, ""),
    sf(
        "/api/delete_attachment",
        EDITOR,
        "document_id=0&attachment_id=0",
    ),
    // 依申请公开
    sf(
        "/api/apply",
        Public,
        "applicant_type=&name=&id_number=&description=&form=",
    ),
    sf("/api/track_request", Public, "tracking_no={dno}"),
    sf(
        "/api/submit_correction",
        Public,
        "tracking_no={dno}&query_code=x&description=",
    ),
    sf("/api/staff_requests", OFFICER, ""),
    sf("/api/staff_step", OFFICER, "tracking_no={dno}&step=none"),
    sf(
        "/api/delete_reply_file",
        OFFICER,
        "tracking_no={dno}&file_id=1",
    ),
    sf(
        "/api/intake_application",
        OFFICER,
        "channel=&received_on=&applicant_type=&name=&id_number=&description=&form=",
    ),
    // The annual report
    sf("/api/get_annual_report", Public, "year=2026"),
    sf("/api/annual_report_departments", Public, "year=2026"),
    sf("/api/save_report_figures", EDITOR, "year=2026"),
    sf("/api/save_report_sections", EDITOR, "year=2026"),
    sf("/api/publish_annual_report", ADMIN, "year=2999"),
    // 全站搜索
    sf("/api/home_overview", Public, ""),
    sf("/api/load_site_identity", Public, ""),
    sf("/api/site_search", Public, "q="),
    sf("/api/site_search_interviews", Public, "q="),
];
