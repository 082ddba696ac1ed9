//! Placeholder entry point; the app is being written.
use yew::prelude::*;

#[function_component]
fn App() -> Html {
    html! { <main><h1>{ "Gigawatt" }</h1></main> }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
