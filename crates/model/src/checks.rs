//! The reality checks of spec §7 and MODEL-SPEC-V2 §10: values the default scenario (and two named presets) must
//! reproduce. Nothing here is an input; every value comes out of a run. Used by the tests and by `gigawatt check`.
//!
//! Honesty of calibration: a check is a *calibration target* when a parameter was fitted to it (it names the
//! parameter, [`CheckResult::fitted`]), and a *validation check* when nothing was: only the second kind is
//! evidence that the model reproduces what it was not told. Reported values come from the table of
//! observations (`crate::observations`), so a figure is written down once.

use crate::{simulate, Month, PresetId, Run, Scenario};

/// One check: what, target, tolerance, the model's value and whether it passes.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckResult {
    pub id: u8,
    pub metric: &'static str,
    pub target: String,
    pub value: f64,
    pub unit: &'static str,
    pub low: f64,
    pub high: f64,
    pub source: &'static str,
    /// The parameter(s) fitted to this target, or `None` for a validation check (nothing was fitted to it).
    pub fitted: Option<&'static str>,
}

impl CheckResult {
    pub fn passed(&self) -> bool {
        self.value.is_finite() && self.value >= self.low && self.value <= self.high
    }

    /// Marks the check a calibration target: `parameters` were fitted to it.
    fn fitted(self, parameters: &'static str) -> CheckResult {
        CheckResult {
            fitted: Some(parameters),
            ..self
        }
    }
}

fn at(run: &Run, name: &str, year: i32, month: u32) -> f64 {
    run.index_of(Month::from_ym(year, month))
        .and_then(|i| run.series(name).map(|s| s[i]))
        .unwrap_or(f64::NAN)
}

fn sum(run: &Run, name: &str, from: Month, to: Month) -> f64 {
    let (Some(a), Some(b), Some(s)) = (run.index_of(from), run.index_of(to), run.series(name))
    else {
        return f64::NAN;
    };
    s[a..=b].iter().sum()
}

/// The reported value of observation `id` (`crate::observations`), NaN if the table lacks it (the check then
/// fails rather than passing on a stale literal).
fn reported(id: &str) -> f64 {
    crate::observation(id).map_or(f64::NAN, |o| o.value)
}

/// `target` ± `points` (percentage points and the like).
fn around(target: f64, points: f64) -> (f64, f64) {
    (target - points, target + points)
}

fn pct(target: f64, tol: f64) -> (f64, f64) {
    (target * (1.0 - tol), target * (1.0 + tol))
}

#[allow(clippy::too_many_arguments)]
fn check(
    id: u8,
    metric: &'static str,
    target: String,
    value: f64,
    unit: &'static str,
    range: (f64, f64),
    source: &'static str,
) -> CheckResult {
    CheckResult {
        id,
        metric,
        target,
        value,
        unit,
        low: range.0,
        high: range.1,
        source,
        fitted: None,
    }
}

