//! A chart's options in the app. The chart crate splits them by what they change: [`DataOptions`] change the
//! chart's *data* (the waterfall's year, the years a Sankey sums, the capacity grouping), so chart data is a
//! memo of the run and the data options; [`DrawOptions`] change only the *picture* (theme, series switched off
//! in the legend), so they redraw without rebuilding data. [`Control`] says which data-shaping control a chart
//! offers.

use gigawatt_charts::{ChartData, ChartId};
pub use gigawatt_charts::{DataOptions, DrawOptions};
use gigawatt_model::Run;

/// The data-shaping control of a chart, by the kind of its body (time, categories, flows).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    /// Nothing to choose (time charts other than capacity).
    None,
    /// The stack of a groupable time chart (capacity) by cloud or by chip vendor.
    Grouping,
    /// One year: categories of one year (the P&L waterfall).
    Year,
    /// From one year to another, inclusive: categories (circularity) or flows (the Sankey) summed over them.
    Window,
}

impl Control {
    pub fn of(id: ChartId) -> Control {
        match id {
            ChartId::Waterfall => Control::Year,
            ChartId::Circularity | ChartId::Sankey => Control::Window,
            ChartId::Capacity => Control::Grouping,
            _ => Control::None,
        }
    }
}

/// The data of chart `id` for `run` shaped by `opts`, with `compare` (the pinned scenario A's run) overlaid
/// dashed when there is one.
pub fn shaped_data(id: ChartId, run: &Run, compare: Option<&Run>, opts: DataOptions) -> ChartData {
    let data = gigawatt_charts::chart_data(id, run, opts);
    match compare {
        Some(a) => {
            gigawatt_charts::with_comparison(&data, &gigawatt_charts::chart_data(id, a, opts))
        }
        None => data,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_chart_has_a_control_and_windowed_ones_pick_years() {
        assert_eq!(Control::of(ChartId::Waterfall), Control::Year);
        assert_eq!(Control::of(ChartId::Sankey), Control::Window);
        assert_eq!(Control::of(ChartId::Circularity), Control::Window);
        assert_eq!(Control::of(ChartId::Capacity), Control::Grouping);
        assert_eq!(Control::of(ChartId::Cash), Control::None);
    }

    #[test]
    fn compared_data_adds_the_pinned_runs_lines() {
        let run = gigawatt_model::simulate(&gigawatt_model::Scenario::default());
        let alone = shaped_data(ChartId::Cash, &run, None, DataOptions::default());
        let compared = shaped_data(ChartId::Cash, &run, Some(&run), DataOptions::default());
        assert!(compared.series.len() > alone.series.len());
    }
}
