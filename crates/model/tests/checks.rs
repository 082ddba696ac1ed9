//! Spec §7: every reality check passes for "As reported" (and #21 for "Company plan").

#[test]
fn every_reality_check_passes() {
    let results = gigawatt_model::checks::run_checks();
    assert!(results.len() >= 22);
    let failures: Vec<String> = results
        .iter()
        .filter(|c| !c.passed())
        .map(|c| {
            format!(
                "#{} {}: {:.3} {} not in [{:.3}, {:.3}] ({})",
                c.id, c.metric, c.value, c.unit, c.low, c.high, c.target
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "failed checks:\n{}",
        failures.join("\n")
    );
}

#[test]
fn checks_read_their_reported_values_from_the_observations_table() {
    // Every check names a target whose band contains the reported figure it was built from: if a row of the
    // table went missing, `reported` would be NaN and the band with it, and the check would fail.
    for c in gigawatt_model::checks::run_checks() {
        assert!(
            c.low.is_finite() && c.high.is_finite() && c.low < c.high,
            "#{} {}",
            c.id,
            c.metric
        );
    }
    let revenue = gigawatt_model::observation("revenue-2026q1").unwrap();
    let q1 = gigawatt_model::checks::run_checks()
        .into_iter()
        .find(|c| c.id == 22)
        .unwrap();
    assert!(
        (q1.low - revenue.value * 0.85).abs() < 1e-12
            && (q1.high - revenue.value * 1.15).abs() < 1e-12
    );
}

#[test]
fn the_gb200_module_of_check_16_is_simulated_and_reproduces_epochs_other_figures() {
    use gigawatt_model::checks::{gb200_module_scenario, owned_gb200_module_tco};
    let run = gigawatt_model::simulate(&gb200_module_scenario(5.0));
    // The run holds the module and nothing else: 1 GW online from January 2027, all its capex that month.
    let jan_2027 = run
        .index_of(gigawatt_model::Month::from_ym(2027, 1))
        .unwrap();
    assert!((run.series.it_gw[jan_2027] - 1.0).abs() < 1e-9);
    assert_eq!(run.series.it_gw[jan_2027 - 1], 0.0);
    let capex: f64 = run.series.capex_usd_b.iter().sum();
    assert!((capex - run.series.capex_usd_b[jan_2027]).abs() < 1e-9);
    assert!(
        (36.0..=44.0).contains(&capex),
        "servers plus building ≈ Epoch's $38B: {capex}"
    );
    // Epoch: energy ≈ $0.6B a year; a 3-year server life → about $12B a year.
    let energy = run.annual_sum("power_cost_usd_b", 2029);
    assert!((0.5..=0.7).contains(&energy), "energy {energy}");
    let three_year = owned_gb200_module_tco(3.0);
    assert!(
        (10.8..=13.2).contains(&three_year),
        "3-year life: {three_year}"
    );
    // A longer life costs less per year, through the run, not by arithmetic on constants.
    assert!(owned_gb200_module_tco(6.0) < owned_gb200_module_tco(5.0));
}
