//! The embed view (`?embed=<chart>&v=4&s=…`): one chart of a linked scenario for an `<iframe>` in an
//! article. Only the chart, a static legend, a one-line caption (scenario name and its key changes from its
//! preset) and a small link to the full app; no controls. It fills its frame from 320 to 1200 px wide,
//! follows the reader's light or dark theme unless the link fixes one (`theme=light|dark`), and loads nothing
//! from other hosts. A link made with an older Gigawatt adds one short muted line saying so (the full
//! notices on hover).
//!
//! In a frame, it tells the parent page the height it needs (`{ type: "gigawatt:height", height, embed }`,
//! posted to any origin: the article's is unknown, and the message holds only a number and the chart's
//! slug) on load and whenever that height changes; the Share dialog's snippet sets the iframe's height from
//! it. The height is the chart at a width-based aspect plus everything around it
//! (`gigawatt_app_core::embed::frame_height`), so it does not depend on the frame's current height.

use std::cell::Cell;
use std::rc::Rc;

use gigawatt_charts::{ChartData, ChartId, Theme};
use gigawatt_model::link::{self, Decoded, LinkState, ViewTheme};
use gigawatt_model::simulate;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlCanvasElement, ResizeObserver};
use yew::prelude::*;

use gigawatt_app_core::chart_options::{shaped_data, DataOptions, DrawOptions};
use gigawatt_app_core::embed::{
    frame_height, full_app_state, older_link_note, EmbedLayout, HeightMessage, HEIGHT_MESSAGE,
};
use gigawatt_app_core::{RunRef, Shared};

use super::page_base;
use crate::components::canvas::{count_draw, draw_on_canvas, use_surface_size, SurfaceSize};
use crate::components::chart_parts::swatch_class;
use crate::styles::install_styles;
use crate::theme::use_theme_fixed;
use gigawatt_app_core::caption::{chart_caption, CaptionContext};
use gigawatt_app_core::diff::caption;

/// The full app's link for what an embed shows (same scenarios, no embed, no fixed theme).
pub fn open_in_app_link(state: &LinkState) -> String {
    format!("{}?{}", page_base(), link::encode(&full_app_state(state)))
}

/// The chart theme a link fixes.
fn chart_theme(theme: ViewTheme) -> Theme {
    match theme {
        ViewTheme::Light => Theme::Light,
        ViewTheme::Dark => Theme::Dark,
    }
}

/// The embed's layout now, from the DOM (`None` before the chart's surface exists).
fn measure_layout(root: &Element) -> Option<EmbedLayout> {
    let surface = root.query_selector(".embed-surface").ok()??;
    let last = root.last_element_child()?;
    let root_box = root.get_bounding_client_rect();
    let padding_bottom = web_sys::window()
        .and_then(|w| w.get_computed_style(root).ok().flatten())
        .and_then(|style| style.get_property_value("padding-bottom").ok())
        .and_then(|px| px.trim_end_matches("px").trim().parse::<f64>().ok())
        .unwrap_or(0.0);
    let legend_hidden = root
        .query_selector(".embed-legend")
        .ok()
        .flatten()
        .map_or(0.0, |l| f64::from(l.scroll_height() - l.client_height()));
    let surface_box = surface.get_bounding_client_rect();
    Some(EmbedLayout {
        content_bottom: last.get_bounding_client_rect().bottom() - root_box.top() + padding_bottom,
        surface_width: surface_box.width(),
        surface_height: surface_box.height(),
        legend_hidden,
    })
}

/// Posts `message` to the parent page, if this page is in a frame.
fn post_height(message: &HeightMessage) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(parent) = window.parent().ok().flatten() else {
        return;
    };
    if js_sys::Object::is(&parent, &window) {
        return;
    }
    let data = js_sys::Object::new();
    for (key, value) in [
        ("type", wasm_bindgen::JsValue::from_str(HEIGHT_MESSAGE)),
        ("height", f64::from(message.height).into()),
        ("embed", message.embed.as_str().into()),
    ] {
        let _ = js_sys::Reflect::set(&data, &key.into(), &value);
    }
    let _ = parent.post_message(&data, "*");
}

