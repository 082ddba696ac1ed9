//! Drawing the risk charts in backend pixels through the crate's [`Painter`] (same chrome, fonts and HiDPI
//! scaling as the other charts).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{FanData, RiskAxis, RiskChart, RiskMapping, TornadoChart, YearBars};
use crate::draw::{value_ticks, year_ticks, Align, Painter};
use crate::format::{format_tick, format_value};
use crate::theme::{BLUE, ORANGE};
use crate::{ChartError, Theme, Unit};

const TICK_FONT: f64 = 11.0;
const LABEL_FONT: f64 = 12.0;

/// Draws `chart` into `area` (any plotters backend) at `pixel_ratio` device pixels per CSS pixel.
/// The title is not drawn: the app shows it in HTML.
pub fn draw_risk<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &RiskChart,
    theme: Theme,
    pixel_ratio: f64,
) -> Result<RiskMapping, ChartError> {
    draw_with_font_factor(area, chart, theme, pixel_ratio, 1.0)
}

pub(super) fn draw_with_font_factor<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &RiskChart,
    theme: Theme,
    pixel_ratio: f64,
    font_factor: f64,
) -> Result<RiskMapping, ChartError> {
    let scale = if pixel_ratio.is_finite() {
        pixel_ratio.clamp(0.5, 4.0)
    } else {
        1.0
    };
    let p = Painter::new(area, theme.chrome(), scale, font_factor);
    // What was drawn before a failure stays drawn, as it did when the painter drew directly.
    let drawn = paint_risk(&p, chart, scale);
    p.replay(area)?;
    let mapping = drawn?;
    area.present()
        .map_err(|e| ChartError::Backend(e.to_string()))?;
    Ok(mapping)
}

/// The drawing of [`draw_with_font_factor`], into the painter (not generic over the backend).
fn paint_risk(p: &Painter, chart: &RiskChart, scale: f64) -> Result<RiskMapping, ChartError> {
    p.begin(120.0 * scale, 80.0 * scale)?;
    match chart {
        RiskChart::Fan(f) => draw_fan(p, f),
        RiskChart::Bars(b) => draw_bars(p, b),
        RiskChart::Tornado(t) => draw_tornado(p, t),
    }
}

/// Maps values linearly from `lo..hi` onto pixels `a..b`.
fn scale_to(v: f64, lo: f64, hi: f64, a: f64, b: f64) -> f64 {
    if hi - lo == 0.0 {
        return a;
    }
    a + (v - lo) / (hi - lo) * (b - a)
}

/// Horizontal grid lines with tick labels on the left; returns the value range (lo, hi).
fn value_axis(
    p: &Painter,
    plot: (f64, f64, f64, f64),
    min: f64,
    max: f64,
    label: &dyn Fn(f64, f64) -> String,
) -> Result<(f64, f64), ChartError> {
    let (l, t, r, b) = plot;
    let ticks = value_ticks(min, max, 5);
    for v in &ticks.values {
        let y = scale_to(*v, ticks.lo, ticks.hi, b, t);
        let color = if *v == 0.0 {
            p.chrome.reference
        } else {
            p.chrome.grid
        };
        p.path(&[(l, y), (r, y)], color.stroke_width(p.stroke(1.0)))?;
        p.text(
            &label(*v, ticks.step),
            (l - f64::from(p.px(6.0)), y),
            TICK_FONT,
            p.chrome.muted_text,
            Align::Right,
        )?;
    }
    Ok((ticks.lo, ticks.hi))
}

fn finite_range<'a>(values: impl Iterator<Item = &'a f64>) -> (f64, f64) {
    values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(*v), hi.max(*v))
        })
}

