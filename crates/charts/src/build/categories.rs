//! Builders of the category charts: the P&L waterfall of one year and circular financing by vendor.

use super::{ordered, window_label, Builder};
use crate::data::{Axis, Categories, ChartBody, SeriesStyle, Unit};
use crate::theme::{BLUE, GREY, ORANGE};

/// Sum of monthly flow `values` (a series of the run) over the months of `year` (NaN if the run has none
/// of them).
fn year_total(b: &Builder, values: &[f64], year: i32) -> f64 {
    let values = b.scaled(values, 1.0);
    let picked: Vec<f64> = b
        .run
        .months
        .iter()
        .zip(values)
        .filter(|(m, _)| m.year() == year)
        .map(|(_, v)| v)
        .collect();
    if picked.is_empty() {
        f64::NAN
    } else {
        picked.iter().sum()
    }
}

/// Chart 5b: revenue → cost of revenue → gross profit → R&D → S&M → G&A → operating income for `year`
/// ($B summed over the year's months). A bar "Other" reconciles the model's operating income if its
/// components do not add up exactly (e.g. items outside the three opex lines).
pub(super) fn waterfall(b: &mut Builder, year: i32) {
    b.data.title = format!("P&L waterfall, {year}");
    b.data.y_label = format!("{year} ($B)");
    let s = &b.run.series;
    let months_in_year = b.run.months.iter().filter(|m| m.year() == year).count();
    let revenue = year_total(b, &s.revenue_usd_b, year);
    let cost = year_total(b, &s.cost_of_revenue_usd_b, year);
    let gross = year_total(b, &s.gross_profit_usd_b, year);
    let rnd = year_total(b, &s.rnd_usd_b, year);
    let sm = year_total(b, &s.sm_usd_b, year);
    let ga = year_total(b, &s.ga_usd_b, year);
    let operating = year_total(b, &s.operating_income_usd_b, year);

    let mut labels = vec![
        "Revenue",
        "Cost of revenue",
        "Gross profit",
        "R&D",
        "S&M",
        "G&A",
    ];
    let mut values = vec![revenue, -cost, gross, -rnd, -sm, -ga];
    let mut totals = vec![true, false, true, false, false, false];
    let other = operating - (gross - rnd - sm - ga);
    if other.is_finite() && other.abs() > 1e-6 * (1.0 + revenue.abs()) {
        labels.push("Other");
        values.push(other);
        totals.push(false);
    }
    labels.push("Operating income");
    values.push(operating);
    totals.push(true);

    b.data.body = ChartBody::Categories(Categories {
        labels: labels.into_iter().map(String::from).collect(),
        waterfall_totals: totals,
    });
    b.push(
        &format!("P&L {year}"),
        values,
        Unit::UsdB,
        BLUE,
        SeriesStyle::Waterfall,
        Axis::Left,
    );
    if months_in_year == 0 {
        b.data.notes.push(format!("The run does not cover {year}."));
    } else if months_in_year < 12 {
        b.data.notes.push(format!(
            "{year} covers only {months_in_year} simulated months."
        ));
    }
    if revenue.is_finite() && revenue > 0.0 && operating.is_finite() {
        b.data.notes.push(format!(
            "Operating margin {year}: {:.0}%",
            operating / revenue * 100.0
        ));
    }
}

/// Chart 6: per vendor, the lab's spend against the vendor's investment in the lab over `window`.
pub(super) fn circularity(b: &mut Builder, window: (i32, i32)) {
    let (from, to) = ordered(window);
    b.data.title = format!("Circular financing by vendor, {}", window_label(window));
    b.data.y_label = format!("Cumulative {} ($B)", window_label(window));
    let rows = b.run.circularity(from, to);
    b.data.body = ChartBody::Categories(Categories {
        labels: rows.iter().map(|r| r.vendor.clone()).collect(),
        waterfall_totals: Vec::new(),
    });
    let spend = rows.iter().map(|r| r.lab_spend_usd_b).collect();
    let invest = rows.iter().map(|r| r.vendor_invest_usd_b).collect();
    let ratio = rows.iter().map(|r| r.ratio).collect();
    let share = rows
        .iter()
        .map(|r| r.share_of_vendor_revenue * 100.0)
        .collect();
    b.push(
        "Lab spend with vendor",
        spend,
        Unit::UsdB,
        BLUE,
        SeriesStyle::Bar,
        Axis::Left,
    );
    b.push(
        "Vendor investment in lab",
        invest,
        Unit::UsdB,
        ORANGE,
        SeriesStyle::Bar,
        Axis::Left,
    );
    b.push(
        "Investment ÷ spend",
        ratio,
        Unit::Multiple,
        GREY,
        SeriesStyle::ReadoutOnly,
        Axis::Left,
    );
    b.push(
        "Share of vendor revenue",
        share,
        Unit::Percent,
        GREY,
        SeriesStyle::ReadoutOnly,
        Axis::Left,
    );
    if rows.is_empty() {
        b.data
            .notes
            .push(format!("No vendor flows in {}.", window_label(window)));
    }
}
