//! The header's "File" menu: export all monthly outputs (CSV) and the scenario (JSON), import a scenario file,
//! and the scenarios saved in this browser.

use std::rc::Rc;

use gigawatt_model::{simulate, Scenario};
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use super::download::{download_text, file_name_for};
use super::import::{scenario_from_file, ImportError, MAX_SCENARIO_FILE_BYTES};
use super::outputs::outputs_csv;
use super::saved_panel::SavedPanel;
use crate::json_module;
use crate::state::{Msg, ScenarioHandle};

#[derive(Properties, PartialEq)]
pub struct FileMenuProps {
    pub handle: ScenarioHandle,
}

/// The outcome of the last export or import, shown in the menu.
#[derive(Clone, Debug, PartialEq)]
enum Note {
    Done(String),
    Failed(String),
    /// A file that reads but has problems: the message, and the scenario should the user load it anyway.
    Problems(String, Rc<Scenario>),
}

/// The JSON module (scenario files, saved scenarios), which the menu loads when it first opens.
#[derive(Clone, Debug, PartialEq)]
enum Json {
    NotLoaded,
    Loading,
    Ready,
    /// The message to show.
    Failed(String),
}

/// Loads the JSON module unless it is loaded or loading, and records how that went in `json`.
fn load_json(json: &UseStateHandle<Json>) {
    if matches!(**json, Json::Loading | Json::Ready) {
        return;
    }
    if json_module::installed().is_some() {
        json.set(Json::Ready);
        return;
    }
    json.set(Json::Loading);
    let json = json.clone();
    wasm_bindgen_futures::spawn_local(async move {
        json.set(match json_module::load().await {
            Ok(_) => Json::Ready,
            Err(why) => Json::Failed(json_module::failure_message(&why)),
        });
    });
}

