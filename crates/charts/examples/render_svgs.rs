//! Renders every chart of a preset as SVG, light and dark, for looking at the layout by eye.
//! Usage: `cargo run -p gigawatt-charts --example render_svgs -- OUT_DIR [preset-slug]`

use gigawatt_charts::{chart_data, to_svg, ChartId, DataOptions, DrawOptions, Theme};
use gigawatt_model::{simulate, PresetId, Scenario};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .ok_or("usage: render_svgs OUT_DIR [preset-slug]")?;
    let preset = match args.next() {
        Some(slug) => {
            PresetId::from_slug(&slug).ok_or_else(|| format!("unknown preset {slug:?}"))?
        }
        None => PresetId::AsReported,
    };
    std::fs::create_dir_all(&dir)?;
    let run = simulate(&Scenario::preset(preset));
    for theme in [Theme::Light, Theme::Dark] {
        let opts = DrawOptions {
            theme,
            ..Default::default()
        };
        for id in ChartId::ALL {
            let svg = to_svg(
                &chart_data(id, &run, DataOptions::default()),
                &opts,
                960,
                420,
            )?;
            let path = format!(
                "{dir}/{}-{}.svg",
                id.slug(),
                if theme == Theme::Dark {
                    "dark"
                } else {
                    "light"
                }
            );
            std::fs::write(&path, svg)?;
            println!("{path}");
        }
    }
    Ok(())
}
