//! The app's components, one concern per file.

pub mod canvas;
pub mod cells;
pub mod chart;
pub mod chart_parts;
pub mod deals;
pub mod funding;
pub mod header;
pub mod kpis;
pub mod params;
pub mod rows;
pub mod tabs;
