//! One risk chart on a canvas: sized to its container at the device pixel ratio, redrawn when its data,
//! the theme or the size changes, with a table view of the same numbers (a canvas is invisible to screen
//! readers).

use std::rc::Rc;

use gigawatt_charts::risk::{draw_risk, risk_table, RiskChart, RiskMapping};
use gigawatt_charts::Readout;
use gigawatt_charts::Theme;
use gloo::timers::callback::Timeout;
use web_sys::{HtmlCanvasElement, PointerEvent};
use yew::prelude::*;

use super::pool::Shared;
use crate::components::canvas::{
    canvas_area, count_draw, use_surface_size, DrawFailure, SurfaceSize,
};
use crate::components::chart_parts::{data_table, ReadoutBox};

#[derive(Properties, PartialEq)]
pub struct RiskChartProps {
    pub chart: Shared<RiskChart>,
    pub theme: Theme,
    /// One sentence telling a newcomer what to look for.
    #[prop_or_default]
    pub explainer: AttrValue,
    /// Spans the whole grid row (tornados have long labels).
    #[prop_or_default]
    pub wide: bool,
}

fn draw(
    canvas: &HtmlCanvasElement,
    size: SurfaceSize,
    chart: &RiskChart,
    theme: Theme,
) -> Result<RiskMapping, DrawFailure> {
    let root = canvas_area(canvas, size)?;
    draw_risk(&root, chart, theme, size.pixel_ratio).map_err(|e| DrawFailure::Chart(e.to_string()))
}

/// A risk chart card (`chart-risk-<slug>`).
#[component]
pub fn RiskChartCard(props: &RiskChartProps) -> Html {
    let chart: &Rc<RiskChart> = &props.chart.0;
    let slug = format!("risk-{}", chart.slug());
    let container = use_node_ref();
    let canvas_ref = use_node_ref();
    let size = use_surface_size(container.clone());
    let failure = use_state_eq(|| None::<DrawFailure>);
    let table_open = use_state(|| false);
    let mapping = use_mut_ref(|| None::<(RiskMapping, f64)>);
    let hover = use_state_eq(|| None::<(Readout, Option<f64>, f64)>);
    {
        let canvas_ref = canvas_ref.clone();
        let failure = failure.clone();
        let mapping = mapping.clone();
        let hover = hover.clone();
        // Each chart draws in its own task (a zero timeout), so the nine charts of a finished run never block
        // the page in one long task; a newer draw request cancels a pending one.
        use_effect_with(
            (props.chart.clone(), props.theme, size),
            move |(chart, theme, size)| {
                let pending = size.filter(SurfaceSize::is_drawable).map(|size| {
                    let (chart, theme) = (chart.clone(), *theme);
                    Timeout::new(0, move || {
                        let Some(canvas) = canvas_ref.cast::<HtmlCanvasElement>() else {
                            return;
                        };
                        match draw(&canvas, size, &chart.0, theme) {
                            Ok(drawn) => {
                                *mapping.borrow_mut() = Some((drawn, size.pixel_ratio));
                                failure.set(None);
                                count_draw(&canvas);
                            }
                            Err(e) => {
                                *mapping.borrow_mut() = None;
                                failure.set(Some(e));
                            }
                        }
                        hover.set(None);
                    })
                });
                move || drop(pending)
            },
        );
    }
    // Hover read-out: the mapping is in device pixels, pointer offsets in CSS pixels.
    let onpointermove = {
        let hover = hover.clone();
        let mapping = mapping.clone();
        let chart = props.chart.clone();
        Callback::from(move |e: PointerEvent| {
            let (x, y) = (f64::from(e.offset_x()), f64::from(e.offset_y()));
            let found = mapping.borrow().as_ref().and_then(|(m, ratio)| {
                let readout = m.readout((x * ratio) as i32, (y * ratio) as i32, &chart.0)?;
                let crosshair = m.crosshair_x(readout.index).map(|px| f64::from(px) / ratio);
                Some((readout, crosshair, x))
            });
            hover.set(found);
        })
    };
    let onpointerleave = {
        let hover = hover.clone();
        Callback::from(move |_: PointerEvent| hover.set(None))
    };
    let overlay = match (*hover).clone() {
        Some((readout, crosshair, pointer_x)) => {
            let at = crosshair.unwrap_or(pointer_x);
            let flip = size.is_some_and(|s| pointer_x > s.css_width * 0.55);
            html! {
                <>
                    if let Some(x) = crosshair {
                        <div class="crosshair" aria-hidden="true" style={format!("left:{x:.1}px")} />
                    }
                    <ReadoutBox {readout} x={at} {flip} />
                </>
            }
        }
        None => html! {},
    };
    let toggle = {
        let table_open = table_open.clone();
        Callback::from(move |_| table_open.set(!*table_open))
    };
    let title_id = format!("chart-{slug}-title");
    let notes: &[String] = match &**chart {
        RiskChart::Bars(b) => &b.notes,
        _ => &[],
    };
    html! {
        <section class={classes!("chart-card", props.wide.then_some("wide"))} data-testid={format!("chart-{slug}")}
            aria-labelledby={title_id.clone()}>
            <header class="chart-head"><h3 id={title_id}>{ chart.title().to_string() }</h3></header>
            if !props.explainer.is_empty() {
                <p class="chart-explainer">{ props.explainer.clone() }</p>
            }
            <div class="chart-surface" ref={container}>
                <canvas ref={canvas_ref} role="img" {onpointermove} {onpointerleave}
                    aria-label={format!("{} chart. Open the table view for the numbers.", chart.title())} />
                { overlay }
                if let Some(f) = (*failure).clone() {
                    <p class="chart-failure" role="alert">{ f.to_string() }</p>
                }
            </div>
            if !notes.is_empty() {
                <ul class="chart-notes">{ for notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }</ul>
            }
            <div class="chart-foot">
                <button type="button" class="link-button" data-testid={format!("chart-{slug}-table-toggle")}
                    aria-expanded={(*table_open).to_string()} onclick={toggle}>
                    { if *table_open { "Hide table" } else { "Show table" } }
                </button>
            </div>
            if *table_open {
                <RiskTable slug={slug.clone()} chart={props.chart.clone()} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct RiskTableProps {
    slug: String,
    chart: Shared<RiskChart>,
}

#[component]
fn RiskTable(props: &RiskTableProps) -> Html {
    data_table(
        &props.slug,
        props.chart.0.title(),
        &risk_table(&props.chart.0),
    )
}
