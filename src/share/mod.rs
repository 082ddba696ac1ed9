//! Sharing: the scenario in the URL, the Share dialog, the embed view and the A/B comparison.
//!
//! The link format itself (versioned, compact, never failing to decode) is `gigawatt_model::link`; this module
//! is the browser half:
//! - [`url_sync`] keeps the address bar a projection of the app's state (scenario, pinned scenario, tab and
//!   KPI year): `replaceState` while a slider moves, `pushState` on discrete actions, and `popstate` (Back and
//!   Forward) loads the state the entry holds, in one message. The decisions are the platform-free
//!   `gigawatt_app_core::url::UrlWriter`; what a link records is `gigawatt_app_core::link`.
//! - [`notice`] tells the reader what a damaged or foreign link lost, and that a link made under older
//!   economics keeps its inputs but may show different figures.
//! - [`dialog`] copies the link, cites it (plain text and BibTeX) and writes a snippet for one chart: the
//!   `<iframe>` (reader's colours, or fixed light or dark) and a script that fits its height.
//! - [`embed`] is the page such an iframe shows: one chart, a caption, a link back, no controls; it posts the
//!   height it needs to the parent page.
//! - [`compare`] holds the share row (link notice, Share, Pin as A) and shows A against the current scenario
//!   "B", with what differs between them in words (`gigawatt_app_core::diff`).
//!
//! This file holds only what the children share (the page's address); it imports none of them.

pub mod compare;
pub mod dialog;
pub mod embed;
pub mod notice;
pub mod url_sync;

use gigawatt_model::link::{self, Decoded, LinkState};

/// The page's address without query or fragment ("http://host/path/"), so links point at this deployment
/// wherever it is hosted.
pub fn page_base() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return String::new();
    };
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_else(|_| "/".to_string());
    format!("{origin}{path}")
}

/// The full shareable URL of `state` on this deployment.
pub fn full_link(state: &LinkState) -> String {
    format!("{}?{}", page_base(), link::encode(state))
}

/// Whether the link the page was opened with is read against frozen defaults only the JSON module reads (a
/// link of an older version; see `link::needs_frozen_files`).
pub fn location_needs_frozen_files() -> bool {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|search| link::needs_frozen_files(search.trim_start_matches('?')))
}

/// The link the page was opened with, decoded (warnings included). `None` outside a browser. Only the query
/// is read: fragments stay in-page anchors (#inputs, #views).
pub fn decode_location() -> Option<Decoded> {
    let search = web_sys::window()?.location().search().ok()?;
    Some(link::decode(search.trim_start_matches('?')))
}
