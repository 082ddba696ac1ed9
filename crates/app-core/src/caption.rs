//! One plain-language sentence per chart and for the KPI strip, written from the run: what a reader (or a
//! screen reader, or an article's caption) should take away. Shown under each chart, in the embed, as the
//! canvas's accessible description and in the footer of exported images (issue 12).
//!
//! Each sentence names its year and its figures in the KPI strip's formats, so a caption and the strip agree
//! to the digit. When the Risk view has run, the cash caption adds Monte Carlo percentiles of the year
//! committed-only cash first runs out.

use gigawatt_charts::ChartId;
use gigawatt_model::{Month, Node, Run, Summary};

use crate::format;
use crate::kpi::{year_end_index, Kpi};

/// What a caption is written from: the run, the year the strip and waterfall show, the window of the flow
/// charts, and the Monte Carlo summary of the same scenario when there is one.
#[derive(Clone, Copy)]
pub struct CaptionContext<'a> {
    pub run: &'a Run,
    pub year: i32,
    pub window: (i32, i32),
    pub risk: Option<&'a Summary>,
}

/// "March 2028".
pub fn month_long(m: Month) -> String {
    let name = format::MONTH_NAMES[(m.month_of_year() as usize).clamp(1, 12) - 1];
    format!("{name} {}", m.year())
}

/// "3 December 2026" (`month` 1–12).
pub fn date_long(year: i32, month: u32, day: u32) -> String {
    let name = month_long(Month::from_ym(year, month.clamp(1, 12)));
    format!("{day} {name}")
}

/// A price per million tokens or per hour: "$1.50", "$0.049", "$0.00012" (two significant digits below $1).
pub fn usd_small(value: f64) -> String {
    if !value.is_finite() {
        return "—".to_string();
    }
    if value.abs() >= 1.0 {
        return format!("${value:.2}");
    }
    if value == 0.0 {
        return "$0".to_string();
    }
    let decimals = (1.0 - value.abs().log10().floor()).clamp(2.0, 12.0) as usize;
    format!("${value:.decimals$}")
}

impl CaptionContext<'_> {
    fn end(&self, kpi: Kpi) -> String {
        kpi.format(kpi.at_year_end(self.run, self.year))
    }
    fn year_end(&self, name: &str, year: i32) -> f64 {
        year_end_index(self.run, year)
            .and_then(|i| self.run.series(name).and_then(|s| s.get(i).copied()))
            .unwrap_or(f64::NAN)
    }
    fn annual(&self, name: &str, year: i32) -> f64 {
        self.run.annual(name, year).unwrap_or(f64::NAN)
    }
    fn first_year(&self) -> i32 {
        self.run.months.first().map_or(2025, |m| m.year())
    }
    fn last_year(&self) -> i32 {
        self.run.months.last().map_or(2039, |m| m.year())
    }

    /// The first month committed-only cash is below zero, if it ever is.
    fn committed_cash_runs_out(&self) -> Option<Month> {
        let cash = &self.run.series.cash_committed_only_usd_b;
        cash.iter()
            .position(|c| *c < 0.0)
            .map(|i| self.run.months[i])
    }

    /// "P50 2028; P10–P90 2027 to 2029, over 1,000 runs" from the histogram of the first negative year.
    fn runs_out_percentiles(&self) -> Option<String> {
        let risk = self.risk?;
        let total = risk.never_negative
            + risk
                .first_negative_year
                .iter()
                .map(|(_, n)| *n)
                .sum::<u32>();
        if total == 0 {
            return None;
        }
        let quantile = |q: f64| {
            let needed = (q * f64::from(total)).ceil().max(1.0) as u32;
            let mut seen = 0;
            for (year, n) in &risk.first_negative_year {
                seen += n;
                if seen >= needed {
                    return year.to_string();
                }
            }
            format!("not before {}", self.last_year() + 1)
        };
        Some(format!(
            "P50 {}; P10–P90 {} to {}, over {} runs",
            quantile(0.5),
            quantile(0.1),
            quantile(0.9),
            thousands(total)
        ))
    }
}

