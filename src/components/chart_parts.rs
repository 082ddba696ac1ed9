//! The HTML companions of a chart canvas: legend buttons, the hover read-out, per-chart controls and the
//! table view.

use gigawatt_app_core::chart_options::{Control, DataOptions};
use gigawatt_app_core::Shared;
use gigawatt_charts::{ChartData, ChartId, Readout, Swatch};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Chart data compared by identity: a new `Rc` means new data (memo output), so effects rerun only then.
pub type DataRef = Shared<ChartData>;

/// The CSS classes of a legend swatch (assets/app.css draws each look), shared by the app and the embed view.
pub fn swatch_class(swatch: Swatch) -> &'static str {
    match swatch {
        Swatch::Line => "swatch line",
        Swatch::Dashed => "swatch dashed",
        Swatch::Area => "swatch area",
        Swatch::LightArea => "swatch light-area",
        Swatch::Bar => "swatch bar",
        Swatch::Dot => "swatch dot",
        Swatch::Ring => "swatch ring",
        Swatch::Triangle => "swatch triangle",
        Swatch::Cross => "swatch cross",
        Swatch::Shade => "swatch shade",
        Swatch::Diamond => "swatch diamond",
        Swatch::Event => "swatch event",
    }
}

#[derive(Properties, PartialEq)]
pub struct LegendProps {
    pub slug: &'static str,
    pub data: DataRef,
    pub hidden: Vec<String>,
    pub on_toggle: Callback<String>,
}

