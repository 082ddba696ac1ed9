//! No import circle among the web app's files (`src/` at the repository root): no file imports a module
//! that imports it back, directly or through others. The app is read leaves first (shared hooks and types,
//! then components, then the shell); a circle would make every file in it depend on all the others.
//!
//! Imports are the paths a file names: `crate::a::b`, `super::x`, `self::y` and, in a `mod.rs` or
//! `lib.rs`, a child module's name (`pub use view::RiskView`), in `use` items (groups expanded) and in code.
//! Each path counts as an import of the longest module file it reaches. Declaring a child (`mod x;`) is not
//! an import.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

fn app_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src")
}

/// Every `.rs` file of the app's library (not the binaries) with its module path.
fn modules(root: &Path) -> BTreeMap<Module, PathBuf> {
    fn walk(dir: &Path, prefix: &Module, out: &mut BTreeMap<Module, PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("read src/")
            .map(|e| e.expect("dir entry").path())
            .collect();
        entries.sort();
        for path in entries {
            let name = path.file_stem().unwrap().to_string_lossy().to_string();
            if path.is_dir() {
                if prefix.is_empty() && name == "bin" {
                    continue;
                }
                let mut module = prefix.clone();
                module.push(name);
                walk(&path, &module, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let module = match name.as_str() {
                    "mod" => prefix.clone(),
                    "lib" if prefix.is_empty() => prefix.clone(),
                    "main" if prefix.is_empty() => continue,
                    _ => {
                        let mut m = prefix.clone();
                        m.push(name);
                        m
                    }
                };
                out.insert(module, path);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, &Vec::new(), &mut out);
    out
}

/// The source without comments (line comments and doc comments; block comments are not used in src/).
fn code_of(text: &str) -> String {
    text.lines()
        .map(|line| {
            let mut in_string = false;
            let bytes = line.as_bytes();
            for i in 0..bytes.len() {
                match bytes[i] {
                    b'"' if i == 0 || bytes[i - 1] != b'\\' => in_string = !in_string,
                    b'/' if !in_string && bytes.get(i + 1) == Some(&b'/') => return &line[..i],
                    _ => {}
                }
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_ident_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Reads `ident(::ident)*` with `::{a, b::c, …}` groups expanded, from `at`. Returns the paths and where
/// reading stopped.
fn read_paths(code: &[u8], mut at: usize) -> (Vec<Vec<String>>, usize) {
    let skip_ws = |mut i: usize| {
        while i < code.len() && code[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    let mut prefix: Vec<String> = Vec::new();
    loop {
        at = skip_ws(at);
        if at < code.len() && code[at] == b'{' {
            let mut paths = Vec::new();
            at += 1;
            loop {
                at = skip_ws(at);
                if at >= code.len() {
                    return (paths, at);
                }
                match code[at] {
                    b'}' => return (paths, at + 1),
                    b',' => at += 1,
                    _ => {
                        let (inner, next) = read_paths(code, at);
                        for p in inner {
                            let mut full = prefix.clone();
                            full.extend(p.into_iter().filter(|s| s != "self"));
                            paths.push(full);
                        }
                        if next == at {
                            at += 1; // `*` or anything else
                        } else {
                            at = next;
                        }
                        // `as alias`
                        let after = skip_ws(at);
                        if code[after..].starts_with(b"as ") {
                            let (_, n) = read_paths(code, after + 3);
                            at = n;
                        }
                    }
                }
            }
        }
        let start = at;
        while at < code.len() && is_ident_char(code[at]) {
            at += 1;
        }
        if at == start {
            return (
                vec![prefix].into_iter().filter(|p| !p.is_empty()).collect(),
                at,
            );
        }
        prefix.push(String::from_utf8_lossy(&code[start..at]).to_string());
        if code[at..].starts_with(b"::") {
            at += 2;
        } else {
            return (vec![prefix], at);
        }
    }
}

/// The modules `module` (whose source is `text`) imports.
fn imports(
    module: &Module,
    is_mod_file: bool,
    text: &str,
    known: &BTreeSet<Module>,
) -> BTreeSet<Module> {
    let code = code_of(text);
    let bytes = code.as_bytes();
    // Child modules declared here (`mod x;`, `pub mod x;`) can be named bare.
    let children: BTreeSet<String> = code
        .lines()
        .filter_map(|l| {
            let l = l.trim().trim_start_matches("pub ").trim();
            l.strip_prefix("mod ")?
                .strip_suffix(';')
                .map(|n| n.trim().to_string())
        })
        .collect();
    let mut found = BTreeSet::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_path = is_ident_char(bytes[i])
            && (i == 0 || !(is_ident_char(bytes[i - 1]) || bytes[i - 1] == b':'));
        if !starts_path {
            i += 1;
            continue;
        }
        let (paths, next) = read_paths(bytes, i);
        i = next.max(i + 1);
        for path in paths {
            if path.len() < 2 && !(path.len() == 1 && path[0] == "crate") {
                continue;
            }
            // Resolve the first segments to a module.
            let mut base: Module = match path[0].as_str() {
                "crate" => Vec::new(),
                "self" => module.clone(),
                "super" => {
                    let mut m = if is_mod_file {
                        module.clone()
                    } else {
                        module[..module.len().saturating_sub(1)].to_vec()
                    };
                    let mut rest = 1;
                    while path.get(rest).map(String::as_str) == Some("super") {
                        m.pop();
                        rest += 1;
                    }
                    let mut full = m;
                    full.extend(path[rest..].iter().cloned());
                    if let Some(target) = longest_module(&full, known) {
                        if target != *module {
                            found.insert(target);
                        }
                    }
                    continue;
                }
                child if children.contains(child) => {
                    let mut m = module.clone();
                    m.push(child.to_string());
                    m
                }
                _ => continue,
            };
            base.extend(path[1..].iter().cloned());
            if let Some(target) = longest_module(&base, known) {
                if target != *module {
                    found.insert(target);
                }
            }
        }
    }
    found
}

fn longest_module(path: &[String], known: &BTreeSet<Module>) -> Option<Module> {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|m| known.contains(m))
}

fn name(module: &Module) -> String {
    if module.is_empty() {
        "crate".to_string()
    } else {
        module.join("::")
    }
}

/// Every circle of `graph`, one per strongly connected component with more than one module.
fn circles(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
    // Tarjan's algorithm, iterative enough for a few dozen files.
    struct State<'a> {
        graph: &'a BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<Module, usize>,
        low: BTreeMap<Module, usize>,
        stack: Vec<Module>,
        on_stack: BTreeSet<Module>,
        next: usize,
        out: Vec<Vec<Module>>,
    }
    fn visit(s: &mut State, v: &Module) {
        s.index.insert(v.clone(), s.next);
        s.low.insert(v.clone(), s.next);
        s.next += 1;
        s.stack.push(v.clone());
        s.on_stack.insert(v.clone());
        for w in s.graph.get(v).cloned().unwrap_or_default() {
            if !s.index.contains_key(&w) {
                visit(s, &w);
                let low = s.low[v].min(s.low[&w]);
                s.low.insert(v.clone(), low);
            } else if s.on_stack.contains(&w) {
                let low = s.low[v].min(s.index[&w]);
                s.low.insert(v.clone(), low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(&w);
                let done = w == *v;
                component.push(w);
                if done {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.out.push(component);
            }
        }
    }
    let mut s = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.out
}

fn import_graph() -> BTreeMap<Module, BTreeSet<Module>> {
    let files = modules(&app_src());
    let known: BTreeSet<Module> = files.keys().cloned().collect();
    files
        .iter()
        .map(|(module, path)| {
            let text = std::fs::read_to_string(path).expect("read a source file");
            let stem = path.file_stem().unwrap();
            let is_mod_file = stem == "mod" || stem == "lib";
            (module.clone(), imports(module, is_mod_file, &text, &known))
        })
        .collect()
}

#[test]
fn no_file_of_the_app_imports_a_module_that_imports_it_back() {
    let graph = import_graph();
    assert!(
        graph.len() > 20,
        "read the app's files ({} found)",
        graph.len()
    );
    let found = circles(&graph);
    let described: Vec<String> = found
        .iter()
        .map(|c| {
            let members: BTreeSet<&Module> = c.iter().collect();
            let edges: Vec<String> = c
                .iter()
                .flat_map(|m| {
                    graph[m]
                        .iter()
                        .filter(|t| members.contains(t))
                        .map(move |t| format!("{} → {}", name(m), name(t)))
                })
                .collect();
            format!("{} files: {}", c.len(), edges.join(", "))
        })
        .collect();
    assert!(
        found.is_empty(),
        "import circles in src/:\n{}",
        described.join("\n")
    );
}

#[test]
fn the_reader_sees_imports_through_groups_super_and_child_modules() {
    let known: BTreeSet<Module> = [
        vec![],
        vec!["a".to_string()],
        vec!["a".to_string(), "b".to_string()],
        vec!["c".to_string()],
    ]
    .into_iter()
    .collect();
    let text = "pub mod b;\nuse crate::{c::X, a::b::{self, Y}};\n// crate::nothing::here\nfn f() { b::g(); }\n";
    let found = imports(&vec!["a".to_string()], true, text, &known);
    assert_eq!(
        found,
        [
            vec!["a".to_string(), "b".to_string()],
            vec!["c".to_string()]
        ]
        .into_iter()
        .collect()
    );
    let found = imports(
        &vec!["a".to_string(), "b".to_string()],
        false,
        "use super::Z;",
        &known,
    );
    assert_eq!(found, [vec!["a".to_string()]].into_iter().collect());
    // A circle is found; a chain is not.
    let graph: BTreeMap<Module, BTreeSet<Module>> = [
        (
            vec!["a".to_string()],
            [vec!["c".to_string()]].into_iter().collect(),
        ),
        (
            vec!["c".to_string()],
            [vec!["a".to_string()]].into_iter().collect(),
        ),
        (vec![], [vec!["a".to_string()]].into_iter().collect()),
    ]
    .into_iter()
    .collect();
    assert_eq!(circles(&graph).len(), 1);
}
