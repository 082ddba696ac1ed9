//! The HTML companions of a chart canvas: legend buttons, the hover read-out, per-chart controls and the
//! table view.

use gigawatt_charts::{ChartId, Readout, Swatch};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::chart::DataRef;

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
#[function_component(Legend)]
pub fn legend(props: &LegendProps) -> Html {
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
#[function_component(ReadoutBox)]
pub fn readout_box(props: &ReadoutProps) -> Html {
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
    pub year: i32,
    pub window: (i32, i32),
    pub by_vendor: bool,
    pub on_year: Callback<i32>,
    pub on_window: Callback<(i32, i32)>,
    pub on_by_vendor: Callback<bool>,
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

/// Waterfall year, Sankey/circularity window, capacity grouping; nothing for the other charts.
#[function_component(ChartControls)]
pub fn chart_controls(props: &ControlsProps) -> Html {
    let slug = props.id.slug();
    match props.id {
        ChartId::Waterfall => year_select(
            format!("chart-{slug}-year"),
            "Year",
            &props.years,
            props.year,
            props.on_year.clone(),
        ),
        ChartId::Sankey | ChartId::Circularity => {
            let (from, to) = props.window;
            let on_from = {
                let on_window = props.on_window.clone();
                Callback::from(move |y: i32| on_window.emit((y, to.max(y))))
            };
            let on_to = {
                let on_window = props.on_window.clone();
                Callback::from(move |y: i32| on_window.emit((from.min(y), y)))
            };
            html! {
                <div class="controls" role="group" aria-label="Years summed">
                    { year_select(format!("chart-{slug}-from"), "From", &props.years, from, on_from) }
                    { year_select(format!("chart-{slug}-to"), "to", &props.years, to, on_to) }
                </div>
            }
        }
        ChartId::Capacity => {
            let on_by_vendor = props.on_by_vendor.clone();
            let by_vendor = props.by_vendor;
            let pick = move |vendor: bool| {
                let on_by_vendor = on_by_vendor.clone();
                Callback::from(move |_| on_by_vendor.emit(vendor))
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
        _ => html! {},
    }
}

#[derive(Properties, PartialEq)]
pub struct TableProps {
    pub slug: &'static str,
    pub data: DataRef,
}

/// The same numbers as an HTML table (screen readers, copying); CSV export is in the chart's footer. A chart
/// that marks tranches (capacity) lists them in a second table, `chart-<slug>-tranches-table`.
#[function_component(ChartTable)]
pub fn chart_table(props: &TableProps) -> Html {
    let data = &props.data.0;
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
