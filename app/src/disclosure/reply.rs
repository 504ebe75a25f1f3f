//! The reply to an application: the seven kinds of Art. 36 as the 条例 writes them, the
//! handling kinds of Arts. 30, 38 and 39 beside them, and the table-3 row each lands in.
//! Several kinds share a row (经检索没有 and 不属于本机关负责公开 are both 本机关不掌握),
//! so the kind is kept with the reply: the 告知书 must say which it was.
use super::types::{OutcomeRow, OUTCOME_ROWS};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReplyKind {
    /// 36(1): already published; the reply says where and how to get it.
    AlreadyPublic,
    /// 36(2): disclosed (the files may go with the reply).
    Disclosed,
    /// 36(2) with Art. 37: the part that can be disclosed.
    PartiallyDisclosed,
    /// 36(3): not disclosed, with one of table 3's eight reasons.
    Withheld,
    /// 36(4): searched for and not found.
    NotExist,
    /// 36(5): another agency's to disclose; named, with its contact, when known.
    OtherAgency,
    /// 36(6): the same information asked for again after a reply.
    Repeated,
    /// 36(7): records a law or regulation gives its own way to obtain (工商、不动产登记资料…).
    SpecialLaw,
    /// Arts. 30 and 38: cannot be provided (needs creating, still unclear after 补正; 不掌握).
    Unavailable,
    /// Art. 39 and the like: not processed (信访举报投诉, 出版物, 大量反复, 确认或重新出具).
    NotProcessed,
    /// Other handling (逾期不补正, 逾期不缴费, 其他).
    Other,
}

impl ReplyKind {
    pub const ALL: [ReplyKind; 11] = [
        ReplyKind::AlreadyPublic,
        ReplyKind::Disclosed,
        ReplyKind::PartiallyDisclosed,
        ReplyKind::Withheld,
        ReplyKind::NotExist,
        ReplyKind::OtherAgency,
        ReplyKind::Repeated,
        ReplyKind::SpecialLaw,
        ReplyKind::Unavailable,
        ReplyKind::NotProcessed,
        ReplyKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReplyKind::AlreadyPublic => "already_public",
            ReplyKind::Disclosed => "disclosed",
            ReplyKind::PartiallyDisclosed => "partially_disclosed",
            ReplyKind::Withheld => "withheld",
            ReplyKind::NotExist => "not_exist",
            ReplyKind::OtherAgency => "other_agency",
            ReplyKind::Repeated => "repeated",
            ReplyKind::SpecialLaw => "special_law",
            ReplyKind::Unavailable => "unavailable",
            ReplyKind::NotProcessed => "not_processed",
            ReplyKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<ReplyKind> {
        let s = s.trim();
        ReplyKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// What the officer picks from, in the order of the 条例.
    pub fn label(self) -> &'static str {
        match self {
            ReplyKind::AlreadyPublic => "第三十六条（一）已主动公开：告知获取的方式和途径",
            ReplyKind::Disclosed => "第三十六条（二）予以公开",
            ReplyKind::PartiallyDisclosed => "第三十六条（二）、第三十七条 部分公开",
            ReplyKind::Withheld => "第三十六条（三）不予公开：说明理由",
            ReplyKind::NotExist => "第三十六条（四）经检索没有：告知该政府信息不存在",
            ReplyKind::OtherAgency => {
                "第三十六条（五）不属于本机关负责公开：告知负责公开的机关及其联系方式"
            }
            ReplyKind::Repeated => "第三十六条（六）重复申请：告知不予重复处理",
            ReplyKind::SpecialLaw => "第三十六条（七）法律、行政法规另有规定：告知依照有关规定办理",
            ReplyKind::Unavailable => {
                "无法提供：需另行制作、补正后仍不明确（第三十八条、第三十条）"
            }
            ReplyKind::NotProcessed => {
                "不予处理：信访举报投诉、要求提供出版物、大量反复申请、要求确认或重新出具"
            }
            ReplyKind::Other => "其他处理",
        }
    }

    /// The 告知书's sentence for the kinds whose answer the 条例 words itself.
    pub fn statement(self) -> Option<&'static str> {
        match self {
            ReplyKind::NotExist => Some(
                "经检索，本机关没有您申请公开的政府信息，该政府信息不存在（《中华人民共和国政府信息公开条例》第三十六条第四项）。",
            ),
            ReplyKind::OtherAgency => Some(
                "您申请公开的政府信息不属于本机关负责公开（《中华人民共和国政府信息公开条例》第三十六条第五项）。",
            ),
            ReplyKind::Repeated => Some(
                "本机关已就您提出的相同政府信息公开申请作出答复，对您的重复申请不予重复处理（《中华人民共和国政府信息公开条例》第三十六条第六项）。",
            ),
            ReplyKind::SpecialLaw => Some(
                "您申请获取的信息，有关法律、行政法规对其获取有特别规定，请依照有关法律、行政法规的规定办理（《中华人民共和国政府信息公开条例》第三十六条第七项）。",
            ),
            _ => None,
        }
    }

