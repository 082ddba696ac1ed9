//! The one KPI table: the headline figures of a run at the end of a year. The KPI strip shows every
//! [`Kpi`]; the comparison panel shows [`Kpi::COMPARED`] for A and B with the difference. Each figure is
//! defined once here: label, hint, the series it reads, how its value and a difference read.

use gigawatt_model::{Month, Run, Series};

use crate::format;

/// One headline figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kpi {
    Arr,
    ItGw,
    Cash,
    FundingGap,
    ObligationsRatio,
    Runway,
    Foundation,
    Microsoft,
    /// Over the whole run, not at the year: when distress begins and its worst stage.
    Distress,
}

/// How a figure's number reads (and a difference of two).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reading {
    UsdB,
    Gw,
    Multiple,
    RunwayMonths,
    Share,
}

impl Kpi {
    /// The KPI strip, in order.
    pub const ALL: [Kpi; 9] = [
        Kpi::Arr,
        Kpi::ItGw,
        Kpi::Cash,
        Kpi::FundingGap,
        Kpi::ObligationsRatio,
        Kpi::Runway,
        Kpi::Foundation,
        Kpi::Microsoft,
        Kpi::Distress,
    ];

    /// The figures compared between A and B: the strip's numbers at the year's end, every figure but the
    /// last (distress, which is not one number).
    pub const COMPARED: &'static [Kpi] = Kpi::ALL.split_at(Kpi::ALL.len() - 1).0;

    /// DOM id part: `kpi-<id>` in the strip, `compare-kpi-<id>-a|b|delta` in the comparison.
    pub fn id(self) -> &'static str {
        match self {
            Kpi::Arr => "arr",
            Kpi::ItGw => "it-gw",
            Kpi::Cash => "cash",
            Kpi::FundingGap => "funding-gap",
            Kpi::ObligationsRatio => "obligations-ratio",
            Kpi::Runway => "runway",
            Kpi::Foundation => "foundation",
            Kpi::Microsoft => "microsoft",
            Kpi::Distress => "distress",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kpi::Arr => "ARR",
            Kpi::ItGw => "IT power online",
            Kpi::Cash => "Cash",
            Kpi::FundingGap => "Funding gap to date",
            Kpi::ObligationsRatio => "Obligations ÷ ARR",
            Kpi::Runway => "Runway",
            Kpi::Foundation => "Foundation owns",
            Kpi::Microsoft => "Microsoft owns",
            Kpi::Distress => "Distress",
        }
    }

    /// One line explaining the figure (the strip's tooltip).
    pub fn hint(self) -> &'static str {
        match self {
            Kpi::Arr => "Annualised revenue run-rate: the month's revenue × 12",
            Kpi::ItGw => "Delivered IT gigawatts (servers and networking) across every cloud and chip deal",
            Kpi::Cash => "Cash at month end, including automatic fund-raising when short",
            Kpi::FundingGap => "Cumulative money that had to be raised beyond committed funding",
            Kpi::ObligationsRatio => {
                "Remaining binding contract payments as a multiple of annual revenue run-rate"
            }
            Kpi::Runway => "Months until cash runs out on committed funding at the current burn",
            Kpi::Foundation => "The OpenAI Foundation's fully diluted ownership",
            Kpi::Microsoft => "Microsoft's fully diluted ownership",
            Kpi::Distress => {
                "Over the whole run: the first month the lab cannot hold minimum cash with everything available, and \
                 the worst stage reached (1 short of minimum cash, 2 renegotiating deliveries, 3 arrears or default)"
            }
        }
    }

    /// The monthly series of `series` the figure reads (`None`: not one number a month).
    pub fn series(self, series: &Series) -> Option<&[f64]> {
        Some(match self {
            Kpi::Arr => &series.arr_usd_b,
            Kpi::ItGw => &series.it_gw,
            Kpi::Cash => &series.cash_usd_b,
            Kpi::FundingGap => &series.funding_gap_usd_b,
            Kpi::ObligationsRatio => &series.obligations_to_arr,
            Kpi::Runway => &series.runway_months,
            Kpi::Foundation => &series.ownership_foundation,
            Kpi::Microsoft => &series.ownership_microsoft,
            Kpi::Distress => return None,
        })
    }

    fn reading(self) -> Reading {
        match self {
            Kpi::Arr | Kpi::Cash | Kpi::FundingGap => Reading::UsdB,
            Kpi::ItGw => Reading::Gw,
            Kpi::ObligationsRatio | Kpi::Distress => Reading::Multiple,
            Kpi::Runway => Reading::RunwayMonths,
            Kpi::Foundation | Kpi::Microsoft => Reading::Share,
        }
    }

    /// The figure's number at month `index` of `run` (NaN when undefined or absent).
    pub fn value(self, run: &Run, index: usize) -> f64 {
        let at = |values: &[f64]| values.get(index).copied().unwrap_or(f64::NAN);
        match self {
            // The model's ratio; undefined when there is no revenue to divide by.
            Kpi::ObligationsRatio if at(&run.series.arr_usd_b) <= 0.0 => f64::NAN,
            kpi => kpi.series(&run.series).map_or(f64::NAN, at),
        }
    }

    /// How `value` reads ("$20.1B", "1.9 GW", "38%"; "—" when not a number).
    pub fn format(self, value: f64) -> String {
        match self.reading() {
            Reading::UsdB => format::usd_b(value),
            Reading::Gw => format::gw(value),
            Reading::Multiple => format::multiple(value),
            Reading::RunwayMonths => format::runway_months(value),
            Reading::Share => format::percent(value),
        }
    }

    /// What the strip shows at month `index` of `run`.
    pub fn text(self, run: &Run, index: usize) -> String {
        match self {
            // Not tied to the chosen year: a warning years ahead is the point of it.
            Kpi::Distress => match gigawatt_charts::distress(run) {
                Some(d) => d.short(),
                None => gigawatt_charts::NO_DISTRESS.to_string(),
            },
            kpi => kpi.format(kpi.value(run, index)),
        }
    }

    /// A difference B − A: "same", or with an explicit sign and the typographic minus ("+$1.2B", "−4.4 GW",
    /// "+3 mo", "−1.5 pp").
    pub fn delta(self, delta: f64) -> String {
        if delta == 0.0 {
            return "same".to_string();
        }
        match self.reading() {
            // Runway beyond 50 years reads as "50+ yr": no meaningful difference then.
            Reading::RunwayMonths if delta.is_finite() && delta.abs() < 600.0 => {
                format!("{delta:+.0} mo").replace('-', "−")
            }
            Reading::Share if delta.is_finite() => {
                format!("{:+.1} pp", delta * 100.0).replace('-', "−")
            }
            Reading::RunwayMonths | Reading::Share => "—".to_string(),
            _ if delta > 0.0 => format!("+{}", self.format(delta)),
            _ => self.format(delta).replacen('-', "−", 1),
        }
    }

    /// The figure at the end of `year` in `run` (NaN when absent).
    pub fn at_year_end(self, run: &Run, year: i32) -> f64 {
        year_end_index(run, year).map_or(f64::NAN, |i| self.value(run, i))
    }
}

