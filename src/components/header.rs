//! The top bar: scenario name (editable), preset picker, reset, undo/redo and the theme toggle.

use gigawatt_charts::Theme;
use gigawatt_model::{Action, PresetId};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::state::{apply, Msg, ScenarioHandle};

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub handle: ScenarioHandle,
    pub theme: Theme,
    pub on_toggle_theme: Callback<()>,
}

#[component]
pub fn Header(props: &HeaderProps) -> Html {
    let scenario = props.handle.scenario();
    let editing = use_state(|| false);

    let on_preset = {
        let handle = props.handle.clone();
        Callback::from(move |e: Event| {
            let slug = e.target_dyn_into::<HtmlSelectElement>().map(|s| s.value());
            if let Some(preset) = slug.as_deref().and_then(PresetId::from_slug) {
                apply(&handle, Action::LoadPreset(preset));
            }
        })
    };
    let on_reset = {
        let handle = props.handle.clone();
        let preset = scenario.preset;
        Callback::from(move |_| apply(&handle, Action::LoadPreset(preset)))
    };
    let on_undo = {
        let handle = props.handle.clone();
        Callback::from(move |_| handle.dispatch(Msg::Undo.into()))
    };
    let on_redo = {
        let handle = props.handle.clone();
        Callback::from(move |_| handle.dispatch(Msg::Redo.into()))
    };
    let on_theme = {
        let cb = props.on_toggle_theme.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let start_rename = {
        let editing = editing.clone();
        Callback::from(move |_| editing.set(true))
    };
    let commit_name = {
        let handle = props.handle.clone();
        let editing = editing.clone();
        let current = scenario.name.clone();
        move |input: HtmlInputElement| {
            let name = input.value().trim().to_string();
            if !name.is_empty() && name != current {
                apply(&handle, Action::Rename(name));
            }
            editing.set(false);
        }
    };
    let on_name_blur = {
        let commit_name = commit_name.clone();
        Callback::from(move |e: FocusEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                commit_name(input);
            }
        })
    };
    let on_name_key = {
        let editing = editing.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Enter" => {
                if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                    commit_name(input);
                }
            }
            "Escape" => editing.set(false),
            _ => {}
        })
    };
    let name_input = use_node_ref();
    {
        let name_input = name_input.clone();
        use_effect_with(*editing, move |editing| {
            if *editing {
                if let Some(input) = name_input.cast::<HtmlInputElement>() {
                    let _ = input.focus();
                    input.select();
                }
            }
        });
    }

    let (theme_label, theme_icon) = match props.theme {
        Theme::Light => ("Switch to dark theme", "☾"),
        Theme::Dark => ("Switch to light theme", "☀"),
    };
    html! {
        <header class="topbar">
            <div class="brand">
                <span class="logo" aria-hidden="true">{ "⚡" }</span>
                <span class="product">{ "Gigawatt" }</span>
            </div>
            <div class="scenario-title">
                if *editing {
                    <input ref={name_input} class="name-input" aria-label="Scenario name"
                        value={scenario.name.clone()} onblur={on_name_blur} onkeydown={on_name_key} />
                } else {
                    <h1 data-testid="scenario-name">{ scenario.name.clone() }</h1>
                    <button type="button" class="icon-button" aria-label="Rename scenario" title="Rename"
                        onclick={start_rename}>{ "✎" }</button>
                }
            </div>
            <div class="toolbar" role="toolbar" aria-label="Scenario">
                <crate::files::FileMenu handle={props.handle.clone()} />
                <label class="inline-control">
                    <span>{ "Preset" }</span>
                    <select data-testid="preset-picker" onchange={on_preset}
                        title={scenario.preset.summary()}>
                        { for PresetId::ALL.iter().map(|p| html! {
                            <option value={p.slug()} selected={*p == scenario.preset} title={p.summary()}>
                                { p.label() }
                            </option>
                        }) }
                    </select>
                </label>
                <button type="button" data-testid="reset" onclick={on_reset}
                    title="Discard every edit and reload the preset">{ "Reset" }</button>
                <span class="button-pair">
                    <button type="button" data-testid="undo" onclick={on_undo}
                        disabled={!props.handle.history.can_undo()} aria-keyshortcuts="Control+Z"
                        title="Undo (Ctrl+Z)">{ "↶ Undo" }</button>
                    <button type="button" data-testid="redo" onclick={on_redo}
                        disabled={!props.handle.history.can_redo()} aria-keyshortcuts="Control+Shift+Z"
                        title="Redo (Ctrl+Shift+Z)">{ "Redo ↷" }</button>
                </span>
                <button type="button" class="icon-button" data-testid="theme-toggle" aria-label={theme_label}
                    title={theme_label} onclick={on_theme}>{ theme_icon }</button>
            </div>
            <p class="preset-summary" data-testid="preset-summary">
                <strong>{ format!("{}: ", scenario.preset.label()) }</strong>{ scenario.preset.summary() }
            </p>
        </header>
    }
}
