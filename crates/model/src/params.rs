//! Every scalar assumption of the model, in one table (spec §4). The table drives the sliders, validation,
//! share links and Monte Carlo, so adding a knob means adding one row here.

use serde::{Deserialize, Serialize};

/// How well-founded a default is (spec's evidence grades).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Grade {
    /// Primary: a company release, filing or official statement.
    P,
    /// Reputable press (Reuters, Bloomberg, WSJ, FT, The Information).
    R,
    /// Epoch AI analysis or data.
    E,
    /// Secondary or aggregator page; lower confidence.
    S,
    /// Derived by arithmetic from cited figures.
    D,
    /// Assumption: editable, no source.
    A,
}

impl Grade {
    /// A short human description for info pop-overs.
    pub fn label(self) -> &'static str {
        match self {
            Grade::P => "primary source",
            Grade::R => "reputable press",
            Grade::E => "Epoch AI analysis",
            Grade::S => "secondary source",
            Grade::D => "derived",
            Grade::A => "assumption",
        }
    }
}

/// The input groups the interface shows (spec §4 groups).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ParamGroup {
    Demand,
    Capacity,
    Technology,
    Costs,
    Financing,
    Valuation,
}

impl ParamGroup {
    /// All groups in display order.
    pub const ALL: [ParamGroup; 6] = [
        ParamGroup::Demand,
        ParamGroup::Capacity,
        ParamGroup::Technology,
        ParamGroup::Costs,
        ParamGroup::Financing,
        ParamGroup::Valuation,
    ];
    /// Heading shown in the interface.
    pub fn label(self) -> &'static str {
        match self {
            ParamGroup::Demand => "Demand and pricing",
            ParamGroup::Capacity => "Capacity and delivery",
            ParamGroup::Technology => "Chips and technology",
            ParamGroup::Costs => "Costs",
            ParamGroup::Financing => "Financing",
            ParamGroup::Valuation => "Valuation",
        }
    }
}

/// How a parameter's value reads to a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ParamKind {
    /// A plain number in `unit`, shown times `display_scale` (e.g. shares shown as %).
    Number,
    /// On (1) or off (0).
    Toggle,
    /// A month, stored as `year + (month − 1)/12`; 0 means "never".
    Date,
}

/// The rules a parameter's value must keep (see [`ParamSpec::check`]).
#[derive(Clone, Copy, Debug)]
enum ParamRule {
    /// A number, not NaN or infinite.
    Number,
    /// A toggle is 0 or 1.
    Toggle,
    /// A date is 0 (never) or a month from 2025 to its maximum.
    Date,
    /// The stall year is 0 (never) or a year from 2026 to its maximum.
    StallYear,
    /// Within the parameter's range.
    Range,
}

/// The description of one scalar parameter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParamSpec {
    pub id: ParamId,
    /// Stable snake_case key used in files, links and the DOM. Never rename one.
    pub key: &'static str,
    pub label: &'static str,
    /// The unit of the displayed value (after `display_scale`).
    pub unit: &'static str,
    pub group: ParamGroup,
    pub kind: ParamKind,
    /// Default in the "As reported" scenario (model units).
    pub default: f64,
    /// Allowed range (model units). Values outside are rejected, never clamped silently.
    pub min: f64,
    pub max: f64,
    /// Slider step (model units).
    pub step: f64,
    /// Multiply a model value by this to display it (100 for fractions shown as %).
    pub display_scale: f64,
    pub grade: Grade,
    /// Where the default comes from.
    pub source: &'static str,
    /// True when Monte Carlo samples this parameter by default (spec §3, "MC").
    pub uncertain: bool,
}

macro_rules! params {
    ($( $id:ident $key:literal $label:literal [$unit:literal] $group:ident $kind:ident
        = $def:literal in $min:literal ..= $max:literal step $step:literal x $scale:literal
        $grade:ident $mc:literal $source:literal ;)*) => {
        /// Identifies one scalar parameter; index into [`Params`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum ParamId { $($id,)* }

        static SPECS: &[ParamSpec] = &[$(ParamSpec {
            id: ParamId::$id, key: $key, label: $label, unit: $unit, group: ParamGroup::$group,
            kind: ParamKind::$kind, default: $def, min: $min, max: $max, step: $step,
            display_scale: $scale, grade: Grade::$grade, source: $source, uncertain: $mc,
        },)*];
    };
}

