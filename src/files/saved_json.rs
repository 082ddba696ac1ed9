//! The JSON of saved scenarios, in the JSON module (`src/bin/json.rs`; tests link it through
//! `json_module::InProcess`): the envelope `{"format", "version", "name", "saved_at_ms", "scenario"}` whose
//! `scenario` is exactly `Scenario::to_json`. Unchanged since saved scenarios first shipped, so every entry
//! already in a browser reads as it did.

use gigawatt_model::Scenario;
use serde_json::{json, Value};

/// Written in every envelope so a later version can tell its files apart.
pub const FORMAT: &str = "gigawatt-saved-scenario";
pub const VERSION: u64 = 1;

/// The stored text of `scenario` saved as `name` at `saved_at_ms`.
pub fn envelope(name: &str, saved_at_ms: f64, scenario: &Scenario) -> Result<String, String> {
    let scenario: Value = serde_json::from_str(&scenario.to_json()).map_err(|e| e.to_string())?;
    Ok(json!({
        "format": FORMAT,
        "version": VERSION,
        "name": name,
        "saved_at_ms": saved_at_ms,
        "scenario": scenario,
    })
    .to_string())
}

/// Reads one stored value: (name, saved at, scenario), or what is wrong with it.
pub fn entry(raw: &str) -> Result<(String, f64, Scenario), String> {
    let value: Value = serde_json::from_str(raw).map_err(|e| format!("not JSON ({e})"))?;
    let object = value
        .as_object()
        .ok_or_else(|| "not a saved scenario (no JSON object)".to_string())?;
    if object.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err("not a saved scenario (no \"format\" marker)".into());
    }
    match object.get("version").and_then(Value::as_u64) {
        Some(VERSION) => {}
        Some(v) => return Err(format!("saved by a newer Gigawatt (version {v})")),
        None => return Err("no version".into()),
    }
    let name = object
        .get("name")
        .and_then(Value::as_str)
        .ok_or_else(|| "no name".to_string())?
        .to_string();
    let saved_at_ms = object
        .get("saved_at_ms")
        .and_then(Value::as_f64)
        .unwrap_or(0.0);
    let scenario = object
        .get("scenario")
        .ok_or_else(|| "no scenario in it".to_string())?;
    let scenario = Scenario::from_json(&scenario.to_string())
        .map_err(|e| format!("its scenario does not read: {e}"))?;
    Ok((name, saved_at_ms, scenario))
}
