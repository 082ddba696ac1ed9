//! Entry point of the browser build (Trunk links this binary in index.html).

fn main() {
    gigawatt_app::start();
}
