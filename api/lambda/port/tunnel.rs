//! `CONNECT /api/port/tunnel`: OpenAPI has no `connect` operation, so the manifest
//! documents it under the path item's `x-bffkit-connect` extension.

use serde_json::{json, Value};

#[bffkit::api]
pub async fn connect() -> Value {
    json!({ "method": "CONNECT" })
}
