//! Compute contracts and the chip-generation table (spec §4.2, §4.3): data a user can edit.

use crate::Month;
use serde::{Deserialize, Serialize};

/// Who supplies the chips.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ChipVendor {
    Nvidia,
    Amd,
    Broadcom,
    AwsTrainium,
    Cerebras,
    Google,
}

impl ChipVendor {
    pub const ALL: [ChipVendor; 6] = [
        ChipVendor::Nvidia,
        ChipVendor::Amd,
        ChipVendor::Broadcom,
        ChipVendor::AwsTrainium,
        ChipVendor::Cerebras,
        ChipVendor::Google,
    ];
    pub fn label(self) -> &'static str {
        match self {
            ChipVendor::Nvidia => "NVIDIA",
            ChipVendor::Amd => "AMD",
            ChipVendor::Broadcom => "Broadcom",
            ChipVendor::AwsTrainium => "AWS Trainium",
            ChipVendor::Cerebras => "Cerebras",
            ChipVendor::Google => "Google TPU",
        }
    }
}

/// A chip generation of the technology table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ChipGenId {
    /// The A100/H100 fleet that existed at end-2024.
    Legacy,
    /// Epoch's 2025 mix of H100/H200/GB200.
    Mix2025,
    Gb200,
    Gb300,
    VeraRubin,
    RubinUltra,
    Feynman,
    Mi450,
    Mi500,
    XpuV1,
    XpuV2,
    Trainium2,
    Trainium3,
    Trainium4,
    CerebrasCs3,
    Tpu,
}

/// One row of the chip table. Costs are per IT GW.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChipGen {
    pub id: ChipGenId,
    pub name: String,
    pub vendor: ChipVendor,
    /// First month it can be delivered.
    pub available: Month,
    /// H100-equivalents per IT MW.
    pub h100e_per_mw: f64,
    /// The named vendor's revenue per GW (accelerators, and for Broadcom racks and Ethernet).
    pub vendor_content_usd_b_per_gw: f64,
    /// Other IT hardware per GW (networking, storage, servers not sold by the vendor).
    pub other_it_usd_b_per_gw: f64,
}

/// Whether a deal binds the lab (spec A10).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ContractStatus {
    Binding,
    TermSheet,
    Loi,
}

impl ContractStatus {
    pub const ALL: [ContractStatus; 3] = [
        ContractStatus::Binding,
        ContractStatus::TermSheet,
        ContractStatus::Loi,
    ];
    pub fn label(self) -> &'static str {
        match self {
            ContractStatus::Binding => "binding",
            ContractStatus::TermSheet => "term sheet",
            ContractStatus::Loi => "LOI",
        }
    }
    /// Counted in contractual obligations (binding and term-sheet deals).
    pub fn is_contractual(self) -> bool {
        !matches!(self, ContractStatus::Loi)
    }
}

/// The other side of a capacity deal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Counterparty {
    Azure,
    Oracle,
    Aws,
    CoreWeave,
    GoogleCloud,
    Cerebras,
    /// NVIDIA systems bought through partner shells.
    Nvidia,
    Amd,
    Broadcom,
    /// Stargate JV, SB Energy, Crusoe, Vantage: landlords hosting lab-purchased chips.
    PartnerShell,
    /// Leases signed by the model's own procurement at the market price.
    Market,
}

impl Counterparty {
    pub const ALL: [Counterparty; 11] = [
        Counterparty::Azure,
        Counterparty::Oracle,
        Counterparty::Aws,
        Counterparty::CoreWeave,
        Counterparty::GoogleCloud,
        Counterparty::Cerebras,
        Counterparty::Nvidia,
        Counterparty::Amd,
        Counterparty::Broadcom,
        Counterparty::PartnerShell,
        Counterparty::Market,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Counterparty::Azure => "Microsoft Azure",
            Counterparty::Oracle => "Oracle / Stargate",
            Counterparty::Aws => "AWS",
            Counterparty::CoreWeave => "CoreWeave",
            Counterparty::GoogleCloud => "Google Cloud",
            Counterparty::Cerebras => "Cerebras",
            Counterparty::Nvidia => "NVIDIA systems",
            Counterparty::Amd => "AMD systems",
            Counterparty::Broadcom => "Broadcom XPU",
            Counterparty::PartnerShell => "Partner shells",
            Counterparty::Market => "New leases (model)",
        }
    }
}

