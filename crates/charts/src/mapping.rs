//! The pixel ↔ data mapping a draw call returns, for hover read-outs and the crosshair overlay.

use crate::data::{Axis, ChartBody, ChartData, SeriesStyle, TrancheMark, Unit, EVENTS, REPORTED};
use crate::format::format_value;
use crate::theme::{css_color, REPORTED_COLOR};

/// What the hover read-out shows for one x position.
#[derive(Clone, Debug, PartialEq)]
pub struct Readout {
    /// "2027-06" on time charts, the category or node name otherwise.
    pub label: String,
    /// (series name, formatted value with unit, CSS colour) for the visible series in drawing order
    /// (read-out-only series included, dots only where they have a value), then each reported figure ending
    /// this month as ("Reported revenue, 2026-01..2026-03", "$1.90B a month (total $5.70B)", colour) and
    /// (its source and grade, "", ""), then the
    /// tranches planned for this month as ("P1 · Oracle / Stargate", "1.20 GW confirmed 2026-06", colour),
    /// then the dated events at this position as (label, "", "").
    pub rows: Vec<(String, String, String)>,
    /// The x position (month or category index, or node index on the Sankey) the read-out is for.
    pub index: usize,
}

/// How x pixels map to data positions.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum XMapping {
    /// Decimal years `from..to` across the plot width; `years` are the month positions.
    Time { from: f64, to: f64, years: Vec<f64> },
    /// `n` equal bands across the plot width.
    Categories { n: usize },
    /// Nothing drawn (a chart that says it has no data): no position, no read-out.
    Blank,
    /// Sankey: node rectangles (left, top, right, bottom) in backend pixels by node index, and the drawn
    /// band of each link (None where a link is not drawn).
    Nodes {
        rects: Vec<(i32, i32, i32, i32)>,
        bands: Vec<Option<LinkBand>>,
    },
}

/// Where a Sankey band lies: its sampled top edge and its constant vertical thickness, backend pixels.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct LinkBand {
    pub top: Vec<(f64, f64)>,
    pub thickness: f64,
}

impl LinkBand {
    fn contains(&self, x: f64, y: f64) -> bool {
        let lo = self.top.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
        let hi = self
            .top
            .iter()
            .map(|p| p.0)
            .fold(f64::NEG_INFINITY, f64::max);
        if !(lo..=hi).contains(&x) {
            return false;
        }
        let t = edge_y(&self.top, x);
        y >= t - 1.0 && y <= t + self.thickness.max(2.0) + 1.0
    }

    fn mid_x(&self) -> f64 {
        match (self.top.first(), self.top.last()) {
            (Some(a), Some(b)) => (a.0 + b.0) / 2.0,
            _ => 0.0,
        }
    }
}

/// y of a sampled edge at `x` (linear interpolation; the edge is monotonic in x).
pub(crate) fn edge_y(edge: &[(f64, f64)], x: f64) -> f64 {
    for w in edge.windows(2) {
        let ((xa, ya), (xb, yb)) = (w[0], w[1]);
        if (xa <= x && x <= xb) || (xb <= x && x <= xa) {
            return if (xb - xa).abs() < 1e-9 {
                ya
            } else {
                ya + (yb - ya) * (x - xa) / (xb - xa)
            };
        }
    }
    edge.last().map_or(0.0, |p| p.1)
}

/// Returned by [`crate::draw`]: where the plot landed in backend pixels and how to read it back.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartMapping {
    /// Plot rectangle (left, top, right, bottom) in backend pixels; right and bottom are exclusive.
    pub(crate) plot: (i32, i32, i32, i32),
    pub(crate) x: XMapping,
    /// Value range (bottom, top) of the left axis, and of the right axis when there is one.
    pub(crate) y_left: (f64, f64),
    pub(crate) y_right: Option<(f64, f64)>,
    /// Series hidden when drawing; they are left out of read-outs too.
    pub(crate) hidden: Vec<String>,
}

impl ChartMapping {
    pub(crate) fn new(
        plot: (i32, i32, i32, i32),
        x: XMapping,
        y_left: (f64, f64),
        y_right: Option<(f64, f64)>,
        hidden: Vec<String>,
    ) -> Self {
        ChartMapping {
            plot,
            x,
            y_left,
            y_right,
            hidden,
        }
    }

    /// y pixel of `value` on `axis` (None without such an axis or for a non-finite value).
    pub fn y_px_of_value(&self, value: f64, axis: Axis) -> Option<i32> {
        if !value.is_finite() || (axis == Axis::Right && self.y_right.is_none()) {
            return None;
        }
        Some(self.y_to_px(value, axis).round() as i32)
    }

