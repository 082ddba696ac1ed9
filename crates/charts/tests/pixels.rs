//! Pixel tests: draw synthetic charts into a bitmap and sample where each series must (and must not) be.
mod common;

use common::bitmap::{render, Rendered};
use common::*;
use gigawatt_charts::*;

const DARK_BG: (u8, u8, u8) = (0x16, 0x19, 0x1d);
const LIGHT_HISTORY: (u8, u8, u8) = (0xf1, 0xf3, 0xf5);

/// The pixel at month `index` and `value` on `axis`.
fn at(r: &Rendered, index: usize, value: f64, axis: Axis) -> (u8, u8, u8) {
    let x = r.mapping.x_px_of_index(index).expect("month on chart");
    let y = r.mapping.y_px_of_value(value, axis).expect("value on axis");
    r.pixel(x, y)
}

/// Whether `color` occurs within `radius` pixels of month `index`, `value`.
fn near(
    r: &Rendered,
    index: usize,
    value: f64,
    axis: Axis,
    color: (u8, u8, u8),
    radius: i32,
) -> bool {
    let x = r.mapping.x_px_of_index(index).expect("month on chart");
    let y = r.mapping.y_px_of_value(value, axis).expect("value on axis");
    (-radius..=radius).any(|dx| (-radius..=radius).any(|dy| close(r.pixel(x + dx, y + dy), color)))
}

#[test]
fn stacked_layers_fill_their_bands() {
    let r = render(&time_chart(), &DrawOptions::default(), 720, 360);
    assert!(
        close(at(&r, 40, 0.5, Axis::Left), over(STACK_A, 0.78, WHITE)),
        "{:?}",
        at(&r, 40, 0.5, Axis::Left)
    );
    assert!(close(
        at(&r, 40, 1.5, Axis::Left),
        over(STACK_B, 0.78, WHITE)
    ));
    assert!(close(
        at(&r, 40, 2.6, Axis::Left),
        over(STACK_B, 0.78, WHITE)
    ));
    assert!(
        close(at(&r, 40, 3.5, Axis::Left), WHITE),
        "nothing is drawn above the stack"
    );
}

#[test]
fn lines_dots_markers_and_right_axis_land_on_their_values() {
    let r = render(&time_chart(), &DrawOptions::default(), 720, 360);
    assert!(
        near(&r, 40, 40.0 / 6.0, Axis::Left, rgb(LINE), 1),
        "rising line at month 40"
    );
    assert!(
        close(at(&r, 30, 5.0, Axis::Left), rgb(DOTS)),
        "a mark dot at month 30"
    );
    assert!(
        !near(&r, 31, 5.0, Axis::Left, rgb(DOTS), 0),
        "no dot where the marks series is NaN"
    );
    assert!(
        near(&r, 40, 0.45, Axis::Right, rgb(RIGHT), 1),
        "right-axis line at $0.45"
    );
    assert!(
        close(at(&r, 11, 1.9, Axis::Left), rgb(REPORTED_COLOR)),
        "reported marker diamond"
    );
    let dashed = (0..59)
        .filter(|i| near(&r, *i, 8.0, Axis::Left, rgb(DASHED), 1))
        .count();
    assert!(
        dashed > 30,
        "dashed announced line drawn along the chart ({dashed} months)"
    );
}

#[test]
fn hidden_series_are_not_drawn() {
    let opts = DrawOptions {
        hidden: vec!["Layer A".into(), "Cost".into(), "Rising".into()],
        ..Default::default()
    };
    let r = render(&time_chart(), &opts, 720, 360);
    assert!(
        close(at(&r, 40, 0.5, Axis::Left), over(STACK_B, 0.78, WHITE)),
        "Layer B now starts at zero"
    );
    assert!(
        close(at(&r, 40, 2.5, Axis::Left), WHITE),
        "the stack is only 2 GW high"
    );
    assert!(!near(&r, 40, 40.0 / 6.0, Axis::Left, rgb(LINE), 2));
    // With "Cost" hidden there is no right axis at all.
    assert_eq!(r.mapping.y_px_of_value(0.45, Axis::Right), None);
    assert!(!r.texts.iter().any(|(t, _)| t == "Cost ($/hr)"));
}

