//! Who may do what — decided here and nowhere else.
//!
//! A request's [`Caller`] is read from its session, with the account's roles, departments
//! and disabled flag loaded fresh from the database, so a disabled user or a revoked role is
//! refused at the very next request. Only this module can turn a `Caller` into a capability
//! value ([`Moderator`], [`Handler`], [`Supervisor`], [`Host`], [`Editor`],
//! [`DisclosureOfficer`], [`Admin`], or just [`SignedIn`]). A service function that needs a
//! role takes the capability as a parameter, so an action whose check was forgotten does not
//! compile. Both doors obtain capabilities the same way: REST handlers name them as axum
//! extractors, server functions call [`require`].
use super::types::{Role, User};

/// The rule every capability rests on: an account holds a role when it was granted, and
/// `admin` holds every role. Shared with the browser, which uses it only to decide which
/// links to show (hiding a link protects nothing; the server decides again).
pub fn holds(user: &User, role: Role) -> bool {
    // Where admins must use a second factor, an admin without one is not an admin.
    let counts = |r: &Role| *r != Role::Admin || !user.second_factor_missing;
    !user.disabled
        && user
            .roles
            .iter()
            .filter(|r| counts(r))
            .any(|r| *r == role || *r == Role::Admin)
}

/// The staff desks a user's menu offers, in the order the header shows them.
pub fn staff_links(user: &User) -> Vec<(&'static str, &'static str)> {
    [
        (Role::Moderator, "/moderation", "审核工作台"),
        (Role::Handler, "/handling", "承办工作台"),
        (Role::Supervisor, "/supervision", "督办"),
        (Role::Host, "/host", "访谈控制台"),
        (Role::Editor, "/editor", "文档管理"),
        (Role::Admin, "/admin", "系统管理"),
    ]
    .into_iter()
    .filter(|(role, _, _)| holds(user, *role))
    .map(|(_, href, label)| (href, label))
    .collect()
}

/// Whether the annual-report page offers the editor's figures form.
pub fn edits_report(user: &User) -> bool {
    holds(user, Role::Editor)
}

#[cfg(feature = "ssr")]
pub use server::*;

#[cfg(feature = "ssr")]
mod server {
    use super::holds;
    use crate::auth::types::{Role, User};
    use crate::error::AppError;
    use crate::platform::{AppState, ClientIp};
    use axum::extract::FromRequestParts;
    use axum::http::request::Parts;
    use tower_sessions::Session;

    /// Who is calling: an account (as the database says now) or an anonymous visitor.
    #[derive(Clone, Debug)]
    pub struct Caller {
        user: Option<User>,
        pub ip: ClientIp,
    }

    impl Caller {
        /// Reads the session's account from the database. A disabled account is anonymous.
        pub async fn load(
            state: &AppState,
            session: &Session,
            ip: ClientIp,
        ) -> Result<Caller, AppError> {
            let user = crate::auth::service::current_user(state, session)
                .await?
                .filter(|u| !u.disabled);
            Ok(Caller { user, ip })
        }

        /// The account `id` as the database holds it now, outside any request: for the
        /// command line and the demo data. What it may do is still decided by `require`.
        pub async fn for_account(
            db: &impl sea_orm::ConnectionTrait,
            id: i32,
        ) -> Result<Caller, AppError> {
            // The command line and the demo act as a local operator who just signed in.
            let user = crate::auth::service::load_user(db, id)
                .await?
                .filter(|u| !u.disabled)
                .map(|u| User {
                    signed_in_at: Some(chrono::Utc::now().timestamp_millis()),
                    ..u
                });
            Ok(Caller {
                user,
                ..Caller::anonymous()
            })
        }

        /// An anonymous caller, for code that runs outside a request (CLI, background).
        pub fn anonymous() -> Caller {
            Caller {
                user: None,
                ip: ClientIp(std::net::Ipv4Addr::UNSPECIFIED.into()),
            }
        }

        /// The account, if signed in. For showing the caller their own things, never for
        /// deciding what they may do: that is what the capabilities are for.
        pub fn user(&self) -> Option<&User> {
            self.user.as_ref()
        }

        /// 401 when nobody is signed in, 403 when the account lacks what `C` needs.
        pub fn require<C: Capability>(&self) -> Result<C, AppError> {
            let user = self.user.as_ref().ok_or(AppError::Unauthorized)?;
            C::grant(user).ok_or(if user.second_factor_missing {
                AppError::SecondFactorRequired
            } else {
                AppError::Forbidden
            })
        }

        /// The capability when the caller has it, `None` otherwise: for views that show staff
        /// more than the public (a draft document, a question's contact data).
        pub fn may<C: Capability>(&self) -> Option<C> {
            self.user.as_ref().and_then(C::grant)
        }

