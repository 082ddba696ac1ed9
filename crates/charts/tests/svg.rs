//! SVG export: every visible series is present (by its colour), hidden ones are not, text is real text.
mod common;

use common::*;
use gigawatt_charts::*;
use plotters::style::RGBColor;

fn has_color(svg: &str, c: RGBColor) -> bool {
    svg.to_ascii_lowercase().contains(&css_color(c))
}

#[test]
fn svg_contains_each_visible_series_and_omits_hidden_ones() {
    let data = time_chart();
    let svg = to_svg(&data, &DrawOptions::default(), 720, 360).unwrap();
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    for c in [STACK_A, STACK_B, LINE, DASHED, RIGHT, DOTS] {
        assert!(has_color(&svg, c), "colour {} missing", css_color(c));
    }
    let opts = DrawOptions {
        hidden: vec!["Cost".into(), "Marks".into()],
        ..Default::default()
    };
    let svg = to_svg(&data, &opts, 720, 360).unwrap();
    assert!(!has_color(&svg, RIGHT) && !has_color(&svg, DOTS));
    assert!(has_color(&svg, LINE));
}

#[test]
fn svg_text_is_text_and_carries_units() {
    let svg = to_svg(&time_chart(), &DrawOptions::default(), 720, 360).unwrap();
    assert!(svg.contains("<text"));
    for t in [
        ">\n10 GW\n<",
        ">\n2027\n<",
        ">\nDelivered IT power (GW)\n<",
        ">\nHistory\n<",
    ] {
        assert!(svg.contains(t), "{t} missing");
    }
    assert!(
        !svg.contains("Capacity vs demand"),
        "no title inside the chart"
    );
    let dark = to_svg(
        &time_chart(),
        &DrawOptions {
            theme: Theme::Dark,
            ..Default::default()
        },
        720,
        360,
    )
    .unwrap();
    assert!(
        dark.to_ascii_lowercase().contains("#16191d"),
        "dark background"
    );
}

#[test]
fn every_kind_of_chart_exports() {
    for data in [time_chart(), bar_chart(), waterfall_chart(), sankey_chart()] {
        let svg = to_svg(&data, &DrawOptions::default(), 640, 320).unwrap();
        assert!(svg.len() > 1000, "{:?} is drawn", data.id);
    }
    let svg = to_svg(&sankey_chart(), &DrawOptions::default(), 800, 400).unwrap();
    assert!(svg.contains(">\nInvestors $100B\n<"));
    assert!(
        svg.contains("font-size=\"11\""),
        "SVG text at the intended CSS size"
    );
}

#[test]
fn too_small_an_area_is_an_error_not_a_panic() {
    let err = to_svg(&time_chart(), &DrawOptions::default(), 50, 40).unwrap_err();
    assert_eq!(
        err,
        ChartError::AreaTooSmall {
            width: 50,
            height: 40
        }
    );
    assert!(err.to_string().contains("50×40"));
}
