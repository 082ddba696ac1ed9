//! The Share dialog: the link to this exact view (copy to the clipboard, or select it when the clipboard is
//! not available), a citation of it (plain text and BibTeX, with today's date as the access date), and a
//! snippet that embeds one chart of this scenario in another page: the `<iframe>` (following the reader's
//! colour scheme, or fixed light or dark) and a short script that fits the frame's height to the chart.
//! The texts themselves are `gigawatt_app_core::cite` and `gigawatt_app_core::embed`.

use std::rc::Rc;

use gigawatt_app_core::cite::{citation, CiteDate};
use gigawatt_app_core::embed::{embed_state, snippet};
use gigawatt_charts::ChartId;
use gigawatt_model::link::{self, LinkState, ViewTheme};
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::full_link;

/// Embed sizes offered by the dialog (CSS px); the embed page fits any width in this range.
pub const EMBED_WIDTH_RANGE: (u32, u32) = (320, 1200);
pub const EMBED_HEIGHT_RANGE: (u32, u32) = (240, 900);
const DEFAULT_EMBED_SIZE: (u32, u32) = (640, 420);

/// Today in the reader's time zone, from the browser's clock.
fn today() -> Option<CiteDate> {
    let now = js_sys::Date::new_0();
    CiteDate::new(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
}

/// The embed theme the dialog's select names ("" follows the reader).
fn theme_from_value(value: &str) -> Option<ViewTheme> {
    ViewTheme::from_slug(value)
}

/// Copies `text` with the asynchronous clipboard API; when that is missing or refused, selects the text in
/// `field` (and tries the legacy copy command). Reports a sentence for the status line.
fn copy_text(text: String, field: NodeRef, on_status: Callback<String>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .map(|c| !c.is_undefined() && !c.is_null())
        .unwrap_or(false);
    let select_instead = {
        let field = field.clone();
        let on_status = on_status.clone();
        move || {
            let copied = select_field(&field)
                && web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
                    .and_then(|d| d.exec_command("copy").ok())
                    .unwrap_or(false);
            on_status.emit(if copied {
                "Copied.".to_string()
            } else {
                "The clipboard is not available here: the text is selected, press Ctrl+C (⌘C) to copy it."
                    .to_string()
            });
        }
    };
    if !has_clipboard {
        select_instead();
        return;
    }
    let promise = navigator.clipboard().write_text(&text);
    wasm_bindgen_futures::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(_) => {
                select_field(&field);
                on_status.emit("Copied to the clipboard.".to_string());
            }
            Err(_) => select_instead(),
        }
    });
}

/// Selects the whole text of an input or textarea; false when the node is neither.
fn select_field(field: &NodeRef) -> bool {
    if let Some(input) = field.cast::<HtmlInputElement>() {
        input.select();
        true
    } else if let Some(area) = field.cast::<HtmlTextAreaElement>() {
        area.select();
        true
    } else {
        false
    }
}

/// Moves focus from the last focusable element of `dialog` to the first (or, with Shift, the first to the
/// last). Returns whether it moved focus, i.e. whether the browser's own Tab must be cancelled.
fn wrap_focus(dialog: &web_sys::Element, backwards: bool) -> bool {
    let Ok(list) = dialog.query_selector_all("button, input, select, textarea, a[href]") else {
        return false;
    };
    let items: Vec<web_sys::HtmlElement> = (0..list.length())
        .filter_map(|i| list.get(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .collect();
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        return false;
    };
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    let is = |el: &web_sys::HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == AsRef::<web_sys::Element>::as_ref(el))
    };
    let target = match backwards {
        true if is(first) || active.as_ref().is_some_and(|a| a == dialog) => last,
        false if is(last) => first,
        _ => return false,
    };
    target.focus().is_ok()
}

#[derive(Properties, PartialEq)]
pub struct ShareDialogProps {
    /// What the link must reproduce: scenario, pinned scenario and view.
    pub state: Rc<LinkState>,
    /// The chart offered first for embedding (the first chart of the open tab).
    pub default_chart: ChartId,
    pub on_close: Callback<()>,
}

