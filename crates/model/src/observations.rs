//! Reported figures as data (MODEL-SPEC §7, MODEL-SPEC-V2 §7): one table of what was reported about the lab,
//! each row naming the run series it compares to. The reality checks read it, the charts draw it, and the
//! reported valuation marks ([`reported_marks`]) come from it.
//!
//! Values are in the run series' own units (US$ billions, IT GW, people, fractions). A figure over a period
//! (a quarter's revenue) is the period's total for flows, its last month for stocks, and a ratio of period
//! sums for ratios (see [`Observation::model_value`]). Ids are stable forever.
//!
//! Left out on purpose: v1 checks #16, #17 and #20 (unit arithmetic of a contract, not figures about the lab)
//! and the contract terms of V2 §7 (Microsoft's amendment, Cerebras), which are parameters and deals.

use crate::funding::ValuationMark;
use crate::params::Grade;
use crate::run::{aggregation, Aggregation, Run};
use crate::Month;

/// What an observation measures, by the run series it compares to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Metric {
    /// Realised revenue (a flow: a period's total).
    Revenue,
    /// Annualised revenue run-rate at a month.
    Arr,
    WeeklyUsers,
    /// Paying consumer subscribers.
    Subscribers,
    /// Delivered IT GW at month end.
    ItGw,
    /// Announced IT GW (undelayed, LOIs included).
    AnnouncedGw,
    H100e,
    /// Cash and securities at month end.
    Cash,
    /// Cash burn, −(operating + investing cash flow) (a flow).
    Burn,
    GrossMargin,
    CostOfRevenue,
    /// Compute cost (leases, depreciation, hosting).
    ComputeCost,
    /// Cash paid for compute (company plans).
    ComputePayments,
    OperatingIncome,
    /// Stock-based compensation.
    Sbc,
    /// Microsoft's net revenue share.
    RevShare,
    /// Remaining obligations on Altman's $1.4T basis (leases + hardware vendor content, LOIs included).
    Obligations,
    /// Post-money or secondary valuation.
    Valuation,
}

impl Metric {
    /// The run series this metric compares to ([`Run::series`]).
    pub fn series(self) -> &'static str {
        match self {
            Metric::Revenue => "revenue_usd_b",
            Metric::Arr => "arr_usd_b",
            Metric::WeeklyUsers => "weekly_users",
            Metric::Subscribers => "paid_subscribers",
            Metric::ItGw => "it_gw",
            Metric::AnnouncedGw => "announced_gw",
            Metric::H100e => "h100e",
            Metric::Cash => "cash_usd_b",
            Metric::Burn => "burn_usd_b",
            Metric::GrossMargin => "gross_margin",
            Metric::CostOfRevenue => "cost_of_revenue_usd_b",
            Metric::ComputeCost => "compute_cost_usd_b",
            Metric::ComputePayments => "compute_payments_usd_b",
            Metric::OperatingIncome => "operating_income_usd_b",
            Metric::Sbc => "sbc_usd_b",
            Metric::RevShare => "rev_share_usd_b",
            Metric::Obligations => "obligations_headline_usd_b",
            Metric::Valuation => "valuation_usd_b",
        }
    }

    /// Unit of the values (the run series' unit).
    pub fn unit(self) -> ObsUnit {
        match self {
            Metric::WeeklyUsers | Metric::Subscribers => ObsUnit::People,
            Metric::ItGw | Metric::AnnouncedGw => ObsUnit::Gw,
            Metric::H100e => ObsUnit::H100e,
            Metric::GrossMargin => ObsUnit::Fraction,
            _ => ObsUnit::UsdB,
        }
    }

    /// How a period's figure is formed from the monthly series (sum, last month, ratio of sums, mean).
    pub fn aggregation(self) -> Aggregation {
        // Every metric names a series (a unit test holds it), so the fallback is never taken.
        aggregation(self.series()).unwrap_or(Aggregation::End)
    }
}

/// Unit of an observation's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ObsUnit {
    UsdB,
    Gw,
    H100e,
    People,
    /// A share as a fraction (0.39 for 39%).
    Fraction,
}

impl ObsUnit {
    pub fn label(self) -> &'static str {
        match self {
            ObsUnit::UsdB => "$B",
            ObsUnit::Gw => "GW",
            ObsUnit::H100e => "H100e",
            ObsUnit::People => "people",
            ObsUnit::Fraction => "fraction",
        }
    }
}

