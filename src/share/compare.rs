//! A/B comparison and the share bar: "Pin as A" freezes the current scenario; the user keeps editing B. The
//! charts overlay A dashed (`gigawatt_charts::with_comparison`), this panel shows the KPIs of both with the
//! difference, and lists every assumption that differs.

use std::rc::Rc;

use gigawatt_charts::ChartId;
use gigawatt_model::link::LinkState;
use gigawatt_model::Run;
use yew::prelude::*;

use super::dialog::ShareDialog;
use super::diff::differences;
use crate::app::RunRef;
use crate::components::kpis::year_end_index;
use crate::format;

#[derive(Properties, PartialEq)]
pub struct ShareBarProps {
    /// The state a link made now would carry.
    pub state: Rc<LinkState>,
    /// First chart of the open tab (offered first for embedding).
    pub default_chart: ChartId,
    pub on_pin: Callback<()>,
    pub on_unpin: Callback<()>,
}

/// The row under the header: Share, and Pin as A / Unpin.
#[function_component(ShareBar)]
pub fn share_bar(props: &ShareBarProps) -> Html {
    let open = use_state(|| false);
    let on_open = {
        let open = open.clone();
        Callback::from(move |_| open.set(true))
    };
    let on_close = {
        let open = open.clone();
        Callback::from(move |()| {
            open.set(false);
            // Give the keyboard back to the button that opened the dialog.
            if let Some(button) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| {
                    d.query_selector("[data-testid=\"share-open\"]")
                        .ok()
                        .flatten()
                })
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
            {
                let _ = button.focus();
            }
        })
    };
    let pin = {
        let cb = props.on_pin.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let unpin = {
        let cb = props.on_unpin.clone();
        Callback::from(move |_| cb.emit(()))
    };
    html! {
        <div class="share-bar" role="toolbar" aria-label="Share and compare">
            <button type="button" class="primary" data-testid="share-open" onclick={on_open}
                aria-haspopup="dialog">{ "Share…" }</button>
            if let Some(pinned) = &props.state.pinned {
                <span class="compare-badge" data-testid="compare-badge">
                    { "Comparing with A: " }<strong>{ pinned.name.clone() }</strong>
                    { " (dashed). Keep editing: your changes are B (solid)." }
                </span>
                <button type="button" data-testid="compare-unpin" onclick={unpin}
                    title="Stop comparing; keep the current scenario">{ "Unpin A" }</button>
            } else {
                <button type="button" data-testid="compare-pin" onclick={pin}
                    title="Freeze the current scenario as A, then edit to compare">{ "Pin as A" }</button>
            }
            if *open {
                <ShareDialog state={props.state.clone()} default_chart={props.default_chart} {on_close} />
            }
        </div>
    }
}

/// One KPI compared: DOM id suffix, label, series, value formatter and difference formatter.
struct CompareKpi {
    id: &'static str,
    label: &'static str,
    series: &'static str,
    value: fn(f64) -> String,
    delta: fn(f64) -> String,
}

/// "+$1.2B" / "−4.4 GW": an explicit sign, and the typographic minus the KPI strip uses.
fn signed(text: String, delta: f64) -> String {
    if delta > 0.0 {
        format!("+{text}")
    } else {
        text.replacen('-', "−", 1)
    }
}

const COMPARED: [CompareKpi; 8] = [
    CompareKpi {
        id: "arr",
        label: "ARR",
        series: "arr_usd_b",
        value: format::usd_b,
        delta: |d| signed(format::usd_b(d), d),
    },
    CompareKpi {
        id: "it-gw",
        label: "IT power online",
        series: "it_gw",
        value: format::gw,
        delta: |d| signed(format::gw(d), d),
    },
    CompareKpi {
        id: "cash",
        label: "Cash",
        series: "cash_usd_b",
        value: format::usd_b,
        delta: |d| signed(format::usd_b(d), d),
    },
    CompareKpi {
        id: "funding-gap",
        label: "Funding gap to date",
        series: "funding_gap_usd_b",
        value: format::usd_b,
        delta: |d| signed(format::usd_b(d), d),
    },
    CompareKpi {
        id: "obligations-ratio",
        label: "Obligations ÷ ARR",
        series: "obligations_to_arr",
        value: format::multiple,
        delta: |d| signed(format::multiple(d), d),
    },
    CompareKpi {
        id: "runway",
        label: "Runway",
        series: "runway_months",
        value: format::runway_months,
        // Runway beyond 50 years reads as "50+ yr": no meaningful difference then.
        delta: |d| {
            if d.is_finite() && d.abs() < 600.0 {
                format!("{:+.0} mo", d).replace('-', "−")
            } else {
                "—".to_string()
            }
        },
    },
    CompareKpi {
        id: "foundation",
        label: "Foundation owns",
        series: "ownership_foundation",
        value: format::percent,
        delta: percentage_points,
    },
    CompareKpi {
        id: "microsoft",
        label: "Microsoft owns",
        series: "ownership_microsoft",
        value: format::percent,
        delta: percentage_points,
    },
];

