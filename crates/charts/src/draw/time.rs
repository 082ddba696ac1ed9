//! Time charts: monthly series as stacked areas, areas, lines, steps and dots over a shaded history band.

use plotters::prelude::*;

use super::paint::{Align, Painter};
use super::series::{draw_area, draw_line, draw_stacks};
use super::ticks::{aligned_ticks, value_ticks, year_ticks, Ticks};
use crate::data::{
    Axis, ChartData, DataSeries, PointMarker, SeriesStyle, TimeAxis, TrancheMark, EVENTS, REPORTED,
};
use crate::format::format_tick;
use crate::mapping::{ChartMapping, XMapping};
use crate::theme::{EVENTS_COLOR, REPORTED_COLOR};
use crate::{ChartError, DrawOptions, Unit};
use gigawatt_model::TrancheStatus;

/// Tick label font size (CSS px).
pub(super) const TICK_FONT: f64 = 11.0;
/// Axis title font size (CSS px).
pub(super) const AXIS_FONT: f64 = 12.0;

/// Visible, drawable series on `axis`.
fn drawn<'d>(data: &'d ChartData, opts: &DrawOptions, axis: Axis) -> Vec<&'d DataSeries> {
    data.series
        .iter()
        .filter(|s| {
            s.axis == axis && s.style != SeriesStyle::ReadoutOnly && !opts.is_hidden(&s.name)
        })
        .collect()
}

/// Cumulative tops of the stacked layers among `series`, per month (negative and missing values count as
/// zero), one vector per layer. The light group (`StackedLight`) continues from the top of the solid one
/// whatever the series order, so it always sits on top.
pub(super) fn stack_tops(series: &[&DataSeries], n: usize) -> Vec<Vec<f64>> {
    stack_layers(series)
        .iter()
        .scan(vec![0.0; n], |running, s| {
            for (i, acc) in running.iter_mut().enumerate() {
                let v = s.values.get(i).copied().unwrap_or(0.0);
                if v.is_finite() && v > 0.0 {
                    *acc += v;
                }
            }
            Some(running.clone())
        })
        .collect()
}

/// The stacked layers among `series` in stacking order: the solid group, then the light group.
pub(super) fn stack_layers<'d>(series: &[&'d DataSeries]) -> Vec<&'d DataSeries> {
    [SeriesStyle::StackedArea, SeriesStyle::StackedLight]
        .iter()
        .flat_map(|style| series.iter().filter(move |s| s.style == *style).copied())
        .collect()
}

/// Finite (min, max) of everything drawn on one axis, markers included.
fn extent(
    series: &[&DataSeries],
    n: usize,
    data: &ChartData,
    opts: &DrawOptions,
    axis: Axis,
) -> (f64, f64) {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    let mut take = |v: f64| {
        if v.is_finite() {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    };
    for top in stack_tops(series, n).last().into_iter().flatten() {
        take(*top);
    }
    for s in series.iter().filter(|s| !s.style.is_stacked()) {
        s.values.iter().take(n).for_each(|v| take(*v));
    }
    for m in visible_markers(data, opts, n).filter(|m| m.axis == axis) {
        take(m.value);
    }
    if axis == Axis::Left {
        for t in visible_tranches(data, opts, n) {
            take(t.1);
        }
    }
    (lo, hi)
}

/// The reported figures to draw: inside the run, finite, unless the viewer hid them.
pub(crate) fn visible_markers<'d>(
    data: &'d ChartData,
    opts: &'d DrawOptions,
    n: usize,
) -> impl Iterator<Item = &'d PointMarker> + 'd {
    data.markers
        .iter()
        .filter(move |m| m.index < n && m.value.is_finite() && !opts.is_hidden(REPORTED))
}

/// The tranche markers to draw: (month index, height, status) of those inside the run, with a finite height,
/// whose status the viewer did not hide. Shared by the drawing and the axis extent.
pub(crate) fn visible_tranches(
    data: &ChartData,
    opts: &DrawOptions,
    n: usize,
) -> Vec<(usize, f64, TrancheStatus)> {
    data.tranches
        .iter()
        .filter(|t| !opts.is_hidden(TrancheMark::legend_name(t.status)))
        .filter_map(|t| {
            let i = t.index.filter(|i| *i < n)?;
            t.value.is_finite().then_some((i, t.value, t.status))
        })
        .collect()
}

