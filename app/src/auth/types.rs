//! Account types shared by the browser and the server, and the newtypes that parse user
//! input at the boundary: once a `Username` exists, it is valid.
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Resident,
    /// The portal office: triage, routing (转办), review of answers.
    Moderator,
    /// 承办人: staff who answer for the departments they are granted.
    Handler,
    /// 督办: watches every department's cards.
    Supervisor,
    Host,
    Editor,
    /// The 依申请公开 desk: with admins, the only staff who see applicants' personal data.
    DisclosureOfficer,
    Admin,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Resident,
        Role::Moderator,
        Role::Handler,
        Role::Supervisor,
        Role::Host,
        Role::Editor,
        Role::DisclosureOfficer,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Resident => "resident",
            Role::Moderator => "moderator",
            Role::Handler => "handler",
            Role::Supervisor => "supervisor",
            Role::Host => "host",
            Role::Editor => "editor",
            Role::DisclosureOfficer => "disclosure_officer",
            Role::Admin => "admin",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Resident => "居民",
            Role::Moderator => "审核员",
            Role::Handler => "承办人",
            Role::Supervisor => "督办",
            Role::Host => "主持人",
            Role::Editor => "编辑",
            Role::DisclosureOfficer => "依申请公开",
            Role::Admin => "管理员",
        }
    }

    /// A role that is granted per department (`handler`) rather than site-wide.
    pub fn per_department(self) -> bool {
        self == Role::Handler
    }

    pub fn parse(s: &str) -> Result<Role, String> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("未知的角色“{s}”"))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A department as an account names it: `{"id", "name"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DepartmentRef {
    pub id: i32,
    pub name: String,
}

/// A signed-in account as every layer sees it. What it may do is decided in one place,
/// `auth::caps`, never by looking at `roles` elsewhere.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct User {
    pub id: i32,
    pub username: String,
    pub display_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub roles: Vec<Role>,
    /// The departments this account handles for (role `handler`).
    #[serde(default)]
    pub departments: Vec<DepartmentRef>,
    #[serde(default)]
    pub disabled: bool,
    /// Wants progress told by e-mail (个人设置); on unless turned off.
    #[serde(default = "notify_default")]
    pub notify: bool,
    /// Server only: when this request's session signed in (Unix milliseconds), for the
    /// checks that want a recent sign-in.
    #[serde(skip)]
    pub signed_in_at: Option<i64>,
    /// Server only: sessions signed in before this no longer count.
    #[serde(skip)]
    pub sessions_since: Option<i64>,
    /// Signing in needs a code from an authenticator app (两步验证).
    #[serde(default)]
    pub totp_enabled: bool,
    /// Server only: an admin without a second factor where the site requires one; the admin
    /// role counts for nothing until they enrol.
    #[serde(skip)]
    pub second_factor_missing: bool,
}

fn notify_default() -> bool {
    true
}

/// 用户名: 3–32 characters of ASCII letters, digits, `_`, `.` and `-`, starting with a letter
/// or digit; stored lower-case so that `Zhang` and `zhang` are one account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    pub fn parse(raw: &str) -> Result<Username, String> {
        let s = raw.trim();
        if s.is_empty() {
            return Err("请填写用户名".into());
        }
        let n = s.chars().count();
        if !(3..=32).contains(&n) {
            return Err("用户名长度应为 3–32 个字符".into());
        }
        if !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        {
            return Err("用户名只能包含英文字母、数字、下划线、点和连字符".into());
        }
        if !s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric()) {
            return Err("用户名须以字母或数字开头".into());
        }
        Ok(Username(s.to_ascii_lowercase()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// 密码: 8–128 characters, not all of one kind, and not the username itself.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// Whether `raw` is one of the shipped common passwords (case-insensitive).
fn is_common(raw: &str) -> bool {
    const LIST: &str = include_str!("common_passwords.txt");
    let lower = raw.to_lowercase();
    LIST.lines()
        .filter(|l| !l.starts_with('#'))
        .any(|l| l == lower)
}

impl Password {
    pub fn parse(raw: &str, username: Option<&str>) -> Result<Password, String> {
        let n = raw.chars().count();
        if n == 0 {
            return Err("请填写密码".into());
        }
        if n < 8 {
            return Err("密码至少 8 个字符".into());
        }
        if n > 128 {
            return Err("密码最多 128 个字符".into());
        }
        let first = raw.chars().next();
        if raw.chars().all(|c| Some(c) == first) {
            return Err("密码不能由同一个字符重复组成".into());
        }
        if username.is_some_and(|u| {
            let (u, p) = (u.to_ascii_lowercase(), raw.to_ascii_lowercase());
            p == u || (u.len() >= 4 && p.contains(&u))
        }) {
            return Err("密码不能包含用户名".into());
        }
        if is_common(raw) {
            return Err("这个密码太常见，很容易被猜中，请换一个".into());
        }
        Ok(Password(raw.to_string()))
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Unicode bidirectional controls (U+200E/F, U+202A–E, U+2066–9): in a name they can make
/// the text around it read backwards (the U+202E trick in lists and audit trails).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// 显示名称: what other people see; 1–30 characters, no control characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<DisplayName, String> {
        let s = raw.trim();
        if s.is_empty() {
            return Err("请填写显示名称".into());
        }
        if s.chars().count() > 30 {
            return Err("显示名称最多 30 个字".into());
        }
        if s.chars().any(|c| c.is_control() || is_bidi_control(c)) {
            return Err("显示名称不能包含控制字符".into());
        }
        Ok(DisplayName(s.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A path on this site to go to after signing in, or `/`. Only a plain absolute path
/// passes: browsers read `\\` as `/` and drop tabs and line breaks, so `/\\evil.example` or
/// `/<tab>/evil.example` would leave the site (an open redirect).
pub fn local_path(next: Option<&str>) -> String {
    let ok = |p: &str| {
        let mut chars = p.chars();
        p.len() <= 512
            && chars.next() == Some('/')
            && !matches!(chars.next(), Some('/' | '\\'))
            && !p
                .chars()
                .any(|c| c == '\\' || c.is_control() || c.is_whitespace())
    };
    match next {
        Some(p) if ok(p) => p.to_string(),
        _ => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn username_is_trimmed_and_lowercased() {
        assert_eq!(
            Username::parse("  Zhang_San ").unwrap().as_str(),
            "zhang_san"
        );
    }

    #[test]
    fn username_rejects_bad_input() {
        for bad in ["", "ab", "张三丰", "-abc", "a b c", &"x".repeat(33)] {
            assert!(Username::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn password_rules() {
        assert!(Password::parse("short", None).is_err());
        assert!(Password::parse("aaaaaaaaaa", None).is_err());
        assert!(Password::parse("zhangsan1", Some("ZhangSan1")).is_err());
        assert!(Password::parse(&"ab".repeat(65), None).is_err());
        assert!(Password::parse("正确的马电池订书钉", None).is_ok());
        // Common ones are refused whatever their length, in any case.
        for common in [
            "password123",
            "Qwertyuiop",
            "woaini1314",
            "12345678",
            "1qaz2wsx",
        ] {
            assert!(Password::parse(common, None).is_err(), "{common}");
        }
        assert!(Password::parse("zhangsan-2026", Some("zhangsan")).is_err());
        assert!(Password::parse("correct-horse-42", Some("zhangsan")).is_ok());
    }

    #[test]
    fn names_refuse_bidi_controls() {
        assert!(DisplayName::parse("张三\u{202E}moc.live").is_err());
        assert!(DisplayName::parse("\u{2066}李四").is_err());
        assert!(DisplayName::parse("王五").is_ok());
    }

    #[test]
    fn after_login_only_paths_on_this_site() {
        for off_site in [
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            "evil.example",
            "/ /evil.example",
            "/%0a/x\\y",
        ] {
            assert_eq!(local_path(Some(off_site)), "/", "{off_site:?}");
        }
        assert_eq!(local_path(None), "/");
        assert_eq!(local_path(Some("/questions/mine")), "/questions/mine");
        assert_eq!(
            local_path(Some("/catalog?q=医保&page=2")),
            "/catalog?q=医保&page=2"
        );
    }

    #[test]
    fn password_debug_hides_the_secret() {
        let p = Password::parse("s3cret-pass", None).unwrap();
        assert!(!format!("{p:?}").contains("s3cret"));
    }

    #[test]
    fn display_name_rules() {
        assert_eq!(DisplayName::parse(" 张三 ").unwrap().as_str(), "张三");
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse(&"长".repeat(31)).is_err());
        assert!(DisplayName::parse("a\u{7}b").is_err());
    }

    #[test]
    fn role_round_trips() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()).unwrap(), r);
        }
        assert!(Role::parse("root").is_err());
    }
}

/// 两步验证 enrolment: the secret in base32 and the `otpauth://` link most authenticator
/// apps import (typed in by hand where no camera is at hand).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Enrollment {
    pub secret: String,
    pub uri: String,
}
