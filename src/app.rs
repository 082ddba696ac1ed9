//! The root component: owns the scenario history (one `use_reducer`), derives the run with `use_memo`,
//! and lays out the header, KPI strip, assumptions and chart sections.

use std::rc::Rc;

use gigawatt_model::{simulate, Run, Scenario};
use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::components::deals::DealEditor;
use crate::components::header::Header;
use crate::components::kpis::KpiStrip;
use crate::components::params::ParamsPanel;
use crate::components::tabs::{ChartGrid, Tab, TabBar};
use crate::state::{History, Msg, ScenarioHandle};
use crate::theme::use_theme;

/// A simulation run shared by every chart, compared by identity (a new run is a new `Rc`).
#[derive(Clone, Debug)]
pub struct RunRef(pub Rc<Run>);

impl PartialEq for RunRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl RunRef {
    pub fn run(&self) -> &Run {
        &self.0
    }

    /// Calendar years the run covers, in order (for year pickers).
    pub fn years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self.0.months.iter().map(|m| m.year()).collect();
        years.dedup();
        years
    }
}

/// Shown instead of a section whose context is missing (a wiring bug, never a panic).
pub fn missing_context(what: &str) -> Html {
    html! {
        <p class="chart-failure" role="alert">
            { format!("The {what} cannot be shown: the scenario is not available here. Please reload the page.") }
        </p>
    }
}

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

