//! The file-level import graph of a Rust crate's `src/` and its circles: test support for the model's
//! (`crates/model/tests/module_graph.rs`) and the app's (`crates/app-core/tests/import_circles.rs`)
//! no-circle tests. No dependencies; reads source text, not the compiler's view.
//!
//! Imports are the paths a file names: `crate::a::b`, `super::x`, `self::y` and, in a `mod.rs` or `lib.rs`, a
//! child module's name (`pub use view::RiskView`), in `use` items (groups expanded) and in code (comments and
//! string literals aside). Each path counts as an import of the longest module file it reaches; a path that
//! goes on through a re-export (`pub use`) of that module is followed to the module that defines the item
//! (`crate::Month` is an import of `month.rs` when `lib.rs` says `pub use month::Month`). A re-export is itself
//! an import of the file that makes it, except in the crate root, whose re-exports are the crate's public
//! names and not code of its own. Declaring a child (`mod x;`) is not an import. `super` inside an inline
//! module (`mod tests { use super::*; }`) is the file's own module.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// A module path from the crate root (`[]` is the root, `["sim", "capacity"]` is `sim/capacity.rs`).
pub type Module = Vec<String>;

/// For every module, the modules it imports.
pub type Graph = BTreeMap<Module, BTreeSet<Module>>;

