//! The embed view (`?embed=<chart>&v=4&s=…`): one chart of a linked scenario for an `<iframe>` in an
//! article. Only the chart, a static legend, a one-line caption (scenario name and its key changes from its
//! preset) and a small link to the full app; no controls. It fills its frame from 320 to 1200 px wide,
//! follows the reader's light or dark theme, and loads nothing from other hosts.

use std::rc::Rc;

use gigawatt_charts::{ChartData, ChartId, Theme};
use gigawatt_model::link::{self, Decoded, LinkState};
use gigawatt_model::simulate;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use gigawatt_app_core::chart_options::{shaped_data, DataOptions, DrawOptions};
use gigawatt_app_core::{RunRef, Shared};

use super::page_base;
use crate::components::canvas::{count_draw, draw_on_canvas, use_surface_size, SurfaceSize};
use crate::components::chart_parts::swatch_class;
use crate::styles::install_styles;
use crate::theme::use_theme;
use gigawatt_app_core::diff::caption;

/// The full app's link for what an embed shows (same scenarios, no embed).
pub fn open_in_app_link(state: &LinkState) -> String {
    let mut full = state.clone();
    full.view.embed = None;
    format!("{}?{}", page_base(), link::encode(&full))
}

#[derive(Properties, PartialEq)]
pub struct EmbedProps {
    /// The decoded link (its `view.embed` names the chart).
    pub decoded: Rc<Decoded>,
}

/// The root component of an embed page.
#[component]
pub fn Embed(props: &EmbedProps) -> Html {
    use_memo((), |_| install_styles());
    let (theme, _) = use_theme();
    let state = &props.decoded.state;
    let run = use_memo(props.decoded.clone(), |d| {
        RunRef::new(simulate(&d.state.scenario))
    });
    let run_a = use_memo(props.decoded.clone(), |d| {
        d.state.pinned.as_ref().map(|p| RunRef::new(simulate(p)))
    });
    let open_link = open_in_app_link(state);
    let slug = state.view.embed.clone().unwrap_or_default();
    let body = match ChartId::from_slug(&slug) {
        Some(id) => html! {
            <EmbedChart {id} run={(*run).clone()} compare={(*run_a).clone()} {theme} />
        },
        None => html! {
            <p class="embed-missing" role="alert">{ format!(
                "This embed asks for a chart called “{slug}”, which Gigawatt does not have. The charts are: {}.",
                ChartId::ALL.iter().map(|c| c.slug()).collect::<Vec<_>>().join(", ")
            ) }</p>
        },
    };
    let warnings = &props.decoded.warnings;
    // A link made under older economics: same inputs, figures from today's economics (full text on hover).
    let notices = &props.decoded.notices;
    html! {
        <div class="embed-root" data-testid="embed-root">
            { body }
            <p class="embed-caption" data-testid="embed-caption">
                <span class="embed-caption-text" title={caption(&state.scenario)}>{ caption(&state.scenario) }</span>
                if let Some(a) = &state.pinned {
                    <span class="embed-compare">{ format!(" Dashed: {}.", a.name) }</span>
                }
                if !notices.is_empty() {
                    <span class="embed-warning" data-testid="link-notice-economics" title={notices.join("\n")}>
                        { format!(" Made with economics v{}; figures may differ.", props.decoded.economics_version) }
                    </span>
                }
                if !warnings.is_empty() {
                    <span class="embed-warning" data-testid="link-notice" title={warnings.join("\n")}>
                        { format!(" Parts of this link could not be read ({}).", warnings.len()) }
                    </span>
                }
                { " " }
                <a class="embed-open" data-testid="embed-open" href={open_link} target="_blank" rel="noopener">
                    { "Open in Gigawatt ↗" }
                </a>
            </p>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct EmbedChartProps {
    pub id: ChartId,
    pub run: RunRef,
    /// The pinned scenario's run, drawn dashed.
    #[prop_or_default]
    pub compare: Option<RunRef>,
    pub theme: Theme,
}

/// A chart without controls: title, static legend and the canvas, sized to the frame.
#[component]
pub fn EmbedChart(props: &EmbedChartProps) -> Html {
    let container = use_node_ref();
    let canvas_ref = use_node_ref();
    let size = use_surface_size(container.clone());
    let data: Rc<ChartData> = use_memo(
        (props.id, props.run.clone(), props.compare.clone()),
        |(id, run, compare)| {
            shaped_data(
                *id,
                run.run(),
                compare.as_ref().map(|a| a.run()),
                DataOptions::default(),
            )
        },
    );
    let failure = use_state_eq(|| None::<String>);
    {
        let canvas_ref = canvas_ref.clone();
        let failure = failure.clone();
        let opts = DrawOptions {
            theme: props.theme,
            hidden: Vec::new(),
        };
        use_effect_with(
            (Shared(data.clone()), opts, size),
            move |(data, opts, size)| {
                let Some(size) = size.filter(SurfaceSize::is_drawable) else {
                    return;
                };
                let Some(canvas) = canvas_ref.cast::<HtmlCanvasElement>() else {
                    return;
                };
                match draw_on_canvas(&canvas, size, &data.0, opts) {
                    Ok(_) => {
                        failure.set(None);
                        count_draw(&canvas);
                    }
                    Err(e) => failure.set(Some(e.to_string())),
                }
            },
        );
    }
    let slug = props.id.slug();
    let legend = gigawatt_charts::legend(&data);
    html! {
        <figure class="embed-chart" data-testid={format!("chart-{slug}")}>
            <figcaption class="embed-title">{ data.title.clone() }</figcaption>
            if !legend.is_empty() {
                <ul class="embed-legend" aria-label="Series">
                    { for legend.iter().map(|entry| {
                        let swatch = swatch_class(entry.swatch);
                        html! {
                            <li>
                                <span class={swatch} style={format!("--swatch:{}", entry.css_color)} aria-hidden="true" />
                                { entry.name.clone() }
                            </li>
                        }
                    }) }
                </ul>
            }
            <div class="embed-surface" ref={container}>
                <canvas ref={canvas_ref} role="img" aria-label={format!("{} chart", data.title)} />
                if let Some(f) = (*failure).clone() {
                    <p class="chart-failure" role="alert">{ f }</p>
                }
            </div>
        </figure>
    }
}
