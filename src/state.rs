//! The reducer glue and what every component shares: the app's one state ([`gigawatt_app_core::AppState`])
//! in a `use_reducer`, the handle components read and dispatch through (a context), the [`use_scenario`]
//! hook, and the message shown where a context is missing. A leaf: it imports no other module of the app.

use std::ops::Deref;
use std::rc::Rc;

use gigawatt_app_core::{AppState, Shared};
use gigawatt_model::{Action, Scenario, Summary};
use yew::prelude::*;

pub use gigawatt_app_core::history::{History, Msg, UNDO_LIMIT};
pub use gigawatt_app_core::Msg as AppMsg;

/// The app's state as a Yew reducer: every transition is [`AppState::next`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Store(pub AppState);

impl Deref for Store {
    type Target = AppState;

    fn deref(&self) -> &AppState {
        &self.0
    }
}

impl Reducible for Store {
    type Action = AppMsg;

    fn reduce(self: Rc<Self>, msg: AppMsg) -> Rc<Self> {
        let next = self.0.next(msg);
        // Same state (by identity of the scenarios, see `AppState::same_as`): no re-render.
        if next.same_as(&self.0) {
            self
        } else {
            Rc::new(Store(next))
        }
    }
}

/// The handle components use to read the state and dispatch messages (provided as a context).
pub type ScenarioHandle = UseReducerHandle<Store>;

/// A dispatcher that stays the same across renders (a row holding one re-renders only when its own props
/// change).
pub type Dispatcher = UseReducerDispatcher<Store>;

/// The app's state from the context, if the component is inside the app.
#[hook]
pub fn use_scenario() -> Option<ScenarioHandle> {
    use_context::<ScenarioHandle>()
}

/// Shorthand: dispatch a discrete model action (its own undo step).
pub fn apply(handle: &ScenarioHandle, action: Action) {
    handle.dispatch(edit(action));
}

/// The message of a discrete model action (its own undo step).
pub fn edit(action: Action) -> AppMsg {
    AppMsg::Scenario(Msg::Apply {
        action,
        gesture: None,
    })
}

/// Shown instead of a section whose context is missing (a wiring bug, never a panic).
pub fn missing_context(what: &str) -> Html {
    html! {
        <p class="chart-failure" role="alert">
            { format!("The {what} cannot be shown: the scenario is not available here. Please reload the page.") }
        </p>
    }
}

/// The last Monte Carlo summary the Risk view finished, with the scenario it was run for: the captions quote
/// its percentiles while the scenario is still that one (the Risk view may be closed by then).
#[derive(Clone, Debug, PartialEq)]
pub struct RiskResult {
    pub scenario: Shared<Scenario>,
    pub summary: Shared<Summary>,
}

impl RiskResult {
    /// The summary, if it was run for `scenario`.
    pub fn for_scenario(&self, scenario: &Scenario) -> Option<&Summary> {
        (*self.scenario == *scenario).then_some(&*self.summary)
    }
}

/// The context holding the latest [`RiskResult`] (set by the Risk view, read by the captions).
pub type LatestRisk = UseStateHandle<Option<RiskResult>>;
