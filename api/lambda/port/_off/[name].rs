//! In a `_` folder: compiled, not routed, with a build warning.

use serde_json::{json, Value};

#[bffkit::api]
pub async fn post(name: String) -> Value {
    json!({ "name": name })
}