/// Every `.rs` file of the crate's library under `root` (binaries — `main.rs`, `bin/` — aside) with its
/// module path.
pub fn modules(root: &Path) -> BTreeMap<Module, PathBuf> {
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

/// The source with comments (line, doc and nested block comments) and the contents of string and character
/// literals blanked out, byte for byte (positions and lines are kept; non-ASCII bytes become spaces).
pub fn code_of(text: &str) -> String {
    let b = text.as_bytes();
    let mut out: Vec<u8> = b
        .iter()
        .map(|&c| if c.is_ascii() { c } else { b' ' })
        .collect();
    let blank = |out: &mut Vec<u8>, r: Range<usize>| {
        for x in &mut out[r] {
            if *x != b'\n' {
                *x = b' ';
            }
        }
    };
    let mut i = 0;
    while i < b.len() {
        let ident_before = i > 0 && is_ident_char(b[i - 1]);
        if b[i..].starts_with(b"//") {
            let end = b[i..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(b.len(), |n| i + n);
            blank(&mut out, i..end);
            i = end;
        } else if b[i..].starts_with(b"/*") {
            let mut depth = 0;
            let mut j = i;
            while j < b.len() {
                if b[j..].starts_with(b"/*") {
                    depth += 1;
                    j += 2;
                } else if b[j..].starts_with(b"*/") {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            blank(&mut out, i..j);
            i = j;
        } else if !ident_before && (b[i] == b'r' || b[i..].starts_with(b"br")) && {
            let s = if b[i] == b'b' { i + 2 } else { i + 1 };
            let hashes = b[s..].iter().take_while(|&&c| c == b'#').count();
            b.get(s + hashes) == Some(&b'"')
        } {
            // Raw string: r"…", r#"…"#, br"…".
            let s = if b[i] == b'b' { i + 2 } else { i + 1 };
            let hashes = b[s..].iter().take_while(|&&c| c == b'#').count();
            let open = s + hashes + 1;
            let mut close = vec![b'"'];
            close.extend(std::iter::repeat_n(b'#', hashes));
            let end = (open..b.len())
                .find(|&j| b[j..].starts_with(&close))
                .map_or(b.len(), |j| j + close.len());
            blank(&mut out, open..end.saturating_sub(close.len()).max(open));
            i = end;
        } else if b[i] == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            blank(&mut out, i + 1..j.min(b.len()));
            i = j + 1;
        } else if b[i] == b'\'' {
            // A character literal ('x', '\n', '\u{…}', '→'), or a lifetime ('a), which is left alone.
            let len = if b.get(i + 1) == Some(&b'\\') {
                b[i + 2..].iter().position(|&c| c == b'\'').map(|n| n + 2)
            } else {
                let ch = text[i + 1..].chars().next().map_or(1, char::len_utf8);
                (b.get(i + 1 + ch) == Some(&b'\'')).then_some(ch)
            };
            match len {
                Some(n) => {
                    blank(&mut out, i + 1..i + 1 + n);
                    i += n + 2;
                }
                None => i += 1,
            }
        } else {
            i += 1;
        }
    }
    String::from_utf8(out).expect("ASCII")
}

fn is_ident_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// One path of a `use` tree or of code, with the name it is imported as (`as x`), if any.
#[derive(Clone, Debug, PartialEq)]
struct UsePath {
    segments: Vec<String>,
    alias: Option<String>,
}

fn skip_ws(code: &[u8], mut i: usize) -> usize {
    while i < code.len() && code[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// Reads `ident(::ident)*` with `::{a, b::c, …}` groups expanded and `as` aliases, from `at`. Returns the paths
/// and where reading stopped.
fn read_paths(code: &[u8], mut at: usize) -> (Vec<UsePath>, usize) {
    let mut prefix: Vec<String> = Vec::new();
    loop {
        at = skip_ws(code, at);
        if at < code.len() && code[at] == b'{' {
            let mut paths = Vec::new();
            at += 1;
            loop {
                at = skip_ws(code, at);
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
                            let inner_self = p.segments.last().is_some_and(|s| s == "self");
                            full.extend(p.segments.into_iter().filter(|s| s != "self"));
                            let alias = p.alias.or_else(|| {
                                // `a::{self}` is imported as `a`.
                                inner_self.then(|| full.last().cloned()).flatten()
                            });
                            paths.push(UsePath {
                                segments: full,
                                alias,
                            });
                        }
                        at = if next == at { at + 1 } else { next }; // `*` or anything else
                    }
                }
            }
        }
        let start = at;
        while at < code.len() && is_ident_char(code[at]) {
            at += 1;
        }
        if at == start {
            let paths = (!prefix.is_empty()).then_some(UsePath {
                segments: prefix,
                alias: None,
            });
            return (paths.into_iter().collect(), at);
        }
        prefix.push(String::from_utf8_lossy(&code[start..at]).to_string());
        if code[at..].starts_with(b"::") {
            at += 2;
        } else {
            // `as alias`
            let after = skip_ws(code, at);
            let mut alias = None;
            if code[after..].starts_with(b"as ") {
                let a = skip_ws(code, after + 3);
                let mut e = a;
                while e < code.len() && is_ident_char(code[e]) {
                    e += 1;
                }
                alias = Some(String::from_utf8_lossy(&code[a..e]).to_string());
                at = e;
            }
            return (
                vec![UsePath {
                    segments: prefix,
                    alias,
                }],
                at,
            );
        }
    }
}

/// One source file, read.
struct File {
    module: Module,
    /// [`code_of`] the text.
    code: String,
    /// Child modules declared here (`mod x;`), which can be named bare.
    children: BTreeSet<String>,
    /// The byte ranges of inline modules (`mod tests { … }`), for `super`.
    inline: Vec<Range<usize>>,
    /// The byte ranges of re-export items (`pub use …;`).
    reexport_items: Vec<Range<usize>>,
}

impl File {
    fn read(module: Module, text: &str) -> File {
        let code = code_of(text);
        let bytes = code.as_bytes();
        let children = code
            .lines()
            .filter_map(|l| {
                let l = l.trim();
                let l = l
                    .strip_prefix("pub(crate) ")
                    .or_else(|| l.strip_prefix("pub "))
                    .unwrap_or(l);
                l.trim()
                    .strip_prefix("mod ")?
                    .strip_suffix(';')
                    .map(|n| n.trim().to_string())
            })
            .collect();
        let mut inline = Vec::new();
        let mut reexport_items = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            let at_word = i == 0 || !is_ident_char(bytes[i - 1]);
            if at_word && bytes[i..].starts_with(b"mod ") {
                let name_at = skip_ws(bytes, i + 4);
                let mut e = name_at;
                while e < bytes.len() && is_ident_char(bytes[e]) {
                    e += 1;
                }
                let open = skip_ws(bytes, e);
                if e > name_at && bytes.get(open) == Some(&b'{') {
                    let mut depth = 0;
                    let mut j = open;
                    while j < bytes.len() {
                        match bytes[j] {
                            b'{' => depth += 1,
                            b'}' => {
                                depth -= 1;
                                if depth == 0 {
                                    break;
                                }
                            }
                            _ => {}
                        }
                        j += 1;
                    }
                    inline.push(open..j);
                }
            }
            if at_word && bytes[i..].starts_with(b"pub") {
                let mut j = skip_ws(bytes, i + 3);
                if bytes.get(j) == Some(&b'(') {
                    j = bytes[j..]
                        .iter()
                        .position(|&c| c == b')')
                        .map_or(j, |n| j + n + 1);
                    j = skip_ws(bytes, j);
                }
                if bytes[j..].starts_with(b"use ") {
                    let end = bytes[j..]
                        .iter()
                        .position(|&c| c == b';')
                        .map_or(bytes.len(), |n| j + n);
                    reexport_items.push(i..end);
                }
            }
            i += 1;
        }
        File {
            module,
            code,
            children,
            inline,
            reexport_items,
        }
    }

    /// The absolute path (from the crate root) that `path`, named at byte `at` of this file, stands for, or
    /// `None` when it does not start in this crate (another crate, a local name).
    fn absolute(&self, path: &[String], at: usize) -> Option<Vec<String>> {
        let first = path.first()?;
        let mut out: Vec<String> = match first.as_str() {
            "crate" => Vec::new(),
            "self" => self.module.clone(),
            "super" => {
                let mut m = self.module.clone();
                // Inside an inline module, the first `super` leads back to this file's module.
                let mut levels = self.inline.iter().filter(|r| r.contains(&at)).count();
                let mut rest = 0;
                while path.get(rest).map(String::as_str) == Some("super") {
                    if levels > 0 {
                        levels -= 1;
                    } else {
                        m.pop();
                    }
                    rest += 1;
                }
                let mut full = m;
                full.extend(path[rest..].iter().cloned());
                return Some(full);
            }
            child if self.children.contains(child) => {
                let mut m = self.module.clone();
                m.push(child.to_string());
                m
            }
            _ => return None,
        };
        out.extend(path[1..].iter().cloned());
        Some(out)
    }

    /// Every path this file names, with the byte where it starts.
    fn paths(&self) -> Vec<(UsePath, usize)> {
        let bytes = self.code.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            let starts_path = is_ident_char(bytes[i])
                && (i == 0 || !(is_ident_char(bytes[i - 1]) || bytes[i - 1] == b':'));
            if !starts_path {
                i += 1;
                continue;
            }
            let (paths, next) = read_paths(bytes, i);
            for p in paths {
                out.push((p, i));
            }
            i = next.max(i + 1);
        }
        out
    }
}