params! {
    // ---- Demand and pricing (§4.5)
    Wau2030Scale "wau_2030_scale" "Weekly users 2030 (scale of plan)" ["×"] Demand Number = 1.0 in 0.55 ..= 1.35 step 0.01 x 1.0 A true "Scales OpenAI's 2.6B-WAU-by-2030 plan (The Information, 2025); 0.55 ≈ 1.4B, 1.35 ≈ 3.5B";
    PaidShare2030 "paid_share_2030" "Paid share of weekly users, 2030" ["%"] Demand Number = 0.085 in 0.05 ..= 0.12 step 0.001 x 100.0 R true "220M subscribers by 2030 plan (The Information); 50M in Feb 2026 (OpenAI)";
    ArpuSub2025 "arpu_sub_2025" "Subscription ARPU, 2025" ["$/mo"] Demand Number = 20.0 in 16.0 ..= 26.0 step 0.5 x 1.0 D true "~$7–8B consumer subscriptions over ~30M average subscribers in 2025; Plus $20, Pro $200";
    ArpuSubGrowth "g_arpu_sub" "Subscription ARPU change" ["%/yr"] Demand Number = -0.03 in -0.08 ..= 0.05 step 0.005 x 100.0 A true "Assumption: Go tier and international mix";
    SeatScale "seat_scale" "Business seats (scale of plan)" ["×"] Demand Number = 1.0 in 0.5 ..= 1.7 step 0.01 x 1.0 P true "9M paying business users (OpenAI, Feb 27 2026); path to 52M in 2030 is an assumption";
    ArpuSeat "arpu_seat" "Business seat ARPU" ["$/mo"] Demand Number = 25.0 in 15.0 ..= 40.0 step 0.5 x 1.0 A true "List prices of Business/Enterprise plans";
    ApiRev2025 "api_rev_2025" "API revenue, 2025" ["$B"] Demand Number = 2.7 in 2.2 ..= 3.5 step 0.05 x 1.0 R false "API ≈ 25% of revenue mid-2025 (FT, via Epoch)";
    ApiVolGrowth2026 "api_vol_growth_2026" "API token growth, 2026" ["×/yr"] Demand Number = 5.0 in 1.5 ..= 8.0 step 0.05 x 1.0 D true "OpenAI API: 6B tokens/min (Oct 2025) → 15B/min (Mar 2026), ≈9×/yr annualised; v2 recalibration (spec v2 §2 R2.2)";
    ApiVolGrowthFloor "api_vol_growth_floor" "API token growth from 2030" ["×/yr"] Demand Number = 2.1 in 1.2 ..= 3.0 step 0.05 x 1.0 A true "Assumption: growth slows linearly to this by 2030; v2 recalibration so inference stays a realistic share of the fleet";
    ApiPriceChange "api_price_chg" "API price per token change" ["%/yr"] Demand Number = -0.47 in -0.70 ..= -0.10 step 0.01 x 100.0 A true "Constant-capability prices fall 9–900×/yr (Epoch, 2025); v2: −47%/yr, about the fall in serving cost per token (efficiency ×1.5/yr, market price −29%/yr), so API margins hold";
    FreeArpu2030 "free_arpu_2030" "Ads and commerce per free user, 2030" ["$/yr"] Demand Number = 15.0 in 3.0 ..= 25.0 step 0.5 x 1.0 R true "$46B of $174B in 2030 ≈ $15 per free user (The Information, Jan 2026)";
    OtherRev2030 "other_rev_2030" "Other revenue, 2030 (agents, devices)" ["$B/yr"] Demand Number = 20.0 in 0.0 ..= 60.0 step 1.0 x 1.0 A true "Assumption: agents, devices, AI-cloud resale (Altman, Nov 2025)";
    TokensPerPrompt2025 "tpp_2025" "Tokens per prompt, 2025" ["tokens"] Demand Number = 1500.0 in 500.0 ..= 5000.0 step 50.0 x 1.0 A true "Assumption incl. context and reasoning; calibrated jointly with inference efficiency";
    TokensPerPromptGrowth "tpp_growth" "Tokens per prompt growth" ["%/yr"] Demand Number = 1.0 in 0.0 ..= 1.0 step 0.01 x 100.0 A true "Assumption: reasoning and agents (tokens per query up an order of magnitude 2024–26); slows to the 2030 rate; v2 recalibration";
    StallFromYear "stall_from_year" "Revenue growth stalls from (0 = never)" ["year"] Demand Number = 0.0 in 0.0 ..= 2035.0 step 1.0 x 1.0 A false "Scenario S7: from this year users, paid share and other revenue freeze, seats grow 10%/yr, ads capped at $3";
    BetaSub "beta_sub" "Rationing elasticity, subscriptions" ["exp"] Demand Number = 0.5 in 0.0 ..= 2.0 step 0.05 x 1.0 A false "Assumption: how revenue falls when capacity covers less than demand";
    BetaBiz "beta_biz" "Rationing elasticity, business" ["exp"] Demand Number = 0.5 in 0.0 ..= 2.0 step 0.05 x 1.0 A false "Assumption";
    BetaApi "beta_api" "Rationing elasticity, API" ["exp"] Demand Number = 1.0 in 0.0 ..= 2.0 step 0.05 x 1.0 A false "Assumption";
    BetaAds "beta_ads" "Rationing elasticity, ads" ["exp"] Demand Number = 1.0 in 0.0 ..= 2.0 step 0.05 x 1.0 A false "Assumption";
    BetaOther "beta_other" "Rationing elasticity, other" ["exp"] Demand Number = 1.0 in 0.0 ..= 2.0 step 0.05 x 1.0 A false "Assumption";
    PaidTokenShare "paid_token_share" "Paid users' share of tokens" ["%"] Demand Number = 0.30 in 0.05 ..= 0.9 step 0.01 x 100.0 A false "Assumption, for the compute-margin metric (spec §6.5)";

    // ---- Capacity and delivery (§4.2, §4.3)
    HorizonMonths "horizon_months" "Horizon" ["months"] Capacity Number = 180.0 in 120.0 ..= 180.0 step 12.0 x 1.0 A false "2025–2039 by default";
    BaseDelayMonths "base_delay_months" "Delivery delay" ["months"] Capacity Number = 6.0 in 0.0 ..= 18.0 step 1.0 x 1.0 A true "Abilene's full build slipped from mid-2026 to Q4 2026 (Epoch via DC tracker); applies to ramp points after Apr 2026";
    DeliveryFraction "delivery_fraction" "Share of planned capacity delivered" ["%"] Capacity Number = 0.9 in 0.6 ..= 1.0 step 0.01 x 100.0 A true "Assumption; Abilene's 600 MW expansion was scrapped (2026)";
    MaxNewGwPerYear "max_new_gw_per_year" "Power cap: new GW per 12 months (0 = none)" ["GW"] Capacity Number = 0.0 in 0.0 ..= 50.0 step 0.5 x 1.0 A false "Assumption, for the power-constrained scenario";
    TermFromDelivery "term_from_delivery" "Lease terms start at delivery" ["on/off"] Capacity Toggle = 1.0 in 0.0 ..= 1.0 step 1.0 x 1.0 A false "Assumption: a delayed lease ends later";
    LoiScale "loi_scale" "Share of LOI capacity realised" ["%"] Capacity Number = 1.0 in 0.0 ..= 1.0 step 0.05 x 100.0 A false "NVIDIA's 10 GW LOI is non-binding and stalled (WSJ, Jan 2026)";
    NvidiaOverlapShare "nvidia_overlap_share" "NVIDIA LOI overlap with cloud deals" ["%"] Capacity Number = 0.0 in 0.0 ..= 1.0 step 0.05 x 100.0 A false "Spec §8.5: the 10 GW may overlap Oracle/Azure capacity";
    AbileneSeparate "abilene_separate" "Abilene is separate from Oracle's 4.5 GW" ["on/off"] Capacity Toggle = 1.0 in 0.0 ..= 1.0 step 1.0 x 1.0 A false "Spec §8.4: reporting is ambiguous";
    AnnouncedGwFacility "announced_gw_facility" "Deal GW are facility (not IT) GW" ["on/off"] Capacity Toggle = 0.0 in 0.0 ..= 1.0 step 1.0 x 1.0 E false "Epoch reads disclosed GW as IT power, with a 10% prior on facility power";
    EndogenousProcurement "endogenous_procurement" "Sign new leases when short of demand" ["on/off"] Capacity Toggle = 1.0 in 0.0 ..= 1.0 step 1.0 x 1.0 A false "Assumption (spec B5)";
    ProcurementLeadMonths "procurement_lead_months" "Procurement lead time" ["months"] Capacity Number = 12.0 in 3.0 ..= 24.0 step 1.0 x 1.0 A false "Assumption";
    Headroom "headroom" "Inference headroom" ["%"] Capacity Number = 0.10 in 0.0 ..= 0.30 step 0.01 x 100.0 A false "Assumption";
    TrainCapShare "train_cap_share" "Training budget for new leases" ["% NTM rev"] Capacity Number = 0.40 in 0.20 ..= 0.60 step 0.01 x 100.0 A false "Assumption; holds through 2030, the build-out the company planned";
    TrainFloor "train_floor" "Capacity reserved for training" ["%"] Capacity Number = 0.30 in 0.15 ..= 0.50 step 0.01 x 100.0 A false "Assumption; inference cost expected to exceed training by 2030 (The Information)";
    DTrain2025 "d_train_2025_12" "Training appetite, Dec 2025" ["M H100e"] Capacity Number = 860000.0 in 600000.0 ..= 1100000.0 step 10000.0 x 0.000001 E false "Epoch: inference ≈ 50% of 1.72M H100e in 2025";
    GTrain2026 "g_train_2026_27" "Training growth 2026–27" ["×/yr"] Capacity Number = 3.0 in 2.0 ..= 4.0 step 0.1 x 1.0 A true "Epoch: frontier training compute grows 4–5×/yr";
    GTrain2028 "g_train_2028_29" "Training growth 2028–29" ["×/yr"] Capacity Number = 2.0 in 1.3 ..= 3.0 step 0.1 x 1.0 A true "Assumption";
    GTrain2030 "g_train_2030p" "Training growth from 2030" ["×/yr"] Capacity Number = 1.4 in 1.1 ..= 1.8 step 0.05 x 1.0 A true "Assumption";

    // ---- Chips and technology (§4.2)
    Eta2025 "eta_2025" "Inference efficiency, 2025" ["tok/s/H100e"] Technology Number = 340.0 in 120.0 ..= 1000.0 step 10.0 x 1.0 D true "Calibration: puts 2025 cost of revenue at the audited $7.5B (FT) and Q1-2026 gross margin within 39% ± 8 pp (The Information, Jun 2026) with v2 demand paths; spec scratch value 350";
    EtaGrowth "eta_growth" "Inference efficiency growth" ["×/yr"] Technology Number = 1.5 in 1.1 ..= 3.0 step 0.05 x 1.0 A true "Epoch: compute for fixed performance halves every ~8 months";
    H100ePerMwLegacy "h100e_per_mw_legacy" "Legacy fleet density" ["H100e/MW"] Technology Number = 628.0 in 550.0 ..= 700.0 step 1.0 x 1.0 D false "377k H100e / 600 MW (Epoch)";
    RubinH100ePerMw "rubin_h100e_per_mw" "Vera Rubin density" ["H100e/MW"] Technology Number = 2635.0 in 1800.0 ..= 4300.0 step 5.0 x 1.0 A true "1.2 EF FP8 per 72-package rack at ~230 kW (NVIDIA GTC 2025)";
    PerfPerWattGrowth "perf_per_watt_growth" "Performance per watt growth" ["×/yr"] Technology Number = 1.4 in 1.2 ..= 1.8 step 0.05 x 1.0 E true "Epoch: supercomputer performance 2.5×/yr vs power 2×/yr; GPU efficiency doubles ~3 yr";
    HwCostChange "hw_cost_per_h100e_change" "Hardware cost per H100e change" ["%/yr"] Technology Number = -0.30 in -0.45 ..= -0.15 step 0.01 x 100.0 E true "Hardware at fixed performance ~30% cheaper each year (Epoch)";
    HwPriceMult "hw_price_mult" "Hardware price multiplier" ["×"] Technology Number = 1.0 in 0.5 ..= 1.5 step 0.01 x 1.0 A true "Assumption: scales all hardware cost per GW";
    FacilityCapexPerGw "facility_capex_per_gw" "Facility capex per IT GW" ["$B"] Technology Number = 12.0 in 8.0 ..= 20.0 step 0.5 x 1.0 D true "Epoch 1 GW site: $38B capex of which servers ≈ $25B (May 2026)";
    ColoPricePerGwYear "colo_price_per_gw_yr" "Colocation price" ["$B/GW-yr"] Technology Number = 2.0 in 1.4 ..= 3.0 step 0.1 x 1.0 A false "≈ CRF(14 yr, 9%) × $12B + margin";
    Pue "pue" "PUE" ["ratio"] Technology Number = 1.2 in 1.1 ..= 1.4 step 0.01 x 1.0 E true "LBNL 2024 via Epoch: AI DCs 1.14 (2023); Epoch facility/IT 1.4";
    PowerPrice "power_price" "Power price" ["$/MWh"] Technology Number = 70.0 in 40.0 ..= 120.0 step 1.0 x 1.0 P true "EIA US industrial average $80.6/MWh (2023); campus PPAs lower";
    UtilPower "util_power" "Average power draw" ["% of peak"] Technology Number = 0.8 in 0.6 ..= 1.0 step 0.01 x 100.0 A false "Assumption";
    DcOpexPerGwYear "dc_opex_per_gw_yr" "Non-energy DC opex" ["$B/GW-yr"] Technology Number = 0.3 in 0.2 ..= 0.6 step 0.05 x 1.0 E false "Epoch 1 GW: $0.9B opex of which $0.6B energy";
    ItLifeYears "it_life" "IT useful life" ["years"] Technology Number = 5.0 in 3.0 ..= 6.0 step 0.5 x 1.0 E true "Epoch default 5 yr; Microsoft/Alphabet 6, Meta 5.5, Amazon 5 (10-Ks)";
    FacilityLifeYears "facility_life" "Facility life" ["years"] Technology Number = 14.0 in 10.0 ..= 20.0 step 1.0 x 1.0 E false "Epoch";
    MarketLeasePrice2025 "mkt_lease_price_2025" "Market lease price, 2025" ["$/H100e-hr"] Technology Number = 1.32 in 0.9 ..= 1.8 step 0.01 x 1.0 D true "SemiAnalysis 3-yr GB200 $3.30/GPU-hr ÷ 2.5 H100e (Aug 2025, via Epoch)";
    MarketLeasePriceChange "mkt_lease_price_change" "Market lease price change" ["%/yr"] Technology Number = -0.29 in -0.40 ..= -0.10 step 0.01 x 100.0 A true "Falls with hardware cost per H100e (−30%/yr, Epoch), so a GW of new capacity costs about the same each year as performance per watt grows 1.4×/yr; H100 1-yr contracts $8 (2023) → $1.70 (Oct 2025) → $2.35 (Mar 2026)";
    PartnerRate "partner_rate" "Partner financing rate" ["%"] Technology Number = 0.09 in 0.07 ..= 0.12 step 0.0025 x 100.0 A false "Hyperion SPV bonds 6.58% (Oct 2025) plus equity return";
    PartnerLtv "partner_ltv" "Partner loan-to-value" ["%"] Technology Number = 0.7 in 0.5 ..= 0.9 step 0.01 x 100.0 R false "Abilene $9.6B debt of ~$15B; Hyperion $27B debt + $2.5B equity";

    // ---- Costs (§4.6)
    RsNet2025 "rs_net_2025" "Microsoft revenue share (net), 2025" ["%"] Costs Number = 0.09 in 0.05 ..= 0.13 step 0.005 x 100.0 R false "Leaked net payments $865.8M Q1–Q3 2025 (TechCrunch); gross 20% with ~20% reciprocal";
    RsNet2030 "rs_net_2030" "Microsoft revenue share (net), 2030" ["%"] Costs Number = 0.04 in 0.02 ..= 0.08 step 0.005 x 100.0 R false "Planned to fall to 8–10% gross by 2030 (The Information); 0 after 2032";
    OtherCogsRate "other_cogs_rate" "Other cost of revenue" ["% rev"] Costs Number = 0.02 in 0.01 ..= 0.05 step 0.005 x 100.0 A false "Assumption: payments, support";
    PersonnelCash2025 "personnel_cash_2025" "Personnel (cash), 2025" ["$B/yr"] Costs Number = 4.0 in 3.0 ..= 6.0 step 0.1 x 1.0 D false "2025 costs $34.0B less compute, SBC, S&M, G&A (FT)";
    PersonnelGrowth2025 "personnel_growth_2025" "Personnel growth, 2025" ["%/yr"] Costs Number = 0.35 in 0.0 ..= 0.8 step 0.01 x 100.0 A false "Assumption";
    PersonnelGrowth2030 "personnel_growth_2030" "Personnel growth, 2030" ["%/yr"] Costs Number = 0.10 in 0.0 ..= 0.4 step 0.01 x 100.0 A false "Assumption: reached by mid-2030 from the 2025 rate; from 2031 moves to the 2035 rate";
    SbcScale "sbc_scale" "Stock compensation (scale)" ["×"] Costs Number = 1.0 in 0.75 ..= 1.3 step 0.01 x 1.0 R true "SBC ≈ $6B in 2025, $2.3B in Q1 2026 (The Information)";
    SmRate2025 "sm_rate_2025" "Sales & marketing, 2025" ["% rev"] Costs Number = 0.37 in 0.2 ..= 0.5 step 0.01 x 100.0 D false "S&M $5.73B in 2025 incl. SBC (FT)";
    SmRate2030 "sm_rate_2030" "Sales & marketing, 2030" ["% rev"] Costs Number = 0.12 in 0.05 ..= 0.3 step 0.01 x 100.0 A false "Assumption";
    GaRate2025 "ga_rate_2025" "G&A, 2025" ["% rev"] Costs Number = 0.09 in 0.03 ..= 0.15 step 0.005 x 100.0 D false "G&A $1.57B in 2025 (FT)";
    GaRate2030 "ga_rate_2030" "G&A, 2030" ["% rev"] Costs Number = 0.04 in 0.01 ..= 0.1 step 0.005 x 100.0 A false "Assumption";
    GaFloor "ga_floor" "G&A floor" ["$B/yr"] Costs Number = 1.2 in 0.5 ..= 3.0 step 0.1 x 1.0 D false "G&A $1.57B in 2025 (FT)";
    NoncashCompute2025 "noncash_compute_2025" "Non-cash compute, 2025 (plug)" ["$B"] Costs Number = 6.0 in 3.0 ..= 8.0 step 0.1 x 1.0 D false "Calibration: makes 2025 burn ≈ $8B vs a $20.9B loss (Azure credits, prepaid compute)";
    NoncashCompute2026 "noncash_compute_2026" "Non-cash compute, 2026 (plug)" ["$B"] Costs Number = 2.0 in 0.0 ..= 4.0 step 0.1 x 1.0 D false "Calibration plug, fades out after 2026";
    TaxRate "tax_rate" "Tax rate (after losses used)" ["%"] Costs Number = 0.21 in 0.0 ..= 0.35 step 0.01 x 100.0 P false "US federal rate; NOL carry-forward";

    // ---- Financing (§4.1, §4.4, §4.6)
    Cash0 "cash_0" "Cash, end 2024" ["$B"] Financing Number = 10.0 in 7.0 ..= 13.0 step 0.1 x 1.0 D false "$17.5B end-Jun 2025 less the $10B April tranche plus $2.5B H1 burn";
    InterestIncomeRate "interest_income_rate" "Interest on cash" ["%"] Financing Number = 0.04 in 0.025 ..= 0.05 step 0.0025 x 100.0 A false "Assumption";
    CostOfDebt "cost_of_debt" "Cost of debt" ["%"] Financing Number = 0.065 in 0.05 ..= 0.10 step 0.0025 x 100.0 R true "Meta Hyperion SPV 6.58% (Oct 2025); bank project loans 6–8%";
    RevolverLimit "revolver_limit" "Revolving credit line" ["$B"] Financing Number = 4.0 in 4.0 ..= 10.0 step 0.5 x 1.0 R false "$4B revolver, undrawn (FT, Nov 2025)";
    PurchaseLtv "purchase_ltv" "Debt share of debt-financed chips" ["%"] Financing Number = 0.7 in 0.0 ..= 0.9 step 0.01 x 100.0 A false "Assumption";
    MaxDebtToNtmRevenue "max_debt_to_ntm_rev" "Debt limit" ["× NTM rev"] Financing Number = 0.5 in 0.0 ..= 2.0 step 0.05 x 1.0 A false "Assumption";
    MinCashAbs "min_cash_abs" "Minimum cash" ["$B"] Financing Number = 10.0 in 0.0 ..= 50.0 step 1.0 x 1.0 A false "Assumption";
    MinCashMonths "min_cash_months" "Minimum cash (months of burn)" ["months"] Financing Number = 6.0 in 0.0 ..= 24.0 step 1.0 x 1.0 A false "Assumption";
    AutoEquity "auto_equity" "Raise equity when short" ["on/off"] Financing Toggle = 1.0 in 0.0 ..= 1.0 step 1.0 x 1.0 A false "Assumption";
    AutoDebt "auto_debt" "Borrow when short" ["on/off"] Financing Toggle = 0.0 in 0.0 ..= 1.0 step 1.0 x 1.0 A false "Assumption";
    RaiseDiscount "raise_discount" "Discount on new equity" ["%"] Financing Number = 0.10 in 0.0 ..= 0.40 step 0.01 x 100.0 A true "Assumption";
    IpoDate "ipo_date" "IPO date (0 = none)" ["date"] Financing Date = 0.0 in 0.0 ..= 2040.0 step 0.083333333333 x 1.0 R false "Confidential S-1 reported Jun 2026, listing possibly Sep 2026 (Reuters)";
    IpoPrimary "ipo_primary" "IPO primary raise" ["$B"] Financing Number = 0.0 in 0.0 ..= 200.0 step 5.0 x 1.0 A false "Scenario S12 assumes $60B";
    IpoDiscount "ipo_discount" "IPO discount to model value" ["%"] Financing Number = 0.15 in 0.0 ..= 0.4 step 0.01 x 100.0 A false "Assumption";
    AmazonTriggerDate "amazon_trigger_date" "Amazon $35B trigger (0 = never)" ["date"] Financing Date = 2026.4166666667 in 0.0 ..= 2040.0 step 0.083333333333 x 1.0 R false "Confidential S-1 filing reported Jun 2026 makes Amazon's $35B mandatory (8-K); lapses end-2028";
    NvidiaFinancingPerGw "nvidia_financing_per_gw" "NVIDIA invests per GW deployed ($10B/GW)" ["on/off"] Financing Toggle = 0.0 in 0.0 ..= 1.0 step 1.0 x 1.0 P false "Original LOI (Sep 2025): up to $100B, $10B per GW deployed";
    AmdSharePrice "amd_share_price" "AMD share price" ["$"] Financing Number = 200.0 in 100.0 ..= 600.0 step 5.0 x 1.0 A false "Last warrant tranche vests only at ≥ $600 (AMD 8-K)";
    SellWarrantsOnVest "sell_warrants_on_vest" "Sell AMD warrant shares on vesting" ["on/off"] Financing Toggle = 0.0 in 0.0 ..= 1.0 step 1.0 x 1.0 A false "Assumption";

    // ---- Valuation (§4.7)
    MultipleScale "multiple_scale" "Valuation multiple (scale)" ["×"] Valuation Number = 1.0 in 0.5 ..= 1.5 step 0.01 x 1.0 A true "Multiple of NTM revenue vs growth, fitted to the $300B/$500B/$852B marks";

    // ---- Economics v2 (MODEL-SPEC-V2 §2, §4, §5). Appended, so v1 link indices stay valid.
    UsageElasticity "usage_elasticity" "Usage elasticity to serving cost" ["ε"] Demand Number = 1.3 in 0.0 ..= 2.0 step 0.05 x 1.0 A true "Jevons: token volume ∝ (serving cost ÷ reference)^−ε. Prices fell 9–900×/yr (Epoch, Mar 2025) while OpenAI's API rose from 6B to 15B tokens/min (Oct 2025–Mar 2026) and inference spend quadrupled in 2025 (The Information/CNBC, Feb 2026)";
    ApiPricePassThrough "api_price_pass_through" "API price follows serving cost" ["%"] Demand Number = 1.0 in 0.0 ..= 1.0 step 0.05 x 100.0 A false "Assumption: share of a serving-cost change passed on to API prices (subscriptions are priced per seat)";
    TokensPerPromptGrowth2030 "tpp_growth_2030" "Tokens per prompt growth from 2030" ["%/yr"] Demand Number = 1.3 in 0.0 ..= 2.0 step 0.01 x 100.0 A true "Assumption: the rate moves linearly from the 2025 rate to this by 2030 and holds (agents, long reasoning). 2.3×/yr ≈ (serving cost per token, 0.47×/yr)^−1.1: labs spend cheaper tokens on longer answers, so serving spend per prompt rises slowly (ε > 1, v2 §2) and gross margin stays below 80% (v2 §6)";
    AutoRenew "auto_renew" "Renew expiring leases when needed" ["on/off"] Capacity Toggle = 1.0 in 0.0 ..= 1.0 step 1.0 x 1.0 A false "Spec v2 §4: expiring leases and partner leases renew at the market price for what forecast need requires";
    RenewTermMonths "renew_term_months" "Term of renewals and new leases" ["months"] Capacity Number = 60.0 in 12.0 ..= 120.0 step 6.0 x 1.0 A false "Assumption: five-year cloud terms (CoreWeave, Oracle 2025)";
    ConfirmLeadMonths "confirm_lead_months" "Options confirmed ahead of delivery" ["months"] Capacity Number = 12.0 in 3.0 ..= 24.0 step 1.0 x 1.0 A false "Assumption: chips and sites are ordered about a year ahead";
    ConfirmThreshold "confirm_threshold" "Need to confirm an option" ["% of step"] Capacity Number = 0.5 in 0.0 ..= 1.0 step 0.05 x 100.0 A false "Assumption: a step is confirmed when forecast need beyond committed capacity is at least this share of it";
    DeferMonths "defer_months" "Deferral of an option that fails" ["months"] Capacity Number = 6.0 in 1.0 ..= 12.0 step 1.0 x 1.0 A false "Assumption";
    MaxDeferMonths "max_defer_months" "Options lapse after deferrals of" ["months"] Capacity Number = 24.0 in 0.0 ..= 48.0 step 1.0 x 1.0 A false "Assumption: NVIDIA's LOI stalled within months (WSJ, Jan 2026)";
    EquityCapacityShare "equity_capacity_share" "Equity capacity per 12 months" ["% of value"] Financing Number = 0.15 in 0.0 ..= 0.5 step 0.01 x 100.0 D true "$122B in 2026 was 14% of the $852B post-money; $40B in 2025 was 13% of $300B (OpenAI, Mar 2026 and Mar 2025)";
    RenegotiateDeferMonths "renegotiate_defer_months" "Distress: deferral of undelivered binding capacity" ["months"] Financing Number = 12.0 in 0.0 ..= 36.0 step 1.0 x 1.0 A false "Assumption: how far suppliers let a distressed buyer push deliveries";
    RenegotiatePenalty "renegotiate_penalty" "Distress: penalty on deferred payments" ["%"] Financing Number = 0.10 in 0.0 ..= 0.5 step 0.01 x 100.0 A false "Assumption";
    DefaultAfterMonths "default_after_months" "Distress: arrears before default" ["months"] Financing Number = 6.0 in 1.0 ..= 24.0 step 1.0 x 1.0 A false "Assumption: typical cure periods of take-or-pay leases";
    MsAmendment "ms_amendment" "Microsoft amendment from May 2026" ["on/off"] Costs Toggle = 1.0 in 0.0 ..= 1.0 step 1.0 x 1.0 P false "Microsoft and OpenAI, Apr 27 2026 (CNBC): from May 2026 OpenAI pays a gross share of revenue and Microsoft no longer pays its share back, until a total cap or the end of 2030, then nothing. Off: the earlier net share (rs_net_2025 → rs_net_2030) throughout";
    RsAmendedGross "rs_amended_gross" "Microsoft revenue share after the amendment" ["%"] Costs Number = 0.20 in 0.0 ..= 0.25 step 0.005 x 100.0 R false "20% of revenue through 2030, 'independent of technology progress' (Microsoft and OpenAI, CNBC, Apr 27 2026)";
    RsAmendedCap "rs_amended_cap" "Microsoft revenue share cap" ["$B"] Costs Number = 38.0 in 0.0 ..= 200.0 step 1.0 x 1.0 R false "$38B of total payments through 2030 (The Information via Reuters, May 11 2026); counted from May 2026 [A]";
    NoncashH12025Share "noncash_h1_2025_share" "Non-cash compute, H1 share of 2025" ["%"] Costs Number = 0.55 in 0.3 ..= 0.8 step 0.01 x 100.0 D false "Calibration: splits the 2025 non-cash plug between halves so H1 2025 burn ≈ $2.5B (The Information, Sep 2025) while CY2025 burn ≈ $8B";
    ApiMarginCap "api_margin_cap" "API compute margin ceiling" ["%"] Demand Number = 0.75 in 0.3 ..= 0.95 step 0.01 x 100.0 A false "Assumption: rival and open-weight APIs keep prices within a few times serving cost, so after the observed period an API token never sells for more than serving cost ÷ (1 − this); without it, API prices falling slower than serving cost would push margins towards 100%";
    OtherRevCogsRate "other_rev_cogs_rate" "Cost of other revenue" ["% of other"] Costs Number = 0.5 in 0.0 ..= 0.9 step 0.01 x 100.0 A false "Assumption: devices, agent commerce and resold cloud carry their own cost of revenue (hardware and cloud businesses run 30–70%); their tokens are not in the demand paths";
    // ---- Added in link version 4
    TrainCapShare2035 "train_cap_share_2035" "Training budget for new leases, 2035 on" ["% NTM rev"] Capacity Number = 0.15 in 0.10 ..= 0.60 step 0.01 x 100.0 A false "Assumption: from 2031 the budget moves linearly to this share by 2035, as a maturing lab's R&D settles toward big tech's (Alphabet ≈ 15%, Meta ≈ 27% of revenue, people included, 10-Ks 2024): training leases at 15% with people put the default's R&D at about 35% of revenue in the late 2030s; at 40% the default burns cash for ever";
    PersonnelGrowth2035 "personnel_growth_2035" "Personnel growth, 2035 on" ["%/yr"] Costs Number = 0.05 in 0.0 ..= 0.4 step 0.01 x 100.0 A false "Assumption: from 2031 cash pay and stock compensation grow at a rate that moves linearly from the 2030 rate to this by 2035, about the default's revenue growth in the 2030s (5–7%/yr); at the 2030 rate (and SBC's earlier +12%/yr) people costs outgrow revenue for a decade and stock pay reaches 22% of revenue by 2039";
}

