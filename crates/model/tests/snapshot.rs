//! A snapshot of "As reported"'s annual figures, checked in so that any change in the economics shows up in
//! review. After an intended change: `UPDATE_SNAPSHOTS=1 cargo test -p gigawatt-model --test snapshot`, then
//! read the diff of `tests/snapshots/as-reported-annual.txt` like any other change.

use gigawatt_model::{simulate, PresetId, Scenario};

const SERIES: &[&str] = &[
    "revenue_usd_b",
    "arr_usd_b",
    "weekly_users",
    "paid_subscribers",
    "it_gw",
    "h100e",
    "inference_demand_h100e",
    "training_h100e",
    "utilisation",
    "demand_coverage",
    "procured_gw",
    "compute_cost_usd_b",
    "cost_of_revenue_usd_b",
    "gross_margin",
    "operating_income_usd_b",
    "burn_usd_b",
    "equity_raised_usd_b",
    "cash_usd_b",
    "cash_committed_only_usd_b",
    "funding_gap_usd_b",
    "runway_months",
    "debt_usd_b",
    "obligations_binding_usd_b",
    "obligations_announced_usd_b",
    "commitments_signed_usd_b",
    "valuation_usd_b",
    "cost_per_mtok_usd",
    "revenue_per_mtok_usd",
    "ownership_foundation",
    "ownership_microsoft",
    "ownership_employees",
    "ownership_other_investors",
];

/// Six significant digits: enough to see any real change, robust to last-bit noise across platforms.
fn cell(x: f64) -> String {
    if x == 0.0 {
        return "0".into();
    }
    let digits = (5 - x.abs().log10().floor() as i32).max(0) as usize;
    format!("{x:.digits$}")
}

fn render(preset: PresetId) -> String {
    let run = simulate(&Scenario::preset(preset));
    let years: Vec<i32> = run.years().collect();
    let mut out = format!(
        "# Annual figures of '{}' (flows summed, stocks at year end)\nseries",
        preset.slug()
    );
    for y in &years {
        out.push_str(&format!("\t{y}"));
    }
    out.push('\n');
    for name in SERIES {
        out.push_str(name);
        for y in &years {
            out.push('\t');
            out.push_str(&cell(run.annual(name, *y).expect("known series")));
        }
        out.push('\n');
    }
    out
}

#[test]
fn as_reported_annual_figures_match_the_snapshot() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots/as-reported-annual.txt");
    let actual = render(PresetId::AsReported);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &actual).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .expect("snapshot file exists (UPDATE_SNAPSHOTS=1 creates it)");
    if actual != expected {
        let changed: Vec<String> = actual
            .lines()
            .zip(expected.lines())
            .filter(|(a, e)| a != e)
            .map(|(a, e)| format!("  now:  {a}\n  was:  {e}"))
            .collect();
        panic!(
            "the economics changed; if intended, run UPDATE_SNAPSHOTS=1 cargo test -p gigawatt-model --test snapshot\n{}",
            changed.join("\n")
        );
    }
}