/// The re-exports of every module: name → the absolute path it stands for.
type Reexports = BTreeMap<Module, BTreeMap<String, Vec<String>>>;

fn reexports(files: &[File]) -> Reexports {
    let mut out = Reexports::new();
    for f in files {
        let table = out.entry(f.module.clone()).or_default();
        for r in &f.reexport_items {
            let use_at = f.code[r.clone()]
                .find("use ")
                .map_or(r.start, |n| r.start + n + 4);
            let (paths, _) = read_paths(&f.code.as_bytes()[..r.end], use_at);
            for p in paths {
                if let Some(abs) = f.absolute(&p.segments, use_at) {
                    let name = p.alias.clone().or_else(|| p.segments.last().cloned());
                    if let Some(name) = name {
                        table.insert(name, abs);
                    }
                }
            }
        }
    }
    out
}

/// The module file an absolute path reaches: the longest module it starts with, followed through
/// re-exports.
fn resolve(path: &[String], known: &BTreeSet<Module>, reexports: &Reexports) -> Option<Module> {
    let mut path = path.to_vec();
    for _ in 0..16 {
        let module = (0..=path.len())
            .rev()
            .map(|n| path[..n].to_vec())
            .find(|m| known.contains(m))?;
        let next = path.get(module.len());
        match next.and_then(|n| reexports.get(&module)?.get(n)) {
            Some(target) if target.as_slice() != path.as_slice() => {
                let mut followed = target.clone();
                followed.extend(path[module.len() + 1..].iter().cloned());
                path = followed;
            }
            _ => return Some(module),
        }
    }
    None
}

fn imports_of(file: &File, known: &BTreeSet<Module>, reexports: &Reexports) -> BTreeSet<Module> {
    let is_root = file.module.is_empty();
    let mut found = BTreeSet::new();
    for (path, at) in file.paths() {
        if is_root && file.reexport_items.iter().any(|r| r.contains(&at)) {
            continue;
        }
        let p = &path.segments;
        if p.len() < 2 && !(p.len() == 1 && p[0] == "crate") {
            continue;
        }
        let Some(abs) = file.absolute(p, at) else {
            continue;
        };
        if let Some(target) = resolve(&abs, known, reexports) {
            if target != file.module {
                found.insert(target);
            }
        }
    }
    found
}

