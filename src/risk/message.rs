//! A message as it crosses between the page and a Monte Carlo worker: its bytes (the format of `wire.rs`) and,
//! beside them, the samples of a chunk of runs, whose buffer is transferred rather than cloned. A leaf of the
//! Risk view's modules: `protocol.rs` (the worker's end) and `bridge.rs` (the page's) both post and read
//! messages through it.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, Worker};

/// Encoded samples (`collect::encode_part`) on their way from a worker to a collecting one. In a worker
/// they are bytes of its own memory; on the page they stay the JavaScript buffer their message brought, which
/// the page hands on by transfer ([`JsMessage`]): it never reads, copies or clones the 3.6 KB a run of samples.
#[derive(Clone, Debug)]
pub enum SampleBytes {
    /// In this module's memory.
    Local(Vec<u8>),
    /// A buffer that came with a message and goes on with the next (the page's side).
    Transit(js_sys::ArrayBuffer),
}

impl SampleBytes {
    /// The bytes, in this module's memory (a copy of a buffer in transit).
    pub fn into_vec(self) -> Vec<u8> {
        match self {
            SampleBytes::Local(bytes) => bytes,
            SampleBytes::Transit(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
        }
    }
}

/// A message ready to post: its data and the buffers it transfers.
pub struct JsMessage {
    data: JsValue,
    transfer: js_sys::Array,
}

impl JsMessage {
    /// The message of `bytes` with `samples` beside them (transferred: the sender's buffers are empty
    /// afterwards). Without samples it is the bytes alone; with some, an array of the bytes and each buffer.
    pub fn new(bytes: &[u8], samples: &[&SampleBytes]) -> JsMessage {
        let header: JsValue = js_sys::Uint8Array::from(bytes).into();
        let transfer = js_sys::Array::new();
        if samples.is_empty() {
            return JsMessage {
                data: header,
                transfer,
            };
        }
        let data = js_sys::Array::of1(&header);
        for samples in samples {
            let buffer: JsValue = match samples {
                SampleBytes::Local(bytes) => {
                    js_sys::Uint8Array::from(bytes.as_slice()).buffer().into()
                }
                SampleBytes::Transit(buffer) => buffer.clone().into(),
            };
            transfer.push(&buffer);
            data.push(&buffer);
        }
        JsMessage {
            data: data.into(),
            transfer,
        }
    }

    /// What is posted.
    pub fn data(&self) -> &JsValue {
        &self.data
    }

    /// The buffers it transfers (moves to the receiver, leaving them empty here).
    pub fn transfer(&self) -> &js_sys::Array {
        &self.transfer
    }

    /// Posts it to the worker.
    pub fn post_to(&self, worker: &Worker) {
        // Fails only for a message that cannot be cloned or a buffer already transferred, never here.
        let _ = worker.post_message_with_transfer(&self.data, &self.transfer);
    }

    /// Posts it to the page (from a worker).
    pub fn post_from(&self, scope: &DedicatedWorkerGlobalScope) {
        let _ = scope.post_message_with_transfer(&self.data, &self.transfer);
    }

    /// The bytes and samples of a received message's data (the inverse of [`JsMessage::new`]).
    pub fn read(data: &JsValue) -> (Vec<u8>, Vec<SampleBytes>) {
        match data.dyn_ref::<js_sys::Array>() {
            Some(parts) => (
                js_sys::Uint8Array::new(&parts.get(0)).to_vec(),
                (1..parts.length())
                    .map(|i| SampleBytes::Transit(parts.get(i).unchecked_into()))
                    .collect(),
            ),
            None => (js_sys::Uint8Array::new(data).to_vec(), Vec::new()),
        }
    }
}
