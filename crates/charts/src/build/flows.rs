//! Builder of the capital-flow (Sankey) diagram.

use super::{ordered, window_label, Builder};
use crate::data::SankeyData;

/// Chart 7: capital flows summed over `window`.
pub(super) fn sankey(b: &mut Builder, window: (i32, i32)) {
    let (from, to) = ordered(window);
    b.data.title = format!("Capital flows, {}", window_label(window));
    let _ = b.run.flows_between(from, to);
    b.data.sankey = Some(SankeyData::default());
}
