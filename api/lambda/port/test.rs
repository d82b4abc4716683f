//! `GET /api/port/test`: only `*.test.rs` is a test file; `test.rs` is a route.

use serde_json::{json, Value};

#[bffkit::get]
pub async fn get() -> Value {
    json!({ "file": "port/test.rs" })
}