/// `n` with thousands separators ("10,000").
pub fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The KPI strip in one sentence, with the strip's own figures for the chosen year.
pub fn kpi_caption(c: &CaptionContext) -> String {
    let runs_out = match c.committed_cash_runs_out() {
        Some(m) => format!(
            "on committed money alone cash runs out in {}, and the funding gap to date is {}",
            month_long(m),
            c.end(Kpi::FundingGap)
        ),
        None => "committed money alone carries it to the end of the horizon".to_string(),
    };
    format!(
        "At the end of {}, ARR is {} with {} of IT power online and {} in cash; {}.",
        c.year,
        c.end(Kpi::Arr),
        c.end(Kpi::ItGw),
        c.end(Kpi::Cash),
        runs_out
    )
}

/// One sentence on what `chart` shows for this run.
pub fn chart_caption(chart: ChartId, c: &CaptionContext) -> String {
    let y = c.year;
    let first = c.first_year();
    match chart {
        ChartId::Capacity => {
            let idle = c.year_end("idle_gw", y);
            let lapsed = c.year_end("lapsed_gw", y);
            let mut s = format!(
                "By the end of {y}, {} is online against inference demand of {}; training takes {}",
                format::gw(c.year_end("it_gw", y)),
                format::gw(c.year_end("inference_demand_gw", y)),
                format::gw(c.year_end("training_gw", y)),
            );
            if idle > 0.05 {
                s += &format!(", and {} sits idle", format::gw(idle));
            }
            if lapsed > 0.05 {
                s += &format!("; {} of announced options has lapsed", format::gw(lapsed));
            }
            s + "."
        }
        ChartId::Revenue => {
            let revenue = c.annual("revenue_usd_b", y);
            let base = c.annual("revenue_usd_b", first);
            let growth = if base > 0.0 && y > first {
                format!(", {} {first}'s {}", format::multiple(revenue / base), format::usd_b(base))
            } else {
                String::new()
            };
            format!(
                "Revenue is {} in {y}{growth}, from {} weekly users.",
                format::usd_b(revenue),
                users(c.year_end("weekly_users", y)),
            )
        }
        ChartId::Obligations => format!(
            "At the end of {y}, binding obligations of {} are {} annualised revenue ({}).",
            format::usd_b(c.year_end("obligations_binding_usd_b", y)),
            c.end(Kpi::ObligationsRatio),
            c.end(Kpi::Arr),
        ),
        ChartId::Cash => {
            let gap = format!(
                "by the end of {y} the lab needs {} more than it has been promised",
                c.end(Kpi::FundingGap)
            );
            let risk = c
                .runs_out_percentiles()
                .map(|p| format!(" (Monte Carlo: {p})"))
                .unwrap_or_default();
            match c.committed_cash_runs_out() {
                Some(m) => format!(
                    "On committed money alone, cash runs out in {}{risk}; {gap}.",
                    month_long(m)
                ),
                None => format!(
                    "Committed money alone lasts to the end of {}{risk}.",
                    c.last_year()
                ),
            }
        }
        ChartId::Exposure => exposure_caption(c),
        ChartId::UnitCost => format!(
            "Serving a million tokens costs {} in {y}, against {} in {first}; each million brings in {}.",
            usd_small(c.annual("cost_per_mtok_usd", y)),
            usd_small(c.annual("cost_per_mtok_usd", first)),
            usd_small(c.annual("revenue_per_mtok_usd", y)),
        ),
        ChartId::Margin => format!(
            "Gross margin is {} in {y}, against {} in {first}.",
            format::percent(c.annual("gross_margin", y)),
            format::percent(c.annual("gross_margin", first)),
        ),
        ChartId::Waterfall => {
            let operating = c.annual("operating_income_usd_b", y);
            let result = if operating < 0.0 {
                format!("an operating loss of {}", format::usd_b(-operating))
            } else {
                format!("an operating profit of {}", format::usd_b(operating))
            };
            format!(
                "In {y}, revenue of {} leaves {result} after compute, people and other costs.",
                format::usd_b(c.annual("revenue_usd_b", y)),
            )
        }
        ChartId::Circularity => {
            let (from, to) = ordered(c.window);
            let rows = c.run.circularity(from, to);
            let invested: f64 = rows.iter().map(|r| r.vendor_invest_usd_b).sum();
            let spent: f64 = rows.iter().map(|r| r.lab_spend_usd_b).sum();
            let top = rows
                .iter()
                .filter(|r| r.vendor_invest_usd_b > 0.0)
                .max_by(|a, b| a.vendor_invest_usd_b.total_cmp(&b.vendor_invest_usd_b));
            match top {
                Some(top) => format!(
                    "In {}, vendors put {} into the lab while it spent {} with them; {} put in most, {} \
                     against {} of spend.",
                    window_words(c.window),
                    format::usd_b(invested),
                    format::usd_b(spent),
                    top.vendor,
                    format::usd_b(top.vendor_invest_usd_b),
                    format::usd_b(top.lab_spend_usd_b),
                ),
                None => format!(
                    "In {}, no vendor invests in the lab; it spends {} with them.",
                    window_words(c.window),
                    format::usd_b(spent)
                ),
            }
        }
        ChartId::Sankey => sankey_caption(c),
        ChartId::Ownership => format!(
            "By the end of {y}, the Foundation owns {} and Microsoft {} (from {} and {} at the start).",
            c.end(Kpi::Foundation),
            c.end(Kpi::Microsoft),
            format::percent(c.run.series.ownership_foundation.first().copied().unwrap_or(f64::NAN)),
            format::percent(c.run.series.ownership_microsoft.first().copied().unwrap_or(f64::NAN)),
        ),
        ChartId::Valuation => format!(
            "The model values the lab at {} at the end of {y}, {} its next twelve months' revenue.",
            format::usd_b(c.year_end("valuation_usd_b", y)),
            format::multiple(c.year_end("valuation_multiple", y)),
        ),
        ChartId::Power => format!(
            "In {y} the fleet uses about {:.0} TWh, an electricity bill near {} (mostly paid inside lease prices).",
            c.annual("energy_twh_per_year", y),
            format::usd_b(c.annual("fleet_electricity_usd_b", y)),
        ),
    }
}

