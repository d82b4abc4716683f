//! Disabled the Modern.js way, by a leading `_`: compiled, not routed, and the build
//! prints a warning naming this file and how to route it.

use serde_json::{json, Value};

#[bffkit::get]
pub async fn get() -> Value {
    json!({ "file": "port/_disabled.rs" })
}