fn unit_of(series: &[&DataSeries], data: &ChartData, axis: Axis) -> Unit {
    series
        .first()
        .map(|s| s.unit)
        .or_else(|| data.series.iter().find(|s| s.axis == axis).map(|s| s.unit))
        .unwrap_or(Unit::UsdB)
}

fn widest_label(p: &Painter, ticks: &Ticks, unit: Unit) -> f64 {
    ticks
        .values
        .iter()
        .map(|v| p.text_width(&format_tick(*v, unit, ticks.step), TICK_FONT))
        .fold(0.0, f64::max)
}

pub(crate) fn draw(
    p: &Painter,
    data: &ChartData,
    axis: &TimeAxis,
    opts: &DrawOptions,
) -> Result<ChartMapping, ChartError> {
    let TimeAxis {
        labels,
        years,
        history_len,
    } = axis;
    let n = labels.len().min(years.len());
    let left = drawn(data, opts, Axis::Left);
    let right = drawn(data, opts, Axis::Right);
    let (l0, t0, r0, b0) = p.bounds();
    let has_events = !data.events.is_empty();
    let top = t0 + p.px(if has_events { 20.0 } else { 12.0 });
    let bottom = b0 - p.px(24.0);
    let target_ticks = (f64::from((bottom - top).max(1)) / (48.0 * p.scale))
        .round()
        .clamp(2.0, 8.0) as usize;

    let (lmin, lmax) = extent(&left, n, data, opts, Axis::Left);
    let left_ticks = value_ticks(lmin, lmax, target_ticks);
    let left_unit = unit_of(&left, data, Axis::Left);
    let right_ticks = (!right.is_empty()).then(|| {
        let (rmin, rmax) = extent(&right, n, data, opts, Axis::Right);
        aligned_ticks(rmin, rmax, &left_ticks)
    });
    let right_unit = unit_of(&right, data, Axis::Right);

    let title_room = |label: &str| {
        if label.is_empty() {
            0.0
        } else {
            18.0 * p.scale
        }
    };
    // Margins never take more than 30% of the width each, however long the tick labels.
    let max_margin = f64::from(r0 - l0) * 0.3;
    let left_margin =
        widest_label(p, &left_ticks, left_unit) + 10.0 * p.scale + title_room(&data.y_label);
    let right_margin = match &right_ticks {
        Some(t) => {
            widest_label(p, t, right_unit)
                + 10.0 * p.scale
                + title_room(data.y2_label.as_deref().unwrap_or(""))
        }
        None => 18.0 * p.scale,
    };
    let plot = (
        l0 + left_margin.min(max_margin).round() as i32,
        top,
        r0 - right_margin.min(max_margin).round() as i32,
        bottom,
    );
    super::check_plot(p, plot)?;

    let (from, to) = match (years.first(), years.get(n.saturating_sub(1))) {
        (Some(a), Some(b)) if n > 1 && b > a => (*a, *b),
        (Some(a), _) => (*a, *a + 1.0 / 12.0),
        _ => (2025.0, 2026.0),
    };
    let mapping = ChartMapping::new(
        plot,
        XMapping::Time {
            from,
            to,
            years: years[..n].to_vec(),
        },
        (left_ticks.lo, left_ticks.hi),
        right_ticks.as_ref().map(|t| (t.lo, t.hi)),
        opts.hidden.clone(),
    );
    let (pl, pt, pr, pb) = (
        f64::from(plot.0),
        f64::from(plot.1),
        f64::from(plot.2 - 1),
        f64::from(plot.3 - 1),
    );
    let c = p.chrome;

    // History band, behind everything.
    let history = (*history_len).min(n);
    if history > 0 {
        let end_year = if history < n {
            (years[history - 1] + years[history]) / 2.0
        } else {
            to
        };
        let end = mapping.x_to_px(end_year).clamp(pl, pr);
        p.rect(pl, pt, end, pb, c.history.filled())?;
        if end - pl > p.text_width("History", 10.0) + 8.0 * p.scale {
            p.text_top(
                "History",
                (pl + 4.0 * p.scale, pt + 3.0 * p.scale),
                10.0,
                c.muted_text,
                Align::Left,
            )?;
        }
    }

    // Shaded months (distress), over the history band and behind the grid and series.
    let bands: Vec<_> = data
        .shading
        .iter()
        .filter(|b| b.from < n && !opts.is_hidden(&b.name))
        .collect();
    for band in &bands {
        let to = band.to.min(n - 1).max(band.from);
        // Half a month either side, so a single month is visible and adjacent bands meet.
        let half = 1.0 / 24.0;
        let left = mapping.x_to_px(years[band.from] - half).clamp(pl, pr);
        let right = mapping.x_to_px(years[to] + half).clamp(pl, pr);
        let alpha = [0.10, 0.18, 0.28][usize::from(band.level.clamp(1, 3)) - 1];
        p.rect(left, pt, right, pb, band.color.mix(alpha).filled())?;
    }
    if let Some(first) = bands.first() {
        let x = mapping.x_to_px(years[first.from]).clamp(pl, pr);
        let on_right = x + p.text_width(&first.name, 10.0) + 8.0 * p.scale < pr;
        let (tx, align) = if on_right {
            (x + 3.0 * p.scale, Align::Left)
        } else {
            (x - 3.0 * p.scale, Align::Right)
        };
        p.text_top(
            &first.name,
            (tx, pt + 3.0 * p.scale),
            10.0,
            first.color,
            align,
        )?;
    }

    // Grid and value labels.
    for (i, v) in left_ticks.values.iter().enumerate() {
        let y = mapping.y_to_px(*v, Axis::Left);
        p.path(&[(pl, y), (pr, y)], c.grid.stroke_width(p.stroke(1.0)))?;
        let label = format_tick(*v, left_unit, left_ticks.step);
        p.text(
            &label,
            (pl - 6.0 * p.scale, y),
            TICK_FONT,
            c.muted_text,
            Align::Right,
        )?;
        if let Some(rt) = &right_ticks {
            if let Some(rv) = rt.values.get(i) {
                let label = format_tick(*rv, right_unit, rt.step);
                p.text(
                    &label,
                    (pr + 6.0 * p.scale, y),
                    TICK_FONT,
                    c.muted_text,
                    Align::Left,
                )?;
            }
        }
    }
    // Year labels.
    let max_labels = ((pr - pl) / (56.0 * p.scale)).max(1.0) as usize;
    for year in year_ticks(from, to, max_labels) {
        let x = mapping.x_to_px(f64::from(year));
        p.path(
            &[(x, pb), (x, pb + 4.0 * p.scale)],
            c.axis.stroke_width(p.stroke(1.0)),
        )?;
        p.text_top(
            &year.to_string(),
            (x, pb + 6.0 * p.scale),
            TICK_FONT,
            c.muted_text,
            Align::Center,
        )?;
    }
    // Axis titles.
    let mid_y = (pt + pb) / 2.0;
    p.text_vertical(
        &data.y_label,
        (f64::from(l0) + 9.0 * p.scale, mid_y),
        AXIS_FONT,
        c.text,
    )?;
    if let (Some(label), Some(_)) = (&data.y2_label, &right_ticks) {
        p.text_vertical(
            label,
            (f64::from(r0) - 9.0 * p.scale, mid_y),
            AXIS_FONT,
            c.text,
        )?;
    }

    // Series: stacks, then areas, then lines, then dots, so lines stay readable over fills.
    for (axis, series) in [(Axis::Left, &left), (Axis::Right, &right)] {
        draw_stacks(p, &mapping, series, years, n, axis)?;
    }
    for (axis, series) in [(Axis::Left, &left), (Axis::Right, &right)] {
        for s in series.iter().filter(|s| s.style == SeriesStyle::Area) {
            draw_area(p, &mapping, s, years, n, axis)?;
        }
    }
    // Baseline (and zero line when the axis goes negative).
    let zero = mapping.y_to_px(0.0, Axis::Left);
    p.path(&[(pl, pb), (pr, pb)], c.axis.stroke_width(p.stroke(1.0)))?;
    if left_ticks.lo < 0.0 {
        p.path(
            &[(pl, zero), (pr, zero)],
            c.axis.stroke_width(p.stroke(1.0)),
        )?;
    }
    for (axis, series) in [(Axis::Left, &left), (Axis::Right, &right)] {
        for s in series.iter() {
            match s.style {
                SeriesStyle::Line
                | SeriesStyle::DashedLine
                | SeriesStyle::Step
                | SeriesStyle::Bar
                | SeriesStyle::Waterfall => draw_line(p, &mapping, s, years, n, axis)?,
                _ => {}
            }
        }
    }
    for (axis, series) in [(Axis::Left, &left), (Axis::Right, &right)] {
        for s in series.iter().filter(|s| s.style == SeriesStyle::Dots) {
            for (i, v) in s.values.iter().take(n).enumerate() {
                if v.is_finite() {
                    let at = (mapping.x_to_px(years[i]), mapping.y_to_px(*v, axis));
                    p.circle(at, 4.5, c.background.filled())?;
                    p.circle(at, 3.5, s.color.filled())?;
                }
            }
        }
    }

    // Reported figures: a diamond at the period's last month with a halo in the background colour, and for a
    // period a thin line back to its first month at the same (monthly-average) height.
    for m in visible_markers(data, opts, n) {
        if m.axis == Axis::Right && right_ticks.is_none() {
            continue;
        }
        let (x, y) = (
            mapping.x_to_px(years[m.index]),
            mapping.y_to_px(m.value, m.axis),
        );
        if m.from < m.index {
            let x0 = mapping.x_to_px(years[m.from]);
            p.path(
                &[(x0, y), (x, y)],
                REPORTED_COLOR.stroke_width(p.stroke(2.0)),
            )?;
        }
        let (r, h) = (5.0 * p.scale, 7.0 * p.scale);
        p.polygon(
            &[(x, y - h), (x + h, y), (x, y + h), (x - h, y)],
            c.background.filled(),
        )?;
        p.polygon(
            &[(x, y - r), (x + r, y), (x, y + r), (x - r, y)],
            REPORTED_COLOR.filled(),
        )?;
    }
    // Tranche markers on the announced path: a halo in the background colour, then a shape per status, so
    // they stay readable over stacks and lines and do not rely on colour alone.
    for (i, v, status) in visible_tranches(data, opts, n) {
        let (x, y) = (mapping.x_to_px(years[i]), mapping.y_to_px(v, Axis::Left));
        tranche_marker(p, (x, y), status, c.background)?;
    }

    let event_y = pt - 4.0 * p.scale;
    for e in data
        .events
        .iter()
        .filter(|e| e.index < n && !opts.is_hidden(EVENTS))
    {
        let x = mapping.x_to_px(years[e.index]);
        let r = 3.5 * p.scale;
        p.polygon(
            &[
                (x - r, event_y - r * 1.6),
                (x + r, event_y - r * 1.6),
                (x, event_y),
            ],
            EVENTS_COLOR.filled(),
        )?;
    }
    Ok(mapping)
}

