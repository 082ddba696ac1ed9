//! The address bar as a projection of the app's state: the effects around the platform-free
//! `gigawatt_app_core::url::UrlWriter`, which decides every write.
//!
//! After every render that changed the scenario, the pinned scenario, the tab or the KPI year, the state is
//! encoded and the writer says what to do: `history.replaceState` while one gesture (a slider drag, typing
//! in one field) goes on, held back until the gesture pauses; `history.pushState` for every discrete action
//! (preset, deal edit, tab or year change, pin, undo), so Back and Forward step through what the person did.
//! `popstate` decodes the entry's URL and loads all of it in one message (`AppMsg::LoadLink`).

use std::cell::RefCell;
use std::rc::Rc;

use gigawatt_app_core::link::shown_query;
use gigawatt_app_core::url::{UrlWrite, UrlWriter};
use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::state::{AppMsg, Dispatcher, ScenarioHandle};

/// Keeps the URL in step with the app's state and loads history entries on Back/Forward. Does nothing
/// unless `enabled` (tests mount the app without owning the page's URL).
#[hook]
pub fn use_url_sync(enabled: bool, handle: ScenarioHandle) {
    let bar = use_mut_ref(AddressBar::default);

    {
        let bar = bar.clone();
        let deps = (
            enabled,
            handle.history.generation,
            handle.history.open_gesture().map(str::to_string),
            handle.pinned.as_ref().map(|p| Rc::as_ptr(p) as usize),
            handle.tab,
            handle.kpi_year,
        );
        let handle = handle.clone();
        use_effect_with(deps, move |(enabled, ..)| {
            if *enabled {
                write_url(&bar, &handle);
            }
        });
    }

    let dispatcher = handle.dispatcher();
    use_effect_with(enabled, move |enabled| {
        let listener = enabled.then(web_sys::window).flatten().map(|window| {
            EventListener::new(&window, "popstate", move |_| {
                load_location(&bar, &dispatcher)
            })
        });
        move || drop(listener)
    });
}

/// How long a gesture's address-bar updates wait for the gesture to pause. Browsers throttle history writes
/// (Chrome ignores more than 200 in 10 s, Safari throws), and a slider drag sends dozens per second; a
/// dropped write would leave a stale link in the address bar.
const GESTURE_WRITE_DELAY_MS: u32 = 150;

/// The writer's decisions plus the timer of a held-back `replaceState`.
#[derive(Default)]
struct AddressBar {
    writer: UrlWriter,
    /// Writes the held replace when it fires (dropping it cancels it).
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

/// Encodes the state and writes it to the address bar as the writer decides.
fn write_url(bar: &Rc<RefCell<AddressBar>>, handle: &ScenarioHandle) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let search = window.location().search().unwrap_or_default();
    let decision = bar.borrow_mut().writer.render(
        handle.link_query(),
        search.trim_start_matches('?'),
        handle.history.open_gesture(),
        handle.url_step(),
    );
    match decision {
        UrlWrite::Nothing => {}
        UrlWrite::Hold(_) => {
            let weak = Rc::downgrade(bar);
            let timer = Timeout::new(GESTURE_WRITE_DELAY_MS, move || {
                let held = weak
                    .upgrade()
                    .and_then(|bar| bar.borrow_mut().writer.take_held());
                if let Some(query) = held {
                    set_address(false, &query);
                }
            });
            bar.borrow_mut().timer = Some(timer);
        }
        UrlWrite::Replace(query) => set_address(false, &query),
        UrlWrite::Push { flush, query } => {
            if let Some(held) = flush {
                set_address(false, &held);
            }
            set_address(true, &query);
        }
    }
}

/// Back/Forward: decode the entry's URL and load all of it, unless the app already shows it.
fn load_location(bar: &RefCell<AddressBar>, dispatcher: &Dispatcher) {
    let Some(decoded) = super::decode_location() else {
        return;
    };
    if bar.borrow_mut().writer.pop(shown_query(&decoded)) {
        dispatcher.dispatch(AppMsg::LoadLink(Rc::new(decoded)));
    }
}
