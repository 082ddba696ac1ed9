//! The monthly operating results: what the operating loop (`operations`) writes and the financing passes
//! (`finance`) and the ledger read.

use super::scratch::Scratch;

/// A lease signed by procurement (or a renewal), at the market price of its month.
pub struct Signing {
    pub signed: usize,
    pub start: usize,
    pub end: usize,
    pub monthly_usd_b: f64,
}

/// Monthly operating results. Vectors of length `horizon` unless noted.
pub struct Operations {
    pub horizon: usize,
    pub revenue: Scratch,
    pub streams: [Scratch; 5],
    pub phi: Scratch,
    pub tokens_served: Scratch,
    pub it_gw: Scratch,
    pub h100e: Scratch,
    pub c_inf: Scratch,
    pub c_train: Scratch,
    pub idle: Scratch,
    pub compute_cost: Scratch,
    pub k_inf: Scratch,
    pub k_train: Scratch,
    pub k_idle: Scratch,
    pub rev_share: Scratch,
    pub other_cogs: Scratch,
    pub personnel: Scratch,
    pub sm_cash: Scratch,
    pub ga_cash: Scratch,
    pub sbc: Scratch,
    pub ebit: Scratch,
    pub depreciation: Scratch,
    pub noncash: Scratch,
    /// Lease and partner-lease payments including procured leases.
    pub lease_payments: Scratch,
    pub colo: Scratch,
    pub power: Scratch,
    pub dc_opex: Scratch,
    pub owned_gw: Scratch,
    /// Capex for owned chips and self-built facilities.
    pub capex: Scratch,
    /// Hardware bought with purchase debt (the lab borrows `purchase_ltv` of it).
    pub debt_financed_hw: Scratch,
    /// −(EBIT + depreciation + SBC + non-cash compute − capex): burn before interest and tax.
    pub operating_burn: Scratch,
    /// Average operating burn over the next twelve months (at least 0): sizes minimum cash and raises.
    pub forward_burn: Scratch,
    /// Procured leases: active GW, H100e and payments over the whole schedule length.
    pub procured_gw: Scratch,
    pub procured_h100e: Scratch,
    pub procured_payment: Scratch,
    pub procured_signed_value: Scratch,
    pub procured_added_gw: Scratch,
    /// Procured GW leaving at the end of their term, per month (renewal candidates).
    pub procured_retired_gw: Scratch,
    /// Renewed GW online (a part of `procured_gw`); empty when only the fans are computed.
    pub renewed_gw: Scratch,
    pub signings: Vec<Signing>,
    pub lead_months: usize,
}
