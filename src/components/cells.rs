//! Editable table cells used by the deal editor: a text cell that parses on commit and keeps bad text visible
//! with a message, a select cell, and a checkbox cell.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TextCellProps {
    pub testid: String,
    /// Accessible name ("Ramp of contract L2").
    pub label: String,
    /// The value as the scenario holds it, formatted.
    pub value: String,
    /// Tries to apply the text; `Err(message)` keeps the text in the field and shows the message.
    pub on_commit: Callback<String, Result<(), String>>,
    #[prop_or_default]
    pub placeholder: AttrValue,
    #[prop_or_default]
    pub numeric: bool,
    #[prop_or_default]
    pub wide: bool,
}

/// A text input committed on Enter or blur. What the person typed stays until it is accepted, they press
/// Escape, or the value is changed from elsewhere, so nothing is lost to a typo or to a re-render (Yew
/// writes a controlled input's value on every render, which would wipe half-typed text).
#[component]
pub fn TextCell(props: &TextCellProps) -> Html {
    let draft = use_state(|| None::<String>);
    let error = use_state(|| None::<String>);
    {
        // When the value changes from elsewhere (undo, a preset, "New seed"), show it: a refused draft would
        // otherwise hide it. Re-renders that leave the value alone (progress, other rows) keep the draft.
        let (draft, error) = (draft.clone(), error.clone());
        use_effect_with(props.value.clone(), move |_| {
            draft.set(None);
            error.set(None);
        });
    }
    let oninput = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                draft.set(Some(input.value()));
            }
        })
    };
    let onchange = {
        let (draft, error) = (draft.clone(), error.clone());
        let on_commit = props.on_commit.clone();
        let current = props.value.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let text = input.value();
            if text == current {
                draft.set(None);
                error.set(None);
                return;
            }
            match on_commit.emit(text.clone()) {
                Ok(()) => {
                    draft.set(None);
                    error.set(None);
                }
                Err(message) => {
                    draft.set(Some(text));
                    error.set(Some(message));
                }
            }
        })
    };
    let onkeydown = {
        let (draft, error) = (draft.clone(), error.clone());
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                draft.set(None);
                error.set(None);
            }
        })
    };
    let error_id = format!("{}-error", props.testid);
    html! {
        <div class={classes!("cell", props.wide.then_some("wide"))}>
            <input type="text" data-testid={props.testid.clone()} aria-label={props.label.clone()}
                inputmode={if props.numeric { "decimal" } else { "text" }}
                class={classes!((*error).is_some().then_some("invalid"))}
                aria-invalid={(*error).is_some().to_string()}
                aria-describedby={(*error).is_some().then(|| error_id.clone())}
                placeholder={props.placeholder.clone()}
                value={(*draft).clone().unwrap_or_else(|| props.value.clone())}
                {oninput} {onchange} {onkeydown} />
            if let Some(message) = (*error).clone() {
                <div class="cell-error" id={error_id} data-testid={format!("{}-error", props.testid)} role="alert">
                    { message }
                </div>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct SelectCellProps {
    pub testid: String,
    pub label: String,
    /// (value, label) pairs.
    pub options: Vec<(String, String)>,
    pub selected: String,
    pub on_pick: Callback<String>,
}

/// A select applied as soon as it changes.
#[component]
pub fn SelectCell(props: &SelectCellProps) -> Html {
    let onchange = {
        let on_pick = props.on_pick.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                on_pick.emit(select.value());
            }
        })
    };
    html! {
        <div class="cell">
            <select data-testid={props.testid.clone()} aria-label={props.label.clone()} {onchange}>
                { for props.options.iter().map(|(value, label)| html! {
                    <option value={value.clone()} selected={*value == props.selected}>{ label.clone() }</option>
                }) }
            </select>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct CheckCellProps {
    pub testid: String,
    pub label: String,
    pub checked: bool,
    pub on_toggle: Callback<bool>,
}

#[component]
pub fn CheckCell(props: &CheckCellProps) -> Html {
    let onchange = {
        let on_toggle = props.on_toggle.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                on_toggle.emit(input.checked());
            }
        })
    };
    html! {
        <div class="cell">
            <input type="checkbox" data-testid={props.testid.clone()} aria-label={props.label.clone()}
                checked={props.checked} {onchange} />
        </div>
    }
}
