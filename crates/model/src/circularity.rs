//! Circularity per vendor (spec §2 H, chart 6): a view that reads a finished [`Run`]'s ledger, so the run
//! does not call into it. [`Run::circularity`] is defined here.

use crate::deals::{ChipVendor, Counterparty};
use crate::funding::Investor;
use crate::ledger::{FlowCategory as F, Node};
use crate::math::PortablePow;
use crate::run::{Run, VendorCircularity};

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

impl Run {
    /// Circularity per vendor over years `from_year..=to_year` (spec §2 H, chart 6).
    pub fn circularity(&self, from_year: i32, to_year: i32) -> Vec<VendorCircularity> {
        circularity(self, from_year, to_year)
    }
}

/// Spec §2 H metrics per vendor over years `from..=to`.
fn circularity(run: &Run, from: i32, to: i32) -> Vec<VendorCircularity> {
    let months = run.months_of_years(from, to);
    FIRMS
        .iter()
        .map(|firm| {
            let mut spend = 0.0;
            let mut invest = 0.0;
            for (edge, total) in run.ledger.totals(months.clone()) {
                let to_firm = firm.nodes.contains(&edge.to);
                let from_firm = firm.nodes.contains(&edge.from);
                match edge.category {
                    F::Lease | F::Hardware | F::IndirectHardware | F::RevShare if to_firm => {
                        spend += total
                    }
                    F::Equity | F::VendorEquity if from_firm => invest += total,
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