    /// The table-3 row a kind always lands in; None for kinds whose row a reason picks.
    fn fixed_row(self) -> Option<&'static str> {
        match self {
            ReplyKind::AlreadyPublic | ReplyKind::Disclosed => Some("disclosed"),
            ReplyKind::PartiallyDisclosed => Some("partial"),
            // 国办公开办函〔2021〕30号: information the agency does not hold, whether it does not
            // exist or is another agency's, is 无法提供 1 (本机关不掌握相关政府信息).
            ReplyKind::NotExist | ReplyKind::OtherAgency => Some("unavailable.not_held"),
            ReplyKind::Repeated => Some("not_processed.repeated"),
            // Records with a procedure of their own (不动产、工商登记资料…) are 行政查询事项.
            ReplyKind::SpecialLaw => Some("withheld.administrative_query"),
            ReplyKind::Withheld
            | ReplyKind::Unavailable
            | ReplyKind::NotProcessed
            | ReplyKind::Other => None,
        }
    }

    /// Whether the reply picks its row by a sub-reason (the form's second list).
    pub fn needs_reason(self) -> bool {
        self.fixed_row().is_none()
    }

    /// Only information given out goes with files: 予以公开 and 部分公开.
    pub fn carries_files(self) -> bool {
        matches!(self, ReplyKind::Disclosed | ReplyKind::PartiallyDisclosed)
    }

    /// The table-3 row of this kind with `reason`, or the field and what is wrong.
    pub fn row(self, reason: Option<&str>) -> Result<&'static OutcomeRow, (String, String)> {
        let missing = || ("outcome".to_string(), "请选择答复类型".to_string());
        if let Some(key) = self.fixed_row() {
            return OUTCOME_ROWS
                .iter()
                .find(|r| r.key == key)
                .ok_or_else(missing);
        }
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        let Some(reason) = reason else {
            return Err(("reason".into(), "请选择具体理由".into()));
        };
        OUTCOME_ROWS
            .iter()
            .find(|r| r.kind == self.as_str() && r.reason == Some(reason))
            .ok_or_else(|| ("reason".into(), "该答复类型没有这一理由".into()))
    }

    /// The kind a stored reply was given as: its own column, or for replies from before the
    /// column, the kind its row implies.
    pub fn stored(kind: Option<&str>, row_key: Option<&str>) -> Option<ReplyKind> {
        kind.and_then(ReplyKind::parse).or_else(|| {
            let row = OUTCOME_ROWS.iter().find(|r| Some(r.key) == row_key)?;
            ReplyKind::parse(row.kind)
        })
    }
}

/// The agency named in a 36(5) reply: its name and how to reach it, both required, since a
/// reply that names no one leaves the applicant where they started.
pub fn other_agency(
    name: Option<&str>,
    contact: Option<&str>,
) -> Result<(String, String), Vec<(&'static str, String)>> {
    let mut errors = Vec::new();
    let mut field = |field: &'static str, raw: Option<&str>, what: &str, max: usize| {
        let s = raw.map(str::trim).unwrap_or_default();
        if s.is_empty() {
            errors.push((field, format!("请填写{what}（条例第三十六条第五项）")));
        } else if s.chars().count() > max {
            errors.push((field, format!("{what}最多 {max} 个字")));
        }
        s.to_string()
    };
    let name = field("other_agency", name, "负责公开该信息的机关名称", 100);
    let contact = field(
        "other_agency_contact",
        contact,
        "该机关的联系方式（电话、地址或网址）",
        200,
    );
    if errors.is_empty() {
        Ok((name, contact))
    } else {
        Err(errors)
    }
}

