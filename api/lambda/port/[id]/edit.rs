//! `POST /api/port/{id}/edit`: inside the dynamic folder that has a file beside it.

use serde_json::{json, Value};

#[bffkit::api]
pub async fn post(id: String) -> Value {
    json!({ "file": "port/[id]/edit.rs", "id": id })
}