        pub fn signed_in(&self) -> Result<SignedIn, AppError> {
            self.require()
        }
        pub fn moderator(&self) -> Result<Moderator, AppError> {
            self.require()
        }
        pub fn handler(&self) -> Result<Handler, AppError> {
            self.require()
        }
        pub fn supervisor(&self) -> Result<Supervisor, AppError> {
            self.require()
        }
        pub fn host(&self) -> Result<Host, AppError> {
            self.require()
        }
        pub fn editor(&self) -> Result<Editor, AppError> {
            self.require()
        }
        pub fn disclosure_officer(&self) -> Result<DisclosureOfficer, AppError> {
            self.require()
        }
        pub fn admin(&self) -> Result<Admin, AppError> {
            self.require()
        }
    }

    mod sealed {
        pub trait Sealed {}
    }

    /// A proof that the caller may act in some role. Sealed: values exist only through
    /// [`Caller::require`] and [`Caller::may`]. Each derefs to the account behind it, for
    /// audit rows and "answered by".
    pub trait Capability: sealed::Sealed + std::ops::Deref<Target = User> + Sized {
        #[doc(hidden)]
        fn grant(user: &User) -> Option<Self>;
    }

    /// What every capability is besides its rule: sealed, a `User` behind it, and an axum
    /// extractor (401/403 before the handler runs).
    macro_rules! capability_plumbing {
        ($name:ident, $field:tt) => {
            impl sealed::Sealed for $name {}

            impl std::ops::Deref for $name {
                type Target = User;
                fn deref(&self) -> &User {
                    &self.$field
                }
            }

            impl FromRequestParts<AppState> for $name {
                type Rejection = AppError;
                async fn from_request_parts(
                    parts: &mut Parts,
                    state: &AppState,
                ) -> Result<Self, AppError> {
                    Caller::from_request_parts(parts, state).await?.require()
                }
            }
        };
    }

