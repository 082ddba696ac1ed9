//! The `gigawatt` command as a user runs it.

use assert_cmd::Command;

fn gigawatt() -> Command {
    Command::cargo_bin("gigawatt").expect("binary built")
}

fn stdout(args: &[&str]) -> String {
    let out = gigawatt().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn run_prints_json_with_months_and_every_required_series() {
    let json: serde_json::Value = serde_json::from_str(&stdout(&["run"])).unwrap();
    let months = json["months"].as_array().unwrap();
    assert_eq!(months.len(), 180);
    assert_eq!(months[0], "2025-01");
    assert_eq!(months[179], "2039-12");
    for name in [
        "revenue_usd_b",
        "arr_usd_b",
        "weekly_users",
        "paid_subscribers",
        "it_gw",
        "h100e",
        "inference_demand_h100e",
        "training_h100e",
        "idle_h100e",
        "utilisation",
        "demand_coverage",
        "compute_cost_usd_b",
        "cost_of_revenue_usd_b",
        "rev_share_usd_b",
        "gross_margin",
        "operating_income_usd_b",
        "burn_usd_b",
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
        "ownership_softbank",
        "ownership_amazon",
        "ownership_nvidia",
        "ownership_other_investors",
        "ownership_employees",
        "ownership_public",
    ] {
        let values = json["series"][name]
            .as_array()
            .unwrap_or_else(|| panic!("missing {name}"));
        assert_eq!(values.len(), 180, "{name}");
    }
}

#[test]
fn run_prints_csv_monthly_and_annual() {
    let csv = stdout(&[
        "run",
        "--preset",
        "bear",
        "--format",
        "csv",
        "--series",
        "revenue_usd_b,it_gw",
    ]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "month,revenue_usd_b,it_gw");
    assert_eq!(lines.len(), 181);
    assert!(lines[1].starts_with("2025-01,"));
    let annual = stdout(&[
        "run",
        "--annual",
        "--format",
        "csv",
        "--series",
        "revenue_usd_b",
    ]);
    let rows: Vec<&str> = annual.lines().collect();
    assert_eq!(rows[0], "year,revenue_usd_b");
    assert_eq!(rows.len(), 16);
    let revenue_2025: f64 = rows[1].split(',').nth(1).unwrap().parse().unwrap();
    assert!((11.0..15.0).contains(&revenue_2025), "{revenue_2025}");
}

#[test]
fn scenario_files_round_trip_through_the_command() {
    let dir = std::env::temp_dir().join(format!("gigawatt-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bull.json");
    std::fs::write(&file, stdout(&["scenario", "--preset", "bull"])).unwrap();
    let from_file = stdout(&[
        "run",
        "--scenario",
        file.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert_eq!(
        from_file,
        stdout(&["run", "--preset", "bull", "--format", "csv"])
    );
    let partial = dir.join("partial.json");
    std::fs::write(
        &partial,
        r#"{"preset": "bull", "params": {"base_delay_months": 12}}"#,
    )
    .unwrap();
    assert_ne!(
        stdout(&[
            "run",
            "--scenario",
            partial.to_str().unwrap(),
            "--format",
            "csv"
        ]),
        from_file
    );
}

#[test]
fn bad_input_exits_2_with_a_message_naming_the_problem() {
    let dir = std::env::temp_dir().join(format!("gigawatt-cli-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases = [
        (
            "{\"params\": {\"pue\": 9}}",
            "pue: PUE must be between 1.1 and 1.4",
        ),
        (
            "{\"params\": {\"no_such_knob\": 1}}",
            "unknown parameter 'no_such_knob'",
        ),
        ("{ \"preset\": \"as-reported\",\n  broken", "line 2"),
        ("{\"contracts\": [{\"id\": \"X\"}]}", "missing field"),
    ];
    for (i, (text, message)) in cases.iter().enumerate() {
        let file = dir.join(format!("bad{i}.json"));
        std::fs::write(&file, text).unwrap();
        let out = gigawatt()
            .args(["run", "--scenario", file.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{text}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(message), "{text}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("backtrace"),
            "{err}"
        );
    }
    let out = gigawatt()
        .args(["run", "--preset", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("as-reported"));
    let out = gigawatt()
        .args(["run", "--series", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn presets_check_and_bench() {
    let presets = stdout(&["presets"]);
    assert_eq!(presets.lines().count(), 15);
    for id in [
        "as-reported",
        "company-plan",
        "bull",
        "bear",
        "nvidia-only",
        "asic-heavy",
        "no-milestone",
        "growth-stalls",
        "lois-lapse",
        "power-constrained",
        "nvidia-loi-financing",
        "credit-crunch",
        "ipo-2026",
        "company-plan-2026",
        "hsbc-2025-11",
    ] {
        assert!(presets.lines().any(|l| l.starts_with(id)), "{id}");
    }
    let check = stdout(&["check"]);
    assert!(
        check.lines().last().unwrap().ends_with(" 0 failed"),
        "{check}"
    );
    // Two lists: calibration targets naming what was fitted, then validation checks.
    let calibration = check.find("Calibration targets").expect("calibration list");
    let validation = check.find("Validation checks").expect("validation list");
    assert!(calibration < validation);
    assert!(
        check[calibration..validation].contains("fitted: eta_2025"),
        "{check}"
    );
    for id in 22..=30 {
        assert!(
            check.contains(&format!("#{id} ")),
            "check #{id} missing:\n{check}"
        );
    }
    let bench = stdout(&["bench", "--iterations", "20"]);
    assert!(bench.contains("median"), "{bench}");
    assert!(stdout(&["params"]).contains("base_delay_months"));
}

#[test]
fn a_run_the_decisions_bite_says_why_on_stderr() {
    // No equity beyond committed rounds and a high cash floor: the lab runs short, and says so.
    let dir = std::env::temp_dir().join(format!("gigawatt-cli-short-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("short.json");
    std::fs::write(
        &path,
        r#"{"preset": "as-reported", "params": {"equity_capacity_share": 0, "min_cash_abs": 50}}"#,
    )
    .unwrap();
    let out = gigawatt()
        .args([
            "run",
            "--scenario",
            path.to_str().unwrap(),
            "--annual",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("gigawatt: distress from 20"), "{stderr}");
    assert!(stderr.contains("options lapsed"), "{stderr}");
    // The table itself stays clean and finite.
    let csv = String::from_utf8(out.stdout).unwrap();
    let cells = csv.lines().skip(1).flat_map(|l| l.split(','));
    assert!(cells.map(|c| c.parse::<f64>().unwrap()).all(f64::is_finite));
    // The default scenario never runs short, so it says nothing of distress.
    let quiet = gigawatt()
        .args(["run", "--annual", "--format", "csv"])
        .output()
        .unwrap();
    assert!(!String::from_utf8(quiet.stderr)
        .unwrap()
        .contains("distress"));
}
