//! Building the capital-flow ledger of a run (spec §2 H).

use super::capacity::{Capacity, Kind, Schedule};
use super::decisions::Decisions;
use super::finance::Finance;
use super::operating::Operations;
use crate::deals::{ChipChoice, ChipGen, ChipVendor, Counterparty};
use crate::funding::Investor;
use crate::ledger::{Edge, FlowCategory as F, Ledger, Node};
use crate::params::ParamId as P;
use crate::scenario::Scenario;
use crate::Month;

/// A cash edge: reported, not in kind.
const fn cash(from: Node, to: Node, category: F) -> Edge {
    Edge {
        from,
        to,
        category,
        estimated: false,
        in_kind: false,
    }
}

/// An edge the model estimates rather than one reported.
const fn estimated(from: Node, to: Node, category: F) -> Edge {
    Edge {
        from,
        to,
        category,
        estimated: true,
        in_kind: false,
    }
}

/// Adds `values[m]` into `column[m]` for the months both cover.
fn add_into(column: &mut [f64], values: &[f64]) {
    for (c, v) in column.iter_mut().zip(values) {
        *c += v;
    }
}

/// Builds the ledger over `horizon` months. The lab's cash flows (edges with `in_kind == false` touching the
/// lab) add up to its change in cash each month; tests hold this.
pub fn build(
    s: &Scenario,
    cap: &Capacity,
    ops: &Operations,
    fin: &Finance,
    decisions: &Decisions,
    horizon: usize,
) -> Ledger {
    let p = &s.params;
    let h = horizon;
    let lab = Node::Lab;
    let azure = Node::Cloud(Counterparty::Azure);
    let shell = Node::Cloud(Counterparty::PartnerShell);
    let mut ledger = Ledger::new(h);

    add_into(
        ledger.column_mut(cash(Node::Customers, lab, F::Customer)),
        &ops.revenue,
    );
    add_into(
        ledger.column_mut(cash(lab, azure, F::RevShare)),
        &ops.rev_share,
    );
    let opex = ledger.column_mut(cash(lab, Node::Suppliers, F::Opex));
    for (m, x) in opex.iter_mut().enumerate() {
        *x += ops.personnel[m]
            + ops.sm_cash[m]
            + ops.ga_cash[m]
            + ops.other_cogs[m]
            + ops.power[m]
            + ops.dc_opex[m];
    }
    add_into(
        ledger.column_mut(estimated(azure, lab, F::ComputeCredits)),
        &ops.noncash,
    );
    add_into(
        ledger.column_mut(cash(lab, Node::Cloud(Counterparty::Market), F::Lease)),
        &ops.procured_payment,
    );

    // The vendor content per GW of the chips a contract gets, month by month (leases report no hardware of
    // their own: the cloud buys it, an estimated flow): the latest of its candidate generations available in the
    // month (the last listed of those that became available latest). A fixed generation is the one candidate,
    // available always; a vendor's latest are picked out once per schedule, not among all chips every month.
    let mut candidates: Vec<(Month, f64)> = Vec::new();
    let pick_candidates = |sch: &Schedule, candidates: &mut Vec<(Month, f64)>| {
        candidates.clear();
        let content = |x: &ChipGen| x.vendor_content_usd_b_per_gw;
        match s.contracts[sch.contract].chips {
            ChipChoice::Fixed(g) => candidates.extend(
                s.chips
                    .iter()
                    .find(|x| x.id == g)
                    .map(|x| (Month(i32::MIN), content(x))),
            ),
            ChipChoice::Latest(v) => candidates.extend(
                s.chips
                    .iter()
                    .filter(|x| x.vendor == v)
                    .map(|x| (x.available, content(x))),
            ),
        }
    };
    // The content in month t, and the month the next candidate becomes available: until then it holds (the
    // deliveries of a schedule, in month order, look it up again only then).
    let content_in = |candidates: &[(Month, f64)], t: usize| -> (f64, i32) {
        let content = candidates
            .iter()
            .filter(|(available, _)| available.0 <= t as i32)
            .max_by_key(|(available, _)| *available)
            .map_or(0.0, |(_, content)| *content);
        let until = candidates
            .iter()
            .map(|(available, _)| available.0)
            .filter(|available| *available > t as i32)
            .min()
            .unwrap_or(i32::MAX);
        (content, until)
    };
    for sch in &cap.schedules {
        let active = sch.active().start.min(h)..sch.active().end.min(h);
        let vendor = Node::ChipVendor(sch.vendor);
        let deliveries = || {
            sch.added_gw()[..h]
                .iter()
                .enumerate()
                .filter(|(_, a)| **a > 0.0)
                .map(|(m, a)| (m, *a))
        };
        match sch.kind {
            Kind::Lease => {
                pick_candidates(sch, &mut candidates);
                let cloud = Node::Cloud(sch.counterparty);
                add_into(
                    &mut ledger.column_mut(cash(lab, cloud, F::Lease))[active.clone()],
                    &sch.payment()[active],
                );
                let hardware = ledger.edge_index(estimated(cloud, vendor, F::IndirectHardware));
                let debt =
                    ledger.edge_index(estimated(Node::PartnerLenders, cloud, F::PartnerDebt));
                let mut held = (0.0, i32::MIN);
                for (m, added) in deliveries() {
                    if m as i32 >= held.1 {
                        held = content_in(&candidates, m);
                    }
                    let content = held.0 * p[P::HwPriceMult];
                    ledger.column_at_mut(hardware)[m] += added * content;
                    let all_in = added * (content / 0.75 + p[P::FacilityCapexPerGw]);
                    ledger.column_at_mut(debt)[m] += p[P::PartnerLtv] * all_in;
                }
            }
            Kind::PartnerLease => {
                add_into(
                    &mut ledger.column_mut(cash(lab, shell, F::Lease))[active.clone()],
                    &sch.payment()[active],
                );
                let hardware = ledger.edge_index(cash(shell, vendor, F::Hardware));
                let debt =
                    ledger.edge_index(estimated(Node::PartnerLenders, shell, F::PartnerDebt));
                for (m, _) in deliveries() {
                    ledger.column_at_mut(hardware)[m] += sch.hardware_at(m).0;
                    ledger.column_at_mut(debt)[m] += p[P::PartnerLtv] * sch.partner_capex_at(m);
                }
            }
            Kind::Owned { .. } => {
                let chips = ledger.edge_index(cash(lab, vendor, F::Hardware));
                let rest = ledger.edge_index(cash(lab, Node::Suppliers, F::Hardware));
                for (m, _) in deliveries() {
                    let (content, other) = sch.hardware_at(m);
                    ledger.column_at_mut(chips)[m] += content;
                    ledger.column_at_mut(rest)[m] += other + sch.facility_capex_at(m);
                }
                add_into(
                    &mut ledger.column_mut(cash(lab, shell, F::Hosting))[active.clone()],
                    sch.colo().get(active).unwrap_or_default(),
                );
            }
        }
    }

    // Distress: unpaid bills are credit from the supplier until paid back; penalties are paid to it.
    for &(m, cp, amount) in &decisions.arrears_flows {
        if amount >= 0.0 {
            ledger.add(cash(Node::Cloud(cp), lab, F::Debt), m, amount);
        } else {
            ledger.add(cash(lab, Node::Cloud(cp), F::Debt), m, -amount);
        }
    }
    for &(m, cp, amount) in &decisions.penalty_flows {
        ledger.add(cash(lab, Node::Cloud(cp), F::Lease), m, amount);
    }
    add_into(
        ledger.column_mut(cash(Node::Lenders, lab, F::Interest)),
        &fin.interest_income,
    );
    add_into(
        ledger.column_mut(cash(lab, Node::Lenders, F::Interest)),
        &fin.interest_expense,
    );
    add_into(
        ledger.column_mut(cash(lab, Node::Government, F::Tax)),
        &fin.tax,
    );
    add_into(
        ledger.column_mut(cash(Node::Lenders, lab, F::Debt)),
        &fin.debt_draws,
    );
    add_into(
        ledger.column_mut(cash(lab, Node::Lenders, F::Debt)),
        &fin.debt_repayments,
    );
    add_into(
        ledger.column_mut(Edge {
            in_kind: !fin.warrants_sold,
            ..cash(Node::ChipVendor(ChipVendor::Amd), lab, F::VendorEquity)
        }),
        &fin.warrant_vested,
    );
    for e in &fin.equity_events {
        let from = if e.investor == Investor::Public {
            Node::Market
        } else {
            Node::Investor(e.investor)
        };
        let category = if e.vendor { F::VendorEquity } else { F::Equity };
        ledger.add(cash(from, lab, category), e.month, e.amount_usd_b);
    }
    // Stock granted with a deal, in the month it is signed.
    for c in s.contracts.iter().filter(|c| c.equity_grant_usd_b > 0.0) {
        if let Ok(m) = usize::try_from(c.signed.0) {
            let grant = Edge {
                in_kind: true,
                ..cash(Node::Cloud(c.counterparty), lab, F::VendorEquity)
            };
            ledger.add(grant, m, c.equity_grant_usd_b);
        }
    }
    ledger
}
