//! `GET /api/port/user/list`: inside the folder that has a file beside it.

use serde_json::{json, Value};

#[bffkit::get]
pub async fn get() -> Value {
    json!({ "file": "port/user/list.rs" })
}
