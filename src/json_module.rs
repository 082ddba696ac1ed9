//! The JSON module: everything that reads or writes JSON, in a second WebAssembly module (`src/bin/json.rs`,
//! `json.js` + `json_bg.wasm`) that the page loads only when first needed, so the first view carries no JSON
//! reader or writer (serde_json and the JSON forms of scenarios were about a quarter of the first module).
//!
//! It is needed by scenario files (export, import), scenarios saved in the browser (stored as JSON envelopes,
//! `files/saved.rs`), and share links of an older version (their frozen defaults are JSON files,
//! `gigawatt_model::link::read_frozen_file`). The File menu starts loading it when it opens; a start on an
//! older link loads it before the link is read (`crate::start`). Scenarios cross between the modules as share
//! link records (`link::scenario_records`, read back exactly, valid or not, by `link::scenario_from_records`),
//! with text, in plain JavaScript values: the first module gains no deserialiser of scenarios (serde's, through
//! bincode, cost about 9 KB brotli).
//!
//! [`JsonCodec`] is what the first module asks; [`load`] loads the module once and installs it. Tests install
//! [`InProcess`], the same functions linked into the test (the first module never names it).

use std::cell::RefCell;
use std::rc::Rc;

use gigawatt_model::link::{scenario_from_records, scenario_records, FrozenFile};
use gigawatt_model::{FileError, Scenario};
use wasm_bindgen::prelude::*;

/// The module's script, relative to the page (Trunk writes it next to index.html).
pub const MODULE_PATH: &str = "json.js";

/// A saved scenario's envelope as read: its name, when it was saved (ms since 1970) and its scenario.
pub type SavedParts = (String, f64, Scenario);

/// What the first module asks of the JSON module.
pub trait JsonCodec {
    /// The scenario file (`Scenario::to_json`).
    fn scenario_to_json(&self, scenario: &Scenario) -> Result<String, String>;
    /// A scenario file read (`Scenario::from_json`), not yet validated.
    fn scenario_from_json(&self, text: &str) -> Result<Scenario, FileError>;
    /// The JSON envelope a saved scenario is stored in (`json_side::saved_envelope`).
    fn saved_envelope(
        &self,
        name: &str,
        saved_at_ms: f64,
        scenario: &Scenario,
    ) -> Result<String, String>;
    /// A stored envelope read, or what is wrong with it (`json_side::saved_entry`).
    fn saved_entry(&self, raw: &str) -> Result<SavedParts, String>;
    /// Link version `version`'s frozen defaults (`gigawatt_model::link::read_frozen_file`).
    fn frozen_file(&self, version: u32) -> Result<FrozenFile, String>;
}

thread_local! {
    static INSTALLED: RefCell<Option<Rc<dyn JsonCodec>>> = const { RefCell::new(None) };
    /// Why the last load failed, for messages that come later (a link's frozen defaults).
    static LAST_FAILURE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The JSON module, if it is loaded (or a test installed one).
pub fn installed() -> Option<Rc<dyn JsonCodec>> {
    INSTALLED.with(|c| c.borrow().clone())
}

/// Installs `codec` as the JSON module (tests install [`InProcess`]).
pub fn install(codec: Rc<dyn JsonCodec>) {
    INSTALLED.with(|c| *c.borrow_mut() = Some(codec));
}

/// What the page says when the module cannot be loaded: what failed, why, and what to do.
pub fn failure_message(why: &str) -> String {
    format!(
        "The part of Gigawatt that reads and writes files could not be loaded ({why}). Check the \
         connection and try again, or reload the page."
    )
}

/// The JSON module, loading it first if needed (once; a failed load is tried again on the next call).
pub async fn load() -> Result<Rc<dyn JsonCodec>, String> {
    if let Some(codec) = installed() {
        return Ok(codec);
    }
    let result = wasm_bindgen_futures::JsFuture::from(import_json_module(MODULE_PATH)).await;
    match result {
        Ok(module) => {
            // Two loads in flight both end here; the module is one and the same.
            if let Some(codec) = installed() {
                return Ok(codec);
            }
            let codec: Rc<dyn JsonCodec> = Rc::new(Loaded { module });
            install(codec.clone());
            LAST_FAILURE.with(|f| f.borrow_mut().take());
            Ok(codec)
        }
        Err(error) => {
            let why = describe(&error);
            LAST_FAILURE.with(|f| *f.borrow_mut() = Some(why.clone()));
            Err(why)
        }
    }
}

/// The frozen defaults of links for `gigawatt_model::link::set_frozen_source`: from the JSON module once it is
/// loaded, else why not (the link is then read against today's presets, with that warning).
pub fn frozen_source(version: u32) -> Result<FrozenFile, String> {
    match installed() {
        Some(codec) => codec.frozen_file(version),
        None => Err(LAST_FAILURE
            .with(|f| f.borrow().clone())
            .map(|why| format!("the module that reads them could not be loaded: {why}"))
            .unwrap_or_else(|| "the module that reads them is not loaded".into())),
    }
}

fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "the browser gave no reason".into())
}

#[wasm_bindgen(inline_js = "
export function import_json_module(path) {
  // Relative to the page, not to this snippet; the module's own init fetches json_bg.wasm beside it.
  return import(new URL(path, document.baseURI).href).then(async (module) => {
    await module.default();
    return module;
  });
}
")]
extern "C" {
    fn import_json_module(path: &str) -> js_sys::Promise;
}