/// Runs checks #1–#26 on "As reported", #21 on "Company plan", #27–#29 on "Company plan 2026" and #30 on
/// "HSBC, Nov 2025".
pub fn run_checks() -> Vec<CheckResult> {
    let run = simulate(&Scenario::preset(PresetId::AsReported));
    let m = Month::from_ym;
    let (jan25, jun25, sep25, dec25) = (m(2025, 1), m(2025, 6), m(2025, 9), m(2025, 12));
    let revenue_2025 = run.annual_sum("revenue_usd_b", 2025);
    let cash = |y, mo| at(&run, "cash_usd_b", y, mo);
    let cash_0 = crate::Scenario::default().params[crate::ParamId::Cash0];
    let equity = |a, b| sum(&run, "equity_raised_usd_b", a, b);
    let burn_2025 = cash_0 - cash(2025, 12) + equity(jan25, dec25);
    let burn_h1 = cash_0 - cash(2025, 6) + equity(jan25, jun25);
    let marks_error = run
        .marks
        .iter()
        .map(|(mo, mark)| {
            let i = run.index_of(*mo).unwrap_or(0);
            (run.series.valuation_usd_b[i] / mark - 1.0).abs()
        })
        .fold(0.0f64, f64::max);
    let tokens = sum(&run, "tokens_served", jan25, dec25) / 1e6;
    let cpm = sum(&run, "inference_cost_usd_b", jan25, dec25) * 1e9 / tokens;
    let rpm = revenue_2025 * 1e9 / tokens;
    let module = owned_gb200_module_tco(crate::Params::default()[crate::ParamId::ItLifeYears]);
    let gm_2025 = 1.0 - run.annual_sum("cost_of_revenue_usd_b", 2025) / revenue_2025;
    let plan = simulate(&Scenario::preset(PresetId::CompanyPlan));
    let plan_2026 = simulate(&Scenario::preset(PresetId::CompanyPlan2026));
    let hsbc = simulate(&Scenario::preset(PresetId::Hsbc2025));
    let (jan26, mar26) = (m(2026, 1), m(2026, 3));
    let revenue_q1_26 = sum(&run, "revenue_usd_b", jan26, mar26);
    let gm_q1_26 = 1.0 - sum(&run, "cost_of_revenue_usd_b", jan26, mar26) / revenue_q1_26;
    let plan_2026_payments: f64 = (2026..=2030)
        .map(|y| plan_2026.annual_sum("compute_payments_usd_b", y))
        .sum();

    vec![
        check(
            1,
            "Revenue, CY2025",
            "$13.07B ±10%".into(),
            revenue_2025,
            "$B",
            pct(reported("revenue-2025"), 0.10),
            "FT on audited FS, Jun 2026 [R]",
        )
        .fitted("arpu_sub_2025, api_rev_2025"),
        check(
            2,
            "Revenue, H1 2025",
            "$4.3B ±15%".into(),
            sum(&run, "revenue_usd_b", jan25, jun25),
            "$B",
            pct(reported("revenue-2025h1"), 0.15),
            "The Information, Sep 2025 [R]",
        ),
        check(
            3,
            "ARR, Dec 2025",
            ">$20B (accept $18–24B)".into(),
            at(&run, "arr_usd_b", 2025, 12),
            "$B",
            (18.0, 24.0),
            "Friar, Jan 2026 [P]",
        ),
        check(
            4,
            "IT GW online, Dec 2025",
            "1.9 GW ±0.15".into(),
            at(&run, "it_gw", 2025, 12),
            "GW",
            around(reported("it-gw-2025-12"), 0.15),
            "Friar [P]",
        )
        .fitted("contract L1 ramp"),
        check(
            5,
            "H100e, Dec 2025",
            "1.72M ±30%".into(),
            at(&run, "h100e", 2025, 12) / 1e6,
            "M",
            pct(reported("h100e-2025-12") / 1e6, 0.30),
            "Epoch [E]",
        )
        .fitted("h100e_per_mw_legacy"),
        check(
            6,
            "Compute spend, CY2025",
            "$16.3B ±20%".into(),
            run.annual_sum("compute_cost_usd_b", 2025),
            "$B",
            pct(reported("compute-cost-2025"), 0.20),
            "The Information via Epoch [R/E]",
        )
        .fitted("contract L1 price"),
        check(
            7,
            "Cost of revenue, CY2025",
            "$7.5B ±25%".into(),
            run.annual_sum("cost_of_revenue_usd_b", 2025),
            "$B",
            pct(reported("cost-of-revenue-2025"), 0.25),
            "FT [R]",
        )
        .fitted("eta_2025"),
        check(
            7,
            "Gross margin, CY2025",
            "43% ±10 pp".into(),
            gm_2025 * 100.0,
            "%",
            around(reported("gross-margin-2025") * 100.0, 10.0),
            "FT [R]",
        )
        .fitted("eta_2025"),
        check(
            8,
            "Operating loss, CY2025",
            "$20.9B ±15%".into(),
            -run.annual_sum("operating_income_usd_b", 2025),
            "$B",
            pct(-reported("operating-income-2025"), 0.15),
            "FT [R]",
        )
        .fitted("personnel_cash_2025"),
        check(
            9,
            "Cash burn, CY2025",
            "~$8B ±$2.5B".into(),
            burn_2025,
            "$B",
            around(reported("burn-2025"), 2.5),
            "The Information [R]",
        )
        .fitted("noncash_compute_2025"),
        check(
            10,
            "Cash burn, H1 2025",
            "$2.5B ±$1B".into(),
            burn_h1,
            "$B",
            around(reported("burn-2025h1"), 1.0),
            "The Information [R]",
        )
        .fitted("noncash_h1_2025_share"),
        check(
            11,
            "Cash, end-Jun 2025",
            "$17.5B ±15%".into(),
            cash(2025, 6),
            "$B",
            pct(reported("cash-2025-06"), 0.15),
            "The Information [R]",
        ),
        check(
            12,
            "Microsoft net revenue share, Q1–Q3 2025",
            "$0.87B ±35%".into(),
            sum(&run, "rev_share_usd_b", jan25, sep25),
            "$B",
            pct(reported("rev-share-2025q1q3"), 0.35),
            "TechCrunch, Nov 2025 [R]",
        )
        .fitted("rs_net_2025"),
        check(
            13,
            "Obligations at Nov 2025 (leases + vendor content, incl. LOIs)",
            "~$1.4T ±20%".into(),
            at(&run, "obligations_headline_usd_b", 2025, 11) / 1000.0,
            "$T",
            pct(reported("obligations-2025-11") / 1000.0, 0.20),
            "Altman, Nov 2025 [P]",
        ),
        check(
            14,
            "Planned IT GW by 2030, announced",
            "~30 GW ±30%".into(),
            at(&run, "announced_gw", 2030, 12),
            "GW",
            pct(reported("plan-announced-gw-2030"), 0.30),
            "Reporting on the $1.4T [R]",
        ),
        check(
            15,
            "Largest valuation error vs marks ($300B, $500B, $852B)",
            "within ±25%".into(),
            marks_error * 100.0,
            "%",
            (0.0, 25.0),
            "[P/R]",
        )
        .fitted("multiple_scale"),
        check(
            16,
            "Owned 1 GW GB200 module TCO, simulated (book cost + 7% capital charge)",
            "$8.5B/yr ±10%".into(),
            module,
            "$B/yr",
            pct(8.5, 0.10),
            "Epoch, May 2026 [E]",
        ),
        check(
            17,
            "GB200 market lease price per IT-GW-year, 2025 (Oracle ≈ $13.3B)",
            "$13.8B ±15%".into(),
            gb200_lease_price_per_gw_year(&run),
            "$B",
            pct(13.8, 0.15),
            "[D]",
        )
        .fitted("mkt_lease_price_2025"),
        check(
            18,
            "ARR per IT GW, Dec 2025",
            "≈ $10B/GW ±25%".into(),
            at(&run, "arr_per_gw_usd_b", 2025, 12),
            "$B/GW",
            pct(10.0, 0.25),
            "Friar [D]",
        ),
        check(
            19,
            "Paid consumer subscribers, Feb 2026",
            "50M ±15%".into(),
            at(&run, "paid_subscribers", 2026, 2) / 1e6,
            "M",
            pct(reported("subscribers-2026-02") / 1e6, 0.15),
            "OpenAI [P]",
        )
        .fitted("paid-share anchor, Feb 2026"),
        check(
            20,
            "Compute cost per Mtok, 2025",
            "$0.5–5".into(),
            cpm,
            "$/Mtok",
            (0.5, 5.0),
            "[D] plausibility",
        ),
        check(
            20,
            "Revenue per Mtok, 2025",
            "$1–8".into(),
            rpm,
            "$/Mtok",
            (1.0, 8.0),
            "[D] plausibility",
        ),
        check(
            21,
            "Company plan: revenue 2030",
            "$200B ±15%".into(),
            plan.annual_sum("revenue_usd_b", 2030),
            "$B",
            pct(reported("plan-revenue-2030-s1"), 0.15),
            "The Information, Sep 2025 [R]",
        )
        .fitted("company-plan preset: seat_scale, free_arpu_2030, other_rev_2030"),
        check(
            22,
            "Revenue, Q1 2026",
            "$5.7B ±15%".into(),
            revenue_q1_26,
            "$B",
            pct(reported("revenue-2026q1"), 0.15),
            "The Information via Reuters/CNA, Jun 2026 [R]",
        ),
        check(
            23,
            "Gross margin, Q1 2026",
            "39% ±8 pp".into(),
            gm_q1_26 * 100.0,
            "%",
            around(reported("gross-margin-2026q1") * 100.0, 8.0),
            "The Information via Reuters/CNA, Jun 2026 [R]",
        )
        .fitted("eta_2025"),
        check(
            24,
            "Cash burn, Q1 2026",
            "$3.7B ±35%".into(),
            sum(&run, "burn_usd_b", jan26, mar26),
            "$B",
            pct(reported("burn-2026q1"), 0.35),
            "The Information via Reuters/CNA, Jun 2026 [R]",
        ),
        check(
            25,
            "Cash and securities, end-Mar 2026",
            "$73B ±15%".into(),
            cash(2026, 3),
            "$B",
            pct(reported("cash-2026-03"), 0.15),
            "The Information via Reuters/CNA, Jun 2026 [R]",
        ),
        check(
            26,
            "Weekly users, May 2026",
            "0.9B ±10%".into(),
            at(&run, "weekly_users", 2026, 5) / 1e9,
            "B",
            pct(reported("weekly-users-2026-05") / 1e9, 0.10),
            "WSJ, Apr 27 2026 (\"over 900M\", first said Feb 27 2026) [R]",
        )
        .fitted("weekly-users anchor, May 2026"),
        check(
            27,
            "Company plan 2026: revenue 2030",
            "$280B ±15%".into(),
            plan_2026.annual_sum("revenue_usd_b", 2030),
            "$B",
            pct(reported("plan-2026-revenue-2030"), 0.15),
            "OpenAI investor update via CNBC/Reuters, Feb 20 2026 [R]",
        )
        .fitted("company-plan-2026 preset: seat_scale, arpu_seat, api_vol_growth_2026, paid_share_2030, free_arpu_2030"),
        check(
            28,
            "Company plan 2026: compute payments 2026–2030",
            "$600B ±25%".into(),
            plan_2026_payments,
            "$B",
            pct(reported("plan-2026-compute-2026-2030"), 0.25),
            "OpenAI investor update via CNBC/Reuters, Feb 20 2026 [R]",
        )
        .fitted("company-plan-2026 preset: g_train_2028_29"),
        check(
            29,
            "Company plan 2026: IT GW, Dec 2030",
            "30 GW ±25%".into(),
            at(&plan_2026, "it_gw", 2030, 12),
            "GW",
            pct(reported("plan-2026-it-gw-2030"), 0.25),
            "Altman, Oct 2025; OpenAI memo, Apr 2026 [R]",
        )
        .fitted("company-plan-2026 preset: g_train_2028_29"),
        check(
            30,
            "HSBC preset: funding gap by end-2030",
            "$207B ±25%".into(),
            at(&hsbc, "funding_gap_usd_b", 2030, 12),
            "$B",
            pct(207.0, 0.25),
            "HSBC Global Investment Research via FT Alphaville, Nov 25 2025 [R]",
        ),
    ]
}

