//! The Monte Carlo Web Worker (Trunk links this binary in index.html with `data-type="worker"`; the Risk view
//! spawns one per core). It only answers [`gigawatt_app::risk::protocol::Request`]s.

use gigawatt_app::risk::protocol::McWorker;

fn main() {
    McWorker::register();
}
