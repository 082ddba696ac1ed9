//! Files in and out of the app (issue 4, export/import half): per-chart PNG, SVG, CSV and clipboard copies,
//! all monthly outputs as CSV, scenario JSON export and import, and scenarios saved in the browser.
//!
//! The logic that needs no DOM ([`outputs`], [`import`], [`saved`]) is kept apart from the components
//! ([`chart_exports`], [`menu`], [`saved_panel`]) so the browser tests can drive it directly. Everything
//! computed from a scenario still comes from `gigawatt_model` (`simulate`, `Scenario::to_json`,
//! `Scenario::from_json`, `validate`); this module only moves bytes between the model and the browser. Scenario
//! JSON (files and saved scenarios, [`saved_json`]) is read and written in the lazily loaded JSON module
//! ([`crate::json_module`]), which the File menu loads when it opens.

pub mod chart_exports;
pub mod clipboard;
pub mod download;
pub mod import;
pub mod menu;
pub mod outputs;
pub mod saved;
pub mod saved_json;
pub mod saved_panel;

pub use chart_exports::ChartExports;
pub use menu::FileMenu;
