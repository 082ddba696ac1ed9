//! `--link`: the CLI runs a share link exactly as the app would, and never refuses one.

use assert_cmd::Command;
use gigawatt_model::link::{encode, LinkState, View};
use gigawatt_model::{ParamId, PresetId, Scenario};

fn gigawatt(args: &[&str]) -> (bool, String, String) {
    let out = Command::cargo_bin("gigawatt")
        .expect("binary built")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn bear_with_pue() -> Scenario {
    let mut s = Scenario::preset(PresetId::Bear);
    s.params[ParamId::Pue] = 1.3;
    s.name = "Bear, hot".into();
    s
}

fn link_of(s: &Scenario, pinned: Option<Scenario>) -> String {
    let state = LinkState {
        scenario: s.clone(),
        pinned,
        view: View {
            tab: Some("charts".into()),
            year: Some(2030),
            embed: None,
            theme: None,
        },
    };
    format!("https://gigawatt.example/?{}", encode(&state))
}

#[test]
fn scenario_from_a_link_is_the_linked_scenario() {
    let s = bear_with_pue();
    let (ok, out, err) = gigawatt(&["scenario", "--link", &link_of(&s, None)]);
    assert!(ok, "{err}");
    assert_eq!(err, "");
    assert_eq!(Scenario::from_json(&out).unwrap(), s);
}

#[test]
fn run_and_params_read_links_like_presets() {
    let link = link_of(&Scenario::preset(PresetId::Bull), None);
    let args = [
        "run",
        "--annual",
        "--series",
        "revenue_usd_b,cash_usd_b",
        "--format",
        "csv",
    ];
    let (ok, from_link, err) = gigawatt(&[&args[..], &["--link", &link]].concat());
    let (_, from_preset, preset_err) = gigawatt(&[&args[..], &["--preset", "bull"]].concat());
    // No warning about the link: stderr holds only the run's notes, the same as the preset's.
    assert!(ok && err == preset_err, "{err}");
    assert_eq!(from_link, from_preset);

    let (ok, params, _) = gigawatt(&["params", "--link", &link_of(&bear_with_pue(), None)]);
    assert!(ok);
    let pue = params.lines().find(|l| l.starts_with("pue ")).unwrap();
    assert!(pue.contains("1.3"), "{pue}");
}

#[test]
fn a_pinned_comparison_is_noted_and_the_main_scenario_runs() {
    let link = link_of(&bear_with_pue(), Some(Scenario::preset(PresetId::Bull)));
    let (ok, out, err) = gigawatt(&["scenario", "--link", &link]);
    assert!(ok);
    assert_eq!(Scenario::from_json(&out).unwrap(), bear_with_pue());
    assert!(err.contains("pins 'Bull' for comparison"), "{err}");
}

#[test]
fn a_bad_link_warns_and_still_runs() {
    let (ok, out, err) = gigawatt(&[
        "run",
        "--annual",
        "--series",
        "revenue_usd_b",
        "--link",
        "https://gigawatt.example/?v=1&s=%%%garbage!!&utm_source=feed",
    ]);
    assert!(ok, "a bad link must not fail: {err}");
    assert!(
        err.contains("gigawatt: warning: ignored unknown link parameter 'utm_source'"),
        "{err}"
    );
    assert!(
        err.contains("is not base64url; showing the default scenario"),
        "{err}"
    );
    let (_, default_run, _) = gigawatt(&["run", "--annual", "--series", "revenue_usd_b"]);
    assert_eq!(
        out, default_run,
        "a link that cannot be read runs the default scenario"
    );

    let mut s = Scenario::default();
    s.params[ParamId::Pue] = 9.0;
    let (ok, out, err) = gigawatt(&["scenario", "--link", &link_of(&s, None)]);
    assert!(ok);
    assert!(
        err.contains("parameter 'pue' = 9 is outside 1.1–1.4; kept the preset's 1.2"),
        "{err}"
    );
    assert_eq!(Scenario::from_json(&out).unwrap(), Scenario::default());
}

#[test]
fn a_link_excludes_the_other_sources() {
    let (ok, _, err) = gigawatt(&["run", "--preset", "bear", "--link", "v=1"]);
    assert!(!ok);
    assert!(err.contains("cannot be used with"), "{err}");
}
