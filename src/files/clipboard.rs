//! Copying a chart to the clipboard as a PNG image (`navigator.clipboard.write` with a `ClipboardItem`).
//!
//! Support varies: the async clipboard needs a secure context (https or localhost), `ClipboardItem` is missing
//! in older Firefox, and the browser may refuse permission. [`image_copy_support`] says up front whether to
//! offer the button; a refusal at copy time comes back as a message.

use js_sys::{Array, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

#[wasm_bindgen]
extern "C" {
    /// The DOM's `ClipboardItem` (bound here so no unstable web-sys API is needed).
    #[wasm_bindgen(js_name = ClipboardItem)]
    type JsClipboardItem;

    #[wasm_bindgen(constructor, js_class = "ClipboardItem", catch)]
    fn new(items: &Object) -> Result<JsClipboardItem, JsValue>;
}

/// Whether this browser can put an image on the clipboard, or why not (shown instead of the button).
pub fn image_copy_support() -> Result<(), String> {
    let window = web_sys::window().ok_or_else(|| "no window".to_string())?;
    if !window.is_secure_context() {
        return Err(
            "Copying images needs a secure (https) page; use Download PNG instead.".to_string(),
        );
    }
    let has = |target: &JsValue, name: &str| {
        Reflect::get(target, &JsValue::from_str(name))
            .map(|v| !v.is_undefined() && !v.is_null())
            .unwrap_or(false)
    };
    if !has(&window, "ClipboardItem") {
        return Err(
            "This browser cannot copy images to the clipboard; use Download PNG instead."
                .to_string(),
        );
    }
    let clipboard = Reflect::get(&window.navigator(), &JsValue::from_str("clipboard"))
        .unwrap_or(JsValue::UNDEFINED);
    if clipboard.is_undefined() || !has(&clipboard, "write") {
        return Err(
            "This browser cannot write to the clipboard; use Download PNG instead.".to_string(),
        );
    }
    Ok(())
}

/// A promise of the canvas's pixels as a PNG blob (rejected when the browser gives none).
pub fn png_blob_promise(canvas: &HtmlCanvasElement) -> Promise {
    let canvas = canvas.clone();
    Promise::new(&mut move |resolve, reject| {
        let reject_later = reject.clone();
        let callback = Closure::once_into_js(move |blob: JsValue| {
            if blob.is_null() || blob.is_undefined() {
                let _ = reject_later.call1(
                    &JsValue::NULL,
                    &js_sys::Error::new("the chart has no pixels to copy (it is not drawn yet)"),
                );
            } else {
                let _ = resolve.call1(&JsValue::NULL, &blob);
            }
        });
        if let Err(e) = canvas.to_blob_with_type(callback.unchecked_ref(), "image/png") {
            let _ = reject.call1(&JsValue::NULL, &e);
        }
    })
}

/// Starts copying `canvas` to the clipboard. It must be called straight from the click (user activation);
/// the returned promise settles when the image is on the clipboard, or rejects with the browser's reason.
pub fn copy_canvas_png(canvas: &HtmlCanvasElement) -> Result<Promise, String> {
    image_copy_support()?;
    let window = web_sys::window().ok_or_else(|| "no window".to_string())?;
    let items = Object::new();
    // Chromium and Safari accept a promise of the blob, which keeps the click's activation while it encodes.
    Reflect::set(
        &items,
        &JsValue::from_str("image/png"),
        &png_blob_promise(canvas),
    )
    .map_err(|_| "the clipboard item could not be built".to_string())?;
    let item = JsClipboardItem::new(&items).map_err(|e| describe(&e))?;
    let clipboard = Reflect::get(&window.navigator(), &JsValue::from_str("clipboard"))
        .map_err(|e| describe(&e))?;
    let write: js_sys::Function = Reflect::get(&clipboard, &JsValue::from_str("write"))
        .map_err(|e| describe(&e))?
        .dyn_into()
        .map_err(|_| "the clipboard has no write function".to_string())?;
    let promise = write
        .call1(&clipboard, &Array::of1(&item))
        .map_err(|e| describe(&e))?;
    promise
        .dyn_into::<Promise>()
        .map_err(|_| "the clipboard did not answer".to_string())
}

/// The browser's reason for a failure, as plain text.
pub fn describe(e: &JsValue) -> String {
    if let Some(d) = e.dyn_ref::<web_sys::DomException>() {
        return match d.name().as_str() {
            "NotAllowedError" => {
                "the browser did not allow access to the clipboard (permission denied or the page lost focus)"
                    .to_string()
            }
            _ => d.message(),
        };
    }
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the browser refused".to_string())
}