fn draw_fan(p: &Painter, f: &FanData) -> Result<RiskMapping, ChartError> {
    let (l0, t0, r0, b0) = p.bounds();
    let plot = (
        f64::from(l0 + p.px(64.0)),
        f64::from(t0 + p.px(26.0)),
        f64::from(r0 - p.px(14.0)),
        f64::from(b0 - p.px(26.0)),
    );
    let (l, t, r, b) = plot;
    let n = f.years.len().min(f.p10.len()).min(f.p50.len());
    let n = n.min(f.p90.len()).min(f.mean.len());
    let (min, max) = finite_range(
        f.p10[..n]
            .iter()
            .chain(&f.p90[..n])
            .chain(&f.mean[..n])
            .chain(&f.p50[..n]),
    );
    let (min, max) = if min.is_finite() {
        (min, max)
    } else {
        (0.0, 1.0)
    };
    let unit = f.unit;
    let (lo, hi) = value_axis(p, plot, min, max, &|v, step| format_tick(v, unit, step))?;
    let (x_lo, x_hi) = match (f.years.first(), f.years.last()) {
        (Some(a), Some(z)) if n > 0 => (*a, *z + 1.0 / 12.0),
        _ => (2025.0, 2026.0),
    };
    let x = |year: f64| scale_to(year, x_lo, x_hi, l, r);
    let y = |v: f64| scale_to(v, lo, hi, b, t);
    // Observed history, shaded.
    if f.history_len > 0 && f.history_len <= n {
        let end = x(f.years[f.history_len - 1] + 1.0 / 12.0);
        p.rect(l, t, end, b, p.chrome.history.filled())?;
    }
    for year in year_ticks(
        x_lo,
        x_hi,
        ((r - l) / f64::from(p.px(48.0))).max(2.0) as usize,
    ) {
        let xp = x(f64::from(year));
        p.path(
            &[(xp, b), (xp, b + f64::from(p.px(4.0)))],
            p.chrome.axis.stroke_width(p.stroke(1.0)),
        )?;
        p.text_top(
            &year.to_string(),
            (xp, b + f64::from(p.px(6.0))),
            TICK_FONT,
            p.chrome.muted_text,
            Align::Center,
        )?;
    }
    // Months are drawn at their middle so a step reads as that month.
    let mid = |i: usize| x(f.years[i] + 1.0 / 24.0);
    let finite = |i: usize| f.p10[i].is_finite() && f.p90[i].is_finite();
    let mut band: Vec<(f64, f64)> = (0..n)
        .filter(|i| finite(*i))
        .map(|i| (mid(i), y(f.p90[i])))
        .collect();
    band.extend(
        (0..n)
            .rev()
            .filter(|i| finite(*i))
            .map(|i| (mid(i), y(f.p10[i]))),
    );
    p.polygon(&band, f.color.mix(0.25).filled())?;
    let line = |values: &[f64]| -> Vec<(f64, f64)> {
        (0..n)
            .filter(|i| values[*i].is_finite())
            .map(|i| (mid(i), y(values[i])))
            .collect()
    };
    p.dashed(
        &line(&f.mean),
        p.chrome.reference.stroke_width(p.stroke(1.5)),
    )?;
    p.path(&line(&f.p50), f.color.stroke_width(p.stroke(2.0)))?;
    p.path(&[(l, b), (r, b)], p.chrome.axis.stroke_width(p.stroke(1.0)))?;
    // Legend along the top.
    let ly = f64::from(t0 + p.px(12.0));
    let mut lx = l;
    let sw = f64::from(p.px(18.0));
    p.rect(
        lx,
        ly - f64::from(p.px(5.0)),
        lx + sw,
        ly + f64::from(p.px(5.0)),
        f.color.mix(0.25).filled(),
    )?;
    lx = legend_text(p, "P10–P90", lx + sw + f64::from(p.px(4.0)), ly)?;
    p.path(
        &[(lx, ly), (lx + sw, ly)],
        f.color.stroke_width(p.stroke(2.0)),
    )?;
    lx = legend_text(p, "Median (P50)", lx + sw + f64::from(p.px(4.0)), ly)?;
    p.dashed(
        &[(lx, ly), (lx + sw, ly)],
        p.chrome.reference.stroke_width(p.stroke(1.5)),
    )?;
    legend_text(p, "Mean", lx + sw + f64::from(p.px(4.0)), ly)?;
    Ok(RiskMapping {
        plot,
        axis: RiskAxis::Months {
            from: x_lo,
            to: x_hi,
        },
    })
}

/// Legend text at `x`; returns where the next entry starts.
fn legend_text(p: &Painter, text: &str, x: f64, y: f64) -> Result<f64, ChartError> {
    p.text(text, (x, y), LABEL_FONT, p.chrome.text, Align::Left)?;
    Ok(x + p.text_width(text, LABEL_FONT) + f64::from(p.px(14.0)))
}

