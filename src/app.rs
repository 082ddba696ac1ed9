//! The root component: the app's one state in a `use_reducer` (transitions are the platform-free
//! `AppState::next`), the run derived with `use_memo`, the effects that tie the state to the page (address
//! bar, keyboard undo), and the layout: header, share row, KPI strip, comparison, assumptions and tabs.

use std::rc::Rc;

use gigawatt_app_core::{AppState, RunRef};
use gigawatt_model::{simulate, Scenario};
use yew::prelude::*;

use crate::components::deals::DealEditor;
use crate::components::header::Header;
use crate::components::kpis::KpiStrip;
use crate::components::params::ParamsPanel;
use crate::components::tabs::{ChartGrid, Tab, TabBar};
use crate::keyboard::use_undo_keys;
use crate::share::compare::{share_row, ComparePanel};
use crate::share::url_sync::use_url_sync;
use crate::state::{AppMsg, LatestRisk, Msg, ScenarioHandle, Store};
use crate::styles::install_styles;
use crate::theme::use_theme;

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// The scenario to start from (tests, share links); the "As reported" preset when absent.
    #[prop_or_default]
    pub initial: Option<Scenario>,
    /// A decoded share link: scenario, pinned comparison, tab and year (takes precedence over `initial`);
    /// its notices (older economics) and warnings show as the link notice.
    #[prop_or_default]
    pub link: Option<Rc<gigawatt_model::link::Decoded>>,
    /// Keep the address bar in step with the state (the real page; tests leave the runner's URL alone).
    #[prop_or_default]
    pub sync_url: bool,
}