/// One reported figure.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Observation {
    /// Stable identifier ("revenue-2026q1").
    pub id: &'static str,
    pub metric: Metric,
    /// First and last month (inclusive) of the period; equal for a figure at one month.
    pub start: Month,
    pub end: Month,
    /// In the metric's unit: a period's total for flows.
    pub value: f64,
    /// Outlet and date, short ("The Information via Reuters, Jun 15 2026").
    pub source: &'static str,
    /// When it was first reported, ISO date ("2026-06-15"; "2025-11" when only the month is known).
    pub reported: &'static str,
    pub grade: Grade,
    /// A company or analyst target for the future, not an outcome: checked against a preset, not drawn on
    /// the charts of a run.
    pub plan: bool,
}

impl Observation {
    pub fn unit(&self) -> ObsUnit {
        self.metric.unit()
    }

    /// Number of months in the period (1 for a monthly figure).
    pub fn months(&self) -> usize {
        (self.end.0 - self.start.0 + 1).max(1) as usize
    }

    /// Whether the figure covers more than one month.
    pub fn is_period(&self) -> bool {
        self.end > self.start
    }

    /// The value on the basis of the monthly series: a flow's total divided by the months of its period
    /// (the monthly average), anything else as reported. This is what the charts draw at the period's last
    /// month.
    pub fn per_month(&self) -> f64 {
        match self.metric.aggregation() {
            Aggregation::Sum => self.value / self.months() as f64,
            _ => self.value,
        }
    }

    /// The run's figure on the same basis as the value: a flow's sum over the period, a stock's last month,
    /// a ratio recomputed from the period's sums, a rate's mean. `None` when the run does not cover the
    /// period or lacks the series.
    pub fn model_value(&self, run: &Run) -> Option<f64> {
        let (a, b) = (run.index_of(self.start)?, run.index_of(self.end)?);
        let window = |name: &str| run.series(name).and_then(|v| v.get(a..=b));
        let sum = |name: &str| window(name).map(|v| v.iter().sum::<f64>());
        match self.metric.aggregation() {
            Aggregation::Sum => sum(self.metric.series()),
            Aggregation::End => window(self.metric.series())?.last().copied(),
            Aggregation::Mean => {
                let v = window(self.metric.series())?;
                Some(v.iter().sum::<f64>() / v.len() as f64)
            }
            Aggregation::Ratio => {
                let revenue = sum("revenue_usd_b")?;
                (revenue != 0.0).then_some(sum("gross_profit_usd_b")? / revenue)
            }
        }
    }

    /// "2026-01..2026-03" or "2025-12".
    pub fn period_label(&self) -> String {
        if self.is_period() {
            format!("{}..{}", self.start, self.end)
        } else {
            self.end.to_string()
        }
    }
}

/// Every reported figure, in a fixed order.
pub fn observations() -> &'static [Observation] {
    &OBSERVATIONS
}

/// The observation with `id`.
pub fn observation(id: &str) -> Option<&'static Observation> {
    OBSERVATIONS.iter().find(|o| o.id == id)
}

/// The observations of `metric`.
pub fn observations_of(metric: Metric) -> impl Iterator<Item = &'static Observation> {
    OBSERVATIONS.iter().filter(move |o| o.metric == metric)
}

const fn m(year: i32, month: u32) -> Month {
    Month::from_ym(year, month)
}

const fn obs(
    id: &'static str,
    metric: Metric,
    (start, end): (Month, Month),
    value: f64,
    source: &'static str,
    reported: &'static str,
    grade: Grade,
) -> Observation {
    Observation {
        id,
        metric,
        start,
        end,
        value,
        source,
        reported,
        grade,
        plan: false,
    }
}

const fn plan(o: Observation) -> Observation {
    Observation { plan: true, ..o }
}

const fn at(year: i32, month: u32) -> (Month, Month) {
    (m(year, month), m(year, month))
}

const fn span(a: (i32, u32), b: (i32, u32)) -> (Month, Month) {
    (m(a.0, a.1), m(b.0, b.1))
}

const Y2025: (Month, Month) = span((2025, 1), (2025, 12));
const H1_2025: (Month, Month) = span((2025, 1), (2025, 6));
const Q1_2025: (Month, Month) = span((2025, 1), (2025, 3));
const Q1_2026: (Month, Month) = span((2026, 1), (2026, 3));
const FT_AUDITED: &str = "FT on audited accounts, Jun 16 2026";
const INFO_H1: &str = "The Information, Sep 30 2025";
const INFO_Q1: &str = "The Information via Reuters, Jun 15 2026";
const FRIAR: &str = "Friar (OpenAI CFO), Jan 18 2026";