/// The modules each of `sources` (module, text) imports, among them.
pub fn graph_of(sources: &[(Module, String)]) -> Graph {
    let files: Vec<File> = sources
        .iter()
        .map(|(m, text)| File::read(m.clone(), text))
        .collect();
    let known: BTreeSet<Module> = files.iter().map(|f| f.module.clone()).collect();
    let reexports = reexports(&files);
    files
        .iter()
        .map(|f| (f.module.clone(), imports_of(f, &known, &reexports)))
        .collect()
}

/// The import graph of the library under `root` (a crate's `src/`).
pub fn import_graph(root: &Path) -> Graph {
    let sources: Vec<(Module, String)> = modules(root)
        .into_iter()
        .map(|(module, path)| {
            let text = std::fs::read_to_string(&path).expect("read a source file");
            (module, text)
        })
        .collect();
    graph_of(&sources)
}

/// A module's name as written in Rust (`crate` for the root).
pub fn name(module: &Module) -> String {
    if module.is_empty() {
        "crate".to_string()
    } else {
        module.join("::")
    }
}

/// Every circle of `graph`, one per strongly connected component with more than one module.
pub fn circles(graph: &Graph) -> Vec<Vec<Module>> {
    // Tarjan's algorithm, recursive: a few dozen files.
    struct State<'a> {
        graph: &'a Graph,
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

/// Each circle as one line: its size and the imports inside it (`a → b, b → a`).
pub fn describe(graph: &Graph, circles: &[Vec<Module>]) -> String {
    circles
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
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(path: &str) -> Module {
        path.split("::")
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }

    fn set(modules: &[&str]) -> BTreeSet<Module> {
        modules.iter().map(|s| m(s)).collect()
    }

    #[test]
    fn the_reader_sees_imports_through_groups_super_and_child_modules() {
        let graph = graph_of(&[
            (m(""), String::new()),
            (
                m("a"),
                "pub mod b;\nuse crate::{c::X, a::b::{self, Y}};\n// crate::nothing::here\nfn f() { b::g(); }\n"
                    .into(),
            ),
            (m("a::b"), "use super::Z;".into()),
            (m("c"), "const S: &str = \"crate::a::b\";".into()),
        ]);
        assert_eq!(graph[&m("a")], set(&["a::b", "c"]));
        assert_eq!(graph[&m("a::b")], set(&["a"]));
        assert_eq!(graph[&m("c")], set(&[]), "a string is not a path");
    }

    #[test]
    fn re_exports_are_followed_to_the_defining_module() {
        let graph = graph_of(&[
            (
                m(""),
                "pub mod a;\nmod b;\npub mod c;\npub const V: u32 = 1;\npub use b::{Thing as Renamed, Other};\npub use c::{self};\n"
                    .into(),
            ),
            (m("a"), "use crate::{Renamed, V};\nfn f() -> crate::Other { todo!() }".into()),
            (m("b"), "pub struct Thing; pub struct Other;".into()),
            (m("c"), "pub use crate::b::Thing;".into()),
            (m("d"), "fn f(_: crate::c::Thing) {}".into()),
        ]);
        assert_eq!(
            graph[&m("a")],
            set(&["b", ""]),
            "through the root's re-exports"
        );
        assert_eq!(
            graph[&m("")],
            set(&[]),
            "the root's re-exports are not its imports"
        );
        assert_eq!(graph[&m("c")], set(&["b"]), "another file's re-export is");
        assert_eq!(graph[&m("d")], set(&["b"]), "followed through c");
        assert!(circles(&graph).is_empty());
    }

    #[test]
    fn super_in_an_inline_module_is_the_file_itself() {
        let graph = graph_of(&[
            (m(""), "mod x;\nmod y;".into()),
            (m("x"), "fn f() {}\n#[cfg(test)]\nmod tests {\n    use super::f;\n    use super::super::y::G;\n    const C: char = '{';\n}\n".into()),
            (m("y"), "pub const G: u8 = 0;".into()),
        ]);
        assert_eq!(graph[&m("x")], set(&["y"]));
    }

    #[test]
    fn a_circle_is_found_and_a_chain_is_not() {
        let graph: Graph = [
            (m("a"), set(&["c"])),
            (m("c"), set(&["a"])),
            (m(""), set(&["a"])),
        ]
        .into_iter()
        .collect();
        let found = circles(&graph);
        assert_eq!(found, vec![vec![m("a"), m("c")]]);
        assert_eq!(describe(&graph, &found), "2 files: a → c, c → a");
        let chain: Graph = [(m("a"), set(&["c"])), (m("c"), set(&[]))]
            .into_iter()
            .collect();
        assert!(circles(&chain).is_empty());
    }
}
