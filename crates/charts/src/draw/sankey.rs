//! The capital-flow (Sankey) diagram: nodes in columns, bands whose thickness is the $B flowed.

use plotters::prelude::*;

use super::paint::{Align, Painter};
use crate::data::{SankeyData, SankeyLink};
use crate::format::format_value;
use crate::mapping::{edge_y, ChartMapping, LinkBand, XMapping};
use crate::{ChartError, DrawOptions, Unit};

/// Which side of a node a link attaches to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    Right,
}

/// Where a band runs: (source x, source top y, target x, target top y, thickness), in backend pixels.
type Band = (f64, f64, f64, f64, f64);

/// Node boxes and per-link band positions, in backend pixels.
struct Layout {
    /// (left, top, right, bottom) per node.
    rects: Vec<(f64, f64, f64, f64)>,
    /// Per link: (source x, source top y, target x, target top y, thickness); None for unusable links.
    bands: Vec<Option<Band>>,
}

fn usable(link: &SankeyLink, nodes: usize) -> bool {
    link.value_usd_b.is_finite()
        && link.value_usd_b > 0.0
        && link.from < nodes
        && link.to < nodes
        && link.from != link.to
}

/// Forward links leave a node's right side and enter the target's left side; links that go back (or stay
/// in a column, e.g. a vendor investing in the lab) leave the left side and enter the right side.
fn sides(s: &SankeyData, link: &SankeyLink) -> (Side, Side) {
    if s.nodes[link.to].column > s.nodes[link.from].column {
        (Side::Right, Side::Left)
    } else {
        (Side::Left, Side::Right)
    }
}

