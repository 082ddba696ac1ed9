//! The Monte Carlo Web Worker (Trunk links this binary in index.html with `data-type="worker"`; the Risk view
//! spawns one per core). It only answers [`gigawatt_app::risk::protocol::Request`]s.

use gigawatt_app::risk::protocol::McWorker;
use yew_agent::Registrable;

fn main() {
    McWorker::registrar().register();
}
