//! The JSON module (see `gigawatt_app::json_module`): scenario files, saved scenarios' envelopes and share
//! links' frozen defaults, read and written here so the first module carries no JSON code. Trunk builds it as
//! `json.js` (an ES module, `data-bindgen-target="web"`) and `json_bg.wasm`; the page imports it on first use.
//! Every export takes text or a scenario in bincode and returns its answer, a `Result`, in bincode.

use gigawatt_app::json_module::{InProcess, JsonCodec};
use gigawatt_model::Scenario;
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn main() {}

fn answer<T: Serialize>(value: &T) -> Vec<u8> {
    // Serialising owned data in memory cannot fail; an empty answer would fail to read on the page.
    bincode::serialize(value).unwrap_or_default()
}

fn scenario(bytes: &[u8]) -> Result<Scenario, String> {
    bincode::deserialize(bytes).map_err(|e| format!("the scenario did not arrive whole: {e}"))
}

#[wasm_bindgen]
pub fn scenario_to_json(bytes: &[u8]) -> Vec<u8> {
    answer(&scenario(bytes).and_then(|s| InProcess.scenario_to_json(&s)))
}

#[wasm_bindgen]
pub fn scenario_from_json(text: &str) -> Vec<u8> {
    answer(&InProcess.scenario_from_json(text))
}

#[wasm_bindgen]
pub fn saved_envelope(name: &str, saved_at_ms: f64, bytes: &[u8]) -> Vec<u8> {
    answer(&scenario(bytes).and_then(|s| InProcess.saved_envelope(name, saved_at_ms, &s)))
}

#[wasm_bindgen]
pub fn saved_entry(raw: &str) -> Vec<u8> {
    answer(&InProcess.saved_entry(raw))
}

#[wasm_bindgen]
pub fn frozen_file(version: u32) -> Vec<u8> {
    answer(&InProcess.frozen_file(version))
}
