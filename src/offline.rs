//! Offline use: registers the service worker a release build ships (`sw.js`, written by the Trunk post_build
//! hook `scripts/post-build.mjs` from `scripts/service-worker.js`), which caches the whole build so the site
//! opens and runs with no network after one visit.
//!
//! It registers only when the page says so: the hook adds `<meta name="gigawatt-service-worker"
//! content="/sw.js">` to index.html in `trunk build --release` only. A `trunk serve` build (debug or
//! `--release`) has no such tag and no `sw.js`: a worker serving cached files there would show stale builds
//! after each rebuild. It also needs an http(s) page (no `file:`) in a browser with service workers.
//! Registration waits for the page's `load` event, so its downloads never compete with the first view.

use gloo::events::EventListener;
use wasm_bindgen::{JsCast, JsValue};

/// The `<meta>` naming the service worker's URL (written by the release build's hook).
const MARKER: &str = "meta[name=\"gigawatt-service-worker\"]";

/// Registers the build's service worker once the page has loaded, when the build ships one.
pub fn register_service_worker() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let Some(url) = document
        .query_selector(MARKER)
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
    else {
        return;
    };
    let protocol = window.location().protocol().unwrap_or_default();
    if protocol != "http:" && protocol != "https:" {
        return;
    }
    if document.ready_state() == "complete" {
        register(&url);
    } else {
        EventListener::once(&window, "load", move |_| register(&url)).forget();
    }
}

/// `navigator.serviceWorker.register(url)`; a failure (private mode, storage off) only means no offline use.
fn register(url: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let container = js_sys::Reflect::get(&window.navigator(), &JsValue::from_str("serviceWorker"))
        .unwrap_or(JsValue::UNDEFINED);
    if container.is_undefined() || container.is_null() {
        return;
    }
    let Ok(register) = js_sys::Reflect::get(&container, &JsValue::from_str("register")) else {
        return;
    };
    let Ok(register) = register.dyn_into::<js_sys::Function>() else {
        return;
    };
    let Ok(promise) = register.call1(&container, &JsValue::from_str(url)) else {
        return;
    };
    if let Ok(promise) = promise.dyn_into::<js_sys::Promise>() {
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(error) = wasm_bindgen_futures::JsFuture::from(promise).await {
                gloo::console::warn!(
                    "Gigawatt works online only: the service worker did not register:",
                    error
                );
            }
        });
    }
}
