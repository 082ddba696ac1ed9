//! Category charts: grouped bars (circularity by vendor) and floating waterfall bars (P&L).

use plotters::prelude::*;

use super::paint::{Align, Painter};
use super::ticks::value_ticks;
use super::time::{AXIS_FONT, TICK_FONT};
use crate::data::{Axis, Categories, ChartData, DataSeries, SeriesStyle};
use crate::format::{format_tick, format_value};
use crate::mapping::{ChartMapping, XMapping};
use crate::theme::{GREEN, RED};
use crate::{ChartError, DrawOptions, Unit};

/// (bottom, top) of each waterfall bar: totals from zero, changes from the running total.
pub(crate) fn waterfall_spans(values: &[f64], totals: &[bool]) -> Vec<(f64, f64)> {
    let mut running = 0.0;
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let v = if v.is_finite() { *v } else { 0.0 };
            if totals.get(i).copied().unwrap_or(false) {
                running = v;
                (0.0, v)
            } else {
                let start = running;
                running += v;
                (start, running)
            }
        })
        .collect()
}

pub(crate) fn draw(
    p: &Painter,
    data: &ChartData,
    categories: &Categories,
    opts: &DrawOptions,
) -> Result<ChartMapping, ChartError> {
    let n = categories.labels.len();
    let visible: Vec<&DataSeries> = data
        .series
        .iter()
        .filter(|s| {
            matches!(s.style, SeriesStyle::Bar | SeriesStyle::Waterfall) && !opts.is_hidden(&s.name)
        })
        .collect();
    let waterfall = visible
        .iter()
        .find(|s| s.style == SeriesStyle::Waterfall)
        .copied();
    let bars: Vec<&DataSeries> = visible
        .iter()
        .filter(|s| s.style == SeriesStyle::Bar)
        .copied()
        .collect();
    let spans = waterfall.map(|w| {
        waterfall_spans(
            &w.values[..n.min(w.values.len())],
            &categories.waterfall_totals,
        )
    });

    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    let mut take = |v: f64| {
        if v.is_finite() {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    };
    for s in &bars {
        s.values.iter().take(n).for_each(|v| take(*v));
    }
    for (a, b) in spans.iter().flatten() {
        take(*a);
        take(*b);
    }
    let unit = visible
        .first()
        .map(|s| s.unit)
        .or_else(|| data.series.first().map(|s| s.unit))
        .unwrap_or(Unit::UsdB);

    let (l0, t0, r0, b0) = p.bounds();
    let top = t0 + p.px(if waterfall.is_some() { 22.0 } else { 12.0 });
    let bottom = b0 - p.px(26.0);
    let target = (f64::from((bottom - top).max(1)) / (48.0 * p.scale))
        .round()
        .clamp(2.0, 8.0) as usize;
    // Room for the value labels above (and below) waterfall bars.
    if waterfall.is_some() {
        let pad = (hi - lo) * 0.08;
        hi += if hi > 0.0 { pad } else { 0.0 };
        lo -= if lo < 0.0 { pad } else { 0.0 };
    }
    let ticks = value_ticks(lo, hi, target);
    let widest = ticks
        .values
        .iter()
        .map(|v| p.text_width(&format_tick(*v, unit, ticks.step), TICK_FONT))
        .fold(0.0, f64::max);
    let title_room = if data.y_label.is_empty() {
        0.0
    } else {
        18.0 * p.scale
    };
    let plot = (
        l0 + (widest + 10.0 * p.scale + title_room)
            .min(f64::from(r0 - l0) * 0.3)
            .round() as i32,
        top,
        r0 - p.px(12.0),
        bottom,
    );
    super::check_plot(p, plot)?;
    let mapping = ChartMapping::new(
        plot,
        XMapping::Categories { n },
        (ticks.lo, ticks.hi),
        None,
        opts.hidden.clone(),
    );
    let (pl, pt, pr, pb) = (
        f64::from(plot.0),
        f64::from(plot.1),
        f64::from(plot.2 - 1),
        f64::from(plot.3 - 1),
    );
    let c = p.chrome;

    for v in &ticks.values {
        let y = mapping.y_to_px(*v, Axis::Left);
        p.path(&[(pl, y), (pr, y)], c.grid.stroke_width(p.stroke(1.0)))?;
        p.text(
            &format_tick(*v, unit, ticks.step),
            (pl - 6.0 * p.scale, y),
            TICK_FONT,
            c.muted_text,
            Align::Right,
        )?;
    }
    p.text_vertical(
        &data.y_label,
        (f64::from(l0) + 9.0 * p.scale, (pt + pb) / 2.0),
        AXIS_FONT,
        c.text,
    )?;

    // Category labels, shortened with an ellipsis when the band is too narrow.
    let band_px = (pr - pl) / n.max(1) as f64;
    for i in 0..n {
        let label = categories.labels.get(i).map_or("", String::as_str);
        let fitted = fit_label(p, label, band_px - 4.0 * p.scale);
        p.text_top(
            &fitted,
            (mapping.x_to_px(i as f64 + 0.5), pb + 6.0 * p.scale),
            TICK_FONT,
            c.muted_text,
            Align::Center,
        )?;
    }

    // Grouped bars.
    let groups = bars.len().max(1) as f64;
    let group_width = 0.72;
    for (k, s) in bars.iter().enumerate() {
        for (i, v) in s.values.iter().take(n).enumerate() {
            if !v.is_finite() {
                continue;
            }
            let x0 = i as f64 + (1.0 - group_width) / 2.0 + group_width * k as f64 / groups;
            let x1 = x0 + group_width / groups;
            let (a, b) = (mapping.x_to_px(x0), mapping.x_to_px(x1) - 1.0);
            p.rect(
                a,
                mapping.y_to_px(0.0, Axis::Left),
                b.max(a),
                mapping.y_to_px(*v, Axis::Left),
                s.color.filled(),
            )?;
        }
    }

    // Waterfall.
    if let (Some(w), Some(spans)) = (waterfall, &spans) {
        let mut previous_end: Option<(f64, f64)> = None;
        for (i, (a, b)) in spans.iter().enumerate() {
            let total = categories.waterfall_totals.get(i).copied().unwrap_or(false);
            let color = if total {
                w.color
            } else if b >= a {
                GREEN
            } else {
                RED
            };
            let (x0, x1) = (
                mapping.x_to_px(i as f64 + 0.18),
                mapping.x_to_px(i as f64 + 0.82),
            );
            let (ya, yb) = (
                mapping.y_to_px(*a, Axis::Left),
                mapping.y_to_px(*b, Axis::Left),
            );
            p.rect(
                x0,
                ya,
                x1,
                if (ya - yb).abs() < 1.0 { ya - 1.0 } else { yb },
                color.filled(),
            )?;
            if let Some((px, py)) = previous_end {
                p.dashed(&[(px, py), (x0, py)], c.axis.stroke_width(p.stroke(1.0)))?;
            }
            previous_end = Some((x1, yb));
            let value = w.values.get(i).copied().unwrap_or(f64::NAN);
            let label = format_value(value, w.unit);
            let above = *b >= 0.0 && (total || b >= a);
            let y = if above {
                ya.min(yb) - 8.0 * p.scale
            } else {
                ya.max(yb) + 8.0 * p.scale
            };
            if p.text_width(&label, 10.0) < band_px {
                p.text(&label, ((x0 + x1) / 2.0, y), 10.0, c.text, Align::Center)?;
            }
        }
    }
    let zero = mapping.y_to_px(0.0, Axis::Left);
    p.path(
        &[(pl, zero), (pr, zero)],
        c.axis.stroke_width(p.stroke(1.0)),
    )?;
    Ok(mapping)
}

/// `label`, cut with "…" to fit in `width_px` (estimated).
fn fit_label(p: &Painter, label: &str, width_px: f64) -> String {
    if p.text_width(label, TICK_FONT) <= width_px {
        return label.to_string();
    }
    let mut out: String = String::new();
    for ch in label.chars() {
        if p.text_width(&format!("{out}{ch}…"), TICK_FONT) > width_px {
            break;
        }
        out.push(ch);
    }
    if out.is_empty() {
        String::new()
    } else {
        format!("{}…", out.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waterfall_runs_from_totals() {
        let values = [10.0, -4.0, 6.0, -2.0, -1.0, 3.0];
        let totals = [true, false, true, false, false, true];
        let spans = waterfall_spans(&values, &totals);
        assert_eq!(
            spans,
            vec![
                (0.0, 10.0),
                (10.0, 6.0),
                (0.0, 6.0),
                (6.0, 4.0),
                (4.0, 3.0),
                (0.0, 3.0)
            ]
        );
    }

    #[test]
    fn waterfall_treats_missing_values_as_zero() {
        let spans = waterfall_spans(&[f64::NAN, -1.0], &[true, false]);
        assert_eq!(spans, vec![(0.0, 0.0), (0.0, -1.0)]);
    }
}