impl ParamId {
    /// Number of parameters.
    pub const COUNT: usize = SPECS.len();

    /// This parameter's description.
    pub fn spec(self) -> &'static ParamSpec {
        &SPECS[self as usize]
    }
    /// The parameter with this key, if any.
    pub fn from_key(key: &str) -> Option<ParamId> {
        SPECS.iter().find(|s| s.key == key).map(|s| s.id)
    }
}

/// All parameter descriptions, in display order within their groups.
pub fn param_specs() -> &'static [ParamSpec] {
    SPECS
}

impl ParamSpec {
    /// Why `value` is not acceptable for this parameter, if it is not.
    pub fn check(&self, value: f64) -> Result<(), String> {
        match self.broken_rule(value) {
            None => Ok(()),
            Some(rule) => Err(self.rule_text(rule)),
        }
    }

    /// The first rule `value` breaks, if any: the tests alone, cheap enough for every run's validation (the
    /// messages are written apart, by [`ParamSpec::rule_text`]).
    #[inline]
    fn broken_rule(&self, value: f64) -> Option<ParamRule> {
        if !value.is_finite() {
            Some(ParamRule::Number)
        } else if self.kind == ParamKind::Toggle && value != 0.0 && value != 1.0 {
            Some(ParamRule::Toggle)
        } else if self.kind == ParamKind::Date
            && value != 0.0
            && !(2025.0..=self.max).contains(&value)
        {
            Some(ParamRule::Date)
        } else if self.id == ParamId::StallFromYear
            && value != 0.0
            && !(2026.0..=self.max).contains(&value)
        {
            Some(ParamRule::StallYear)
        } else if value < self.min - 1e-9 || value > self.max + 1e-9 {
            Some(ParamRule::Range)
        } else {
            None
        }
    }

