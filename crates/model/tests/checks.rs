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
