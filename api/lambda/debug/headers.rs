//! `GET /api/debug/headers`: echoes the request headers a call sees (auth, cookies,
//! request id, content type); shows that a batch passes its headers to every call.

use axum::http::HeaderMap;
use serde_json::{Map, Value};

const SHOWN: [&str; 5] = ["authorization", "cookie", "x-request-id", "content-type", "accept"];

#[bffkit::get]
pub async fn get(headers: HeaderMap) -> Value {
    let shown = SHOWN
        .iter()
        .filter_map(|name| headers.get(*name).and_then(|v| v.to_str().ok()).map(|v| (name.to_string(), Value::from(v))));
    Value::Object(shown.collect::<Map<String, Value>>())
}