fn layout(s: &SankeyData, plot: (f64, f64, f64, f64), node_w: f64, gap: f64) -> Layout {
    let (pl, pt, pr, pb) = plot;
    let n = s.nodes.len();
    let mut side_total = vec![[0.0f64; 2]; n];
    for link in s.links.iter().filter(|l| usable(l, n)) {
        let (a, b) = sides(s, link);
        side_total[link.from][a as usize] += link.value_usd_b;
        side_total[link.to][b as usize] += link.value_usd_b;
    }
    let size: Vec<f64> = side_total.iter().map(|t| t[0].max(t[1])).collect();
    let columns = s.nodes.iter().map(|n| n.column).max().map_or(0, |c| c + 1);
    let height = (pb - pt).max(1.0);
    // One value→pixel scale for the whole diagram: the fullest column fills the height.
    let mut scale = f64::INFINITY;
    for c in 0..columns {
        let members: Vec<usize> = (0..n)
            .filter(|i| s.nodes[*i].column == c && size[*i] > 0.0)
            .collect();
        let total: f64 = members.iter().map(|i| size[*i]).sum();
        if total > 0.0 {
            let room = (height - gap * members.len().saturating_sub(1) as f64).max(height * 0.3);
            scale = scale.min(room / total);
        }
    }
    if !scale.is_finite() {
        scale = 0.0;
    }
    let mut rects = vec![(0.0, 0.0, 0.0, 0.0); n];
    for c in 0..columns {
        let x = if columns > 1 {
            pl + (pr - pl - node_w) * c as f64 / (columns - 1) as f64
        } else {
            (pl + pr - node_w) / 2.0
        };
        let members: Vec<usize> = (0..n)
            .filter(|i| s.nodes[*i].column == c && size[*i] > 0.0)
            .collect();
        let used: f64 = members
            .iter()
            .map(|i| (size[*i] * scale).max(2.0))
            .sum::<f64>()
            + gap * members.len().saturating_sub(1) as f64;
        let mut y = pt + ((height - used) / 2.0).max(0.0);
        for i in members {
            let h = (size[i] * scale).max(2.0);
            rects[i] = (x, y, x + node_w, y + h);
            y += h + gap;
        }
    }
    // Stack the bands on each node side, ordered by where their other end sits to limit crossings.
    let mut bands = vec![None; s.links.len()];
    let mut offsets = vec![[0.0f64; 2]; n];
    let mut order: Vec<usize> = (0..s.links.len())
        .filter(|i| usable(&s.links[*i], n))
        .collect();
    gigawatt_model::sort::sort_by(&mut order, |a, b| {
        let key = |i: &usize| {
            let l = &s.links[*i];
            (rects[l.from].1, rects[l.to].1)
        };
        key(a)
            .partial_cmp(&key(b))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    for i in order {
        let link = &s.links[i];
        let (a, b) = sides(s, link);
        let h = link.value_usd_b * scale;
        let (fr, tr) = (rects[link.from], rects[link.to]);
        let sx = if a == Side::Right { fr.2 } else { fr.0 };
        let tx = if b == Side::Left { tr.0 } else { tr.2 };
        let sy = fr.1 + offsets[link.from][a as usize];
        let ty = tr.1 + offsets[link.to][b as usize];
        offsets[link.from][a as usize] += h;
        offsets[link.to][b as usize] += h;
        bands[i] = Some((sx, sy, tx, ty, h));
    }
    Layout { rects, bands }
}

/// Top edge of a band: a cubic Bézier from (x0, y0) to (x1, y1) with horizontal tangents, sampled.
fn band_edge(x0: f64, y0: f64, x1: f64, y1: f64) -> Vec<(f64, f64)> {
    let mid = (x0 + x1) / 2.0;
    (0..=24)
        .map(|k| {
            let t = k as f64 / 24.0;
            let u = 1.0 - t;
            let x = u * u * u * x0 + 3.0 * u * u * t * mid + 3.0 * u * t * t * mid + t * t * t * x1;
            let y = u * u * u * y0 + 3.0 * u * u * t * y0 + 3.0 * u * t * t * y1 + t * t * t * y1;
            (x, y)
        })
        .collect()
}

/// "Name $12.3B": the node's name and the larger of the money into and out of it.
fn node_label(s: &SankeyData, i: usize) -> String {
    let n = s.nodes.len();
    let sum = |pick: &dyn Fn(&SankeyLink) -> bool| -> f64 {
        s.links
            .iter()
            .filter(|k| usable(k, n) && pick(k))
            .map(|k| k.value_usd_b)
            .sum()
    };
    let (inflow, outflow) = (sum(&|k| k.to == i), sum(&|k| k.from == i));
    format!(
        "{} {}",
        s.nodes[i].name,
        format_value(inflow.max(outflow), Unit::UsdB)
    )
}

/// 45° hatching across a band of vertical thickness `h` below the sampled `top` edge: each hatch line
/// y = c − x is drawn over the x interval where it lies inside the band.
fn hatch(p: &Painter, top: &[(f64, f64)], h: f64, color: RGBColor) -> Result<(), ChartError> {
    if h < 2.0 || top.len() < 2 {
        return Ok(());
    }
    let lo = top.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
    let hi = top.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
    let ymin = top.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let ymax = top.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max) + h;
    if !(hi - lo).is_finite() || hi - lo > 1e5 || ymax - ymin > 1e5 {
        return Ok(());
    }
    let spacing = 7.0 * p.scale;
    let style = color.mix(0.6).stroke_width(p.stroke(1.0));
    // The band's top edge at every whole pixel column, computed once.
    let columns: Vec<(f64, f64)> = (0..=(hi - lo).floor() as usize)
        .map(|k| {
            let x = lo + k as f64;
            (x, edge_y(top, x))
        })
        .collect();
    let mut c = lo + ymin;
    while c <= hi + ymax {
        // Each stretch where the line y = c − x lies inside the band becomes one stroke.
        let mut run: Option<(f64, f64)> = None;
        for &(x, t) in &columns {
            let y = c - x;
            if y >= t && y <= t + h {
                run = Some(run.map_or((x, x), |(a, _)| (a, x)));
            } else if let Some((a, b)) = run.take() {
                if b > a {
                    p.path(&[(a, c - a), (b, c - b)], style)?;
                }
            }
        }
        if let Some((a, b)) = run {
            if b > a {
                p.path(&[(a, c - a), (b, c - b)], style)?;
            }
        }
        c += spacing;
    }
    Ok(())
}

pub(crate) fn draw(
    p: &Painter,
    s: &SankeyData,
    opts: &DrawOptions,
) -> Result<ChartMapping, ChartError> {
    let (l0, t0, r0, b0) = p.bounds();
    let labels: Vec<String> = (0..s.nodes.len()).map(|i| node_label(s, i)).collect();
    let last_column = s.nodes.iter().map(|n| n.column).max().unwrap_or(0);
    // Room for the labels left of the first column and right of the last one, at most a third each.
    let room = |column: usize| {
        let widest = s
            .nodes
            .iter()
            .zip(&labels)
            .filter(|(n, _)| n.column == column)
            .map(|(_, l)| p.text_width(l, 11.0))
            .fold(0.0, f64::max);
        (widest + 10.0 * p.scale).min(f64::from(r0 - l0) / 3.0)
    };
    let plot_i = (
        l0 + p.px(8.0),
        t0 + p.px(10.0),
        r0 - p.px(8.0),
        b0 - p.px(10.0),
    );
    super::check_plot(p, plot_i)?;
    let right_room = if last_column > 0 {
        room(last_column)
    } else {
        0.0
    };
    let plot = (
        f64::from(plot_i.0) + room(0),
        f64::from(plot_i.1),
        f64::from(plot_i.2) - right_room,
        f64::from(plot_i.3),
    );
    let plot = if plot.2 - plot.0 < 60.0 * p.scale {
        (f64::from(plot_i.0), plot.1, f64::from(plot_i.2), plot.3)
    } else {
        plot
    };
    let node_w = 12.0 * p.scale;
    let lay = layout(s, plot, node_w, 10.0 * p.scale);
    let c = p.chrome;

    let mut drawn: Vec<Option<LinkBand>> = vec![None; s.links.len()];
    for ((link, band), slot) in s.links.iter().zip(&lay.bands).zip(drawn.iter_mut()) {
        let Some((sx, sy, tx, ty, h)) = *band else {
            continue;
        };
        if opts.is_hidden(&link.category) {
            continue;
        }
        let color = link.color;
        let top = band_edge(sx, sy, tx, ty);
        let mut outline = top.clone();
        outline.extend(top.iter().rev().map(|(x, y)| (*x, y + h)));
        let alpha = if link.estimated { 0.16 } else { 0.42 };
        p.polygon(&outline, color.mix(alpha).filled())?;
        if link.estimated {
            hatch(p, &top, h, color)?;
        }
        *slot = Some(LinkBand { top, thickness: h });
    }
    let mut rects = Vec::with_capacity(s.nodes.len());
    for (i, node) in s.nodes.iter().enumerate() {
        let (l, t, r, b) = lay.rects[i];
        rects.push((
            l.round() as i32,
            t.round() as i32,
            r.round() as i32,
            b.round() as i32,
        ));
        if b - t <= 0.0 {
            continue;
        }
        p.rect(l, t, r, b, node.color.filled())?;
        let label = &labels[i];
        let y = (t + b) / 2.0;
        if b - t < 9.0 * p.scale {
            continue; // too thin to label without overlaps; the read-out still names it
        }
        if node.column == 0 {
            p.text(label, (l - 6.0 * p.scale, y), 11.0, c.text, Align::Right)?;
        } else {
            if node.column != last_column {
                // Inner labels sit over bands: give them a backing so they stay legible.
                let (x, w, h) = (
                    r + 4.0 * p.scale,
                    p.text_width(label, 11.0) + 4.0 * p.scale,
                    8.0 * p.scale,
                );
                p.rect(x, y - h, x + w, y + h, c.background.mix(0.8).filled())?;
            }
            p.text(label, (r + 6.0 * p.scale, y), 11.0, c.text, Align::Left)?;
        }
    }
    if lay.bands.iter().all(Option::is_none) {
        let (cx, cy) = ((plot.0 + plot.2) / 2.0, (plot.1 + plot.3) / 2.0);
        p.text(
            "No capital flows in this window",
            (cx, cy),
            12.0,
            c.muted_text,
            Align::Center,
        )?;
    }
    Ok(ChartMapping::new(
        plot_i,
        XMapping::Nodes {
            rects,
            bands: drawn,
        },
        (0.0, 1.0),
        None,
        opts.hidden.clone(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::SankeyNode;
    use plotters::style::RGBColor;

    fn node(name: &str, column: usize) -> SankeyNode {
        SankeyNode {
            name: name.into(),
            column,
            color: RGBColor(1, 2, 3),
        }
    }

    fn link(from: usize, to: usize, v: f64) -> SankeyLink {
        SankeyLink {
            from,
            to,
            category: "x".into(),
            value_usd_b: v,
            estimated: false,
            color: RGBColor(4, 5, 6),
        }
    }

    #[test]
    fn node_heights_are_proportional_and_bands_stack() {
        let s = SankeyData {
            nodes: vec![node("A", 0), node("B", 0), node("Lab", 1)],
            links: vec![link(0, 2, 30.0), link(1, 2, 10.0)],
        };
        let lay = layout(&s, (0.0, 0.0, 300.0, 410.0), 10.0, 10.0);
        let h = |i: usize| lay.rects[i].3 - lay.rects[i].1;
        assert!((h(0) / h(1) - 3.0).abs() < 1e-9);
        assert!((h(2) - (h(0) + h(1))).abs() < 1e-9);
        let (a, b) = (lay.bands[0].unwrap(), lay.bands[1].unwrap());
        assert!(
            (b.3 - (a.3 + a.4)).abs() < 1e-9,
            "second band enters below the first"
        );
    }

    #[test]
    fn bad_links_are_skipped() {
        let s = SankeyData {
            nodes: vec![node("A", 0), node("B", 1)],
            links: vec![
                link(0, 1, f64::NAN),
                link(0, 9, 1.0),
                link(1, 1, 2.0),
                link(0, 1, -3.0),
            ],
        };
        let lay = layout(&s, (0.0, 0.0, 100.0, 100.0), 10.0, 10.0);
        assert!(lay.bands.iter().all(Option::is_none));
    }
}