    /// The message of a broken rule.
    #[cold]
    #[inline(never)]
    fn rule_text(&self, rule: ParamRule) -> String {
        match rule {
            ParamRule::Number => format!("{} must be a number", self.label),
            ParamRule::Toggle => format!("{} is on (1) or off (0)", self.label),
            ParamRule::Date => format!(
                "{} must be a month from 2025-01 to {:.0}, or never",
                self.label, self.max
            ),
            ParamRule::StallYear => format!(
                "{} must be a year from 2026 to {:.0}, or 0 for never",
                self.label, self.max
            ),
            ParamRule::Range => {
                let s = self.display_scale;
                format!(
                    "{} must be between {} and {} {}",
                    self.label,
                    trim_number(self.min * s),
                    trim_number(self.max * s),
                    self.unit
                )
            }
        }
    }

    /// The value as a person reads it: scaled, with the unit, dates as YYYY-MM.
    pub fn format(&self, value: f64) -> String {
        match self.kind {
            ParamKind::Toggle => if value != 0.0 { "on" } else { "off" }.to_string(),
            ParamKind::Date if value == 0.0 => "never".to_string(),
            ParamKind::Date => crate::Month::from_decimal_start(value).to_string(),
            ParamKind::Number => {
                format!("{} {}", trim_number(value * self.display_scale), self.unit)
            }
        }
    }
}

