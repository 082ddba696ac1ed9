//! A/B comparison and the share row: "Pin as A" freezes the current scenario; the user keeps editing B. The
//! charts overlay A dashed (`gigawatt_charts::with_comparison`), this panel shows the KPIs of both with the
//! difference (the one KPI table, `gigawatt_app_core::kpi`), and lists every assumption that differs.

use std::rc::Rc;

use gigawatt_app_core::kpi::Kpi;
use gigawatt_app_core::RunRef;
use gigawatt_charts::ChartId;
use gigawatt_model::link::LinkState;
use yew::prelude::*;

use super::dialog::ShareDialog;
use super::notice::LinkNotice;
use crate::state::{missing_context, use_scenario, AppMsg, ScenarioHandle};
use gigawatt_app_core::diff::differences;

/// The row under the header: the notice about the link opened, then Share and Pin as A / Unpin A.
pub fn share_row(handle: &ScenarioHandle) -> Html {
    let dispatch = |msg: AppMsg| {
        let dispatcher = handle.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(msg.clone()))
    };
    let default_chart = handle
        .tab
        .charts()
        .first()
        .copied()
        .unwrap_or(ChartId::Capacity);
    html! {
        <>
            <LinkNotice notes={handle.notes.clone()} on_dismiss={dispatch(AppMsg::DismissNotes)} />
            <ShareBar state={Rc::new(handle.link_state())} {default_chart}
                on_pin={dispatch(AppMsg::Pin)} on_unpin={dispatch(AppMsg::Unpin)} />
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct ShareBarProps {
    /// The state a link made now would carry.
    pub state: Rc<LinkState>,
    /// First chart of the open tab (offered first for embedding).
    pub default_chart: ChartId,
    pub on_pin: Callback<()>,
    pub on_unpin: Callback<()>,
}

/// Share, and Pin as A / Unpin A.
#[component]
pub fn ShareBar(props: &ShareBarProps) -> Html {
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

#[derive(Properties, PartialEq)]
pub struct ComparePanelProps {
    /// The pinned scenario's run (A).
    pub run_a: RunRef,
    /// The current scenario's run (B).
    pub run_b: RunRef,
    pub year: i32,
}

/// KPIs of A and B with B − A, and the list of assumptions that differ.
/// Shows nothing while nothing is pinned.
#[component]
pub fn ComparePanel(props: &ComparePanelProps) -> Html {
    let Some(handle) = use_scenario() else {
        return missing_context("comparison");
    };
    let Some(a) = handle.pinned.as_deref() else {
        return html! {};
    };
    let b = handle.scenario();
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
                        { for Kpi::COMPARED.iter().map(|k| {
                            let va = k.at_year_end(run_a, props.year);
                            let vb = k.at_year_end(run_b, props.year);
                            html! {
                                <tr>
                                    <th scope="row">{ k.label() }</th>
                                    <td data-testid={format!("compare-kpi-{}-a", k.id())}>{ k.format(va) }</td>
                                    <td data-testid={format!("compare-kpi-{}-b", k.id())}>{ k.format(vb) }</td>
                                    <td data-testid={format!("compare-kpi-{}-delta", k.id())}>{ k.delta(vb - va) }</td>
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
