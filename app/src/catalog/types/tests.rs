//! The catalog's field parsers, statuses and 索引号 rules, each checked at its edges.
use super::*;

#[test]
fn index_no_default_pattern() {
    assert_eq!(
        format_index_no(DEFAULT_INDEX_PATTERN, "000014349", 2017, 110),
        "000014349/2017-00110"
    );
    assert!(parse_index_pattern("NC-{org}-{year}-{serial}").is_ok());
    assert!(parse_index_pattern(DEFAULT_INDEX_PATTERN).is_ok());
    for (bad, names) in [
        ("{org}-{year}", "{serial}"),
        ("{org}-{serial}", "{year}"),
        ("{year}-{serial}", "{org}"),
        ("{serial}", "{org}、{year}"),
        ("{org}/{year}-{serial}-{serial}", "{serial}"),
    ] {
        let e = parse_index_pattern(bad).unwrap_err();
        assert!(e.ends_with(&format!("{names} 不符")), "{bad}: {e}");
    }
    // 60 characters at most, counted after trimming.
    let longest = format!("{}{{org}}{{year}}{{serial}}", "N".repeat(60 - 19));
    assert_eq!(
        parse_index_pattern(&format!(" {longest} ")),
        Ok(longest.clone())
    );
    assert_eq!(
        parse_index_pattern(&format!("N{longest}")),
        Err("索引号格式最多 60 个字符".into())
    );
    assert_eq!(
        parse_index_pattern("{org}\t{year}{serial}"),
        Err("索引号格式不能包含控制字符".into())
    );
}

#[test]
fn validity_round_trips() {
    for v in Validity::ALL {
        assert_eq!(Validity::parse(v.as_str()), Ok(v));
    }
    assert!(Validity::parse("void").is_err());
    assert_eq!(Validity::Repealed.label(), "已废止");
}

#[test]
fn keywords_split_and_dedupe() {
    let k = parse_keywords(&["医保, 养老、医保".into(), " ".into()]).unwrap();
    assert_eq!(k, vec!["医保", "养老"]);
    assert!(parse_keywords(&[(0..11).map(|i| format!("词{i} ")).collect()]).is_err());
}

#[test]
fn fields_parse() {
    assert!(parse_title("  ").is_err());
    assert_eq!(parse_title(" 通知 ").unwrap(), "通知");
    assert!(parse_date("2026-02-30", "成文日期").is_err());
    assert!(parse_date("", "成文日期").unwrap_err().contains("请填写"));
    assert_eq!(parse_doc_no(Some(" ")).unwrap(), None);
    let offered = subjects();
    assert!(parse_subject(Some("不存在"), &offered).is_err());
    assert_eq!(parse_subject(None, &offered).unwrap(), "综合政务");
}

/// Each limit at its edge: the longest accepted, one more refused (cargo-mutants found
/// the edges unchecked by unit tests).
#[test]
fn every_field_is_limited_at_its_edge() {
    let t = |n: usize| "标".repeat(n);
    assert_eq!(parse_title(&t(200)).unwrap().chars().count(), 200);
    assert_eq!(parse_title(&t(201)), Err("标题最多 200 个字".into()));
    assert_eq!(parse_title("通\u{7}知"), Err("标题不能包含控制字符".into()));
    assert_eq!(
        parse_body(" 第一段。\r\n第二段。 "),
        Ok("第一段。\n第二段。".into())
    );
    assert_eq!(parse_body("  "), Err("请填写正文".into()));
    assert_eq!(parse_body(&t(100_000)).unwrap().chars().count(), 100_000);
    assert_eq!(parse_body(&t(100_001)), Err("正文最多 100000 个字".into()));
    assert_eq!(
        parse_doc_no(Some(" 南川府发〔2026〕3号 ")),
        Ok(Some("南川府发〔2026〕3号".into()))
    );
    assert_eq!(parse_doc_no(Some(&t(60))), Ok(Some(t(60))));
    assert_eq!(parse_doc_no(Some(&t(61))), Err("文号最多 60 个字".into()));
    assert_eq!(parse_doc_no(None), Ok(None));
    assert_eq!(
        parse_doc_no(Some("府发\u{0}3号")),
        Err("文号不能包含控制字符".into())
    );
    assert_eq!(
        parse_subject(Some(" 卫生、体育 "), &subjects()),
        Ok("卫生、体育".into())
    );
    assert_eq!(parse_keywords(&[t(20)]), Ok(vec![t(20)]));
    assert_eq!(
        parse_keywords(&[t(21)]),
        Err("每个主题词最多 20 个字".into())
    );
    let ten: Vec<String> = (0..10).map(|i| format!("词{i}")).collect();
    assert_eq!(parse_keywords(&ten).unwrap().len(), 10);
    assert_eq!(
        parse_revision_note(Some(" 更正第二段文字 ")),
        Ok("更正第二段文字".into())
    );
    assert_eq!(
        parse_revision_note(None),
        Err("修改已发布的文件须填写修订说明".into())
    );
    assert_eq!(parse_revision_note(Some(&t(200))), Ok(t(200)));
    assert_eq!(
        parse_revision_note(Some(&t(201))),
        Err("修订说明最多 200 个字".into())
    );
    assert_eq!(
        parse_revision_note(Some("更正\u{1b}")),
        Err("修订说明不能包含控制字符".into())
    );
}