#[test]
fn history_is_shaded_and_themes_change_the_background() {
    let r = render(&time_chart(), &DrawOptions::default(), 720, 360);
    assert!(
        close(at(&r, 5, 7.0, Axis::Left), LIGHT_HISTORY),
        "history band"
    );
    assert!(
        close(at(&r, 40, 7.0, Axis::Left), WHITE),
        "no band after history"
    );
    let dark = render(
        &time_chart(),
        &DrawOptions {
            theme: Theme::Dark,
            ..Default::default()
        },
        720,
        360,
    );
    assert!(close(at(&dark, 40, 3.5, Axis::Left), DARK_BG));
    assert!(
        close(at(&dark, 40, 0.5, Axis::Left), over(STACK_A, 0.78, DARK_BG)),
        "same series colour on dark"
    );
}

#[test]
fn axes_are_labelled_with_units_and_no_title_is_drawn() {
    let r = render(&time_chart(), &DrawOptions::default(), 720, 360);
    let texts: Vec<&str> = r.texts.iter().map(|(t, _)| t.as_str()).collect();
    for expected in [
        "0 GW",
        "10 GW",
        "2026",
        "2029",
        "$0.5",
        "Delivered IT power (GW)",
        "Cost ($/hr)",
        "History",
    ] {
        assert!(
            texts.contains(&expected),
            "missing {expected:?} in {texts:?}"
        );
    }
    assert!(
        !texts.iter().any(|t| t.contains("Capacity vs demand")),
        "the title belongs to the page"
    );
    let (l, t, rr, b) = r.mapping.plot_rect();
    for (text, (x, y)) in &r.texts {
        assert!(
            *x >= 0 && *x <= 720 && *y >= 0 && *y <= 360,
            "{text} placed off the canvas"
        );
        let is_tick = text
            .strip_suffix(" GW")
            .is_some_and(|v| v.parse::<f64>().is_ok());
        if is_tick {
            assert!(
                *x < l && *y >= t - 8 && *y <= b + 8,
                "{text} sits left of the plot"
            );
        }
    }
    assert!(
        rr > l + 400 && b > t + 250,
        "the plot gets most of the canvas"
    );
}

#[test]
fn grouped_bars_and_waterfall_bars() {
    let r = render(&bar_chart(), &DrawOptions::default(), 600, 320);
    let (l, _, rr, _) = r.mapping.plot_rect();
    let band = f64::from(rr - l) / 3.0;
    let x_of = |category: usize, frac: f64| l + (band * (category as f64 + frac)).round() as i32;
    let y_of = |v: f64| r.mapping.y_px_of_value(v, Axis::Left).unwrap();
    assert!(
        close(r.pixel(x_of(0, 0.3), y_of(50.0)), rgb(STACK_A)),
        "NVIDIA lab-spend bar"
    );
    assert!(
        close(r.pixel(x_of(0, 0.7), y_of(50.0)), rgb(STACK_B)),
        "NVIDIA vendor-investment bar"
    );
    assert!(
        close(r.pixel(x_of(0, 0.3), y_of(130.0)), WHITE),
        "above the 100 bar"
    );
    assert!(
        close(r.pixel(x_of(1, 0.7), y_of(85.0)), rgb(STACK_B)),
        "AMD investment 90"
    );
    let hidden = render(
        &bar_chart(),
        &DrawOptions {
            hidden: vec!["Lab spend".into()],
            ..Default::default()
        },
        600,
        320,
    );
    let y = hidden.mapping.y_px_of_value(10.0, Axis::Left).unwrap();
    assert!(
        close(hidden.pixel(x_of(2, 0.5), y), WHITE),
        "Oracle spend bar hidden (and investment is 0)"
    );

    let w = render(&waterfall_chart(), &DrawOptions::default(), 700, 320);
    let (l, _, rr, _) = w.mapping.plot_rect();
    let band = f64::from(rr - l) / 7.0;
    let x = |i: usize| l + (band * (i as f64 + 0.5)).round() as i32;
    let y = |v: f64| w.mapping.y_px_of_value(v, Axis::Left).unwrap();
    assert!(
        close(w.pixel(x(0), y(50.0)), rgb(STACK_A)),
        "revenue total bar in the series colour"
    );
    assert!(
        close(w.pixel(x(1), y(80.0)), (0xe1, 0x57, 0x59)),
        "cost of revenue floats from 100 down to 60"
    );
    assert!(
        close(w.pixel(x(1), y(30.0)), WHITE),
        "nothing below the floating bar"
    );
    assert!(
        close(w.pixel(x(6), y(-10.0)), rgb(STACK_A)),
        "operating loss below zero"
    );
}