fn percentage_points(delta_fraction: f64) -> String {
    if delta_fraction.is_finite() {
        format!("{:+.1} pp", delta_fraction * 100.0).replace('-', "−")
    } else {
        "—".to_string()
    }
}

/// The value of `series` at the end of `year` (NaN when absent).
fn year_end(run: &Run, series: &str, year: i32) -> f64 {
    year_end_index(run, year)
        .and_then(|i| run.series(series).and_then(|s| s.get(i).copied()))
        .unwrap_or(f64::NAN)
}

#[derive(Properties, PartialEq)]
pub struct ComparePanelProps {
    /// Holds both scenarios (B current, A pinned).
    pub state: Rc<LinkState>,
    pub run_a: RunRef,
    pub run_b: RunRef,
    pub year: i32,
}

/// KPIs of A and B with B − A, and the list of assumptions that differ.
#[function_component(ComparePanel)]
pub fn compare_panel(props: &ComparePanelProps) -> Html {
    let Some(a) = &props.state.pinned else {
        return html! {};
    };
    let b = &props.state.scenario;
    let diffs = differences(a, b);
    let (run_a, run_b) = (props.run_a.run(), props.run_b.run());
    html! {
        <section class="compare-panel" data-testid="compare-panel" aria-labelledby="compare-title">
            <h2 id="compare-title">{ format!("A against B at the end of {}", props.year) }</h2>
            <div class="compare-columns">
                <table class="compare-kpis" data-testid="compare-kpis">
                    <thead>
                        <tr>
                            <th scope="col">{ "Figure" }</th>
                            <th scope="col"><span class="swatch dashed" aria-hidden="true" />{ format!(" A: {}", a.name) }</th>
                            <th scope="col"><span class="swatch line" aria-hidden="true" />{ format!(" B: {}", b.name) }</th>
                            <th scope="col">{ "B − A" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for COMPARED.iter().map(|k| {
                            let va = year_end(run_a, k.series, props.year);
                            let vb = year_end(run_b, k.series, props.year);
                            let delta = vb - va;
                            html! {
                                <tr>
                                    <th scope="row">{ k.label }</th>
                                    <td data-testid={format!("compare-kpi-{}-a", k.id)}>{ (k.value)(va) }</td>
                                    <td data-testid={format!("compare-kpi-{}-b", k.id)}>{ (k.value)(vb) }</td>
                                    <td data-testid={format!("compare-kpi-{}-delta", k.id)}>{
                                        if delta == 0.0 { "same".to_string() } else { (k.delta)(delta) }
                                    }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
                <div class="compare-diff-box">
                    <h3>{ format!("{} assumption{} differ{}", diffs.len(), if diffs.len() == 1 { "" } else { "s" }, if diffs.len() == 1 { "s" } else { "" }) }</h3>
                    <ul class="compare-diff" data-testid="compare-diff">
                        if diffs.is_empty() {
                            <li class="muted">{ "None yet: B is identical to A. Move a slider or edit a deal to compare." }</li>
                        }
                        { for diffs.iter().map(|d| html! {
                            <li data-testid="compare-diff-item">
                                <span class="diff-subject">{ d.subject.clone() }</span>
                                { ": " }<span class="diff-a">{ d.a.clone() }</span>
                                { " → " }<span class="diff-b">{ d.b.clone() }</span>
                            </li>
                        }) }
                    </ul>
                </div>
            </div>
        </section>
    }
}
