//! Builder of the capital-flow (Sankey) diagram.

use gigawatt_model::{FlowCategory, Node};
use plotters::style::RGBColor;

use super::{capitalised, ordered, window_label, Builder};
use crate::data::{ChartBody, SankeyData, SankeyLink, SankeyNode};
use crate::theme::{BLUE, BROWN, GREEN, GREY, ORANGE, PURPLE, RED, TEAL, YELLOW};

/// Columns from left to right: money sources, the lab (and partner lenders), the clouds and cost
/// recipients, the chip vendors. Lenders sit with the sources; interest paid to them runs backwards.
fn column(node: Node) -> usize {
    match node {
        Node::Investor(_) | Node::Customers | Node::Lenders | Node::Market => 0,
        Node::Lab | Node::PartnerLenders => 1,
        Node::Cloud(_) | Node::Suppliers | Node::Government => 2,
        Node::ChipVendor(_) => 3,
    }
}

fn node_color(node: Node) -> RGBColor {
    match node {
        Node::Lab => RED,
        _ => GREY,
    }
}

/// Band colour per ledger category (red is reserved for the lab's node).
fn category_color(category: FlowCategory) -> RGBColor {
    match category {
        FlowCategory::Equity => BLUE,
        FlowCategory::VendorEquity => PURPLE,
        FlowCategory::Customer => GREEN,
        FlowCategory::Lease | FlowCategory::Hosting => TEAL,
        FlowCategory::Hardware | FlowCategory::IndirectHardware => BROWN,
        FlowCategory::RevShare | FlowCategory::ComputeCredits => YELLOW,
        FlowCategory::Debt | FlowCategory::Interest | FlowCategory::PartnerDebt => GREY,
        FlowCategory::Opex | FlowCategory::Tax => ORANGE,
    }
}

/// Chart 7: capital flows summed over `window`. Nodes are ordered by column, then by the money through them.
pub(super) fn sankey(b: &mut Builder, window: (i32, i32)) {
    let (from, to) = ordered(window);
    b.data.title = format!("Capital flows, {}", window_label(window));
    let flows: Vec<_> = b
        .run
        .flows_between(from, to)
        .into_iter()
        .filter(|f| f.3.is_finite() && f.3 > 0.0 && f.0 != f.1)
        .collect();
    let mut nodes: Vec<(Node, f64)> = Vec::new();
    for (a, z, _, v, _) in &flows {
        for n in [*a, *z] {
            match nodes.iter_mut().find(|(m, _)| *m == n) {
                Some(entry) => entry.1 += v,
                None => nodes.push((n, *v)),
            }
        }
    }
    gigawatt_model::sort::sort_by(&mut nodes, |x, y| {
        column(x.0)
            .cmp(&column(y.0))
            .then(y.1.total_cmp(&x.1))
            .then(x.0.cmp(&y.0))
    });
    let index = |n: Node| nodes.iter().position(|(m, _)| *m == n).unwrap_or(0);
    let links = flows
        .iter()
        .map(|(a, z, category, v, estimated)| SankeyLink {
            from: index(*a),
            to: index(*z),
            category: capitalised(category.label()),
            value_usd_b: *v,
            estimated: *estimated,
            color: category_color(*category),
        })
        .collect();
    let nodes = nodes
        .iter()
        .map(|(n, _)| SankeyNode {
            name: n.label(),
            column: column(*n),
            color: node_color(*n),
        })
        .collect();
    b.data.body = ChartBody::Flows(SankeyData { nodes, links });
    if flows.is_empty() {
        b.data
            .notes
            .push(format!("No capital flows in {}.", window_label(window)));
    }
}
