//! No import circle among the web app's files (`src/` at the repository root): no file imports a module
//! that imports it back, directly or through others. The app is read leaves first (shared hooks and types,
//! then components, then the shell); a circle would make every file in it depend on all the others.
//!
//! Imports are read as `gigawatt_import_graph` says (shared with the model's `tests/module_graph.rs`): the
//! paths a file names (`crate::a::b`, `super::x`, `self::y` and, in a `mod.rs` or `lib.rs`, a child module's
//! name), in `use` items (groups expanded) and in code, each an import of the longest module file it reaches,
//! followed through re-exports. Declaring a child (`mod x;`) is not an import.

use gigawatt_import_graph::{circles, describe, import_graph};
use std::path::Path;

#[test]
fn no_file_of_the_app_imports_a_module_that_imports_it_back() {
    let graph = import_graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src"));
    assert!(
        graph.len() > 20,
        "read the app's files ({} found)",
        graph.len()
    );
    let found = circles(&graph);
    assert!(
        found.is_empty(),
        "import circles in src/:\n{}",
        describe(&graph, &found)
    );
}