/// The loaded module: its namespace object, whose exports are `src/bin/json.rs`'s. They take text or link
/// records and return text, link records (`Uint8Array`) or arrays of them; a failure is thrown as text.
struct Loaded {
    module: JsValue,
}

impl Loaded {
    /// Calls export `name` with `args`: what it returned, or what it threw.
    fn call(&self, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
        let function: js_sys::Function =
            js_sys::Reflect::get(&self.module, &JsValue::from_str(name))
                .ok()
                .and_then(|f| f.dyn_into().ok())
                .ok_or_else(|| JsValue::from_str("the JSON module lacks a function"))?;
        let array: js_sys::Array = args.iter().collect();
        function.apply(&JsValue::NULL, &array)
    }

    /// [`Loaded::call`], a failure in words.
    fn ask(&self, name: &str, args: &[JsValue]) -> Result<JsValue, String> {
        self.call(name, args).map_err(|e| describe(&e))
    }
}

/// Text the module returned.
fn text(value: JsValue) -> Result<String, String> {
    value
        .as_string()
        .ok_or_else(|| "the JSON module answered something other than text".into())
}

/// A scenario the module returned as link records.
fn scenario(value: &JsValue) -> Result<Scenario, String> {
    scenario_from_records(&js_sys::Uint8Array::new(value).to_vec())
}

fn records_of(scenario: &Scenario) -> JsValue {
    js_sys::Uint8Array::from(&scenario_records(scenario)[..]).into()
}

/// A [`FileError`] the module threw as `[kind, text, line, column]` (`src/bin/json.rs`'s `file_error`), or
/// any other failure as a syntax error with its words.
fn file_error(thrown: &JsValue) -> FileError {
    if !js_sys::Array::is_array(thrown) {
        return FileError::Syntax {
            line: 0,
            column: 0,
            message: describe(thrown),
        };
    }
    let parts = js_sys::Array::from(thrown);
    let text = parts.get(1).as_string().unwrap_or_default();
    match parts.get(0).as_f64() {
        Some(1.0) => FileError::UnknownParameter(text),
        Some(2.0) => FileError::NotANumber { key: text },
        _ => FileError::Syntax {
            line: parts.get(2).as_f64().unwrap_or(0.0) as usize,
            column: parts.get(3).as_f64().unwrap_or(0.0) as usize,
            message: text,
        },
    }
}

impl JsonCodec for Loaded {
    fn scenario_to_json(&self, scenario: &Scenario) -> Result<String, String> {
        text(self.ask("scenario_to_json", &[records_of(scenario)])?)
    }

    fn scenario_from_json(&self, text: &str) -> Result<Scenario, FileError> {
        let records = self
            .call("scenario_from_json", &[text.into()])
            .map_err(|thrown| file_error(&thrown))?;
        scenario(&records).map_err(|message| FileError::Syntax {
            line: 0,
            column: 0,
            message,
        })
    }

    fn saved_envelope(
        &self,
        name: &str,
        saved_at_ms: f64,
        scenario: &Scenario,
    ) -> Result<String, String> {
        text(self.ask(
            "saved_envelope",
            &[name.into(), saved_at_ms.into(), records_of(scenario)],
        )?)
    }

    fn saved_entry(&self, raw: &str) -> Result<SavedParts, String> {
        // [name, saved_at_ms, records]
        let parts = js_sys::Array::from(&self.ask("saved_entry", &[raw.into()])?);
        Ok((
            text(parts.get(0))?,
            parts.get(1).as_f64().unwrap_or(0.0),
            scenario(&parts.get(2))?,
        ))
    }

    fn frozen_file(&self, version: u32) -> Result<FrozenFile, String> {
        // [[parameter keys], [each preset's records]]
        let parts = js_sys::Array::from(&self.ask("frozen_file", &[version.into()])?);
        Ok(FrozenFile {
            param_keys: js_sys::Array::from(&parts.get(0))
                .iter()
                .map(text)
                .collect::<Result<_, _>>()?,
            presets: js_sys::Array::from(&parts.get(1))
                .iter()
                .map(|records| scenario(&records))
                .collect::<Result<_, _>>()?,
        })
    }
}

/// The JSON module's functions linked into this module: for tests, and the body of `src/bin/json.rs`.
pub struct InProcess;

impl JsonCodec for InProcess {
    fn scenario_to_json(&self, scenario: &Scenario) -> Result<String, String> {
        Ok(scenario.to_json())
    }

    fn scenario_from_json(&self, text: &str) -> Result<Scenario, FileError> {
        Scenario::from_json(text)
    }

    fn saved_envelope(
        &self,
        name: &str,
        saved_at_ms: f64,
        scenario: &Scenario,
    ) -> Result<String, String> {
        crate::files::saved_json::envelope(name, saved_at_ms, scenario)
    }

    fn saved_entry(&self, raw: &str) -> Result<SavedParts, String> {
        crate::files::saved_json::entry(raw)
    }

    fn frozen_file(&self, version: u32) -> Result<FrozenFile, String> {
        gigawatt_model::link::read_frozen_file(version)
    }
}
