//! The JSON module (see `gigawatt_app::json_module`): scenario files, saved scenarios' envelopes and share
//! links' frozen defaults, read and written here so the first module carries no JSON code. Trunk builds it as
//! `json.js` (an ES module, `data-bindgen-target="web"`) and `json_bg.wasm`; the page imports it on first use.
//! Every export takes text or a scenario as link records (`link::scenario_records`) and returns text, link
//! records or an array of them; a failure is thrown, as text (a file's error as `[kind, text, line, column]`).

use gigawatt_app::json_module::{InProcess, JsonCodec};
use gigawatt_model::link::{scenario_from_records, scenario_records};
use gigawatt_model::{FileError, Scenario};
use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;

fn main() {}

fn records(scenario: &Scenario) -> JsValue {
    Uint8Array::from(&scenario_records(scenario)[..]).into()
}

fn thrown(message: String) -> JsValue {
    JsValue::from_str(&message)
}

#[wasm_bindgen]
pub fn scenario_to_json(scenario: &[u8]) -> Result<String, JsValue> {
    scenario_from_records(scenario)
        .and_then(|s| InProcess.scenario_to_json(&s))
        .map_err(thrown)
}

/// A file's error as `gigawatt_app::json_module`'s `file_error` reads it.
fn file_error(error: FileError) -> JsValue {
    let (kind, text, line, column) = match error {
        FileError::Syntax {
            line,
            column,
            message,
        } => (0, message, line, column),
        FileError::UnknownParameter(key) => (1, key, 0, 0),
        FileError::NotANumber { key } => (2, key, 0, 0),
    };
    Array::of4(
        &kind.into(),
        &text.into(),
        &(line as f64).into(),
        &(column as f64).into(),
    )
    .into()
}

#[wasm_bindgen]
pub fn scenario_from_json(text: &str) -> Result<JsValue, JsValue> {
    InProcess
        .scenario_from_json(text)
        .map(|s| records(&s))
        .map_err(file_error)
}

#[wasm_bindgen]
pub fn saved_envelope(name: &str, saved_at_ms: f64, scenario: &[u8]) -> Result<String, JsValue> {
    scenario_from_records(scenario)
        .and_then(|s| InProcess.saved_envelope(name, saved_at_ms, &s))
        .map_err(thrown)
}

#[wasm_bindgen]
pub fn saved_entry(raw: &str) -> Result<Array, JsValue> {
    let (name, saved_at_ms, scenario) = InProcess.saved_entry(raw).map_err(thrown)?;
    Ok(Array::of3(
        &name.into(),
        &saved_at_ms.into(),
        &records(&scenario),
    ))
}

#[wasm_bindgen]
pub fn frozen_file(version: u32) -> Result<Array, JsValue> {
    let file = InProcess.frozen_file(version).map_err(thrown)?;
    let keys: Array = file
        .param_keys
        .iter()
        .map(|k| JsValue::from_str(k))
        .collect();
    let presets: Array = file.presets.iter().map(records).collect();
    Ok(Array::of2(&keys, &presets))
}
