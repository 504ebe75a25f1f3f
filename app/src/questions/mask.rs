//! Masking personal data in text shown to the public: mainland mobiles (138****1234),
//! 18-character ID numbers (5001**********123X) and e-mail addresses (z***@example.com).
//! Plain character scanning: no regex engine is needed for three fixed shapes.

fn is_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn is_domain_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-')
}

/// The length of an e-mail address starting at `i`, if one starts there.
fn email_at(chars: &[char], i: usize) -> Option<(usize, usize)> {
    let local_end = i + chars[i..].iter().take_while(|c| is_local_char(**c)).count();
    if local_end == i || chars.get(local_end) != Some(&'@') {
        return None;
    }
    let dom_start = local_end + 1;
    let mut dom_end = dom_start
        + chars[dom_start..]
            .iter()
            .take_while(|c| is_domain_char(**c))
            .count();
    // A sentence may end right after the address.
    while dom_end > dom_start && matches!(chars[dom_end - 1], '.' | '-') {
        dom_end -= 1;
    }
    let domain: String = chars[dom_start..dom_end].iter().collect();
    let ok = domain.contains('.') && !domain.starts_with('.') && !domain.contains("..");
    ok.then_some((local_end, dom_end))
}

fn is_mobile(d: &[char]) -> bool {
    d.len() == 11 && d[0] == '1' && ('3'..='9').contains(&d[1])
}

/// A masked ID or mobile number made of `digits` (a whole run of digits) and the
/// characters it used, or `None` when the run is neither.
fn mask_digits(digits: &[char], next: Option<char>) -> Option<(String, usize)> {
    let run = digits.len();
    let id_check = matches!(next, Some('X' | 'x'));
    if run == 18 || (run == 17 && id_check) {
        let mut id: Vec<char> = digits.to_vec();
        if run == 17 {
            id.extend(next);
        }
        let mut s: String = id[..4].iter().collect();
        s.push_str(&"*".repeat(10));
        s.extend(&id[14..]);
        return Some((s, 18));
    }
    for prefix in ["", "86", "0086"] {
        let p = prefix.len();
        if run == 11 + p
            && digits[..p].iter().copied().eq(prefix.chars())
            && is_mobile(&digits[p..])
        {
            let mut s: String = digits[..p + 3].iter().collect();
            s.push_str("****");
            s.extend(&digits[p + 7..]);
            return Some((s, run));
        }
    }
    None
}

/// Masks every phone number, ID number and e-mail address in `text`.
pub fn mask_personal(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let at_word_start = i == 0 || !is_local_char(chars[i - 1]);
        if at_word_start && is_local_char(c) {
            if let Some((at, end)) = email_at(&chars, i) {
                out.push(chars[i]);
                out.push_str("***@");
                out.extend(&chars[at + 1..end]);
                i = end;
                continue;
            }
        }
        let after_digit = i > 0 && chars[i - 1].is_ascii_digit();
        if c.is_ascii_digit() && !after_digit {
            let run = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            let digits = &chars[i..i + run];
            match mask_digits(digits, chars.get(i + run).copied()) {
                Some((masked, used)) => {
                    out.push_str(&masked);
                    i += used;
                }
                None => {
                    out.extend(digits);
                    i += run;
                }
            }
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::mask_personal as m;

    #[test]
    fn mobiles_are_masked() {
        assert_eq!(m("电话13812341234，谢谢"), "电话138****1234，谢谢");
        assert_eq!(m("+8613812341234"), "+86138****1234");
        assert_eq!(m("13812341234"), "138****1234");
    }

    #[test]
    fn other_numbers_are_left_alone() {
        // Not a mobile (second digit 2), too long, an amount, a date.
        assert_eq!(m("12812341234"), "12812341234");
        assert_eq!(m("138123412345"), "138123412345");
        assert_eq!(m("补贴3000元，2026年11月"), "补贴3000元，2026年11月");
        assert_eq!(m("Q20261126-00042"), "Q20261126-00042");
    }

    #[test]
    fn id_numbers_are_masked() {
        assert_eq!(m("身份证500101199001011234"), "身份证5001**********1234");
        assert_eq!(
            m("身份证 50010119900101123X。"),
            "身份证 5001**********123X。"
        );
        assert_eq!(m("50010119900101123x"), "5001**********123x");
    }

    #[test]
    fn emails_are_masked() {
        assert_eq!(m("邮箱zhang@example.com。"), "邮箱z***@example.com。");
        assert_eq!(
            m("写信到 li.si+gk@mail.cq.gov.cn."),
            "写信到 l***@mail.cq.gov.cn."
        );
        assert_eq!(m("13812341234@qq.com"), "1***@qq.com");
        assert_eq!(m("@ 不是邮箱 a@b"), "@ 不是邮箱 a@b");
    }

    #[test]
    fn everything_at_once_and_plain_text_unchanged() {
        let text = "我是张三，13912345678，zs@example.com，身份证500101199001011234";
        assert_eq!(
            m(text),
            "我是张三，139****5678，z***@example.com，身份证5001**********1234"
        );
        let plain = "医保报销比例是多少？<script>alert(1)</script>";
        assert_eq!(m(plain), plain);
    }
}