#[test]
fn sankey_nodes_and_bands() {
    let data = sankey_chart();
    let r = render(&data, &DrawOptions::default(), 800, 400);
    let lab = r.mapping.node_rect(2).expect("lab node placed");
    let centre = ((lab.0 + lab.2) / 2, (lab.1 + lab.3) / 2);
    assert!(
        close(r.pixel(centre.0, centre.1), rgb(LINE)),
        "lab node colour"
    );
    let investors = r.mapping.node_rect(0).unwrap();
    let customers = r.mapping.node_rect(1).unwrap();
    let (hi, hc) = (investors.3 - investors.1, customers.3 - customers.1);
    assert!(
        (f64::from(hc) / f64::from(hi) - 1.5).abs() < 0.05,
        "node height ∝ flow: {hi} vs {hc}"
    );
    // Between investors and lab, the band is the investors' colour, lightened.
    let bx = (investors.2 + lab.0) / 2;
    let band_pixel = (investors.1 + 3..investors.3 - 3)
        .map(|y| r.pixel(bx, y))
        .any(|p| close(p, over(STACK_A, 0.42, WHITE)));
    assert!(band_pixel, "investor band drawn");
    assert!(
        r.texts.iter().any(|(t, _)| t == "Lab $280B"),
        "{:?}",
        r.texts
    );
}

#[test]
fn hidpi_drawing_scales_layout_with_the_pixel_ratio() {
    use common::bitmap::try_render_scaled;
    let data = time_chart();
    let one = render(&data, &DrawOptions::default(), 720, 360);
    let two = try_render_scaled(&data, &DrawOptions::default(), 1440, 720, 2.0).unwrap();
    let (a, b) = (one.mapping.plot_rect(), two.mapping.plot_rect());
    for (x1, x2) in [(a.0, b.0), (a.1, b.1), (a.2, b.2), (a.3, b.3)] {
        assert!((x1 * 2 - x2).abs() <= 3, "{a:?} ×2 ≈ {b:?}");
    }
    let x = two.mapping.x_px_of_index(30).unwrap();
    assert_eq!(
        two.mapping.readout(x, b.1 + 20, &data).unwrap().label,
        "2027-07"
    );
    assert!(
        near(&two, 40, 40.0 / 6.0, Axis::Left, rgb(LINE), 2),
        "line drawn at the doubled position"
    );
}

#[test]
fn estimated_flows_are_lighter_and_hatched() {
    let data = sankey_chart();
    let r = render(&data, &DrawOptions::default(), 800, 400);
    let clouds = r.mapping.node_rect(3).unwrap();
    let vendors = r.mapping.node_rect(4).unwrap();
    let x = (clouds.2 + vendors.0) / 2;
    let fill = over(RIGHT, 0.16, WHITE);
    let stroke = over(RIGHT, 0.6, fill);
    let column: Vec<(u8, u8, u8)> = (0..400).map(|y| r.pixel(x, y)).collect();
    let fills = column.iter().filter(|p| close(**p, fill)).count();
    let strokes = column.iter().filter(|p| close(**p, stroke)).count();
    assert!(fills > 20, "light fill of the estimated band ({fills} px)");
    assert!(strokes >= 5, "hatch strokes across it ({strokes} px)");
    // A solid (reported) band has no hatching: investors → lab.
    let lab = r.mapping.node_rect(2).unwrap();
    let investors = r.mapping.node_rect(0).unwrap();
    let x = (investors.2 + lab.0) / 2;
    let solid = over(STACK_A, 0.42, WHITE);
    let column: Vec<(u8, u8, u8)> = (0..400).map(|y| r.pixel(x, y)).collect();
    assert!(column.iter().filter(|p| close(**p, solid)).count() > 20);
    assert_eq!(
        column
            .iter()
            .filter(|p| close(**p, over(STACK_A, 0.6, solid)))
            .count(),
        0
    );
}
