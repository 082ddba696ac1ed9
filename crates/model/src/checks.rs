//! The reality checks of spec §7: values the default scenario must reproduce. Nothing here is an input; every
//! value comes out of a run. Used by the tests and by `gigawatt check`.

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
}

impl CheckResult {
    pub fn passed(&self) -> bool {
        self.value.is_finite() && self.value >= self.low && self.value <= self.high
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
    }
}

/// Runs checks #1–#20 on "As reported" and #21 on "Company plan".
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
    let module = owned_gb200_module_tco();
    let gm_2025 = 1.0 - run.annual_sum("cost_of_revenue_usd_b", 2025) / revenue_2025;
    let plan = simulate(&Scenario::preset(PresetId::CompanyPlan));

    vec![
        check(
            1,
            "Revenue, CY2025",
            "$13.07B ±10%".into(),
            revenue_2025,
            "$B",
            pct(13.07, 0.10),
            "FT on audited FS, Jun 2026 [R]",
        ),
        check(
            2,
            "Revenue, H1 2025",
            "$4.3B ±15%".into(),
            sum(&run, "revenue_usd_b", jan25, jun25),
            "$B",
            pct(4.3, 0.15),
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
            (1.75, 2.05),
            "Friar [P]",
        ),
        check(
            5,
            "H100e, Dec 2025",
            "1.72M ±30%".into(),
            at(&run, "h100e", 2025, 12) / 1e6,
            "M",
            pct(1.72, 0.30),
            "Epoch [E]",
        ),
        check(
            6,
            "Compute spend, CY2025",
            "$16.3B ±20%".into(),
            run.annual_sum("compute_cost_usd_b", 2025),
            "$B",
            pct(16.3, 0.20),
            "The Information via Epoch [R/E]",
        ),
        check(
            7,
            "Cost of revenue, CY2025",
            "$7.5B ±25%".into(),
            run.annual_sum("cost_of_revenue_usd_b", 2025),
            "$B",
            pct(7.5, 0.25),
            "FT [R]",
        ),
        check(
            7,
            "Gross margin, CY2025",
            "43% ±10 pp".into(),
            gm_2025 * 100.0,
            "%",
            (33.0, 53.0),
            "FT [R]",
        ),
        check(
            8,
            "Operating loss, CY2025",
            "$20.9B ±15%".into(),
            -run.annual_sum("operating_income_usd_b", 2025),
            "$B",
            pct(20.9, 0.15),
            "FT [R]",
        ),
        check(
            9,
            "Cash burn, CY2025",
            "~$8B ±$2.5B".into(),
            burn_2025,
            "$B",
            (5.5, 10.5),
            "The Information [R]",
        ),
        check(
            10,
            "Cash burn, H1 2025",
            "$2.5B ±$1B".into(),
            burn_h1,
            "$B",
            (1.5, 3.5),
            "The Information [R]",
        ),
        check(
            11,
            "Cash, end-Jun 2025",
            "$17.5B ±15%".into(),
            cash(2025, 6),
            "$B",
            pct(17.5, 0.15),
            "The Information [R]",
        ),
        check(
            12,
            "Microsoft net revenue share, Q1–Q3 2025",
            "$0.87B ±35%".into(),
            sum(&run, "rev_share_usd_b", jan25, sep25),
            "$B",
            pct(0.87, 0.35),
            "TechCrunch, Nov 2025 [R]",
        ),
        check(
            13,
            "Obligations at Nov 2025 (leases + vendor content, incl. LOIs)",
            "~$1.4T ±20%".into(),
            at(&run, "obligations_headline_usd_b", 2025, 11) / 1000.0,
            "$T",
            pct(1.4, 0.20),
            "Altman, Nov 2025 [P]",
        ),
        check(
            14,
            "Planned IT GW by 2030, announced",
            "~30 GW ±30%".into(),
            at(&run, "announced_gw", 2030, 12),
            "GW",
            pct(30.0, 0.30),
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
        ),
        check(
            16,
            "Owned 1 GW GB200 module TCO",
            "$8.5B/yr ±10%".into(),
            module,
            "$B/yr",
            pct(8.5, 0.10),
            "Epoch, May 2026 [E]",
        ),
        check(
            17,
            "GB200 market lease price per IT-GW-year",
            "$13.8B ±15%".into(),
            gb200_lease_price_per_gw_year(),
            "$B",
            pct(13.8, 0.15),
            "[D]",
        ),
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
            pct(50.0, 0.15),
            "OpenAI [P]",
        ),
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
            pct(200.0, 0.15),
            "The Information, Sep 2025 [R]",
        ),
    ]
}

/// Epoch's owned 1 GW GB200 module: $38B capex ($25B IT over 5 years, $13B facility over 14 years) recovered at
/// 7%, plus $0.9B opex of which energy is priced from the power parameters. $B per year.
pub fn owned_gb200_module_tco() -> f64 {
    let p = crate::Params::default();
    use crate::ParamId as P;
    let energy = p[P::Pue] * 8.76 * p[P::UtilPower] * p[P::PowerPrice] / 1000.0;
    25.0 * crate::crf(0.07, p[P::ItLifeYears])
        + 13.0 * crate::crf(0.07, p[P::FacilityLifeYears])
        + energy
        + p[P::DcOpexPerGwYear]
}

/// The market lease price of spec §4.2 ($/H100e-hour) turned into $B per IT-GW-year for GB200 density.
pub fn gb200_lease_price_per_gw_year() -> f64 {
    let p = crate::Params::default();
    let gb200 = crate::deals::chip_table()
        .into_iter()
        .find(|g| g.id == crate::ChipGenId::Gb200)
        .map_or(0.0, |g| g.h100e_per_mw);
    p[crate::ParamId::MarketLeasePrice2025] * 8760.0 * gb200 * 1000.0 / 1e9
}
