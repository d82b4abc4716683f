//! A helper module: `_` files are compiled, never routed.

/// Builds the greeting every hello handler uses.
pub fn greet(name: &str) -> String {
    format!("Hello {name}!")
}