/// Which chips a contract delivers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChipChoice {
    /// One named generation throughout.
    Fixed(ChipGenId),
    /// The vendor's latest generation at each delivery month (spec A4).
    Latest(ChipVendor),
}

/// How purchased chips are paid for (spec A7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FinancingMode {
    /// The lab pays cash and owns the hardware.
    Cash,
    /// Like cash, but `purchase_ltv` of the cost is term debt.
    Debt,
    /// A partner or SPV buys and hosts; the lab pays a capital-recovery lease.
    PartnerLease,
}

impl FinancingMode {
    pub const ALL: [FinancingMode; 3] = [
        FinancingMode::Cash,
        FinancingMode::Debt,
        FinancingMode::PartnerLease,
    ];
    pub fn label(self) -> &'static str {
        match self {
            FinancingMode::Cash => "cash purchase",
            FinancingMode::Debt => "debt-financed purchase",
            FinancingMode::PartnerLease => "partner lease",
        }
    }
}

/// What the lab pays.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Pricing {
    /// A lease with a total contract value; the monthly price spreads it over the planned ramp (spec A6).
    LeaseTotal { total_value_usd_b: f64 },
    /// A lease at an explicit price.
    LeasePerGwYear { usd_b_per_gw_year: f64 },
    /// Chips bought by the lab (spec A7). Content figures override the chip table when given.
    Purchase {
        financing: FinancingMode,
        vendor_content_usd_b_per_gw: f64,
        other_it_usd_b_per_gw: f64,
        /// Build own facilities (capex) rather than paying colocation.
        self_build: bool,
    },
}

impl Pricing {
    pub fn is_purchase(&self) -> bool {
        matches!(self, Pricing::Purchase { .. })
    }
}

/// A dated point of a planned cumulative ramp.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct RampPoint {
    pub month: Month,
    pub cumulative_gw: f64,
}

/// AMD-style warrant: the lab receives vendor shares as it deploys.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Warrant {
    pub shares_m: f64,
    pub shares_m_per_gw: f64,
    /// The last tranche vests only if the vendor's share price reaches this.
    pub final_tranche_price_usd: f64,
}

/// A capacity deal (one tranche of spec A1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contract {
    /// Short id shown in tables ("L1", "P2").
    pub id: String,
    pub name: String,
    pub counterparty: Counterparty,
    pub chips: ChipChoice,
    /// Chips of capacity already delivered before 2025 (the legacy fleet), if any.
    #[serde(default)]
    pub initial_chips: Option<ChipGenId>,
    pub status: ContractStatus,
    pub signed: Month,
    pub ramp: Vec<RampPoint>,
    /// Last month of a lease; purchases retire each vintage after the IT life instead.
    pub end: Option<Month>,
    pub pricing: Pricing,
    #[serde(default)]
    pub warrant: Option<Warrant>,
    /// Vendor stock granted to the lab at signing (CoreWeave's $350M), $B.
    #[serde(default)]
    pub equity_grant_usd_b: f64,
    /// Where the deal's figures come from, with evidence grades, for the interface to show.
    #[serde(default)]
    pub source: String,
}

const fn m(year: i32, month: u32) -> Month {
    Month::from_ym(year, month)
}

