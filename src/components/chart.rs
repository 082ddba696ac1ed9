//! One chart: a canvas sized to its container, a hover crosshair and read-out, an HTML legend that toggles
//! series, per-chart controls (waterfall year, Sankey window, capacity grouping) and a table view.

use std::rc::Rc;

use gigawatt_app_core::caption::{chart_caption, CaptionContext};
use gigawatt_app_core::chart_options::{shaped_data, DataOptions, DrawOptions};
use gigawatt_app_core::{RunRef, Shared};
use gigawatt_charts::{ChartData, ChartId, ChartMapping, Readout, Theme};
use gigawatt_model::Summary;
use web_sys::{HtmlCanvasElement, KeyboardEvent, PointerEvent};
use yew::prelude::*;

use super::canvas::{count_draw, draw_on_canvas, use_surface_size, DrawFailure, SurfaceSize};
use super::chart_parts::{ChartControls, ChartTable, Legend, ReadoutBox};
use crate::files::chart_exports::ChartExports;

#[derive(Properties, PartialEq)]
pub struct ChartProps {
    pub id: ChartId,
    pub run: RunRef,
    pub theme: Theme,
    /// One sentence telling a newcomer what to look for.
    #[prop_or_default]
    pub explainer: AttrValue,
    /// The pinned scenario's run (A, src/share): its lines are overlaid dashed.
    #[prop_or_default]
    pub compare: Option<RunRef>,
    /// The year the caption speaks of (the KPI strip's; the waterfall speaks of its own).
    #[prop_or(2030)]
    pub year: i32,
    /// The Monte Carlo summary of this scenario, when the Risk view has run it (the cash caption quotes it).
    #[prop_or_default]
    pub risk: Option<Shared<Summary>>,
}

/// What the pointer or keyboard is inspecting: the read-out and where to draw the crosshair (CSS px).
#[derive(Clone, Debug, PartialEq)]
struct Hover {
    readout: Readout,
    crosshair_css_x: f64,
    pointer_css: (f64, f64),
}

