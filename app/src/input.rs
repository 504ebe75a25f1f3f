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

/// Where the next page of a list starts (keyset paging): the number of that page, for the
/// pager's 第 N 页, and the sort key and id of the last row before it. A page reached this
/// way costs what the first page costs, however deep; page numbers (offsets) stay for the
/// links people jump with. Written `{page}.{key}.{id}` in `?after=`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub page: u64,
    /// The list's sort key of the last row shown (a time in nanoseconds, a day number).
    pub key: i64,
    pub id: i32,
}

impl Cursor {
    /// The 400 for an `after` this server did not write, or wrote for another list.
    pub fn refused() -> crate::error::AppError {
        crate::error::AppError::BadRequest("after 须为上一页给出的 next 值".into())
    }

    /// `after` as a request gives it; 400 when it is not one this server wrote.
    pub fn parse(raw: &str) -> Result<Cursor, crate::error::AppError> {
        let bad = Cursor::refused;
        let mut parts = raw.trim().split('.');
        let (Some(page), Some(key), Some(id), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        let page = page.parse::<u64>().map_err(|_| bad())?;
        if !(2..=MAX_PAGE).contains(&page) {
            return Err(bad());
        }
        Ok(Cursor {
            page,
            key: key.parse().map_err(|_| bad())?,
            id: id.parse().map_err(|_| bad())?,
        })
    }

    /// `None` for an absent or empty `after`.
    pub fn optional(raw: Option<&str>) -> Result<Option<Cursor>, crate::error::AppError> {
        raw.map(str::trim)
            .filter(|r| !r.is_empty())
            .map(Cursor::parse)
            .transpose()
    }

    pub fn to_param(self) -> String {
        format!("{}.{}.{}", self.page, self.key, self.id)
    }

    /// The `next` of a page of `rows` (page `page`, `per_page` long) when one follows: the
    /// page is full and `more` says rows remain. `key` gives a row's sort key and id.
    pub fn after_page<T>(
        rows: &[T],
        page: u64,
        per_page: u64,
        more: bool,
        key: impl Fn(&T) -> Option<(i64, i32)>,
    ) -> Option<String> {
        let full = more && rows.len() as u64 == per_page && page < MAX_PAGE;
        let (key, id) = key(rows.last().filter(|_| full)?)?;
        Some(
            Cursor {
                page: page + 1,
                key,
                id,
            }
            .to_param(),
        )
    }
}

/// Which page a list shows: by number (an offset), or after a cursor (a seek).
#[derive(Clone, Copy, Debug)]
pub enum At {
    Number(u64),
    After(Cursor),
}

impl At {
    /// The cursor when there is one (it names its page), else the page number.
    pub fn new(page: u64, after: Option<Cursor>) -> At {
        after.map_or(At::Number(page), At::After)
    }

    /// The page's number, from 1.
    pub fn page(self) -> u64 {
        match self {
            At::Number(p) => page_no(p),
            At::After(c) => c.page,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Cursor, Number};

    #[test]
    fn cursors_round_trip_and_refuse_what_the_server_never_wrote() {
        let c = Cursor {
            page: 2500,
            key: -1_764_892_800_123_456_789,
            id: 49_981,
        };
        assert_eq!(Cursor::parse(&c.to_param()).unwrap(), c);
        assert_eq!(Cursor::optional(Some(" ")).unwrap(), None);
        assert_eq!(Cursor::optional(None).unwrap(), None);
        for bad in [
            "",
            "1.2.3",
            "2.x.3",
            "2.1",
            "2.1.2.3",
            "2.1.99999999999",
            "0.1.1",
        ] {
            let e = Cursor::parse(bad).unwrap_err();
            assert_eq!(e.status(), 400, "{bad}");
        }
    }

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
