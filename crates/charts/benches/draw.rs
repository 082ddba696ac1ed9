//! Prints how long chart data and drawing take for every chart of the default scenario (native, release).
//! Run: `cargo bench -p gigawatt-charts --bench draw`. Drawing goes to SVG, the closest native stand-in for
//! the canvas (both receive vector primitives).

use std::time::Instant;

use gigawatt_charts::{chart_data, to_svg, ChartId, DataOptions, DrawOptions};
use gigawatt_model::{simulate, Scenario};

fn median_micros(mut f: impl FnMut(), rounds: usize) -> f64 {
    let mut times: Vec<f64> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() {
    let run = simulate(&Scenario::default());
    let opts = DrawOptions::default();
    println!(
        "{:<12} {:>14} {:>16} {:>10}",
        "chart", "chart_data µs", "draw to SVG µs", "SVG KB"
    );
    let (mut total_data, mut total_draw) = (0.0, 0.0);
    for id in ChartId::ALL {
        let data_us = median_micros(
            || {
                drop(std::hint::black_box(chart_data(
                    id,
                    &run,
                    DataOptions::default(),
                )))
            },
            51,
        );
        let data = chart_data(id, &run, DataOptions::default());
        let mut size = 0;
        let draw_us = median_micros(
            || {
                let svg = to_svg(&data, &opts, 960, 420).expect("draws");
                size = svg.len();
            },
            21,
        );
        total_data += data_us;
        total_draw += draw_us;
        println!(
            "{:<12} {:>14.1} {:>16.1} {:>10.1}",
            id.slug(),
            data_us,
            draw_us,
            size as f64 / 1024.0
        );
    }
    println!("{:<12} {:>14.1} {:>16.1}", "all 11", total_data, total_draw);
}
