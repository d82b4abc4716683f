//! `/api/port/record`: `fn DEL` is DELETE too.

use serde_json::{json, Value};

#[bffkit::api]
#[allow(non_snake_case)]
pub async fn DEL() -> Value {
    json!({ "method": "DELETE", "function": "DEL" })
}