/// The chart component (see the module docs). Draws in an effect whenever data, options or size change.
#[component]
pub fn Chart(props: &ChartProps) -> Html {
    let slug = props.id.slug();
    let container = use_node_ref();
    let canvas_ref = use_node_ref();
    let size = use_surface_size(container.clone());

    let hidden = use_state(Vec::<String>::new);
    let shaping = use_state(DataOptions::default);
    let table_open = use_state(|| false);
    let hover = use_state_eq(|| None::<Hover>);
    let failure = use_state_eq(|| None::<DrawFailure>);
    let mapping = use_mut_ref(|| None::<ChartMapping>);

    // The chosen years, kept inside the run (a shorter horizon can remove the year that was picked).
    let years = props.run.years();
    let shaped = shaping.within(&years);
    let drawing = DrawOptions {
        theme: props.theme,
        hidden: (*hidden).clone(),
    };

    // Chart data is a pure function of the run and the data-shaping options (not the drawing options,
    // which only change the picture).
    let data: Rc<ChartData> = use_memo(
        (props.run.clone(), props.id, shaped, props.compare.clone()),
        |(run, id, shaped, compare)| {
            shaped_data(*id, run.run(), compare.as_ref().map(|a| a.run()), *shaped)
        },
    );

    {
        let canvas_ref = canvas_ref.clone();
        let mapping = mapping.clone();
        let failure = failure.clone();
        let hover = hover.clone();
        let deps = (Shared(data.clone()), drawing.clone(), size);
        use_effect_with(deps, move |(data, drawing, size)| {
            let Some(size) = size.filter(SurfaceSize::is_drawable) else {
                return;
            };
            let Some(canvas) = canvas_ref.cast::<HtmlCanvasElement>() else {
                return;
            };
            match draw_on_canvas(&canvas, size, &data.0, drawing) {
                Ok(new_mapping) => {
                    let (l, t, r, b) = new_mapping.plot_rect();
                    let _ = canvas.set_attribute("data-plot-rect", &format!("{l},{t},{r},{b}"));
                    *mapping.borrow_mut() = Some(new_mapping);
                    failure.set(None);
                    count_draw(&canvas);
                }
                Err(e) => {
                    *mapping.borrow_mut() = None;
                    failure.set(Some(e));
                }
            }
            // A redraw invalidates the crosshair position; the next pointer move restores it.
            hover.set(None);
        });
    }

    let inspect_at = {
        let mapping = mapping.clone();
        let data = data.clone();
        move |x_css: f64, y_css: f64| -> Option<Hover> {
            let ratio = size.map(|s| s.pixel_ratio).unwrap_or(1.0);
            let mapping = mapping.borrow();
            let mapping = mapping.as_ref()?;
            let readout = mapping.readout((x_css * ratio) as i32, (y_css * ratio) as i32, &data)?;
            let crosshair_css_x = f64::from(mapping.crosshair_x(&readout)) / ratio;
            Some(Hover {
                readout,
                crosshair_css_x,
                pointer_css: (x_css, y_css),
            })
        }
    };

    // Pointer events cover mouse, pen and touch (a horizontal drag on the chart reads values; vertical
    // drags still scroll the page, see `touch-action` in the CSS).
    let onpointermove = {
        let hover = hover.clone();
        let inspect_at = inspect_at.clone();
        Callback::from(move |e: PointerEvent| {
            hover.set(inspect_at(f64::from(e.offset_x()), f64::from(e.offset_y())));
        })
    };
    let onpointerleave = {
        let hover = hover.clone();
        Callback::from(move |_: PointerEvent| hover.set(None))
    };
    // Keyboard inspection: arrow keys step through months (or categories), Escape clears.
    let onkeydown = {
        let hover = hover.clone();
        let mapping = mapping.clone();
        let inspect_at = inspect_at.clone();
        let positions = data.body.len();
        Callback::from(move |e: KeyboardEvent| {
            let step: i64 = match e.key().as_str() {
                "ArrowRight" => 1,
                "ArrowLeft" => -1,
                "PageUp" => 12,
                "PageDown" => -12,
                "Home" => i64::MIN / 2,
                "End" => i64::MAX / 2,
                "Escape" => {
                    hover.set(None);
                    return;
                }
                _ => return,
            };
            e.prevent_default();
            if positions == 0 {
                return;
            }
            let current = hover.as_ref().map(|h| h.readout.index as i64).unwrap_or(-1);
            let next = (current.saturating_add(step)).clamp(0, positions as i64 - 1) as usize;
            let ratio = size.map(|s| s.pixel_ratio).unwrap_or(1.0);
            let point = mapping.borrow().as_ref().and_then(|m| {
                let (_, t, _, b) = m.plot_rect();
                let x = m.x_px_of_index(next)?;
                Some((f64::from(x) / ratio, f64::from(t + b) / 2.0 / ratio))
            });
            if let Some((x, y)) = point {
                hover.set(inspect_at(x + 0.5, y));
            }
        })
    };

    let toggle_series = {
        let hidden = hidden.clone();
        let drawing = drawing.clone();
        Callback::from(move |name: String| hidden.set(drawing.toggled(&name).hidden))
    };
    let on_table_toggle = {
        let table_open = table_open.clone();
        Callback::from(move |_| table_open.set(!*table_open))
    };

    let controls = html! {
        <ChartControls id={props.id} {years} shaping={shaped}
            on_change={Callback::from({ let shaping = shaping.clone(); move |s| shaping.set(s) })} />
    };

    let overlay = match (*hover).clone() {
        Some(h) => {
            let flip = size
                .map(|s| h.pointer_css.0 > s.css_width * 0.55)
                .unwrap_or(false);
            html! {
                <>
                    <div class="crosshair" aria-hidden="true"
                        style={format!("left:{:.1}px", h.crosshair_css_x)} />
                    <ReadoutBox readout={h.readout.clone()} x={h.crosshair_css_x} flip={flip} />
                </>
            }
        }
        None => html! {},
    };

    // One sentence of what this chart says for this run: under the chart, the canvas's description, and
    // the footer of an exported image.
    let caption: Rc<String> = use_memo(
        (
            props.run.clone(),
            props.id,
            shaped,
            props.year,
            props.risk.clone(),
        ),
        |(run, id, shaped, year, risk)| {
            let year = if *id == ChartId::Waterfall {
                shaped.year
            } else {
                *year
            };
            chart_caption(
                *id,
                &CaptionContext {
                    run: run.run(),
                    year,
                    window: shaped.window,
                    risk: risk.as_deref(),
                },
            )
        },
    );
    let caption_id = format!("chart-{slug}-caption");
    let title_id = format!("chart-{slug}-title");
    // A chart with nothing to draw says so in the canvas; screen readers get the same words.
    let canvas_label = match &data.empty_message {
        Some(message) => format!("{} chart: {message}.", data.title),
        None => format!(
            "{} chart. Use the arrow keys to read values, or open the table view.",
            data.title
        ),
    };
    html! {
        <section class={classes!("chart-card", (props.id == ChartId::Sankey).then_some("wide"))} data-testid={format!("chart-{slug}")} aria-labelledby={title_id.clone()}>
            <header class="chart-head">
                <h3 id={title_id}>{ data.title.clone() }</h3>
                { controls }
            </header>
            if !props.explainer.is_empty() {
                <p class="chart-explainer">{ props.explainer.clone() }</p>
            }
            <Legend slug={slug} data={Shared(data.clone())} hidden={(*hidden).clone()} on_toggle={toggle_series} />
            <div class="chart-surface" ref={container}>
                <canvas ref={canvas_ref.clone()} tabindex="0" role="img" aria-label={canvas_label}
                    aria-describedby={caption_id.clone()}
                    onpointerdown={onpointermove.clone()} {onpointermove} {onpointerleave} {onkeydown} />
                { overlay }
                if let Some(f) = (*failure).clone() {
                    <p class="chart-failure" role="alert">{ f.to_string() }</p>
                }
            </div>
            <p class="chart-caption" id={caption_id} data-testid={format!("chart-{slug}-caption")}>
                { (*caption).clone() }
            </p>
            if !data.notes.is_empty() {
                <ul class="chart-notes">
                    { for data.notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }
                </ul>
            }
            <div class="chart-foot">
                // PNG, SVG (same draw function, plotters' SVG backend), CSV of the table view, copy image.
                <ChartExports slug={slug} canvas={canvas_ref.clone()} data={Shared(data.clone())}
                    opts={drawing.clone()} size={size} caption={(*caption).clone()} />
                <button type="button" class="link-button" data-testid={format!("chart-{slug}-table-toggle")}
                    aria-expanded={(*table_open).to_string()} onclick={on_table_toggle}>
                    { if *table_open { "Hide table" } else { "Show table" } }
                </button>
            </div>
            if *table_open {
                <ChartTable slug={slug} data={Shared(data.clone())} />
            }
        </section>
    }
}