    /// Plot rectangle (left, top, right, bottom) in backend pixels; right and bottom are exclusive.
    pub fn plot_rect(&self) -> (i32, i32, i32, i32) {
        self.plot
    }

    fn inside(&self, x_px: i32, y_px: i32) -> bool {
        let (l, t, r, b) = self.plot;
        x_px >= l && x_px < r && y_px >= t && y_px < b
    }

    /// Backend x pixel (fractional) of data coordinate `x`: a decimal year on time charts, a band
    /// position (category `i` spans `i..i+1`) on category charts.
    pub(crate) fn x_to_px(&self, x: f64) -> f64 {
        let (l, _, r, _) = self.plot;
        let span_px = f64::from((r - 1 - l).max(1));
        match &self.x {
            XMapping::Time { from, to, .. } => {
                let span = if to > from { to - from } else { 1.0 };
                f64::from(l) + (x - from) / span * span_px
            }
            XMapping::Categories { n } => f64::from(l) + x / (*n).max(1) as f64 * f64::from(r - l),
            XMapping::Nodes { .. } | XMapping::Blank => f64::from(l),
        }
    }

    /// Backend y pixel (fractional) of `value` on `axis`; the bottom of the range maps to the last plot row.
    pub(crate) fn y_to_px(&self, value: f64, axis: Axis) -> f64 {
        let (lo, hi) = match axis {
            Axis::Right => self.y_right.unwrap_or(self.y_left),
            Axis::Left => self.y_left,
        };
        let (_, t, _, b) = self.plot;
        let span = if hi > lo { hi - lo } else { 1.0 };
        f64::from(b - 1) - (value - lo) / span * f64::from(b - 1 - t)
    }

    /// The x position (month / category index) under pixel column `x_px`, clamped to the data.
    fn index_at(&self, x_px: i32, n: usize) -> Option<usize> {
        if n == 0 {
            return None;
        }
        let (l, _, r, _) = self.plot;
        match &self.x {
            XMapping::Time { years, .. } => {
                let px = f64::from(x_px);
                years
                    .iter()
                    .take(n)
                    .enumerate()
                    .min_by(|a, b| {
                        let da = (self.x_to_px(*a.1) - px).abs();
                        let db = (self.x_to_px(*b.1) - px).abs();
                        da.partial_cmp(&db).unwrap_or(std::cmp::Ordering::Equal)
                    })
                    .map(|(i, _)| i)
            }
            XMapping::Categories { n: bands } => {
                let frac = f64::from(x_px - l) / f64::from((r - l).max(1));
                let i = (frac * *bands as f64).floor();
                (i >= 0.0).then(|| (i as usize).min(bands.saturating_sub(1)).min(n - 1))
            }
            XMapping::Nodes { .. } | XMapping::Blank => None,
        }
    }

    /// What lies under backend pixel (x, y): None outside the plot area (or off every node on the Sankey).
    pub fn readout(&self, x_px: i32, y_px: i32, data: &ChartData) -> Option<Readout> {
        if let XMapping::Nodes { rects, bands } = &self.x {
            return self
                .node_readout(rects, x_px, y_px, data)
                .or_else(|| self.link_readout(rects.len(), bands, x_px, y_px, data));
        }
        if !self.inside(x_px, y_px) {
            return None;
        }
        let index = self.index_at(x_px, data.body.len())?;
        let label = data.body.label(index)?.to_string();
        let mut rows = Vec::new();
        for s in &data.series {
            if self.hidden.contains(&s.name) {
                continue;
            }
            let value = s.values.get(index).copied().unwrap_or(f64::NAN);
            if s.style == SeriesStyle::Dots && !value.is_finite() {
                continue;
            }
            rows.push((
                s.name.clone(),
                format_value(value, s.unit),
                css_color(s.color),
            ));
        }
        if !self.hidden.iter().any(|h| h == REPORTED) {
            for m in data.markers.iter().filter(|m| m.index == index) {
                let value = match m.total {
                    Some(total) => format!(
                        "{} a month (total {})",
                        format_value(m.value, m.unit),
                        format_value(total, m.unit)
                    ),
                    None => format_value(m.value, m.unit),
                };
                rows.push((m.label.clone(), value, css_color(REPORTED_COLOR)));
                rows.push((m.source.clone(), String::new(), String::new()));
            }
        }
        // Tranches planned for this month, unless their status is hidden in the legend.
        for t in data.tranches.iter().filter(|t| {
            t.index == Some(index)
                && !self
                    .hidden
                    .iter()
                    .any(|h| h == TrancheMark::legend_name(t.status))
        }) {
            rows.push((
                format!("{} · {}", t.contract, t.counterparty),
                format!("{} {}", format_value(t.gw, Unit::Gw), t.outcome()),
                css_color(TrancheMark::color(t.status)),
            ));
        }
        if !self.hidden.iter().any(|h| h == EVENTS) {
            for e in data.events.iter().filter(|e| e.index == index) {
                rows.push((e.label.clone(), e.detail(), String::new()));
            }
        }
        Some(Readout { label, rows, index })
    }

