//! The notice shown when a link could not be read in full: what was ignored and why, dismissable.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LinkNoticeProps {
    /// Sentences from the link decoder (`Decoded::warnings`); nothing is shown when empty.
    pub warnings: Vec<String>,
    pub on_dismiss: Callback<()>,
}

/// A banner under the header: the link opened, but parts of it were replaced by defaults.
#[function_component(LinkNotice)]
pub fn link_notice(props: &LinkNoticeProps) -> Html {
    if props.warnings.is_empty() {
        return html! {};
    }
    let dismiss = {
        let cb = props.on_dismiss.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let count = props.warnings.len();
    html! {
        <section class="link-notice" data-testid="link-notice" role="status" aria-label="About this link">
            <div class="link-notice-text">
                <strong>{ "This link was opened, but not all of it could be read." }</strong>
                <span class="muted">{
                    if count == 1 {
                        " Gigawatt used the best scenario it could recover; this part was left out:".to_string()
                    } else {
                        format!(" Gigawatt used the best scenario it could recover; these {count} parts were left out:")
                    }
                }</span>
                <ul>
                    { for props.warnings.iter().map(|w| html! { <li>{ capitalise(w) }</li> }) }
                </ul>
            </div>
            <button type="button" data-testid="link-notice-dismiss" onclick={dismiss}
                aria-label="Dismiss this notice">{ "Dismiss" }</button>
        </section>
    }
}

/// The decoder's sentences start in lower case so they can be embedded; a list item reads better capitalised.
fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
