//! `GET /api/files/{*path}`: a catch-all takes the rest of the path.

use serde_json::{json, Value};

#[bffkit::get]
pub async fn get(path: String) -> Value {
    json!({ "path": path, "segments": path.split('/').collect::<Vec<_>>() })
}
