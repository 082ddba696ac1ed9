//! Drawing a [`ChartData`] into any plotters backend.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::data::ChartData;
use crate::mapping::{ChartMapping, XMapping};
use crate::{ChartError, ChartOptions};

/// Draws `data` into `area` (any plotters backend) and returns the pixel↔data mapping for hover read-outs.
/// The title is not drawn: the app shows it in HTML.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ChartData,
    opts: &ChartOptions,
) -> Result<ChartMapping, ChartError> {
    let chrome = opts.theme.chrome();
    area.fill(&chrome.background)
        .map_err(|e| ChartError::Backend(e.to_string()))?;
    let (w, h) = area.dim_in_pixel();
    let _ = data;
    Ok(ChartMapping::new(
        (0, 0, w as i32, h as i32),
        XMapping::Categories { n: 0 },
        (0.0, 1.0),
        None,
        opts.hidden.clone(),
    ))
}

/// Renders `data` as a standalone SVG document of `width`×`height` pixels (export and native tests).
pub fn to_svg(
    data: &ChartData,
    opts: &ChartOptions,
    width: u32,
    height: u32,
) -> Result<String, ChartError> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        draw(&root, data, opts)?;
        root.present()
            .map_err(|e| ChartError::Backend(e.to_string()))?;
    }
    Ok(out)
}