/// Legend as toggle buttons (`aria-pressed` = shown).
#[component]
pub fn Legend(props: &LegendProps) -> Html {
    let entries = gigawatt_charts::legend(&props.data.0);
    if entries.is_empty() {
        return html! {};
    }
    html! {
        <div class="legend" role="group" aria-label="Series (click to show or hide)">
            { for entries.into_iter().enumerate().map(|(i, entry)| {
                let shown = !props.hidden.contains(&entry.name);
                let swatch_class = swatch_class(entry.swatch);
                let onclick = {
                    let on_toggle = props.on_toggle.clone();
                    let name = entry.name.clone();
                    Callback::from(move |_| on_toggle.emit(name.clone()))
                };
                html! {
                    <button type="button" class={classes!("legend-item", (!shown).then_some("off"))}
                        data-testid={format!("chart-{}-legend-{i}", props.slug)}
                        aria-pressed={shown.to_string()} {onclick}>
                        <span class={swatch_class} style={format!("--swatch:{}", entry.css_color)} aria-hidden="true" />
                        { entry.name.clone() }
                    </button>
                }
            }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ReadoutProps {
    pub readout: Readout,
    /// Crosshair position in CSS px from the left of the chart surface.
    pub x: f64,
    /// Show the box to the left of the crosshair (pointer in the right half).
    pub flip: bool,
}

/// The hover tooltip: label and one row per visible series.
#[component]
pub fn ReadoutBox(props: &ReadoutProps) -> Html {
    let style = if props.flip {
        format!("right:calc(100% - {:.1}px + 10px)", props.x)
    } else {
        format!("left:{:.1}px", props.x + 10.0)
    };
    html! {
        <div class="readout" {style} role="status" aria-live="polite">
            <div class="readout-label">{ props.readout.label.clone() }</div>
            <table>
                { for props.readout.rows.iter().map(|(name, value, color)| html! {
                    <tr>
                        <td>
                            if !color.is_empty() {
                                <span class="dot" style={format!("background:{color}")} aria-hidden="true" />
                            }
                            { name.clone() }
                        </td>
                        <td class="num">{ value.clone() }</td>
                    </tr>
                }) }
            </table>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub id: ChartId,
    pub years: Vec<i32>,
    /// The data-shaping choices in force (inside the run's years).
    pub shaping: DataOptions,
    pub on_change: Callback<DataOptions>,
}

fn year_select(
    testid: String,
    label: &'static str,
    years: &[i32],
    selected: i32,
    on_pick: Callback<i32>,
) -> Html {
    let onchange = Callback::from(move |e: Event| {
        if let Some(year) = e
            .target_dyn_into::<HtmlSelectElement>()
            .and_then(|s| s.value().parse::<i32>().ok())
        {
            on_pick.emit(year);
        }
    });
    html! {
        <label class="inline-control">
            <span>{ label }</span>
            <select data-testid={testid} {onchange}>
                { for years.iter().map(|y| html! {
                    <option value={y.to_string()} selected={*y == selected}>{ y }</option>
                }) }
            </select>
        </label>
    }
}

/// The shaping control of the chart's body: the year of a one-year chart (waterfall), the years a windowed
/// chart sums (circularity, Sankey), the grouping of a groupable time chart (capacity); nothing otherwise.
#[component]
pub fn ChartControls(props: &ControlsProps) -> Html {
    let slug = props.id.slug();
    let shaping = props.shaping;
    let change = |edit: fn(DataOptions, i32) -> DataOptions| {
        let on_change = props.on_change.clone();
        Callback::from(move |value: i32| on_change.emit(edit(shaping, value)))
    };
    match Control::of(props.id) {
        Control::Year => year_select(
            format!("chart-{slug}-year"),
            "Year",
            &props.years,
            shaping.year,
            change(|s, year| DataOptions { year, ..s }),
        ),
        Control::Window => {
            let (from, to) = shaping.window;
            html! {
                <div class="controls" role="group" aria-label="Years summed">
                    { year_select(format!("chart-{slug}-from"), "From", &props.years, from,
                        change(|s, y| DataOptions { window: (y, s.window.1.max(y)), ..s })) }
                    { year_select(format!("chart-{slug}-to"), "to", &props.years, to,
                        change(|s, y| DataOptions { window: (s.window.0.min(y), y), ..s })) }
                </div>
            }
        }
        Control::Grouping => {
            let by_vendor = shaping.by_vendor;
            let pick = |vendor: bool| {
                let on_change = props.on_change.clone();
                Callback::from(move |_| {
                    on_change.emit(DataOptions {
                        by_vendor: vendor,
                        ..shaping
                    })
                })
            };
            html! {
                <div class="segmented" role="group" aria-label="Stack capacity by">
                    <button type="button" aria-pressed={(!by_vendor).to_string()} onclick={pick(false)}
                        data-testid="chart-capacity-by-counterparty">{ "By cloud" }</button>
                    <button type="button" aria-pressed={by_vendor.to_string()} onclick={pick(true)}
                        data-testid="chart-capacity-by-vendor">{ "By chip vendor" }</button>
                </div>
            }
        }
        Control::None => html! {},
    }
}

#[derive(Properties, PartialEq)]
pub struct TableProps {
    pub slug: &'static str,
    pub data: DataRef,
}

/// The same numbers as an HTML table (screen readers, copying); CSV export is in the chart's footer. A chart
/// that marks tranches (capacity) lists them in a second table, `chart-<slug>-tranches-table`.
#[component]
pub fn ChartTable(props: &TableProps) -> Html {
    let data = &*props.data;
    html! {
        <>
            { data_table(props.slug, &data.title, &gigawatt_charts::table(data)) }
            if let Some(tranches) = gigawatt_charts::tranche_table(data) {
                { data_table(&format!("{}-tranches", props.slug), "Tranches of optional contracts", &tranches) }
            }
        </>
    }
}

/// A chart's numbers as an accessible, scrollable HTML table (`chart-<slug>-table`).
pub fn data_table(slug: &str, title: &str, table: &gigawatt_charts::Table) -> Html {
    html! {
        <div class="chart-table">
            <div class="table-scroll" tabindex="0" role="region" aria-label={format!("{title} data")}>
                <table data-testid={format!("chart-{slug}-table")}>
                    <caption>{ title.to_string() }</caption>
                    <thead><tr>{ for table.headers.iter().map(|h| html! { <th scope="col">{ h.clone() }</th> }) }</tr></thead>
                    <tbody>
                        { for table.rows.iter().map(|row| html! {
                            <tr>
                                { for row.iter().enumerate().map(|(i, cell)| if i == 0 {
                                    html! { <th scope="row">{ cell.clone() }</th> }
                                } else {
                                    html! { <td class="num">{ cell.clone() }</td> }
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </div>
    }
}