fn users(n: f64) -> String {
    if !n.is_finite() {
        "—".to_string()
    } else if n >= 1e9 {
        format!("{:.1} billion", n / 1e9)
    } else {
        format!("{:.0} million", n / 1e6)
    }
}

fn ordered((a, b): (i32, i32)) -> (i32, i32) {
    (a.min(b), a.max(b))
}

fn window_words(window: (i32, i32)) -> String {
    let (from, to) = ordered(window);
    if from == to {
        from.to_string()
    } else {
        format!("{from}–{to}")
    }
}

/// The largest value of `series` by name at the end of the run, if any is above a rounding.
fn largest_at_end(series: &[gigawatt_model::NamedSeries]) -> Option<(&str, f64)> {
    series
        .iter()
        .filter_map(|s| s.values.last().map(|v| (s.name.as_str(), *v)))
        .filter(|(_, v)| *v > 0.05)
        .max_by(|a, b| a.1.total_cmp(&b.1))
}

fn exposure_caption(c: &CaptionContext) -> String {
    let unpaid = largest_at_end(&c.run.unpaid_by_counterparty);
    let lapsed = largest_at_end(&c.run.lapsed_value_by_counterparty);
    let lapsed_total: f64 = c
        .run
        .lapsed_value_by_counterparty
        .iter()
        .filter_map(|s| s.values.last())
        .sum();
    let lapsed_words = match lapsed {
        Some((name, _)) => format!(
            "announced capacity worth {} is never taken up, most of it with {name}",
            format::usd_b(lapsed_total)
        ),
        None => "every announced step is taken up".to_string(),
    };
    match unpaid {
        Some((name, value)) => format!(
            "{name} is left with the most unpaid, {} by {}; {lapsed_words}.",
            format::usd_b(value),
            c.last_year()
        ),
        None => format!(
            "No supplier goes unpaid by {}; {lapsed_words}.",
            c.last_year()
        ),
    }
}

fn sankey_caption(c: &CaptionContext) -> String {
    let (from, to) = ordered(c.window);
    let flows = c.run.flows_between(from, to);
    let largest = |into_lab: bool| {
        let mut by_node: Vec<(Node, f64)> = Vec::new();
        for (a, z, _, v, _) in &flows {
            let (node, other) = if into_lab { (*a, *z) } else { (*z, *a) };
            if other != Node::Lab || node == Node::Lab {
                continue;
            }
            match by_node.iter_mut().find(|(n, _)| *n == node) {
                Some(entry) => entry.1 += v,
                None => by_node.push((node, *v)),
            }
        }
        let total: f64 = by_node.iter().map(|(_, v)| v).sum();
        let top = by_node.into_iter().max_by(|a, b| a.1.total_cmp(&b.1));
        (total, top)
    };
    let (money_in, source) = largest(true);
    let (_, use_) = largest(false);
    match (source, use_) {
        (Some((source, s)), Some((use_, u))) => format!(
            "In {}, {} flows into the lab, most from {} ({}); most of what leaves goes to {} ({}).",
            window_words(c.window),
            format::usd_b(money_in),
            source.label(),
            format::usd_b(s),
            use_.label(),
            format::usd_b(u),
        ),
        _ => format!("No money moves in {}.", window_words(c.window)),
    }
}

