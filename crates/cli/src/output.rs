//! Tables of series for printing as JSON or CSV.

use gigawatt_model::{Run, Summary, Tornado, SERIES_NAMES};
use serde_json::{json, Map, Value};

/// Rows (months or years) by columns (series).
pub struct Table {
    /// "months" or "years".
    pub row_key: &'static str,
    pub rows: Vec<String>,
    pub columns: Vec<(String, Vec<f64>)>,
}

/// The requested series names, or all of them; an unknown name is an error that lists the known ones.
pub fn select(requested: &[String]) -> Result<Vec<&'static str>, String> {
    if requested.is_empty() {
        return Ok(SERIES_NAMES.to_vec());
    }
    requested
        .iter()
        .map(|name| {
            SERIES_NAMES
                .iter()
                .find(|n| **n == name.trim())
                .copied()
                .ok_or_else(|| {
                    format!(
                        "unknown series '{name}'; known series: {}",
                        SERIES_NAMES.join(", ")
                    )
                })
        })
        .collect()
}

pub fn monthly(run: &Run, names: &[&str]) -> Table {
    Table {
        row_key: "months",
        rows: run.months.iter().map(|m| m.to_string()).collect(),
        columns: names
            .iter()
            .map(|n| (n.to_string(), run.series(n).unwrap_or_default().to_vec()))
            .collect(),
    }
}

pub fn annual(run: &Run, names: &[&str]) -> Table {
    let years: Vec<i32> = run.years().collect();
    Table {
        row_key: "years",
        rows: years.iter().map(|y| y.to_string()).collect(),
        columns: names
            .iter()
            .map(|n| {
                (
                    n.to_string(),
                    years
                        .iter()
                        .map(|y| run.annual(n, *y).unwrap_or(0.0))
                        .collect(),
                )
            })
            .collect(),
    }
}

impl Table {
    /// `{"months": [...], "series": {name: [...]}}` (or "years" for annual tables).
    pub fn to_json(&self) -> String {
        let mut series = Map::new();
        for (name, values) in &self.columns {
            series.insert(name.clone(), json!(values));
        }
        let mut root = Map::new();
        root.insert(self.row_key.to_string(), json!(self.rows));
        root.insert("series".into(), Value::Object(series));
        Value::Object(root).to_string()
    }

    /// One row per month (or year), one column per series, with a header row.
    pub fn to_csv(&self) -> String {
        let mut out = String::with_capacity(self.rows.len() * self.columns.len() * 10);
        out.push_str(self.row_key.trim_end_matches('s'));
        for (name, _) in &self.columns {
            out.push(',');
            out.push_str(name);
        }
        out.push('\n');
        for (i, row) in self.rows.iter().enumerate() {
            out.push_str(row);
            for (_, values) in &self.columns {
                out.push(',');
                out.push_str(&values[i].to_string());
            }
            out.push('\n');
        }
        out
    }
}

/// Monthly fans: one row per month, `<series>_p10/_p50/_p90/_mean` columns.
pub fn fans_csv(summary: &Summary) -> String {
    let mut out = String::from("month");
    for fan in &summary.fans {
        for stat in ["p10", "p50", "p90", "mean"] {
            out.push_str(&format!(",{}_{stat}", fan.name));
        }
    }
    out.push('\n');
    for (i, month) in summary.months.iter().enumerate() {
        out.push_str(&month.to_string());
        for fan in &summary.fans {
            for v in [fan.p10[i], fan.p50[i], fan.p90[i], fan.mean[i]] {
                out.push_str(&format!(",{v}"));
            }
        }
        out.push('\n');
    }
    out
}

/// Tornado bars ranked by their swing of the funding gap.
pub fn tornado_csv(t: &Tornado) -> String {
    let mut out = format!(
        "parameter,low,high,gap_{y}_at_low_usd_b,gap_{y}_at_high_usd_b,revenue_{y}_at_low_usd_b,revenue_{y}_at_high_usd_b\n",
        y = t.year
    );
    for b in &t.by_gap {
        out.push_str(&format!(
            "{},{},{},{},{},{},{}\n",
            b.key, b.low, b.high, b.gap_at_low, b.gap_at_high, b.revenue_at_low, b.revenue_at_high
        ));
    }
    out
}
