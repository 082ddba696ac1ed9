//! The app's stylesheet and favicon, shipped inside the wasm so the page needs no extra request and tests
//! see the real layout.

/// The app's stylesheet (assets/app.css), added to <head> once.
const STYLESHEET: &str = include_str!("../assets/app.css");
const FAVICON_SVG: &str = include_str!("../assets/favicon.svg");

/// Adds the stylesheet and favicon to the document if a previous mount has not (the embed view too).
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
    if let Ok(icon) = document.create_element("link") {
        let href = format!(
            "data:image/svg+xml,{}",
            String::from(js_sys::encode_uri_component(FAVICON_SVG))
        );
        let _ = icon.set_attribute("rel", "icon");
        let _ = icon.set_attribute("href", &href);
        let _ = head.append_child(&icon);
    }
}
