//! Scenarios saved in the browser under a name (localStorage, one key per scenario under [`KEY_PREFIX`]).
//!
//! Each entry is a small JSON envelope `{"format", "version", "name", "saved_at_ms", "scenario"}` whose
//! `scenario` is exactly `Scenario::to_json`, so a saved scenario reads back through `Scenario::from_json`
//! like an imported file. The envelopes are written and read by the lazily loaded JSON module
//! (`saved_json.rs`, through [`crate::json_module`]); the page loads it before it lists saved scenarios. Storage can be missing (private mode, disabled site data), full, or hold entries
//! damaged by hand or by another version: every such case is a [`SavedError`] or an unreadable
//! [`SavedEntry`] the page can show and delete, never a panic.

use std::cell::RefCell;
use std::collections::BTreeMap;

use gigawatt_model::Scenario;

use super::download::lower_case;
use crate::json_module;
use wasm_bindgen::{JsCast, JsValue};

/// Every saved scenario lives under a key starting with this (other apps' keys are left alone).
pub const KEY_PREFIX: &str = "gigawatt.saved.";
/// Longest name kept (longer names are refused rather than cut silently).
pub const MAX_NAME_CHARS: usize = 100;

/// What went wrong with the browser's storage, in words for the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SavedError {
    /// No storage at all: private browsing, site data blocked, or an embedded frame without access.
    Unavailable(String),
    /// The browser's quota for this site is used up.
    Full,
    /// The name is empty or too long.
    BadName(String),
    /// The entry vanished (deleted in another tab).
    NotFound,
    /// The entry cannot be read as a saved scenario.
    Unreadable(String),
    /// Anything else the storage threw.
    Failed(String),
}

impl std::fmt::Display for SavedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SavedError::Unavailable(why) => write!(
                f,
                "This browser does not let Gigawatt store scenarios ({why}). Private windows and blocked site \
                 data do this; export the scenario as a JSON file instead."
            ),
            SavedError::Full => f.write_str(
                "The browser's storage for this site is full, so nothing was saved. Delete saved scenarios you \
                 no longer need, or export this one as a JSON file.",
            ),
            SavedError::BadName(why) => f.write_str(why),
            SavedError::NotFound => f.write_str(
                "That saved scenario no longer exists (it may have been deleted in another tab).",
            ),
            SavedError::Unreadable(why) => write!(f, "The saved scenario cannot be read: {why}."),
            SavedError::Failed(why) => write!(f, "The browser's storage failed: {why}."),
        }
    }
}

/// The few operations of `localStorage` the store needs, so tests can use [`MemoryStore`].
pub trait KeyValueStore {
    fn keys(&self) -> Result<Vec<String>, SavedError>;
    fn get(&self, key: &str) -> Result<Option<String>, SavedError>;
    fn set(&self, key: &str, value: &str) -> Result<(), SavedError>;
    fn remove(&self, key: &str) -> Result<(), SavedError>;
}

/// The page's `localStorage`.
pub struct BrowserStore(web_sys::Storage);

/// The page's `localStorage`, or why it cannot be used. Reading the property throws in some private modes;
/// others hand out a storage whose every write fails, so a write is tried once here.
pub fn browser_store() -> Result<BrowserStore, SavedError> {
    let window = web_sys::window().ok_or_else(|| SavedError::Unavailable("no window".into()))?;
    let storage = match window.local_storage() {
        Ok(Some(storage)) => storage,
        Ok(None) => return Err(SavedError::Unavailable("no localStorage".into())),
        Err(e) => return Err(SavedError::Unavailable(js_message(&e))),
    };
    let probe = format!("{KEY_PREFIX}__probe__");
    match storage.set_item(&probe, "1") {
        Ok(()) => {
            let _ = storage.remove_item(&probe);
        }
        // A full storage still lists and deletes: that is the "full" message, not "unavailable".
        Err(e) if is_quota_error(&e) => {}
        Err(e) => return Err(SavedError::Unavailable(js_message(&e))),
    }
    Ok(BrowserStore(storage))
}

fn js_message(e: &JsValue) -> String {
    if let Some(e) = e.dyn_ref::<web_sys::DomException>() {
        return format!("{}: {}", e.name(), e.message());
    }
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the browser refused".to_string())
}

