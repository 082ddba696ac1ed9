//! Risk charts (Monte Carlo fans, run-out-of-cash bars, first-year histogram, tornado): chart data in display
//! units, pixels where the band, the median and the bars must be, tables, SVG text, and no panic on odd input.
mod common;

use common::bitmap::{TextRecordingBitmap, Texts};
use gigawatt_charts::risk::*;
use gigawatt_charts::{css_color, ChartError, Theme, Unit};
use gigawatt_model::montecarlo::{Fan, Summary, Tornado, TornadoBar};
use gigawatt_model::Month;
use plotters::prelude::IntoDrawingArea;

const BLUE: (u8, u8, u8) = (0x4e, 0x79, 0xa7);
const RED: (u8, u8, u8) = (0xe1, 0x57, 0x59);
const ORANGE: (u8, u8, u8) = (0xf2, 0x8e, 0x2b);

fn fan_of(name: &str, n: usize, centre: f64, half_width: f64) -> Fan {
    Fan {
        name: name.into(),
        p10: vec![centre - half_width; n],
        p50: vec![centre; n],
        p90: vec![centre + half_width; n],
        // Above the band, so the axis leaves room over P90.
        mean: vec![centre + half_width * 1.2; n],
    }
}

/// 60 months; cash centred on 0 ± 100, revenue 2 $B/month, margin 0.5; by-year counts of 100 runs.
fn summary() -> Summary {
    let n = 60;
    Summary {
        runs: 100,
        seed: 7,
        months: (0..n as i32).map(Month).collect(),
        fans: vec![
            fan_of("cash_committed_only_usd_b", n, 0.0, 100.0),
            fan_of("funding_gap_usd_b", n, 50.0, 20.0),
            fan_of("revenue_usd_b", n, 2.0, 1.0),
            fan_of("gross_margin", n, 0.5, 0.1),
            fan_of("it_gw", n, 10.0, 3.0),
        ],
        p_negative_by_year: vec![
            (2025, 0.0),
            (2026, 0.0),
            (2027, 0.4),
            (2028, 0.9),
            (2029, 1.0),
        ],
        first_negative_year: vec![(2025, 0), (2026, 0), (2027, 40), (2028, 50), (2029, 10)],
        never_negative: 0,
    }
}

fn bar(key: &str, gap: (f64, f64), revenue: (f64, f64)) -> TornadoBar {
    TornadoBar {
        key: key.into(),
        label: format!("Label of {key}"),
        low: 0.0,
        high: 1.0,
        gap_at_low: gap.0,
        gap_at_high: gap.1,
        revenue_at_low: revenue.0,
        revenue_at_high: revenue.1,
    }
}

fn tornado() -> Tornado {
    let big = bar("big", (100.0, 300.0), (40.0, 60.0));
    let small = bar("small", (180.0, 220.0), (10.0, 90.0));
    Tornado {
        year: 2030,
        base_gap: 200.0,
        base_revenue: 50.0,
        by_gap: vec![big.clone(), small.clone()],
        by_revenue: vec![small, big],
    }
}

struct Picture {
    width: u32,
    pixels: Vec<u8>,
    texts: Vec<(String, (i32, i32))>,
}

impl Picture {
    fn pixel(&self, x: i32, y: i32) -> (u8, u8, u8) {
        let i = (y as usize * self.width as usize + x as usize) * 3;
        (self.pixels[i], self.pixels[i + 1], self.pixels[i + 2])
    }

    fn count(&self, color: (u8, u8, u8)) -> usize {
        self.pixels
            .chunks(3)
            .filter(|p| (p[0], p[1], p[2]) == color)
            .count()
    }

    fn text(&self, wanted: &str) -> Option<(i32, i32)> {
        self.texts
            .iter()
            .find(|(t, _)| t == wanted)
            .map(|(_, at)| *at)
    }
}

fn render(chart: &RiskChart, width: u32, height: u32, ratio: f64) -> Result<Picture, ChartError> {
    let mut pixels = vec![0u8; (width * height * 3) as usize];
    let texts = Texts::default();
    {
        let area = TextRecordingBitmap::new(&mut pixels, (width, height), texts.clone())
            .into_drawing_area();
        draw_risk(&area, chart, Theme::Light, ratio)?;
    }
    let texts = texts.borrow().clone();
    Ok(Picture {
        width,
        pixels,
        texts,
    })
}

