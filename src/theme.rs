//! Light and dark page themes: follow the system's `prefers-color-scheme` until the viewer picks one.

use gigawatt_charts::Theme;
use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

const STORAGE_KEY: &str = "gigawatt-theme";
const DARK_QUERY: &str = "(prefers-color-scheme: dark)";

/// The theme the viewer chose with the toggle, if any (remembered in localStorage).
fn stored_choice() -> Option<Theme> {
    let storage = web_sys::window()?.local_storage().ok()??;
    match storage.get_item(STORAGE_KEY).ok()??.as_str() {
        "dark" => Some(Theme::Dark),
        "light" => Some(Theme::Light),
        _ => None,
    }
}

fn store_choice(theme: Theme) {
    if let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.local_storage()) {
        // Private browsing may refuse storage; the choice then lasts for this page only.
        let _ = storage.set_item(STORAGE_KEY, theme_name(theme));
    }
}

fn system_prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media(DARK_QUERY).ok().flatten())
        .map(|mq| mq.matches())
        .unwrap_or(false)
}

/// "light" / "dark", as written to `<html data-theme>`.
pub fn theme_name(theme: Theme) -> &'static str {
    match theme {
        Theme::Light => "light",
        Theme::Dark => "dark",
    }
}

/// The effective theme and a callback that flips it. Writes `data-theme` on the root element so the CSS
/// variables follow, and tracks system changes while the viewer has not chosen.
#[hook]
pub fn use_theme() -> (Theme, Callback<()>) {
    use_theme_fixed(None)
}

/// [`use_theme`], with a theme that overrides both the viewer's choice and the system (an embed whose link
/// fixes `theme=`); `None` behaves as [`use_theme`].
#[hook]
pub fn use_theme_fixed(fixed: Option<Theme>) -> (Theme, Callback<()>) {
    let choice = use_state(stored_choice);
    let system_dark = use_state(system_prefers_dark);

    {
        let system_dark = system_dark.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window()
                .and_then(|w| w.match_media(DARK_QUERY).ok().flatten())
                .map(|mq| {
                    let target: web_sys::EventTarget = mq.clone().unchecked_into();
                    EventListener::new(&target, "change", move |_| system_dark.set(mq.matches()))
                });
            move || drop(listener)
        });
    }

    let theme = match fixed.or(*choice) {
        Some(chosen) => chosen,
        None if *system_dark => Theme::Dark,
        None => Theme::Light,
    };

    // Written once during the first render (no flash of the wrong theme before effects run), then on change.
    use_memo((), |_| write_root_theme(theme));
    use_effect_with(theme, |theme| write_root_theme(*theme));

    let toggle = {
        let choice = choice.clone();
        Callback::from(move |()| {
            let flipped = match theme {
                Theme::Light => Theme::Dark,
                Theme::Dark => Theme::Light,
            };
            store_choice(flipped);
            choice.set(Some(flipped));
        })
    };
    (theme, toggle)
}

/// Sets `<html data-theme>`, which the stylesheet's colour variables follow.
fn write_root_theme(theme: Theme) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-theme", theme_name(theme));
    }
}