use Grade::{D, E, P, R, S};
use Metric::*;

static OBSERVATIONS: [Observation; 34] = [
    obs(
        "revenue-2025",
        Revenue,
        Y2025,
        13.07,
        FT_AUDITED,
        "2026-06-16",
        R,
    ),
    obs(
        "revenue-2025h1",
        Revenue,
        H1_2025,
        4.3,
        INFO_H1,
        "2025-09-30",
        R,
    ),
    obs(
        "revenue-2026q1",
        Revenue,
        Q1_2026,
        5.7,
        INFO_Q1,
        "2026-06-15",
        R,
    ),
    obs(
        "arr-2025-12",
        Arr,
        at(2025, 12),
        20.0,
        "Friar, Jan 18 2026 (\">$20B\")",
        "2026-01-18",
        P,
    ),
    obs(
        "weekly-users-2026-05",
        WeeklyUsers,
        at(2026, 5),
        9e8,
        "WSJ, Apr 27 2026 (>900M; OpenAI said so Feb 27)",
        "2026-04-27",
        R,
    ),
    obs(
        "subscribers-2026-02",
        Subscribers,
        at(2026, 2),
        5e7,
        "OpenAI, Feb 27 2026",
        "2026-02-27",
        P,
    ),
    obs(
        "it-gw-2023-12",
        ItGw,
        at(2023, 12),
        0.2,
        FRIAR,
        "2026-01-18",
        P,
    ),
    obs(
        "it-gw-2024-12",
        ItGw,
        at(2024, 12),
        0.6,
        FRIAR,
        "2026-01-18",
        P,
    ),
    obs(
        "it-gw-2025-12",
        ItGw,
        at(2025, 12),
        1.9,
        FRIAR,
        "2026-01-18",
        P,
    ),
    obs(
        "h100e-2025-12",
        H100e,
        at(2025, 12),
        1.72e6,
        "Epoch AI, 2026",
        "2026",
        E,
    ),
    obs(
        "cash-2025-06",
        Cash,
        at(2025, 6),
        17.5,
        INFO_H1,
        "2025-09-30",
        R,
    ),
    obs(
        "cash-2026-03",
        Cash,
        at(2026, 3),
        73.0,
        INFO_Q1,
        "2026-06-15",
        R,
    ),
    obs(
        "burn-2025",
        Burn,
        Y2025,
        8.0,
        "Reuters/CNBC, Feb 20 2026 (\"$8B\")",
        "2026-02-20",
        R,
    ),
    obs("burn-2025h1", Burn, H1_2025, 2.5, INFO_H1, "2025-09-30", R),
    obs("burn-2026q1", Burn, Q1_2026, 3.7, INFO_Q1, "2026-06-15", R),
    obs(
        "gross-margin-2025",
        GrossMargin,
        Y2025,
        0.426,
        "FT, Jun 16 2026 (cost of revenue $7.5B)",
        "2026-06-16",
        D,
    ),
    obs(
        "gross-margin-2025q1",
        GrossMargin,
        Q1_2025,
        0.33,
        INFO_Q1,
        "2026-06-15",
        R,
    ),
    obs(
        "gross-margin-2026q1",
        GrossMargin,
        Q1_2026,
        0.39,
        INFO_Q1,
        "2026-06-15",
        R,
    ),
    obs(
        "cost-of-revenue-2025",
        CostOfRevenue,
        Y2025,
        7.5,
        FT_AUDITED,
        "2026-06-16",
        R,
    ),
    obs(
        "compute-cost-2025",
        ComputeCost,
        Y2025,
        16.3,
        "The Information via Epoch AI",
        "2025-09-30",
        E,
    ),
    obs(
        "operating-income-2025",
        OperatingIncome,
        Y2025,
        -20.92,
        FT_AUDITED,
        "2026-06-16",
        R,
    ),
    obs(
        "operating-income-2025h1",
        OperatingIncome,
        H1_2025,
        -7.8,
        INFO_H1,
        "2025-09-30",
        R,
    ),
    obs(
        "operating-income-2026q1",
        OperatingIncome,
        Q1_2026,
        -9.3,
        INFO_Q1,
        "2026-06-15",
        R,
    ),
    obs(
        "sbc-2026q1",
        Sbc,
        Q1_2026,
        2.3,
        "SquaredTech on The Information (\">$2.3B\"), Jun 2026",
        "2026-06-15",
        S,
    ),
    obs(
        "rev-share-2025q1q3",
        RevShare,
        span((2025, 1), (2025, 9)),
        0.87,
        "Leak via TechCrunch, Nov 2025",
        "2025-11",
        R,
    ),
    obs(
        "obligations-2025-11",
        Obligations,
        at(2025, 11),
        1400.0,
        "Altman, Nov 6 2025 (~$1.4T)",
        "2025-11-06",
        P,
    ),
    obs(
        "valuation-2025-03",
        Valuation,
        at(2025, 3),
        300.0,
        "OpenAI, Mar 31 2025 ($300B post)",
        "2025-03-31",
        P,
    ),
    obs(
        "valuation-2025-10",
        Valuation,
        at(2025, 10),
        500.0,
        "Bloomberg/CNBC, Oct 2025 (secondary)",
        "2025-10-02",
        R,
    ),
    obs(
        "valuation-2026-03",
        Valuation,
        at(2026, 3),
        852.0,
        "OpenAI, Mar 31 2026 ($852B post)",
        "2026-03-31",
        P,
    ),
    plan(obs(
        "plan-announced-gw-2030",
        AnnouncedGw,
        at(2030, 12),
        30.0,
        "Reporting on the $1.4T, Nov 2025",
        "2025-11-06",
        R,
    )),
    plan(obs(
        "plan-revenue-2030-s1",
        Revenue,
        span((2030, 1), (2030, 12)),
        200.0,
        "The Information, Sep 2025",
        "2025-09",
        R,
    )),
    plan(obs(
        "plan-2026-revenue-2030",
        Revenue,
        span((2030, 1), (2030, 12)),
        280.0,
        "CNBC/Reuters, Feb 20 2026 (>$280B)",
        "2026-02-20",
        R,
    )),
    plan(obs(
        "plan-2026-it-gw-2030",
        ItGw,
        at(2030, 12),
        30.0,
        "CNBC/Reuters; Apr 2026 memo (30 GW)",
        "2026-04-23",
        R,
    )),
    plan(obs(
        "plan-2026-compute-2026-2030",
        ComputePayments,
        span((2026, 1), (2030, 12)),
        600.0,
        "CNBC/Reuters, Feb 20 2026 (~$600B)",
        "2026-02-20",
        R,
    )),
];

