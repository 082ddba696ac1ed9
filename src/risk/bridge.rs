//! The page's end of one Monte Carlo worker: starts it, sends it [`Request`]s and hands its [`Response`]s to a
//! callback, as bytes in plain `Worker` messages (the format of [`super::wire`]). A message with samples is an
//! array of its bytes and the samples' `ArrayBuffer`, which is transferred, not cloned: a chunk of samples
//! crosses from a worker to the page and on to the collecting worker without being copied on the page.
//!
//! Requests sent before the worker has loaded wait here: a message posted to a worker whose WebAssembly has not
//! yet set its handler would be lost. The worker's first message, empty, says it has loaded
//! ([`McWorker::register`](super::protocol::McWorker::register)).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, MessageEvent, Url, Worker};

use super::message::JsMessage;
use super::protocol::{Request, Response};

/// Requests waiting for the worker to load (`None` once it has).
type Pending = Rc<RefCell<Option<Vec<JsMessage>>>>;

/// A running Monte Carlo worker. Dropping it terminates the worker (any reply still in flight is dropped).
pub struct WorkerBridge {
    worker: Worker,
    pending: Pending,
}

impl WorkerBridge {
    /// Starts the worker whose wasm-bindgen script is `path` (resolved against the page's address; its
    /// WebAssembly is beside it, `<name>_bg.wasm`), calling `on_response` with each of its replies. Fails with
    /// the browser's reason when it refuses to start a worker (a policy forbidding `blob:` workers, say).
    pub fn spawn(
        path: &str,
        on_response: impl Fn(Response) + 'static,
    ) -> Result<WorkerBridge, String> {
        let worker = loader_url(path)
            .and_then(|url| Worker::new(&url))
            .map_err(|e| {
                e.as_string()
                    .or_else(|| js_sys::Error::from(e).message().as_string())
                    .unwrap_or_else(|| "the browser refused".into())
            })?;
        let pending: Pending = Rc::new(RefCell::new(Some(Vec::new())));
        let on_message = {
            let (worker, pending) = (worker.clone(), pending.clone());
            move |event: MessageEvent| {
                let (bytes, samples) = JsMessage::read(&event.data());
                if bytes.is_empty() {
                    // Loaded: what waited goes now, in order.
                    for request in pending.borrow_mut().take().unwrap_or_default() {
                        request.post_to(&worker);
                    }
                } else if let Some(response) = Response::from_bytes(&bytes, samples) {
                    on_response(response);
                }
            }
        };
        // Owned by the worker's handler from now on (never freed while it may run, even from within it).
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(on_message).into_js_value();
        worker.set_onmessage(Some(on_message.unchecked_ref()));
        Ok(WorkerBridge { worker, pending })
    }

    /// Sends `request` (at once, or as soon as the worker has loaded).
    pub fn send(&self, request: Request) {
        let message = JsMessage::new(&request.to_bytes(), &request.samples());
        match self.pending.borrow_mut().as_mut() {
            Some(waiting) => waiting.push(message),
            None => message.post_to(&self.worker),
        }
    }
}

impl Drop for WorkerBridge {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.terminate();
    }
}

/// A `blob:` script that loads the worker: wasm-bindgen's script for workers (`--target no-modules`) only defines
/// `wasm_bindgen`, which must then be called with the address of the WebAssembly.
fn loader_url(path: &str) -> Result<String, wasm_bindgen::JsValue> {
    let href = gloo::utils::window().location().href().unwrap_or_default();
    let script =
        Url::new_with_base(path, &href).map_or_else(|_| path.to_string(), |url| url.href());
    let wasm = format!("{}_bg.wasm", script.strip_suffix(".js").unwrap_or(&script));
    let loader = format!(r#"importScripts("{script}");wasm_bindgen("{wasm}");"#);
    let options = BlobPropertyBag::new();
    options.set_type("application/javascript");
    let parts = js_sys::Array::of1(&loader.into());
    Blob::new_with_str_sequence_and_options(&parts, &options)
        .and_then(|blob| Url::create_object_url_with_blob(&blob))
}