fn draw_bars(p: &Painter, bars: &YearBars) -> Result<RiskMapping, ChartError> {
    let (l0, t0, r0, b0) = p.bounds();
    let plot = (
        f64::from(l0 + p.px(56.0)),
        f64::from(t0 + p.px(14.0)),
        f64::from(r0 - p.px(14.0)),
        f64::from(b0 - p.px(26.0)),
    );
    let (l, t, r, b) = plot;
    let n = bars.years.len().min(bars.values.len());
    let (_, max) = finite_range(bars.values[..n].iter());
    let max = if bars.percent {
        100.0
    } else if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let percent = bars.percent;
    let label = move |v: f64, step: f64| {
        if percent {
            format_tick(v, Unit::Percent, step)
        } else if step >= 1.0 {
            format!("{v:.0}")
        } else {
            String::new()
        }
    };
    let (lo, hi) = value_axis(p, plot, 0.0, max, &label)?;
    let slot = (r - l) / n.max(1) as f64;
    let every = (f64::from(p.px(36.0)) / slot).ceil().max(1.0) as usize;
    for (i, (year, value)) in bars.years.iter().zip(&bars.values).enumerate() {
        let x0 = l + slot * i as f64;
        if value.is_finite() && *value > 0.0 {
            let pad = slot * 0.15;
            let top = scale_to(*value, lo, hi, b, t);
            p.rect(x0 + pad, top, x0 + slot - pad, b, bars.color.filled())?;
        }
        if i % every == 0 {
            p.text_top(
                &year.to_string(),
                (x0 + slot / 2.0, b + f64::from(p.px(6.0))),
                TICK_FONT,
                p.chrome.muted_text,
                Align::Center,
            )?;
        }
    }
    p.path(&[(l, b), (r, b)], p.chrome.axis.stroke_width(p.stroke(1.0)))?;
    Ok(RiskMapping {
        plot,
        axis: RiskAxis::Slots { n },
    })
}

fn draw_tornado(p: &Painter, chart: &TornadoChart) -> Result<RiskMapping, ChartError> {
    let (l0, t0, r0, b0) = p.bounds();
    let longest = chart
        .rows
        .iter()
        .map(|r| p.text_width(&r.label, TICK_FONT))
        .fold(0.0, f64::max);
    let label_width = longest.min(f64::from(r0 - l0) * 0.42) + f64::from(p.px(10.0));
    let plot = (
        f64::from(l0) + label_width,
        f64::from(t0 + p.px(26.0)),
        f64::from(r0 - p.px(18.0)),
        f64::from(b0 - p.px(26.0)),
    );
    let (l, t, r, b) = plot;
    let (min, max) = finite_range(
        chart
            .rows
            .iter()
            .flat_map(|row| [row.at_low, row.at_high])
            .chain([chart.base])
            .collect::<Vec<f64>>()
            .iter(),
    );
    let (min, max) = if min.is_finite() {
        (min, max)
    } else {
        (0.0, 1.0)
    };
    let ticks = value_ticks(
        min,
        max,
        ((r - l) / f64::from(p.px(70.0))).max(2.0) as usize,
    );
    let x = |v: f64| scale_to(v, ticks.lo, ticks.hi, l, r);
    for v in &ticks.values {
        let xp = x(*v);
        p.path(
            &[(xp, t), (xp, b)],
            p.chrome.grid.stroke_width(p.stroke(1.0)),
        )?;
        p.text_top(
            &format_tick(*v, Unit::UsdB, ticks.step),
            (xp, b + f64::from(p.px(6.0))),
            TICK_FONT,
            p.chrome.muted_text,
            Align::Center,
        )?;
    }
    let rows = chart.rows.len().max(1);
    let slot = (b - t) / rows as f64;
    let base_x = x(chart.base);
    for (i, row) in chart.rows.iter().enumerate() {
        let y0 = t + slot * i as f64;
        let (top, bottom) = (y0 + slot * 0.18, y0 + slot * 0.82);
        for (value, color) in [(row.at_low, BLUE), (row.at_high, ORANGE)] {
            if value.is_finite() && value != chart.base {
                p.rect(base_x, top, x(value), bottom, color.filled())?;
            }
        }
        let mut label = row.label.clone();
        while label.chars().count() > 3
            && p.text_width(&label, TICK_FONT) > label_width - f64::from(p.px(10.0))
        {
            label.pop();
            label.pop();
            label.push('…');
        }
        p.text(
            &label,
            (l - f64::from(p.px(6.0)), (top + bottom) / 2.0),
            TICK_FONT,
            p.chrome.text,
            Align::Right,
        )?;
    }
    p.path(
        &[(base_x, t), (base_x, b)],
        p.chrome.reference.stroke_width(p.stroke(1.5)),
    )?;
    // Legend along the top.
    let ly = f64::from(t0 + p.px(12.0));
    let sw = f64::from(p.px(12.0));
    let mut lx = l;
    for (text, color) in [
        ("Parameter at its low end", BLUE),
        ("at its high end", ORANGE),
    ] {
        p.rect(lx, ly - sw / 2.0, lx + sw, ly + sw / 2.0, color.filled())?;
        lx = legend_text(p, text, lx + sw + f64::from(p.px(4.0)), ly)?;
    }
    legend_text(
        p,
        &format!("Base {}", format_value(chart.base, Unit::UsdB)),
        lx,
        ly,
    )?;
    Ok(RiskMapping {
        plot,
        axis: RiskAxis::Rows {
            n: chart.rows.len(),
        },
    })
}