/// Valuation marks of spec §4.7 within the simulated window: the valuation rows of this table, the one
/// source of the reported figures (a scenario's editable `marks` start from them).
pub fn reported_marks() -> Vec<ValuationMark> {
    observations_of(Metric::Valuation)
        .map(|o| ValuationMark {
            month: o.end,
            post_money_usd_b: o.value,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_found() {
        for (i, o) in OBSERVATIONS.iter().enumerate() {
            assert!(OBSERVATIONS[..i].iter().all(|p| p.id != o.id), "{}", o.id);
            assert_eq!(observation(o.id), Some(o));
            assert!(o.start <= o.end, "{}", o.id);
            assert!(o.value.is_finite() && !o.source.is_empty(), "{}", o.id);
            // Every metric compares to a real series, which declares how it aggregates.
            assert!(aggregation(o.metric.series()).is_some(), "{}", o.id);
        }
        assert!(observation("nothing").is_none());
    }

    #[test]
    fn period_figures_on_the_monthly_basis() {
        let q1 = observation("revenue-2026q1").unwrap();
        assert_eq!(q1.months(), 3);
        assert!((q1.per_month() - 1.9).abs() < 1e-9);
        let cash = observation("cash-2026-03").unwrap();
        assert_eq!(cash.per_month(), 73.0);
        let gm = observation("gross-margin-2026q1").unwrap();
        assert_eq!(gm.per_month(), 0.39);
        assert_eq!(q1.period_label(), "2026-01..2026-03");
    }

    #[test]
    fn reported_marks_come_from_the_table() {
        let marks: Vec<(String, f64)> = reported_marks()
            .iter()
            .map(|m| (m.month.to_string(), m.post_money_usd_b))
            .collect();
        let expected = [("2025-03", 300.0), ("2025-10", 500.0), ("2026-03", 852.0)];
        assert_eq!(marks, expected.map(|(m, v)| (m.to_string(), v)).to_vec());
    }
}
