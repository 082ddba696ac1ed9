//! Sharing: the scenario in the URL, the Share dialog, the embed view and the A/B comparison.
//!
//! The link format itself (versioned, compact, never failing to decode) is `gigawatt_model::link`; this module
//! is the browser half:
//! - [`url_sync`] keeps the address bar a projection of the app's state (scenario, pinned scenario, tab and
//!   KPI year): `replaceState` while a slider moves, `pushState` on discrete actions, and `popstate` (Back and
//!   Forward) loads the state the entry holds.
//! - [`notice`] tells the reader what a damaged or foreign link lost, and that a link made under older
//!   economics keeps its inputs but may show different figures.
//! - [`dialog`] copies the link and writes an `<iframe>` snippet for one chart.
//! - [`embed`] is the page such an iframe shows: one chart, a caption, a link back, no controls.
//! - [`compare`] pins a scenario as "A" and shows A against the current scenario "B"; [`diff`] lists what
//!   differs between them in words.

pub mod compare;
pub mod dialog;
pub mod diff;
pub mod embed;
pub mod notice;
pub mod url_sync;

use std::rc::Rc;

use gigawatt_model::link::{self, Decoded, LinkState, View};
use gigawatt_model::Scenario;
use yew::prelude::*;

use crate::app::RunRef;
use crate::components::tabs::Tab;
use crate::state::ScenarioHandle;

/// The tab a link names (by [`Tab::id`]); `None` for an absent or unknown tab.
pub fn tab_from_link(view: &View) -> Option<Tab> {
    let id = view.tab.as_deref()?;
    Tab::ALL.into_iter().find(|t| t.id() == id)
}

/// The link state of what the app shows. The opening tab and year are left out of the link (shorter links;
/// a link without them opens on the same defaults).
pub fn link_state(
    scenario: &Scenario,
    pinned: Option<&Scenario>,
    tab: Tab,
    year: i32,
    default_year: i32,
) -> LinkState {
    LinkState {
        scenario: scenario.clone(),
        pinned: pinned.cloned(),
        view: View {
            tab: (tab != Tab::Overview).then(|| tab.id().to_string()),
            year: (year != default_year).then_some(year),
            embed: None,
        },
    }
}

/// The page's address without query or fragment ("http://host/path/"), so links point at this deployment
/// wherever it is hosted.
pub fn page_base() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return String::new();
    };
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_else(|_| "/".to_string());
    format!("{origin}{path}")
}

/// The full shareable URL of `state` on this deployment.
pub fn full_link(state: &LinkState) -> String {
    format!("{}?{}", page_base(), link::encode(state))
}

/// The link the page was opened with, decoded (warnings included). `None` outside a browser. Only the query
/// is read: fragments stay in-page anchors (#inputs, #views).
pub fn decode_location() -> Option<Decoded> {
    let search = web_sys::window()?.location().search().ok()?;
    Some(link::decode(search.trim_start_matches('?')))
}

/// The share bar (with the link notice) and the comparison panel, ready for the app's layout.
pub struct ShareHtml {
    /// Link notice and the Share / Pin row, under the header.
    pub bar: Html,
    /// A against B (KPIs and differences), under the KPI strip; empty when nothing is pinned.
    pub panel: Html,
}

/// Builds the share UI from the app's state handles. `shown_year` is the KPI year on screen (clamped to the
/// run); `kpi_year` the one chosen, which is what the link records.
#[allow(clippy::too_many_arguments)]
pub fn render_share(
    handle: &ScenarioHandle,
    pinned: &UseStateHandle<Option<Rc<Scenario>>>,
    notes: &UseStateHandle<notice::LinkNotes>,
    run: &RunRef,
    run_a: &Option<RunRef>,
    tab: Tab,
    shown_year: i32,
    kpi_year: i32,
) -> ShareHtml {
    let state = Rc::new(link_state(
        handle.scenario(),
        (**pinned).as_deref(),
        tab,
        kpi_year,
        crate::app::DEFAULT_KPI_YEAR,
    ));
    let on_pin = {
        let pinned = pinned.clone();
        let handle = handle.clone();
        Callback::from(move |()| pinned.set(Some(Rc::new(handle.scenario().clone()))))
    };
    let on_unpin = {
        let pinned = pinned.clone();
        Callback::from(move |()| pinned.set(None))
    };
    let on_dismiss = {
        let notes = notes.clone();
        Callback::from(move |()| notes.set(notice::LinkNotes::default()))
    };
    let default_chart = tab
        .charts()
        .first()
        .copied()
        .unwrap_or(gigawatt_charts::ChartId::Capacity);
    let bar = html! {
        <>
            <notice::LinkNotice notes={(**notes).clone()} {on_dismiss} />
            <compare::ShareBar state={state.clone()} {default_chart} {on_pin} {on_unpin} />
        </>
    };
    let panel = match run_a {
        Some(run_a) if state.pinned.is_some() => html! {
            <compare::ComparePanel state={state} run_a={run_a.clone()} run_b={run.clone()} year={shown_year} />
        },
        _ => html! {},
    };
    ShareHtml { bar, panel }
}
