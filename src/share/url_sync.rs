//! The address bar as a projection of the app's state.
//!
//! After every render that changed the scenario, the pinned scenario, the tab or the KPI year, the state is
//! encoded and written to the URL: with `history.replaceState` while one gesture (a slider drag, typing in
//! one field) goes on, and with `history.pushState` for every discrete action (preset, deal edit, tab or year
//! change, pin, undo), so Back and Forward step through what the user did. `popstate` decodes the entry's
//! URL and loads it. The decisions are made by [`UrlWriter`], a plain state machine tested without a browser.

use std::cell::RefCell;
use std::rc::Rc;

use gigawatt_model::link;
use gigawatt_model::Scenario;
use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use super::{link_state, tab_from_link};
use crate::components::tabs::Tab;
use crate::state::{Msg, ScenarioHandle};

/// What to do with the address bar after a render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UrlWrite {
    /// The URL already says this.
    Nothing,
    /// Overwrite the current history entry (a gesture in progress, or start-up canonicalisation).
    Replace(String),
    /// Add a history entry (a discrete action).
    Push(String),
}

/// Remembers what was last written so each render can decide between nothing, replace and push.
#[derive(Debug, Default)]
pub struct UrlWriter {
    /// The query last written or found in the address bar.
    last_query: Option<String>,
    /// The gesture open when `last_query` was written.
    last_gesture: Option<String>,
    /// A Back/Forward load in progress: the query the app will show once every part of the state is set.
    /// Renders in between (scenario loaded, tab not yet) write nothing.
    awaiting: Option<String>,
}

impl UrlWriter {
    /// Decides the write for the state encoded as `query`, given the address bar's query (without '?') and
    /// the gesture in progress.
    pub fn next(&mut self, query: String, location_query: &str, gesture: Option<&str>) -> UrlWrite {
        if let Some(target) = &self.awaiting {
            if *target == query {
                self.awaiting = None;
                self.last_query = Some(query);
                self.last_gesture = None;
                return UrlWrite::Nothing;
            }
            if gesture.is_none() {
                return UrlWrite::Nothing;
            }
            // The user moved on before the load settled: their edit wins.
            self.awaiting = None;
        }
        let gesture = gesture.map(str::to_string);
        let Some(last) = &self.last_query else {
            // First render: the address bar may hold a garbled or outdated link; show the canonical one
            // without adding a history entry.
            let same = query == location_query
                || (location_query.is_empty() && query == format!("v={}", link::LINK_VERSION));
            self.last_query = Some(query.clone());
            self.last_gesture = gesture;
            return if same {
                UrlWrite::Nothing
            } else {
                UrlWrite::Replace(query)
            };
        };
        if *last == query {
            // A gesture ended (or nothing URL-worthy changed): the next change is a new step.
            self.last_gesture = gesture;
            return UrlWrite::Nothing;
        }
        let continues = gesture.is_some() && gesture == self.last_gesture;
        self.last_query = Some(query.clone());
        self.last_gesture = gesture;
        if continues {
            UrlWrite::Replace(query)
        } else {
            UrlWrite::Push(query)
        }
    }

    /// Back or Forward reached an entry whose state encodes as `target`. Returns whether the app must load
    /// it (false when it already shows it, e.g. after a jump between in-page anchors).
    pub fn on_pop(&mut self, target: String) -> bool {
        if self.last_query.as_deref() == Some(target.as_str()) {
            self.awaiting = None;
            return false;
        }
        self.awaiting = Some(target);
        true
    }
}

/// The pieces of app state the URL mirrors (all Yew handles, so Back/Forward can set them).
#[derive(Clone)]
pub struct SyncedState {
    pub handle: ScenarioHandle,
    pub pinned: UseStateHandle<Option<Rc<Scenario>>>,
    pub tab: UseStateHandle<Tab>,
    pub year: UseStateHandle<i32>,
    /// Notices and warnings of the last link opened (shown by the link notice).
    pub notes: UseStateHandle<super::notice::LinkNotes>,
    /// The KPI year a link without `year=` opens on.
    pub default_year: i32,
}

