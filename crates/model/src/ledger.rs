//! The capital-flow ledger of a run (spec §2 H): who pays whom, for what, month by month.
//!
//! Stored as one monthly column per [`Edge`] (two parties, a category, and whether the amount is estimated or
//! in kind), not as a list of dated flows: a run records a few dozen edges over every month, so building it is
//! adding whole schedules into columns, and the Sankey and circularity views sum columns over a window.

use crate::deals::{ChipVendor, Counterparty};
use crate::funding::Investor;
use crate::reuse::{put_back, take_kept};
use crate::Month;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;

/// A party in the capital-flow ledger.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Node {
    Lab,
    Investor(Investor),
    Cloud(Counterparty),
    ChipVendor(ChipVendor),
    Customers,
    Lenders,
    PartnerLenders,
    /// Staff, suppliers, utilities.
    Suppliers,
    Government,
    /// Buyers of the lab's shares in the market (IPO) and of vested warrant shares.
    Market,
}

impl Node {
    pub fn label(self) -> String {
        match self {
            Node::Lab => "The lab".into(),
            Node::Investor(i) => i.label().into(),
            Node::Cloud(c) => c.label().into(),
            Node::ChipVendor(v) => v.label().into(),
            Node::Customers => "Customers".into(),
            Node::Lenders => "Lenders".into(),
            Node::PartnerLenders => "Partner lenders".into(),
            Node::Suppliers => "Staff and suppliers".into(),
            Node::Government => "Government".into(),
            Node::Market => "Public market".into(),
        }
    }
}

/// What a flow is (spec §2 H).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum FlowCategory {
    Equity,
    VendorEquity,
    Lease,
    Hardware,
    Hosting,
    RevShare,
    Debt,
    Interest,
    IndirectHardware,
    PartnerDebt,
    Customer,
    Opex,
    Tax,
    ComputeCredits,
}

impl FlowCategory {
    pub fn label(self) -> &'static str {
        match self {
            FlowCategory::Equity => "equity",
            FlowCategory::VendorEquity => "vendor equity",
            FlowCategory::Lease => "lease",
            FlowCategory::Hardware => "hardware",
            FlowCategory::Hosting => "hosting",
            FlowCategory::RevShare => "revenue share",
            FlowCategory::Debt => "debt",
            FlowCategory::Interest => "interest",
            FlowCategory::IndirectHardware => "indirect hardware",
            FlowCategory::PartnerDebt => "partner debt",
            FlowCategory::Customer => "customer",
            FlowCategory::Opex => "operating costs",
            FlowCategory::Tax => "tax",
            FlowCategory::ComputeCredits => "compute credits",
        }
    }
}

/// What a ledger column is about: money (or value in kind) moving from one party to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Edge {
    pub from: Node,
    pub to: Node,
    pub category: FlowCategory,
    /// Estimated by the model rather than reported (hatched in the Sankey).
    pub estimated: bool,
    /// Value in kind (stock grants, unsold warrant shares): no cash moves.
    pub in_kind: bool,
}

/// One movement of money (or value in kind) in one month: an edge's amount that month.
impl Node {
    /// A number that differs between any two nodes (kind in the high byte, party in the low one).
    fn key(self) -> u64 {
        match self {
            Node::Lab => 0,
            Node::Investor(i) => 0x100 | i as u64,
            Node::Cloud(c) => 0x200 | c as u64,
            Node::ChipVendor(v) => 0x300 | v as u64,
            Node::Customers => 0x400,
            Node::Lenders => 0x500,
            Node::PartnerLenders => 0x600,
            Node::Suppliers => 0x700,
            Node::Government => 0x800,
            Node::Market => 0x900,
        }
    }
}

impl Edge {
    /// A number that differs between any two edges: equal keys, equal edges.
    fn key(self) -> u64 {
        self.from.key()
            | self.to.key() << 16
            | (self.category as u64) << 32
            | u64::from(self.estimated) << 40
            | u64::from(self.in_kind) << 41
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Flow {
    pub month: Month,
    pub from: Node,
    pub to: Node,
    pub category: FlowCategory,
    pub amount_usd_b: f64,
    pub estimated: bool,
    pub in_kind: bool,
}

/// Edges of a typical run (space is reserved for them up front, so columns are not copied as the ledger grows).
const EXPECTED_EDGES: usize = 48;

/// Amounts this small are rounding noise, not flows.
const NEGLIGIBLE_USD_B: f64 = 1e-12;

/// The ledger: for every edge, its amount in each month of the run ($B).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ledger {
    months: usize,
    edges: Vec<Edge>,
    /// [`Edge::key`] of each of `edges`, to find an edge's column quickly.
    keys: Vec<u64>,
    /// Edge-major: edge `e`'s month `m` at `e * months + m`.
    amounts_usd_b: Vec<f64>,
}

thread_local! {
    /// The amounts' storage of the last ledger dropped on this thread, for the next run's ledger: some 70 KB
    /// that would otherwise be allocated and freed every run.
    static KEPT_AMOUNTS: RefCell<Vec<Vec<f64>>> = const { RefCell::new(Vec::new()) };
}

impl Ledger {
    /// An empty ledger over `months` months (Jan 2025 onwards).
    pub(crate) fn new(months: usize) -> Ledger {
        let mut amounts_usd_b = take_kept(&KEPT_AMOUNTS).unwrap_or_default();
        amounts_usd_b.clear();
        amounts_usd_b.reserve(EXPECTED_EDGES * months);
        Ledger {
            months,
            edges: Vec::with_capacity(EXPECTED_EDGES),
            keys: Vec::with_capacity(EXPECTED_EDGES),
            amounts_usd_b,
        }
    }

