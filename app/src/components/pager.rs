//! Paging links shared by every list, and the query strings they carry.
use leptos::prelude::*;

/// Previous / next links for a list whose other query parameters are `base`.
#[component]
pub fn Pager(
    path: &'static str,
    base: String,
    page: u64,
    total: u64,
    per_page: u64,
    /// `total` is a lower bound (a search that matched more).
    #[prop(optional)]
    capped: bool,
    /// The next page's cursor, when the list gives one: 下一页 then seeks instead of
    /// skipping rows, however deep.
    #[prop(default = None)]
    next: Option<String>,
) -> impl IntoView {
    let pages = total.div_ceil(per_page.max(1)).max(1);
    let with = move |param: String| {
        if base.is_empty() {
            format!("{path}?{param}")
        } else {
            format!("{path}?{base}&{param}")
        }
    };
    let link = {
        let with = with.clone();
        move |p: u64| with(format!("page={p}"))
    };
    let next_link = match next {
        Some(cursor) => with(format!("after={}", encode(&cursor))),
        None => link(page + 1),
    };
    view! {
        <nav class="pager" aria-label="分页">
            {(page > 1).then(|| view! { <a href=link(page - 1) rel="prev">"上一页"</a> })}
            <span>
                {if capped {
                    format!("第 {page} / {pages}+ 页，超过 {total} 条，可增加检索词缩小范围")
                } else {
                    format!("第 {page} / {pages} 页，共 {total} 条")
                }}
            </span>
            {(page < pages || capped).then(|| view! { <a href=next_link rel="next">"下一页"</a> })}
        </nav>
    }
}

/// `k=v&…` of the non-empty parameters, percent-encoded, for pager links.
pub fn query_string(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn query_strings_are_encoded_and_skip_empty_values() {
        let qs = super::query_string(&[
            ("q", "医保 报销".into()),
            ("kind", String::new()),
            ("month", "2026-11".into()),
        ]);
        assert_eq!(
            qs,
            "q=%E5%8C%BB%E4%BF%9D%20%E6%8A%A5%E9%94%80&month=2026-11"
        );
        assert_eq!(super::query_string(&[("q", String::new())]), "");
    }
}
