//! Saving bytes as a file without a server: a `Blob`, an object URL and a temporary `<a download>` click.
//!
//! Object URLs (rather than `data:` URLs) keep large files out of the DOM and give the browser the real
//! MIME type; each URL is revoked a little later, once the download has started.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlElement, Url};

/// How long an object URL stays valid after its link was clicked (the browser copies the blob by then).
const REVOKE_AFTER_MS: u32 = 60_000;

/// Why a file could not be offered for download, in words for the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DownloadError(pub String);

impl std::fmt::Display for DownloadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "The file could not be saved: {}", self.0)
    }
}

fn js_error(what: &str, error: JsValue) -> DownloadError {
    let detail = error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "the browser refused".to_string());
    DownloadError(format!("{what} ({detail})"))
}

/// Offers `contents` as a file called `file_name` with MIME type `mime` (UTF-8 text).
pub fn download_text(file_name: &str, mime: &str, contents: &str) -> Result<(), DownloadError> {
    let parts = js_sys::Array::of1(&JsValue::from_str(contents));
    let options = BlobPropertyBag::new();
    options.set_type(&format!("{mime};charset=utf-8"));
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|e| js_error("no blob for the file", e))?;
    download_blob(file_name, &blob)
}

/// Offers `blob` as a file called `file_name`.
pub fn download_blob(file_name: &str, blob: &Blob) -> Result<(), DownloadError> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| DownloadError("there is no document".into()))?;
    let url = Url::create_object_url_with_blob(blob).map_err(|e| js_error("no object URL", e))?;
    let link = document
        .create_element("a")
        .map_err(|e| js_error("no link element", e))?;
    let _ = link.set_attribute("href", &url);
    let _ = link.set_attribute("download", file_name);
    let _ = link.set_attribute("hidden", "");
    // Firefox only follows links that are in the document.
    let body = document.body();
    if let Some(body) = &body {
        let _ = body.append_child(&link);
    }
    if let Some(link) = link.dyn_ref::<HtmlElement>() {
        link.click();
    }
    link.remove();
    gloo::timers::callback::Timeout::new(REVOKE_AFTER_MS, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// `text` in lower case, by the browser (`String.prototype.toLowerCase`): Rust's `to_lowercase` would add
/// its Unicode case tables (about 3 KB brotli) to the web build for the few names lower-cased here.
pub fn lower_case(text: &str) -> String {
    js_sys::JsString::from(text).to_lower_case().into()
}

/// A file name made of `gigawatt-`, the scenario's name in lower-case words joined by dashes, and
/// `extension` ("gigawatt-as-reported.json"); characters file systems dislike are dropped.
pub fn file_name_for(scenario_name: &str, extension: &str) -> String {
    let mut slug = String::new();
    for c in scenario_name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            slug.push_str(&lower_case(c.encode_utf8(&mut [0; 4])));
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug: String = slug.chars().take(60).collect();
    if slug.is_empty() {
        format!("gigawatt-scenario.{extension}")
    } else {
        format!("gigawatt-{slug}.{extension}")
    }
}
