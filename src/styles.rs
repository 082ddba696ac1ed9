//! The app's stylesheet, shipped inside the wasm so the page needs no extra request and tests see the real
//! layout. The icon is linked from index.html (`assets/icons/`), not installed here: a `data:` icon would need
//! `img-src data:` in the Content-Security-Policy (scripts/post-build.mjs).

/// The app's stylesheet (assets/app.css, without its comments and indentation: see build.rs), added to
/// <head> once.
const STYLESHEET: &str = include_str!(concat!(env!("OUT_DIR"), "/app.min.css"));

/// Adds the stylesheet to the document if a previous mount has not (the embed view too).
pub fn install_styles() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document.get_element_by_id("gigawatt-styles").is_some() {
        return;
    }
    let Some(head) = document.head() else { return };
    if let Ok(style) = document.create_element("style") {
        style.set_id("gigawatt-styles");
        style.set_text_content(Some(STYLESHEET));
        let _ = head.append_child(&style);
    }
}
