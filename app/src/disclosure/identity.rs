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

/// 身份证号 for natural persons (18 characters, checksum), 统一社会信用代码 for organisations.
pub fn parse_id_number(kind: ApplicantType, raw: &str) -> Result<String, String> {
    let s: String = raw.trim().to_ascii_uppercase();
    if s.is_empty() {
        return Err(if kind == ApplicantType::NaturalPerson {
            "请填写身份证号码".into()
        } else {
            "请填写统一社会信用代码".into()
        });
    }
    if kind == ApplicantType::NaturalPerson {
        if s.len() != 18 || !s.is_ascii() || id_check_char(&s[..17]).is_none() {
            return Err("身份证号码应为 18 位，前 17 位为数字".into());
        }
        if id_check_char(&s[..17]) != s.chars().nth(17) {
            return Err("身份证号码校验位不正确，请核对".into());
        }
    } else {
        if s.chars().count() != 18 || !s.chars().all(|c| USCC_CHARS.contains(c)) {
            return Err("统一社会信用代码应为 18 位数字或大写字母（不含 I、O、Z、S、V）".into());
        }
        if uscc_check_char(&s.chars().take(17).collect::<String>()) != s.chars().nth(17) {
            return Err("统一社会信用代码校验位不正确，请核对".into());
        }
    }
    Ok(s)
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
    fn masks_hide_the_middle() {
        assert_eq!(mask_id("11010519491231002X"), "110*************2X");
        assert_eq!(mask_phone("13800001234"), "138****1234");
    }
}