/// `color` at `alpha` over white, as the bitmap backend blends it.
fn over_white(color: (u8, u8, u8), alpha: f64) -> (u8, u8, u8) {
    let blend = |c: u8| (f64::from(c) * alpha + 255.0 * (1.0 - alpha)) as u8;
    (blend(color.0), blend(color.1), blend(color.2))
}

fn close(a: (u8, u8, u8), b: (u8, u8, u8)) -> bool {
    a.0.abs_diff(b.0) <= 3 && a.1.abs_diff(b.1) <= 3 && a.2.abs_diff(b.2) <= 3
}

#[test]
fn fans_are_in_display_units_with_history_marked() {
    let s = summary();
    let all = fans(&s);
    assert_eq!(
        all.iter().map(|f| f.slug).collect::<Vec<_>>(),
        ["cash", "funding-gap", "revenue", "gross-margin", "it-gw"]
    );
    let revenue = fan(&s, "revenue_usd_b").unwrap();
    assert_eq!(revenue.unit, Unit::UsdBPerYear);
    assert_eq!(
        revenue.p50[0], 24.0,
        "monthly revenue shown at an annual rate"
    );
    let margin = fan(&s, "gross_margin").unwrap();
    assert_eq!(margin.unit, Unit::Percent);
    assert!((margin.p90[3] - 60.0).abs() < 1e-9);
    let cash = fan(&s, "cash_committed_only_usd_b").unwrap();
    assert_eq!(
        cash.history_len, 18,
        "Jan 2025 to Jun 2026 (OBSERVED_END) is history"
    );
    assert_eq!(cash.labels[0], "2025-01");
    assert_eq!(cash.years[12], 2026.0);
    assert!(fan(&s, "no_such_series").is_none());
}

#[test]
fn a_fan_draws_its_band_and_median_where_the_values_are() {
    let chart = RiskChart::Fan(fan(&summary(), "cash_committed_only_usd_b").unwrap());
    let (w, h) = (800, 400);
    let pic = render(&chart, w, h, 1.0).unwrap();
    // The median (0) runs along the $0B tick and the band fills the space up to P90 ($100B); $37.5B lies
    // inside the band and between grid lines.
    let zero = pic.text("$0B").expect("a $0B tick").1;
    let top = pic.text("$100B").expect("a $100B tick").1;
    let x = (w as i32) * 3 / 4;
    let band_y = (5 * zero + 3 * top) / 8;
    assert!(
        close(pic.pixel(x, band_y), over_white(BLUE, 0.25)),
        "band colour at ({x}, {band_y}): {:?}",
        pic.pixel(x, band_y)
    );
    let median = (zero - 2..=zero + 2).any(|y| pic.pixel(x, y) == BLUE);
    assert!(median, "the median line runs at the $0B tick");
    // Above P90 ($125B, between the $100B and $150B grid lines) there is no band colour.
    let above = top - (zero - top) / 4;
    assert!(!close(pic.pixel(x, above), over_white(BLUE, 0.25)));
    for t in ["P10–P90", "Median (P50)", "Mean", "2027"] {
        assert!(pic.text(t).is_some(), "{t} missing");
    }
}

#[test]
fn the_probability_bars_follow_the_shares_of_runs() {
    let bars = cash_out_probability(&summary());
    assert_eq!(bars.values, vec![0.0, 0.0, 40.0, 90.0, 100.0]);
    assert!(bars.percent);
    let pic = render(&RiskChart::Bars(bars), 600, 300, 1.0).unwrap();
    let at = |year: &str| pic.text(year).expect("a year label").0;
    let zero = pic.text("0%").expect("0% tick").1;
    let full = pic.text("100%").expect("100% tick").1;
    let y_half = (zero + full) / 2;
    assert_eq!(
        pic.pixel(at("2029"), y_half),
        RED,
        "a 100% bar reaches half-way"
    );
    assert_ne!(pic.pixel(at("2026"), y_half), RED, "a 0% year has no bar");
    assert_ne!(
        pic.pixel(at("2027"), y_half),
        RED,
        "40% stays below half-way"
    );
    assert_eq!(pic.pixel(at("2027"), zero - 5), RED);
}