fn is_quota_error(e: &JsValue) -> bool {
    e.dyn_ref::<web_sys::DomException>().is_some_and(|d| {
        d.name() == "QuotaExceededError"
            || d.name() == "NS_ERROR_DOM_QUOTA_REACHED"
            || d.code() == 22
    })
}

impl KeyValueStore for BrowserStore {
    fn keys(&self) -> Result<Vec<String>, SavedError> {
        let length = self
            .0
            .length()
            .map_err(|e| SavedError::Failed(js_message(&e)))?;
        let mut keys = Vec::with_capacity(length as usize);
        for i in 0..length {
            if let Ok(Some(key)) = self.0.key(i) {
                keys.push(key);
            }
        }
        Ok(keys)
    }

    fn get(&self, key: &str) -> Result<Option<String>, SavedError> {
        self.0
            .get_item(key)
            .map_err(|e| SavedError::Failed(js_message(&e)))
    }

    fn set(&self, key: &str, value: &str) -> Result<(), SavedError> {
        self.0.set_item(key, value).map_err(|e| {
            if is_quota_error(&e) {
                SavedError::Full
            } else {
                SavedError::Failed(js_message(&e))
            }
        })
    }

    fn remove(&self, key: &str) -> Result<(), SavedError> {
        self.0
            .remove_item(key)
            .map_err(|e| SavedError::Failed(js_message(&e)))
    }
}

/// An in-memory store with an optional size limit (in characters of keys and values), for tests and as a
/// model of what `localStorage` does.
#[derive(Default)]
pub struct MemoryStore {
    entries: RefCell<BTreeMap<String, String>>,
    capacity_chars: Option<usize>,
}

impl MemoryStore {
    /// A store that refuses writes past `capacity_chars` with [`SavedError::Full`].
    pub fn with_capacity(capacity_chars: usize) -> MemoryStore {
        MemoryStore {
            capacity_chars: Some(capacity_chars),
            ..MemoryStore::default()
        }
    }
}

impl KeyValueStore for MemoryStore {
    fn keys(&self) -> Result<Vec<String>, SavedError> {
        Ok(self.entries.borrow().keys().cloned().collect())
    }

    fn get(&self, key: &str) -> Result<Option<String>, SavedError> {
        Ok(self.entries.borrow().get(key).cloned())
    }

    fn set(&self, key: &str, value: &str) -> Result<(), SavedError> {
        let mut entries = self.entries.borrow_mut();
        if let Some(capacity) = self.capacity_chars {
            let others: usize = entries
                .iter()
                .filter(|(k, _)| k.as_str() != key)
                .map(|(k, v)| k.len() + v.len())
                .sum();
            if others + key.len() + value.len() > capacity {
                return Err(SavedError::Full);
            }
        }
        entries.insert(key.to_string(), value.to_string());
        Ok(())
    }

    fn remove(&self, key: &str) -> Result<(), SavedError> {
        self.entries.borrow_mut().remove(key);
        Ok(())
    }
}

/// One saved scenario as listed: readable (name, time, scenario) or not (why), always deletable by `key`.
#[derive(Clone, Debug, PartialEq)]
pub struct SavedEntry {
    /// The storage key (stable identity for open, rename and delete).
    pub key: String,
    pub content: Result<SavedScenario, String>,
}

/// A readable saved scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct SavedScenario {
    pub name: String,
    /// When it was saved, milliseconds since 1970 (the browser's clock; 0 when unknown).
    pub saved_at_ms: f64,
    pub scenario: Scenario,
}

/// The name as it will be stored, or why it cannot be.
pub fn clean_name(name: &str) -> Result<String, SavedError> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(SavedError::BadName(
            "Type a name to save the scenario under.".into(),
        ));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(SavedError::BadName(format!(
            "Names are at most {MAX_NAME_CHARS} characters long."
        )));
    }
    Ok(name)
}

/// The stored text of a saved scenario, written by the JSON module (`saved_json::envelope`).
fn envelope(name: &str, saved_at_ms: f64, scenario: &Scenario) -> Result<String, SavedError> {
    let codec = json_module::installed().ok_or_else(not_loaded)?;
    codec
        .saved_envelope(name, saved_at_ms, scenario)
        .map_err(|e| SavedError::Failed(format!("the scenario did not serialise: {e}")))
}

/// Saved scenarios are JSON, read and written by the JSON module, which the page loads before it shows them.
fn not_loaded() -> SavedError {
    SavedError::Failed("the part of Gigawatt that reads saved scenarios is not loaded yet".into())
}

