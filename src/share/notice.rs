//! The notice shown about the link the page was opened with: that it was made under older economics (its
//! inputs are unchanged, the figures may differ), and what could not be read and why. Dismissable.

use yew::prelude::*;

pub use gigawatt_app_core::link::LinkNotes;

#[derive(Properties, PartialEq)]
pub struct LinkNoticeProps {
    /// From the link decoder; nothing is shown when empty.
    pub notes: LinkNotes,
    pub on_dismiss: Callback<()>,
}

/// A banner under the header: the link opened, with what the reader should know about it.
#[component]
pub fn LinkNotice(props: &LinkNoticeProps) -> Html {
    let notes = &props.notes;
    if notes.is_empty() {
        return html! {};
    }
    let dismiss = {
        let cb = props.on_dismiss.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let count = notes.warnings.len();
    html! {
        <section class="link-notice" data-testid="link-notice" role="status" aria-label="About this link">
            <div class="link-notice-text">
                { for notes.notices.iter().map(|n| html! {
                    <p class="link-notice-economics" data-testid="link-notice-economics">{ n.clone() }</p>
                }) }
                if count > 0 {
                    <strong>{ "This link was opened, but not all of it could be read." }</strong>
                    <span class="muted">{
                        if count == 1 {
                            " Gigawatt used the best scenario it could recover; this part was left out:".to_string()
                        } else {
                            format!(" Gigawatt used the best scenario it could recover; these {count} parts were left out:")
                        }
                    }</span>
                    <ul>
                        { for notes.warnings.iter().map(|w| html! { <li>{ capitalise(w) }</li> }) }
                    </ul>
                }
            </div>
            <button type="button" data-testid="link-notice-dismiss" onclick={dismiss}
                aria-label="Dismiss this notice">{ "Dismiss" }</button>
        </section>
    }
}

/// The decoder's sentences start in lower case so they can be embedded; a list item reads better capitalised.
/// They are the model's English and start with an ASCII letter: ASCII upper-casing keeps Unicode's case
/// tables out of the web build.
fn capitalise(text: &str) -> String {
    let mut text = text.to_string();
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    text
}
