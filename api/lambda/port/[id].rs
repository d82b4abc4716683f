//! `GET /api/port/{id}`: a dynamic file beside the dynamic folder `[id]/`.

use serde_json::{json, Value};

#[bffkit::get]
pub async fn get(id: String) -> Value {
    json!({ "file": "port/[id].rs", "id": id })
}
