//! `GET /api/port/foo.spec`: only `*.test.rs` is a test file; `foo.spec.rs` is a route, as
//! `foo.spec.ts` is in Modern.js.

use serde_json::{json, Value};

#[bffkit::get]
pub async fn get() -> Value {
    json!({ "file": "port/foo.spec.rs" })
}
