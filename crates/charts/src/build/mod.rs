//! Chart data from a model run, one builder per chart of MODEL-SPEC §6.

mod categories;
mod exposure;
mod flows;
mod reported;
mod time_charts;

pub use reported::reported_metrics;

pub use exposure::NOTHING_EXPOSED;

use gigawatt_model::{Month, NamedSeries, Run, OBSERVED_END};
use plotters::style::RGBColor;

use crate::data::{Axis, ChartBody, ChartData, DataSeries, SeriesStyle, TimeAxis, Unit};
use crate::theme::stack_color;
use crate::{ChartId, DataOptions};

/// Pure chart data derived from `run` for chart `id`, given the viewer's options (year, window, grouping).
/// Never runs the model and never panics. Run series are read by field (`run.series.it_gw`), so a chart
/// cannot ask for a series the model does not have.
pub fn chart_data(id: ChartId, run: &Run, opts: DataOptions) -> ChartData {
    let mut b = Builder::new(id, run);
    match id {
        ChartId::Capacity => time_charts::capacity(&mut b, opts.by_vendor),
        ChartId::Revenue => time_charts::revenue(&mut b),
        ChartId::Obligations => time_charts::obligations(&mut b),
        ChartId::Cash => time_charts::cash(&mut b),
        ChartId::Exposure => exposure::exposure(&mut b),
        ChartId::UnitCost => time_charts::unit_cost(&mut b),
        ChartId::Margin => time_charts::margin(&mut b),
        ChartId::Ownership => time_charts::ownership(&mut b),
        ChartId::Valuation => time_charts::valuation(&mut b),
        ChartId::Power => time_charts::power(&mut b),
        ChartId::Waterfall => categories::waterfall(&mut b, opts.year),
        ChartId::Circularity => categories::circularity(&mut b, opts.window),
        ChartId::Sankey => flows::sankey(&mut b, opts.window),
    }
    reported::reported(&mut b);
    b.data
}

/// Shared state of the builders: the run and the chart being filled.
pub(crate) struct Builder<'r> {
    pub run: &'r Run,
    pub data: ChartData,
}

impl<'r> Builder<'r> {
    fn new(id: ChartId, run: &'r Run) -> Self {
        Builder {
            run,
            data: ChartData::empty(id),
        }
    }

    /// Number of months in the run.
    pub fn months(&self) -> usize {
        self.run.months.len()
    }

    /// Use the run's months as the x axis, with history up to [`OBSERVED_END`] shaded.
    pub fn month_axis(&mut self) {
        self.data.body = ChartBody::Time(month_axis(&self.run.months));
    }

    /// `values` (a series of the run, `run.series.it_gw`) times `factor`, padded with NaN or cut to the month
    /// count.
    pub fn scaled(&self, values: &[f64], factor: f64) -> Vec<f64> {
        (0..self.months())
            .map(|i| values.get(i).map_or(f64::NAN, |v| v * factor))
            .collect()
    }

    /// Adds a series `name` built from `values` (a series of the run) times `factor`, on the left axis.
    pub fn add(
        &mut self,
        name: &str,
        values: &[f64],
        factor: f64,
        unit: Unit,
        color: RGBColor,
        style: SeriesStyle,
    ) {
        let values = self.scaled(values, factor);
        self.push(name, values, unit, color, style, Axis::Left);
    }

    /// Adds a series with explicit values.
    pub fn push(
        &mut self,
        name: &str,
        values: Vec<f64>,
        unit: Unit,
        color: RGBColor,
        style: SeriesStyle,
        axis: Axis,
    ) {
        self.data.series.push(DataSeries {
            name: name.to_string(),
            unit,
            color,
            values,
            style,
            axis,
        });
    }

    /// Adds `layers` (times `factor`) as a stack. Layers that are zero throughout are left out (they would
    /// only crowd the legend); colours follow the layer's position in `layers`, so a counterparty keeps its
    /// colour across scenarios.
    pub fn push_stack(&mut self, layers: &[NamedSeries], factor: f64, unit: Unit) {
        self.push_layers(
            layers,
            factor,
            unit,
            SeriesStyle::StackedArea,
            "",
            |i, _| stack_color(i),
        );
    }

    /// Adds `layers` (times `factor`) as `style` series named "<layer name><suffix>", leaving out layers
    /// that are zero throughout; `color_of` gets a layer's position in `layers` and its name. Returns the
    /// layers' total per month (non-finite values count as zero).
    pub fn push_layers(
        &mut self,
        layers: &[NamedSeries],
        factor: f64,
        unit: Unit,
        style: SeriesStyle,
        suffix: &str,
        color_of: impl Fn(usize, &str) -> RGBColor,
    ) -> Vec<f64> {
        let n = self.months();
        let mut total = vec![0.0; n];
        for (i, layer) in layers.iter().enumerate() {
            let values: Vec<f64> = (0..n)
                .map(|k| layer.values.get(k).map_or(f64::NAN, |v| v * factor))
                .collect();
            for (t, v) in total.iter_mut().zip(&values) {
                if v.is_finite() {
                    *t += v;
                }
            }
            if values.iter().all(|v| !v.is_finite() || *v == 0.0) {
                continue;
            }
            self.push(
                &format!("{}{suffix}", layer.name),
                values,
                unit,
                color_of(i, &layer.name),
                style,
                Axis::Left,
            );
        }
        total
    }
}

/// The monthly x axis for `months`: labels "2027-06", decimal years at month starts, history length.
pub(crate) fn month_axis(months: &[Month]) -> TimeAxis {
    TimeAxis {
        labels: months.iter().map(|m| m.to_string()).collect(),
        years: months
            .iter()
            .map(|m| f64::from(m.year()) + f64::from(m.month_of_year() - 1) / 12.0)
            .collect(),
        history_len: months.iter().take_while(|m| **m <= OBSERVED_END).count(),
    }
}

/// "Indirect hardware" from the ledger's "indirect hardware". The labels are the model's English words:
/// ASCII upper-casing keeps Unicode's case tables out of the web build.
pub(crate) fn capitalised(label: &str) -> String {
    let mut label = label.to_string();
    if let Some(first) = label.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    label
}

/// Clamp a year window to an ordered pair.
pub(crate) fn ordered(window: (i32, i32)) -> (i32, i32) {
    (window.0.min(window.1), window.0.max(window.1))
}

/// "2025–2030" or "2030".
pub(crate) fn window_label(window: (i32, i32)) -> String {
    let (a, b) = ordered(window);
    if a == b {
        a.to_string()
    } else {
        format!("{a}–{b}")
    }
}
