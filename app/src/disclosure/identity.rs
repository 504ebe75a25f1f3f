//! Identity numbers of applicants: resident ID numbers (GB 11643) and unified social credit
//! codes (GB 32100), checked with their check characters, and the masks every view uses.
use super::types::ApplicantType;

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";

/// The check character of a resident ID number's first 17 digits (GB 11643).
pub fn id_check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17
        .bytes()
        .zip(ID_WEIGHTS)
        .map(|(b, w)| (b - b'0') as u32 * w)
        .sum();
    Some(ID_CHECK[(sum % 11) as usize] as char)
}

const USCC_CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// The check character of a unified social credit code's first 17 characters (GB 32100).
pub fn uscc_check_char(first17: &str) -> Option<char> {
    if first17.chars().count() != 17 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in first17.chars().zip(USCC_WEIGHTS) {
        sum += USCC_CHARS.find(c)? as u32 * w;
    }
    let v = (31 - sum % 31) % 31;
    USCC_CHARS.chars().nth(v as usize)
}

/// The identity documents an applicant may prove who they are with (条例第二十九条 asks for
/// 身份证明, not for one kind of card): residents of the mainland, of Hong Kong, Macao and
/// Taiwan and foreigners alike; organisations by their credit code or, without one (a foreign
/// organisation), another registration number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IdDocument {
    ResidentId,
    ResidencePermit,
    HkMacaoPermit,
    TaiwanPermit,
    ForeignPermanentId,
    Passport,
    CreditCode,
    OrgRegistration,
}

impl IdDocument {
    pub const ALL: [IdDocument; 8] = [
        IdDocument::ResidentId,
        IdDocument::ResidencePermit,
        IdDocument::HkMacaoPermit,
        IdDocument::TaiwanPermit,
        IdDocument::ForeignPermanentId,
        IdDocument::Passport,
        IdDocument::CreditCode,
        IdDocument::OrgRegistration,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            IdDocument::ResidentId => "resident_id",
            IdDocument::ResidencePermit => "residence_permit",
            IdDocument::HkMacaoPermit => "hk_macao_permit",
            IdDocument::TaiwanPermit => "taiwan_permit",
            IdDocument::ForeignPermanentId => "foreign_permanent_id",
            IdDocument::Passport => "passport",
            IdDocument::CreditCode => "credit_code",
            IdDocument::OrgRegistration => "org_registration",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            IdDocument::ResidentId => "居民身份证",
            IdDocument::ResidencePermit => "港澳台居民居住证",
            IdDocument::HkMacaoPermit => "港澳居民来往内地通行证",
            IdDocument::TaiwanPermit => "台湾居民来往大陆通行证",
            IdDocument::ForeignPermanentId => "外国人永久居留身份证",
            IdDocument::Passport => "护照",
            IdDocument::CreditCode => "统一社会信用代码",
            IdDocument::OrgRegistration => "其他登记证照号码（无统一社会信用代码的组织）",
        }
    }
    /// Whether a natural person (rather than an organisation) proves identity with it.
    pub fn for_person(self) -> bool {
        !matches!(self, IdDocument::CreditCode | IdDocument::OrgRegistration)
    }
    /// What an application names when it names no document: the common one for its kind.
    pub fn default_for(kind: ApplicantType) -> IdDocument {
        if kind == ApplicantType::NaturalPerson {
            IdDocument::ResidentId
        } else {
            IdDocument::CreditCode
        }
    }
    /// The document named for an applicant of `kind` (its default when blank).
    pub fn parse(kind: ApplicantType, raw: Option<&str>) -> Result<IdDocument, String> {
        let Some(s) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
            return Ok(IdDocument::default_for(kind));
        };
        let doc = IdDocument::ALL
            .into_iter()
            .find(|d| d.as_str() == s)
            .ok_or_else(|| "请选择证件类型".to_string())?;
        match (kind == ApplicantType::NaturalPerson, doc.for_person()) {
            (true, false) => Err("自然人请选择本人的身份证件".into()),
            (false, true) => Err("法人或其他组织请选择统一社会信用代码或其他登记证照".into()),
            _ => Ok(doc),
        }
    }
    /// A stored value; rows from before documents were recorded used the default.
    pub fn stored(kind: ApplicantType, s: Option<&str>) -> IdDocument {
        IdDocument::parse(kind, s).unwrap_or(IdDocument::default_for(kind))
    }

    /// The number as this document writes it (upper case, no spaces), or what is wrong.
    pub fn check(self, raw: &str) -> Result<String, String> {
        let s: String = raw
            .trim()
            .chars()
            .filter(|c| *c != ' ')
            .collect::<String>()
            .to_ascii_uppercase();
        if s.is_empty() {
            return Err(match self {
                IdDocument::ResidentId => "请填写身份证号码".into(),
                IdDocument::CreditCode => "请填写统一社会信用代码".into(),
                IdDocument::OrgRegistration => "请填写登记证照号码".into(),
                other => format!("请填写{}号码", other.label()),
            });
        }
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        match self {
            IdDocument::ResidentId => check_gb11643(&s, "身份证号码"),
            IdDocument::ResidencePermit => {
                check_gb11643(&s, "居住证号码")?;
                if ["81", "82", "83"].iter().any(|p| s.starts_with(p)) {
                    Ok(s)
                } else {
                    Err("港澳台居民居住证号码以 81（香港）、82（澳门）或 83（台湾）开头".into())
                }
            }
            IdDocument::HkMacaoPermit => {
                let ok = (s.starts_with('H') || s.starts_with('M'))
                    && s.is_ascii()
                    && digits(&s[1..])
                    && matches!(s.len(), 9 | 11);
                if ok {
                    Ok(s)
                } else {
                    Err("港澳居民来往内地通行证号码为 H 或 M 加 8 位（旧证 10 位）数字".into())
                }
            }
            IdDocument::TaiwanPermit => {
                if digits(&s) && matches!(s.len(), 8 | 10) {
                    Ok(s)
                } else {
                    Err("台湾居民来往大陆通行证号码为 8 位（旧证 10 位）数字".into())
                }
            }
            IdDocument::ForeignPermanentId => {
                // The 2017 card: three letters (the nationality) and twelve digits; the 2023
                // card: eighteen characters beginning with 9, checked like a resident ID.
                let old = s.len() == 15
                    && s.is_ascii()
                    && s[..3].bytes().all(|b| b.is_ascii_uppercase())
                    && digits(&s[3..]);
                if old || (s.starts_with('9') && check_gb11643(&s, "").is_ok()) {
                    Ok(s)
                } else {
                    Err(
                        "外国人永久居留身份证号码为 3 位字母加 12 位数字，或以 9 开头的 18 位号码"
                            .into(),
                    )
                }
            }
            IdDocument::Passport => {
                if (5..=20).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    Ok(s)
                } else {
                    Err("护照号码为 5–20 位字母或数字".into())
                }
            }
            IdDocument::CreditCode => {
                if s.chars().count() != 18 || !s.chars().all(|c| USCC_CHARS.contains(c)) {
                    return Err(
                        "统一社会信用代码应为 18 位数字或大写字母（不含 I、O、Z、S、V）".into(),
                    );
                }
                if uscc_check_char(&s.chars().take(17).collect::<String>()) != s.chars().nth(17) {
                    return Err("统一社会信用代码校验位不正确，请核对".into());
                }
                Ok(s)
            }
            IdDocument::OrgRegistration => {
                let ok = (5..=30).contains(&s.len())
                    && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
                if ok {
                    Ok(s)
                } else {
                    Err("登记证照号码为 5–30 位字母、数字或连字符".into())
                }
            }
        }
    }
}

