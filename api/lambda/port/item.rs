//! `/api/port/item`: `fn del` is DELETE, Modern.js's spelling (`delete` is reserved in
//! JavaScript), in any case.

use serde_json::{json, Value};

#[bffkit::api]
pub async fn get() -> Value {
    json!({ "method": "GET" })
}

#[bffkit::api]
pub async fn del() -> Value {
    json!({ "method": "DELETE", "function": "del" })
}
