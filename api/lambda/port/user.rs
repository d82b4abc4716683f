//! `GET /api/port/user`: a file beside the folder of the same name, as Modern.js allows.

use serde_json::{json, Value};

#[bffkit::get]
pub async fn get() -> Value {
    json!({ "file": "port/user.rs" })
}