/// One tranche marker at `at`: confirmed a filled dot, deferred a triangle, lapsed a cross, pending a ring.
pub(crate) fn tranche_marker(
    p: &Painter,
    at: (f64, f64),
    status: TrancheStatus,
    background: RGBColor,
) -> Result<(), ChartError> {
    let colour = TrancheMark::color(status);
    let r = 4.5 * p.scale;
    let (x, y) = at;
    match status {
        TrancheStatus::Confirmed | TrancheStatus::Pending => {
            p.circle(at, 6.0, background.filled())?;
            p.circle(at, 4.5, colour.filled())?;
            if status == TrancheStatus::Pending {
                p.circle(at, 2.5, background.filled())?;
            }
            Ok(())
        }
        TrancheStatus::Deferred => {
            let h = r * 1.25;
            let halo = h + 2.0 * p.scale;
            p.polygon(
                &[
                    (x, y - halo),
                    (x + halo, y + halo * 0.8),
                    (x - halo, y + halo * 0.8),
                ],
                background.filled(),
            )?;
            p.polygon(
                &[(x, y - h), (x + h, y + h * 0.8), (x - h, y + h * 0.8)],
                colour.filled(),
            )
        }
        TrancheStatus::Lapsed => {
            p.circle(at, 6.5, background.filled())?;
            let style = colour.stroke_width(p.stroke(2.5));
            p.path(&[(x - r, y - r), (x + r, y + r)], style)?;
            p.path(&[(x - r, y + r), (x + r, y - r)], style)
        }
    }
}
