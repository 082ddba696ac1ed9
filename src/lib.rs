//! Gigawatt's web app: the only code that knows about the browser. It holds one `Scenario`, runs the model
//! through a memo, and shows the results as a KPI strip, charts on canvases, and editors for every input.
//! No economics here: numbers come from `gigawatt_model`, pictures from `gigawatt_charts`; every decision that
//! needs no browser (state transitions, the URL writer, the KPI table, row edits) is `gigawatt_app_core`.

pub mod app;
pub mod components;
pub mod files;
pub mod json_module;
pub mod keyboard;
pub mod offline;
pub mod risk;
pub mod share;
pub mod state;
pub mod styles;
pub mod theme;

pub use app::{App, AppProps};

/// Mounts the app on the page's <body>: the full app on the share link in the address bar, or only the
/// embedded chart when the link names one (`embed=`). A link of an older version is read against that
/// version's frozen defaults, which the JSON module reads: it is loaded first (if it cannot be, the link is
/// read against today's presets and its notice says why).
pub fn start() {
    gigawatt_model::link::set_frozen_source(json_module::frozen_source);
    if share::location_needs_frozen_files() {
        wasm_bindgen_futures::spawn_local(async {
            // A failure is remembered and named by the link's notice (`json_module::frozen_source`).
            let _ = json_module::load().await;
            mount();
        });
    } else {
        mount();
    }
}

fn mount() {
    let decoded = share::decode_location().unwrap_or_else(|| gigawatt_model::link::decode(""));
    if decoded.state.view.embed.is_some() {
        let props = share::embed::EmbedProps {
            decoded: std::rc::Rc::new(decoded),
        };
        yew::Renderer::<share::embed::Embed>::with_props(props).render();
        return;
    }
    let props = AppProps {
        link: Some(std::rc::Rc::new(decoded)),
        sync_url: true,
        ..AppProps::default()
    };
    yew::Renderer::<App>::with_props(props).render();
    // The full app only: an embed lives in other sites' articles (storage partitioned per site), where caching
    // the whole build for offline use would cost the reader a download for nothing.
    offline::register_service_worker();
}
