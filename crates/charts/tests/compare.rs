//! The comparison overlay: A's series appended dashed, aligned by month, stacks summarised, and drawn where
//! the numbers say (pixel checks on a native bitmap).
mod common;

use common::bitmap::render;
use common::*;
use gigawatt_charts::*;

/// A simple chart of one solid line at `level` GW over `n` months.
fn flat_line(n: usize, level: f64) -> ChartData {
    let (labels, years) = months(n);
    let mut d = ChartData::empty(ChartId::Cash);
    d.body = ChartBody::Time(TimeAxis {
        labels,
        years,
        history_len: 0,
    });
    d.y_label = "GW".into();
    d.series = vec![series(
        "Level",
        LINE,
        vec![level; n],
        SeriesStyle::Line,
        Axis::Left,
        Unit::Gw,
    )];
    d
}

fn close(a: (u8, u8, u8), b: (u8, u8, u8)) -> bool {
    let d = |x: u8, y: u8| (i32::from(x) - i32::from(y)).abs();
    d(a.0, b.0) <= 6 && d(a.1, b.1) <= 6 && d(a.2, b.2) <= 6
}

/// For each pixel column between months `from` and `to`, whether the line colour appears within 2 px of
/// `value` on the left axis.
fn coverage(r: &common::bitmap::Rendered, from: usize, to: usize, value: f64) -> Vec<bool> {
    let x0 = r.mapping.x_px_of_index(from).expect("month on chart");
    let x1 = r.mapping.x_px_of_index(to).expect("month on chart");
    let y = r
        .mapping
        .y_px_of_value(value, Axis::Left)
        .expect("value on axis");
    let line = (LINE.0, LINE.1, LINE.2);
    (x0..=x1)
        .map(|x| (-2..=2).any(|dy| close(r.pixel(x, y + dy), line)))
        .collect()
}

#[test]
fn pinned_lines_are_added_dashed_and_named() {
    let b = time_chart();
    let mut a = time_chart();
    for s in &mut a.series {
        for v in &mut s.values {
            *v *= 2.0;
        }
    }
    let both = with_comparison(&b, &a);
    // B is untouched and first.
    // (Compared by debug text: the marks series holds NaN, which is never equal to itself.)
    assert_eq!(
        format!("{:?}", &both.series[..b.series.len()]),
        format!("{:?}", &b.series[..])
    );
    let added: Vec<(&str, SeriesStyle)> = both.series[b.series.len()..]
        .iter()
        .map(|s| (s.name.as_str(), s.style))
        .collect();
    assert_eq!(
        added,
        vec![
            ("Total (A)", SeriesStyle::DashedLine),
            ("Rising (A)", SeriesStyle::DashedLine),
            ("Announced (A)", SeriesStyle::DashedLine),
            ("Cost (A)", SeriesStyle::DashedLine),
            ("Ratio (A)", SeriesStyle::ReadoutOnly),
        ]
    );
    // The stack total is the sum of A's layers (1 + 2, doubled).
    let total = both.series("Total (A)").expect("total");
    assert!(total.values.iter().all(|v| (*v - 6.0).abs() < 1e-12));
    assert_eq!(both.series("Cost (A)").map(|s| s.axis), Some(Axis::Right));
    // The legend names both, A's lines with a dashed swatch.
    let legend = legend(&both);
    let rising_a = legend
        .iter()
        .find(|e| e.name == "Rising (A)")
        .expect("A in legend");
    assert_eq!(rising_a.swatch, Swatch::Dashed);
}

#[test]
fn a_shorter_pinned_run_is_aligned_by_month_and_padded_with_gaps() {
    let b = flat_line(36, 2.0);
    let mut a = flat_line(24, 3.0);
    // Make A start a year later than B so alignment by label matters.
    if let ChartBody::Time(TimeAxis { labels, .. }) = &mut a.body {
        for l in labels.iter_mut() {
            let (y, m) = l.split_once('-').expect("label");
            *l = format!("{}-{m}", y.parse::<i32>().expect("year") + 1);
        }
    }
    let both = with_comparison(&b, &a);
    let level_a = both.series("Level (A)").expect("A's line");
    assert_eq!(level_a.values.len(), 36);
    assert!(level_a.values[..12].iter().all(|v| v.is_nan()));
    assert!(level_a.values[12..].iter().all(|v| *v == 3.0));
}

#[test]
fn category_charts_keep_b_and_say_why() {
    let b = bar_chart();
    let both = with_comparison(&b, &bar_chart());
    assert_eq!(both.series, b.series);
    assert_eq!(both.notes.len(), b.notes.len() + 1);
    assert!(both
        .notes
        .last()
        .is_some_and(|n| n.contains("pinned scenario A")));
}

#[test]
fn b_is_drawn_solid_and_a_dashed_at_their_own_values() {
    let both = with_comparison(&flat_line(60, 2.0), &flat_line(60, 6.0));
    let r = render(&both, &DrawOptions::default(), 720, 360);
    let solid = coverage(&r, 10, 40, 2.0);
    let dashed = coverage(&r, 10, 40, 6.0);
    let share = |c: &[bool]| c.iter().filter(|x| **x).count() as f64 / c.len() as f64;
    assert!(
        share(&solid) > 0.97,
        "B's line is continuous: {}",
        share(&solid)
    );
    assert!(
        (0.3..0.9).contains(&share(&dashed)),
        "A's line is dashed (ink with gaps): {}",
        share(&dashed)
    );
    // Gaps come and go: several separate dashes, not one break.
    let dashes = dashed.windows(2).filter(|w| !w[0] && w[1]).count();
    assert!(dashes >= 5, "{dashes} dashes");
}

#[test]
fn hiding_a_in_the_legend_removes_its_line() {
    let both = with_comparison(&flat_line(60, 2.0), &flat_line(60, 6.0));
    let opts = DrawOptions {
        hidden: vec!["Level (A)".into()],
        ..DrawOptions::default()
    };
    let r = render(&both, &opts, 720, 360);
    // The axis still spans 6 only if A were drawn; hidden series may also drop out of the range, so look for
    // A's colour anywhere above B's line instead.
    let y_b = r.mapping.y_px_of_value(2.0, Axis::Left).expect("B on axis");
    let x0 = r.mapping.x_px_of_index(10).expect("x");
    let x1 = r.mapping.x_px_of_index(40).expect("x");
    let line = (LINE.0, LINE.1, LINE.2);
    let ink_above = (x0..=x1)
        .flat_map(|x| (0..y_b - 4).map(move |y| (x, y)))
        .any(|(x, y)| close(r.pixel(x, y), line));
    assert!(!ink_above, "A's line was drawn although hidden");
}