    fn node_readout(
        &self,
        rects: &[(i32, i32, i32, i32)],
        x: i32,
        y: i32,
        data: &ChartData,
    ) -> Option<Readout> {
        let ChartBody::Flows(sankey) = &data.body else {
            return None;
        };
        let index = rects
            .iter()
            .position(|&(l, t, r, b)| x >= l - 2 && x <= r + 2 && y >= t - 1 && y <= b + 1)?;
        let node = sankey.nodes.get(index)?;
        let total = |pick: &dyn Fn(&crate::SankeyLink) -> bool| -> f64 {
            sankey
                .links
                .iter()
                .filter(|l| pick(l))
                .map(|l| l.value_usd_b)
                .filter(|v| v.is_finite())
                .sum()
        };
        let inflow = total(&|l| l.to == index);
        let outflow = total(&|l| l.from == index);
        let color = css_color(node.color);
        let mut rows = Vec::new();
        if inflow > 0.0 {
            rows.push((
                "In".to_string(),
                format_value(inflow, crate::Unit::UsdB),
                color.clone(),
            ));
        }
        if outflow > 0.0 {
            rows.push((
                "Out".to_string(),
                format_value(outflow, crate::Unit::UsdB),
                color.clone(),
            ));
        }
        Some(Readout {
            label: node.name.clone(),
            rows,
            index,
        })
    }

    /// The Sankey link under (x, y), the last drawn (topmost) first; its read-out index is
    /// `node count + link index`.
    fn link_readout(
        &self,
        node_count: usize,
        bands: &[Option<LinkBand>],
        x: i32,
        y: i32,
        data: &ChartData,
    ) -> Option<Readout> {
        let ChartBody::Flows(sankey) = &data.body else {
            return None;
        };
        let (fx, fy) = (f64::from(x), f64::from(y));
        let (i, _) = bands
            .iter()
            .enumerate()
            .rev()
            .find(|(_, b)| b.as_ref().is_some_and(|b| b.contains(fx, fy)))?;
        let link = sankey.links.get(i)?;
        let name = |n: usize| sankey.nodes.get(n).map_or("?", |n| n.name.as_str());
        let mut rows = vec![(
            link.category.clone(),
            format_value(link.value_usd_b, crate::Unit::UsdB),
            css_color(link.color),
        )];
        if link.estimated {
            rows.push((
                "Estimated by the model".to_string(),
                String::new(),
                String::new(),
            ));
        }
        Some(Readout {
            label: format!("{} → {}", name(link.from), name(link.to)),
            rows,
            index: node_count + i,
        })
    }

    /// x pixel of the crosshair for a read-out (the app draws the crosshair as an HTML overlay line).
    pub fn crosshair_x(&self, readout: &Readout) -> i32 {
        match &self.x {
            XMapping::Time { years, from, .. } => self
                .x_to_px(years.get(readout.index).copied().unwrap_or(*from))
                .round() as i32,
            XMapping::Categories { .. } => self.x_to_px(readout.index as f64 + 0.5).round() as i32,
            XMapping::Nodes { rects, bands } => match rects.get(readout.index) {
                Some(&(a, _, b, _)) => (a + b) / 2,
                None => bands
                    .get(readout.index - rects.len())
                    .and_then(Option::as_ref)
                    .map_or(self.plot.0, |b| b.mid_x().round() as i32),
            },
            XMapping::Blank => self.plot.0,
        }
    }

    /// Rectangle (left, top, right, bottom) of Sankey node `index` in backend pixels (None on other charts).
    pub fn node_rect(&self, index: usize) -> Option<(i32, i32, i32, i32)> {
        match &self.x {
            XMapping::Nodes { rects, .. } => rects.get(index).copied(),
            _ => None,
        }
    }

    /// x pixel of month / category / node `index` (None when out of range).
    pub fn x_px_of_index(&self, index: usize) -> Option<i32> {
        let readout = Readout {
            label: String::new(),
            rows: Vec::new(),
            index,
        };
        match &self.x {
            XMapping::Time { years, .. } if index < years.len() => Some(self.crosshair_x(&readout)),
            XMapping::Categories { n } if index < *n => Some(self.crosshair_x(&readout)),
            XMapping::Nodes { rects, .. } if index < rects.len() => {
                Some(self.crosshair_x(&readout))
            }
            _ => None,
        }
    }
}
