//! "Saved in this browser": save the scenario under a name, and open, rename or delete saved ones.
//! Storage problems (private mode, full quota) and damaged entries are shown, never fatal.

use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::JsValue;
use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use super::saved::{self, browser_store, SaveOutcome, SavedEntry, SavedError};
use crate::state::{Msg, ScenarioHandle};

#[derive(Properties, PartialEq)]
pub struct SavedPanelProps {
    pub handle: ScenarioHandle,
}

/// The list as last read from storage, or why storage cannot be used.
fn load() -> Result<Vec<SavedEntry>, SavedError> {
    let store = browser_store()?;
    saved::list(&store)
}

/// A deletion that can still be undone: key, stored text, name.
#[derive(Clone, Debug, PartialEq)]
struct Deleted {
    key: String,
    raw: String,
    name: String,
}

#[derive(Clone, Debug, PartialEq)]
enum Note {
    Done(String),
    Failed(String),
}

/// "2026-11-23 16:40" in the browser's time zone.
fn saved_time(ms: f64) -> String {
    if ms <= 0.0 {
        return String::new();
    }
    let d = js_sys::Date::new(&JsValue::from_f64(ms));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

#[component]
pub fn SavedPanel(props: &SavedPanelProps) -> Html {
    let entries = use_state(load);
    let note = use_state(|| None::<Note>);
    let deleted = use_state(|| None::<Deleted>);
    let editing = use_state(|| None::<(String, String)>); // (key, text being typed)
    let name_ref = use_node_ref();

    // Another tab saving or deleting updates this list.
    {
        let entries = entries.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window()
                .map(|w| EventListener::new(&w, "storage", move |_| entries.set(load())));
            move || drop(listener)
        });
    }

    let report = {
        let entries = entries.clone();
        let note = note.clone();
        Rc::new(move |result: Result<String, SavedError>| {
            note.set(Some(match result {
                Ok(message) => Note::Done(message),
                Err(e) => Note::Failed(e.to_string()),
            }));
            entries.set(load());
        })
    };

    let on_save = {
        let handle = props.handle.clone();
        let name_ref = name_ref.clone();
        let report = report.clone();
        let deleted = deleted.clone();
        Callback::from(move |_| {
            let input = name_ref.cast::<HtmlInputElement>();
            let typed = input.as_ref().map(|i| i.value()).unwrap_or_default();
            let scenario = handle.scenario();
            let name = if typed.trim().is_empty() {
                scenario.name.clone()
            } else {
                typed
            };
            let result = browser_store()
                .and_then(|store| saved::save(&store, &name, scenario, js_sys::Date::now()));
            if result.is_ok() {
                if let Some(input) = &input {
                    input.set_value("");
                }
                deleted.set(None);
            }
            report(result.map(|outcome| match outcome {
                SaveOutcome::Created { name, .. } => format!("Saved as “{name}”."),
                SaveOutcome::Replaced { name, .. } => {
                    format!("Replaced the saved scenario “{name}” with this one.")
                }
            }));
        })
    };
    let on_name_key = {
        let on_save = on_save.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                on_save.emit(());
            }
        })
    };

    let undo_delete = {
        let deleted = deleted.clone();
        let report = report.clone();
        Callback::from(move |_| {
            if let Some(d) = (*deleted).clone() {
                let result =
                    browser_store().and_then(|store| saved::restore(&store, &d.key, &d.raw));
                if result.is_ok() {
                    deleted.set(None);
                }
                report(result.map(|()| format!("Restored “{}”.", d.name)));
            }
        })
    };

    let rows = match &*entries {
        Err(e) => html! {
            <p class="file-note error" role="alert" data-testid="saved-unavailable">{ e.to_string() }</p>
        },
        Ok(list) if list.is_empty() => html! {
            <p class="muted small" data-testid="saved-empty">{ "No saved scenarios yet." }</p>
        },
        Ok(list) => html! {
            <ul class="saved-list" data-testid="saved-list">
                { for list.iter().enumerate().map(|(i, entry)| {
                    let key = entry.key.clone();
                    let on_delete = {
                        let key = key.clone();
                        let deleted = deleted.clone();
                        let report = report.clone();
                        let name = entry.content.as_ref().map(|s| s.name.clone())
                            .unwrap_or_else(|_| "the unreadable entry".to_string());
                        Callback::from(move |_| {
                            let result = browser_store().and_then(|store| saved::delete(&store, &key));
                            match result {
                                Ok(raw) => {
                                    deleted.set(Some(Deleted { key: key.clone(), raw, name: name.clone() }));
                                    report(Ok(format!("Deleted “{name}”.")));
                                }
                                Err(e) => report(Err(e)),
                            }
                        })
                    };
                    let delete_button = html! {
                        <button type="button" class="link-button danger" data-testid={format!("saved-delete-{i}")}
                            onclick={on_delete}>{ "Delete" }</button>
                    };
                    match &entry.content {
                        Err(why) => html! {
                            <li class="saved-row unreadable" data-testid={format!("saved-row-{i}")}>
                                <span class="saved-name">{ "Unreadable saved scenario" }</span>
                                <span class="muted small">{ format!("{why} (stored as {key})") }</span>
                                <span class="saved-actions">{ delete_button }</span>
                            </li>
                        },
                        Ok(saved_scenario) => {
                            let on_open = {
                                let handle = props.handle.clone();
                                let key = key.clone();
                                let report = report.clone();
                                Callback::from(move |_| {
                                    let result = browser_store().and_then(|store| saved::open(&store, &key));
                                    report(result.map(|s| {
                                        handle.dispatch(Msg::Replace(Rc::new(s.scenario)).into());
                                        format!("Opened “{}”. Undo returns to the scenario you had before.", s.name)
                                    }));
                                })
                            };
                            let is_editing = editing.as_ref().filter(|(k, _)| *k == key).map(|(_, t)| t.clone());
                            let commit_rename = {
                                let editing = editing.clone();
                                let key = key.clone();
                                let report = report.clone();
                                Rc::new(move |text: String| {
                                    let result = browser_store().and_then(|store| saved::rename(&store, &key, &text));
                                    if result.is_ok() {
                                        editing.set(None);
                                    }
                                    report(result.map(|name| format!("Renamed to “{name}”.")));
                                })
                            };
                            let start_rename = {
                                let editing = editing.clone();
                                let key = key.clone();
                                let name = saved_scenario.name.clone();
                                Callback::from(move |_| editing.set(Some((key.clone(), name.clone()))))
                            };
                            if let Some(text) = is_editing {
                                let on_input = {
                                    let editing = editing.clone();
                                    let key = key.clone();
                                    Callback::from(move |e: InputEvent| {
                                        if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                                            editing.set(Some((key.clone(), input.value())));
                                        }
                                    })
                                };
                                let on_key = {
                                    let editing = editing.clone();
                                    let commit_rename = commit_rename.clone();
                                    Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
                                        "Enter" => {
                                            e.prevent_default();
                                            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                                                commit_rename(input.value());
                                            }
                                        }
                                        "Escape" => {
                                            e.stop_propagation();
                                            editing.set(None);
                                        }
                                        _ => {}
                                    })
                                };
                                let on_confirm = {
                                    let text = text.clone();
                                    let commit_rename = commit_rename.clone();
                                    Callback::from(move |_| commit_rename(text.clone()))
                                };
                                let on_cancel = {
                                    let editing = editing.clone();
                                    Callback::from(move |_| editing.set(None))
                                };
                                html! {
                                    <li class="saved-row editing" data-testid={format!("saved-row-{i}")}>
                                        <input class="saved-rename-input" data-testid={format!("saved-rename-input-{i}")}
                                            aria-label={format!("New name for “{}”", saved_scenario.name)}
                                            value={text} oninput={on_input} onkeydown={on_key} />
                                        <span class="saved-actions">
                                            <button type="button" data-testid={format!("saved-rename-confirm-{i}")}
                                                onclick={on_confirm}>{ "Rename" }</button>
                                            <button type="button" class="link-button" onclick={on_cancel}>{ "Cancel" }</button>
                                        </span>
                                    </li>
                                }
                            } else {
                                html! {
                                    <li class="saved-row" data-testid={format!("saved-row-{i}")}>
                                        <span class="saved-name" data-testid={format!("saved-name-{i}")}>
                                            { saved_scenario.name.clone() }
                                        </span>
                                        <span class="muted small">{ saved_time(saved_scenario.saved_at_ms) }</span>
                                        <span class="saved-actions">
                                            <button type="button" data-testid={format!("saved-open-{i}")}
                                                onclick={on_open}>{ "Open" }</button>
                                            <button type="button" class="link-button" data-testid={format!("saved-rename-{i}")}
                                                onclick={start_rename}>{ "Rename" }</button>
                                            { delete_button }
                                        </span>
                                    </li>
                                }
                            }
                        }
                    }
                }) }
            </ul>
        },
    };

    let placeholder = props.handle.scenario().name.clone();
    html! {
        <section class="saved-panel" aria-labelledby="saved-title">
            <h3 id="saved-title">{ "Saved in this browser" }</h3>
            <div class="saved-save">
                <input ref={name_ref} data-testid="saved-name" aria-label="Name to save the scenario under"
                    placeholder={placeholder} maxlength={saved::MAX_NAME_CHARS.to_string()}
                    onkeydown={on_name_key} />
                <button type="button" data-testid="saved-save" onclick={on_save.reform(|_: MouseEvent| ())}>
                    { "Save" }
                </button>
            </div>
            if let Some(n) = &*note {
                { match n {
                    Note::Done(m) => html! { <p class="file-note" role="status" data-testid="saved-status">{ m.clone() }</p> },
                    Note::Failed(m) => html! { <p class="file-note error" role="alert" data-testid="saved-error">{ m.clone() }</p> },
                } }
            }
            if let Some(d) = &*deleted {
                <p class="file-note">
                    <button type="button" data-testid="saved-undo-delete" onclick={undo_delete}>
                        { format!("Undo delete of “{}”", d.name) }
                    </button>
                </p>
            }
            { rows }
            <p class="muted small">{ "Saved scenarios stay in this browser only; export a JSON file to move one elsewhere." }</p>
        </section>
    }
}
