//! The table view and CSV carry exactly the chart's numbers.
mod common;

use common::*;
use gigawatt_charts::*;

fn parse(cell: &str) -> f64 {
    if cell.is_empty() {
        f64::NAN
    } else {
        cell.parse()
            .unwrap_or_else(|_| panic!("not a number: {cell:?}"))
    }
}

#[test]
fn table_rows_equal_the_series_values() {
    let mut data = time_chart();
    data.series[2].values[7] = 1.234_567_89;
    data.series[2].values[8] = -0.000_123_456_7;
    let t = table(&data);
    assert_eq!(t.headers[0], "Month");
    assert_eq!(t.headers[1], "Layer A (GW)");
    assert_eq!(t.headers[5], "Cost ($/H100e-hr)");
    assert_eq!(
        t.headers.len(),
        3 + data.series.len(),
        "hidden and read-out-only series are tabulated too, then the reported figures and the events"
    );
    assert_eq!(t.headers[t.headers.len() - 2], "Announced, reported (GW)");
    assert_eq!(t.headers.last().unwrap(), EVENTS);
    assert_eq!(
        t.rows[20].last().unwrap(),
        "Deal: Oracle (4.5 GW, $300B · Oracle 8-K [P])"
    );
    assert_eq!(t.rows[19].last().unwrap(), "");
    let reported = t.headers.len() - 2;
    assert_eq!(t.rows[11][reported], "1.9");
    assert_eq!(t.rows[12][reported], "");
    assert_eq!(t.rows.len(), 60);
    for (i, row) in t.rows.iter().enumerate() {
        assert_eq!(row[0], data.body.label(i).unwrap());
        for (k, s) in data.series.iter().enumerate() {
            let (want, got) = (s.values[i], parse(&row[k + 1]));
            if want.is_nan() {
                assert!(got.is_nan());
            } else {
                assert!(
                    (want - got).abs() <= want.abs() * 1e-5,
                    "{} month {i}: {want} vs {got}",
                    s.name
                );
            }
        }
    }
}

#[test]
fn csv_quotes_and_separates() {
    let t = Table {
        headers: vec!["Month".into(), "Cash, auto-funded ($B)".into()],
        rows: vec![
            vec!["2025-01".into(), "-1.5".into()],
            vec!["say \"hi\"".into(), "".into()],
        ],
    };
    assert_eq!(
        t.to_csv(),
        "Month,\"Cash, auto-funded ($B)\"\r\n2025-01,-1.5\r\n\"say \"\"hi\"\"\",\r\n"
    );
}

#[test]
fn waterfall_and_sankey_tables() {
    let t = table(&waterfall_chart());
    assert_eq!(t.headers, vec!["Category", "P&L ($B)"]);
    assert_eq!(t.rows[1], vec!["Cost of revenue", "-40"]);
    let t = table(&sankey_chart());
    assert_eq!(t.headers[0], "From");
    assert_eq!(t.rows.len(), 5);
    assert_eq!(
        t.rows[3],
        vec!["Clouds", "Chip vendors", "Indirect hardware", "120", "yes"]
    );
}

#[test]
fn legend_lists_drawn_series_with_their_look() {
    let entries = legend(&time_chart());
    let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Layer A",
            "Layer B",
            "Rising",
            "Announced",
            "Cost",
            "Marks",
            EVENTS,
            REPORTED
        ]
    );
    assert_eq!(entries[6].swatch, Swatch::Event);
    assert_eq!(entries[7].swatch, Swatch::Diamond);
    assert_eq!(entries[0].swatch, Swatch::Area);
    assert!(entries[3].dashed && entries[3].swatch == Swatch::Dashed);
    assert_eq!(entries[3].css_color, "#59a14f");
    assert_eq!(entries[5].swatch, Swatch::Dot);
    let sankey = legend(&sankey_chart());
    assert_eq!(sankey.len(), 2);
    assert_eq!(sankey[1].name, "Indirect hardware");
    assert!(sankey[1].dashed);
}