/// Tells the parent page the height the embed under `root` needs, once now and again whenever the embed's
/// boxes resize and the height changes (a resize to exactly that height changes nothing, so no loop).
#[hook]
fn use_height_reports(root: NodeRef, embed: String) {
    use_effect_with((root, embed), |(root, embed)| {
        let mut observer: Option<(ResizeObserver, Closure<dyn FnMut()>)> = None;
        if let Some(element) = root.cast::<Element>() {
            let last = Rc::new(Cell::new(None::<u32>));
            let report = {
                let element = element.clone();
                let embed = embed.clone();
                move || {
                    let Some(height) = measure_layout(&element).and_then(frame_height) else {
                        return;
                    };
                    if last.replace(Some(height)) != Some(height) {
                        post_height(&HeightMessage {
                            height,
                            embed: embed.clone(),
                        });
                    }
                }
            };
            report();
            let callback: Closure<dyn FnMut()> = Closure::new(report);
            if let Ok(ro) = ResizeObserver::new(callback.as_ref().unchecked_ref()) {
                // The frame (its width sets the chart's height) and every line around the chart.
                if let Ok(boxes) = element.query_selector_all(":scope > *, .embed-chart > *") {
                    for node in (0..boxes.length()).filter_map(|i| boxes.get(i)) {
                        if let Ok(el) = node.dyn_into::<Element>() {
                            ro.observe(&el);
                        }
                    }
                }
                ro.observe(&element);
                observer = Some((ro, callback));
            }
        }
        move || {
            if let Some((ro, _callback)) = observer {
                ro.disconnect();
            }
        }
    });
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
    let state = &props.decoded.state;
    let (theme, _) = use_theme_fixed(state.view.theme.map(chart_theme));
    let root = use_node_ref();
    let run = use_memo(props.decoded.clone(), |d| {
        RunRef::new(simulate(&d.state.scenario))
    });
    let run_a = use_memo(props.decoded.clone(), |d| {
        d.state.pinned.as_ref().map(|p| RunRef::new(simulate(p)))
    });
    let open_link = open_in_app_link(state);
    let slug = state.view.embed.clone().unwrap_or_default();
    use_height_reports(root.clone(), slug.clone());
    let body = match ChartId::from_slug(&slug) {
        Some(id) => html! {
            <EmbedChart {id} run={(*run).clone()} compare={(*run_a).clone()} {theme}
                year={state.view.year.unwrap_or(2030)} />
        },
        None => html! {
            <p class="embed-missing" role="alert">{ format!(
                "This embed asks for a chart called “{slug}”, which Gigawatt does not have. The charts are: {}.",
                ChartId::ALL.iter().map(|c| c.slug()).collect::<Vec<_>>().join(", ")
            ) }</p>
        },
    };
    let warnings = &props.decoded.warnings;
    // A link made with older economics or defaults: same inputs, figures from today's Gigawatt (full text on
    // hover).
    let older = older_link_note(&props.decoded);
    html! {
        <div class="embed-root" data-testid="embed-root" ref={root}>
            { body }
            <p class="embed-caption" data-testid="embed-caption">
                <span class="embed-caption-text" title={caption(&state.scenario)}>{ caption(&state.scenario) }</span>
                if let Some(a) = &state.pinned {
                    <span class="embed-compare">{ format!(" Dashed: {}.", a.name) }</span>
                }
                { " " }
                <a class="embed-open" data-testid="embed-open" href={open_link} target="_blank" rel="noopener">
                    { "Open in Gigawatt ↗" }
                </a>
            </p>
            if older.is_some() || !warnings.is_empty() {
                <p class="embed-note" data-testid="embed-note">
                    if let Some((short, full)) = older {
                        <span data-testid="link-notice-economics" title={full}>{ short }</span>
                    }
                    if !warnings.is_empty() {
                        <span data-testid="link-notice" title={warnings.join("\n")}>
                            { format!(" Parts of this link could not be read ({}).", warnings.len()) }
                        </span>
                    }
                </p>
            }
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
    /// The year the finding speaks of (the link's year, else 2030).
    #[prop_or(2030)]
    pub year: i32,
}

/// A chart without controls: title, static legend, the canvas sized to the frame, and the chart's finding
/// in one sentence (also the canvas's accessible description).
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
    let finding = use_memo(
        (props.run.clone(), props.id, props.year),
        |(run, id, year)| {
            chart_caption(
                *id,
                &CaptionContext {
                    run: run.run(),
                    year: *year,
                    window: DataOptions::default().window,
                    risk: None,
                },
            )
        },
    );
    let finding_id = format!("embed-finding-{slug}");
    html! {
        <figure class="embed-chart" data-testid={format!("chart-{slug}")}>
            <figcaption class="embed-title">{ data.title.clone() }</figcaption>
            if !legend.is_empty() {
                // It scrolls in short frames (app.css), so it takes focus for keyboard scrolling.
                <ul class="embed-legend" aria-label="Series" tabindex="0">
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
                <canvas ref={canvas_ref} role="img" aria-label={format!("{} chart", data.title)}
                    aria-describedby={finding_id.clone()} />
                if let Some(f) = (*failure).clone() {
                    <p class="chart-failure" role="alert">{ f }</p>
                }
            </div>
            <p class="embed-finding" id={finding_id} data-testid={format!("chart-{slug}-caption")}>
                { (*finding).clone() }
            </p>
        </figure>
    }
}
