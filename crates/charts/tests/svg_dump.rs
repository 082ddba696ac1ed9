//! Writes the synthetic charts as SVG when GIGAWATT_SVG_DIR is set (for looking at the layout by eye).
mod common;
use gigawatt_charts::*;

#[test]
fn dump_synthetic_svgs_when_asked() {
    let Ok(dir) = std::env::var("GIGAWATT_SVG_DIR") else {
        return;
    };
    for (name, data) in [
        ("time", common::time_chart()),
        ("bars", common::bar_chart()),
        ("waterfall", common::waterfall_chart()),
        ("sankey", common::sankey_chart()),
    ] {
        for theme in [Theme::Light, Theme::Dark] {
            let opts = ChartOptions {
                theme,
                ..Default::default()
            };
            let svg = to_svg(&data, &opts, 720, 360).expect("draws");
            std::fs::write(format!("{dir}/{name}-{theme:?}.svg"), svg).expect("writes");
        }
    }
}
