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