#[test]
fn a_publishing_day_ahead_schedules_and_today_publishes() {
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    let today = d("2026-03-05");
    assert_eq!(
        DocStatus::on_publishing(d("2026-03-06"), today),
        DocStatus::Scheduled
    );
    assert_eq!(DocStatus::on_publishing(today, today), DocStatus::Published);
    assert_eq!(
        DocStatus::on_publishing(d("2026-03-04"), today),
        DocStatus::Published
    );
    for s in [DocStatus::Draft, DocStatus::Scheduled, DocStatus::Published] {
        assert_eq!(DocStatus::parse(s.as_str()), Ok(s));
    }
    assert_eq!(DocStatus::Scheduled.as_str(), "scheduled");
    assert_eq!(DocStatus::Scheduled.label(), "定时发布");
}

#[test]
fn paragraphs_drop_markup_markers_and_blanks() {
    assert_eq!(
        paragraphs("## 一、总体情况\n\n<b>正文</b>\n"),
        vec!["一、总体情况", "<b>正文</b>"]
    );
}

/// Some of the State Council's 主题分类, as the database offers them.
fn subjects() -> Vec<String> {
    ["综合政务", "卫生、体育", "国防"]
        .map(String::from)
        .to_vec()
}

#[test]
fn interpretations_are_read_line_by_line_from_the_form() {
    let got =
        interpretation_lines("文字 12\n\n 图解 15 \nvideo https://v.example.gov.cn/1").unwrap();
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].kind, "text");
    assert_eq!(
        got[0].document_id.as_ref().and_then(|n| n.value::<i32>()),
        Some(12)
    );
    assert_eq!(got[1].kind, "graphic");
    assert_eq!(got[2].kind, "video");
    assert_eq!(got[2].url.as_deref(), Some("https://v.example.gov.cn/1"));
    assert_eq!(
        interpretation_lines("文字 12\n音频 3"),
        Err("第 2 行须以“文字”“图解”或“视频”开头，如：文字 12".into())
    );
    assert_eq!(interpretation_lines("  \n"), Ok(vec![]));
}

#[test]
fn a_video_link_is_a_web_address() {
    assert_eq!(
        parse_video_url(Some(" https://v.example.gov.cn/jd/1 ")),
        Ok("https://v.example.gov.cn/jd/1".into())
    );
    for bad in [
        "javascript:alert(1)",
        "ftp://x.cn/a",
        "https://",
        "https://x.cn/a b",
        "v.example.gov.cn",
    ] {
        assert!(parse_video_url(Some(bad)).is_err(), "{bad}");
    }
    assert_eq!(parse_video_url(None), Err("请填写视频解读的链接".into()));
    let long = format!("https://v.example.gov.cn/{}", "a".repeat(480));
    assert!(parse_video_url(Some(&long)).is_err());
}

#[test]
fn a_summary_is_optional_and_short() {
    assert_eq!(parse_summary(None), Ok(None));
    assert_eq!(parse_summary(Some("  ")), Ok(None));
    assert_eq!(
        parse_summary(Some(" 明确补贴标准。 ")),
        Ok(Some("明确补贴标准。".into()))
    );
    assert_eq!(
        parse_summary(Some(&"概".repeat(500))).map(|s| s.map(|s| s.chars().count())),
        Ok(Some(500))
    );
    assert!(parse_summary(Some(&"概".repeat(501))).is_err());
}