/// A number with at most 4 significant decimals and no trailing zeros ("0.5", "12", "-35").
pub fn trim_number(x: f64) -> String {
    let s = format!("{:.4}", x);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// Values of every scalar parameter, indexed by [`ParamId`].
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    values: [f64; ParamId::COUNT],
}

impl Default for Params {
    fn default() -> Params {
        let mut values = [0.0; ParamId::COUNT];
        for spec in SPECS {
            values[spec.id as usize] = spec.default;
        }
        Params { values }
    }
}

impl std::ops::Index<ParamId> for Params {
    type Output = f64;
    fn index(&self, id: ParamId) -> &f64 {
        &self.values[id as usize]
    }
}

impl std::ops::IndexMut<ParamId> for Params {
    fn index_mut(&mut self, id: ParamId) -> &mut f64 {
        &mut self.values[id as usize]
    }
}

impl Params {
    /// True when a toggle parameter is on.
    pub fn on(&self, id: ParamId) -> bool {
        self[id] != 0.0
    }
    /// (id, value) for every parameter whose value differs from `other`'s.
    pub fn differences<'a>(
        &'a self,
        other: &'a Params,
    ) -> impl Iterator<Item = (ParamId, f64)> + 'a {
        SPECS
            .iter()
            .filter(move |s| self[s.id].to_bits() != other[s.id].to_bits())
            .map(move |s| (s.id, self[s.id]))
    }
}

