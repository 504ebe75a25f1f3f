//! The annual report as an Excel workbook: one sheet laid out like the national format
//! (国办公开办函〔2021〕30号), tables 2–4 with their grouped headers merged, then the
//! per-column counts and the check of table 3.
use super::types::{AnnualReport, ReviewRow};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

struct Formats {
    title: Format,
    section: Format,
    head: Format,
    label: Format,
    number: Format,
    note: Format,
}

impl Formats {
    fn new() -> Formats {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        Formats {
            title: Format::new().set_bold().set_font_size(16),
            section: Format::new().set_bold().set_font_size(12),
            head: cell
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_text_wrap(),
            label: cell.clone().set_text_wrap(),
            number: cell.set_align(FormatAlign::Right),
            note: Format::new().set_italic(),
        }
    }
}

/// Writes a header cell spanning `rows` × `cols` (merged when larger than one cell).
fn head(
    ws: &mut Worksheet,
    f: &Formats,
    (row, col): (u32, u16),
    (rows, cols): (u32, u16),
    text: &str,
) -> Result<(), XlsxError> {
    if rows == 1 && cols == 1 {
        ws.write_string_with_format(row, col, text, &f.head)?;
    } else {
        ws.merge_range(row, col, row + rows - 1, col + cols - 1, text, &f.head)?;
    }
    Ok(())
}

fn numbers(
    ws: &mut Worksheet,
    f: &Formats,
    row: u32,
    col: u16,
    values: impl IntoIterator<Item = f64>,
) -> Result<(), XlsxError> {
    for (i, v) in values.into_iter().enumerate() {
        ws.write_number_with_format(row, col + i as u16, v, &f.number)?;
    }
    Ok(())
}

fn review(r: &ReviewRow) -> [f64; 5] {
    [r.upheld, r.corrected, r.other, r.pending, r.total].map(|v| v as f64)
}

const REVIEW_COLUMNS: [&str; 5] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];

/// The workbook's bytes.
pub fn xlsx(r: &AnnualReport) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("年度报告")?;
    ws.set_column_width(0, 34)?;
    for c in 1..=15 {
        ws.set_column_width(c, 11)?;
    }
    ws.write_string_with_format(0, 0, r.title(), &f.title)?;

    // 二、主动公开政府信息情况
    let mut row = 2;
    ws.write_string_with_format(row, 0, "二、主动公开政府信息情况", &f.section)?;
    row += 1;
    for (i, h) in ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
        .iter()
        .enumerate()
    {
        head(ws, &f, (row, i as u16), (1, 1), h)?;
    }
    for (name, issued) in [
        ("规章", &r.table2.regulations),
        ("行政规范性文件", &r.table2.normative),
    ] {
        row += 1;
        ws.write_string_with_format(row, 0, name, &f.label)?;
        numbers(
            ws,
            &f,
            row,
            1,
            [issued.issued, issued.repealed, issued.in_force].map(|v| v as f64),
        )?;
    }
    row += 2;
    head(ws, &f, (row, 0), (1, 1), "信息内容")?;
    head(ws, &f, (row, 1), (1, 3), "本年处理决定数量")?;
    for (name, n) in [
        ("行政许可", r.table2.permits),
        ("行政处罚", r.table2.penalties),
        ("行政强制", r.table2.coercions),
    ] {
        row += 1;
        ws.write_string_with_format(row, 0, name, &f.label)?;
        ws.merge_range(row, 1, row, 3, "", &f.number)?;
        ws.write_number_with_format(row, 1, n as f64, &f.number)?;
    }
    row += 2;
    head(ws, &f, (row, 0), (1, 1), "信息内容")?;
    head(ws, &f, (row, 1), (1, 3), "本年收费金额（单位：万元）")?;
    row += 1;
    ws.write_string_with_format(row, 0, "行政事业性收费", &f.label)?;
    ws.merge_range(row, 1, row, 3, "", &f.number)?;
    match r.table2.fees_wan.parse::<f64>() {
        Ok(v) => ws.write_number_with_format(row, 1, v, &f.number)?,
        Err(_) => ws.write_string_with_format(row, 1, &r.table2.fees_wan, &f.number)?,
    };

    // 三、收到和处理政府信息公开申请情况
    row += 2;
    ws.write_string_with_format(row, 0, "三、收到和处理政府信息公开申请情况", &f.section)?;
    row += 1;
    let cols = &r.table3.columns;
    head(
        ws,
        &f,
        (row, 0),
        (3, 1),
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    )?;
    head(ws, &f, (row, 1), (1, 7), "申请人情况")?;
    head(
        ws,
        &f,
        (row + 1, 1),
        (2, 1),
        cols.first().map_or("自然人", String::as_str),
    )?;
    head(ws, &f, (row + 1, 2), (1, 5), "法人或其他组织")?;
    head(
        ws,
        &f,
        (row + 1, 7),
        (2, 1),
        cols.get(6).map_or("总计", String::as_str),
    )?;
    for (i, c) in cols.iter().enumerate().skip(1).take(5) {
        head(ws, &f, (row + 2, i as u16 + 1), (1, 1), c)?;
    }
    row += 2;
    for r3 in &r.table3.rows {
        row += 1;
        ws.write_string_with_format(row, 0, &r3.label, &f.label)?;
        numbers(ws, &f, row, 1, r3.values.iter().map(|v| *v as f64))?;
    }
    row += 1;
    ws.write_string_with_format(
        row,
        0,
        if r.consistent {
            "核对：一 + 二 = 三 + 四，各列一致"
        } else {
            "核对：一 + 二 ≠ 三 + 四，请检查数据"
        },
        &f.note,
    )?;

    // 四、政府信息公开行政复议、行政诉讼情况
    row += 2;
    ws.write_string_with_format(row, 0, "四、政府信息公开行政复议、行政诉讼情况", &f.section)?;
    row += 1;
    let t4 = &r.table4;
    head(ws, &f, (row, 0), (3, 1), "类别")?;
    head(ws, &f, (row, 1), (2, 5), "行政复议")?;
    head(ws, &f, (row, 6), (1, 10), "行政诉讼")?;
    head(ws, &f, (row + 1, 6), (1, 5), "未经复议直接起诉")?;
    head(ws, &f, (row + 1, 11), (1, 5), "复议后起诉")?;
    for group in 0..3u16 {
        for (i, c) in REVIEW_COLUMNS.iter().enumerate() {
            head(ws, &f, (row + 2, 1 + group * 5 + i as u16), (1, 1), c)?;
        }
    }
    row += 3;
    ws.write_string_with_format(row, 0, "件数", &f.label)?;
    let all: Vec<f64> = [
        review(&t4.review),
        review(&t4.litigation_direct),
        review(&t4.litigation_after_review),
    ]
    .concat();
    numbers(ws, &f, row, 1, all)?;

    // The seed report's count of items published per column.
    row += 2;
    ws.write_string_with_format(row, 0, "各栏目本年发布信息条数", &f.section)?;
    row += 1;
    head(ws, &f, (row, 0), (1, 1), "栏目")?;
    head(ws, &f, (row, 1), (1, 1), "条数")?;
    for c in &r.column_counts {
        row += 1;
        ws.write_string_with_format(row, 0, &c.name, &f.label)?;
        ws.write_number_with_format(row, 1, c.count as f64, &f.number)?;
    }
    row += 1;
    ws.write_string_with_format(row, 0, "合计", &f.label)?;
    ws.write_number_with_format(row, 1, r.documents_total as f64, &f.number)?;

    wb.save_to_buffer()
}
