//! How close Monte Carlo draws come to the gross-margin ceiling (spec v2 §6): for 200 draws around every
//! preset, how many have a calendar year above 80% (with demand fully served) and the highest year seen.
//! `cargo run --release -p gigawatt-model --example gmscan`
use gigawatt_model::{simulate, PresetId, Scenario};
fn main() {
    for preset in PresetId::ALL {
        let base = Scenario::preset(preset);
        let (mut bad, mut worst) = (0, 0.0f64);
        for index in 0..200 {
            let run = simulate(&gigawatt_model::montecarlo::sample_scenario(&base, index));
            let mut hit = false;
            for year in run.years() {
                let rationed = run
                    .months
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| m.year() == year)
                    .any(|(i, _)| run.series.demand_coverage[i] < 1.0);
                if rationed {
                    continue;
                }
                let gm = run.annual("gross_margin", year).unwrap();
                worst = worst.max(gm);
                hit |= gm > 0.80;
            }
            bad += hit as u32;
        }
        println!(
            "{:22} draws over 80%: {bad:3}/200, worst {worst:.4}",
            preset.slug()
        );
    }
}