/// Epoch's convention for the capital charge of an owned module (its TCO recovers capex at 7%).
const EPOCH_COST_OF_CAPITAL: f64 = 0.07;
/// The year in which the module of [`owned_gb200_module_tco`] is measured: its third full year online.
const MODULE_YEAR: i32 = 2029;

/// The scenario of check #16: the default's parameters with one contract, an owned and self-built 1 GW
/// GB200 module bought for cash and delivered whole and at once in January 2027, and no procurement or
/// renewals, so every cost of the run is the module's.
pub fn gb200_module_scenario(it_life_years: f64) -> Scenario {
    use crate::{
        ChipGenId, Contract, ContractStatus, Counterparty, FinancingMode, ParamId as P, Pricing,
        RampPoint,
    };
    let gb200 = crate::deals::chip_table()
        .into_iter()
        .find(|g| g.id == ChipGenId::Gb200)
        .expect("GB200 is in the chip table");
    let mut scenario = Scenario {
        contracts: vec![Contract {
            id: "M1".into(),
            name: "Owned 1 GW GB200 module".into(),
            counterparty: Counterparty::Nvidia,
            chips: crate::ChipChoice::Fixed(ChipGenId::Gb200),
            initial_chips: None,
            status: ContractStatus::Binding,
            signed: Month::from_ym(2026, 1),
            ramp: vec![
                RampPoint {
                    month: Month::from_ym(2026, 12),
                    cumulative_gw: 0.0,
                },
                RampPoint {
                    month: Month::from_ym(2027, 1),
                    cumulative_gw: 1.0,
                },
            ],
            end: None,
            pricing: Pricing::Purchase {
                financing: FinancingMode::Cash,
                vendor_content_usd_b_per_gw: gb200.vendor_content_usd_b_per_gw,
                other_it_usd_b_per_gw: gb200.other_it_usd_b_per_gw,
                self_build: true,
            },
            warrant: None,
            equity_grant_usd_b: 0.0,
            source: "Epoch, May 2026: a 1 GW GB200 site".into(),
        }],
        ..Scenario::default()
    };
    for (id, value) in [
        (P::EndogenousProcurement, 0.0),
        (P::AutoRenew, 0.0),
        (P::BaseDelayMonths, 0.0),
        (P::DeliveryFraction, 1.0),
        (P::ItLifeYears, it_life_years),
    ] {
        scenario.params[id] = value;
    }
    scenario
}

