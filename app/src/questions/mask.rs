//! Masking personal data in text shown to the public: mainland mobiles (138****1234),
//! landlines with their area code (023****4567), ID numbers of 18 and of 15 digits
//! (5001**********1234) and e-mail addresses (z***@example.com). Numbers are found also when
//! written with full-width digits, or grouped with hyphens, spaces or dots
//! (138-1234-5678, 023 7123 4567), and addresses with a full-width ＠.
//! Plain character scanning: no regex engine is needed for these fixed shapes.

fn is_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn is_domain_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-')
}

fn is_at(c: char) -> bool {
    matches!(c, '@' | '＠')
}

/// An ASCII or full-width digit, as its ASCII digit.
fn digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        _ => None,
    }
}

/// What may stand between the groups of one number.
fn is_separator(c: char) -> bool {
    matches!(c, '-' | ' ' | '.' | '－' | '　' | '—')
}

/// The end of the local part and of the domain of an e-mail address starting at `i`.
fn email_at(chars: &[char], i: usize) -> Option<(usize, usize)> {
    let local_end = i + chars[i..].iter().take_while(|c| is_local_char(**c)).count();
    if local_end == i || !chars.get(local_end).copied().is_some_and(is_at) {
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

/// A landline with its area code: 0, then 9–11 more digits (010 / 02x / 0xxx + 7–8 digits).
fn is_landline(d: &[char]) -> bool {
    (10..=12).contains(&d.len()) && d[0] == '0' && d[1] != '0'
}

fn keep(d: &[char], head: usize, tail: usize) -> String {
    let mut s: String = d[..head].iter().collect();
    s.push_str(&"*".repeat(d.len() - head - tail));
    s.extend(&d[d.len() - tail..]);
    s
}

/// The masked form of a number made of `d` (its digits, separators left out), or `None`
/// when it is not a personal number.
fn mask_number(d: &[char]) -> Option<String> {
    let id_tail = d.last().is_some_and(|c| matches!(c, 'X' | 'x'));
    let all_digits = d.iter().all(char::is_ascii_digit);
    if d.len() == 18 && (all_digits || id_tail) {
        return Some(keep(d, 4, 4));
    }
    if d.len() == 15 && all_digits && d[0] != '0' {
        return Some(keep(d, 4, 4));
    }
    if !all_digits {
        return None;
    }
    for prefix in ["", "86", "0086"] {
        let p = prefix.len();
        if d.len() == 11 + p && d[..p].iter().copied().eq(prefix.chars()) && is_mobile(&d[p..]) {
            let mut s: String = d[..p + 3].iter().collect();
            s.push_str("****");
            s.extend(&d[p + 7..]);
            return Some(s);
        }
    }
    if is_landline(d) {
        // 010 and 02x have three-digit area codes, the others four.
        let area = if d[1] == '1' || d[1] == '2' { 3 } else { 4 };
        return Some(keep(d, area, 4));
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
        let after_digit = i > 0 && digit(chars[i - 1]).is_some();
        if digit(c).is_some() && !after_digit {
            // Digits in groups joined by single separators (138-1234-5678); the longest
            // leading run of groups that is a personal number is masked, so that a number
            // written just before another one is still found.
            let mut digits = Vec::new();
            let mut groups: Vec<(usize, usize)> = Vec::new(); // (digits so far, end in chars)
            let mut j = i;
            while j < chars.len() && digits.len() <= 20 {
                if let Some(d) = digit(chars[j]) {
                    digits.push(d);
                    j += 1;
                    continue;
                }
                groups.push((digits.len(), j));
                if is_separator(chars[j]) && chars.get(j + 1).copied().and_then(digit).is_some() {
                    j += 1;
                } else {
                    break;
                }
            }
            if groups.last().map(|g| g.1) != Some(j) {
                groups.push((digits.len(), j));
            }
            // The check character X of an ID number.
            if digits.len() == 17 && chars.get(j).is_some_and(|c| matches!(c, 'X' | 'x')) {
                digits.push(chars[j]);
                if let Some(last) = groups.last_mut() {
                    *last = (18, j + 1);
                }
            }
            let found = groups
                .iter()
                .rev()
                .find_map(|&(n, end)| mask_number(&digits[..n]).map(|m| (m, end)));
            match found {
                Some((masked, end)) => {
                    out.push_str(&masked);
                    i = end;
                }
                None => {
                    let end = groups.first().map_or(j, |g| g.1);
                    out.extend(&chars[i..end]);
                    i = end;
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

    /// The forms the security review found unmasked, and what must stay as it is.
    #[test]
    fn the_review_corpus() {
        let masked = [
            ("电话 138-1234-5678", "电话 138****5678"),
            ("电话 138 1234 5678", "电话 138****5678"),
            ("电话１３８１２３４５６７８", "电话138****5678"),
            ("办公室 023-71234567", "办公室 023****4567"),
            ("办公室 023 7123 4567", "办公室 023****4567"),
            ("北京 010-62345678", "北京 010****5678"),
            ("区号 0535-6234567", "区号 0535***4567"),
            ("老身份证 500101900101123", "老身份证 5001*******1123"),
            ("请打 13812345678 12 点后", "请打 138****5678 12 点后"),
            (
                "身份证５００１０１１９９００１０１１２３４",
                "身份证5001**********1234",
            ),
            ("邮箱 zhang＠example.com", "邮箱 z***@example.com"),
        ];
        for (raw, want) in masked {
            assert_eq!(m(raw), want, "{raw}");
        }
        let kept = [
            "2026-11-29",
            "2026年11月29日 9:30",
            "补贴 3000 元，共 12 人",
            "Q20261126-00042",
            "YSQ2026112900001",
            "渝府发〔2026〕12号",
            "0.5 公里",
            "第 1 2 3 条",
        ];
        for raw in kept {
            assert_eq!(m(raw), raw, "{raw}");
        }
    }

    /// Each shape at its edges: the shortest and longest landline, the mobile's second
    /// digit, the country prefixes, every separator, and e-mail domains that are not ones.
    #[test]
    fn shapes_at_their_edges() {
        let masked = [
            ("13012341234", "130****1234"),
            ("19912341234", "199****1234"),
            ("8613812341234", "86138****1234"),
            ("008613812341234", "0086138****1234"),
            ("0235123456", "023***3456"),
            ("02351234567", "023****4567"),
            ("075512345678", "0755****5678"),
            ("138.1234.5678", "138****5678"),
            ("138－1234－5678", "138****5678"),
            ("138　1234　5678", "138****5678"),
            ("138—1234—5678", "138****5678"),
            ("500101199001011234", "5001**********1234"),
            ("a@example.com-", "a***@example.com-"),
            ("zhang@mail-1.example.com.", "z***@mail-1.example.com."),
            // A separator joins only digits: the one after a number stays in the text.
            ("电话13812341234-转分机", "电话138****1234-转分机"),
            // Every trailing dot is the sentence's, not the domain's.
            ("写信到 a@b.cn..", "写信到 a***@b.cn.."),
        ];
        for (raw, want) in masked {
            assert_eq!(m(raw), want, "{raw}");
        }
        let kept = [
            "10812341234",
            "12812341234",
            "023512345",
            "0755123456789",
            "0012345678",
            "012345678901234",
            "8713812341234",
            "138--1234-5678",
            "5001011990010X1234",
            "a@.example.com",
            "a@example..com",
            "a@localhost",
            "@example.com",
            // Only @ and ＠ join an address; only the listed separators join a number.
            "联系zhang，example.com",
            "138/1234/5678",
            "138年1234月5678",
        ];
        for raw in kept {
            assert_eq!(m(raw), raw, "{raw}");
        }
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
