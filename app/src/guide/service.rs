//! Reading the guide (the saved one, or the defaults) and saving it, audited.
use super::types::*;
use crate::auth::caps::Admin;
use crate::entities::disclosure_guide as row;
use crate::error::{AppError, FieldErrors};
use crate::platform::audit;
use crate::site::types::SiteIdentity;
use crate::text::parse_text;
use chrono::Utc;
use sea_orm::{
    sea_query::OnConflict, ConnectionTrait, DatabaseConnection, EntityTrait, Set, TransactionTrait,
};

const ID: i32 = 1;

/// The saved guide; until one is saved, the defaults with the site's configured contact
/// details, so a new site has a lawful guide from its first day.
pub async fn load(db: &impl ConnectionTrait, site: &SiteIdentity) -> Result<Guide, AppError> {
    Ok(match row::Entity::find_by_id(ID).one(db).await? {
        Some(m) => Guide {
            office: m.office,
            address: m.address,
            hours: m.hours,
            phone: m.phone,
            fax: m.fax,
            email: m.email,
            classification: m.classification,
            proactive: m.proactive,
            on_request: m.on_request,
            remedies: m.remedies,
            updated_at: Some(crate::platform::time::rfc3339(m.updated_at)),
        },
        None => Guide {
            office: site.sponsor.clone(),
            address: site.address.clone().unwrap_or_default(),
            hours: DEFAULT_HOURS.into(),
            phone: site.phone.clone().unwrap_or_default(),
            fax: None,
            email: site.email.clone(),
            classification: DEFAULT_CLASSIFICATION.into(),
            proactive: DEFAULT_PROACTIVE.into(),
            on_request: DEFAULT_ON_REQUEST.into(),
            remedies: DEFAULT_REMEDIES.into(),
            updated_at: None,
        },
    })
}

/// A telephone or fax number as printed: digits with `-`, spaces, brackets or a leading `+`.
fn parse_number(raw: &str, what: &str) -> Result<String, String> {
    let s = raw.trim();
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let allowed = s.chars().all(|c| {
        c.is_ascii_digit()
            || matches!(
                c,
                '-' | ' ' | '(' | ')' | '（' | '）' | '+' | '、' | '，' | ','
            )
    });
    if s.is_empty() {
        return Err(format!("请填写{what}"));
    }
    if !allowed || digits < 7 || s.chars().count() > 60 {
        return Err(format!("{what}格式不正确，如 023-71422222"));
    }
    Ok(s.to_string())
}

fn parse_email(raw: &str) -> Result<String, String> {
    let s = raw.trim();
    let ok = s.chars().count() <= 100
        && !s.chars().any(char::is_whitespace)
        && s.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !host.starts_with('.') && !host.ends_with('.')
        });
    if ok {
        Ok(s.to_string())
    } else {
        Err("电子邮箱格式不正确".into())
    }
}

fn optional(raw: Option<&str>) -> Option<&str> {
    raw.map(str::trim).filter(|s| !s.is_empty())
}

/// Parses every field at once, so the form names each problem. (A field that failed is
/// reported and the defaults below it are never used.)
fn parse(input: &GuideInput) -> Result<Guide, AppError> {
    let mut e = FieldErrors::new();
    let mut field =
        |name: &str, parsed: Result<String, String>| e.check(name, parsed).unwrap_or_default();
    let section = |raw: &str, what: &str| parse_text(raw, what, 10, 4000);
    let guide = Guide {
        office: field(
            "office",
            parse_text(&input.office, "公开工作机构名称", 2, 60),
        ),
        address: field("address", parse_text(&input.address, "办公地址", 2, 100)),
        hours: field("hours", parse_text(&input.hours, "办公时间", 2, 100)),
        phone: field("phone", parse_number(&input.phone, "联系电话")),
        fax: optional(input.fax.as_deref()).map(|f| field("fax", parse_number(f, "传真号码"))),
        email: optional(input.email.as_deref()).map(|m| field("email", parse_email(m))),
        classification: field(
            "classification",
            section(&input.classification, "分类与编排"),
        ),
        proactive: field("proactive", section(&input.proactive, "主动公开的获取方式")),
        on_request: field("on_request", section(&input.on_request, "依申请公开的程序")),
        remedies: field("remedies", section(&input.remedies, "监督与救济")),
        updated_at: None,
    };
    e.into_result()?;
    Ok(guide)
}

/// Saves the guide as `admin`, audited in the same transaction.
pub async fn save(
    db: &DatabaseConnection,
    admin: &Admin,
    input: &GuideInput,
) -> Result<Guide, AppError> {
    let g = parse(input)?;
    let now = Utc::now();
    let txn = db.begin().await?;
    row::Entity::insert(row::ActiveModel {
        id: Set(ID),
        office: Set(g.office.clone()),
        address: Set(g.address.clone()),
        hours: Set(g.hours.clone()),
        phone: Set(g.phone.clone()),
        fax: Set(g.fax.clone()),
        email: Set(g.email.clone()),
        classification: Set(g.classification.clone()),
        proactive: Set(g.proactive.clone()),
        on_request: Set(g.on_request.clone()),
        remedies: Set(g.remedies.clone()),
        updated_at: Set(now),
        updated_by: Set(Some(admin.id)),
    })
    .on_conflict(
        OnConflict::column(row::Column::Id)
            .update_columns([
                row::Column::Office,
                row::Column::Address,
                row::Column::Hours,
                row::Column::Phone,
                row::Column::Fax,
                row::Column::Email,
                row::Column::Classification,
                row::Column::Proactive,
                row::Column::OnRequest,
                row::Column::Remedies,
                row::Column::UpdatedAt,
                row::Column::UpdatedBy,
            ])
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    audit::record(&txn, Some(admin.id), "guide.save", "guide", "").await?;
    txn.commit().await?;
    Ok(Guide {
        updated_at: Some(crate::platform::time::rfc3339(now)),
        ..g
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_addresses_are_checked_as_printed() {
        assert_eq!(
            parse_number(" 023-71422222 ", "联系电话"),
            Ok("023-71422222".into())
        );
        assert!(parse_number("(023) 7142 2222", "联系电话").is_ok());
        assert_eq!(parse_number("", "传真号码"), Err("请填写传真号码".into()));
        assert!(parse_number("12345", "联系电话").is_err(), "too few digits");
        assert!(parse_number("023-7142222x", "联系电话").is_err());
        assert_eq!(parse_email(" gk@nc.gov.cn "), Ok("gk@nc.gov.cn".into()));
        for bad in [
            "gk",
            "@nc.gov.cn",
            "gk@nc",
            "gk@.cn",
            "gk @nc.gov.cn",
            "gk@nc.cn.",
        ] {
            assert!(parse_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_field_is_named_at_once() {
        let Err(AppError::Validation(f)) = parse(&GuideInput::default()) else {
            panic!("an empty guide is refused")
        };
        for field in [
            "office",
            "address",
            "hours",
            "phone",
            "classification",
            "proactive",
            "on_request",
            "remedies",
        ] {
            assert!(f.get(field).is_some(), "{field}");
        }
        assert!(
            f.get("fax").is_none() && f.get("email").is_none(),
            "optional"
        );
    }
}
