//! A chart's export buttons: PNG of the on-screen (HiDPI) canvas, SVG drawn by the same draw function through
//! plotters' SVG backend, CSV of exactly the table view's numbers, and a copy of the image to the clipboard.
//! The PNG and SVG carry a footer band: the chart's caption, then the source line (Gigawatt, the economics
//! version, the page's link) and the date, so an image pasted into an article says what it shows and where it
//! comes from.

use gigawatt_app_core::caption::{date_long, export_footer};
use gigawatt_charts::{footer_lines, DrawOptions, FOOTER_LINE_PX};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

use super::clipboard::{copy_canvas_png, describe, image_copy_support};
use super::download::{download_blob, download_text};
use crate::components::canvas::SurfaceSize;
use crate::components::chart_parts::DataRef;

#[derive(Properties, PartialEq)]
pub struct ChartExportsProps {
    pub slug: &'static str,
    /// The chart's canvas, drawn at CSS size × devicePixelRatio.
    pub canvas: NodeRef,
    pub data: DataRef,
    /// The drawing options the canvas was drawn with (theme, hidden series), so the SVG matches it.
    pub opts: DrawOptions,
    pub size: Option<SurfaceSize>,
    /// The chart's caption, the first line of an exported image's footer.
    #[prop_or_default]
    pub caption: AttrValue,
}

/// The footer of an exported image: the caption, then the source line with the page's link and today's date.
fn footer(caption: &str) -> Vec<String> {
    let link = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let now = js_sys::Date::new_0();
    let date = date_long(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    );
    let source = export_footer(gigawatt_model::ECONOMICS_VERSION, &link, &date);
    [caption.to_string(), source]
        .into_iter()
        .filter(|l| !l.is_empty())
        .collect()
}

/// A copy of `canvas` with the footer band under it, drawn in the theme's colours at the canvas's pixel
/// density (its width over its CSS width).
fn with_footer(
    canvas: &HtmlCanvasElement,
    css_width: f64,
    footer: &[String],
    opts: &DrawOptions,
) -> Result<HtmlCanvasElement, JsValue> {
    let ratio = if css_width > 0.0 {
        f64::from(canvas.width()) / css_width
    } else {
        1.0
    };
    let lines = footer_lines(footer, css_width.max(320.0) as u32);
    let line_px = f64::from(FOOTER_LINE_PX) * ratio;
    let band = (line_px * lines.len() as f64 + 12.0 * ratio).ceil();
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let out: HtmlCanvasElement = document.create_element("canvas")?.dyn_into()?;
    out.set_width(canvas.width());
    out.set_height(canvas.height() + band as u32);
    let ctx: CanvasRenderingContext2d = out
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("no 2d context"))?
        .dyn_into()?;
    let (background, muted) = opts.theme.footer_css();
    ctx.set_fill_style_str(&background);
    ctx.fill_rect(0.0, 0.0, f64::from(out.width()), f64::from(out.height()));
    ctx.draw_image_with_html_canvas_element(canvas, 0.0, 0.0)?;
    ctx.set_fill_style_str(&muted);
    ctx.set_font(&format!(
        "{}px system-ui, sans-serif",
        (11.0 * ratio).round()
    ));
    ctx.set_text_baseline("middle");
    for (i, line) in lines.iter().enumerate() {
        let y = f64::from(canvas.height()) + 6.0 * ratio + line_px * (i as f64 + 0.5);
        ctx.fill_text(line, 8.0 * ratio, y)?;
    }
    Ok(out)
}

/// What the last export did, shown under the buttons.
#[derive(Clone, Debug, PartialEq)]
enum Status {
    Done(String),
    Failed(String),
}

/// The SVG's size: the chart's on-screen CSS size (at least 320×240), or 800×450 before it is measured.
pub fn svg_size(size: Option<SurfaceSize>) -> (u32, u32) {
    size.map(|s| {
        (
            s.css_width.max(320.0) as u32,
            s.css_height.max(240.0) as u32,
        )
    })
    .unwrap_or((800, 450))
}

/// The CSV of a chart: the table view's cells, as the table view builds them.
pub fn chart_csv(data: &DataRef) -> String {
    gigawatt_charts::table(&data.0).to_csv()
}