/// Keeps the URL in step with `state` and loads history entries on Back/Forward. Does nothing unless
/// `enabled` (tests mount the app without owning the page's URL).
#[hook]
pub fn use_url_sync(enabled: bool, state: SyncedState) {
    let writer = use_mut_ref(AddressBar::default);

    {
        let writer = writer.clone();
        let state = state.clone();
        let deps = (
            enabled,
            state.handle.generation,
            state.handle.open_gesture().map(str::to_string),
            (*state.pinned).as_ref().map(|p| Rc::as_ptr(p) as usize),
            *state.tab,
            *state.year,
        );
        use_effect_with(deps, move |(enabled, ..)| {
            if *enabled {
                write_url(&writer, &state);
            }
        });
    }

    use_effect_with(enabled, move |enabled| {
        let listener = enabled.then(web_sys::window).flatten().map(|window| {
            EventListener::new(&window, "popstate", move |_| load_location(&writer, &state))
        });
        move || drop(listener)
    });
}

/// How long a gesture's address-bar updates wait for the gesture to pause. Browsers throttle history writes
/// (Chrome ignores more than 200 in 10 s, Safari throws), and a slider drag sends dozens per second; a
/// dropped write would leave a stale link in the address bar.
const GESTURE_WRITE_DELAY_MS: u32 = 150;

/// The writer's decisions plus a gesture's held-back `replaceState`.
#[derive(Default)]
struct AddressBar {
    writer: UrlWriter,
    /// The query a held-back replace will write.
    pending_replace: Option<String>,
    /// The timer that writes it (dropping it cancels it).
    timer: Option<Timeout>,
}

fn set_address(push: bool, query: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(history) = window.history() else {
        return;
    };
    let path = window
        .location()
        .pathname()
        .unwrap_or_else(|_| "/".to_string());
    let url = format!("{path}?{query}");
    let result = if push {
        history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
    } else {
        history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
    };
    if let Err(e) = result {
        // Throttled or refused; the next edit writes the whole state again.
        gloo::console::warn!("Gigawatt could not update the address bar:", e);
    }
}

/// Writes the held-back replace now, if any (before a push, so the gesture's entry keeps its final state).
fn flush_pending(bar: &RefCell<AddressBar>) {
    let pending = bar.borrow_mut().pending_replace.take();
    if let Some(query) = pending {
        set_address(false, &query);
    }
}

/// Encodes the state and writes it to the address bar as [`UrlWriter`] decides.
fn write_url(writer: &Rc<RefCell<AddressBar>>, state: &SyncedState) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let query = link::encode(&link_state(
        state.handle.scenario(),
        (*state.pinned).as_deref(),
        *state.tab,
        *state.year,
        state.default_year,
    ));
    let search = location.search().unwrap_or_default();
    let gesture = state.handle.open_gesture();
    let decision = writer
        .borrow_mut()
        .writer
        .next(query, search.trim_start_matches('?'), gesture);
    match decision {
        UrlWrite::Nothing => {}
        UrlWrite::Replace(query) if gesture.is_some() => {
            let weak = Rc::downgrade(writer);
            let timer = Timeout::new(GESTURE_WRITE_DELAY_MS, move || {
                if let Some(bar) = weak.upgrade() {
                    flush_pending(&bar);
                }
            });
            let mut bar = writer.borrow_mut();
            bar.pending_replace = Some(query);
            bar.timer = Some(timer);
        }
        UrlWrite::Replace(query) => {
            writer.borrow_mut().pending_replace = None;
            set_address(false, &query);
        }
        UrlWrite::Push(query) => {
            flush_pending(writer);
            set_address(true, &query);
        }
    }
}

