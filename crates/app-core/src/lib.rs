//! Gigawatt's app without a platform: everything the web app decides that needs no browser, built and tested
//! natively (`cargo test -p gigawatt-app-core`). No web crate (yew, web-sys, wasm-bindgen, gloo) here; the
//! Yew app in `src/` is a reducer over [`AppState`], its effects (address bar, workers, canvas) and leaf
//! components.
//!
//! - [`state`]: the one [`AppState`] (undo history, pinned scenario, tab, KPI year, link notes) and its pure
//!   transition [`AppState::next`]; opening a link is one message.
//! - [`history`]: the scenario's bounded undo history over `Scenario::apply`.
//! - [`url`]: the address-bar writer (replace while dragging, push on discrete actions, Back/Forward).
//! - [`link`]: what a link records of the state, and the link notice's notes.
//! - [`kpi`]: the one KPI table (strip and comparison).
//! - [`caption`]: one sentence per chart and for the KPI strip, written from the run (and Monte Carlo).
//! - [`rows`]: contract and funding rows as editable rows, with stable row keys.
//! - [`chart_options`]: the chart crate's data and drawing options, which shaping control a chart offers.
//! - [`diff`]: what differs between two scenarios, in words (the comparison list, the embed caption).
//! - [`cite`]: the Share dialog's citations of a scenario (plain text and BibTeX, with the access date).
//! - [`embed`]: an embed's link, the snippet an article pastes (iframe + height script), the height it asks
//!   for, its note on links made with an older Gigawatt.
//! - [`tab`], [`slug`], [`format`](mod@format), [`deal_text`], [`shared`]: sections, stable enum slugs, display
//!   formatting, deal text forms, the pointer-equality [`Shared`] wrapper.

pub mod caption;
pub mod chart_options;
pub mod cite;
pub mod deal_text;
pub mod diff;
pub mod embed;
pub mod format;
pub mod history;
pub mod kpi;
pub mod link;
pub mod rows;
pub mod shared;
/// The model's enum slugs (they live with the enums, in the model).
pub use gigawatt_model::slug;
pub mod state;
pub mod tab;
pub mod url;

pub use shared::{RunRef, Shared};
pub use state::{AppState, Msg};
pub use tab::Tab;
