//! Keyboard undo: Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y) anywhere except inside text fields, which keep their
//! own undo.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::state::{AppMsg, Dispatcher, Msg};

/// Listens on the document for the undo and redo shortcuts while the calling component is mounted.
#[hook]
pub fn use_undo_keys(dispatcher: Dispatcher) {
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
                    dispatcher.dispatch(AppMsg::Scenario(msg));
                },
            )
        });
        move || drop(listener)
    });
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
