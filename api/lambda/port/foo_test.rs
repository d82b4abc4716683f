//! `GET /api/port/foo_test`: only `*.test.rs` is a test file; `foo_test.rs` is a route.

use serde_json::{json, Value};

#[bffkit::get]
pub async fn get() -> Value {
    json!({ "file": "port/foo_test.rs" })
}
