//! Gigawatt's web app: the only code that knows about the browser. It holds one `Scenario`, runs the model
//! through a memo, and shows the results as a KPI strip, charts on canvases, and editors for every input.
//! No economics here: numbers come from `gigawatt_model`, pictures from `gigawatt_charts`.

pub mod app;
pub mod components;
pub mod deal_text;
pub mod files;
pub mod format;
pub mod risk;
pub mod state;
pub mod theme;

pub use app::{App, AppProps};

/// Mounts the app on the page's <body>.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
