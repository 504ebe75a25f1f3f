use serde::{Deserialize, Serialize};

/// 部门: a body that answers questions and publishes documents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Department {
    pub id: i32,
    pub name: String,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// 部门名称: 2–40 characters, no control characters.
pub fn parse_department_name(raw: &str) -> Result<String, String> {
    let s = raw.trim();
    let n = s.chars().count();
    if n == 0 {
        return Err("请填写部门名称".into());
    }
    if !(2..=40).contains(&n) {
        return Err("部门名称长度应为 2–40 个字".into());
    }
    if s.chars().any(char::is_control) {
        return Err("部门名称不能包含控制字符".into());
    }
    Ok(s.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn department_names() {
        assert_eq!(super::parse_department_name(" 区教委 ").unwrap(), "区教委");
        assert!(super::parse_department_name("").is_err());
        assert!(super::parse_department_name("局").is_err());
    }
}
