//! The accessible companions of a canvas: legend entries and the data table (also CSV).

use gigawatt_model::TrancheStatus;

use crate::data::{ChartBody, ChartData, SeriesStyle, TrancheMark, EVENTS, REPORTED};
use crate::format::format_cell;
use crate::theme::{css_color, EVENTS_COLOR, REPORTED_COLOR};

/// How the legend swatch of a series looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Swatch {
    Line,
    Dashed,
    Area,
    /// A light area with a dashed top (the second group of a two-group stack).
    LightArea,
    Bar,
    Dot,
    /// A hollow dot (pending tranches).
    Ring,
    /// A triangle (deferred tranches).
    Triangle,
    /// A cross (lapsed tranches).
    Cross,
    /// A pale band across the plot (shaded months such as distress).
    Shade,
    /// A small downward triangle (event ticks).
    Event,
    /// A diamond (reported figures).
    Diamond,
}

/// One legend entry; the app renders it as an HTML button that toggles `DrawOptions::hidden`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LegendEntry {
    /// The series name (the value to put in `DrawOptions::hidden`).
    pub name: String,
    /// "#4e79a7".
    pub css_color: String,
    pub dashed: bool,
    pub swatch: Swatch,
}

/// Legend entries for every drawn series (read-out-only series are not toggled, so not listed), then one
/// per shading name, one for event ticks ([`EVENTS`]), one for reported figures ([`REPORTED`]) and one per
/// tranche status present (each toggles like a series).
/// The Sankey lists its flow categories instead (nodes are labelled in the drawing); `dashed` marks a
/// category whose amounts are estimates (hatched bands).
pub fn legend(data: &ChartData) -> Vec<LegendEntry> {
    if let ChartBody::Flows(sankey) = &data.body {
        let mut entries: Vec<LegendEntry> = Vec::new();
        for link in &sankey.links {
            if !entries.iter().any(|e| e.name == link.category) {
                entries.push(LegendEntry {
                    name: link.category.clone(),
                    css_color: css_color(link.color),
                    dashed: link.estimated,
                    swatch: Swatch::Bar,
                });
            }
        }
        return entries;
    }
    let mut entries: Vec<LegendEntry> = data
        .series
        .iter()
        .filter_map(|s| {
            let swatch = match s.style {
                SeriesStyle::Line | SeriesStyle::Step => Swatch::Line,
                SeriesStyle::DashedLine => Swatch::Dashed,
                SeriesStyle::StackedArea | SeriesStyle::Area => Swatch::Area,
                SeriesStyle::StackedLight => Swatch::LightArea,
                SeriesStyle::Bar | SeriesStyle::Waterfall => Swatch::Bar,
                SeriesStyle::Dots => Swatch::Dot,
                SeriesStyle::ReadoutOnly => return None,
            };
            Some(LegendEntry {
                name: s.name.clone(),
                css_color: css_color(s.color),
                dashed: matches!(swatch, Swatch::Dashed | Swatch::LightArea),
                swatch,
            })
        })
        .collect();
    for band in &data.shading {
        if !entries.iter().any(|e| e.name == band.name) {
            entries.push(LegendEntry {
                name: band.name.clone(),
                css_color: css_color(band.color),
                dashed: false,
                swatch: Swatch::Shade,
            });
        }
    }
    if !data.events.is_empty() {
        entries.push(LegendEntry {
            name: EVENTS.to_string(),
            css_color: css_color(EVENTS_COLOR),
            dashed: false,
            swatch: Swatch::Event,
        });
    }
    if !data.markers.is_empty() {
        entries.push(LegendEntry {
            name: REPORTED.to_string(),
            css_color: css_color(REPORTED_COLOR),
            dashed: false,
            swatch: Swatch::Diamond,
        });
    }
    for status in [
        TrancheStatus::Confirmed,
        TrancheStatus::Deferred,
        TrancheStatus::Lapsed,
        TrancheStatus::Pending,
    ] {
        if data.tranches.iter().any(|t| t.status == status) {
            entries.push(LegendEntry {
                name: TrancheMark::legend_name(status).to_string(),
                css_color: css_color(TrancheMark::color(status)),
                dashed: false,
                swatch: match status {
                    TrancheStatus::Confirmed => Swatch::Dot,
                    TrancheStatus::Deferred => Swatch::Triangle,
                    TrancheStatus::Lapsed => Swatch::Cross,
                    TrancheStatus::Pending => Swatch::Ring,
                },
            });
        }
    }
    entries
}

