//! The assumptions panel: every scalar parameter from `gigawatt_model::param_specs()`, grouped as the spec
//! groups them. Each number has a slider and a typed field (with unit and range), a reset to the preset's
//! default and an info pop-over with the default's source and evidence grade.
//!
//! Typed text is validated with `ParamSpec::check`; a bad entry shows an inline message, keeps the text, and
//! changes nothing. A slider drag is one undo step (a gesture keyed by the parameter).

use std::rc::Rc;

use gigawatt_model::{param_specs, Month, ParamGroup, ParamId, ParamKind, ParamSpec, Scenario};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use gigawatt_app_core::format::{param_value, parse_number};
use gigawatt_app_core::slug::Slug;

use crate::state::{missing_context, use_scenario, Dispatcher, Msg};

/// All parameter groups, each a collapsible section (the first two open).
#[component]
pub fn ParamsPanel() -> Html {
    let handle = use_scenario();
    let preset = handle.as_ref().map(|h| h.scenario().preset);
    // Defaults are the current preset's values, so "reset" returns a knob to where the preset put it.
    let defaults: Rc<Option<Scenario>> = use_memo(preset, |preset| preset.map(Scenario::preset));
    let (Some(handle), Some(defaults)) = (handle, defaults.as_ref()) else {
        return missing_context("assumptions");
    };
    let scenario = handle.scenario();
    let dispatcher = handle.dispatcher();
    html! {
        <div class="params" aria-label="Assumptions">
            { for ParamGroup::ALL.iter().enumerate().map(|(gi, group)| {
                let specs: Vec<&'static ParamSpec> =
                    param_specs().iter().filter(|s| s.group == *group).collect();
                let changed = specs.iter().filter(|s| scenario.get(s.id) != defaults.get(s.id)).count();
                html! {
                    <details class="param-group" open={gi < 2} data-testid={format!("group-{}", group_slug(*group))}>
                        <summary>
                            <span>{ group.label() }</span>
                            if changed > 0 {
                                <span class="badge" title="Changed from the preset">{ format!("{changed} changed") }</span>
                            }
                        </summary>
                        { for specs.into_iter().map(|spec| html! {
                            <ParamRow key={spec.key} spec={spec} value={scenario.get(spec.id)}
                                default={defaults.get(spec.id)} dispatcher={dispatcher.clone()} />
                        }) }
                    </details>
                }
            }) }
        </div>
    }
}

fn group_slug(group: ParamGroup) -> &'static str {
    match group {
        ParamGroup::Demand => "demand",
        ParamGroup::Capacity => "capacity",
        ParamGroup::Technology => "technology",
        ParamGroup::Costs => "costs",
        ParamGroup::Financing => "financing",
        ParamGroup::Valuation => "valuation",
    }
}

#[derive(Properties, PartialEq)]
pub struct ParamRowProps {
    pub spec: &'static ParamSpec,
    /// Current value (model units).
    pub value: f64,
    /// The preset's value (model units).
    pub default: f64,
    /// Stable across renders, so a row re-renders only when its own value changes.
    pub dispatcher: Dispatcher,
}

/// The text a value shows in the typed field (display units, dates as YYYY-MM).
fn field_text(spec: &ParamSpec, value: f64) -> String {
    match spec.kind {
        ParamKind::Date if value == 0.0 => "never".to_string(),
        ParamKind::Date => Month::from_decimal_start(value).to_string(),
        _ => param_value(value * spec.display_scale, spec.step * spec.display_scale),
    }
}

/// What the typed text means in model units, or why it means nothing.
fn parse_field(spec: &ParamSpec, text: &str) -> Result<f64, String> {
    let value = match spec.kind {
        ParamKind::Date => {
            let t = text.trim().to_ascii_lowercase();
            if t == "never" || t == "0" || t.is_empty() {
                0.0
            } else {
                t.parse::<Month>()
                    .map_err(|e| e.to_string())?
                    .decimal_start()
            }
        }
        _ => parse_number(text)? / spec.display_scale,
    };
    spec.check(value).map(|()| value)
}

