//! 政策解读: a policy lists several — text and 图解 documents of the catalog, and video
//! links — and each 解读 document shows the policies it explains. Drafts are linked but
//! shown only to editors, so a link never gives away an unpublished title.
use crate::catalog::types::{
    parse_video_url, DocRef, DocStatus, Interpretation, InterpretationInput, InterpretationKind,
    MAX_INTERPRETATIONS,
};
use crate::entities::{document_interpretations as row, documents};
use crate::error::{AppError, FieldErrors};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

/// One 解读 as parsed: a document, or a video's address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    pub kind: InterpretationKind,
    pub document_id: Option<i32>,
    pub url: Option<String>,
}

const FIELD: &str = "interpretations";

/// Parses the list (the legacy `interpretation_id` first, as a text 解读): each document
/// must exist and not be the policy itself; duplicates are dropped. Errors go on
/// `interpretations` (or `interpretation_id` for that one).
pub async fn parse(
    db: &impl ConnectionTrait,
    legacy: Option<i32>,
    list: &[InterpretationInput],
    self_id: Option<i32>,
    errors: &mut FieldErrors,
) -> Result<Vec<Parsed>, AppError> {
    let mut out: Vec<Parsed> = Vec::new();
    if let Some(id) = legacy {
        out.push(Parsed {
            kind: InterpretationKind::Text,
            document_id: Some(id),
            url: None,
        });
    }
    for (i, item) in list.iter().enumerate() {
        let n = i + 1;
        let Some(kind) = InterpretationKind::parse(&item.kind) else {
            errors.add(FIELD, format!("第 {n} 项的解读类型须为文字、图解或视频"));
            continue;
        };
        let parsed = match kind {
            InterpretationKind::Video => match parse_video_url(item.url.as_deref()) {
                Ok(url) => Parsed {
                    kind,
                    document_id: None,
                    url: Some(url),
                },
                Err(e) => {
                    errors.add(FIELD, format!("第 {n} 项：{e}"));
                    continue;
                }
            },
            _ => match item.document_id.as_ref().and_then(|d| d.value::<i32>()) {
                Some(id) => Parsed {
                    kind,
                    document_id: Some(id),
                    url: None,
                },
                None => {
                    errors.add(
                        FIELD,
                        format!("第 {n} 项：请填写{}文件的编号（数字）", kind.label()),
                    );
                    continue;
                }
            },
        };
        if !out.contains(&parsed) {
            out.push(parsed);
        }
    }
    if out.len() > MAX_INTERPRETATIONS {
        errors.add(FIELD, format!("政策解读最多 {MAX_INTERPRETATIONS} 项"));
    }
    let ids: Vec<i32> = out.iter().filter_map(|p| p.document_id).collect();
    let found: Vec<i32> = documents::Entity::find()
        .select_only()
        .column(documents::Column::Id)
        .filter(documents::Column::Id.is_in(ids.clone()))
        .into_tuple()
        .all(db)
        .await?;
    for id in ids {
        let field = if Some(id) == legacy {
            "interpretation_id"
        } else {
            FIELD
        };
        if Some(id) == self_id {
            errors.add(field, "不能链接到文件自身");
        } else if !found.contains(&id) {
            errors.add(field, format!("编号为 {id} 的政策解读文件不存在"));
        }
    }
    Ok(out)
}

/// Replaces the policy's list, inside its change's transaction.
pub async fn save(
    db: &impl ConnectionTrait,
    policy_id: i32,
    list: &[Parsed],
) -> Result<(), AppError> {
    row::Entity::delete_many()
        .filter(row::Column::PolicyId.eq(policy_id))
        .exec(db)
        .await?;
    if list.is_empty() {
        return Ok(());
    }
    let rows = list.iter().enumerate().map(|(i, p)| row::ActiveModel {
        policy_id: Set(policy_id),
        kind: Set(p.kind.as_str().into()),
        document_id: Set(p.document_id),
        url: Set(p.url.clone()),
        sort_order: Set(i as i32),
        ..Default::default()
    });
    row::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// The first text 解读, which `documents.interpretation_id` keeps for older readers.
pub fn first_text(list: &[Parsed]) -> Option<i32> {
    list.iter()
        .find(|p| p.kind == InterpretationKind::Text)
        .and_then(|p| p.document_id)
}

/// Titles of the documents among `ids` that may be shown: all of them to editors, the
/// published ones to everybody else.
async fn titles(
    db: &impl ConnectionTrait,
    ids: Vec<i32>,
    drafts: bool,
) -> Result<Vec<DocRef>, AppError> {
    let mut q = documents::Entity::find()
        .select_only()
        .column(documents::Column::Id)
        .column(documents::Column::Title)
        .filter(documents::Column::Id.is_in(ids));
    if !drafts {
        q = q.filter(documents::Column::Status.eq(DocStatus::Published.as_str()));
    }
    Ok(q.into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, title)| DocRef { id, title })
        .collect())
}

/// The policy's 解读, in order.
pub async fn of(
    db: &impl ConnectionTrait,
    policy_id: i32,
    drafts: bool,
) -> Result<Vec<Interpretation>, AppError> {
    let rows = row::Entity::find()
        .filter(row::Column::PolicyId.eq(policy_id))
        .order_by_asc(row::Column::SortOrder)
        .order_by_asc(row::Column::Id)
        .all(db)
        .await?;
    let docs = titles(
        db,
        rows.iter().filter_map(|r| r.document_id).collect(),
        drafts,
    )
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let kind = InterpretationKind::parse(&r.kind)?;
            match r.document_id {
                Some(id) => docs.iter().find(|d| d.id == id).map(|d| Interpretation {
                    kind,
                    document: Some(d.clone()),
                    url: None,
                }),
                None => r.url.map(|url| Interpretation {
                    kind,
                    document: None,
                    url: Some(url),
                }),
            }
        })
        .collect())
}

/// The policies `id` is a 解读 of.
pub async fn interprets(
    db: &impl ConnectionTrait,
    id: i32,
    drafts: bool,
) -> Result<Vec<DocRef>, AppError> {
    let mut policies: Vec<i32> = row::Entity::find()
        .select_only()
        .column(row::Column::PolicyId)
        .filter(row::Column::DocumentId.eq(id))
        .into_tuple()
        .all(db)
        .await?;
    policies.sort_unstable();
    policies.dedup();
    let mut refs = titles(db, policies, drafts).await?;
    refs.sort_by_key(|d| d.id);
    Ok(refs)
}