/// The dialog itself (rendered only while open).
#[component]
pub fn ShareDialog(props: &ShareDialogProps) -> Html {
    let url = use_memo(props.state.clone(), |state| full_link(state));
    let chart = use_state(|| props.default_chart);
    let theme = use_state(|| None::<ViewTheme>);
    let size = use_state(|| DEFAULT_EMBED_SIZE);
    let link_status = use_state(String::new);
    let cite_status = use_state(String::new);
    let embed_status = use_state(String::new);
    let link_field = use_node_ref();
    let cite_text_field = use_node_ref();
    let cite_bibtex_field = use_node_ref();
    let snippet_field = use_node_ref();
    let dialog_ref = use_node_ref();

    // Read once per opening: the date the reader copied the citation.
    let accessed = *use_memo((), |_| today());
    let cited = citation(&props.state.scenario.name, &url, accessed);

    let embed_url = full_link(&embed_state(&props.state, *chart, *theme));
    let snippet = snippet(
        &embed_url,
        &format!(
            "Gigawatt: {} ({})",
            chart.title(),
            props.state.scenario.name
        ),
        size.0,
        size.1,
    );

    // Focus the dialog when it opens so Escape and Tab work at once.
    {
        let dialog_ref = dialog_ref.clone();
        use_effect_with((), move |_| {
            if let Some(el) = dialog_ref.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }

    let on_copy_link = {
        let url = url.clone();
        let field = link_field.clone();
        let status = link_status.clone();
        Callback::from(move |_| {
            let status = status.clone();
            copy_text(
                (*url).clone(),
                field.clone(),
                Callback::from(move |s| status.set(s)),
            );
        })
    };
    let copy_citation = |text: String, field: &NodeRef| {
        let field = field.clone();
        let status = cite_status.clone();
        Callback::from(move |_| {
            let status = status.clone();
            copy_text(
                text.clone(),
                field.clone(),
                Callback::from(move |s| status.set(s)),
            );
        })
    };
    let on_copy_cite_text = copy_citation(cited.text.clone(), &cite_text_field);
    let on_copy_cite_bibtex = copy_citation(cited.bibtex.clone(), &cite_bibtex_field);
    let on_copy_snippet = {
        let snippet = snippet.clone();
        let field = snippet_field.clone();
        let status = embed_status.clone();
        Callback::from(move |_| {
            let status = status.clone();
            copy_text(
                snippet.clone(),
                field.clone(),
                Callback::from(move |s| status.set(s)),
            );
        })
    };
    let on_chart = {
        let chart = chart.clone();
        Callback::from(move |e: Event| {
            if let Some(id) = e
                .target_dyn_into::<HtmlSelectElement>()
                .and_then(|s| ChartId::from_slug(&s.value()))
            {
                chart.set(id);
            }
        })
    };
    let on_theme = {
        let theme = theme.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                theme.set(theme_from_value(&select.value()));
            }
        })
    };
    let size_input = |height: bool| {
        let size = size.clone();
        let (lo, hi) = if height {
            EMBED_HEIGHT_RANGE
        } else {
            EMBED_WIDTH_RANGE
        };
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let current = if height { size.1 } else { size.0 };
            let value = input
                .value()
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .map(|v| (v.round() as i64).clamp(i64::from(lo), i64::from(hi)) as u32)
                .unwrap_or(current);
            // Show the value actually used (clamped or restored).
            input.set_value(&value.to_string());
            size.set(if height {
                (size.0, value)
            } else {
                (value, size.1)
            });
        })
    };
    let close = {
        let cb = props.on_close.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let on_key = {
        let cb = props.on_close.clone();
        let dialog_ref = dialog_ref.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Escape" => {
                e.prevent_default();
                cb.emit(());
            }
            // A modal dialog keeps Tab inside itself.
            "Tab" => {
                if let Some(dialog) = dialog_ref.cast::<web_sys::Element>() {
                    if wrap_focus(&dialog, e.shift_key()) {
                        e.prevent_default();
                    }
                }
            }
            _ => {}
        })
    };
    let select_on_focus = Callback::from(|e: FocusEvent| {
        if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
            input.select();
        }
    });

    let carries = if props.state.pinned.is_some() {
        "the scenario, the pinned comparison (A), the open tab and year"
    } else {
        "the whole scenario, the open tab and year"
    };
    html! {
        <div class="share-backdrop" onclick={close.clone()}>
            <div class="share-dialog" data-testid="share-dialog" role="dialog" aria-modal="true"
                aria-labelledby="share-title" tabindex="-1" ref={dialog_ref} onkeydown={on_key}
                onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <header class="share-dialog-head">
                    <h2 id="share-title">{ "Share this scenario" }</h2>
                    <button type="button" class="icon-button" data-testid="share-close"
                        aria-label="Close" onclick={close}>{ "✕" }</button>
                </header>
                <section>
                    <label for="share-link-field">{ "Link" }</label>
                    <div class="share-row">
                        <input id="share-link-field" data-testid="share-link" ref={link_field} readonly=true
                            value={(*url).clone()} onfocus={select_on_focus} />
                        <button type="button" data-testid="share-copy" onclick={on_copy_link}>{ "Copy link" }</button>
                    </div>
                    <p class="muted small" data-testid="share-copy-status" aria-live="polite">{
                        if link_status.is_empty() {
                            format!("It holds {carries} ({} characters). Anyone who opens it sees the same numbers; nothing is uploaded.", url.len())
                        } else {
                            (*link_status).clone()
                        }
                    }</p>
                </section>
                <section>
                    <h3>{ "Cite this scenario" }</h3>
                    <textarea data-testid="share-cite-text" ref={cite_text_field} readonly=true rows="3"
                        aria-label="Citation as text" value={cited.text.clone()} />
                    <div class="share-row">
                        <button type="button" data-testid="share-cite-copy-text" onclick={on_copy_cite_text}>{ "Copy citation" }</button>
                    </div>
                    <textarea data-testid="share-cite-bibtex" ref={cite_bibtex_field} readonly=true rows="5"
                        aria-label="Citation as BibTeX" value={cited.bibtex.clone()} />
                    <div class="share-row">
                        <button type="button" data-testid="share-cite-copy-bibtex" onclick={on_copy_cite_bibtex}>{ "Copy BibTeX" }</button>
                    </div>
                    <p class="muted small" data-testid="share-cite-status" aria-live="polite">{
                        if cite_status.is_empty() {
                            "With the link above and today’s date as the date accessed.".to_string()
                        } else {
                            (*cite_status).clone()
                        }
                    }</p>
                </section>
                <section>
                    <h3>{ "Embed a chart" }</h3>
                    <div class="share-embed-options">
                        <label>
                            <span>{ "Chart" }</span>
                            <select data-testid="share-embed-chart" onchange={on_chart}>
                                { for ChartId::ALL.iter().map(|id| html! {
                                    <option value={id.slug()} selected={*id == *chart}>{ id.title() }</option>
                                }) }
                            </select>
                        </label>
                        <label>
                            <span>{ "Colours" }</span>
                            <select data-testid="share-embed-theme" onchange={on_theme}>
                                <option value="" selected={theme.is_none()}>{ "Follow the reader" }</option>
                                { for ViewTheme::ALL.iter().map(|t| html! {
                                    <option value={t.slug()} selected={*theme == Some(*t)}>{
                                        match t { ViewTheme::Light => "Light", ViewTheme::Dark => "Dark" }
                                    }</option>
                                }) }
                            </select>
                        </label>
                        <label>
                            <span>{ "Width (px)" }</span>
                            <input type="number" data-testid="share-embed-width" min={EMBED_WIDTH_RANGE.0.to_string()}
                                max={EMBED_WIDTH_RANGE.1.to_string()} step="10" value={size.0.to_string()}
                                onchange={size_input(false)} />
                        </label>
                        <label>
                            <span>{ "Height (px)" }</span>
                            <input type="number" data-testid="share-embed-height" min={EMBED_HEIGHT_RANGE.0.to_string()}
                                max={EMBED_HEIGHT_RANGE.1.to_string()} step="10" value={size.1.to_string()}
                                onchange={size_input(true)} />
                        </label>
                    </div>
                    <textarea data-testid="share-embed-snippet" ref={snippet_field} readonly=true rows="6"
                        aria-label="Embed code" value={snippet} />
                    <div class="share-row">
                        <button type="button" data-testid="share-embed-copy" onclick={on_copy_snippet}>{ "Copy embed code" }</button>
                        <a data-testid="share-embed-preview" href={embed_url} target="_blank" rel="noopener">{ "Preview the embed ↗" }</a>
                    </div>
                    <p class="muted small" aria-live="polite">{
                        if embed_status.is_empty() {
                            format!("Pinned to link version {}: the chart keeps showing this scenario after later releases. \
                                     The script fits the frame's height to the chart; without it the frame keeps this height.", link::LINK_VERSION)
                        } else {
                            (*embed_status).clone()
                        }
                    }</p>
                </section>
            </div>
        </div>
    }
}
