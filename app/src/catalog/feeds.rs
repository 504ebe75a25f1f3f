//! `GET /feeds/documents.atom` (optionally `?column=`) and `GET /sitemap.xml`.
use super::service::columns;
use crate::catalog::types::DocStatus;
use crate::entities::documents;
use crate::error::AppError;
use crate::platform::AppState;
use axum::{
    extract::{Query, State},
    http::{header, HeaderMap},
    response::IntoResponse,
};
use chrono::NaiveDate;
use sea_orm::{
    sea_query::{Expr, Func},
    ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

/// A sitemap file holds at most 50,000 URLs.
const SITEMAP_MAX: u64 = 50_000;

pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// The site's origin: the configured public URL, else this request's host.
fn origin(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(u) = &state.config.public_url {
        return u.trim_end_matches('/').to_string();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '-' | '[' | ']'))
        })
        .unwrap_or("localhost");
    format!("http://{host}")
}

fn day_start(d: NaiveDate) -> String {
    format!("{d}T00:00:00+08:00")
}

#[derive(serde::Deserialize)]
pub struct FeedQuery {
    column: Option<String>,
}

pub async fn atom(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<FeedQuery>,
) -> Result<impl IntoResponse, AppError> {
    let base = origin(&state, &headers);
    let mut query = documents::Entity::find()
        .filter(documents::Column::Status.eq(DocStatus::Published.as_str()));
    let mut title = "南川区政府信息公开目录".to_string();
    let mut self_link = format!("{base}/feeds/documents.atom");
    if let Some(slug) = q.column.as_deref().filter(|s| !s.is_empty()) {
        let c = columns::by_slug(&state.db, slug)
            .await?
            .ok_or(AppError::NotFound)?;
        query = query.filter(documents::Column::ColumnId.eq(c.id));
        title = format!("{title}：{}", c.name);
        self_link = format!("{self_link}?column={}", xml_escape(&c.slug));
    }
    let rows = query
        .order_by_desc(documents::Column::PublishedOn)
        .order_by_desc(documents::Column::Id)
        .limit(50)
        .all(&state.db)
        .await?;
    let updated = rows
        .first()
        .and_then(|d| d.published_on)
        .map(day_start)
        .unwrap_or_else(|| "2026-01-01T00:00:00+08:00".into());
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n\
         <title>{}</title>\n<id>{}</id>\n<link rel=\"self\" href=\"{}\"/>\n<link href=\"{base}/catalog\"/>\n\
         <updated>{updated}</updated>\n<author><name>重庆市南川区人民政府</name></author>\n",
        xml_escape(&title),
        self_link,
        self_link
    );
    for d in rows {
        let url = format!("{base}/catalog/documents/{}", d.id);
        let summary: String = d.body.chars().take(200).collect();
        xml.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{url}</id>\n<link href=\"{url}\"/>\n<updated>{}</updated>\n\
             <summary>{}</summary>\n</entry>\n",
            xml_escape(&d.title),
            d.published_on.map(day_start).unwrap_or_else(|| updated.clone()),
            xml_escape(&summary)
        ));
    }
    xml.push_str("</feed>\n");
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        xml,
    ))
}

pub async fn sitemap(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, AppError> {
    let base = origin(&state, &headers);
    // Every change to a document moves its `updated_at`, every new one the largest id.
    let version: Option<(Option<i32>, Option<chrono::DateTime<chrono::Utc>>)> =
        documents::Entity::find()
            .select_only()
            .expr(Func::max(Expr::col(documents::Column::Id)))
            .expr(Func::max(Expr::col(documents::Column::UpdatedAt)))
            .into_tuple()
            .one(&state.db)
            .await?;
    let version = format!("{version:?}");
    let xml = state
        .caches
        .sitemap
        .get_or_compute(base.clone(), version, sitemap_xml(&state, base))
        .await?;
    Ok((
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        (*xml).clone(),
    ))
}

async fn sitemap_xml(state: &AppState, base: String) -> Result<String, AppError> {
    let rows: Vec<(i32, Option<NaiveDate>)> = documents::Entity::find()
        .select_only()
        .column(documents::Column::Id)
        .column(documents::Column::PublishedOn)
        .filter(documents::Column::Status.eq(DocStatus::Published.as_str()))
        .order_by_desc(documents::Column::PublishedOn)
        .order_by_desc(documents::Column::Id)
        .limit(SITEMAP_MAX - 10)
        .into_tuple()
        .all(&state.db)
        .await?;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in [
        "/",
        "/questions",
        "/interviews",
        "/catalog",
        "/disclosure-requests/new",
    ] {
        xml.push_str(&format!("<url><loc>{base}{path}</loc></url>\n"));
    }
    for (id, day) in rows {
        xml.push_str(&format!(
            "<url><loc>{base}/catalog/documents/{id}</loc>{}</url>\n",
            day.map(|d| format!("<lastmod>{d}</lastmod>"))
                .unwrap_or_default()
        ));
    }
    xml.push_str("</urlset>\n");
    Ok(xml)
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup() {
        assert_eq!(
            super::xml_escape("<a href=\"x\">&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;"
        );
    }
}