    /// A capability that one role (or any account, for `None`) grants site-wide.
    macro_rules! role_capability {
        ($(#[$doc:meta])* $name:ident, $role:expr) => {
            $(#[$doc])*
            #[derive(Clone, Debug)]
            pub struct $name(User);

            capability_plumbing!($name, 0);

            impl Capability for $name {
                fn grant(user: &User) -> Option<Self> {
                    let role: Option<Role> = $role;
                    role.is_none_or(|r| holds(user, r))
                        .then(|| $name(user.clone()))
                }
            }
        };
    }

    role_capability!(
        /// Any signed-in, enabled account.
        SignedIn, None
    );
    role_capability!(
        /// The portal office (审核员): triage, routing, answers, publishing.
        Moderator, Some(Role::Moderator)
    );
    role_capability!(
        /// 督办: sees every department's cards.
        Supervisor, Some(Role::Supervisor)
    );
    role_capability!(
        /// Runs online interviews.
        Host, Some(Role::Host)
    );
    role_capability!(
        /// Writes and publishes catalog documents and the annual report's figures.
        Editor, Some(Role::Editor)
    );
    role_capability!(
        /// The 依申请公开 desk; sees applicants' personal data.
        DisclosureOfficer, Some(Role::DisclosureOfficer)
    );
    role_capability!(
        /// Everything, including accounts, roles and reference data.
        Admin, Some(Role::Admin)
    );

    impl Admin {
        /// Admins hold every role: the editor an admin acts as when publishing files a
        /// document in the catalog.
        pub fn editor(&self) -> Editor {
            Editor(self.0.clone())
        }
    }

    /// 承办人 of some departments. Acting on a question of another department answers 404,
    /// as if it did not exist: see [`Handler::covers`].
    #[derive(Clone, Debug)]
    pub struct Handler {
        user: User,
        /// `None`: every department (an admin).
        departments: Option<Vec<i32>>,
    }

    capability_plumbing!(Handler, user);

    impl Capability for Handler {
        /// Admins handle for every department; a handler for the departments granted, and
        /// the role without any department grants nothing.
        fn grant(user: &User) -> Option<Self> {
            if !holds(user, Role::Handler) {
                return None;
            }
            let departments = (!user.roles.contains(&Role::Admin))
                .then(|| user.departments.iter().map(|d| d.id).collect::<Vec<_>>());
            if departments.as_ref().is_some_and(Vec::is_empty) {
                return None;
            }
            Some(Handler {
                user: user.clone(),
                departments,
            })
        }
    }

    impl Handler {
        /// Whether this handler acts for `department_id`.
        pub fn covers(&self, department_id: Option<i32>) -> bool {
            match (&self.departments, department_id) {
                (None, _) => true,
                (Some(ids), Some(d)) => ids.contains(&d),
                (Some(_), None) => false,
            }
        }
        /// The departments, or `None` for all of them.
        pub fn departments(&self) -> Option<&[i32]> {
            self.departments.as_deref()
        }
        /// 404 unless this handler acts for `department_id`.
        pub fn check(&self, department_id: Option<i32>) -> Result<(), AppError> {
            if self.covers(department_id) {
                Ok(())
            } else {
                Err(AppError::NotFound)
            }
        }
    }

    impl FromRequestParts<AppState> for Caller {
        type Rejection = AppError;

        async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
            // One load per request, however many extractors ask.
            if let Some(c) = parts.extensions.get::<Caller>() {
                return Ok(c.clone());
            }
            let session = Session::from_request_parts(parts, state)
                .await
                .map_err(|(_, e)| {
                    tracing::error!(error = %e, "no session layer around an API route");
                    AppError::Internal
                })?;
            let ip = ClientIp::from_request_parts(parts, state)
                .await
                .unwrap_or(ClientIp(std::net::Ipv4Addr::UNSPECIFIED.into()));
            let caller = Caller::load(state, &session, ip).await?;
            if let (Some(slot), Some(u)) = (
                parts.extensions.get::<crate::platform::audit::ActorSlot>(),
                caller.user(),
            ) {
                slot.note(u.id);
            }
            parts.extensions.insert(caller.clone());
            Ok(caller)
        }
    }

    /// Inside a server function: the state and the caller, built as for REST.
    pub async fn caller() -> Result<(AppState, Caller), AppError> {
        let state = AppState::from_context()?;
        let session = crate::auth::ctx::session().await?;
        let ip = crate::auth::ctx::client_ip().await;
        let caller = Caller::load(&state, &session, ip).await?;
        if let (Some(parts), Some(u)) = (
            leptos::prelude::use_context::<axum::http::request::Parts>(),
            caller.user(),
        ) {
            if let Some(slot) = parts.extensions.get::<crate::platform::audit::ActorSlot>() {
                slot.note(u.id);
            }
        }
        Ok((state, caller))
    }

    /// Inside a server function: the state and the capability `C`, or 401/403.
    pub async fn require<C: Capability>() -> Result<(AppState, C), AppError> {
        let (state, caller) = caller().await?;
        let cap = caller.require::<C>()?;
        Ok((state, cap))
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::auth::types::DepartmentRef;

        fn user(roles: Vec<Role>) -> User {
            User {
                id: 1,
                username: "root".into(),
                display_name: "管理员".into(),
                email: None,
                roles,
                departments: vec![],
                disabled: false,
                notify: true,
                signed_in_at: None,
                sessions_since: None,
                totp_enabled: false,
                second_factor_missing: false,
            }
        }

        fn caller(u: User) -> Caller {
            Caller {
                user: Some(u),
                ..Caller::anonymous()
            }
        }

        #[test]
        fn admin_has_every_role() {
            let u = user(vec![Role::Admin]);
            assert!(holds(&u, Role::Moderator) && holds(&u, Role::Editor));
            let r = User {
                roles: vec![Role::Resident],
                ..u
            };
            assert!(!holds(&r, Role::Moderator));
        }

        #[test]
        fn refusals_are_401_then_403() {
            assert_eq!(
                Caller::anonymous().moderator().unwrap_err(),
                AppError::Unauthorized
            );
            let resident = caller(user(vec![Role::Resident]));
            assert_eq!(resident.moderator().unwrap_err(), AppError::Forbidden);
            assert!(resident.signed_in().is_ok());
            let editor = caller(user(vec![Role::Editor]));
            assert!(editor.editor().is_ok());
            assert_eq!(
                editor.disclosure_officer().unwrap_err(),
                AppError::Forbidden
            );
        }

        #[test]
        fn a_disabled_account_holds_nothing() {
            let u = User {
                disabled: true,
                ..user(vec![Role::Admin])
            };
            assert!(!holds(&u, Role::Admin));
            assert!(caller(u).admin().is_err());
        }

        #[test]
        fn handlers_act_for_their_departments_only() {
            let h = User {
                departments: vec![DepartmentRef {
                    id: 3,
                    name: "区民政局".into(),
                }],
                ..user(vec![Role::Handler])
            };
            let cap = caller(h.clone()).handler().unwrap();
            assert!(cap.covers(Some(3)));
            assert!(!cap.covers(Some(4)) && !cap.covers(None));
            assert_eq!(cap.check(Some(4)).unwrap_err(), AppError::NotFound);
            // The role without a department grants nothing.
            let none = User {
                departments: vec![],
                ..h
            };
            assert_eq!(caller(none).handler().unwrap_err(), AppError::Forbidden);
            let admin = caller(user(vec![Role::Admin])).handler().unwrap();
            assert!(admin.covers(Some(99)) && admin.departments().is_none());
        }
    }
}
