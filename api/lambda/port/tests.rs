//! `GET /api/port/tests`: only `*.test.rs` is a test file; `tests.rs` is a route.

use serde_json::{json, Value};

#[bffkit::get]
pub async fn get() -> Value {
    json!({ "file": "port/tests.rs" })
}
