//! The Risk tab: Monte Carlo settings (runs, seed) kept in the scenario, a progress bar with Cancel, and
//! the fans, run-out-of-cash probabilities, first-year histogram and tornados of the current inputs.

use std::rc::Rc;

use gigawatt_app_core::caption::thousands;
use gigawatt_charts::risk::{
    cash_out_probability, fans, first_negative_histogram, tornado_chart, RiskChart, TornadoMetric,
};
use gigawatt_charts::{format_value, Theme, Unit};
use gigawatt_model::validation::{MAX_MC_RUNS, MC_RUNS_RANGE_TEXT, MIN_MC_RUNS};
use gigawatt_model::{Action, Summary};
use yew::prelude::*;

use super::chart::RiskChartCard;
use super::pool::{use_monte_carlo, McSnapshot, Phase, Shared};
use super::sketch::EXACT_RUNS;
use crate::components::cells::TextCell;
use crate::state::{apply, missing_context, use_scenario, LatestRisk, RiskResult};

#[derive(Properties, PartialEq)]
pub struct RiskViewProps {
    pub theme: Theme,
}

/// The P50 of committed-only cash at the end of 2030 ($B), the headline number of the view.
pub fn p50_cash_end_of(summary: &Summary, year: i32) -> Option<f64> {
    let month = summary.months.iter().rposition(|m| m.year() == year)?;
    summary
        .fan("cash_committed_only_usd_b")
        .and_then(|f| f.p50.get(month).copied())
}

fn explainer(chart: &RiskChart) -> &'static str {
    match chart.slug() {
        "cash" => "Cash if only committed money arrives. Half the runs end above the line, half below; the band \
            holds the middle 80%. Below zero, the lab needs money nobody has promised yet.",
        "funding-gap" => "How much uncommitted money the lab must raise to keep going.",
        "revenue" => "Monthly revenue at an annual rate.",
        "gross-margin" => "Revenue left after the cost of compute and revenue share.",
        "it-gw" => "Computing power actually delivered, after delays and deals that may not happen.",
        "cash-out-probability" => "The share of runs whose committed-only cash has gone below zero by each year's end.",
        "first-negative-year" => "In which year the cash first goes below zero, across the runs.",
        "tornado-gap" => "One assumption at a time moved to the ends of its range, everything else as set. \
            The longest bars are the assumptions that matter most.",
        "tornado-revenue" => "The same for 2030 revenue.",
        _ => "",
    }
}

/// The Risk tab's content.
#[component]
pub fn RiskView(props: &RiskViewProps) -> Html {
    let Some(handle) = use_scenario() else {
        return missing_context("risk view");
    };
    let scenario = handle.scenario().clone();
    let (snapshot, controls) = use_monte_carlo(&scenario);
    // A finished summary is the scenario's: the captions quote it, also after this view closes.
    {
        let latest = use_context::<LatestRisk>();
        let scenario = Shared::new(scenario.clone());
        use_effect_with(snapshot.summary.clone(), move |summary| {
            if let (Some(latest), Some(summary)) = (latest, summary.clone()) {
                latest.set(Some(RiskResult { scenario, summary }));
            }
        });
    }
    let on_runs = {
        let handle = handle.clone();
        Callback::from(move |text: String| {
            match text.trim().replace([',', '_'], "").parse::<u32>() {
                Ok(runs) if (MIN_MC_RUNS..=MAX_MC_RUNS).contains(&runs) => {
                    apply(&handle, Action::SetRuns(runs));
                    Ok(())
                }
                _ => Err(format!(
                    "Enter a whole number of runs from {MC_RUNS_RANGE_TEXT}."
                )),
            }
        })
    };
    let on_seed = {
        let handle = handle.clone();
        Callback::from(move |text: String| match text.trim().parse::<u64>() {
            Ok(seed) => {
                apply(&handle, Action::SetSeed(seed));
                Ok(())
            }
            Err(_) => Err("Enter a whole number from 0 up (the seed).".to_string()),
        })
    };
    let on_new_seed = {
        let handle = handle.clone();
        Callback::from(move |_| {
            // The seed is chosen here, in the app; the model itself never draws randomness.
            let seed = (js_sys::Math::random() * 1e9).floor() as u64;
            apply(&handle, Action::SetSeed(seed));
        })
    };
    let on_cancel = {
        let cancel = controls.cancel.clone();
        Callback::from(move |_| cancel.emit(()))
    };
    let on_rerun = {
        let rerun = controls.rerun.clone();
        Callback::from(move |_| rerun.emit(()))
    };

    let percent = snapshot.phase.percent();
    html! {
        <div class="risk" data-testid="risk-view">
            <div class="mc-controls" role="group" aria-label="Monte Carlo settings">
                <label class="mc-field">
                    <span>{ "Runs" }</span>
                    <TextCell testid="mc-runs" label="Monte Carlo runs" numeric={true}
                        value={scenario.mc_runs.to_string()} on_commit={on_runs} />
                </label>
                <label class="mc-field">
                    <span>{ "Seed" }</span>
                    <TextCell testid="mc-seed" label="Monte Carlo seed" numeric={true}
                        value={scenario.seed.to_string()} on_commit={on_seed} />
                </label>
                <button type="button" data-testid="mc-new-seed" onclick={on_new_seed}>{ "New seed" }</button>
                <div class="mc-progress" data-testid="mc-progress" role="progressbar" aria-label="Monte Carlo progress"
                    aria-valuemin="0" aria-valuemax="100" aria-valuenow={format!("{percent:.0}")}>
                    // Scaled rather than resized, and stepped rather than animated: an animated bar made the page
                    // lay out and paint every frame (about 70 ms of the page's thread a second, measured in a
                    // trace of a 10,000-run job) on the cores the workers need.
                    <div class="mc-progress-fill" style={format!("width:100%;transform-origin:0 0;\
                        transform:scaleX({:.4})", percent / 100.0)} />
                </div>
                <button type="button" data-testid="mc-cancel" onclick={on_cancel}
                    disabled={!snapshot.phase.is_busy()}>{ "Cancel" }</button>
                if matches!(snapshot.phase, Phase::Cancelled | Phase::Failed(_)) {
                    <button type="button" data-testid="mc-run" onclick={on_rerun}>{ "Run again" }</button>
                }
            </div>
            { status_line(&snapshot) }
            { results(&snapshot, props.theme) }
        </div>
    }
}

