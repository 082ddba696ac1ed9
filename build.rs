//! Writes `app.min.css` into OUT_DIR: assets/app.css without comments and needless spaces. The app carries
//! its stylesheet inside the wasm (src/styles.rs), so every byte of the source's comments and indentation was
//! downloaded on the first view (about 1 KB brotli); the source stays commented and readable.

use std::{env, fs, path::Path};

fn main() {
    let source = "assets/app.css";
    println!("cargo::rerun-if-changed={source}");
    let css = fs::read_to_string(source).expect("assets/app.css is readable");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("app.min.css");
    fs::write(out, minify(&css)).expect("OUT_DIR is writable");
}

/// Drops comments, turns every run of white space into one space, and drops the space next to `{`, `}`, `;`
/// and `,` and after `:` (never before it: `a :hover` and `a:hover` differ). Quoted strings are copied as
/// they are.
fn minify(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for d in chars.by_ref() {
                    if last == '*' && d == '/' {
                        break;
                    }
                    last = d;
                }
                pending_space = true;
            }
            c if c.is_whitespace() => pending_space = true,
            '"' | '\'' => {
                flush_space(&mut out, &mut pending_space, c);
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == c {
                        break;
                    }
                }
            }
            c => {
                flush_space(&mut out, &mut pending_space, c);
                out.push(c);
            }
        }
    }
    out
}

/// Writes the pending space before `next` unless the space is needless there.
fn flush_space(out: &mut String, pending: &mut bool, next: char) {
    if std::mem::take(pending)
        && !out.is_empty()
        && !matches!(next, '{' | '}' | ';' | ',')
        && !out.ends_with(['{', '}', ';', ',', ':'])
    {
        out.push(' ');
    }
}