/// Year the KPI strip opens on.
pub const DEFAULT_KPI_YEAR: i32 = 2030;

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let handle: ScenarioHandle = {
        let initial = (props.link.as_ref())
            .map(|l| l.state.scenario.clone())
            .or_else(|| props.initial.clone());
        use_reducer(move || History::new(initial.unwrap_or_default()))
    };
    // Styles ship inside the wasm so the page needs no extra request and tests see the real layout.
    use_memo((), |_| install_styles());
    let (theme, toggle_theme) = use_theme();
    let scenario = handle.scenario().clone();
    let run: Rc<RunRef> = use_memo(scenario.clone(), |s| RunRef(Rc::new(simulate(s))));
    let problems = use_memo(scenario, |s| s.validate());
    let linked_view = props
        .link
        .as_ref()
        .map(|l| l.state.view.clone())
        .unwrap_or_default();
    let kpi_year = use_state(|| linked_view.year.unwrap_or(DEFAULT_KPI_YEAR));
    let tab = use_state(|| crate::share::tab_from_link(&linked_view).unwrap_or(Tab::Overview));
    // Share links and the A/B comparison (src/share): pinned scenario A, its run, the link notice, URL sync.
    let pinned =
        use_state(|| (props.link.as_ref()).and_then(|l| l.state.pinned.clone().map(Rc::new)));
    let run_a = use_memo((*pinned).clone(), |p| {
        p.as_ref().map(|p| RunRef(Rc::new(simulate(p))))
    });
    let link_notes = use_state(|| {
        props
            .link
            .as_ref()
            .map(|l| crate::share::notice::LinkNotes::of(l))
            .unwrap_or_default()
    });
    crate::share::url_sync::use_url_sync(
        props.sync_url,
        crate::share::url_sync::SyncedState {
            handle: handle.clone(),
            pinned: pinned.clone(),
            tab: tab.clone(),
            year: kpi_year.clone(),
            notes: link_notes.clone(),
            default_year: DEFAULT_KPI_YEAR,
        },
    );

    // Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y) anywhere except inside text fields, which keep their own undo.
    {
        let dispatcher = handle.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window().and_then(|w| w.document()).map(|doc| {
                EventListener::new_with_options(
                    &doc,
                    "keydown",
                    EventListenerOptions::enable_prevent_default(),
                    move |event| {
                        let Some(e) = event.dyn_ref::<KeyboardEvent>() else {
                            return;
                        };
                        if !(e.ctrl_key() || e.meta_key()) || e.alt_key() {
                            return;
                        }
                        if is_text_entry(e.target()) {
                            return;
                        }
                        let msg = match (e.key().to_ascii_lowercase().as_str(), e.shift_key()) {
                            ("z", false) => Msg::Undo,
                            ("z", true) | ("y", false) => Msg::Redo,
                            _ => return,
                        };
                        e.prevent_default();
                        dispatcher.dispatch(msg);
                    },
                )
            });
            move || drop(listener)
        });
    }

    let years = run.years();
    let year = if years.contains(&*kpi_year) {
        *kpi_year
    } else {
        years.last().copied().unwrap_or(DEFAULT_KPI_YEAR)
    };
    let on_year = {
        let kpi_year = kpi_year.clone();
        Callback::from(move |y| kpi_year.set(y))
    };
    let on_tab = {
        let tab = tab.clone();
        Callback::from(move |t| tab.set(t))
    };

    let history = &*handle;
    let status = match (&history.last_error, &history.last_deletion) {
        (Some(error), _) => {
            let dismiss = {
                let handle = handle.clone();
                Callback::from(move |_| handle.dispatch(Msg::DismissError))
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
                let handle = handle.clone();
                Callback::from(move |_| handle.dispatch(Msg::Undo))
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

    let active = *tab;
    let share = crate::share::render_share(
        &handle,
        &pinned,
        &link_notes,
        &run,
        &run_a,
        active,
        year,
        *kpi_year,
    );
    html! {
        <ContextProvider<ScenarioHandle> context={handle.clone()}>
            <div class="app">
                <a class="skip-link" href="#views">{ "Skip to charts" }</a>
                <Header handle={handle.clone()} {theme} on_toggle_theme={toggle_theme} />
                { share.bar }
                <KpiStrip run={(*run).clone()} {year} {on_year} />
                { share.panel }
                if !problems.is_empty() {
                    <section class="problems" data-testid="problems" role="status" aria-label="Problems in this scenario">
                        <h2>{ format!("{} problem{} in this scenario", problems.len(), if problems.len() == 1 { "" } else { "s" }) }</h2>
                        <p class="muted">{ "The charts run a corrected copy; fix these to see exactly what you entered." }</p>
                        <ul>
                            { for problems.iter().map(|p| html! {
                                <li><code>{ p.path.clone() }</code>{ " " }{ p.message.clone() }</li>
                            }) }
                        </ul>
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
                                <crate::risk::RiskView {theme} />
                            } else {
                                <ChartGrid tab={active} run={(*run).clone()} {theme} compare={(*run_a).clone()} />
                            }
                        </section>
                    </main>
                </div>
                <div class="toasts" aria-live="polite">{ status }</div>
                <footer class="footer muted small">
                    { "Gigawatt runs entirely in your browser. Figures are a model built on public reporting, not forecasts." }
                </footer>
            </div>
        </ContextProvider<ScenarioHandle>>
    }
}

/// The app's stylesheet (assets/app.css), added to <head> once.
const STYLESHEET: &str = include_str!("../assets/app.css");
const FAVICON_SVG: &str = include_str!("../assets/favicon.svg");

/// Adds the stylesheet and favicon to the document if a previous mount has not (the embed view too).
pub fn install_styles() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document.get_element_by_id("gigawatt-styles").is_some() {
        return;
    }
    let Some(head) = document.head() else { return };
    if let Ok(style) = document.create_element("style") {
        style.set_id("gigawatt-styles");
        style.set_text_content(Some(STYLESHEET));
        let _ = head.append_child(&style);
    }
    if let Ok(icon) = document.create_element("link") {
        let href = format!(
            "data:image/svg+xml,{}",
            String::from(js_sys::encode_uri_component(FAVICON_SVG))
        );
        let _ = icon.set_attribute("rel", "icon");
        let _ = icon.set_attribute("href", &href);
        let _ = head.append_child(&icon);
    }
}

/// Whether keyboard focus is in a field where Ctrl+Z should undo typing rather than the scenario.
fn is_text_entry(target: Option<web_sys::EventTarget>) -> bool {
    let Some(element) = target.and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
        return false;
    };
    match element.tag_name().to_ascii_lowercase().as_str() {
        "textarea" => true,
        "input" => {
            let kind = element
                .get_attribute("type")
                .unwrap_or_default()
                .to_ascii_lowercase();
            !matches!(
                kind.as_str(),
                "range" | "checkbox" | "radio" | "button" | "submit"
            )
        }
        _ => element
            .get_attribute("contenteditable")
            .is_some_and(|v| v != "false"),
    }
}