/// Back/Forward: decode the entry's URL and load every part of it.
fn load_location(writer: &RefCell<AddressBar>, state: &SyncedState) {
    // A held-back replace belongs to the entry just left; writing it now would overwrite this one.
    writer.borrow_mut().pending_replace = None;
    let Some(decoded) = super::decode_location() else {
        return;
    };
    let notes = super::notice::LinkNotes::of(&decoded);
    let linked = decoded.state;
    let tab = tab_from_link(&linked.view).unwrap_or(Tab::Overview);
    let year = linked.view.year.unwrap_or(state.default_year);
    let target = link::encode(&link_state(
        &linked.scenario,
        linked.pinned.as_ref(),
        tab,
        year,
        state.default_year,
    ));
    if !writer.borrow_mut().writer.on_pop(target) {
        return;
    }
    state
        .handle
        .dispatch(Msg::Replace(Rc::new(linked.scenario)));
    state.pinned.set(linked.pinned.map(Rc::new));
    state.tab.set(tab);
    state.year.set(year);
    if !notes.is_empty() {
        state.notes.set(notes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn s(text: &str) -> String {
        text.to_string()
    }

    #[wasm_bindgen_test]
    fn a_plain_address_is_left_alone_and_a_garbled_one_is_replaced() {
        let mut w = UrlWriter::default();
        assert_eq!(w.next(s("v=2"), "", None), UrlWrite::Nothing);
        let mut w = UrlWriter::default();
        assert_eq!(
            w.next(s("v=2&s=abc"), "v=2&s=ab!!", None),
            UrlWrite::Replace(s("v=2&s=abc"))
        );
    }

    #[wasm_bindgen_test]
    fn a_drag_replaces_and_discrete_actions_push() {
        let mut w = UrlWriter::default();
        w.next(s("v=2"), "", None);
        let drag = Some("param:x");
        assert_eq!(
            w.next(s("q1"), "v=1", drag),
            UrlWrite::Push(s("q1")),
            "a drag starts an entry"
        );
        assert_eq!(w.next(s("q2"), "q1", drag), UrlWrite::Replace(s("q2")));
        assert_eq!(w.next(s("q3"), "q2", drag), UrlWrite::Replace(s("q3")));
        // Release: same state, gesture closed.
        assert_eq!(w.next(s("q3"), "q3", None), UrlWrite::Nothing);
        // The same slider dragged again is a new entry.
        assert_eq!(w.next(s("q4"), "q3", drag), UrlWrite::Push(s("q4")));
        // A preset (no gesture) pushes, and so does the next one.
        assert_eq!(w.next(s("q5"), "q4", None), UrlWrite::Push(s("q5")));
        assert_eq!(w.next(s("q6"), "q5", None), UrlWrite::Push(s("q6")));
    }

    #[wasm_bindgen_test]
    fn back_waits_for_the_whole_state_and_writes_nothing() {
        let mut w = UrlWriter::default();
        w.next(s("v=2"), "", None);
        w.next(s("q1"), "v=1", None);
        assert!(w.on_pop(s("v=1")));
        // The scenario is loaded first, the tab a render later: neither render writes.
        assert_eq!(w.next(s("half"), "v=1", None), UrlWrite::Nothing);
        assert_eq!(w.next(s("v=1"), "v=1", None), UrlWrite::Nothing);
        // After the load, edits push again.
        assert_eq!(w.next(s("q2"), "v=1", None), UrlWrite::Push(s("q2")));
        // Popping to what is already shown loads nothing.
        assert!(!w.on_pop(s("q2")));
    }

    #[wasm_bindgen_test]
    fn an_edit_during_a_load_wins() {
        let mut w = UrlWriter::default();
        w.next(s("v=2"), "", None);
        assert!(w.on_pop(s("target")));
        assert_eq!(
            w.next(s("dragged"), "target", Some("param:x")),
            UrlWrite::Push(s("dragged"))
        );
    }
}
