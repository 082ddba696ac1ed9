//! The capital-flow ledger (spec §2 H) and the circularity metrics derived from it.

use super::capacity::{Capacity, Kind};
use super::exogenous::Exogenous;
use super::finance::Finance;
use super::operations::Operations;
use crate::deals::{ChipChoice, ChipVendor, Counterparty};
use crate::funding::Investor;
use crate::math::PortablePow;
use crate::params::ParamId as P;
use crate::run::{Flow, FlowCategory as F, Node, Run, VendorCircularity};
use crate::scenario::Scenario;
use crate::Month;

/// Builds the month-by-month ledger. The lab's cash flows (those with `in_kind == false` touching the lab) add
/// up to its change in cash each month; tests hold this.
pub fn build(
    s: &Scenario,
    _exo: &Exogenous,
    cap: &Capacity,
    ops: &Operations,
    fin: &Finance,
    horizon: usize,
) -> Vec<Flow> {
    let p = &s.params;
    // About 15 flows a month for the default deals; kept under the allocator's mmap threshold (128 KB).
    let mut ledger = Vec::with_capacity(horizon * 16);
    let mut push = |month: usize,
                    from: Node,
                    to: Node,
                    category: F,
                    amount: f64,
                    estimated: bool,
                    in_kind: bool| {
        if amount.abs() > 1e-12 {
            ledger.push(Flow {
                month: Month(month as i32),
                from,
                to,
                category,
                amount_usd_b: amount,
                estimated,
                in_kind,
            });
        }
    };
    let lab = Node::Lab;
    let chip_content = |sch: &super::capacity::Schedule, t: usize| -> f64 {
        let c = &s.contracts[sch.contract];
        let gen = match c.chips {
            ChipChoice::Fixed(g) => s.chips.iter().find(|x| x.id == g),
            ChipChoice::Latest(v) => s
                .chips
                .iter()
                .filter(|x| x.vendor == v && x.available.0 <= t as i32)
                .max_by_key(|x| x.available),
        };
        gen.map_or(0.0, |g| g.vendor_content_usd_b_per_gw)
    };
    let mut equity = fin.equity_events.iter().peekable();
    // Stock granted with a deal, in signing order (recorded in the month the deal is signed).
    let mut grants: Vec<_> = s
        .contracts
        .iter()
        .filter(|c| c.equity_grant_usd_b > 0.0)
        .collect();
    grants.sort_by_key(|c| c.signed);
    let mut grants = grants.into_iter().peekable();
    for m in 0..horizon {
        push(
            m,
            Node::Customers,
            lab,
            F::Customer,
            ops.revenue[m],
            false,
            false,
        );
        push(
            m,
            lab,
            Node::Cloud(Counterparty::Azure),
            F::RevShare,
            ops.rev_share[m],
            false,
            false,
        );
        push(
            m,
            lab,
            Node::Suppliers,
            F::Opex,
            ops.personnel[m]
                + ops.sm_cash[m]
                + ops.ga_cash[m]
                + ops.other_cogs[m]
                + ops.power[m]
                + ops.dc_opex[m],
            false,
            false,
        );
        push(
            m,
            Node::Cloud(Counterparty::Azure),
            lab,
            F::ComputeCredits,
            ops.noncash[m],
            true,
            false,
        );
        push(
            m,
            lab,
            Node::Cloud(Counterparty::Market),
            F::Lease,
            ops.procured_payment[m],
            false,
            false,
        );
        for sch in &cap.schedules {
            let added = sch.added_gw()[m];
            // Zero amounts are never recorded: skip months without capacity, payments or deliveries.
            if added == 0.0 && !sch.active.contains(&m) {
                continue;
            }
            match sch.kind {
                Kind::Lease => {
                    push(
                        m,
                        lab,
                        Node::Cloud(sch.counterparty),
                        F::Lease,
                        sch.payment()[m],
                        false,
                        false,
                    );
                    if added > 0.0 {
                        let content = chip_content(sch, m) * p[P::HwPriceMult];
                        push(
                            m,
                            Node::Cloud(sch.counterparty),
                            Node::ChipVendor(sch.vendor),
                            F::IndirectHardware,
                            added * content,
                            true,
                            false,
                        );
                        let all_in = added * (content / 0.75 + p[P::FacilityCapexPerGw]);
                        push(
                            m,
                            Node::PartnerLenders,
                            Node::Cloud(sch.counterparty),
                            F::PartnerDebt,
                            p[P::PartnerLtv] * all_in,
                            true,
                            false,
                        );
                    }
                }
                Kind::PartnerLease => {
                    let shell = Node::Cloud(Counterparty::PartnerShell);
                    push(m, lab, shell, F::Lease, sch.payment()[m], false, false);
                    // Hardware and the partner's capex come only with deliveries.
                    if added > 0.0 {
                        push(
                            m,
                            shell,
                            Node::ChipVendor(sch.vendor),
                            F::Hardware,
                            sch.hardware_at(m).0,
                            false,
                            false,
                        );
                        push(
                            m,
                            Node::PartnerLenders,
                            shell,
                            F::PartnerDebt,
                            p[P::PartnerLtv] * sch.partner_capex_at(m),
                            true,
                            false,
                        );
                    }
                }
                Kind::Owned { .. } => {
                    if added > 0.0 {
                        push(
                            m,
                            lab,
                            Node::ChipVendor(sch.vendor),
                            F::Hardware,
                            sch.hardware_at(m).0,
                            false,
                            false,
                        );
                        push(
                            m,
                            lab,
                            Node::Suppliers,
                            F::Hardware,
                            sch.hardware_at(m).1 + sch.facility_capex_at(m),
                            false,
                            false,
                        );
                    }
                    push(
                        m,
                        lab,
                        Node::Cloud(Counterparty::PartnerShell),
                        F::Hosting,
                        sch.colo_at(m),
                        false,
                        false,
                    );
                }
            }
        }
        push(
            m,
            Node::Lenders,
            lab,
            F::Interest,
            fin.interest_income[m],
            false,
            false,
        );
        push(
            m,
            lab,
            Node::Lenders,
            F::Interest,
            fin.interest_expense[m],
            false,
            false,
        );
        push(m, lab, Node::Government, F::Tax, fin.tax[m], false, false);
        push(
            m,
            Node::Lenders,
            lab,
            F::Debt,
            fin.debt_draws[m],
            false,
            false,
        );
        push(
            m,
            lab,
            Node::Lenders,
            F::Debt,
            fin.debt_repayments[m],
            false,
            false,
        );
        push(
            m,
            Node::ChipVendor(ChipVendor::Amd),
            lab,
            F::VendorEquity,
            fin.warrant_vested[m],
            false,
            !fin.warrants_sold,
        );
        // Equity events are recorded in month order by the financing pass.
        while let Some(e) = equity.next_if(|e| e.month == m) {
            let from = if e.investor == Investor::Public {
                Node::Market
            } else {
                Node::Investor(e.investor)
            };
            push(
                m,
                from,
                lab,
                if e.vendor { F::VendorEquity } else { F::Equity },
                e.amount_usd_b,
                false,
                false,
            );
        }
        while let Some(c) = grants.next_if(|c| c.signed.0 <= m as i32) {
            if c.signed.0 < 0 {
                continue;
            }
            push(
                m,
                Node::Cloud(c.counterparty),
                lab,
                F::VendorEquity,
                c.equity_grant_usd_b,
                false,
                true,
            );
        }
    }
    ledger
}