fn status_line(snapshot: &McSnapshot) -> Html {
    let text = match &snapshot.phase {
        Phase::Waiting => "Waiting for the inputs to settle…".to_string(),
        Phase::Running { done, total } => format!(
            "Running {done} of {total} runs on {} worker{}…",
            snapshot.workers,
            if snapshot.workers == 1 { "" } else { "s" }
        ),
        Phase::Summarizing { total } => format!("Summarising {total} runs…"),
        Phase::Done {
            runs, elapsed_ms, ..
        } => format!(
            "{runs} runs done in {:.2} s on {} worker{}.",
            elapsed_ms / 1000.0,
            snapshot.workers,
            if snapshot.workers == 1 { "" } else { "s" }
        ),
        Phase::Cancelled => "Cancelled. Change an input or press Run again.".to_string(),
        Phase::Failed(message) => message.clone(),
    };
    let done = matches!(snapshot.phase, Phase::Done { .. });
    let (elapsed, runs_elapsed) = match snapshot.phase {
        Phase::Done {
            elapsed_ms,
            runs_ms,
            ..
        } => (
            Some(format!("{elapsed_ms:.0}")),
            Some(format!("{runs_ms:.0}")),
        ),
        _ => (None, None),
    };
    // Measurements for tests and benchmarks: the worker build, the workers' time running the runs and the
    // collector's time taking them in, their WebAssembly memory, and the summary's digest.
    let stats = &snapshot.stats;
    let measured = |value: f64| done.then(|| format!("{value:.1}"));
    html! {
        <p class="mc-status" data-testid="mc-status" role="status" aria-live="polite"
            data-phase={snapshot.phase.name()} data-generation={snapshot.generation.to_string()}
            data-elapsed-ms={elapsed} data-runs-ms={runs_elapsed}
            data-compute-ms={measured(stats.compute_ms)} data-collect-ms={measured(stats.collect_ms)}
            data-wasm-memory={stats.wasm_memory_bytes.to_string()}
            data-worker-build={snapshot.build.map(|b| b.name())}
            data-digest={stats.digest.filter(|_| done).map(|d| format!("{d:016x}"))}>
            { text }
        </p>
    }
}

fn results(snapshot: &McSnapshot, theme: Theme) -> Html {
    let Some(summary) = &snapshot.summary else {
        return html! {
            <p class="muted mc-placeholder">{ "The charts appear when the runs of the current inputs are done." }</p>
        };
    };
    let summary: &Rc<Summary> = &summary.0;
    let mut charts: Vec<RiskChart> = fans(summary).into_iter().map(RiskChart::Fan).collect();
    charts.push(RiskChart::Bars(cash_out_probability(summary)));
    charts.push(RiskChart::Bars(first_negative_histogram(summary)));
    if let Some(t) = &snapshot.tornado {
        charts.push(RiskChart::Tornado(tornado_chart(
            &t.0,
            TornadoMetric::FundingGap,
        )));
        charts.push(RiskChart::Tornado(tornado_chart(
            &t.0,
            TornadoMetric::Revenue,
        )));
    }
    let p50 = p50_cash_end_of(summary, 2030);
    html! {
        <>
            if let Some(p50) = p50 {
                <p class="mc-headline">
                    { "Median cash at the end of 2030 with committed funding only: " }
                    <strong data-testid="mc-p50-cash-2030" data-value={format!("{p50:?}")}>
                        { format_value(p50, Unit::UsdB) }
                    </strong>
                    { format!(" (seed {}, {} runs)", summary.seed, summary.runs) }
                </p>
            }
            if summary.runs > EXACT_RUNS {
                <p class="muted" data-testid="mc-sketch-note">
                    { format!("Over {} runs, percentiles come from histograms of the runs rather than from \
                        every run kept: each lies within one bucket of its exact value, typically within a thousandth of the \
                        P10–P90 spread.",
                        thousands(EXACT_RUNS)) }
                </p>
            }
            <div class="chart-grid">
                { for charts.into_iter().map(|chart| {
                    let wide = matches!(chart, RiskChart::Tornado(_));
                    let explain = explainer(&chart);
                    let key = chart.slug();
                    html! {
                        <RiskChartCard {key} chart={Shared(Rc::new(chart))} {theme} {wide}
                            explainer={explain} />
                    }
                }) }
            </div>
        </>
    }
}