/// The footer of an exported image: source line and date ("Gigawatt, economics v2 · <link> · 3 December
/// 2026").
pub fn export_footer(economics_version: u32, link: &str, date: &str) -> String {
    format!("Gigawatt, economics v{economics_version} · {link} · {date}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use gigawatt_model::{simulate, PresetId, Scenario};

    fn context(run: &Run) -> CaptionContext<'_> {
        CaptionContext {
            run,
            year: 2030,
            window: (2025, 2030),
            risk: None,
        }
    }

    #[test]
    fn every_chart_has_a_sentence_with_its_year_and_no_placeholder() {
        let run = simulate(&Scenario::default());
        let c = context(&run);
        for chart in ChartId::ALL {
            let s = chart_caption(chart, &c);
            assert!(s.ends_with('.'), "{chart}: {s}");
            assert!(!s.contains('—') && !s.contains("NaN"), "{chart}: {s}");
            assert!(
                s.contains("2030") || s.contains("2025–2030") || s.contains("2039"),
                "{chart}: {s}"
            );
        }
        let k = kpi_caption(&c);
        assert!(
            k.contains(&Kpi::Arr.text(&run, year_end_index(&run, 2030).unwrap())),
            "{k}"
        );
    }

    #[test]
    fn captions_follow_the_run() {
        let default = simulate(&Scenario::default());
        let bear = simulate(&Scenario::preset(PresetId::Bear));
        for chart in [
            ChartId::Revenue,
            ChartId::Capacity,
            ChartId::Cash,
            ChartId::Margin,
        ] {
            assert_ne!(
                chart_caption(chart, &context(&default)),
                chart_caption(chart, &context(&bear)),
                "{chart}"
            );
        }
        // The default needs money nobody has promised: the cash caption says when it runs out.
        let cash = chart_caption(ChartId::Cash, &context(&default));
        let out = default
            .series
            .cash_committed_only_usd_b
            .iter()
            .position(|c| *c < 0.0)
            .unwrap();
        assert!(cash.contains(&month_long(default.months[out])), "{cash}");
    }

    #[test]
    fn monte_carlo_percentiles_of_the_year_cash_runs_out() {
        let run = simulate(&Scenario::default());
        let summary = Summary {
            runs: 10,
            seed: 1,
            months: run.months.clone(),
            fans: Vec::new(),
            p_negative_by_year: Vec::new(),
            first_negative_year: vec![(2027, 1), (2028, 7), (2029, 1)],
            never_negative: 1,
        };
        let c = CaptionContext {
            risk: Some(&summary),
            ..context(&run)
        };
        let cash = chart_caption(ChartId::Cash, &c);
        assert!(
            cash.contains("(Monte Carlo: P50 2028; P10–P90 2027 to 2029, over 10 runs)"),
            "{cash}"
        );
        let late = Summary {
            first_negative_year: vec![(2028, 5)],
            never_negative: 5,
            ..summary
        };
        let c = CaptionContext {
            risk: Some(&late),
            ..context(&run)
        };
        assert!(chart_caption(ChartId::Cash, &c).contains("P10–P90 2028 to not before 2040"));
    }

    #[test]
    fn small_prices_keep_two_significant_digits() {
        assert_eq!(usd_small(1.5), "$1.50");
        assert_eq!(usd_small(0.049), "$0.049");
        assert_eq!(usd_small(0.00012), "$0.00012");
        assert_eq!(usd_small(0.5), "$0.50");
        assert_eq!(usd_small(f64::NAN), "—");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(100000), "100,000");
        assert_eq!(month_long(Month::from_ym(2028, 3)), "March 2028");
        assert_eq!(date_long(2026, 12, 3), "3 December 2026");
    }
}