/// A firm on both sides of the lab: the nodes its money comes from and goes to, and its revenue baseline.
struct Firm {
    name: &'static str,
    nodes: &'static [Node],
    /// (base year, revenue $B that year, growth per year).
    baseline: (i32, f64, f64),
}

const FIRMS: &[Firm] = &[
    Firm {
        name: "NVIDIA",
        nodes: &[
            Node::ChipVendor(ChipVendor::Nvidia),
            Node::Investor(Investor::Nvidia),
        ],
        baseline: (2025, 215.9, 0.15),
    },
    Firm {
        name: "AMD",
        nodes: &[Node::ChipVendor(ChipVendor::Amd)],
        baseline: (2025, 34.6, 0.20),
    },
    Firm {
        name: "Amazon",
        nodes: &[
            Node::Cloud(Counterparty::Aws),
            Node::ChipVendor(ChipVendor::AwsTrainium),
            Node::Investor(Investor::Amazon),
        ],
        baseline: (2025, 128.7, 0.20),
    },
    Firm {
        name: "Microsoft",
        nodes: &[
            Node::Cloud(Counterparty::Azure),
            Node::Investor(Investor::Microsoft),
        ],
        baseline: (2025, 75.0, 0.25),
    },
    Firm {
        name: "CoreWeave",
        nodes: &[Node::Cloud(Counterparty::CoreWeave)],
        baseline: (2025, 5.13, 0.60),
    },
    Firm {
        name: "Oracle",
        nodes: &[Node::Cloud(Counterparty::Oracle)],
        baseline: (2026, 67.4, 0.25),
    },
    Firm {
        name: "Broadcom",
        nodes: &[Node::ChipVendor(ChipVendor::Broadcom)],
        baseline: (2025, 20.0, 0.50),
    },
];

/// Spec §2 H metrics per vendor over years `from..=to`.
pub(crate) fn circularity(run: &Run, from: i32, to: i32) -> Vec<VendorCircularity> {
    FIRMS
        .iter()
        .map(|firm| {
            let mut spend = 0.0;
            let mut invest = 0.0;
            for f in run
                .ledger
                .iter()
                .filter(|f| (from..=to).contains(&f.month.year()))
            {
                let to_firm = firm.nodes.contains(&f.to);
                let from_firm = firm.nodes.contains(&f.from);
                match f.category {
                    F::Lease | F::Hardware | F::IndirectHardware | F::RevShare if to_firm => {
                        spend += f.amount_usd_b
                    }
                    F::Equity | F::VendorEquity if from_firm => invest += f.amount_usd_b,
                    _ => {}
                }
            }
            let (base_year, base, growth) = firm.baseline;
            let revenue: f64 = (from..=to)
                .map(|y| base * (1.0 + growth).pow_portable((y - base_year) as f64))
                .sum();
            VendorCircularity {
                vendor: firm.name.to_string(),
                lab_spend_usd_b: spend,
                vendor_invest_usd_b: invest,
                ratio: if spend > 0.0 { invest / spend } else { 0.0 },
                share_of_vendor_revenue: if revenue > 0.0 { spend / revenue } else { 0.0 },
            }
        })
        .collect()
}