    /// The index of `edge`'s column, created (all zero) on first use.
    pub(crate) fn edge_index(&mut self, edge: Edge) -> usize {
        // Compared as one word each: the derived comparison walks every field of both nodes.
        let key = edge.key();
        match self.keys.iter().position(|x| *x == key) {
            Some(e) => e,
            None => {
                self.edges.push(edge);
                self.keys.push(key);
                self.amounts_usd_b
                    .resize(self.edges.len() * self.months, 0.0);
                self.edges.len() - 1
            }
        }
    }

    /// The column of `edge` (created on first use), to add amounts into.
    pub(crate) fn column_mut(&mut self, edge: Edge) -> &mut [f64] {
        let e = self.edge_index(edge);
        self.column_at_mut(e)
    }

    /// The column at `index` (from [`Ledger::edge_index`]).
    pub(crate) fn column_at_mut(&mut self, index: usize) -> &mut [f64] {
        &mut self.amounts_usd_b[index * self.months..(index + 1) * self.months]
    }

    /// Adds `amount_usd_b` to `edge` in month index `m` (ignored outside the run).
    pub(crate) fn add(&mut self, edge: Edge, m: usize, amount_usd_b: f64) {
        if let Some(slot) = self.column_mut(edge).get_mut(m) {
            *slot += amount_usd_b;
        }
    }

    /// Every edge with its monthly amounts.
    pub fn columns(&self) -> impl Iterator<Item = (Edge, &[f64])> + '_ {
        self.edges
            .iter()
            .zip(self.amounts_usd_b.chunks(self.months.max(1)))
            .map(|(e, amounts)| (*e, amounts))
    }

    /// Every flow that moves something (|amount| above rounding noise), edge by edge in month order.
    pub fn flows(&self) -> impl Iterator<Item = Flow> + '_ {
        self.columns().flat_map(|(edge, amounts)| {
            amounts
                .iter()
                .enumerate()
                .filter(|(_, a)| a.abs() > NEGLIGIBLE_USD_B)
                .map(move |(m, a)| Flow {
                    month: Month(m as i32),
                    from: edge.from,
                    to: edge.to,
                    category: edge.category,
                    amount_usd_b: *a,
                    estimated: edge.estimated,
                    in_kind: edge.in_kind,
                })
        })
    }

    /// Total of each edge over month indices `range` (clipped to the run), edges in first-use order.
    pub fn totals(&self, range: std::ops::Range<usize>) -> impl Iterator<Item = (Edge, f64)> + '_ {
        let range = range.start.min(self.months)..range.end.min(self.months);
        self.columns()
            .map(move |(edge, amounts)| (edge, amounts[range.clone()].iter().sum()))
    }

    /// Adds every amount to `check`.
    pub(crate) fn check_finite(&self, check: &mut crate::math::FiniteCheck) {
        check.add(&self.amounts_usd_b);
    }

    /// Replaces NaN and infinite amounts with zero (the run's "never NaN" promise); returns how many.
    pub(crate) fn sanitize(&mut self) -> usize {
        crate::math::zero_non_finite(&mut self.amounts_usd_b)
    }
}

impl Drop for Ledger {
    /// Keeps the amounts' storage for the next ledger built on this thread.
    fn drop(&mut self) {
        let amounts = std::mem::take(&mut self.amounts_usd_b);
        if amounts.capacity() > 0 {
            put_back(&KEPT_AMOUNTS, amounts, 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEASE: Edge = Edge {
        from: Node::Lab,
        to: Node::Lenders,
        category: FlowCategory::Debt,
        estimated: false,
        in_kind: false,
    };

    #[test]
    fn amounts_add_per_edge_and_month() {
        let mut ledger = Ledger::new(3);
        ledger.add(LEASE, 1, 2.0);
        ledger.add(LEASE, 1, 0.5);
        ledger.add(LEASE, 7, 9.0);
        let grant = Edge {
            in_kind: true,
            ..LEASE
        };
        ledger.column_mut(grant)[2] = 1.0;
        let flows: Vec<Flow> = ledger.flows().collect();
        assert_eq!(flows.len(), 2);
        assert_eq!((flows[0].month, flows[0].amount_usd_b), (Month(1), 2.5));
        assert!(flows[1].in_kind);
        let totals: Vec<(Edge, f64)> = ledger.totals(0..2).collect();
        assert_eq!(totals, vec![(LEASE, 2.5), (grant, 0.0)]);
    }

    #[test]
    fn negligible_and_non_finite_amounts_are_not_flows() {
        let mut ledger = Ledger::new(2);
        ledger.add(LEASE, 0, 1e-15);
        ledger.add(LEASE, 1, f64::NAN);
        ledger.sanitize();
        assert_eq!(ledger.flows().count(), 0);
    }
}