#[component]
pub fn ChartExports(props: &ChartExportsProps) -> Html {
    let slug = props.slug;
    let status = use_state_eq(|| None::<Status>);
    let copy_support = use_memo((), |_| image_copy_support());

    let on_png = {
        let canvas = props.canvas.clone();
        let status = status.clone();
        let caption = props.caption.clone();
        let opts = props.opts.clone();
        let css_width = props.size.map_or(0.0, |s| s.css_width);
        Callback::from(move |_| {
            let Some(canvas) = canvas.cast::<HtmlCanvasElement>() else {
                status.set(Some(Status::Failed(
                    "The chart is not on the page yet.".into(),
                )));
                return;
            };
            if canvas.width() == 0 || canvas.height() == 0 {
                status.set(Some(Status::Failed(
                    "The chart has not been drawn yet; try again in a moment.".into(),
                )));
                return;
            }
            let canvas = match with_footer(&canvas, css_width, &footer(&caption), &opts) {
                Ok(footed) => footed,
                Err(e) => {
                    status.set(Some(Status::Failed(format!(
                        "The footer could not be drawn: {}.",
                        describe(&e)
                    ))));
                    return;
                }
            };
            let file_name = format!("gigawatt-{slug}.png");
            let status_in_callback = status.clone();
            let callback = Closure::once_into_js(move |blob: JsValue| {
                let result = match blob.dyn_into::<Blob>() {
                    Ok(blob) => download_blob(&file_name, &blob).map_err(|e| e.to_string()),
                    Err(_) => Err("The browser could not encode the chart as PNG.".to_string()),
                };
                status_in_callback.set(result.err().map(Status::Failed));
            });
            if let Err(e) = canvas.to_blob_with_type(callback.unchecked_ref(), "image/png") {
                status.set(Some(Status::Failed(format!(
                    "The browser could not encode the chart as PNG: {}.",
                    describe(&e)
                ))));
            }
        })
    };

    let on_svg = {
        let data = props.data.clone();
        let opts = props.opts.clone();
        let size = props.size;
        let status = status.clone();
        let caption = props.caption.clone();
        Callback::from(move |_| {
            let (width, height) = svg_size(size);
            let result = gigawatt_charts::to_svg_with_footer(
                &data.0,
                &opts,
                width,
                height,
                &footer(&caption),
            )
            .map_err(|e| format!("The SVG could not be drawn: {e}."))
            .and_then(|svg| {
                download_text(&format!("gigawatt-{slug}.svg"), "image/svg+xml", &svg)
                    .map_err(|e| e.to_string())
            });
            status.set(result.err().map(Status::Failed));
        })
    };

    let on_csv = {
        let data = props.data.clone();
        let status = status.clone();
        Callback::from(move |_| {
            let result = download_text(
                &format!("gigawatt-{slug}.csv"),
                "text/csv",
                &chart_csv(&data),
            );
            status.set(result.err().map(|e| Status::Failed(e.to_string())));
        })
    };

    // Charts that mark tranches (capacity) also export them as their own CSV: the monthly CSV keeps one row
    // per month. Like the monthly CSV, it is built on click, not on every render.
    let on_tranches_csv = (!props.data.0.tranches.is_empty()).then(|| {
        let data = props.data.clone();
        let status = status.clone();
        Callback::from(move |_| {
            let Some(tranches) = gigawatt_charts::tranche_table(&data.0) else {
                return;
            };
            let result = download_text(
                &format!("gigawatt-{slug}-tranches.csv"),
                "text/csv",
                &tranches.to_csv(),
            );
            status.set(result.err().map(|e| Status::Failed(e.to_string())));
        })
    });

    let on_copy = {
        let canvas = props.canvas.clone();
        let status = status.clone();
        Callback::from(move |_| {
            let Some(canvas) = canvas.cast::<HtmlCanvasElement>() else {
                status.set(Some(Status::Failed(
                    "The chart is not on the page yet.".into(),
                )));
                return;
            };
            match copy_canvas_png(&canvas) {
                Err(why) => status.set(Some(Status::Failed(format!("Not copied: {why}.")))),
                Ok(promise) => {
                    let status = status.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        match wasm_bindgen_futures::JsFuture::from(promise).await {
                            Ok(_) => status.set(Some(Status::Done(
                                "Copied the chart to the clipboard as an image.".into(),
                            ))),
                            Err(e) => status.set(Some(Status::Failed(format!(
                                "Not copied: {}.",
                                describe(&e)
                            )))),
                        }
                    });
                }
            }
        })
    };

    let copy_button = match &*copy_support {
        Ok(()) => html! {
            <button type="button" class="link-button" data-testid={format!("chart-{slug}-copy")}
                title="Copy the chart as an image (paste into a document or chat)" onclick={on_copy}>
                { "Copy image" }
            </button>
        },
        // Unsupported: no button, and the reason where it would be (for people looking for it).
        Err(why) => html! {
            <span class="muted small copy-unsupported" data-testid={format!("chart-{slug}-copy-unsupported")}>
                { why.clone() }
            </span>
        },
    };

    html! {
        <div class="chart-exports" role="group" aria-label="Export this chart"
            data-testid={format!("chart-{slug}-export")}>
            <span class="muted small">{ "Download" }</span>
            <button type="button" class="link-button" data-testid={format!("chart-{slug}-png")}
                title="The chart as on screen, at this screen's resolution" onclick={on_png}>{ "PNG" }</button>
            <button type="button" class="link-button" data-testid={format!("chart-{slug}-svg")}
                title="The chart as a vector drawing (scales without blur)" onclick={on_svg}>{ "SVG" }</button>
            <button type="button" class="link-button" data-testid={format!("chart-{slug}-csv")}
                title="The numbers of the table view" onclick={on_csv}>{ "CSV" }</button>
            if let Some(on_tranches) = on_tranches_csv {
                <button type="button" class="link-button" data-testid={format!("chart-{slug}-tranches-csv")}
                    title="Each optional tranche: contract, size, planned delivery, what was decided and when"
                    onclick={on_tranches}>{ "CSV (tranches)" }</button>
            }
            { copy_button }
            if let Some(s) = &*status {
                <span class={classes!("export-status", matches!(s, Status::Failed(_)).then_some("error"))}
                    role={if matches!(s, Status::Failed(_)) { "alert" } else { "status" }}
                    data-testid={format!("chart-{slug}-export-status")}>
                    { match s { Status::Done(m) | Status::Failed(m) => m.clone() } }
                </span>
            }
        </div>
    }
}
