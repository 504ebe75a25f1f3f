//! The annual report as CSV.
use super::types::AnnualReport;
use crate::text::csv_field;

/// The report as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese correctly).
pub fn csv(r: &AnnualReport) -> String {
    let mut out = String::from("\u{feff}");
    let mut line = |cells: Vec<String>| {
        out.push_str(
            &cells
                .iter()
                .map(|c| csv_field(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    };
    line(vec![r.title()]);
    line(vec!["二、主动公开政府信息情况".into()]);
    line(vec![
        "信息内容".into(),
        "本年制发件数".into(),
        "本年废止件数".into(),
        "现行有效件数".into(),
    ]);
    for (name, row) in [
        ("规章", &r.table2.regulations),
        ("行政规范性文件", &r.table2.normative),
    ] {
        line(vec![
            name.into(),
            row.issued.to_string(),
            row.repealed.to_string(),
            row.in_force.to_string(),
        ]);
    }
    line(vec![
        "行政许可（本年处理决定数量）".into(),
        r.table2.permits.to_string(),
    ]);
    line(vec![
        "行政处罚（本年处理决定数量）".into(),
        r.table2.penalties.to_string(),
    ]);
    line(vec![
        "行政强制（本年处理决定数量）".into(),
        r.table2.coercions.to_string(),
    ]);
    line(vec![
        "行政事业性收费（本年收费金额，万元）".into(),
        r.table2.fees_wan.clone(),
    ]);
    line(vec![]);
    line(vec!["三、收到和处理政府信息公开申请情况".into()]);
    let mut head = vec!["项目".to_string()];
    head.extend(r.table3.columns.iter().cloned());
    line(head);
    for row in &r.table3.rows {
        let mut cells = vec![row.label.clone()];
        cells.extend(row.values.iter().map(|v| v.to_string()));
        line(cells);
    }
    line(vec![]);
    line(vec!["四、政府信息公开行政复议、行政诉讼情况".into()]);
    line(vec![
        "类别".into(),
        "结果维持".into(),
        "结果纠正".into(),
        "其他结果".into(),
        "尚未审结".into(),
        "总计".into(),
    ]);
    for (name, row) in [
        ("行政复议", &r.table4.review),
        ("行政诉讼 未经复议直接起诉", &r.table4.litigation_direct),
        ("行政诉讼 复议后起诉", &r.table4.litigation_after_review),
    ] {
        line(vec![
            name.into(),
            row.upheld.to_string(),
            row.corrected.to_string(),
            row.other.to_string(),
            row.pending.to_string(),
            row.total.to_string(),
        ]);
    }
    line(vec![]);
    line(vec!["栏目".into(), "本年发布信息条数".into()]);
    for c in &r.column_counts {
        line(vec![c.name.clone(), c.count.to_string()]);
    }
    line(vec!["合计".into(), r.documents_total.to_string()]);
    line(vec![
        "一+二=三+四".into(),
        if r.consistent { "一致" } else { "不一致" }.into(),
    ]);
    out
}
