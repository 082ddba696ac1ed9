//! The app's components, one concern per file.

pub mod canvas;
pub mod chart;
pub mod chart_parts;
pub mod deals;
pub mod header;
pub mod kpis;
pub mod params;
pub mod tabs;
pub mod cells;
pub mod funding;
