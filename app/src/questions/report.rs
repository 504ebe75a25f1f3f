//! 统计: the published monthly and per-department figures, shared by the stats page, the
//! JSON API and the CSV export.
use crate::text::csv_field;
use serde::{Deserialize, Serialize};

/// Below this many questions a department is shown as 样本较少, not ranked.
pub const SMALL_SAMPLE: u64 = 5;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StatRow {
    pub label: String,
    pub received: u64,
    pub answered: u64,
    pub answered_on_time: u64,
    /// Mean working days from receipt to answer, over the answered ones.
    pub avg_working_days: Option<f64>,
    pub rated: u64,
    /// 满意 + 基本满意.
    pub satisfied: u64,
    pub small_sample: bool,
    /// 退回: how often the department returned a routing as not theirs (departments only).
    #[serde(default)]
    pub returns: u64,
    /// 督办 issued to the department (departments only).
    #[serde(default)]
    pub supervised: u64,
}

impl StatRow {
    pub fn answered_pct(&self) -> Option<f64> {
        pct(self.answered, self.received)
    }
    pub fn on_time_pct(&self) -> Option<f64> {
        pct(self.answered_on_time, self.answered)
    }
    pub fn satisfaction_pct(&self) -> Option<f64> {
        pct(self.satisfied, self.rated)
    }
}

fn pct(a: u64, b: u64) -> Option<f64> {
    (b > 0).then(|| (a as f64) * 100.0 / (b as f64))
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Stats {
    pub year: i32,
    pub months: Vec<StatRow>,
    pub departments: Vec<StatRow>,
    pub total: StatRow,
}

pub fn fmt_pct(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.1}%")).unwrap_or_else(|| "—".into())
}

pub fn fmt_days(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.1}")).unwrap_or_else(|| "—".into())
}

/// The statistics as CSV (UTF-8 with BOM, so that spreadsheet programs read the Chinese).
pub fn to_csv(s: &Stats) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(
        "分组,名称,收到,已答复,答复率,按时答复,按时率,平均办理工作日,评价数,满意率,备注,退回,督办\r\n",
    );
    let groups = [("月份", &s.months), ("部门", &s.departments)];
    for (group, rows) in groups {
        for r in rows
            .iter()
            .chain(std::iter::once(&s.total).filter(|_| group == "部门"))
        {
            let cells = [
                group.to_string(),
                r.label.clone(),
                r.received.to_string(),
                r.answered.to_string(),
                fmt_pct(r.answered_pct()),
                r.answered_on_time.to_string(),
                fmt_pct(r.on_time_pct()),
                fmt_days(r.avg_working_days),
                r.rated.to_string(),
                fmt_pct(r.satisfaction_pct()),
                if r.small_sample {
                    "样本较少".into()
                } else {
                    String::new()
                },
                r.returns.to_string(),
                r.supervised.to_string(),
            ];
            out.push_str(
                &cells
                    .iter()
                    .map(|c| csv_field(c))
                    .collect::<Vec<_>>()
                    .join(","),
            );
            out.push_str("\r\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let s = Stats {
            year: 2026,
            months: vec![StatRow {
                label: "2026-01".into(),
                received: 3,
                answered: 2,
                answered_on_time: 1,
                ..Default::default()
            }],
            departments: vec![StatRow {
                label: "=cmd|\"x\"".into(),
                received: 1,
                small_sample: true,
                ..Default::default()
            }],
            total: StatRow {
                label: "合计".into(),
                ..Default::default()
            },
        };
        let csv = to_csv(&s);
        assert!(csv.starts_with('\u{feff}'));
        assert!(csv.contains("\"2026-01\",\"3\",\"2\",\"66.7%\",\"1\",\"50.0%\""));
        assert!(csv.contains("\"'=cmd|\"\"x\"\"\""));
        assert!(csv.contains("\"样本较少\""));
        assert!(csv.contains("\"合计\""));
    }
}