fn ramp(points: &[(Month, f64)]) -> Vec<RampPoint> {
    points
        .iter()
        .map(|&(month, cumulative_gw)| RampPoint {
            month,
            cumulative_gw,
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn lease(
    id: &str,
    name: &str,
    counterparty: Counterparty,
    chips: ChipChoice,
    status: ContractStatus,
    signed: Month,
    points: &[(Month, f64)],
    end: Month,
    pricing: Pricing,
) -> Contract {
    Contract {
        id: id.into(),
        name: name.into(),
        counterparty,
        chips,
        initial_chips: None,
        status,
        signed,
        ramp: ramp(points),
        end: Some(end),
        pricing,
        warrant: None,
        equity_grant_usd_b: 0.0,
        source: String::new(),
    }
}

fn purchase(
    id: &str,
    name: &str,
    vendor: (Counterparty, ChipVendor),
    status: ContractStatus,
    signed: Month,
    points: &[(Month, f64)],
    content_and_other: (f64, f64),
) -> Contract {
    Contract {
        id: id.into(),
        name: name.into(),
        counterparty: vendor.0,
        chips: ChipChoice::Latest(vendor.1),
        initial_chips: None,
        status,
        signed,
        ramp: ramp(points),
        end: None,
        pricing: Pricing::Purchase {
            financing: FinancingMode::PartnerLease,
            vendor_content_usd_b_per_gw: content_and_other.0,
            other_it_usd_b_per_gw: content_and_other.1,
            self_build: false,
        },
        warrant: None,
        equity_grant_usd_b: 0.0,
        source: String::new(),
    }
}

/// Sources of the "As reported" deals (spec §4.3). Ramp shapes are assumptions wherever no schedule was published.
const DEAL_SOURCES: &[(&str, &str)] = &[
    ("L1", "Friar blog, Jan 2026 [P]: 0.6 GW (2024) → ~1.9 GW (2025); $14B/GW-yr calibrated to 2025 compute $16.3B (The Information via Epoch) [R/E]"),
    ("L2", "Microsoft 8-K Ex. 99.2, Oct 28 2025 [P]: incremental $250B of Azure; ramp [A]"),
    ("L3", "Abilene 1.2 GW, Oracle 15-year lease, $15B Crusoe/Blue Owl financing (FT/Bloomberg 2025) [R]; progress Apr 2026 (Epoch) [E/S]"),
    ("L4", "WSJ, Sep 10 2025 [R]: $300B over about 5 years from 2027, 4.5 GW; ramp [A]"),
    ("L5", "OpenAI/AWS, Nov 3 2025 [P]: $38B over 7 years, capacity before end-2026"),
    ("L6", "Amazon/OpenAI, Feb 27 2026 [P/R]: +$100B over 8 years, about 2 GW of Trainium; ramp [A]"),
    ("L7", "Reuters, Sep 25 2025 [R]: $11.9B + $4B + $6.5B; $350M CoreWeave stock to OpenAI (Mar 2025) [R]"),
    ("L8", "OpenAI/Cerebras, Jan 14 2026 [P/R]: 750 MW through 2028, >$10B; expanded to >$20B over three years, plus warrants and ~$1B toward data centres (Reuters, Apr 16–17 2026) [R]; 1.5 GW to Apr 2029 [A]"),
    ("L9", "Google Cloud deal reported May 2025 [R]; amount undisclosed, price [A]"),
    ("P1", "NVIDIA LOI, Sep 22 2025 [P]: ≥10 GW, first GW H2 2026 on Vera Rubin; stalled, \"never a commitment\" (WSJ, Jan 2026) [R]"),
    ("P2", "AMD/OpenAI 8-K, Oct 6 2025 [P]: 6 GW from H2 2026; warrant for 160M AMD shares vesting per GW; content $20B/GW [R/A]"),
    ("P3", "OpenAI/Broadcom, Oct 13 2025 [P]: 10 GW, deploy H2 2026 to end-2029; content $25B/GW [A]"),
];

/// The "As reported" deals of spec §4.3 (L1–L9, P1–P3).
pub fn reported_contracts() -> Vec<Contract> {
    use ChipChoice::*;
    use ContractStatus::*;
    use Counterparty as C;
    let total = |v: f64| Pricing::LeaseTotal {
        total_value_usd_b: v,
    };
    let per_gw = |v: f64| Pricing::LeasePerGwYear {
        usd_b_per_gw_year: v,
    };
    let mut l1 = lease(
        "L1",
        "Azure legacy fleet",
        C::Azure,
        Fixed(ChipGenId::Mix2025),
        Binding,
        m(2024, 1),
        &[(m(2024, 12), 0.60), (m(2025, 12), 1.25)],
        m(2030, 6),
        per_gw(14.0),
    );
    l1.initial_chips = Some(ChipGenId::Legacy);
    let mut l7 = lease(
        "L7",
        "CoreWeave ($11.9B + $4B + $6.5B)",
        C::CoreWeave,
        Latest(ChipVendor::Nvidia),
        Binding,
        m(2025, 3),
        &[(m(2025, 3), 0.0), (m(2025, 12), 0.25), (m(2026, 12), 0.35)],
        m(2030, 3),
        total(22.4),
    );
    l7.equity_grant_usd_b = 0.35;
    let mut p2 = purchase(
        "P2",
        "AMD Instinct 6 GW",
        (C::Amd, ChipVendor::Amd),
        Binding,
        m(2025, 10),
        &[
            (m(2026, 7), 0.0),
            (m(2027, 6), 1.0),
            (m(2028, 6), 2.25),
            (m(2029, 6), 3.5),
            (m(2030, 6), 4.75),
            (m(2031, 6), 6.0),
        ],
        (20.0, 8.0),
    );
    p2.warrant = Some(Warrant {
        shares_m: 160.0,
        shares_m_per_gw: 26.7,
        final_tranche_price_usd: 600.0,
    });
    let mut deals = vec![
        l1,
        lease(
            "L2",
            "Azure incremental $250B",
            C::Azure,
            Latest(ChipVendor::Nvidia),
            Binding,
            m(2025, 10),
            &[
                (m(2025, 12), 0.0),
                (m(2026, 12), 0.5),
                (m(2027, 12), 1.5),
                (m(2028, 12), 2.5),
                (m(2029, 12), 3.5),
            ],
            m(2032, 12),
            total(250.0),
        ),
        lease(
            "L3",
            "Oracle Stargate Abilene",
            C::Oracle,
            Latest(ChipVendor::Nvidia),
            Binding,
            m(2025, 5),
            &[(m(2025, 9), 0.2), (m(2026, 4), 0.3), (m(2026, 12), 1.2)],
            m(2031, 12),
            per_gw(13.3),
        ),
        lease(
            "L4",
            "Oracle 4.5 GW ($300B)",
            C::Oracle,
            Latest(ChipVendor::Nvidia),
            Binding,
            m(2025, 7),
            &[(m(2026, 12), 0.0), (m(2027, 12), 2.0), (m(2028, 12), 4.5)],
            m(2031, 12),
            total(300.0),
        ),
        lease(
            "L5",
            "AWS $38B",
            C::Aws,
            Latest(ChipVendor::Nvidia),
            Binding,
            m(2025, 11),
            &[(m(2025, 11), 0.0), (m(2026, 12), 0.5)],
            m(2032, 10),
            total(38.0),
        ),
        lease(
            "L6",
            "AWS Trainium $100B",
            C::Aws,
            Latest(ChipVendor::AwsTrainium),
            Binding,
            m(2026, 2),
            &[(m(2026, 12), 0.0), (m(2027, 12), 1.0), (m(2028, 12), 2.0)],
            m(2034, 2),
            total(100.0),
        ),
        l7,
        lease(
            "L8",
            "Cerebras 1.5 GW",
            C::Cerebras,
            Fixed(ChipGenId::CerebrasCs3),
            Binding,
            m(2026, 1),
            &[
                (m(2025, 12), 0.0),
                (m(2026, 12), 0.5),
                (m(2027, 12), 1.0),
                (m(2028, 12), 1.5),
            ],
            m(2029, 4),
            total(20.0),
        ),
        lease(
            "L9",
            "Google Cloud",
            C::GoogleCloud,
            Fixed(ChipGenId::Tpu),
            Binding,
            m(2025, 5),
            &[(m(2025, 6), 0.05)],
            m(2029, 12),
            per_gw(14.0),
        ),
        purchase(
            "P1",
            "NVIDIA 10 GW LOI",
            (C::Nvidia, ChipVendor::Nvidia),
            Loi,
            m(2025, 9),
            &[
                (m(2026, 6), 0.0),
                (m(2026, 12), 1.0),
                (m(2027, 12), 3.0),
                (m(2028, 12), 5.5),
                (m(2029, 12), 8.0),
                (m(2030, 12), 10.0),
            ],
            (35.0, 5.0),
        ),
        p2,
        purchase(
            "P3",
            "Broadcom XPU 10 GW",
            (C::Broadcom, ChipVendor::Broadcom),
            TermSheet,
            m(2025, 10),
            &[
                (m(2026, 6), 0.0),
                (m(2026, 12), 0.5),
                (m(2027, 12), 2.5),
                (m(2028, 12), 6.0),
                (m(2029, 12), 10.0),
            ],
            (25.0, 3.0),
        ),
    ];
    for deal in &mut deals {
        if let Some((_, source)) = DEAL_SOURCES.iter().find(|(id, _)| *id == deal.id) {
            deal.source = (*source).to_string();
        }
    }
    deals
}

/// The chip-generation table of spec §4.2.
pub fn chip_table() -> Vec<ChipGen> {
    use ChipGenId as G;
    use ChipVendor as V;
    let row = |id, name: &str, vendor, available, h100e_per_mw, content, other| ChipGen {
        id,
        name: name.into(),
        vendor,
        available,
        h100e_per_mw,
        vendor_content_usd_b_per_gw: content,
        other_it_usd_b_per_gw: other,
    };
    vec![
        row(
            G::Legacy,
            "A100/H100 (legacy)",
            V::Nvidia,
            m(2020, 1),
            628.0,
            28.0,
            6.0,
        ),
        row(
            G::Mix2025,
            "2025 mix (H100/H200/GB200)",
            V::Nvidia,
            m(2025, 1),
            1030.0,
            24.0,
            5.0,
        ),
        row(
            G::Gb200,
            "GB200 NVL72",
            V::Nvidia,
            m(2025, 1),
            1196.0,
            23.0,
            5.0,
        ),
        row(
            G::Gb300,
            "GB300 NVL72",
            V::Nvidia,
            m(2025, 9),
            1128.0,
            25.0,
            4.0,
        ),
        row(
            G::VeraRubin,
            "Vera Rubin NVL144",
            V::Nvidia,
            m(2026, 9),
            2635.0,
            34.0,
            5.0,
        ),
        row(
            G::RubinUltra,
            "Rubin Ultra NVL576",
            V::Nvidia,
            m(2027, 9),
            3700.0,
            38.0,
            5.0,
        ),
        row(
            G::Feynman,
            "Feynman",
            V::Nvidia,
            m(2028, 9),
            5200.0,
            40.0,
            5.0,
        ),
        row(
            G::Mi450,
            "MI450 (Helios)",
            V::Amd,
            m(2026, 9),
            2100.0,
            20.0,
            8.0,
        ),
        row(
            G::Mi500,
            "MI500-class",
            V::Amd,
            m(2027, 9),
            3000.0,
            21.0,
            9.0,
        ),
        row(
            G::XpuV1,
            "OpenAI XPU v1 (Broadcom)",
            V::Broadcom,
            m(2026, 9),
            2100.0,
            25.0,
            3.0,
        ),
        row(
            G::XpuV2,
            "OpenAI XPU v2 (Broadcom)",
            V::Broadcom,
            m(2028, 1),
            3500.0,
            27.0,
            3.0,
        ),
        row(
            G::Trainium2,
            "Trainium2",
            V::AwsTrainium,
            m(2024, 1),
            754.0,
            0.0,
            0.0,
        ),
        row(
            G::Trainium3,
            "Trainium3",
            V::AwsTrainium,
            m(2026, 1),
            1060.0,
            0.0,
            0.0,
        ),
        row(
            G::Trainium4,
            "Trainium4",
            V::AwsTrainium,
            m(2027, 7),
            2000.0,
            0.0,
            0.0,
        ),
        row(
            G::CerebrasCs3,
            "Cerebras CS-3",
            V::Cerebras,
            m(2026, 1),
            700.0,
            0.0,
            0.0,
        ),
        row(
            G::Tpu,
            "Google TPU",
            V::Google,
            m(2024, 1),
            1030.0,
            0.0,
            0.0,
        ),
    ]
}