/// The index of December of `year` in the run, or the last month when the run ends earlier.
pub fn year_end_index(run: &Run, year: i32) -> Option<usize> {
    run.index_of(Month::from_ym(year, 12))
        .or_else(|| run.months.len().checked_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use gigawatt_model::{simulate, Scenario};

    #[test]
    fn ids_are_unique_and_the_comparison_is_the_strip_without_distress() {
        let mut ids: Vec<&str> = Kpi::ALL.iter().map(|k| k.id()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), Kpi::ALL.len());
        let strip_numbers: Vec<Kpi> = Kpi::ALL
            .into_iter()
            .filter(|k| k.series(&Series::default()).is_some())
            .collect();
        assert_eq!(strip_numbers, Kpi::COMPARED);
    }

    #[test]
    fn every_number_reads_its_series_at_the_year_end() {
        let run = simulate(&Scenario::default());
        let i = year_end_index(&run, 2030).expect("2030 in the run");
        assert_eq!(run.months[i], Month::from_ym(2030, 12));
        for &kpi in Kpi::COMPARED {
            let series = kpi.series(&run.series).expect("a monthly figure");
            assert_eq!(kpi.value(&run, i).to_bits(), series[i].to_bits(), "{kpi:?}");
            assert_eq!(kpi.at_year_end(&run, 2030).to_bits(), series[i].to_bits());
            assert_ne!(kpi.text(&run, i), "—", "{kpi:?} is defined in 2030");
        }
        assert!(!Kpi::Distress.text(&run, i).is_empty());
        // Past the run's end: the last month.
        assert_eq!(year_end_index(&run, 2200), Some(run.months.len() - 1));
    }

    #[test]
    fn values_and_differences_read_as_people_write_them() {
        assert_eq!(Kpi::Arr.format(20.08), "$20.1B");
        assert_eq!(Kpi::Arr.delta(1.2), "+$1.2B");
        assert_eq!(Kpi::Cash.delta(-3.44), "−$3.4B");
        assert_eq!(Kpi::ItGw.delta(-4.4), "−4.4 GW");
        assert_eq!(Kpi::ObligationsRatio.delta(0.5), "+0.5×");
        assert_eq!(Kpi::Runway.delta(-3.0), "−3 mo");
        assert_eq!(Kpi::Runway.delta(900.0), "—");
        assert_eq!(Kpi::Foundation.format(0.38), "38%");
        assert_eq!(Kpi::Foundation.delta(-0.015), "−1.5 pp");
        assert_eq!(Kpi::Microsoft.delta(0.0), "same");
        assert_eq!(Kpi::Microsoft.delta(f64::NAN), "—");
    }
}
