//! Input as both doors deliver it, before the service parses it. A JSON body sends numbers
//! as numbers, a form sends them as text; the service takes either and parses once, so a
//! bad value is the same field error in Chinese whichever door it came through.
use serde::{Deserialize, Serialize};

/// A whole number from a JSON body or the text of a form field, not yet checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Number {
    Int(i64),
    Text(String),
}

impl Number {
    /// The value, when it is a whole number in range of `T`.
    pub fn value<T: TryFrom<i64>>(&self) -> Option<T> {
        let n = match self {
            Number::Int(n) => *n,
            Number::Text(t) => t.trim().parse::<i64>().ok()?,
        };
        T::try_from(n).ok()
    }

    /// The value, or `message` as the error of `field`.
    pub fn parse<T: TryFrom<i64>>(
        &self,
        field: &str,
        message: &str,
    ) -> Result<T, crate::error::AppError> {
        self.value()
            .ok_or_else(|| crate::error::AppError::invalid(field, message))
    }

    /// An empty form field: the same as leaving the value out.
    pub fn is_blank(&self) -> bool {
        matches!(self, Number::Text(t) if t.trim().is_empty())
    }

    /// An optional form field: empty text is no value.
    pub fn optional(raw: Option<String>) -> Option<Number> {
        raw.map(Number::Text).filter(|n| !n.is_blank())
    }
}

/// Left out: an empty field.
impl Default for Number {
    fn default() -> Self {
        Number::Text(String::new())
    }
}

impl From<String> for Number {
    fn from(text: String) -> Self {
        Number::Text(text)
    }
}

impl From<i32> for Number {
    fn from(n: i32) -> Self {
        Number::Int(n.into())
    }
}

impl From<i64> for Number {
    fn from(n: i64) -> Self {
        Number::Int(n)
    }
}

/// The deepest page of any list anyone may ask for: far beyond any real list, and small
/// enough that `page × per_page` never overflows what the database takes as an offset.
pub const MAX_PAGE: u64 = 100_000;

/// A requested page number brought into `1..=MAX_PAGE` (server functions and services;
/// the REST extractor refuses out-of-range pages with 400 instead).
pub fn page_no(page: u64) -> u64 {
    page.clamp(1, MAX_PAGE)
}

#[cfg(test)]
mod tests {
    use super::Number;

    #[test]
    fn numbers_from_either_door_parse_alike() {
        let json: Number = serde_json::from_str("7").unwrap();
        let form: Number = serde_json::from_str("\" 7 \"").unwrap();
        assert_eq!(json.value::<i32>(), Some(7));
        assert_eq!(form.value::<i32>(), Some(7));
        assert_eq!(Number::from("x".to_string()).value::<i32>(), None);
        assert_eq!(Number::from(1_i64 << 40).value::<i32>(), None);
        assert!(Number::optional(Some("  ".into())).is_none());
        assert_eq!(
            Number::from("x".to_string())
                .parse::<i32>("department_id", "请选择部门")
                .unwrap_err()
                .field("department_id")
                .as_deref(),
            Some("请选择部门")
        );
    }
}
