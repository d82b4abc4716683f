//! `/api/methods`: one handler per HTTP method. `#[api]` takes the method from the
//! function's name, case-insensitively.

use axum::http::HeaderMap;
use serde_json::{json, Value};

#[bffkit::api]
pub async fn get() -> Value {
    json!({ "method": "GET" })
}

#[bffkit::api]
#[allow(non_snake_case)]
pub async fn Post() -> Value {
    json!({ "method": "POST" })
}

#[bffkit::put]
pub async fn replace(headers: HeaderMap) -> Value {
    json!({ "method": "PUT", "agent": headers.get("user-agent").and_then(|v| v.to_str().ok()) })
}

#[bffkit::delete]
pub async fn remove() -> Value {
    json!({ "method": "DELETE" })
}

#[bffkit::patch]
pub async fn update() -> Value {
    json!({ "method": "PATCH" })
}

#[bffkit::options]
pub async fn options() -> Value {
    json!({ "method": "OPTIONS" })
}

#[bffkit::trace]
pub async fn trace() -> Value {
    json!({ "method": "TRACE" })
}