/// Check #16, run through `simulate`: the module's cost in [`MODULE_YEAR`] as the model books it
/// (depreciation of the servers and the building, electricity, DC opex) plus Epoch's capital charge, 7% of
/// the average book value (half the capex the run spent on it). $B per year.
pub fn owned_gb200_module_tco(it_life_years: f64) -> f64 {
    let run = simulate(&gb200_module_scenario(it_life_years));
    let capex: f64 = run.series.capex_usd_b.iter().sum();
    run.annual_sum("compute_cost_usd_b", MODULE_YEAR) + EPOCH_COST_OF_CAPITAL * capex / 2.0
}

/// Check #17, read from a run of "As reported": the market lease price at which the model's procurement,
/// renewals and re-lets sign, averaged over 2025 ($/H100e-hour), turned into $B per IT-GW-year at GB200
/// density, to set beside Oracle's contract ($300B for 4.5 GW over five years ≈ $13.3B per GW-year).
pub fn gb200_lease_price_per_gw_year(run: &Run) -> f64 {
    let gb200 = crate::deals::chip_table()
        .into_iter()
        .find(|g| g.id == crate::ChipGenId::Gb200)
        .map_or(0.0, |g| g.h100e_per_mw);
    let price_per_h100e_hour = run
        .annual("market_lease_price_usd_per_h100e_hour", 2025)
        .unwrap_or(f64::NAN);
    price_per_h100e_hour * 12.0 * crate::HOURS_PER_MONTH * gb200 * 1000.0 / 1e9
}