#[test]
fn the_histogram_counts_runs_and_says_how_many_never_run_out() {
    let mut s = summary();
    s.never_negative = 12;
    let h = first_negative_histogram(&s);
    assert_eq!(h.values, vec![0.0, 0.0, 40.0, 50.0, 10.0]);
    assert!(!h.percent);
    assert_eq!(
        h.notes,
        vec!["12 of 100 runs never run out of cash within the horizon."]
    );
    let pic = render(&RiskChart::Bars(h), 600, 300, 1.0).unwrap();
    assert!(pic.count(ORANGE) > 1000, "bars are drawn in orange");
}

#[test]
fn tornado_rows_keep_the_ranking_and_extend_to_each_side_of_the_base() {
    let t = tornado();
    let gap = tornado_chart(&t, TornadoMetric::FundingGap);
    assert_eq!(gap.base, 200.0);
    assert_eq!(gap.rows[0].label, "Label of big");
    let revenue = tornado_chart(&t, TornadoMetric::Revenue);
    assert_eq!(revenue.rows[0].label, "Label of small");
    assert_eq!(
        (revenue.rows[0].at_low, revenue.rows[0].at_high),
        (10.0, 90.0)
    );

    let pic = render(&RiskChart::Tornado(gap), 800, 300, 1.0).unwrap();
    let (label_x, row_y) = pic.text("Label of big").expect("row label");
    assert!(label_x < 400, "labels sit left of the plot");
    let tick = |v: &str| pic.text(v).unwrap_or_else(|| panic!("tick {v}")).0;
    let (x100, x300) = (tick("$100B"), tick("$300B"));
    let base_x = (x100 + x300) / 2;
    assert_eq!(
        pic.pixel((x100 + base_x) / 2, row_y),
        BLUE,
        "low end to the left"
    );
    assert_eq!(
        pic.pixel((base_x + x300) / 2, row_y),
        ORANGE,
        "high end to the right"
    );
    assert!(tornado_chart(&t, TornadoMetric::FundingGap).rows.len() <= TORNADO_ROWS);
}

#[test]
fn tables_hold_the_same_numbers() {
    let s = summary();
    let fan_table = risk_table(&RiskChart::Fan(fan(&s, "revenue_usd_b").unwrap()));
    assert_eq!(fan_table.headers[2], "P50 ($B/yr)");
    assert_eq!(fan_table.rows.len(), 60);
    assert_eq!(fan_table.rows[0][0], "2025-01");
    assert_eq!(fan_table.rows[0][2], "24");
    let bars = risk_table(&RiskChart::Bars(cash_out_probability(&s)));
    assert_eq!(bars.rows[3], vec!["2028".to_string(), "90".to_string()]);
    let t = risk_table(&RiskChart::Tornado(tornado_chart(
        &tornado(),
        TornadoMetric::FundingGap,
    )));
    assert_eq!(t.rows[0][0], "Label of big");
    assert_eq!(t.rows[0][4], "200", "swing");
    assert!(t.to_csv().starts_with("Parameter,"));
}

#[test]
fn svg_export_has_real_text_and_the_series_colour() {
    let chart = RiskChart::Fan(fan(&summary(), "it_gw").unwrap());
    let svg = risk_to_svg(&chart, Theme::Dark, 720, 360).unwrap();
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains(">\nMedian (P50)\n<"));
    assert!(svg
        .to_ascii_lowercase()
        .contains(&css_color(plotters::style::RGBColor(0x76, 0xb7, 0xb2))));
}

