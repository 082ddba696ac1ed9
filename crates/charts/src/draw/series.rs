//! Drawing monthly series: stacked areas, areas, lines (solid, dashed, step).

use plotters::prelude::*;

use super::paint::Painter;
use super::time::{stack_layers, stack_tops};
use crate::data::{Axis, DataSeries, SeriesStyle};
use crate::mapping::ChartMapping;
use crate::ChartError;

pub(super) fn draw_stacks(
    p: &Painter,
    mapping: &ChartMapping,
    series: &[&DataSeries],
    years: &[f64],
    n: usize,
    axis: Axis,
) -> Result<(), ChartError> {
    let layers = stack_layers(series);
    let tops = stack_tops(series, n);
    let mut lower = vec![0.0; n];
    for (s, upper) in layers.iter().zip(&tops) {
        let top_line: Vec<(f64, f64)> = (0..n)
            .map(|i| (mapping.x_to_px(years[i]), mapping.y_to_px(upper[i], axis)))
            .collect();
        let mut outline = top_line.clone();
        outline.extend(
            (0..n)
                .rev()
                .map(|i| (mapping.x_to_px(years[i]), mapping.y_to_px(lower[i], axis))),
        );
        if s.style == SeriesStyle::StackedLight {
            // The second group: a light fill under a dashed top edge.
            p.polygon(&outline, s.color.mix(0.3).filled())?;
            p.dashed(&top_line, s.color.stroke_width(p.stroke(1.5)))?;
        } else {
            p.polygon(&outline, s.color.mix(0.78).filled())?;
            p.path(&top_line, s.color.stroke_width(p.stroke(1.0)))?;
        }
        lower.clone_from(upper);
    }
    Ok(())
}

pub(super) fn draw_area(
    p: &Painter,
    mapping: &ChartMapping,
    s: &DataSeries,
    years: &[f64],
    n: usize,
    axis: Axis,
) -> Result<(), ChartError> {
    let base = mapping.y_to_px(0.0, axis);
    for run in finite_runs(&s.values, n) {
        let mut outline: Vec<(f64, f64)> = run
            .iter()
            .map(|&i| {
                (
                    mapping.x_to_px(years[i]),
                    mapping.y_to_px(s.values[i], axis),
                )
            })
            .collect();
        let line = outline.clone();
        if let (Some(first), Some(last)) = (run.first(), run.last()) {
            outline.push((mapping.x_to_px(years[*last]), base));
            outline.push((mapping.x_to_px(years[*first]), base));
        }
        p.polygon(&outline, s.color.mix(0.28).filled())?;
        p.path(&line, s.color.stroke_width(p.stroke(2.0)))?;
    }
    Ok(())
}

pub(super) fn draw_line(
    p: &Painter,
    mapping: &ChartMapping,
    s: &DataSeries,
    years: &[f64],
    n: usize,
    axis: Axis,
) -> Result<(), ChartError> {
    let style = s.color.stroke_width(p.stroke(2.0));
    for run in finite_runs(&s.values, n) {
        let mut pts = Vec::with_capacity(run.len() * 2);
        for (k, &i) in run.iter().enumerate() {
            let (x, y) = (
                mapping.x_to_px(years[i]),
                mapping.y_to_px(s.values[i], axis),
            );
            if s.style == SeriesStyle::Step && k > 0 {
                let prev_y = pts.last().map(|p: &(f64, f64)| p.1).unwrap_or(y);
                pts.push((x, prev_y));
            }
            pts.push((x, y));
        }
        if pts.len() == 1 {
            p.circle(pts[0], 1.5, s.color.filled())?;
        } else if s.style == SeriesStyle::DashedLine {
            p.dashed(&pts, style)?;
        } else {
            p.path(&pts, style)?;
        }
    }
    Ok(())
}

/// Index runs of consecutive finite values among the first `n` of `values`.
pub(super) fn finite_runs(values: &[f64], n: usize) -> Vec<Vec<usize>> {
    let mut runs = Vec::new();
    let mut current = Vec::new();
    for (i, v) in values.iter().take(n).enumerate() {
        if v.is_finite() {
            current.push(i);
        } else if !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_split_at_missing_values() {
        let v = [1.0, f64::NAN, 2.0, 3.0, f64::INFINITY, 4.0];
        assert_eq!(finite_runs(&v, 6), vec![vec![0], vec![2, 3], vec![5]]);
        assert_eq!(finite_runs(&v, 2), vec![vec![0]]);
        assert!(finite_runs(&[], 3).is_empty());
    }
}
