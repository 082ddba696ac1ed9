//! All monthly outputs of a run as one CSV: the format of `gigawatt run --format csv`, so a file saved from the
//! browser and one printed by the command line can be compared or swapped.

use gigawatt_model::Run;

/// One row per month, one column per series of [`Run::series_names`], after a header row
/// `month,<series…>`. Months print as "2025-01"; values as Rust prints an `f64` (shortest text that reads
/// back to the same number), exactly as the command line does. Lines end in `\n`.
pub fn outputs_csv(run: &Run) -> String {
    let columns: Vec<(&str, &[f64])> = run.series.iter().collect();
    let mut out = String::with_capacity((run.months.len() + 1) * (columns.len() + 1) * 12);
    out.push_str("month");
    for (name, _) in &columns {
        out.push(',');
        out.push_str(name);
    }
    out.push('\n');
    for (i, month) in run.months.iter().enumerate() {
        out.push_str(&month.to_string());
        for (_, values) in &columns {
            out.push(',');
            // Every series has one value per month; a short one would be a model bug, shown as 0
            // like the command line's annual table rather than a panic.
            out.push_str(&values.get(i).copied().unwrap_or(0.0).to_string());
        }
        out.push('\n');
    }
    out
}