/// The app's state when it opens on `link` or `initial`.
fn initial_state(
    link: Option<Rc<gigawatt_model::link::Decoded>>,
    initial: Option<Scenario>,
) -> AppState {
    match (link, initial) {
        (Some(link), _) => AppState::from_link(&link),
        (None, Some(scenario)) => AppState::new(scenario),
        (None, None) => AppState::default(),
    }
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let handle: ScenarioHandle = {
        let (link, initial) = (props.link.clone(), props.initial.clone());
        use_reducer(move || Store(initial_state(link, initial)))
    };
    // Styles ship inside the wasm so the page needs no extra request and tests see the real layout.
    use_memo((), |_| install_styles());
    let (theme, toggle_theme) = use_theme();
    let scenario = handle.scenario().clone();
    let run: Rc<RunRef> = use_memo(scenario.clone(), |s| RunRef::new(simulate(s)));
    let problems = use_memo(scenario.clone(), |s| s.validate());
    // The Risk view's last result, quoted by the captions while the scenario is still the one it ran.
    let latest_risk: LatestRisk = use_state(|| None);
    let risk = latest_risk
        .as_ref()
        .filter(|r| r.for_scenario(&scenario).is_some())
        .map(|r| r.summary.clone());
    // Values the model's last line of defence replaced (none for any valid scenario).
    let replaced = run.run().non_finite_replaced;
    // The pinned scenario A's run, for the comparison and the dashed overlays.
    let run_a = use_memo(handle.pinned.clone(), |p| {
        p.as_ref().map(|p| RunRef::new(simulate(p)))
    });
    use_url_sync(props.sync_url, handle.clone());
    use_undo_keys(handle.dispatcher());

    let year = handle.shown_year(run.run());
    let on_year = {
        let dispatcher = handle.dispatcher();
        Callback::from(move |y| dispatcher.dispatch(AppMsg::SelectYear(y)))
    };
    let on_tab = {
        let dispatcher = handle.dispatcher();
        Callback::from(move |t| dispatcher.dispatch(AppMsg::SelectTab(t)))
    };

    let history = &handle.history;
    let status = match (&history.last_error, &history.last_deletion) {
        (Some(error), _) => {
            let dismiss = {
                let dispatcher = handle.dispatcher();
                Callback::from(move |_| dispatcher.dispatch(Msg::DismissError.into()))
            };
            html! {
                <div class="toast error" role="alert">
                    <span>{ format!("Not applied: {error}") }</span>
                    <button type="button" onclick={dismiss}>{ "Dismiss" }</button>
                </div>
            }
        }
        (None, Some(deleted)) => {
            let undo = {
                let dispatcher = handle.dispatcher();
                Callback::from(move |_| dispatcher.dispatch(Msg::Undo.into()))
            };
            html! {
                <div class="toast" role="status">
                    <span>{ deleted.clone() }</span>
                    <button type="button" data-testid="undo-delete" onclick={undo}>{ "Undo" }</button>
                </div>
            }
        }
        _ => html! {},
    };

    let active = handle.tab;
    html! {
        <ContextProvider<ScenarioHandle> context={handle.clone()}>
        <ContextProvider<LatestRisk> context={latest_risk.clone()}>
            <div class="app">
                <a class="skip-link" href="#views">{ "Skip to charts" }</a>
                <Header handle={handle.clone()} {theme} on_toggle_theme={toggle_theme} />
                { share_row(&handle) }
                <KpiStrip run={(*run).clone()} {year} {on_year} />
                if let Some(run_a) = (*run_a).clone() {
                    <ComparePanel {run_a} run_b={(*run).clone()} {year} />
                }
                if !problems.is_empty() || replaced > 0 {
                    <section class="problems" data-testid="problems" role="status" aria-label="Problems in this scenario">
                        <h2>{ format!("{} problem{} in this scenario", problems.len(), if problems.len() == 1 { "" } else { "s" }) }</h2>
                        <p class="muted">{ "The charts run a corrected copy; fix these to see exactly what you entered." }</p>
                        <ul>
                            { for problems.iter().map(|p| html! {
                                <li><code>{ p.path.to_string() }</code>{ " " }{ p.message.clone() }</li>
                            }) }
                        </ul>
                        if replaced > 0 {
                            <p data-testid="non-finite">{ format!("{replaced} output value{} could not be computed (not a finite number) and {} shown as 0.", if replaced == 1 { "" } else { "s" }, if replaced == 1 { "is" } else { "are" }) }</p>
                        }
                    </section>
                }
                // The deal tables need the full width; the assumptions come back on every other tab.
                <div class={classes!("workspace", (active == Tab::Deals).then_some("full-width"))}>
                    <aside class="inputs" id="inputs" aria-labelledby="inputs-title" hidden={active == Tab::Deals}>
                        <h2 id="inputs-title">{ "Assumptions" }</h2>
                        <p class="muted small">{ "Move a slider or type a value; every chart follows. The i button shows where a default comes from." }</p>
                        <ParamsPanel />
                    </aside>
                    <main class="views" id="views">
                        if active != Tab::Deals {
                            <a class="jump-to-inputs" href="#inputs">{ "Edit the assumptions ↓" }</a>
                        }
                        <TabBar active={active} on_select={on_tab} />
                        <section class="tab-panel" role="tabpanel" id={format!("panel-{}", active.id())}
                            aria-labelledby={format!("tab-{}", active.id())}>
                            <p class="intro">{ active.intro() }</p>
                            if active == Tab::Deals {
                                <DealEditor />
                            } else if active == Tab::Risk {
                                <crate::risk::view::RiskView {theme} />
                            } else {
                                <ChartGrid tab={active} run={(*run).clone()} {theme} compare={(*run_a).clone()} {year} {risk} />
                            }
                        </section>
                    </main>
                </div>
                <div class="toasts" aria-live="polite">{ status }</div>
                <footer class="footer muted small">
                    { "Gigawatt runs entirely in your browser. Figures are a model built on public reporting, not forecasts." }
                </footer>
            </div>
        </ContextProvider<LatestRisk>>
        </ContextProvider<ScenarioHandle>>
    }
}