/// `message` as a sentence ending in one full stop.
fn sentence(message: &str) -> String {
    let trimmed = message.trim().trim_end_matches('.');
    format!("{trimmed}.")
}

/// One parameter: label, slider, typed field with unit, reset, info pop-over, inline error.
#[component]
pub fn ParamRow(props: &ParamRowProps) -> Html {
    let spec = props.spec;
    let key = spec.key;
    // While the person edits the field, their exact text is kept here (valid or not).
    let draft = use_state(|| None::<String>);
    let error = use_state(|| None::<String>);
    let info_open = use_state(|| false);

    let gesture = format!("param:{key}");
    let set_value = {
        let handle = props.dispatcher.clone();
        let id: ParamId = spec.id;
        move |value: f64, gesture: Option<String>| {
            handle.dispatch(
                Msg::Apply {
                    action: gigawatt_model::Action::SetParam(id, value),
                    gesture,
                }
                .into(),
            );
        }
    };
    let end_gesture = {
        let handle = props.dispatcher.clone();
        move || handle.dispatch(Msg::EndGesture.into())
    };

    let on_slider_input = {
        let set_value = set_value.clone();
        let gesture = gesture.clone();
        let (draft, error) = (draft.clone(), error.clone());
        Callback::from(move |e: InputEvent| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let Ok(display) = input.value().parse::<f64>() else {
                return;
            };
            let value = match spec.kind {
                ParamKind::Date => display,
                _ => display / spec.display_scale,
            };
            // The slider cannot leave its range; the check only guards rounding at the ends.
            if spec.check(value).is_ok() {
                draft.set(None);
                error.set(None);
                set_value(value, Some(gesture.clone()));
            }
        })
    };
    let on_slider_change = {
        let end_gesture = end_gesture.clone();
        Callback::from(move |_: Event| end_gesture())
    };

    let on_field_input = {
        let set_value = set_value.clone();
        let gesture = gesture.clone();
        let (draft, error) = (draft.clone(), error.clone());
        Callback::from(move |e: InputEvent| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let text = input.value();
            // Half-typed text ("1.", "-") is not an error yet; the message waits for Enter or blur.
            if let Ok(value) = parse_field(spec, &text) {
                error.set(None);
                set_value(value, Some(gesture.clone()));
            }
            draft.set(Some(text));
        })
    };
    let on_field_change = {
        let set_value = set_value.clone();
        let (draft, error) = (draft.clone(), error.clone());
        let end_gesture = end_gesture.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let text = input.value();
            match parse_field(spec, &text) {
                Ok(value) => {
                    error.set(None);
                    draft.set(None);
                    set_value(value, None);
                    end_gesture();
                }
                Err(message) => {
                    error.set(Some(message));
                    draft.set(Some(text));
                }
            }
        })
    };
    let on_field_keydown = {
        let (draft, error) = (draft.clone(), error.clone());
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                draft.set(None);
                error.set(None);
            }
        })
    };
    let on_reset = {
        let set_value = set_value.clone();
        let (draft, error) = (draft.clone(), error.clone());
        let default = props.default;
        Callback::from(move |_| {
            draft.set(None);
            error.set(None);
            set_value(default, None);
        })
    };
    let on_toggle = {
        let set_value = set_value.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                set_value(if input.checked() { 1.0 } else { 0.0 }, None);
            }
        })
    };
    let on_info = {
        let info_open = info_open.clone();
        Callback::from(move |_| info_open.set(!*info_open))
    };
    let on_info_key = {
        let info_open = info_open.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                info_open.set(false);
            }
        })
    };

    let field_id = format!("param-{key}-field");
    let error_id = format!("param-{key}-error");
    let info_id = format!("param-{key}-popover");
    let changed = props.value != props.default;
    let scale = spec.display_scale;
    let range_text = match spec.kind {
        ParamKind::Date => format!("2025-01 to {:.0}, or never", spec.max),
        _ => format!(
            "{} to {} {}",
            gigawatt_model::params::trim_number(spec.min * scale),
            gigawatt_model::params::trim_number(spec.max * scale),
            spec.unit
        ),
    };

    let control = match spec.kind {
        ParamKind::Toggle => html! {
            <label class="switch">
                <input type="checkbox" role="switch" data-testid={format!("param-{key}-toggle")}
                    checked={props.value != 0.0} onchange={on_toggle} aria-describedby={info_id.clone()} />
                <span>{ if props.value != 0.0 { "On" } else { "Off" } }</span>
            </label>
        },
        _ => {
            let (min, max, step, slider_value) = match spec.kind {
                ParamKind::Date => (2025.0, spec.max, spec.step, props.value.max(2025.0)),
                _ => (
                    spec.min * scale,
                    spec.max * scale,
                    spec.step * scale,
                    props.value * scale,
                ),
            };
            let text = (*draft)
                .clone()
                .unwrap_or_else(|| field_text(spec, props.value));
            html! {
                <div class="param-inputs">
                    <input type="range" data-testid={format!("param-{key}-slider")}
                        aria-label={format!("{} slider", spec.label)}
                        min={min.to_string()} max={max.to_string()} step={step.to_string()}
                        value={slider_value.to_string()}
                        aria-valuetext={spec.format(props.value)}
                        oninput={on_slider_input} onchange={on_slider_change} />
                    <span class="number-with-unit">
                        <input type="text" inputmode="decimal" id={field_id.clone()}
                            data-testid={format!("param-{key}-number")}
                            class={classes!((*error).is_some().then_some("invalid"))}
                            aria-invalid={(*error).is_some().to_string()}
                            aria-describedby={if (*error).is_some() { error_id.clone() } else { format!("param-{key}-range") }}
                            value={text} oninput={on_field_input} onchange={on_field_change}
                            onkeydown={on_field_keydown} />
                        if spec.kind == ParamKind::Number {
                            <span class="unit">{ spec.unit }</span>
                        }
                    </span>
                </div>
            }
        }
    };

    html! {
        <div class={classes!("param", changed.then_some("changed"))} data-testid={format!("param-{key}")}>
            <div class="param-head">
                <label for={field_id}>{ spec.label }</label>
                <span class="param-tools">
                    <button type="button" class="icon-button" data-testid={format!("param-{key}-info")}
                        aria-expanded={(*info_open).to_string()} aria-controls={info_id.clone()}
                        aria-label={format!("Source of {}", spec.label)} onclick={on_info} onkeydown={on_info_key}>
                        { "i" }
                    </button>
                    <button type="button" class="icon-button" data-testid={format!("param-{key}-reset")}
                        disabled={!changed} aria-label={format!("Reset {} to {}", spec.label, spec.format(props.default))}
                        title={format!("Reset to {}", spec.format(props.default))} onclick={on_reset}>
                        { "↺" }
                    </button>
                </span>
            </div>
            { control }
            if spec.kind != ParamKind::Toggle {
                <div class="param-range" id={format!("param-{key}-range")}>{ range_text }</div>
            }
            if let Some(message) = (*error).clone() {
                <div class="param-error" id={error_id} data-testid={format!("param-{key}-error")} role="alert">
                    { format!("{} Not applied.", sentence(&message)) }
                </div>
            }
            if *info_open {
                <div class="popover" id={info_id} role="note">
                    <p><strong>{ "Default: " }</strong>{ spec.format(props.default) }</p>
                    <p><strong>{ "Source: " }</strong>{ spec.source }</p>
                    <p><strong>{ "Evidence: " }</strong>
                        <span class={format!("grade grade-{}", spec.grade.slug())}>{ spec.grade.slug() }</span>
                        { format!(" — {}", spec.grade.label()) }
                    </p>
                    if spec.uncertain {
                        <p class="muted">{ "Uncertain: Monte Carlo varies it." }</p>
                    }
                </div>
            }
        </div>
    }
}