#[component]
pub fn FileMenu(props: &FileMenuProps) -> Html {
    let open = use_state(|| false);
    let note = use_state(|| None::<Note>);
    let json = use_state(|| Json::NotLoaded);
    let file_input = use_node_ref();

    let toggle = {
        let open = open.clone();
        let json = json.clone();
        Callback::from(move |_| {
            if !*open {
                load_json(&json);
            }
            open.set(!*open)
        })
    };
    let close = {
        let open = open.clone();
        Callback::from(move |_| open.set(false))
    };
    // A click anywhere outside the menu closes it, as menus do.
    {
        let open = open.clone();
        use_effect_with(*open, move |is_open| {
            let listener = is_open
                .then(|| web_sys::window().and_then(|w| w.document()))
                .flatten()
                .map(|document| {
                    gloo::events::EventListener::new(&document, "pointerdown", move |event| {
                        let inside = event
                            .target()
                            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                            .and_then(|e| e.closest(".file-menu").ok().flatten())
                            .is_some();
                        if !inside {
                            open.set(false);
                        }
                    })
                });
            move || drop(listener)
        });
    }
    let on_panel_key = {
        let open = open.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                open.set(false);
            }
        })
    };

    let on_outputs_csv = {
        let handle = props.handle.clone();
        let note = note.clone();
        Callback::from(move |_| {
            // The same deterministic run the charts show (a scenario fixes every output bit for bit).
            let scenario = handle.scenario();
            let csv = outputs_csv(&simulate(scenario));
            let file = file_name_for(&format!("{} outputs", scenario.name), "csv");
            note.set(Some(match download_text(&file, "text/csv", &csv) {
                Ok(()) => Note::Done(format!("Saved every monthly output as {file}.")),
                Err(e) => Note::Failed(e.to_string()),
            }));
        })
    };
    let on_scenario_json = {
        let handle = props.handle.clone();
        let note = note.clone();
        Callback::from(move |_| {
            let scenario = handle.scenario().clone();
            let note = note.clone();
            // Written by the JSON module: at once when the menu has loaded it, else after it loads.
            wasm_bindgen_futures::spawn_local(async move {
                let file = file_name_for(&scenario.name, "json");
                let text = json_module::load()
                    .await
                    .map_err(|why| json_module::failure_message(&why))
                    .and_then(|codec| codec.scenario_to_json(&scenario));
                note.set(Some(
                    match text.and_then(|text| {
                        download_text(&file, "application/json", &text).map_err(|e| e.to_string())
                    }) {
                        Ok(()) => Note::Done(format!(
                            "Saved the scenario as {file}; open it again with “Import scenario”."
                        )),
                        Err(e) => Note::Failed(e),
                    },
                ));
            });
        })
    };

    let on_import = {
        let handle = props.handle.clone();
        let note = note.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            // The same file can be chosen again after fixing it.
            input.set_value("");
            let file_name = file.name();
            if file.size() > MAX_SCENARIO_FILE_BYTES {
                let error = ImportError::TooLarge {
                    file_name,
                    bytes: file.size(),
                };
                note.set(Some(Note::Failed(error.to_string())));
                return;
            }
            let handle = handle.clone();
            let note = note.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(why) = json_module::load().await {
                    note.set(Some(Note::Failed(json_module::failure_message(&why))));
                    return;
                }
                let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
                let result = match text {
                    Ok(text) => match text.as_string() {
                        Some(text) => scenario_from_file(&file_name, &text),
                        None => Err(ImportError::Unreadable {
                            file_name,
                            reason: "the browser gave no text".into(),
                        }),
                    },
                    Err(e) => Err(ImportError::Unreadable {
                        file_name,
                        reason: super::clipboard::describe(&e),
                    }),
                };
                note.set(Some(match result {
                    Ok(scenario) => {
                        let name = scenario.name.clone();
                        handle.dispatch(Msg::Replace(Rc::new(scenario)).into());
                        Note::Done(format!(
                            "Opened “{name}”. Undo returns to the scenario you had before."
                        ))
                    }
                    Err(ImportError::Problems {
                        file_name,
                        scenario,
                        problems,
                    }) => {
                        let message = ImportError::Problems {
                            file_name,
                            scenario: scenario.clone(),
                            problems,
                        }
                        .to_string();
                        Note::Problems(message, Rc::new(*scenario))
                    }
                    Err(error) => Note::Failed(error.to_string()),
                }));
            });
        })
    };
    let choose_file = {
        let file_input = file_input.clone();
        Callback::from(move |_| {
            if let Some(input) = file_input.cast::<web_sys::HtmlElement>() {
                input.click();
            }
        })
    };
    let dismiss = {
        let note = note.clone();
        Callback::from(move |_| note.set(None))
    };

    let note_html = match (*note).clone() {
        None => html! {},
        Some(Note::Done(message)) => html! {
            <p class="file-note" role="status" data-testid="file-status">{ message }</p>
        },
        Some(Note::Failed(message)) => html! {
            <div class="file-note error" role="alert" data-testid="import-error">
                <span>{ message }</span>
                <button type="button" class="link-button" onclick={dismiss}>{ "Dismiss" }</button>
            </div>
        },
        Some(Note::Problems(message, scenario)) => {
            let load_anyway = {
                let handle = props.handle.clone();
                let note = note.clone();
                Callback::from(move |_| {
                    let name = scenario.name.clone();
                    handle.dispatch(Msg::Replace(scenario.clone()).into());
                    note.set(Some(Note::Done(format!(
                        "Opened “{name}” with its problems listed under the header; the charts run a corrected copy."
                    ))));
                })
            };
            html! {
                <div class="file-note error" role="alert" data-testid="import-error">
                    <span>{ message }</span>
                    <span class="file-note-actions">
                        <button type="button" data-testid="import-anyway" onclick={load_anyway}>{ "Open anyway" }</button>
                        <button type="button" class="link-button" onclick={dismiss}>{ "Keep current scenario" }</button>
                    </span>
                </div>
            }
        }
    };

    html! {
        <div class="file-menu">
            <button type="button" data-testid="file-menu" aria-haspopup="true" aria-expanded={open.to_string()}
                aria-controls="file-panel" onclick={toggle}>{ "File ▾" }</button>
            <div class="file-panel" id="file-panel" data-testid="file-panel" hidden={!*open}
                data-json={match &*json { Json::Ready => "ready", Json::Failed(_) => "failed", _ => "loading" }}
                role="region" aria-label="Files and saved scenarios" onkeydown={on_panel_key}>
                <div class="file-panel-head">
                    <h2>{ "Files" }</h2>
                    <button type="button" class="icon-button" aria-label="Close" onclick={close}>{ "×" }</button>
                </div>
                <section aria-labelledby="file-export-title">
                    <h3 id="file-export-title">{ "Export" }</h3>
                    <div class="file-actions">
                        <button type="button" data-testid="export-outputs-csv" onclick={on_outputs_csv}
                            title="One row per month, one column per output series (the format of `gigawatt run --format csv`)">
                            { "All monthly outputs (CSV)" }</button>
                        <button type="button" data-testid="export-scenario-json" onclick={on_scenario_json}
                            title="Every assumption, deal and funding event, to open again later or share">
                            { "Scenario file (JSON)" }</button>
                    </div>
                </section>
                <section aria-labelledby="file-import-title">
                    <h3 id="file-import-title">{ "Import" }</h3>
                    <div class="file-actions">
                        <button type="button" onclick={choose_file}>{ "Import scenario…" }</button>
                        <input ref={file_input} type="file" class="sr-only" tabindex="-1"
                            accept=".json,application/json" data-testid="import-scenario"
                            aria-label="Import a scenario file (JSON)" onchange={on_import} />
                    </div>
                    <p class="muted small">{ "Replaces the current scenario; Undo brings it back." }</p>
                </section>
                { note_html }
                { match &*json {
                    Json::Ready => html! { <SavedPanel handle={props.handle.clone()} /> },
                    Json::Failed(message) => html! {
                        <p class="file-note error" role="alert" data-testid="json-module-error">{ message }</p>
                    },
                    Json::NotLoaded | Json::Loading => html! {
                        <p class="muted small" role="status" data-testid="json-module-loading">
                            { "Loading saved scenarios…" }</p>
                    },
                } }
            </div>
        </div>
    }
}
