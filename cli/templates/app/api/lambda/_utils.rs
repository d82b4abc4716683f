//! A helper module: files and folders starting with `_` are compiled, never routed.

/// The greeting both hello handlers answer with.
pub fn greet(name: &str) -> String {
    format!("Hello, {name}!")
}
