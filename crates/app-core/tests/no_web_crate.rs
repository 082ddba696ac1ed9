//! The app core stands on no web crate: neither it nor a workspace crate it depends on (the model, the
//! charts) names yew, web-sys, wasm-bindgen, js-sys or gloo among its dependencies (their manifests are
//! read, dev-dependencies aside).

use std::path::{Path, PathBuf};

const WEB_CRATES: [&str; 5] = ["yew", "web-sys", "wasm-bindgen", "js-sys", "gloo"];

/// (dependency name, path of a workspace crate if it is one) of the manifest in `dir`, outside
/// `[dev-dependencies]` and `[build-dependencies]`.
fn dependencies(dir: &Path) -> Vec<(String, Option<PathBuf>)> {
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("a Cargo.toml");
    let mut in_deps = false;
    let mut out = Vec::new();
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_deps = line.ends_with("dependencies]")
                && !line.contains("dev-dependencies")
                && !line.contains("build-dependencies");
            continue;
        }
        if !in_deps || line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((name, _)) = line.split_once('=') else {
            continue;
        };
        let name = name.trim().to_string();
        let path = name
            .strip_prefix("gigawatt-")
            .map(|crate_dir| dir.join("..").join(crate_dir));
        out.push((name, path.filter(|p| p.join("Cargo.toml").exists())));
    }
    out
}

#[test]
fn the_core_and_the_crates_below_it_name_no_web_crate() {
    let mut todo = vec![PathBuf::from(env!("CARGO_MANIFEST_DIR"))];
    let mut read = Vec::new();
    while let Some(dir) = todo.pop() {
        for (name, path) in dependencies(&dir) {
            assert!(
                !WEB_CRATES
                    .iter()
                    .any(|w| name == *w || name.starts_with(&format!("{w}-"))),
                "{} depends on the web crate {name}",
                dir.display()
            );
            todo.extend(path);
        }
        read.push(dir);
    }
    assert!(
        read.len() >= 3,
        "read the core, the model and the charts: {read:?}"
    );
}