/// The tranches of a chart (capacity) as their own table, one row per tranche in the run's order: contract,
/// counterparty, GW, planned delivery, status, decision month, months deferred. `None` when the chart marks
/// no tranche. Shown under the monthly table and downloadable as its own CSV.
pub fn tranche_table(data: &ChartData) -> Option<Table> {
    if data.tranches.is_empty() {
        return None;
    }
    Some(Table {
        headers: [
            "Contract",
            "Counterparty",
            "IT power (GW)",
            "Planned delivery",
            "Status",
            "Decided",
            "Deferred (months)",
        ]
        .map(String::from)
        .to_vec(),
        rows: data
            .tranches
            .iter()
            .map(|t| {
                vec![
                    t.contract.clone(),
                    t.counterparty.clone(),
                    format_cell(t.gw),
                    t.planned.clone(),
                    t.status.label().to_string(),
                    t.decided.clone().unwrap_or_default(),
                    t.deferred_months.to_string(),
                ]
            })
            .collect(),
    })
}

/// A chart's numbers as rows and columns.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// RFC 4180 CSV (CRLF line ends, fields quoted when they hold a comma, quote or line break).
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        for row in std::iter::once(&self.headers).chain(self.rows.iter()) {
            let fields: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
            out.push_str(&fields.join(","));
            out.push_str("\r\n");
        }
        out
    }
}

fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// The same numbers as a table: one row per month or category, one column per series (all series, also
/// hidden and read-out-only ones, with units in the headers), then one column per series with reported
/// figures ("Revenue, reported ($B)": the marker's value at the period's last month, on the series' basis),
/// then, on a chart with event ticks, an "Events" column naming each event, its amount and source.
/// The Sankey gives one row per flow.
pub fn table(data: &ChartData) -> Table {
    if let ChartBody::Flows(sankey) = &data.body {
        let name = |i: usize| {
            sankey
                .nodes
                .get(i)
                .map(|n| n.name.clone())
                .unwrap_or_default()
        };
        return Table {
            headers: ["From", "To", "Category", "Amount ($B)", "Estimated"]
                .map(String::from)
                .to_vec(),
            rows: sankey
                .links
                .iter()
                .map(|l| {
                    vec![
                        name(l.from),
                        name(l.to),
                        l.category.clone(),
                        format_cell(l.value_usd_b),
                        if l.estimated { "yes" } else { "no" }.to_string(),
                    ]
                })
                .collect(),
        };
    }
    let first = match &data.body {
        ChartBody::Time(_) => "Month",
        ChartBody::Categories(_) | ChartBody::Flows(_) => "Category",
    };
    let mut headers = vec![first.to_string()];
    headers.extend(
        data.series
            .iter()
            .map(|s| format!("{} ({})", s.name, s.unit.label())),
    );
    let mut reported: Vec<(&str, crate::Unit)> = Vec::new();
    for m in &data.markers {
        if !reported.iter().any(|(s, _)| *s == m.series) {
            reported.push((&m.series, m.unit));
        }
    }
    headers.extend(
        reported
            .iter()
            .map(|(s, unit)| format!("{s}, reported ({})", unit.label())),
    );
    let has_events = !data.events.is_empty();
    if has_events {
        headers.push(EVENTS.to_string());
    }
    let rows = (0..data.body.len())
        .map(|i| {
            let mut row = vec![data.body.label(i).unwrap_or_default().to_string()];
            row.extend(
                data.series
                    .iter()
                    .map(|s| format_cell(s.values.get(i).copied().unwrap_or(f64::NAN))),
            );
            row.extend(reported.iter().map(|(s, _)| {
                data.markers
                    .iter()
                    .find(|m| m.index == i && m.series == *s)
                    .map_or_else(String::new, |m| format_cell(m.value))
            }));
            if has_events {
                let events: Vec<String> = data
                    .events
                    .iter()
                    .filter(|e| e.index == i)
                    .map(|e| match e.detail() {
                        detail if detail.is_empty() => e.label.clone(),
                        detail => format!("{} ({detail})", e.label),
                    })
                    .collect();
                row.push(events.join("; "));
            }
            row
        })
        .collect();
    Table { headers, rows }
}
