//! Free text as every form takes it, and text as spreadsheets read it: one copy each.

/// Trims and checks a free text: at least `min` and at most `max` characters (an empty text
/// is "missing" unless `min` is 0), line breaks normalised to `\n`, and no control characters
/// other than line breaks and tabs.
pub fn parse_text(raw: &str, what: &str, min: usize, max: usize) -> Result<String, String> {
    let s = raw.trim().replace("\r\n", "\n");
    let n = s.chars().count();
    if n == 0 && min > 0 {
        return Err(format!("请填写{what}"));
    }
    if n < min {
        return Err(format!("{what}至少 {min} 个字"));
    }
    if n > max {
        return Err(format!("{what}最多 {max} 个字（现有 {n} 个）"));
    }
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(format!("{what}不能包含控制字符"));
    }
    Ok(s)
}

/// One CSV cell, always quoted. A leading `=`, `+`, `-` or `@` would make a spreadsheet run
/// the text as a formula (CSV injection), so such a cell starts with an apostrophe.
pub fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    format!("\"{}\"", s.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(
            parse_text("  医保 \r\n报销 ", "内容", 2, 10).unwrap(),
            "医保 \n报销"
        );
        assert_eq!(parse_text("", "标题", 1, 10).unwrap_err(), "请填写标题");
        assert_eq!(parse_text("", "草稿", 0, 10).unwrap(), "");
        assert!(parse_text("短", "标题", 2, 10).is_err());
        assert!(parse_text(&"长".repeat(11), "标题", 1, 10).is_err());
        assert!(parse_text("a\u{7}b", "标题", 1, 10).is_err());
        assert!(parse_text("a\tb", "标题", 1, 10).is_ok());
    }

    #[test]
    fn csv_cells_are_quoted_and_never_formulas() {
        assert_eq!(csv_field("区民政局"), "\"区民政局\"");
        assert_eq!(csv_field("a\"b"), "\"a\"\"b\"");
        for f in ["=1+1", "+1", "-1", "@SUM(A1)"] {
            assert!(csv_field(f).starts_with("\"'"), "{f}");
        }
    }
}