/// An 18-character number with a GB 11643 check character (身份证, 居住证, the 2023 永居证).
fn check_gb11643(s: &str, what: &str) -> Result<String, String> {
    if s.len() != 18 || !s.is_ascii() || id_check_char(&s[..17]).is_none() {
        return Err(format!("{what}应为 18 位，前 17 位为数字"));
    }
    if id_check_char(&s[..17]) != s.chars().nth(17) {
        return Err(format!("{what}校验位不正确，请核对"));
    }
    Ok(s.to_string())
}

/// The number on the kind's usual document: 身份证号 for natural persons, 统一社会信用代码
/// for organisations.
pub fn parse_id_number(kind: ApplicantType, raw: &str) -> Result<String, String> {
    IdDocument::default_for(kind).check(raw)
}

/// What every view shows of an ID number: the first three and last two characters.
pub fn mask_id(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= 5 {
        return "*".repeat(chars.len());
    }
    let mut out: String = chars[..3].iter().collect();
    out.push_str(&"*".repeat(chars.len() - 5));
    out.extend(&chars[chars.len() - 2..]);
    out
}

pub fn mask_phone(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() < 7 {
        return "*".repeat(chars.len());
    }
    let mut out: String = chars[..3].iter().collect();
    out.push_str(&"*".repeat(chars.len() - 7));
    out.extend(&chars[chars.len() - 4..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resident_id_checksum() {
        // The GB 11643 example number.
        assert_eq!(id_check_char("11010519491231002"), Some('X'));
        assert!(parse_id_number(ApplicantType::NaturalPerson, "11010519491231002x").is_ok());
        assert!(parse_id_number(ApplicantType::NaturalPerson, "110105194912310021").is_err());
        assert!(parse_id_number(ApplicantType::NaturalPerson, "1101051949").is_err());
        // Multi-byte input of the right byte length is refused, not sliced mid-character.
        assert!(parse_id_number(ApplicantType::NaturalPerson, "张三丰123456789").is_err());
    }

    #[test]
    fn social_credit_code_checksum() {
        let code = format!("91500119MA5U{}", "00001");
        let full = format!("{code}{}", uscc_check_char(&code).unwrap());
        assert!(parse_id_number(ApplicantType::Commercial, &full).is_ok());
        let wrong = format!("{code}{}", if full.ends_with('0') { '1' } else { '0' });
        assert!(parse_id_number(ApplicantType::Commercial, &wrong).is_err());
        assert!(parse_id_number(ApplicantType::Research, "91500119MA5U0000IO").is_err());
    }

    #[test]
    fn documents_of_every_applicant() {
        let person = ApplicantType::NaturalPerson;
        let org = ApplicantType::Commercial;
        assert_eq!(IdDocument::parse(person, None), Ok(IdDocument::ResidentId));
        assert_eq!(
            IdDocument::parse(org, Some(" ")),
            Ok(IdDocument::CreditCode)
        );
        assert_eq!(
            IdDocument::parse(person, Some("passport")),
            Ok(IdDocument::Passport)
        );
        assert!(IdDocument::parse(person, Some("credit_code")).is_err());
        assert!(IdDocument::parse(org, Some("passport")).is_err());
        assert_eq!(
            IdDocument::parse(org, Some("org_registration")),
            Ok(IdDocument::OrgRegistration)
        );
        assert!(IdDocument::parse(person, Some("library_card")).is_err());
        for d in IdDocument::ALL {
            let kind = if d.for_person() { person } else { org };
            assert_eq!(IdDocument::stored(kind, Some(d.as_str())), d);
        }
        assert_eq!(IdDocument::stored(org, None), IdDocument::CreditCode);

        // 居住证: a GB 11643 number from 81/82/83.
        let first = "81000019900101123";
        let permit = format!("{first}{}", id_check_char(first).unwrap());
        assert_eq!(
            IdDocument::ResidencePermit.check(&permit),
            Ok(permit.clone())
        );
        assert!(IdDocument::ResidencePermit.check(&resident()).is_err());
        assert!(IdDocument::ResidentId.check(&resident()).is_ok());
        // 回乡证, 台胞证, 永居证 and passports, spaces and case forgiven.
        assert_eq!(
            IdDocument::HkMacaoPermit.check("h 1234 5678"),
            Ok("H12345678".into())
        );
        assert!(IdDocument::HkMacaoPermit.check("M1234567890").is_ok());
        assert!(IdDocument::HkMacaoPermit.check("X12345678").is_err());
        assert!(IdDocument::HkMacaoPermit.check("H1234567").is_err());
        assert!(IdDocument::HkMacaoPermit.check("H１2345678").is_err());
        assert!(IdDocument::TaiwanPermit.check("12345678").is_ok());
        assert!(IdDocument::TaiwanPermit.check("1234567890").is_ok());
        assert!(IdDocument::TaiwanPermit.check("123456789").is_err());
        assert!(IdDocument::ForeignPermanentId
            .check("USA123456789012")
            .is_ok());
        assert!(IdDocument::ForeignPermanentId
            .check("US1234567890123")
            .is_err());
        let first = "93310019900101123";
        let new_card = format!("{first}{}", id_check_char(first).unwrap());
        assert!(IdDocument::ForeignPermanentId.check(&new_card).is_ok());
        assert!(IdDocument::ForeignPermanentId.check(&resident()).is_err());
        assert_eq!(
            IdDocument::Passport.check("e1234567"),
            Ok("E1234567".into())
        );
        assert!(IdDocument::Passport.check("E12").is_err());
        assert!(IdDocument::Passport.check("E1234-567").is_err());
        assert!(IdDocument::OrgRegistration.check("HRB-12345").is_ok());
        assert!(IdDocument::OrgRegistration.check("公司123456").is_err());
        assert_eq!(
            IdDocument::Passport.check("  ").unwrap_err(),
            "请填写护照号码"
        );
    }

    fn resident() -> String {
        let first = "50011919900101123";
        format!("{first}{}", id_check_char(first).unwrap())
    }

    #[test]
    fn masks_hide_the_middle() {
        assert_eq!(mask_id("11010519491231002X"), "110*************2X");
        assert_eq!(mask_phone("13800001234"), "138****1234");
    }
}