#[test]
fn odd_input_draws_or_says_why_but_never_panics() {
    // No runs at all, NaN values, a tiny area, an absurd pixel ratio.
    let mut s = summary();
    s.fans[0].p50 = vec![f64::NAN; 60];
    s.fans[0].p10[5] = f64::INFINITY;
    let chart = RiskChart::Fan(fan(&s, "cash_committed_only_usd_b").unwrap());
    assert!(render(&chart, 600, 300, 1.0).is_ok());
    assert!(render(&chart, 600, 300, f64::NAN).is_ok());
    assert!(render(&chart, 1200, 600, 2.0).is_ok());
    assert!(matches!(
        render(&chart, 60, 40, 1.0),
        Err(ChartError::AreaTooSmall { .. })
    ));
    let empty = Summary {
        runs: 0,
        seed: 0,
        months: Vec::new(),
        fans: Vec::new(),
        p_negative_by_year: Vec::new(),
        first_negative_year: Vec::new(),
        never_negative: 0,
    };
    assert!(fans(&empty).is_empty());
    assert!(render(
        &RiskChart::Bars(cash_out_probability(&empty)),
        600,
        300,
        1.0
    )
    .is_ok());
    assert!(render(
        &RiskChart::Bars(first_negative_histogram(&empty)),
        600,
        300,
        1.0
    )
    .is_ok());
    let no_bars = Tornado {
        year: 2030,
        base_gap: 0.0,
        base_revenue: 0.0,
        by_gap: Vec::new(),
        by_revenue: Vec::new(),
    };
    let chart = RiskChart::Tornado(tornado_chart(&no_bars, TornadoMetric::Revenue));
    assert!(render(&chart, 600, 300, 1.0).is_ok());
    let mut long = tornado();
    long.by_gap[0].label = "An extremely long parameter label that cannot possibly fit ".repeat(4);
    let chart = RiskChart::Tornado(tornado_chart(&long, TornadoMetric::FundingGap));
    assert!(render(&chart, 400, 300, 1.0).is_ok());
}

fn mapping_of(chart: &RiskChart, width: u32, height: u32) -> RiskMapping {
    let mut pixels = vec![0u8; (width * height * 3) as usize];
    let area = TextRecordingBitmap::new(&mut pixels, (width, height), Texts::default())
        .into_drawing_area();
    draw_risk(&area, chart, Theme::Light, 1.0).expect("draws")
}

#[test]
fn hover_reads_the_month_year_or_row_under_the_pointer() {
    let s = summary();
    let chart = RiskChart::Fan(fan(&s, "revenue_usd_b").unwrap());
    let m = mapping_of(&chart, 800, 400);
    let (l, t, r, b) = m.plot_rect();
    let last = m
        .readout(r - 1, (t + b) / 2, &chart)
        .expect("inside the plot");
    assert_eq!(last.label, "2029-12");
    assert_eq!(
        last.rows[1],
        ("Median (P50)".into(), "$24.0B/yr".into(), "#59a14f".into())
    );
    let first = m.readout(l + 1, (t + b) / 2, &chart).expect("inside");
    assert_eq!((first.label.as_str(), first.index), ("2025-01", 0));
    let x = m.crosshair_x(first.index).expect("a crosshair");
    assert!(x >= l && x <= r);
    assert!(
        m.readout(l - 5, t + 5, &chart).is_none(),
        "left of the plot"
    );

    let bars = RiskChart::Bars(cash_out_probability(&s));
    let m = mapping_of(&bars, 600, 300);
    let (l, t, r, b) = m.plot_rect();
    let slot = (r - l) / 5;
    let read = m
        .readout(l + slot * 3 + slot / 2, (t + b) / 2, &bars)
        .expect("inside");
    assert_eq!(read.label, "2028");
    assert_eq!(read.rows[0].1, "90.0%");

    let tornado = RiskChart::Tornado(tornado_chart(&tornado(), TornadoMetric::FundingGap));
    let m = mapping_of(&tornado, 800, 300);
    let (l, t, r, b) = m.plot_rect();
    let second_row = m
        .readout((l + r) / 2, t + (b - t) * 3 / 4, &tornado)
        .expect("inside");
    assert!(second_row.label.starts_with("Label of small"));
    assert_eq!(second_row.rows[0].1, "$180B");
    assert_eq!(m.crosshair_x(0), None, "tornado rows have no crosshair");
}
