//! Exported images carry a footer band: the chart's caption and the source line (issue 12).

use gigawatt_charts::*;
use gigawatt_model::{simulate, Scenario};

#[test]
fn an_svg_export_with_a_footer_keeps_the_chart_and_adds_the_lines_below_it() {
    let run = simulate(&Scenario::default());
    let data = chart_data(ChartId::Revenue, &run, DataOptions::default());
    let opts = DrawOptions::default();
    let caption =
        "Revenue is $160B in 2030, 13.4× 2025's $11.9B, from 2.6 billion weekly users. ".repeat(3);
    let source =
        "Gigawatt, economics v2 · https://gigawatt.example/?v=4 · 3 December 2026".to_string();
    let plain = to_svg(&data, &opts, 640, 360).unwrap();
    let with =
        to_svg_with_footer(&data, &opts, 640, 360, &[caption.clone(), source.clone()]).unwrap();
    let lines = footer_lines(&[caption, source.clone()], 640);
    assert!(lines.len() >= 3, "a long caption wraps: {lines:?}");
    let height = 360 + FOOTER_LINE_PX * lines.len() as u32 + 12;
    assert!(
        with.contains(&format!("height=\"{height}\"")),
        "{}",
        &with[..200]
    );
    // Every footer line sits in the band, below the chart.
    for y in with
        .split("<text x=\"8\" y=\"")
        .skip(1)
        .filter_map(|t| t.split('"').next()?.parse::<f64>().ok())
    {
        assert!(y > 360.0 && y < f64::from(height), "footer text at y = {y}");
    }
    for line in &lines {
        let escaped = line.replace('&', "&amp;").replace('\'', "&apos;");
        assert!(with.contains(&escaped), "missing footer line {line:?}");
    }
    assert!(!plain.contains("Gigawatt, economics v2"));
    // The chart itself is drawn as before: the same lines, shapes and texts, plus the footer's.
    for tag in ["<polyline", "<polygon", "<rect", "<circle"] {
        assert_eq!(
            plain.matches(tag).count() + usize::from(tag == "<rect"),
            with.matches(tag).count(),
            "{tag}"
        );
    }
    assert_eq!(
        plain.matches("<text").count() + lines.len(),
        with.matches("<text").count()
    );
}

#[test]
fn wrapping_never_loses_a_word() {
    let text = "one two three four five six seven eight nine ten";
    let lines = wrap_text(text, 9);
    assert!(lines
        .iter()
        .all(|l| l.chars().count() <= 9 || !l.contains(' ')));
    assert_eq!(lines.join(" "), text);
    assert_eq!(wrap_text("", 10), Vec::<String>::new());
    assert_eq!(
        wrap_text("supercalifragilistic", 5),
        vec!["supercalifragilistic"]
    );
}
