//! No import circle among the model's files (`crates/model/src`): no file imports a module that imports it
//! back, directly or through others. The model reads leaves first (months and units, parameters, deals and
//! funding, the ledger's vocabulary), then the scenario and its presets, then the simulation, then what reads a
//! `Run` (circularity, checks, Monte Carlo, links); a circle would make every file in it depend on all the
//! others.
//!
//! Imports are read as `gigawatt_import_graph` says: `use crate::…`, `crate::…` and `super::…` paths anywhere
//! in code, groups expanded, and `crate::{A, B}` followed through `lib.rs`'s (and any module's) `pub use` to the
//! module that defines `A` and `B`.

use gigawatt_import_graph::{circles, describe, import_graph, name, Module};
use std::path::Path;

#[test]
fn no_file_of_the_model_imports_a_module_that_imports_it_back() {
    let graph = import_graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(
        graph.len() > 25,
        "read the model's files ({} found)",
        graph.len()
    );
    let module = |s: &str| -> Module { s.split("::").map(str::to_string).collect() };
    // The reader sees what it should: a re-exported name (`crate::Month`) is an import of its module.
    assert!(
        graph[&module("deals")].contains(&module("month")),
        "deals.rs imports crate::Month: {:?}",
        graph[&module("deals")].iter().map(name).collect::<Vec<_>>()
    );
    let found = circles(&graph);
    assert!(
        found.is_empty(),
        "import circles in crates/model/src:\n{}",
        describe(&graph, &found)
    );
}
