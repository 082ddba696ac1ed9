//! Comparison overlay: a pinned scenario "A" drawn dashed over the current scenario "B".
//!
//! The app pins a scenario, keeps editing, and wants every time chart to show both paths. Rather than teach
//! every draw function about two runs, the overlay is a pure transformation of chart data: B's series stay as
//! they are (solid), and A's drawable series are appended as dashed lines named "… (A)". Stacked areas of A
//! become one dashed line at the top of A's stack ("Total (A)"), because two stacks cannot be read on top of
//! each other. The legend, the hover read-out, the table view and the SVG export then show A with no further
//! work, and the axes grow to hold both.
//!
//! A is aligned to B month by month through the x labels ("2027-06"), so different horizons line up; months
//! of B that A does not reach hold NaN (no value). Category charts (waterfall, circularity) and the Sankey
//! have no time axis to overlay on: they keep B and gain a note saying so.

use plotters::style::RGBColor;

use crate::data::{Axis, ChartBody, ChartData, DataSeries, SeriesStyle};

/// Suffix added to the name of every series of the pinned scenario.
pub const PINNED_SUFFIX: &str = " (A)";

/// Colour of A's stack total: a mid grey that reads on light and dark backgrounds.
pub const PINNED_TOTAL_COLOR: RGBColor = RGBColor(0x86, 0x8e, 0x98);

/// `current` (B) with the pinned scenario's chart data (A, same chart id and options) overlaid dashed.
///
/// A chart without a monthly x axis on either side is returned as B plus a note; nothing of A is drawn.
pub fn with_comparison(current: &ChartData, pinned: &ChartData) -> ChartData {
    let mut out = current.clone();
    let (ChartBody::Time(b_axis), ChartBody::Time(a_axis)) = (&current.body, &pinned.body) else {
        out.notes.push(
            "Comparison: this chart shows the current scenario (B) only; the pinned scenario A is compared in the \
             KPIs and the other charts."
                .to_string(),
        );
        return out;
    };
    let (b_labels, a_labels) = (&b_axis.labels, &a_axis.labels);
    let aligned = |values: &[f64]| -> Vec<f64> {
        b_labels
            .iter()
            .map(|label| {
                a_labels
                    .iter()
                    .position(|l| l == label)
                    .and_then(|i| values.get(i).copied())
                    .unwrap_or(f64::NAN)
            })
            .collect()
    };

    // A's stacked layers (both groups), summed per axis into one total line.
    for axis in [Axis::Left, Axis::Right] {
        let layers: Vec<&DataSeries> = pinned
            .series
            .iter()
            .filter(|s| s.style.is_stacked() && s.axis == axis)
            .collect();
        let Some(first) = layers.first() else {
            continue;
        };
        let len = a_labels.len();
        let total: Vec<f64> = (0..len)
            .map(|i| {
                layers
                    .iter()
                    .map(|s| s.values.get(i).copied().unwrap_or(0.0))
                    .filter(|v| v.is_finite())
                    .sum()
            })
            .collect();
        out.series.push(DataSeries {
            name: format!("Total{PINNED_SUFFIX}"),
            unit: first.unit,
            color: PINNED_TOTAL_COLOR,
            values: aligned(&total),
            style: SeriesStyle::DashedLine,
            axis,
        });
    }

    for s in &pinned.series {
        let style = match s.style {
            SeriesStyle::Line | SeriesStyle::Step | SeriesStyle::Area | SeriesStyle::DashedLine => {
                SeriesStyle::DashedLine
            }
            // Not drawn in B either: keep A's values for the read-out and the table.
            SeriesStyle::ReadoutOnly => SeriesStyle::ReadoutOnly,
            // Stacks are summarised above; dots (reported marks) and bars are the same facts in both.
            SeriesStyle::StackedArea
            | SeriesStyle::StackedLight
            | SeriesStyle::Dots
            | SeriesStyle::Bar
            | SeriesStyle::Waterfall => continue,
        };
        out.series.push(DataSeries {
            name: format!("{}{PINNED_SUFFIX}", s.name),
            unit: s.unit,
            color: s.color,
            values: aligned(&s.values),
            style,
            axis: s.axis,
        });
    }
    if out.y2_label.is_none() {
        out.y2_label = pinned.y2_label.clone();
    }
    out
}