/// A file given with the reply, as the applicant and staff see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReplyFile {
    pub id: i32,
    pub name: String,
    pub media_type: String,
    pub size: u64,
    pub sha256: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_article_36_lands_in_its_row() {
        let row = |k: ReplyKind, r: Option<&str>| k.row(r).map(|r| r.key);
        assert_eq!(row(ReplyKind::AlreadyPublic, None), Ok("disclosed"));
        assert_eq!(row(ReplyKind::Disclosed, None), Ok("disclosed"));
        assert_eq!(row(ReplyKind::PartiallyDisclosed, None), Ok("partial"));
        assert_eq!(row(ReplyKind::NotExist, None), Ok("unavailable.not_held"));
        assert_eq!(
            row(ReplyKind::OtherAgency, None),
            Ok("unavailable.not_held")
        );
        assert_eq!(row(ReplyKind::Repeated, None), Ok("not_processed.repeated"));
        assert_eq!(
            row(ReplyKind::SpecialLaw, None),
            Ok("withheld.administrative_query")
        );
        // A fixed kind ignores a stray reason rather than landing elsewhere.
        assert_eq!(
            row(ReplyKind::NotExist, Some("state_secret")),
            Ok("unavailable.not_held")
        );
        assert_eq!(
            row(ReplyKind::Withheld, Some("state_secret")),
            Ok("withheld.state_secret")
        );
        assert_eq!(
            ReplyKind::Withheld.row(None).unwrap_err().0,
            "reason".to_string()
        );
        // A reason of another kind is refused, not taken for this kind's.
        assert_eq!(
            ReplyKind::Withheld.row(Some("not_held")).unwrap_err(),
            ("reason".to_string(), "该答复类型没有这一理由".to_string())
        );
        assert_eq!(
            row(ReplyKind::Unavailable, Some("needs_creation")),
            Ok("unavailable.needs_creation")
        );
        assert_eq!(
            row(ReplyKind::Other, Some("unpaid_fee")),
            Ok("other.unpaid_fee")
        );
    }

    #[test]
    fn every_row_is_reached_by_some_kind() {
        for r in OUTCOME_ROWS {
            let kind = ReplyKind::parse(r.kind).expect("row kinds are reply kinds");
            assert_eq!(kind.row(r.reason).map(|x| x.key), Ok(r.key));
        }
    }

    #[test]
    fn kinds_round_trip_and_say_what_they_are() {
        for k in ReplyKind::ALL {
            assert_eq!(ReplyKind::parse(k.as_str()), Some(k));
            assert!(!k.label().is_empty());
        }
        assert_eq!(ReplyKind::parse(" not_exist "), Some(ReplyKind::NotExist));
        assert_eq!(ReplyKind::parse("nonsense"), None);
        let worded: Vec<_> = ReplyKind::ALL
            .into_iter()
            .filter(|k| k.statement().is_some())
            .collect();
        assert_eq!(
            worded,
            [
                ReplyKind::NotExist,
                ReplyKind::OtherAgency,
                ReplyKind::Repeated,
                ReplyKind::SpecialLaw
            ]
        );
        assert!(ReplyKind::NotExist
            .statement()
            .is_some_and(|s| s.contains("第三十六条第四项")));
    }

    #[test]
    fn only_disclosing_replies_carry_files() {
        let carrying: Vec<_> = ReplyKind::ALL
            .into_iter()
            .filter(|k| k.carries_files())
            .collect();
        assert_eq!(
            carrying,
            [ReplyKind::Disclosed, ReplyKind::PartiallyDisclosed]
        );
        let reasoned: Vec<_> = ReplyKind::ALL
            .into_iter()
            .filter(|k| k.needs_reason())
            .collect();
        assert_eq!(
            reasoned,
            [
                ReplyKind::Withheld,
                ReplyKind::Unavailable,
                ReplyKind::NotProcessed,
                ReplyKind::Other
            ]
        );
    }

    #[test]
    fn old_replies_read_as_the_kind_their_row_implies() {
        assert_eq!(
            ReplyKind::stored(None, Some("unavailable.not_held")),
            Some(ReplyKind::Unavailable)
        );
        assert_eq!(
            ReplyKind::stored(Some("other_agency"), Some("unavailable.not_held")),
            Some(ReplyKind::OtherAgency)
        );
        assert_eq!(ReplyKind::stored(None, None), None);
        assert_eq!(
            ReplyKind::stored(None, Some("disclosed")),
            Some(ReplyKind::Disclosed)
        );
    }

    #[test]
    fn the_other_agency_needs_a_name_and_a_way_to_reach_it() {
        assert_eq!(
            other_agency(Some(" 区市场监管局 "), Some("023-71400000")),
            Ok(("区市场监管局".into(), "023-71400000".into()))
        );
        let e = other_agency(None, Some("  ")).unwrap_err();
        let fields: Vec<_> = e.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["other_agency", "other_agency_contact"]);
        assert!(e[0].1.contains("机关名称"));
        let long = "长".repeat(101);
        assert_eq!(
            other_agency(Some(&long), Some("x")).unwrap_err()[0],
            (
                "other_agency",
                "负责公开该信息的机关名称最多 100 个字".to_string()
            )
        );
    }
}