/// Reads one stored value (through the JSON module, `saved_json::entry`); the error says what is wrong with it.
pub fn parse_entry(raw: &str) -> Result<SavedScenario, String> {
    let codec = json_module::installed().ok_or_else(|| {
        "the part of Gigawatt that reads saved scenarios is not loaded yet".to_string()
    })?;
    let (name, saved_at_ms, scenario) = codec.saved_entry(raw)?;
    Ok(SavedScenario {
        name,
        saved_at_ms,
        scenario,
    })
}

/// Every saved scenario, newest first; unreadable entries last (by key).
pub fn list(store: &dyn KeyValueStore) -> Result<Vec<SavedEntry>, SavedError> {
    let mut entries = Vec::new();
    for key in store.keys()? {
        if !key.starts_with(KEY_PREFIX) || key.ends_with("__probe__") {
            continue;
        }
        let content = match store.get(&key)? {
            Some(raw) => parse_entry(&raw),
            None => continue,
        };
        entries.push(SavedEntry { key, content });
    }
    gigawatt_model::sort::sort_by(&mut entries, |a, b| match (&a.content, &b.content) {
        (Ok(x), Ok(y)) => y
            .saved_at_ms
            .total_cmp(&x.saved_at_ms)
            .then_with(|| x.name.cmp(&y.name)),
        (Ok(_), Err(_)) => std::cmp::Ordering::Less,
        (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
        (Err(_), Err(_)) => a.key.cmp(&b.key),
    });
    Ok(entries)
}

/// What [`save`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveOutcome {
    Created {
        key: String,
        name: String,
    },
    /// A saved scenario of the same name was overwritten.
    Replaced {
        key: String,
        name: String,
    },
}

/// Saves `scenario` under `name` at time `now_ms`. A readable entry with the same name is replaced (one
/// name, one entry); otherwise a new key is made.
pub fn save(
    store: &dyn KeyValueStore,
    name: &str,
    scenario: &Scenario,
    now_ms: f64,
) -> Result<SaveOutcome, SavedError> {
    let name = clean_name(name)?;
    let value = envelope(&name, now_ms, scenario)?;
    let existing = list(store)?.into_iter().find(|e| {
        e.content
            .as_ref()
            .is_ok_and(|s| lower_case(&s.name) == lower_case(&name))
    });
    if let Some(entry) = existing {
        store.set(&entry.key, &value)?;
        return Ok(SaveOutcome::Replaced {
            key: entry.key,
            name,
        });
    }
    let stem = format!("{KEY_PREFIX}{}", now_ms.max(0.0).round() as u64);
    let mut key = stem.clone();
    let mut n = 1;
    while store.get(&key)?.is_some() {
        n += 1;
        key = format!("{stem}-{n}");
    }
    store.set(&key, &value)?;
    Ok(SaveOutcome::Created { key, name })
}

/// The scenario saved under `key`.
pub fn open(store: &dyn KeyValueStore, key: &str) -> Result<SavedScenario, SavedError> {
    let raw = store.get(key)?.ok_or(SavedError::NotFound)?;
    parse_entry(&raw).map_err(SavedError::Unreadable)
}

/// Gives the entry at `key` a new name (its scenario and time are kept). Refuses a name another entry has.
pub fn rename(store: &dyn KeyValueStore, key: &str, new_name: &str) -> Result<String, SavedError> {
    let name = clean_name(new_name)?;
    let saved = open(store, key)?;
    let taken = list(store)?.into_iter().any(|e| {
        e.key != key
            && e.content
                .as_ref()
                .is_ok_and(|s| lower_case(&s.name) == lower_case(&name))
    });
    if taken {
        return Err(SavedError::BadName(format!(
            "Another saved scenario is already called “{name}”."
        )));
    }
    store.set(key, &envelope(&name, saved.saved_at_ms, &saved.scenario)?)?;
    Ok(name)
}

/// Deletes the entry at `key` and returns its stored text, so the deletion can be undone with [`restore`].
pub fn delete(store: &dyn KeyValueStore, key: &str) -> Result<String, SavedError> {
    let raw = store.get(key)?.ok_or(SavedError::NotFound)?;
    store.remove(key)?;
    Ok(raw)
}

/// Puts back an entry removed by [`delete`].
pub fn restore(store: &dyn KeyValueStore, key: &str, raw: &str) -> Result<(), SavedError> {
    store.set(key, raw)
}