/// Serialised as a map key → value, so files stay readable and robust to added parameters.
impl Serialize for Params {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(ParamId::COUNT))?;
        for spec in SPECS {
            map.serialize_entry(spec.key, &self[spec.id])?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Params {
    /// Missing keys take their defaults; unknown keys are an error naming the key.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Params, D::Error> {
        let raw = std::collections::BTreeMap::<String, f64>::deserialize(deserializer)?;
        let mut params = Params::default();
        for (key, value) in raw {
            let id = ParamId::from_key(&key)
                .ok_or_else(|| serde::de::Error::custom(format!("unknown parameter '{key}'")))?;
            params[id] = value;
        }
        Ok(params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_consistent() {
        for (i, spec) in SPECS.iter().enumerate() {
            assert_eq!(spec.id as usize, i, "{} out of order", spec.key);
            assert!(
                spec.min <= spec.default && spec.default <= spec.max,
                "{} default out of range",
                spec.key
            );
            assert!(spec.step > 0.0, "{}", spec.key);
            assert_eq!(spec.check(spec.default), Ok(()), "{}", spec.key);
            assert_eq!(ParamId::from_key(spec.key), Some(spec.id));
        }
    }

    #[test]
    fn check_rejects_bad_values_with_the_label() {
        let spec = ParamId::BaseDelayMonths.spec();
        assert!(spec.check(f64::NAN).unwrap_err().contains("Delivery delay"));
        assert!(spec.check(-1.0).unwrap_err().contains("between 0 and 18"));
        assert!(ParamId::AutoEquity.spec().check(0.5).is_err());
        assert!(ParamId::IpoDate.spec().check(2026.9167).is_ok());
        assert!(ParamId::IpoDate.spec().check(1999.0).is_err());
        assert_eq!(ParamId::DeliveryFraction.spec().format(0.9), "90 %");
        assert_eq!(
            ParamId::AmazonTriggerDate.spec().format(2026.4166666667),
            "2026-06"
        );
    }
}
